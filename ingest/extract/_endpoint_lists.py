"""Values given for a list of endpoints, one group at a time: "Median A, B, and C were 15 months, 7
months, and 35%, respectively, for patients in the X arm, in comparison with 16 months, 8 months, and
38%, respectively, in the Y arm". The i-th value of each run is the i-th endpoint's, and the group named
right after its "respectively" is the run's; a run with another count of values, a unit its endpoint
cannot take, or no single group after it states nothing.
"""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import TIME_TO_EVENT, Val, find_cues, find_values, unit_kind
from trialkg.ingest.records import Arm
from trialkg.ingest.text import Sentence

# what may stand between the names of one list of endpoints
_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|or)\s+)?(?:the\s+)?(?:median\s+)?", re.I)
# from the list to its first value: "were", "was", "of", a colon
_TO_VALUES = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:were|was|of|reached|:)?\s*(?:\w+\s+){0,2}?", re.I)
# from "respectively" to the group: ", for patients in the", " in the", " among those receiving"
_TO_GROUP = re.compile(
    r",?\s*(?:for|in|among|with|on)\s+(?:(?:the\s+)?(?:patients|participants|those|subjects)\s+)?"
    r"(?:(?:in|on|receiving|treated\s+with|given|assigned\s+to)\s+)?(?:the\s+)?",
    re.I,
)


def _bracket_depth(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        out.append(depth)
        if ch in ")]" and depth:
            depth -= 1
    return out


def _fits(notation: str, v: Val) -> bool:
    kind = unit_kind(v.unit)
    if kind == "time":
        return bool(TIME_TO_EVENT.search(notation))
    return kind == "percent" and not TIME_TO_EVENT.search(notation.replace("response", ""))


def listed_values(
    doc: Document, s: Sentence, named: list[tuple[int, int, str]], arms: list[Arm]
) -> dict[int, tuple[str, tuple[int, int, str]]]:
    """Value start -> (arm key, the endpoint (start, end, notation) it is given for)."""
    if len(arms) < 2 or len(named) < 2 or "respectively" not in s.low:
        return {}
    # the longest run of distinct endpoints named one after another
    best: list[tuple[int, int, str]] = []
    run: list[tuple[int, int, str]] = []
    for n in sorted(named):
        if run and _LIST_GAP.fullmatch(doc.text[run[-1][1] : n[0]]) and n[2] not in {x[2] for x in run}:
            run.append(n)
        else:
            run = [n]
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2:
        return {}
    size = len(best)
    lead = _TO_VALUES.match(doc.text, best[-1][1])
    pos = lead.end() if lead else best[-1][1]
    out: dict[int, tuple[str, tuple[int, int, str]]] = {}
    origin = pos
    for resp in re.finditer(r"\brespectively\b", doc.text[origin : s.end]):
        seg_start, seg_end = pos, origin + resp.start()
        if seg_end <= seg_start:
            return out
        segment = doc.text[seg_start:seg_end]
        depth = _bracket_depth(segment)
        values = [
            v
            for v in find_values(segment, seg_start, [])
            if depth[v.start - seg_start] == 0
            and v.unit is not None
            and not _inside_ci(v, seg_start, segment)
            and not re.match(r"\s*(?:CI|confidence)\b", doc.text[v.end : v.end + 12], re.I)
            # (a time point, not a value: "OS and PFS at 12 months were ...")
            and not re.search(
                r"\b(?:at|by|after|over|through|to|week|month|year|day)\s*$", doc.text[v.start - 8 : v.start], re.I
            )
        ]
        after = origin + resp.end()
        gm = _TO_GROUP.match(doc.text, after)
        if gm is None:
            return out
        window = re.split(r"[,;.]", doc.text[gm.end() : min(s.end, gm.end() + 60)], maxsplit=1)[0]
        groups = find_cues(doc, window, gm.end(), arms)
        cues = [c for c in groups if c.start - gm.end() <= 2]
        if len(values) != size or len({c.arm for c in cues}) != 1 or len({c.arm for c in groups}) != 1:
            return out  # (two groups after one "respectively": "with A and B" is a list of groups, not one)
        if not all(_fits(n[2], v) for v, n in zip(values, best, strict=True)):
            return out
        for v, n in zip(values, best, strict=True):
            out[v.start] = (cues[0].arm, n)
        # the next run starts after the group: ", in comparison with ...", "versus ..."
        pos = cues[0].end
    return out


def _inside_ci(v: Val, base: int, segment: str) -> bool:
    """A bound of a confidence interval written without brackets ("95% CI, 12.1 to 14.3")."""
    return bool(re.search(r"\bCI\b[^,;]{0,12}$|\bto\s*$", segment[max(0, v.start - base - 16) : v.start - base]))
