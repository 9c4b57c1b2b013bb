"""The scale benchmark in its small mode, so that it cannot rot: a synthetic corpus is ingested by one
process and by the parallel pipeline (same store content, checked by the script), recall is scored
against the generator's facts, and every canned query gives the same rows on Oxigraph and on the
rdflib baseline.  No timing assertions: the figures come from the full run in the README."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scale.py"


def test_scale_benchmark_small_mode(tmp_path: Path) -> None:
    table = tmp_path / "scale.md"
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--small", "--workers", "2", "--out", str(table)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    text = table.read_text(encoding="utf-8")
    row = next(ln for ln in text.splitlines() if re.match(r"\| 30 \| \d+ \|", ln))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[1]) >= 30  # documents: an abstract per trial, plus news and registry records
    assert float(cells[2].rstrip("%")) >= 95.0  # recall of the stated facts
    assert int(cells[6].replace(",", "")) > 10_000  # quads written
    # CPU per document (machine and writing process, both runs) and the ceiling it allows: all measured
    cpu_head = next(i for i, ln in enumerate(text.splitlines()) if ln.startswith("| trials | 1 process: machine"))
    cpu = [c.strip() for c in text.splitlines()[cpu_head + 2].strip("|").split("|")]
    assert cpu[0] == "30" and all(float(c) > 0 for c in cpu[1:])
    queries = [ln for ln in text.splitlines() if ln.startswith("| trial_") or ln.startswith("| trials_")]
    assert len(queries) >= 10
    biomarker = next(ln for ln in queries if ln.startswith("| trials_by_biomarker_and_line "))
    assert int(biomarker.split("|")[2]) > 0  # palbociclib trials found at this size
