"""Sentence analysis shared by the result extractors.

For each sentence: numeric values (with unit and attached confidence interval), spans already
claimed by other statistics (CIs, effect estimates, P values, grades, timepoints), and arm cues
(mentions of an arm's distinguishing drug, or of control words such as "standard therapy",
"placebo", "alone").  Values separated by no arm cue form a *run* ("44.3 vs 29.1 months"); runs
are assigned to arms by the cue right after a value ("in the X group"), the cue right before it
("patients receiving X had a median of"), the order of the arms named around a run, or
"respectively" lists, carried across clauses and sentences when a clause names no arm.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from trialkg.ingest.document import Document
from trialkg.ingest.extract._numbers import (
    CI,
    CI_RE,
    DIFFERENCE_RE,
    EFFECT_RE,
    FOLLOWUP_RE,
    GRADE_RE,
    P_RE,
    TIMEPOINT_RE,
    declared_cis,
    find_cis,
)
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import Arm
from trialkg.ingest.text import (
    GATES,
    NUM,
    WORD_NUMBER_RE,
    WORD_NUMBERS,
    Sentence,
    decimals_of,
    gate,
    may_match,
    sentences,
    to_number,
)

UNIT_RE = (
    r"(?P<unit>%|percent|per\s+cent|months?|mos?\b|weeks?|wk\b|years?|yr\b|days?|hours?|hrs?\b|deaths?|patients?|"
    r"individuals|participants|women|men|events?|cases?)"
)
_APPROX = (
    "nearly",
    "almost",
    "approximately",
    "about",
    "around",
    "roughly",
    "~",
    r"close\s+to",
    "over",
    r"more\s+than",
)
# the characters a value can start with (a digit, ".", an approximating word's or a number word's first
# letter), as a look-ahead: the pattern fails at once where no value starts instead of trying each
# alternative there (~27% less time)
_VALUE_START = "".join(sorted({w[0] for w in (*_APPROX, *WORD_NUMBERS) if w != "no"} | {"."}))
VALUE_RE = re.compile(
    # (a number right after a hyphen is part of a word or a range, unless the hyphen is a minus sign: " -1.3")
    rf"(?=[\d{re.escape(_VALUE_START)}])(?:(?<![\w.\-/:])|(?<=[\s(\[,;:=]-))(?P<approx>(?:{'|'.join(_APPROX)})\s+)?"
    rf"(?P<num>{NUM}|{WORD_NUMBER_RE}\b)(?:\s*{UNIT_RE})?(?![\w/])(?!-[A-Za-z])",  # ("4-component": a word)
    re.I,
)
CONTROL_RE = re.compile(
    r"\b(?P<w>standard[-\s](?:of[-\s]care|therapy|treatment)|standard|control|placebo|PBO|PLC|pbo|alone|observation|sham|"
    r"usual\s+care|comparator|ET\s+alone|SoC|(?:investigator|physician)(?:'s|’s|s')?\s+choice|best\s+supportive\s+care)\b",
    re.I,
)
gate(
    CONTROL_RE,
    "standard",
    "control",
    "placebo",
    "pbo",
    "plc",
    "alone",
    "observation",
    "sham",
    "usual",
    "comparator",
    "soc",
    "choice",
    "supportive",
)
RESPECTIVELY_RE = gate(re.compile(r"\brespectively\b"), "respectively")
# regimens that name a control arm when its label says so and no other arm's label does
COMPARATOR_NOUNS = (
    "chemotherapy",
    "physician's choice",
    "best supportive care",
    "supportive care",
    "surgery",
    "radiotherapy",
    "endocrine therapy",
    "hormone therapy",
    "standard care",
)
_COMPARE = re.compile(r"\b(?:vs\.?|versus|v|compared\s+(?:with|to)|as\s+compared\s+with|than|and)\b", re.I)
_VERSUS_ONLY = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:with|to)|than)(?!\w)", re.I)
# what joins the arm compared and the arm it is compared with: "A versus B", "A compared with B"
COMPARED_TO = re.compile(r"\b(?:versus|vs\.?|compared\s+(?:with|to)|relative\s+to)(?!\w)", re.I)


@dataclass
class Val:
    start: int
    end: int  # end of number + unit
    value: float
    unit: str | None
    approximate: bool
    ci: CI | None = None
    ext_end: int = 0  # end including an attached CI
    decimals: int = 0
    ci_after_arm: bool = False


@dataclass
class Cue:
    start: int
    end: int
    arm: str


@dataclass
class Run:
    values: list[Val]
    left_cues: list[Cue] = field(default_factory=list)
    right_cues: list[Cue] = field(default_factory=list)
    arms: list[str | None] = field(default_factory=list)  # assigned arm per value


@dataclass
class Clause:
    sentence: Sentence
    start: int
    end: int
    text: str
    values: list[Val]
    cues: list[Cue]
    runs: list[Run]
    respectively: bool
    claimed: list[tuple[int, int]]


_TIME_UNIT = r"(?:months?|mo\b|years?|yrs?\b|weeks?|days?)"
# spans that hold numbers which are not results (phase, ratios, doses, years, cycles, ids ...), each
# pattern with words one of which it needs to match (lower case; None: not worth a test)
_NON_RESULT_NUMBERS: list[tuple[str, tuple[str, ...] | None]] = [
    (r"\bphase\s+(?:[1-4]|I{1,3}V?|IV)[ab]?\b", ("phase",)),
    (r"\b\d+\s*:\s*\d+\b", (":",)),
    # "75 mg", "the 45-mg cohort", "45 or 90 mg", "10, 20, or 40 mg"
    (
        rf"\b{NUM}(?:\s*(?:,\s*(?:or\s+|and\s+)?|or|and|to|-|–)\s*{NUM})*\s*-?\s*"
        r"(?:mg|g|mcg|µg|μg|mg/m(?:2|²|\(2(?=\)))|mg/kg|ml|mL)\b",
        None,
    ),
    (r"\b(?:19|20)\d\d\b", ("19", "20")),
    (rf"\b{NUM}[-\s](?:day|week|month)\s+cycles?\b", ("cycle",)),
    (r"\b\d+\s+days?\s+(?:on|off)\b", ("day",)),
    (r"\bfor\s+\d+\s+days\b", ("day",)),
    (r"\b\d+\s+days\s+followed\b", ("day",)),
    (r"\bcycles?\s+\d+\b", ("cycle",)),
    (r"\b\d+\s+(?:to|-)\s+\d+\s+cycles\b", ("cycle",)),
    (r"\b(?:four|five|six|seven|eight|two|three)\s+to\s+(?:four|five|six|seven|eight|ten|\d+)\s+cycles\b", ("cycle",)),
    (r"\b\d+\s+cycles\b", ("cycle",)),
    (r"\bCDK\s?4/6\b", ("cdk",)),
    (r"\bkinases?\s+4\s+and\s+6\b", ("kinase",)),
    (r"\breceptor\s+2\b", ("receptor",)),
    (r"\bHER[- ]?\d\b", ("her",)),
    (r"\b\d+\s+(?:sites|centers|centres|countries|hospitals)\b", ("sites", "cent", "countries", "hospitals")),
    (r"\b\d+[-\s](?:weeks?|days?)[-\s](?:on|off)\b", ("week", "day")),
    (r"\b\d+[-\s](?:weeks?|days?)[-\s]?(?:schedule|regimen|course)\b", ("schedule", "regimen", "course")),
    (r"\b\d+(?:\.\d+)?\s*mg\s+per\s+day\b", ("mg",)),
    (r"≥\s*\d+\s*weeks", ("≥",)),
    (r"\b[Ss]tage\s+[IV1-4]+[ABC]?\b", ("stage",)),
    (r"\bNCT\d{8}\b", ("nct",)),
    (
        r"\b\d{2}(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s*(?:CI|C\.I\.|confidence\s+interval|CrI|credible\s+interval)\b",
        ("%", "percent", "per cent"),
    ),
    (r"\b\d+(?:st|nd|rd|th)\b", None),
    (r"\b\d+\s*(?:and|or)\s*\d+\s+(?:cycles|days|weeks)\b", ("cycles", "days", "weeks")),
    # a follow-up time in any wording is never a result: "median follow-up ranged from 14.7 to 16.6 months",
    # "a median (range) follow-up of 29.4 (22.0-41.3) months", "followed for a median of 3.1 years"
    (
        r"\bfollow(?:ed|[-\s]?up)\b(?:[\s,]+(?:time|duration|period|was|were|is|of|ranged|ranging|from|for|a|an|the|"
        r"median|mean|approximately|about|nearly|\((?:range|IQR|interquartile\s+range)\)))*\s+"
        rf"{NUM}(?:\s*\([^)]*\))?(?:\s*(?:to|-|–|and)\s*{NUM})?"
        r"\s*(?:months?|mo\b|years?|weeks?|days?)",
        ("follow",),
    ),
    # a vaccine's efficacy or a relative reduction between the arms is an estimate, no arm's value:
    # "(rVE, 64.4%; 95% CI, ...)", "vaccine efficacy was 77%", "a 47% relative reduction"
    (
        rf"\b(?:r?VE|(?:relative\s+)?vaccine\s+(?:efficacy|effectiveness)|relative\s+(?:risk\s+)?reduction)\b"
        rf"[^;\d()]{{0,30}}?[,:=]?\s*(?:was|of)?\s*{NUM}\s*%?"
        rf"|\b{NUM}\s*%\s+relative\s+(?:risk\s+)?reduction\b",
        ("ve", "vaccine", "reduction"),
    ),
    # a dosing schedule: "every four weeks", "every 12 weeks", "at weeks 0 and 4", "at weeks 0, 4, and 8"
    (
        r"\bevery\s+(?:\d+|two|three|four|five|six|eight|twelve)\s+(?:weeks?|days?|months?)\b"
        r"|\bat\s+weeks\s+\d+(?:\s*,\s*\d+)*\s*,?\s*(?:and|or)\s+\d+\b",
        ("every", "weeks"),
    ),
    # the number of a period, part, cohort or visit: "in period 1", "Part 2", "cohort 3"
    (r"\b(?:period|part|cohort|visit|segment)\s+\d{1,2}\b(?!\s*%)", ("period", "part", "cohort", "visit", "segment")),
    # how long a treatment is given: "6 weeks of induction chemotherapy", "12 months of adjuvant therapy"
    (
        rf"\b{NUM}[-\s](?:weeks?|months?|days?|years?)\s+of\s+(?:[\w-]+\s+){{0,2}}?"
        r"(?:chemotherapy|therapy|treatment|radiotherapy|chemoradiotherapy|immunotherapy|dosing)\b"
        # a regimen spelled out in brackets after its name: "IC (6 weeks carboplatin and paclitaxel)"
        rf"|\(\s*{NUM}\s*(?:weeks?|cycles?|days?|months?)\s+(?:of\s+)?[A-Za-z][^()]*\)",
        ("week", "month", "day", "year", "cycle"),
    ),
    # the time before the word: "after a median of 34.2 (IQR, 27.1-43.4) months' follow-up", "20 months of follow-up"
    (
        rf"{NUM}(?:\s*\([^)]*\))?\s*(?:months?|years?|weeks?)(?:'|’)?\s+(?:of\s+)?(?:median\s+)?follow[-\s]?up\b",
        ("follow",),
    ),
    # "median follow-up was 11.5 months in group A and 11.8 months in group B": a clause about follow-up
    # (to the last time joined to the first by "and"/"vs": "..., and median PFS was 24.8 months" is a result)
    (
        rf"\bfollow[-\s]?up\s+(?:time\s+|duration\s+)?(?:was|were|is)\s+{NUM}\s*{_TIME_UNIT}"
        rf"(?:(?:[^.;\d()]|\([^()]*\)|[\d.]+\s*-?\s*(?:mg/kg|mg/m(?:2|²|\(2(?=\)))|mg|µg|mcg|g)\b)*?"
        rf"(?:,\s*(?:and\s+)?|\s(?:and|vs\.?|versus)\s+){NUM}\s*{_TIME_UNIT})*"
        r"(?:(?:[^.;\d()]|[\d.]+\s*-?\s*(?:mg/kg|mg/m(?:2|²|\(2(?=\)))|mg|µg|mcg|g)\b){0,40}?\(\s*n\s*=\s*\d+\s*\))?",
        ("follow",),
    ),
    # a trait of the participants as a count: "554 of 763 (72.6%) were men", "412 (54%) were women"
    (
        rf"\b{NUM}(?:\s+of\s+{NUM})?\s*\(\s*{NUM}\s*%\s*\)\s+(?:patients\s+|participants\s+)?(?:were|was)\s+"
        r"(?:men|women|male|female|white|black|asian|hispanic|aged|older|younger|current|former|never|from)\b",
        ("were", "was"),
    ),
    # the share of events reached at an analysis: "63% maturity", "82% information fraction"
    (
        rf"\b{NUM}\s*%\s+(?:maturity|information\s+fraction|of\s+(?:the\s+)?(?:planned|expected|required)\s+events)\b",
        ("maturity", "fraction", "events"),
    ),
    # a threshold or criterion: "transcript levels ≤1%", "an HbA1c < 7%"
    (rf"(?:≤|≥|<=|>=|<|>)\s*{NUM}\s*%", ("≤", "≥", "<", ">")),
    (
        rf"\b(?:below|above|under|less\s+than|greater\s+than|lower\s+than|higher\s+than|at\s+least|at\s+most)\s+{NUM}\s*%",
        ("below", "above", "under", "than", "at least", "at most"),
    ),
    # the number in a response criterion's name: "EASI 75", "PASI 90", "ACR20", "SRI-4", "IGA 0/1", "HiSCR50"
    (
        r"\b(?:EASI|PASI|ACR|ASAS|SRI|HiSCR|SALT|BICLA|DAS|CDAI|IGA)[-\s]?\d+(?![\d.])(?:\s*/\s*\d+)?(?!\s*(?:%|percent|\.\d))",
        ("easi", "pasi", "acr", "asas", "sri", "hiscr", "salt", "bicla", "das", "cdai", "iga"),
    ),
    # a criterion of improvement, not a result: "achieved 75% improvement in EASI", "a 50% or greater
    # reduction in seizure frequency", "with at least a 90% improvement"
    (
        rf"\b(?:achiev\w*|with|had|having|defined\s+as|reach\w*|show\w*|and/or|or)\s+(?:an?\s+)?(?:at\s+least\s+(?:an?\s+)?)?"
        rf"{NUM}\s*%\s*(?:or\s+(?:greater|more|higher|better)\s+)?(?:improvement|reduction|decrease)\b"
        rf"|{NUM}\s*%\s*or\s+(?:greater|more|higher|better)\s+(?:improvement|reduction|decrease)\b",
        ("improvement", "reduction", "decrease"),
    ),
    # a relative gain, not a rate: "improved PFS by 50%", "a 50% improvement over the placebo group", "a 35%
    # reduction in the risk of death"
    (
        rf"\b(?:improv|reduc|lower|increas|decreas|cut|extend|prolong)\w*\s+(?:[\w()-]+\s+){{0,4}}?by\s+"
        rf"(?:about\s+|nearly\s+|approximately\s+|almost\s+)?{NUM}\s*%"
        rf"|{NUM}\s*%\s+(?:relative\s+)?(?:improvement|reduction|increase|decrease|lower|higher|gain)\s+(?:over|in\s+(?:the\s+)?(?:risk|hazard|odds|rate))\b",
        ("by", "improvement", "reduction", "increase", "decrease", "lower", "higher", "gain"),
    ),
    # how long a treatment is given, not a result: "with palbociclib given for 2 years", "treated for up to 24 months"
    (
        rf"\b(?:given|administered|treated|continued|received)\s+for\s+(?:up\s+to\s+|about\s+)?{NUM}\s*"
        r"(?:years?|months?|weeks?|days?)\b",
        ("given", "administered", "treated", "continued", "received"),
    ),
    # the period of a rate's denominator: "seizures per 28 days", "events per 100 patient-years"
    (
        r"\bper\s+\d+(?:,\d{3})*\s+(?:days?|weeks?|months?|years?|(?:person|patient)[-\s](?:years?|months?))\b"
        r"|\(defined\s+as\s+\d+\s+days\)",
        ("per ", "defined"),
    ),
    # the time to a data cutoff: "median time from randomization to data cutoff was 58.8 mo"
    (
        rf"\btime\s+from\s+\w+\s+to\s+(?:the\s+)?(?:data\s+)?cut-?off\s+(?:was|of)\s+{NUM}\s*{_TIME_UNIT}",
        ("cutoff", "cut-off"),
    ),
    # a responder's threshold, not a value: "(at least a 75% improvement in EASI)", "a ≥50% reduction in migraine days"
    (
        r"(?:\b(?:at\s+least|more\s+than)\s+(?:an?\s+)?|[≥>]=?\s*)\d+(?:\.\d+)?\s*(?:%|percent)\s+"
        r"(?:or\s+(?:greater|more)\s+)?(?:improvement|reduction|decrease|increase|change|response)\b",
        ("improvement", "reduction", "decrease", "increase", "change", "response"),
    ),
    # the time frame of an outcome in hours or days, not a value: "pain freedom at 2 hours", "within 48 hours"
    (
        r"\b(?:at|within|after|by|through|over)\s+(?:\d+(?:\.\d+)?|one|two|three|four|six|eight|twelve|twenty-four)"
        r"\s*(?:hours?|hrs?|h|days?)\b",
        ("hour", "hr", "h", "day"),
    ),
    # a schedule: "once every 2 weeks", "every 3 weeks"
    (rf"\b(?:once\s+)?every\s+{NUM}\s*(?:-\s*)?(?:weeks?|days?|months?|hours?|h)\b", ("every",)),
    # a gain between arms is not an arm's value: "a median OS benefit of 9.4 months", "prolonged it by 3 months"
    (
        rf"\b(?:benefit|improvement|difference|gain|prolongation|increase|extension|advantage)\s+(?:of\s+)?"
        rf"(?:about\s+|nearly\s+|approximately\s+|almost\s+)?{NUM}\s*(?:months?|mo\b|weeks?|years?)"
        rf"|\bby\s+(?:an?\s+(?:median|mean|average)\s+of\s+)?(?:about\s+|nearly\s+|approximately\s+|almost\s+)?{NUM}\s*"
        r"(?:months?|weeks?|years?)\b"
        rf"|{NUM}[-\s](?:months?|weeks?|years?)\s+(?:improvement|difference|gain|benefit|longer|increase|extension|advantage)",
        (
            "benefit",
            "improvement",
            "difference",
            "gain",
            "prolong",
            "increase",
            "extension",
            "advantage",
            "by ",
            "longer",
        ),
    ),
    # ages: "patients >=65 years", "aged 65 years or older", "18 to 75 years of age"
    (
        r"(?:≥|>=|>|<|≤)\s*\d+\s*(?:years?|yrs?)\b|\baged\s+\d+(?:\s*(?:to|-|–)\s*\d+)?(?:\s*years?)?"
        r"|\b\d+(?:\s*(?:to|-|–)\s*\d+)?\s+years\s+(?:of\s+age|or\s+older|and\s+older|or\s+younger|old)\b",
        ("year", "yr", "aged"),
    ),
    # lists of time points: "rates at 24 and 36 months", "12- and 18-month rates"
    (
        r"\b(?:at|after|by)\s+\d+(?:\s*(?:,|and|or)\s*\d+)+\s*(?:months?|mos?|years?|weeks?)\b"
        r"|\b\d+-?\s*(?:,|and|or)\s*\d+[-\s](?:month|year|week)s?\b",
        ("month", "year", "week", "mo"),
    ),
    # shares of patients with a baseline characteristic are not results: "63% vs 61% of patients were from
    # Asia", "48% and 52% of participants were women", "30% had received prior chemotherapy"
    (
        rf"{NUM}\s*%(?:\s*(?:vs\.?|versus|and|,)\s*{NUM}\s*%)*\s+(?:of\s+(?:the\s+)?(?:patients|participants)\s+)?"
        r"(?:were\s+(?:from|male|female|men|women|white|black|asian|hispanic|aged|older|younger|current|former|never)\b"
        r"|had\s+(?:received|undergone|prior|previously|de\s+novo|an?\s+ECOG|ECOG|visceral)\b|lived\s+in\b|came\s+from\b)",
        ("were", "had", "lived", "came"),
    ),
]
# a difference between the arms with its interval, no arm's value: "(difference, 12.3%; 95% CI, 3.5%-21.0%)";
# not a group's value after "difference in X (": "no difference in death (9.9% in the A group ..."
_DIFFERENCE_CLAIM = gate(
    re.compile(
        DIFFERENCE_RE.pattern + r"(?![\d.%]|\s*(?:in|with|for|among|of)\s|\s*(?:vs\.?|versus|and|,)\s)"
        r"(?:\s*[;,(\[]\s*\d+(?:\.\d+)?\s*%\s*(?:CI|confidence\s+interval)[^)\];]*[)\]]?)?",
        re.I,
    ),
    "difference",
)
# the patterns of spans whose numbers are not results; those with a gate (``text.GATES``) run only where
# one of its words appears
_CLAIMERS: list[re.Pattern[str]] = [
    CI_RE,
    P_RE,
    EFFECT_RE,
    _DIFFERENCE_CLAIM,
    FOLLOWUP_RE,
    TIMEPOINT_RE,
    GRADE_RE,
    *(gate(re.compile(p, re.I), *words) if words else re.compile(p, re.I) for p, words in _NON_RESULT_NUMBERS),
]
# each with its gate, read once (this loop runs for every sentence with a number): (pattern, words or
# None, whether they are looked for in the folded text)
_CLAIMER_GATES: list[tuple[re.Pattern[str], tuple[str, ...] | None, bool]] = [
    (rx, *GATES[rx]) if rx in GATES else (rx, None, False) for rx in _CLAIMERS
]


def _claimed_spans(text: str, base: int, low: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (at ``base``) that no result value may come from; ``low``: ``folded(text)``."""
    spans: list[tuple[int, int]] = []
    for rx, words, fold in _CLAIMER_GATES:
        if words is not None and not any(w in (low if fold else text) for w in words):
            continue  # a word the pattern needs is missing: it cannot match
        for m in rx.finditer(text):
            spans.append((m.start() + base, m.end() + base))
    return spans


class _Spans:
    """Whether [a, b) lies inside one of the spans, in O(log n): among the spans starting at or before
    a, the farthest end must reach b (linear scans made long documents quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []
        far = -1
        for _, e in ordered:
            far = max(far, e)
            self.reach.append(far)

    def covers(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self.starts, a)
        return i > 0 and self.reach[i - 1] >= b


# an endpoint (notation or label) whose result is a time: survival, durations, times to an event
TIME_TO_EVENT = re.compile(r"surviv|duration|time-to|^time|free", re.I)
_UNIT_AFTER_CI = re.compile(rf"\s*(?P<u>{_TIME_UNIT})\b", re.I)


def _minus(text: str, at: int) -> bool:
    """The number at ``at`` is written with a minus sign ("−19.5%", "(-0.27 D)", "by -1.3"); a dash after a
    number ("5 – 10", "3-4") is a range, one inside a word ("COVID-19") is no sign."""
    if at < 1 or text[at - 1] not in "−-":
        return False
    before = text[: at - 1]
    if text[at - 1] == "-" and before and before[-1] not in " ([,;:=\n":
        return False
    last = before.rstrip()
    return not last or not (last[-1].isdigit() or last[-1] in "%.)")


def find_values(text: str, base: int, claimed: list[tuple[int, int]]) -> list[Val]:
    cis = find_cis(text, base)
    declared = [d for d in declared_cis(text, base) if not any(c.start <= d.start < c.end for c in cis)]
    if declared:
        cis = sorted([*cis, *declared], key=lambda c: c.start)
        claimed = [*claimed, *((d.start, d.end) for d in declared)]  # their bounds are not values
    ci_starts = [ci.start for ci in cis]
    inside = _Spans(claimed)
    out: list[Val] = []
    for m in VALUE_RE.finditer(text):
        a, b = m.start("num") + base, m.end("num") + base
        if inside.covers(a, b):
            continue
        num = to_number(m.group("num"))
        if num is None:
            continue
        unit = m.group("unit")
        if unit is None and m.group("num").isalpha():
            # a number word is a value only when a noun of counting follows ("Two patients")
            nxt = text[m.end() : m.end() + 20]
            if not re.match(r"\s+(?:patients?|participants?|deaths?|women|men|individuals|cases|of\s+the)", nxt, re.I):
                continue
        end = m.end() + base
        if num and _minus(text, m.start("num")):
            num, a = -num, a - 1  # "−19.5%", "(-0.27 D)": the value and its mention take the sign
        v = Val(a, end, num, unit, bool(m.group("approx")), decimals=decimals_of(m.group("num")))
        # an attached CI right after the value, or after the arm it names:
        # "44.3 months (95% CI, 32.4-56.8)", "5.8 months with letrozole alone (95% CI, 3.5 to 9.2)"
        for ci in cis[bisect.bisect_left(ci_starts, end) : bisect.bisect_right(ci_starts, end + 50)]:
            gap = text[end - base : ci.start - base]
            if 0 <= ci.start - end <= 4 and re.fullmatch(r"[\s(\[,;]*", gap):
                v.ci = ci
                break
            if 0 <= ci.start - end <= 50 and re.fullmatch(r"[^\d;()]*[\s(\[,]+", gap):
                v.ci = ci
                v.ci_after_arm = True  # the arm phrase between stays in the value's right context
                break
        v.ext_end = v.ci.end if v.ci and not v.ci_after_arm else end
        if v.ci and not v.ci_after_arm and text[v.ci.end - base : v.ci.end - base + 1] in (")", "]"):
            v.ext_end = v.ci.end + 1
            # the unit after the bracket: "23.0 (95% CI, 21.1-25.0) months"
            late = _UNIT_AFTER_CI.match(text, v.ext_end - base) if v.unit is None else None
            if late:
                v.unit = late.group("u")
        out.append(v)
    # a bare number takes the unit of its neighbour in "261 and 257 individuals", "79.7 and 10.0 percent",
    # and along a list: "14.1, 16.2 and 11.0 months"
    listed: set[int] = set()
    for i in range(len(out) - 2, -1, -1):
        v, after = out[i], out[i + 1]
        if v.unit is None:
            gap = text[v.end - base : after.start - base]
            in_list = bool(re.search(r"\d\s*,\s*$", text[max(0, v.start - base - 12) : v.start - base]))
            if (
                re.fullmatch(r"\s*(?:and|or|vs\.?|versus|to)\s*", gap, re.I)
                or (in_list and re.fullmatch(r"\s*,\s*(?:and|or)\s*", gap, re.I))
                or (i + 1 in listed and re.fullmatch(r"\s*,\s*", gap))
            ):
                v.unit = after.unit
                listed.add(i)
    return out


# a regimen's own name in an arm's label: "NALIRIFOX", "≤6 cycles of A+AVD", "ABVD"
_REGIMEN_NAME = re.compile(r"(?<![\w+\-])[A-Z][A-Za-z0-9\-+]{2,20}(?![\w+\-])")
# what joins the drugs of one combination: "plus", "+", "and", "with", "/", a dose in brackets between
# (and a comma of a list of them: "the A, B, and C group")
_COMBO_GAP = re.compile(
    r"\s*(?:\([^()]{0,60}\)\s*)?(?:,\s*(?:and\s+)?|plus|\+|and|with|/|-|in\s+combination\s+with)\s*", re.I
)


def find_cues(doc: Document, text: str, base: int, arms: list[Arm], low: str | None = None) -> list[Cue]:
    """Arm cues in order: distinguishing drugs and control words, adjacent cues of one arm merged
    (``low``: see ``may_match``)."""
    if len(arms) < 2:
        return []
    drug_arm: dict[str, str] = {}
    for arm in sorted(arms, key=lambda a: len(a.drugs)):  # a drug names the arm of that drug alone first
        for d in arm.drugs:
            drug_arm.setdefault(d.key, arm.key)
    # a drug several arms get, none of them alone ("venetoclax-obinutuzumab" beside "chlorambucil-
    # obinutuzumab"), names none of them
    for key in list(drug_arm):
        holders = [a for a in arms if any(d.key == key for d in a.drugs)]
        if len(holders) >= 2 and not any(len(a.drugs) == 1 for a in holders):
            del drug_arm[key]
    # a drug that several arms get at different doses names none of them; its dose does ("the 75-mg group")
    leveled = [a for a in arms if a.level]
    for arm in leveled:
        for d in arm.drugs:
            drug_arm.pop(d.key, None)
    controls = [a.key for a in arms if a.role == "control"]
    cues: list[Cue] = []
    hits = find_drugs(text, base)
    # the drugs of a combination arm named together ("nivolumab plus ipilimumab", "A (1 mg/kg) + B") name it,
    # not the arms of each drug alone
    combos = {frozenset(d.key for d in arm.drugs): arm.key for arm in arms if len(arm.drugs) >= 2 and not arm.level}
    used: set[int] = set()
    # a document's name for a regimen ("T + D + CT", "ABCP") gives all its drugs at one span: the arm of
    # exactly those drugs (or of the drugs that tell it from the others)
    if combos:
        spans: dict[tuple[int, int], list[int]] = {}
        for i, (a, b, _) in enumerate(hits):
            spans.setdefault((a, b), []).append(i)
        for (a, b), idx in spans.items():
            if len(idx) >= 2 and (named := frozenset(hits[k][2].key for k in idx)) in combos:
                cues.append(Cue(a, b, combos[named]))
                used.update(idx)
    if combos:
        for i in range(len(hits)):
            if i in used:
                continue  # (a drug of a combination already named: "the A, B, and C group" is not also "B and C")
            keys = {hits[i][2].key}
            listed = False  # a comma between: "A, B, and C" (one combination only with its "and", no drug twice)
            for j in range(i + 1, len(hits)):
                gap = text[hits[j - 1][1] - base : hits[j][0] - base]
                if not _COMBO_GAP.fullmatch(gap) or hits[j][2].key in keys:
                    break
                listed = listed or gap.lstrip().startswith(",")
                keys.add(hits[j][2].key)
                if frozenset(keys) in combos and (not listed or re.search(r"\band\b", gap)):
                    cues.append(Cue(hits[i][0], hits[j][1], combos[frozenset(keys)]))
                    used.update(range(i, j + 1))
                    break
    for i, (a, b, ref) in enumerate(hits):
        if ref.key in drug_arm and i not in used:
            without = re.search(r"(?<!\bor\s)\bwithout\s+$", text[max(0, a - base - 12) : a - base], re.I)
            if without and len(controls) == 1:
                cues.append(Cue(a - len(without.group()), b, controls[0]))  # "without palbociclib": the control
            else:
                cues.append(Cue(a, b, drug_arm[ref.key]))
    if len(controls) == 1:
        for m in re.finditer(r"\bwithout\s+(?:it|them)\b", text, re.I) if "without" in text else ():
            cues.append(Cue(m.start() + base, m.end() + base, controls[0]))  # "... versus 10.2 months without it"
    for arm in leveled:
        amount, unit = arm.level  # type: ignore[misc]
        # ("0.2 mg/kg/day" too: a daily dose in the same unit; "1.0 mg" is 1 mg, "0.50 mg" 0.5 mg)
        number = re.escape(f"{amount:g}") + (r"0*" if "." in f"{amount:g}" else r"(?:\.0+)?")
        for m in re.finditer(rf"(?<![\d.,]){number}\s*-?\s*{re.escape(unit)}(?!\w|/(?!day\b|d\b))", text, re.I):
            cues.append(Cue(m.start() + base, m.end() + base, arm.key))
    # "the lower dose", "the higher-dose group": of two levels of one drug, the one it says
    levels_of: dict[str, list[Arm]] = {}
    for arm in leveled:
        levels_of.setdefault(arm.drugs[0].key if arm.drugs else arm.key, []).append(arm)
    pair = next(
        (v for v in levels_of.values() if len(v) == 2 and v[0].level and v[1].level and v[0].level[1] == v[1].level[1]),
        None,
    )
    if pair is not None and len(levels_of) == 1 and ("dose" in text.lower()):
        lesser, greater = sorted(pair, key=lambda a: a.level[0] if a.level else 0.0)
        for m in re.finditer(r"\bthe\s+(?P<w>lower|higher|low|high)[-\s]dose\b", text, re.I):
            if any(0 <= a - m.end() <= 4 for a, _, _ in find_drugs(text[m.end() : m.end() + 40], m.end())):
                continue  # "the low-dose aspirin": another drug's dose
            arm = lesser if m.group("w").lower().startswith("low") else greater
            cues.append(Cue(m.start() + base, m.end() + base, arm.key))
    # an experimental arm named by a short name before the regimen it spells out: "IC (6 weeks carboplatin and
    # paclitaxel)" is "IC", also as "IC/CRT" (IC, then the therapy of the control)
    for arm in arms:
        sm = re.match(r"([A-Z][A-Z0-9+-]{1,6})\s*\(", arm.label.value) if arm.role != "control" else None
        if sm is None or find_drugs(sm.group(1)) or sum(a.label.value.startswith(sm.group(1)) for a in arms) > 1:
            continue
        short = sm.group(1)
        if short in text:
            for m in re.finditer(rf"(?<![\w/+-]){re.escape(short)}(?:/[A-Z]{{2,6}})?(?![\w+-])", text):
                cues.append(Cue(m.start() + base, m.end() + base, arm.key))
    for arm in arms:  # a short name the document gave the arm where it allocated it ("the control arm (XY)")
        for short in arm.short_names:
            if short in text:
                for m in re.finditer(rf"(?<![\w+/-]){re.escape(short)}(?![\w+/-])", text):
                    cues.append(Cue(m.start() + base, m.end() + base, arm.key))
    for arm in arms:  # agents kept by name only (not in the drug dictionary)
        for d in arm.drugs:
            if not (d.drugbank_id or d.mesh_id):
                for m in re.finditer(rf"(?<![\w-]){re.escape(d.label)}(?![\w-])", text, re.I):
                    cues.append(Cue(m.start() + base, m.end() + base, arm.key))
        # a regimen named by one word and spelled out as its drugs ("NALIRIFOX"): its name names it
        if len(arm.drugs) >= 2:
            others = " ".join(a.label.value for a in arms if a is not arm)
            for name in _REGIMEN_NAME.findall(arm.label.value):
                # (not a name another arm's label has too: "IC (...) followed by the same CRT" beside "CRT alone")
                if (
                    name in text
                    and not find_drugs(name)
                    and not re.search(rf"(?<![\w+-]){re.escape(name)}(?![\w+-])", others)
                ):
                    for m in re.finditer(rf"(?<![\w+-]){re.escape(name)}(?![\w+-])", text):
                        cues.append(Cue(m.start() + base, m.end() + base, arm.key))
    if len(controls) == 1:
        for m in CONTROL_RE.finditer(text) if may_match(CONTROL_RE, text, low) else ():
            prefix = text[max(0, m.start() - 25) : m.start()].lower()
            word = m.group("w").lower()
            if word == "standard" and re.match(
                r"\s*(?:first|second|of care|treatment option|for)", text[m.end() :], re.I
            ):
                continue  # "standard first-line treatment" describes practice, not the control arm
            if word in {"control", "placebo"} and re.search(r"(?:randomi[sz]ed|placebo)[-\s]*$", prefix):
                continue
            if re.match(r"[-\s]*(?:and\s+\w+[-\s]+)?controlled\b", text[m.end() :], re.I):
                continue  # "placebo-controlled", "placebo- and active-controlled": the design, not an arm
            if word == "control" and re.match(r"[-\s]*(?:led|lled)\b", text[m.end() :]):
                continue
            if word == "observation" and re.match(r"\s+(?:time|period|phase)\b", text[m.end() :], re.I):
                continue  # "median observation time": a follow-up, not the observation arm
            if word == "alone" and any(0 <= m.start() + base - b <= 2 for _, b, r in hits if r.key in drug_arm):
                continue  # "nivolumab alone": the drug names the arm
            cues.append(Cue(m.start() + base, m.end() + base, controls[0]))
        if "controls" in text:
            # "20% in controls", "4% of controls versus ...": the control group in the plural
            for m in re.finditer(r"(?<=\b(?:in|of|on|vs|to)\s)(?:the\s+)?controls\b|(?<=\bamong\s)controls\b", text):
                cues.append(Cue(m.start() + base, m.end() + base, controls[0]))
        control = next(a for a in arms if a.key == controls[0])
        # a control named by a short name ("CT", "EP", "BCP"): the name alone, not inside a combination
        # ("D + EP" is another arm's)
        short = re.sub(r"\s+(?:alone|only|monotherapy)$", "", control.label.value.strip(" .,;"))
        if re.fullmatch(r"[A-Z][A-Za-z0-9]{1,6}", short) and short in text:
            for m in re.finditer(rf"(?<![\w+±/-])(?<![+±/]\s){re.escape(short)}(?![\w/-])(?!\s*[+±/])", text):
                before = text[max(0, m.start() - 40) : m.start()]
                if re.match(r"\s+(?:alone|only|monotherapy)\b", text[m.end() :], re.I):
                    pass  # "with HAIC monotherapy": the control by its name, whatever comes before
                elif re.search(r"\b(?:plus|with|combined\s+with)\s+$", before, re.I) or (
                    re.search(r"\band\s+$", before)
                    and any(b2 >= len(before) - 6 and before[a2:b2] != short for a2, b2, _ in find_drugs(before))
                ):
                    continue  # "durvalumab plus EP", "durvalumab and EP": another arm's backbone
                cues.append(Cue(m.start() + base, m.end() + base, controls[0]))
        others = " ".join(a.label.value.lower() for a in arms if a.key != controls[0])
        for noun in COMPARATOR_NOUNS:
            if noun in control.label.value.lower() and noun not in others:
                for m in re.finditer(rf"(?<![\w-]){re.escape(noun)}(?![\w-])", text, re.I):
                    cues.append(Cue(m.start() + base, m.end() + base, controls[0]))
    cues.sort(key=lambda c: c.start)
    merged: list[Cue] = []
    for c in cues:
        if (
            merged
            and c.start - merged[-1].end <= 12
            and re.fullmatch(
                r"[\s\-]*(?:plus|\+|and|with|therapy|group|arm|\w+)?[\s\-]*",
                text[merged[-1].end - base : c.start - base],
            )
        ) and merged[-1].arm == c.arm:
            merged[-1].end = c.end
            continue
        merged.append(Cue(c.start, c.end, c.arm))
    return merged


_CLAUSE_MARKS = re.compile(r"[()\[\];,]")
# (", and 27.3% of ..." continues a list of values: no new clause)
_CLAUSE_JOIN = re.compile(r",\s+(?:and|while|whereas|but)\s+(?!respectively)")
# "16.3%, 55.0%, and 27.3% of patients": the last item of a list of values, no new clause
_UNIT_WORD = rf"(?:%|percent|{_TIME_UNIT})?"
_LIST_TAIL = re.compile(rf"(?<![≤≥<>\d.])\d[\d.]*\s*{_UNIT_WORD},\s*[\d.]+\s*{_UNIT_WORD}$")
_LIST_NEXT = re.compile(rf",\s+and\s+[\d.]+\s*{_UNIT_WORD}[\s,)]")
# ", and C groups": the last name of a list of groups, no new clause
_COMBINATION_END = re.compile(r",\s+and\s+(?P<drug>[A-Za-z][\w-]{3,30})\s+(?:group|arm|cohort)\b")
_GROUP_LIST_END = re.compile(r",\s+and\s+(?:the\s+)?(?!\d)[^,;.()%]{1,60}?\s(?:groups|arms|cohorts)\b")


def _group_list_end(text: str, at: int) -> bool:
    """ ", and C groups" at ``at``: the last name of a list of groups (a dose in it, "and drug 100mg
    groups", but no verb and no other number: ", and median OS was 14 vs 11 months in the two groups"); or
    the last drug of one combination's group: "the A, B, and C group"."""
    m = _GROUP_LIST_END.match(text, at)
    if m is None:
        one = _COMBINATION_END.match(text, at)
        return one is not None and bool(find_drugs(one.group("drug")))
    span = m.group()
    return not re.search(r"\b(?:was|were|is|are|had|has|vs\.?|versus)\b", span, re.I) and not re.search(
        r"\d(?![\d.]*\s*(?:mg|µg|μg|mcg|g)\b)", span
    )


def _split_clauses(s: Sentence) -> list[tuple[int, int]]:
    """Split at ';' and ', and' / ', while' outside parentheses."""
    bounds = [0]
    depth = 0
    t = s.text
    for m in _CLAUSE_MARKS.finditer(t):  # the only characters the split looks at
        i, ch = m.start(), m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif (depth == 0 and ch == ";") or (
            depth == 0
            and ch == ","
            and _CLAUSE_JOIN.match(t, i)
            and not (_LIST_NEXT.match(t, i) and _LIST_TAIL.search(t[max(0, i - 30) : i]))
            and not _group_list_end(t, i)
        ):
            bounds.append(i + 1)
    bounds.append(len(t))
    return [(s.start + a, s.start + b) for a, b in itertools.pairwise(bounds) if b > a]


_ESTIMATE_WORD = re.compile(r"\b(?:[Dd]ifference|[Hh]azard|[Oo]dds|[Rr]atio|HR|OR|RR|r?VE)\b")


def _make_runs(doc: Document, values: list[Val], cues: list[Cue], start: int, end: int) -> list[Run]:
    runs: list[Run] = []
    if not values:
        return runs
    text = doc.text
    from trialkg.ontology import skos

    span = text[start:end]
    grade_bounds = [m.start() + start for m in GRADE_RE.finditer(span)] if may_match(GRADE_RE, span) else []
    grade_bounds += [a for a, _b, _n in skos.find("adverse-event", span, start)]
    for v in values:
        if runs:
            last = runs[-1].values[-1]
            between_cue = any(last.ext_end <= c.start < v.start for c in cues)
            between_break = (
                ";" in text[last.ext_end : v.start]
                or any(last.ext_end <= g < v.start for g in grade_bounds)
                # "14.3% vs 5.4% of patients (difference = 8.3%)": the comparison's estimate is no arm's value
                or bool(_ESTIMATE_WORD.search(text, last.ext_end, v.start))
            )
            # values of two kinds make two runs ("26.4 months and 22.0%"), a bare number joined to one with a
            # unit one ("261 and 257 individuals")
            kinds = (unit_kind(last.unit), unit_kind(v.unit))
            between_unitless = kinds[0] != kinds[1] and (
                None not in kinds
                or not re.fullmatch(
                    r"\s*(?:and|or|vs\.?|versus|v)\s*"
                    if kinds[0] is not None
                    else r"\s*(?:,\s*(?:and|or)?|and|or|vs\.?|versus|v)\s*",
                    text[last.end : v.start],
                    re.I,
                )
            )
            if not (between_cue or between_break or between_unitless):
                runs[-1].values.append(v)
                continue
        runs.append(Run([v]))

    def size_only(r: Run) -> bool:  # "(n = 53)": a group's size, which stands between its name and values
        return len(r.values) == 1 and bool(
            re.search(r"\bn\s*=\s*$", text[max(start, r.values[0].start - 8) : r.values[0].start], re.I)
        )

    for i, r in enumerate(runs):
        j = i - 1
        while j >= 0 and size_only(runs[j]) and not size_only(r):
            j -= 1  # the cues before a size still name the values after it
        lo = runs[j].values[-1].ext_end if j >= 0 else start
        hi = runs[i + 1].values[0].start if i + 1 < len(runs) else end
        r.left_cues = [c for c in cues if lo <= c.start and c.end <= r.values[0].start]
        r.right_cues = [c for c in cues if r.values[-1].ext_end <= c.start and c.end <= hi]
    return runs


def unit_kind(unit: str | None) -> str | None:
    """percent | time | count | None."""
    if unit is None:
        return None
    u = unit.lower()
    if u.startswith(("%", "percent", "per cent")):
        return "percent"
    if re.match(r"(?:months?|mos?|weeks?|wk|years?|yr|days?|hours?|hrs?)$", u):
        return "time"
    return "count"


_IN_BRACKETS = re.compile(r"\(\s*$")
_PAIR_GAP = re.compile(
    r"[\s,;:()\[\]%]*(?:vs\.?|versus|v\.?|and|or|to|compared\s+with|with|against)?[\s,;:()\[\]]*(?:n\s*=\s*)?", re.I
)


def _distinct(cues: list[Cue]) -> list[str]:
    out: list[str] = []
    for c in cues:
        if not out or out[-1] != c.arm:
            out.append(c.arm)
    return out


def _closes_bracket(gap: str, before: str) -> bool:
    """The gap after a value closes a bracket opened before it (not the value's own: "20 (40.0%) PRs")."""
    if re.search(r"[(\[]\s*$", before):
        gap = re.sub(r"^\s*%?\s*[)\]]", "", gap)
    return gap.count(")") + gap.count("]") > gap.count("(") + gap.count("[")


def _respectively_pairs(clause: Clause) -> set[int]:
    """ "23 (0.4%) and 45 (0.8%) participants in the A and B groups, respectively": single values of two
    kinds that alternate, each kind as many as the groups named after the last of them, take the groups in
    order.  Returns the ids of the runs it assigned."""
    singles = [r for r in clause.runs if len(r.values) == 1]
    if len(singles) < 4 or len(singles) != len(clause.runs):
        return set()
    kinds = [unit_kind(r.values[0].unit) for r in singles]
    if len(set(kinds)) != 2 or any(a == b for a, b in itertools.pairwise(kinds)):
        return set()
    last = singles[-1].values[-1].ext_end
    names = _distinct([c for c in clause.cues if c.start >= last])
    if len(names) * 2 != len(singles):
        return set()
    for j, r in enumerate(singles):
        r.arms = [names[j // 2]]
    return {id(r) for r in singles}


def assign_arms(clause: Clause, arms: list[Arm], carry: list[str]) -> list[str]:
    """Fill ``run.arms`` for every run of the clause; returns the arm order to carry forward."""
    text = clause.sentence.text
    leveled_drugs = {d.key for a in arms if a.level for d in a.drugs}
    keys = [a.key for a in arms]
    used_right: set[int] = set()
    used_kind: dict[int, str | None] = {}  # the unit kind of the run that took each right cue
    order = _distinct(clause.cues) or carry
    paired = _respectively_pairs(clause) if clause.respectively else set()
    s0 = clause.sentence.start
    for i, run in enumerate(clause.runs):
        if id(run) in paired:
            continue
        m = len(run.values)
        run.arms = [None] * m
        right = [c for c in run.right_cues if id(c) not in used_right]
        # a cue that ends earlier values ("49 (48.0%) PRs were observed in the A arm and two (4.0%) CRs ...
        # in the B arm") names those, not the values after it
        kind = unit_kind(run.values[0].unit)
        closing = {
            id(c)
            for r in clause.runs[:i]
            if unit_kind(r.values[-1].unit) == kind
            for c in r.right_cues
            # (not a cue after values that took another arm: "A (492 patients) or placebo (492 patients)")
            if c.arm in r.arms
            or (
                not any(r.arms)
                and c.start - r.values[-1].ext_end <= 60
                # ("a total of 567 patients were assigned to A (321 patients)": the total closes no cue)
                and not _after_total(text, r.values[0].start - s0)
            )
        }
        # (a cue a value of another kind took from the right, "669 patients, A improved OS to 46.7 months",
        # still names the values after it)
        taken = {i for i, k in used_kind.items() if k == kind}
        left = [c for c in run.left_cues if id(c) not in taken and id(c) not in closing]
        base = clause.sentence.start
        if clause.respectively and m >= 2:
            names = _distinct(right) if len(_distinct(right)) == m else _distinct(left)
            if len(names) != m:
                names = order if len(order) == m else []
            if len(names) == m:
                run.arms = list(names)
                continue
        if m == 1:
            v = run.values[0]
            n_equals = re.search(r"\(\s*[nN]\s*=\s*$", text[: v.start - base])
            # "palbociclib plus ET (n = 136)" names the arm before the count; "the 15 mg-treated (25.1%)
            # and ...": the value in brackets right after its arm
            labelled = [c for c in run.left_cues if id(c) not in used_right]
            # "nausea (1.5 mg, 13.4%; 3 mg, 15.6%)": a label, then its value
            # (not a label that ends the value before it: "30% at 50 mg, 45% at 100 mg")
            prev_end = max((r.values[-1].ext_end for r in clause.runs[:i]), default=None)
            ends_prev = (
                labelled
                and prev_end is not None
                and bool(_VALUE_THEN_LABEL.fullmatch(text[prev_end - base : labelled[-1].start - base]))
            )
            if (
                labelled
                and not ends_prev
                and re.fullmatch(
                    r"\s*[,:=(]\s*" if unit_kind(v.unit) != "percent" else r"\s*[,:=(]?\s*",
                    text[labelled[-1].end - base : v.start - base],
                )
            ):
                run.arms = [labelled[-1].arm]  # (or its size in brackets right after it: "placebo (305 patients)")
            elif not (left and left[-1].end >= v.start - 2) and any(
                0 <= v.start - b <= 2 and ref.key in leveled_drugs for _, b, ref in find_drugs(text, base)
            ):
                # "headache (drug A 57%, placebo 14%)" where drug A is given at two doses: its value names no
                # one arm, and is not the arm named after it
                run.arms = [None]
            elif (
                left
                and (
                    n_equals
                    or re.fullmatch(r"[\w\s\-]{0,25}\(\s*", text[left[-1].end - base : v.start - base])
                    # the size in brackets after the arm's dose and schedule: "A 320 mg every four weeks (321 patients)"
                    or (
                        unit_kind(v.unit) in (None, "count")
                        and re.fullmatch(r"[^()\[\];]{0,60}\(\s*", text[left[-1].end - base : v.start - base])
                        and re.match(r"\s*(?:patients|participants|subjects)?\s*\)", text[v.end - base :])
                    )
                )
            ):
                run.arms = [left[-1].arm]
            elif clause.respectively and len(_distinct(right)) >= 2:
                pass  # "... and 45 (0.8%) in the A and B groups, respectively": which one, the list tells
            elif _after_total(text, v.start - base):
                pass  # "a total of 567 patients were randomly assigned to A, ...": everyone, no arm
            elif (
                right
                and right[0].start - v.ext_end <= 45
                and not _COMPARE.search(text[v.ext_end - base : right[0].start - base].replace(" and ", " "))
                # a value inside brackets that close before the arm named next is not that arm's:
                # "A (NR vs 27.8 months; HR, 0.24) and B ..."
                and not _closes_bracket(text[v.ext_end - base : right[0].start - base], text[: v.start - base])
                and ";" not in text[v.ext_end - base : right[0].start - base]
            ):
                run.arms = [right[0].arm]
                used_right.add(id(right[0]))
                used_kind[id(right[0])] = unit_kind(v.unit)
            elif left and not _VERSUS_ONLY.search(text[left[-1].end - base : v.start - base]):
                run.arms = [left[-1].arm]  # (after "A (NR vs 27.8 months)" the value is not A's)
            elif left:
                pass
            elif len(order) == len(clause.runs) > 1 and (
                clause.respectively or len(clause.cues) > 0
            ):  # values in the order the clause (or, with "respectively", the clause before) names arms
                run.arms = [order[clause.runs.index(run)]]
            elif len(set(c.arm for c in clause.cues)) == 1:
                run.arms = [clause.cues[0].arm]  # the clause names one arm only
            continue
        dl, dr = _distinct(left), _distinct(right)
        # (two values of one run are the two arms' only when nothing but a joining word stands between them:
        # "53% vs 38%", not "a PFS rate of 53% and a TTNT rate of 65%")
        between = text[run.values[0].ext_end - base : run.values[1].start - base] if m == 2 else ""
        if len(dl) == m:
            run.arms = list(dl)
        elif len(dr) == m and (not dl):
            run.arms = list(dr)
            used_right.update(id(c) for c in right)
            used_kind.update((id(c), kind) for c in right)
        elif m == 2 and len(keys) == 2 and len(dl) >= 1 and _PAIR_GAP.fullmatch(between):
            first = dl[-1]
            run.arms = [first, next(k for k in keys if k != first)]
        elif m == 2 and len(keys) == 2 and len(dr) == 1 and not dl and _PAIR_GAP.fullmatch(between):
            other = next(k for k in keys if k != dr[0])
            # "(51.3% vs 42.0%) vs placebo": the arm named after "vs" is the second value's
            after = text[run.values[-1].ext_end - base : right[0].start - base] if right else ""
            run.arms = [other, dr[0]] if _COMPARED_TO_END.search(after) else [dr[0], other]
        elif (
            m == 2
            and dl
            and len(dr) == 1
            and dl[-1] != dr[0]
            and _VERSUS_ONLY.search(text[run.values[0].ext_end - base : run.values[1].start - base])
        ):  # "A (n = 53) achieved 5.6 months compared with 2.2 months for B"
            run.arms = [dl[-1], dr[0]]
            used_right.update(id(c) for c in right)
            used_kind.update((id(c), kind) for c in right)
        elif len(order) == m:
            run.arms = list(order)
        else:
            prev = clause.runs[clause.runs.index(run) - 1] if clause.runs.index(run) > 0 else None
            if prev is not None and len(prev.values) == m and all(prev.arms):
                run.arms = list(prev.arms)
    # parallel pairs in brackets: "nausea (16.1% vs 6.5%) and vomiting (16.1% vs 5.8%) were more common in
    # the A arm": a pair the clause names no arm for takes the order of the pair that has one
    pairs = [
        r
        for r in clause.runs
        if len(r.values) >= 2 and _IN_BRACKETS.search(text[: r.values[0].start - clause.sentence.start])
    ]
    named = [r for r in pairs if all(r.arms) and len(set(r.arms)) == len(r.arms)]
    for r in pairs:
        same_shape = named and all(len(n.values) == len(r.values) for n in named)
        if not any(r.arms) and same_shape and len({tuple(n.arms) for n in named}) == 1:
            r.arms = list(named[0].arms)
    # the order of the last run that names every value's arm ("constipation (21% vs 10%), ...") carries on
    # to the next clause of the sentence ("..., and diarrhoea (6% vs 3%)")
    full = [r.arms for r in clause.runs if len(r.arms) >= 2 and all(r.arms) and len(set(r.arms)) == len(r.arms)]
    return list(full[-1]) if full else order  # type: ignore[arg-type]


# what stands between a value and the arm named right after it: "30% at", "12% with", "4% of"
_VALUE_THEN_LABEL = re.compile(r"\s*%?\s*(?:at|with|on|in|of|for|among)\s+(?:the\s+)?", re.I)


_A_TOTAL = re.compile(r"\b(?:a\s+total\s+of|in\s+total,?|overall,?)\s*$", re.I)


def _after_total(text: str, at: int) -> bool:
    """The number at ``at`` counts everyone: "a total of 567 patients were assigned to A, ..."."""
    return bool(_A_TOTAL.search(text[max(0, at - 20) : at]))


_COMPARED_TO_END = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:with|to)|than|over)\s+(?:the\s+)?$", re.I)


_CACHE: dict[tuple[int, str, tuple[str, ...]], list[Clause]] = {}
_P_NOTE = re.compile(r"\(\s*P\s*(?:value\s*)?[=<>≤≥][^()]*\)", re.I)


def analyze(doc: Document, arms: list[Arm]) -> list[Clause]:
    """Clauses of every sentence with values, cues, runs and arm assignments."""
    key = (id(doc), doc.content_hash, tuple(f"{a.key}:{a.role}:{[d.key for d in a.drugs]}" for a in arms))
    if key in _CACHE:
        return _CACHE[key]
    out: list[Clause] = []
    carry: list[str] = []
    for s in sentences(doc):
        sent_text = doc.text[s.start : s.end]
        # values once per sentence (each clause takes its own); the claimed spans only hide values, so a
        # sentence without a number needs neither
        has_number = VALUE_RE.search(sent_text) is not None
        sent_claimed = _claimed_spans(s.text, s.start, s.low) if has_number else []
        sent_values = find_values(sent_text, s.start, sent_claimed) if has_number else []
        for a, b in _split_clauses(s):
            text = doc.text[a:b]
            values = [v for v in sent_values if a <= v.start < b]
            cues = find_cues(doc, text, a, arms, s.low)
            if "(" in text and cues:
                # the groups a P value compares name no value: "(P = .002 for A 50 mg versus placebo; ...)"
                notes = [(a + m.start(), a + m.end()) for m in _P_NOTE.finditer(text)]
                cues = [c for c in cues if not any(x <= c.start < y for x, y in notes)]
            runs = _make_runs(doc, values, cues, a, b)
            clause = Clause(
                s,
                a,
                b,
                text,
                values,
                cues,
                runs,
                may_match(RESPECTIVELY_RE, text) and bool(RESPECTIVELY_RE.search(text)),
                sent_claimed,
            )
            if runs:
                carry = assign_arms(clause, arms, carry)
            elif cues:
                carry = _distinct(cues)
            out.append(clause)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[key] = out
    return out
