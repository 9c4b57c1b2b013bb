"""Per-arm results: medians, rates and counts per endpoint, with CI and timepoint."""

from __future__ import annotations

import re
from itertools import pairwise

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import RESPECTIVELY_RE, TIME_TO_EVENT, Clause, Val, analyze, find_cues, unit_kind
from trialkg.ingest.extract._endpoint_lists import listed_values
from trialkg.ingest.extract._numbers import GRADE_RE, TIMEPOINT_RE
from trialkg.ingest.extract._outcome_labels import is_outcome_label, label_words, outcome_span, outcome_value
from trialkg.ingest.extract.effects import names_other_outcome, sentence_endpoint
from trialkg.ingest.extract.endpoints import endpoint_for
from trialkg.ingest.records import Arm, ArmResult, TrialRecord, Value
from trialkg.ingest.text import Sentence, gate, may_match, mention, sentences, to_number
from trialkg.ontology import skos

AE_CONTEXT = re.compile(
    r"\badverse\s+events?\b|\bAEs?\b|\bTEAEs?\b|\bSAEs?\b|\btoxicit|\btoxic\s+effects|\bside\s+effects|"
    r"\bdose\s+reductions?\b|\bdiscontinu|\binterruption",
    re.I,
)
gate(AE_CONTEXT, "adverse", "ae", "toxic", "side", "dose", "discontinu", "interruption")
_TIME_UNITS = {
    "month": 1.0,
    "months": 1.0,
    "mo": 1.0,
    "mos": 1.0,
    "week": 12 / 52,
    "weeks": 12 / 52,
    "wk": 12 / 52,
    "year": 12.0,
    "years": 12.0,
    "yr": 12.0,
    "day": 12 / 365,
    "days": 12 / 365,
}
_UNIT_NAME = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "months": "months",
    "month": "months",
    "mo": "months",
    "mos": "months",
    "hours": "hours",
    "hour": "hours",
    "hr": "hours",
    "hrs": "hours",
    "weeks": "weeks",
    "week": "weeks",
    "wk": "weeks",
    "years": "years",
    "year": "years",
    "days": "days",
    "day": "days",
    "deaths": "deaths",
    "death": "deaths",
    "events": "events",
    "event": "events",
}


def unit_name(unit: str | None) -> str | None:
    return _UNIT_NAME.get(re.sub(r"\s+", " ", unit.lower())) if unit else None


def ae_context(clause: Clause) -> bool:
    """The clause is about adverse events or grades (their numbers are not efficacy results)."""
    text, low = clause.text, clause.sentence.low
    return bool(
        (may_match(AE_CONTEXT, text, low) and AE_CONTEXT.search(text))
        or (may_match(GRADE_RE, text) and GRADE_RE.search(text))
    )


# a list of time points: "at 12 and 18 months", "at 2, 3 and 5 years", "12- and 18-month"
_TP_LIST = re.compile(
    r"\b(?:at|after)\s+(?P<a>\d+(?:\s*,\s*\d+)*(?:\s*,?\s*and\s+\d+))\s+(?P<u>months?|years?|weeks?)\b"
    r"|\b(?P<b>\d+-?(?:\s*,\s*\d+-?)*(?:\s*,?\s*and\s+\d+))-(?P<v>month|year|week)\b",
    re.I,
)
_PAIR_JOIN = re.compile(r"^\s*(?:\(\s*[^()]*\)\s*)?(?:vs\.?|versus)\s*$", re.I)


def _landmark_pairs(
    doc: Document, clause: Clause, arms: list[Arm], before: Sentence | None
) -> dict[int, tuple[str, float]]:
    """Rates at a list of time points, one pair per time point: "Rates at 12 and 18 months were 45.6% vs
    39.5% and 26.2% vs 19.3%, respectively", in a two-arm trial whose arms the sentence before names in
    the order of each pair.  Value id -> (arm, months); empty when the clause is not one."""
    if len(arms) != 2 or not re.search(r"\brespectively\b", clause.sentence.text):
        return {}
    m = _TP_LIST.search(clause.text)
    if m is None:
        return {}
    numbers = [int(x) for x in re.findall(r"\d+", m.group("a") or m.group("b"))]
    unit = (m.group("u") or m.group("v")).lower().rstrip("s")
    months = [round(n * _TIME_UNITS[unit], 2) for n in numbers]
    values = [
        v
        for run in clause.runs
        for v in run.values
        if unit_kind(v.unit) == "percent" and v.start > clause.start + m.end()
    ]
    if len(values) != 2 * len(months):
        return {}
    text = doc.text
    if not all(_PAIR_JOIN.match(text[values[2 * i].ext_end : values[2 * i + 1].start]) for i in range(len(months))):
        return {}
    if before is None:
        return {}
    order = [c.arm for c in find_cues(doc, before.text, before.start, arms)]
    order = [a for i, a in enumerate(order) if a not in order[:i]]
    if len(order) != 2:
        return {}
    out: dict[int, tuple[str, float]] = {}
    for i, mo in enumerate(months):
        out[id(values[2 * i])] = (order[0], mo)
        out[id(values[2 * i + 1])] = (order[1], mo)
    return out


def timepoint(clause: Clause) -> float | None:
    return _text_timepoint(clause.text, clause.sentence.low)


def _text_timepoint(text: str, low: str | None = None) -> float | None:
    """The time point a text names, in months ("at 12 months", "at week 12", "6-month")."""
    m = TIMEPOINT_RE.search(text) if may_match(TIMEPOINT_RE, text, low) else None
    if not m:
        return None
    n = to_number(m.group("n1") or m.group("n2") or m.group("n3") or "")
    u = (m.group("u1") or m.group("u2") or m.group("u3") or "").lower().rstrip("s")
    if n is None:
        return None
    return round(n * _TIME_UNITS.get(u, _TIME_UNITS.get(u + "s", 1.0)), 2)


_PRIMARY_REF = re.compile(r"\bthe\s+primary\s+(?:end\s*-?\s*point|outcome|efficacy\s+end\s*-?\s*point)\b", re.I)
# a percent that is a change of a measure, not a share of patients
_CHANGE = re.compile(
    r"\b(?:chang\w*|reduc\w*|decreas\w*|increas\w*|improv\w*|lower\w*|fell|drop\w*|loss|declin\w*|rise|rose)\b", re.I
)
_RESPONDERS = re.compile(
    r"\b(?:proportion|percentage|share)\s+of\s+(?:the\s+)?(?:patients|participants|subjects)"
    r"|\bresponders?\b|\bresponse\b|\b(?:achiev|reach|attain)\w*"
    r"|\b(?:patients|participants|subjects)\s+(?:who\s+)?(?:had|with)\b",
    re.I,
)
_OF_PATIENTS = re.compile(r"\s*(?:\)\s*)?(?:of\s+(?:the\s+)?(?:patients|participants|subjects))\b", re.I)
# endpoints that are measures (a percent of them is a change, unless a share of patients is said)
_CONTINUOUS = frozenset(
    {
        "glycated-hemoglobin",
        "body-weight",
        "systolic-blood-pressure",
        "trough-fev1",
        "sgrq-total-score",
        "transition-dyspnea-index",
        "dlqi",
        "hamd-total-score",
        "madrs-total-score",
        "panss-total-score",
        "monthly-migraine-days",
        "seizure-frequency",
        "time-in-range",
        "gadolinium-enhancing-lesions",
    }
)
# endpoints defined as shares of responders: a percent of them is a share, whatever "improvement" defines them
_RESPONSE_TYPES = frozenset(
    {
        "easi-75",
        "pasi-75",
        "pasi-90",
        "pasi-100",
        "acr20",
        "acr50",
        "acr70",
        "iga-response",
        "hiscr",
        "hiscr-75",
        "sri-4",
        "bicla",
    }
)
# endpoints that count events: a percent of them is the share of patients with one ("reduced stroke or
# systemic embolism (2.2% vs. 3.3%)"), not a change
_EVENT_TYPES = frozenset(
    {
        "stroke-or-systemic-embolism",
        "major-bleeding",
        "major-adverse-cardiovascular-events",
        "all-cause-mortality",
        "cardiovascular-death",
    }
)
# an outcome named by its events (an untyped endpoint's words): "vascular mortality", "distant relapses"
_EVENT_WORDS = re.compile(
    r"\b(?:mortality|deaths?|hospitali[sz]ations?|relapses?|recurrences?|infections?|fractures?|exacerbations?|"
    r"strokes?|embolism|bleeding|thrombos[ie]s)\b",
    re.I,
)
# endpoints whose results are times: survival, durations, times to an event


# survival said without its name: "patients on A lived a median of 19.6 months", "63% were alive at two years"
_SURVIVAL_WORDS = re.compile(
    r"\b(?:lived|survived)\s+(?:for\s+)?(?:a\s+)?median\s+(?:of\s+)?|\b(?:were|was|remained)\s+(?:still\s+)?alive\b",
    re.I,
)


def _implied_survival(doc: Document, s: Sentence) -> tuple[str, Value[str]] | None:
    m = _SURVIVAL_WORDS.search(s.text) if ("live" in s.low or "alive" in s.low or "surviv" in s.low) else None
    if m is None:
        return None
    a, b = s.start + m.start(), s.start + m.end()
    text = doc.text[a:b].rstrip()
    return "overall-survival", Value(text, mention(doc, a, a + len(text)))


# a median of something the endpoint is not: "Median interval IC to CRT 7 days", "median overall treatment
# time 45 days", "median age", "median number of cycles"
_OTHER_MEDIAN = re.compile(
    r"\bmedian\s+(?:\(\w+\)\s+)?(?:interval|age|duration\s+of\s+(?:treatment|therapy|exposure)|dose|number|"
    r"exposure|(?:overall\s+)?treatment\s+time|cycles?|length|time\s+(?:from|between|on\s+treatment))\b",
    re.I,
)


def _statistic(clause: Clause, v: Val, endpoint: str) -> tuple[str, str | None] | None:
    kind = unit_kind(v.unit)
    text_before = clause.sentence.text[: v.start - clause.sentence.start].lower()
    u = unit_name(v.unit)
    if kind == "time":
        if not TIME_TO_EVENT.search(endpoint) and "median" not in text_before:
            return None  # a time is the result of a time-to-event endpoint only ("to week 12" is not)
        if "mean" in text_before and "median" not in text_before:
            return "mean", u
        return "median", u
    if kind == "percent":
        before = clause.text[: v.start - clause.start]
        # (not "median follow-up", "median age", "median time to ...", "median duration")
        if re.search(
            r"\bmedian\b(?![-\s]+(?:\(\w+\)\s+)?(?:follow|age|time|duration|of\s+\d))(?:[^\d]|[\d.]+\s*%)*$",
            before,
            re.I,
        ):
            return "median", "percent"  # "a median reduction of 52.8%"
        if re.search(r"\b(?:mean|LS\s*mean|least[-\s]squares\s+mean)\b(?![-\s]+(?:follow|age))", before, re.I):
            return "mean", "percent"
        responders = _RESPONDERS.search(clause.text) or _OF_PATIENTS.match(
            clause.sentence.text[v.ext_end - clause.sentence.start :]
        )
        if (
            (_CHANGE.search(before) or v.value < 0 or endpoint in _CONTINUOUS)
            and not responders
            and not (
                (
                    endpoint in _RESPONSE_TYPES
                    or endpoint in _EVENT_TYPES
                    or (" " in endpoint and _EVENT_WORDS.search(endpoint))  # an untyped label's words
                )
                and v.value >= 0
                and not re.search(r"\bby\s+(?:about\s+|nearly\s+|approximately\s+)?$", before, re.I)
            )
        ):
            return None  # a change of a measure ("HbA1c fell by 1.3%"), not a share of patients
        return "rate", "percent"
    if u in ("deaths", "events"):
        return "count", u
    if kind is None and endpoint == "overall-survival" and re.search(r"\bdeaths\b", clause.sentence.text):
        return "count", "deaths"
    return None


# values after these words describe the patients enrolled: "464 patients at 7 sites (61% female ...)"
_DESIGN_LEAD = re.compile(
    r"\b(?:enrol+\w*|randomi[sz]\w*|recruited|baseline|characteristics|demographics?|median\s+age|mean\s+age)\b", re.I
)


def _untyped_outcome(doc: Document, rec: TrialRecord, clause: Clause) -> tuple[str | None, Value[str]] | None:
    """An outcome no endpoint type names, read from the words before a clause's values when one run of them
    compares two groups or more, named in the clause ("41.8% vs 17.8%", "distant relapses occurred in 12%
    and 20% of the A and B arms, respectively"): the endpoint the trial declared in those words, else one
    named by them.  Values each placed by its own group ("41% with A and 25% with B") are left alone: on
    texts never read while writing this, reading those too stated as many wrong values as right ones."""
    runs = [[(v, arm) for v, arm in zip(r.values, r.arms, strict=False) if arm] for r in clause.runs]
    assigned = next((a for a in runs if len({arm for _, arm in a}) >= 2), None)
    if assigned is None or (len({c.arm for c in clause.cues}) < 2 and not clause.respectively):
        return None  # (the groups named in the clause, or by "respectively" in the order named before)
    first = assigned[0][0]
    if any(re.search(r"[<>≤≥⩽⩾]\s*$", doc.text[max(0, v.start - 3) : v.start]) for v, _ in assigned):
        return None  # a threshold of the outcome's name ("BCR-ABL ≤0.01%"), not a group's value
    if _DESIGN_LEAD.search(doc.text[clause.sentence.start : first.start]):
        return None  # who was enrolled, not what happened to them
    span = outcome_span(doc.text[clause.start : first.start], clause.start, [(c.start, c.end) for c in clause.cues])
    if span is None:
        return None
    label = doc.text[span[0] : span[1]]
    if not is_outcome_label(label):
        return None
    words = label_words(label)
    for ep in rec.endpoints:  # the trial's own name for it ("the primary outcome was endoscopic improvement")
        if ep.type is None and label_words(ep.text.value) == words:
            return None, ep.text
    return None, outcome_value(doc, span)


def extract(doc: Document, rec: TrialRecord) -> None:
    if len(rec.arms) < 2:
        return
    previous_endpoint = None
    last_sentence = None
    sents = sentences(doc)
    prev_sentence = {b.start: a for a, b in pairwise(sents)}
    for clause in analyze(doc, rec.arms):
        s = clause.sentence
        if s.section in ("background",):
            continue
        if s is not last_sentence:
            here = sentence_endpoint(doc, s) or _implied_survival(doc, s)
            # "the primary end point was achieved in 44.1% ...": the trial's one primary endpoint
            pm = _PRIMARY_REF.search(s.text) if here is None and "primary" in s.low else None
            primaries = [e for e in rec.endpoints if e.role and e.role.value == "primary"]
            if pm and len(primaries) == 1:
                here = (primaries[0].key, Value(pm.group(), mention(doc, s.start + pm.start(), s.start + pm.end())))
            # every endpoint the sentence names, so that each value takes the one named last before it:
            # "PFS (median, 8.2 vs 6.8 months) and overall survival (median, 14.4 vs 12.2 months)"
            named = [(a, b, n) for a, b, n in skos.find("endpoint-type", s.text, s.start) if n != "safety"]
            listed = listed_values(doc, s, named, rec.arms)
            if (
                here is None
                and previous_endpoint is not None
                and re.search(r"\b(?:median|rate|was|were)\b", s.text, re.I)
                # (not a trait of the patients: "PD-L1-positive tumors were identified in 213 (53%) patients")
                and not re.search(
                    r"\b(?:identified|detected|present|observed)\s+in\s+\d|\b(?:received|underwent|required)\s+(?:an?\s+)?"
                    r"(?:subsequent|prior|additional|further|rescue)\b",
                    s.text,
                    re.I,
                )
                and not names_other_outcome(doc, s)
                and not _OTHER_MEDIAN.search(s.text)
                # (events of its own: "progression, recurrence, or death occurred in 7.4% ...")
                and not re.search(r"\bor\s+death\b|\bdeath\s+or\b", s.text, re.I)
                # (the follow-up's length in each group: "Median follow-up was 16 months in A and ...")
                and not re.match(r"\W*(?:the\s+)?(?:median|mean)\s+(?:duration\s+of\s+)?follow[-\s]?up\b", s.text, re.I)
            ):
                here = previous_endpoint
                carried = True
            else:
                carried = False
            last_sentence = s
            if here is not None:
                previous_endpoint = here
            current = here
        if ae_context(clause):
            continue
        outcome: tuple[str | None, Value[str]] | None = current
        if (current is None or carried) and not named:
            outcome = _untyped_outcome(doc, rec, clause) or current  # its own outcome, not the one carried
        if outcome is None:
            continue
        adverse = skos.find("adverse-event", clause.text, clause.start)
        if any(not any(x <= a and b <= y for x, y, _ in named) for a, b, _ in adverse):
            continue  # an adverse event's numbers (not an endpoint that is one: "major bleeding (5.3% vs 6.2%)")
        tp = timepoint(clause)
        before = prev_sentence.get(clause.sentence.start)
        if tp is None and clause.respectively and not clause.cues and before is not None:
            # "At week 12, A's rates were ..., respectively. The B proportions were ..., respectively": the
            # list goes on in the groups' order, at the time point of the sentence before
            tp = _text_timepoint(before.text) if RESPECTIVELY_RE.search(before.text) else None
        landmarks = _landmark_pairs(doc, clause, rec.arms, prev_sentence.get(clause.sentence.start))
        for run in clause.runs:
            for v, arm in zip(run.values, run.arms, strict=False):
                v_tp: float | None = tp
                if id(v) in landmarks:
                    arm, v_tp = landmarks[id(v)]
                given = listed.get(v.start)
                if given is not None:
                    arm = given[0]
                if arm is None:
                    continue
                endpoint = outcome
                last = max((x for x in named if x[1] <= v.start), key=lambda x: x[1], default=None)
                gap = doc.text[last[1] : v.start] if last is not None else ""
                if (
                    last is not None
                    and last[2] != outcome[0]
                    and len(gap) <= 80
                    and not re.match(r"\s*(?:analysis|analyses|data|events?)\b", gap, re.I)  # "the PFS analysis"
                    # a qualifier, not the subject: "excluding patients with a complete response to induction"
                    and not re.search(
                        r"\b(?:with|without|excluding|after|following|despite)\s+(?:an?\s+|the\s+|prior\s+)?$",
                        doc.text[max(0, last[0] - 30) : last[0]],
                        re.I,
                    )
                    and not re.match(r"\s+(?:to|after|with)\s", gap, re.I)
                ):
                    endpoint = (last[2], Value(doc.text[last[0] : last[1]], mention(doc, last[0], last[1])))
                # "49 (48.0%) partial responses": the endpoint named right after the value is its own
                nxt = next(
                    (
                        x
                        for x in named
                        if 0 <= x[0] - v.ext_end <= 4 and re.fullmatch(r"[\s)\]]*", doc.text[v.ext_end : x[0]])
                    ),
                    None,
                )
                if nxt is not None:
                    endpoint = (nxt[2], Value(doc.text[nxt[0] : nxt[1]], mention(doc, nxt[0], nxt[1])))
                elif last is not None:
                    # "stroke (2.2% vs. 3.3%) and vascular mortality (4.5% vs. 5.3%)": after the named
                    # endpoint's bracket closes, another outcome's own words name the values after them
                    close = doc.text.rfind(")", last[1], v.start)
                    # (only after a bracket of values, not an abbreviation's: "survival (PFS) among women")
                    opened = doc.text.rfind("(", last[1], close) if close >= 0 else -1
                    other = (
                        outcome_span(doc.text[close + 1 : v.start], close + 1, [(c.start, c.end) for c in clause.cues])
                        if close >= 0 and opened >= 0 and re.search(r"\d", doc.text[opened:close])
                        else None
                    )
                    if other is not None and re.search(
                        r"\b(?:among|in|with|for|of)\s+$", doc.text[close + 1 : other[0]], re.I
                    ):
                        other = None  # a population, not an outcome
                    if other is not None and is_outcome_label(doc.text[other[0] : other[1]]):
                        endpoint = (None, outcome_value(doc, other))
                if given is not None:  # a list of endpoints, each given its value in turn
                    a, b, notation = given[1]
                    endpoint = (notation, Value(doc.text[a:b], mention(doc, a, b)))
                st = _statistic(clause, v, endpoint[0] or endpoint[1].value.lower())
                if st is None:
                    continue
                statistic, unit = st
                ep = endpoint_for(rec, endpoint[0], endpoint[1])
                r = ArmResult(
                    arm=arm,
                    endpoint=ep.key,
                    statistic=statistic,
                    value=Value(v.value, mention(doc, v.start, v.end), v.approximate, v.decimals),
                    unit=unit,
                    mention=mention(doc, s.start, s.end),
                    # (a rate's or a mean change's time point: "at week 72"; a median's is none)
                    timepoint_months=(v_tp if v_tp is not None else _text_timepoint(ep.text.value))
                    if statistic in ("rate", "mean")
                    else None,
                )
                if v.ci:
                    r.ci_level = v.ci.level
                    if v.ci.lo is not None:
                        r.ci_lower = Value(v.ci.lo, mention(doc, *v.ci.lo_span), decimals=v.ci.lo_dec)
                    else:
                        r.ci_lower_not_estimable = True
                    if v.ci.hi is not None:
                        r.ci_upper = Value(v.ci.hi, mention(doc, *v.ci.hi_span), decimals=v.ci.hi_dec)
                    else:
                        r.ci_upper_not_estimable = True
                rec.arm_results.append(r)
