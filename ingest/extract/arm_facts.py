"""Treatment exposure per arm: dose reductions, interruptions, discontinuations, time to reduction."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import analyze, unit_kind
from trialkg.ingest.records import ArmFact, TrialRecord, Value
from trialkg.ingest.text import gate, may_match, mention

FACTS = [
    (
        gate(re.compile(r"median\s+time\s+to\s+(?:the\s+)?first\s+(?:dose\s+)?reduction", re.I), "median"),
        "median time to first dose reduction",
    ),
    (
        gate(
            re.compile(
                r"discontinu\w*\s+(?:of\s+\w+\s+)?(?:due\s+to|because\s+of)\s+(?:adverse\s+events|AEs|toxicity)|"
                r"(?:adverse\s+events|AEs|toxicity)\s+led\s+to\s+(?:the\s+)?discontinu",
                re.I,
            ),
            "discontinu",
        ),
        "discontinuation due to adverse events",
    ),
    (gate(re.compile(r"dose\s+reductions?", re.I), "dose"), "dose reduction"),
    (gate(re.compile(r"dose\s+interruptions?|treatment\s+interruptions?", re.I), "interruption"), "dose interruption"),
    (gate(re.compile(r"dose\s+delays?", re.I), "dose"), "dose delay"),
    (gate(re.compile(r"discontinu\w+", re.I), "discontinu"), "discontinuation"),
]


def extract(doc: Document, rec: TrialRecord) -> None:
    if not rec.arms:
        return
    for clause in analyze(doc, rec.arms):
        hits: list[tuple[int, int, str]] = []
        for rx, label in FACTS:  # in priority order; a weaker pattern overlapping a stronger one is dropped
            if not may_match(rx, clause.text, clause.sentence.low):
                continue
            for m in rx.finditer(clause.text):
                a, b = m.start() + clause.start, m.end() + clause.start
                if not any(a < y and x < b for x, y, _ in hits):
                    hits.append((a, b, label))
        if not hits:
            continue
        cue_arms = list(dict.fromkeys(c.arm for c in clause.cues))
        for run in clause.runs:
            for v, arm in zip(run.values, run.arms, strict=False):
                arm = arm or (cue_arms[0] if len(cue_arms) == 1 else None)
                if arm is None:
                    continue
                # the fact named closest before the value, else the first in the clause
                before = [h for h in hits if h[1] <= v.start]
                label = min(before, key=lambda h: v.start - h[1])[2] if before else hits[0][2]
                kind = unit_kind(v.unit)
                fact = ArmFact(arm=arm, fact=label, mention=mention(doc, clause.sentence.start, clause.sentence.end))
                vm = Value(v.value, mention(doc, v.start, v.end), v.approximate, v.decimals)
                if kind == "percent":
                    fact.percent = vm
                elif kind == "time":
                    fact.value, fact.unit = vm, "months" if v.unit and v.unit.lower().startswith("mo") else v.unit
                else:
                    continue
                rec.arm_facts.append(fact)
