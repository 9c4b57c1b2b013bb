"""The store: an embedded on-disk Oxigraph store with one named graph per source document.

Writes go through SPARQL UPDATE requests, each applied by Oxigraph as one transaction, so a
document's graph is replaced (drop + insert) atomically and a failed write leaves nothing behind.

The default graph is kept as the deduplicated union of the document, merge and ontology graphs
(the catalog stays out), less the triples about Mentions: the facts, with their ``tkg:evidence``
links to the Mentions that state them, while each Mention's quote, offsets and source stay in its
document's graph alone (read them with ``GRAPH ?g { ?m tkg:quote ?q }``).  A Mention belongs to one
source (its IRI is minted from it), so the union would only copy those triples: they were two
thirds of it, and leaving them out makes the store a sixth smaller and its bulk writes a quarter
cheaper.  Oxigraph's "default graph as union" mode counts a triple once per graph that holds it,
which multiplies rows in joins when several documents state the same facts; the maintained union
answers queries with set semantics.  It is updated in the same transaction as the graph it
mirrors: triples no other graph holds are removed, the new ones added.
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph
from trialkg.graph import iris
from trialkg.graph.sparql_bind import bind_terms
from trialkg.ontology import TKG, ttl_files

log = logging.getLogger(__name__)

MENTION = TKG + "Mention"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PENDING = TKG + "mergePending"  # in the catalog graph, on the merge graph: see TrialStore.pending


class StoreError(RuntimeError):
    pass


LOCK_FILE = "trialkg.lock"
# Oxigraph's bulk loader writes its input in batches of 1,000,000 quads, each batch's files ingested by
# RocksDB in one atomic step: a text of fewer quads than this (with a margin) is written all or not at all
ATOMIC_BULK_QUADS = 500_000
UNION_UPGRADE_BATCH = 20_000  # Mentions whose triples one transaction removes from an older store's union view
FAILPOINT_ENV = "TRIALKG_FAILPOINT"
_failpoint_hits: dict[str, int] = {}


def failpoint(name: str) -> None:
    """Crash-test hook: with ``$TRIALKG_FAILPOINT`` set to ``name:n``, the process kills itself
    (SIGKILL, as a power cut would stop it) the n-th time it passes ``name``.  Unset, a dictionary
    lookup.  The points sit between the steps of a bulk write (see ``add_documents``)."""
    spec = os.environ.get(FAILPOINT_ENV)
    if not spec:
        return
    want, _, nth = spec.partition(":")
    if want != name:
        return
    _failpoint_hits[name] = _failpoint_hits.get(name, 0) + 1
    if _failpoint_hits[name] >= int(nth or 1):
        log.warning("failpoint %s reached: killing this process", spec)
        os.kill(os.getpid(), signal.SIGKILL)


def store_exists(path: str | Path) -> bool:
    """Whether ``path`` holds a store (an Oxigraph/RocksDB folder), without opening it."""
    return (Path(path) / "CURRENT").exists()


def _lock(folder: Path, exclusive: bool) -> Any:
    """Take the store's advisory lock (exclusive for a writer, shared for readers) or raise StoreError
    saying who holds it. POSIX only; elsewhere Oxigraph's own lock still keeps two writers apart."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    f = open(folder / LOCK_FILE, "a+")  # noqa: SIM115 - held open for the store's lifetime
    try:
        fcntl.flock(f, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        if exclusive:
            raise StoreError(
                f"the store at {folder} is in use by another process (a running `trialkg serve`, or another "
                "ingest); stop it first, or send updates to the server with its write token"
            ) from None
        raise StoreError(f"the store at {folder} is being written by another process; try again when it ends") from None
    return f


COMPACTION_THREADS = "rocksdb:low"  # the name RocksDB gives the threads of its compaction pool
LOWEST_PRIORITY = 19  # nice value


def threads_named(name_prefix: str) -> list[Path] | None:
    """This process's threads whose name starts with ``name_prefix`` (their /proc/self/task folders), or
    None where the system has no such folder (not Linux).  A thread may end while it is read."""
    try:
        tasks = list(Path("/proc/self/task").iterdir())
    except OSError:
        return None
    found = []
    for task in tasks:
        try:
            if (task / "comm").read_text().startswith(name_prefix):
                found.append(task)
        except OSError:  # the thread ended meanwhile
            continue
    return found


def _lower_thread_priority(name_prefix: str, nice: int) -> int:
    """Set this process's threads whose name starts with ``name_prefix`` to ``nice`` (when lower now);
    returns how many were found.  On Linux ``setpriority`` on a thread id applies to that thread alone."""
    if not hasattr(os, "setpriority"):
        return 0
    tasks = threads_named(name_prefix) or []
    for task in tasks:
        try:
            tid = int(task.name)
            if os.getpriority(os.PRIO_PROCESS, tid) < nice:
                os.setpriority(os.PRIO_PROCESS, tid, nice)
        except OSError as e:  # the thread ended meanwhile, or not permitted
            log.debug("thread %s: priority left as it was (%s)", task.name, e)
    return len(tasks)


def graph_to_insert(graph_iri: str, graph: Graph | str) -> str:
    """INSERT DATA for ``graph`` (an rdflib Graph, or N-Triples text) into ``graph_iri``."""
    from trialkg.graph.ntriples import ntriples

    body = graph if isinstance(graph, str) else ntriples(sorted(graph))  # sorted for reproducibility
    return "INSERT DATA { GRAPH <" + graph_iri + "> {\n" + body + "\n} }"


class TrialStore:
    """Open with ``TrialStore(path)``; use as a context manager to flush on exit.

    ``read_only=True`` opens a snapshot of an existing store for queries (as ``trialkg serve`` does
    without a write token): no background compaction, no write. An advisory lock file keeps writers
    and readers of one folder apart across processes: one writer, or any number of readers."""

    def __init__(self, path: str | Path | None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only and self.path is not None
        self._lock: Any = None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif self.read_only:
                if not store_exists(self.path):
                    raise StoreError(f"there is no store at {self.path} (run `trialkg ingest` first)")
                self._lock = _lock(self.path, exclusive=False)
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._lock = _lock(self.path, exclusive=True)
                self._store = ox.Store(str(self.path))
        except OSError as e:
            self._release()
            raise StoreError(f"cannot open the store at {self.path}: {e}") from None
        # graphs an interrupted bulk write left without their commit mark go at once: a writer
        # never builds on them (a read-only snapshot can't remove them; it says so)
        self.recovered: list[str] = []
        if not self.read_only:
            self._ensure_ontology()
            self._upgrade_union()
            self.recovered = self.recover()
        elif self.path is not None and (orphans := self.uncommitted_graphs()):
            log.warning(
                "the store at %s holds %d document graphs of an interrupted ingest; open it for writing "
                "(e.g. run `trialkg ingest` again) to remove them",
                self.path,
                len(orphans),
            )

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> TrialStore:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the on-disk store (and its lock); the object is unusable afterwards."""
        store = self.__dict__.pop("_store", None)
        if store is not None and self.path is not None and not self.read_only:
            store.flush()
        del store
        import gc

        gc.collect()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases its lock
            self._lock = None

    @property
    def raw(self) -> ox.Store:
        return self._store

    # -- ontology ----------------------------------------------------------------------------------
    def _ensure_ontology(self) -> None:
        """Load ontology, shapes and SKOS schemes into their graph when missing or changed."""
        import hashlib

        # over the files' bytes: the triples' blank nodes get new labels at every parse
        digest = hashlib.sha256(
            b"".join(f.name.encode() + b"\0" + f.read_bytes() for f in sorted(ttl_files()))
        ).hexdigest()
        marker = ox.Literal(digest)
        node = ox.NamedNode(iris.ONTOLOGY_GRAPH)
        pred = ox.NamedNode(TKG + "ontologyDigest")
        if self._has_quad(ox.Quad(node, pred, marker, node)):
            return
        from rdflib import Literal, URIRef

        g = Graph()
        for f in ttl_files():
            g.parse(f)
        g.add((URIRef(iris.ONTOLOGY_GRAPH), URIRef(TKG + "ontologyDigest"), Literal(digest)))
        self.replace_graphs({iris.ONTOLOGY_GRAPH: g})

    def _upgrade_union(self) -> bool:
        """A store written by trialkg before the union view left the Mentions out holds their triples in
        the default graph too: they go, ``UNION_UPGRADE_BATCH`` Mentions per transaction (an interrupted
        upgrade goes on at the next opening for writing).  Answers are the same before and after: the
        queries read Mentions from the document graphs.  Returns whether there was anything to remove."""
        batches = self._union_mentions()
        first = next(batches, None)
        if first is None:
            return False
        log.warning("removing the Mentions' triples from the union view of a store written by an older trialkg")
        done = 0
        for batch in itertools.chain([first], batches):
            values = " ".join(f"<{m}>" for m in batch)  # IRIs read from the store
            self._apply(f"DELETE {{ ?m ?p ?o }} WHERE {{ VALUES ?m {{ {values} }} ?m ?p ?o }}")
            done += len(batch)
            log.info("%d Mentions removed from the union view", done)
        return True

    def _union_mentions(self) -> Iterator[list[str]]:
        """The Mentions in the default graph, in batches, read from one snapshot (deleting a batch does
        not disturb the reading of the next)."""
        batch: list[str] = []
        quads = self._store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(MENTION), ox.DefaultGraph())
        for q in quads:
            if isinstance(q.subject, ox.NamedNode):
                batch.append(q.subject.value)
                if len(batch) == UNION_UPGRADE_BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch

    # -- writes ----------------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")

    def update(self, sparql: str) -> None:
        self._writable()
        self._apply(sparql)

    def lower_compaction_priority(self) -> int:
        """Give the store's compaction threads the lowest scheduling priority (nice 19), so that they
        run on the cores an ingest leaves idle rather than taking them from its worker processes;
        returns how many threads were found.  RocksDB compacts each few bulk loads' files as soon as it
        has a core to spare; starved of one, it merges more files at once, for less CPU in all (parallel
        ingests of synthetic trials, without the final compaction: 2.0-2.3 instead of 3.9-4.0 ms per
        document in those threads at 10,000 trials; 145-147 instead of 131-135 documents/s at 1,000).  The threads (RocksDB's low-priority pool) are
        shared by every store this process opens, and an unprivileged process cannot raise a priority
        again: meant for an ingesting process.  Flushes (the high-priority pool) keep their priority:
        a writer may wait for them.  Linux only (threads found by name in /proc); elsewhere nothing."""
        if self.path is None or self.read_only:
            return 0
        return _lower_thread_priority(COMPACTION_THREADS, LOWEST_PRIORITY)

    def optimize(self) -> None:
        """Compact the store's files.  Each bulk write adds sorted files that every later read merges;
        after many (a large ingest), compaction makes scans and listing queries about twice as fast
        (measured at 10,000 trials).  Takes seconds per 10,000 trials."""
        self._writable()
        self._store.optimize()

    def replace_graphs(self, graphs: dict[str, Graph | str | None], extra: Iterable[str] = ()) -> None:
        """In one transaction: drop each named graph, insert its new content (an rdflib Graph or
        N-Triples text; None = just drop), and run the extra update operations."""
        self._writable()
        ops = self._replace_ops(graphs, extra)
        if ops:
            self._apply(" ;\n".join(ops))

    def _apply(self, update: str) -> None:
        """Run a SPARQL update request (one transaction)."""
        self._store.update(update)

    @staticmethod
    def _replace_ops(graphs: dict[str, Graph | str | None], extra: Iterable[str]) -> list[str]:
        ops: list[str] = []
        for giri, g in graphs.items():
            in_union = giri != iris.CATALOG_GRAPH
            if in_union:
                ops.append(
                    f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{giri}> {{ ?s ?p ?o }} "
                    f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{giri}> && ?h != <{iris.CATALOG_GRAPH}>) }} }}"
                )
            ops.append(f"DROP SILENT GRAPH <{giri}>")
            if g is not None and (g.strip() if isinstance(g, str) else len(g)):
                ops.append(graph_to_insert(giri, g))
                if in_union:  # the facts: not the triples about Mentions (see the module's docstring)
                    ops.append(
                        f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{giri}> {{ ?s ?p ?o "
                        f"FILTER NOT EXISTS {{ ?s a <{MENTION}> }} }} }}"
                    )
        ops.extend(extra)
        return ops

    def add_documents(
        self, named_nquads: str, default_ntriples: str, catalog_nquads: str, checked: bool = False
    ) -> None:
        """Add new document graphs fast (the bulk path of ingest), crash-safe by ordering.

        The document graphs are bulk-loaded first (Oxigraph writes sorted files directly, ~2x the
        speed of a transaction), then their facts into the default graph (the union view: the triples
        about Mentions left out, as ``stages.Mapped.union_end`` or ``ntriples.without_mentions`` cut them), then
        the catalog entries, also bulk-loaded: fewer than ``ATOMIC_BULK_QUADS`` quads make one batch
        of Oxigraph's bulk loader, whose files RocksDB ingests in one atomic step (all or none after a
        crash); a larger catalog text goes in one transaction.  A transaction would wait whenever
        RocksDB holds back writes until its compaction catches up with the bulk loads' files (at
        10,000 trials, 14-20 s of a 100-second parallel ingest with a core idle); a bulk load is not
        held back.  The catalog entry is the commit mark: a process killed before it leaves document
        graphs without one, which ``recover`` removes (with their default-graph triples) the next time
        the store is opened for writing.  Before any of it, the catalog is marked
        (``tkg:mergePending``, cleared by the merge that ends an ingest): only a store so marked can
        hold such graphs, so opening any other costs no scan.

        ``checked``: every IRI of the text was checked as Oxigraph's strict parser checks it
        (``ntriples.checked_ntriples``, where each document is mapped), so the bulk load skips that check
        (its lenient mode: ~12% less of the writer's time)."""
        self._writable()
        self.mark_pending()
        if named_nquads:
            self._store.bulk_load(named_nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=checked)
        failpoint("after-named-load")
        if default_ntriples:
            self._store.bulk_load(
                default_ntriples.encode("utf-8"),
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.DefaultGraph(),
                lenient=checked,
            )
        failpoint("after-default-load")
        if catalog_nquads:
            data = catalog_nquads.encode("utf-8")
            if data.count(b"\n") < ATOMIC_BULK_QUADS:
                self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            else:
                self._store.load(data, format=ox.RdfFormat.N_QUADS)
        failpoint("after-catalog")

    def add_catalog(self, catalog_nquads: str) -> None:
        """Catalog entries (N-Quads in the catalog graph, outside the union view) in one transaction."""
        self._writable()
        self._store.load(catalog_nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def pending(self) -> bool:
        """Whether documents were written that the merge graph does not reflect yet (an ingest is under
        way, or one stopped before its merge)."""
        return self.ask("ASK { GRAPH ?c { ?m ?p ?x } }", {"c": iris.CATALOG_GRAPH, "m": iris.MERGE_GRAPH, "p": PENDING})

    def mark_pending(self) -> bool:
        """Set the mark (see ``pending``); returns whether it was set already."""
        if self.pending():
            return True
        self._apply(f"INSERT DATA {{ GRAPH <{iris.CATALOG_GRAPH}> {{ <{iris.MERGE_GRAPH}> <{PENDING}> true }} }}")
        return False

    def uncommitted_graphs(self) -> list[str]:
        """Document graphs without a catalog entry: left by an interrupted bulk write (only possible
        while the pending mark is set: see ``add_documents``)."""
        if not self.pending():
            return []
        committed = {
            q.subject.value
            for q in self._store.quads_for_pattern(
                None, ox.NamedNode(TKG + "rawHash"), None, ox.NamedNode(iris.CATALOG_GRAPH)
            )
            if isinstance(q.subject, ox.NamedNode)
        }
        return [g for g in self.document_graphs() if g not in committed]

    def recover(self) -> list[str]:
        """Remove what an interrupted bulk write left (see ``add_documents``); returns those graphs."""
        orphans = self.uncommitted_graphs()
        if orphans:
            log.warning("removing %d document graphs of an interrupted ingest", len(orphans))
            self.replace_graphs(dict.fromkeys(orphans))
        return orphans

    # -- reads -----------------------------------------------------------------------------------
    def has_graph(self, graph_iri: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(graph_iri)))

    @staticmethod
    def substitutions(
        bindings: dict[str, Any] | None,
    ) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_term(v) for k, v in (bindings or {}).items()
        }
        return subs or None

    @classmethod
    def bind(
        cls, sparql: str, bindings: dict[str, Any] | None
    ) -> tuple[str, dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None]:
        """(query text, substitutions left for the engine): the bound values written into the query
        as terms, so the planner starts from them (see graph/sparql_bind.py), or, when that is not
        equivalent, the text unchanged and the values as Oxigraph substitutions."""
        subs = cls.substitutions(bindings)
        if subs:
            bound = bind_terms(sparql, {k.value: str(v) for k, v in subs.items()})
            if bound is not None:
                return bound, None
        return sparql, subs

    def _run(self, sparql: str, bindings: dict[str, Any] | None) -> Any:
        text, subs = self.bind(sparql, bindings)
        return self._store.query(text, substitutions=subs)

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """SELECT rows as dicts of Python values (str, int, float, bool) or IRIs as str.

        The default graph is the union view; name graphs with GRAPH for per-source questions."""
        res = self._run(sparql, bindings)
        if isinstance(res, ox.QueryBoolean):
            return [{"ask": bool(res)}]
        rows = []
        variables = [v.value for v in res.variables]  # type: ignore[union-attr]
        for sol in res:
            rows.append({v: to_python(sol[v]) for v in variables})
        return rows

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        return bool(self._run(sparql, bindings))

    def contains(self, s: str, p: str, o: str, graph: str) -> bool:
        """Whether the named graph holds the triple (IRIs only)."""
        return self._has_quad(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), ox.NamedNode(graph)))

    def _has_quad(self, quad: ox.Quad) -> bool:
        return quad in self._store

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def document_graphs(self) -> list[str]:
        return [g for g in self.named_graphs() if g.startswith(iris.DOC_GRAPH_PREFIX)]

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Quads of one named graph, or of the union view (the default graph) when graph is None."""
        gn = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        return iter(self._store.quads_for_pattern(None, None, None, gn))

    def dump_dataset(self, out: IO[bytes], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Every graph (the default graph and each named graph) written to ``out`` in a dataset format
        (TriG, N-Quads), streamed in the store's index order."""
        self._store.dump(out, fmt, prefixes=prefixes)

    def construct(self, sparql: str, bindings: dict[str, Any] | None = None) -> Iterator[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query, streamed in the order the store gives them."""
        res = self._run(sparql, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise ValueError("the query must be a CONSTRUCT or DESCRIBE query (it gives rows or a boolean)")
        return iter(res)

    def select_terms(self, sparql: str, bindings: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """SELECT rows as dicts of RDF terms (``pyoxigraph`` NamedNode, BlankNode, Literal; unbound
        variables left out), for callers that write RDF back out."""
        res = self._run(sparql, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise ValueError("the query must be a SELECT query")
        names = [v.value for v in res.variables]
        for sol in res:
            yield {n: sol[n] for n in names if sol[n] is not None}

    def statements(self, prop: str) -> list[tuple[Any, Any]]:
        """(subject, object) of every statement of ``prop`` in the union view, as Python values (as
        ``query`` gives them): one index scan, no SPARQL evaluation or result rows in between."""
        p = ox.NamedNode(prop)
        return [
            (to_python(q.subject), to_python(q.object))
            for q in self._store.quads_for_pattern(None, p, None, ox.DefaultGraph())
        ]

    def graph_statements(self, prop: str) -> Iterator[tuple[str, str, str]]:
        """(graph, subject, object) of every statement of ``prop`` in the named graphs, as strings (IRIs,
        lexical values; blank nodes as ``_:id``): one index scan."""
        for q in self._store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode):
                s, o = q.subject, q.object
                yield (
                    g.value,
                    s.value if isinstance(s, ox.NamedNode) else str(s),
                    o.value if isinstance(o, (ox.NamedNode, ox.Literal)) else str(o),
                )

    def graph(self, graph_iri: str) -> Graph:
        """A named graph as an rdflib Graph (for SHACL, exports and comparison of small graphs)."""
        nt = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in self.quads(graph_iri))
        return Graph().parse(data=nt, format="nt") if nt else Graph()

    def graph_union(self, graphs: Iterable[str] | None = None) -> Graph:
        """The set union of named graphs (default: documents and merge, not ontology or catalog)."""
        names = list(graphs) if graphs is not None else [*self.document_graphs(), iris.MERGE_GRAPH]
        lines = {f"{q.subject} {q.predicate} {q.object} ." for g in names for q in self.quads(g)}
        return Graph().parse(data="\n".join(sorted(lines)), format="nt") if lines else Graph()

    def triple_count(self, graph: str | None = None) -> int:
        return sum(1 for _ in self.quads(graph))


def to_term(v: Any) -> ox.NamedNode | ox.Literal:
    if isinstance(v, (ox.NamedNode, ox.Literal)):
        return v
    if isinstance(v, str) and v.startswith(("http://", "https://")):
        return ox.NamedNode(v)
    if isinstance(v, bool):
        return ox.Literal("true" if v else "false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(v, float):
        return ox.Literal(repr(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    return ox.Literal(str(v))


_XSD = "http://www.w3.org/2001/XMLSchema#"


def to_python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt in (_XSD + "integer", _XSD + "int", _XSD + "long"):
            return int(term.value)
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            return float(term.value)
        if dt == _XSD + "boolean":
            return term.value == "true"
        return term.value
    return str(term)
