"""Progress a page can follow from another process, and cancellation on request.

The training process writes a small JSON status file (atomically) at every logging step; a stop file,
created by whoever wants the run cancelled, makes the Trainer stop after the current step.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from transformers import TrainerCallback


def write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    """Write JSON so that a concurrent reader sees the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON document at ``path``, or None when it does not exist (yet)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


class ProgressCallback(TrainerCallback):
    """Reports step, epoch, ETA and latest metrics to ``progress_file``; stops when ``stop_file`` appears."""

    def __init__(self, progress_file: Path | None, stop_file: Path | None, extra: dict[str, Any] | None = None) -> None:
        self.progress_file = progress_file
        self.stop_file = stop_file
        self.extra = extra or {}
        self.started = time.time()
        self.latest: dict[str, float] = {}
        self.cancelled = False

    def report(self, state, status: str) -> None:
        """Write the current status (no-op without a progress file)."""
        if self.progress_file is None:
            return
        elapsed = time.time() - self.started
        done = state.global_step / state.max_steps if state.max_steps else 0.0
        eta = elapsed * (1 - done) / done if done > 0 else None
        write_json_atomic(
            self.progress_file,
            {
                **self.extra,
                "status": status,
                "step": state.global_step,
                "max_steps": state.max_steps,
                "epoch": state.epoch or 0.0,
                "elapsed_seconds": round(elapsed, 1),
                "eta_seconds": None if eta is None else round(eta, 1),
                "latest": self.latest,
                "updated": time.time(),
            },
        )

    def on_train_begin(self, args, state, control, **kwargs) -> None:
        self.started = time.time()
        self.report(state, "running")

    def on_log(self, args, state, control, logs=None, **kwargs) -> None:
        self.latest.update({key: float(value) for key, value in (logs or {}).items() if isinstance(value, int | float)})
        self.report(state, "running")

    def on_step_end(self, args, state, control, **kwargs) -> None:
        if self.stop_file is not None and self.stop_file.exists():
            self.cancelled = True
            control.should_training_stop = True
            self.report(state, "cancelling")
