"""The load test in its small mode, so that it cannot rot: 300 mixed good and bad requests against a
real ``trialkg serve``; every request gets the status it must get (and good ones the right rows),
/health answers throughout, memory stays bounded.  No timing assertions: the figures come from the
full run in the README."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_load.py"


def test_load_benchmark_small_mode(tmp_path: Path) -> None:
    table = tmp_path / "load.md"
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--small", "--out", str(table)], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    row = next(ln for ln in table.read_text(encoding="utf-8").splitlines() if re.match(r"\| 300 \|", ln))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[1]) >= 50  # bad requests by design, each answered with its expected status
    assert cells[7] == "0"  # errors
    ok, total = map(int, cells[9].split("/"))
    assert ok == total >= 3  # /health answered every time it was asked
    assert cells[-1] == "yes"  # memory bounded
    statuses = table.read_text(encoding="utf-8").split("statuses: ")[1]
    for code in ("200", "400", "403", "404", "413", "422", "503"):
        assert f"{code}: " in statuses
