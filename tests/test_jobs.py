"""Background jobs: one at a time, followed through their progress file, failures reported with the log."""

import time

import pytest

from train.jobs import JobBusy, latest_job, start_job, write_dataset_files

from .test_classifier_training import two_class_files


def wait(job, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while job.alive() and time.monotonic() < deadline:
        time.sleep(1)
    return job.status()


def test_second_job_is_refused_while_one_runs_then_allowed(tmp_path, plm_dir, tracking_uri):
    train_file, validation_file = two_class_files(tmp_path)
    arguments = {
        "model_name_or_path": str(plm_dir),
        "train_file": train_file,
        "validation_file": validation_file,
        "num_train_epochs": 1,
        "tracking_uri": tracking_uri,
    }
    jobs_dir = tmp_path / "jobs"
    first = start_job("classifier", arguments, jobs_dir)
    with pytest.raises(JobBusy, match="이미 학습 작업이 실행 중입니다"):
        start_job("classifier", arguments, jobs_dir)
    assert wait(first)["status"] == "finished"
    assert (first.folder / "output" / "model" / "config.json").is_file()
    second = start_job("classifier", {**arguments, "model_name_or_path": str(tmp_path / "missing")}, jobs_dir)
    assert latest_job(jobs_dir).job_id == second.job_id
    status = wait(second)
    assert status["status"] == "failed" and "missing" in status["error"]


def test_dataset_files_are_stratified_and_written_once(tmp_path, monkeypatch):
    import pandas as pd

    monkeypatch.setenv("DIALECT_RUNS_DIR", str(tmp_path))
    frame = pd.DataFrame({"text": [f"문장 {i}" for i in range(40)], "label": ["jeju", "standard"] * 20})
    train_file, validation_file = write_dataset_files(frame, validation_share=0.25, seed=1)
    validation = pd.read_csv(validation_file, sep="\t")
    assert sorted(validation["label"].value_counts().tolist()) == [5, 5]
    assert len(pd.read_csv(train_file, sep="\t")) == 30
    assert write_dataset_files(frame, validation_share=0.25, seed=1) == (train_file, validation_file)
