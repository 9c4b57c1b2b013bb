"""Trial design: phase, design features, allocation ratio, N randomized, sites, countries,
median follow-up, stratification factors, enrollment period."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._numbers import FOLLOWUP_RE
from trialkg.ingest.metadata import MONTHS
from trialkg.ingest.records import TrialRecord, Value
from trialkg.ingest.text import (
    NUMBER_AHEAD,
    NUMBER_INITIALS,
    WORD_NUMBER_RE,
    abbreviations,
    decimals_of,
    expand_abbreviations,
    gate,
    may_match,
    mention,
    sentences,
    to_number,
)
from trialkg.ontology import skos

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
PHASE_RE = re.compile(r"\bphase\s*(?P<p>[1-4]|IV|I{1,3})(?P<sub>[ab])?(?:\s*/\s*(?P<p2>[1-4]|I{1,3}))?\b", re.I)
# a ratio of two or more arms: "1:1", "2:1", "1:1:1", "2:2:2:1"
_R = r"\d{1,2}(?:\s*:\s*\d{1,2}){1,5}"
RATIO_RE = re.compile(
    rf"(?:\b(?:in\s+an?\s+|at\s+an?\s+|\()(?P<r1>{_R})(?:\s+ratio|\))"
    rf"|\b(?P<r2>{_R})\s+(?:ratio|allocation|randomi[sz]ation|fashion)"
    rf"|\b(?:randomi[sz]ed|randomly\s+assigned|allocated)\s+(?:\(?\s*)(?P<r3>{_R}))",
    re.I,
)
_N = rf"(?<!hundred\s)(?<!Hundred\s)(?<!thousand\s)(?P<n>\d[\d,]*|{WORD_NUMBER_RE})"  # not "...hundred eighteen"
_PEOPLE = r"(?:patients|participants|women|men|subjects|individuals|adults|children|pts)"
# up to three words between a number and its noun ("945 previously untreated patients"), none of them part
# of the number ("Seven hundred eighteen patients" is not 7)
_FILLER = (
    r"(?:(?!(?:hundred|thousand|and|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety)\b)[a-z-]+\s+){0,3}"
)
RANDOMIZED_RE = [
    # "240 patients from sites in Asia and Europe were randomly assigned", "674 patients (primarily Asian) were
    # randomly assigned", "1566 patients enrolled on the trial and were randomly assigned"
    re.compile(
        rf"(?=[a{NUMBER_INITIALS}])(?<!\d\sand\s)(?<![^\d]\d,\s)(?<![^\d]\d\d,\s)(?<![^\d]\d\d\d,\s)\b(?:a\s+total\s+of\s+)?{_N}\s+"
        rf"{_FILLER}{_PEOPLE}\s+(?:\([^()\d]*\)\s+)?(?:[^.;\d]{{0,80}}?\s+)?(?:who\s+)?"
        r"(?:underwent\s+randomi[sz]ation|were\s+(?:centrally\s+|actually\s+)?(?:enrolled\s+and\s+)?"
        r"(?:randomly\s+assigned|randomi[sz]ed|allocated))"
        r"(?!\s+but\s+not)",  # "3 patients were randomized but not treated": not the trial's number
        re.I,
    ),
    # "We randomly assigned 945 previously untreated patients"
    re.compile(rf"\b(?:randomly\s+assigned|randomi[sz]ed|allocated)\s+{_N}\s+{_FILLER}{_PEOPLE}", re.I),
    # "Patients (n = 507) were randomized"
    re.compile(
        rf"\b{_PEOPLE}\s*\(\s*[nN]\s*=\s*{_N}\s*\)\s+(?:[^.;()\d]{{0,80}}?\s+)?were\s+(?:randomly\s+assigned|randomi[sz]ed)",
        re.I,
    ),
    # "the randomized, placebo-controlled MONARCH 2 trial of 669 patients"
    re.compile(rf"\brandomi[sz]ed\b[^.;]{{0,80}}?\btrial\s+(?:of|in|including|involving)\s+{_N}\s+{_PEOPLE}", re.I),
    re.compile(
        rf"(?=[a{NUMBER_INITIALS}])(?<!\d\sand\s)(?<![^\d]\d,\s)(?<![^\d]\d\d,\s)(?<![^\d]\d\d\d,\s)\b(?:a\s+total\s+of\s+)?{_N}\s+(?:patients|participants|women|men|subjects|individuals)\s+(?:who\s+)?(?:underwent\s+randomi[sz]ation|were\s+(?:randomly\s+assigned|randomi[sz]ed|allocated))",
        re.I,
    ),
    re.compile(
        rf"\b(?:randomly\s+assigned|randomi[sz]ed|allocated)\s+{_N}\s+(?:patients|participants|women|men|subjects)",
        re.I,
    ),
    re.compile(
        rf"{NUMBER_AHEAD}\b{_N}\s+(?:randomi[sz]ed|randomly\s+assigned)\s+(?:patients|participants|women|men)", re.I
    ),  # "Among 2184 randomized pts", "(n=1755 randomised and treated)", "randomized patients (N=1842)"
    re.compile(rf"{NUMBER_AHEAD}\b{_N}\s+randomi[sz]ed\s+{_PEOPLE}\b", re.I),
    re.compile(rf"\(\s*n\s*=\s*{_N}\s+randomi[sz]ed\b", re.I),
    re.compile(rf"\brandomi[sz]ed\s+{_PEOPLE}\s*\(\s*n\s*=\s*{_N}\s*\)", re.I),
    # "There were 1030 patients randomized 1:1", "513 were randomized" (not "... randomized to <an arm>")
    re.compile(
        rf"(?<!\d\sand\s){NUMBER_AHEAD}\b{_N}\s+(?:{_FILLER}{_PEOPLE}\s+|were\s+)"
        rf"(?:randomi[sz]ed|randomly\s+assigned)\b(?!\s+(?:to|in|into)\b)",
        re.I,
    ),
    # "randomizing <population> (N=565) 1:1 to ..."
    re.compile(
        rf"\brandomi[sz]ing\b(?:[^.;]|\.(?=\d)){{0,200}}?\(\s*n\s*=\s*{_N}\s*\)\s*(?:{_R}\s+)?(?:to|in)\b", re.I
    ),
    # "a randomized, double-blind trial comparing A with B in 21,105 patients with ..."
    re.compile(
        rf"\brandomi[sz]ed\b[^.;]{{0,40}}?\b(?:trial|study)\b[^.;\d]{{0,120}}?\b(?:in|of|involving|including)\s+"
        rf"{_N}\s+{_FILLER}{_PEOPLE}",
        re.I,
    ),
]
# "245 patients were randomized to receive A and 243 received B": the first arm's size, not the trial's
_PER_ARM_SPLIT = re.compile(
    r"(?:\s+were\s+(?:randomly\s+assigned|randomi[sz]ed))?\s+to\b(?:(?!\bor\b)[^.;])*?\band\s+\d[\d,]*\s+"
    r"(?:patients|participants|to\b|received|were\s+(?:randomi|assigned))"
)
ENROLLED_RES = [
    re.compile(rf"\b(?:enrolled|included|recruited|involved)\s+(?:a\s+total\s+of\s+)?{_N}\s+{_FILLER}{_PEOPLE}", re.I),
    # "706 adult patients with a SALT score of 50 or greater were included"
    re.compile(
        rf"(?=[a{NUMBER_INITIALS}])\b(?:a\s+total\s+of\s+)?{_N}\s+{_FILLER}{_PEOPLE}\s+(?:(?:with|who)\b[^.;]{{0,60}}?\s+)?"
        r"were\s+(?:enrolled|included|recruited)",
        re.I,
    ),
]
# a registry record's enrollment field, across line breaks: "Actual Enrollment : | 122 participants",
# "Enrollment\n229", "Target enrollment\n\n937 participants"
ENROLLMENT_FIELD = re.compile(
    r"(?m)^\W*(?:Actual\s+|Target\s+)?[Ee]nrollment\s*(?:\(\s*Actual\s*\))?\s*[:|]?\s*[:|]?\s*"
    r"(?P<n>\d[\d,]*)(?:\s+participants)?\s*\|?\s*$"
)
for _rx in ENROLLED_RES:
    gate(_rx, "enrolled", "included", "recruited", "involved")
_RANDOMIZED_ACT = re.compile(
    r"\b(?:were|was|been|are|is)\s+(?:centrally\s+|then\s+)?(?:randomly\s+(?:assigned|allocated)|randomi[sz]ed)\b"
    r"|\brandomi[sz]ed\s+(?:\(?\d+:\d+\)?\s+)?to\s+(?:receive|one\s+of|either)\b"
    r"|\bwe\s+(?:randomly\s+(?:assigned|allocated)|randomi[sz]ed)\b|\brandomi[sz]ing\s+\w",
    re.I,
)
GROUPS_RE = re.compile(
    rf"\b(?:were\s+)?(?:randomly\s+)?(?:assigned|allocated|divided|randomi[sz]ed)\s+(?:in)?to\s+(?:one\s+of\s+)?"
    rf"(?:{WORD_NUMBER_RE}|\d)\s+(?:\w+\s+)?(?:groups|arms)\b",
    re.I,
)
SITES_RE = re.compile(rf"\b{_N}\s+(?:sites|centers|centres|hospitals|institutions)\b", re.I)
COUNTRIES_RE = re.compile(rf"\b(?:in|across|from)\s+{_N}\s+countries\b", re.I)
STRAT_RE = re.compile(
    r"\b(?:[Rr]andomi[sz]ation\s+was\s+stratified|[Ss]tratified|[Ss]tratification\s+factors?)\s+"
    r"(?:were|was|included|includes|by|according\s+to|for)\s+(?:the\s+)?(?P<list>[^.]+)"
)
PERIOD_RE = re.compile(
    r"\b(?:[Bb]etween|[Ff]rom)\s+(?P<m1>[A-Z][a-z]+)\s+(?P<y1>(?:19|20)\d\d)\s+(?:and|to|through)\s+(?P<m2>[A-Z][a-z]+)\s+(?P<y2>(?:19|20)\d\d)"
)
gate(PERIOD_RE, "etween", "rom")  # (case-sensitive: "[Bb]etween", "[Ff]rom")


def _int(s: str) -> int | None:
    n = to_number(s.replace(",", ""))
    return int(n) if n is not None else None


def split_list(text: str) -> list[tuple[int, int]]:
    """Spans of the items of "a, b, and c" (or "a and b" when there are no commas)."""
    items: list[tuple[int, int]] = []
    parts = re.split(r",\s*(?:and\s+|or\s+)?", text) if "," in text else re.split(r"\s+and\s+", text)
    pos = 0
    for p in parts:
        i = text.find(p, pos)
        pos = i + len(p)
        p2 = re.sub(r"^(?:and|or)\s+", "", p)
        i += len(p) - len(p2)
        if p2.strip():
            items.append((i, i + len(p2.rstrip())))
    return items


_THIS_TRIAL = re.compile(
    r"\b(?:this|the\s+present)\s+(?:[\w,-]+\s+){0,5}?phase\b"
    r"|\b(?:we|here)\b[^.;]{0,40}?\b(?:report|present|conducted|did|performed|describe|undertook)\b[^.;]{0,150}?\bphase\b",
    re.I,
)


def extract(doc: Document, rec: TrialRecord) -> None:
    abbr = abbreviations(doc)
    phase_elsewhere = False  # the phase found was given as another trial's ("in a phase 1 trial")
    sents = sentences(doc)
    for s in sents:
        low = s.low  # each pattern below is tried only where a word it needs appears
        # (a phase of this trial, "In this part of a multipart, phase 3 trial", replaces one of an earlier
        # trial the background names, "showed efficacy in a phase 1 trial")
        own = [n.value for n in [*rec.nct_ids, *rec.acronyms] if n.value in s.text]
        this = bool(_THIS_TRIAL.search(s.text)) or bool(own)  # (a sentence naming the trial is about it)
        if "phase" in low and (rec.phase is None or (phase_elsewhere and this)):
            m = PHASE_RE.search(s.text)
            if m and this and rec.phase is not None:
                m = next(
                    (
                        x
                        for x in PHASE_RE.finditer(s.text)
                        if _THIS_TRIAL.search(s.text[: x.end() + 1]) or any(n in s.text[: x.start()] for n in own)
                    ),
                    m,
                )
            if m and re.search(r"\b(?:trial|study)\b", s.text[m.end() : m.end() + 80], re.I):
                phase_elsewhere = bool(
                    re.search(r"\b(?:in|from)\s+an?\s+(?:[\w-]+\s+){0,2}$", s.text[: m.start()], re.I)
                )
                p = _ROMAN.get(m.group("p").lower(), m.group("p"))
                if m.group("p2"):
                    p = f"{p}/{_ROMAN.get(m.group('p2').lower(), m.group('p2'))}"
                rec.phase = Value(p, mention(doc, s.start + m.start(), s.start + m.end()))
        for a, b, notation in skos.find("design-feature", s.text, s.start):
            after = doc.text[b : b + 90]
            if notation == "international" and doc.text[a].isupper() and not re.match(r",", after):
                continue
            if (
                re.search(r"\b(?:trial|study)\b", after.split(".")[0], re.I)
                or (
                    notation == "randomized"
                    and re.search(r"randomly\s+assigned|were\s+randomi", doc.text[a : b + 10], re.I)
                )
            ) and all(v.value != notation for v in rec.design_features):
                rec.design_features.append(Value(notation, mention(doc, a, b)))
        # "patients were randomized 1:1 to ...", "we randomly assigned ...", "randomizing ... to": the trial
        # is randomized, whatever word the text gives its design
        if "random" in low and s.section != "background" and all(v.value != "randomized" for v in rec.design_features):
            rm = _RANDOMIZED_ACT.search(s.text)
            if rm:
                rec.design_features.append(Value("randomized", mention(doc, s.start + rm.start(), s.start + rm.end())))
        gm = GROUPS_RE.search(s.text) if "groups" in low or "arms" in low else None
        if gm and all(v.value != "parallel-group" for v in rec.design_features):
            rec.design_features.append(Value("parallel-group", mention(doc, s.start + gm.start(), s.start + gm.end())))
        if rec.allocation_ratio is None and ":" in low:
            m = RATIO_RE.search(s.text)
            if m:
                g = next(x for x in ("r1", "r2", "r3") if m.group(x))
                ratio = re.sub(r"\s+", "", m.group(g))
                rec.allocation_ratio = Value(ratio, mention(doc, s.start + m.start(g), s.start + m.end(g)))
        if rec.randomized_count is None and ("random" in low or "allocated" in low):
            for rx in RANDOMIZED_RE:
                m = rx.search(s.text)
                if m and (re.match(r"\s+but\s+not\b", s.text[m.end() :]) or _PER_ARM_SPLIT.match(s.text[m.end() :])):
                    continue  # "3 patients were randomized but not treated"; one arm's number
                if m and rx is RANDOMIZED_RE[-1] and re.match(r"\s*In\s+an?\b", s.text):
                    continue  # "In a randomized study of 1,200 patients, drug Y ...": another trial
                if m and re.search(
                    r"\b(?:first|initial|last)\s+$", s.text[max(0, m.start("n") - 12) : m.start("n")], re.I
                ):
                    continue  # "among the first 602 randomized patients": an analysis set, not the trial's number
                if m and (n := _int(m.group("n"))):
                    rec.randomized_count = Value(n, mention(doc, s.start + m.start(), s.start + m.end()))
                    break
        for rx, attr, words in (
            (SITES_RE, "site_count", ("sites", "cent", "hospitals", "institutions")),
            (COUNTRIES_RE, "country_count", ("countries",)),
        ):
            m = rx.search(s.text) if any(w in low for w in words) else None
            if m and getattr(rec, attr) is None and (n := _int(m.group("n"))):
                setattr(rec, attr, Value(n, mention(doc, s.start + m.start(), s.start + m.end())))
        m = FOLLOWUP_RE.search(s.text) if may_match(FOLLOWUP_RE, s.text, low) else None
        if m and rec.median_follow_up_months is None:
            v = float(m.group("v").replace(",", "")) * (12.0 if m.group("u").lower().startswith("y") else 1.0)
            rec.median_follow_up_months = Value(
                v,
                mention(doc, s.start + m.start(), s.start + m.end()),
                decimals=decimals_of(m.group("v")) if v == float(m.group("v").replace(",", "")) else None,
            )
        m = STRAT_RE.search(s.text) if "strati" in low else None
        if m and not rec.stratification_factors:
            base = s.start + m.start("list")
            for a, b in split_list(m.group("list")):
                item = expand_abbreviations(m.group("list")[a:b], abbr)
                rec.stratification_factors.append(Value(item, mention(doc, base + a, base + b)))
        m = PERIOD_RE.search(s.text) if rec.enrollment_start is None and may_match(PERIOD_RE, s.text) else None
        if m:
            m1, m2 = MONTHS.get(m.group("m1").lower()), MONTHS.get(m.group("m2").lower())
            if m1 and m2:
                men = mention(doc, s.start + m.start(), s.start + m.end())
                rec.enrollment_start = Value(f"{m.group('y1')}-{m1:02d}", men)
                rec.enrollment_end = Value(f"{m.group('y2')}-{m2:02d}", men)
    if rec.randomized_count is None and any(v.value == "randomized" for v in rec.design_features):
        for s in sents:
            hit = next((m for rx in ENROLLED_RES if may_match(rx, s.text, s.low) and (m := rx.search(s.text))), None)
            if hit and (n := _int(hit.group("n"))):
                rec.randomized_count = Value(n, mention(doc, s.start + hit.start(), s.start + hit.end()))
                break
        else:
            fm = ENROLLMENT_FIELD.search(doc.text) if "nrollment" in doc.text else None
            if fm and (n := _int(fm.group("n"))):
                rec.randomized_count = Value(n, mention(doc, fm.start(), fm.end()))
