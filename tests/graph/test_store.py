"""Store: atomic graph replacement, the deduplicated union view, ontology loading."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from trialkg.graph import iris
from trialkg.graph.store import TrialStore

EX = "https://example.org/"


def g(*triples: tuple[str, str, str]) -> Graph:
    out = Graph()
    for s, p, o in triples:
        out.add((URIRef(EX + s), URIRef(EX + p), Literal(o)))
    return out


def default_graph_triples(st: TrialStore) -> set[str]:
    rows = st.query("SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o }")
    return {f"{r['s'].removeprefix(EX)}={r['o']}" for r in rows}


def test_union_view_is_a_set_and_follows_replacements(store: TrialStore) -> None:
    ga, gb = iris.DOC_GRAPH_PREFIX + "a", iris.DOC_GRAPH_PREFIX + "b"
    store.replace_graphs({ga: g(("x", "p", "1"), ("y", "p", "2"))})
    store.replace_graphs({gb: g(("x", "p", "1"))})
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }")[0]["n"] == 2
    store.replace_graphs({ga: g(("z", "p", "3"))})  # x=1 still stated by b, y=2 by nobody
    assert default_graph_triples(store) == {"x=1", "z=3"}
    store.replace_graphs({gb: None})
    assert default_graph_triples(store) == {"z=3"}


def test_a_failed_update_leaves_the_store_unchanged(store: TrialStore) -> None:
    ga = iris.DOC_GRAPH_PREFIX + "a"
    store.replace_graphs({ga: g(("x", "p", "1"))})
    before = sorted(str(q) for q in store.raw)
    with pytest.raises(SyntaxError):
        store.replace_graphs({ga: g(("x", "p", "2"))}, extra=["THIS IS NOT SPARQL"])
    assert sorted(str(q) for q in store.raw) == before


def test_ontology_is_loaded_once_and_on_change(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with TrialStore(tmp_path / "s") as st:
        n = st.triple_count(iris.ONTOLOGY_GRAPH)
        assert n > 1000
    with TrialStore(tmp_path / "s") as st:
        assert st.triple_count(iris.ONTOLOGY_GRAPH) == n
        assert st.ask('ASK { ?c <http://www.w3.org/2004/02/skos/core#notation> "progression-free-survival" }')


def test_read_only_snapshots_share_the_store_and_keep_writers_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from trialkg.graph.store import StoreError

    # (graphs outside the document prefix: a document graph without a catalog entry is the leftover
    # of an interrupted ingest, which the next writer removes)
    path = tmp_path / "s"
    with pytest.raises(StoreError, match="no store at"):
        TrialStore(path, read_only=True)
    with TrialStore(path) as w:
        w.replace_graphs({"https://example.org/graph/a": g(("x", "p", "1"))})
        with pytest.raises(StoreError, match="being written by another process"):
            TrialStore(path, read_only=True)
    r1, r2 = TrialStore(path, read_only=True), TrialStore(path, read_only=True)  # readers share
    try:
        assert default_graph_triples(r1) == default_graph_triples(r2) == {"x=1"}
        with pytest.raises(StoreError, match="open read-only"):
            r1.replace_graphs({"https://example.org/graph/b": g(("y", "p", "2"))})
        with pytest.raises(StoreError, match="in use by another process"):
            TrialStore(path)
    finally:
        r1.close()
        r2.close()
    with TrialStore(path) as w:  # the locks are gone with the readers
        w.replace_graphs({"https://example.org/graph/b": g(("y", "p", "2"))})
    with TrialStore(path, read_only=True) as r:
        assert default_graph_triples(r) == {"x=1", "y=2"}


# run in a child process: a thread's priority, once lowered, stays lowered for the process
_PRIORITIES = """
import json, os, sys
from pathlib import Path
from trialkg.graph.store import TrialStore

def priorities():
    out = {}
    for task in Path("/proc/self/task").iterdir():
        name = (task / "comm").read_text().strip()
        if name.startswith("rocksdb:"):
            out.setdefault(name, []).append(os.getpriority(os.PRIO_PROCESS, int(task.name)))
    return out

with TrialStore(sys.argv[1]) as st:
    before = priorities()
    found = st.lower_compaction_priority()
    again = st.lower_compaction_priority()
    after = priorities()
with TrialStore(None) as memory:
    in_memory = memory.lower_compaction_priority()
print(json.dumps({"before": before, "after": after, "found": found, "again": again, "in_memory": in_memory}))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads are read from Linux's /proc")
def test_compaction_threads_get_the_lowest_priority_and_flushes_keep_theirs(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _PRIORITIES, str(tmp_path / "s")], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    low, high = "rocksdb:low", "rocksdb:high"
    assert res["found"] == res["again"] == len(res["after"][low]) >= 1
    assert all(p < 19 for p in res["before"][low])  # (a test run under nice 19 would prove nothing)
    assert res["after"][low] == [19] * len(res["before"][low])
    assert res["after"][high] == res["before"][high]  # a writer may wait for a flush
    assert res["in_memory"] == 0


class _Calls:
    """The embedded store's own object, with the names of the write methods called on it recorded."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.names: list[str] = []

    def __getattr__(self, name: str) -> object:
        if name in ("bulk_load", "load", "update"):
            self.names.append(name)
        return getattr(self.inner, name)


def test_add_documents_bulk_loads_a_small_catalog_and_loads_a_large_one_in_a_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog entries (the commit mark) go in by the bulk loader when they fit in one of its batches
    (ingested in one atomic step, and never held back by RocksDB while its compaction catches up), else in
    one transaction; the store holds the same quads either way."""
    from trialkg.graph import store as store_module

    gi = iris.doc_graph("test-doc")
    named = f'<{EX}t> <{EX}p> "x" <{gi}> .\n'
    default = f'<{EX}t> <{EX}p> "x" .\n'
    catalog = f'<{gi}> <{iris.tkg("rawHash")}> "abc" <{iris.CATALOG_GRAPH}> .\n'
    contents = []
    for limit in (store_module.ATOMIC_BULK_QUADS, 1):
        monkeypatch.setattr(store_module, "ATOMIC_BULK_QUADS", limit)
        with TrialStore(tmp_path / f"s{limit}") as st:
            st.mark_pending()  # (its own transaction, before the write watched here)
            calls = _Calls(st._store)
            st._store = calls  # type: ignore[assignment]
            st.add_documents(named, default, catalog, checked=True)
            st._store = calls.inner  # type: ignore[assignment]
            assert calls.names == (["bulk_load"] * 3 if limit > 1 else ["bulk_load", "bulk_load", "load"])
            assert st.uncommitted_graphs() == []  # the catalog entry is there: committed
            ours = (f"<{EX}t>", f"<{gi}>", f"<{iris.MERGE_GRAPH}>")
            contents.append(sorted(str(q) for q in st.raw if str(q.subject) in ours))
    # the document graph's triple, its union-view copy, the catalog entry, the pending mark
    assert contents[0] == contents[1] and len(contents[0]) == 4


MENTION_IN_UNION = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/trialkg/ontology#Mention> ; ?p ?o }"
EVIDENCE_IN_UNION = "SELECT (COUNT(*) AS ?n) WHERE { ?f <https://w3id.org/trialkg/ontology#evidence> ?m }"


def test_the_union_view_holds_the_facts_and_leaves_the_mentions_in_their_graphs(tmp_path: Path) -> None:
    from trialkg.ingest.pipeline import ingest
    from trialkg.tests.helpers import EXAMPLES, MENTION_TYPED, store_snapshot, union_view

    path = tmp_path / "s"
    with TrialStore(path) as st:
        ingest([EXAMPLES / "patina_summary.txt"], st)  # a new document: the bulk write
        gi = st.document_graphs()[0]
        assert st.query(MENTION_IN_UNION)[0]["n"] == 0
        assert st.query(EVIDENCE_IN_UNION)[0]["n"] > 20  # the facts keep their links to the Mentions
    snap = store_snapshot(path)
    typed = {t.split(" ", 1)[0] for t in snap[gi] if t.endswith(MENTION_TYPED)}
    mentions = {t for t in snap[gi] if t.split(" ", 1)[0] in typed}
    assert len(mentions) > len(snap[gi]) // 2  # most of a document graph
    assert snap[""] >= union_view([snap[gi]]) and not snap[""] & mentions
    with TrialStore(path) as st:  # the same graph written again by an update (a replaced document's path)
        text = "".join(f"{t} .\n" for t in sorted(snap[gi]))
        st.replace_graphs({gi: text})
    again = store_snapshot(path)
    assert again[gi] == snap[gi] and again[""] == snap[""]


def test_an_older_store_loses_the_mentions_from_its_union_view_at_its_next_opening_for_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trialkg.graph import store as store_module
    from trialkg.ingest.pipeline import ingest
    from trialkg.queries import api
    from trialkg.tests.helpers import EXAMPLES, store_snapshot

    path = tmp_path / "s"
    with TrialStore(path) as st:
        ingest([EXAMPLES / "patina_summary.txt"], st)
        node = st.query("SELECT ?e WHERE { ?e a <https://w3id.org/trialkg/ontology#EffectEstimate> }")[0]["e"]
        evidence = api.run(st, "evidence", node=node)
        assert evidence and all(r["quote"] for r in evidence)
    current = store_snapshot(path)
    with TrialStore(path) as st:  # the layout of an older trialkg: the Mentions' triples in the union view
        st.update("INSERT { ?m ?p ?o } WHERE { GRAPH ?g { ?m a <https://w3id.org/trialkg/ontology#Mention> ; ?p ?o } }")
    with TrialStore(path, read_only=True) as st:
        assert st.query(MENTION_IN_UNION)[0]["n"] > 100
        assert api.run(st, "evidence", node=node) == evidence  # the queries read Mentions from their graphs
    monkeypatch.setattr(store_module, "UNION_UPGRADE_BATCH", 7)  # many batches
    with TrialStore(path) as st:
        assert st.query(MENTION_IN_UNION)[0]["n"] == 0
        assert api.run(st, "evidence", node=node) == evidence
    assert store_snapshot(path) == current
