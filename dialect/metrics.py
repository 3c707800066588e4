"""Evaluation metrics: thin wrappers over sacrebleu (chrF, BLEU) and scikit-learn (classification).

BLEU tokenisation: sacrebleu's default ``13a`` tokenizer. On Korean it splits off punctuation and otherwise
keeps whitespace words (eojeols), so BLEU here is *eojeol-level*: a changed particle or ending costs the whole
word. That is harsh but standard, reproducible and dependency-free. ``ko-mecab`` (morpheme-level BLEU) needs
the optional ``sacrebleu[ko]`` extra (mecab-ko + dictionary), which is not installed, and ``char`` BLEU adds
little next to chrF, which already scores character n-grams. chrF is therefore the headline metric; pass
``tokenize=...`` to :func:`corpus_bleu` for another tokenizer.
"""

from __future__ import annotations

from collections.abc import Sequence

import sacrebleu

BLEU_TOKENIZER = "13a"


def _check(hypotheses: Sequence[str], references: Sequence[str]) -> tuple[list[str], list[str]]:
    hypotheses, references = list(hypotheses), list(references)
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    if not hypotheses:
        raise ValueError("no sentences to score")
    return hypotheses, references


def corpus_chrf(hypotheses: Sequence[str], references: Sequence[str]) -> float:
    """Corpus chrF (sacrebleu defaults: character 6-grams, beta 2), 0-100, one reference per sentence."""
    hypotheses, references = _check(hypotheses, references)
    return float(sacrebleu.corpus_chrf(hypotheses, [references]).score)


def corpus_bleu(hypotheses: Sequence[str], references: Sequence[str], tokenize: str = BLEU_TOKENIZER) -> float:
    """Corpus BLEU, 0-100, one reference per sentence; eojeol-level with the default ``13a`` tokenizer."""
    hypotheses, references = _check(hypotheses, references)
    return float(sacrebleu.corpus_bleu(hypotheses, [references], tokenize=tokenize).score)


def classification_report_dict(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 over ``labels``, per-class precision/recall/F1/support and the confusion matrix.

    Returns ``{"accuracy", "macro_f1", "per_class": {label: {"precision", "recall", "f1", "support"}},
    "labels", "confusion"}``; ``confusion[i][j]`` counts true ``labels[i]`` predicted as ``labels[j]``.
    """
    # Imported here: scikit-learn takes seconds to import and the translation metrics do not need it.
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    y_true, y_pred, labels = list(y_true), list(y_pred), list(labels)
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} true labels but {len(y_pred)} predictions")
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    per_class = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "per_class": per_class,
        "labels": labels,
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }
