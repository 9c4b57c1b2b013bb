"""Arms of a registry record rendered as text: its arm-group lines ("Experimental: T-DXd 5.4 mg/kg Q3W",
"Active Comparator: ...", "Placebo Comparator: Placebo + SOC CRT"), each followed by its description.

A record's arm groups name its arms exactly, so when a text has two or more of them they are the arms;
each arm's drugs are those of its own line and description, its role the group's type.
"""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._doses import AMOUNT_UNIT, fmt_amount, unit_name
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import Arm, DrugRef, Intervention, Value
from trialkg.ingest.text import mention

_GROUP_LINE = re.compile(
    r"(?m)^[\s|*-]*(?P<kind>Experimental|Active\s+Comparator|Placebo\s+Comparator|Sham\s+Comparator|"
    r"No\s+Intervention)\s*:\s*(?P<label>[^\n|]*[^\s|])"
)
_BLOCK_MAX = 800  # an arm's description: up to the next group line, at most this many characters


def registry_arm_groups(doc: Document) -> list[Arm]:
    """The arms a registry record's arm-group lines give; empty unless there are two or more."""
    if ":" not in doc.text or ("Comparator" not in doc.text and "Experimental" not in doc.text):
        return []
    lines = list(_GROUP_LINE.finditer(doc.text))
    if len(lines) < 2:
        return []
    groups: list[tuple[re.Match[str], dict[str, DrugRef], tuple[float, str, int, int] | None]] = []
    for i, m in enumerate(lines):
        end = min(lines[i + 1].start() if i + 1 < len(lines) else len(doc.text), m.end() + _BLOCK_MAX)
        drugs = {ref.key: ref for _, _, ref in find_drugs(doc.text[m.start("label") : end], m.start("label"))}
        dose = AMOUNT_UNIT.search(m.group("label"))
        level = (
            (
                float(dose.group("amt")),
                unit_name(dose.group("unit")),
                m.start("label") + dose.start(),
                m.start("label") + dose.end(),
            )
            if dose
            else None
        )
        groups.append((m, drugs, level))
    everywhere = set.intersection(*(set(d) for _, d, _ in groups))
    arms: list[Arm] = []
    for m, drugs, level in groups:
        kind = m.group("kind").split()[0].lower()
        role = "experimental" if kind == "experimental" else "control"
        own = sorted((d for k, d in drugs.items() if k not in everywhere), key=lambda d: d.key)
        if role == "experimental" and not own:
            own = sorted(drugs.values(), key=lambda d: d.key)  # dose levels of one drug: all arms get it
        key = "+".join(d.key for d in own) if own else "control"
        arm = Arm(key=key, role=role, label=Value(m.group("label"), mention(doc, m.start("label"), m.end("label"))))
        arm.drugs = own
        if level is not None and len(own) == 1:
            amt, unit, a, b = level
            at = mention(doc, a, b)
            arm.key = f"{own[0].key}@{fmt_amount(amt)}{unit}"
            arm.level = (amt, unit)
            iv = Intervention(drug=own[0], mention=at)
            iv.dose_amount = Value(amt, at)
            iv.dose_unit = Value(unit, at)
            arm.interventions = [iv]
        arms.append(arm)
    if len({a.key for a in arms}) < len(arms):
        return []  # two groups the lines do not tell apart: leave the arms to the other readings
    return arms
