"""Per-arm results from tables: a row per outcome, a column per study group (see ``groups``).

A cell is read by its shape and by what the row label, column header and caption say it holds:
"12 (24%)" and "12/50" are events (with n), "3.2 ± 1.1" is a mean with SD, "3.2 (1.1)" a mean with SD
only when a label says so (or a count with its percent when the numbers agree), "5 [3-8]" a median
with IQR when a label says IQR.  A cell whose meaning is not clear is left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trialkg.graph import iris
from trialkg.ingest.document import Cell, Document, Table
from trialkg.ingest.extract._groups import NOT_GROUP, clean_group_name, match_arm, stat_role
from trialkg.ingest.extract.groups import GroupColumn, is_baseline_table, table_groups
from trialkg.ingest.records import Arm, ArmResult, Endpoint, TrialRecord, Value
from trialkg.ingest.text import decimals_of, mention

_NUM = r"[-−–]?\s?\d+(?:[.,·]\d+)?"
_SEP = r"\s*(?:±|\+/-|\+-|\+/−)\s*"
MEAN_SD = re.compile(rf"^(?P<a>{_NUM}){_SEP}(?P<b>\d+(?:[.·]\d+)?)\b")
PAREN_PAIR = re.compile(rf"^(?P<a>{_NUM})\s*[\(\[]\s*(?P<b>{_NUM})\s*%?\s*[\)\]]")
FRACTION = re.compile(r"^(?P<a>\d+)\s*/\s*(?P<b>\d+)(?:\s*[\(\[]\s*(?P<p>\d+(?:\.\d+)?)\s*%?\s*[\)\]])?")
PAREN_RANGE = re.compile(rf"^(?P<a>{_NUM})\s*[\(\[]\s*(?P<lo>{_NUM})\s*(?:-|–|—|to|,|;)\s*(?P<hi>{_NUM})\s*[\)\]]")
BARE = re.compile(rf"^(?P<a>{_NUM})\s*(?P<pct>%)?$")

_SAYS_SD = re.compile(r"\bS\.?D\.?\b|standard\s+deviation|±", re.I)
_SAYS_SE = re.compile(r"\bS\.?E\.?M?\b|standard\s+error", re.I)
_SAYS_MEAN = re.compile(r"\bmean\b|\baverage\b", re.I)
_SAYS_COUNT = re.compile(r"\bn\s*\(\s*%\s*\)|\bno\.?\s*\(\s*%\s*\)|\bnumber\b|\bn\s*%|\(\s*%\s*\)|\bfrequency\b", re.I)
_SAYS_IQR = re.compile(r"\bIQR\b|interquartile|\bQ1\b|25th", re.I)
_SAYS_MEDIAN = re.compile(r"\bmedian\b", re.I)
_SAYS_RANGE = re.compile(r"\brange\b|\bmin\b", re.I)
_SAYS_CI = re.compile(r"\bCI\b|confidence", re.I)
_SHORT_LABEL = re.compile(r"^(?:yes|no|male|female|men|women|none|other|mild|moderate|severe|present|absent)$", re.I)


def _num(text: str) -> float:
    t = re.sub(r"\s", "", text).replace("−", "-").replace("–", "-").replace("·", ".")
    if t.count(",") == 1 and "." not in t and len(t.split(",")[1]) != 3:
        t = t.replace(",", ".")  # decimal comma
    return float(t.replace(",", ""))


def _value(doc: Document, cell: Cell, m: re.Match[str], group: str) -> Value[float]:
    s, e = cell.start + m.start(group), cell.start + m.end(group)
    raw = m.group(group)
    return Value(_num(raw), mention(doc, s, e), decimals=decimals_of(raw.replace("·", ".").replace(",", ".")))


def _int_value(doc: Document, cell: Cell, m: re.Match[str], group: str) -> Value[int]:
    return Value(int(_num(m.group(group))), mention(doc, cell.start + m.start(group), cell.start + m.end(group)))


def _is_int(text: str) -> bool:
    return re.fullmatch(r"\d+", text.strip()) is not None


def read_cell(
    doc: Document, cell: Cell, hints: str, n: int | None
) -> tuple[str, Value[float], dict[str, Value[float] | Value[int]]] | None:
    """(statistic, value, extras) of one cell, or None when its meaning is not clear."""
    text = cell.text.strip()
    if not text or len(text) > 60:
        return None
    says_sd = bool(_SAYS_SD.search(hints)) and not _SAYS_SE.search(hints)
    m = MEAN_SD.match(text)
    if m:
        if _SAYS_SE.search(hints) and not _SAYS_SD.search(hints.replace("±", "")):
            return None  # mean ± SE: not an SD
        if _SAYS_MEDIAN.search(hints) and not _SAYS_MEAN.search(hints):
            return None
        return "mean", _value(doc, cell, m, "a"), {"sd": _value(doc, cell, m, "b")}
    m = FRACTION.match(text)
    if m and int(m.group("b")) > 0 and int(m.group("a")) <= int(m.group("b")):
        extras: dict[str, Value[float] | Value[int]] = {"n": _int_value(doc, cell, m, "b")}
        if m.group("p"):
            extras["percent"] = _value(doc, cell, m, "p")
        return "count", _value(doc, cell, m, "a"), extras
    m = PAREN_RANGE.match(text)
    if m:
        if _SAYS_IQR.search(hints) and _SAYS_MEDIAN.search(hints):
            lo, hi = _value(doc, cell, m, "lo"), _value(doc, cell, m, "hi")
            if lo.value <= hi.value:
                return "median", _value(doc, cell, m, "a"), {"iqr_lower": lo, "iqr_upper": hi}
        return None
    m = PAREN_PAIR.match(text)
    if m:
        a, b = m.group("a"), m.group("b")
        count_like = (_is_int(a) and "%" in text) or bool(_SAYS_COUNT.search(hints))
        if n and _is_int(a) and 0 <= float(b) <= 100 and abs(int(a) / n * 100 - _num(b)) <= 1.0:
            count_like = True
        if count_like and _is_int(a) and 0 <= _num(b) <= 100 and (n is None or int(a) <= n):
            extras = {"percent": _value(doc, cell, m, "b")}
            return "count", _value(doc, cell, m, "a"), extras
        if says_sd and _SAYS_MEAN.search(hints) and not _SAYS_COUNT.search(hints) and _num(b) >= 0:
            return "mean", _value(doc, cell, m, "a"), {"sd": _value(doc, cell, m, "b")}
        return None
    m = BARE.match(text)
    bare_mean = m and not m.group("pct") and _SAYS_MEAN.search(hints)
    if m and bare_mean and not _SAYS_COUNT.search(hints + text) and not _SAYS_MEDIAN.search(hints):
        return "mean", _value(doc, cell, m, "a"), {}
    return None


def _endpoint(doc: Document, rec: TrialRecord, label_cell: Cell, heading: str | None) -> Endpoint:
    label = label_cell.text.strip()
    text = f"{heading}: {label}" if heading and (_SHORT_LABEL.match(label) or len(label) <= 3) else label
    key = "table-" + iris.slug(text)
    ep = rec.endpoint(key)
    if ep is None:
        ep = Endpoint(key=key, type=None, text=Value(text, mention(doc, label_cell.start, label_cell.end)))
        rec.endpoints.append(ep)
    return ep


@dataclass
class _Slot:
    """The cells of one (arm, outcome, timepoint): a full cell, or one cell per statistic."""

    arm: Arm
    label: Cell
    heading: str | None
    timepoint: str | None
    n: Value[int] | None
    hints: str
    cells: dict[str, Cell] = field(default_factory=dict)


def _number(doc: Document, cell: Cell) -> Value[float] | None:
    m = re.match(rf"^\s*(?P<a>{_NUM})\s*(?:\(\s*n\s*\))?\s*%?\.?\s*$", cell.text)
    return _value(doc, cell, m, "a") if m else None


def _as_float(v: Value[float] | Value[int] | None) -> Value[float] | None:
    return None if v is None else Value(float(v.value), v.mention, v.approximate, v.decimals)


def _counted(first: Cell, second: Cell) -> bool:
    """Rows of "n | %" under columns headed "Mean | SD" (a table mixing both)."""
    return "(n)" in first.text.replace(" ", "") or "%" in second.text


def _emit(doc: Document, rec: TrialRecord, slot: _Slot) -> None:
    extras: dict[str, Value[float] | Value[int]] = {}
    main = slot.cells.get("cell")
    got: tuple[str, Value[float], dict[str, Value[float] | Value[int]]] | None = None
    if main is not None:
        got = read_cell(doc, main, slot.hints, slot.n.value if slot.n else None)
    elif "mean" in slot.cells and "sd" in slot.cells and _counted(slot.cells["mean"], slot.cells["sd"]):
        count, pct = _number(doc, slot.cells["mean"]), _number(doc, slot.cells["sd"])
        if count is not None and pct is not None and count.value == int(count.value) and 0 <= pct.value <= 100:
            main = slot.cells["mean"]
            got = ("count", count, {"percent": pct})
    elif "mean" in slot.cells:
        mean = _number(doc, slot.cells["mean"])
        sd = _number(doc, slot.cells["sd"]) if "sd" in slot.cells else None
        if mean is not None:
            main = slot.cells["mean"]
            got = ("mean", mean, {"sd": sd} if sd is not None and sd.value >= 0 else {})
    elif "n" in slot.cells and "pct" in slot.cells:
        count, pct = _number(doc, slot.cells["n"]), _number(doc, slot.cells["pct"])
        if count is not None and pct is not None and count.value == int(count.value) and 0 <= pct.value <= 100:
            main = slot.cells["n"]
            got = ("count", count, {"percent": pct})
    if got is None or main is None:
        return
    statistic, value, extras = got
    ep = _endpoint(doc, rec, slot.label, slot.heading)
    r = ArmResult(
        arm=slot.arm.key,
        endpoint=ep.key,
        statistic=statistic,
        value=value,
        unit=None,
        mention=mention(doc, main.start, main.end),
        timepoint_label=slot.timepoint,
    )
    r.sd = _as_float(extras.get("sd"))
    r.percent = _as_float(extras.get("percent"))
    r.iqr_lower = _as_float(extras.get("iqr_lower"))
    r.iqr_upper = _as_float(extras.get("iqr_upper"))
    nn = extras.get("n")
    if nn is not None and isinstance(nn.value, int):
        r.n = Value(nn.value, nn.mention)
    elif slot.n is not None:
        r.n = slot.n
    if r.n is not None and statistic == "count" and value.value > r.n.value:
        return  # more events than participants: the cell was misread
    rec.arm_results.append(r)


def _read_table(doc: Document, rec: TrialRecord, table: Table) -> None:
    cols = table_groups(doc, table, rec)
    arms: dict[int, tuple[Arm, GroupColumn]] = {}
    dual: dict[int, tuple[Arm, Arm]] = {}
    for gc in cols:
        pair = _dual(rec, table.column_header(gc.col))
        if pair is not None:
            dual[gc.col] = pair
            arms[gc.col] = (pair[0], gc)
            continue
        arm = match_arm(rec, gc.name)
        if arm is not None:
            arms[gc.col] = (arm, gc)
    if not arms:
        _read_transposed(doc, rec, table)
        return
    heading: str | None = None
    context = f"{table.caption} {table.footnotes}"
    for row in table.body():
        if not row or not row[0].text.strip():
            continue
        label_cell = row[0]
        group_cells = [row[c] for c in arms if c < len(row)]
        if all(not c.text.strip() or c is label_cell for c in group_cells):
            heading = label_cell.text.strip()  # a row that only names the rows below it
            continue
        slots: dict[tuple[str, str | None], _Slot] = {}
        for col, (arm, gc) in sorted(arms.items()):
            if col >= len(row) or row[col] is label_cell or not row[col].text.strip():
                continue
            column = table.column_header(col)
            label_text = label_cell.text
            specific = _specific(label_text, column)
            hints = f"{label_text} {column}" if specific else f"{label_text} {heading or ''} {column} {context}"
            key = (arm.key, gc.timepoint)
            slot = slots.get(key)
            if slot is None:
                n = gc.n or arm.size
                slot = slots[key] = _Slot(arm, label_cell, heading, gc.timepoint, n, hints)
            role = gc.role or "cell"
            if col in dual:
                parts = _split_dual(row[col])
                if parts is None:
                    continue
                slot.cells.setdefault(role, parts[0])
                other = dual[col][1]
                key2 = (other.key, gc.timepoint)
                if key2 not in slots:
                    slots[key2] = _Slot(other, label_cell, heading, gc.timepoint, other.size, hints)
                slots[key2].cells.setdefault(role, parts[1])
                continue
            slot.cells.setdefault(role, row[col])
        for slot in slots.values():
            _emit(doc, rec, slot)


_DUAL_HEADER = re.compile(r"([A-Za-z][\w\- ]{1,40}?)\s*\(\s*([A-Za-z][\w\- ]{1,40}?)\s*\)")
_DUAL_CELL = re.compile(r"^(?P<x>[^()]+?)\s*\((?P<y>[^()]+)\)\s*$")


def _dual(rec: TrialRecord, header: str) -> tuple[Arm, Arm] | None:
    """A column headed "Intervention (control)": each cell holds "value (value)" for two arms."""
    for m in _DUAL_HEADER.finditer(header):
        a, b = match_arm(rec, m.group(1)), match_arm(rec, m.group(2))
        if a is not None and b is not None and a is not b:
            return a, b
    return None


def _split_dual(cell: Cell) -> tuple[Cell, Cell] | None:
    m = _DUAL_CELL.match(cell.text.strip())
    if m is None:
        return None
    lead = len(cell.text) - len(cell.text.lstrip())
    x0, y0 = cell.start + lead + m.start("x"), cell.start + lead + m.start("y")
    return Cell(m.group("x"), x0, x0 + len(m.group("x"))), Cell(m.group("y"), y0, y0 + len(m.group("y")))


def _read_transposed(doc: Document, rec: TrialRecord, table: Table) -> None:
    """Groups in rows (first column) and outcomes or statistics in columns."""
    rows = [(row, match_arm(rec, clean_group_name(row[0].text))) for row in table.body() if row and row[0].text]
    grouped = [(row, arm) for row, arm in rows if arm is not None]
    if len({arm.key for _, arm in grouped if arm}) < 2:
        return
    context = f"{table.caption} {table.footnotes}"
    for row, arm in grouped:
        if arm is None:
            continue
        slots: dict[str, _Slot] = {}
        for col in range(1, min(len(row), table.n_cols)):
            cell = row[col]
            if not cell.text.strip():
                continue
            header_cells = [r[col] for r in table.grid[: table.header_rows] if col < len(r) and r[col].text]
            if not header_cells:
                continue
            role = stat_role(header_cells[-1].text)
            outcome_cells = [c for c in header_cells if stat_role(c.text) is None]
            label = outcome_cells[0] if outcome_cells else None
            if label is None or NOT_GROUP.search(label.text):
                label = _caption_cell(doc, table) if role is not None else None  # the caption names the outcome
                if label is None:
                    continue
            slot = slots.get(label.text)
            if slot is None:
                hints = f"{label.text} {table.column_header(col)} {context}"
                slot = slots[label.text] = _Slot(arm, label, None, None, arm.size, hints)
            slot.cells.setdefault(role or "cell", cell)
        for slot in slots.values():
            _emit(doc, rec, slot)


def _caption_cell(doc: Document, table: Table) -> Cell | None:
    at = doc.text.find(table.caption, table.start, table.end) if table.caption else -1
    return Cell(table.caption, at, at + len(table.caption), True) if at >= 0 else None


def _specific(label: str, column: str) -> bool:
    """The row label or the column header says what the cells hold (so the caption is not needed)."""
    both = f"{label} {column}"
    return bool(_SAYS_MEAN.search(both) or _SAYS_COUNT.search(both) or _SAYS_MEDIAN.search(both))


def extract(doc: Document, rec: TrialRecord) -> None:
    for table in doc.tables:
        if is_baseline_table(table):
            continue
        _read_table(doc, rec, table)
