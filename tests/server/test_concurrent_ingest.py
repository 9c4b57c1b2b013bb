"""Concurrency: clients query a running ``trialkg serve`` while ``trialkg ingest`` writes into the
same store through it (``--store http://.../sparql`` with the write token).  Readers never see a
document graph in part, nor one without its catalog entry, nor one whose triples are missing from
the union view; canned queries and /health answer throughout; the final store has exactly the
quads of an embedded ingest of the same files.

Small update batches (``TRIALKG_BATCH_BYTES``) and chunks make the ingest many transactions, so the
readers see many intermediate states (the test checks that they did)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import httpx
from trialkg.graph import iris
from trialkg.ontology import TKG
from trialkg.tests.helpers import store_snapshot, synth_corpus

from .conftest import start, stop

CLI = [sys.executable, "-m", "trialkg.app.cli"]
TOKEN = "concurrency-test-token"
STATE = f"""
SELECT ?g (COUNT(*) AS ?n) (SAMPLE(?hash) AS ?committed) WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?g), "{iris.DOC_GRAPH_PREFIX}"))
  OPTIONAL {{ GRAPH <{iris.CATALOG_GRAPH}> {{ ?g <{TKG}rawHash> ?hash }} }}
}} GROUP BY ?g
"""
NOT_IN_UNION = f"""
SELECT (COUNT(*) AS ?n) WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?g), "{iris.DOC_GRAPH_PREFIX}"))
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s a <{iris.tkg("Mention")}> }} }}  # a Mention stays in its graph
  FILTER NOT EXISTS {{ ?s ?p ?o }}
}}
"""


def ingest_cli(corpus: Path, store: str, env: dict[str, str] | None = None) -> None:
    cmd = [*CLI, "ingest", str(corpus), "--store", store, "--chunk-size", "5", "-j", "1"]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]


def test_readers_never_see_a_half_written_document(tmp_path: Path) -> None:
    corpus = synth_corpus(tmp_path / "corpus", 40)
    ingest_cli(corpus, str(tmp_path / "reference"))
    reference = store_snapshot(tmp_path / "reference")
    sizes = {g: len(ts) for g, ts in reference.items() if g.startswith(iris.DOC_GRAPH_PREFIX)}

    served = tmp_path / "served"
    proc, base = start(served, "--write-token", TOKEN)
    stop_reading = threading.Event()
    seen_counts: Counter[int] = Counter()
    problems: list[str] = []
    answered = Counter[str]()

    def read() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while not stop_reading.is_set():
                r = c.post("/sparql", data={"query": STATE})
                if r.status_code != 200:
                    problems.append(f"state query: {r.status_code} {r.text[:200]}")
                    continue
                rows = r.json()["results"]["bindings"]
                seen_counts[len(rows)] += 1
                for row in rows:
                    g, n = row["g"]["value"], int(row["n"]["value"])
                    if n != sizes.get(g) or "committed" not in row:
                        problems.append(f"{g}: {n} of {sizes.get(g)} triples, committed={'committed' in row}")
                r = c.post("/sparql", data={"query": NOT_IN_UNION})
                if r.status_code != 200 or r.json()["results"]["bindings"][0]["n"]["value"] != "0":
                    problems.append(f"document triples missing from the union view: {r.text[:200]}")
                r = c.get("/queries/trials_by_biomarker_and_line", params={"drug": "palbociclib"})
                answered[f"canned {r.status_code}"] += 1
                answered[f"health {c.get('/health').status_code}"] += 1

    readers = [threading.Thread(target=read) for _ in range(2)]
    try:
        for t in readers:
            t.start()
        env = {**os.environ, "TRIALKG_WRITE_TOKEN": TOKEN, "TRIALKG_BATCH_BYTES": "20000"}
        ingest_cli(corpus, base + "/sparql", env)
    finally:
        stop_reading.set()
        for t in readers:
            t.join(timeout=60)
        stop(proc)
    assert problems == []
    assert set(answered) == {"canned 200", "health 200"}, answered
    intermediate = [k for k in seen_counts if 0 < k < len(sizes)]
    assert len(intermediate) >= 3, seen_counts  # the readers did look while the documents arrived
    assert store_snapshot(served) == reference


def test_a_wrong_token_writes_nothing(tmp_path: Path) -> None:
    proc, base = start(tmp_path / "served", "--write-token", TOKEN)
    try:
        env = {**os.environ, "TRIALKG_WRITE_TOKEN": "not-the-token"}
        doc = Path(__file__).resolve().parents[1] / "fixtures" / "conflicting_hr.txt"
        out = subprocess.run(
            [*CLI, "ingest", str(doc), "--store", base + "/sparql"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        stop(proc)
    assert out.returncode != 0
    assert "403" in out.stderr and "write token" in out.stderr
    assert not any(g.startswith(iris.DOC_GRAPH_PREFIX) for g in store_snapshot(tmp_path / "served"))
