"""One statement per fact key in a document.

A document may state a fact twice (abstract and results) or for several populations (a subgroup
and the overall population).  The graph keeps one value per fact key and document: the statement
about the whole trial population wins over one qualified by a cohort or subgroup, else the first.
Dropped statements that disagree are logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from trialkg.graph.iris import slug
from trialkg.ingest.document import Document
from trialkg.ingest.records import Mention, TrialRecord
from trialkg.ingest.text import sentences

log = logging.getLogger(__name__)
R = TypeVar("R")
_SUBGROUP = re.compile(r"\b(?:cohort|subgroup|subset|subpopulation|sub-population)s?\b", re.I)


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
) -> list[R]:
    chosen: dict[Hashable, R] = {}
    for item in items:
        k = key(item)
        if k not in chosen:
            chosen[k] = item
            continue
        old = chosen[k]
        old_sub = bool(_SUBGROUP.search(_sentence_of(doc, mention(old))))
        new_sub = bool(_SUBGROUP.search(_sentence_of(doc, mention(item))))
        if old_sub and not new_sub:
            chosen[k] = item
        if value(old) != value(item):
            kept = chosen[k]
            log.warning(
                "%s: %s %s stated as %s and %s; kept %s (%r)",
                doc.path or "document",
                what,
                k,
                value(old),
                value(item),
                value(kept),
                mention(kept).quote[:80],
            )
    return [i for i in items if chosen[key(i)] is i]


def dedupe(doc: Document, rec: TrialRecord) -> None:
    rec.arm_results = _keep_one(
        doc,
        rec.arm_results,
        lambda r: (r.arm.lower(), r.endpoint, r.statistic, r.timepoint_months, slug(r.timepoint_label or "")),
        lambda r: r.value.value,
        lambda r: r.mention,
        "arm result",
    )
    rec.effects = _keep_one(
        doc,
        rec.effects,
        lambda e: (e.endpoint, e.statistic),
        lambda e: e.value.value,
        lambda e: e.mention,
        "effect estimate",
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
