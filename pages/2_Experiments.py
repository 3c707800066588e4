"""Experiments page: every tracked run, its per-epoch curves, hyperparameters, Optuna studies and confusion
matrices, read back from the MLflow store and the Optuna storage."""

from __future__ import annotations

from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from train import charts
from train.experiments import (
    CLASSIFIER_EXPERIMENT,
    TRANSLATOR_EXPERIMENT,
    confusion,
    epoch_curves,
    latest_finished,
    load_study,
    per_class_report,
    runs_table,
    studies,
    trials_table,
)
from train.stores import optuna_storage, tracking_uri

st.set_page_config(page_title="실험 · 한국어 방언 번역기", page_icon="🧪", layout="wide")

EXPERIMENTS = {CLASSIFIER_EXPERIMENT: "방언 분류기 (classifier)", TRANSLATOR_EXPERIMENT: "번역기 (translator)"}
HOW_TO_START = {
    CLASSIFIER_EXPERIMENT: "학습(Train) 페이지에서 학습을 시작하거나, 터미널에서 `python -m train classifier`를 "
    "실행하세요 (하이퍼파라미터 탐색은 `python -m train search`).",
    TRANSLATOR_EXPERIMENT: "터미널에서 `python -m train translator`를 실행하세요.",
}
STATUS_NAMES = {
    "finished": "완료",
    "running": "진행 중",
    "cancelled": "취소",
    "interrupted": "중단됨(프로세스 종료)",
    "pruned": "가지치기",
    "failed": "실패",
}
KIND_NAMES = {"single": "단일 실행", "trial": "탐색 시행", "search": "탐색"}
CURVE_METRICS = {
    CLASSIFIER_EXPERIMENT: ("accuracy", "macro_f1", "loss", "train_loss_epoch"),
    TRANSLATOR_EXPERIMENT: ("chrf", "bleu", "loss", "train_loss_epoch"),
}
MAX_CURVE_RUNS = 12


@st.cache_data(ttl=10, show_spinner="실행 기록을 읽는 중… (reading runs)")
def load_runs(tracking_uri: str, experiment: str) -> pd.DataFrame:
    return runs_table(tracking_uri, experiment)


@st.cache_data(ttl=10, show_spinner=False)
def load_curves(tracking_uri: str, run_ids: tuple[str, ...], metrics: tuple[str, ...], dedupe: bool) -> pd.DataFrame:
    return epoch_curves(tracking_uri, list(run_ids), metrics, dedupe=dedupe)


@st.cache_data(ttl=10, show_spinner=False)
def load_confusion(tracking_uri: str, run_id: str) -> tuple[list[str], list[list[int]]] | None:
    return confusion(tracking_uri, run_id)


@st.cache_data(ttl=10, show_spinner=False)
def load_report(tracking_uri: str, run_id: str) -> pd.DataFrame:
    return per_class_report(tracking_uri, run_id)


@st.cache_data(ttl=10, show_spinner=False)
def load_studies(storage: str) -> list[str]:
    return studies(storage)


@st.cache_data(ttl=10, show_spinner="탐색 기록을 읽는 중… (reading the study)")
def load_study_views(storage: str, name: str) -> dict | None:
    """Figures and trials of one study (figures pickle; the study itself holds a database connection)."""
    study = load_study(storage, name)
    if study is None:
        return None
    return {
        "history": charts.optimization_history(study),
        "importances": charts.param_importances(study),
        "intermediate": charts.intermediate_values(study),
        "trials": trials_table(study),
        "completed": charts.completed_trials(study),
    }


def show_chart(figure: go.Figure, name: str) -> None:
    """A plotly chart (its modebar saves a PNG) and a button that downloads it as a standalone HTML file."""
    st.plotly_chart(figure, key=f"chart-{name}", config={"toImageButtonOptions": {"filename": name, "scale": 2}})
    st.download_button(
        "차트 HTML 내려받기",
        data=partial(figure.to_html, include_plotlyjs=True, full_html=True),
        file_name=f"{name}.html",
        mime="text/html",
        key=f"download-{name}",
        on_click="ignore",
    )


def run_label(table: pd.DataFrame):
    """``format_func`` showing a run as "name · status · short id"."""
    rows = table.set_index("run_id")

    def label(run_id: str) -> str:
        row = rows.loc[run_id]
        return f"{row['name']} · {STATUS_NAMES.get(row['status'], row['status'])} · {run_id[:6]}"

    return label


def filter_runs(table: pd.DataFrame, experiment: str) -> pd.DataFrame:
    """Filters by status, base model, single run or search trial (nothing chosen = all, so runs with a new
    status or model still show), and a text search on the name. Each experiment keeps its own filters."""
    status_column, model_column, kind_column, text_column = st.columns([2, 3, 2, 2])
    models = table["model"].fillna("-")
    with status_column:
        statuses = st.multiselect(
            "상태",
            sorted(table["status"].dropna().unique()),
            format_func=lambda s: STATUS_NAMES.get(s, s),
            placeholder="전체",
            key=f"filter-status-{experiment}",
        )
    with model_column:
        chosen_models = st.multiselect(
            "기반 모델", sorted(models.unique()), placeholder="전체", key=f"filter-model-{experiment}"
        )
    with kind_column:
        kinds = st.multiselect(
            "종류",
            sorted(table["kind"].unique()),
            format_func=lambda k: KIND_NAMES.get(k, k),
            placeholder="전체",
            key=f"filter-kind-{experiment}",
        )
    with text_column:
        text = st.text_input("이름 검색", placeholder="예: trial-3", key=f"filter-text-{experiment}")
    keep = pd.Series(True, index=table.index)
    for column, chosen in ((table["status"], statuses), (models, chosen_models), (table["kind"], kinds)):
        if chosen:
            keep &= column.isin(chosen)
    if text.strip():
        keep &= table["name"].str.contains(text.strip(), case=False, regex=False, na=False)
    return table[keep]


def show_table(table: pd.DataFrame, experiment: str) -> None:
    """The runs table (click a header to sort) and its CSV download."""
    shown = table.assign(
        status=table["status"].map(lambda s: STATUS_NAMES.get(s, s)),
        kind=table["kind"].map(lambda k: KIND_NAMES.get(k, k)),
    )
    config = {
        "run_id": st.column_config.TextColumn("run id", width="small"),
        "name": st.column_config.TextColumn("이름"),
        "status": st.column_config.TextColumn("상태", width="small"),
        "kind": st.column_config.TextColumn("종류", width="small"),
        "search": st.column_config.TextColumn("탐색"),
        "start_time": st.column_config.DatetimeColumn("시작 (UTC)", format="YYYY-MM-DD HH:mm"),
        "duration_seconds": st.column_config.NumberColumn("소요(초)", format="%.0f"),
        "model": st.column_config.TextColumn("기반 모델"),
        "learning_rate": st.column_config.NumberColumn("학습률", format="%.1e"),
        "batch_size": st.column_config.NumberColumn("배치", format="%d"),
        "epochs": st.column_config.NumberColumn("에폭", format="%.4g"),
        "optimizer": st.column_config.TextColumn("옵티마이저"),
        "scheduler": st.column_config.TextColumn("스케줄러"),
        "weight_decay": st.column_config.NumberColumn("weight decay", format="%.3g"),
        "warmup_ratio": st.column_config.NumberColumn("warmup", format="%.3g"),
        "sampler": st.column_config.TextColumn("샘플러"),
        "loss": st.column_config.TextColumn("손실 함수"),
        "freeze_layers": st.column_config.NumberColumn("고정 층", format="%d"),
        "best_accuracy": st.column_config.ProgressColumn("최고 정확도", min_value=0.0, max_value=1.0, format="%.4f"),
        "best_macro_f1": st.column_config.ProgressColumn("최고 macro-F1", min_value=0.0, max_value=1.0, format="%.4f"),
        "chrf": st.column_config.NumberColumn("chrF", format="%.2f"),
        "bleu": st.column_config.NumberColumn("BLEU", format="%.2f"),
    }
    order = [column for column in table.columns if column != "run_id"] + ["run_id"]
    if experiment == TRANSLATOR_EXPERIMENT:
        order = [column for column in order if not table[column].isna().all() or column in ("name", "status")]
    st.dataframe(
        shown, column_config=config, column_order=order, hide_index=True, height=min(420, 38 + 35 * len(shown))
    )
    st.download_button(
        "실행 목록 CSV",
        table.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{experiment}-runs.csv",
        mime="text/csv",
        key="download-runs-csv",
        on_click="ignore",
    )


def show_curves(tracking_uri: str, table: pd.DataFrame, experiment: str) -> list[str]:
    """Overlaid per-epoch curves of the chosen runs (default: the 5 most recent finished, else the newest run).
    Returns the choice."""
    st.subheader("학습 곡선 (learning curves)")
    options = list(table["run_id"])
    chosen = st.multiselect(
        "비교할 실행",
        options,
        default=latest_finished(table, 5) or options[:1],
        format_func=run_label(table),
        max_selections=MAX_CURVE_RUNS,
        key=f"curve-runs-{experiment}",
    )
    if not chosen:
        st.caption("위에서 실행을 고르면 에폭별 곡선을 겹쳐 그립니다.")
        return chosen
    translator = experiment == TRANSLATOR_EXPERIMENT
    curves = load_curves(tracking_uri, tuple(chosen), CURVE_METRICS[experiment], not translator)
    left, right = st.columns(2)
    with left:
        if translator:
            show_chart(charts.metric_curves(curves, ["chrf"], "chrF (dev)", x="order"), "chrf-curves")
        else:
            show_chart(charts.accuracy_curves(curves), "accuracy-curves")
    with right:
        if translator:
            loss = charts.metric_curves(curves, ["loss", "train_loss_epoch"], "손실 (loss)", x="order")
            show_chart(loss, "loss-curves")
        else:
            show_chart(charts.loss_curves(curves), "loss-curves")
    st.caption(
        "검증 지표는 에폭이 끝날 때마다 기록됩니다. "
        "손실 차트의 실선은 검증 손실, 점선은 그 에폭의 평균 학습 손실입니다."
    )
    return chosen


def show_hyperparameters(table: pd.DataFrame) -> None:
    """Learning rate against the best score, and every run in parallel coordinates."""
    st.subheader("하이퍼파라미터 (hyperparameters)")
    target = st.radio(
        "기준 지표",
        ["best_accuracy", "best_macro_f1"],
        format_func={"best_accuracy": "최고 정확도", "best_macro_f1": "최고 macro-F1"}.get,
        horizontal=True,
        key="hyper-target",
    )
    left, right = st.columns([2, 3])
    with left:
        show_chart(charts.learning_rate_scatter(table, target), "learning-rate-vs-score")
    with right:
        show_chart(charts.parallel_coordinates(table, target=target), "parallel-coordinates")


def show_study(storage: str) -> None:
    """One Optuna study: optimisation history, importances, intermediate values and its trials."""
    st.subheader("하이퍼파라미터 탐색 (Optuna)")
    names = load_studies(storage)
    if not names:
        st.caption(
            "아직 탐색 기록이 없습니다. 학습 페이지의 하이퍼파라미터 탐색이나 `python -m train search`로 시작하세요."
        )
        return
    name = st.selectbox("탐색 (study)", names, key="study")
    views = load_study_views(storage, name)
    if views is None:
        st.warning(f"탐색 '{name}'을(를) 읽을 수 없습니다.")
        return
    st.caption(f"시행 {len(views['trials'])}개 · 완료 {views['completed']}개")
    left, right = st.columns(2)
    with left:
        show_chart(views["history"], f"{name}-history")
    with right:
        if views["importances"] is not None:
            show_chart(views["importances"], f"{name}-importances")
        else:
            st.info("중요도는 완료된 시행이 2개 이상이고 값이 달라진 하이퍼파라미터가 있을 때 계산됩니다.")
    show_chart(views["intermediate"], f"{name}-intermediate")
    with st.expander("시행 목록 (trials)"):
        st.dataframe(views["trials"], hide_index=True)


def show_run(tracking_uri: str, table: pd.DataFrame, chosen: list[str]) -> None:
    """Confusion matrix and per-class precision/recall/F1 of one run."""
    st.subheader("실행 상세 (one run)")
    options = list(table["run_id"])
    preferred = next((run_id for run_id in chosen if run_id in options), options[0])
    run_id = st.selectbox("실행", options, index=options.index(preferred), format_func=run_label(table), key="run")
    found = load_confusion(tracking_uri, run_id)
    left, right = st.columns([3, 2])
    with left:
        if found is None:
            st.info("이 실행에는 혼동 행렬이 없습니다 (끝까지 완료된 실행에만 기록됩니다).")
        else:
            show_chart(charts.confusion_heatmap(*found), f"confusion-{run_id[:8]}")
    with right:
        report = load_report(tracking_uri, run_id)
        if report.empty:
            st.caption("클래스별 지표가 기록되지 않았습니다.")
            return
        st.markdown("**클래스별 지표 (마지막 에폭)**")
        shown = report.assign(label=report["label"].map(charts.label_name))
        st.dataframe(
            shown,
            hide_index=True,
            column_config={
                "label": st.column_config.TextColumn("지역"),
                "precision": st.column_config.NumberColumn("정밀도", format="%.3f"),
                "recall": st.column_config.NumberColumn("재현율", format="%.3f"),
                "f1": st.column_config.NumberColumn("F1", format="%.3f"),
                "support": st.column_config.NumberColumn("문장 수", format="%d"),
            },
        )


def main() -> None:
    """The Experiments page."""
    st.title("실험 (Experiments)")
    uri = tracking_uri()
    storage = optuna_storage()
    with st.sidebar:
        experiment = st.radio("실험 종류", list(EXPERIMENTS), format_func=EXPERIMENTS.get, key="experiment")
        if st.button("새로고침", help="기록은 10초마다 다시 읽습니다."):
            for cached in (load_runs, load_curves, load_confusion, load_report, load_studies, load_study_views):
                cached.clear()
        st.caption(f"MLflow: `{uri}`")
        st.caption(f"Optuna: `{storage}`")
    st.caption("학습 실행마다 하이퍼파라미터, 에폭별 검증 지표, 혼동 행렬이 MLflow에 기록됩니다.")
    table = load_runs(uri, experiment)
    if table.empty:
        st.info(f"아직 기록된 실행이 없습니다 (no runs yet). {HOW_TO_START[experiment]}")
        return
    st.subheader(f"실행 목록 ({len(table)}개)")
    filtered = filter_runs(table, experiment)
    if filtered.empty:
        st.warning("조건에 맞는 실행이 없습니다. 필터를 넓혀 보세요.")
        return
    show_table(filtered, experiment)
    chosen = show_curves(uri, filtered, experiment)
    if experiment == CLASSIFIER_EXPERIMENT:
        show_hyperparameters(filtered)
        show_study(storage)
        show_run(uri, filtered, chosen)


main()
