"""Cited publications (reference lists, "Source:" blocks) and clues to the reported publication."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.metadata import DOI_RE, MONTHS, canonical_journal, clean_doi
from trialkg.ingest.records import Citation, TrialRecord
from trialkg.ingest.text import mention

_VOL_ISSUE_PAGES = re.compile(
    r"(?:;|,)\s*(?P<vol>\d{1,4})\s*(?:\((?P<issue>[\w\-]+)\))?\s*[:,]\s*(?P<pages>[A-Za-z]?\d+(?:\s*[–-]\s*[A-Za-z]?\d+)?)"
)
_APA = re.compile(
    r"^(?P<authors>.+?)\s\((?P<year>(?:19|20)\d\d)[a-z]?\)\.\s+(?P<title>.+?[.?!])\s+(?P<journal>[^,]+?),\s+\d"
)
_VANCOUVER = re.compile(
    r"^(?:\d+\.\s*)?(?P<authors>[A-Z][^.]{0,300}?(?:et al|[A-Z]{1,3}))\.\s+(?P<title>.+?[.?!])\s+"
    r"(?P<journal>[A-Z][A-Za-z .&]+?)\.?\s+(?P<year>(?:19|20)\d\d)[^;]*;"
)
_ISSUE_CLUE = re.compile(
    r"published\s+(?:online\s+)?in\s+the\s+(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})\s+issue\s+of\s+(?:the\s+)?"
    r"(?P<journal>[A-Z][A-Za-z ]+?)(?=[.,;]|\s+(?:In|and)\b|$)"
)
_JOURNAL_CLUE = re.compile(
    r"(?:study|trial|results?|findings?|paper|article)\s+(?:were\s+|was\s+)?published\s+(?:online\s+)?in\s+"
    r"(?P<journal>(?:[Tt]he\s+)?[A-Z][A-Za-z]+(?:\s+(?:of|[A-Z][A-Za-z]+))*)"
)


def parse_citation(text: str) -> dict[str, str | None]:
    out: dict[str, str | None] = dict.fromkeys(
        ("doi", "title", "journal", "year", "volume", "issue", "pages", "first_author")
    )
    m = DOI_RE.search(text)
    if m:
        out["doi"] = clean_doi(m.group(1))
    body = re.sub(r"^\s*(?:\d+\.|-)\s*", "", text)
    for rx in (_APA, _VANCOUVER):
        cm = rx.match(body)
        if cm:
            out["title"] = cm.group("title").rstrip(".").strip()
            out["journal"] = canonical_journal(cm.group("journal").strip().rstrip("."))
            out["year"] = cm.group("year")
            out["first_author"] = re.split(r"[, ]", cm.group("authors").strip())[0]
            break
    vm = _VOL_ISSUE_PAGES.search(body)
    if out["year"] and vm:
        out["volume"], out["issue"] = vm.group("vol"), vm.group("issue")
        out["pages"] = re.sub(r"\s*[–-]\s*", "-", vm.group("pages"))
    return out


def extract(doc: Document, rec: TrialRecord) -> None:
    pos = 0
    for line in doc.text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not (doc.in_references(start) or ("10." in line and DOI_RE.search(line))) or len(line.split()) < 4:
            continue
        fields = parse_citation(line)
        if not (fields["doi"] or fields["title"]):
            continue
        rec.citations.append(Citation(mention=mention(doc, start, start + len(line)), pmid=None, **fields))
    for m in _ISSUE_CLUE.finditer(doc.text):
        mon = MONTHS.get(m.group("mon").lower().rstrip("."))
        if mon:
            rec.cited_issue_date = f"{mon:02d}-{int(m.group('day')):02d}"
            rec.cited_journal = canonical_journal(m.group("journal"))
            break
    if rec.cited_journal is None:
        jm = _JOURNAL_CLUE.search(doc.text)
        if jm:
            rec.cited_journal = canonical_journal(jm.group("journal"))
