"""Every drug or drug class the document names (outside references), resolved to identifiers."""

from __future__ import annotations

from trialkg.ingest.document import Document
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import TrialRecord, Value
from trialkg.ingest.text import mention, sentences


def extract(doc: Document, rec: TrialRecord) -> None:
    seen: set[str] = set()
    for s in sentences(doc):
        for a, b, ref in find_drugs(s.text, s.start):
            if ref.key not in seen:
                seen.add(ref.key)
                rec.drugs_mentioned.append(Value(ref, mention(doc, a, b)))
