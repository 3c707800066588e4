"""Plotly figures of tracked runs: per-epoch curves, hyperparameters against accuracy, confusion matrices and
Optuna studies. Inputs are the frames of ``train.experiments``; nothing here reads a store."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dialect.regions import BY_CODE, korean_name
from train.experiments import HYPERPARAMETERS

if TYPE_CHECKING:
    import optuna

PALETTE = px.colors.qualitative.Plotly
METRIC_NAMES = {
    "accuracy": "정확도 (accuracy)",
    "macro_f1": "macro-F1",
    "loss": "검증 손실 (validation loss)",
    "train_loss_epoch": "학습 손실 (train loss)",
    "chrf": "chrF",
    "bleu": "BLEU",
}
PARAMETER_NAMES = {
    "learning_rate": "학습률",
    "batch_size": "배치",
    "epochs": "에폭",
    "optimizer": "옵티마이저",
    "scheduler": "스케줄러",
    "weight_decay": "weight decay",
    "warmup_ratio": "warmup",
    "sampler": "샘플러",
    "loss": "손실 함수",
    "freeze_layers": "고정 층",
    "model": "기반 모델",
}


def label_name(label: str) -> str:
    """Korean name of a region code (``jeju`` -> ``제주도``); any other label as it is."""
    return korean_name(label) if label in BY_CODE else label


def run_colours(run_ids: Sequence[str]) -> dict[str, str]:
    """One colour per run, in order, so a run keeps its colour across charts."""
    return {run_id: PALETTE[index % len(PALETTE)] for index, run_id in enumerate(dict.fromkeys(run_ids))}


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank."""
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure.update_layout(height=320)


def metric_curves(
    curves: pd.DataFrame,
    metrics: Sequence[str],
    title: str,
    x: str = "epoch",
    yaxis_title: str | None = None,
) -> go.Figure:
    """One line per run and metric over epochs (``x="order"`` for evaluation order). A run keeps one colour;
    its second metric is dashed, its third dotted."""
    selected = curves[curves["metric"].isin(metrics)]
    if selected.empty:
        return empty_figure("기록된 값이 없습니다 (no values logged yet)")
    colours = run_colours(list(selected["run_id"]))
    dashes = dict(zip(metrics, ["solid", "dash", "dot", "dashdot"] * 4, strict=False))
    figure = go.Figure()
    for (run_id, metric), points in selected.groupby(["run_id", "metric"], sort=False):
        points = points.sort_values(x)
        name = points["name"].iloc[0]
        figure.add_trace(
            go.Scatter(
                x=points[x],
                y=points["value"],
                mode="lines+markers",
                name=f"{name} · {METRIC_NAMES.get(metric, metric)}" if len(metrics) > 1 else name,
                legendgroup=run_id,
                line={"color": colours[run_id], "dash": dashes[metric]},
                hovertemplate=f"{name}<br>{metric}: %{{y:.4f}}<br>{x}: %{{x}}<extra></extra>",
            )
        )
    figure.update_layout(
        title=title,
        xaxis_title="에폭 (epoch)" if x == "epoch" else "평가 순서 (evaluation)",
        yaxis_title=yaxis_title or METRIC_NAMES.get(metrics[0], metrics[0]),
        legend={"orientation": "h", "y": -0.25},
        height=420,
        hovermode="closest",
    )
    figure.update_xaxes(dtick=1 if x in ("epoch", "order") else None)
    return figure


def accuracy_curves(curves: pd.DataFrame) -> go.Figure:
    """Validation accuracy per epoch, one line per run."""
    return metric_curves(curves, ["accuracy"], "검증 정확도 (validation accuracy)")


def loss_curves(curves: pd.DataFrame) -> go.Figure:
    """Validation loss (solid) and mean training loss (dashed) per epoch, one colour per run."""
    return metric_curves(curves, ["loss", "train_loss_epoch"], "손실 (loss)", yaxis_title="손실 (loss)")


def learning_rate_scatter(table: pd.DataFrame, target: str = "best_accuracy") -> go.Figure:
    """Learning rate (log x) against the best validation score, one colour (trace) per batch size."""
    points = table.dropna(subset=["learning_rate", target])
    points = points[points["learning_rate"] > 0]
    if points.empty:
        return empty_figure("학습률과 결과가 기록된 실행이 없습니다 (no finished runs with a learning rate)")
    figure = go.Figure()
    batches = points["batch_size"].astype("Float64").fillna(-1).astype(int)
    for index, batch in enumerate(sorted(batches.unique())):
        group = points[batches == batch]
        figure.add_trace(
            go.Scatter(
                x=group["learning_rate"],
                y=group[target],
                mode="markers",
                name=f"배치 {batch}" if batch >= 0 else "배치 ?",
                marker={"size": 11, "color": PALETTE[index % len(PALETTE)], "line": {"width": 1, "color": "white"}},
                customdata=np.stack([group["name"], group["run_id"]], axis=-1),
                hovertemplate="%{customdata[0]}<br>학습률 %{x:.1e}<br>" + target + " %{y:.4f}<extra></extra>",
            )
        )
    figure.update_layout(
        title="학습률과 최고 검증 성능 (learning rate vs best score)",
        xaxis_title="학습률 (learning rate, log)",
        yaxis_title=METRIC_NAMES.get(target.removeprefix("best_"), target),
        legend_title="배치 크기",
        height=420,
    )
    figure.update_xaxes(type="log", exponentformat="e")
    return figure


def _dimension(values: pd.Series, label: str) -> dict | None:
    """A ``Parcoords`` dimension: numbers as they are (learning rate as log10), anything else as categories
    with ``tickvals``/``ticktext``. None when the column has no values."""
    if values.isna().all():
        return None
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all() and not pd.api.types.is_bool_dtype(values):
        numeric = numeric.astype(float)
        if label == "learning_rate" and (numeric > 0).all():
            logs = np.log10(numeric)
            ticks = np.arange(math.floor(logs.min()), math.ceil(logs.max()) + 1)
            if len(ticks) == 1:
                ticks = np.array([ticks[0] - 1, ticks[0], ticks[0] + 1])
            return {
                "label": "학습률 (log)",
                "values": logs,
                "range": [float(ticks.min()), float(ticks.max())],
                "tickvals": ticks.tolist(),
                "ticktext": [f"1e{int(tick)}" for tick in ticks],
            }
        low, high = float(numeric.min()), float(numeric.max())
        span = [low - 0.5, high + 0.5] if low == high else [low, high]
        return {"label": PARAMETER_NAMES.get(label, label), "values": numeric, "range": span}
    text = values.astype(object).where(values.notna(), "-").astype(str)
    categories = sorted(text.unique())
    codes = text.map({category: index for index, category in enumerate(categories)})
    return {
        "label": PARAMETER_NAMES.get(label, label),
        "values": codes,
        "tickvals": list(range(len(categories))),
        "ticktext": categories,
        "range": [-0.5, len(categories) - 0.5] if len(categories) == 1 else [0, len(categories) - 1],
    }


def parallel_coordinates(
    table: pd.DataFrame, parameters: Sequence[str] | None = None, target: str = "best_accuracy"
) -> go.Figure:
    """Every run with a ``target`` value as one line through its hyperparameters, coloured by ``target``."""
    runs = table.dropna(subset=[target]).reset_index(drop=True)
    if runs.empty:
        return empty_figure("결과가 기록된 실행이 없습니다 (no runs with results yet)")
    dimensions = [
        dimension
        for column in (parameters or HYPERPARAMETERS)
        if column in runs.columns and (dimension := _dimension(runs[column], column)) is not None
    ]
    score = runs[target].astype(float)
    dimensions.append(
        {"label": METRIC_NAMES.get(target.removeprefix("best_"), target), "values": score, "range": _span(score)}
    )
    figure = go.Figure(
        go.Parcoords(
            line={
                "color": score,
                "colorscale": "Viridis",
                "showscale": True,
                "cmin": float(score.min()),
                "cmax": float(score.max()),
                "colorbar": {"title": {"text": target}},
            },
            dimensions=dimensions,
        )
    )
    return figure.update_layout(title="하이퍼파라미터 (parallel coordinates)", height=460, margin={"l": 70, "r": 40})


def _span(values: pd.Series) -> list[float]:
    low, high = float(values.min()), float(values.max())
    return [low - 0.01, high + 0.01] if low == high else [low, high]


def confusion_heatmap(labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> go.Figure:
    """Confusion matrix (rows = true label, columns = prediction): colour and text are the row-normalised %,
    with the counts; regions by their Korean names."""
    counts = np.asarray(matrix, dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    percent = np.divide(counts * 100, totals, out=np.zeros_like(counts), where=totals > 0)
    names = [label_name(label) for label in labels]
    text = [
        [f"{int(c)}<br>{p:.0f}%" for c, p in zip(row_c, row_p, strict=True)]
        for row_c, row_p in zip(counts, percent, strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=percent,
            x=names,
            y=names,
            text=text,
            texttemplate="%{text}",
            customdata=counts.astype(int),
            colorscale="Blues",
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": "행 %"}},
            hovertemplate="실제 %{y} → 예측 %{x}<br>%{customdata}개 (%{z:.1f}%)<extra></extra>",
        )
    )
    figure.update_layout(
        title="혼동 행렬 (confusion matrix)",
        xaxis_title="예측 (predicted)",
        yaxis_title="실제 (true)",
        height=max(360, 80 * len(labels) + 160),
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(side="bottom")
    return figure


def completed_trials(study: optuna.Study) -> int:
    """How many trials of the study completed (have a value)."""
    import optuna

    return sum(trial.state == optuna.trial.TrialState.COMPLETE for trial in study.trials)


def optimization_history(study: optuna.Study) -> go.Figure:
    """Objective value of every trial and the best so far (``optuna.visualization``)."""
    if completed_trials(study) == 0:
        return empty_figure("완료된 시행이 없습니다 (no completed trials yet)")
    from optuna.visualization import plot_optimization_history

    return plot_optimization_history(study).update_layout(title="최적화 기록 (optimization history)", height=420)


def param_importances(study: optuna.Study) -> go.Figure | None:
    """Hyperparameter importances; None with fewer than 2 completed trials or when they cannot be computed
    (e.g. no parameter varied)."""
    if completed_trials(study) < 2:
        return None
    from optuna.visualization import plot_param_importances

    try:
        figure = plot_param_importances(study)
    except (ValueError, RuntimeError, ZeroDivisionError):
        return None
    return figure.update_layout(title="하이퍼파라미터 중요도 (importances)", height=420)


def intermediate_values(study: optuna.Study) -> go.Figure:
    """Per-epoch values every trial reported (the curves the pruner judged)."""
    if not any(trial.intermediate_values for trial in study.trials):
        return empty_figure("보고된 중간 값이 없습니다 (no intermediate values)")
    from optuna.visualization import plot_intermediate_values

    figure = plot_intermediate_values(study)
    figure.update_xaxes(title="에폭 (epoch)", dtick=1)
    return figure.update_layout(title="에폭별 중간 값 (intermediate values)", height=420)
