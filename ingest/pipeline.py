"""The ingest pipeline: read, extract, resolve identity, map, validate, write; then merge.

Only a graph that conforms to the shapes is written; a rejected document changes nothing in the
store.  New document graphs are written per chunk (bulk loads, then the catalog entries as commit
mark, bulk-loaded in one atomic step); a document that replaces an earlier graph is written in its
own transaction.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trialkg.graph import identity_store, iris
from trialkg.graph.identity import IdentityIndex, fallback_key, key_from_iri, keys_of_clues
from trialkg.graph.merge import MergeSummary, is_current, recompute, watched_properties
from trialkg.graph.ntriples import to_quads
from trialkg.graph.sparql import load
from trialkg.graph.store import TrialStore
from trialkg.ingest.clues import clues_of
from trialkg.ingest.document import Document
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.extract import extract_all
from trialkg.ingest.mapping import Resolved
from trialkg.ingest.readers import supported_suffixes
from trialkg.ingest.stages import (
    Extracted,
    Identity,
    Mapped,
    frozen_heap,
    map_for_store,
    map_validate,
    pairs_of,
    preload_modules,
    process,
    publications,
    read_document,
    read_extract,
    warm_up,
    warm_up_worker,
)
from trialkg.ontology import TKG

log = logging.getLogger(__name__)

STAGES = ("read", "extract", "identity", "map", "validate", "serialize", "write", "relink", "merge")
DCTERMS = "http://purl.org/dc/terms/"
OPTIMIZE_AFTER = 1000  # documents written by one ingest after which the store's files are compacted
CHUNK_SIZE = 250  # documents per chunk: bounds memory; identity resolves within a chunk and the store


@dataclass
class DocResult:
    path: str
    status: str  # ingested | unchanged | rejected
    reason: str = ""
    trial: str = ""
    identity: str = ""
    facts: int = 0
    triples: int = 0
    graph: str = ""


@dataclass
class IngestReport:
    documents: list[DocResult] = field(default_factory=list)
    merge: MergeSummary | None = None
    pruned: list[str] = field(default_factory=list)
    relinked: list[str] = field(default_factory=list)
    workers: int = 1
    recovered: list[str] = field(default_factory=list)  # graphs of an interrupted earlier ingest, removed
    # (subject, functional property) pairs of the graphs this ingest wrote, replaced or removed: what
    # the incremental merge looks at (new graphs' pairs left out when the merge is a full one)
    touched: set[tuple[str, str]] = field(default_factory=set)
    # the trials whose identity entries this ingest wrote, replaced or removed, and the lookup keys those
    # entries held: what the re-link check looks at (graph/identity_store.py, ``relink_keys``)
    identity_trials: set[str] = field(default_factory=set)
    identity_keys: set[str] = field(default_factory=set)
    wall_seconds: float = 0.0
    optimized: bool = False  # the store's files were compacted at the end
    # seconds per stage: read, extract, map, validate, serialize (summed over worker processes),
    # identity, write, relink, merge (this process)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    def add_seconds(self, seconds: dict[str, float]) -> None:
        for k, v in seconds.items():
            self.seconds[k] = self.seconds.get(k, 0.0) + v

    @property
    def rejected(self) -> list[DocResult]:
        return [d for d in self.documents if d.status == "rejected"]

    @property
    def accepted(self) -> list[DocResult]:
        return [d for d in self.documents if d.status != "rejected"]


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named on the command line, and supported files under named folders (sorted)."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(
                sorted(
                    f
                    for f in path.rglob("*")
                    if f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(path).parts)
                    and f.suffix.lower() in supported_suffixes()
                    and not f.name.upper().startswith("README")
                )
            )
        else:
            out.append(path)
    seen: set[Path] = set()
    uniq = []
    for f in out:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            uniq.append(f)
    return uniq


def _catalog(store: TrialStore, paths: Sequence[str] | None = None) -> dict[str, tuple[str, str]]:
    """path -> (graph, raw sha256), for the given paths (one lookup each) or every stored document."""
    from trialkg.graph.sparql_bind import with_values

    if paths is None:
        rows = store.query(load("catalog").text)
    else:
        rows = []
        unique = sorted(set(paths))
        for i in range(0, len(unique), 500):
            rows += store.query(with_values(load("catalog").text, ["path"], [(p,) for p in unique[i : i + 500]], True))
    return {r["path"]: (r["g"], r["hash"]) for r in rows}


def _catalog_ops(graph_iri: str, path: str, raw_hash: str, old_graphs: Iterable[str], unregistered: bool) -> list[str]:
    from rdflib import Literal

    lit_path, lit_hash = Literal(path).n3(), Literal(raw_hash).n3()
    ops = [f"DELETE WHERE {{ GRAPH <{iris.CATALOG_GRAPH}> {{ ?g <{TKG}fromPath> {lit_path} ; ?p ?o }} }}"]
    for og in old_graphs:
        ops.append(f"DELETE WHERE {{ GRAPH <{iris.CATALOG_GRAPH}> {{ <{og}> ?p ?o }} }}")
    flag = f" ; <{TKG}unregistered> true" if unregistered else ""
    ops.append(
        f"INSERT DATA {{ GRAPH <{iris.CATALOG_GRAPH}> {{ <{graph_iri}> <{TKG}fromPath> {lit_path} ; "
        f"<{TKG}rawHash> {lit_hash}{flag} }} }}"
    )
    return ops


# files from which an ingest uses one worker process per core by default: the pool's start (~0.45 s on 2
# cores: the fork server's imports, each worker's warm-up) repays itself from about there (2 cores,
# synthetic corpora, 2026-12-01, three alternating runs each: 68 documents 0.77-0.86 s in one process
# against 0.87-0.93 with 2 workers, 92: 0.90-0.92 against 0.96-1.02, 117: 1.10-1.20 against 1.09-1.15)
PARALLEL_FROM = 100


def _workers(requested: int | None, n_files: int) -> int:
    """Processes to use: as asked, else one per core (at most 8) when the batch is big enough to repay
    starting them (``PARALLEL_FROM`` files)."""
    if requested is not None:
        return max(1, requested)
    return 1 if n_files < PARALLEL_FROM else max(1, min(os.cpu_count() or 1, 8))


PMap = Callable[[Callable[[Any], Any], list[Any]], Iterator[Any]]


@contextmanager
def _pool(workers: int) -> Iterator[PMap]:
    """A map function returning an iterator of results in order: lazy in this process for one worker,
    else over a pool of worker processes (forkserver: clean processes without the store's threads,
    warmed up once), where the work starts at once and runs while the caller does other things."""
    if workers <= 1:
        yield lambda fn, items: (fn(x) for x in items)
        return
    ctx = multiprocessing.get_context("forkserver")
    # the fork server imports the modules a worker needs once (stages.preload_modules: extractors,
    # readers, validator) and each worker is forked from it (no effect when the fork server of this
    # process is already running); each worker then reads the drug dictionary (~0.1 s from its cache)
    # and compiles the shapes in warm_up_worker
    ctx.set_forkserver_preload(["__main__", *preload_modules()])
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=warm_up_worker, initargs=(os.getpid(),)
    ) as ex:
        yield lambda fn, items: ex.map(fn, items, chunksize=max(1, min(16, len(items) // (workers * 4) or 1)))


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: TrialStore,
    prune: bool = False,
    on_document: Callable[[DocResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    optimize: bool | None = None,
) -> IngestReport:
    """Ingest files and folders into the store, then merge.

    Documents go through in chunks: read and extract (in parallel), resolve identity (in order,
    against the store and the chunk), map and validate (in parallel), then the chunk's new document
    graphs are bulk-written with their catalog entries (``TrialStore.add_documents``; a replaced
    document: one transaction each).  ``workers`` processes (default: one per core for 100 files or
    more) do the per-document work; this process alone writes to the store, whose compaction threads
    then get the lowest scheduling priority (``TrialStore.lower_compaction_priority``).  ``optimize``
    compacts a store folder's files at the end (None: when this ingest wrote ``OPTIMIZE_AFTER`` documents
    or more; a SPARQL server compacts its own)."""
    report = IngestReport()
    paths = list(paths)
    files = discover(paths)
    if on_start:
        on_start(len(files))
    report.workers = _workers(workers, len(files))
    wall = time.perf_counter()
    if report.workers <= 1:
        warm_up()  # what the first document would build (the drug dictionary), before the heap is frozen
    else:
        # the store's compaction runs on what the workers leave idle (one process leaves a core idle anyway)
        store.lower_compaction_priority()
    with frozen_heap():
        _run(report, paths, files, store, prune, on_document, chunk_size, optimize)
    report.wall_seconds = time.perf_counter() - wall
    return report


def _run(
    report: IngestReport,
    paths: list[str | os.PathLike[str]],
    files: list[Path],
    store: TrialStore,
    prune: bool,
    on_document: Callable[[DocResult], None] | None,
    chunk_size: int,
    optimize: bool | None,
) -> None:
    """The body of ``ingest``, filling ``report``."""
    # the store removed an interrupted ingest's leftovers when it opened; report them here
    report.recovered = [*store.recovered, *store.recover()]
    store.recovered = []
    # merge in full when the store is new or an earlier ingest stopped before its merge
    had_documents = store.ask("ASK { GRAPH ?c { ?g ?p ?h } }", {"c": iris.CATALOG_GRAPH, "p": TKG + "rawHash"})
    # (the mark says the merge graph is behind; found already set, an earlier ingest stopped before its merge)
    full_merge = store.mark_pending() or not had_documents
    # a store merged by an older trialkg lacks the drug combinations: this ingest's merge adds them all
    upgrade = not full_merge and not is_current(store)
    watched = watched_properties(store)

    def done(res: DocResult) -> None:
        report.documents.append(res)
        if on_document:
            on_document(res)

    chunks = [files[i : i + chunk_size] for i in range(0, len(files), chunk_size)]
    if not had_documents:
        # a new store: every document written from now on carries its identity lookup keys and, when
        # its trial has no registry id, the catalog's flag (marked now: a write at the end of a large
        # first ingest waits for the store's compaction to catch up with the bulk loads)
        marks = [] if identity_store.has_keys(store) else [identity_store.mark_op()]
        marks += [] if _catalog_flagged(store) else [_CATALOG_VERSION_OP]
        marks += [] if identity_store.has_clue_keys(store) else [identity_store.clue_mark_op()]
        if marks:
            store.replace_graphs({}, extra=marks)
    # the pairs a document's graph holds of the watched properties, for the incremental merge (a full
    # merge reads everything: none needed)
    frozen = frozenset() if full_merge else frozenset(watched)
    with _pool(report.workers) as pmap:

        def start(chunk: list[Path]) -> Ahead:
            """Send a chunk to the workers; they read it while earlier chunks are written."""
            real = [str(f.resolve()) for f in chunk]  # the catalog's key: the file's absolute path
            catalog = _catalog(store, real)
            return (
                catalog,
                real,
                pmap(process, [(str(f), catalog.get(r), frozen) for f, r in zip(chunk, real, strict=True)]),
            )

        ahead = start(chunks[0]) if chunks else ({}, [], iter(()))
        for k, chunk in enumerate(chunks):

            def start_next(k: int = k) -> Ahead:
                return start(chunks[k + 1]) if k + 1 < len(chunks) else ({}, [], iter(()))

            ahead = _ingest_chunk(chunk, ahead, start_next, store, pmap, report, done, watched, frozen)
    # every document graph is written: the store's files are compacted (Oxigraph, without the GIL) while
    # the re-link check and the merge run, which read and write through the same store meanwhile
    written = sum(d.status == "ingested" for d in report.documents)
    wanted = optimize or (optimize is None and written >= OPTIMIZE_AFTER)
    # only a store in a folder has files to compact (a SPARQL server compacts its own)
    compaction = _Compaction(store) if wanted and store.path is not None else None
    try:
        t = time.perf_counter()
        # documents that had no identity may now name a known trial (their paper arrived later)
        # (only when this batch wrote a document with a known trial: nothing else can resolve them)
        if any(d.status == "ingested" and not d.trial.startswith("doc-") for d in report.documents):
            report.relinked = _relink(store, report, watched)
        report.seconds["relink"] += time.perf_counter() - t
        t = time.perf_counter()
        # prune graphs of files that are gone
        if prune:
            roots = [Path(p).resolve() for p in paths]
            for path, (gi, _h) in sorted(_catalog(store).items()):
                p = Path(path)
                under = any(p == r or r in p.parents for r in roots)
                if under and not p.exists():
                    report.touched |= stored_pairs(store, gi, watched)
                    _note_entries(report, *identity_store.graph_entries(store, [gi]))
                    store.replace_graphs(
                        {gi: None}, extra=[f"DELETE WHERE {{ GRAPH <{iris.CATALOG_GRAPH}> {{ <{gi}> ?p ?o }} }}"]
                    )
                    report.pruned.append(path)
        report.seconds["write"] += time.perf_counter() - t
        t = time.perf_counter()
        report.merge = recompute(store, None if full_merge else report.touched, all_combinations=upgrade)
        report.seconds["merge"] += time.perf_counter() - t
    except BaseException:
        if compaction is not None and compaction.thread.is_alive():
            # not left compacting a store its caller is about to close (Ctrl-C waits for it, as it did
            # when the compaction ran last)
            log.warning("stopping: waiting for the store's compaction to finish")
            compaction.thread.join()
        raise
    if compaction is not None:
        report.seconds["optimize"] = compaction.wait()
        report.optimized = True


class _Compaction:
    """``store.optimize()`` in a thread, started at once; ``wait`` returns the seconds it took (from its
    start), and raises what it raised."""

    def __init__(self, store: TrialStore) -> None:
        self.seconds = 0.0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(store,), name="trialkg-compaction")
        self.thread.start()

    def _run(self, store: TrialStore) -> None:
        t = time.perf_counter()
        try:
            store.optimize()
        except BaseException as e:  # handed to the ingesting thread by wait()
            self.error = e
        self.seconds = time.perf_counter() - t

    def wait(self) -> float:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.seconds


# a chunk's catalog entries, its files' absolute paths, its running work
Ahead = tuple[dict[str, tuple[str, str]], list[str], Iterator[Extracted]]


def _ingest_chunk(
    files: list[Path],
    ahead: Ahead,
    start_next: Callable[[], Ahead],
    store: TrialStore,
    pmap: PMap,
    report: IngestReport,
    done: Callable[[DocResult], None],
    watched: set[str],
    wanted: frozenset[str],
) -> Ahead:
    """One chunk; returns the (running) work on the next one.  ``ahead`` holds the chunk's catalog
    entries, read when it was sent to the workers (only ingesting a file changes its entry).  ``wanted``:
    the watched properties whose pairs the mapped graphs report (none for a full merge)."""
    catalog, real, extracted = ahead
    # 1. read and extract, and map documents with a registry id (pure, parallel; started by the caller)
    items: list[tuple[Path, Extracted, Identity]] = []
    real_path: dict[int, str] = {}  # item -> its file's absolute path
    for f, r, ex in zip(files, real, extracted, strict=True):
        report.add_seconds(ex.seconds)
        if ex.identity is None:
            done(DocResult(str(f), "rejected", ex.reason))
        else:
            real_path[len(items)] = r
            items.append((f, ex, ex.identity))
    # 2. identity: documents with ids first, then the ones that cite them
    t = time.perf_counter()
    # the stored trials the documents without a registry id may name (a registry id resolves by
    # itself): the entries of the lookup keys their clues give, earlier chunks' documents included
    keys = set().union(*(keys_of_clues(ident.clues) for _f, _ex, ident in items))
    resolved = _resolve(
        [ident for _f, _ex, ident in items], identity_store.lookup(store, keys) if keys else IdentityIndex()
    )
    report.seconds["identity"] += time.perf_counter() - t
    results: dict[int, DocResult] = {}
    # 3. unchanged files (same bytes, and the stored graph still names the same trial: identity can move)
    #    keep their graph; the others not mapped by the workers yet are mapped and validated now
    #    (pure, parallel)
    mapped: dict[int, Mapped] = {}
    todo: list[int] = []
    for i, (f, ex, _ident) in enumerate(items):
        res, why = resolved[i]
        gi = iris.doc_graph(ex.source_key)
        if catalog.get(real_path[i]) == (gi, ex.raw_sha256) and store.contains(
            iris.trial(res.trial_key), TKG + "describedBy", iris.source(ex.source_key), gi
        ):
            results[i] = _result(f, ex, res.trial_key, why, gi, store.triple_count(gi), "unchanged")
        elif ex.mapped is not None and ex.mapped_key == res.trial_key:
            mapped[i] = ex.mapped  # a registry id: the trial the worker mapped it under
        else:
            todo.append(i)
            if ex.doc is None:  # cannot happen (a registry id resolves to itself); read it again to be sure
                log.warning("%s: mapped under %s, resolved to %s; mapping again", f, ex.mapped_key, res.trial_key)
                again = read_extract(str(f))
                ex.doc, ex.rec = again.doc, again.rec
    jobs = []
    for i in todo:
        ex = items[i][1]
        if ex.doc is None or ex.rec is None:
            raise RuntimeError(f"{items[i][0]}: could not be read again")
        jobs.append((ex.doc, ex.rec, resolved[i][0], wanted))
    mapping = pmap(map_for_store, jobs)
    # queued behind this chunk's mapping: the workers go on to the next chunk while this one is written
    ahead = start_next()
    mapped.update(zip(todo, mapping, strict=True))
    # 4. write: new documents in one bulk write, replacements one transaction each
    t = time.perf_counter()
    named: list[str] = []
    default: list[str] = []
    catalog_quads: list[str] = []
    pending: set[str] = set()  # graphs in named
    for i in sorted(mapped):
        m = mapped[i]
        report.add_seconds(m.seconds)
        f, ex, ident = items[i]
        res, why = resolved[i]
        if m.violations:
            reason = f"graph does not conform to the shapes ({m.violation_count} violations): {'; '.join(m.violations)}"
            results[i] = DocResult(str(f), "rejected", reason)
            continue
        if m.refused:
            results[i] = DocResult(str(f), "rejected", f"graph cannot be stored: {m.refused}")
            continue
        gi = iris.doc_graph(ex.source_key)
        path = real_path[i]
        prev = catalog.get(path)
        report.touched |= m.pairs
        _note_entries(report, {e.trial for e in m.identity}, {k for e in m.identity for k in e.keys})
        # a document without a registry id keeps its clues' lookup keys for the re-link check
        clue_keys = keys_of_clues(ident.clues) if _unregistered(res.trial_key) else set()
        if (
            gi in pending
        ):  # a second file with the same DOI/PMID in this chunk: it replaces the first, as in a later chunk
            store.add_documents("".join(named), "".join(default), "".join(catalog_quads), checked=True)
            named, default, catalog_quads, pending = [], [], [], set()
        if prev is None and not store.has_graph(gi):
            pending.add(gi)
            named.append(to_quads(m.ntriples, gi))
            default.append(m.ntriples[: m.union_end])  # the union view: the facts, not their Mentions
            catalog_quads.append(_catalog_quads(gi, path, ex.raw_sha256, _unregistered(res.trial_key)))
            catalog_quads.append(identity_store.entry_quads(gi, m.identity))
            catalog_quads.append(identity_store.clue_quads(gi, clue_keys))
        else:
            old = [prev[0]] if prev and prev[0] != gi else []
            _note_entries(report, *identity_store.graph_entries(store, [gi, *old]))
            for og in [gi, *old]:
                report.touched |= stored_pairs(store, og, watched)
            store.replace_graphs(
                {gi: m.ntriples, **dict.fromkeys(old)},
                extra=[
                    *_catalog_ops(gi, path, ex.raw_sha256, old, _unregistered(res.trial_key)),
                    *identity_store.delete_ops(gi),
                    *identity_store.insert_op(gi, m.identity),
                    *identity_store.clue_insert({gi: clue_keys}),
                ],
            )
        results[i] = _result(f, ex, res.trial_key, why, gi, m.triples, "ingested")
    if named:
        store.add_documents("".join(named), "".join(default), "".join(catalog_quads), checked=True)
    report.seconds["write"] += time.perf_counter() - t
    for i in range(len(items)):
        done(results[i])
    return ahead


def _result(f: Path, ex: Extracted, trial: str, why: str, graph: str, triples: int, status: str) -> DocResult:
    return DocResult(str(f), status, trial=trial, identity=why, facts=ex.facts, triples=triples, graph=graph)


def _catalog_quads(graph_iri: str, path: str, raw_hash: str, unregistered: bool) -> str:
    from rdflib import Literal, URIRef
    from trialkg.graph.ntriples import term

    g = URIRef(iris.CATALOG_GRAPH)
    s = URIRef(graph_iri)
    entries: list[tuple[str, object]] = [("fromPath", path), ("rawHash", raw_hash)]
    if unregistered:
        entries.append(("unregistered", True))
    return "".join(f"{term(s)} {term(URIRef(TKG + p))} {term(Literal(v))} {term(g)} .\n" for p, v in entries)


def _resolve(docs: list[Identity], index: IdentityIndex) -> dict[int, tuple[Resolved, str]]:
    """The trial each document describes, and why: by registry id, DOI, acronym and drug, or citation;
    documents with ids first so that the documents citing them resolve in the same batch."""
    resolved: dict[int, tuple[Resolved, str]] = {}
    clues = {i: d.clues for i, d in enumerate(docs)}
    pubs = {i: d.publications for i, d in enumerate(docs)}
    pending = sorted(range(len(docs)), key=lambda i: (clues[i].nct is None, i))
    progress = True
    while pending and progress:
        progress = False
        for i in list(pending):
            key, why = index.resolve(clues[i])
            if key is None:
                continue
            resolved[i] = (Resolved(key, False, [p[2] for p in pubs[i]]), why)
            index.add_trial(key, clues[i], [(p[0], p[1]) for p in pubs[i]])
            pending.remove(i)
            progress = True
    for i in pending:
        known, why = index.resolve(clues[i])  # an earlier fallback in this batch may name the same trial
        if known is not None:
            resolved[i] = (Resolved(known, False, [p[2] for p in pubs[i]]), why)
            continue
        key, provisional = fallback_key(docs[i].content_hash, clues[i])
        resolved[i] = (
            Resolved(key, provisional, [p[2] for p in pubs[i]]),
            "provisional (no id; nothing known it cites)" if provisional else "acronym and drug",
        )
        index.add_trial(key, clues[i], [(p[0], p[1]) for p in pubs[i]])
    return resolved


def stored_pairs(store: TrialStore, graph: str, properties: set[str]) -> set[tuple[str, str]]:
    """(subject, property) pairs a stored graph holds, for the given properties."""
    import pyoxigraph as ox

    return {
        (q.subject.value, q.predicate.value)
        for q in store.quads(graph)
        if q.predicate.value in properties and isinstance(q.subject, ox.NamedNode)
    }


def _unregistered(trial_key: str) -> bool:
    """Whether a document stored under this trial key may be re-linked later: the catalog flags its
    graph (``tkg:unregistered``) so that the re-link check reads the flagged graphs only."""
    return not trial_key.startswith("NCT")


def _unregistered_rows_by_keys(store: TrialStore, keys: set[str]) -> list[dict[str, Any]]:
    """The rows of ``_unregistered_rows`` whose documents' clue keys hold one of ``keys``."""
    from trialkg.graph.sparql_bind import with_values

    text = load("unregistered_by_keys").text
    wanted = sorted(keys)
    seen: dict[tuple[str, ...], dict[str, Any]] = {}
    for i in range(0, len(wanted), 500):
        for r in store.query(with_values(text, ["key"], [(k,) for k in wanted[i : i + 500]], True)):
            seen.setdefault((r["g"], r["trial"], r["path"], r["hash"]), r)
    return [seen[k] for k in sorted(seen, key=lambda k: (k[2], k[0], k[1]))]


def _unregistered_rows(store: TrialStore) -> list[dict[str, Any]]:
    """Document graphs whose trial has no registry id, with their files.  A store whose catalog is
    flagged (``tkg:catalogVersion`` 2: every graph written since carries the flag) answers from the
    flagged graphs; an older one is scanned once (every trial of every document graph, 0.9 s at
    100,000 trials) and its flags written."""
    if _catalog_flagged(store):
        return store.query(load("unregistered").text)
    rows = store.query(load("unregistered_scan").text)
    flags = "".join(f"<{r['g']}> <{TKG}unregistered> true .\n" for r in rows)
    flag_ops = [f"INSERT DATA {{ GRAPH <{iris.CATALOG_GRAPH}> {{\n{flags}}} }}"] if rows else []
    store.replace_graphs({}, extra=[*flag_ops, _CATALOG_VERSION_OP])
    return rows


_CATALOG_VERSION_OP = (
    f"INSERT DATA {{ GRAPH <{iris.CATALOG_GRAPH}> {{ <{iris.CATALOG_GRAPH}> <{TKG}catalogVersion> 2 }} }}"
)


def _catalog_flagged(store: TrialStore) -> bool:
    """Whether the catalog flags every graph of a trial without a registry id (``tkg:catalogVersion`` 2)."""
    return store.ask("ASK { GRAPH ?c { ?c ?v 2 } }", {"c": iris.CATALOG_GRAPH, "v": TKG + "catalogVersion"})


def _stored_document(row: dict[str, Any]) -> Document | None:
    """The document of a catalog row's file, or None when the file is gone or its bytes are not the
    stored ones (the next ingest of that file decides) or it cannot be read."""
    path = Path(row["path"])
    try:
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != row["hash"]:
            return None
        return read_document(path)
    except (RejectedDocument, OSError):
        return None


def _note_entries(report: IngestReport, trials: set[str], keys: set[str]) -> None:
    """Identity entries this ingest writes, replaces or removes: their trials and lookup keys."""
    report.identity_trials |= trials
    report.identity_keys |= keys


def _relink(store: TrialStore, report: IngestReport, watched: set[str]) -> list[str]:
    """Re-map documents stored under a trial with no registry id (provisional, or keyed by acronym) whose
    clues now resolve to another trial; returns their paths.  Such a document can resolve differently
    only through a lookup key of a trial whose identity entries this ingest changed: on a store whose
    flagged graphs carry their clue keys, only the documents holding one of those keys are read again
    (``identity_store.relink_keys``); an older store's are all read, once, and get their clue keys."""
    touched = report.touched
    relinked: list[str] = []
    clued = []  # (row, clues) of the files still as they were stored (clues only: there may be many)
    if identity_store.has_clue_keys(store):
        # (the keys of the trials touched: as many lookups as trials, none when no document needs them)
        wanted = (
            identity_store.relink_keys(store, report.identity_trials, report.identity_keys)
            if identity_store.any_clue_keys(store)
            else set()
        )
        rows, upgrade = _unregistered_rows_by_keys(store, wanted) if wanted else [], False
    else:
        rows, upgrade = _unregistered_rows(store), True
    for row in rows:
        doc = _stored_document(row)
        if doc is not None:
            clued.append((row, clues_of(doc, extract_all(doc))))
    if upgrade:
        # (a file gone or changed since gives no keys: it cannot be re-linked until it is ingested again)
        found = {str(row["g"]): keys_of_clues(c) for row, c in clued}
        store.replace_graphs({}, extra=[*identity_store.clue_insert(found), identity_store.clue_mark_op()])
    keys = set().union(*(keys_of_clues(c) for _row, c in clued))
    index = identity_store.lookup(store, keys) if keys else IdentityIndex()
    for row, clues in clued:
        key, _why = index.resolve(clues)
        if key is None or key == key_from_iri(row["trial"]):
            continue
        doc = _stored_document(row)  # read again (a rare event): still the stored bytes?
        if doc is None:
            continue
        rec = extract_all(doc)
        m = map_validate((doc, rec, Resolved(key, False, [p[2] for p in publications(doc, rec)])))
        if m.ntriples:
            g = row["g"]
            touched |= stored_pairs(store, g, watched) | pairs_of(m.ntriples, watched)
            store.replace_graphs(
                {g: m.ntriples}, extra=[*identity_store.delete_ops(g), *identity_store.insert_op(g, m.identity)]
            )
            relinked.append(str(Path(row["path"])))
            log.info("%s: now describes trial %s", row["path"], key)
    return relinked
