"""Plain text reader (.txt, .md): main text, metadata from the head, sections from headings."""

from __future__ import annotations

import hashlib

from trialkg.ingest.clean import main_text, normalize_chars
from trialkg.ingest.document import Document, Metadata
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.metadata import detect_metadata, find_sections, head_identifiers
from trialkg.ingest.readers._bytes import decode_text


def document_from_text(text: str, path: str, raw: bytes, hints: Metadata | None = None) -> Document:
    body = main_text(text)
    if len(body.split()) < 5:
        raise RejectedDocument("no main text left after removing navigation and site furniture")
    # metadata may sit in lines the cleaner drops (e.g. "- PMID: ..." lists), so read the raw head too
    md = detect_metadata(body, hints, page=normalize_chars(text))
    if md.doi is None or md.pmid is None or md.pmcid is None:
        doi, pmid, pmcid = head_identifiers(text)
        for name, value in (("doi", doi), ("pmid", pmid), ("pmcid", pmcid)):
            if getattr(md, name) is None:
                setattr(md, name, value)
    if md.journal is None and md.doi:
        from trialkg.ingest.metadata import journal_for_doi

        md.journal = journal_for_doi(md.doi)
    return Document(
        text=body,
        metadata=md,
        sections=find_sections(body),
        path=path,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
    )


def read(data: bytes, path: str) -> Document:
    return document_from_text(decode_text(data), path, data)
