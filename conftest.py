"""Shared pytest helpers: where the real data lives, and how a test asks for it.

The real public copies of tiktok_dataset.csv are read from ../shared/data at run time and never
committed. A fresh clone has no ../shared: there the real-data tests skip and say why. In CI
(CI=true) the files are always present, so a missing file fails the test instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
REAL_COPIES = (
    "tiktok_dataset.csv",
    "tiktok_dataset_indexed.csv",
    "tiktok_dataset_id_header.csv",
)
SAMPLE_CSV = REPO_ROOT / "data" / "tiktok_sample.csv"


def real_copy(name: str = "tiktok_dataset.csv") -> Path:
    """Path of a real copy, or skip (fail under CI=true) when ../shared/data is absent."""
    path = SHARED_DATA / name
    if path.is_file():
        return path
    message = f"real data file {path} is not there (a user's fresh clone has no ../shared/data)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(params=REAL_COPIES)
def real_csv(request: pytest.FixtureRequest) -> Path:
    """Each of the three real copies in turn."""
    return real_copy(request.param)
