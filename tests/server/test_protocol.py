"""SPARQL 1.1 Protocol conformance of ``trialkg serve`` for a read-only endpoint (cases written from
the W3C protocol test list: query via GET, POST form and POST direct, dataset parameters, media
types, bad queries 400, unsupported methods 405, unsupported media 415, updates refused), plus REST
routes, trial cards, limits and CORS; all against a real uvicorn process on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Graph

from .conftest import Server, start, stop

TKG = "https://w3id.org/trialkg/ontology#"
TRIALS = f"SELECT ?t ?acronym WHERE {{ ?t a <{TKG}Trial> ; <{TKG}acronym> ?acronym }} ORDER BY ?acronym"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def acronyms_json(r: httpx.Response) -> list[str]:
    return [b["acronym"]["value"] for b in r.json()["results"]["bindings"]]


def test_query_get(server: Server) -> None:
    r = httpx.get(server.base + "/sparql", params={"query": TRIALS})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    assert acronyms_json(r) == ["PALMIRA", "PATINA"]


def test_query_post_form_and_direct(server: Server) -> None:
    r = httpx.post(server.base + "/sparql", data={"query": TRIALS})
    assert acronyms_json(r) == ["PALMIRA", "PATINA"]
    r = httpx.post(server.base + "/sparql", content=TRIALS, headers={"Content-Type": "application/sparql-query"})
    assert acronyms_json(r) == ["PALMIRA", "PATINA"]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_media_types(server: Server, accept: str, media: str) -> None:
    r = httpx.get(server.base + "/sparql", params={"query": TRIALS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    if media.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ET.fromstring(r.content)
        got = [b.find(f"{ns}literal").text for b in root.iter(f"{ns}binding") if b.get("name") == "acronym"]  # type: ignore[union-attr]
        assert got == ["PALMIRA", "PATINA"]
    elif media == "text/csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert [x["acronym"] for x in rows] == ["PALMIRA", "PATINA"] and "\r\n" in r.text
    elif media == "text/tab-separated-values":
        lines = r.text.splitlines()
        assert lines[0] == "?t\t?acronym" and lines[1].endswith('\t"PALMIRA"')


def test_ask(server: Server) -> None:
    r = httpx.get(server.base + "/sparql", params={"query": f"ASK {{ ?t <{TKG}acronym> 'PATINA' }}"})
    assert r.json() == {"head": {}, "boolean": True}
    r = httpx.get(
        server.base + "/sparql",
        params={"query": "ASK { ?s ?p 'nothing like this' }"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert "<boolean>false</boolean>" in r.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_media_types(server: Server, accept: str, fmt: str) -> None:
    q = f"CONSTRUCT {{ ?t <{TKG}acronym> ?a }} WHERE {{ ?t <{TKG}acronym> ?a }}"
    r = httpx.get(server.base + "/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.text, format=fmt)
    assert sorted(str(o) for o in g.objects()) == ["PALMIRA", "PATINA"]


def test_describe(server: Server) -> None:
    r = httpx.get(server.base + "/sparql", params={"query": "DESCRIBE <https://w3id.org/trialkg/id/trial/NCT02947685>"})
    g = Graph().parse(data=r.text, format="turtle")
    assert len(g) > 10


def test_dataset_parameters(server: Server) -> None:
    graphs = httpx.get(server.base + "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    docs = sorted(b["g"]["value"] for b in graphs.json()["results"]["bindings"] if "/graph/doc/" in b["g"]["value"])
    assert len(docs) == 3
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{TKG}Source> }}"
    one = httpx.get(server.base + "/sparql", params={"query": count, "default-graph-uri": docs[0]})
    assert one.json()["results"]["bindings"][0]["n"]["value"] == "1"
    both = httpx.post(server.base + "/sparql", data={"query": count, "default-graph-uri": docs[:2]})
    assert both.json()["results"]["bindings"][0]["n"]["value"] == "2"
    named = httpx.get(
        server.base + "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": docs[1]},
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [docs[1]]


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("GET", {"params": {"query": "SELEC ?x WHERE {}"}}, 400),
        ("POST", {"data": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
        ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ("POST", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ("POST", {"data": {"nothing": "here"}}, 400),
        ("GET", {"params": {"update": "CLEAR ALL"}}, 400),
        ("POST", {"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ("PUT", {"content": "ASK {}"}, 405),
        ("DELETE", {}, 405),
        ("GET", {"params": {"query": TRIALS}, "headers": {"Accept": "image/png"}}, 406),
        ("POST", {"data": {"update": "CLEAR ALL"}}, 403),
        ("POST", {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403),
        ("GET", {"params": {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"}}, 422),  # more rows than --max-rows
    ],
)
def test_errors(server: Server, method: str, kwargs: dict[str, object], status: int) -> None:
    r = httpx.request(method, server.base + "/sparql", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    if status != 405:
        assert r.text.startswith(f"Error {status}:") and "Traceback" not in r.text


def test_store_unchanged_after_refused_update(server: Server) -> None:
    httpx.post(server.base + "/sparql", data={"update": "CLEAR ALL"})
    assert acronyms_json(httpx.get(server.base + "/sparql", params={"query": TRIALS})) == ["PALMIRA", "PATINA"]


def test_service_description(server: Server) -> None:
    r = httpx.get(server.base + "/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(str(o) == sd + "SPARQL11Query" for o in g.objects()) and not any(
        str(o) == sd + "SPARQL11Update" for o in g.objects()
    )


def test_canned_rest_routes_and_openapi(server: Server) -> None:
    r = httpx.get(server.base + "/queries/trials_by_biomarker_and_line", params={"drug": "PD-0332991"})
    rows = r.json()["rows"]
    assert [(x["acronym"], x["her2_status"], x["line_of_therapy"], x["hazard_ratio"]) for x in rows] == [
        ("PALMIRA", "negative", "second-line", 0.84),
        ("PATINA", "positive", "first-line", 0.75),
    ]
    assert (r.json()["page"], r.json()["page_size"], r.json()["next_page"]) == (1, 100, None)  # a paged listing
    later = httpx.get(server.base + "/queries/trials_by_biomarker_and_line", params={"drug": "palbociclib", "page": 2})
    assert later.status_code == 200 and later.json()["rows"] == [] and later.json()["page"] == 2
    for bad_page in ("0", "x"):
        refused = httpx.get(server.base + "/queries/sources_per_trial", params={"page": bad_page})
        assert refused.status_code == 400 and "parameter page" in refused.text
    assert httpx.get(server.base + "/queries/trials_by_biomarker_and_line").status_code == 422  # drug required
    bad = httpx.get(server.base + "/queries/trials_by_biomarker_and_line", params={"drug": "'} UNION {?s ?p ?o}"})
    assert bad.status_code == 400 and "unknown drug" in bad.text
    csv_rows = httpx.get(
        server.base + "/queries/trials_by_population", params={"her2_status": "positive", "format": "csv"}
    )
    assert next(iter(csv.DictReader(io.StringIO(csv_rows.text))))["acronym"] == "PATINA"
    assert (csv_rows.headers["x-page"], csv_rows.headers["x-page-size"]) == ("1", "100")
    assert "x-next-page" not in csv_rows.headers  # one trial: the only page
    spec = httpx.get(server.base + "/openapi.json").json()
    op = spec["paths"]["/queries/trials_by_population"]["get"]
    assert "population" in op["summary"] and {p["name"] for p in op["parameters"]} >= {"her2_status", "line_of_therapy"}
    listed = {q["name"] for q in httpx.get(server.base + "/queries").json()}
    assert {"efficacy_table", "safety_comparison", "conflicts"} <= listed


def test_trial_card_jsonld(server: Server) -> None:
    r = httpx.get(server.base + "/trials/NCT02947685")
    assert r.headers["content-type"].startswith("application/ld+json")
    data = r.json()
    assert data["@context"].endswith("/context.jsonld") and data["@graph"][0]["acronym"] == "PATINA"
    ctx = httpx.get(data["@context"]).json()
    expanded = Graph().parse(data=json.dumps({**data, "@context": ctx["@context"]}), format="json-ld")
    hr = [
        o
        for s, p, o in expanded
        if str(p) == TKG + "value" and "effect/progression-free-survival/hazard-ratio" in str(s)
    ]
    assert [float(str(x)) for x in hr] == [0.75]
    assert httpx.get(server.base + "/trials/NCT00000000").status_code == 404


def test_health_version_and_cors(server: Server) -> None:
    assert httpx.get(server.base + "/health").json() == {"status": "ok", "overdue_queries": 0}
    assert httpx.get(server.base + "/version").json()["trialkg"]
    r = httpx.get(server.base + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert r.headers.get("access-control-allow-origin") == "http://example.org"
    r = httpx.get(server.base + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_write_token_allows_updates(tmp_path_factory: pytest.TempPathFactory) -> None:
    from trialkg.app.client import TrialGraph

    store = tmp_path_factory.mktemp("writable") / "store"
    TrialGraph(store).close()
    proc, base = start(store, "--write-token", "s3cret", "--timeout", "5")
    try:
        upd = "INSERT DATA { <http://example.org/a> <http://example.org/p> 'x' }"
        assert httpx.post(base + "/sparql", data={"update": upd}).status_code == 403
        r = httpx.post(base + "/sparql", data={"update": upd}, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 204
        ask = httpx.get(base + "/sparql", params={"query": "ASK { <http://example.org/a> ?p 'x' }"})
        assert ask.json()["boolean"] is True
    finally:
        stop(proc)


def test_time_limit(tmp_path_factory: pytest.TempPathFactory) -> None:
    from trialkg.app.client import TrialGraph

    store = tmp_path_factory.mktemp("slow") / "store"
    TrialGraph(store).close()
    proc, base = start(store, "--timeout", "1", "--max-rows", "100000000")
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        r = httpx.get(base + "/sparql", params={"query": slow}, timeout=30)
        assert r.status_code == 503 and "time limit" in r.text
        assert httpx.get(base + "/health", timeout=30).status_code == 200
    finally:
        stop(proc)


def test_deadline_stops_a_streaming_query_as_a_timeout_not_a_bad_query() -> None:
    import threading

    import pyoxigraph as ox
    from trialkg.app.server import QueryTimeout, execute

    st = ox.Store()
    for i in range(600):
        st.add(
            ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)))
        )
    q = "SELECT ?s WHERE { ?s ?p ?o }"
    assert len(execute(st, q, [], [], 10_000, float("inf"), threading.Event()).rows) == 600
    with pytest.raises(QueryTimeout):
        execute(st, q, [], [], 10_000, 0.0, threading.Event())  # deadline already passed
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(QueryTimeout):
        execute(st, q, [], [], 10_000, float("inf"), cancelled)


def _store_triples(server: Server, graph: str | None) -> set[str]:
    from trialkg.graph.store import TrialStore

    with TrialStore(server.store, read_only=True) as st:
        return {f"{q.subject} {q.predicate} {q.object} ." for q in st.quads(graph)}


def test_graph_store_reads(server: Server) -> None:
    """GET /store?default and ?graph=IRI give the store's graphs whole (past the server's row limit of
    500: nothing is evaluated), as N-Triples or Turtle; HEAD answers without a body."""
    from trialkg.graph.store import TrialStore

    r = httpx.get(server.base + "/store", params={"default": ""}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    got = {line for line in r.text.splitlines() if line}
    assert len(got) > 500 and got == _store_triples(server, None)
    with TrialStore(server.store, read_only=True) as st:
        doc = st.document_graphs()[0]
        ref = st.graph(doc)
    r = httpx.get(server.base + "/store", params={"graph": doc}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    assert len(g) == len(ref) > 50 and set(g) == set(ref)
    r = httpx.head(server.base + "/store", params={"default": ""})
    assert r.status_code == 200 and r.content == b""


@pytest.mark.parametrize(
    ("method", "params", "headers", "status"),
    [
        ("GET", {"graph": "https://w3id.org/trialkg/graph/doc/none"}, {}, 404),
        ("HEAD", {"graph": "https://w3id.org/trialkg/graph/doc/none"}, {}, 404),
        ("GET", {}, {}, 400),
        ("GET", {"default": "", "graph": "https://w3id.org/trialkg/graph/merge"}, {}, 400),
        ("GET", {"default": ""}, {"Accept": "application/ld+json"}, 406),
        ("PUT", {"default": ""}, {}, 405),
        ("DELETE", {"default": ""}, {}, 405),
    ],
)
def test_graph_store_errors(
    server: Server, method: str, params: dict[str, str], headers: dict[str, str], status: int
) -> None:
    r = httpx.request(method, server.base + "/store", params=params, headers=headers)
    assert r.status_code == status, r.text


def test_export_through_the_server_equals_the_stores_dump(
    server: Server, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A remote store on trialkg serve finds its /store endpoint and dumps the same graphs (graph by
    graph, N-Quads) as the embedded store it serves."""
    import pyoxigraph as ox
    from trialkg.app.export import rdf
    from trialkg.graph.remote import RemoteTrialStore
    from trialkg.graph.store import TrialStore

    remote = RemoteTrialStore(server.base + "/sparql", read_only=True)
    assert remote._gsp() == server.base + "/store"
    dumps = []
    for st in (remote, TrialStore(server.store, read_only=True)):
        buf = io.BytesIO()
        rdf.dump_all(st, "nquads", buf)
        st.close()
        graphs: dict[str, set[str]] = {}
        for q in ox.parse(buf.getvalue(), ox.RdfFormat.N_QUADS):
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""  # type: ignore[union-attr]
            graphs.setdefault(name, set()).add(f"{q.subject} {q.predicate} {q.object}")  # type: ignore[union-attr]
        dumps.append(graphs)
    assert sorted(dumps[0]) == sorted(dumps[1]) and len(dumps[1]) >= 5
    for name, triples in dumps[1].items():
        assert dumps[0][name] == triples, name  # served from the same store: the same blank node labels
