"""Run tracking in MLflow with a local SQLite store, and the Trainer callback that feeds it.

Every training run (a single fine-tuning or one Optuna trial) is an MLflow run: its parameters, per-step
training loss, per-epoch validation metrics, the confusion matrix and its status. The Experiments page reads
them back with ``mlflow.search_runs`` and ``MlflowClient.get_metric_history``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

DEFAULT_TRACKING_URI = os.environ.get("DIALECT_TRACKING_URI", "sqlite:///runs/mlflow.db")


def mlflow_client(tracking_uri: str = DEFAULT_TRACKING_URI):
    """Import MLflow lazily (it takes seconds) and point it at ``tracking_uri``."""
    import mlflow

    if tracking_uri.startswith("sqlite:///"):
        Path(tracking_uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    mlflow.set_tracking_uri(tracking_uri)
    return mlflow


def flat_params(params: dict[str, Any]) -> dict[str, str]:
    """Parameters as MLflow strings (paths and lists rendered as text)."""
    return {key: str(value) for key, value in params.items() if value is not None}


class MlflowRunCallback(TrainerCallback):
    """Logs training loss every logging step and validation metrics every evaluation to the active run.

    Validation metrics are logged with ``step`` = the epoch number, so curves are drawn per epoch;
    training loss with ``step`` = the global step, plus its mean over each epoch as ``train_loss_epoch``.
    """

    def __init__(self, mlflow_module, run_id: str) -> None:
        self.mlflow = mlflow_module
        self.run_id = run_id
        self.epoch_losses: list[float] = []

    def on_log(self, args, state, control, logs=None, **kwargs) -> None:
        if logs and "loss" in logs:
            loss = float(logs["loss"])
            self.epoch_losses.append(loss)
            self.mlflow.log_metric("train_loss", loss, step=state.global_step, run_id=self.run_id)
            if "learning_rate" in logs:
                self.mlflow.log_metric(
                    "learning_rate", float(logs["learning_rate"]), step=state.global_step, run_id=self.run_id
                )

    def on_evaluate(self, args, state, control, metrics=None, **kwargs) -> None:
        epoch = round(state.epoch or 0)
        values = {
            key.removeprefix("eval_"): float(value)
            for key, value in (metrics or {}).items()
            if isinstance(value, int | float) and not key.endswith(("_runtime", "_per_second"))
        }
        if self.epoch_losses:
            values["train_loss_epoch"] = sum(self.epoch_losses) / len(self.epoch_losses)
            self.epoch_losses = []
        self.mlflow.log_metrics(values, step=epoch, run_id=self.run_id)


def log_json_artifact(mlflow_module, run_id: str, name: str, payload: Any) -> None:
    """Store a small JSON document (e.g. the confusion matrix) as a run artifact."""
    mlflow_module.log_text(json.dumps(payload, ensure_ascii=False, indent=2), name, run_id=run_id)
