"""Labelled training files (text, label) read through the same checks as a page upload."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dialect.upload import MIN_ROWS_PER_CLASS, read_dataset


def load_labelled(path: Path, min_rows_per_class: int = MIN_ROWS_PER_CLASS) -> pd.DataFrame:
    """Read a labelled file through the upload reader; raise ``ValueError`` listing its errors."""
    dataset = read_dataset(path, min_rows_per_class=min_rows_per_class)
    errors = [problem.message for problem in dataset.problems if problem.level == "error"]
    if errors:
        raise ValueError(f"{path}: " + " / ".join(errors))
    return dataset.frame
