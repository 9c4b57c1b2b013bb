"""ruff and mypy are part of the test run.

The repository root is the package ``trialkg`` (pyproject maps the name to ``.``), so mypy checks the
tree itself as ``-p trialkg`` from the folder above it: directly when the clone's folder is named
``trialkg`` (git's default), else through one link of that name to the root (no copied files).
"""

import ast
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


def test_layers_import_in_one_direction() -> None:
    """The import-linter contract in pyproject.toml: app, queries, ingest, the store (graph), the vocabulary."""
    if shutil.which("lint-imports") is None:
        pytest.skip("import-linter not installed")
    res = subprocess.run(["lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0 and "1 kept, 0 broken" in res.stdout, res.stdout[-3000:] + res.stderr[-2000:]


_PARTS = ("app", "graph", "ingest", "ontology", "queries")


def _private_imports_across_parts() -> list[str]:
    """``from trialkg.<part>... import _name`` or a ``_module`` on the path, written in another part."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in _PARTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.module is None or not node.module.startswith("trialkg."):
                continue
            target = node.module.split(".")[1:]
            if target[0] == rel.parts[0]:
                continue
            names = [a.name for a in node.names]
            if any(p.startswith("_") for p in target) or any(n.startswith("_") for n in names):
                found.append(f"{rel}:{node.lineno} imports {', '.join(names)} from {node.module}")
    return found


def test_no_part_imports_another_parts_private_names() -> None:
    assert _private_imports_across_parts() == []
