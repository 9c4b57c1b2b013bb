"""The Python query API: canned queries with bound parameters, trial lookup, trial cards."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any, Protocol

from trialkg.graph import iris
from trialkg.ingest.lexicon import resolve_drug
from trialkg.ontology import ID
from trialkg.queries import Param, load


class Queryable(Protocol):
    """What the API needs of a store: the embedded TrialStore or a RemoteStore on a SPARQL endpoint."""

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


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


def notations(scheme: str) -> list[str]:
    """The notations of a SKOS scheme of ontology/vocab ("receptor-status" -> positive, negative, ...)."""
    from trialkg.ontology.skos import labels

    return sorted({n for _label, n in labels(scheme)})


def bind(store: Queryable, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check and convert the parameters of a canned query to the values it is run with.

    Names, brands and codes of drugs become drug IRIs, NCT ids and acronyms become trial IRIs,
    notations are checked against their scheme; a missing optional parameter takes its default.
    Raises ValueError with a message for people on a missing, unknown or unusable parameter."""
    q = load(name)
    unknown = [p for p in params if p not in q.params]
    if unknown:
        raise ValueError(
            f"query {name!r} has no parameter(s) {', '.join(unknown)}; it takes {', '.join(q.params) or 'none'}"
        )
    missing = [p.name for p in q.params.values() if p.required and params.get(p.name) in (None, "")]
    if missing:
        raise ValueError(f"query {name!r} needs parameter(s): {', '.join(missing)}")
    out: dict[str, Any] = {}
    for p in q.params.values():
        raw = params.get(p.name)
        if raw is None or raw == "":
            out[p.name] = p.default
            continue
        if p.default is not None and str(raw) == p.default:
            out[p.name] = p.default
            continue
        out[p.name] = _convert(store, p, raw)
    return out


def _convert(store: Queryable, p: Param, raw: Any) -> Any:
    text = str(raw).strip()
    if p.type == "drug":
        return text if text.startswith(ID) else drug_iri(text)
    if p.type == "trial":
        if text.startswith(("http://", "https://")):
            return text
        found = find_trials(store, text)
        if not found:
            raise ValueError(f"parameter {p.name}: no trial with id or acronym {text!r}")
        if len(found) > 1:
            raise ValueError(f"parameter {p.name}: {text!r} names {len(found)} trials; give the NCT id or IRI")
        return found[0]
    if p.type == "iri":
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text):
            raise ValueError(f"parameter {p.name}: {text!r} is not an http(s) IRI")
        return text
    if p.type == "notation":
        allowed = notations(p.scheme or "")
        if text not in allowed:
            raise ValueError(f"parameter {p.name}: {text!r} is not one of {', '.join(allowed)} (or {p.default})")
        return text
    if p.type == "integer":
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"parameter {p.name}: {text!r} is not an integer") from None
        if p.name == "page" and not 1 <= value <= MAX_PAGE:
            raise ValueError(f"parameter page: {value} is not a page number (1 to {MAX_PAGE:,})")
        return value
    if p.type == "decimal":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"parameter {p.name}: {text!r} is not a number") from None
    return text


MAX_PAGE = 10_000_000


def run(store: Queryable, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a canned query with its parameters checked, converted and bound (never spliced into text).
    A paged listing gives one page (``page=1`` unless given): see ``run_all``."""
    text, bound = load(name).prepare(bind(store, name, params))
    return store.query(text, bound)


def page_is_full(name: str, rows: list[dict[str, Any]]) -> bool:
    """Whether a page of a paged query holds its full count of trials (then the next page may hold more)."""
    size = load(name).page_size
    return size is not None and len({str(r.get("trial")) for r in rows}) >= size


def run_all(store: Queryable, name: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a canned query: a paged listing is read page by page until a page is not full."""
    if load(name).page_size is None:
        return run(store, name, **params)
    return read_pages(name, lambda page: run(store, name, **params, page=page))


def read_pages(name: str, fetch: Callable[[int], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rows of pages 1, 2, ... of a paged query, ``fetch(page)`` giving each, until one is not full."""
    out: list[dict[str, Any]] = []
    page = 1
    while True:
        rows = fetch(page)
        out.extend(rows)
        if not page_is_full(name, rows):
            return out
        page += 1


def drug_iri(name: str) -> str:
    """IRI of a drug named by generic name, brand or code ("Ibrance", "PD-0332991" -> palbociclib)."""
    ref = resolve_drug(name)
    if ref is None:
        raise ValueError(f"unknown drug {name!r}: not in the drug dictionary (generic, brand or code names)")
    return iris.drug(ref.key)


def trials_by_biomarker_and_line(store: Queryable, drug: str, page: int | str | None = 1) -> list[dict[str, Any]]:
    """The canonical question, one row per (trial, primary endpoint, hazard ratio): one page of trials
    (a number, or its text as a user gave it: checked like any parameter), or every page with ``page=None``."""
    name = "trials_by_biomarker_and_line"
    rows = run_all(store, name, drug=drug) if page is None else run(store, name, drug=drug, page=page)
    seen, out = set(), []
    for r in rows:
        key = (r["trial"], r.get("primary_endpoint"), r.get("hazard_ratio"))
        if key not in seen:
            seen.add(key)
            out.append({k: v for k, v in r.items() if k != "drug"})
    return out


def find_trials(store: Queryable, ident: str) -> list[str]:
    """Trial IRIs an NCT id, acronym or trial key names: looked up as written, then in upper case
    (index lookups), and only when neither finds a trial, by a case-insensitive scan of all trials."""
    for form in dict.fromkeys([ident, ident.upper()]):
        found = {r["trial"] for r in run(store, "trial_lookup", id=form)}
        if found:
            return sorted(found)
    return sorted({r["trial"] for r in run(store, "_trial_lookup_any_case", id=ident)})


def trial_card(store: Queryable, trial: str) -> dict[str, Any]:
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


def conflicts(store: Queryable) -> list[dict[str, Any]]:
    return run(store, "conflicts")
