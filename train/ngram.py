"""Fit the classifier's char n-gram evidence and choose its weight next to the PLM on validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.special import log_softmax
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from dialect.classifier import DialectClassifier
from dialect.metrics import classification_report_dict
from dialect.ngram import NGRAM_FILE, NgramEvidence, combine
from train.checkpoints import publish_model, staged_copy
from train.labelled import load_labelled
from train.model_card import markdown_table, set_card_section

HASHED_FEATURES = 2**18
WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def ngram_pipeline() -> Pipeline:
    """Hashed char 1-4-gram TF-IDF and a class-balanced logistic regression (no vocabulary to store)."""
    features = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(1, 4),
        n_features=HASHED_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    return make_pipeline(features, TfidfTransformer(sublinear_tf=True), model)


def fit_ngram_evidence(
    train_texts: Sequence[str],
    train_labels: Sequence[str],
    validation_texts: Sequence[str],
    validation_labels: Sequence[str],
    plm_logits: np.ndarray,
    labels: list[str],
) -> tuple[NgramEvidence, dict[float, float]]:
    """Fit the n-gram pipeline on the training sentences, then pick the weight in ``WEIGHTS`` whose product
    with the PLM (``plm_logits`` on the validation sentences, columns in ``labels`` order) has the best
    validation macro-F1; ties go to the smaller weight. Returns the evidence and macro-F1 per weight."""
    pipeline = ngram_pipeline().fit(list(train_texts), list(train_labels))
    pipeline[-1].coef_ = pipeline[-1].coef_.astype(np.float32)
    evidence = NgramEvidence(pipeline, 0.0)
    plm = log_softmax(plm_logits, axis=1)
    ngram = evidence.log_probabilities(validation_texts, labels)
    names = np.array(labels)
    truth = list(validation_labels)
    scores = {
        weight: classification_report_dict(truth, list(names[combine(plm, ngram, weight).argmax(1)]), labels)[
            "macro_f1"
        ]
        for weight in WEIGHTS
    }
    best = max(WEIGHTS, key=lambda weight: (scores[weight], -weight))
    return NgramEvidence(pipeline, best), scores


def ngram_card_text(ngram: tuple[NgramEvidence, dict[float, float]] | None, requested: bool = True) -> str:
    """The model card's account of the n-gram evidence: the weight chosen and validation macro-F1 per weight, or
    why there is none (not ``requested``, or requested by a run cancelled before it finished)."""
    if ngram is None and requested:
        return "Not fit: the run was cancelled before it finished (`python -m train ngram` fits it afterwards)."
    if ngram is None:
        return "None: the classifier is the PLM alone (`--ngram_evidence false`)."
    evidence, scores = ngram
    rows = [{"weight": f"{weight:g}", "validation macro-F1": score} for weight, score in scores.items()]
    chosen = (
        f"`ngram.skops` is multiplied into the PLM's probabilities with weight {evidence.weight}"
        if evidence.weight > 0
        else "No weight beat the PLM alone on validation, so none is saved"
    )
    return (
        "A logistic regression over hashed char 1-4-grams, fit on the same training sentences (`train/ngram.py`). "
        f"{chosen} (softmax of log p_PLM + weight · log p_ngram). Weight 0 is the PLM alone. "
        "`python -m train ngram --classifier_dir <folder>` refits it for any classifier folder.\n\n"
        + markdown_table(rows)
    )


@dataclass
class NgramArguments:
    """``python -m train ngram``: give an existing classifier folder char n-gram evidence."""

    classifier_dir: Path = field(default=Path("models/classifier"), metadata={"help": "A local classifier folder."})
    train_file: Path = field(default=Path("data/corpus/classification/train.tsv"))
    validation_file: Path = field(
        default=Path("data/corpus/classification/dev.tsv"), metadata={"help": "Chooses the weight."}
    )


def add_ngram_evidence(args: NgramArguments) -> tuple[NgramEvidence, dict[float, float]]:
    """Fit the evidence for the PLM classifier in ``classifier_dir`` and publish the folder with it (when a weight
    above 0 wins on validation) and with the model card's account of it; the folder before is kept as
    ``<folder>.previous``. Raises ``ValueError`` when the files' labels are not the classifier's."""
    train, validation = load_labelled(args.train_file), load_labelled(args.validation_file, min_rows_per_class=1)
    classifier = DialectClassifier.from_pretrained(str(args.classifier_dir), with_ngram=False)
    known = set(classifier.labels)
    if set(train["label"]) != known or not set(validation["label"]) <= known:
        found = sorted(set(train["label"]) | set(validation["label"]))
        raise ValueError(f"the files' labels {found} are not the classifier's {classifier.labels}")
    predictions = classifier.predict(list(validation["text"]))
    plm = np.log(np.array([[p.scores[label] for label in classifier.labels] for p in predictions]).clip(1e-9))
    evidence, scores = fit_ngram_evidence(
        train["text"], train["label"], validation["text"], validation["label"], plm, classifier.labels
    )
    staging = staged_copy(args.classifier_dir, args.classifier_dir)
    (staging / NGRAM_FILE).unlink(missing_ok=True)
    if evidence.weight > 0:
        evidence.save(staging)
    set_card_section(staging, "Char n-gram evidence", ngram_card_text((evidence, scores)))
    publish_model(staging, args.classifier_dir)
    return evidence, scores
