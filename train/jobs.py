"""Background training jobs for the Train page: one at a time, in their own process, found again after reloads.

A job is ``python -m train <kind> <args.json>`` started in a new session, so it survives the page being left
or reloaded. Its folder under ``runs/jobs/<id>`` holds the arguments, the log, the progress file the trainer
writes and, on cancellation, the stop file the trainer watches.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import psutil
from sklearn.model_selection import train_test_split

from train.progress import read_json, write_json_atomic
from train.stores import runs_dir

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KINDS = ("classifier", "search")


class JobBusy(RuntimeError):
    """Another training job is still running."""


@dataclass(frozen=True)
class Job:
    """A started job: its id, kind, process and files."""

    job_id: str
    kind: str
    pid: int
    folder: Path
    started: float

    @property
    def progress_file(self) -> Path:
        return self.folder / "progress.json"

    @property
    def stop_file(self) -> Path:
        return self.folder / "stop"

    @property
    def log_file(self) -> Path:
        return self.folder / "train.log"

    def alive(self) -> bool:
        """True while the training process runs (a finished child is reaped, not counted)."""
        with suppress(ChildProcessError):
            os.waitpid(self.pid, os.WNOHANG)
        try:
            return psutil.Process(self.pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    def status(self) -> dict[str, Any]:
        """The trainer's latest progress; ``failed`` with the log's tail if the process died without saying so."""
        progress = read_json(self.progress_file) or {"status": "starting"}
        if not self.alive() and progress.get("status") in {"starting", "running", "cancelling"}:
            tail = self.log_file.read_text(encoding="utf-8", errors="replace")[-1500:] if self.log_file.exists() else ""
            progress = {**progress, "status": "failed", "error": tail or "the training process ended unexpectedly"}
        return progress

    def cancel(self) -> None:
        """Ask the trainer to stop after its current step (it keeps the best checkpoint)."""
        self.stop_file.touch()


@contextmanager
def _jobs_lock(jobs_dir: Path):
    jobs_dir.mkdir(parents=True, exist_ok=True)
    with open(jobs_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_dataset_files(frame: pd.DataFrame, validation_share: float = 0.1, seed: int = 42) -> tuple[Path, Path]:
    """Split a validated upload (text, label) into stratified train/validation TSVs under ``runs/datasets``.

    The files are named by the content's hash, so the same upload is written once and every run on it, and
    the comparison with the active model, use the same validation sentences.
    """
    digest = hashlib.sha1(frame.to_csv(index=False).encode("utf-8")).hexdigest()[:12]
    folder = runs_dir() / "datasets" / f"{digest}-{seed}"
    train_file, validation_file = folder / "train.tsv", folder / "validation.tsv"
    if not validation_file.exists():
        train, validation = train_test_split(
            frame, test_size=validation_share, stratify=frame["label"], random_state=seed
        )
        folder.mkdir(parents=True, exist_ok=True)
        train.to_csv(train_file, sep="\t", index=False)
        validation.to_csv(validation_file, sep="\t", index=False)
    return train_file, validation_file


def latest_job(jobs_dir: Path | None = None) -> Job | None:
    """The most recently started job (in ``runs/jobs`` unless ``jobs_dir`` is given), running or not."""
    jobs_dir = jobs_dir or runs_dir() / "jobs"
    record = read_json(jobs_dir / "latest.json")
    if record is None:
        return None
    return Job(record["job_id"], record["kind"], record["pid"], Path(record["folder"]), record["started"])


def start_job(kind: str, arguments: dict[str, Any], jobs_dir: Path | None = None) -> Job:
    """Start ``python -m train <kind>`` with ``arguments``; raise ``JobBusy`` if a job is still running."""
    jobs_dir = jobs_dir or runs_dir() / "jobs"
    if kind not in KINDS:
        raise ValueError(f"job kind must be one of {KINDS}")
    with _jobs_lock(jobs_dir):
        running = latest_job(jobs_dir)
        if running is not None and running.alive():
            raise JobBusy(
                f"이미 학습 작업이 실행 중입니다 ({running.kind}, {running.job_id}). "
                "끝나거나 취소한 뒤 다시 시도하세요 "
                "(a training job is already running; wait for it or cancel it)."
            )
        job_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"
        folder = jobs_dir / job_id
        folder.mkdir(parents=True, exist_ok=False)
        job_arguments = {
            "output_dir": str(folder / "output"),
            **{key: str(value) if isinstance(value, Path) else value for key, value in arguments.items()},
            "progress_file": str(folder / "progress.json"),
            "stop_file": str(folder / "stop"),
        }
        (folder / "args.json").write_text(json.dumps(job_arguments, ensure_ascii=False, indent=1), encoding="utf-8")
        with open(folder / "train.log", "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "train", kind, str(folder / "args.json")],
                cwd=PROJECT_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        job = Job(job_id, kind, process.pid, folder, time.time())
        write_json_atomic(
            jobs_dir / "latest.json",
            {"job_id": job_id, "kind": kind, "pid": process.pid, "folder": str(folder), "started": job.started},
        )
        return job
