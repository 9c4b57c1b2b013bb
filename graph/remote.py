"""A store on any SPARQL 1.1 server: the same reads and writes as the embedded store, over HTTP.

``RemoteTrialStore(url)`` takes the server's query endpoint (``http://host:7878/query`` for
``oxigraph serve``, ``http://host:3030/ds/query`` for Fuseki, ``http://host:8890/sparql`` for
Virtuoso, ``http://host:7200/repositories/ID`` for GraphDB). Updates go to the update endpoint: the
query URL with a last segment ``query`` replaced by ``update`` (Oxigraph, Fuseki), else the query URL
itself (Virtuoso), or ``$TRIALKG_UPDATE_URL`` when set (GraphDB: ``.../repositories/ID/statements``).

Every write is one SPARQL Update request (POSTed directly, ``application/sparql-update``), which these
servers apply as one transaction: a document graph is replaced (its union-view triples, drop,
insert) atomically, as in the embedded store. New documents are sent in batches of whole documents:
one INSERT DATA holds each document's graph, its union-view triples and its catalog entry (the
commit mark), so a client querying the server while an ingest writes sees each document entirely or
not at all.

Whole graphs are read through the server's SPARQL 1.1 Graph Store Protocol endpoint (``GET
?graph=IRI`` and ``?default`` as N-Triples, streamed): ``$TRIALKG_GSP_URL`` when set, else the first of
the usual places that answers ``HEAD ?default`` (``.../store`` for Oxigraph and ``trialkg serve``,
``.../data`` for Fuseki, ``.../sparql-graph-crud`` for Virtuoso, ``.../rdf-graphs/service`` for
GraphDB).  A server without one is read with CONSTRUCT queries instead (N-Triples results,
streamed); the Graph Store Protocol is preferred because servers cap query results (Virtuoso's
``ResultSetMaxRows``) but not graph downloads.  The RDF dumps (``trialkg export -f nquads`` ...) of a
remote store are made of these reads.

``$TRIALKG_WRITE_TOKEN``, when set, is sent as ``Authorization: Bearer <token>`` with every update:
``trialkg serve`` started with the same token takes updates, so ``trialkg ingest --store
http://host:7878/sparql`` writes into a store that is being served.

Parameters are written into queries as terms (graph/sparql_bind.py); the server sees data, never
user text as query syntax.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import pyoxigraph as ox
from trialkg.graph import iris
from trialkg.graph import store as store_module
from trialkg.graph.ntriples import without_mentions
from trialkg.graph.store import MENTION, StoreError, TrialStore, to_python
from trialkg.ontology import TKG

log = logging.getLogger(__name__)

UPDATE_URL_ENV = "TRIALKG_UPDATE_URL"
GSP_URL_ENV = "TRIALKG_GSP_URL"
NTRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
SPARQL_UPDATE = "application/sparql-update"
TOKEN_ENV = "TRIALKG_WRITE_TOKEN"
BATCH_BYTES = 8_000_000  # INSERT DATA requests are split near this size
BATCH_ENV = "TRIALKG_BATCH_BYTES"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def is_url(location: object) -> bool:
    return isinstance(location, str) and re.match(r"https?://", location) is not None


def update_url(query_url: str) -> str:
    """The update endpoint that goes with a query endpoint (see the module docstring)."""
    explicit = os.environ.get(UPDATE_URL_ENV)
    if explicit:
        return explicit
    parts = urllib.parse.urlsplit(query_url)
    if parts.path.rstrip("/").endswith("/query"):
        path = parts.path.rstrip("/")[: -len("query")] + "update"
        return urllib.parse.urlunsplit(parts._replace(path=path))
    return query_url


class NotFoundError(StoreError):
    """The server answered 404 (Not Found)."""


def gsp_candidates(query_url: str) -> list[str]:
    """Where the Graph Store Protocol endpoint of the server with this query endpoint may be, most
    likely first: ``$TRIALKG_GSP_URL`` alone when set; else by the query URL's shape (see the module
    docstring)."""
    explicit = os.environ.get(GSP_URL_ENV)
    if explicit:
        return [explicit]
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")
    base, _, last = path.rpartition("/")
    if last in ("query", "sparql") and "/repositories/" not in path:
        paths = [f"{base}/store", f"{base}/data" if last == "query" else f"{base}/sparql-graph-crud"]
    elif "/repositories/" in path:
        paths = [f"{path}/rdf-graphs/service"]
    else:
        return []
    return [urllib.parse.urlunsplit(parts._replace(path=p, query="")) for p in paths]


def _form(fields: dict[str, str]) -> bytes:
    return urllib.parse.urlencode(fields).encode("utf-8")


def _term(t: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if t["type"] == "uri":
        return ox.NamedNode(t["value"])
    if t["type"] == "bnode":
        return ox.BlankNode(t["value"])
    if "xml:lang" in t:
        return ox.Literal(t["value"], language=t["xml:lang"])
    if "datatype" in t:
        return ox.Literal(t["value"], datatype=ox.NamedNode(t["datatype"]))
    return ox.Literal(t["value"])


class RemoteTrialStore(TrialStore):
    """The store API over the SPARQL 1.1 Protocol (query and update operations)."""

    def __init__(self, url: str, read_only: bool = False, timeout: float = 120.0) -> None:
        self.path = None
        self.url = url
        self.update_endpoint = update_url(url)
        self.read_only = read_only
        self.timeout = timeout
        self._lock = None
        self._ontology_checked = False
        self.recovered: list[str] = []  # removed by ingest (its first write), not at opening
        self._gsp_endpoint: str | bool | None = False  # False: not looked for yet; None: none found
        self._request(self.url, {"query": "ASK { }"}, "application/sparql-results+json")  # reachable?

    def __repr__(self) -> str:
        return f"RemoteTrialStore({self.url!r})"

    # -- HTTP ------------------------------------------------------------------------------------
    def _request(self, url: str, form: dict[str, str], accept: str) -> bytes:
        """A form POST, its whole answer."""
        with self._download(url, accept, _form(form), FORM) as body:
            return bytes(body.read())

    @contextmanager
    def _download(
        self, url: str, accept: str, data: bytes | None = None, content_type: str = FORM, auth: bool = False
    ) -> Iterator[IO[bytes]]:
        """A GET of ``url`` (a POST of ``data`` as ``content_type`` when given; with the write token
        when ``auth``) whose answer is read as a stream; failures, while connecting or reading, as
        StoreError."""
        headers = {"Accept": accept}
        if data is not None:
            headers["Content-Type"] = content_type
        token = os.environ.get(TOKEN_ENV) if auth else None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(url, data=data, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                yield resp
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip()[:500]
            error = NotFoundError if e.code == 404 else StoreError
            raise error(f"the SPARQL server at {url} answered {e.code}: {detail or e.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from None

    def _gsp(self) -> str | None:
        """The server's Graph Store Protocol endpoint, looked for once (see ``gsp_candidates``): the first
        candidate that answers ``HEAD ?default`` with a success that is not a web page, else None."""
        if self._gsp_endpoint is False:
            self._gsp_endpoint = None
            for url in gsp_candidates(self.url):
                req = urllib.request.Request(f"{url}?default", method="HEAD", headers={"Accept": NTRIPLES})
                try:
                    with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                        kind = resp.headers.get("Content-Type", "")
                except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
                    log.debug("no Graph Store Protocol endpoint at %s: %s", url, e)
                    continue
                if kind.startswith("text/html"):  # a site answering every path with a page
                    log.debug("no Graph Store Protocol endpoint at %s: it answers with %s", url, kind)
                    continue
                self._gsp_endpoint = url
                break
            if self._gsp_endpoint is None:
                log.info("%s: no Graph Store Protocol endpoint found; whole graphs are read by queries", self.url)
        return self._gsp_endpoint if isinstance(self._gsp_endpoint, str) else None

    def _bound(self, sparql: str, bindings: dict[str, Any] | None) -> str:
        """The query text with the bound values written in as terms."""
        text, left = self.bind(sparql, bindings)
        if left:
            from trialkg.graph.sparql_bind import inline_values

            text = inline_values(sparql, bindings or {})
        return text

    def _select(self, sparql: str) -> tuple[list[str], list[dict[str, dict[str, str]]]]:
        data = json.loads(self._request(self.url, {"query": sparql}, "application/sparql-results+json"))
        if "boolean" in data:
            value = "true" if data["boolean"] is True else "false"
            return ["ask"], [{"ask": {"type": "literal", "value": value, "datatype": XSD_BOOLEAN}}]
        return data["head"]["vars"], data["results"]["bindings"]

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        return None

    @property
    def raw(self) -> ox.Store:
        raise StoreError(f"{self.url} is a remote SPARQL server; this needs the embedded store")

    # -- writes ----------------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.url} is open read-only")
        if not self._ontology_checked:
            self._ontology_checked = True
            self._ensure_ontology()
            self._upgrade_union()

    def _apply(self, update: str) -> None:
        """One update, POSTed directly (``application/sparql-update``, the SPARQL 1.1 Protocol's other way
        besides a form: no percent-encoding of megabytes of update text, which took Python ~3 ms per
        document of an ingest)."""
        with self._download(self.update_endpoint, "*/*", update.encode("utf-8"), SPARQL_UPDATE, auth=True) as body:
            body.read()

    def _union_mentions(self) -> Iterator[list[str]]:
        """The Mentions in the server's default graph, a page at a time: each page is asked for once the
        previous one is removed.  Stops when a page comes back unchanged (a default graph that is the
        union of the named graphs, where nothing can be removed)."""
        page = f"SELECT ?m WHERE {{ ?m a <{MENTION}> }} LIMIT {store_module.UNION_UPGRADE_BATCH}"
        previous: list[str] = []
        while True:
            batch = [str(r["m"]) for r in self.query(page) if r.get("m")]
            if not batch:
                return
            if batch == previous:
                log.warning("the default graph of %s keeps its Mentions' triples (a union of the graphs?)", self.url)
                return
            yield batch
            previous = batch

    def lower_compaction_priority(self) -> int:
        """Nothing to do from here: the server schedules its own compaction."""
        return 0

    def optimize(self) -> None:
        """Nothing to do from here: a SPARQL server compacts its own storage."""
        self._writable()

    def add_documents(
        self, named_nquads: str, default_ntriples: str, catalog_nquads: str, checked: bool = False
    ) -> None:
        """New documents in INSERT DATA requests of whole documents: each document's graph, its facts
        in the default graph (the union view, without the triples about Mentions) and its catalog entry
        (the commit mark) travel in one request, one transaction on the server.  (``default_ntriples`` is
        the union view of all the documents, which is rebuilt here per document; ``checked`` changes
        nothing here: the server parses the requests as it does.)"""
        self._writable()
        entries = _by_subject(_by_graph(catalog_nquads).get(f"<{iris.CATALOG_GRAPH}>", []))
        blocks = []
        for g, ts in _by_graph(named_nquads).items():
            body = "".join(ts)
            catalog = "".join(entries.get(g, []))
            facts = without_mentions(body)
            blocks.append(f"GRAPH {g} {{\n{body}}}\n{facts}GRAPH <{iris.CATALOG_GRAPH}> {{\n{catalog}}}\n")
        self._insert_data(blocks, _batch_bytes())

    def add_catalog(self, catalog_nquads: str) -> None:
        """Catalog entries (N-Quads in the catalog graph) in INSERT DATA requests of whole subjects."""
        self._writable()
        entries = _by_subject(_by_graph(catalog_nquads).get(f"<{iris.CATALOG_GRAPH}>", []))
        blocks = [f"GRAPH <{iris.CATALOG_GRAPH}> {{\n{''.join(ts)}}}\n" for ts in entries.values()]
        self._insert_data(blocks, _batch_bytes())

    def _insert_data(self, blocks: list[str], batch_bytes: int) -> None:
        """INSERT DATA requests of whole blocks, each near ``batch_bytes`` (a larger block alone)."""
        batch: list[str] = []
        size = 0
        for block in blocks:
            if batch and size + len(block) > batch_bytes:
                self._apply("INSERT DATA {\n" + "".join(batch) + "}")
                batch, size = [], 0
            batch.append(block)
            size += len(block)
        if batch:
            self._apply("INSERT DATA {\n" + "".join(batch) + "}")

    # -- reads -----------------------------------------------------------------------------------
    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cols, rows = self._select(self._bound(sparql, bindings))
        return [{c: to_python(_term(r[c])) if c in r else None for c in cols} for r in rows]

    def select_terms(self, sparql: str, bindings: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        cols, rows = self._select(self._bound(sparql, bindings))
        for r in rows:
            yield {c: _term(r[c]) for c in cols if c in r}

    def construct(self, sparql: str, bindings: dict[str, Any] | None = None) -> Iterator[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query, asked for as N-Triples and parsed as they arrive."""
        text = self._bound(sparql, bindings)
        with self._download(self.url, NTRIPLES, _form({"query": text})) as body:
            yield from ox.parse(body, ox.RdfFormat.N_TRIPLES)  # type: ignore[misc]

    def _graph_triples(self, graph: str | None) -> Iterator[ox.Triple]:
        """The triples of one graph (the default graph when None): downloaded through the Graph Store
        Protocol, else by a CONSTRUCT query.  A named graph the server does not hold has none."""
        gsp = self._gsp()
        if gsp is None:
            if graph:
                yield from self.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
            else:
                yield from self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            return
        url = f"{gsp}?{urllib.parse.urlencode({'graph': graph})}" if graph else f"{gsp}?default"
        try:
            with self._download(url, NTRIPLES) as body:
                yield from ox.parse(body, ox.RdfFormat.N_TRIPLES)  # type: ignore[misc]
        except NotFoundError:
            if graph is None:
                raise
            # a named graph the server does not hold: none of its triples

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        gn: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        for t in self._graph_triples(graph):
            yield ox.Quad(t.subject, t.predicate, t.object, gn)

    def dump_dataset(self, out: IO[bytes], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Every graph written to ``out``: the default graph, then each named graph in IRI order, each
        downloaded as it is written."""

        def every() -> Iterator[ox.Quad]:
            yield from self.quads(None)
            for g in self.named_graphs():
                yield from self.quads(g)

        ox.serialize(every(), out, fmt, prefixes=prefixes)

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        return bool(self.query(sparql, bindings)[0]["ask"])

    def _has_quad(self, quad: ox.Quad) -> bool:
        terms = {"s": quad.subject, "p": quad.predicate, "o": quad.object, "g": quad.graph_name}
        return self.ask("ASK { GRAPH ?g { ?s ?p ?o } }", terms)

    def has_graph(self, graph_iri: str) -> bool:
        return self.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": graph_iri})

    def named_graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"] for r in rows if isinstance(r["g"], str) and not r["g"].startswith("_:"))

    def uncommitted_graphs(self) -> list[str]:
        # (each document travels with its catalog entry: only another writer can leave one without)
        rows = self.query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?c { ?g ?hash ?h } }",
            {"c": iris.CATALOG_GRAPH, "hash": TKG + "rawHash"},
        )
        committed = {r["g"] for r in rows}
        return [g for g in self.document_graphs() if g not in committed]

    def statements(self, prop: str) -> list[tuple[Any, Any]]:
        from trialkg.graph.sparql import load

        return [(r["s"], r["o"]) for r in self.query(load("statements").text, {"p": prop})]

    def graph_statements(self, prop: str) -> Iterator[tuple[str, str, str]]:
        from trialkg.graph.sparql import load

        text, _ = self.bind(load("graph_statements").text, {"p": prop})
        _, rows = self._select(text)
        for r in rows:
            yield r["g"]["value"], _plain(r["s"]), _plain(r["o"])

    def triple_count(self, graph: str | None = None) -> int:
        if graph:
            rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        else:
            rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"])


def _plain(cell: dict[str, str]) -> str:
    """A SPARQL JSON results cell as ``TrialStore.graph_statements`` gives terms: IRI or lexical value,
    a blank node as _:id."""
    return "_:" + cell["value"] if cell["type"] == "bnode" else cell["value"]


def _batch_bytes() -> int:
    """Bytes of update text per request: ``$TRIALKG_BATCH_BYTES`` or 8 MB (servers limit request
    bodies: ``trialkg serve`` takes 64 MB from a token holder, Fuseki and Oxigraph more)."""
    return int(os.environ.get(BATCH_ENV) or BATCH_BYTES)


def _by_subject(triples: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for t in triples:
        out[t.split(" ", 1)[0]].append(t)
    return out


def _by_graph(nquads: str) -> dict[str, list[str]]:
    """N-Quads lines (as the N-Triples writer makes them: graph IRI last) grouped by graph, each line
    turned into its triple."""
    out: dict[str, list[str]] = defaultdict(list)
    for line in nquads.splitlines():
        line = line.strip()
        if not line:
            continue
        body = line[:-1].rstrip() if line.endswith(".") else line
        spo, graph = body.rsplit(" ", 1)
        if not (graph.startswith("<") and graph.endswith(">")):
            raise ValueError(f"not an N-Quads line with a named graph: {line[:200]}")
        out[graph].append(spo + " .\n")
    return out
