"""Checkpoint look-up for resuming and safe, atomic publishing of finished models."""

from __future__ import annotations

import shutil
from pathlib import Path

from transformers.trainer_utils import get_last_checkpoint


def resumable_checkpoint(output_dir: Path) -> str | None:
    """The newest ``checkpoint-N`` folder in ``output_dir``, or None to start fresh."""
    if not output_dir.is_dir():
        return None
    return get_last_checkpoint(str(output_dir))


def publish_model(staging_dir: Path, target_dir: Path) -> None:
    """Move a finished model into ``target_dir`` atomically, keeping the previous one as ``<target>.previous``.

    A reader of ``target_dir`` sees either the old model or the new one, never a half-written folder.
    """
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    previous = target_dir.with_name(target_dir.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if target_dir.exists():
        target_dir.rename(previous)
    staging_dir.rename(target_dir)
