"""Baseline characteristics of the enrolled population ("median age 53.4 years", "61.8% postmenopausal")."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._clauses import analyze
from trialkg.ingest.extract.results import ae_context
from trialkg.ingest.records import BaselineFact, TrialRecord, Value
from trialkg.ingest.text import NUM, decimals_of, gate, may_match, mention
from trialkg.ontology import skos

_WHO = r"(?:of\s+(?:the\s+)?(?:patients|participants|women|men|subjects|the\s+population)\s*)"
# (pattern, verb): a label-first pattern tries every start position, so it runs only on clauses its
# verb is in; labels are bounded ({0,150}) so no pattern is quadratic on a long clause.  Each pattern
# also has a word gate (``text.gate``: "median", or the "%" each percentage needs).
PATTERNS: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = [
    (gate(re.compile(rf"\bmedian\s+age\s+(?:was|of)\s+(?P<v>{NUM})\s*years\b", re.I), "median"), None),
    (
        gate(
            re.compile(
                rf"(?P<v>{NUM})\s*%\s*{_WHO}?(?:were|was|had|received|reported)\s+(?P<label>[^,;.]{{1,150}})", re.I
            ),
            "%",
        ),
        None,
    ),
    (
        gate(
            re.compile(
                rf"(?P<label>[A-Z][^,;.]{{0,150}}?)\s+(?:was|were)\s+(?:present|reported|observed|seen)\s+in\s+"
                rf"(?P<v>{NUM})\s*%",
                re.I,
            ),
            "%",
        ),
        re.compile(r"\b(?:was|were)\s+(?:present|reported|observed|seen)\s+in\b", re.I),
    ),
    (
        gate(
            re.compile(
                rf"(?P<label>[A-Z][\w\s\-]{{0,150}}?)\s+(?:patients|participants|women)\s+"
                rf"(?:comprised|accounted\s+for|made\s+up|represented)\s+(?P<v>{NUM})\s*%",
                re.I,
            ),
            "%",
        ),
        re.compile(r"\b(?:comprised|accounted\s+for|made\s+up|represented)\b", re.I),
    ),
    (
        gate(
            re.compile(
                rf"\b(?:patients|participants)\s*\((?P<v>{NUM})\s*%\)\s*(?:received|had|were)\s+(?P<label>[^,;.]{{1,150}})",
                re.I,
            ),
            "%",
        ),
        None,
    ),
]
_EFFICACY = re.compile(r"\b(?:response|survival|progress|event|benefit)", re.I)
gate(_EFFICACY, "response", "survival", "progress", "event", "benefit")
_TRAIL = re.compile(r"\s+(?:at\s+(?:diagnosis|baseline|enrollment|study\s+entry)|overall)$", re.I)


def _clean(label: str) -> str:
    label = re.sub(r"\b(?:their|his|her|its|an?|the)\s+", "", label.strip(), flags=re.I)
    label = _TRAIL.sub("", label).strip()
    return label[:1].lower() + label[1:] if label[:2] != label[:2].upper() else label


def extract(doc: Document, rec: TrialRecord) -> None:
    for clause in analyze(doc, rec.arms):
        if clause.cues or ae_context(clause):
            continue
        if skos.find("endpoint-type", clause.text) or skos.find("adverse-event", clause.text):
            continue
        low = clause.sentence.low
        if may_match(_EFFICACY, clause.text, low) and _EFFICACY.search(clause.text):
            continue
        for rx, verb in PATTERNS:
            if not may_match(rx, clause.text, low) or (verb is not None and not verb.search(clause.text)):
                continue
            m = rx.search(clause.text)
            if not m:
                continue
            a, b = clause.start + m.start("v"), clause.start + m.end("v")
            val = Value(float(m.group("v").replace(",", "")), mention(doc, a, b), decimals=decimals_of(m.group("v")))
            men = mention(doc, clause.start + m.start(), clause.start + m.end())
            if "label" in rx.groupindex:
                label = _clean(m.group("label"))
                if not label or len(label.split()) > 10:
                    continue
                rec.baseline.append(BaselineFact(fact=label, mention=men, percent=val))
            else:
                rec.baseline.append(BaselineFact(fact="median age", mention=men, value=val, unit="years"))
            break
