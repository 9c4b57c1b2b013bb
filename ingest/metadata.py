"""Detect document metadata (title, journal, date, DOI, PMID, PMCID, type) and sections."""

from __future__ import annotations

import re

from trialkg.ingest.document import Metadata, Section
from trialkg.ingest.text import folded
from trialkg.ontology import read_tsv

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_DATE_MDY = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.I)
_DATE_YMD = re.compile(rf"\b((?:19|20)\d\d)\s+({_MON})\.?\s+(\d{{1,2}})\b", re.I)
_DATE_ISO = re.compile(r"\b((?:19|20)\d\d)[-/](\d\d)[-/](\d\d)\b")
_JOURNAL_DATE_LINE = re.compile(
    rf"^(?P<journal>[A-Za-z][A-Za-z .&:,'-]{{3,120}}?)\.?\s+"
    rf"(?P<date>(?:19|20)\d\d\s+{_MON}\.?(?:\s+\d{{1,2}})?\b|{_MON}\.?\s+\d{{1,2}},\s+(?:19|20)\d\d\s*$)",
    re.I,
)
_PMID = re.compile(r"\bPMID:?\s*(\d{5,9})\b")
_PMCID = re.compile(r"\bPMCID:?\s*(PMC\d{4,9})\b", re.I)
_LABELLED_DOI = re.compile(r"^\W*DOI:?\s*(10\.\d{4,9}/\S+)", re.I | re.M)

_HEADINGS = {
    "abstract": "body",
    "background": "background",
    "introduction": "background",
    "purpose": "background",
    "objective": "background",
    "objectives": "background",
    "aims": "background",
    "context": "background",
    "methods": "methods",
    "method": "methods",
    "design": "methods",
    "patients and methods": "methods",
    "materials and methods": "methods",
    "design, setting, and participants": "methods",
    "results": "results",
    "findings": "results",
    "conclusions": "conclusions",
    "conclusion": "conclusions",
    "interpretation": "conclusions",
    "trial registration": "registration",
    "funding": "funding",
    "references": "references",
    "source": "references",
    "sources": "references",
    "conflict of interest statement": "disclosures",
    "disclosures": "disclosures",
    "figures": "figures",
}
_INLINE_HEADING = re.compile(
    r"^(Purpose|Background|Objectives?|Methods?|Results|Findings|Conclusions?|"
    r"Interpretation|Trial registration|Funding|Design|Context)\s*:\s",
    re.I,
)


def clean_doi(doi: str) -> str:
    return doi.rstrip(".,;:)]}>'\"").strip()


def iso_date(text: str) -> str | None:
    """First full date in ``text`` as YYYY-MM-DD."""
    hits: list[tuple[int, str]] = []
    for m in _DATE_MDY.finditer(text):
        hits.append((m.start(), f"{m.group(3)}-{MONTHS[m.group(1).lower().rstrip('.')]:02d}-{int(m.group(2)):02d}"))
    for m in _DATE_YMD.finditer(text):
        hits.append((m.start(), f"{m.group(1)}-{MONTHS[m.group(2).lower().rstrip('.')]:02d}-{int(m.group(3)):02d}"))
    for m in _DATE_ISO.finditer(text):
        hits.append((m.start(), f"{m.group(1)}-{m.group(2)}-{m.group(3)}"))
    return min(hits)[1] if hits else None


def journal_for_doi(doi: str) -> str | None:
    d = doi.lower()
    for prefix, _abbr, title in read_tsv("journals.tsv"):
        if d.startswith(prefix.lower()):
            return title
    return None


def journal_for_abbreviation(abbr: str) -> str | None:
    a = abbr.strip(" .").lower()
    for _prefix, nlm, title in read_tsv("journals.tsv"):
        if a in (nlm.lower(), title.lower(), title.lower().removeprefix("the ")):
            return title
    return None


def canonical_journal(name: str) -> str:
    """Known journals get their registered title ("The New England journal of medicine" -> ...)."""
    return journal_for_abbreviation(name) or name.strip()


def find_sections(text: str) -> list[Section]:
    """Headings on their own line (ABSTRACT, METHODS, References...) or inline ("Results: ...")."""
    marks: list[tuple[int, str, str]] = []
    pos = 0
    for line in text.split("\n"):
        key = line.strip().rstrip(":").lower()
        if key in _HEADINGS and len(line) < 40:
            marks.append((pos, line.strip().rstrip(":"), _HEADINGS[key]))
        else:
            m = _INLINE_HEADING.match(line)
            if m:
                marks.append((pos, m.group(1), _HEADINGS.get(m.group(1).lower(), "body")))
        pos += len(line) + 1
    sections: list[Section] = []
    if not marks or marks[0][0] > 0:
        sections.append(Section("", 0, marks[0][0] if marks else len(text), "body"))
    for i, (start, title, kind) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        sections.append(Section(title, start, end, kind))
    return sections


# site furniture that heads many pages and is never an article's title ("Skip to main content",
# "JAMA Network logoLink to JAMA Network", "Sign in to your account")
_FURNITURE_LINE = re.compile(
    r"^(?:skip\s+to\b|jump\s+to\b|sign\s+(?:in|up)\b|log\s*in\b|subscribe\b|menu\b|search\b|home\b|"
    r"accept\b|cookies?\b|advertisement\b|share\b|print\b|download\b)|\blogo|\bcookies\b",
    re.I,
)


def _guess_title(lines: list[str]) -> str | None:
    for line in lines[:12]:
        s = line.strip()
        words = s.split()
        if not (4 <= len(words) <= 40) or len(s) > 300:
            continue
        if _FURNITURE_LINE.search(s):
            continue
        if _JOURNAL_DATE_LINE.match(s) or _PMID.search(s) or ("10." in s and DOI_RE.search(s)) or "|" in s:
            continue
        if iso_date(s) and len(words) <= 10:  # a dateline, not a title
            continue
        if s.count(". ") >= 1:  # a paragraph, not a title
            continue
        return s.rstrip(".")
    return None


def _head(lines: list[str]) -> str:
    return "\n".join(lines[:15])[:2500]


def _identifiers(head: str) -> tuple[str | None, str | None, str | None]:
    low = folded(head)  # each pattern needs its label
    lm = _LABELLED_DOI.search(head) if "doi" in low else None
    pm = _PMID.search(head) if "PMID" in head else None
    pc = _PMCID.search(head) if "pmcid" in low else None
    return (clean_doi(lm.group(1)) if lm else None, pm.group(1) if pm else None, pc.group(1).upper() if pc else None)


def head_identifiers(text: str) -> tuple[str | None, str | None, str | None]:
    """(DOI, PMID, PMCID) stated in the document's head, as ``detect_metadata`` reads them."""
    return _identifiers(_head(text.split("\n", 15)))


def detect_metadata(text: str, hints: Metadata | None = None) -> Metadata:
    """Metadata stated in the document's head (hints, e.g. from HTML <meta>, take precedence)."""
    md = Metadata()
    lines = text.split("\n")
    head = _head(lines)
    m = _JOURNAL_DATE_LINE.match(lines[0].strip()) if lines else None
    if m:
        md.journal = canonical_journal(m.group("journal"))
        md.date = iso_date(m.group("date") + " ") or iso_date(m.group("date"))
        if md.date is None:
            ym = re.match(rf"((?:19|20)\d\d)\s+({_MON})", m.group("date"), re.I)
            if ym:
                md.date = f"{ym.group(1)}-{MONTHS[ym.group(2).lower().rstrip('.')]:02d}"
    if md.date is None:
        md.date = iso_date(head[:400])
    md.doi, md.pmid, md.pmcid = _identifiers(head)
    md.title = _guess_title(lines)
    if md.journal is None and md.doi:
        md.journal = journal_for_doi(md.doi)
    md.source_type = guess_source_type(text)
    if hints:
        for name in ("title", "journal", "date", "doi", "pmid", "pmcid", "url", "source_type"):
            v = getattr(hints, name)
            if v:
                setattr(md, name, v)
    return md


_NEWS = re.compile(
    r"(\bNews\b\s*(?:\||\)|--)|^[^\n|]{2,60}\|\s*[A-Z][a-z]+\.?\s+\d{1,2},\s+(?:19|20)\d\d\s*$|\bnews release\b|\bsaid in (?:a|the) (?:statement|press release)\b|"
    r"\baccording to a study published\b|\bA new study published\b|\bpublished (?:online )?in the\b)",
    re.I,
)
# a word or mark each alternative of _NEWS needs
_NEWS_WORDS = ("news", "|", "said in", "published")
_ABSTRACT = re.compile(r"^(?:ABSTRACT|Abstract|BACKGROUND|Background|Purpose:|PURPOSE|METHODS|Methods:)\b", re.M)


def guess_source_type(text: str) -> str:
    low = folded(text[:3000])
    if (any(w in low for w in _NEWS_WORDS) and _NEWS.search(text[:3000])) or re.search(
        r"^[^\n|]{2,60}\|\s*[A-Z][a-z]+\.?\s+\d{1,2},\s+(?:19|20)\d\d\s*$", text[:600], re.M
    ):
        return "news"
    if _ABSTRACT.search(text):
        return "journal-abstract"
    return "full-text"
