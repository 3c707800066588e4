"""A user's retraining run, timed end to end: the Train page's defaults on the shipped sample dataset.

``python -m bench.retrain`` reads ``data/samples/classification_sample.csv`` as an upload, holds out 10% as
the page does, fine-tunes the shipped PLM for 3 epochs (lr 3e-4, batch 32, max length 128, AdamW, linear
warmup) on CPU, and writes the wall time and validation scores to the ``retrain`` section of bench/RESULTS.md.
Nothing is published; the run is tracked in a temporary store.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import torch

from bench.results import write_section
from dialect.upload import read_dataset
from train.classifier import ClassifierArguments, train_classifier
from train.jobs import write_dataset_files

SAMPLE = Path("data/samples/classification_sample.csv")


def main() -> None:
    """Run the retraining, print and record its time and scores."""
    dataset = read_dataset(SAMPLE)
    train_file, validation_file = write_dataset_files(dataset.frame)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = train_classifier(
            ClassifierArguments(
                train_file=train_file,
                validation_file=validation_file,
                learning_rate=3e-4,
                num_train_epochs=3,
                output_dir=Path(folder) / "run",
                tracking_uri=f"sqlite:///{folder}/mlflow.db",
                run_name="retrain-benchmark",
            )
        )
        minutes = (time.perf_counter() - started) / 60
    text = "\n".join(
        [
            "## Retraining on the sample dataset",
            "",
            f"Written by `python -m bench.retrain` on {time.strftime('%Y-%m-%d')}: the Train page's defaults "
            f"(shipped PLM, 3 epochs, lr 3e-4, batch 32, max length 128) on `{SAMPLE}` "
            f"({len(dataset.frame):,} sentences, 10% held out), CPU, torch threads {torch.get_num_threads()}.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| wall time, start to finished model | {minutes:.1f} min |",
            f"| validation accuracy | {result.metrics['accuracy']:.4f} |",
            f"| validation macro-F1, PLM alone | {result.metrics['macro_f1']:.4f} |",
            f"| validation macro-F1 × char n-gram evidence (weight {result.metrics['ngram_weight']:g}, chosen on it) "
            f"| {result.metrics['combined_macro_f1']:.4f} |",
        ]
    )
    print(text)
    write_section("retrain", text)


if __name__ == "__main__":
    main()
