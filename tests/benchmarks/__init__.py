"""Tests of the benchmark scripts, each in its small mode (no timing assertions)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def run_small(script: str, out: Path, *args: str, timeout: int = 900) -> str:
    """``python benchmarks/SCRIPT --small --out OUT ARGS``: the table it wrote, once it ended well."""
    res = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--small", "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return out.read_text(encoding="utf-8")
