"""The offline HTML view opened in headless Debian chromium with every network request refused: it
renders the projection's nodes and edges (counted through the vis-network API), shows the legend,
the search finds a drug, nothing errors, and a screenshot is saved. Also the ontology diagram."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from trialkg.app.export import diagram, viz
from trialkg.app.export.project import project
from trialkg.graph.store import TrialStore
from trialkg.ontology import ontology_dir

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("TRIALKG_TEST_ARTIFACTS", Path(__file__).resolve().parents[3] / "test-artifacts"))


def test_page_is_self_contained_and_data_cannot_become_markup(export_store: TrialStore) -> None:
    g = project(export_store)
    g.nodes["trial/NCT02947685"]["label"] = "PATINA</script><script>alert(1)</script>"
    page = viz.html(g, "t <b>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # no CDN, no remote file
    assert page.count("</script>") == 3  # the data, vis-network and the view's own script
    assert "<title>t &lt;b&gt;</title>" in page


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (apt-get install chromium)")
def test_view_renders_offline_in_headless_chromium(export_store: TrialStore, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    g = project(export_store)
    page_file = tmp_path / "view.html"
    page_file.write_text(viz.html(g, "trialkg: palbociclib"), encoding="utf-8")
    errors: list[str] = []
    refused: list[str] = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def refuse(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        page.route("**/*", refuse)
        page.goto(page_file.as_uri())
        page.wait_for_function("window.trialkgView !== undefined")
        counts = page.evaluate("[trialkgView.nodes.length, trialkgView.edges.length]")
        assert counts == [g.number_of_nodes(), g.number_of_edges()]
        drawn = page.evaluate("Object.keys(trialkgView.network.getPositions()).length")
        assert drawn == g.number_of_nodes()
        assert "Trial (2)" in page.inner_text("#legend") and "Drug (1)" in page.inner_text("#legend")
        page.fill("#search", "palbo")
        assert page.evaluate("trialkgView.network.getSelectedNodes()") == [
            n for n, d in g.nodes(data=True) if "palbo" in d["label"].lower()
        ]
        page.fill("#search", "")
        page.wait_for_timeout(1500)  # let the layout settle for the picture
        inked = page.evaluate(
            """(() => { const c = document.querySelector('#graph canvas');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"""
        )
        assert inked > 5000  # the graph is drawn, not just laid out
        page.screenshot(path=str(ARTIFACTS / "graph-view.png"))
        browser.close()
    assert errors == [] and refused == []
    assert (ARTIFACTS / "graph-view.png").stat().st_size > 10_000


def test_ontology_diagram() -> None:
    g = Graph().parse(ontology_dir() / "trialkg.ttl")
    g.parse(ontology_dir() / "shapes.ttl")
    text = diagram.dot(g)
    assert '"Trial" -> "Arm" [label="hasArm", style=solid];' in text
    assert '"EffectEstimate" -> "Trial" [label="trial", style=solid];' in text
    assert "hrStatus : concept" in text and text == diagram.dot(g)
    if shutil.which("dot"):
        svg = diagram.render(text, "svg")
        assert svg.startswith(b"<?xml") and b"Trial" in svg
