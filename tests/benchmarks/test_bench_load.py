"""The load test in its small mode, so that it cannot rot: 300 mixed good and bad requests against a
real ``trialkg serve``; every request gets the status it must get (and good ones the right rows),
/health answers throughout, memory stays bounded.  No timing assertions: the figures come from the
full run in the README."""

from __future__ import annotations

import re
from pathlib import Path

from trialkg.tests.benchmarks import run_small


def test_load_benchmark_small_mode(tmp_path: Path) -> None:
    text = run_small("bench_load.py", tmp_path / "load.md", timeout=600)
    row = next(ln for ln in text.splitlines() if re.match(r"\| 300 \|", ln))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[1]) >= 50  # bad requests by design, each answered with its expected status
    assert cells[7] == "0"  # errors
    ok, total = map(int, cells[9].split("/"))
    assert ok == total >= 3  # /health answered every time it was asked
    assert cells[-1] == "yes"  # memory bounded
    statuses = text.split("statuses: ")[1]
    for code in ("200", "400", "403", "404", "413", "422", "503"):
        assert f"{code}: " in statuses
