"""The property-graph projection: a networkx MultiDiGraph in which trials, arms, drugs, endpoints,
populations, sources and adverse-event terms are nodes with readable labels and typed attributes,
and results are edges with their numbers (arm -> endpoint, trial -> endpoint, arm -> adverse event)
instead of the RDF graph's result, Mention and concept nodes.

Nodes and edges are added in sorted order, so the same store gives the same graph (and the same
bytes in every export). An attribute stated with several values (sources that disagree, or arms
named in several ways) keeps the first in sort order and lists all in ``<key>_all``."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
from trialkg.ontology import ID, TKG, VOCAB
from trialkg.queries import load
from trialkg.queries.api import Queryable

log = logging.getLogger(__name__)

KINDS = ("Trial", "Arm", "Population", "Endpoint", "Drug", "Source", "AdverseEvent")
_LINK_TARGET = {
    "hasArm": "Arm",
    "hasPopulation": "Population",
    "hasEndpoint": "Endpoint",
    "describedBy": "Source",
    "drug": "Drug",
}
_RESULT_FIELDS = (
    "statistic", "value", "unit", "ci_lower", "ci_upper", "timepoint_months", "p_value", "p_operator",
    "significant", "grade", "percent", "count", "quote",
)  # fmt: skip
_LABEL_KEYS = ("acronym", "label", "title", "nctId")
_NAMESPACES = ((TKG, ""), ("http://www.w3.org/2000/01/rdf-schema#", ""), ("http://purl.org/dc/terms/", ""))


def node_id(iri: str) -> str:
    """A short, stable node id: the IRI without the trialkg namespace ("trial/NCT02947685/arm/control")."""
    for ns, short in ((ID, ""), (VOCAB, "vocab:")):
        if iri.startswith(ns):
            return short + iri[len(ns) :]
    return iri


def _key(prop: str) -> str:
    for ns, short in _NAMESPACES:
        if prop.startswith(ns):
            return short + prop[len(ns) :]
    return prop


def _rows(store: Queryable, name: str, trials: list[str] | None) -> list[dict[str, Any]]:
    text = load(name).text
    if trials is None:
        return store.query(text)
    out: list[dict[str, Any]] = []
    for t in trials:
        out.extend(store.query(text, {"trial": t}))
    return out


def _sort_key(v: Any) -> tuple[str, str]:
    return (type(v).__name__, str(v))


def project(
    store: Queryable,
    trials: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    collapse_arms: bool = False,
) -> nx.MultiDiGraph:
    """The projection of the whole store, or of ``trials`` (trial IRIs) and what they link to.

    ``kinds`` keeps only those node kinds (and the edges between kept nodes); ``collapse_arms``
    replaces trial -> arm -> drug by trial -> drug edges (the arm's label kept on the edge) and
    moves arm results and adverse events onto the trial, with the arm as an edge attribute."""
    selected = sorted(set(trials)) if trials is not None else None
    keep = set(kinds or KINDS)
    unknown = keep - set(KINDS)
    if unknown:
        raise ValueError(f"unknown node kind(s) {', '.join(sorted(unknown))}; choose from {', '.join(KINDS)}")

    attrs: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    kind_of: dict[str, str] = {}
    trial_of: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, "_pg_nodes", selected):
        kind_of[r["node"]] = r["kind"]
        trial_of[r["node"]].add(r["trial"])
        attrs[r["node"]][_key(r["key"])].add(r["value"])
    links = _rows(store, "_pg_links", selected)
    results = _rows(store, "_pg_results", selected)
    for r in results:
        if r["kind"] == "AdverseEventResult":
            kind_of.setdefault(r["target"], "AdverseEvent")
            if r.get("target_label"):
                attrs[r["target"]]["label"].add(r["target_label"])
    for r in links:  # nodes reached by a link but without attributes of their own
        kind_of.setdefault(r["target"], _LINK_TARGET[_key(r["relation"])])

    arm_label = {n: _label(attrs[n], n) for n, k in kind_of.items() if k == "Arm"}
    arm_trial = {r["target"]: r["source"] for r in links if r["relation"] == TKG + "hasArm"}
    if collapse_arms:
        keep.discard("Arm")

    g = nx.MultiDiGraph()
    for n in sorted(kind_of):
        kind = kind_of[n]
        if kind not in keep:
            continue
        data: dict[str, Any] = {"kind": kind, "label": _label(attrs[n], n), "iri": n}
        for k in sorted(attrs[n]):
            values = sorted(attrs[n][k], key=_sort_key)
            if k != "label":  # the node's label is chosen above
                data[k] = values[0]
            if len(values) > 1:
                data[k + "_all"] = " | ".join(str(v) for v in values)
        g.add_node(node_id(n), **data)

    def add_edge(src: str, dst: str, relation: str, key: str, **data: Any) -> None:
        s, d = node_id(src), node_id(dst)
        if s in g and d in g:
            g.add_edge(s, d, key=key, relation=relation, **{k: v for k, v in data.items() if v is not None})

    for r in sorted(links, key=lambda r: (r["source"], r["relation"], r["target"])):
        rel = _key(r["relation"])
        if collapse_arms and rel == "hasArm":
            continue
        if collapse_arms and rel == "drug":
            trial = arm_trial.get(r["source"], r["source"])
            add_edge(trial, r["target"], "drug", f"drug:{node_id(r['source'])}", arm=arm_label.get(r["source"]))
            continue
        add_edge(r["source"], r["target"], rel, rel)
    for r in sorted(results, key=lambda r: (r["result"], str(r.get("quote")))):
        data = {f: r.get(f) for f in _RESULT_FIELDS}
        src = r["source"]
        if collapse_arms and r["kind"] != "EffectEstimate":
            data["arm"] = arm_label.get(src)
            src = arm_trial.get(src, src)
        add_edge(src, r["target"], r["kind"], node_id(r["result"]), **data)
    return _consistent_types(g)


def _label(values: dict[str, set[Any]], iri: str) -> str:
    if "hrStatus" in values or "her2Status" in values or "lineOfTherapy" in values:  # a population
        sign = {"positive": "+", "negative": "-"}
        parts = [
            f"{name}{sign.get(str(min(values[k])), ' ' + str(min(values[k])))}"
            for k, name in (("hrStatus", "HR"), ("her2Status", "HER2"))
            if values.get(k)
        ]
        parts = ["/".join(parts)] if parts else []
        parts += [str(min(values[k])) for k in ("lineOfTherapy", "setting") if values.get(k)]
        return " ".join(parts)
    for k in _LABEL_KEYS:
        if values.get(k):
            return str(min(values[k], key=lambda v: (len(str(v)), str(v))))
    return node_id(iri).rsplit("/", 1)[-1]


def _consistent_types(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """One type per attribute key across nodes (and across edges), as GraphML and GEXF need: ints
    become floats where the key also holds floats; any other mixture becomes text."""
    for items in ([d for _, d in g.nodes(data=True)], [d for _, _, d in g.edges(data=True)]):
        types: dict[str, set[type]] = defaultdict(set)
        for d in items:
            for k, v in d.items():
                types[k].add(type(v))
        for k, ts in types.items():
            if len(ts) < 2:
                continue
            to: Any = float if ts <= {int, float} else str
            for d in items:
                if k in d:
                    d[k] = to(d[k])
    return g
