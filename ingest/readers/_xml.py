"""Shared by the XML readers: safe parsing, inline text of mixed content, a text builder with
sections, and JATS/HTML-style tables turned into cell grids with offsets."""

from __future__ import annotations

import html.entities
import logging
import re

from lxml import etree
from trialkg.ingest.document import Cell, Section, Table
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.metadata import _HEADINGS
from trialkg.ingest.readers._bytes import decode_text

log = logging.getLogger(__name__)
# prefixes JATS and PubMed files use without declaring them when cut into fragments
_NAMESPACES = (
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ali="http://www.niso.org/schemas/ali/1.0/"'
)
_DECL = re.compile(r"^\s*<\?xml[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>", re.I)
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_FOOTNOTE_MARK = re.compile(r"^[a-z*†‡§¶#,\s]{1,4}$")
_WS = re.compile(r"\s+")
# how every XML input is parsed (here and by ``trialkg split``): no DTD, no entities, no network, no huge nodes
SAFE_PARSING: dict[str, bool] = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _named_entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name in _XML_ENTITIES:
        return m.group(0)
    cp = html.entities.name2codepoint.get(name)
    return f"&#{cp};" if cp is not None else m.group(0)


def parse(data: bytes, path: str, what: str) -> etree._Element:
    """Parse XML (a whole document or a sequence of fragments) without DTDs, entities or network."""
    text = decode_text(data)
    text = _DECL.sub("", text, count=2)
    text = _NAMED_ENTITY.sub(_named_entity, text)  # HTML entity names used without their DTD
    wrapped = f"<trialkg-root {_NAMESPACES}>{text}</trialkg-root>".encode()
    parser = etree.XMLParser(**SAFE_PARSING)
    try:
        return etree.fromstring(wrapped, parser)
    except etree.XMLSyntaxError as e:
        error = f"malformed {what} XML: {e.msg}"
    # a truncated or slightly broken file: keep what a recovering parse can read, say so in the log
    lenient = etree.XMLParser(**SAFE_PARSING, recover=True)
    try:
        root = etree.fromstring(wrapped, lenient)
    except etree.XMLSyntaxError:
        root = None
    if root is None or len("".join(root.itertext()).split()) < 20:
        raise RejectedDocument(error)
    log.warning("%s: %s; read the parts that parse", path, error)
    return root


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def inline_text(el: etree._Element, skip: frozenset[str] = frozenset({"xref", "fn", "table-wrap-foot"})) -> str:
    """Text of mixed content: footnote and citation markers dropped, superscripts kept apart, spaces collapsed."""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        name = local(e)
        if name in skip:
            return
        if name in ("sup", "superscript"):
            inner = "".join(e.itertext())
            if inner and not _FOOTNOTE_MARK.match(inner):
                parts.append(inner if not parts or not parts[-1][-1:].isdigit() else "^" + inner)
        elif name in ("break", "br"):
            parts.append(" ")
        else:
            content(e)

    def content(e: etree._Element) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    content(el)  # the element's own name is not looked at: only what it holds
    return _WS.sub(" ", "".join(parts)).strip()


def section_kind(title: str, default: str = "body") -> str:
    key = re.sub(r"^[\d.\s]+", "", title).strip().rstrip(":").lower()
    if key in _HEADINGS:
        return _HEADINGS[key]
    for word, kind in (
        ("result", "results"),
        ("method", "methods"),
        ("conclusion", "conclusions"),
        ("discussion", "discussion"),
        ("introduction", "background"),
        ("background", "background"),
        ("reference", "references"),
        ("acknowledg", "disclosures"),
        ("competing interest", "disclosures"),
        ("conflict", "disclosures"),
    ):
        if word in key:
            return kind
    return default


class TextBuilder:
    """Accumulates lines of text, sections and tables, with offsets into the final text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.sections: list[Section] = []
        self.tables: list[Table] = []
        self._open: tuple[str, int, str] | None = None

    def line(self, text: str) -> tuple[int, int]:
        text = _WS.sub(" ", text).strip()
        if not text:
            return self.pos, self.pos
        start = self.pos
        self.parts.append(text + "\n")
        self.pos += len(text) + 1
        return start, start + len(text)

    def section(self, title: str, kind: str) -> None:
        """Start a section here (ends the previous one)."""
        self.close_section()
        self._open = (title, self.pos, kind)
        if title:
            self.line(title)

    def close_section(self) -> None:
        if self._open is not None:
            title, start, kind = self._open
            if self.pos > start:
                self.sections.append(Section(title, start, self.pos, kind))
            self._open = None

    def table(self, wrap: etree._Element, number: int) -> None:
        """A JATS ``table-wrap`` (or a bare ``table``): caption line, then one line per row with cells."""
        label_el = wrap.find(".//label")
        label = inline_text(label_el) if label_el is not None else f"Table {number}"
        cap_el = wrap.find(".//caption")
        caption = inline_text(cap_el) if cap_el is not None else ""
        saved = self._open
        self.close_section()
        start = self.pos
        self.line(f"{label}. {caption}".strip(" ."))
        grid: list[list[Cell]] = []
        header_rows = 0
        table_el = wrap if local(wrap) == "table" else wrap.find(".//table")
        if table_el is not None:
            rows: list[tuple[etree._Element, bool]] = []
            for tr in table_el.iter():
                if local(tr) != "tr":
                    continue
                parent = tr.getparent()
                in_head = parent is not None and local(parent) == "thead"
                rows.append((tr, in_head))
            pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still to cover)
            for tr, in_head in rows:
                raw_cells = [c for c in tr if local(c) in ("td", "th")]
                line_parts: list[str] = []
                offsets: list[tuple[int, int]] = []
                cursor = self.pos
                for c in raw_cells:
                    t = inline_text(c)
                    if line_parts:
                        cursor += 3  # " | "
                    offsets.append((cursor, cursor + len(t)))
                    line_parts.append(t)
                    cursor += len(t)
                line_text = " | ".join(line_parts)
                if not line_text.strip(" |"):
                    continue
                self.parts.append(line_text + "\n")
                self.pos += len(line_text) + 1
                row: list[Cell] = []
                col = 0
                is_header = in_head or all(local(c) == "th" for c in raw_cells)
                for c, t, (s, e) in zip(raw_cells, line_parts, offsets, strict=True):
                    col = _fill_spans(row, col, pending)
                    cell = Cell(t, s, e, is_header)
                    colspan = _span(c.get("colspan"))
                    rowspan = _span(c.get("rowspan"))
                    for k in range(colspan):
                        row.append(cell)
                        if rowspan > 1:
                            pending[col + k] = (cell, rowspan - 1)
                    col += colspan
                _fill_spans(row, col, pending)
                grid.append(row)
                if is_header and len(grid) == header_rows + 1:
                    header_rows += 1
        foot = wrap.find(".//table-wrap-foot")
        footnotes = ""
        if foot is not None:
            footnotes = " ".join(inline_text(p) for p in foot.iter() if local(p) in ("p", "fn") and len(p) == 0)
            footnotes = footnotes or inline_text(foot, skip=frozenset())
            self.line(footnotes)
        if grid:
            if header_rows == 0 and len(grid) > 1:
                header_rows = 1  # no thead: the first row names the columns
            self.tables.append(Table(label, caption, start, self.pos, grid, header_rows, footnotes))
        self.sections.append(Section(label, start, self.pos, "table"))
        if saved is not None:
            self._open = (saved[0], self.pos, saved[2])

    def text(self) -> str:
        self.close_section()
        return "".join(self.parts)


def _fill_spans(row: list[Cell], col: int, pending: dict[int, tuple[Cell, int]]) -> int:
    """Append the cells spanning down from rows above into ``row`` at ``col``; the next free column."""
    while col in pending:
        cell, left = pending[col]
        row.append(cell)
        if left <= 1:
            del pending[col]
        else:
            pending[col] = (cell, left - 1)
        col += 1
    return col


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1
