"""Arms of a registry record rendered as text: its arm-group lines ("Experimental: T-DXd 5.4 mg/kg Q3W",
"Active Comparator: ...", "Placebo Comparator: Placebo + SOC CRT"), each followed by its description; or
the groups of its results' participant flow ("Participant milestones", a "Measure" row naming each group,
often with its description, then "Overall Study / STARTED" and each group's count).

A record's arm groups name its arms exactly, so when a text has two or more of them they are the arms;
each arm's drugs are those of its own line and description, its role the group's type (in a participant
flow, control when its name says placebo or a control).
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
    spans = []
    for i, m in enumerate(lines):
        end = min(lines[i + 1].start() if i + 1 < len(lines) else len(doc.text), m.end() + _BLOCK_MAX)
        kind = m.group("kind").split()[0].lower()
        spans.append((m.start("label"), m.end("label"), end, "experimental" if kind == "experimental" else "control"))
    return _arms_of_groups(doc, spans)


def _arms_of_groups(doc: Document, spans: list[tuple[int, int, int, str]], allow_same: bool = False) -> list[Arm]:
    """Arms from groups given as (label start, label end, description end, role)."""
    groups: list[tuple[int, int, str, dict[str, DrugRef], tuple[float, str, int, int] | None]] = []
    for a, b, end, role in spans:
        drugs = {ref.key: ref for _, _, ref in find_drugs(doc.text[a:end], a)}
        dose = AMOUNT_UNIT.search(doc.text[a:b])
        level = (
            (float(dose.group("amt")), unit_name(dose.group("unit")), a + dose.start(), a + dose.end())
            if dose
            else None
        )
        groups.append((a, b, role, drugs, level))
    everywhere = set.intersection(*(set(d) for *_, d, _ in groups))
    arms: list[Arm] = []
    for a, b, role, drugs, level in groups:
        own = sorted((d for k, d in drugs.items() if k not in everywhere), key=lambda d: d.key)
        if role == "experimental" and not own:
            own = sorted(drugs.values(), key=lambda d: d.key)  # dose levels of one drug: all arms get it
        key = "+".join(d.key for d in own) if own else "control"
        arm = Arm(key=key, role=role, label=Value(doc.text[a:b], mention(doc, a, b)))
        arm.drugs = own
        if level is not None and len(own) == 1:
            amt, unit, d0, d1 = level
            at = mention(doc, d0, d1)
            arm.key = f"{own[0].key}@{fmt_amount(amt)}{unit}"
            arm.level = (amt, unit)
            iv = Intervention(drug=own[0], mention=at)
            iv.dose_amount = Value(amt, at)
            iv.dose_unit = Value(unit, at)
            arm.interventions = [iv]
        arms.append(arm)
    if len({a.key for a in arms}) < len(arms) and not allow_same:
        return []  # two groups the lines do not tell apart: leave the arms to the other readings
    return arms


_MILESTONES = re.compile(r"(?m)^[\s|]*Participant\s+milestones[\s|]*$", re.I)
_ROW = re.compile(r"(?m)^[ \t|]*(?P<text>[^\n|]*[^\s|])[ \t|]*$")
_CONTROL_NAME = re.compile(
    r"\bplacebo\b|\bcontrol\b|\bsham\b|\bvehicle\b|\busual\s+care\b|\bstandard\s+of\s+care\b", re.I
)


def flow_groups(doc: Document) -> list[Arm]:
    """The arms a registry record's participant flow names, with the number who started in each where the
    text keeps the counts; empty unless it names two groups or more, each a short name (and, for all or
    none, a description after it)."""
    text = doc.text
    head = _MILESTONES.search(text) if "milestones" in text.lower() else None
    if head is None:
        return []
    measure = re.compile(r"(?m)^[ \t|]*Measure[ \t|]*$").search(text, head.end(), head.end() + 200)
    if measure is None:
        return []
    # the groups: the lines after "Measure" up to the table's body ("Overall Study", "STARTED") or a blank line
    rows: list[re.Match[str]] = []
    for r in _ROW.finditer(text, measure.end()):
        if re.fullmatch(r"[-:|\s]+", r.group("text")):
            continue
        if (
            r.group("text").strip().lower() in ("overall study", "started")
            or "\n\n" in text[rows[-1].end() if rows else measure.end() : r.start()]
        ):
            break
        rows.append(r)
    started = re.compile(r"(?m)^[ \t|]*STARTED[ \t|]*$").search(text, rows[-1].end() if rows else measure.end())
    counts = []
    between = text[(rows[-1].end() if rows else 0) : started.start()] if started is not None else ""
    if started is not None and len(re.sub(r"[-|:\s]", "", between)) <= len("Overall Study"):
        for r in _ROW.finditer(text, started.end()):
            if re.fullmatch(r"[-:|\s]+", r.group("text")):
                continue
            if not re.fullmatch(r"\d[\d,]*", r.group("text").strip()):
                break
            counts.append(r)
    names = [r.group("text").strip() for r in rows]
    # a group's name is short, its description a sentence: every other line, or names only
    paired = len(names) % 2 == 0 and all(
        len(names[i]) <= 60 and not names[i].endswith(".") and len(names[i + 1]) > len(names[i])
        for i in range(0, len(names), 2)
    )
    if counts:  # the counts tell how many groups: names only, or each with its description
        paired = len(names) == 2 * len(counts) and paired
        if len(names) not in (len(counts), 2 * len(counts)):
            return []
    step = 2 if paired else 1
    if not paired and not all(len(n) <= 60 and not n.endswith(".") for n in names):
        return []
    k = len(names) // step
    if k < 2 or (counts and len(counts) != k):
        return []  # the groups and their counts do not line up
    spans = []
    for i in range(k):
        title = rows[i * step]
        desc_end = rows[i * step + step - 1].end("text")
        role = "control" if _CONTROL_NAME.search(title.group("text")) else "experimental"
        spans.append((title.start("text"), title.end("text"), desc_end, role))
    if not any(find_drugs(text[a:e]) for a, _, e, _ in spans):
        return []
    arms = _arms_of_groups(doc, spans)
    # a drug given at levels in several groups is the one studied; a group of another drug is its reference
    leveled = {
        a.drugs[0].key for a in arms if a.level and sum(b.level is not None and b.drugs == a.drugs for b in arms) >= 2
    }
    if leveled:
        for arm in arms:
            if arm.drugs and not {d.key for d in arm.drugs} & leveled:
                arm.role = "control"
    for arm, c in zip(arms, counts, strict=False):
        n = int(c.group("text").replace(",", ""))
        arm.size = Value(n, mention(doc, c.start("text"), c.start("text") + len(c.group("text").strip())))
    return arms


_TITLE_ROW = re.compile(r"(?m)^[ \t|]*Arm/Group Title[ \t|]+(?P<row>[^\n]+)$")
_ARM_LETTER = re.compile(r"\bArm\s+[A-Z0-9]{1,2}\b(?:\s*\([^()]{1,20}\))?\s*:\s*")


def titled_groups(doc: Document) -> list[Arm]:
    """The arms of a results record's "Arm/Group Title" row when it names them as "Arm A: ...", "Arm B: ..."
    (the row runs the titles together; the letters part them)."""
    m = _TITLE_ROW.search(doc.text) if "Arm/Group Title" in doc.text else None
    if m is None:
        return []
    row_start = m.start("row")
    marks = list(_ARM_LETTER.finditer(m.group("row")))
    if len(marks) < 2 or marks[0].start() != 0:
        return []
    spans = []
    for i, mk in enumerate(marks):
        a = row_start + mk.end()
        b = row_start + (marks[i + 1].start() if i + 1 < len(marks) else len(m.group("row")))
        b = a + len(doc.text[a:b].rstrip(" \t|"))
        control = bool(re.search(r"\(control\)", mk.group(), re.I) or _CONTROL_NAME.search(doc.text[a:b]))
        spans.append((a, b, b, "control" if control else "experimental"))
    arms = _arms_of_groups(doc, spans, allow_same=True)
    # two groups the titles do not tell apart by drug and dose ("Arm D: A 1.5 mg/kg QW (pre-study
    # prophylaxis)" beside "Arm A: A 1.5 mg/kg QW"): the first is kept
    seen: set[str] = set()
    kept = [a for a in arms if not (a.key in seen or seen.add(a.key))]  # type: ignore[func-returns-value]
    return kept if len(kept) >= 2 else []
