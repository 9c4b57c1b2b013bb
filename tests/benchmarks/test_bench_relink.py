"""The re-link benchmark in its small mode, so that it cannot rot: a synthetic corpus with some trials'
registry ids taken out is ingested, then batches of new trials; the script itself checks that the
re-link check leaves nothing the previous check (every flagged file read again) would move, and that a
late registry record takes its trial's documents.  No timing assertions."""

from __future__ import annotations

from pathlib import Path

from trialkg.tests.benchmarks import run_small


def test_relink_benchmark_small_mode(tmp_path: Path) -> None:
    text = run_small("bench_relink.py", tmp_path / "relink.md", timeout=600)
    rows = [[c.strip() for c in ln.strip("|").split("|")] for ln in text.splitlines() if ln.startswith("| ")]
    batches = [r for r in rows if r[0].isdigit()]
    record = next(r for r in rows if r[0] == "record")
    assert len(batches) == 2 and all(int(r[1]) > 0 and int(r[2]) > 0 and r[5] == "0" for r in batches)
    assert int(record[5]) >= 1  # the late record's documents moved to its trial
    assert "The previous check's work on the same store" in text
