"""Tests of the metric wrappers (sacrebleu chrF/BLEU, scikit-learn classification report)."""

from __future__ import annotations

import pytest

from dialect.metrics import classification_report_dict, corpus_bleu, corpus_chrf

SENTENCES = ["간다고 대단히 들떴는데 그죠?", "그래 갖고 그때 대단히 고생했거든."]


def test_chrf_of_identical_sentences_is_100() -> None:
    assert corpus_chrf(SENTENCES, SENTENCES) == pytest.approx(100.0)


def test_chrf_of_changed_sentence_is_below_100() -> None:
    hypotheses = ["간다고 억수로 들떴는데 그죠?", SENTENCES[1]]
    score = corpus_chrf(hypotheses, SENTENCES)
    assert 50.0 < score < 100.0


def test_bleu_is_eojeol_level() -> None:
    assert corpus_bleu(SENTENCES, SENTENCES) == pytest.approx(100.0)
    # One changed eojeol out of four lowers 13a BLEU far more than chrF.
    hypothesis, reference = ["간다고 억수로 들떴는데 그죠?"], [SENTENCES[0]]
    assert corpus_bleu(hypothesis, reference) < corpus_chrf(hypothesis, reference) < 100.0


def test_length_mismatch_raises() -> None:
    with pytest.raises(ValueError):
        corpus_chrf(SENTENCES, SENTENCES[:1])
    with pytest.raises(ValueError):
        classification_report_dict(["a", "b"], ["a"], ["a", "b"])


def test_classification_report_on_known_case() -> None:
    report = classification_report_dict(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"])
    assert report["accuracy"] == pytest.approx(0.75)
    # a: P 1, R 1/2, F1 2/3; b: P 2/3, R 1, F1 4/5.
    assert report["per_class"]["a"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert report["per_class"]["b"]["precision"] == pytest.approx(2 / 3)
    assert report["per_class"]["b"]["f1"] == pytest.approx(0.8)
    assert report["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert report["confusion"] == [[1, 1], [0, 2]]


def test_macro_f1_counts_every_listed_label() -> None:
    report = classification_report_dict(["a", "b"], ["a", "b"], ["a", "b", "c"])
    assert report["macro_f1"] == pytest.approx(2 / 3)
    assert report["per_class"]["c"]["support"] == 0
