"""Real clients against a real ``trialkg serve``: SPARQLWrapper, rdflib's SPARQLStore, the Python API
on the endpoint URL, the CLI, and the query page in headless Debian chromium (screenshot saved)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from trialkg.app.client import TrialGraph

from .conftest import Server

DESIGN_CARD = """PREFIX tkg: <https://w3id.org/trialkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?acronym ?her2 ?line ?hr WHERE {
  ?trial tkg:acronym ?acronym ; tkg:hasArm/tkg:drug <https://w3id.org/trialkg/id/drug/DB09073> ;
         tkg:hasPopulation ?pop .
  ?pop tkg:her2Status/skos:notation ?her2 ; tkg:lineOfTherapy/skos:notation ?line .
  ?e tkg:trial ?trial ; tkg:statistic/skos:notation "hazard-ratio" ; tkg:value ?hr .
} ORDER BY ?acronym"""
EXPECTED = [("PALMIRA", "negative", "second-line", 0.84), ("PATINA", "positive", "first-line", 0.75)]
ARTIFACTS = Path(os.environ.get("TRIALKG_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


def test_sparqlwrapper(server: Server) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for method in ("GET", POST):
        sw = SPARQLWrapper(server.base + "/sparql")
        sw.setQuery(DESIGN_CARD)
        sw.setReturnFormat(JSON)
        sw.setMethod(method)
        res: Any = sw.query().convert()
        got = [
            (b["acronym"]["value"], b["her2"]["value"], b["line"]["value"], float(b["hr"]["value"]))
            for b in res["results"]["bindings"]
        ]
        assert got == EXPECTED


def test_rdflib_sparqlstore(server: Server) -> None:
    g = Graph(store=SPARQLStore(server.base + "/sparql"))
    rows: list[Any] = list(g.query(DESIGN_CARD))
    got = [(str(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]
    assert got == EXPECTED


def test_python_api_on_the_endpoint(server: Server, example_store: Path) -> None:
    with TrialGraph(server.base + "/sparql") as remote:
        rows = remote.query("trials_by_biomarker_and_line", drug="Ibrance")
        assert [(r["acronym"], r["her2_status"], r["line_of_therapy"], r["hazard_ratio"]) for r in rows] == EXPECTED
        assert remote.trial("PATINA").nct == "NCT02947685"
        with pytest.raises(RuntimeError, match=r"answered 403: .*read-only"):
            remote.ingest([example_store])


def test_design_card_question_through_the_cli(tmp_path: Path) -> None:
    from trialkg.tests.helpers import EXAMPLES

    example_store = tmp_path / "store"  # its own store: the served one is locked by the server process
    subprocess.run(
        [sys.executable, "-m", "trialkg.app.cli", "ingest", str(EXAMPLES), "--store", str(example_store)],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "trialkg.app.cli",
            "query",
            "trials_by_biomarker_and_line",
            "-p",
            "drug=palbociclib",
            "--store",
            str(example_store),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out)
    assert [(r["acronym"], r["her2_status"], r["line_of_therapy"], r["hazard_ratio"]) for r in rows] == EXPECTED


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (apt-get install chromium)")
def test_query_page_in_headless_chromium(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(server.base + "/")
        page.fill("#editor", DESIGN_CARD)
        page.click("#run")
        page.wait_for_selector("#result-table tbody tr")
        rows = page.eval_on_selector_all(
            "#result-table tbody tr", "trs => trs.map(tr => Array.from(tr.cells).map(td => td.textContent))"
        )
        assert [(a, b, c, float(d)) for a, b, c, d in rows] == EXPECTED
        assert "2 rows" in page.inner_text("#status")
        assert page.locator("#downloads a").count() == 4
        options = page.eval_on_selector_all("#examples option", "os => os.map(o => o.textContent)")
        assert any(o.startswith("canned: ") for o in options)
        page.fill("#editor", "SELECT nonsense")
        page.click("#run")
        page.wait_for_selector("#status.error")
        assert "Error 400" in page.inner_text("#status")
        page.fill("#editor", DESIGN_CARD)
        page.click("#run")
        page.wait_for_selector("#result-table tbody tr")
        page.screenshot(path=str(ARTIFACTS / "query-page.png"), full_page=True)
        browser.close()
    assert [e for e in errors if "status of 400" not in e] == []  # only the deliberately bad query failed
    assert len(errors) == 1
    assert all(u.startswith(server.base) for u in requests), [u for u in requests if not u.startswith(server.base)]
    assert (ARTIFACTS / "query-page.png").stat().st_size > 5000


def test_a_served_store_is_shared_by_readers_and_closed_to_writers(server: Server, tmp_path: Path) -> None:
    """The read-only server holds a snapshot: the CLI and the Python API can query the same store,
    a writer is told who holds it, and the store is unchanged."""
    cli = [sys.executable, "-m", "trialkg.app.cli"]
    doc = tmp_path / "note.txt"
    doc.write_text("PATINA: palbociclib plus anti-HER2 therapy (NCT02947685). Median PFS 44.3 months.\n")
    before = TrialGraph(server.store, read_only=True)
    try:
        n = before.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    finally:
        before.close()
    out = subprocess.run([*cli, "ingest", str(doc), "--store", str(server.store)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "in use by another process" in " ".join(out.stderr.split())
    out = subprocess.run(
        [
            *cli,
            "query",
            "trials_by_biomarker_and_line",
            "-p",
            "drug=palbociclib",
            "--store",
            str(server.store),
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert sorted(r["acronym"] for r in json.loads(out.stdout)) == ["PALMIRA", "PATINA"]
    with TrialGraph(server.store, read_only=True) as g:
        assert g.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"] == n
