"""Shared fixtures: a tiny collection in a temporary folder, and a copy of the project's data."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.data import paths
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


@pytest.fixture(scope="session")
def rendered_reports(tmp_path_factory) -> Path:
    """Every brief of the project's data (session, quality, corpus, index), rendered once for the
    whole test run by the real `briefs render --all` into a temporary reports folder."""
    out_dir = tmp_path_factory.mktemp("reports")
    briefs = Path(sys.executable).parent / "briefs"
    result = subprocess.run([briefs, "render", "--all", "--out-dir", out_dir], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return out_dir


@pytest.fixture(scope="session")
def seed_brief(rendered_reports) -> Path:
    """The seed session's folder of rendered briefs."""
    return rendered_reports / "ecosoc-pf-2025-sdg8"
