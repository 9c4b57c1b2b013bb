"""Detect document metadata (title, journal, date, DOI, PMID, PMCID, type) and sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trialkg.ingest.document import Metadata, Section
from trialkg.ingest.text import GATES, folded, gate, may_match
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
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MON})\.?,?\s+((?:19|20)\d\d)\b", re.I)
_JOURNAL_DATE_LINE = re.compile(
    rf"^(?P<journal>[A-Za-z][A-Za-z .&:,'-]{{3,120}}?)\.?\s+"
    rf"(?P<date>(?:19|20)\d\d\s+{_MON}\.?(?:\s+\d{{1,2}})?\b|{_MON}\.?\s+\d{{1,2}},\s+(?:19|20)\d\d\s*$)",
    re.I,
)
_PMID = re.compile(r"\bPMID(?::|-)?\s*(\d{5,9})\b")  # "PMID: 123", MEDLINE's "PMID- 123"
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
    for m in _DATE_DMY.finditer(text):
        hits.append((m.start(), f"{m.group(3)}-{MONTHS[m.group(2).lower().rstrip('.')]:02d}-{int(m.group(1)):02d}"))
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
# page furniture, never a title: phrases that only navigation starts with, or a line that is one such word
# ("Home", "Search", "Share") -- "Home-based exercise in heart failure" is a title
_FURNITURE_LINE = re.compile(
    r"^(?:skip\s+to\b|jump\s+to\b|sign\s+(?:in|up)\b|log\s*in\b|subscribe\b|accept\s+(?:all\s+)?cookies\b|"
    r"advertisement\b)|^(?:menu|search|home|share|print|download|cookies?|accept)\W*$|\blogo|\bcookies\b",
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
    lm = (_LABELLED_DOI.search(head) or _MEDLINE_DOI.search(head)) if "doi" in low else None
    pm = _PMID.search(head) if "PMID" in head else None
    pc = _PMCID.search(head) if "pmcid" in low else None
    return (clean_doi(lm.group(1)) if lm else None, pm.group(1) if pm else None, pc.group(1).upper() if pc else None)


def head_identifiers(text: str) -> tuple[str | None, str | None, str | None]:
    """(DOI, PMID, PMCID) stated in the document's head, as ``detect_metadata`` reads them."""
    return _identifiers(_head(text.split("\n", 15)))


# ---------------------------------------------------------------------------------------------------
# What kind of document: journal-abstract | news | registry | full-text.
#
# A small feature-based classifier: each cue is a mark of one genre with a weight, looked for in the
# first few thousand characters.  The order of strength: registry page furniture decides first; then a
# wire service, press-release or conference-programme mark makes a text news whatever journal marks it
# has; otherwise the heavier side wins, a tie going to news (a news item citing a journal is news).  A
# long text with Introduction/Methods/Results/Discussion headings is a full text.  A text without any
# mark is most likely an abstract pasted without its headings (full-text only when it is long).
# ---------------------------------------------------------------------------------------------------

_HEAD_CHARS = 4000  # classification and metadata look no further
_FULL_TEXT_CHARS = 15000
_DECISIVE = 6.0  # a news cue this heavy decides alone (wire services, press releases, conference programmes)
_REGISTRY_DECIDES = 6.0  # registry furniture this heavy decides alone


@dataclass(frozen=True)
class _Cue:
    genre: str  # registry | news | journal
    weight: float
    rx: re.Pattern[str]
    window: int = _HEAD_CHARS  # a cue that only counts near the top (a journal's citation line)


def _cue(
    genre: str, weight: float, pattern: str, words: tuple[str, ...], flags: int = 0, window: int = _HEAD_CHARS
) -> _Cue:
    rx = re.compile(pattern, flags | re.M)
    return _Cue(genre, weight, gate(rx, *words) if words else rx, window)  # (no words: always tried)


_MONTH_DAY_YEAR = rf"{_MON}\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d"
# "N Engl J Med. 2020 Oct 29;383(18):1735-1745", "J Clin Psychiatry 2023;84(2):22m14445", "NEJM Evid 2022;1(3)",
# and PMC's ". 2019 Sep 29;6(1):116-124" whose journal name is a link that copying drops
_CITATION_LINE = re.compile(
    r"^[ \t\-•·.]*(?P<journal>[A-Z][\w&'’-]*\.?(?:[ \t]+[\w&'’-]+\.?){0,9}?)?[.,]?[ \t]*"
    rf"(?P<year>(?:19|20)\d\d)(?:[ \t]+(?P<mon>{_MON})\.?(?:[ \t]+(?P<day>\d{{1,2}}))?)?[ \t]*;[ \t]*\d+[ \t]*"
    r"(?:\([\w \t/–-]{1,15}\)[ \t]*)?(?::[ \t]*\w|[.;,]|$)",
    re.M,
)
# "JAMA Oncol. Published online June 4, 2020. doi:10.1001/jamaoncol.2020.1234"
_CITATION_ONLINE = re.compile(
    rf"^[ \t\-•·]*(?P<journal>[A-Z][\w&'’-]*\.?(?:[ \t]+[\w&'’-]+\.?){{0,9}}?)\.[ \t]+Published online[ \t]+(?P<date>{_MONTH_DAY_YEAR})",
    re.M,
)

_CUES: tuple[_Cue, ...] = (
    # --- registry: ClinicalTrials.gov and sponsors' trial pages, protocol summaries ---
    _cue("registry", 5, r"Listing a study does not mean it has been evaluated", ("Listing a study",)),
    _cue("registry", 3, r"\bCT\.gov ID\b", ("CT.gov ID",)),
    _cue("registry", 2, r"ClinicalTrials\.gov Identifier", ("ClinicalTrials.gov Identifier",)),
    _cue("registry", 3, r"^[ \t]*(?:Recruitment|Overall) Status\b", ("Status",)),
    _cue("registry", 3, r"^[ \t]*Study Type\b", ("Study Type",)),
    _cue("registry", 3, r"^[ \t]*(?:Arm/Group (?:Title|Description)|Arms and Interventions)\b", ("Arm",)),
    _cue("registry", 3, r"^[ \t]*Brief Summary\b", ("Brief Summary",)),
    _cue("registry", 3, r"^[ \t]*Official Title\b", ("Official Title",)),
    _cue("registry", 3, r"^[ \t]*(?:Primary|Secondary) Outcome Measures?\b", ("Outcome Measure",)),
    _cue("registry", 2, r"^[ \t]*Study Design\b", ("Study Design",)),
    _cue(
        "registry",
        3,
        r"\bAllocation[ \t]*:?\s*\|?[ \t]*(?:Randomi[sz]ed|RANDOMI[SZ]ED|Non-Randomi[sz]ed|N/A)\b",
        ("Allocation",),
    ),
    _cue("registry", 3, r"\b(?:Intervention Model|Primary Purpose)\b", ("Intervention Model", "Primary Purpose")),
    _cue("registry", 2, r"^[ \t]*Masking\b", ("Masking",)),
    _cue("registry", 3, r"^[ \t]*Trial Status[ \t]*:", ("Trial Status",)),
    _cue(
        "registry",
        3,
        r"\b(?:(?:First|Last Update|Results First) Posted|First [Rr]eceived|Last [Uu]pdated|Last [Vv]erified)[ \t]*:",
        ("Posted", "eceived", "pdated", "erified"),
    ),
    _cue(
        "registry",
        3,
        r"^[ \t]*(?:Actual|Estimated|Anticipated) (?:Study Start|Primary Completion|Study Completion|Enrollment)\b",
        ("Actual", "Estimated", "Anticipated"),
    ),
    _cue("registry", 3, r"Information provided by \(Responsible Party\)", ("Responsible Party",)),
    _cue("registry", 2, r"^[ \t]*(?:Lead )?[Ss]ponsor[ \t]*:?[ \t]*$", ("ponsor",)),
    _cue("registry", 2, r"^[ \t]*Inclusion [Cc]riteria[ \t]*:?[ \t]*$", ("Inclusion",)),
    # a record's intervention lines ("Drug: Molnupiravir 200 mg"), and a protocol's future tense
    _cue(
        "registry",
        2,
        r"^[ \t]*(?:Drug|Biological|Device|Procedure|Behavioral|Dietary Supplement|Radiation)[ \t]*:[ \t]*\S",
        ("Drug", "Biological", "Device", "Procedure", "Behavioral", "Dietary", "Radiation"),
    ),
    _cue(
        "registry",
        1.5,
        r"\b(?:participants|patients|subjects) will (?:receive|be (?:randomi[sz]ed|enrolled|assigned))\b",
        ("will",),
    ),
    _cue("registry", 2, r"^[ \t]*Exclusion [Cc]riteria[ \t]*:?[ \t]*$", ("Exclusion",)),
    _cue("registry", 2, r"^[ \t]*Time ?[Ff]rame[ \t]*:", ("Time",)),
    _cue("registry", 1.5, r"^[ \t]*Enrollment[ \t]*:?[ \t]*(?:\d|$)", ("Enrollment",)),
    _cue(
        "registry", 2, r"\A[^\n]{0,80}\bNCT\d{8}\b|^[ \t]*NCT\d{8}[ \t]*$", ("NCT",)
    ),  # the record's number as a field
    _cue("registry", 3, r"^[ \t]*Detailed Description\b", ("Detailed Description",)),
    _cue(
        "registry",
        2,
        r"^[ \t]*(?:Study Description|Conditions?(?: or [Dd]isease)?[ \t]*(?::|\||$)|Condition or [Dd]isease\b)",
        ("Study Description", "Condition"),
    ),
    # registry titles: "A Study to Evaluate ...", "Study of Acid Reflux in Asthma"
    _cue(
        "registry",
        1.5,
        r"\A[ \t]*(?:An? )?(?:Phase \S+ )?(?:Study|Trial) (?:[Tt]o|[Oo]f|[Cc]omparing|[Ee]valuating)\b",
        ("Study", "Trial"),
    ),
    _cue(
        "registry",
        2,
        r"(?:No Results Posted|Results [Pp]osted|Has Results|Not yet recruiting|Active, not recruiting|Enrolling by invitation)",
        ("Results", "recruiting", "Enrolling"),
    ),  # status badges, often fused to their neighbours
    # outcome measures titled as registries title them ("Percentage of Participants With ...")
    _cue(
        "registry",
        2,
        r"^[ \t]*(?:(?:Percentage|Number|Proportion) of Participants (?:With|Who|Achieving)|(?:Mean )?(?:Percent )?Change From Baseline in)\b",
        ("Participants", "From Baseline"),
    ),
    # a trial summary page's fields: "Treatment Group 1: ...", "Number of Patients: 15,526", "Bottom Line"
    _cue(
        "registry",
        3,
        r"^[ \t]*(?:Treatment|Control|Comparator|Experimental|Placebo)[ \t]+(?:Group|Arm)(?:[ \t]+\d+)?[ \t]*:",
        ("Group", "Arm"),
    ),
    _cue(
        "registry",
        2,
        r"^[ \t]*(?:Number of (?:Patients|Participants|Subjects)|Trial Details|Bottom Line|Key Findings)[ \t]*:?[ \t]*(?:\d|$)",
        ("Number of", "Trial Details", "Bottom Line", "Key Findings"),
    ),
    # a protocol summary tells what the study will do
    _cue(
        "registry",
        1.5,
        r"\b(?:will|shall) be (?:randomi[sz]ed|randomly assigned|assigned|allocated|enrolled|stratified|treated)\b",
        ("will", "shall"),
        re.I,
    ),
    _cue(
        "registry",
        1.5,
        r"\b(?:study|trial|participants|patients|subjects) will (?:assess|evaluate|receive|compare|investigate|determine|examine|enroll|measure)\b",
        ("will",),
        re.I,
    ),
    _cue(
        "registry",
        1.5,
        r"\bprimary hypothes[ie]s\b|\bis designed to (?:assess|evaluate|compare|determine)\b",
        ("hypothes", "designed"),
        re.I,
    ),
    _cue(
        "registry",
        1,
        r"^[ \t]*This (?:is a|study is a|trial is a)\b[^.\n]{0,120}?\b(?:study|trial) (?:to|of|that|comparing|evaluating)\b",
        ("this",),
        re.I,
    ),
    # --- news, decisive: wire services, press releases, conference programmes ---
    _cue(
        "news",
        _DECISIVE,
        r"\((?:GLOBE NEWSWIRE|BUSINESS WIRE|ACCESSWIRE|Marketwired|HealthDay News|Reuters)\)|\bPR ?Newswire\b",
        ("newswire", "business wire", "accesswire", "marketwired", "healthday news", "reuters"),
        re.I,
    ),
    _cue(
        "news", _DECISIVE, r"^[ \t]*(?:Press|News|Media) Release\b|^[ \t]*For Immediate Release\b", ("release",), re.I
    ),
    _cue("news", _DECISIVE, r"\btoday (?:announced|reported)\b|\b(?:announced|reported) today\b", ("today",), re.I),
    _cue(
        "news",
        _DECISIVE,
        r"\((?:[A-Z]{2,8}/)*(?:NASDAQ|Nasdaq|NYSE|LSE|TSE|TSX|ASX|SIX|HKEX|Euronext|OTCQX)[ \t]*:[ \t]*[A-Z0-9.]{1,8}\)",
        ("NASDAQ", "Nasdaq", "NYSE", "LSE", "TSE", "TSX", "ASX", "SIX", "HKEX", "Euronext", "OTCQX"),
    ),
    _cue(
        "news",
        _DECISIVE,
        r"\bForward[- ]Looking Statements?\b|^[ \t]*(?:Media|Investors?) (?:Contacts?|Relations|Inquiries)\b",
        ("looking statement", "media", "investor"),
        re.I,
    ),
    _cue(
        "news",
        _DECISIVE,
        r"^[ \t]*(?:[\w-]+ )*Session(?: Title| Type)?[ \t]*:|^[ \t]*Abstract Body\b",
        ("Session", "Abstract Body"),
    ),
    _cue("news", _DECISIVE, r"\bLate[- ]?Break(?:ing|er)\b", ("late",), re.I),
    # a meeting abstract's number before its first heading: "9002 Background:", "Abstract\n250 Background:"
    _cue(
        "news",
        _DECISIVE,
        r"^[ \t]*(?:Abstract[ \t]*(?:\n[ \t]*)+)?\d{2,5}[ \t]+(?:Background|Purpose|Introduction|Objectives?)[ \t]*:",
        ("Background", "Purpose", "Introduction", "Objective"),
    ),
    _cue("news", 5, r"\bNews from\b", ("News from",)),
    # a news digest's headings: "Takeaway", "Why this matters"
    _cue("news", 4, r"^[ \t]*(?:Key )?(?:Takeaways?|Why this matters)[ \t]*:?[ \t]*$", ("akeaway", "matters")),
    # --- news, weighed: the reporter's voice, conference reports, news-site furniture ---
    _cue("news", 3, r"\b(?:has|have) announced\b", ("announced",), re.I),
    _cue("news", 4, r"\([A-Z]{2,5}[ \t]+[+\-−]?\d+(?:\.\d+)?%[ \t]*\)", ("%",)),  # a quoted share price
    _cue(
        "news",
        3,
        r"\b(?:[Rr]eported|[Pp]ublished|[Aa]ppear(?:s|ed|ing)?)(?: online)?(?: today| recently| simultaneously)? in (?:the )?(?:(?:online|print|current|latest|[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? (?:19|20)\d\d)?) )?(?:issue of )?(?:[Tt]he )?(?:[A-Z][A-Za-z]+|JAMA|NEJM|BMJ)",
        ("eported", "ublished", "ppear"),
    ),
    _cue("news", 3, r"\band colleagues\b", ("colleagues",), re.I),
    _cue(
        "news",
        3,
        r"\b(?:reported|unveiled|shared|announced)[ \t]+at[ \t]+(?:the[ \t]+)?(?:[A-Z][\w-]*[ \t]+){0,4}"
        r"(?:Congress|Meeting|Symposium|Conference|Sessions|Summit|Forum)\b",
        ("at",),
    ),
    _cue("news", 3, r"(?:^|\s)#[A-Za-z][\w-]{2,}\b[^\n]*?\s#[A-Za-z][\w-]{2,}\b", ("#",)),  # hashtags of a post
    _cue(
        "news",
        3,
        r"\bet al\.?,?\s+(?:found|report(?:ed|s)?|conclude[ds]?|show(?:ed|s)|wr(?:ote|ite)|not(?:ed|es)|observ(?:ed|es)|demonstrated|sa(?:y|id))\b",
        ("et al",),
        re.I,
    ),
    _cue(
        "news",
        2,
        r"\baccording to (?:a |the |new )?(?:(?:new|recent|latest|updated|primary|final|interim) )?(?:study|studies|findings|data|results|research|researchers|investigators|authors|company|trial)\b(?! (?:protocol|design|criteria|definitions?|plan))",
        ("according to",),
        re.I,
    ),
    _cue(
        "news",
        2,
        r"\b(?:researchers|investigators|authors) (?:found|report(?:ed)?|wr(?:ote|ite)|said|not(?:ed|e)|concluded|observed)\b",
        ("researchers", "investigators", "authors"),
        re.I,
    ),
    _cue(
        "news",
        3,
        r"\bsaid in a (?:statement|press release|news release|interview)\b|\b(?:said|says|told) (?:Dr\b|Prof\b|lead author|study author)",
        ("said", "says", "told"),
        re.I,
    ),
    _cue(
        "news", 3, r"[”\"],? (?:said|says|added|explained|noted) [A-Z]", ("said", "says", "added", "explained", "noted")
    ),
    _cue("news", 1.5, r"[“\"][A-Z][^”\"\n]{60,}[”\"]", ('"', "“")),  # a quoted sentence
    _cue("news", 1.5, r"\b(?:Dr|Prof)\.?[ \t][A-Z][a-z]+", ("Dr", "Prof")),
    _cue(
        "news",
        1,
        r"\b[A-Z][a-z]+,? (?:MD|M\.D\.|PhD|Ph\.D\.|MBBS|PharmD)\b(?![;\d])",  # not an author list's "X, MD;"
        ("MD", "M.D.", "PhD", "Ph.D.", "MBBS", "PharmD"),
    ),
    _cue(
        "news",
        3,
        r"\bpresented\b(?! in part)[^.\n]{0,100}?(?:\b(?i:congress|meeting|symposium|conference|sessions?|summit|forum)\b|\b(?:Week|ASCO|ESMO|ASH|AACR|SABCS|WCLC|EHA|EASD|ESC|IDWeek|CROI|AAN|DDW)\b)",
        ("presented",),
    ),
    _cue(
        "news",
        3,
        r"^[ \t]*[^\n|:]{0,40}\b(?:Congress|Meeting|Symposium|Conference|Summit|Sessions)[ \t]+(?:19|20)\d\d[ \t]*[|:]",
        ("Congress", "Meeting", "Symposium", "Conference", "Summit", "Sessions"),
    ),
    # "At ASCO GI 2021, mature data were ...", "at the 2024 ESMO Congress": a meeting's report
    _cue(
        "news",
        3,
        r"\b[Aa]t (?:the )?(?:(?:19|20)\d\d )?(?:ASCO|ESMO|ASH|AACR|SABCS|WCLC|EHA|EASD|ESC|ACC|AHA|ADA|EULAR|ACR|"
        r"IDWeek|CROI|AAN|ATS|ERS|DDW|UEG|ECCO|AAD|ISTH|IAS)\b(?:[ \t][A-Z][\w-]*){0,3}?[ \t]*(?:(?:19|20)\d\d\b|"
        r"(?:Annual )?(?:Meeting|Congress|Symposium|Sessions))",
        ("At ", "at "),
    ),
    # a headline: the first line says what a drug did, in the present tense ("Camizestrant Extends PFS ...")
    _cue(
        "news",
        1.5,
        r"\A\s*[^\n.]{0,80}?\b(?:[Ee]xtends|[Ii]mproves|[Gg]ains|[Ss]hows|[Rr]educes|[Cc]uts|[Bb]oosts|[Ll]owers|"
        r"[Ii]nduces|[Bb]eats|[Tt]ops|[Ff]ails|[Mm]isses|[Mm]eets|[Ss]lows|[Pp]rolongs|[Dd]oubles|[Hh]alves|[Ww]ins|"
        r"[Ss]cores|[Oo]utperforms|[Dd]elivers|[Aa]chieves|[Dd]emonstrates|[Ee]arns)\b[^\n.]{3,120}$",
        (),
        window=300,
    ),
    _cue("news", 3, r"^[ \t]*News[ \t]*$|\bNews[ \t]*(?:\||\)|--)", ("News",)),
    _cue("news", 3, rf"^[^\n|]{{2,60}}\|[ \t]*{_MONTH_DAY_YEAR}[ \t]*$", ("|",)),  # "Outlet | March 3, 2025"
    # "Tokyo - Results from ...": a dateline opening the story
    _cue(
        "news",
        3,
        r"\A[ \t]*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?(?: \([^)\n]{2,40}\))? (?:--|—|–|-) [A-Z][a-z]*(?: [a-z][\w-]*){2}[^\n]{60,}",
        ("-", "—", "–"),
    ),
    _cue("news", 2, r"^[ \t]*Advertisement[ \t]*$", ("Advertisement",)),
    _cue(
        "news",
        2,
        r"^(?![^\n]*(?:Elsevier|Wiley|Springer|Author|Society|Association|Published by|Ltd|University Press|Medical Society))[^\n]*\bAll rights reserved\b",
        ("All rights reserved",),
    ),
    _cue(
        "news",
        2,
        r"^[ \t]*(?:By|Written by|Reviewed by|Fact[- ]checked by|Edited by|Medically reviewed by|Reported by)\b[ \t]*:?[ \t]*(?:[A-Z]|$)",
        ("By", "by"),
    ),
    _cue(
        "news",
        1.5,
        r"^[ \t]*(?:READ MORE|Read [Mm]ore|Related (?:Content|Articles|News|Stories)|Back to top|Get Permission|Image source|Sign up for)\b",
        ("READ MORE", "Read", "Related", "Back to top", "Get Permission", "Image source", "Sign up"),
    ),
    _cue(
        "news",
        1.5,
        r"\b(?:FDA|EMA|European Commission|Health Canada|MHRA|PMDA)\b[^.\n]{0,40}?\b(?:granted|approved|accepted|extended|pushed back|issued|cleared)\b",
        ("FDA", "EMA", "European Commission", "Health Canada", "MHRA", "PMDA"),
    ),
    _cue("news", 1.5, r"\d percent\b", ("percent",), re.I),  # journals write %
    _cue("news", 1.5, r"\b[Tt]he company\b", ("company",)),
    _cue("news", 1, r"\w[®™]", ("®", "™")),  # brand marks
    # --- journal abstracts and articles (the structured headings are counted apart) ---
    _cue("journal", 2, r"^[ \t]*(?:Abstract|ABSTRACT)[ \t]*:?[ \t]*$", ("Abstract", "ABSTRACT")),
    _cue("journal", 4, r"\bPMID- ?\d{5,9}\b", ("PMID-",)),  # a MEDLINE record
    # a catalogue page describing the paper: "... is a research paper published in The Lancet (2016)"
    _cue("journal", 4, r"\bis an? (?:research )?(?:paper|article) published in\b", ("published in",), re.I),
    _cue("journal", 2, r"\bPMID[ \t]*:?[ \t]*\d{5,9}\b", ("PMID",)),
    _cue("journal", 2, r"\bPMCID[ \t]*:?[ \t]*PMC\d+", ("PMCID",)),
    _cue("journal", 2, r"^[\W_]*DOI\b[ \t]*:?[ \t]*10\.\d{4,9}/|\bdoi:[ \t]*10\.\d{4,9}/", ("doi",), re.I),
    _Cue("journal", 3, _CITATION_LINE, 800),  # the article's own citation, in the page's head
    _cue(
        "journal",
        3,
        r"Research output:[ \t]*Contribution to journal|^[ \t]*journal contribution[ \t]*$|\bPublished online by\b|\bNo CrossRef data\b|^[ \t]*(?:Cite this article|How to cite this article)\b|This article (?:has been corrected|is featured in)|\bEpub (?:ahead of print )?(?:19|20)\d\d\b",
        (
            "Research output",
            "journal contribution",
            "Published online",
            "CrossRef",
            "Cite this",
            "How to cite",
            "This article",
            "Epub",
        ),
    ),
    _cue(
        "journal",
        2,
        r"^[ \t]*(?:Original (?:Research|Article|Investigation|Contribution|Paper)|Research (?:Article|Paper|Letter)|Brief Report|Clinical Trial Report)\b",
        ("Original", "Research", "Brief Report", "Clinical Trial Report"),
    ),
    _cue(
        "journal",
        2,
        r"\b[Ww]e (?:randomly assigned|randomi[sz]ed|conducted|enrolled|recruited|assessed|evaluated|report|present|performed|did|analy[sz]ed|aimed|investigated|compared|included|examined|sought|hypothesi[sz]ed|assigned|undertook|designed)\b",
        ("We", "we"),
    ),
    _cue(
        "journal",
        2,
        r"^[ \t]*To (?:evaluate|assess|determine|compare|investigate|examine|describe|characteri[sz]e|estimate|explore)\b",
        ("To ",),
    ),
    _cue("journal", 1.5, r"^[ \t]*Key Points[ \t]*$", ("Key Points",)),
    _cue(
        "journal",
        2,
        r"\bClinicalTrials\.gov (?:number|registration)|\bregistered (?:at|with|on|in) (?:www\.)?ClinicalTrials\.gov\b|\bTrial [Rr]egistration\b",
        ("clinicaltrials.gov", "trial registration"),
        re.I,
    ),
    _cue("journal", 2, r"\(Funded by\b", ("Funded by",)),  # NEJM's and others' closing statement
)

# Abstract headings on their own line or opening one ("Methods: ..."), or in capitals anywhere
# ("... PATIENTS AND METHODS: ..."): each kind found counts once.
_ABSTRACT_HEADING = re.compile(
    r"^[ \t]*(?:(?P<background>Background|Context|Introduction|Importance|Rationale)"
    r"|(?P<aim>Objectives?|Purpose|Aims?)"
    r"|(?P<methods>Methods?|Methodology|Design|(?:Patients|Materials|Participants|Subjects) and [Mm]ethods"
    r"|Research [Dd]esign and [Mm]ethods|Design,? [Ss]etting,? and [Pp]articipants)"
    r"|(?P<results>Results?|Findings)"
    r"|(?P<conclusions>Conclusions?|Interpretation|Conclusions and [Rr]elevance|Discussion))[ \t]*(?::|$)",
    re.M | re.I,
)
_CAPITAL_NAMES = (
    r"(?:(?P<background>BACKGROUND|CONTEXT|INTRODUCTION|IMPORTANCE)|(?P<aim>OBJECTIVES?|PURPOSE|AIMS?)"
    r"|(?P<methods>METHODS?|(?:PATIENTS|MATERIALS) AND METHODS|DESIGN(?:, SETTING, AND PARTICIPANTS)?)"
    r"|(?P<results>RESULTS?|FINDINGS)|(?P<conclusions>CONCLUSIONS?(?: AND RELEVANCE)?|INTERPRETATION))"
)
_CAPITAL_HEADING = re.compile(rf"\b{_CAPITAL_NAMES}[ \t]*:")
# "CONTEXT Adjuvant fluorouracil ...": a heading that opens its line and runs into the sentence
_CAPITAL_LINE_HEADING = re.compile(rf"^[ \t]*{_CAPITAL_NAMES}[ \t]+(?=[A-Z][a-z])", re.M)
# the sections of a full article, each a heading on its own line (numbered or not)
_ARTICLE_SECTION = re.compile(
    r"^[ \t]*(?:\d+\.?[ \t]+)?(?:(?P<intro>Introduction|INTRODUCTION)|(?P<methods>(?:(?:Patients|Materials|Subjects) and )?"
    r"Methods|(?:PATIENTS|MATERIALS|SUBJECTS) AND METHODS|METHODS)|(?P<results>Results|RESULTS)|(?P<discussion>Discussion|DISCUSSION))[ \t]*$",
    re.M,
)


def _heading_kinds(head: str) -> set[str]:
    kinds = set()
    for rx in (_ABSTRACT_HEADING, _CAPITAL_HEADING, _CAPITAL_LINE_HEADING):
        for m in rx.finditer(head):
            kinds.add(m.lastgroup or "")
    return kinds


def _is_full_article(text: str) -> bool:
    if len(text) <= _FULL_TEXT_CHARS:
        return False
    kinds = {m.lastgroup for m in _ARTICLE_SECTION.finditer(text)}
    return len(kinds) >= 3 and bool(kinds & {"intro", "discussion"})


def source_type_scores(text: str) -> dict[str, float]:
    """Weight of the registry, news and journal marks in the head of ``text`` (``_DECISIVE`` and more for a
    decisive news mark)."""
    head = text[:_HEAD_CHARS]
    low = folded(head)
    scores = {"registry": 0.0, "news": 0.0, "journal": 2.0 * len(_heading_kinds(head))}
    for cue in _CUES:
        window = head if cue.window >= _HEAD_CHARS else head[: cue.window]
        if (cue.rx not in GATES or may_match(cue.rx, window, low)) and cue.rx.search(window):
            scores[cue.genre] += cue.weight
            if cue.genre == "news" and cue.weight >= _DECISIVE:
                scores["news"] += 100  # decisive, whatever the other marks weigh
    return scores


def guess_source_type(text: str, body: str | None = None) -> str:
    """The kind of ``text`` (a page as given); ``body``: its main text without furniture, where a decisive
    news mark must also stand (a journal page's menu may hold "Late-Breaking Abstracts")."""
    s = source_type_scores(text)
    if body is not None and s["news"] >= 100 and source_type_scores(body)["news"] < 100:
        s["news"] -= 100
    registry, news, journal = s["registry"], s["news"], s["journal"]
    if registry >= _REGISTRY_DECIDES:
        return "registry"
    if _is_full_article(text):
        return "full-text"
    if news >= 100:
        return "news"
    if registry >= 3 and registry > news and registry > journal:  # a protocol summary
        return "registry"
    if news >= 1.5 and news >= journal:  # a single weak mark (a name with "MD") is not enough
        return "news"
    if journal == 0 and len(text) > _FULL_TEXT_CHARS:  # long and unmarked: an article's text
        return "full-text"
    return "journal-abstract"  # an abstract, whether or not its headings survived the copy


# ---------------------------------------------------------------------------------------------------
# The document's own date, journal and DOI, read from its head.  Precision first: a date is taken
# only where a document states its own date (a citation line, a "Published"/"Posted"/"Last Update
# Posted" label, a dateline) and never from a sentence (the date of a meeting, a data cutoff or a
# page notice is not the document's).
# ---------------------------------------------------------------------------------------------------

_MEDLINE_DATE = re.compile(rf"(?:^|\s)DP\s+-\s+((?:19|20)\d\d(?:\s+{_MON}(?:\s+\d{{1,2}})?)?)\b")
_MEDLINE_DOI = re.compile(r"\b(?:LID|AID)\s+-\s+(10\.\d{4,9}/\S+)\s+\[doi\]")
_MEDLINE_JOURNAL = re.compile(r"(?:^|\s)(?:JT|TA)\s+-\s+(.+?)(?=\s+[A-Z]{2,4}\s*-\s|\s*$)", re.M)
_ANY_DATE = rf"(?:{_MONTH_DAY_YEAR}|\d{{1,2}}\s+{_MON}\.?,?\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d|(?:19|20)\d\d\s+{_MON}\.?\s+\d{{1,2}})"
# a label stating when the document itself was published, posted or last revised
_PUBLISHED_LABEL = re.compile(
    r"^[ \t\-•·|]*(?:(?:First |Originally )?Published|Posted|Updated|Last [Uu]pdated|Reviewed|Released|Date)"
    r"(?: online)?(?: by [^\n:]{1,80}?)?[ \t]*(?::|\bon\b)?[ \t]*(?=" + _ANY_DATE + ")",
    re.M | re.I,
)
_REGISTRY_UPDATED = re.compile(
    r"^[ \t|]*(?:Last Update Posted|Last [Uu]pdated|Last Update Submitted|Record [Ll]ast [Uu]pdated)[ \t]*:?[ \t|]*(?="
    + _ANY_DATE
    + ")",
    re.M,
)
_PUBLISHED_WORD = re.compile(
    r"^[ \t\-•·|]*(?:(?:First |Originally )?Published|Posted|Updated|Last [Uu]pdated|Reviewed|Released|Date)\b", re.I
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATELINE_DASH = re.compile(r"\s(?:--|—|–)\s")
# words saying a date is something else than the document's (an event, a deadline, a record's history)
_NOT_DOCUMENT_DATE = re.compile(
    r"\b(?:present|meeting|congress|conference|symposium|start|complet|cutoff|cut-off|deadline|until|through|since|as of"
    r"|from|between|available|expire|due|expected|estimated|anticipated|actual|received|submitted|accepted|revised"
    r"|enrol|recruit|verified|first posted|registered|approv|launch|webinar|webcast|held)",
    re.I,
)


def _date_of(text: str) -> str | None:
    d = iso_date(text)
    if d is None:
        m = re.match(rf"\s*((?:19|20)\d\d)(?:\s+({_MON}))?", text, re.I)
        if m:
            d = m.group(1) + (f"-{MONTHS[m.group(2).lower()]:02d}" if m.group(2) else "")
    return d


_DATE_NOISE = re.compile(rf"{_ANY_DATE}|\b{_WEEKDAY}\b|\d{{1,2}}:\d\d(?:\s*[AP]\.?M\.?)?|\([^)]{{0,40}}\)", re.I)


# a line ending so is continued on the next: a date there ends a wrapped sentence, not a dateline
_CONTINUED_LINE = re.compile(
    r"(?:\b(?:on|at|in|of|from|to|the|and|or|since|until|by|as|between|through|before|after|during|dated)|[,;(-])$",
    re.I,
)


def _is_dateline(segment: str, previous_line: str) -> bool:
    """Whether the date in ``segment`` (a line, or its lead-in before " -- " or "|") is the document's:
    it holds little else than the date, nothing says the date is an event's, it is not a citation
    ("Neurology. 2022 Oct 4;99(14)") nor the end of a wrapped sentence, and it is not the value of
    another field ("Actual Study Start Date :" on the line before)."""
    words = re.findall(r"[A-Za-z]{2,}", _DATE_NOISE.sub(" ", segment))
    if len(words) > 6 or _NOT_DOCUMENT_DATE.search(segment) or re.search(r";\s*\d+\s*[(:]", segment):
        return False
    if previous_line.endswith(":"):
        return bool(_PUBLISHED_WORD.match(previous_line))
    if _CONTINUED_LINE.search(previous_line) or segment.rstrip().endswith("."):
        return False
    return previous_line[-1:] in '.!?"”' or not _NOT_DOCUMENT_DATE.search(previous_line[-60:])


def _dateline_date(lines: list[str]) -> str | None:
    """The first date stated as the document's own in its first lines: after a publication label
    ("Published online by X: 05 January 2022", "Reviewed by X on Sep 3, 2025") or as a dateline, a short
    line or lead-in holding little else ("FRIDAY, Feb. 5, 2021 (HealthDay News) --", "October 4, 2021",
    "News|Articles|January 29, 2026", "Saturday, October 6, 2018: 10:50 AM")."""
    previous = ""
    seen = 0
    for line in lines:
        s = line.strip()
        if not s:
            continue
        seen += 1
        m = _PUBLISHED_LABEL.match(s)
        if m:
            return iso_date(s[m.end() :])
        if seen <= 15 and iso_date(s):
            lead_in = _DATELINE_DASH.split(s, maxsplit=1)[0]  # "FRIDAY, Feb. 5, 2021 (HealthDay News) -- ..."
            segment = next((seg for seg in lead_in.split("|") if iso_date(seg)), lead_in)
            d = iso_date(segment)
            if d and _is_dateline(segment, previous):
                return d
        previous = s
    return None


def _citation(head: str) -> tuple[str | None, str | None]:
    """(journal, date) of the article's own citation line near the top of ``head``; the journal is None
    when the line names none (PMC's copy), and nothing is taken from a line whose name does not read
    as a journal's ("Comment in Lancet. 2021;...")."""
    top = head[:800]
    m = _CITATION_LINE.search(top)
    if m:
        date = m.group("year")
        if m.group("mon"):
            date += f"-{MONTHS[m.group('mon').lower()]:02d}"
            if m.group("day"):
                date += f"-{int(m.group('day')):02d}"
    else:
        m = _CITATION_ONLINE.search(top)
        if m is None:
            return None, None
        date = iso_date(m.group("date")) or ""
    name = m.group("journal")
    journal = _journal_name(name) if name else None
    if name and journal is None:
        return None, None
    return journal, date or None


# PubMed's links between records and article-type labels, which a citation-like line may start with
_NOT_A_JOURNAL = re.compile(
    r"(?:Comment|Erratum|Retraction|Retracted|Update|Republished|Reply|Corrected|Cites|Cited|See|Original|Review)\b",
    re.I,
)
_NAME_WORD = re.compile(r"[A-Z][A-Za-z&'’-]*\.?|of|and|the|for|&")


def _journal_name(name: str) -> str | None:
    """A citation's journal: the registered title of a known one, else the name as written when it
    reads as a journal's name or abbreviation (capitalized words and of/and/the/for)."""
    name = name.strip().rstrip(".").strip()
    if _NOT_A_JOURNAL.match(name):
        return None
    known = journal_for_abbreviation(name)
    if known:
        return known
    words = name.split()
    return name if 1 <= len(words) <= 10 and all(_NAME_WORD.fullmatch(w) for w in words) else None


def _head_doi(head: str) -> str | None:
    """A DOI labelled as one anywhere in the head ("doi: 10.1056/...", "DOI: ...", MEDLINE's "[doi]")."""
    if "doi" not in head.lower():
        return None
    m = _LABELLED_DOI.search(head) or _MEDLINE_DOI.search(head) or _INLINE_DOI.search(head)
    return clean_doi(m.group(m.lastindex or 1)) if m else None


_INLINE_DOI = re.compile(
    r"\bdoi\s*:\s*(10\.\d{4,9}/[^\s\"<>]+)|^[ \t]*https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)[ \t]*$", re.I | re.M
)


def detect_metadata(text: str, hints: Metadata | None = None, page: str | None = None) -> Metadata:
    """Metadata stated in the document's head (hints, e.g. from HTML <meta>, take precedence).  Journal,
    citation dates and inline DOIs are read only for a journal's own text: those a news item or a
    registry page states are of what it cites.  ``page``: the text before its furniture was removed, whose
    bylines and menus tell what kind of document it is."""
    md = Metadata()
    lines = text.split("\n")
    head = _head(lines)
    md.source_type = (hints.source_type if hints else None) or (
        guess_source_type(page, body=text) if page is not None else guess_source_type(text)
    )
    md.doi, md.pmid, md.pmcid = _identifiers(head)
    md.title = _guess_title(lines)
    if md.source_type == "registry":  # a record's date is its last update, not one of its history's
        m = _REGISTRY_UPDATED.search(text[:_HEAD_CHARS])
        md.date = iso_date(text[m.end() : m.end() + 40]) if m else None
    elif md.source_type == "news":
        md.date = _dateline_date(text[:_HEAD_CHARS].split("\n"))
    else:
        md.doi = md.doi or _head_doi(head)
        md.journal, md.date = _publication_journal_and_date(lines, head)
        if md.journal is None and md.doi:
            md.journal = journal_for_doi(md.doi)
    if hints:
        for name in ("title", "journal", "date", "doi", "pmid", "pmcid", "url", "source_type"):
            v = getattr(hints, name)
            if v:
                setattr(md, name, v)
    return md


def _publication_journal_and_date(lines: list[str], head: str) -> tuple[str | None, str | None]:
    """An article's journal and date: from a first line "Journal 2024 Mar 5", a MEDLINE record, the
    article's citation line or a publication label or dateline; a full date before a year or month."""
    journal = None
    dates: list[str | None] = []
    m = _JOURNAL_DATE_LINE.match(lines[0].strip()) if lines else None
    if m and not _NOT_A_JOURNAL.match(m.group("journal")):
        name = canonical_journal(m.group("journal"))
        # PubMed's "Journal 2024 Mar 5"; before "Month D, YYYY" only a known journal's name, not
        # an article type or a section ("Original Research February 20, 2023")
        if re.match(r"(?:19|20)\d\d", m.group("date")) or journal_for_abbreviation(name):
            journal = name
        dates.append(_date_of(m.group("date")))
    dm = _MEDLINE_DATE.search(head)
    if dm:
        dates.append(_date_of(dm.group(1)))
    cited_journal, cited_date = _citation(head)
    journal = journal or cited_journal
    dates.append(cited_date)
    jm = _MEDLINE_JOURNAL.search(head)
    if journal is None and jm:
        journal = canonical_journal(jm.group(1))
    dates.append(_dateline_date(lines[:60]))
    stated = [d for d in dates if d]
    full = [d for d in stated if len(d) == 10]  # a day before a month or a year
    return journal, next(iter(full + stated), None)
