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


def test_layers_import_in_one_direction(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The import-linter contract in pyproject.toml: app, queries, ingest, the store (graph), the vocabulary
    (run in this interpreter, so it needs no script on PATH)."""
    cli = pytest.importorskip("importlinter.cli")
    monkeypatch.chdir(ROOT)
    code = cli.lint_imports(no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0 and "1 kept, 0 broken" in out, out[-3000:]


_PARTS = ("app", "graph", "ingest", "ontology", "queries")


def _private_imports_across_parts() -> list[str]:
    """``from trialkg.<part>... import _name`` or a ``_module`` on the path, written in another part."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in _PARTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("trialkg."):
                imported = [(node.module.split(".")[1:], [a.name for a in node.names])]
            elif isinstance(node, ast.Import):  # "import trialkg.graph._x"
                imported = [(a.name.split(".")[1:], []) for a in node.names if a.name.startswith("trialkg.")]
            else:
                continue
            for target, names in imported:
                if not target or target[0] == rel.parts[0]:
                    continue
                if any(p.startswith("_") for p in target) or any(n.startswith("_") for n in names):
                    found.append(f"{rel}:{node.lineno} imports {', '.join(names) or '.'.join(target)} from trialkg")
    return found


def test_no_part_imports_another_parts_private_names() -> None:
    assert _private_imports_across_parts() == []
