"""The dialect classifier at run time: any ``AutoModelForSequenceClassification`` whose labels are region codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification

from dialect.loading import length_sorted_batches, load_for_inference
from dialect.ngram import NgramEvidence, combine
from dialect.text import InputError, normalize


@dataclass(frozen=True)
class RegionPrediction:
    """The most likely region of one sentence, its probability and every region's probability."""

    region: str
    confidence: float
    scores: dict[str, float]

    def runner_up(self) -> tuple[str, float]:
        """The second most likely region and its probability."""
        ranked = sorted(self.scores.items(), key=lambda item: item[1], reverse=True)
        return ranked[1] if len(ranked) > 1 else ranked[0]


class DialectClassifier:
    """Predicts the region of Korean sentences in batches: the PLM, times its char n-gram evidence if it has one."""

    def __init__(
        self, model, tokenizer, max_length: int = 128, batch_size: int = 64, ngram: NgramEvidence | None = None
    ) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.batch_size = batch_size
        self.labels = [model.config.id2label[index] for index in range(model.config.num_labels)]
        if ngram is not None and sorted(ngram.labels) != sorted(self.labels):
            raise ValueError(f"the n-gram evidence knows {ngram.labels}, the classifier {self.labels}")
        self.ngram = ngram

    @classmethod
    def from_pretrained(
        cls, name_or_path: str, device: str | None = None, with_ngram: bool = True, **kwargs
    ) -> DialectClassifier:
        """Load a classifier from a local folder or a hub id (fp16 weights are cast to fp32 on CPU), with the
        folder's ``ngram.skops`` evidence unless ``with_ngram`` is false."""
        ngram = NgramEvidence.load(name_or_path) if with_ngram and Path(name_or_path).is_dir() else None
        model, tokenizer = load_for_inference(AutoModelForSequenceClassification, name_or_path, device)
        return cls(model, tokenizer, ngram=ngram, **kwargs)

    @torch.inference_mode()
    def predict(self, texts: Sequence[str], with_ngram: bool = True) -> list[RegionPrediction]:
        """One prediction per text; over-long texts are truncated to ``max_length`` tokens for the PLM.

        ``with_ngram=False`` leaves out the n-gram evidence (the PLM alone).
        Raises ``InputError`` for an empty list or an empty sentence.
        """
        if isinstance(texts, str):
            raise TypeError("predict takes a list of sentences; use predict_one for a single sentence")
        if not texts:
            raise InputError("분류할 문장이 없습니다 (no sentences to classify).")
        cleaned = [normalize(text) for text in texts]
        empty = [index + 1 for index, text in enumerate(cleaned) if not text]
        if empty:
            raise InputError(f"빈 문장이 있습니다: {empty[:10]}번째 (empty sentence at positions {empty[:10]}).")
        log_probabilities = np.zeros((len(cleaned), len(self.labels)))
        batches = length_sorted_batches(self.tokenizer, cleaned, self.batch_size, self.max_length, self.model.device)
        for batch, encoded in batches:
            log_probabilities[batch] = self.model(**encoded).logits.float().log_softmax(dim=-1).cpu().numpy()
        if self.ngram is not None and with_ngram:
            ngram = self.ngram.log_probabilities(cleaned, self.labels)
            probabilities = combine(log_probabilities, ngram, self.ngram.weight)
        else:
            probabilities = np.exp(log_probabilities)
        return [self._prediction(row) for row in probabilities]

    def predict_one(self, text: str) -> RegionPrediction:
        """The prediction for a single sentence."""
        return self.predict([text])[0]

    def _prediction(self, row: np.ndarray) -> RegionPrediction:
        scores = {label: float(value) for label, value in zip(self.labels, row.tolist(), strict=True)}
        best = max(scores, key=scores.__getitem__)
        return RegionPrediction(best, scores[best], scores)
