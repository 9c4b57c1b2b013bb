"""Adverse events by term, grade and arm (percent of patients or count)."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import Clause, Run, analyze, unit_kind
from trialkg.ingest.extract._numbers import GRADE_RE, grade_of
from trialkg.ingest.records import AdverseEvent, TrialRecord, Value
from trialkg.ingest.text import may_match, mention
from trialkg.ontology import skos

_ATTRIBUTION = re.compile(
    r"(?:(?:hospitali[sz]ations?|admissions?)\s+(?:for|due\s+to|with|from)(?:\s+[\w-]+(?:\s+(?:or|and))?){0,3}|from|due\s+to|mainly|predominantly|primarily|mostly|most\s+commonly|driven\s+by|"
    r"including|such\s+as|notably)[\s,]*(?:from\s+|by\s+)?$",
    re.I,
)
_NOT_AE_RATE = re.compile(
    r"\b(?:led\s+to|leading\s+to|resulted\s+in|discontinu|dose\s+reductions?|interruptions?|"
    r"delays?|deaths?\s+were)\b",
    re.I,
)


def _terms(clause: Clause) -> list[tuple[int, str]]:
    """(offset, notation) of AE terms in the clause, leaving out attributions ("mainly from X")."""
    out = []
    attributed_end = -1  # the end of the last term an attribution names
    text = clause.sentence.text
    prev_end = -1
    for a, b, notation in skos.find("adverse-event", clause.text, clause.start):
        # "drug-related adverse events (AEs)": the short name in brackets is the term before it
        short = prev_end >= 0 and re.fullmatch(
            r"\s*\(\s*", text[prev_end - clause.sentence.start : a - clause.sentence.start]
        )
        prev_end = b
        if short:
            continue
        before = text[max(0, a - clause.sentence.start - 50) : a - clause.sentence.start]
        # (the other items of its list too: "such as ataxia, dizziness, somnolence and vertigo")
        if (
            _ATTRIBUTION.search(before)
            or _ATTRIBUTED_ITEM.search(text[max(0, a - clause.sentence.start - 70) : a - clause.sentence.start])
            or (
                attributed_end >= 0
                and _LIST_GAP.fullmatch(text[attributed_end - clause.sentence.start : a - clause.sentence.start])
            )
        ):
            attributed_end = b
            continue
        out.append((a, notation))
    return out


# a later item of an attribution's list whose first items the vocabulary lacks ("such as ataxia, dizziness")
_ATTRIBUTED_ITEM = re.compile(
    r"\b(?:including|such\s+as|notably|mainly|mostly|predominantly|primarily)\s+"
    r"(?:[A-Za-z][\w-]*\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){1,2}$",
    re.I,
)
# what stands between the items of a list of terms: commas, "and", "or", a name the vocabulary lacks
_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|or)\s+)?(?:[A-Za-z][\w-]*\s*(?:,\s*|\s+(?:and|or)\s+)){0,2}")


def _term_for(run: Run, terms: list[tuple[int, str]], carried: str | None, bracketed: bool = False) -> str | None:
    """The term named closest before the run ("neutropenia (59.3% vs 0.9%)"), else the term the clause
    before left off with ("AEs occurred in 37% ..., and 58% receiving C, with X in ..."), else the
    clause's first."""
    before = [t for t in terms if t[0] < run.values[0].start]
    if before:
        return before[-1][1]
    if carried is not None:
        return carried
    if bracketed:
        return None  # "anaemia (12% vs 5%), fatigue (...)": the bracket's name is a term the vocabulary lacks
    return terms[0][1] if terms else None


_LIST_HEAD = re.compile(r"(?:\b(?:were|was|included|including|comprised)|:)(?:\s+\w+ly)?\s*$", re.I)


def _list_grades(first: Clause) -> list[tuple[int, list[str]]]:
    """The grade of a sentence whose subject is a grade and whose terms follow as a list ("Key grade >=3
    adverse events were febrile neutropenia (32% vs 29%), ..."): named before the sentence's first term,
    and the words before that term end with "were", "included", ":"."""
    grades = _grades(first)
    if len(grades) != 1:
        return []
    s = first.sentence
    listed = [a for a, _ in _terms(first) if a > grades[0][0] and _LIST_HEAD.search(s.text[: a - s.start])]
    return grades if listed else []


def _grades(clause: Clause) -> list[tuple[int, list[str]]]:
    if not may_match(GRADE_RE, clause.text):
        return []
    return [(m.start() + clause.start, grade_of(m)) for m in GRADE_RE.finditer(clause.text)]


def _assign(
    run: Run,
    grades: list[tuple[int, list[str]]],
    arms: list[str],
    respectively: bool,
    text: str,
    term_starts: tuple[int, ...] = (),
) -> list[tuple[str | None, str]]:
    """(arm, grade) for each value of the run (a grade on an earlier line does not reach it: "Grade >=3 AE:
    44.6% vs 42.9%" then "Serious AEs: 19.1% vs 10.5%")."""
    m = len(run.values)
    start = run.values[0].start
    grades = [(pos, g) for pos, g in grades if pos >= start or "\n" not in text[pos:start]]
    # a grade after the run that heads a later term is that term's: "irAEs (37.0% vs. 26.5%) and Grade >=3 irAEs"
    end = run.values[-1].ext_end
    # (when the run has its term before it; "80% had grade 3 adverse events" is the grade of its own term)
    if any(t < start for t in term_starts):
        grades = [(pos, g) for pos, g in grades if pos < start or not any(end <= t <= pos + 30 for t in term_starts)]
    before = [g for pos, g in grades if pos < start]
    glist = before[-1] if before else (grades[0][1] if grades else ["any"])
    adjacent = [c for c in run.right_cues if c.start - run.values[-1].ext_end <= 60] or run.left_cues[-1:]
    adjacent_arms = list(dict.fromkeys(c.arm for c in adjacent))
    if len(glist) == m and m > 1 and len(adjacent_arms) == 1:
        return [(adjacent_arms[0], g) for g in glist]  # "79.7% and 10.0% ..., respectively, in the X group"
    if len(glist) > 1 and m == len(glist) * len(arms) and respectively:
        names = [c.arm for c in run.right_cues] or arms
        names = list(dict.fromkeys(names))
        if len(names) == len(arms):
            return [(names[i // len(glist)], glist[i % len(glist)]) for i in range(m)]
    grade = glist[0] if len(glist) == 1 else "-".join(glist)
    return [(a, grade) for a in run.arms]


def extract(doc: Document, rec: TrialRecord) -> None:
    if len(rec.arms) < 2:
        return
    keys = [a.key for a in rec.arms]
    carry_term: str | None = None
    carry_grades: list[tuple[int, list[str]]] = []
    last_sentence = None
    seen: set[tuple[str, str, str]] = set()
    list_grades: list[tuple[int, list[str]]] = []  # a grade that heads a sentence's list of terms
    for clause in analyze(doc, rec.arms):
        if clause.sentence is not last_sentence:
            carry_term, carry_grades, last_sentence = None, [], clause.sentence
            list_grades = _list_grades(clause)
        terms = _terms(clause)
        carried, carried_grades = carry_term, carry_grades
        carry_grades = _grades(clause)
        if not terms and carry_term is not None:
            terms = [(clause.start, carry_term)]
        if not terms:
            continue
        carry_term = terms[-1][1]
        if not clause.runs:
            continue
        if _NOT_AE_RATE.search(clause.text):
            # a discontinuation is a term of its own ("adverse events leading to discontinuation"); other
            # rates of a clause about discontinuations, dose changes or deaths are not the term's
            terms = [t for t in terms if t[1] == "ae-leading-to-discontinuation"]
            if not terms:
                continue
        grades = _grades(clause)
        for run in clause.runs:
            opened = doc.text[max(clause.sentence.start, run.values[0].start - 3) : run.values[0].start]
            term = _term_for(run, terms, carried, bracketed=bool(re.search(r"[A-Za-z]\s*\(\s*$", opened)))
            if term is None:
                continue
            run_grades = grades
            if term == carried and carried_grades and not any(pos < run.values[0].start for pos, _ in grades):
                run_grades = carried_grades  # the grade goes on with its term into the next clause
            elif not grades and list_grades:
                run_grades = list_grades  # "Grade >=3 AEs were A (..), B (..), and C (..)": C's grade too
            for v, (arm, grade) in zip(
                run.values,
                _assign(run, run_grades, keys, clause.respectively, doc.text, tuple(t for t, _ in terms)),
                strict=False,
            ):
                kind = unit_kind(v.unit)
                if arm is None or kind not in ("percent", "count"):
                    continue
                key = (arm, term, grade)
                if key in seen:
                    continue
                seen.add(key)
                ae = AdverseEvent(
                    arm=arm,
                    term=term,
                    grade=grade,
                    mention=mention(doc, clause.sentence.start, clause.sentence.end),
                )
                vm = Value(v.value, mention(doc, v.start, v.end), v.approximate, v.decimals)
                if kind == "percent":
                    ae.percent = vm
                else:
                    ae.count = Value(int(v.value), vm.mention, v.approximate)
                rec.adverse_events.append(ae)
