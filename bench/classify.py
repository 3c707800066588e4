"""Classifier benchmark: test-split quality next to the n-gram baseline, batch throughput and one-sentence latency.

Run ``python -m bench.classify`` after ``python -m bench.baselines`` (it reads the baseline's figures from
``bench/baselines.json``); writes the ``classify`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pandas as pd
import torch

from bench.results import write_section
from dialect.classifier import DialectClassifier
from dialect.ngram import NGRAM_FILE
from dialect.regions import korean_name
from dialect.registry import Registry
from train.evaluation import evaluate_classifier

CORPUS = Path("data/corpus/classification")
BASELINES = Path(__file__).resolve().parent / "baselines.json"


def latency_ms(classifier: DialectClassifier, sentences: list[str]) -> tuple[float, float]:
    """p50 and p95 of classifying one sentence at a time, in milliseconds (after a warm-up)."""
    for sentence in sentences[:10]:
        classifier.predict_one(sentence)
    times = []
    for sentence in sentences:
        started = time.perf_counter()
        classifier.predict_one(sentence)
        times.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(times, n=100)
    return quantiles[49], quantiles[94]


def throughput(classifier: DialectClassifier, sentences: list[str]) -> float:
    """Sentences per second when classifying in batches of ``classifier.batch_size``."""
    started = time.perf_counter()
    classifier.predict(sentences)
    return len(sentences) / (time.perf_counter() - started)


def main() -> None:
    """Score the active classifier on the test split and time it; print and record the figures."""
    test = pd.read_csv(CORPUS / "test.tsv", sep="\t", dtype=str, keep_default_na=False)
    model_dir = Registry.load().classifier
    classifier = DialectClassifier.from_pretrained(model_dir)
    started = time.perf_counter()
    report = evaluate_classifier(classifier, test)
    sentences = list(test["text"].sample(2000, random_state=0))
    per_second = throughput(classifier, sentences)
    p50, p95 = latency_ms(classifier, sentences[:300])
    baseline = json.loads(BASELINES.read_text(encoding="utf-8"))["classification"] if BASELINES.exists() else None
    lines = [
        "## Classifier",
        "",
        f"Written by `python -m bench.classify` on {time.strftime('%Y-%m-%d')}: `{Path(model_dir).name}` on the "
        f"test split ({len(test):,} sentences), torch threads {torch.get_num_threads()}, "
        f"{sum(p.numel() for p in classifier.model.parameters()) / 1e6:.1f}M parameters.",
        "",
        "| | accuracy | macro-F1 | " + " | ".join(f"F1 {korean_name(label)}" for label in report["per_class"]) + " |",
        "|---|---:|---:|" + "---:|" * len(report["per_class"]),
    ]
    shipped = "PLM × char n-gram evidence (shipped)" if classifier.ngram else "PLM classifier (shipped)"
    rows = [(shipped, report)]
    rows += [("PLM alone", evaluate_classifier(classifier, test, with_ngram=False))] if classifier.ngram else []
    rows += [("char n-gram LR baseline", baseline)] if baseline else []
    for name, figures in rows:
        per_class = " | ".join(f"{figures['per_class'][label]['f1']:.4f}" for label in report["per_class"])
        lines.append(f"| {name} | {figures['accuracy']:.4f} | {figures['macro_f1']:.4f} | {per_class} |")
    if classifier.ngram:
        size = (Path(model_dir) / NGRAM_FILE).stat().st_size / 1e6
        lines += [
            "",
            f"The shipped classifier multiplies its PLM's probabilities by its char n-gram evidence "
            f"(`{NGRAM_FILE}`, {size:.1f} MB): softmax(log p_PLM + {classifier.ngram.weight:g} · log p_ngram), the "
            "weight chosen on dev (`dialect/ngram.py`, `train/ngram.py`). *PLM alone* is the same model without it.",
        ]
    plm = json.loads((Path(model_dir).parent / "plm" / "pretrain_metrics.json").read_text(encoding="utf-8"))
    lines += [
        "",
        "The shipped PLM (`models/plm`; the classifier's card names the one it was fine-tuned from): "
        f"held-out MLM loss {plm['eval_loss']:.3f}, masked-token "
        f"accuracy {plm['eval_mlm_accuracy']:.3f} after {plm['epoch']:.2f} epochs of the pretraining text.",
        "",
        "| speed (CPU) | value |",
        "|---|---:|",
        f"| batch throughput (batch {classifier.batch_size}) | {per_second:,.0f} sentences/s |",
        f"| one sentence, p50 | {p50:.1f} ms |",
        f"| one sentence, p95 | {p95:.1f} ms |",
        "",
        f"Wall time {time.perf_counter() - started:.0f} s.",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("classify", text)


if __name__ == "__main__":
    main()
