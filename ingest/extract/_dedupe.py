"""One statement per fact key in a document.

A document may state a fact twice (abstract and results) or for several populations (a subgroup
and the overall population) or analyses.  The graph keeps one value per fact key and document: when
the statements agree, the first; when they disagree, the one about the whole trial population (said
so: "in the total population", "ITT"; or the only one not qualified by a subgroup or cohort), and
when that cannot be told, none: a wrong value is worse than a missing one.  Dropped statements that
disagree are logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from trialkg.graph.iris import slug
from trialkg.ingest.document import Document
from trialkg.ingest.records import Mention, TrialRecord
from trialkg.ingest.subgroups import subgroup_key
from trialkg.ingest.text import sentences

log = logging.getLogger(__name__)
R = TypeVar("R")
_SUBGROUP = re.compile(
    r"\b(?:cohort|subgroup|subset|subpopulation|sub-population)s?\b"
    r"|\b(?:CPS|TPS|PD-L1)\b[^.;]{0,40}\bpopulation\b|\bpatients\s+(?:aged|with\s+(?:a\s+)?(?:CPS|PD-L1))\b",
    re.I,
)
_WHOLE = re.compile(
    r"\b(?:total|overall|whole|entire|global)\s+(?:trial\s+|study\s+)?population\b|\bintention[-\s]to[-\s]treat\b|"
    r"\bITT\b|\ball\s+(?:randomi[sz]ed\s+)?(?:patients|participants)\b",
    re.I,
)


def _sentence_of(doc: Document, m: Mention) -> str:
    for s in sentences(doc):
        if s.start <= m.start < s.end:
            return s.text
    return m.quote


def _keep_one(
    doc: Document,
    items: list[R],
    key: Callable[[R], Hashable],
    value: Callable[[R], Any],
    mention: Callable[[R], Mention],
    what: str,
    fullness: Callable[[R], int] = lambda _: 0,
) -> list[R]:
    groups: dict[Hashable, list[R]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    keep: set[int] = set()
    for k, group in groups.items():
        if len({_hashable(value(i)) for i in group}) == 1:
            # one value said twice: the statement that gives more of it ("10.4 months (95% CI, 8.0-12.7)"
            # in the abstract beside "10.4 vs 6.5 months" in the key points)
            keep.add(id(max(group, key=fullness)))
            continue
        texts = [_sentence_of(doc, mention(i)) for i in group]
        whole = [i for i, t in zip(group, texts, strict=True) if _WHOLE.search(t) and not _SUBGROUP.search(t)]
        plain = [i for i, t in zip(group, texts, strict=True) if not _SUBGROUP.search(t)]
        kept = whole[0] if len(whole) == 1 else plain[0] if len(plain) == 1 else None
        if kept is not None:
            keep.add(id(kept))
        log.warning(
            "%s: %s %s stated as %s; %s",
            doc.path or "document",
            what,
            k,
            " and ".join(str(value(i)) for i in group),
            f"kept {value(kept)} ({mention(kept).quote[:80]!r})" if kept is not None else "none kept (which is meant?)",
        )
    return [i for i in items if id(i) in keep]


def _hashable(v: Any) -> Hashable:
    return tuple(v) if isinstance(v, list) else v


def dedupe(doc: Document, rec: TrialRecord) -> None:
    rec.arm_results = _keep_one(
        doc,
        rec.arm_results,
        lambda r: (
            r.arm.lower(),
            r.endpoint,
            r.statistic,
            r.timepoint_months,
            slug(r.timepoint_label or ""),
            r.subgroup and (subgroup_key(r.subgroup.value) or r.subgroup.value.lower()),
        ),
        lambda r: r.value.value,
        lambda r: r.mention,
        "arm result",
        lambda r: (r.ci_lower is not None) + (r.ci_upper is not None),
    )
    rec.effects = _keep_one(
        doc,
        rec.effects,
        lambda e: (
            e.endpoint,
            e.statistic,
            e.experimental_arm,
            e.comparator_arm,
            e.subgroup and (subgroup_key(e.subgroup.value) or e.subgroup.value.lower()),
        ),
        lambda e: e.value.value,
        lambda e: e.mention,
        "effect estimate",
        lambda e: (e.ci_lower is not None) + (e.ci_upper is not None) + (e.p_value is not None),
    )
    rec.adverse_events = _keep_one(
        doc,
        rec.adverse_events,
        lambda a: (a.arm, a.term, a.grade),
        lambda a: (a.percent and a.percent.value, a.count and a.count.value),
        lambda a: a.mention,
        "adverse event",
    )
    rec.arm_facts = _keep_one(
        doc,
        rec.arm_facts,
        lambda f: (f.arm, f.fact),
        lambda f: (f.percent and f.percent.value, f.value and f.value.value),
        lambda f: f.mention,
        "arm fact",
    )
    rec.baseline = _keep_one(
        doc,
        rec.baseline,
        lambda b: b.fact,
        lambda b: (b.percent and b.percent.value, b.value and b.value.value),
        lambda b: b.mention,
        "baseline characteristic",
    )
