"""Shared fixtures: paths of the shipped models and sample data, and an isolated tracking store per test."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture
def tracking_uri(tmp_path: Path) -> str:
    """An MLflow SQLite store of the test's own."""
    return f"sqlite:///{tmp_path / 'mlflow.db'}"


@pytest.fixture(scope="session")
def plm_dir() -> Path:
    """The shipped pretrained Korean PLM."""
    return MODELS / "plm"
