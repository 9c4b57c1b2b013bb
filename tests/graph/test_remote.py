"""graph/remote.py against a real ``oxigraph serve`` process on 127.0.0.1: the same documents ingested
into it and into the embedded store give the same graphs and the same answer to every canned query;
re-ingest is unchanged; an interrupted write is recovered; errors name the server and the reason."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sysconfig
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from trialkg.app.export import rdf
from trialkg.graph import iris
from trialkg.graph.remote import GSP_URL_ENV, RemoteTrialStore, gsp_candidates, update_url
from trialkg.graph.store import StoreError, TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.queries import api, load, names
from trialkg.tests.helpers import EXAMPLES, FIXTURES, SEEDS

FIXTURE_DOCS = [FIXTURES / "conflicting_hr.txt", FIXTURES / "news_second_line.txt", FIXTURES / "combination_arm.txt"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # the dev extra installs the server's CLI beside this Python's scripts, which may not be on PATH
    exe = shutil.which("oxigraph", path=os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", "")]))
    if exe is None:
        pytest.skip("the oxigraph server is not installed (python3 -m pip install oxigraph)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph") / "data"
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph serve exited with {proc.returncode}")
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not answer within 30 s")
        yield base + "/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# four real excerpts of the corpus in the repository, so that the store comparison has as many document
# graphs without ../shared as with it
REAL = Path(__file__).resolve().parents[2] / "benchmarks" / "real" / "dev"
REAL_DOCS = [
    REAL / f"{n}.txt"
    for n in ("d1-14-monarch-2", "d2-09-glow", "d3-03-mountain-zuranolone", "d4-04-deucravacitinib-sle")
]


def _docs() -> list[Path]:
    # the seeds, else examples/ (not both: examples/palmira_summary.txt restates seed 004's DOI)
    return [SEEDS if SEEDS.is_dir() else EXAMPLES, *FIXTURE_DOCS, *REAL_DOCS]


@pytest.fixture(scope="module")
def both(oxigraph_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TrialStore, TrialStore]]:
    remote = RemoteTrialStore(oxigraph_url)
    with TrialStore(tmp_path_factory.mktemp("embedded") / "store") as local:
        for st in (local, remote):
            report = ingest(_docs(), st)
            assert not report.rejected, [(d.path, d.reason) for d in report.rejected]
        yield local, remote


def _nquads(st: TrialStore, graph: str | None) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object}" for q in st.quads(graph)}


def test_same_graphs(both: tuple[TrialStore, TrialStore]) -> None:
    local, remote = both
    graphs = local.named_graphs()
    assert remote.named_graphs() == graphs
    assert len(local.document_graphs()) >= 8
    for g in graphs:
        if g == iris.ONTOLOGY_GRAPH:  # blank nodes (OWL lists, SHACL shapes) get new labels per parse
            assert remote.triple_count(g) == local.triple_count(g)
            continue
        assert _nquads(remote, g) == _nquads(local, g), g
    assert remote.triple_count() == local.triple_count() > 1000


def test_statements_and_identity_index_are_the_same(both: tuple[TrialStore, TrialStore]) -> None:
    from trialkg.graph.identity_store import build_index

    embedded, remote = both
    for prop in (iris.tkg("acronym"), iris.tkg("drug"), "http://purl.org/dc/terms/title"):
        rows = sorted(embedded.statements(prop), key=str)
        assert rows and rows == sorted(remote.statements(prop), key=str)
    assert build_index(embedded) == build_index(remote) and build_index(embedded).by_acronym


def test_identity_lookup_keys_are_the_same_and_written_back_alike(both: tuple[TrialStore, TrialStore]) -> None:
    """The per-document identity keys (graph/identity_store.py): written by ingest, and, for a store
    without them, read from its graphs and written back (through the server's update endpoint)."""
    from trialkg.graph import identity_store
    from trialkg.graph.identity_store import build_index

    embedded, remote = both
    keys = build_index(embedded).lookup_keys()
    assert len(keys) > 5
    assert identity_store.lookup(remote, keys) == identity_store.lookup(embedded, keys)
    c = iris.CATALOG_GRAPH
    before = _nquads(remote, c)
    props = (identity_store.IDENTITY_OF, identity_store.IDENTITY_KEY, identity_store.IDENTITY_DRUG, identity_store.MARK)
    remote.replace_graphs({}, extra=[f"DELETE WHERE {{ GRAPH <{c}> {{ ?s <{p}> ?x }} }}" for p in props])
    assert not identity_store.has_keys(remote) and len(_nquads(remote, c)) < len(before)
    assert identity_store.ensure(remote) >= 8
    assert _nquads(remote, c) == before == _nquads(embedded, c)


def _params(st: TrialStore) -> list[tuple[str, dict[str, Any]]]:
    trial = api.find_trials(st, "PATINA")[0]
    typical = {
        "trial": trial,
        "drug": "palbociclib",
        "her2_status": "negative",
        "of_trial": "any",
        "met": "any",
        "id": "palmira",
    }
    out = []
    for name in names():
        q = load(name)
        given = {p: typical[p] for p in q.params if p in typical}
        if all(not p.required or p.name in given for p in q.params.values()):
            out.append((name, given))
    return out


def test_every_canned_query_answers_the_same(both: tuple[TrialStore, TrialStore]) -> None:
    local, remote = both
    checked = nonempty = 0
    for name, given in _params(local):
        ours = api.run(local, name, **given)
        theirs = api.run(remote, name, **given)
        assert theirs == ours, name  # same rows in the same order (the queries sort their rows)
        checked += 1
        nonempty += bool(ours)
    assert checked >= 18 and nonempty >= 15, (checked, nonempty)


def test_trial_card_and_reingest(both: tuple[TrialStore, TrialStore]) -> None:
    local, remote = both
    trial = api.find_trials(local, "NCT02947685")[0]
    assert api.trial_card(remote, trial) == api.trial_card(local, trial)
    report = ingest(_docs(), remote)
    assert report.accepted and all(d.status == "unchanged" for d in report.accepted)


def test_interrupted_write_is_recovered(oxigraph_url: str) -> None:
    remote = RemoteTrialStore(oxigraph_url)
    orphan = iris.DOC_GRAPH_PREFIX + "orphan-remote-test"
    remote.add_documents(
        f'<https://w3id.org/trialkg/id/x> <https://w3id.org/trialkg/ontology#acronym> "X" <{orphan}> .\n',
        '<https://w3id.org/trialkg/id/x> <https://w3id.org/trialkg/ontology#acronym> "X" .\n',
        "",  # no catalog entry: the commit mark never came
    )
    assert orphan in remote.uncommitted_graphs()
    assert remote.recover() == [orphan]
    assert not remote.has_graph(orphan)
    assert not remote.ask('ASK { <https://w3id.org/trialkg/id/x> ?p "X" }')


def test_read_only_and_unreachable(oxigraph_url: str) -> None:
    ro = RemoteTrialStore(oxigraph_url, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        ro.replace_graphs({iris.DOC_GRAPH_PREFIX + "x": None})
    port = _free_port()  # nothing listens there
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at http://127.0.0.1:{port}/query"):
        RemoteTrialStore(f"http://127.0.0.1:{port}/query")


def test_update_url(monkeypatch: pytest.MonkeyPatch) -> None:
    assert update_url("http://h:7878/query") == "http://h:7878/update"
    assert update_url("http://h:3030/ds/query") == "http://h:3030/ds/update"
    assert update_url("http://h:8890/sparql") == "http://h:8890/sparql"
    monkeypatch.setenv("TRIALKG_UPDATE_URL", "http://h:7200/repositories/kg/statements")
    assert update_url("http://h:7200/repositories/kg") == "http://h:7200/repositories/kg/statements"


def test_cli_on_a_server(both: tuple[TrialStore, TrialStore], oxigraph_url: str, tmp_path: Path) -> None:
    """Commands work on a server, the RDF dump included (the same graph as the embedded store's dump);
    serve, which serves an embedded store, says so (no traceback, no folder named after the URL)."""
    from rdflib import Graph
    from rdflib.compare import isomorphic
    from trialkg.app.cli import app
    from typer.testing import CliRunner

    local, _remote = both
    runner = CliRunner()
    res = runner.invoke(app, ["viz", "--drug", "palbociclib", "-o", str(tmp_path / "v.html"), "--store", oxigraph_url])
    assert res.exit_code == 0 and (tmp_path / "v.html").stat().st_size > 10_000, res.output
    res = runner.invoke(app, ["export", "-f", "turtle", "-o", str(tmp_path / "g.ttl"), "--store", oxigraph_url])
    assert res.exit_code == 0, res.output
    embedded = io.BytesIO()
    rdf.dump_all(local, "turtle", embedded)
    got = Graph().parse(tmp_path / "g.ttl", format="turtle")
    assert len(got) > 1000 and isomorphic(got, Graph().parse(data=embedded.getvalue(), format="turtle"))
    res = runner.invoke(app, ["serve", "--store", oxigraph_url])
    assert res.exit_code == 2 and "SPARQL server already" in " ".join(res.output.split())
    assert not Path("http:").exists()


def test_nothing_is_compacted_from_here(both: tuple[TrialStore, TrialStore], oxigraph_url: str) -> None:
    """A server compacts its own storage: an ingest asked to compact reports no compaction, and
    ``trialkg optimize`` on a URL says so instead of a time."""
    from trialkg.app.cli import app
    from typer.testing import CliRunner

    local, remote = both
    for st, compacted in ((remote, False), (local, True)):
        report = ingest([FIXTURE_DOCS[0]], st, optimize=True)
        assert [d.status for d in report.documents] == ["unchanged"]
        assert report.optimized is compacted and ("optimize" in report.seconds) is compacted
    res = CliRunner().invoke(app, ["optimize", "--store", oxigraph_url])
    said = " ".join(res.output.split())
    assert res.exit_code == 0 and "the SPARQL server compacts its own storage" in said and "compacted in" not in said


def test_graph_store_endpoint_is_looked_for_where_servers_keep_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GSP_URL_ENV, raising=False)
    assert gsp_candidates("http://h:7878/query") == ["http://h:7878/store", "http://h:7878/data"]
    assert gsp_candidates("http://h:3030/ds/query") == ["http://h:3030/ds/store", "http://h:3030/ds/data"]
    assert gsp_candidates("http://h:8890/sparql") == ["http://h:8890/store", "http://h:8890/sparql-graph-crud"]
    assert gsp_candidates("http://h:7200/repositories/kg") == ["http://h:7200/repositories/kg/rdf-graphs/service"]
    assert gsp_candidates("http://h:9000/endpoint") == []
    monkeypatch.setenv(GSP_URL_ENV, "http://h:3030/ds")
    assert gsp_candidates("http://h:3030/ds/query") == ["http://h:3030/ds"]


def _dataset(data: bytes, fmt: str) -> dict[str, Any]:
    """Each graph of a TriG / N-Quads text, by name ("" for the default graph), as an rdflib Graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    lines: dict[str, list[str]] = {}
    for q in ox.parse(data, {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""  # type: ignore[union-attr]
        lines.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")  # type: ignore[union-attr]
    return {name: Graph().parse(data="\n".join(ts), format="nt") for name, ts in lines.items()}


@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle", "ntriples", "jsonld"])
def test_rdf_dumps_of_a_server_are_the_embedded_stores_dumps(both: tuple[TrialStore, TrialStore], fmt: str) -> None:
    """Every RDF dump of the server (its graphs read through the Graph Store Protocol) holds the same
    graphs as the embedded store's: each graph of the dataset formats, the facts and Mentions of the
    others (blank nodes compared up to renaming)."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    local, remote = both
    assert isinstance(remote, RemoteTrialStore) and remote._gsp() == remote.url.rsplit("/", 1)[0] + "/store"
    dumps = []
    for st in (local, remote):
        buf = io.BytesIO()
        rdf.dump_all(st, fmt, buf)
        dumps.append(buf.getvalue())
    if fmt in ("nquads", "trig"):
        mine, theirs = _dataset(dumps[0], fmt), _dataset(dumps[1], fmt)
        assert sorted(theirs) == sorted(mine) and len(mine) >= 10 and "" in mine
        for name, graph in mine.items():
            assert len(theirs[name]) == len(graph) and isomorphic(theirs[name], graph), name
    else:
        parse = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt]
        mine_g, theirs_g = (Graph().parse(data=d, format=parse) for d in dumps)
        assert len(mine_g) > 1000 and len(theirs_g) == len(mine_g) and isomorphic(theirs_g, mine_g)


def test_selections_of_a_server_are_the_embedded_stores(both: tuple[TrialStore, TrialStore]) -> None:
    """A trial's slice and a CONSTRUCT query's triples read from the server equal the embedded store's."""
    local, remote = both
    trials = sorted(r["t"] for r in local.query("SELECT ?t WHERE { ?t a <https://w3id.org/trialkg/ontology#Trial> }"))
    slices = [list(rdf.trial_triples(st, trials)) for st in (local, remote)]
    assert len(slices[0]) > 500 and slices[1] == slices[0]
    q = "CONSTRUCT { ?t <http://example.org/acronym> ?a } WHERE { ?t <https://w3id.org/trialkg/ontology#acronym> ?a }"
    built = [sorted(map(str, rdf.construct_triples(st, q))) for st in (local, remote)]
    assert len(built[0]) >= 2 and built[1] == built[0]
    with pytest.raises(StoreError):  # a SELECT is not a graph: the server says so, the error names it
        list(remote.construct("SELECT * WHERE { ?s ?p ?o } LIMIT 1"))


def test_a_server_without_a_graph_store_endpoint_is_read_by_queries(
    both: tuple[TrialStore, TrialStore], oxigraph_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no Graph Store Protocol endpoint answers, whole graphs come from CONSTRUCT queries: the same
    triples; a graph the server does not hold has none."""
    local, _remote = both
    monkeypatch.setenv(GSP_URL_ENV, oxigraph_url.rsplit("/", 1)[0] + "/no-graph-store-here")
    plain = RemoteTrialStore(oxigraph_url)
    assert plain._gsp() is None
    for g in [*local.document_graphs()[:3], iris.MERGE_GRAPH, iris.CATALOG_GRAPH]:
        assert _nquads(plain, g) == _nquads(local, g) and _nquads(local, g), g
    # the default graph: the same triples, the ontology's blank nodes labelled anew by each query
    plain_default, local_default = ({t for t in _nquads(st, None) if "_:" not in t} for st in (plain, local))
    assert plain_default == local_default and len(local_default) > 1000
    assert list(plain.quads(iris.DOC_GRAPH_PREFIX + "no-such-document")) == []


def test_a_web_page_is_not_taken_for_a_graph_store(
    both: tuple[TrialStore, TrialStore], oxigraph_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site that answers every path with a page (200, text/html) is not a Graph Store endpoint: the
    graphs are read by queries instead of parsing the page."""
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args: Any) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv(GSP_URL_ENV, f"http://127.0.0.1:{site.server_address[1]}/store")
        remote = RemoteTrialStore(oxigraph_url)
        assert remote._gsp() is None
        assert _nquads(remote, iris.CATALOG_GRAPH) == _nquads(both[0], iris.CATALOG_GRAPH) != set()
    finally:
        site.shutdown()
        site.server_close()


def test_a_server_lost_in_the_middle_of_a_download_is_named(oxigraph_url: str) -> None:
    remote = RemoteTrialStore(oxigraph_url)
    port = _free_port()  # nothing listens there
    remote._gsp_endpoint = f"http://127.0.0.1:{port}/store"
    for graph in (None, iris.MERGE_GRAPH):
        with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at http://127.0.0.1:{port}/store"):
            list(remote.quads(graph))


def test_an_older_remote_store_loses_the_mentions_from_its_union_view_at_its_first_write(
    both: tuple[TrialStore, TrialStore], oxigraph_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trialkg.graph import store as store_module

    local, remote = both
    mention = "<https://w3id.org/trialkg/ontology#Mention>"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?m a {mention} ; ?p ?o }}"
    remote.update(f"INSERT {{ ?m ?p ?o }} WHERE {{ GRAPH ?g {{ ?m a {mention} ; ?p ?o }} }}")  # the older layout
    assert remote.query(count)[0]["n"] > 100 and remote.triple_count() > local.triple_count()
    monkeypatch.setattr(store_module, "UNION_UPGRADE_BATCH", 50)  # many pages
    again = RemoteTrialStore(oxigraph_url)
    again.optimize()  # a write: the store is checked first
    assert again.query(count)[0]["n"] == 0
    assert again.triple_count() == local.triple_count()
    plain = [{t for t in _nquads(st, None) if "_:" not in t} for st in (again, local)]  # (the ontology's blank nodes)
    assert plain[0] == plain[1]
