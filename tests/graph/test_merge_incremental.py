"""The incremental merge an ingest runs gives the same merge graph as a full recompute: after a new
conflicting document, after it is edited to agree, after it is removed (prune), and the union view
stays exactly the union of the graphs.  An ingest that stopped before its merge leaves a mark that
makes the next one merge in full."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
from trialkg.graph import iris
from trialkg.graph.merge import recompute
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.tests.helpers import EXAMPLES, FIXTURES


def merge_graph(st: TrialStore) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in st.quads(iris.MERGE_GRAPH)}


def union_is_exact(st: TrialStore) -> bool:
    named: set[str] = set()
    for g in [*st.named_graphs()]:
        if g != iris.CATALOG_GRAPH:
            named |= {str(ox.Triple(q.subject, q.predicate, q.object)) for q in st.quads(g)}
    default = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in st.quads(None)}
    blank = {t for t in named | default if "_:" in t}
    return named - blank == default - blank


def same_as_full(st: TrialStore) -> set[str]:
    incremental = merge_graph(st)
    assert union_is_exact(st)
    recompute(st)
    assert merge_graph(st) == incremental
    assert union_is_exact(st)
    return incremental


def conflicts(triples: set[str]) -> int:
    return sum(t.endswith(f"<{iris.tkg('Conflict')}>") for t in triples)


def test_incremental_merge_equals_full(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    news = folder / "conflicting_hr.txt"
    with TrialStore(tmp_path / "s") as st:
        rep = ingest([EXAMPLES], st)
        assert rep.merge is not None and not rep.merge.incremental  # a new store: in full
        before = same_as_full(st)
        assert conflicts(before) == 0

        shutil.copy(FIXTURES / "conflicting_hr.txt", news)
        rep = ingest([folder], st)
        assert rep.merge is not None and rep.merge.incremental and rep.merge.total_conflicts == 1
        assert 0 < rep.merge.pairs < 400  # the new document's pairs, not the store's
        assert conflicts(same_as_full(st)) == 1

        news.write_text(news.read_text(encoding="utf-8").replace("0.80", "0.75"), encoding="utf-8")
        rep = ingest([folder], st)  # edited to agree: the replaced graph's subjects are looked at
        assert rep.merge is not None and rep.merge.incremental and rep.merge.total_conflicts == 0
        assert same_as_full(st) == before

        shutil.copy(FIXTURES / "conflicting_hr.txt", news)
        ingest([folder], st)
        news.unlink()
        rep = ingest([folder], st, prune=True)  # the removed graph's subjects are looked at
        assert rep.pruned and rep.merge is not None and rep.merge.total_conflicts == 0
        assert same_as_full(st) == before


def test_a_merge_left_pending_is_redone_in_full(tmp_path: Path) -> None:
    with TrialStore(tmp_path / "s") as st:
        ingest([EXAMPLES], st)
        rep = ingest([EXAMPLES], st)
        assert rep.merge is not None and rep.merge.incremental
        assert not st.mark_pending()  # as an ingest killed between its writes and its merge leaves it
        rep = ingest([EXAMPLES], st)
        assert rep.merge is not None and not rep.merge.incremental
        assert not st.ask(
            "ASK { GRAPH ?c { ?m ?p ?x } }",
            {"c": iris.CATALOG_GRAPH, "m": iris.MERGE_GRAPH, "p": iris.tkg("mergePending")},
        )
