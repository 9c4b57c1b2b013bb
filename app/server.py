"""``trialkg serve``: a SPARQL 1.1 Protocol endpoint, REST routes for the canned queries, trial
cards as JSON-LD, and an offline query page, over the embedded store (FastAPI + uvicorn).

- ``/sparql``: GET and POST (form-encoded or ``application/sparql-query``), ``default-graph-uri``
  and ``named-graph-uri``; results as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples,
  JSON-LD or RDF/XML, chosen by the Accept header (or ``format=``); a service description on GET
  without a query.  Read-only unless started with a write token; updates then need
  ``Authorization: Bearer <token>``.
- ``/store``: the Graph Store Protocol's reads, ``GET`` / ``HEAD`` with ``?graph=IRI`` or ``?default``,
  as N-Triples or Turtle, streamed from the store's index (no row limit: nothing is evaluated, and the
  memory stays flat); what ``trialkg export --store http://.../sparql`` downloads whole graphs from.
- A time limit per query and a row limit per result, each answered with a clear error; a request
  body limit (larger for updates carrying the write token, which is how ``trialkg ingest --store
  http://.../sparql`` writes through a running server).
- No outside calls unless enabled: ``SERVICE`` in a query (``allow_service``) and ``LOAD`` in an
  update (``allow_load``) are refused otherwise, before the engine sees them.
- ``/queries`` and ``/queries/{name}?param=...`` (one route per canned query, described in the
  OpenAPI document at ``/openapi.json``), ``/trials/{id}`` (JSON-LD), ``/health``, ``/version``.
"""

from __future__ import annotations

import asyncio
import csv
import hmac
import html
import inspect
import io
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import parse_qs

import pyoxigraph as ox
import trialkg
from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from trialkg.graph.sparql_bind import keywords
from trialkg.graph.store import TrialStore, to_python

log = logging.getLogger(__name__)

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
STORE_TYPES = {k: v for k, v in GRAPH_TYPES.items() if v in ("turtle", "ntriples")}  # written in pieces
STORE_BATCH = 10_000  # triples per piece of a /store download
_RDF_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass
class Settings:
    store: str
    write_token: str | None = None  # None: read-only
    timeout: float = 30.0  # seconds per query
    max_rows: int = 100_000  # rows (or triples) per result
    max_body: int = 1_000_000  # bytes per request body
    max_update_body: int = 64_000_000  # bytes per update request carrying the write token
    allow_service: bool = False  # SERVICE (federated queries: the server calls other hosts)
    allow_load: bool = False  # LOAD <url> in updates (the server fetches a URL)
    max_overdue: int = 2  # ad hoc queries refused while this many are still running past the time limit
    cors_origins: list[str] = field(default_factory=list)


@dataclass
class _Overdue:
    """Queries answered 503 at the time limit whose evaluation is still running: Oxigraph checks no
    deadline inside a join or an aggregate, so such a query holds a thread until it ends.  While
    ``max_overdue`` of them run, new ad hoc queries are turned away (503, Retry-After) instead of
    piling up; canned queries, cards and /health go on."""

    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class QueryTimeout(Exception):
    """Raised in the evaluating thread when the deadline passed or the request was given up."""


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# -- content negotiation ------------------------------------------------------------------------
def _accepted(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        out.append((bits[0].lower(), q))
    return sorted(out, key=lambda x: -x[1])


def negotiate(accept: str | None, offered: dict[str, str], default: str, override: str | None = None) -> str:
    """The format key to answer with, from ``format=`` or the Accept header; 406 when none fits."""
    if override:
        if override not in offered.values():
            raise ProtocolError(
                400, f"format={override!r} is not offered here; use one of {sorted(set(offered.values()))}"
            )
        return override
    if not accept:
        return default
    for media, q in _accepted(accept):
        if q <= 0:
            continue
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise ProtocolError(406, f"cannot answer with any of: {accept}; offered: {', '.join(sorted(offered))}")


# -- result serializers ---------------------------------------------------------------------------
_JSON = json.JSONEncoder(check_circular=False, separators=(",", ":"))


def _json_term(t: Any) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d
    return {"type": "triple", "value": str(t)}


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{html.escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{html.escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        attr = ""
        if t.language:
            attr = f' xml:lang="{html.escape(t.language)}"'
        elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            attr = f' datatype="{html.escape(t.datatype.value)}"'
        return f"<literal{attr}>{html.escape(t.value, quote=False)}</literal>"
    return f"<literal>{html.escape(str(t))}</literal>"


def serialize_select(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    if fmt == "json":
        seen: dict[Any, dict[str, str]] = {}  # terms repeat across rows (labels, IRIs): convert each once
        bindings = []
        for row in rows:
            b = {}
            for v, t in zip(variables, row, strict=True):
                if t is not None:
                    j = seen.get(t)
                    if j is None:
                        j = seen[t] = _json_term(t)
                    b[v] = j
            bindings.append(b)
        return _JSON.encode({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f'<variable name="{v}"/>' for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            for v, t in zip(variables, row, strict=True):
                if t is not None:
                    out.append(f'<binding name="{v}">{_xml_term(t)}</binding>')
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for row in rows:
            w.writerow(
                ["" if t is None else t.value if isinstance(t, ox.NamedNode | ox.Literal) else str(t) for t in row]
            )
        return buf.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        for row in rows:
            lines.append("\t".join("" if t is None else str(t) for t in row))
        return ("\n".join(lines) + "\n").encode()
    raise ProtocolError(406, f"SELECT results cannot be written as {fmt}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
            f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        ).encode()
    return (("true" if value else "false") + "\n").encode()


# -- query execution -------------------------------------------------------------------------------
@dataclass
class Outcome:
    kind: str  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)


def execute(
    store: ox.Store,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    max_rows: int,
    deadline: float,
    cancel: threading.Event,
    substitutions: dict[str, Any] | None = None,
) -> Outcome:
    """Evaluate a query with the given dataset and bound values (a canned query's parameters); stops
    at the row limit (ProtocolError 422), the deadline or a cancel (QueryTimeout)."""
    kwargs: dict[str, Any] = {}
    query, subs = TrialStore.bind(query, substitutions)
    if subs:
        kwargs["substitutions"] = subs
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        res = store.query(query, **kwargs)
    except SyntaxError as e:
        raise ProtocolError(400, f"SPARQL syntax error: {e}") from None
    except (OSError, ValueError, RuntimeError) as e:  # evaluation errors, e.g. SERVICE not supported
        raise ProtocolError(400, f"query cannot be evaluated: {e}") from None
    if isinstance(res, ox.QueryBoolean):
        return Outcome("ask", boolean=bool(res))

    def check(n: int) -> None:
        if n > max_rows:
            raise ProtocolError(
                422, f"the result has more than {max_rows} rows (the server's limit); add LIMIT or narrow the query"
            )
        if n % 256 == 0 and (cancel.is_set() or time.monotonic() > deadline):
            raise QueryTimeout  # not an OSError (as TimeoutError is), so not taken for an evaluation error

    try:
        if isinstance(res, ox.QueryTriples):
            triples = []
            for t in res:
                triples.append(t)
                check(len(triples))
            return Outcome("graph", triples=triples)
        variables = [v.value for v in res.variables]
        rows = []
        for sol in res:
            rows.append([sol[v] for v in variables])
            check(len(rows))
        return Outcome("select", variables=variables, rows=rows)
    except (OSError, ValueError, RuntimeError) as e:
        raise ProtocolError(400, f"query evaluation failed: {e}") from None


T = TypeVar("T")


def _identity(outcome: Outcome) -> Outcome:
    return outcome


# -- the application -------------------------------------------------------------------------------
def _service_description(base: str, writable: bool) -> str:
    lines = [
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix fmt: <http://www.w3.org/ns/formats/> .",
        "",
        f"<{base}> a sd:Service ;",
        f"    sd:endpoint <{base}> ;",
        "    sd:supportedLanguage sd:SPARQL11Query" + (", sd:SPARQL11Update" if writable else "") + " ;",
        "    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV, "
        "fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML ;",
        "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .",
    ]
    return "\n".join(lines) + "\n"


def _page() -> str:
    return (resources.files("trialkg.app") / "static" / "index.html").read_text(encoding="utf-8")


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI application over the store at ``settings.store`` (opened once, closed at shutdown)."""
    from contextlib import asynccontextmanager

    from trialkg.queries import load, names
    from trialkg.queries.api import bind, page_is_full

    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        # without a write token nothing is written: a read-only snapshot (no compaction, readers share)
        state["store"] = TrialStore(settings.store, read_only=settings.write_token is None)
        try:
            yield
        finally:
            state.pop("store").close()

    app = FastAPI(
        title="trialkg",
        version=trialkg.__version__,
        description="A knowledge graph of clinical trials: SPARQL 1.1 endpoint, canned queries and trial cards.",
        lifespan=lifespan,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
        )

    def store() -> TrialStore:
        st: TrialStore = state["store"]
        return st

    overdue = _Overdue()

    @app.exception_handler(ProtocolError)
    async def protocol_error(request: Request, exc: ProtocolError) -> Response:
        return PlainTextResponse(f"Error {exc.status}: {exc.message}\n", status_code=exc.status, headers=exc.headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:  # no stack traces to clients
        log.exception("internal error on %s %s", request.method, request.url.path)
        return PlainTextResponse("Error 500: internal error (logged on the server)\n", status_code=500)

    async def run_query(
        query: str,
        dgs: list[str],
        ngs: list[str],
        substitutions: dict[str, Any] | None,
        max_rows: int | None,
        render: Callable[[Outcome], T],
    ) -> T:
        """Every query the server runs (SPARQL, canned routes, trial cards) under the time limit and the
        row limit (``max_rows``, default the server's). ``render`` turns the outcome into the answer in
        the worker thread, so that serializing a large result does not hold up the event loop."""
        if not settings.allow_service and "SERVICE" in keywords(query):
            raise ProtocolError(
                403, "SERVICE (a federated query to another host) is disabled on this endpoint (--allow-service)"
            )
        adhoc = substitutions is None  # a client's own query (canned queries and cards are bounded)
        if adhoc and overdue.count >= settings.max_overdue:
            raise ProtocolError(
                503,
                f"the server is still finishing {overdue.count} queries that exceeded the time limit; retry shortly",
                {"Retry-After": "5"},
            )
        limit = settings.max_rows if max_rows is None else max_rows
        cancel = threading.Event()
        deadline = time.monotonic() + settings.timeout
        raw = store().raw
        mark = {"done": False, "overdue": False}

        def work() -> T:
            try:
                return render(execute(raw, query, dgs, ngs, limit, deadline, cancel, substitutions))
            finally:
                with overdue.lock:
                    mark["done"] = True
                    if mark["overdue"]:
                        overdue.count -= 1

        try:
            return await asyncio.wait_for(run_in_threadpool(work), timeout=settings.timeout)
        except (QueryTimeout, asyncio.TimeoutError):
            cancel.set()
            with overdue.lock:  # the engine cannot be interrupted inside a join or an aggregate
                if not mark["done"]:
                    mark["overdue"] = True
                    overdue.count += 1
            raise ProtocolError(
                503, f"the query exceeded the server's time limit of {settings.timeout:g} s; narrow it or add LIMIT"
            ) from None

    def authorized(request: Request) -> bool:
        """Whether the request carries the write token (compared in constant time)."""
        if settings.write_token is None:
            return False
        given = request.headers.get("authorization", "").encode("utf-8", "replace")
        return hmac.compare_digest(given, f"Bearer {settings.write_token}".encode())

    async def read_body(request: Request) -> bytes:
        limit = settings.max_update_body if authorized(request) else settings.max_body
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            raise ProtocolError(413, f"request body larger than {limit} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise ProtocolError(413, f"request body larger than {limit} bytes")
        return bytes(body)

    def renderer(request: Request) -> Callable[[Outcome], Response]:
        """The Protocol's answer to this request, by its Accept header or ``format=`` parameter."""
        override = request.query_params.get("format")
        accept = request.headers.get("accept")
        return lambda outcome: respond(outcome, accept, override)

    def respond(outcome: Outcome, accept: str | None, override: str | None) -> Response:
        if outcome.kind == "graph":
            fmt = negotiate(accept, GRAPH_TYPES, "turtle", override)
            body = ox.serialize(outcome.triples, format=_RDF_FORMAT[fmt]) if outcome.triples else b""
            return Response(body or b"", media_type=_MEDIA[fmt])
        fmt = negotiate(accept, SELECT_TYPES, "json", override)
        if outcome.kind == "ask":
            if fmt in ("csv", "tsv"):
                raise ProtocolError(406, "an ASK result is written as SPARQL JSON or XML")
            return Response(serialize_boolean(outcome.boolean, fmt), media_type=_MEDIA[fmt])
        return Response(serialize_select(outcome.variables, outcome.rows, fmt), media_type=_MEDIA[fmt])

    async def do_update(request: Request, update: str) -> Response:
        if settings.write_token is None:
            raise ProtocolError(
                403, "this endpoint is read-only (start trialkg serve with --write-token to allow updates)"
            )
        if not authorized(request):
            raise ProtocolError(403, "updates need the header 'Authorization: Bearer <write token>'")
        if not settings.allow_load and "LOAD" in keywords(update):
            raise ProtocolError(403, "LOAD (the server fetching a URL) is disabled on this endpoint (--allow-load)")
        try:
            await run_in_threadpool(store().update, update)
        except SyntaxError as e:
            raise ProtocolError(400, f"SPARQL Update syntax error: {e}") from None
        except (OSError, ValueError, RuntimeError) as e:
            raise ProtocolError(400, f"update failed: {e}") from None
        return Response(status_code=204)

    def one(values: list[str], name: str) -> str | None:
        if len(values) > 1:
            raise ProtocolError(400, f"more than one '{name}' parameter")
        return values[0] if values else None

    @app.get("/sparql", summary="SPARQL 1.1 query (GET), or the service description without a query")
    async def sparql_get(request: Request) -> Response:
        qs = parse_qs(request.url.query, keep_blank_values=True)
        if "update" in qs:
            raise ProtocolError(400, "SPARQL Update must be sent with POST")
        query = one(qs.get("query", []), "query")
        if query is None:
            fmt = negotiate(request.headers.get("accept"), GRAPH_TYPES, "turtle", request.query_params.get("format"))
            base = str(request.url).split("?")[0]
            sd = _service_description(base, settings.write_token is not None)
            if fmt == "turtle":
                return Response(sd, media_type=_MEDIA["turtle"])
            triples = list(ox.parse(sd.encode(), format=ox.RdfFormat.TURTLE))
            return Response(ox.serialize(triples, format=_RDF_FORMAT[fmt]), media_type=_MEDIA[fmt])
        return await run_query(
            query, qs.get("default-graph-uri", []), qs.get("named-graph-uri", []), None, None, renderer(request)
        )

    @app.post("/sparql", summary="SPARQL 1.1 query or update (POST, form-encoded or direct)")
    async def sparql_post(request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request)
        url_qs = parse_qs(request.url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            query, update = one(form.get("query", []), "query"), one(form.get("update", []), "update")
            if query is not None and update is not None:
                raise ProtocolError(400, "a request carries either 'query' or 'update', not both")
            if update is not None:
                return await do_update(request, update)
            if query is None:
                raise ProtocolError(400, "the form has no 'query' (or 'update') parameter")
            dgs = form.get("default-graph-uri", []) + url_qs.get("default-graph-uri", [])
            ngs = form.get("named-graph-uri", []) + url_qs.get("named-graph-uri", [])
            return await run_query(query, dgs, ngs, None, None, renderer(request))
        if ctype == "application/sparql-query":
            dgs, ngs = url_qs.get("default-graph-uri", []), url_qs.get("named-graph-uri", [])
            return await run_query(text, dgs, ngs, None, None, renderer(request))
        if ctype == "application/sparql-update":
            return await do_update(request, text)
        raise ProtocolError(
            415,
            f"unsupported Content-Type {ctype or '(none)'}; use application/x-www-form-urlencoded, "
            "application/sparql-query or application/sparql-update",
        )

    @app.api_route(
        "/store",
        methods=["GET", "HEAD"],
        summary="Graph Store Protocol (reads): one graph, ?graph=IRI or ?default, as N-Triples or Turtle",
    )
    async def graph_store(request: Request) -> Response:
        qs = parse_qs(request.url.query, keep_blank_values=True)
        graph = one(qs.get("graph", []), "graph")
        if (graph is None) == ("default" not in qs):
            raise ProtocolError(400, "name one graph: ?graph=IRI or ?default")
        fmt = negotiate(request.headers.get("accept"), STORE_TYPES, "ntriples", request.query_params.get("format"))
        st = store()
        if graph is not None and not await run_in_threadpool(st.has_graph, graph):
            raise ProtocolError(404, f"no graph named {graph}")
        if request.method == "HEAD":
            return Response(media_type=_MEDIA[fmt])

        def pieces() -> Iterable[bytes]:
            """The graph's triples serialized a batch at a time (concatenated Turtle documents without
            prefixes are one Turtle document)."""
            batch: list[ox.Triple] = []
            for q in st.quads(graph):
                batch.append(q.triple)
                if len(batch) == STORE_BATCH:
                    yield ox.serialize(batch, format=_RDF_FORMAT[fmt]) or b""
                    batch = []
            if batch:
                yield ox.serialize(batch, format=_RDF_FORMAT[fmt]) or b""

        return StreamingResponse(pieces(), media_type=_MEDIA[fmt])

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(_page())

    @app.get("/health", summary="Liveness: the store answers a query; queries still running past the time limit")
    async def health() -> dict[str, Any]:
        await run_in_threadpool(store().ask, "ASK { }")
        return {"status": "ok", "overdue_queries": overdue.count}

    @app.get("/version", summary="Versions of trialkg and its store engine")
    async def version() -> dict[str, str]:
        return {"trialkg": trialkg.__version__, "pyoxigraph": ox.__version__}

    @app.get("/queries", summary="The canned queries with their parameters and result columns")
    async def list_queries() -> list[dict[str, Any]]:
        out = []
        for n in names():
            q = load(n)
            out.append(
                {
                    "name": n,
                    "title": q.title,
                    "description": q.description,
                    "parameters": [
                        {"name": p.name, "type": p.type, "scheme": p.scheme, "default": p.default, "doc": p.doc}
                        for p in q.params.values()
                    ],
                    "columns": list(q.columns),
                    "sparql": "\n".join(ln for ln in q.text.splitlines() if not ln.startswith("#")).strip(),
                }
            )
        return out

    def canned_route(name: str) -> Any:
        q = load(name)

        async def endpoint(request: Request, **params: Any) -> Response:
            fmt = params.pop("format", None) or "json"
            given = {k: v for k, v in params.items() if v is not None}
            try:
                bound = await run_in_threadpool(bind, store(), name, given)
            except ValueError as e:
                raise ProtocolError(400, str(e)) from None
            text, values = q.prepare(bound)
            outcome = await run_query(text, [], [], values, None, _identity)
            cols = list(q.columns)
            at = {v: i for i, v in enumerate(outcome.variables)}
            rows = [{c: to_python(row[at[c]]) for c in cols} for row in outcome.rows]
            paging: dict[str, Any] = {}
            if q.page_size:
                page = int(bound.get("page") or 1)
                paging = {
                    "page": page,
                    "page_size": q.page_size,
                    "next_page": page + 1 if page_is_full(name, rows) else None,
                }
            if fmt == "csv":
                buf = io.StringIO()
                w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\r\n")
                w.writeheader()
                w.writerows(rows)
                # CSV has no room for the page numbers: they travel as headers
                headers = {f"X-{k.replace('_', '-').title()}": str(v) for k, v in paging.items() if v is not None}
                return Response(buf.getvalue(), media_type=_MEDIA["csv"], headers=headers)
            return JSONResponse({"query": name, "parameters": bound, "columns": cols, **paging, "rows": rows})

        sig = [inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)]
        for p in q.params.values():
            default = Query(... if p.required else p.default, description=f"{p.doc} ({p.spec()})")
            sig.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, annotation=str, default=default))
        fmt_q = Query("json", description="json or csv", pattern="^(json|csv)$")
        sig.append(inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, annotation=str, default=fmt_q))
        endpoint.__signature__ = inspect.Signature(sig)  # type: ignore[attr-defined]
        endpoint.__name__ = f"query_{name}"
        return endpoint

    for n in names():
        q = load(n)
        app.add_api_route(
            f"/queries/{n}",
            canned_route(n),
            methods=["GET"],
            summary=q.title,
            description=q.description + "\n\nColumns: " + ", ".join(q.columns),
            tags=["canned queries"],
        )

    @app.get("/context.jsonld", summary="The JSON-LD context of the trial cards (ontology/context.jsonld)")
    async def context() -> Response:
        from trialkg.ontology import context_path

        return Response(context_path().read_bytes(), media_type="application/ld+json")

    @app.get("/trials/{ident}", summary="A trial card as JSON-LD (NCT id, acronym or trial key)")
    async def trial_card(ident: str, request: Request) -> Response:
        from trialkg.ontology import context_path
        from trialkg.queries.api import find_trials

        found = await run_in_threadpool(find_trials, store(), ident)
        if not found:
            raise ProtocolError(404, f"no trial with id or acronym {ident!r}")
        if len(found) > 1:
            raise ProtocolError(409, f"{ident!r} names {len(found)} trials; use the NCT id")
        # one trial's triples: bounded by the trial, not by the row limit meant for ad hoc queries
        outcome = await run_query(load("_trial_graph").text, [], [], {"trial": found[0]}, sys.maxsize, _identity)
        triples = [row[:3] for row in outcome.rows]
        doc = await run_in_threadpool(_jsonld, triples, found[0], context_path(), str(request.url_for("context")))
        return Response(doc, media_type="application/ld+json")

    return app


def _rdflib(term: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _jsonld(triples: Iterable[list[Any]], trial: str, context: Any, context_url: str) -> bytes:
    """Triples (Oxigraph terms, kept exact) as JSON-LD compacted with the published context, which is
    referenced by its URL; the trial first."""
    from rdflib import Graph

    g = Graph()
    for s, p, o in triples:
        g.add((_rdflib(s), _rdflib(p), _rdflib(o)))
    ctx = json.loads(context.read_text(encoding="utf-8"))
    data = json.loads(g.serialize(format="json-ld", context=ctx.get("@context", ctx), auto_compact=True))
    data["@context"] = context_url
    if "@graph" in data:
        data["@graph"].sort(key=lambda n: (n.get("@id") != trial, str(n.get("@id"))))
    return json.dumps(data, indent=1).encode()
