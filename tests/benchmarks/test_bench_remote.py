"""The remote-store benchmark in its small mode, so that it cannot rot: a synthetic corpus ingested into a
real ``oxigraph serve`` on 127.0.0.1 and into the embedded store, then dumped three ways; the script
itself refuses dumps that differ.  No timing assertions: the figures come from the full run in the
README."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from trialkg.tests.benchmarks import run_small


def _rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for ln in text.splitlines():
        if ln.startswith("| ") and not ln.startswith(("| ingest into ", "| dump from ")):
            cells = [c.strip() for c in ln.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.skipif(shutil.which("oxigraph") is None, reason="the oxigraph server (PyPI oxigraph) is not installed")
def test_remote_benchmark_small_mode(tmp_path: Path) -> None:
    text = run_small("bench_remote.py", tmp_path / "remote.md", "--workers", "2", timeout=600)
    rows = _rows(text)
    assert set(rows) == {
        "oxigraph serve (SPARQL Update)",
        "embedded store (baseline)",
        "oxigraph serve, Graph Store Protocol",
        "oxigraph serve, CONSTRUCT queries",
        "embedded store dump (baseline)",
    }
    remote, embedded = rows["oxigraph serve (SPARQL Update)"], rows["embedded store (baseline)"]
    assert float(remote[1]) > 0 and float(embedded[1]) > 0 and embedded[2] == "1.00x"
    if sys.platform == "linux":
        assert float(remote[4]) > 0 and embedded[4] == ""  # the server's CPU, read from /proc
    assert (
        rows["embedded store dump (baseline)"][2] == "1.00x"
        and float(rows["oxigraph serve, Graph Store Protocol"][0]) > 0
    )
    quads = int(text.split(" quads without blank nodes")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert quads > 10_000
