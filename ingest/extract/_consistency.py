"""Numeric invariants checked once per document, after extraction (pure).

A share of patients is never negative: a rate in percent, or an adverse event's percent or count, read
with a minus sign (a dash taken for one) is dropped, never stored.

A confidence interval must contain its estimate and have its lower bound first. A stated interval
that breaks this (a typo in the source, or a number read from the wrong place) is not stored as
bounds, which would be false; the result keeps its value and gets a quality flag naming the
interval as stated, so the document is still ingested and a reader can see what the source said.
"""

from __future__ import annotations

import logging

from trialkg.ingest.records import ArmResult, EffectEstimate, TrialRecord
from trialkg.ingest.text import fmt_number

log = logging.getLogger(__name__)
CI_EXCLUDES_VALUE = "ci-excludes-value"


def ci_problem(lo: float | None, value: float, hi: float | None) -> str | None:
    """Why bounds cannot be stored as the interval of ``value`` (None when they can)."""
    if lo is not None and hi is not None and lo > hi:
        return "lower bound above upper bound"
    if lo is not None and lo > value:
        return "lower bound above the value"
    if hi is not None and hi < value:
        return "upper bound below the value"
    return None


def check(record: TrialRecord) -> None:
    items: list[ArmResult | EffectEstimate] = [*record.arm_results, *record.effects]
    for r in items:
        lo = r.ci_lower.value if r.ci_lower else None
        hi = r.ci_upper.value if r.ci_upper else None
        why = ci_problem(lo, r.value.value, hi)
        if why is None:
            continue
        stated = f"{fmt_number(lo) if lo is not None else '?'} to {fmt_number(hi) if hi is not None else '?'}"
        r.flags.append(f"{CI_EXCLUDES_VALUE}: {why}; stated CI {stated}, value {fmt_number(r.value.value)}")
        log.warning(
            "%s: CI %s does not fit the value %s (%s); bounds not stored",
            r.mention.quote[:80],
            stated,
            r.value.value,
            why,
        )
        r.ci_lower = r.ci_upper = None
    # (a negative share is a misread: stating it would be wrong, and the shapes would refuse the document)
    kept = []
    for r in record.arm_results:
        if r.statistic == "rate" and r.unit == "percent" and r.value.value < 0:
            log.warning(
                "%s: a negative rate %s is no share of patients; not stated", r.mention.quote[:80], r.value.value
            )
        else:
            kept.append(r)
    record.arm_results = kept
    record.adverse_events = [
        a for a in record.adverse_events if not ((a.percent and a.percent.value < 0) or (a.count and a.count.value < 0))
    ]
