"""Numeric patterns: confidence intervals, effect estimates (HR/OR/RR), P values, grades, timepoints."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trialkg.ingest.text import DASH, NUM, decimals_of, gate, may_match

NE = r"(?:NE|NR|NA|not\s+(?:evaluable|estimable|reached|calculable)|non-?evaluable|nonevaluable|non-?estimable|inestimable)"
_BOUND = rf"(?:[−-]?{NUM}|{NE})"  # (a bound of a change may be negative: "−15.9 to −14.2")
_UNIT = r"(?:\s*(?:%|months?|mo|weeks?|years?|days?))?"
CI_RE = re.compile(
    rf"(?P<level>\d{{2}}(?:\.\d+)?)\s*(?:%|percent|per\s+cent)\s*(?:CI|C\.I\.|confidence\s+interval|CrI|credible\s+interval)\b"
    rf"(?:\s*[\[(](?:CI|CrI)[\])])?\s*"
    rf"(?:[,:=]|was|of)?\s*[\[(]?\s*(?P<lo>{_BOUND}){_UNIT}\s*(?:{DASH}|,|;)\s*(?P<hi>{_BOUND}){_UNIT}"
    rf"(?:\s*\[(?:NE|NR)\])?",
    re.I,
)
gate(CI_RE, "%", "percent", "per cent")
P_RE = re.compile(
    rf"(?P<sided>\b(?:one|two|1|2)[-\s]sided\s+)?\b(?:P|p(?=\s*(?:=|<|>|≤|≥)))(?:\s*value)?\s*(?P<op>=|<|>|≤|≥|<=|>=|of|was)\s*"
    rf"(?P<v>{NUM}(?:\s*[x×]\s*10\s*[-−–]\s*\d+)?)",
)
EFFECT_RE = re.compile(
    rf"\b(?P<stat>hazard\s+ratio|HR|odds\s+ratio|OR|risk\s+ratio|relative\s+risk|RR|rate\s+ratio)\b"
    # its abbreviation in brackets, "hazard ratio [HR] = 0.71", or the CI level it is given with,
    # "hazard ratio [95% CI], 0.61 [0.47-0.80]"
    rf"(?:\s*[\[(](?:a?HR|OR|RR)[\])]|\s*[\[(](?P<lead_level>\d{{2}}(?:\.\d+)?)\s*%\s*CI[\])])?"
    rf"(?P<mid>[^;\d\[\]()]{{0,70}}?)\s*[,:=]?\s*(?:was|of|were)?\s*(?P<v>{NUM})\b",
)
# a between-arm difference: "least squares mean difference, -9.6", "difference vs. placebo, 25.9 percentage
# points", "treatment difference 26.7%"
_SIGNED = rf"[−–-]?\s?{NUM}"
_DIFF_UNIT = r"%|percentage[-\s]points?|points?|mmHg|mL|kg|hours?|months?|days?|weeks?"
DIFFERENCE_RE = re.compile(
    r"\b(?P<stat>(?:(?:least[-\s]squares?|LS)\s+mean\s+|mean\s+|absolute\s+|risk\s+|treatment\s+|"
    r"placebo[-\s]adjusted\s+|between[-\s]group\s+|estimated\s+)?difference)"
    r"(?P<mid>(?:\s+(?:vs\.?|versus|from|with)\s+[A-Za-z][\w\s-]{0,25}?|\s+in\s+[A-Za-z][^,;:()\d]{0,40}?)?)"
    rf"\s*[,:=(]?\s*(?:was|of|were)?\s*(?<![\w.])(?P<v>{_SIGNED})\s*(?P<unit>{_DIFF_UNIT})?(?![\w.])",
    re.I,
)
gate(DIFFERENCE_RE, "difference")
# a CI whose bounds may be negative: "95 percent CI, -13.9 to -5.2", "95% CI -3.822, 6.087"
SIGNED_CI_RE = re.compile(
    rf"(?P<level>\d{{2}}(?:\.\d+)?)\s*(?:%|percent|per\s+cent)\s*(?:CI|C\.I\.|confidence\s+interval|CrI)"
    rf"(?:\s*[\[(]CI[\])])?\s*[,:=]?\s*[\[(]?\s*(?P<lo>{_SIGNED})\s*(?:{_DIFF_UNIT})?\s*(?:to|,|;|\s[–-]\s)\s*"
    rf"(?P<hi>{_SIGNED})",
    re.I,
)


def signed(text: str) -> float:
    """A number written with a minus sign, en dash or hyphen ("−9.6", "– 9.6")."""
    return float(re.sub(r"[\s,]", "", text).replace("−", "-").replace("–", "-"))


# a CI with no level written right after an estimate: "HR 0.73 [0.58-0.92]", "0.61 (0.47 to 0.80)"
# (the bracket may go on with the P value: "HR 1.75 (0.96-3.19, p=0.065)")
BARE_CI_RE = re.compile(
    rf"\s*[\[(]\s*(?P<lo>{NUM})\s*{DASH}\s*(?P<hi>{NUM})\s*(?:[\])]|[,;](?=\s*[Pp]\s*(?:=|<|>|≤|≥)))"
)
# a P value whose letter the source lost, right after the CI inside the estimate's parentheses:
# "(HR, 0.55 [95% CI, 0.43 to 0.69]; < .0001)"
BARE_P_RE = re.compile(r"\s*[\])]?\s*;\s*(?P<op>=|<|>|≤|≥|<=|>=)\s*(?P<v>0?\.\d+)\s*\)")
gate(EFFECT_RE, "ratio", "HR", "OR", "RR", "relative")  # (case-sensitive)
_G = r"(?:[1-5]|IV|V|I{1,3})"
GRADE_RE = re.compile(
    rf"\b[Gg]rades?\s*(?P<ge>≥|>=|>)?\s*(?P<g1>{_G})(?![a-z])"
    rf"(?:(?P<higher>\s+or\s+(?:higher|greater|above|worse|more))|\s*(?P<conj>and|or|to|-|–|/)\s*(?P<g2>{_G})\b)?"
    r"|\b(?P<any>(?:of\s+)?any[- ]grade|all[- ]grades?)\b"
)
gate(GRADE_RE, "rade")  # "Grade", "grade", "any grade", "all grades"
_ROMAN_GRADE = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}
TIMEPOINT_RE = re.compile(
    rf"(?:\b(?:at|after|by|through|over|during|within|up\s+to)\s+(?P<n1>{NUM}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen)"
    rf"\s+(?P<u1>months?|mos?|years?|yrs?|weeks?|wks?)\b(?!\s*(?:of|on)\s+follow)"
    rf"|\b(?P<n2>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen)"
    rf"(?:[-\s](?=month|year|week)|-(?=yr|mo|wk))(?P<u2>month|year|week|yr|mo|wk)\b"
    # (not a treatment's length: "one-year fixed-duration therapy", "a 2-year course")
    r"(?![-\s]+(?:fixed[-\s]duration|treatment|course|therapy|regimen|schedule)\b)"
    # "at week 12", "to Week 52", "on day 15", "month 6": the unit before its number
    rf"|\b(?P<u3>week|wk|day|month)\s+(?P<n3>\d+(?:\.\d+)?)\b(?!\s*(?:%|mg|percent|of\s+(?:each|every|the)\s+(?:\d+[-\s]day\s+)?cycle)))",
    re.I,
)
gate(TIMEPOINT_RE, "month", "year", "week", "mo", "yr", "wk", "day")
FOLLOWUP_RE = re.compile(
    rf"\bmedian\s+(?:duration\s+of\s+)?(?:follow[-\s]?up|observation\s+time)\s+(?:of|was|time\s+of|duration\s+of)?\s*"
    rf"(?P<v>{NUM})\s*(?P<u>months?|years?|mo)\b",
    re.I,
)
gate(FOLLOWUP_RE, "follow", "observation")


@dataclass(frozen=True)
class CI:
    start: int
    end: int
    level: float
    lo: float | None
    hi: float | None
    lo_span: tuple[int, int]
    hi_span: tuple[int, int]
    lo_dec: int = 0
    hi_dec: int = 0


def _bound(text: str) -> float | None:
    try:
        return float(text.replace("−", "-"))
    except ValueError:
        return None


def find_cis(text: str, base: int = 0) -> list[CI]:
    out: list[CI] = []
    if not may_match(CI_RE, text):
        return out
    for m in CI_RE.finditer(text):
        out.append(
            CI(
                m.start() + base,
                m.end() + base,
                float(m.group("level")),
                _bound(m.group("lo")),
                _bound(m.group("hi")),
                (m.start("lo") + base, m.end("lo") + base),
                (m.start("hi") + base, m.end("hi") + base),
                decimals_of(m.group("lo")),
                decimals_of(m.group("hi")),
            )
        )
    return out


# a CI level declared once before the values it applies to: "the 24-month rate (95% CI) was 24.9%
# (17.9-32.5) with A and 10.4% (4.7-18.8) with B"
_DECLARED_LEVEL = re.compile(r"[(\[]\s*(?P<level>\d{2}(?:\.\d+)?)\s*%\s*(?:CI|confidence\s+interval)\s*[)\]]", re.I)
_BARE_BOUNDS = re.compile(rf"\(\s*(?P<lo>{NUM})\s*(?:{DASH}|,)\s*(?P<hi>{NUM})\s*\)")


def declared_cis(text: str, base: int = 0) -> list[CI]:
    """Bare bounds "(17.9-32.5)" after a declared "(95% CI)" of the same sentence, as CIs of that level."""
    if "%" not in text:
        return []
    d = _DECLARED_LEVEL.search(text)
    if d is None:
        return []
    level = float(d.group("level"))
    out = []
    for m in _BARE_BOUNDS.finditer(text, d.end()):
        lo, hi = m.group("lo"), m.group("hi")
        out.append(
            CI(
                m.start() + base,
                m.end() + base,
                level,
                float(lo.replace(",", "")),
                float(hi.replace(",", "")),
                (m.start("lo") + base, m.end("lo") + base),
                (m.start("hi") + base, m.end("hi") + base),
                decimals_of(lo),
                decimals_of(hi),
            )
        )
    return out


def p_value(text: str) -> float:
    t = text.replace(" ", "")
    m = re.match(r"(\d*\.?\d+)[x×]10[-−–](\d+)", t)
    if m:
        return float(m.group(1)) * 10.0 ** -int(m.group(2))
    return float(t)


def grade_of(m: re.Match[str]) -> list[str]:
    """Grades named by a GRADE_RE match: "grade 3 and 4" -> ["3", "4"], "grade ≥3" -> [">=3"]."""
    if m.group("any"):
        return ["any"]
    g1 = _ROMAN_GRADE.get(m.group("g1"), m.group("g1"))
    if m.group("ge") or m.group("higher"):
        return [f">={int(g1) + (1 if m.group('ge') == '>' else 0)}"]
    g2 = _ROMAN_GRADE.get(m.group("g2") or "", m.group("g2"))
    if g2:
        if m.group("conj") in ("to", "-", "–"):
            return [f"{g1}-{g2}"]
        if m.group("conj") == "and":
            return [g1, g2]
        return [f"{g1}-{g2}"] if int(g2) == int(g1) + 1 else [g1, g2]
    return [g1]
