"""ruff and mypy are part of the test run.

The repository root is the package ``trialkg`` (pyproject maps the name to ``.``), so mypy checks the
tree itself as ``-p trialkg`` from the folder above it: directly when the clone's folder is named
``trialkg`` (git's default), else through one link of that name to the root (no copied files).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff() -> None:
    if shutil.which("ruff") is None:
        pytest.skip("ruff not installed")
    res = subprocess.run(["ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run(["ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    if ROOT.name == "trialkg":
        above = ROOT.parent
    else:
        above = tmp_path
        os.symlink(ROOT, above / "trialkg")
    res = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "-p", "trialkg"],
        cwd=above,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout[-5000:] + res.stderr[-2000:]
