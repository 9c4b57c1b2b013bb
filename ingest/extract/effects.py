"""Between-arm effect estimates: hazard, odds and risk ratios with CI, P value and sidedness."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract import _vocab
from trialkg.ingest.extract._numbers import EFFECT_RE, P_RE, find_cis, p_value
from trialkg.ingest.extract.endpoints import endpoint_for
from trialkg.ingest.records import EffectEstimate, TrialRecord, Value
from trialkg.ingest.text import Sentence, decimals_of, may_match, mention, sentences

_STAT = {
    "hazard ratio": "hazard-ratio",
    "hr": "hazard-ratio",
    "odds ratio": "odds-ratio",
    "or": "odds-ratio",
    "risk ratio": "risk-ratio",
    "relative risk": "risk-ratio",
    "rr": "risk-ratio",
    "rate ratio": "risk-ratio",
}
_EVENT_ENDPOINT = [
    (re.compile(r"disease\s+progression\s+or\s+death|progression\s+or\s+death", re.I), "progression-free-survival"),
    (re.compile(r"recurrence\s+or\s+death|invasive\s+disease(?![-\s]free)", re.I), "disease-free-survival"),
    (re.compile(r"\bdeath(?:\s+from\s+any\s+cause)?\b", re.I), "overall-survival"),
]


def sentence_endpoint(doc: Document, s: Sentence, before: int | None = None) -> tuple[str, Value[str]] | None:
    """The endpoint a sentence is about: its first endpoint mention (before ``before`` if given)."""
    for a, b, notation in _vocab.find("endpoint-type", s.text, s.start):
        if before is not None and a >= before:
            break
        if notation == "safety":
            continue
        return notation, Value(doc.text[a:b], mention(doc, a, b))
    return None


def extract(doc: Document, rec: TrialRecord) -> None:
    arms = rec.arms
    exp = next((a.key for a in arms if a.role == "experimental"), None)
    ctl = next((a.key for a in arms if a.role == "control"), None)
    previous: tuple[str, Value[str]] | None = None
    for s in sentences(doc):
        if s.section == "background":
            continue
        here = sentence_endpoint(doc, s)
        matches = list(EFFECT_RE.finditer(s.text)) if may_match(EFFECT_RE, s.text) else []
        for i, m in enumerate(matches):
            mid = m.group("mid") or ""
            if re.search(r"positive|negative|\+|receptor", mid, re.I):
                continue
            stat = _STAT[re.sub(r"\s+", " ", m.group("stat")).lower()]
            limit = matches[i + 1].start() if i + 1 < len(matches) else len(s.text)
            tail = s.text[m.end() : limit]
            endpoint = None
            # "hazard ratio for disease progression or death, 0.75" or "... the hazard for disease
            # progression or death (HR, 0.75)": the event names the endpoint
            lead = s.text[max(0, m.start() - 80) : m.start()]
            for span_text, offset in ((mid, m.start("mid")), (lead, max(0, m.start() - 80))):
                for rx, notation in _EVENT_ENDPOINT:
                    em = rx.search(span_text)
                    if em and endpoint is None:
                        a, b = s.start + offset + em.start(), s.start + offset + em.end()
                        endpoint = (notation, Value(doc.text[a:b], mention(doc, a, b)))
            endpoint = endpoint or here or previous
            if endpoint is None:
                continue
            v = float(m.group("v").replace(",", ""))
            est = EffectEstimate(
                endpoint=endpoint_for(rec, endpoint[0], endpoint[1]).key,
                statistic=stat,
                value=Value(
                    v, mention(doc, s.start + m.start(), s.start + m.end()), decimals=decimals_of(m.group("v"))
                ),
                mention=mention(doc, s.start + m.start(), s.start + m.end() + len(tail.rstrip(" ;,.)]"))),
                experimental_arm=exp,
                comparator_arm=ctl,
            )
            for ci in find_cis(tail[:90], s.start + m.end()):
                if ci.lo is not None:
                    est.ci_lower = Value(ci.lo, mention(doc, *ci.lo_span), decimals=ci.lo_dec)
                if ci.hi is not None:
                    est.ci_upper = Value(ci.hi, mention(doc, *ci.hi_span), decimals=ci.hi_dec)
                est.ci_level = ci.level
                break
            pm = P_RE.search(tail[:140])
            if pm:
                a, b = s.start + m.end() + pm.start(), s.start + m.end() + pm.end()
                est.p_value = Value(
                    p_value(pm.group("v")),
                    mention(doc, a, b),
                    decimals=decimals_of(pm.group("v").split("×")[0].split("x")[0]),
                )
                op = pm.group("op")
                est.p_operator = {"of": "=", "was": "=", "≤": "<=", "≥": ">="}.get(op, op)
                if pm.group("sided"):
                    est.sided = 1 if pm.group("sided").lower().startswith(("one", "1")) else 2
            rec.effects.append(est)
        if here:
            previous = here
