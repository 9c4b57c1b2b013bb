"""The identity clues of one document (graph/identity.py matches them against the store's trials)."""

from __future__ import annotations

from trialkg.graph.identity import Clues
from trialkg.ingest.document import Document
from trialkg.ingest.records import TrialRecord


def clues_of(doc: Document, rec: TrialRecord) -> Clues:
    """NCT id, acronym, the arms' drugs (else the drugs mentioned), publication metadata and citations."""
    drugs = {d.key for a in rec.arms for d in a.drugs} or {
        v.value.key for v in rec.drugs_mentioned if not v.value.is_class
    }
    md = doc.metadata
    return Clues(
        nct=rec.nct_ids[0].value if rec.nct_ids else None,
        acronym=rec.acronyms[0].value if rec.acronyms else None,
        drugs=drugs,
        doi=md.doi,
        title=md.title,
        journal=md.journal,
        date=md.date,
        cited=[(c.doi, c.title) for c in rec.citations],
        cited_journal=rec.cited_journal,
        cited_issue=rec.cited_issue_date,
    )
