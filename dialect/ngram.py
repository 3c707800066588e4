"""Char n-gram evidence for the dialect classifier.

A logistic regression over hashed char 1-4-grams, fit on the classifier's own training sentences, keeps much of
the evidence of rare dialect words (`함` for 한번, `우떤데`) that a small PLM smooths away. At prediction time its
log-probabilities, times a weight chosen on validation, are added to the PLM's (a product of experts).
It lives next to the classifier as ``ngram.skops`` (skops: the safe scikit-learn format of the HF hub); only local
folders are searched for it, so a classifier loaded by hub id is the PLM alone.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import skops.io
from scipy.special import softmax
from sklearn.pipeline import Pipeline
from skops.io.exceptions import UntrustedTypesFoundException

NGRAM_FILE = "ngram.skops"
# The only types an ``ngram.skops`` file may hold; anything else is refused when loading.
TRUSTED_TYPES = [
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
]


@dataclass(frozen=True)
class NgramEvidence:
    """A fitted char n-gram pipeline and the weight of its log-probabilities next to the PLM's."""

    pipeline: Pipeline
    weight: float

    @property
    def labels(self) -> list[str]:
        """The labels the pipeline was fit on."""
        return [str(label) for label in self.pipeline.classes_]

    @classmethod
    def load(cls, folder: str | Path) -> NgramEvidence | None:
        """The evidence saved in ``folder``, or None when it has none (e.g. a hub id or a plain classifier)."""
        path = Path(folder) / NGRAM_FILE
        if not path.is_file():
            return None
        try:
            saved = skops.io.load(path, trusted=TRUSTED_TYPES)
        except UntrustedTypesFoundException as untrusted:
            raise ValueError(f"{path} holds types that are not a char n-gram pipeline: {untrusted}") from untrusted
        return cls(saved["pipeline"], float(saved["weight"]))

    def save(self, folder: str | Path) -> None:
        """Write ``ngram.skops`` into ``folder`` (a staging folder: models are published whole)."""
        data = {"pipeline": self.pipeline, "weight": self.weight}
        skops.io.dump(data, Path(folder) / NGRAM_FILE, compression=zipfile.ZIP_DEFLATED)

    def log_probabilities(self, texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
        """log p(label | text) under the n-gram model, one row per text, columns in the order of ``labels``."""
        order = [self.labels.index(label) for label in labels]
        return np.log(np.clip(self.pipeline.predict_proba(list(texts))[:, order], 1e-9, None))


def combine(plm_log_probabilities: np.ndarray, ngram_log_probabilities: np.ndarray, weight: float) -> np.ndarray:
    """Probabilities of the product of experts: softmax(log p_PLM + weight · log p_ngram), row by row."""
    return softmax(plm_log_probabilities + weight * ngram_log_probabilities, axis=1)
