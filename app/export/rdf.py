"""RDF dumps of the store: the whole graph streamed by Oxigraph in its index order (memory stays
flat), or a selection (trials, a drug's trials, a CONSTRUCT query's result) written in sorted order.
Turtle, N-Triples and JSON-LD hold the default graph (the deduplicated union of documents, merge
and ontology: the facts with their tkg:evidence links) followed by the Mentions' own triples (quote,
offsets, source), read from the document graphs that hold them; TriG and N-Quads hold every named
graph as well (documents, merge, ontology, catalog), a complete copy of the store."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pyoxigraph as ox
from trialkg.app.export import jsonld
from trialkg.graph.store import TrialStore
from trialkg.ontology import TKG, VOCAB, context_path
from trialkg.queries import load

log = logging.getLogger(__name__)

FORMATS: dict[str, ox.RdfFormat | None] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": None,  # trialkg's own streaming writer, compacted with ontology/context.jsonld
}
DATASET_FORMATS = {"trig", "nquads"}
PREFIXES = {
    "tkg": TKG,
    # no prefix for ID: its local names hold slashes, which Turtle would have to escape
    "vocab": VOCAB,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def context() -> dict[str, Any]:
    ctx: dict[str, Any] = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    return ctx


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose from {', '.join(FORMATS)}")


def dump_all(store: TrialStore, fmt: str, out: IO[bytes]) -> None:
    """The whole store, streamed (see the module docstring for what each format holds)."""
    _check(fmt)
    if fmt == "jsonld":
        jsonld.write(_facts_and_mentions(store), out, context())
    elif fmt in DATASET_FORMATS:
        dataset_format = FORMATS[fmt]
        assert dataset_format is not None
        store.dump_dataset(out, dataset_format, prefixes=PREFIXES if fmt == "trig" else None)
    else:
        prefixes = PREFIXES if fmt == "turtle" else None
        ox.serialize(_facts_and_mentions(store), out, FORMATS[fmt], prefixes=prefixes)


def _facts_and_mentions(store: TrialStore) -> Iterator[ox.Triple]:
    """The default graph in index order, then every Mention's triples from its document graph (unless the
    store is one an older trialkg wrote and no writer has opened since: its default graph holds them)."""
    yield from (q.triple for q in store.quads(None))
    if not store.ask("ASK { ?m a ?c }", {"c": TKG + "Mention"}):
        yield from store.construct(load("_mention_triples").text)


def trial_triples(store: TrialStore, trials: Iterable[str]) -> Iterator[ox.Triple]:
    """The triples of each trial's slice (card, drugs, sources, Mentions), each once, sorted per trial."""
    text = load("_trial_slice").text
    seen: set[ox.Triple] = set()
    for trial in trials:
        batch = {ox.Triple(r["s"], r["p"], r["o"]) for r in store.select_terms(text, {"trial": trial})} - seen
        seen |= batch
        yield from sorted(batch, key=str)


def construct_triples(store: TrialStore, sparql: str) -> Iterator[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE query, in the order the store gives them."""
    yield from store.construct(sparql)


def write_triples(triples: Iterable[ox.Triple], fmt: str, out: IO[bytes]) -> None:
    """Selected triples in any of the formats (in the default graph for TriG and N-Quads)."""
    _check(fmt)
    if fmt == "jsonld":
        jsonld.write(triples, out, context())
        return
    if fmt in DATASET_FORMATS:
        items: Iterable[Any] = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    else:
        items = triples
    kwargs: dict[str, Any] = {"prefixes": PREFIXES} if fmt in ("turtle", "trig") else {}
    ox.serialize(items, out, FORMATS[fmt], **kwargs)
