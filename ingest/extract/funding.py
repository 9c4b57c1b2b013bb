"""Funders: "Funded by X and others", "The study was funded by X, the manufacturer of ..."."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.records import TrialRecord, Value
from trialkg.ingest.text import gate, may_match, mention, sentences

FUNDED_RE = re.compile(
    r"\b(?:[Ff]unded|[Ss]ponsored|[Ss]upported|[Ff]inanced)\s+(?:in\s+part\s+)?by\s+(?P<list>[^;.()]+)"
)
gate(FUNDED_RE, "unded", "ponsored", "upported", "inanced")  # (case-sensitive)
_ORG = re.compile(r"[A-Z][\w&'.\-]*(?:\s+(?:[A-Z][\w&'.\-]*|of|for|and|de|the)){0,8}")
_STOP = {"others", "the", "other", "several", "grants"}


def extract(doc: Document, rec: TrialRecord) -> None:
    seen: set[str] = set()
    for s in sentences(doc):
        for m in FUNDED_RE.finditer(s.text) if may_match(FUNDED_RE, s.text) else ():
            lst = re.split(r",\s+(?:the|a|an|which|who)\b", m.group("list"))[0]
            base = s.start + m.start("list")
            for part in re.split(r",\s*|\s+and\s+(?!Company\b|Co\b|Sons\b)", lst):
                part = re.sub(r"^(?:the|a|an)\s+", "", part.strip())
                om = _ORG.match(part)
                if not om or om.group(0).lower() in _STOP:
                    continue
                name = om.group(0).rstrip(" .")
                if name in seen or re.search(r"\bgrant\b", name, re.I):
                    continue
                seen.add(name)
                i = lst.find(name)
                rec.funders.append(Value(name, mention(doc, base + i, base + i + len(name))))
