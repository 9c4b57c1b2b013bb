"""The store-write benchmark in its small mode, so that it cannot rot: a synthetic corpus is mapped by the
ingest's worker function and written three ways into fresh stores; the script itself refuses a bulk
write that stores other quads than the per-document updates.  No timing assertions: the figures come
from the full run in the README."""

from __future__ import annotations

import re
from pathlib import Path

from trialkg.tests.benchmarks import run_small


def _rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for ln in text.splitlines():
        if ln.startswith("| ") and not ln.startswith("| write "):
            cells = [c.strip() for c in ln.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def test_write_benchmark_small_mode(tmp_path: Path) -> None:
    text = run_small("bench_write.py", tmp_path / "write.md", "--workers", "2", timeout=600)
    rows = _rows(text)
    bulk, no_copy, base = (
        rows["bulk (ingest's write)"],
        rows["bulk, no union copy"],
        rows["one update per document (baseline)"],
    )
    quads = {name: int(r[7].replace(",", "")) for name, r in rows.items()}
    assert len(set(quads.values())) == 1 and quads["bulk (ingest's write)"] > 5_000  # same document graphs
    default = [int(r[8].replace(",", "")) for r in (bulk, no_copy, base)]
    # the union view holds the document graphs' facts beside the ontology's, not the triples about their
    # Mentions (about two thirds of a document graph)
    facts = default[0] - default[1]
    assert (
        default[0] == default[2] and quads["bulk (ingest's write)"] // 5 < facts < quads["bulk (ingest's write)"] // 2
    )
    assert base[4] == "1.00x"
    for r in (bulk, no_copy, base):
        assert float(r[0]) > 0 and float(r[1]) > 0 and float(r[3]) >= 0  # wall, CPU, optimize per document
        if r[2] != "n/a":  # (read from Linux's /proc)
            assert 0 <= float(r[2]) <= float(r[1])  # the store threads' share of the process's CPU
    assert "compared whole" in text  # the bulk write and the baseline hold the same quads
    ceiling = re.search(r"at most (\d+) documents/s on (\d+) cores", text)
    assert ceiling and int(ceiling.group(1)) > 0
