"""Identity lookup keys kept in the store, so that resolving a document without a registry id reads
only the entries its clues name, not an index of every stored trial.

Each document graph's catalog entry (the catalog graph is bookkeeping, outside the union view)
carries what that graph tells identity resolution (``graph.identity.graph_identity``)::

    <doc graph> tkg:identityOf <trial> ; tkg:identityKey "acronym:PATINA", "title:..." ;
                tkg:identityDrug "DB09073" .

and the catalog node says that every document graph's entry carries them::

    <catalog graph> tkg:identityKeys 1 .

A document graph written under a trial without a registry id (flagged ``tkg:unregistered`` in the
catalog, see ingest/pipeline.py) also carries the lookup keys of its own clues, and the catalog node
says that every such graph carries them::

    <doc graph> tkg:clueKey "issue:new england journal of medicine|01-29" .
    <catalog graph> tkg:clueKeys 1 .

The re-link check at the end of an ingest then re-reads only the flagged documents whose clue keys
the ingest touched (``relink_keys``), instead of every flagged document's file.

The entries are written with the document (same transaction as its catalog entry), replaced with it
and removed with it.  ``lookup`` reads the entries of the given keys and, for the trials they name,
the drugs every stored document gives the trial's arms, and builds the part of the ``IdentityIndex``
those keys address (``graph.identity.index_of``: trials in IRI order, the first trial to claim a DOI
or title keeps it), the part ``build_index`` reads from the whole store.  A store written before the
keys existed has no mark: ``ensure`` reads every document graph once and writes the entries and the
mark.

Kept per graph, a key names a trial through the graph that both links the publication to the trial
and states the key (its DOI, title, journal issue): ``build_index`` reads the union, where a value
only another graph states for the same publication (a second title cited for one DOI; the DOI the
merge graph copies onto a source) joins across graphs; here it does not.  The drugs are the union
over every graph of the trial, as there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from trialkg.graph import iris
from trialkg.graph.identity import IDENTITY_PROPERTIES, GraphIdentity, IdentityIndex, graph_identity, index_of
from trialkg.graph.ntriples import string_literal
from trialkg.graph.sparql_bind import with_values
from trialkg.ontology import TKG

log = logging.getLogger(__name__)

IDENTITY_OF, IDENTITY_KEY, IDENTITY_DRUG = TKG + "identityOf", TKG + "identityKey", TKG + "identityDrug"
MARK = TKG + "identityKeys"
CLUE_KEY, CLUE_MARK = TKG + "clueKey", TKG + "clueKeys"
VERSION = 1
_BATCH = 500  # VALUES rows per lookup query
_WRITE_BATCH = 5000  # document graphs' entries per transaction when a store gets its keys


def entry_triples(graph_iri: str, identities: Iterable[GraphIdentity]) -> str:
    """A document graph's identity entries as N-Triples lines (subject: the graph's IRI)."""
    g = f"<{graph_iri}>"
    lines = []
    for ident in identities:
        lines.append(f"{g} <{IDENTITY_OF}> <{ident.trial}> .\n")
        lines += [f"{g} <{IDENTITY_KEY}> {string_literal(k)} .\n" for k in ident.keys]
        lines += [f"{g} <{IDENTITY_DRUG}> {string_literal(d)} .\n" for d in ident.drugs]
    return "".join(lines)


def entry_quads(graph_iri: str, identities: Iterable[GraphIdentity]) -> str:
    """The same entries as N-Quads in the catalog graph."""
    return entry_triples(graph_iri, identities).replace(" .\n", f" <{iris.CATALOG_GRAPH}> .\n")


def delete_ops(graph_iri: str) -> list[str]:
    """Updates removing a document graph's identity entries."""
    c = iris.CATALOG_GRAPH
    return [
        f"DELETE WHERE {{ GRAPH <{c}> {{ <{graph_iri}> <{p}> ?x }} }}"
        for p in (IDENTITY_OF, IDENTITY_KEY, IDENTITY_DRUG)
    ]


def insert_op(graph_iri: str, identities: Iterable[GraphIdentity]) -> list[str]:
    body = entry_triples(graph_iri, identities)
    return [f"INSERT DATA {{ GRAPH <{iris.CATALOG_GRAPH}> {{\n{body}}} }}"] if body else []


def clue_triples(graph_iri: str, keys: Iterable[str]) -> str:
    """A flagged document graph's clue keys as N-Triples lines (subject: the graph's IRI), sorted."""
    return "".join(f"<{graph_iri}> <{CLUE_KEY}> {string_literal(k)} .\n" for k in sorted(set(keys)))


def clue_quads(graph_iri: str, keys: Iterable[str]) -> str:
    """The same as N-Quads in the catalog graph."""
    return clue_triples(graph_iri, keys).replace(" .\n", f" <{iris.CATALOG_GRAPH}> .\n")


def clue_insert(keys_by_graph: Mapping[str, Iterable[str]]) -> list[str]:
    """An update adding the clue keys of these flagged document graphs (none when there are none)."""
    body = "".join(clue_triples(g, keys) for g, keys in sorted(keys_by_graph.items()))
    return [f"INSERT DATA {{ GRAPH <{iris.CATALOG_GRAPH}> {{\n{body}}} }}"] if body else []


def clue_mark_op() -> str:
    c = iris.CATALOG_GRAPH
    return f"INSERT DATA {{ GRAPH <{c}> {{ <{c}> <{CLUE_MARK}> {VERSION} }} }}"


def has_clue_keys(store: Any) -> bool:
    """Whether every flagged document graph's catalog entry carries its clue keys."""
    return bool(store.ask("ASK { GRAPH ?c { ?c ?m ?v } }", {"c": iris.CATALOG_GRAPH, "m": CLUE_MARK, "v": VERSION}))


def graph_entries(store: Any, graphs: Iterable[str]) -> tuple[set[str], set[str]]:
    """The trials and the lookup keys the identity entries of these document graphs hold."""
    from trialkg.graph.sparql import load

    trials: set[str] = set()
    keys: set[str] = set()
    wanted = sorted(set(graphs))
    for i in range(0, len(wanted), _BATCH):
        text = with_values(load("graph_entries").text, ["g"], [(g,) for g in wanted[i : i + _BATCH]])
        for r in store.query(text):
            trials.add(str(r["trial"]))
            if r.get("key") is not None:
                keys.add(str(r["key"]))
    return trials, keys


def any_clue_keys(store: Any) -> bool:
    """Whether a document graph flagged as written without a registry id holds a clue key (one lookup)."""
    return bool(store.ask("ASK { GRAPH ?c { ?g ?k ?v } }", {"c": iris.CATALOG_GRAPH, "k": CLUE_KEY}))


def relink_keys(store: Any, trials: Iterable[str], keys: Iterable[str]) -> set[str]:
    """The lookup keys through which a stored document without a registry id may now resolve to
    another trial, after an ingest that wrote, replaced or removed identity entries of ``trials``
    holding ``keys``: those keys, and every key stored documents give those trials (a trial that
    gained a drug may now match a document by an acronym another graph gave it)."""
    from trialkg.graph.sparql import load

    out = set(keys)
    wanted = sorted(set(trials))
    for i in range(0, len(wanted), _BATCH):
        text = with_values(load("trial_keys").text, ["trial"], [(t,) for t in wanted[i : i + _BATCH]])
        out |= {str(r["key"]) for r in store.query(text)}
    return out


def mark_op() -> str:
    c = iris.CATALOG_GRAPH
    return f"INSERT DATA {{ GRAPH <{c}> {{ <{c}> <{MARK}> {VERSION} }} }}"


def has_keys(store: Any) -> bool:
    """Whether every document graph's catalog entry carries its identity entries."""
    return bool(store.ask("ASK { GRAPH ?c { ?c ?m ?v } }", {"c": iris.CATALOG_GRAPH, "m": MARK, "v": VERSION}))


def stored_identities(store: Any) -> dict[str, list[GraphIdentity]]:
    """Every committed document graph's identity, read from its statements (one scan per property)."""
    from trialkg.graph.sparql import load

    committed = {r["g"] for r in store.query(load("catalog").text)}
    statements: dict[str, list[tuple[str, str, str]]] = {}
    for prop in sorted(IDENTITY_PROPERTIES):
        for g, s, o in store.graph_statements(prop):
            if g in committed:
                statements.setdefault(g, []).append((s, prop, o))
    return {g: graph_identity(st) for g, st in sorted(statements.items())}


def build_index(store: Any) -> IdentityIndex:
    """The identity index of every stored trial, read from the union view (one index scan per property):
    what ingest read before each batch until the keys existed (13.7 s at 100,000 trials), kept as the
    reference the stored keys are tested against.  Read from the union, a publication's DOI or title
    stated by any graph counts (see the module text)."""
    statements = [(str(s), p, str(o)) for p in sorted(IDENTITY_PROPERTIES) for s, o in store.statements(p)]
    return index_of(graph_identity(statements))


def ensure(store: Any) -> int:
    """Write the identity entries of every document graph of a store that lacks them (written before
    they existed), then the mark; returns the graphs given entries (0 when the mark was there).
    Crash-safe by ordering: the old entries are removed and the mark written last, so a stopped run
    leaves no mark and the next one starts again."""
    if has_keys(store):
        return 0
    stored = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?c { ?g ?p ?h } }", {"c": iris.CATALOG_GRAPH, "p": TKG + "rawHash"}
    )[0]["n"]
    if stored:  # a store written before the keys existed: say why this ingest pauses (once)
        log.warning(
            "writing the identity lookup keys of %d stored documents (once per store; about a minute per "
            "100,000 documents)",
            stored,
        )
    identities = stored_identities(store)
    c = iris.CATALOG_GRAPH
    store.replace_graphs(
        {},
        extra=[f"DELETE WHERE {{ GRAPH <{c}> {{ ?g <{p}> ?x }} }}" for p in (IDENTITY_OF, IDENTITY_KEY, IDENTITY_DRUG)],
    )
    graphs = list(identities)
    for i in range(0, len(graphs), _WRITE_BATCH):  # bounded transactions; the mark comes after them all
        quads = "".join(entry_quads(g, identities[g]) for g in graphs[i : i + _WRITE_BATCH])
        if quads:
            store.add_catalog(quads)
    store.replace_graphs({}, extra=[mark_op()])
    given = sum(1 for ids in identities.values() if ids)
    log.info("identity lookup keys written for %d stored documents", given)
    return given


def lookup(store: Any, keys: Iterable[str]) -> IdentityIndex:
    """The part of the stored trials' identity index these lookup keys address (see the module text)."""
    from trialkg.graph.sparql import load

    ensure(store)
    wanted = sorted(set(keys))
    by_trial: dict[str, set[str]] = {}
    text = load("identity_lookup").text
    for i in range(0, len(wanted), _BATCH):
        rows = store.query(with_values(text, ["key"], [(k,) for k in wanted[i : i + _BATCH]], True))
        for r in rows:
            by_trial.setdefault(r["trial"], set()).add(r["key"])
    drugs: dict[str, set[str]] = {t: set() for t in by_trial}
    needs_drugs = sorted(t for t, ks in by_trial.items() if any(not k.startswith(("doi:", "title:")) for k in ks))
    text = load("identity_drugs").text
    for i in range(0, len(needs_drugs), _BATCH):
        for r in store.query(with_values(text, ["trial"], [(t,) for t in needs_drugs[i : i + _BATCH]])):
            drugs[r["trial"]].add(r["drug"])
    return index_of(GraphIdentity(t, tuple(ks), tuple(drugs[t])) for t, ks in by_trial.items())


__all__ = [
    "CLUE_KEY",
    "CLUE_MARK",
    "IDENTITY_DRUG",
    "IDENTITY_KEY",
    "IDENTITY_OF",
    "MARK",
    "any_clue_keys",
    "build_index",
    "clue_insert",
    "clue_mark_op",
    "clue_quads",
    "clue_triples",
    "delete_ops",
    "ensure",
    "entry_quads",
    "entry_triples",
    "graph_entries",
    "has_clue_keys",
    "has_keys",
    "insert_op",
    "lookup",
    "mark_op",
    "relink_keys",
    "stored_identities",
]
