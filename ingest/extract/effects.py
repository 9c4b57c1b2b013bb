"""Between-arm effect estimates: hazard, odds and risk ratios with CI, P value and sidedness."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import COMPARED_TO, find_cues
from trialkg.ingest.extract._numbers import (
    BARE_CI_RE,
    BARE_P_RE,
    DIFFERENCE_RE,
    EFFECT_RE,
    P_RE,
    SIGNED_CI_RE,
    find_cis,
    p_value,
    signed,
)
from trialkg.ingest.extract.endpoints import endpoint_for
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import Arm, EffectEstimate, TrialRecord, Value
from trialkg.ingest.text import Sentence, abbreviations, count_word, decimals_of, may_match, mention, sentences
from trialkg.ontology import skos

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
    # "disease progression, recurrence, or death": event-free survival (before "progression or death")
    (re.compile(r"progression,\s+(?:local\s+or\s+distant\s+)?recurrence,?\s+or\s+death", re.I), "event-free-survival"),
    (re.compile(r"disease\s+progression\s+or\s+death|progression\s+or\s+death", re.I), "progression-free-survival"),
    (re.compile(r"recurrence\s+or\s+death|invasive\s+disease(?![-\s]free)", re.I), "disease-free-survival"),
    # (not a death of one cause, nor the first of a composite: "cardiovascular death, MI, or stroke")
    (
        re.compile(
            r"(?<!cardiovascular\s)(?<!cardiac\s)(?<!CV\s)(?<!all-cause\s)(?<!all\scause\s)\bdeath(?:\s+from\s+any\s+cause)?\b"
            r"(?!\s+from\s+(?!any)|\s*,\s*\w|\s+or\s+(?!death))",
            re.I,
        ),
        "overall-survival",
    ),
]


def sentence_endpoint(doc: Document, s: Sentence, before: int | None = None) -> tuple[str, Value[str]] | None:
    """The endpoint a sentence is about: its first endpoint mention (before ``before`` if given)."""
    for a, b, notation in skos.find("endpoint-type", s.text, s.start):
        if before is not None and a >= before:
            break
        if notation == "safety":
            continue
        return notation, Value(doc.text[a:b], mention(doc, a, b))
    return None


# a threshold, not an estimate: "the upper limit of the CI for the hazard ratio was > 1.08", "a noninferiority
# margin of 1.3", "assuming a hazard ratio of 0.70"
_THRESHOLD_MID = re.compile(r"[<>≤≥]|\b(?:less|greater|lower|higher)\s+than\b|\b(?:below|above|exceed)", re.I)
_THRESHOLD_LEAD = re.compile(
    r"\b(?:margin|upper\s+(?:limit|bound)|lower\s+(?:limit|bound)|assum\w*|to\s+detect|power\w*|criterion|"
    r"threshold|hypothesi[sz]ed|target(?:ed)?|if\s+the)\b[^.;]*$",
    re.I,
)


def _endpoints(doc: Document, s: Sentence) -> list[tuple[int, int, str]]:
    """The sentence's endpoint mentions (document offsets), safety left out."""
    return [(a, b, n) for a, b, n in skos.find("endpoint-type", s.text, s.start) if n != "safety"]


def _named(doc: Document, hit: tuple[int, int, str]) -> tuple[str, Value[str]]:
    a, b, notation = hit
    return notation, Value(doc.text[a:b], mention(doc, a, b))


def _endpoint_of(
    doc: Document, s: Sentence, matches: list[re.Match[str]], i: int
) -> tuple[str, Value[str]] | bool | None:
    """The endpoint an estimate is about, read from its sentence: the first endpoint named between the
    previous estimate and its value (the subject of its clause: "OS data were immature at the PFS
    analysis (HR, 0.86)" is about OS); with "respectively" over as many estimates as endpoints, the one
    in the same place of the list.  False when the sentence leaves it ambiguous; None when it names
    none there."""
    hits = _endpoints(doc, s)
    m = matches[i]
    if len(matches) > 1 and re.search(r"\brespectively\b", s.text[m.start() :]):
        distinct: list[tuple[int, int, str]] = []
        for h in hits:
            if h[0] < s.start + matches[0].start() and all(h[2] != d[2] for d in distinct):
                distinct.append(h)
        if len(distinct) == len(matches):
            return _named(doc, distinct[i])
        if len(distinct) > 1:
            return False
    since = s.start + (matches[i - 1].end() if i else 0)
    between = [h for h in hits if since <= h[0] < s.start + m.start("v")]
    return _named(doc, between[0]) if between else None


def _set_p(doc: Document, est: EffectEstimate, pm: re.Match[str], base: int) -> None:
    """The P value ``pm`` found (in a text at document offset ``base``): value, operator, sidedness."""
    est.p_value = Value(
        p_value(pm.group("v")),
        mention(doc, base + pm.start(), base + pm.end()),
        decimals=decimals_of(pm.group("v").split("×")[0].split("x")[0]),
    )
    op = pm.group("op")
    est.p_operator = {"of": "=", "was": "=", "≤": "<=", "≥": ">="}.get(op, op)
    sided = pm.groupdict().get("sided")
    if sided:
        est.sided = 1 if sided.lower().startswith(("one", "1")) else 2


# the same estimate for the next comparison, its name left out: "(HR 0.71, 95% CI 0.58-0.88; p=0.0008) and
# for A 10 mg/kg versus B (0.61, 0.49-0.75; p<0.0001)"
_PARALLEL = re.compile(
    r"\s*[,;]?\s*(?:and|while|whereas)\s+(?P<cmp>[^().;]{3,80}?\b(?:versus|vs\.?|compared\s+with)\b[^().;]{2,60}?)\s*"
    r"\(\s*(?P<v>\d+(?:\.\d+)?)\s*[,;]\s*(?:(?P<lvl>\d+)%\s*CI[,:]?\s*)?"
    r"(?P<lo>\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(?P<hi>\d+(?:\.\d+)?)",
    re.I,
)


def _parallel_estimates(
    doc: Document, s: Sentence, arms: list[Arm], first: EffectEstimate, end: int, controls: set[str]
) -> list[EffectEstimate]:
    """Estimates of the statistic and endpoint of ``first`` for the comparisons the sentence names after it,
    each with its value and CI in brackets and no name of its own."""
    out: list[EffectEstimate] = []
    close = s.text.find(")", end)
    pos = close + 1 if close >= 0 else end
    while (m := _PARALLEL.match(s.text, pos)) is not None:
        pair = _compared_arm(doc, s, arms, m.start("v"), m.start("cmp"), controls)
        if pair is None or pair[1] is None:
            break  # which arms it compares, the text does not say
        v = float(m.group("v"))
        lo, hi = float(m.group("lo")), float(m.group("hi"))
        if not (0 < lo <= v <= hi):
            break
        at = s.start
        est = EffectEstimate(
            endpoint=first.endpoint,
            statistic=first.statistic,
            value=Value(v, mention(doc, at + m.start("v"), at + m.end("v")), decimals=decimals_of(m.group("v"))),
            mention=mention(doc, at + m.start("v"), at + m.end()),
            experimental_arm=pair[0],
            comparator_arm=pair[1],
        )
        est.ci_lower = Value(
            lo, mention(doc, at + m.start("lo"), at + m.end("lo")), decimals=decimals_of(m.group("lo"))
        )
        est.ci_upper = Value(
            hi, mention(doc, at + m.start("hi"), at + m.end("hi")), decimals=decimals_of(m.group("hi"))
        )
        est.ci_level = float(m.group("lvl")) if m.group("lvl") else first.ci_level
        close = s.text.find(")", m.end())
        pm = P_RE.search(s.text, m.end(), close if close >= 0 else min(len(s.text), m.end() + 40))
        if pm:
            _set_p(doc, est, pm, at)
        out.append(est)
        if close < 0:
            break
        pos = close + 1
    return out


def _compared_arm(
    doc: Document, s: Sentence, arms: list[Arm], at: int, since: int, controls: set[str]
) -> tuple[str, str | None] | None:
    """In a trial of several experimental arms, the one an estimate compares: the arm named last before
    its value, after the previous estimate ("the 75-mg group (HR, 0.59 ...) and the 150-mg group (HR,
    0.64 ...)"), with the arm it is compared with when the text names it ("STRIDE versus sorafenib").
    None when no arm is named there."""
    text = s.text[since:at]
    cues = find_cues(doc, text, s.start + since, arms)
    # "the hazard ratio for STRIDE versus sorafenib": the arm before "versus" is compared with the one after
    vs = [x.start() + s.start + since for x in COMPARED_TO.finditer(text)]
    if vs and cues:
        before = [c for c in cues if c.end <= vs[-1]]
        after = [c for c in cues if c.start >= vs[-1]]
        if before and after and before[-1].arm != after[0].arm:
            return before[-1].arm, after[0].arm
    named = [c.arm for c in cues if c.arm not in controls]
    return (named[-1], None) if named else None


# the words of an outcome's name ("time until definitive deterioration", "global health status score"), not of
# a population or a design ("intention-to-treat", "Eastern Cooperative Oncology Group")
_OUTCOME_WORDS = re.compile(
    r"\b(?:time|rate|score|survival|deterioration|response|remission|progression|event|death|mortality|"
    r"hospitali[sz]\w*|change|improvement|reduction|frequency|duration|index|scale|questionnaire|status)\b",
    re.I,
)


def names_other_outcome(doc: Document, s: Sentence) -> bool:
    """The sentence names, before its first number, an outcome the document defined by an abbreviation
    that no endpoint type, drug or arm is ("TUDD" for "time until definitive deterioration"): its values
    are that outcome's, not the endpoint of the sentence before."""
    first = re.search(r"\d", s.text)
    head = s.text[: first.start()] if first else s.text
    for short, long in abbreviations(doc).items():
        if (
            len(short) >= 3
            and _OUTCOME_WORDS.search(long)
            and count_word(head, short)
            and not skos.find("endpoint-type", long)
            and not skos.find("endpoint-type", short)
            and not find_drugs(long)
        ):
            return True
    return False


def extract(doc: Document, rec: TrialRecord) -> None:
    arms = rec.arms
    exp = next((a.key for a in arms if a.role == "experimental"), None)
    ctl = next((a.key for a in arms if a.role == "control"), None)
    controls = {a.key for a in arms if a.role == "control"}
    several = sum(1 for a in arms if a.role != "control") >= 2
    previous: tuple[str, Value[str]] | None = None
    for s in sentences(doc):
        if s.section == "background":
            continue
        here = sentence_endpoint(doc, s)
        matches = list(EFFECT_RE.finditer(s.text)) if may_match(EFFECT_RE, s.text) else []
        if may_match(DIFFERENCE_RE, s.text, s.low):
            # between-arm differences, not "no difference" and not inside an estimate already read
            diffs = [
                d
                for d in DIFFERENCE_RE.finditer(s.text)
                if not re.search(r"\bno\s+(?:\w+\s+)?$", s.text[max(0, d.start() - 30) : d.start()], re.I)
                and not any(e.start() <= d.start() < e.end() for e in matches)
            ]
            matches = sorted([*matches, *diffs], key=lambda x: x.start())
        last: tuple[str, Value[str]] | None = None
        for i, m in enumerate(matches):
            mid = m.group("mid") or ""
            if re.search(r"positive|negative|\+|receptor", mid, re.I):
                continue
            stat_text = re.sub(r"\s+", " ", m.group("stat")).lower()
            is_difference = stat_text.endswith("difference")
            stat = "difference" if is_difference else _STAT[stat_text]
            if _THRESHOLD_MID.search(mid) or _THRESHOLD_LEAD.search(s.text[max(0, m.start() - 80) : m.start("v")]):
                continue
            limit = matches[i + 1].start() if i + 1 < len(matches) else len(s.text)
            tail = s.text[m.end() : limit]
            endpoint: tuple[str, Value[str]] | None = None
            # "hazard ratio for disease progression or death, 0.75" or "... the hazard for disease
            # progression or death (HR, 0.75)": the event names the endpoint
            lead = s.text[max(0, m.start() - 200) : m.start()]
            for span_text, offset in ((mid, m.start("mid")), (lead, max(0, m.start() - 200))):
                for rx, notation in _EVENT_ENDPOINT:
                    if notation != "event-free-survival" and span_text is lead:
                        span_text, offset = lead[-80:], max(0, m.start() - 80)  # other events: named near it
                    em = rx.search(span_text)
                    if em and endpoint is None:
                        a, b = s.start + offset + em.start(), s.start + offset + em.end()
                        endpoint = (notation, Value(doc.text[a:b], mention(doc, a, b)))
            if endpoint is None:
                named = _endpoint_of(doc, s, matches, i)
                if named is False:
                    continue  # which endpoint is which the sentence does not say
                endpoint = named or (last if i else here)  # type: ignore[assignment]
                if (
                    endpoint is None
                    and not is_difference
                    and not names_other_outcome(doc, s)
                    # (a ratio of an adverse event's rates is that event's: "neuropathy occurred less often
                    # ... (34%; odds ratio, 0.50)", never the endpoint of the sentence before)
                    and not skos.find("adverse-event", s.text[: m.start()])
                ):
                    endpoint = previous  # a ratio may name its endpoint in the sentence before; a difference not
            if endpoint is None:
                continue
            experimental, comparator = exp, ctl
            if several and re.search(r"\brespective(?:ly)?\b", s.text, re.I):
                continue  # "differences of -3.8 and -3.7, respectively": which arm each is, a list tells
            if several:
                since = matches[i - 1].end() if i else 0
                pair = _compared_arm(doc, s, arms, m.start("v"), since, controls)
                if pair is None:
                    continue  # which of the experimental arms is compared, the text does not say here
                experimental, comparator = pair[0], pair[1] or ctl
            v = signed(m.group("v")) if is_difference else float(m.group("v").replace(",", ""))
            if not is_difference and v <= 0:
                continue  # a ratio is positive: "0" is a misread ("0·58" in a text that lost its decimal point)
            est = EffectEstimate(
                endpoint=endpoint_for(rec, endpoint[0], endpoint[1]).key,
                statistic=stat,
                value=Value(
                    v, mention(doc, s.start + m.start(), s.start + m.end()), decimals=decimals_of(m.group("v"))
                ),
                mention=mention(doc, s.start + m.start(), s.start + m.end() + len(tail.rstrip(" ;,.)]"))),
                experimental_arm=experimental,
                comparator_arm=comparator,
            )
            ci_end = 0
            sm = SIGNED_CI_RE.search(tail[:90]) if is_difference else None
            if sm is not None and re.fullmatch(r"[\s(\[,;:]*", tail[: sm.start()]):
                base = s.start + m.end()
                lo, hi = sm.group("lo"), sm.group("hi")
                est.ci_lower = Value(
                    signed(lo),
                    mention(doc, base + sm.start("lo"), base + sm.end("lo")),
                    decimals=decimals_of(lo.lstrip("−–- ")),
                )
                est.ci_upper = Value(
                    signed(hi),
                    mention(doc, base + sm.start("hi"), base + sm.end("hi")),
                    decimals=decimals_of(hi.lstrip("−–- ")),
                )
                est.ci_level = float(sm.group("level"))
                ci_end = sm.end()
            for ci in find_cis(tail[:90], s.start + m.end()) if not ci_end else ():
                if ci.lo is not None:
                    est.ci_lower = Value(ci.lo, mention(doc, *ci.lo_span), decimals=ci.lo_dec)
                if ci.hi is not None:
                    est.ci_upper = Value(ci.hi, mention(doc, *ci.hi_span), decimals=ci.hi_dec)
                est.ci_level = ci.level
                ci_end = ci.end - s.start - m.end()
                break
            else:
                bm = BARE_CI_RE.match(tail) if not ci_end else None
                if bm:  # the level is the one the estimate was introduced with, else unstated
                    base = s.start + m.end()
                    lo, hi = bm.group("lo"), bm.group("hi")
                    est.ci_lower = Value(
                        float(lo), mention(doc, base + bm.start("lo"), base + bm.end("lo")), decimals=decimals_of(lo)
                    )
                    est.ci_upper = Value(
                        float(hi), mention(doc, base + bm.start("hi"), base + bm.end("hi")), decimals=decimals_of(hi)
                    )
                    est.ci_level = float(m.group("lead_level")) if m.group("lead_level") else None
                    ci_end = bm.end()
            pm = P_RE.search(tail[:140])
            if pm is None and ci_end:
                pm = BARE_P_RE.match(tail, ci_end)
            if pm:
                _set_p(doc, est, pm, s.start + m.end())
            rec.effects.append(est)
            last = endpoint
            if several and not is_difference and i == len(matches) - 1:
                rec.effects.extend(_parallel_estimates(doc, s, arms, est, m.end(), controls))
        if here:
            previous = here
