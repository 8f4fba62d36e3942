"""Shared fixtures: a tiny collection in a temporary folder, and a copy of the project's data."""

import shutil
from pathlib import Path

import pytest

from helpers import paths
from tiny_data import write_collection


@pytest.fixture
def tiny_data_dir(tmp_path) -> Path:
    return write_collection(tmp_path / "data")


@pytest.fixture
def seed_data_copy(tmp_path) -> Path:
    """A copy of the project's data folder that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target, ignore=shutil.ignore_patterns("schemas"))
    return target
