"""Run tracking in MLflow with a local SQLite store, and the Trainer callback that feeds it.

Every training run (a single fine-tuning or one Optuna trial) is an MLflow run: its parameters, per-step
training loss, per-epoch validation metrics, the confusion matrix and its status. The Experiments page reads
them back with ``mlflow.search_runs`` and ``MlflowClient.get_metric_history``.
"""

from __future__ import annotations

import json
import os
import socket
from types import SimpleNamespace
from typing import Any

import psutil
from transformers import TrainerCallback

from train.stores import artifact_root, sqlite_path


def is_main_process() -> bool:
    """True unless this is a secondary rank of a ``torchrun`` / ``accelerate launch`` job."""
    return int(os.environ.get("RANK", "0")) == 0


class NoTracking:
    """Stands in for MLflow on secondary ranks of a multi-GPU job: one run is tracked, by rank 0."""

    def start_run(self, *args, **kwargs) -> SimpleNamespace:
        return SimpleNamespace(info=SimpleNamespace(run_id=""))

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: None


def mlflow_client(tracking_uri: str, experiment: str | None = None):
    """Import MLflow lazily (it takes seconds), point it at ``tracking_uri`` and select ``experiment``.

    A new experiment keeps its artifacts next to the SQLite store, not in the working directory. Secondary
    ranks of a distributed job get ``NoTracking``.
    """
    if not is_main_process():
        return NoTracking()
    import mlflow

    path = sqlite_path(tracking_uri)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    mlflow.set_tracking_uri(tracking_uri)
    if experiment is not None:
        if mlflow.get_experiment_by_name(experiment) is None:
            mlflow.create_experiment(experiment, artifact_location=artifact_root(tracking_uri))
        mlflow.set_experiment(experiment)
    return mlflow


def process_tags() -> dict[str, str]:
    """Host and process id of this training, so a reader can tell a live run from one whose process died."""
    return {"host": socket.gethostname(), "pid": str(os.getpid())}


def process_alive(host: str | None, pid: str | None) -> bool:
    """False only when ``pid`` names a process of this host that no longer exists."""
    if host != socket.gethostname() or not pid or not pid.isdigit():
        return True
    return psutil.pid_exists(int(pid))


def flat_params(params: dict[str, Any]) -> dict[str, str]:
    """Parameters as MLflow strings (paths and lists rendered as text)."""
    return {key: str(value) for key, value in params.items() if value is not None}


class MlflowRunCallback(TrainerCallback):
    """Logs training loss every logging step and validation metrics every evaluation to the active run.

    Validation metrics are logged with ``step`` = the epoch number (``per_epoch``, for classifiers evaluated
    every epoch) or the global step (translators evaluated every N steps); training loss with ``step`` = the
    global step, plus its mean since the previous evaluation as ``train_loss_epoch``.
    """

    def __init__(self, mlflow_module, run_id: str, per_epoch: bool = True) -> None:
        self.mlflow = mlflow_module
        self.run_id = run_id
        self.per_epoch = per_epoch
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
        step = round(state.epoch or 0) if self.per_epoch else state.global_step
        values = {
            key.removeprefix("eval_"): float(value)
            for key, value in (metrics or {}).items()
            if isinstance(value, int | float) and not key.endswith(("_runtime", "_per_second"))
        }
        if self.epoch_losses:
            values["train_loss_epoch"] = sum(self.epoch_losses) / len(self.epoch_losses)
            self.epoch_losses = []
        self.mlflow.log_metrics(values, step=step, run_id=self.run_id)


def log_json_artifact(mlflow_module, run_id: str, name: str, payload: Any) -> None:
    """Store a small JSON document (e.g. the confusion matrix) as a run artifact."""
    mlflow_module.log_text(json.dumps(payload, ensure_ascii=False, indent=2), name, run_id=run_id)
