"""Endpoint hardening: no outside calls unless enabled (SERVICE, LOAD), request body limits, and no
SPARQL injection through any canned-query parameter (quotes, braces, '} UNION {' and friends are
data, never syntax).  Outside hosts are stood in for by a recorder on 127.0.0.1, which counts the
requests the endpoint makes to it."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

import httpx
import pytest

from .conftest import Server, start, stop

TOKEN = "hardening-test-token"
PAYLOADS = [
    '"',
    "'",
    "\\",
    '" } UNION { ?s ?p ?o } #',
    "' } UNION { ?s ?p ?o } #",
    "> } UNION { ?s ?p ?o } #",
    '"""} UNION { GRAPH ?g { ?s ?p ?o } } #',
    'palbociclib" . ?s ?p ?o . FILTER("1"="1',
    "}}}}",
    "{ ?s ?p ?o }",
    'NCT02947685" || true || "',
    "<http://example.org/x>",
    "?trial",
    "$drug",
    "# comment\n} ; DROP ALL ; #",
    "%22%7D%20UNION%20%7B",
    "\u0000",
    "x" * 5000,
    'NOPE" || "1" = "1',
]


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def _answer(self) -> None:
        Recorder.hits.append(self.path)
        body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "outside"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def outside() -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/sparql"
    srv.shutdown()


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, base = start(tmp_path_factory.mktemp("hardening") / "store", "--write-token", TOKEN)
    yield base
    stop(proc)


@pytest.fixture(scope="module")
def permissive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("permissive") / "store"
    proc, base = start(folder, "--write-token", TOKEN, "--allow-service", "--allow-load")
    yield base
    stop(proc)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def service_query(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"


def test_service_and_load_are_refused_unless_enabled(writable: str, permissive: str, outside: str) -> None:
    Recorder.hits.clear()
    for query in (service_query(outside), service_query(outside).replace("SERVICE", "service SILENT")):
        r = httpx.post(writable + "/sparql", data={"query": query})
        assert r.status_code == 403 and "SERVICE" in r.text and "--allow-service" in r.text
    r = httpx.post(writable + "/sparql", data={"update": f"LOAD <{outside}>"}, headers=AUTH)
    assert r.status_code == 403 and "LOAD" in r.text
    r = httpx.post(writable + "/sparql", data={"update": f"load silent <{outside}> INTO GRAPH <urn:x>"}, headers=AUTH)
    assert r.status_code == 403
    assert Recorder.hits == []  # nothing left the endpoint
    # words that merely look like the keywords are fine
    names = "PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x ex:service ?y ; ex:load 'SERVICE' } # LOAD"
    assert httpx.post(writable + "/sparql", data={"query": names}).status_code == 200
    # enabled: the endpoint does call out (so the refusals above were not vacuous)
    r = httpx.post(permissive + "/sparql", data={"query": service_query(outside)})
    assert r.status_code == 200, r.text
    assert [b["x"]["value"] for b in r.json()["results"]["bindings"]] == ["outside"]
    assert len(Recorder.hits) == 1


def test_request_body_limits(writable: str) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_200_000
    r = httpx.post(writable + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.text.startswith("Error 413") and "Traceback" not in r.text
    r = httpx.post(writable + "/sparql", data={"query": big})
    assert r.status_code == 413
    # an update from the token holder may be larger (that is how a remote ingest writes)
    triples = "".join(f"<urn:s{i}> <urn:p> {'x' * 20!r} .\n".replace("'", '"') for i in range(40_000))
    update = "INSERT DATA { GRAPH <urn:bulk> {\n" + triples + "} }"
    assert len(update) > 1_000_000
    r = httpx.post(writable + "/sparql", content=update, headers={"Content-Type": "application/sparql-update", **AUTH})
    assert r.status_code == 204, r.text
    r = httpx.post(writable + "/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 413  # without the token the small limit holds
    count = httpx.get(
        writable + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:bulk> { ?s ?p ?o } }"}
    )
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "40000"


def canned_parameters(server: Server) -> list[tuple[str, str]]:
    listing = httpx.get(server.base + "/queries").json()
    return [(q["name"], p["name"]) for q in listing for p in q["parameters"]]


def test_no_injection_through_any_canned_query_parameter(server: Server) -> None:
    pairs = canned_parameters(server)
    assert len(pairs) >= 15 and len({q for q, _ in pairs}) >= 15
    tried = resolved = 0
    with httpx.Client(base_url=server.base, timeout=60) as c:
        for name, param in pairs:
            for payload in PAYLOADS:
                r = c.get(f"/queries/{name}", params={param: payload})
                tried += 1
                assert r.status_code in (200, 400, 404, 422), (name, param, payload, r.status_code, r.text[:300])
                assert "Traceback" not in r.text and 'File "' not in r.text
                if r.status_code == 200 and r.json()["rows"]:
                    # only when the value resolved to a known entity (a drug name inside the text is
                    # found, as "palbociclib 125 mg" is): then the rows are that entity's, exactly
                    bound = r.json()["parameters"][param]
                    assert bound != payload, (name, param, payload)
                    clean = c.get(f"/queries/{name}", params={param: bound})
                    assert clean.json()["rows"] == r.json()["rows"], (name, param, payload)
                    resolved += 1
                elif r.status_code != 200:
                    assert r.text.startswith(f"Error {r.status_code}:") or r.status_code == 422, r.text[:200]
        for payload in PAYLOADS:
            r = c.get("/trials/" + quote(payload, safe=""))
            assert r.status_code in (400, 404, 422) and "Traceback" not in r.text, (payload, r.status_code)
    assert tried == len(pairs) * len(PAYLOADS)
    assert resolved < tried // 10  # nearly every payload matched nothing


def test_the_payloads_would_inject_if_concatenated(server: Server) -> None:
    """Control: pasted into the query text instead of bound, a payload changes what the query returns,
    so the empty answers above come from binding, not from harmless payloads."""
    template = 'SELECT ?x WHERE {{ ?x <https://w3id.org/trialkg/ontology#acronym> ?a FILTER (?a = "{value}") }}'
    pasted = template.format(value=PAYLOADS[-1])
    r = httpx.get(server.base + "/sparql", params={"query": pasted})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) >= 2


def test_runaway_queries_are_cut_off_and_do_not_pile_up(example_store: Path, tmp_path: Path) -> None:
    """A query the engine cannot interrupt (a count over a three-way cross product) is answered 503 at
    the time limit; while two such evaluations still run, further ad hoc queries are turned away at
    once, and canned queries and /health keep answering."""
    import shutil

    store = tmp_path / "store"
    shutil.copytree(example_store, store, ignore=shutil.ignore_patterns("trialkg.lock"))
    proc, base = start(store, "--timeout", "0.5")
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            for _ in range(2):
                t = time.monotonic()
                r = c.post("/sparql", data={"query": runaway})
                assert r.status_code == 503 and "time limit" in r.text
                assert time.monotonic() - t < 5
            assert c.get("/health").json() == {"status": "ok", "overdue_queries": 2}
            t = time.monotonic()
            r = c.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
            assert r.status_code == 503 and "retry" in r.text and r.headers["retry-after"] == "5"
            assert time.monotonic() - t < 1
            r = c.get("/queries/trials_by_biomarker_and_line", params={"drug": "palbociclib"})
            assert r.status_code == 200 and len(r.json()["rows"]) >= 2
    finally:
        proc.kill()
        proc.wait()
