"""The endpoint benchmark in a small mode, so that it cannot rot: it runs end to end against a real
``oxigraph serve`` and ``trialkg serve`` and every answer matches the embedded store (no timing
assertions here; the figures come from the full run in the README)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_endpoint.py"


@pytest.mark.skipif(shutil.which("oxigraph") is None, reason="the oxigraph server (PyPI oxigraph) is not installed")
def test_endpoint_benchmark_small_mode() -> None:
    cmd = [sys.executable, str(SCRIPT), "--docs", "6", "--requests", "40", "--concurrency", "1,2", "--rounds", "2"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [ln for ln in out.stdout.splitlines() if re.match(r"(oxigraph|trialkg) serve", ln)]
    assert len(lines) == 6  # three routes x two concurrency levels
    for ln in lines:
        assert ln.split()[-1] == "0", ln  # errors column: every answer had the expected rows
        assert float(ln.split()[-6]) > 0  # requests per second
    assert "trials_by_biomarker_and_line=" in out.stdout
