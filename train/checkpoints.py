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


def staged_copy(model_dir: Path, active_dir: Path) -> Path:
    """A fresh copy of ``model_dir`` in ``<active>.staging``, to change and then publish over ``active_dir``."""
    staging = active_dir.with_name(active_dir.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(model_dir, staging)
    return staging


def activate_model(model_dir: Path, active_dir: Path) -> None:
    """Copy a finished model over the active one atomically, keeping the previous as ``<active>.previous``."""
    publish_model(staged_copy(model_dir, active_dir), active_dir)


def restore_previous(active_dir: Path) -> None:
    """Swap the active model and ``<active>.previous`` back (undo the last activation)."""
    previous = active_dir.with_name(active_dir.name + ".previous")
    if not previous.is_dir():
        raise FileNotFoundError(f"no previous model to restore next to {active_dir}")
    swap = active_dir.with_name(active_dir.name + ".swap")
    active_dir.rename(swap)
    previous.rename(active_dir)
    swap.rename(previous)
