"""Dose levels of one drug given to different arms, read from the allocation sentence.

"assigned to receive drug A at 75 mg (n = 74), 150 mg (n = 73), or 300 mg or drug B", "to drug A 10, 30,
or 60 mg, or placebo", "to drug A at a dose of 1 mg, drug A at a dose of 2 mg, or placebo": each amount
of one drug among the alternatives of the allocation is an arm of its own.  A schedule of one arm
("840 mg, then 420 mg", "a loading dose followed by ...") is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import CONTROL_RE
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import DrugRef
from trialkg.ingest.text import gate, may_match, sentences

_ALLOCATED_TO = re.compile(
    r"\b(?:randomly\s+assigned|randomi[sz]ed|allocated|assigned)\b[^.;]*?\bto\s+(?P<list>(?:[^.;()\[\]]|(?<=\d)\.(?=\d)|\([^()]*\)|\[[^\[\]]*\])+)",
    re.I,
)
gate(_ALLOCATED_TO, "assigned", "randomi", "allocated")
# "patients received either A or B", "received A (n = 129) or B (n = 126)", "received A or placebo": what the
# groups received, said as alternatives
_RECEIVED_ALTERNATIVES = re.compile(
    r"\b(?:received|receive|receiving|were\s+given|took)\s+(?P<either>either\s+)?"
    r"(?P<list>(?:[^.;()\[\]]|(?<=\d)\.(?=\d)|\([^()]*\)|\[[^\[\]]*\])+)",
    re.I,
)
gate(_RECEIVED_ALTERNATIVES, "receiv", "given", "took")


def received_alternatives(text: str) -> list[re.Match[str]]:
    """What a sentence says the groups received, when it says it as alternatives: "either", a size for
    each, or placebo (sham) among them."""
    if not may_match(_RECEIVED_ALTERNATIVES, text):
        return []
    return [
        m
        for m in _RECEIVED_ALTERNATIVES.finditer(text)
        if re.search(r"\bor\b", m.group("list"))
        and (
            m.group("either")
            or len(re.findall(r"\(\s*n\s*=\s*\d", m.group("list"), re.I)) >= 2
            or re.search(r"\bor\s+(?:an?\s+|matching\s+)?(?:placebo|sham)\b", m.group("list"), re.I)
        )
    ]


_UNIT = r"mg/m(?:2|²|\(2(?=\)))|mg/kg|mg|µg|μg|mcg|g"
_AMOUNT = re.compile(rf"(?<![\w.,/])(?P<amt>\d+(?:\.\d+)?)(?:\s*-?\s*(?P<unit>{_UNIT})(?![\w/]))?")
_LEVEL_SHARE = re.compile(r"(?<=[a-zA-Z\d])\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)")
# what may stand between the amounts of one list: separators, "at a dose of", frequencies
_BETWEEN = re.compile(
    r"^(?:[\s,;()]|\bor\b|\band\b|\bat\b|\ba\b|\bdose\b|\bdoses\b|\bof\b|\bonce\b|\btwice\b|\bdaily\b|\bper\b|\bday\b|"
    r"\b(?:BID|TID|QD|QID|QW|Q[1-6]W)\b|-)*$",
    re.I,
)
# a schedule of one arm, not alternatives
_SCHEDULE_WORDS = r"\b(?:followed\s+by|then|loading|maintenance|thereafter|titrat|escalat|increas|taper)"
_SCHEDULE = re.compile(rf"{_SCHEDULE_WORDS}|\b(?:at|on|from)\s+(?:weeks?|days?)\s+\d", re.I)


_SCHEDULE_NOTE = re.compile(r"\([^()]*\b(?:loading|maintenance)\b[^()]*\)", re.I)


# a schedule's words, without "at week N" (which alternatives share: "200, 600 or 1200 mg at weeks 0, 4 and 8"),
# or a dose by body weight ("45 or 90 mg by weight")
_SCHEDULE_WORD = re.compile(rf"{_SCHEDULE_WORDS}|\bweight", re.I)


@dataclass(frozen=True)
class DoseLevel:
    amount: float
    unit: str
    start: int  # the amount as the allocation sentence writes it (document offsets)
    end: int


def fmt_amount(x: float) -> str:
    """An amount as an arm's key and label write it: 5.4 -> "5.4", 10.0 -> "10"."""
    return f"{x:g}"


def unit_name(u: str) -> str:
    return u.lower().replace("μg", "µg").replace("mg/m²", "mg/m2").replace("mg/m(2", "mg/m2")


def _blank_counts(text: str) -> str:
    """The text with group sizes ("n = 74") blanked, offsets kept."""
    return re.sub(r"\bn\s*=\s*\d[\d,]*", lambda m: " " * len(m.group()), text, flags=re.I)


def dose_levels(doc: Document) -> dict[str, tuple[DrugRef, list[DoseLevel]]]:
    """For each drug given at two or more amounts to different arms of the allocation: its levels."""
    found: dict[str, tuple[DrugRef, dict[tuple[float, str], DoseLevel]]] = {}
    for s in sentences(doc):
        allocated = list(_ALLOCATED_TO.finditer(s.text)) if may_match(_ALLOCATED_TO, s.text, s.low) else []
        for m in allocated or received_alternatives(s.text):
            lst = _blank_counts(m.group("list"))
            # (a schedule note in brackets belongs to its level: "drug A 125 mg (375 mg loading dose on day 1)")
            lst = _SCHEDULE_NOTE.sub(lambda n: " " * len(n.group()), lst)
            base = s.start + m.start("list")
            if not re.search(r"\bor\b|,?\s+and\s+(?:matching\s+)?placebo\b", lst):
                continue  # no alternatives
            drugs = [(a - base, b - base, ref) for a, b, ref in find_drugs(lst, base)]
            stops = sorted([a for a, _, _ in drugs] + [c.start() for c in CONTROL_RE.finditer(lst)] + [len(lst)])
            for a, b, ref in drugs:
                end = next(x for x in stops if x > a)
                segment = lst[b:end]
                levels = _levels(segment)
                near = segment[: (levels[-1][3] if levels else 0) + 25]
                # (amounts given as alternatives, "200 mg, 600 mg, or 1200 mg at weeks 0, 4, and 8", share the
                # schedule written after them; it does not make them one arm's)
                alternatives = len(levels) >= 2 and re.search(r"\bor\b", segment[levels[0][2] : levels[-1][2]])
                if alternatives:
                    after = segment[levels[-1][3] : levels[-1][3] + 40]
                    if _SCHEDULE.search(segment[: levels[-1][3]]) or _SCHEDULE_WORD.search(after):
                        continue
                elif _SCHEDULE.search(near):
                    continue
                entry = found.setdefault(ref.key, (ref, {}))
                for amt, unit, x, y in levels:
                    entry[1].setdefault((amt, unit), DoseLevel(amt, unit, base + b + x, base + b + y))
    out: dict[str, tuple[DrugRef, list[DoseLevel]]] = {}
    for key, (ref, by_dose) in found.items():
        if len(by_dose) >= 2 and len({u for _, u in by_dose}) == 1:
            out[key] = (ref, sorted(by_dose.values(), key=lambda d: d.amount))
    for key, (ref, lv) in group_levels(doc).items():
        out.setdefault(key, (ref, lv))  # the allocation's levels first
    return out


# a dose that names a group of patients: "XEN1101 25 mg (N=112)", "in the 5.4 mg/kg arm", "the 150 mg group"
_FREQ = r"(?:once|twice|three\s+times)\s+(?:daily|a\s+day|weekly)|daily|weekly|QD|BID|TID|q\.?d\.?|b\.?i\.?d\.?"
_GROUP_AFTER = re.compile(
    # (further amounts of one list first: "the 200 mg and 400 mg doses", "20, 25 mg dose groups")
    rf"(?:\s*(?:,\s*(?:and|or)?|and|or)\s*\d+(?:\.\d+)?\s*(?:{_UNIT})?)*"
    rf"\s*(?:\((?:{_FREQ})\)\s*)?(?:(?:{_FREQ})\s*(?:\((?:{_FREQ})\)\s*)?)?"
    r"(?:\(\s*n\s*=|n\s*=|arms?\b|groups?\b|cohorts?\b|dose\s+(?:groups?|arms?|cohorts?|levels?)\b|doses?\b)",
    re.I,
)
_GROUP_BEFORE = re.compile(
    r"(?:\b(?:treated\s+with|receiving|received|given|taking|assigned\s+to)\s+(?:the\s+)?(?:\w+\s+)?(?:at\s+)?"
    r"|\b(?:in|at|for|with)\s+the\s+"
    # a result's group: "56% at 200 mg", "10% with 100 mg", "patients on drug A 70 mg"
    r"|(?:%|\bpatients|\bparticipants|\bthose)\s+(?:at|with|on)\s+)$",
    re.I,
)
# a line that names a group by its drug and dose alone: a table's column head ("Drug A 25 mg" above
# "(N=112)"), a registry's intervention ("Drug: Drug A 200 mg")
_LABEL_LINE = re.compile(
    rf"(?m)^[\s|*-]*(?:(?:Drug|Biological|Experimental|Intervention)\s*:\s*)?[^\n:]{{2,40}}?"
    rf"\d+(?:\.\d+)?\s*-?\s*(?:{_UNIT})(?:\s+(?:{_FREQ}))?[\s|]*$",
    re.I,
)
AMOUNT_UNIT = re.compile(rf"(?<![\w.,/])(?P<amt>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>{_UNIT})(?![\w/])")


def group_levels(doc: Document) -> dict[str, tuple[DrugRef, list[DoseLevel]]]:
    """Dose levels a document names as groups, anywhere in its text: each amount of one drug that names
    a group of patients ("patients who received 24 mg of drug A", "drug A 25 mg (N=112)", "in the
    5.4 mg/kg arm" when the document names one drug).  A drug with two or more such amounts in one unit
    is given at levels; a schedule ("then", "loading", "titrated") is not."""
    found: dict[str, tuple[DrugRef, dict[tuple[float, str], DoseLevel]]] = {}
    bare: list[tuple[float, str, int, int]] = []
    drugs_seen: dict[str, DrugRef] = {}
    for s in sentences(doc):
        hits = find_drugs(s.text, s.start)
        for _, _, ref in hits:
            drugs_seen[ref.key] = ref
        if not AMOUNT_UNIT.search(s.text):
            continue
        text = _blank_counts_keep_n(s.text)
        owned: set[int] = set()
        for i, (a, b, ref) in enumerate(hits):
            nxt = hits[i + 1][0] if i + 1 < len(hits) else s.end
            segment = text[b - s.start : nxt - s.start]
            levels = _levels(segment)
            if not levels or re.match(r"[\s,]*respectively", segment[levels[-1][3] :], re.I):
                continue  # "A and B were given at 50 mg and 20 mg, respectively": one dose of each
            if _SCHEDULE.search(doc.text[max(s.start, a - 40) : min(s.end, b + levels[-1][3] + 40)]):
                continue  # a schedule ("50 mg for 2 days, then 100 mg"), not levels
            last = b + levels[-1][3]  # (document offsets: a column head's "(N=112)" is on the next line)
            grouped = len(levels) >= 2 or bool(
                _GROUP_AFTER.match(doc.text[last : last + 80])
                or _GROUP_BEFORE.search(text[max(0, a - s.start - 40) : a - s.start])
                or _label_line(doc.text, a, last)
            )
            if not grouped:
                continue
            entry = found.setdefault(ref.key, (ref, {}))
            for amt, unit, x, y in levels:
                entry[1].setdefault((amt, unit), DoseLevel(amt, unit, b + x, b + y))
                owned.add(b + x)
        for m in AMOUNT_UNIT.finditer(text):
            start = s.start + m.start()
            if start in owned:
                continue
            after = text[m.end() :]
            of = re.match(r"\s+(?:of\s+)?", after)  # "24 mg of drug A", "400 mg drug A"
            drug_after = next((h for h in hits if of and h[0] == s.start + m.end() + of.end()), None)
            if _SCHEDULE.search(text[max(0, m.start() - 30) : m.end() + 25]):
                continue
            context = bool(
                _GROUP_AFTER.match(doc.text[s.start + m.end() : s.start + m.end() + 80])
                or _GROUP_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
            )
            if drug_after is not None and context:  # "patients who received 24 mg of drug A"
                ref = drug_after[2]
                entry = found.setdefault(ref.key, (ref, {}))
                lv = DoseLevel(float(m.group("amt")), unit_name(m.group("unit")), start, s.start + m.end())
                entry[1].setdefault((lv.amount, lv.unit), lv)
            elif drug_after is None and context and float(m.group("amt")) > 0:
                bare.append((float(m.group("amt")), unit_name(m.group("unit")), start, s.start + m.end()))
    # amounts that name no drug ("the 6.4 mg/kg arm") are levels of the document's one drug
    # (or of the one drug the text names at a dose that names a group)
    named = [found[k][0] for k in found] if len(drugs_seen) != 1 else list(drugs_seen.values())
    if bare and len(named) == 1:
        ref = named[0]
        entry = found.setdefault(ref.key, (ref, {}))
        for amt, unit, x, y in bare:
            entry[1].setdefault((amt, unit), DoseLevel(amt, unit, x, y))
    out: dict[str, tuple[DrugRef, list[DoseLevel]]] = {}
    for key, (ref, by_dose) in found.items():
        units = {u for _, u in by_dose}
        if len(by_dose) >= 2 and len(units) == 1:
            out[key] = (ref, sorted(by_dose.values(), key=lambda d: d.amount))
    return out


def _label_line(text: str, start: int, end: int) -> bool:
    """The drug at ``start`` and its amount ending at ``end`` make a line of their own."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return line_end - line_start <= 60 and bool(_LABEL_LINE.fullmatch(text, line_start, line_end))


def _blank_counts_keep_n(text: str) -> str:
    """The text with the numbers of group sizes blanked ("n = 74" -> "n =   "), offsets kept."""
    return re.sub(
        r"(?<=\bn\s=\s)\d[\d,]*|(?<=\bn=)\d[\d,]*|(?<=\bN=)\d[\d,]*|(?<=\bN\s=\s)\d[\d,]*",
        lambda m: " " * len(m.group()),
        text,
        flags=re.I,
    )


def _levels(segment: str) -> list[tuple[float, str, int, int]]:
    """The amounts of one run right after a drug's name, each with its unit (a unit-less amount takes the
    unit of the next amount of the run: "10, 30, or 60 mg")."""
    run: list[tuple[float, str | None, int, int]] = []
    last_end = 0
    # each level's share in brackets ("A 120 mg (43.3%) and 240 mg (34.8%)") stands between the levels
    segment = _LEVEL_SHARE.sub(lambda m: " " * len(m.group()), segment)
    for m in _AMOUNT.finditer(segment):
        gap = segment[last_end : m.start()]
        if run and not _BETWEEN.match(gap):
            break
        if not run and not re.fullmatch(
            r"(?:\s*\([^()\d]{1,20}\))?"  # the drug's short name: "Drug A (DA) 5 mcg"
            r"[\s,(]*(?:(?:at\s+)?(?:a\s+)?(?:daily\s+)?doses?\s+of\s+(?:either\s+)?|at\s+|[\w\s]{0,25}?\bat\s+|doses?\s+(?:levels?\s+)?\(\s*)?",
            gap,
            re.I,
        ):
            break  # the first amount follows the drug's name closely
        if float(m.group("amt")) <= 0:
            break
        run.append((float(m.group("amt")), m.group("unit"), m.start(), m.end()))
        last_end = m.end()
    out: list[tuple[float, str, int, int]] = []
    unit: str | None = None
    for amt, u, x, y in reversed(run):
        unit = unit_name(u) if u else unit
        if unit is None:
            continue  # a number with no unit after it: a count or a day, not a dose
        out.append((amt, unit, x, y))
    return list(reversed(out))
