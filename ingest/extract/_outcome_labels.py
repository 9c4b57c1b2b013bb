"""An endpoint no vocabulary type names is kept only when its words name an outcome.

Endpoints without a type are taken from the words a text gives them ("the primary end point was the
percentage time in range"), and a misread list leaves fragments there: "met", "Dr", "in the
intention-to-treat population", "4 weeks", "respectively".  Such a label names nothing a reader could
query, and a value stated on it has no known endpoint, so both go (a wrong fact is worse than none).
"""

from __future__ import annotations

import re

from trialkg.ingest.records import TrialRecord

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
