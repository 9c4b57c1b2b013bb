"""The Python query API: canned queries with bound parameters, trial lookup, trial cards."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from trialkg.graph import iris
from trialkg.graph.store import TrialStore
from trialkg.ingest.lexicon import resolve_drug
from trialkg.queries import load

_VOCAB_PROPS = {
    "hrStatus",
    "her2Status",
    "erStatus",
    "prStatus",
    "stage",
    "lineOfTherapy",
    "setting",
    "menopausalStatus",
    "designFeature",
    "sourceType",
}


def run(store: TrialStore, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a canned query with its parameters bound (values are bound, never spliced into text)."""
    q = load(name)
    missing = [p for p in q.params if p not in params]
    if missing:
        raise ValueError(f"query {name!r} needs parameter(s): {', '.join(missing)}")
    unknown = [p for p in params if p not in q.params]
    if unknown:
        raise ValueError(
            f"query {name!r} has no parameter(s) {', '.join(unknown)}; it takes {', '.join(q.params) or 'none'}"
        )
    return store.query(q.text, params)


def drug_iri(name: str) -> str:
    """IRI of a drug named by generic name, brand or code ("Ibrance", "PD-0332991" -> palbociclib)."""
    ref = resolve_drug(name)
    if ref is None:
        raise ValueError(f"unknown drug {name!r}: not in the drug dictionary (generic, brand or code names)")
    return iris.drug(ref.key)


def trials_by_biomarker_and_line(store: TrialStore, drug: str) -> list[dict[str, Any]]:
    rows = run(store, "trials_by_biomarker_and_line", drug=drug_iri(drug))
    seen, out = set(), []
    for r in rows:
        key = (r["trial"], r.get("primary_endpoint"), r.get("hazard_ratio"))
        if key not in seen:
            seen.add(key)
            out.append({k: v for k, v in r.items() if k != "drug"})
    return out


def find_trials(store: TrialStore, ident: str) -> list[str]:
    return sorted({r["trial"] for r in run(store, "trial_lookup", id=ident)})


def trial_card(store: TrialStore, trial: str) -> dict[str, Any]:
    """Everything the store knows about one trial, merged over its sources."""
    props: dict[str, dict[str, list[Any]]] = {"trial": defaultdict(list), "population": defaultdict(list)}
    for r in run(store, "trial_properties", trial=trial):
        name = r["property"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        value = (
            r["label"]
            if r.get("label") is not None
            and (name in _VOCAB_PROPS or name in ("fundedBy", "mentionsDrug", "publication", "describedBy"))
            else r["value"]
        )
        if value not in props[r["node"]][name]:
            props[r["node"]][name].append(value)
    return {
        "trial": trial,
        "properties": {k: v for k, v in props["trial"].items()},
        "population": {k: v for k, v in props["population"].items()},
        "arms": run(store, "trial_arms", trial=trial),
        "interventions": run(store, "trial_interventions", trial=trial),
        "endpoints": run(store, "trial_endpoints", trial=trial),
        "arm_results": run(store, "trial_arm_results", trial=trial),
        "effects": run(store, "trial_effects", trial=trial),
        "adverse_events": run(store, "trial_adverse_events", trial=trial),
        "facts": run(store, "trial_arm_facts", trial=trial),
        "sources": run(store, "trial_sources", trial=trial),
    }


def conflicts(store: TrialStore) -> list[dict[str, Any]]:
    return run(store, "conflicts")
