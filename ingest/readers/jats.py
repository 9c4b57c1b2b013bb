"""PMC JATS XML reader: whole ``<article>`` files and fragments (``<abstract>``, ``<sec>``, ``<table-wrap>``).

Sections keep their titles and kinds; inline markup and entities become plain text; tables become
cell grids (``Document.tables``) whose cells point into the text, so extractors can read them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lxml import etree
from trialkg.ingest.document import Document, Metadata
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.metadata import canonical_journal, clean_doi
from trialkg.ingest.readers._xml import TextBuilder, inline_text, local, parse, section_kind

_TAGS = re.compile(rb"<(?:article|abstract|sec|table-wrap|body|front)[\s>]")
_PMC_NAME = re.compile(r"^(PMC\d+)", re.I)
_BLOCK = frozenset({"table-wrap", "fig", "table-wrap-group", "fig-group", "disp-formula", "list"})


def accepts(head: bytes) -> bool:
    return bool(_TAGS.search(head)) and b"PubmedArticle" not in head


def _text_of(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    t = inline_text(el)
    return t or None


def _metadata(root: etree._Element, path: str) -> Metadata:
    md = Metadata(source_type="full-text")
    meta = next((e for e in root.iter() if local(e) == "article-meta"), None)
    if meta is not None:
        md.title = _text_of(next((e for e in meta.iter() if local(e) == "article-title"), None))
        for e in meta.iter():
            if local(e) == "article-id":
                kind = e.get("pub-id-type")
                value = (e.text or "").strip()
                if kind == "doi" and value:
                    md.doi = clean_doi(value)
                elif kind == "pmid" and value.isdigit():
                    md.pmid = value
                elif kind in ("pmc", "pmcid") and value:
                    md.pmcid = value if value.upper().startswith("PMC") else "PMC" + value
        for e in meta.iter():
            if local(e) == "pub-date":
                y = e.findtext("year")
                m = e.findtext("month")
                d = e.findtext("day")
                if y and y.strip().isdigit():
                    md.date = y.strip()
                    if m and m.strip().isdigit():
                        md.date += f"-{int(m):02d}"
                        if d and d.strip().isdigit():
                            md.date += f"-{int(d):02d}"
                    break
        md.keywords = [t for e in meta.iter() if local(e) == "kwd" and (t := inline_text(e))]
    journal = next((e for e in root.iter() if local(e) == "journal-title"), None)
    if journal is not None and inline_text(journal):
        md.journal = canonical_journal(inline_text(journal))
    if md.pmcid is None:
        m = _PMC_NAME.match(Path(path).name)
        if m:
            md.pmcid = m.group(1).upper()
    return md


class _Walker:
    def __init__(self) -> None:
        self.b = TextBuilder()
        self.n_tables = 0

    def block(self, el: etree._Element, kind: str) -> None:
        name = local(el)
        if name in ("table-wrap", "table"):
            self.n_tables += 1
            self.b.table(el, self.n_tables)
        elif name in ("table-wrap-group",):
            for child in el:
                self.block(child, kind)
        elif name in ("fig", "fig-group"):
            cap = next((e for e in el.iter() if local(e) == "caption"), None)
            if cap is not None:
                self.b.section("Figure", "figures")
                self.b.line(inline_text(cap))
                self.b.section("", kind)
        elif name == "sec" or name == "abstract" or name == "body" or name == "app":
            title_el = next((c for c in el if local(c) == "title"), None)
            title = inline_text(title_el) if title_el is not None else ("Abstract" if name == "abstract" else "")
            sub_kind = section_kind(title, kind) if title else kind
            self.b.section(title, sub_kind)
            for child in el:
                if child is title_el or local(child) == "label":
                    continue
                self.block(child, sub_kind)
            self.b.section("", kind)
        elif name == "p":
            inner_blocks = [c for c in el if local(c) in _BLOCK]
            for c in inner_blocks:
                el.remove(c)  # a table inside a paragraph goes after the paragraph's text
                c.tail = None
            self.b.line(inline_text(el))
            for c in inner_blocks:
                self.block(c, kind)
        elif name == "list":
            for item in el:
                if local(item) == "list-item":
                    self.b.line(inline_text(item))
        elif name == "ref-list":
            self.b.section("References", "references")
            for ref in el:
                if local(ref) == "ref":
                    self.b.line(inline_text(ref))
            self.b.section("", kind)
        elif name in ("title", "label", "front", "processing-meta"):
            return
        elif name in ("article", "back", "trialkg-root", "floats-group", "sub-article", "response"):
            for child in el:
                self.block(child, kind)
        else:
            t = inline_text(el)
            if t:
                self.b.line(t)


def read(data: bytes, path: str) -> Document:
    root = parse(data, path, "JATS")
    md = _metadata(root, path)
    w = _Walker()
    if md.title:
        w.b.section("Title", "title")
        w.b.line(md.title)
    front = next((e for e in root.iter() if local(e) == "front"), None)
    abstract = None
    if front is not None:
        abstract = next((e for e in front.iter() if local(e) == "abstract" and not e.get("abstract-type")), None)
        if abstract is not None:
            w.block(abstract, "body")
    w.block(root, "body")
    text = w.b.text()
    if len(text.split()) < 5:
        raise RejectedDocument("no text found in the JATS XML (no abstract, sections or tables)")
    return Document(
        text=text,
        metadata=md,
        sections=sorted(w.b.sections, key=lambda s: s.start),
        path=path,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        tables=w.b.tables,
    )
