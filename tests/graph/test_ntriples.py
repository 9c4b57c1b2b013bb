"""The N-Triples writer and its N-Quads form parse back to the same terms, literals with quotes, line
breaks and " ." inside included; pairs of watched properties are read from the text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, Literal, URIRef
from trialkg.graph.ntriples import checked_ntriples, ntriples, string_literal, term, to_quads
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


BAD_IRIS = ["https://example.org/a b", "https://example.org/<x>", "https://example.org/%zz", "no-scheme"]


@pytest.mark.parametrize("iri", BAD_IRIS)
def test_a_term_the_strict_parser_refuses_is_named(iri: str) -> None:
    for triple in ((URIRef(iri), P, S), (S, P, URIRef(iri)), (S, P, Literal("1", datatype=URIRef(iri)))):
        why = checked_ntriples([(S, P, OBJECTS[0]), triple])[1]
        assert why is not None and iri in why
        with pytest.raises(SyntaxError):  # Oxigraph's own strict parser agrees
            ox.Store().bulk_load(ntriples([triple]).encode(), format=ox.RdfFormat.N_TRIPLES)


def test_terms_the_strict_parser_accepts_pass() -> None:
    fine = [(S, P, o) for o in OBJECTS] + [(S, P, URIRef("https://example.org/é")), (S, P, Literal("x", lang="en-GB"))]
    assert checked_ntriples(fine)[1] is None
    store = ox.Store()
    store.bulk_load(ntriples(fine).encode(), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(fine)
    # a language tag rdflib takes and BCP 47 does not (a subtag longer than 8 letters)
    long_subtag = [(S, P, Literal("x", lang="en-abcdefghij"))]
    assert checked_ntriples(long_subtag)[1] is not None
    with pytest.raises(SyntaxError):
        ox.Store().bulk_load(ntriples(long_subtag).encode(), format=ox.RdfFormat.N_TRIPLES)


@pytest.mark.parametrize("text", ["plain", 'a "quoted" \\ back\nslash\r', "éß ✓", ""])
def test_string_literal_is_what_term_writes_for_a_plain_literal(text: str) -> None:
    assert string_literal(text) == term(Literal(text))
    assert (
        ox.Literal(text)
        == next(iter(ox.parse(f"<x:s> <x:p> {string_literal(text)} .", format=ox.RdfFormat.N_TRIPLES))).object
    )


def test_checked_texts_are_the_writers_texts_and_a_bad_term_in_any_part_refuses_them_all() -> None:
    first = [(S, P, o) for o in OBJECTS]
    second = [(Q, Q, S), (S, P, OBJECTS[2])]  # terms the first part wrote already, written again
    texts, why = checked_ntriples(first, second)
    assert why is None and texts == [ntriples(first), ntriples(second)]
    for bad in BAD_IRIS:
        for triple in ((URIRef(bad), P, S), (S, URIRef(bad), S), (S, P, Literal("1", datatype=URIRef(bad)))):
            texts, why = checked_ntriples(first, [*second, triple])
            assert texts == [] and why is not None and bad in why
    texts, why = checked_ntriples(first, [(S, P, Literal("x", lang="en-abcdefghij"))])
    assert texts == [] and why is not None and "language tag" in why
