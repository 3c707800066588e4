"""Where runs and searches are stored: the MLflow and Optuna SQLite stores, resolved when asked.

Light on purpose (no MLflow, Optuna or transformers import), so pages can find the stores quickly. The
environment variables are read on every call, so tests and deployments can point elsewhere at any time.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRACKING_ENV = "DIALECT_TRACKING_URI"
STORAGE_ENV = "DIALECT_OPTUNA_STORAGE"
RUNS_ENV = "DIALECT_RUNS_DIR"


def runs_dir() -> Path:
    """Where jobs, datasets and checkpoints of page-started runs live: ``$DIALECT_RUNS_DIR`` or ``runs/``."""
    return Path(os.environ.get(RUNS_ENV) or PROJECT_ROOT / "runs")


def absolute_uri(uri: str, root: Path = PROJECT_ROOT) -> str:
    """A ``sqlite:///relative/path`` made absolute against ``root``; other URIs unchanged."""
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:////"):
        relative = uri.removeprefix("sqlite:///")
        if relative and relative != ":memory:":
            return f"sqlite:///{(root / relative).resolve()}"
    return uri


def tracking_uri() -> str:
    """The MLflow tracking URI: ``$DIALECT_TRACKING_URI`` or ``runs/mlflow.db`` in the project."""
    return absolute_uri(os.environ.get(TRACKING_ENV) or "sqlite:///runs/mlflow.db")


def optuna_storage() -> str:
    """The Optuna storage URL: ``$DIALECT_OPTUNA_STORAGE`` or ``runs/optuna.db`` in the project."""
    return absolute_uri(os.environ.get(STORAGE_ENV) or "sqlite:///runs/optuna.db")


def sqlite_path(uri: str) -> Path | None:
    """The database file of a ``sqlite:///`` URI, None for other stores."""
    if not uri.startswith("sqlite:///"):
        return None
    path = uri.removeprefix("sqlite:///").split("?", 1)[0]
    return None if path == ":memory:" else Path(path)


def store_exists(uri: str) -> bool:
    """False for a SQLite URI whose file does not exist (reading it would create it); True otherwise."""
    path = sqlite_path(uri)
    return path is None or path.is_file()


def artifact_root(uri: str) -> str | None:
    """Where run artifacts go: an ``artifacts`` folder next to a SQLite store (None lets MLflow decide)."""
    path = sqlite_path(uri)
    return (path.parent / "artifacts").resolve().as_uri() if path is not None else None
