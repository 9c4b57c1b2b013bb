"""Study groups of trials in any field: arms named by table column headers ("Placebo (n = 30)") and
by phrases such as "the exercise group (n = 35)", with their sizes and non-drug interventions.

Arms found by the drug-based arms extractor are kept; a group that names one of them only adds
its size.  A group that names none becomes a new arm when the document shows at least two groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trialkg.ingest.document import Document, Table
from trialkg.ingest.extract._groups import (
    CONTROL_WORDS,
    GROUP_WORDS,
    N_EQUALS,
    NOT_GROUP,
    TIME_WORDS,
    clean_group_name,
    group_key,
    kind_of,
    match_arm,
    role_of,
    stat_role,
)
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import Arm, Intervention, TrialRecord, Value
from trialkg.ingest.text import mention, sentences

_BASELINE_TABLE = re.compile(
    r"\b(?:baseline\s+(?:and\s+\w+\s+)?(?:characteristics|data|demographics?|features|variables)|demographic|characteristics\s+of\s+(?:the\s+)?(?:participants|patients|subjects|study)|"
    r"patient\s+characteristics|at\s+(?:entry|inclusion|randomi[sz]ation))\b",
    re.I,
)
_TEXT_GROUP = re.compile(
    r"(?P<name>(?:the\s+)?(?:[A-Za-z0-9][\w+\-/]*\s+){0,5}?(?:group|arm))\s*\(\s*[nN]\s*=\s*(?P<n>\d{1,6})\s*\)"
)

_N_EQUALS = re.compile(r"\(\s*[nN]\s*=")


@dataclass(frozen=True)
class GroupColumn:
    col: int
    name: str
    name_start: int
    name_end: int
    n: Value[int] | None
    timepoint: str | None
    role: str | None = None  # the column holds one statistic of the group ("mean", "sd", "n", "pct")


def is_baseline_table(table: Table) -> bool:
    return bool(_BASELINE_TABLE.search(table.caption or table.label))


def table_groups(doc: Document, table: Table, rec: TrialRecord) -> list[GroupColumn]:
    """Columns of a table that hold one study group's values (col 0 holds the row labels)."""
    out: list[GroupColumn] = []
    if table.header_rows == 0:
        return out
    for col in range(1, table.n_cols):
        cells = []
        for row in table.grid[: table.header_rows]:
            if col < len(row) and row[col].text and row[col] not in cells:
                cells.append(row[col])
        group_cell = None
        for cell in cells:
            name = clean_group_name(TIME_WORDS.sub(" ", cell.text))
            if not name or NOT_GROUP.search(name) or re.fullmatch(r"[\d\s.,%()\-–]+", name):
                continue
            if (
                N_EQUALS.search(cell.text)
                or GROUP_WORDS.search(name)
                or CONTROL_WORDS.search(name)
                or match_arm(rec, name)
            ):
                group_cell = cell
                break
        if group_cell is None or (cells[-1] is not group_cell and NOT_GROUP.search(cells[-1].text.strip())):
            continue  # no group, or a group's "p value" / "difference" sub-column
        n_match = N_EQUALS.search(group_cell.text)
        n_value = None
        if n_match:
            n_value = Value(
                int(n_match.group(1)),
                mention(doc, group_cell.start + n_match.start(1), group_cell.start + n_match.end(1)),
            )
        times = [m.group(0) for c in cells for m in TIME_WORDS.finditer(c.text)]
        time_cells = [clean_group_name(c.text) for c in cells if c is not group_cell and TIME_WORDS.search(c.text)]
        timepoint = " ".join(time_cells) if time_cells else (" ".join(times) if times else None)
        name = clean_group_name(TIME_WORDS.sub(" ", group_cell.text))
        role = stat_role(cells[-1].text) if cells[-1] is not group_cell else None
        out.append(GroupColumn(col, name, group_cell.start, group_cell.end, n_value, timepoint or None, role))
    return out


def _text_groups(doc: Document) -> list[tuple[str, int, int, Value[int]]]:
    found = []
    for s in sentences(doc):
        if s.section in ("background", "references") or not _N_EQUALS.search(s.text):
            continue  # (every match holds "(n = ": a cheap test before the costly pattern)
        for m in _TEXT_GROUP.finditer(s.text):
            name = re.split(
                r"\b(?:the|a|an|in|into|to|and|or|with|of|for|vs\.?|versus|assigned|allocated|randomi[sz]ed)\s+",
                m.group("name"),
                flags=re.I,
            )[-1]
            start = s.start + m.start("name") + (len(m.group("name")) - len(name))
            n = Value(int(m.group("n")), mention(doc, s.start + m.start("n"), s.start + m.end("n")))
            found.append((name, start, start + len(name), n))
    return found


def _new_arm(doc: Document, name: str, start: int, end: int, size: Value[int] | None) -> Arm:
    label = Value(name, mention(doc, start, end))
    drugs = [ref for _s, _e, ref in find_drugs(name)]
    arm = Arm(key=group_key(name), role=role_of(name), label=label, drugs=drugs[:2], size=size)
    kind = kind_of(name, bool(drugs))
    if drugs and kind == "drug":
        for ref in drugs[:2]:
            arm.interventions.append(Intervention(ref, label.mention))
    else:
        arm.interventions.append(Intervention(None, label.mention, kind=kind, name=label))
    return arm


def _assign(doc: Document, rec: TrialRecord, candidates: list[tuple[str, int, int, Value[int] | None]]) -> None:
    unmatched: list[tuple[str, int, int, Value[int] | None]] = []
    for name, start, end, n in candidates:
        arm = match_arm(rec, name)
        if arm is None:
            unmatched.append((name, start, end, n))
        elif arm.size is None and n is not None:
            arm.size = n
    distinct = {group_key(c[0]) for c in unmatched}
    if len(distinct) + len(rec.arms) < 2 or len(distinct) < 1:
        return
    if len(rec.arms) >= 2 and len(distinct) < 2:
        return
    for name, start, end, n in unmatched:
        if match_arm(rec, name) is None and not any(a.key == group_key(name) for a in rec.arms):
            rec.arms.append(_new_arm(doc, name, start, end, n))
        else:
            arm = match_arm(rec, name) or next(a for a in rec.arms if a.key == group_key(name))
            if arm.size is None and n is not None:
                arm.size = n


def extract(doc: Document, rec: TrialRecord) -> None:
    text_groups: list[tuple[str, int, int, Value[int] | None]] = list(_text_groups(doc))
    _assign(doc, rec, text_groups)
    for table in doc.tables:
        cols = table_groups(doc, table, rec)
        if len(cols) < 2 and not (cols and len(rec.arms) >= 2):
            continue
        seen: set[str] = set()
        candidates: list[tuple[str, int, int, Value[int] | None]] = []
        for gc in cols:
            if group_key(gc.name) not in seen:
                seen.add(group_key(gc.name))
                start = doc.text.find(gc.name, gc.name_start, gc.name_end)
                start = start if start >= 0 else gc.name_start
                candidates.append((gc.name, start, start + len(gc.name), gc.n))
        _assign(doc, rec, candidates)
