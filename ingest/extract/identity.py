"""Trial identity: registry ids (NCT) and trial acronyms."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.records import TrialRecord, Value
from trialkg.ingest.text import count_word, gate, may_match, mention, sentences

NCT_RE = gate(re.compile(r"\bNCT\s?(\d{8})\b"), "NCT")
# upper-case names ("PATINA", "NOVA-2", "MONARCH 3", "X-RAY"), camel-case ones ("DESTINY-Breast04", "CheckMate 227")
_ACRONYM = (
    r"(?P<a>(?:[A-Z][a-z]+[A-Z][A-Za-z0-9]*|[A-Z]{2,}[a-z]+(?=-[A-Z0-9])|[A-Z](?:[A-Za-z0-9]*[A-Z0-9])?)"
    r"(?:-[A-Za-z0-9]+)*(?:\s(?:\d{1,3}|[A-Z]))?)"
)
# a name of capitals that needs no "trial" beside it: with a hyphenated part or a number ("SURMOUNT-OSA",
# "STEP 1")
_STRONG_ACRONYM = r"(?P<a>[A-Z]{3,}[A-Z0-9]*(?:-[A-Za-z0-9]+)+|[A-Z]{3,}\s\d{1,3})"
_ACRONYM_PATTERNS = [  # (case-sensitive; each behind a word gate)
    gate(
        re.compile(
            rf"\b(?:the\s+)?(?:(?:randomi[sz]ed\s+)?phase\s+(?:[1-4]|I{{1,3}}|IV)[ab]?\s+)?{_ACRONYM}\s+(?:[Tt]rial|[Ss]tudy)\b"
        ),
        "rial",
        "tudy",
    ),
    gate(re.compile(rf"\b{_ACRONYM}\s+ClinicalTrials\.gov\b"), "ClinicalTrials.gov"),
    gate(re.compile(rf":\s*{_ACRONYM}\s+Trial\b"), "Trial"),
    gate(re.compile(rf"\b{_ACRONYM}\s+\(NCT\d{{8}}\)"), "(NCT"),
    # "(ADVANCE; NCT01234567)"
    gate(re.compile(rf"\({_ACRONYM}[;,]\s*NCT\d{{8}}\)"), "NCT"),
    # the name in brackets after the design: "a phase II trial (ALPHA-2)", "randomized study [BETA-7]"
    gate(re.compile(rf"\b(?:[Tt]rial|[Ss]tudy)\s*[(\[]{_ACRONYM}(?:/[^()\[\]\s]+)?[)\]]"), "rial", "tudy"),
    # the name before or after the phase: "the ALPHA-2 phase 2 trial", "the phase 3 BETA-1 randomized ..."
    gate(
        re.compile(
            rf"\b{_ACRONYM}\s+(?:[Pp]hase\s+(?:[1-4]|I{{1,3}}|IV)[ab]?\s+)(?:clinical\s+)?(?:[Tt]rial|[Ss]tudy)\b"
        ),
        "hase",
    ),
    gate(
        re.compile(
            rf"\b[Pp]hase\s+(?:[1-4]|I{{1,3}}|IV)[ab]?\s+['‘“]?{_ACRONYM}['’”]?\s+(?:clinical\s+(?:trial|study)|randomi[sz]ed)\b"
        ),
        "hase",
    ),
    # the name as a subject or apposition of the design: "ALPHA-2, a randomized, open-label phase III study",
    # "BETA 300 is a multicenter, randomized ...", "a phase 2 clinical trial, GAMMA, assessing ..."
    gate(
        re.compile(
            rf"(?:^|[.:;]\s+|\n){_ACRONYM}(?:,\s+an?|\s+(?:is|was)\s+an?)\s+(?:[\w-]+,?\s+){{0,4}}?"
            r"(?:randomi[sz]ed|double-blind|open-label|multicenter|multicentre|phase)\b"
        ),
        "andomi",
        "blind",
        "label",
        "multicent",
        "hase",
    ),
    gate(
        re.compile(rf"\b(?:[Tt]rial|[Ss]tudy),\s+{_ACRONYM},\s+(?:assess|evaluat|compar|test|investigat)"),
        "rial,",
        "tudy,",
    ),
    # the name the text gives the trial: "the trial, called ALPHA,", "a study known as BETA-2"
    gate(
        re.compile(
            rf"\b(?:[Tt]rial|[Ss]tudy|[Pp]rogram(?:me)?),?\s+(?:called|named|dubbed|known\s+as)\s+['‘“]?{_ACRONYM}"
        ),
        "called",
        "named",
        "dubbed",
        "known",
    ),
    # a strong name with the word for its report: "SURMOUNT-OSA results", "data from STEP 1 showed"
    gate(
        re.compile(rf"\b{_STRONG_ACRONYM}\s+(?:results|data|findings|readout)\b"),
        "results",
        "data",
        "findings",
        "readout",
    ),
    gate(
        re.compile(rf"\b(?:results|data|findings)\s+(?:from|of)\s+(?:the\s+)?{_STRONG_ACRONYM}(?=[\s,;.])"),
        "results",
        "data",
        "findings",
    ),
    # a name of capitals and one capitalized word: "the CLEAR Outcomes trial", "the ENGAGE Harmony study"
    gate(
        re.compile(
            r"\b(?:the\s+)?(?:(?:randomi[sz]ed\s+)?phase\s+(?:[1-4]|I{1,3}|IV)[ab]?\s+)?"
            r"(?P<a>[A-Z]{3,}[A-Z0-9-]*\s(?!(?:Phase|Clinical|Randomi[sz]ed|Pivotal|Global|Trial|Study)\b)[A-Z][a-z]{3,})"
            r"\s+(?:[Tt]rial|[Ss]tudy)\b"
        ),
        "rial",
        "tudy",
    ),
    # a sponsor's numbered study: "Study 302 of drug A", "in Study 301"
    gate(re.compile(r"\b(?P<a>Study\s+\d{3,4})\b(?!\s*(?:%|patients|participants|mg))"), "Study"),
    # the study group: "the ALPHA Investigators", "ALPHA Study Group"
    gate(
        re.compile(rf"\b{_ACRONYM}\s+(?:Investigators|Study\s+Group|Trial\s+Group|Collaborative\s+Group)\b"),
        "Group",
        "Investigators",
    ),
]
# a name with a number ("DELTA-02", "EPSILON 1") in brackets ending a title line, as registry records and
# protocol summaries give it: "... Advanced Colorectal Cancer (DELTA-02)"
_TITLE_END = re.compile(rf"\({_ACRONYM}(?:\s+(?:Study|Trial))?\)\s*\|?\s*$", re.M)
_NOT_ACRONYMS = {
    "HER2",
    "HR",
    "ER",
    "PR",
    "PFS",
    "OS",
    "ORR",
    "DFS",
    "CBR",
    "AE",
    "AES",
    "TEAE",
    "NCT",
    "FDA",
    "EMA",
    "ASCO",
    "ESMO",
    "NEJM",
    "JCO",
    "RCT",
    "CDK",
    "CDK4",
    "CI",
    "US",
    "UK",
    "EU",
    "II",
    "III",
    "IV",
    "NCI",
    "NIH",
    "WHO",
    "ABC",
    "MBC",
    "HRQOL",
    "QOL",
    "ET",
    "AI",
    "THE",
    "THIS",
    "A",
    "CT",
    "MRI",
    "PET",
    "ITT",
    "COVID-19",
    "SARS-COV-2",
}


_TITLE_ACRONYM = re.compile(rf"^{_ACRONYM}\s*:\s")
# the name closing a title: "Drug A for Disease B: ALPHA-2", "... Endocrine Therapy—BETA 2"
_TITLE_TAIL = re.compile(rf"(?::\s+|\s*[—–]\s*){_ACRONYM}\s*$")


# disease and other abbreviations that stand before a trial's name without being part of it
_NOT_NAME_WORDS = _NOT_ACRONYMS | {
    "NSCLC", "SCLC", "HCC", "CRC", "AML", "CLL", "CML", "MDS", "HIV", "COPD", "SLE", "TNBC", "HNSCC", "ESCC",
    "RCC", "GEJ", "DLBCL", "MCL", "PHASE", "RANDOMIZED", "RANDOMISED", "OPEN-LABEL", "PIVOTAL", "GLOBAL",
    # genes and biomarkers that name a population before a trial's name ("KRAS CodeBreaK 200")
    "KRAS", "NRAS", "EGFR", "ALK", "BRAF", "ROS1", "MET", "RET", "NTRK", "BRCA", "BRCA1", "BRCA2", "PIK3CA", "ESR1",
    "FGFR", "FGFR2", "FGFR3", "IDH1", "IDH2", "FLT3", "NPM1", "TMB", "MSI-H", "DMMR", "PD-L1", "CLDN18", "TROP2",
}  # fmt: skip
_NAME_WORD_BEFORE = re.compile(r"(?<![\w-])(?P<w>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)\s$")


def _whole_name(text: str, start: int) -> int:
    """Where a trial's name that ends with the acronym at ``start`` begins: capitals words before it are
    part of it ("BEACON CRC", "DAPA ACT HF-TIMI 68"), a disease's abbreviation or a design word is not."""
    while True:
        m = _NAME_WORD_BEFORE.search(text, max(0, start - 25), start)
        if m is None or m.group("w") in _NOT_NAME_WORDS or len(m.group("w")) < 3:
            return start
        start = m.start("w")


def _is_acronym(a: str) -> bool:
    """At least two capitals (or capital + digits), not a common abbreviation or receptor status."""
    if a.upper() in _NOT_ACRONYMS or len(a) < 3 or a.isdigit():
        return False
    if sum(c.isupper() for c in a) < 2 and not re.search(r"[A-Z]{2}|\d", a):
        return False
    return not re.search(r"(?i)-(?:positive|negative|low|targeted|based|directed)$", a)


def extract(doc: Document, rec: TrialRecord) -> None:
    seen: set[str] = set()
    for s in sentences(doc):
        for m in NCT_RE.finditer(s.text) if may_match(NCT_RE, s.text) else ():
            nct = "NCT" + m.group(1)
            if nct not in seen:
                seen.add(nct)
                rec.nct_ids.append(Value(nct, mention(doc, s.start + m.start(), s.start + m.end())))
    acr: dict[str, Value[str]] = {}
    for s in sentences(doc):
        for rx in _ACRONYM_PATTERNS:
            for m in rx.finditer(s.text) if may_match(rx, s.text) else ():
                a = m.group("a")
                numbered = re.fullmatch(r"Study\s+\d{3,4}", a) is not None
                if not numbered and (not _is_acronym(a) or not re.search(r"[A-Z]{2}|[a-z][A-Z]", a)):
                    continue
                begin = _whole_name(s.text, m.start("a"))
                a = s.text[begin : m.end("a")]
                if a not in acr:
                    acr[a] = Value(a, mention(doc, s.start + begin, s.start + m.end("a")))
    for m in _TITLE_END.finditer(doc.text) if "(" in doc.text else ():
        a = m.group("a")
        if _is_acronym(a) and re.search(r"[A-Z]{2}|[a-z][A-Z]", a) and re.search(r"\d", a) and a not in acr:
            acr[a] = Value(a, mention(doc, m.start("a"), m.end("a")))
    title = doc.metadata.title or ""
    ti = doc.text.find(title) if title else -1
    for tm in (_TITLE_ACRONYM.match(title), _TITLE_TAIL.search(title)):
        if tm and ti >= 0 and _is_acronym(tm.group("a")) and re.search(r"[A-Z]{2}|[a-z][A-Z]", tm.group("a")):
            a = tm.group("a")
            acr.setdefault(a, Value(a, mention(doc, ti + tm.start("a"), ti + tm.end("a"))))
    # an acronym used once in passing ("the MONALEESA-2 trial" in a discussion) ranks below the main one
    counts = {a: count_word(doc.text, a) for a in acr}
    rec.acronyms = sorted(acr.values(), key=lambda v: (-counts[v.value], v.mention.start))
