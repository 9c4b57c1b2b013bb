"""The pure, per-document stages of ingest, as functions a worker process can run.

``read_extract`` (read + extract) comes before identity resolution, which needs every document of
the batch and the store; ``map_validate`` (map + validate + serialize) comes after it.  Both return
plain picklable results with the seconds each stage took, so the pipeline can run them in a pool
of processes and report the cost per stage.

``process`` is what the pipeline sends a worker for each file: read and extract, what identity
resolution needs, and, when the document states a registry id (which decides its trial by itself,
whatever the store and the batch hold), map and validate too, ready to write.  Such a document then
crosses between processes once, as N-Triples.  A document whose trial depends on the others, or
whose bytes are the ones already stored, comes back whole; the pipeline maps it after identity
resolution if it must (``map_for_store``).
"""

from __future__ import annotations

import gc
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import URIRef
from trialkg.graph import iris
from trialkg.graph.fastshacl import validate_triples
from trialkg.graph.identity import IDENTITY_PROPERTIES, Clues, GraphIdentity, graph_identity
from trialkg.graph.ntriples import checked_ntriples
from trialkg.ingest.clean import fold_chars
from trialkg.ingest.clues import clues_of
from trialkg.ingest.document import Document
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.extract import extract_all
from trialkg.ingest.mapping import Resolved, map_parts
from trialkg.ingest.readers import reader_for, supported_suffixes
from trialkg.ingest.records import TrialRecord
from trialkg.settings import MAX_DOCUMENT_BYTES

log = logging.getLogger(__name__)

NO_TRIAL = (
    "document is about no trial: no registry id, trial acronym, arms, randomized or parallel-group design, "
    "or results were found"
)


Publication = tuple[str | None, str | None, str]  # (doi, title, iri)


@dataclass
class Mapped:
    ntriples: str = ""
    triples: int = 0
    # the N-Triples of the facts come first, then those about their Mentions: ``ntriples[:union_end]`` is
    # what the store's union view (the default graph) holds of the document (graph/store.py)
    union_end: int = 0
    violations: list[str] = field(default_factory=list)
    violation_count: int = 0
    refused: str = ""  # a term the store would refuse (an invalid IRI), when the graph conforms otherwise
    seconds: dict[str, float] = field(default_factory=dict)
    # for the store (``map_for_store``): the graph's (subject, watched property) pairs, which the
    # incremental merge looks at
    pairs: set[tuple[str, str]] = field(default_factory=set)
    # what the graph tells identity resolution (its catalog entry carries it: graph/identity_store.py)
    identity: list[GraphIdentity] = field(default_factory=list)


@dataclass
class Identity:
    """What identity resolution needs of a document."""

    clues: Clues
    publications: list[Publication]
    content_hash: str


@dataclass
class Extracted:
    path: str
    doc: Document | None = None  # None when rejected, or when ``mapped`` holds the graph already
    rec: TrialRecord | None = None
    reason: str = ""  # why the document was rejected (identity is None then)
    seconds: dict[str, float] = field(default_factory=dict)
    identity: Identity | None = None
    source_key: str = ""
    raw_sha256: str = ""
    facts: int = 0
    mapped: Mapped | None = None  # mapped under the trial ``mapped_key`` (its registry id) by ``process``
    mapped_key: str = ""


def read_document(path: Path) -> Document:
    """A file as a Document, through the reader for its format; a file that cannot be read is rejected."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise RejectedDocument(f"cannot read file: {e.strerror or e}") from None
    if size > MAX_DOCUMENT_BYTES:
        raise RejectedDocument(
            f"file is too large ({size / 1e6:.1f} MB; the limit is {MAX_DOCUMENT_BYTES / 1e6:.0f} MB)"
        )
    if path.suffix.lower() not in supported_suffixes():
        reader_for(path)  # rejects the unsupported suffix with the list of readers, before reading
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RejectedDocument(f"cannot read file: {e.strerror or e}") from None
    return fold_document(reader_for(path, data)(data, str(path)))


def fold_document(doc: Document) -> Document:
    """The document with full-width and space-like characters folded to ASCII in its text and table
    cells (same length, so every offset stays valid)."""
    doc.text = fold_chars(doc.text)
    for table in doc.tables:
        table.grid = [[replace(c, text=fold_chars(c.text)) for c in row] for row in table.grid]
    return doc


def read_extract(path: str) -> Extracted:
    """Read and extract one file; a bad file becomes a rejection, never an exception."""
    out = Extracted(path)
    t0 = time.perf_counter()
    try:
        doc = read_document(Path(path))
        t1 = time.perf_counter()
        out.seconds["read"] = t1 - t0
        rec = extract_all(doc)
        out.seconds["extract"] = time.perf_counter() - t1
        if not rec.has_trial_content:
            raise RejectedDocument(NO_TRIAL)
        out.doc, out.rec = doc, rec
    except RejectedDocument as e:
        out.reason = e.reason
    except Exception as e:  # a bug must not lose the other documents; report it with its type
        log.exception("unexpected error on %s", path)
        out.reason = f"internal error ({type(e).__name__}: {e})"
    return out


def publications(doc: Document, rec: TrialRecord) -> list[Publication]:
    """Publications reporting the trial: the document itself if it is one, else cited articles
    whose title names one of the trial's drugs."""
    md = doc.metadata
    if md.source_type in ("journal-abstract", "full-text") and (md.doi or md.pmid):
        return [(md.doi, md.title, iris.source(doc.source_key))]
    drugs = {d.label.lower() for a in rec.arms for d in a.drugs} or {v.value.label.lower() for v in rec.drugs_mentioned}
    out: list[Publication] = []
    for c in rec.citations:
        if c.doi and c.title and any(d in c.title.lower() for d in drugs):
            out.append((c.doi, c.title, iris.publication_doi(c.doi)))
    return out


def count_facts(rec: TrialRecord) -> int:
    return len(rec.arm_results) + len(rec.effects) + len(rec.adverse_events) + len(rec.arm_facts) + len(rec.baseline)


def process(job: tuple[str, tuple[str, str] | None, frozenset[str]]) -> Extracted:
    """A worker's part for one file: (path, its catalog entry (graph, raw hash) or None, the watched
    properties).  Read and extract; then, for a document with a registry id whose bytes are not the
    ones stored, map and validate for the store under that id, and drop the document and record
    from the result (the pipeline writes ``mapped``).  Any other document comes back whole."""
    path, stored, watched = job
    out = read_extract(path)
    doc, rec = out.doc, out.rec
    if doc is None or rec is None:
        return out
    pubs = publications(doc, rec)
    out.identity = Identity(clues_of(doc, rec), pubs, doc.content_hash)
    out.source_key, out.raw_sha256, out.facts = doc.source_key, doc.raw_sha256, count_facts(rec)
    graph = iris.doc_graph(doc.source_key)
    key = out.identity.clues.nct
    if key and stored != (graph, doc.raw_sha256):  # else the stored graph may stand: the pipeline decides
        out.mapped = map_for_store((doc, rec, Resolved(key, False, [p[2] for p in pubs]), watched))
        out.mapped_key = key
        out.doc = out.rec = None
    return out


def map_for_store(job: tuple[Document, TrialRecord, Resolved, frozenset[str]]) -> Mapped:
    """``map_validate``, plus the (subject, property) pairs of the given properties in the graph."""
    doc, rec, resolved, watched = job
    out = map_validate((doc, rec, resolved))
    if out.ntriples:
        t = time.perf_counter()
        out.pairs = pairs_of(out.ntriples, watched)
        out.seconds["serialize"] += time.perf_counter() - t
    return out


def pairs_of(ntriples: str, properties: set[str] | frozenset[str]) -> set[tuple[str, str]]:
    """(subject, property) pairs of N-Triples text (IRI subjects), for the given properties."""
    if not properties:
        return set()
    return {sp for sp in _SUBJECT_PREDICATE.findall(ntriples) if sp[1] in properties}


_SUBJECT_PREDICATE = re.compile(r"^<([^>]*)> <([^>]*)> ", re.M)


_IDENTITY_IRIS = frozenset(URIRef(p) for p in IDENTITY_PROPERTIES)  # (a URIRef never equals a plain str)


def map_validate(job: tuple[Document, TrialRecord, Resolved]) -> Mapped:
    """The document's triples, checked against the shapes (fast validator) and written as N-Triples,
    with every IRI checked as the store's strict parser checks it (the writer loads the text as is)."""
    doc, rec, resolved = job
    out = Mapped()
    t0 = time.perf_counter()
    facts, mentions = map_parts(doc, rec, resolved)
    triples = facts + mentions
    t1 = time.perf_counter()
    report = validate_triples(triples, unique=True)  # (the mapping's output holds no duplicate)
    t2 = time.perf_counter()
    out.seconds = {"map": t1 - t0, "validate": t2 - t1}
    if not report.conforms:
        out.violations = [str(v) for v in report.violations[:3]]
        out.violation_count = len(report.violations)
        return out
    texts, refused = checked_ntriples(facts, mentions)
    if refused:
        out.refused = refused
        return out
    union, about_mentions = texts
    out.ntriples, out.union_end = union + about_mentions, len(union)
    out.triples = len(triples)
    out.identity = graph_identity((str(s), str(p), str(o)) for s, p, o in triples if p in _IDENTITY_IRIS)
    out.seconds["serialize"] = time.perf_counter() - t2
    return out


def preload_modules() -> list[str]:
    """Modules a worker process needs, for a fork server to import once: each worker forked from it
    then starts with them imported and their patterns compiled (~0.15 s of CPU per worker otherwise).
    Importing them does no I/O (the dictionaries and shapes are read on first use, in ``warm_up``)."""
    from trialkg.ingest.extract import EXTRACTORS
    from trialkg.ingest.readers import READERS

    readers = sorted({name for names in READERS.values() for name in names})
    return [
        "trialkg.ingest.stages",
        "trialkg.ingest.drug_dictionary",
        "trialkg.ingest.disease_dictionary",
        "trialkg.graph.fastshacl",
        *(f"trialkg.ingest.extract.{name}" for name in EXTRACTORS),
        "trialkg.ingest.extract._aliases",
        "trialkg.ingest.extract._arm_groups",
        "trialkg.ingest.extract._consistency",
        "trialkg.ingest.extract._dedupe",
        "trialkg.ingest.extract._outcome_labels",
        "trialkg.ingest.extract._scope",
        *(f"trialkg.ingest.readers.{name}" for name in readers),
    ]


def warm_up() -> None:
    """Build the per-process dictionaries, compiled patterns and shapes once, before the first document."""
    from trialkg.graph.fastshacl import compiled
    from trialkg.ingest.readers.text import read

    compiled()
    extract_all(read(b"PATINA (NCT02947685): palbociclib plus letrozole versus letrozole.", "warm-up.txt"))


def warm_up_worker(ingest_pid: int | None = None) -> None:
    """A worker process's start: it ends itself when the ingest process ``ingest_pid`` ends (see
    ``exit_with``); ``warm_up``; then its heap left out of the garbage collector's full passes, which
    otherwise walk it again and again, and its young generation collected less often (see
    ``YOUNG_GC_THRESHOLD``)."""
    if ingest_pid is not None:
        exit_with(ingest_pid)
    warm_up()
    gc.freeze()
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])


def exit_with(pid: int) -> None:
    """End this process as soon as process ``pid`` ends.  A pool's workers wait for work on a queue whose
    writing end they hold themselves: when the ingest process is killed (SIGKILL, the OOM killer), nothing
    tells them, and they (with the fork server) stayed forever, each holding its memory.  Watched through a
    pidfd where the system has them (immune to the pid being reused), else by polling every second."""
    import os
    import select
    import threading

    try:
        pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    except ProcessLookupError:
        os._exit(1)
    except OSError:  # pidfd_open not supported by this kernel
        pidfd = None

    def watch() -> None:
        if pidfd is not None:
            select.select([pidfd], [], [])  # readable once the process has ended
        else:
            while True:
                time.sleep(1.0)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:  # alive, owned by someone else
                    continue
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-ingest", daemon=True).start()


# Objects a document's stages leave behind before the young generation is collected (CPython's default:
# 700).  Nearly everything a document allocates is freed by reference counting when the document is done,
# so the default made ~0.7 collections per document that found next to nothing (0.13 ms of 6 per
# document, 2%, on the synthetic corpus); with this threshold none ran.  Garbage in cycles waits for at
# most this many objects (a few MB).
YOUNG_GC_THRESHOLD = 50_000


@contextmanager
def frozen_heap() -> Iterator[None]:
    """The objects alive now left out of the garbage collector's passes for the duration (see
    ``warm_up_worker``), and the young generation collected after ``YOUNG_GC_THRESHOLD`` objects; both
    given back afterwards, so that nothing stays exempt in a long-lived process.  A process that froze
    its heap itself keeps it as it is (unfreezing would undo its freeze)."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], YOUNG_GC_THRESHOLD), *threshold[1:])
    try:
        if gc.get_freeze_count():
            yield
            return
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
    finally:
        gc.set_threshold(*threshold)


__all__ = [
    "NO_TRIAL",
    "YOUNG_GC_THRESHOLD",
    "Extracted",
    "Identity",
    "Mapped",
    "Publication",
    "count_facts",
    "frozen_heap",
    "map_for_store",
    "map_validate",
    "pairs_of",
    "process",
    "publications",
    "read_document",
    "read_extract",
    "warm_up",
    "warm_up_worker",
]
