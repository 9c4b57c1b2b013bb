"""ruff and mypy are part of the test run (mypy checks a symlinked tree under the package name)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"ontology": "ontology", "ingest": "ingest", "graph": "graph", "queries": "queries", "tests": "tests"}


def test_ruff() -> None:
    if shutil.which("ruff") is None:
        pytest.skip("ruff not installed")
    res = subprocess.run(["ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run(["ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    tree = tmp_path / "trialkg"
    shutil.copytree(ROOT / "trialkg", tree)
    for name, folder in PACKAGES.items():
        os.symlink(ROOT / folder, tree / name)
    res = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "-p", "trialkg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout[-5000:] + res.stderr[-2000:]
