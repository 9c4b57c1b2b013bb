"""Merge: recompute links between documents and the conflicts among them.

Documents about one trial already share the trial's IRIs (and so its arms, endpoints and fact
nodes); this step adds what no single document can know, in its own named graph:

* ``owl:sameAs`` from a source without a DOI to the DOI-identified publication other sources
  cite under the same title (with the DOI copied onto the source);
* a ``tkg:Conflict`` for every fact whose sources state different values of a functional
  property.  Rounded restatements (44 vs 44.3), approximate ones ("nearly 80%" vs 79.7) and a
  broader controlled value beside a narrower one ("advanced" vs "metastatic") are consistent.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef
from trialkg.graph import iris
from trialkg.graph.identity import norm_title
from trialkg.graph.store import TrialStore
from trialkg.ontology import VOCAB
from trialkg.queries import load

log = logging.getLogger(__name__)
T = iris.tkg


@dataclass
class ConflictInfo:
    subject: str
    prop: str
    values: dict[str, list[str]]  # value -> document graphs
    reason: str


@dataclass
class MergeSummary:
    conflicts: list[ConflictInfo] = field(default_factory=list)
    same_as: int = 0


def _decimal(v: object) -> Decimal | None:
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def _places(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def numbers_agree(a: object, b: object, places_a: int | None = None, places_b: int | None = None) -> bool:
    """Equal, or equal once the more precise is rounded to the other's precision as stated (44.3 ~ 44;
    0.75 ~ "0.8" but not "0.80")."""
    da, db = _decimal(a), _decimal(b)
    if da is None or db is None:
        return str(a) == str(b)
    if da == db:
        return True
    pa = places_a if places_a is not None else _places(da)
    pb = places_b if places_b is not None else _places(db)
    if pa == pb:
        return False
    coarse, fine = (da, db) if pa < pb else (db, da)
    q = Decimal(1).scaleb(-min(pa, pb))
    return fine.quantize(q) == coarse


def approx_agree(exact: object, approx: object) -> bool:
    de, da = _decimal(exact), _decimal(approx)
    if de is None or da is None:
        return False
    return abs(de - da) <= max(Decimal("1"), abs(de) * Decimal("0.05"))


def concepts_agree(a: str, b: str) -> bool:
    """Two SKOS concepts agree when equal or one is broader than the other (same scheme)."""
    if a == b:
        return True
    if not (a.startswith(VOCAB) and b.startswith(VOCAB)):
        return False
    sa, _, na = a.removeprefix(VOCAB).partition("/")
    sb, _, nb = b.removeprefix(VOCAB).partition("/")
    if sa != sb:
        return False
    from trialkg.ingest.extract._vocab import broader

    up = broader(sa)

    def ancestors(n: str) -> set[str]:
        out = set()
        while n in up:
            n = up[n]
            out.add(n)
        return out

    return na in ancestors(nb) or nb in ancestors(na)


def _consistent(values: dict[object, int | None]) -> bool:
    """values: value -> decimals as stated (the fewest any source used)."""
    vals = list(values)
    for i in range(len(vals)):
        for j in range(i + 1, len(vals)):
            a, b = vals[i], vals[j]
            if isinstance(a, str) and isinstance(b, str) and a.startswith("http") and b.startswith("http"):
                if not concepts_agree(a, b):
                    return False
            elif not numbers_agree(a, b, values[a], values[b]):
                return False
    return True


def _literal(v: str) -> URIRef | Literal:
    """The claimed value as a typed term (IRIs for controlled values, numbers as xsd numbers)."""
    if v.startswith(("http://", "https://")):
        return URIRef(v)
    if re.fullmatch(r"-?\d+", v):
        return Literal(v, datatype=XSD.integer)
    if _decimal(v) is not None and re.fullmatch(r"-?\d*\.\d+(?:[eE]-?\d+)?", v):
        d = _decimal(v)
        return Literal(format(d, "f") if d is not None else v, datatype=XSD.decimal)
    return Literal(v)


_APPROX = {T("value"): T("approximateValue"), T("percent"): T("approximatePercent")}


def find_conflicts(store: TrialStore) -> list[ConflictInfo]:
    grouped: dict[tuple[str, str], dict[object, list[str]]] = defaultdict(lambda: defaultdict(list))
    places: dict[tuple[str, str], dict[object, int | None]] = defaultdict(dict)
    for row in store.query(load("_functional_disagreements").text):
        key = (row["s"], row["p"])
        if row["g"] not in grouped[key][row["o"]]:
            grouped[key][row["o"]].append(row["g"])
        dec = row.get("decimals")
        prev = places[key].get(row["o"])
        places[key][row["o"]] = dec if prev is None else (min(prev, dec) if dec is not None else prev)
    out: list[ConflictInfo] = []
    for (s, p), by_value in sorted(grouped.items()):
        if _consistent(places[(s, p)]):
            continue
        values = {str(v): sorted(gs) for v, gs in by_value.items()}
        out.append(ConflictInfo(s, p, values, f"sources state {len(values)} different values"))
    approx: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.query(load("_approximate_restatements").text):
        if not approx_agree(row["exact"], row["approx"]):
            approx[(row["s"], row["p"])][str(row["exact"])].add(row["g"])
            approx[(row["s"], row["p"])]["~" + str(row["approx"])].add(row["ga"])
    for (s, p), approx_values in sorted(approx.items()):
        out.append(
            ConflictInfo(
                s,
                p,
                {v: sorted(g) for v, g in approx_values.items()},
                "an approximate restatement is too far from the exact value",
            )
        )
    return out


def recompute(store: TrialStore) -> MergeSummary:
    """Rebuild the merge graph in one transaction and return what it holds."""
    g = Graph()
    summary = MergeSummary()
    for c in find_conflicts(store):
        summary.conflicts.append(c)
        ci = URIRef(iris.conflict(c.subject, c.prop))
        g.add((ci, RDF.type, URIRef(T("Conflict"))))
        g.add((ci, URIRef(T("about")), URIRef(c.subject)))
        g.add((ci, URIRef(T("conflictProperty")), URIRef(c.prop)))
        g.add((ci, URIRef(T("reason")), Literal(c.reason)))
        for value, graphs in sorted(c.values.items()):
            for graph in graphs:
                cl = URIRef(f"{ci}/claim/{iris.short_hash(value, graph)}")
                g.add((ci, URIRef(T("claim")), cl))
                g.add((cl, RDF.type, URIRef(T("Claim"))))
                g.add((cl, URIRef(T("claimedValue")), _literal(value.lstrip("~"))))
                if value.startswith("~"):
                    g.add((cl, URIRef(T("approximate")), Literal(True)))
                prop = _APPROX.get(c.prop, c.prop) if value.startswith("~") else c.prop
                for row in store.query(load("_claim_evidence").text, {"s": c.subject, "p": prop, "g": graph}):
                    g.add((cl, URIRef(T("evidence")), URIRef(row["m"])))
                    g.add((cl, URIRef(T("inSource")), URIRef(row["src"])))
    seen: set[tuple[str, str]] = set()
    for row in store.query(load("_title_matches").text):
        if norm_title(row["title"]) == norm_title(row["pubtitle"]) and (row["src"], row["pub"]) not in seen:
            seen.add((row["src"], row["pub"]))
            g.add((URIRef(row["src"]), OWL.sameAs, URIRef(row["pub"])))
            g.add((URIRef(row["src"]), URIRef(T("doi")), Literal(row["doi"])))
    summary.same_as = len(seen)
    store.replace_graphs({iris.MERGE_GRAPH: g})
    log.info("merge: %d conflicts, %d sameAs links", len(summary.conflicts), summary.same_as)
    return summary


__all__ = ["ConflictInfo", "MergeSummary", "approx_agree", "concepts_agree", "numbers_agree", "recompute"]
