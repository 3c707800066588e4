"""Fine-tuning from the shipped PLM: it learns, it is tracked, and a cancelled or failed run never touches
the active model."""

from pathlib import Path

import pandas as pd
import pytest

from dialect.classifier import DialectClassifier
from train.classifier import ClassifierArguments, train_classifier
from train.progress import read_json

from .conftest import SAMPLES


def two_class_files(tmp_path: Path) -> tuple[Path, Path]:
    """Jeju and Gyeongsang sentences from the shipped sample, split into train and validation files."""
    sample = pd.read_csv(SAMPLES / "classification_sample.csv")
    sample = sample[sample["label"].isin(["gyeongsang", "jeju"])]
    picked = sample.groupby("label").head(240)
    validation = picked.groupby("label").tail(40)
    train = picked.drop(validation.index)
    train_file, validation_file = tmp_path / "train.csv", tmp_path / "validation.csv"
    train.to_csv(train_file, index=False)
    validation.to_csv(validation_file, index=False)
    return train_file, validation_file


def arguments(tmp_path: Path, plm_dir: Path, tracking_uri: str, **overrides) -> ClassifierArguments:
    train_file, validation_file = two_class_files(tmp_path)
    values = {
        "model_name_or_path": str(plm_dir),
        "train_file": train_file,
        "validation_file": validation_file,
        "output_dir": tmp_path / "run",
        "learning_rate": 5e-4,
        "num_train_epochs": 5,
        "train_batch_size": 16,
        "logging_steps": 5,
        "tracking_uri": tracking_uri,
        "progress_file": tmp_path / "progress.json",
    }
    return ClassifierArguments(**{**values, **overrides})


def test_fine_tuning_learns_to_separate_two_dialects_and_is_tracked(tmp_path, plm_dir, tracking_uri):
    active = active_model(tmp_path)
    result = train_classifier(arguments(tmp_path, plm_dir, tracking_uri, publish_dir=active))
    assert result.status == "finished"
    assert DialectClassifier.from_pretrained(str(active)).labels == ["gyeongsang", "jeju"]
    assert "previous model" in (tmp_path / "active.previous" / "config.json").read_text(encoding="utf-8")
    assert result.labels == ["gyeongsang", "jeju"]
    assert result.metrics["accuracy"] >= 0.75
    classifier = DialectClassifier.from_pretrained(str(result.model_dir))
    assert classifier.labels == ["gyeongsang", "jeju"]
    card = (result.model_dir / "README.md").read_text(encoding="utf-8")
    assert card.count("## Validation scores") == 1 and card.count("## Char n-gram evidence") == 1
    assert (classifier.ngram is not None) == (result.metrics["ngram_weight"] > 0)
    progress = read_json(tmp_path / "progress.json")
    assert progress["status"] == "finished" and progress["step"] == progress["max_steps"]

    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    history = mlflow.MlflowClient().get_metric_history(result.run_id, "accuracy")
    assert [point.step for point in history] == [1, 2, 3, 4, 5]
    run = mlflow.get_run(result.run_id)
    assert run.data.tags["status"] == "finished"
    assert run.data.params["learning_rate"] == "0.0005"


def active_model(tmp_path: Path) -> Path:
    active = tmp_path / "active"
    active.mkdir()
    (active / "config.json").write_text('{"marker": "previous model"}', encoding="utf-8")
    return active


def test_cancelled_run_leaves_the_active_model_alone(tmp_path, plm_dir, tracking_uri):
    active = active_model(tmp_path)
    stop_file = tmp_path / "stop"
    stop_file.touch()
    args = arguments(tmp_path, plm_dir, tracking_uri, publish_dir=active, stop_file=stop_file)
    result = train_classifier(args)
    assert result.status == "cancelled"
    assert (active / "config.json").read_text(encoding="utf-8") == '{"marker": "previous model"}'
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("active")) == ["active"]
    assert read_json(tmp_path / "progress.json")["status"] == "cancelled"


def test_failed_run_reports_and_leaves_the_active_model_alone(tmp_path, plm_dir, tracking_uri):
    active = active_model(tmp_path)
    args = arguments(tmp_path, tmp_path / "no-such-model", tracking_uri, publish_dir=active)
    with pytest.raises(OSError):
        train_classifier(args)
    assert (active / "config.json").read_text(encoding="utf-8") == '{"marker": "previous model"}'
    progress = read_json(tmp_path / "progress.json")
    assert progress["status"] == "failed" and "no-such-model" in progress["error"]
