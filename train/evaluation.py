"""Scoring a classifier on a labelled file, so a new run and the active model are compared on the same data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dialect.classifier import DialectClassifier
from dialect.metrics import classification_report_dict


def evaluate_classifier(classifier: DialectClassifier, frame: pd.DataFrame, with_ngram: bool = True) -> dict:
    """Accuracy, macro-F1, per-class scores and confusion of ``classifier`` on ``frame`` (text, label), with its
    n-gram evidence unless ``with_ngram`` is false.

    Labels the classifier does not know count as errors, so models with different label sets compare fairly.
    """
    predictions = classifier.predict(list(frame["text"]), with_ngram=with_ngram)
    predicted = [prediction.region for prediction in predictions]
    labels = list(dict.fromkeys([*classifier.labels, *sorted(set(frame["label"]))]))
    return classification_report_dict(list(frame["label"]), predicted, labels)


def evaluate_model_dir(model_dir: str | Path, labelled_file: Path) -> dict:
    """Load a classifier from ``model_dir`` and evaluate it on a TSV/CSV with text and label columns."""
    separator = "\t" if Path(labelled_file).suffix == ".tsv" else ","
    frame = pd.read_csv(labelled_file, sep=separator, dtype=str, keep_default_na=False)
    return evaluate_classifier(DialectClassifier.from_pretrained(str(model_dir)), frame)
