"""The shipped models on unmistakable real sentences: the classifier labels them, the translator changes
known dialect words and endings into standard Korean."""

import pytest

from dialect.classifier import DialectClassifier
from dialect.registry import Registry
from dialect.translator import Seq2SeqTranslator


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
        ("오늘은 날씨가 정말 좋네요.", "standard"),
    ],
)
def test_classifier_labels_unmistakable_sentences(classifier, sentence, region):
    assert classifier.predict_one(sentence).region == region


def test_classifier_truncates_over_long_input(classifier):
    prediction = classifier.predict_one("억수로 " * 2000)
    assert prediction.region in classifier.labels


UNDER_TRAINING = pytest.mark.xfail(
    strict=True, reason="the shipped translator is an early checkpoint still being trained (issue 5)"
)


@UNDER_TRAINING
def test_gyeongsang_translator_changes_eoksuro_into_a_standard_word(registry):
    (hop,) = registry.plan("gyeongsang", "standard")
    output = Seq2SeqTranslator.from_pretrained(hop.model).translate(
        ["원주인이 억수로 감동받았겠네."], prefix=hop.prefix
    )[0]
    assert "억수로" not in output
    assert any(word in output for word in ("매우", "아주", "대단히", "엄청", "굉장히", "너무"))


@UNDER_TRAINING
def test_jeju_translator_turns_the_sumda_ending_into_a_standard_one(registry):
    (hop,) = registry.plan("jeju", "standard")
    output = Seq2SeqTranslator.from_pretrained(hop.model).translate(["내가 다 했수다"], prefix=hop.prefix)[0]
    assert "수다" not in output
    assert output.startswith("내가 다 했")
