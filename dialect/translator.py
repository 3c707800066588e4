"""Seq2seq translation at run time: any ``AutoModelForSeq2SeqLM`` with its tokenizer, batched, with a length guard."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from transformers import AutoModelForSeq2SeqLM

from dialect.hints import with_hints
from dialect.loading import length_sorted_batches, load_for_inference
from dialect.substitution import SubstitutionTable


def without_decoder_start(ids: list[int], bos_token_id: int | None) -> list[int]:
    """Target token ids as decoder labels: a leading ``<s>`` is dropped, since it is the decoder start token."""
    return ids[1:] if ids and ids[0] == bos_token_id else ids


class Seq2SeqTranslator:
    """Translates batches of sentences with greedy or beam search."""

    def __init__(self, model, tokenizer, max_length: int = 128, batch_size: int = 32) -> None:
        self.model = model.eval()
        self.model.generation_config.max_length = None  # the length guard sets max_new_tokens per batch
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.batch_size = batch_size

    @classmethod
    def from_pretrained(cls, name_or_path: str, device: str | None = None, **kwargs) -> Seq2SeqTranslator:
        """Load from a local folder or a hub id (fp16 weights are cast to fp32 on CPU)."""
        return cls(*load_for_inference(AutoModelForSeq2SeqLM, name_or_path, device), **kwargs)

    def translate(
        self, texts: Sequence[str], prefix: str = "", num_beams: int = 1, hints: SubstitutionTable | None = None
    ) -> list[str]:
        """Translate every text; ``prefix`` (e.g. a target tag ``<standard>``) is put before each input, and
        the suggestions of ``hints`` for its words after it (for a model trained with lexicon hints).

        Inputs are truncated to ``max_length`` tokens and outputs are limited to about 1.5 times the input
        length, so a model that starts repeating itself cannot run away.
        """
        return [ranked[0][0] for ranked in self.candidates(texts, prefix, num_beams, 1, hints)]

    @torch.inference_mode()
    def candidates(
        self,
        texts: Sequence[str],
        prefix: str = "",
        num_beams: int = 4,
        num_candidates: int = 4,
        hints: SubstitutionTable | None = None,
    ) -> list[list[tuple[str, float]]]:
        """The ``num_candidates`` best beam-search outputs of every text, best first, each with its
        length-normalised log-probability (inputs are built as in ``translate``)."""
        num_beams = max(num_beams, num_candidates)
        sources = self._model_inputs(texts, prefix, hints)
        outputs: list[list[tuple[str, float]]] = [[] for _ in sources]
        batches = length_sorted_batches(self.tokenizer, sources, self.batch_size, self.max_length, self.model.device)
        for batch, encoded in batches:
            longest = int(encoded["attention_mask"].sum(dim=1).max())
            generated = self.model.generate(
                **encoded,
                num_beams=num_beams,
                num_return_sequences=num_candidates,
                do_sample=False,
                max_new_tokens=min(self.max_length, int(longest * 1.5) + 8),
                output_scores=num_beams > 1,
                return_dict_in_generate=True,
            )
            decoded = self.tokenizer.batch_decode(generated.sequences, skip_special_tokens=True)
            scores = generated.sequences_scores if num_beams > 1 else torch.zeros(len(decoded))
            for position, (text, score) in enumerate(zip(decoded, scores.tolist(), strict=True)):
                outputs[batch[position // num_candidates]].append((text.strip(), score))
        return outputs

    @torch.inference_mode()
    def scores(
        self, texts: Sequence[str], outputs: Sequence[str], prefix: str = "", hints: SubstitutionTable | None = None
    ) -> list[float]:
        """The model's length-normalised log-probability of each ``outputs[i]`` as the translation of ``texts[i]``
        (inputs built as in ``translate``), on the same scale as the beam scores of ``candidates``."""
        sources = self._model_inputs(texts, prefix, hints)
        results = [0.0] * len(sources)
        batches = length_sorted_batches(self.tokenizer, sources, self.batch_size, self.max_length, self.model.device)
        for batch, encoded in batches:
            labels = self._labels([outputs[index] for index in batch])
            logits = self.model(**encoded, labels=labels).logits
            known = labels != -100
            token_scores = torch.log_softmax(logits, dim=-1).gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
            normalised = (token_scores * known).sum(dim=1) / known.sum(dim=1)
            for index, score in zip(batch, normalised.tolist(), strict=True):
                results[index] = score
        return results

    @staticmethod
    def _model_inputs(texts: Sequence[str], prefix: str, hints: SubstitutionTable | None) -> list[str]:
        """Each text behind ``prefix`` and followed by its lexicon hints, as the model was trained to read it."""
        return [with_hints(f"{prefix} {text}".strip(), text, hints) for text in texts]

    def _labels(self, outputs: list[str]) -> torch.Tensor:
        """Decoder labels for ``outputs`` as in training: no leading ``<s>`` (the decoder start), padding = -100."""
        encoded = self.tokenizer(text_target=outputs, truncation=True, max_length=self.max_length)["input_ids"]
        rows = [without_decoder_start(ids, self.tokenizer.bos_token_id) for ids in encoded]
        longest = max(len(ids) for ids in rows)
        padded = [ids + [-100] * (longest - len(ids)) for ids in rows]
        return torch.tensor(padded, device=self.model.device)
