"""Per-group numbers stated in running text, for trials in any field.

Two sentence shapes are read, and only when the groups they belong to are clear:

- a comparison in one place, in the order the groups were named: "more patients in the
  intervention group continued treatment (86/125 vs 78/133)", "12.1 ± 3.0 versus 14.2 ± 2.8";
- each value followed by its group: "occurred in 12 of 50 (24%) patients in the exercise group and
  in 5 of 48 (10%) in the control group".

Values are events with their denominator ("86/125", "12 of 50 (24%)"), events with a percent that
agrees with the group's size ("12 (24%)"), or a mean with its SD ("12.1 ± 3.0").  The outcome is the
phrase the sentence puts before the numbers, with the group names taken out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import find_cues
from trialkg.ingest.extract._groups import tokens
from trialkg.ingest.extract.endpoints import slug
from trialkg.ingest.records import Arm, ArmResult, Endpoint, TrialRecord, Value
from trialkg.ingest.text import Sentence, decimals_of, mention, sentences

_N = r"\d+(?:\.\d+)?"
# a count, with thousands separators ("1,204"), never the tail of a longer number
_INT = r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?!\d)"
# one group's value: a fraction, "x of N", "x (p%)" or "m ± sd" (percent optional after a count)
# (the look-ahead: every alternative starts with a digit or a minus sign; without it each position of a
# sentence tries all three, 2x slower)
VALUE = re.compile(
    rf"(?=[-−–\d])(?:(?P<ev>{_INT})\s*(?:/|\bof\b)\s*(?P<den>{_INT})(?:\s*(?:patients|participants|subjects))?"
    rf"(?:\s*[\(\[]\s*(?P<pct1>{_N})\s*%\s*[\)\]])?"
    rf"|(?P<cnt>{_INT})\s*[\(\[]\s*(?P<pct2>{_N})\s*%\s*[\)\]]"
    rf"|(?P<mean>[-−–]?{_N})\s*(?:±|\+/-|\+/−)\s*(?P<sd>{_N}))"
)
_VS = re.compile(r"^\s*,?\s*(?:vs\.?|versus|compared\s+(?:with|to)|and|,)\s*", re.I)
_EXPERIMENTAL = re.compile(r"\b(?:intervention|experimental|treatment|active|study)\s+(?:group|arm)\b", re.I)
_CONTROL = re.compile(
    r"\b(?:control|placebo|usual[-\s]care|comparison|comparator)\s+(?:group|arm|condition)s?\b|\bcontrols\b", re.I
)
_FILLER = re.compile(
    r"\b(?:significantly|significant|statistically|more|fewer|less|higher|lower|greater|smaller|larger|"
    r"patients|participants|subjects|children|women|men|people|individuals|number|proportion|percentage|"
    r"rate|rates|mean|means|the|a|an|in|of|was|were|had|have|has|than|who|with|without|there|group|groups|"
    r"arm|arms|compared|respectively|both|between|among|and|for|at|by|to|on|observed|found|seen|"
    r"reported|showed|also|however|but|while|whereas|vs|versus|no|not|difference|differences)\b",
    re.I,
)
_ADVERSE = re.compile(r"\b(?:adverse|AEs?|TEAEs?|SAEs?|TRAEs?|irAEs?|toxicit\w*|side\s+effects?)\b", re.I)
# a time frame before the numbers names no outcome: "As of data cutoff, 198 (58.1%) patients ... had died"
_FRAME_ONLY = re.compile(
    r"^(?:\s|as|of|data|cut-?off|time|point|this|that|final|interim|primary|analysis|date|median|follow-?up|"
    r"overall|total|week|weeks|month|months|year|years|day|days|after|during|until|end|study|treatment|period|"
    r"\d+(?:-\w+)?)*$",
    re.I,
)


@dataclass
class _Hit:
    start: int  # offsets in the document
    end: int
    m: re.Match[str]
    base: int  # document offset of the match's text


def _cues(doc: Document, s: Sentence, arms: list[Arm]) -> list[tuple[int, int, str]]:
    """(start, end, arm key) of group mentions in the sentence, in order."""
    found = [(c.start, c.end, c.arm) for c in find_cues(doc, s.text, s.start, arms)]
    experimental = [a for a in arms if a.role == "experimental"]
    controls = [a for a in arms if a.role == "control"]
    if len(arms) == 2 and len(experimental) == 1 and len(controls) == 1:
        for m in _EXPERIMENTAL.finditer(s.text):
            found.append((s.start + m.start(), s.start + m.end(), experimental[0].key))
        for m in _CONTROL.finditer(s.text):
            found.append((s.start + m.start(), s.start + m.end(), controls[0].key))
    for arm in arms:  # a group named by its own label ("the yoga group")
        label = arm.label.value.strip()
        if len(label) >= 3 and not re.search(r"\d", label):
            for m in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", s.text, re.I):
                found.append((s.start + m.start(), s.start + m.end(), arm.key))
    found.sort()
    out: list[tuple[int, int, str]] = []
    for c in found:
        if out and c[0] < out[-1][1]:
            continue  # overlapping mentions: the first one wins
        out.append(c)
    return out


def _values(s: Sentence) -> list[_Hit]:
    return [_Hit(s.start + m.start(), s.start + m.end(), m, s.start) for m in VALUE.finditer(s.text)]


def _kind(m: re.Match[str]) -> str:
    return "mean" if m.group("mean") is not None else "count"


def _endpoint(
    doc: Document, rec: TrialRecord, s: Sentence, upto: int, cues: list[tuple[int, int, str]]
) -> Endpoint | None:
    """The outcome phrase before the numbers: the sentence's last clause, group names and filler out."""
    text = doc.text[s.start : upto]
    clause_start = max(text.rfind(";"), text.rfind(":"), text.rfind(". "))
    lead = clause_start + 1 if clause_start >= 0 else 0
    phrase_start = s.start + lead
    chars = list(doc.text[phrase_start:upto])
    for a, b, _ in cues:
        for i in range(max(a, phrase_start), min(b, upto)):
            chars[i - phrase_start] = " "
    phrase = "".join(chars)
    phrase = re.sub(r"[\(\[][^\)\]]*$", " ", phrase)  # an open bracket before the numbers
    words = re.findall(r"(?:\d+-)?[A-Za-z][\w\-]*", _FILLER.sub(" ", phrase))
    if not words or not tokens(" ".join(words)) or _FRAME_ONLY.match(" ".join(words)):
        return None
    if _ADVERSE.search(phrase):
        return None  # adverse events are read as such (adverse_events), not as an outcome of this kind
    label = " ".join(words[-10:])
    at = doc.text.find(words[-min(len(words), 10)], phrase_start, upto)
    start = at if at >= 0 else phrase_start
    key = "text-" + slug(label)
    ep = rec.endpoint(key)
    if ep is None:
        ep = Endpoint(key=key, type=None, text=Value(label, mention(doc, start, upto)))
        rec.endpoints.append(ep)
    return ep


def _result(doc: Document, arm: Arm, ep: Endpoint, hit: _Hit, s: Sentence) -> ArmResult | None:
    m = hit.m

    def val(group: str) -> Value[float]:
        raw = m.group(group)
        a, b = hit.base + m.start(group), hit.base + m.end(group)
        return Value(float(raw.replace("−", "-").replace("–", "-")), mention(doc, a, b), decimals=decimals_of(raw))

    if m.group("mean") is not None:
        r = ArmResult(arm.key, ep.key, "mean", val("mean"), None, mention(doc, s.start, s.end))
        r.sd = val("sd")
        if arm.size is not None:
            r.n = arm.size
        return r
    if m.group("ev") is not None:
        ev, den = int(m.group("ev").replace(",", "")), int(m.group("den").replace(",", ""))
        if den == 0 or ev > den:
            return None
        pct = m.group("pct1")
        if pct is not None and abs(ev / den * 100 - float(pct)) > 1.0:
            return None  # "3/4 (12%)" is not events of a group
        r = ArmResult(arm.key, ep.key, "count", val("ev"), None, mention(doc, s.start, s.end))
        r.n = Value(den, mention(doc, hit.base + m.start("den"), hit.base + m.end("den")))
        r.percent = val("pct1") if pct is not None else None
        return r
    cnt, pct = int(m.group("cnt").replace(",", "")), float(m.group("pct2").replace(",", ""))
    if arm.size is None or arm.size.value == 0 or abs(cnt / arm.size.value * 100 - pct) > 1.0:
        return None  # a percent of what: only when it agrees with the group's size
    r = ArmResult(arm.key, ep.key, "count", val("cnt"), None, mention(doc, s.start, s.end))
    r.n = arm.size
    r.percent = val("pct2")
    return r


def _pairs(s: Sentence, hits: list[_Hit]) -> list[tuple[_Hit, _Hit]]:
    """Two values of one kind joined by "vs"/"versus"/"and" with nothing else between them."""
    out = []
    for a, b in pairwise(hits):
        between = s.text[a.end - s.start : b.start - s.start]
        joined = _VS.match(between)
        if _kind(a.m) == _kind(b.m) and joined is not None and joined.end() == len(between):
            out.append((a, b))
    return out


def _read_sentence(doc: Document, rec: TrialRecord, s: Sentence) -> None:
    arms = rec.arms
    hits = _values(s)
    if len(hits) < 2:
        return
    cues = _cues(doc, s, arms)
    by_key = {a.key: a for a in arms}
    used: set[int] = set()
    # shape 2: each value followed closely by its group ("12 of 50 (24%) in the exercise group")
    followed: list[tuple[_Hit, str]] = []
    for h in hits:
        nxt = next((c for c in cues if c[0] >= h.end), None)
        if nxt is not None and nxt[0] - h.end <= 40:
            gap = doc.text[h.end : nxt[0]]
            if re.fullmatch(r"[\s,]*(?:\w+\s+){0,3}?(?:in|with|on|for|of|receiving|from)\s+(?:the\s+)?", gap, re.I):
                followed.append((h, nxt[2]))
    if len(followed) >= 2 and len({k for _, k in followed}) >= 2:
        ep = _endpoint(doc, rec, s, followed[0][0].start, cues)
        if ep is not None:
            seen: set[str] = set()
            for h, key in followed:
                if key in seen:
                    continue
                r = _result(doc, by_key[key], ep, h, s)
                if r is not None:
                    rec.arm_results.append(r)
                    seen.add(key)
                    used.add(h.start)
    # shape 1: "A ... B (x vs y)": values in the order the groups were named before them
    for a, b in _pairs(s, hits):
        if a.start in used or b.start in used:
            continue
        before = [c for c in cues if c[1] <= a.start]
        order: list[str] = []
        for c in before:
            if c[2] not in order:
                order.append(c[2])
        after = doc.text[b.end : min(s.end, b.end + 40)]
        if re.search(r"\brespectively\b", after, re.I) and len(order) >= 2:
            order = order[-2:]
        if len(order) == 1 and len(arms) == 2:
            order.append(next(x.key for x in arms if x.key != order[0]))
        if len(order) != 2:
            continue
        ep = _endpoint(doc, rec, s, a.start, cues)
        if ep is None:
            continue
        for h, key in ((a, order[0]), (b, order[1])):
            r = _result(doc, by_key[key], ep, h, s)
            if r is not None:
                rec.arm_results.append(r)


def extract(doc: Document, rec: TrialRecord) -> None:
    if len(rec.arms) < 2:
        return
    for s in sentences(doc):
        if s.section in ("background", "references", "table", "methods", "discussion"):
            continue
        _read_sentence(doc, rec, s)
