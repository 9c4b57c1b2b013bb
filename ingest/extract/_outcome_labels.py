"""An endpoint no vocabulary type names is kept only when its words name an outcome.

Endpoints without a type are taken from the words a text gives them ("the primary end point was the
percentage time in range"), and a misread list leaves fragments there: "met", "Dr", "in the
intention-to-treat population", "4 weeks", "respectively".  Such a label names nothing a reader could
query, and a value stated on it has no known endpoint, so both go (a wrong fact is worse than none).
"""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import TrialRecord, Value
from trialkg.ingest.text import abbreviations, expand_abbreviations, mention

# words of a sentence's report, not of an outcome's name
_REPORT_WORDS = re.compile(
    r"\b(?:met|identified|highlighted|respectively|showed|demonstrated|compared|(?<![\w-])reported|presented|"
    r"announced|significantly|superiority|non-?inferiority\s+of)\b",
    re.I,
)
# single words that name no measure
_NOT_MEASURES = {
    "baseline", "placebo", "control", "results", "analysis", "treatment", "patients", "study", "trial", "group",
    "groups", "week", "weeks", "month", "months", "dose", "doses", "data", "arm", "arms", "participants", "both",
    "each", "than", "that", "this", "these", "those", "overall",
}  # fmt: skip
# a label that starts as a phrase of place or purpose: "in the ITT population", "for D + T vs T"
_LEADING = re.compile(r"^(?:in|for|of|by|to|at|with|from|on|among|versus|vs\.?|and|or|the|an?)\s", re.I)
_TRIAL = re.compile(r"\b(?:trial|phase\s+(?:[1-4]|I{1,3}|IV)[ab]?)\b", re.I)
# a population's biomarker cut, not an outcome: "PD-L1 CPS >=10"
_POPULATION = re.compile(r"\b(?:CPS|TPS)\b|\bPD-L1\b[^,;]*(?:≥|>=|<|>|positive|negative)", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")


def is_outcome_label(label: str) -> bool:
    """Whether ``label`` can name an outcome: a word of three letters or more that is not a report's or a
    place's, no trial name, and (a single word) an abbreviation or a measure's name."""
    text = label.strip()
    if (
        not text
        or _REPORT_WORDS.search(text)
        or _LEADING.match(text)
        or _TRIAL.search(text)
        or _POPULATION.search(text)
    ):
        return False
    words = _WORD.findall(text)
    if not words or (not text[0].isalpha() and len(words) < 2):  # "4 weeks", "000 copies /mL", "% of participants"
        return False
    if len(text.split()) == 1:  # one word: an abbreviation ("FEV1", "HbA1c") or a measure ("mortality", "pain")
        return sum(c.isupper() for c in text) >= 2 or (len(text) >= 4 and text.lower() not in _NOT_MEASURES)
    return True


def drop_unnamed_endpoints(record: TrialRecord) -> None:
    """Remove untyped endpoints whose label names no outcome, with the values stated on them."""
    bad = {e.key for e in record.endpoints if e.type is None and not is_outcome_label(e.text.value)}
    if not bad:
        return
    record.endpoints = [e for e in record.endpoints if e.key not in bad]
    record.arm_results = [r for r in record.arm_results if r.endpoint not in bad]
    record.effects = [r for r in record.effects if r.endpoint not in bad]


# words that end an outcome's name read backwards from its values: verbs, the people and groups it is
# measured on, comparisons, statistics and shares ("the proportion of patients in the A group who achieved")
_BREAK = re.compile(
    r"(?:was|were|is|are|be|been|had|has|have|having|achiev\w*|reach\w*|attain\w*|experienc\w*|occur\w*|"
    r"develop\w*|requir\w*|report\w*|observ\w*|seen|noted|show\w*|demonstrat\w*|compar\w*|versus|vs|"
    r"respectively|significant\w*|statistically|numerically|nominally|more|fewer|less|higher|lower|greater|"
    r"smaller|larger|similar|patients?|participants?|subjects?|people|persons?|individuals?|children|adults|"
    r"women|men|infants|groups?|arms?|cohorts?|proportions?|percentages?|share|numbers?|incidences?|rates?|"
    r"frequenc\w+|likelihood|risk|odds|who|whom|which|that|while|whereas|whilst|both|each|among|between|"
    r"overall|those|these|this|treated|receiving|received|given|assigned|randomi[sz]ed|allocated|enrolled|"
    r"than|also|only|however|but|there|mean|median|LS|least|squares|estimated|all|any|no|not|"
    r"approximately|about|nearly|almost|per|cent|percent|placebo|controls?|week|weeks|month|months|year|years|"
    r"day|days|hours?|after|through|during|until|within|over|since|here|we|our|it|its|they|their|respective|"
    r"up|time|point|cut-?off|analysis|analyses|population|ITT|intention|intent|results?|data|outcomes?|"
    r"end\s*points?|primary|secondary|key|favou?r\w*|longer|shorter|phases?|sites?|cent(?:er|re)s?|countries|"
    r"regions?|benefits?|efficacy|efficacious|effective|superior|inferior|better|worse|found|end|thresholds?|"
    r"cut-?points?|plus|alone|outperform\w*|exceed\w*|surpass\w*|match\w*|(?-i:[A-Z])|difference|ratio|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty-four)",
    re.I,
)
# words that join the words of one name ("hospitalization for influenza or pneumonia"), never at its ends
_JOIN = frozenset(["of", "or", "and", "to", "in", "for", "the", "with", "from", "on", "by", "as", "a", "an", "at"])
# how an outcome was defined, kept with its name ("remission, defined by the 4-component Mayo score")
_DEFINED = re.compile(r",?\s*(?:as\s+)?(?:defined|measured|assessed)\s+(?:by|as|with)\b|\s*according\s+to\b", re.I)
_SCHEDULE = re.compile(r"(?<![\w-])(?:daily|weekly|monthly|twice|once|every|mg|mcg|µg|g|mg/kg|doses?)(?![\w-])", re.I)
_TIME_WORD = re.compile(r"-(?:month|year|week|day|hour)s?$", re.I)
_TOKEN = re.compile(r"[A-Za-z][\w/+'-]*|\d[\w.%/+-]*|[<>≤≥]\s*\d[\w.%/-]*|\([^()]{0,40}\)|[^\sA-Za-z\d]")
# people's traits and the design, not outcomes: "the proportion of women", "median age"
_NOT_OUTCOME = re.compile(
    r"\b(?:baseline|characteristics?|age[ds]?|women|female|male|white|black|asian|race|ethnicity|BMI|ECOG|"
    r"performance\s+status|prior|previous(?:ly)?|history|diagnos\w*|dose|doses|dosing|cycles?|follow-?up|"
    r"exposure|adherence|compliance|enrol\w*|screen\w*|eligib\w*|stratif\w*|crossover|crossed|infusions?|"
    r"injections?|visits?)\b",
    re.I,
)


def outcome_span(text: str, base: int, hidden: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The name of the outcome that ``text`` (ending where its values begin; at document offset ``base``)
    reports: the last run of words that are neither verbs, people, groups nor statistics, with its joining
    words and a definition after it ("Significantly more patients in the A group achieved endoscopic
    improvement compared with" -> "endoscopic improvement").  ``hidden`` spans (the groups' names) end a run.
    None when no such run names an outcome."""
    runs: list[tuple[int, int]] = []
    start = end = -1
    for m in _TOKEN.finditer(text):
        a, b, tok = base + m.start(), base + m.end(), m.group()
        in_group = any(x < b and a < y for x, y in hidden)
        # a word, or a number that is part of one ("3-component", "HbA1c"), not a time ("12-week")
        word = tok[0].isalpha() or (bool(re.fullmatch(r"\d+-[A-Za-z][\w-]*", tok)) and not _TIME_WORD.search(tok))
        joining = tok.lower() in _JOIN
        bracket = tok.startswith("(") and tok.endswith(")")
        defined = _DEFINED.match(text, m.start()) if start >= 0 and tok.lower() in (",", "as", "defined",
            "measured", "assessed", "according") else None  # fmt: skip
        if defined is not None:
            continue  # the definition joins the name: the run goes on
        time_to = tok.lower() == "time" and re.match(r"\s+(?:to|until)\s", text[m.end() :], re.I)
        if in_group or not (word or bracket) or (_BREAK.fullmatch(tok) and not time_to):
            if start >= 0:
                runs.append((start, end))
            start = -1
            continue
        if start < 0:
            if joining or bracket:
                continue
            start = a
        if not joining:
            end = b
    if start >= 0:
        runs.append((start, end))
    if not runs:
        return None
    a, b = runs[-1]
    name = text[a - base : b - base]
    if _NOT_OUTCOME.search(name) or re.search(r"\bbetween\b.*\band\s*$", text[: a - base], re.I) or find_drugs(name):
        return None  # a trait, or the second of two groups compared ("between A and B (8.1 vs 6.4)")
    if len(_WORD.findall(name)) < 2 or _SCHEDULE.search(name):
        return None  # one word tells too little ("relapse", "CCR"); a schedule names a group ("twice daily")
    return a, b


def outcome_value(doc: Document, span: tuple[int, int]) -> Value[str]:
    """The label of the outcome at ``span``, with the abbreviations the document defines written out
    ("TUDD in global health status" -> "time until definitive deterioration in global health status"); its
    mention is the text as written."""
    text = doc.text[span[0] : span[1]]
    return Value(expand_abbreviations(text, abbreviations(doc)), mention(doc, *span))


def label_words(text: str) -> list[str]:
    """A label's words without joining words, lower case and singular: two labels of one outcome written
    with other joining words or plurals ("relapses of disease", "disease relapse") compare equal as sets."""
    words = re.findall(r"[a-z0-9][a-z0-9-]*", text.lower())
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words if w not in _JOIN]
