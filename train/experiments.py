"""Reading tracked runs back: the runs table, per-epoch curves, confusion matrices and Optuna studies.

Pure functions (no Streamlit) over the MLflow store written by ``train.tracking`` and the Optuna storage
written by ``train.search``. A store that does not exist yet reads as empty and is never created; MLflow and
Optuna are imported only when there is something to read (importing MLflow takes seconds).
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from train.stores import store_exists
from train.tracking import process_alive

if TYPE_CHECKING:
    import optuna

CLASSIFIER_EXPERIMENT = "dialect-classifier"
TRANSLATOR_EXPERIMENT = "dialect-translator"

# Column of the runs table -> the run parameters it is read from (first one present wins).
PARAMETER_COLUMNS: dict[str, tuple[str, ...]] = {
    "model": ("model_name_or_path",),
    "learning_rate": ("learning_rate",),
    "batch_size": ("train_batch_size", "batch_size"),
    "epochs": ("num_train_epochs",),
    "optimizer": ("optimizer",),
    "scheduler": ("scheduler",),
    "weight_decay": ("weight_decay",),
    "warmup_ratio": ("warmup_ratio",),
    "sampler": ("sampler",),
    "loss": ("loss",),
    "freeze_layers": ("freeze_layers",),
}
NUMERIC_PARAMETERS = ("learning_rate", "epochs", "weight_decay", "warmup_ratio")
INTEGER_PARAMETERS = ("batch_size", "freeze_layers")
HYPERPARAMETERS = tuple(column for column in PARAMETER_COLUMNS if column != "model")
RESULT_METRICS = ("best_accuracy", "best_macro_f1")
# Latest values of these metrics become extra columns for experiments that have no ``best_*`` metrics.
EXTRA_METRICS: dict[str, tuple[str, ...]] = {TRANSLATOR_EXPERIMENT: ("chrf", "bleu")}
COLUMNS: tuple[str, ...] = (
    "run_id",
    "name",
    "status",
    "kind",
    "search",
    "start_time",
    "duration_seconds",
    *PARAMETER_COLUMNS,
    *RESULT_METRICS,
)
CURVE_COLUMNS: tuple[str, ...] = ("run_id", "name", "metric", "epoch", "value", "order")
REPORT_COLUMNS: tuple[str, ...] = ("label", "precision", "recall", "f1", "support")
MLFLOW_STATUS = {"RUNNING": "running", "SCHEDULED": "running", "FINISHED": "finished", "FAILED": "failed"}
MLFLOW_STATUS["KILLED"] = "cancelled"


def _mlflow(tracking_uri: str):
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    return mlflow


def _client(tracking_uri: str):
    """A client of ``tracking_uri``; the global URI is set too, because artifact downloads resolve runs by it."""
    return _mlflow(tracking_uri).MlflowClient(tracking_uri)


def empty_runs_table(experiment: str = CLASSIFIER_EXPERIMENT) -> pd.DataFrame:
    """The runs table with its columns and no rows."""
    return pd.DataFrame({column: pd.Series(dtype=_dtype(column)) for column in _columns(experiment)})


def _columns(experiment: str) -> list[str]:
    return [*COLUMNS, *EXTRA_METRICS.get(experiment, ())]


def _dtype(column: str) -> str:
    if column == "start_time":
        return "datetime64[us, UTC]"
    if column in INTEGER_PARAMETERS:
        return "Int64"
    if column in (*NUMERIC_PARAMETERS, *RESULT_METRICS, "duration_seconds") or column in {
        metric for metrics in EXTRA_METRICS.values() for metric in metrics
    }:
        return "float64"
    return "object"


def runs_table(
    tracking_uri: str, experiment: str = CLASSIFIER_EXPERIMENT, include_searches: bool = False
) -> pd.DataFrame:
    """One row per run of ``experiment``, newest first, from a single ``mlflow.search_runs`` query.

    Columns: run_id, name, status (the ``status`` tag, else MLflow's own state: running/finished/failed/
    cancelled; ``interrupted`` when a running run's process is gone), kind (``single`` or ``trial``;
    ``search`` for the parent runs of searches, which are left out unless ``include_searches``), search (the
    parent search's name), start_time, duration_seconds, model, the key hyperparameters, best_accuracy and
    best_macro_f1 (plus chrf/bleu for the translator).
    """
    if not store_exists(tracking_uri):
        return empty_runs_table(experiment)
    mlflow = _mlflow(tracking_uri)
    if mlflow.MlflowClient(tracking_uri).get_experiment_by_name(experiment) is None:
        return empty_runs_table(experiment)
    found = mlflow.search_runs(experiment_names=[experiment], order_by=["attributes.start_time DESC"])
    if found.empty:
        return empty_runs_table(experiment)
    return _table(found, experiment, include_searches)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of ``search_runs`` output, all missing when no run has it."""
    return frame[name] if name in frame.columns else pd.Series(None, index=frame.index, dtype=object)


def _table(found: pd.DataFrame, experiment: str, include_searches: bool) -> pd.DataFrame:
    names = _column(found, "tags.mlflow.runName").fillna(found["run_id"].str[:8])
    parents = _column(found, "tags.mlflow.parentRunId")
    is_search = _column(found, "tags.kind").eq("search")
    search_names = dict(zip(found["run_id"], names, strict=True))
    table = pd.DataFrame(
        {
            "run_id": found["run_id"],
            "name": names,
            "status": _statuses(found),
            "kind": [
                "search" if search else ("trial" if isinstance(p, str) else "single")
                for search, p in zip(is_search, parents, strict=True)
            ],
            "search": [search_names.get(p, p[:8]) if isinstance(p, str) else None for p in parents],
            "start_time": pd.to_datetime(found["start_time"], utc=True),
            "duration_seconds": _durations(found),
        }
    )
    for column, params in PARAMETER_COLUMNS.items():
        values = pd.Series(None, index=found.index, dtype=object)
        for param in params:
            values = values.fillna(_column(found, f"params.{param}"))
        table[column] = values
    for column in NUMERIC_PARAMETERS:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    for column in INTEGER_PARAMETERS:
        table[column] = pd.to_numeric(table[column], errors="coerce").round().astype("Int64")
    for metric in (*RESULT_METRICS, *EXTRA_METRICS.get(experiment, ())):
        table[metric] = pd.to_numeric(_column(found, f"metrics.{metric}"), errors="coerce").astype("float64")
    if not include_searches:
        table = table[table["kind"] != "search"]
    return table.reset_index(drop=True)[_columns(experiment)]


def _statuses(found: pd.DataFrame) -> pd.Series:
    """The ``status`` tag, else MLflow's state; a run left running by a process that died is ``interrupted``."""
    status = _column(found, "tags.status").fillna(found["status"].map(MLFLOW_STATUS))
    dead = [
        not process_alive(host, pid) if state == "running" else False
        for state, host, pid in zip(status, _column(found, "tags.host"), _column(found, "tags.pid"), strict=True)
    ]
    return status.mask(pd.Series(dead, index=found.index), "interrupted")


def _durations(found: pd.DataFrame) -> pd.Series:
    """``duration_seconds`` as logged, else end - start (now - start while running)."""
    start = pd.to_datetime(found["start_time"], utc=True)
    end = pd.to_datetime(found["end_time"], utc=True).fillna(pd.Timestamp.now(tz="UTC"))
    elapsed = (end - start).dt.total_seconds()
    logged = pd.to_numeric(_column(found, "metrics.duration_seconds"), errors="coerce")
    return logged.fillna(elapsed).astype("float64")


def latest_finished(table: pd.DataFrame, count: int = 5) -> list[str]:
    """Run ids of the ``count`` most recent finished runs (the table is newest first)."""
    finished = table[table["status"] == "finished"].sort_values("start_time", ascending=False)
    return list(finished["run_id"].head(count))


def epoch_curves(
    tracking_uri: str, run_ids: Sequence[str], metrics: Iterable[str], dedupe: bool = True
) -> pd.DataFrame:
    """Metric histories of ``run_ids`` as a long frame: run_id, name, metric, epoch (the step), value, order.

    Validation metrics are logged with step = epoch. With ``dedupe`` a step logged twice (a resumed run)
    keeps its last value; ``order`` numbers the points of a run's metric in logging order (1, 2, ...), a
    usable x axis when steps repeat (the translator logs step = round(epoch) every few thousand steps).
    """
    metrics = list(metrics)
    if not run_ids or not metrics or not store_exists(tracking_uri):
        return pd.DataFrame(columns=list(CURVE_COLUMNS))
    client = _client(tracking_uri)
    rows = []
    for run_id in run_ids:
        run = client.get_run(run_id)
        name = run.info.run_name or run_id[:8]
        for metric in metrics:
            history = sorted(client.get_metric_history(run_id, metric), key=lambda point: point.timestamp)
            if dedupe:
                history = sorted({point.step: point for point in history}.values(), key=lambda point: point.step)
            for order, point in enumerate(history, start=1):
                rows.append((run_id, name, metric, int(point.step), float(point.value), order))
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))


def confusion(tracking_uri: str, run_id: str) -> tuple[list[str], list[list[int]]] | None:
    """``(labels, matrix)`` from the run's ``confusion_matrix.json`` (rows = true label), or None."""
    if not store_exists(tracking_uri):
        return None
    from mlflow.exceptions import MlflowException

    try:
        with tempfile.TemporaryDirectory() as folder:
            path = _client(tracking_uri).download_artifacts(run_id, "confusion_matrix.json", folder)
            payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (MlflowException, OSError, ValueError):
        return None
    labels, matrix = payload.get("labels"), payload.get("matrix")
    if not labels or not matrix or len(matrix) != len(labels):
        return None
    return [str(label) for label in labels], [[int(count) for count in row] for row in matrix]


def per_class_report(tracking_uri: str, run_id: str) -> pd.DataFrame:
    """Precision, recall and F1 per label from the run's last epoch, with support from its confusion matrix.

    Labels come from the confusion matrix when the run has one (in its order), else from the metric names.
    """
    if not store_exists(tracking_uri):
        return pd.DataFrame(columns=list(REPORT_COLUMNS))
    from mlflow.exceptions import MlflowException

    try:
        metrics = _client(tracking_uri).get_run(run_id).data.metrics
    except MlflowException:
        return pd.DataFrame(columns=list(REPORT_COLUMNS))
    found = confusion(tracking_uri, run_id)
    support: dict[str, int] = {}
    if found is not None:
        labels, matrix = found
        support = {label: sum(row) for label, row in zip(labels, matrix, strict=True)}
    else:
        labels = sorted({key.removeprefix("f1_") for key in metrics if key.startswith("f1_")})
    rows = [
        {
            "label": label,
            **{measure: metrics.get(f"{measure}_{label}", math.nan) for measure in ("precision", "recall", "f1")},
            "support": support.get(label),
        }
        for label in labels
        if any(f"{measure}_{label}" in metrics for measure in ("precision", "recall", "f1"))
    ]
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    report["support"] = report["support"].astype("Int64")
    return report


def studies(storage: str) -> list[str]:
    """Names of the Optuna studies in ``storage``; none when the storage does not exist or cannot be read."""
    if not store_exists(storage):
        return []
    import optuna

    try:
        return sorted(summary.study_name for summary in optuna.get_all_study_summaries(storage))
    except Exception:  # an unreadable or foreign database is "no studies" for a viewer
        return []


def load_study(storage: str, name: str) -> optuna.Study | None:
    """The study ``name`` in ``storage``, or None when there is no such storage or study."""
    if not store_exists(storage):
        return None
    import optuna

    try:
        return optuna.load_study(study_name=name, storage=storage)
    except KeyError:
        return None


def trials_table(study: optuna.Study) -> pd.DataFrame:
    """One row per trial: number, state, value, duration, parameters and its MLflow run id."""
    rows = []
    for trial in study.trials:
        duration = trial.duration.total_seconds() if trial.duration is not None else math.nan
        rows.append(
            {
                "number": trial.number,
                "state": trial.state.name.lower(),
                "value": trial.value if trial.values else math.nan,
                "duration_seconds": duration,
                **trial.params,
                "mlflow_run_id": trial.user_attrs.get("mlflow_run_id"),
            }
        )
    if not rows:
        return pd.DataFrame(columns=["number", "state", "value", "duration_seconds", "mlflow_run_id"])
    return pd.DataFrame(rows)
