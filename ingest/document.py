"""The normalized document every reader produces and every extractor reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """A titled span of the document text (``start``/``end`` are offsets into ``Document.text``)."""

    title: str
    start: int
    end: int
    kind: str = "body"  # body | title | background | methods | results | conclusions | references


@dataclass(frozen=True)
class Cell:
    """One cell of a table; ``start``/``end`` are offsets of its text in ``Document.text``.

    A cell spanning rows or columns appears at every grid position it covers (same offsets).
    """

    text: str
    start: int
    end: int
    header: bool = False


@dataclass
class Table:
    """A table of the document as a grid of cells (header rows first), with label and caption."""

    label: str
    caption: str
    start: int
    end: int
    grid: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0
    footnotes: str = ""

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def column_header(self, col: int) -> str:
        """The header text above ``col``: the header rows' cells joined, repeated span text once."""
        parts: list[str] = []
        for row in self.grid[: self.header_rows]:
            if col < len(row) and row[col].text and (not parts or parts[-1] != row[col].text):
                parts.append(row[col].text)
        return " ".join(parts)

    def body(self) -> list[list[Cell]]:
        return self.grid[self.header_rows :]


@dataclass
class Metadata:
    title: str | None = None
    journal: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) or YYYY-MM or YYYY
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    source_type: str | None = None  # journal-abstract | news | registry | full-text
    nct_ids: list[str] = field(default_factory=list)  # registry numbers the record's metadata lists
    keywords: list[str] = field(default_factory=list)  # MeSH headings, keywords, conditions
    publication_types: list[str] = field(default_factory=list)


@dataclass
class Document:
    """Normalized text plus metadata and sections.

    ``text`` is the main text only (site furniture removed); every Mention offset points into it.
    ``path`` is where it was read from (for messages only; it is not part of the graph).
    """

    text: str
    metadata: Metadata = field(default_factory=Metadata)
    sections: list[Section] = field(default_factory=list)
    path: str = ""
    raw_sha256: str = ""
    tables: list[Table] = field(default_factory=list)
    # parsed structured record (ClinicalTrials.gov JSON); its facts are read by the structured extractors
    data: dict[str, Any] | None = None
    # JSON path of each rendered field of ``data``: (start, end, path) spans into ``text``
    data_paths: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def source_key(self) -> str:
        """Stable id of the source: DOI, else PMID, else PMCID, else URL, else content hash."""
        md = self.metadata
        if md.doi:
            return "doi/" + md.doi.lower()
        if md.pmid:
            return "pmid/" + md.pmid
        if md.pmcid:
            return "pmcid/" + md.pmcid.upper()
        if md.url:
            return "url/" + hashlib.sha256(md.url.encode("utf-8")).hexdigest()[:16]
        return "sha256/" + self.content_hash[:16]

    def section_at(self, offset: int) -> Section | None:
        for s in self.sections:
            if s.start <= offset < s.end:
                return s
        return None

    def in_references(self, offset: int) -> bool:
        s = self.section_at(offset)
        return s is not None and s.kind == "references"
