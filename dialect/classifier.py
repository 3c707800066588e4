"""The dialect classifier at run time: any ``AutoModelForSequenceClassification`` whose labels are region codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from transformers import AutoModelForSequenceClassification

from dialect.loading import length_sorted_batches, load_for_inference
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
    """Predicts the region of Korean sentences in batches."""

    def __init__(self, model, tokenizer, max_length: int = 128, batch_size: int = 64) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.batch_size = batch_size
        self.labels = [model.config.id2label[index] for index in range(model.config.num_labels)]

    @classmethod
    def from_pretrained(cls, name_or_path: str, device: str | None = None, **kwargs) -> DialectClassifier:
        """Load a classifier from a local folder or a hub id (fp16 weights are cast to fp32 on CPU)."""
        return cls(*load_for_inference(AutoModelForSequenceClassification, name_or_path, device), **kwargs)

    @torch.inference_mode()
    def predict(self, texts: Sequence[str]) -> list[RegionPrediction]:
        """One prediction per text; over-long texts are truncated to ``max_length`` tokens.

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
        probabilities: list[torch.Tensor | None] = [None] * len(cleaned)
        batches = length_sorted_batches(self.tokenizer, cleaned, self.batch_size, self.max_length, self.model.device)
        for batch, encoded in batches:
            logits = self.model(**encoded).logits.float()
            for index, row in zip(batch, logits.softmax(dim=-1).cpu(), strict=True):
                probabilities[index] = row
        return [self._prediction(row) for row in probabilities]

    def predict_one(self, text: str) -> RegionPrediction:
        """The prediction for a single sentence."""
        return self.predict([text])[0]

    def _prediction(self, row: torch.Tensor) -> RegionPrediction:
        scores = {label: float(value) for label, value in zip(self.labels, row.tolist(), strict=True)}
        best = max(scores, key=scores.__getitem__)
        return RegionPrediction(best, scores[best], scores)
