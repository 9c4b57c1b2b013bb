"""The pure, per-document stages of ingest, as functions a worker process can run.

``read_extract`` (read + extract) comes before identity resolution, which needs every document of
the batch and the store; ``map_validate`` (map + validate + serialize) comes after it.  Both return
plain picklable results with the seconds each stage took, so the pipeline can run them in a pool
of processes and report the cost per stage.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from trialkg.graph.fastshacl import validate_triples
from trialkg.graph.ntriples import ntriples
from trialkg.ingest.clean import fold_chars
from trialkg.ingest.document import Document
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.extract import extract_all
from trialkg.ingest.mapping import Resolved, map_triples
from trialkg.ingest.readers import reader_for, supported_suffixes
from trialkg.ingest.records import TrialRecord

from trialkg.settings import MAX_DOCUMENT_BYTES

log = logging.getLogger(__name__)

NO_TRIAL = (
    "document is about no trial: no registry id, trial acronym, arms, randomized or parallel-group design, "
    "or results were found"
)


@dataclass
class Extracted:
    path: str
    doc: Document | None = None
    rec: TrialRecord | None = None
    reason: str = ""  # why the document was rejected (doc is None then)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Mapped:
    ntriples: str = ""
    triples: int = 0
    violations: list[str] = field(default_factory=list)
    violation_count: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


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


def map_validate(job: tuple[Document, TrialRecord, Resolved]) -> Mapped:
    """The document's triples, checked against the shapes (fast validator) and written as N-Triples."""
    doc, rec, resolved = job
    out = Mapped()
    t0 = time.perf_counter()
    triples = map_triples(doc, rec, resolved)
    t1 = time.perf_counter()
    report = validate_triples(triples)
    t2 = time.perf_counter()
    out.seconds = {"map": t1 - t0, "validate": t2 - t1}
    if not report.conforms:
        out.violations = [str(v) for v in report.violations[:3]]
        out.violation_count = len(report.violations)
        return out
    out.ntriples = ntriples(triples)
    out.triples = len(triples)
    out.seconds["serialize"] = time.perf_counter() - t2
    return out


def warm_up() -> None:
    """Build the per-process dictionaries, compiled patterns and shapes once, before the first document."""
    from trialkg.graph.fastshacl import compiled
    from trialkg.ingest.readers.text import read

    compiled()
    extract_all(read(b"PATINA (NCT02947685): palbociclib plus letrozole versus letrozole.", "warm-up.txt"))


__all__ = ["NO_TRIAL", "Extracted", "Mapped", "map_validate", "read_document", "read_extract", "warm_up"]
