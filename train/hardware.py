"""Device and precision choices: CPU here, mixed precision where a GPU exists."""

from __future__ import annotations

import torch


def device_name() -> str:
    """``cuda`` when a GPU is visible, ``mps`` on Apple silicon, otherwise ``cpu``."""
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def mixed_precision_flags(precision: str = "auto") -> dict[str, bool]:
    """``bf16``/``fp16`` flags for ``TrainingArguments``.

    ``auto`` picks bf16 on a GPU that supports it, fp16 on other GPUs and full precision on CPU;
    ``bf16``, ``fp16`` and ``no`` force a choice.
    """
    if precision == "auto":
        if not torch.cuda.is_available():
            return {"bf16": False, "fp16": False}
        precision = "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    if precision not in {"bf16", "fp16", "no"}:
        raise ValueError(f"precision must be auto, bf16, fp16 or no, not {precision!r}")
    return {"bf16": precision == "bf16", "fp16": precision == "fp16"}
