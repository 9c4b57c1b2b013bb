"""Which trial a document reports: registry id, else acronym + drug, else a publication it cites,
else the journal issue it cites ("published in the Jan. 29 issue of ...") sharing a drug.

The index is built from the store and from the documents of the current batch; documents that
state an NCT id are resolved first, so news items that only cite the paper resolve in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product

from trialkg.ontology import ID, TKG


def norm_title(title: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (title or "").lower()).strip()


def norm_journal(j: str | None) -> str:
    return re.sub(r"^the\s+", "", (j or "").strip().lower())


# Lookup keys: each names one entry of an IdentityIndex table, so that a store can keep them per
# document graph and give back only the entries a batch asks for (``keys_of_clues``).
def acronym_key(acronym: str) -> str:
    return "acronym:" + acronym.upper()


def doi_key(doi: str) -> str:
    return "doi:" + doi.lower()


def title_key(title: str) -> str | None:
    """The key of a title long enough to identify a publication (four words or more), else None."""
    norm = norm_title(title)
    return "title:" + norm if len(norm.split()) >= 4 else None


def issue_key(journal: str, month_day: str) -> str:
    return f"issue:{norm_journal(journal)}|{month_day}"


def publication_keys(doi: str | None, title: str | None, journal: str | None, date: str | None) -> list[str]:
    """The keys a publication gives its trial (see ``IdentityIndex.add_publication``)."""
    keys = [doi_key(doi)] if doi else []
    tk = title_key(title) if title else None
    if tk:
        keys.append(tk)
    if journal and date and len(date) == 10:
        keys.append(issue_key(journal, date[5:]))
    return keys


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


@dataclass
class IdentityIndex:
    by_doi: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    by_issue: dict[tuple[str, str], list[tuple[str, set[str]]]] = field(default_factory=dict)
    by_acronym: dict[str, list[tuple[str, set[str]]]] = field(default_factory=dict)

    def add_publication(
        self,
        key: str,
        doi: str | None,
        title: str | None,
        journal: str | None = None,
        date: str | None = None,
        drugs: set[str] | None = None,
    ) -> None:
        for k in publication_keys(doi, title, journal, date):
            self.add_key(key, k, drugs or set())

    def lookup_keys(self) -> set[str]:
        """The lookup key of every entry (see ``add_key``)."""
        return {
            *(acronym_key(a) for a in self.by_acronym),
            *(doi_key(d) for d in self.by_doi),
            *("title:" + t for t in self.by_title),
            *(f"issue:{j}|{md}" for j, md in self.by_issue),
        }

    def add_key(self, key: str, lookup_key: str, drugs: set[str]) -> None:
        """The entry a lookup key names, for trial ``key`` (the first trial to claim a DOI or title keeps it)."""
        kind, _, value = lookup_key.partition(":")
        if kind == "acronym":
            self.by_acronym.setdefault(value, []).append((key, drugs))
        elif kind == "doi":
            self.by_doi.setdefault(value, key)
        elif kind == "title":
            self.by_title.setdefault(value, key)
        elif kind == "issue":
            journal, _, month_day = value.rpartition("|")
            self.by_issue.setdefault((journal, month_day), []).append((key, drugs))
        else:
            raise ValueError(f"not an identity lookup key: {lookup_key!r}")

    def add_trial(self, key: str, clues: Clues, publications: list[tuple[str | None, str | None]]) -> None:
        if clues.acronym:
            self.add_key(key, acronym_key(clues.acronym), clues.drugs)
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


def keys_of_clues(c: Clues) -> set[str]:
    """Every lookup key ``IdentityIndex.resolve`` may read for these clues (none for a registry id,
    which resolves by itself)."""
    if c.nct:
        return set()
    keys = {acronym_key(c.acronym)} if c.acronym else set()
    for doi, title in [*c.cited, (c.doi, c.title)]:
        if doi:
            keys.add(doi_key(doi))
        tk = title_key(title) if title else None
        if tk:
            keys.add(tk)
    if c.cited_journal and c.cited_issue:
        keys.add(issue_key(c.cited_journal, c.cited_issue))
    return keys


@dataclass(frozen=True)
class GraphIdentity:
    """What one document graph tells identity resolution about its trial: the lookup keys it gives the
    trial (acronyms; DOIs, titles and journal issues of the trial's publications) and the drugs of the
    trial's arms.  A store keeps it beside the graph (see graph/identity_store.py)."""

    trial: str  # the trial's IRI
    keys: tuple[str, ...]
    drugs: tuple[str, ...]


_P = str(TKG)
_DCT = "http://purl.org/dc/terms/"
_DESCRIBED_BY, _PUBLICATION, _PROVISIONAL = _P + "describedBy", _P + "publication", _P + "provisionalIdentity"
_ACRONYM, _HAS_ARM, _DRUG, _DOI, _JOURNAL = (_P + p for p in ("acronym", "hasArm", "drug", "doi", "journal"))
_TITLE, _DATE = _DCT + "title", _DCT + "date"
IDENTITY_PROPERTIES = frozenset(
    [_DESCRIBED_BY, _PUBLICATION, _PROVISIONAL, _ACRONYM, _HAS_ARM, _DRUG, _DOI, _JOURNAL, _TITLE, _DATE]
)


def graph_identity(statements: Iterable[tuple[str, str, str]]) -> list[GraphIdentity]:
    """The identity of each trial a graph describes, from its (subject, property, object) statements as
    plain strings (IRIs, lexical values), read as ``build_index`` reads the whole store: the trial's
    publications (tkg:describedBy, tkg:publication) with their DOIs, titles, journals and dates, its
    acronyms and the drugs of its arms.  A trial of a provisional identity gives nothing."""
    table: dict[str, dict[str, set[str]]] = {}
    for s, p, o in statements:
        if p in IDENTITY_PROPERTIES:
            table.setdefault(p, {}).setdefault(s, set()).add(o)

    def values(prop: str, node: str) -> list[str]:
        return sorted(table.get(prop, {}).get(node, ()))

    def or_none(prop: str, node: str) -> list[str | None]:
        return [*values(prop, node)] or [None]

    trial_prefix = ID + "trial/"
    pubs = {t: set(p) for t, p in table.get(_DESCRIBED_BY, {}).items()}
    for t, more in table.get(_PUBLICATION, {}).items():
        pubs.setdefault(t, set()).update(more)
    provisional = table.get(_PROVISIONAL, {})
    out = []
    for trial in sorted(pubs):
        if not trial.startswith(trial_prefix) or trial in provisional:
            continue
        keys = {acronym_key(a) for a in values(_ACRONYM, trial)}
        for pub in sorted(pubs[trial]):
            combos = product(or_none(_DOI, pub), or_none(_TITLE, pub), or_none(_JOURNAL, pub), or_none(_DATE, pub))
            for doi, title, journal, date in combos:
                keys.update(publication_keys(doi, title, journal, date))
        drugs = {d.rsplit("/", 1)[-1] for arm in values(_HAS_ARM, trial) for d in values(_DRUG, arm)}
        out.append(GraphIdentity(trial, tuple(sorted(keys)), tuple(sorted(drugs))))
    return out


def index_of(identities: Iterable[GraphIdentity]) -> IdentityIndex:
    """The index these identities make: each trial with the union of its keys and of its drugs, trials in
    IRI order, so that the first trial to claim a DOI or title keeps it."""
    keys: dict[str, set[str]] = {}
    drugs: dict[str, set[str]] = {}
    for ident in identities:
        keys.setdefault(ident.trial, set()).update(ident.keys)
        drugs.setdefault(ident.trial, set()).update(ident.drugs)
    index = IdentityIndex()
    for trial in sorted(keys):
        for k in sorted(keys[trial]):
            index.add_key(key_from_iri(trial), k, drugs[trial])
    return index


def key_from_iri(trial_iri: str) -> str:
    from urllib.parse import unquote

    return unquote(trial_iri.removeprefix(ID + "trial/"))


def fallback_key(content_hash: str, clues: Clues) -> tuple[str, bool]:
    """A key for a trial with no id that the index cannot resolve: acronym + drug, else provisional
    (from the document's content hash)."""
    if clues.acronym and clues.drugs:
        return f"{clues.acronym.upper()}-{sorted(clues.drugs)[0]}", False
    return f"doc-{content_hash[:16]}", True
