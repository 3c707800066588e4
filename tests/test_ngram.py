"""Char n-gram evidence: it is fit and weighted on validation, saved safely, and fixes real classifier errors."""

import shutil

import numpy as np
import pandas as pd
import pytest
import skops.io
from transformers import AutoModelForSequenceClassification

from dialect.classifier import DialectClassifier
from dialect.loading import load_for_inference
from dialect.ngram import NGRAM_FILE, NgramEvidence
from train.ngram import NgramArguments, add_ngram_evidence, fit_ngram_evidence

from .conftest import MODELS, SAMPLES


def sample_splits(labels: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and validation sentences of ``labels`` from the shipped sample."""
    sample = pd.read_csv(SAMPLES / "classification_sample.csv")
    sample = sample[sample["label"].isin(labels)]
    validation = sample.groupby("label").tail(100)
    return sample.drop(validation.index), validation


def test_an_uninformative_plm_gets_the_evidence_it_lacks():
    labels = ["gyeongsang", "jeju"]
    train, validation = sample_splits(labels)
    silent_plm = np.zeros((len(validation), len(labels)))
    evidence, scores = fit_ngram_evidence(
        train["text"], train["label"], validation["text"], validation["label"], silent_plm, labels
    )
    assert scores[0.0] < 0.5 < 0.8 < scores[evidence.weight]
    assert evidence.weight > 0
    assert evidence.labels == labels


def test_saved_evidence_round_trips(tmp_path):
    labels = ["gyeongsang", "jeju"]
    train, validation = sample_splits(labels)
    evidence, _ = fit_ngram_evidence(
        train["text"], train["label"], validation["text"], validation["label"], np.zeros((200, 2)), labels
    )
    evidence.save(tmp_path)
    loaded = NgramEvidence.load(tmp_path)
    assert loaded.weight == evidence.weight
    texts = ["간다고 억수로 들떴는데 그죠?", "잘 먹으쿠다 게"]
    np.testing.assert_allclose(loaded.log_probabilities(texts, labels), evidence.log_probabilities(texts, labels))
    assert loaded.log_probabilities(texts, labels).argmax(axis=1).tolist() == [0, 1]


class Payload:
    """Not a type an n-gram file may hold."""


def test_a_file_with_foreign_types_is_refused(tmp_path):
    skops.io.dump({"pipeline": Payload(), "weight": 1.0}, tmp_path / NGRAM_FILE)
    with pytest.raises(ValueError, match="not a char n-gram pipeline"):
        NgramEvidence.load(tmp_path)


def test_evidence_for_other_labels_is_refused():
    labels = ["gyeongsang", "jeju"]
    train, validation = sample_splits(labels)
    evidence, _ = fit_ngram_evidence(
        train["text"], train["label"], validation["text"], validation["label"], np.zeros((200, 2)), labels
    )
    model, tokenizer = load_for_inference(AutoModelForSequenceClassification, str(MODELS / "classifier"), "cpu")
    with pytest.raises(ValueError, match="n-gram evidence knows"):
        DialectClassifier(model, tokenizer, ngram=evidence)


def test_train_ngram_gives_a_classifier_folder_its_evidence(tmp_path):
    folder = tmp_path / "classifier"
    shutil.copytree(MODELS / "classifier", folder)
    (folder / NGRAM_FILE).unlink()
    train, validation = sample_splits(["standard", "gyeongsang", "jeju", "gangwon"])
    train.to_csv(tmp_path / "train.csv", index=False)
    validation.to_csv(tmp_path / "validation.csv", index=False)
    evidence, scores = add_ngram_evidence(NgramArguments(folder, tmp_path / "train.csv", tmp_path / "validation.csv"))
    assert set(scores) == {0.0, 0.5, 1.0, 1.5, 2.0, 3.0}
    assert (folder / NGRAM_FILE).exists() == (evidence.weight > 0)
    assert not (tmp_path / f"classifier.previous/{NGRAM_FILE}").exists(), "the folder before is kept as it was"
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert card.count("## Char n-gram evidence") == 1
    assert "## Validation scores" in card
    add_ngram_evidence(NgramArguments(folder, tmp_path / "train.csv", tmp_path / "validation.csv"))
    assert (folder / "README.md").read_text(encoding="utf-8").count("## Char n-gram evidence") == 1
    assert DialectClassifier.from_pretrained(str(folder)).predict_one("잘 먹으쿠다 게").region == "jeju"


def test_train_ngram_refuses_files_whose_labels_are_not_the_classifiers(tmp_path):
    folder = tmp_path / "classifier"
    shutil.copytree(MODELS / "classifier", folder)
    train, validation = sample_splits(["gyeongsang", "jeju"])
    train.to_csv(tmp_path / "train.csv", index=False)
    validation.to_csv(tmp_path / "validation.csv", index=False)
    with pytest.raises(ValueError, match="not the classifier's"):
        add_ngram_evidence(NgramArguments(folder, tmp_path / "train.csv", tmp_path / "validation.csv"))
    assert DialectClassifier.from_pretrained(str(folder)).ngram is not None, "the folder is untouched"


@pytest.mark.parametrize("sentence", ["함 해보겠습니다.", "한잔 대접하고 숲다.", "교통량이 우떤데?"])
def test_shipped_evidence_catches_gangwon_words(sentence):
    """Dev sentences the shipped PLM alone labels otherwise (v3); the evidence raises p(gangwon) to the top."""
    classifier = DialectClassifier.from_pretrained(str(MODELS / "classifier"))
    assert classifier.ngram is not None
    alone = classifier.predict([sentence], with_ngram=False)[0]
    combined = classifier.predict_one(sentence)
    assert combined.region == "gangwon"
    assert combined.scores["gangwon"] > alone.scores["gangwon"]


def test_a_folder_without_evidence_is_the_plm_alone(tmp_path):
    folder = tmp_path / "classifier"
    shutil.copytree(MODELS / "classifier", folder)
    (folder / NGRAM_FILE).unlink()
    classifier = DialectClassifier.from_pretrained(str(folder))
    assert classifier.ngram is None
    texts = ["함 해보겠습니다.", "잘 먹으쿠다 게"]
    assert classifier.predict(texts) == classifier.predict(texts, with_ngram=False)
    assert classifier.predict(texts) != DialectClassifier.from_pretrained(str(MODELS / "classifier")).predict(texts)
