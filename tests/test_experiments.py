"""The Experiments page and what it reads: real runs of a tiny BERT tracked in a temporary MLflow store, a real
two-trial Optuna search, the charts built from them, and the page rendered by Streamlit's AppTest."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import mlflow
import optuna
import pandas as pd
import pytest
import torch
from streamlit.testing.v1 import AppTest
from transformers import AutoTokenizer, BertConfig, BertForMaskedLM

from train import charts
from train.classifier import ClassifierArguments, ClassifierResult, train_classifier
from train.experiments import (
    COLUMNS,
    confusion,
    epoch_curves,
    latest_finished,
    load_study,
    per_class_report,
    runs_table,
    studies,
    trials_table,
)
from train.search import SearchArguments, run_search
from train.tracking import process_tags

from .conftest import MODELS, ROOT, SAMPLES

PAGE = str(ROOT / "pages" / "2_Experiments.py")
STUDY = "tiny-search"
LEARNING_RATES = (5e-4, 2e-3)
PER_CLASS_TRAIN, PER_CLASS_VALIDATION = 30, 10


def sentences(block: str) -> list[str]:
    """Sentences written one after another, separated by ``|`` or line breaks."""
    return [sentence.strip() for sentence in re.split(r"[|\n]", block) if sentence.strip()]


# Real sentences of data/corpus/classification/train.tsv, used when the shipped sample is not there.
JEJU = sentences("""
운동 못 갔주게 | 거난 이 거난 이 | 야 너네 그 가봔? | 할수인. | 잘도 어렵다 이 | 길게는 안 핸
거 저기 가이 | 옷에 배어 인 | 거 뭐 실장 | 게난 고마운 그 | 허지 말아야 돼 | 경 허난 이젠
야이 왜 이러맨? | 아예 안 먹언? | 가는 것도 이 | 아 기 몰랐져 | 겨울 되면 이 | 겅 고라났거든
맨유 왜 간? | 그 우에 이제 | 한 대 맞았을 삘 | 가지면 좋지 | 거난 그거는 뭐 | 겐디 그 거리를
아 전화와네 | 어멍 게 | 응 좀 닮아젼 | 혼 시간 혼 시간 | 언제부터 겅 핸 | 어디서 봔 그거
몇 번 다년? | 거 뭔지 알맨 | 응 딱 넘길거. | 야 이거 기? | 무시거 그냥 놔? | 음 병원 가라게.
경 허니까 이제 | 겅 한거 닮. | 아직도 안 끝난? | 게난 그 막 진짜
""")
STANDARD = sentences("""
강기사 있지? | 겡 그럴 때도 | 하지마. | 어 유 영상으로 | 레시피를 따라서 | 네? 제가요? | 약간 연재
너는 처음에 | 하는 곳이었는데 | 잘 말할 것 아니 | 가두루 | 우리 티비 타자 | 엄마 닮았구만?
와 미쳤다. | 그 거 보면서? | 내 체형이 | 오늘 여기 왔어? | 난 한 번도 | 헛살 컹 죽고
그 뒤에 보면은 | 어. 불 쬐면서? | 이게 기종이 | 감격했냐? | 교수님이 | 근데 그게 아마
나 째려봐 봐 막 | 네 저는 | 답답해 증말 | 자격증보다는 | 아무 것도? | 의자를 가져와.
어머 그거 뭐야? | 해 가지고 그냥 | 고작 오 프로? | 부탁을 해가지고 | 음식은 잘 맞아?
아 그거 뭐더라? | 귤 먹을래? | 다 안 좋았고 | 참 참.
""")


@dataclass
class Stores:
    """The fixture's tracking store and Optuna storage, and what went into them."""

    tracking_uri: str
    storage: str
    base_model: str
    singles: list[ClassifierResult]
    study: optuna.Study
    translator_run: str


def two_class_sentences() -> pd.DataFrame:
    """40 Jeju and 40 standard sentences: from the shipped sample when there is one, else the literals above."""
    per_class = PER_CLASS_TRAIN + PER_CLASS_VALIDATION
    sample_file = SAMPLES / "classification_sample.csv"
    if sample_file.is_file():
        sample = pd.read_csv(sample_file)
        picked = sample[sample["label"].isin(["jeju", "standard"])].groupby("label").head(per_class)
        if picked["label"].value_counts().min() >= per_class:
            return picked[["text", "label"]].reset_index(drop=True)
    return pd.DataFrame({"text": JEJU + STANDARD, "label": ["jeju"] * len(JEJU) + ["standard"] * len(STANDARD)})


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory) -> Path:
    """A real, randomly initialised one-layer BERT (hidden size 32) with the project's tokenizer."""
    folder = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = AutoTokenizer.from_pretrained(str(MODELS / "tokenizer"))
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=160,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    BertForMaskedLM(config).save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def stores(tmp_path_factory, tiny_bert: Path) -> Stores:
    """Two single runs (2 epochs, different learning rates) and a two-trial search, all really trained (on
    one thread: the machine is shared), and a translator run in progress."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return make_stores(tmp_path_factory.mktemp("experiments"), tiny_bert)
    finally:
        torch.set_num_threads(threads)


def make_stores(folder: Path, tiny_bert: Path) -> Stores:
    sentences = two_class_sentences()
    validation = sentences.groupby("label").tail(PER_CLASS_VALIDATION)
    sentences.drop(validation.index).to_csv(folder / "train.csv", index=False)
    validation.to_csv(folder / "validation.csv", index=False)
    tracking_uri, storage = f"sqlite:///{folder / 'mlflow.db'}", f"sqlite:///{folder / 'optuna.db'}"
    # Artifacts go next to the store, not into ./mlruns of the working directory.
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.create_experiment("dialect-classifier", artifact_location=str(folder / "artifacts"))
    base = ClassifierArguments(
        model_name_or_path=str(tiny_bert),
        train_file=folder / "train.csv",
        validation_file=folder / "validation.csv",
        num_train_epochs=2,
        train_batch_size=16,
        logging_steps=2,
        max_length=32,
        tracking_uri=tracking_uri,
    )
    singles = [
        train_classifier(replace(base, learning_rate=rate, run_name=f"tiny-{rate:g}", output_dir=folder / f"{rate:g}"))
        for rate in LEARNING_RATES
    ]
    search = SearchArguments(
        study_name=STUDY,
        storage=storage,
        n_trials=2,
        parameters=["learning_rate", "train_batch_size"],
        batch_sizes=[8, 16],
    )
    study = run_search(replace(base, output_dir=folder / "search"), search)
    return Stores(tracking_uri, storage, str(tiny_bert), singles, study, running_translator(tracking_uri, folder))


def running_translator(tracking_uri: str, folder: Path) -> str:
    """A translator run still in progress: evaluated twice within its first epoch (both at step 0)."""
    client = mlflow.MlflowClient(tracking_uri)
    experiment = client.create_experiment("dialect-translator", artifact_location=str(folder / "translator"))
    run_id = client.create_run(experiment, run_name="translator-live").info.run_id
    client.log_param(run_id, "batch_size", "64")
    client.log_param(run_id, "learning_rate", "0.0007")
    for chrf in (12.5, 20.0):
        client.log_metric(run_id, "chrf", chrf, step=0)
    return run_id


def test_runs_table_has_every_run_with_its_hyperparameters_and_best_scores(stores):
    table = runs_table(stores.tracking_uri)
    assert list(table.columns) == list(COLUMNS)
    assert sorted(table["kind"]) == ["single", "single", "trial", "trial"]
    singles = table[table["kind"] == "single"].set_index("run_id")
    for result, rate in zip(stores.singles, LEARNING_RATES, strict=True):
        row = singles.loc[result.run_id]
        assert row["name"] == f"tiny-{rate:g}" and row["status"] == "finished"
        assert row["learning_rate"] == pytest.approx(rate)
        assert row["best_accuracy"] == pytest.approx(result.metrics["accuracy"])
        assert row["batch_size"] == 16 and row["epochs"] == 2 and row["optimizer"] == "adamw"
        assert row["model"] == stores.base_model and pd.isna(row["search"]) and row["duration_seconds"] > 0
    trials = table[table["kind"] == "trial"]
    assert set(trials["search"]) == {STUDY} and set(trials["batch_size"]) <= {8, 16}
    assert table["start_time"].is_monotonic_decreasing
    with_searches = runs_table(stores.tracking_uri, include_searches=True)
    assert list(with_searches.loc[with_searches["kind"] == "search", "name"]) == [STUDY]
    assert set(latest_finished(table, 3)) <= set(table["run_id"]) and len(latest_finished(table, 3)) == 3


def test_epoch_curves_have_one_point_per_epoch_and_run(stores):
    run_ids = [result.run_id for result in stores.singles]
    curves = epoch_curves(stores.tracking_uri, run_ids, ["accuracy", "loss", "train_loss_epoch"])
    assert set(curves["name"]) == {f"tiny-{rate:g}" for rate in LEARNING_RATES}
    for (_, _metric), points in curves.groupby(["run_id", "metric"]):
        assert list(points["epoch"]) == [1, 2]
    assert len(curves) == 2 * 3 * 2
    assert curves.loc[curves["metric"] == "accuracy", "value"].between(0, 1).all()


def test_translator_runs_in_progress_are_listed_with_their_evaluations(stores):
    table = runs_table(stores.tracking_uri, experiment="dialect-translator")
    assert {"chrf", "bleu"} <= set(table.columns) and len(table) == 1
    row = table.iloc[0]
    assert row["run_id"] == stores.translator_run and row["status"] == "running" and row["duration_seconds"] >= 0
    assert row["batch_size"] == 64 and row["chrf"] == 20.0 and pd.isna(row["best_accuracy"])
    assert latest_finished(table) == []
    kept = epoch_curves(stores.tracking_uri, [stores.translator_run], ["chrf"], dedupe=False)
    assert list(kept["epoch"]) == [0, 0] and list(kept["order"]) == [1, 2] and list(kept["value"]) == [12.5, 20.0]
    assert list(epoch_curves(stores.tracking_uri, [stores.translator_run], ["chrf"])["value"]) == [20.0]
    figure = charts.metric_curves(kept, ["chrf"], "chrF", x="order")
    assert len(figure.data) == 1 and list(figure.data[0].x) == [1, 2]


def test_a_run_whose_training_process_died_reads_as_interrupted(tmp_path):
    client = mlflow.MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    experiment = client.create_experiment("dialect-translator", artifact_location=str(tmp_path / "artifacts"))
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    tags = {
        "live": process_tags(),
        "dead": {**process_tags(), "pid": finished.stdout.strip()},
        "elsewhere": {"host": "another-machine", "pid": finished.stdout.strip()},
    }
    for name, run_tags in tags.items():
        client.create_run(experiment, run_name=name, tags=run_tags)
    table = runs_table(f"sqlite:///{tmp_path / 'mlflow.db'}", experiment="dialect-translator")
    statuses = dict(zip(table["name"], table["status"], strict=True))
    assert statuses == {"live": "running", "dead": "interrupted", "elsewhere": "running"}


def test_confusion_matrix_and_per_class_report_cover_the_validation_set(stores):
    result = stores.singles[0]
    labels, matrix = confusion(stores.tracking_uri, result.run_id)
    assert labels == ["standard", "jeju"]
    assert sum(map(sum, matrix)) == 2 * PER_CLASS_VALIDATION
    assert mlflow.get_run(result.run_id).data.params["validation_size"] == str(2 * PER_CLASS_VALIDATION)
    report = per_class_report(stores.tracking_uri, result.run_id)
    assert list(report["label"]) == labels and list(report["support"]) == [10, 10]
    last_epoch = mlflow.MlflowClient(stores.tracking_uri).get_metric_history(result.run_id, "recall_jeju")[-1]
    assert report.set_index("label").loc["jeju", "recall"] == pytest.approx(last_epoch.value)
    assert report[["precision", "recall", "f1"]].stack().between(0, 1).all()


def test_charts_build_from_the_runs(stores):
    table = runs_table(stores.tracking_uri)
    run_ids = [result.run_id for result in stores.singles]
    curves = epoch_curves(stores.tracking_uri, run_ids, ["accuracy", "loss", "train_loss_epoch"])
    accuracy = charts.accuracy_curves(curves)
    assert len(accuracy.data) == 2 and list(accuracy.data[0].x) == [1, 2]
    loss = charts.loss_curves(curves)
    assert len(loss.data) == 4 and {trace.line.dash for trace in loss.data} == {"solid", "dash"}
    scatter = charts.learning_rate_scatter(table)
    assert scatter.layout.xaxis.type == "log"
    assert sum(len(trace.x) for trace in scatter.data) == 4
    assert len(scatter.data) == table["batch_size"].nunique()
    parallel = charts.parallel_coordinates(table)
    dimensions = {dimension.label: dimension for dimension in parallel.data[0].dimensions}
    assert dimensions["학습률 (log)"].ticktext and dimensions["옵티마이저"].ticktext == ("adamw",)
    assert len(parallel.data[0].dimensions[0].values) == 4
    labels, matrix = confusion(stores.tracking_uri, run_ids[0])
    heatmap = charts.confusion_heatmap(labels, matrix)
    assert list(heatmap.data[0].x) == ["표준어", "제주도"]
    assert [sum(row) for row in heatmap.data[0].z] == pytest.approx([100, 100])


def test_optuna_study_is_listed_and_charted(stores):
    assert studies(stores.storage) == [STUDY]
    study = load_study(stores.storage, STUDY)
    trials = trials_table(study)
    assert list(trials["state"]) == ["complete", "complete"] and trials["mlflow_run_id"].notna().all()
    assert len(charts.optimization_history(study).data) >= 1
    assert charts.param_importances(study) is not None
    assert len(charts.intermediate_values(study).data) == 2
    single = optuna.create_study(direction="maximize")
    single.optimize(lambda trial: trial.suggest_float("x", 0, 1), n_trials=1)
    assert charts.param_importances(single) is None
    assert load_study(stores.storage, "no-such-study") is None


def test_missing_stores_read_as_empty_and_are_not_created(tmp_path, stores):
    uri, storage = f"sqlite:///{tmp_path / 'none' / 'mlflow.db'}", f"sqlite:///{tmp_path / 'none' / 'optuna.db'}"
    table = runs_table(uri)
    assert table.empty and list(table.columns) == list(COLUMNS)
    assert epoch_curves(uri, ["abc"], ["accuracy"]).empty
    assert confusion(uri, "abc") is None and per_class_report(uri, "abc").empty
    assert studies(storage) == [] and load_study(storage, STUDY) is None
    assert not (tmp_path / "none").exists()
    assert runs_table(stores.tracking_uri, experiment="no-such-experiment").empty
    assert charts.learning_rate_scatter(table).layout.annotations
    assert charts.parallel_coordinates(table).layout.annotations
    assert charts.accuracy_curves(epoch_curves(uri, [], ["accuracy"])).layout.annotations


def page(monkeypatch, tracking_uri: str, storage: str) -> AppTest:
    monkeypatch.setenv("DIALECT_TRACKING_URI", tracking_uri)
    monkeypatch.setenv("DIALECT_OPTUNA_STORAGE", storage)
    return AppTest.from_file(PAGE, default_timeout=60).run()


def test_page_shows_the_runs_curves_and_study(monkeypatch, stores):
    app = page(monkeypatch, stores.tracking_uri, stores.storage)
    assert not app.exception
    assert "실험" in app.title[0].value
    assert len(app.dataframe) >= 1 and len(app.dataframe[0].value) == 4
    titles = {json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")}
    assert {
        "검증 정확도 (validation accuracy)",
        "최적화 기록 (optimization history)",
        "혼동 행렬 (confusion matrix)",
    } <= titles
    labels = [button.label for button in app.download_button]
    assert "실행 목록 CSV" in labels and labels.count("차트 HTML 내려받기") == len(app.get("plotly_chart"))
    assert len(app.multiselect(key="curve-runs-dialect-classifier").value) == 4
    app.text_input(key="filter-text-dialect-classifier").input("TRIAL").run()
    assert set(app.dataframe[0].value["kind"]) == {"탐색 시행"} and len(app.dataframe[0].value) == 2
    app.text_input(key="filter-text-dialect-classifier").input("")
    app.multiselect(key="filter-kind-dialect-classifier").select("single").run()
    assert not app.exception
    assert set(app.dataframe[0].value["name"]) == {f"tiny-{rate:g}" for rate in LEARNING_RATES}
    assert set(app.multiselect(key="curve-runs-dialect-classifier").value) <= set(app.dataframe[0].value["run_id"])
    app.radio(key="experiment").set_value("dialect-translator").run()
    assert not app.exception
    assert list(app.dataframe[0].value["run_id"]) == [stores.translator_run]
    assert app.multiselect(key="curve-runs-dialect-translator").value == [stores.translator_run] and app.get(
        "plotly_chart"
    )


def test_page_without_runs_says_how_to_start_one(monkeypatch, tmp_path):
    app = page(monkeypatch, f"sqlite:///{tmp_path / 'mlflow.db'}", f"sqlite:///{tmp_path / 'optuna.db'}")
    assert not app.exception
    assert any("python -m train classifier" in info.value for info in app.info)
    assert not (tmp_path / "mlflow.db").exists()
