"""Which trial a document reports: registry id, else acronym + drug, else a publication it cites,
else the journal issue it cites ("published in the Jan. 29 issue of ...") sharing a drug.

The index is built from the store and from the documents of the current batch; documents that
state an NCT id are resolved first, so news items that only cite the paper resolve in one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trialkg.ingest.document import Document
from trialkg.ingest.records import TrialRecord
from trialkg.ontology import ID


def norm_title(title: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (title or "").lower()).strip()


def norm_journal(j: str | None) -> str:
    return re.sub(r"^the\s+", "", (j or "").strip().lower())


@dataclass
class Clues:
    nct: str | None
    acronym: str | None
    drugs: set[str]
    doi: str | None
    title: str | None
    journal: str | None
    date: str | None
    cited: list[tuple[str | None, str | None]] = field(default_factory=list)  # (doi, title)
    cited_journal: str | None = None
    cited_issue: str | None = None  # MM-DD

    @classmethod
    def of(cls, doc: Document, rec: TrialRecord) -> Clues:
        drugs = {d.key for a in rec.arms for d in a.drugs} or {
            v.value.key for v in rec.drugs_mentioned if not v.value.is_class
        }
        md = doc.metadata
        return cls(
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


@dataclass
class IdentityIndex:
    by_doi: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    by_issue: dict[tuple[str, str], list[tuple[str, set[str]]]] = field(default_factory=dict)
    by_acronym: dict[str, list[tuple[str, set[str]]]] = field(default_factory=dict)

    def copy(self) -> IdentityIndex:
        """An independent copy (resolving a batch adds to the index it is given)."""
        return IdentityIndex(
            dict(self.by_doi),
            dict(self.by_title),
            {k: list(v) for k, v in self.by_issue.items()},
            {k: list(v) for k, v in self.by_acronym.items()},
        )

    def add_publication(
        self,
        key: str,
        doi: str | None,
        title: str | None,
        journal: str | None = None,
        date: str | None = None,
        drugs: set[str] | None = None,
    ) -> None:
        if doi:
            self.by_doi.setdefault(doi.lower(), key)
        if title and len(norm_title(title).split()) >= 4:
            self.by_title.setdefault(norm_title(title), key)
        if journal and date and len(date) == 10:
            self.by_issue.setdefault((norm_journal(journal), date[5:]), []).append((key, drugs or set()))

    def add_trial(self, key: str, clues: Clues, publications: list[tuple[str | None, str | None]]) -> None:
        if clues.acronym:
            self.by_acronym.setdefault(clues.acronym.upper(), []).append((key, clues.drugs))
        self.add_publication(key, clues.doi, clues.title, clues.journal, clues.date, clues.drugs)
        for doi, title in publications:
            self.add_publication(key, doi, title)

    def resolve(self, c: Clues) -> tuple[str | None, str]:
        if c.nct:
            return c.nct, "registry id"
        if c.acronym:
            # a trial known by its registry id wins over one known only by acronym
            candidates = sorted(self.by_acronym.get(c.acronym.upper(), []), key=lambda kd: not kd[0].startswith("NCT"))
            for key, drugs in candidates:
                if drugs & c.drugs:
                    return key, f"acronym {c.acronym} and a shared drug"
        for doi, title in c.cited:
            if doi and doi.lower() in self.by_doi:
                return self.by_doi[doi.lower()], f"cites doi:{doi}"
            if title and norm_title(title) in self.by_title:
                return self.by_title[norm_title(title)], "cites a publication of the trial by title"
        if c.doi and c.doi.lower() in self.by_doi:
            return self.by_doi[c.doi.lower()], "same DOI"
        if c.title and norm_title(c.title) in self.by_title:
            return self.by_title[norm_title(c.title)], "same title"
        if c.cited_journal and c.cited_issue:
            hits = {
                k
                for k, drugs in self.by_issue.get((norm_journal(c.cited_journal), c.cited_issue), [])
                if drugs & c.drugs
            }
            if len(hits) == 1:
                return hits.pop(), f"cites the {c.cited_issue} issue of {c.cited_journal} on a shared drug"
        return None, ""


def key_from_iri(trial_iri: str) -> str:
    from urllib.parse import unquote

    return unquote(trial_iri.removeprefix(ID + "trial/"))


def fallback_key(content_hash: str, clues: Clues) -> tuple[str, bool]:
    """A key for a trial with no id that the index cannot resolve: acronym + drug, else provisional
    (from the document's content hash)."""
    if clues.acronym and clues.drugs:
        return f"{clues.acronym.upper()}-{sorted(clues.drugs)[0]}", False
    return f"doc-{content_hash[:16]}", True
