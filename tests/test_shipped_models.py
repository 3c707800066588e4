"""The shipped models on unmistakable real sentences: the classifier labels them, the translator changes
known dialect words and endings into standard Korean."""

import pytest

from dialect.classifier import DialectClassifier
from dialect.registry import Registry
from dialect.router import Router


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def classifier(registry) -> DialectClassifier:
    return DialectClassifier.from_pretrained(registry.classifier)


@pytest.mark.parametrize(
    ("sentence", "region"),
    [
        ("어 미스트 봤수다.", "jeju"),
        ("잘 먹으쿠다 게", "jeju"),
        ("자기 의견이 좋아마씀", "jeju"),
        ("간다고 억수로 들떴는데 그죠?", "gyeongsang"),
        ("원주인이 억수로 감동받았겠네.", "gyeongsang"),
        ("니 안 가면 안 갈라고", "gyeongsang"),
        ("니 밥 뭇나?", "gyeongsang"),
        ("밥 먹었수과?", "jeju"),
        ("오늘은 날씨가 정말 좋네요.", "standard"),
    ],
)
def test_classifier_labels_unmistakable_sentences(classifier, sentence, region):
    assert classifier.predict_one(sentence).region == region


def test_classifier_truncates_over_long_input(classifier):
    prediction = classifier.predict_one("억수로 " * 2000)
    assert prediction.region in classifier.labels


@pytest.fixture(scope="module")
def router(registry) -> Router:
    return Router(registry)


def test_gyeongsang_translator_changes_eoksuro_into_a_standard_word(router):
    output = router.translate("원주인이 억수로 감동받았겠네.", target="standard", source="gyeongsang").translation
    assert "억수로" not in output
    assert any(word in output for word in ("매우", "아주", "대단히", "엄청", "굉장히", "너무"))


def test_jeju_translator_turns_the_sumda_ending_into_a_standard_one(router):
    output = router.translate("내가 다 했수다", target="standard", source="jeju").translation
    assert "수다" not in output
    assert output.startswith("내가 다 했")
