"""The split benchmark in its small mode, so that it cannot rot: the script itself checks that the
streamed split and the whole-tree baseline write the same files, that a second pass writes none and
--rct a third, and that the PubMed reader reads a sample of them.  No timing assertions."""

from __future__ import annotations

from pathlib import Path

from trialkg.tests.benchmarks import run_small


def test_split_benchmark_small_mode(tmp_path: Path) -> None:
    text = run_small("bench_split.py", tmp_path / "split.md", timeout=300)
    rows = {r[0]: r[1:] for r in ([c.strip() for c in ln.strip("|").split("|")] for ln in text.splitlines()) if r}
    assert rows["streamed (trialkg split)"][0] == rows["whole tree (baseline)"][0] == "600"
    assert rows["streamed again: every file unchanged"][0] == "0"
    assert rows["streamed, --rct"][0] == "200"
    assert all(float(v[3]) > 0 for k, v in rows.items() if k.startswith(("streamed", "whole")))
    assert "the same files written (checked byte for byte)" in text
