"""The compiled validator reports exactly what pyshacl reports, on every graph of the shape test suite:
mapped fixtures and seeds, the mutations of test_validate, and one mutation per constraint kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from trialkg.graph.fastshacl import UnsupportedShape, compile_shapes, results, validate_triples
from trialkg.graph.validate import shapes_graph, validate_graph
from trialkg.ingest.extract import extract_all
from trialkg.ingest.mapping import Resolved, map_record
from trialkg.ingest.stages import read_document
from trialkg.tests.graph import test_validate as tv
from trialkg.tests.helpers import FIXTURES, SEEDS

SH = Namespace("http://www.w3.org/ns/shacl#")
T = Namespace("https://w3id.org/trialkg/ontology#")

Finding = tuple[str, str, str, str]


def reference(g: Graph) -> set[Finding]:
    """pyshacl's violations as (focus, path, constraint component, value)."""
    _conforms, res, _ = validate(g, shacl_graph=shapes_graph(), advanced=True, inference="none")
    assert isinstance(res, Graph)
    out: set[Finding] = set()
    for r in res.subjects(RDF.type, SH.ValidationResult):
        raw_path = res.value(r, SH.resultPath)
        path = "^" + str(res.value(raw_path, SH.inversePath)) if isinstance(raw_path, BNode) else str(raw_path or "")
        comp = str(res.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        value = res.value(r, SH.value)
        out.add((str(res.value(r, SH.focusNode)), path, comp, "" if value is None else str(value)))
    return out


def fast(g: Graph) -> set[Finding]:
    return {(str(r.focus), r.path, r.component, "" if r.value is None else str(r.value)) for r in results(g)}


def mapped(path: Path) -> Graph:
    d = read_document(path)
    r = extract_all(d)
    return map_record(d, r, Resolved(r.nct_ids[0].value if r.nct_ids else "fixture-trial"))


DOCS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".json", ".xml", ".html"))
DOCS = [p for p in DOCS if p.name not in ("no_trial.txt", "malformed.json", "malformed.html", "pubmed_set.xml")]
SEED_DOCS = sorted(SEEDS.iterdir()) if SEEDS.is_dir() else []


@pytest.mark.parametrize("path", DOCS + SEED_DOCS, ids=lambda p: p.name)
def test_same_verdict_on_mapped_documents(path: Path) -> None:
    g = mapped(path)
    assert fast(g) == reference(g)
    assert validate_triples(g).conforms == validate_graph(g).conforms


def _first(g: Graph, cls: str) -> URIRef:
    return tv.first(g, cls)


def _set(g: Graph, cls: str, prop: str, value: Literal | URIRef | BNode) -> None:
    node, p = _first(g, cls), T[prop]
    g.remove((node, p, None))
    g.add((node, p, value))


def _add(g: Graph, cls: str, prop: str, value: Literal | URIRef) -> None:
    g.add((_first(g, cls), T[prop], value))


def _percent_unit_out_of_range(g: Graph) -> None:
    _add(g, "ArmResult", "unit", Literal("percent"))
    _set(g, "ArmResult", "value", Literal("150", datatype=XSD.decimal))


def _intervention_without_drug_or_name(g: Graph) -> None:
    g.add((URIRef("https://example.org/iv"), RDF.type, T.Intervention))


def _subclass_in_data(g: Graph) -> None:
    special = URIRef("https://example.org/SpecialArm")
    g.add((special, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), T.Arm))
    g.add((URIRef("https://example.org/arm9"), RDF.type, special))


def _evidence_property_as_text(g: Graph) -> None:
    """The Mention of a p value names its property as a string, not the IRI the evidence shape asks for."""
    node = _first(g, "EffectEstimate")
    for m in list(g.objects(node, T.evidence)):
        if (m, T.forProperty, T.pValue) in g:
            g.remove((m, T.forProperty, T.pValue))
            g.add((m, T.forProperty, Literal(str(T.pValue))))


def _evidence_of_another_node(g: Graph) -> None:
    """The p value's Mention is the evidence of another node only (the evidence shape counts the node's own)."""
    node, other = _first(g, "EffectEstimate"), _first(g, "Trial")
    for m in list(g.objects(node, T.evidence)):
        if (m, T.forProperty, T.pValue) in g:
            g.remove((node, T.evidence, m))
            g.add((other, T.evidence, m))
    g.add((node, T.evidence, Literal("a quote, not a Mention")))


MUTATIONS: dict[str, Callable[[Graph], None]] = {
    "drop_arm": tv._drop_arm,
    "percent_over_100": tv._percent_over_100,
    "negative_hr": tv._negative_hr,
    "ci_order": tv._ci_order,
    "p_over_1": tv._p_over_1,
    "bad_nct": tv._bad_nct,
    "uncontrolled_value": tv._uncontrolled_value,
    "missing_mention": tv._missing_mention,
    "arm_without_trial": tv._arm_without_trial,
    # one per constraint kind the shapes use
    "datatype_string_for_integer": lambda g: _set(g, "Arm", "size", Literal("many")),
    "integer_for_decimal": lambda g: _set(g, "EffectEstimate", "pValue", Literal(0, datatype=XSD.integer)),
    "iri_where_number": lambda g: _set(g, "EffectEstimate", "value", URIRef("https://example.org/x")),
    "max_count": lambda g: _add(g, "Trial", "phase", Literal("2/3")),
    "in_literal": lambda g: _add(g, "EffectEstimate", "sided", Literal(3, datatype=XSD.integer)),
    "class_untyped": lambda g: _add(g, "Arm", "drug", URIRef("https://example.org/not-a-drug")),
    "min_length": lambda g: _set(g, "Mention", "quote", Literal("")),
    "less_than": lambda g: _set(g, "Mention", "charStart", Literal(10**9, datatype=XSD.integer)),
    "bad_pattern_hash": lambda g: _set(g, "Source", "contentHash", Literal("xyz")),
    "bad_pattern_doi": lambda g: _set(g, "Source", "doi", Literal("doi:10.1/x")),
    "min_exclusive": lambda g: _set(g, "EffectEstimate", "ciUpper", Literal("0", datatype=XSD.decimal)),
    "percent_unit_out_of_range": lambda g: _percent_unit_out_of_range(g),
    "intervention_without_drug_or_name": lambda g: _intervention_without_drug_or_name(g),
    "two_arms_on_result": lambda g: _add(g, "ArmResult", "arm", URIRef("https://example.org/arm2")),
    "blank_node_value": lambda g: _set(g, "Trial", "nctId", BNode("b0")),
    "subclass_in_data": lambda g: _subclass_in_data(g),
    "evidence_property_as_text": _evidence_property_as_text,
    "evidence_of_another_node": _evidence_of_another_node,
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_same_violations_on_mutations(name: str) -> None:
    g = tv.base_graph()
    MUTATIONS[name](g)
    ref = reference(g)
    assert ref, f"{name}: the mutation must violate the shapes (pyshacl found nothing)"
    assert fast(g) == ref


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_shapes_test_holds_exactly_where_its_check_finds_nothing(name: str) -> None:
    """``results`` checks a focus node only when the shape's test fails it: the test must never pass a
    node its check would report (else a violation goes unseen), nor fail one it would not."""
    from trialkg.graph.fastshacl import Data, compiled

    g = tv.base_graph()
    MUTATIONS[name](g)
    data, shapes = Data(g), compiled()
    pairs = [(f, cs) for cls, cs in shapes.by_class.items() for f in data.instances(cls)]
    pairs += [(f, cs) for p, cs in shapes.by_subjects_of.items() for f in data.by_pred.get(p, ())]
    failing = 0
    for focus, checks in pairs:
        for check, test in checks:
            found = check(data, focus)
            assert test(data, focus) == (not found), (name, focus, found)
            failing += bool(found)
    assert failing, f"{name}: the mutation must fail some focus node"


def test_an_ill_typed_number_is_a_violation_where_pyshacl_crashes() -> None:
    g = tv.base_graph()
    node = tv.first(g, "EffectEstimate")
    tv.set_value(g, node, "value", Literal("abc", datatype=XSD.decimal))
    with pytest.raises(TypeError):  # pyshacl 0.x compares the ill-typed literal and fails
        reference(g)
    found = {(f[1].rsplit("#", 1)[-1], f[2]) for f in fast(g) if f[0] == str(node)}
    assert ("value", "DatatypeConstraintComponent") in found
    assert ("value", "LessThanOrEqualsConstraintComponent") in found
    assert ("ciLower", "LessThanOrEqualsConstraintComponent") in found


def test_messages_come_from_the_shapes() -> None:
    g = tv.base_graph()
    tv._ci_order(g)
    assert any("CI lower bound must not exceed the estimate" in str(v) for v in validate_triples(g).violations)


@pytest.mark.parametrize(
    ("pred", "obj"),
    [(SH.closed, Literal(True)), (SH.targetNode, T.someTrial), (SH.equals, T.value)],
    ids=["closed", "targetNode", "equals-on-node-shape"],
)
def test_a_feature_outside_the_subset_is_refused_at_compile_time(pred: URIRef, obj: Literal | URIRef) -> None:
    sg = Graph()
    shape = URIRef("https://example.org/S")
    sg.add((shape, RDF.type, SH.NodeShape))
    sg.add((shape, pred, obj))
    with pytest.raises(UnsupportedShape, match=str(pred).rsplit("#", 1)[-1]):
        compile_shapes(sg)


def test_a_targeted_property_shape_is_refused_not_skipped() -> None:
    sg = Graph()
    shape = URIRef("https://example.org/P")
    sg.add((shape, SH.targetClass, T.Trial))
    sg.add((shape, SH.path, T.phase))
    sg.add((shape, SH.minCount, Literal(1)))
    with pytest.raises(UnsupportedShape, match="targetClass"):
        compile_shapes(sg)


def test_a_triple_given_twice_counts_once() -> None:
    # the fast path takes a list of triples: a repeated one is one statement, as in a graph
    # (a repeated tkg:phase must not break sh:maxCount 1, nor a repeated arm sh:maxCount on results)
    g = tv.base_graph()
    triples = list(g)
    assert not results(triples)
    assert not results(triples + triples)
    one_phase = [t for t in triples if t[1] == T.phase][:1]
    assert one_phase and not results(triples + one_phase * 3)
