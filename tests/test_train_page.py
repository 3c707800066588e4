"""Streamlit AppTest of the Train page: sample data, bad uploads with their messages, a tiny job end to end."""

import json
import time

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from train import jobs

from .conftest import ROOT, SAMPLES

PAGE = str(ROOT / "pages" / "1_Train.py")
FEW_ROWS = "문장\t지역\n내가 돈을 달라 했나?\t경상\n자기 의견이 좋아마씀\t제주\n"
GYEONGSANG = pd.read_csv(SAMPLES / "classification_sample.csv").query("label == 'gyeongsang'")["text"]
ONE_CLASS = "text,label\n" + "".join(f"{text},경상도\n" for text in GYEONGSANG[:20])


@pytest.fixture
def isolated_jobs(tmp_path, monkeypatch, tracking_uri):
    """Jobs, datasets and tracking of this test only."""
    monkeypatch.setenv("DIALECT_RUNS_DIR", str(tmp_path))
    monkeypatch.setenv("DIALECT_TRACKING_URI", tracking_uri)
    return tmp_path


def page() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.run()
    assert not app.exception
    return app


def test_sample_dataset_is_previewed_with_its_label_counts(isolated_jobs):
    app = page()
    assert "학습 (Train)" in app.title[0].value
    assert any("4,000개 문장" in caption.value for caption in app.caption)
    assert not app.error
    start = next(button for button in app.button if button.label == "학습 시작")
    assert not start.disabled


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("empty.csv", b"", "빈 파일"),
        ("one_class.csv", ONE_CLASS.encode("cp949"), "하나뿐"),
        ("few.tsv", FEW_ROWS.encode("euc-kr"), "이상이 필요합니다"),
        ("columns.csv", b"foo,bar,baz\n1,2,3\n", "문장 열을 찾지 못했습니다"),
    ],
)
def test_bad_upload_shows_its_message_and_blocks_training(isolated_jobs, filename, content, message):
    app = page()
    app.radio[0].set_value("파일 올리기").run()
    app.file_uploader[0].upload(filename, content).run()
    assert not app.exception
    assert any(message in error.value for error in app.error), [error.value for error in app.error]
    start = next(button for button in app.button if button.label == "학습 시작")
    assert start.disabled


def small_upload() -> bytes:
    """40 real Jeju and 40 real standard sentences from the shipped sample, as a CSV upload."""
    sample = pd.read_csv(SAMPLES / "classification_sample.csv")
    picked = sample[sample["label"].isin(["jeju", "standard"])].groupby("label").head(40)
    return picked.to_csv(index=False).encode("utf-8")


def test_tiny_job_started_from_the_page_completes_and_shows_on_the_experiments_page(isolated_jobs):
    app = page()
    app.radio[0].set_value("파일 올리기").run()
    app.file_uploader[0].upload("tiny.csv", small_upload()).run()
    epochs = next(slider for slider in app.slider if slider.label == "에폭")
    epochs.set_value(1).run()
    ngram = next(box for box in app.checkbox if box.label == "문자 n-gram 증거 결합")
    assert ngram.value is True
    ngram.uncheck().run()
    next(button for button in app.button if button.label == "학습 시작").click().run()
    assert not app.exception and not app.error
    job = jobs.latest_job(isolated_jobs / "jobs")
    assert job is not None and job.kind == "classifier"
    assert json.loads((job.folder / "args.json").read_text(encoding="utf-8"))["ngram_evidence"] is False
    deadline = time.monotonic() + 300
    while job.status()["status"] not in {"finished", "failed"} and time.monotonic() < deadline:
        time.sleep(2)
    assert job.status()["status"] == "finished", job.log_file.read_text(encoding="utf-8")[-2000:]

    experiments = AppTest.from_file(str(ROOT / "pages" / "2_Experiments.py"), default_timeout=60)
    experiments.run()
    assert not experiments.exception
    assert not any("아직 기록된 실행이 없습니다" in info.value for info in experiments.info)
    assert experiments.get("plotly_chart"), "the run's curves are drawn"
