"""The N-Triples writer and its N-Quads form parse back to the same terms, literals with quotes, line
breaks and " ." inside included; pairs of watched properties are read from the text."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef
from trialkg.graph.ntriples import ntriples, to_quads
from trialkg.ingest.stages import pairs_of

S, P, Q = URIRef("https://example.org/s"), URIRef("https://example.org/p"), URIRef("https://example.org/q")
OBJECTS = [
    Literal('ends a sentence .\nthen "quoted" \\ and \r .'),
    Literal("x .", lang="en"),
    Literal("12", datatype=XSD.integer),
    URIRef("https://example.org/o"),
]


def test_quads_parse_back_to_the_triples_in_the_graph() -> None:
    text = ntriples([(S, P, o) for o in OBJECTS] + [(Q, Q, S)])
    graph = "https://example.org/g"
    quads = list(ox.parse(to_quads(text, graph).encode(), format=ox.RdfFormat.N_QUADS))
    triples = list(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert len(quads) == len(triples) == 5
    assert [(q.subject, q.predicate, q.object) for q in quads] == [(t.subject, t.predicate, t.object) for t in triples]
    assert {q.graph_name for q in quads} == {ox.NamedNode(graph)}
    assert quads[0].object == ox.Literal('ends a sentence .\nthen "quoted" \\ and \r .')


def test_pairs_of_reads_subjects_of_the_given_properties() -> None:
    text = ntriples([(S, P, o) for o in OBJECTS] + [(Q, Q, S)])
    assert pairs_of(text, {str(P)}) == {(str(S), str(P))}
    assert pairs_of(text, frozenset({str(P), str(Q)})) == {(str(S), str(P)), (str(Q), str(Q))}
    assert pairs_of(text, set()) == set()
    # a property named only inside a literal is not a statement of it
    assert pairs_of(ntriples([(S, P, Literal(f"<{S}> <{Q}> "))]), {str(Q)}) == set()
