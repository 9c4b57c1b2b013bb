"""Which trials an export or a view covers: named trials (NCT id, acronym or IRI) and the trials of
named drugs; None means the whole graph."""

from __future__ import annotations

from trialkg.queries import load
from trialkg.queries.api import Queryable, drug_iri, find_trials


def trials(store: Queryable, trial: list[str] | None = None, drug: list[str] | None = None) -> list[str] | None:
    """The sorted trial IRIs named, or None when nothing is named. Raises ValueError naming an id
    or drug that matches no trial."""
    if not trial and not drug:
        return None
    out: set[str] = set()
    for ident in trial or []:
        found = find_trials(store, ident)
        if not found:
            raise ValueError(f"no trial with id or acronym {ident!r} in the store")
        out.update(found)
    for name in drug or []:
        iri = drug_iri(name)
        rows = store.query(load("_drug_trials").text, {"drug": iri})
        if not rows:
            raise ValueError(f"no trial in the store gives {name!r} in an arm")
        out.update(r["trial"] for r in rows)
    return sorted(out)
