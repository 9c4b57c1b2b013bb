"""Paged listings: on a 420-trial synthetic store, reading every page gives exactly the rows of the
same query with no page limit, each trial on one page only, every page but the last full; bad page
numbers are refused; the CLI and REST routes say where the next page is."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.queries import api, load, names
from trialkg.tests.helpers import synth_corpus

PAGED = {
    "trials_by_population": {"her2_status": "negative"},
    "sources_per_trial": {},
    "primary_endpoint_outcome": {},
    "safety_comparison": {"drug": "palbociclib"},
    "trials_by_biomarker_and_line": {"drug": "palbociclib"},
}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paging")
    corpus = synth_corpus(root / "corpus", 420)
    with TrialStore(root / "store") as st:
        report = ingest([corpus], st)
        assert not report.rejected
    return root / "store"


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=str)


def _unpaged(st: TrialStore, name: str, params: dict[str, str]) -> list[dict[str, Any]]:
    """The query with its page LIMIT raised past the store's size: one page holding everything."""
    q = load(name)
    text, bound = q.prepare(api.bind(st, name, params))
    assert q.page_at is not None
    head = text[: q.page_at]
    cut = re.search(r"LIMIT\s+\d+$", head)
    assert cut, "the page LIMIT ends where page_at says"
    rows: list[dict[str, Any]] = st.query(head[: cut.start()] + "LIMIT 100000000" + text[q.page_at :], bound)
    return rows


def test_the_paged_queries_are_the_listings() -> None:
    assert {n for n in names() if load(n).page_size} == set(PAGED)


@pytest.mark.parametrize("name", sorted(PAGED))
def test_every_page_together_is_the_whole_listing(big: Path, name: str) -> None:
    params = PAGED[name]
    with TrialStore(big, read_only=True) as st:
        whole = _unpaged(st, name, params)
        pages = []
        page = 1
        while True:
            rows = api.run(st, name, **params, page=page)
            pages.append(rows)
            if not api.page_is_full(name, rows):
                break
            page += 1
        trials = [{str(r["trial"]) for r in p} for p in pages]
        size = load(name).page_size or 0
        assert len({str(r["trial"]) for r in whole}) > size, "the listing needs more than one page"
        assert len(pages) >= 2 and all(len(t) == size for t in trials[:-1]) and len(trials[-1]) < size
        assert sum(map(len, trials)) == len(set().union(*trials)), "a trial on two pages"
        assert sorted(map(_key, (r for p in pages for r in p))) == sorted(map(_key, whole))
        assert api.run_all(st, name, **params) == [r for p in pages for r in p]
        assert api.run(st, name, **params, page=page + 5) == []


def test_trialgraph_reads_every_page(big: Path) -> None:
    from trialkg.app.client import TrialGraph

    graph = TrialGraph(big, read_only=True)
    try:
        first = graph.query("trials_by_population", her2_status="negative")
        every = graph.query_all("trials_by_population", her2_status="negative")
    finally:
        graph.close()
    assert len({r["trial"] for r in first}) == 100 < len({r["trial"] for r in every})
    assert every.columns == list(load("trials_by_population").columns) and every[:100] == first[:100]


def test_bad_page_numbers_are_refused(big: Path) -> None:
    with TrialStore(big, read_only=True) as st:
        for bad in ("0", "-1", "two", "1e3", str(api.MAX_PAGE + 1)):
            with pytest.raises(ValueError, match="page"):
                api.run(st, "sources_per_trial", page=bad)


def test_cli_says_where_the_next_page_is(big: Path) -> None:
    from trialkg.app.cli import app
    from typer.testing import CliRunner

    runner = CliRunner()
    first = runner.invoke(app, ["query", "sources_per_trial", "-s", str(big), "-f", "json"])
    assert first.exit_code == 0, first.output
    assert "-p page=2" in first.stderr
    rows = json.loads(first.stdout)
    assert len({r["trial"] for r in rows}) == 100
    every = runner.invoke(app, ["query", "sources_per_trial", "-s", str(big), "-f", "json", "--all"])
    assert every.exit_code == 0 and "page=" not in every.stderr
    assert len({r["trial"] for r in json.loads(every.stdout)}) == 420
    both = runner.invoke(app, ["query", "sources_per_trial", "-s", str(big), "--all", "-p", "page=2"])
    assert both.exit_code == 2
