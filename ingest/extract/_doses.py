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
_UNIT = r"mg/m2|mg/m²|mg/kg|mg|µg|μg|mcg|g"
_AMOUNT = re.compile(rf"(?<![\w.,/])(?P<amt>\d+(?:\.\d+)?)(?:\s*-?\s*(?P<unit>{_UNIT})(?![\w/]))?")
# what may stand between the amounts of one list: separators, "at a dose of", frequencies
_BETWEEN = re.compile(
    r"^(?:[\s,;()]|\bor\b|\band\b|\bat\b|\ba\b|\bdose\b|\bdoses\b|\bof\b|\bonce\b|\btwice\b|\bdaily\b|\bper\b|\bday\b|-)*$",
    re.I,
)
# a schedule of one arm, not alternatives
_SCHEDULE = re.compile(
    r"\b(?:followed\s+by|then|loading|maintenance|thereafter|titrat|escalat|increas|taper)|\b(?:at|on|from)\s+(?:weeks?|days?)\s+\d",
    re.I,
)


@dataclass(frozen=True)
class DoseLevel:
    amount: float
    unit: str
    start: int  # the amount as the allocation sentence writes it (document offsets)
    end: int


def _unit(u: str) -> str:
    return u.lower().replace("μg", "µg").replace("mg/m²", "mg/m2")


def _blank_counts(text: str) -> str:
    """The text with group sizes ("n = 74") blanked, offsets kept."""
    return re.sub(r"\bn\s*=\s*\d[\d,]*", lambda m: " " * len(m.group()), text, flags=re.I)


def dose_levels(doc: Document) -> dict[str, tuple[DrugRef, list[DoseLevel]]]:
    """For each drug given at two or more amounts to different arms of the allocation: its levels."""
    found: dict[str, tuple[DrugRef, dict[tuple[float, str], DoseLevel]]] = {}
    for s in sentences(doc):
        for m in _ALLOCATED_TO.finditer(s.text) if may_match(_ALLOCATED_TO, s.text, s.low) else ():
            lst = _blank_counts(m.group("list"))
            base = s.start + m.start("list")
            if not re.search(r"\bor\b", lst):
                continue  # no alternatives
            drugs = [(a - base, b - base, ref) for a, b, ref in find_drugs(lst, base)]
            stops = sorted([a for a, _, _ in drugs] + [c.start() for c in CONTROL_RE.finditer(lst)] + [len(lst)])
            for a, b, ref in drugs:
                end = next(x for x in stops if x > a)
                segment = lst[b:end]
                if _SCHEDULE.search(segment):
                    continue
                entry = found.setdefault(ref.key, (ref, {}))
                for amt, unit, x, y in _levels(segment):
                    entry[1].setdefault((amt, unit), DoseLevel(amt, unit, base + b + x, base + b + y))
    out: dict[str, tuple[DrugRef, list[DoseLevel]]] = {}
    for key, (ref, by_dose) in found.items():
        if len(by_dose) >= 2 and len({u for _, u in by_dose}) == 1:
            out[key] = (ref, sorted(by_dose.values(), key=lambda d: d.amount))
    return out


def _levels(segment: str) -> list[tuple[float, str, int, int]]:
    """The amounts of one run right after a drug's name, each with its unit (a unit-less amount takes the
    unit of the next amount of the run: "10, 30, or 60 mg")."""
    run: list[tuple[float, str | None, int, int]] = []
    last_end = 0
    for m in _AMOUNT.finditer(segment):
        gap = segment[last_end : m.start()]
        if run and not _BETWEEN.match(gap):
            break
        if not run and not re.fullmatch(
            r"[\s,(]*(?:(?:at\s+)?(?:a\s+)?doses?\s+of\s+|at\s+|[\w\s]{0,25}?\bat\s+)?", gap, re.I
        ):
            break  # the first amount follows the drug's name closely
        if float(m.group("amt")) <= 0:
            break
        run.append((float(m.group("amt")), m.group("unit"), m.start(), m.end()))
        last_end = m.end()
    out: list[tuple[float, str, int, int]] = []
    unit: str | None = None
    for amt, u, x, y in reversed(run):
        unit = _unit(u) if u else unit
        if unit is None:
            continue  # a number with no unit after it: a count or a day, not a dose
        out.append((amt, unit, x, y))
    return list(reversed(out))
