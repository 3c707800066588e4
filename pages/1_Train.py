"""Train page: upload a labelled dataset, set hyperparameters, retrain the classifier in the background."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

from dialect.regions import korean_name
from dialect.registry import Registry
from dialect.upload import UploadedDataset, read_dataset
from train.checkpoints import activate_model, restore_previous
from train.classifier import LOSSES, OPTIMIZERS, SAMPLERS, SCHEDULERS, ClassifierArguments
from train.jobs import Job, JobBusy, latest_job, start_job, write_dataset_files
from train.search import SEARCHABLE, SearchArguments
from train.stores import tracking_uri

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "classification_sample.csv"
LEARNING_RATES = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 3e-5, 5e-5, 1e-4, 2e-4, 3e-4, 5e-4, 1e-3]
BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512]
DEFAULTS = ClassifierArguments()
SEARCH_DEFAULTS = SearchArguments()


def scientific(value: float) -> str:
    """``3e-04`` style labels for log-scale sliders."""
    return f"{value:.0e}"


st.set_page_config(page_title="학습 · 한국어 방언 번역기", page_icon="🏋️", layout="wide")


def choose_dataset() -> UploadedDataset | None:
    """The shipped sample or an upload, read and validated; every problem is shown."""
    source = st.radio("데이터", ["샘플 데이터 (data/samples)", "파일 올리기"], horizontal=True)
    if source.startswith("샘플"):
        dataset = read_dataset(SAMPLE)
    else:
        upload = st.file_uploader(
            "CSV, TSV, XLSX, TXT (문장/text 열과 지역/label 열)", type=["csv", "tsv", "xlsx", "txt"]
        )
        if upload is None:
            return None
        dataset = read_dataset(upload)
    for problem in dataset.errors:
        st.error(problem.message)
    for problem in dataset.warnings:
        st.warning(problem.message)
    if len(dataset.frame):
        left, right = st.columns([3, 2])
        with left:
            encoding = f" · 인코딩 {dataset.encoding}" if dataset.encoding else ""
            st.caption(f"{len(dataset.frame):,}개 문장{encoding} · 제외 {dataset.dropped:,}개")
            st.dataframe(dataset.frame.head(200), width="stretch", height=260)
        with right:
            counts = pd.DataFrame(
                [{"지역": korean_name(label), "문장 수": count} for label, count in dataset.label_counts().items()]
            )
            st.plotly_chart(px.bar(counts, x="지역", y="문장 수", height=280), width="stretch")
    return dataset


def hyperparameters() -> dict[str, object]:
    """Base model and every tuned knob, defaulting to the ``ClassifierArguments`` dataclass."""
    registry = Registry.load()
    base_choices = {"배포된 한국어 PLM (models/plm)": "models/plm", "현재 분류기에서 이어 학습": registry.classifier}
    base_label = st.selectbox("기반 모델", [*base_choices, "직접 입력 (허브 id 또는 경로)"])
    base = base_choices.get(base_label) or st.text_input(
        "모델 이름 또는 경로", "monologg/koelectra-small-v3-discriminator"
    )
    one, two, three = st.columns(3)
    with one:
        learning_rate = st.select_slider(
            "학습률 (learning rate)", LEARNING_RATES, value=3e-4, format_func="{:.0e}".format
        )
        batch = st.select_slider("배치 크기", BATCH_SIZES, value=32)
        epochs = st.slider("에폭", 1, 10, 3)
        max_length = st.select_slider("최대 길이 (토큰)", [32, 64, 128, 256, 512], value=DEFAULTS.max_length)
    with two:
        optimizer = st.selectbox("옵티마이저", list(OPTIMIZERS))
        weight_decay = st.number_input("weight decay", 0.0, 0.5, DEFAULTS.weight_decay, step=0.01)
        epsilon = st.select_slider(
            "Adam/RMSprop eps", [1e-9, 1e-8, 1e-7, 1e-6], value=1e-8, format_func="{:.0e}".format
        )
        scheduler = st.selectbox("스케줄러", list(SCHEDULERS))
        warmup = st.slider("warmup 비율", 0.0, 0.3, DEFAULTS.warmup_ratio, step=0.01)
    with three:
        sampler = st.selectbox("샘플러", list(SAMPLERS), help="balanced: 클래스 균형 샘플링")
        loss = st.selectbox("손실 함수", list(LOSSES))
        class_weights = st.checkbox("클래스 가중치 (역빈도)")
        ngram_evidence = st.checkbox(
            "문자 n-gram 증거 결합",
            DEFAULTS.ngram_evidence,
            help="학습 문장으로 문자 1-4-gram 로지스틱 회귀를 함께 학습해 PLM 확률에 곱합니다 "
            "(가중치는 검증 데이터로 선택).",
        )
        freeze_embeddings = st.checkbox("임베딩 고정")
        freeze_layers = st.number_input("아래 N개 층 고정", 0, 24, 0)
        patience = st.number_input("조기 종료 patience (0 = 끔)", 0, 10, 0)
        seed = st.number_input("seed", 0, 10_000, DEFAULTS.seed)
    return {
        "model_name_or_path": base,
        "learning_rate": learning_rate,
        "train_batch_size": batch,
        "num_train_epochs": float(epochs),
        "max_length": max_length,
        "optimizer": optimizer,
        "weight_decay": weight_decay,
        "adam_epsilon": epsilon,
        "scheduler": scheduler,
        "warmup_ratio": warmup,
        "sampler": sampler,
        "loss": loss,
        "class_weights": class_weights,
        "ngram_evidence": ngram_evidence,
        "freeze_embeddings": freeze_embeddings,
        "freeze_layers": int(freeze_layers),
        "early_stopping_patience": int(patience),
        "seed": int(seed),
        "tracking_uri": tracking_uri(),
    }


def search_settings() -> dict[str, object]:
    """Optuna search: number of trials, which parameters, and their ranges."""
    one, two = st.columns(2)
    with one:
        trials = st.number_input("시도 횟수 (trials)", 2, 200, SEARCH_DEFAULTS.n_trials)
        parameters = st.multiselect("탐색할 하이퍼파라미터", list(SEARCHABLE), default=SEARCH_DEFAULTS.parameters)
        low, high = st.select_slider("학습률 범위 (로그)", LEARNING_RATES, value=(1e-5, 1e-3), format_func=scientific)
    with two:
        batches = st.multiselect("배치 크기 후보", BATCH_SIZES, default=SEARCH_DEFAULTS.batch_sizes)
        optimizers = st.multiselect("옵티마이저 후보", list(OPTIMIZERS), default=SEARCH_DEFAULTS.optimizers)
        schedulers = st.multiselect("스케줄러 후보", list(SCHEDULERS), default=SEARCH_DEFAULTS.schedulers)
        epochs_low, epochs_high = st.slider("에폭 범위", 1, 10, (1, 3))
    return {
        "study_name": f"search-{time.strftime('%Y%m%d-%H%M%S')}",
        "n_trials": int(trials),
        "parameters": parameters,
        "learning_rate_min": low,
        "learning_rate_max": high,
        "batch_sizes": batches,
        "optimizers": optimizers,
        "schedulers": schedulers,
        "epochs_min": epochs_low,
        "epochs_max": epochs_high,
    }


def start(dataset: UploadedDataset, arguments: dict[str, object], search: dict[str, object] | None) -> None:
    """Write the dataset files and start the background job, or say why not."""
    train_file, validation_file = write_dataset_files(dataset.frame, seed=int(arguments["seed"]))
    arguments = {**arguments, "train_file": train_file, "validation_file": validation_file}
    try:
        if search is None:
            start_job("classifier", arguments)
        else:
            start_job("search", {**arguments, **search})
    except JobBusy as busy:
        st.error(str(busy))
    else:
        st.toast("학습을 시작했습니다.")


@st.fragment(run_every=2)
def follow(job: Job) -> None:
    """Progress bar with ETA, live loss/accuracy chart, and a cancel button; refreshes itself every 2 s."""
    status = job.status()
    state = status.get("status", "starting")
    st.markdown(f"**작업 {job.job_id}** ({job.kind}) — 상태: `{state}`")
    if state in {"starting", "running", "cancelling"}:
        done = status.get("step", 0) / max(1, status.get("max_steps") or 1)
        eta = status.get("eta_seconds")
        eta_text = f" · 남은 시간 약 {eta / 60:.1f}분" if eta is not None else ""
        st.progress(min(done, 1.0), text=f"step {status.get('step', 0)}/{status.get('max_steps', '?')}{eta_text}")
        if st.button("취소", key=f"cancel-{job.job_id}"):
            job.cancel()
    if state == "failed":
        st.error(f"학습이 실패했습니다 (training failed): {status.get('error', '')[-800:]}")
    if status.get("run_id"):
        live_chart(status["run_id"])


def live_chart(run_id: str) -> None:
    """Training loss per step and validation accuracy per epoch of a run, read from MLflow."""
    from train.tracking import mlflow_client

    client = mlflow_client(tracking_uri()).MlflowClient()
    rows = [
        {"metric": metric, "x": point.step, "value": point.value}
        for metric in ("train_loss", "accuracy", "loss")
        for point in client.get_metric_history(run_id, metric)
    ]
    if not rows:
        return
    frame = pd.DataFrame(rows)
    left, right = st.columns(2)
    with left:
        losses = frame[frame["metric"] == "train_loss"]
        st.plotly_chart(px.line(losses, x="x", y="value", labels={"x": "step", "value": "train loss"}, height=280))
    with right:
        accuracy = frame[frame["metric"] == "accuracy"]
        if len(accuracy):
            figure = px.line(accuracy, x="x", y="value", markers=True, labels={"x": "epoch", "value": "val accuracy"})
            st.plotly_chart(figure.update_layout(height=280))


def compare_and_activate(job: Job) -> None:
    """A finished run next to the active classifier on the same validation data, and the swap buttons."""
    from train.evaluation import evaluate_model_dir
    from train.progress import read_json

    arguments = read_json(job.folder / "args.json") or {}
    model_dir = Path(arguments.get("output_dir", "")) / "model"
    if job.kind != "classifier" or not model_dir.is_dir():
        return
    validation = Path(arguments["validation_file"])
    active = Path(Registry.load().classifier)
    with st.spinner("현재 분류기와 같은 검증 데이터로 비교하는 중…"):
        scores = {"새 모델": evaluate_model_dir(model_dir, validation)}
        if active.is_dir():
            scores["현재 분류기"] = evaluate_model_dir(active, validation)
    table = pd.DataFrame(
        {
            name: {"accuracy": report["accuracy"], "macro-F1": report["macro_f1"]}
            | {f"F1 {korean_name(label)}": values["f1"] for label, values in report["per_class"].items()}
            for name, report in scores.items()
        }
    )
    st.dataframe(table.style.format("{:.3f}"), width="stretch")
    left, right = st.columns(2)
    if left.button("이 모델을 번역 페이지에서 사용", type="primary"):
        activate_model(model_dir, active)
        st.cache_resource.clear()
        st.success("새 분류기를 적용했습니다. 이전 모델은 보관했습니다.")
    if right.button("이전 분류기로 되돌리기"):
        try:
            restore_previous(active)
        except FileNotFoundError as missing:
            st.error(str(missing))
        else:
            st.cache_resource.clear()
            st.success("이전 분류기로 되돌렸습니다.")


def main() -> None:
    """The Train page."""
    st.title("학습 (Train)")
    st.caption("분류기를 다시 학습합니다. 학습은 백그라운드 프로세스에서 돌며, 페이지를 떠나도 계속됩니다.")
    job = latest_job()
    dataset = choose_dataset()
    with st.expander("모델과 하이퍼파라미터", expanded=True):
        arguments = hyperparameters()
    mode = st.radio("실행 방식", ["한 번 학습", "Optuna 탐색"], horizontal=True)
    search = search_settings() if mode == "Optuna 탐색" else None
    ready = dataset is not None and dataset.ok
    if st.button("학습 시작", type="primary", disabled=not ready):
        start(dataset, arguments, search)
        job = latest_job()
    if job is not None:
        st.divider()
        follow(job)
        if job.status().get("status") == "finished":
            compare_and_activate(job)


main()
