"""Merge: recompute links between documents and the conflicts among them.

Documents about one trial already share the trial's IRIs (and so its arms, endpoints and fact
nodes); this step adds what no single document can know, in its own named graph:

* ``owl:sameAs`` from a source without a DOI to the DOI-identified publication other sources
  cite under the same title (with the DOI copied onto the source);
* a ``tkg:Conflict`` for every fact whose sources state different values of a functional
  property.  Rounded restatements (44 vs 44.3), approximate ones ("nearly 80%" vs 79.7) and a
  broader controlled value beside a narrower one ("advanced" vs "metastatic") are consistent;
* a ``tkg:DrugCombination`` for every pair of drugs one arm gives together, linked to those arms
  and counting their trials and arms, so that listing combinations reads a few nodes per pair
  instead of joining every arm of the store (2 s at 100,000 trials).  An ingest relinks the arms
  whose drugs it touched and recounts only the pairs those arms had or now have.

``recompute(store)`` rebuilds the graph from every document (its cost grows with the store);
``recompute(store, pairs)`` is the incremental merge an ingest runs: only the conflicts about the
(subject, functional property) pairs its written, replaced and removed graphs state are recomputed,
in one transaction with the sameAs links (whose query is cheap), so the cost follows the documents
ingested, not the store.  A conflict is about one pair, and every document stating a value of it is
read (one index lookup per pair), so the result is the same as a full recompute (tested).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from trialkg.graph import iris
from trialkg.graph.identity import norm_title
from trialkg.graph.sparql import load
from trialkg.graph.store import PENDING, TrialStore
from trialkg.ontology import VOCAB

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
    conflicts: list[ConflictInfo] = field(default_factory=list)  # recomputed (all, in a full merge)
    same_as: int = 0
    total_conflicts: int = 0  # in the merge graph afterwards
    incremental: bool = False
    pairs: int = 0  # (subject, property) pairs looked at (incremental)
    combinations: int = 0  # drug combinations written (full) or recounted (incremental)


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
    from trialkg.ontology.skos import broader

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


ROWS_PER_QUERY = 2000
_APPROX_OF = {T("approximateValue"): T("value"), T("approximatePercent"): T("percent")}
Pair = tuple[str, str]


# what the merge graph derives (2: drug combinations); a store marked older gets them in its next ingest
MERGE_VERSION = 2
_DRUG = T("drug")
_IN_SOURCE = T("inSource")


def conflict_properties(store: TrialStore) -> list[str]:
    """The functional properties two documents can give different values of, sorted: all but a Mention's
    (its IRI is minted from its source, so one document graph alone states them) and ``tkg:inSource``
    (in document graphs only Mentions have it; the Claims that also do live in the merge graph)."""
    rows = store.query(
        "SELECT ?p WHERE { GRAPH ?o { ?p a ?f } FILTER NOT EXISTS { GRAPH ?o { ?p ?domain ?mention } } } ORDER BY ?p",
        {
            "o": iris.ONTOLOGY_GRAPH,
            "f": str(OWL.FunctionalProperty),
            "domain": str(RDFS.domain),
            "mention": T("Mention"),
        },
    )
    return [str(r["p"]) for r in rows if str(r["p"]) != _IN_SOURCE]


def watched_properties(store: TrialStore) -> set[str]:
    """The properties a merge looks at: the ones of conflicts (``conflict_properties``, and the
    approximate values), and ``tkg:drug`` (the drug combinations of the arms that state it)."""
    return set(conflict_properties(store)) | set(_APPROX_OF) | {_DRUG}


def is_current(store: TrialStore) -> bool:
    """Whether the store's merge graph derives everything this version derives (else the next ingest
    adds every drug combination: ``recompute(..., all_combinations=True)``)."""
    rows = store.query(
        "SELECT ?v WHERE { GRAPH ?c { ?m ?p ?v } }",
        {"c": iris.CATALOG_GRAPH, "m": iris.MERGE_GRAPH, "p": T("mergeVersion")},
    )
    return any(int(r["v"]) >= MERGE_VERSION for r in rows)


def _pair_rows(store: TrialStore, name: str, pairs: list[Pair]) -> list[dict[str, object]]:
    from trialkg.graph.sparql_bind import with_values

    out: list[dict[str, object]] = []
    for i in range(0, len(pairs), ROWS_PER_QUERY):
        out.extend(store.query(with_values(load(name).text, ["s", "p"], pairs[i : i + ROWS_PER_QUERY])))
    return out


def _disagreement_rows(store: TrialStore, pairs: list[Pair], split: bool = False) -> list[dict[str, object]]:
    """Of the given (subject, property) pairs, those stated differently by two documents: every value,
    its graph and the decimals its source wrote (rows s, p, o, g, decimals).  ``split``: the pairs are
    known to have more than one value in the union view already (else that is asked first,
    ``split_pairs``, and only those pairs' values are read)."""
    exact = [p for p in pairs if p[1] not in _APPROX_OF]
    if not split:
        exact = sorted((str(r["s"]), str(r["p"])) for r in _pair_rows(store, "split_pairs", exact))
    rows = _pair_rows(store, "pair_values", exact) if exact else []
    by_pair: dict[Pair, set[object]] = defaultdict(set)
    for r in rows:
        by_pair[(str(r["s"]), str(r["p"]))].add(r["o"])
    differing = sorted(k for k, v in by_pair.items() if len(v) > 1)
    decimals = {(r["s"], r["p"], r["g"], r["o"]): r["decimals"] for r in _pair_rows(store, "pair_decimals", differing)}
    keep = set(differing)
    return [
        {**r, "decimals": decimals.get((r["s"], r["p"], r["g"], r["o"]))}
        for r in rows
        if (str(r["s"]), str(r["p"])) in keep
    ]


def _all_disagreement_rows(store: TrialStore) -> list[dict[str, object]]:
    """Every disagreement in the store: the subjects the union view gives more than one value of each
    property of ``conflict_properties`` (one property at a time), then their pairs' rows in the document
    graphs as ``_disagreement_rows`` (which drops a pair the documents agree on)."""
    pairs = [
        (str(r["s"]), p)
        for p in conflict_properties(store)
        for r in store.query(load("disagreeing_subjects").text, {"p": p})
    ]
    return _disagreement_rows(store, pairs, split=True)


def find_conflicts(store: TrialStore, pairs: list[Pair] | None = None) -> list[ConflictInfo]:
    """Conflicts in the whole store, or about the given (subject, property) pairs only."""
    from trialkg.graph.sparql_bind import with_values

    grouped: dict[tuple[str, str], dict[object, list[str]]] = defaultdict(lambda: defaultdict(list))
    places: dict[tuple[str, str], dict[object, int | None]] = defaultdict(dict)
    rows = _all_disagreement_rows(store) if pairs is None else _disagreement_rows(store, pairs)
    for row in rows:
        key = (str(row["s"]), str(row["p"]))
        if row["g"] not in grouped[key][row["o"]]:
            grouped[key][row["o"]].append(str(row["g"]))
        dec: int | None = row.get("decimals")  # type: ignore[assignment]
        prev = places[key].get(row["o"])
        places[key][row["o"]] = dec if prev is None else (min(prev, dec) if dec is not None else prev)
    out: list[ConflictInfo] = []
    for (s, p), by_value in sorted(grouped.items()):
        if _consistent(places[(s, p)]):
            continue
        values = {str(v): sorted(gs) for v, gs in by_value.items()}
        out.append(ConflictInfo(s, p, values, f"sources state {len(values)} different values"))
    approx: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if pairs is None:
        approx_rows = store.query(load("approximate_restatements").text)
    else:  # restatements of the touched exact or approximate values
        subjects = sorted({(s,) for s, p in pairs if p in _APPROX_OF or p in _APPROX_OF.values()})
        approx_rows = []
        for i in range(0, len(subjects), ROWS_PER_QUERY):
            text = with_values(load("approximate_restatements").text, ["s"], subjects[i : i + ROWS_PER_QUERY])
            approx_rows.extend(store.query(text))
    for row in approx_rows:
        if not approx_agree(row["exact"], row["approx"]):
            approx[(str(row["s"]), str(row["p"]))][str(row["exact"])].add(str(row["g"]))
            approx[(str(row["s"]), str(row["p"]))]["~" + str(row["approx"])].add(str(row["ga"]))
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


def _conflict_triples(store: TrialStore, conflicts: list[ConflictInfo], g: Graph) -> None:
    for c in conflicts:
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
                for row in store.query(load("claim_evidence").text, {"s": c.subject, "p": prop, "g": graph}):
                    g.add((cl, URIRef(T("evidence")), URIRef(row["m"])))
                    g.add((cl, URIRef(T("inSource")), URIRef(row["src"])))


def _same_as_triples(store: TrialStore, g: Graph) -> int:
    """A source without DOI is the same as a cited publication with a DOI and the same title (compared
    normalized): both lists read once and joined here by title (was a join of every source with every
    cited publication), the sources not read at all when nothing with a DOI is cited."""
    by_title: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(load("cited_publications").text):
        by_title[norm_title(row["pubtitle"])].append((row["pub"], row["doi"]))
    if not by_title:
        return 0
    links: set[tuple[str, str, str]] = set()
    for row in store.query(load("sources_without_doi").text):
        for pub, doi in by_title.get(norm_title(row["title"]), []):
            links.add((row["src"], pub, doi))
    seen: set[tuple[str, str]] = set()
    for src, pub, doi in sorted(links):
        if (src, pub) not in seen:
            seen.add((src, pub))
            g.add((URIRef(src), OWL.sameAs, URIRef(pub)))
            g.add((URIRef(src), URIRef(T("doi")), Literal(doi)))
    return len(seen)


def _combination_rows(store: TrialStore, arms: list[str] | None) -> list[dict[str, object]]:
    from trialkg.graph.sparql_bind import with_values

    text = load("combination_arms").text
    if arms is None:
        return store.query(text)
    out: list[dict[str, object]] = []
    for i in range(0, len(arms), ROWS_PER_QUERY):
        out.extend(store.query(with_values(text, ["arm"], [(a,) for a in arms[i : i + ROWS_PER_QUERY]])))
    return out


def _combination_links(rows: list[dict[str, object]], g: Graph) -> set[str]:
    """Each combination node with its two drugs and the arms that give them; returns the nodes."""
    nodes: set[str] = set()
    for row in rows:
        a, b, arm = str(row["drug_a"]), str(row["drug_b"]), str(row["arm"])
        c = URIRef(iris.combination(a, b))
        nodes.add(str(c))
        g.add((c, RDF.type, URIRef(T("DrugCombination"))))
        g.add((c, URIRef(T("combinedDrug")), URIRef(a)))
        g.add((c, URIRef(T("combinedDrug")), URIRef(b)))
        g.add((c, URIRef(T("combinationArm")), URIRef(arm)))
    return nodes


def _combination_triples(store: TrialStore, g: Graph) -> int:
    """Every combination of the store with its counts (a full merge); returns how many."""
    rows = _combination_rows(store, None)
    nodes = _combination_links(rows, g)
    trials: dict[str, set[str]] = defaultdict(set)
    arms: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["trial"] is not None:  # counted as the listing always counted: arms of a trial
            c = iris.combination(str(row["drug_a"]), str(row["drug_b"]))
            trials[c].add(str(row["trial"]))
            arms[c].add(str(row["arm"]))
    for c in sorted(trials):
        g.add((URIRef(c), URIRef(T("trialCount")), Literal(len(trials[c]), datatype=XSD.integer)))
        g.add((URIRef(c), URIRef(T("armCount")), Literal(len(arms[c]), datatype=XSD.integer)))
    return len(nodes)


def _combination_ops(store: TrialStore, arms: list[str]) -> tuple[list[str], int]:
    """Update operations that relink ``arms`` (those whose drugs an ingest touched) to their drug
    combinations and recount the combinations they had or now have, in the merge graph and the union
    view; and how many combinations were recounted.  A recount reads the arms of that pair only."""
    from trialkg.graph.ntriples import ntriples
    from trialkg.graph.sparql_bind import with_values

    if not arms:
        return [], 0
    m = f"<{iris.MERGE_GRAPH}>"
    ca, tc, ac, has_arm = (f"<{T(n)}>" for n in ("combinationArm", "trialCount", "armCount", "hasArm"))
    old: set[str] = set()
    for i in range(0, len(arms), ROWS_PER_QUERY):
        text = with_values(load("combinations_of_arms").text, ["arm"], [(a,) for a in arms[i : i + ROWS_PER_QUERY]])
        old |= {str(r["c"]) for r in store.query(text)}
    g = Graph()
    touched = sorted(old | _combination_links(_combination_rows(store, arms), g))
    ops = []
    for i in range(0, len(arms), ROWS_PER_QUERY):
        ops.append(
            with_values(
                f"DELETE {{ GRAPH {m} {{ ?c {ca} ?arm }} ?c {ca} ?arm }} WHERE {{ GRAPH {m} {{ ?c {ca} ?arm }} }}",
                ["arm"],
                [(a,) for a in arms[i : i + ROWS_PER_QUERY]],
            )
        )
    if len(g):
        body = ntriples(sorted(g))
        ops.append(f"INSERT DATA {{ GRAPH {m} {{\n{body}\n}} }}")
        ops.append(f"INSERT DATA {{\n{body}\n}}")
    for i in range(0, len(touched), ROWS_PER_QUERY):
        rows = [(c,) for c in touched[i : i + ROWS_PER_QUERY]]
        ops.append(
            with_values(
                f"DELETE {{ GRAPH {m} {{ ?c {tc} ?n ; {ac} ?k }} ?c {tc} ?n ; {ac} ?k }} "
                f"WHERE {{ GRAPH {m} {{ ?c {tc} ?n ; {ac} ?k }} }}",
                ["c"],
                rows,
            )
        )
        count = with_values(
            f"SELECT ?c (COUNT(DISTINCT ?t) AS ?trials) (COUNT(DISTINCT ?arm) AS ?arms) "
            f"WHERE {{ GRAPH {m} {{ ?c {ca} ?arm }} ?t {has_arm} ?arm }} GROUP BY ?c",
            ["c"],
            rows,
        )
        ops.append(
            f"INSERT {{ GRAPH {m} {{ ?c {tc} ?trials ; {ac} ?arms }} ?c {tc} ?trials ; {ac} ?arms }} "
            f"WHERE {{ {{ {count} }} }}"
        )
        ops.append(  # a pair no arm gives any more
            with_values(
                f"DELETE {{ GRAPH {m} {{ ?c ?p ?o }} ?c ?p ?o }} "
                f"WHERE {{ GRAPH {m} {{ ?c ?p ?o }} FILTER NOT EXISTS {{ GRAPH {m} {{ ?c {ca} ?x }} }} }}",
                ["c"],
                rows,
            )
        )
    return ops, len(touched)


def _all_combination_ops(store: TrialStore) -> tuple[list[str], int]:
    """Update operations that replace every drug combination (merge graph and union view), and mark the
    merge graph current; and how many combinations there are."""
    from trialkg.graph.ntriples import ntriples

    m, dc = f"<{iris.MERGE_GRAPH}>", f"<{T('DrugCombination')}>"
    ops = [
        f"DELETE {{ GRAPH {m} {{ ?c ?p ?o }} ?c ?p ?o }} WHERE {{ GRAPH {m} {{ ?c a {dc} ; ?p ?o }} }}",
    ]
    g = Graph()
    n = _combination_triples(store, g)
    if len(g):
        body = ntriples(sorted(g))
        ops.append(f"INSERT DATA {{ GRAPH {m} {{\n{body}\n}} }}")
        ops.append(f"INSERT DATA {{\n{body}\n}}")
    return [*ops, *_version_ops()], n


def _version_ops() -> list[str]:
    c, mv = f"<{iris.CATALOG_GRAPH}>", f"<{T('mergeVersion')}>"
    return [
        f"DELETE WHERE {{ GRAPH {c} {{ <{iris.MERGE_GRAPH}> {mv} ?v }} }}",
        f"INSERT DATA {{ GRAPH {c} {{ <{iris.MERGE_GRAPH}> {mv} {MERGE_VERSION} }} }}",
    ]


def _count_conflicts(store: TrialStore) -> int:
    rows = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?m { ?c a ?type } }", {"m": iris.MERGE_GRAPH, "type": T("Conflict")}
    )
    return int(rows[0]["n"])


def recompute(store: TrialStore, pairs: Iterable[Pair] | None = None, all_combinations: bool = False) -> MergeSummary:
    """Rebuild the merge graph (``pairs`` None), or update it for the given (subject, property) pairs;
    one transaction either way.  ``all_combinations``: in an update, rebuild every drug combination
    (a store merged by a version that did not derive them; one scan of the arms, where a full merge
    also reads every value of every functional property, 18 GB and more at 100,000 trials).  Returns
    what was recomputed and the conflicts the graph now holds."""
    if pairs is None:
        g = Graph()
        summary = MergeSummary(conflicts=find_conflicts(store))
        _conflict_triples(store, summary.conflicts, g)
        summary.same_as = _same_as_triples(store, g)
        summary.combinations = _combination_triples(store, g)
        store.replace_graphs({iris.MERGE_GRAPH: g}, extra=[*_version_ops(), _clear_pending()])
        summary.total_conflicts = len(summary.conflicts)
    else:
        todo = sorted(set(pairs))
        arms = sorted({s for s, p in todo if p == _DRUG})
        todo = [(s, p) for s, p in todo if p != _DRUG]
        summary = MergeSummary(conflicts=find_conflicts(store, todo), incremental=True, pairs=len(todo))
        g = Graph()
        _conflict_triples(store, summary.conflicts, g)
        summary.same_as = _same_as_triples(store, g)
        if all_combinations:
            combination_ops, summary.combinations = _all_combination_ops(store)
        else:
            combination_ops, summary.combinations = _combination_ops(store, arms)
        stored = _stored_conflicts(store)
        store.replace_graphs({}, extra=[*_update_ops(todo, g, stored), *combination_ops, _clear_pending()])
        summary.total_conflicts = _count_conflicts(store)
    log.info(
        "merge%s: %d conflicts (%d recomputed), %d sameAs links",
        " (incremental)" if summary.incremental else "",
        summary.total_conflicts,
        len(summary.conflicts),
        summary.same_as,
    )
    return summary


def _stored_conflicts(store: TrialStore) -> set[str]:
    """The conflict nodes the merge graph holds (few: one per disagreeing pair)."""
    rows = store.query("SELECT ?c WHERE { GRAPH ?m { ?c a ?type } }", {"m": iris.MERGE_GRAPH, "type": T("Conflict")})
    return {str(r["c"]) for r in rows}


def _update_ops(pairs: list[Pair], g: Graph, stored: set[str]) -> list[str]:
    """Remove the conflicts about ``pairs`` and every sameAs link (from the merge graph and the union
    view: these nodes live in the merge graph only), then add ``g``'s triples to both.  ``stored``: the
    conflict nodes the merge graph holds (``_stored_conflicts``): only those of the pairs are deleted,
    where a deletion per pair looked each one up (2.1 s for the 48,609 pairs of 1,000 new trials added to
    a 10,000-trial store, nearly all without a conflict)."""
    from trialkg.graph.ntriples import ntriples
    from trialkg.graph.sparql_bind import with_values

    m = f"<{iris.MERGE_GRAPH}>"
    ops = []
    nodes = sorted({(c,) for s, p in pairs if (c := iris.conflict(s, _APPROX_OF.get(p, p))) in stored})
    for i in range(0, len(nodes), ROWS_PER_QUERY):
        ops.append(
            with_values(
                f"DELETE {{ GRAPH {m} {{ ?c ?p ?o . ?cl ?cp ?co }} ?c ?p ?o . ?cl ?cp ?co }} "
                f"WHERE {{ GRAPH {m} {{ ?c ?p ?o OPTIONAL {{ ?c <{T('claim')}> ?cl . ?cl ?cp ?co }} }} }}",
                ["c"],
                nodes[i : i + ROWS_PER_QUERY],
            )
        )
    same, doi = f"<{OWL.sameAs}>", f"<{T('doi')}>"
    ops.append(
        f"DELETE {{ GRAPH {m} {{ ?src {same} ?pub . ?src {doi} ?d }} ?src {same} ?pub . ?src {doi} ?d }} "
        f"WHERE {{ GRAPH {m} {{ ?src {same} ?pub . ?src {doi} ?d }} }}"
    )
    if len(g):
        body = ntriples(sorted(g))
        ops.append(f"INSERT DATA {{ GRAPH {m} {{\n{body}\n}} }}")
        ops.append(f"INSERT DATA {{\n{body}\n}}")
    return ops


def _clear_pending() -> str:
    return f"DELETE WHERE {{ GRAPH <{iris.CATALOG_GRAPH}> {{ <{iris.MERGE_GRAPH}> <{PENDING}> ?x }} }}"


__all__ = [
    "MERGE_VERSION",
    "ConflictInfo",
    "MergeSummary",
    "approx_agree",
    "concepts_agree",
    "conflict_properties",
    "is_current",
    "numbers_agree",
    "recompute",
    "watched_properties",
]
