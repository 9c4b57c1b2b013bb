"""The canned-query mix the benchmarks share: every public canned query with typical parameters."""

from __future__ import annotations

from typing import Any

TYPICAL = {
    "trials_by_biomarker_and_line": {"drug": "palbociclib"},
    "safety_comparison": {"drug": "palbociclib"},
    "trials_by_population": {"her2_status": "negative", "line_of_therapy": "second-line"},
    "drug_combinations": {"drug": "palbociclib"},
}
FIRST_ESTIMATE = (
    "SELECT ?e WHERE { ?e a <https://w3id.org/trialkg/ontology#EffectEstimate> ; "
    "<https://w3id.org/trialkg/ontology#trial> ?t . ?t <https://w3id.org/trialkg/ontology#nctId> ?id } "
    "ORDER BY ?id ?e LIMIT 1"
)
FIRST_TRIAL = (
    "SELECT ?id WHERE { ?t a <https://w3id.org/trialkg/ontology#Trial> ; "
    "<https://w3id.org/trialkg/ontology#nctId> ?id } ORDER BY ?id LIMIT 1"
)


def canned_params(store: Any) -> list[tuple[str, dict[str, str]]]:
    """(query name, parameters as a user gives them) for each public canned query the mix can fill:
    typical values, the store's first registered trial for per-trial queries, the first effect estimate
    of the first trial stating one for per-fact queries (``evidence``); queries needing a value the mix
    does not know are left out."""
    from trialkg.queries import load, names

    nct = str(store.query(FIRST_TRIAL)[0]["id"])
    estimate = [str(r["e"]) for r in store.query(FIRST_ESTIMATE)]
    out = []
    for name in names():
        q = load(name)
        given = dict(TYPICAL.get(name, {}))
        if "trial" in q.params:
            given["trial"] = nct
        if "node" in q.params and estimate:
            given["node"] = estimate[0]
        if not any(p.required and p.name not in given for p in q.params.values()):
            out.append((name, given))
    return out
