"""Regenerate the README's pictures: docs/ontology.svg (Graphviz, from ontology/trialkg.ttl and its
shapes) and docs/drug-view.png (the palbociclib view of the seed graph in headless chromium).

Usage: python docs/make_pictures.py [--seeds ../shared/seeds]   (needs graphviz and chromium)
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from rdflib import Graph
from trialkg.app.client import TrialGraph
from trialkg.app.export import diagram, viz
from trialkg.app.export.project import project
from trialkg.app.export.select import trials
from trialkg.graph.store import TrialStore
from trialkg.ontology import ontology_dir

DOCS = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=DOCS.parent.parent / "shared" / "seeds")
    args = ap.parse_args()
    g = Graph().parse(ontology_dir() / "trialkg.ttl")
    g.parse(ontology_dir() / "shapes.ttl")
    (DOCS / "ontology.svg").write_bytes(diagram.render(diagram.dot(g), "svg"))
    print("docs/ontology.svg")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        with TrialGraph(store) as tg:
            tg.ingest([args.seeds])
        with TrialStore(store, read_only=True) as st:
            view = project(st, trials(st, drug=["palbociclib"]))
        page = Path(tmp) / "view.html"
        page.write_text(viz.html(view, "trialkg: palbociclib (seed documents)"), encoding="utf-8")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            tab.goto(page.as_uri())
            tab.wait_for_function("window.trialkgView !== undefined")
            tab.wait_for_timeout(2500)
            tab.screenshot(path=str(DOCS / "drug-view.png"))
            browser.close()
    print(f"docs/drug-view.png ({view.number_of_nodes()} nodes, {view.number_of_edges()} edges)")


if __name__ == "__main__":
    main()
