"""The shapes catch real errors in a document graph (each mutation must produce a violation)."""

from collections.abc import Callable

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from trialkg.graph.validate import validate_graph
from trialkg.ingest.mapping import Resolved, map_record
from trialkg.tests.helpers import FIXTURES, record

T = "https://w3id.org/trialkg/ontology#"


def base_graph() -> Graph:
    d, r = record((FIXTURES / "abstract_placebo.txt").read_text())
    return map_record(d, r, Resolved(r.nct_ids[0].value))


def first(g: Graph, cls: str) -> URIRef:
    return sorted(URIRef(str(s)) for s in g.subjects(RDF.type, URIRef(T + cls)))[0]


def set_value(g: Graph, node: URIRef, prop: str, value: Literal | URIRef) -> None:
    g.remove((node, URIRef(T + prop), None))
    g.add((node, URIRef(T + prop), value))


def test_the_mapped_graph_conforms() -> None:
    rep = validate_graph(base_graph())
    assert rep.conforms, [str(v) for v in rep.violations]


def _drop_arm(g: Graph) -> None:
    g.remove((first(g, "ArmResult"), URIRef(T + "arm"), None))


def _percent_over_100(g: Graph) -> None:
    set_value(g, first(g, "AdverseEventResult"), "percent", Literal("120.0", datatype=XSD.decimal))


def _negative_hr(g: Graph) -> None:
    node = first(g, "EffectEstimate")
    set_value(g, node, "value", Literal("-0.5", datatype=XSD.decimal))
    set_value(g, node, "ciLower", Literal("-0.6", datatype=XSD.decimal))


def _ci_order(g: Graph) -> None:
    set_value(g, first(g, "EffectEstimate"), "ciLower", Literal("0.9", datatype=XSD.decimal))


def _p_over_1(g: Graph) -> None:
    set_value(g, first(g, "EffectEstimate"), "pValue", Literal("1.5", datatype=XSD.decimal))


def _bad_nct(g: Graph) -> None:
    set_value(g, first(g, "Trial"), "nctId", Literal("NCT123"))


def _uncontrolled_value(g: Graph) -> None:
    set_value(g, first(g, "Population"), "her2Status", URIRef("https://w3id.org/trialkg/vocab/receptor-status/maybe"))


def _missing_mention(g: Graph) -> None:
    node = first(g, "EffectEstimate")
    for m in list(g.objects(node, URIRef(T + "evidence"))):
        if (m, URIRef(T + "forProperty"), URIRef(T + "pValue")) in g:
            g.remove((node, URIRef(T + "evidence"), m))


def _arm_without_trial(g: Graph) -> None:
    g.remove((None, URIRef(T + "hasArm"), first(g, "Arm")))


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (_drop_arm, "exactly one arm"),
        (_percent_over_100, "[0, 100]"),
        (_negative_hr, "greater than 0"),
        (_ci_order, "lower bound"),
        (_p_over_1, "[0, 1]"),
        (_bad_nct, "NCT id"),
        (_uncontrolled_value, "her2Status"),
        (_missing_mention, "needs a Mention"),
        (_arm_without_trial, "belong to a Trial"),
    ],
)
def test_shapes_catch(mutate: Callable[[Graph], None], needle: str) -> None:
    g = base_graph()
    mutate(g)
    rep = validate_graph(g)
    assert not rep.conforms
    assert any(needle in str(v) for v in rep.violations), [str(v) for v in rep.violations]


def _rate_result(g: Graph) -> URIRef:
    rate = URIRef("https://w3id.org/trialkg/vocab/statistic/rate")
    return sorted(URIRef(str(s)) for s in g.subjects(URIRef(T + "statistic"), rate))[0]


def test_a_negative_rate_in_percent_is_caught_and_a_mean_change_in_percent_is_not() -> None:
    g = base_graph()
    node = _rate_result(g)
    for prop in ("ciLower", "ciUpper"):
        g.remove((node, URIRef(T + prop), None))
    set_value(g, node, "unit", Literal("percent"))
    set_value(g, node, "value", Literal("-4.2", datatype=XSD.decimal))
    rep = validate_graph(g)
    assert any("[0, 100]" in str(v) for v in rep.violations), [str(v) for v in rep.violations]
    set_value(g, node, "statistic", URIRef("https://w3id.org/trialkg/vocab/statistic/mean"))
    rep = validate_graph(g)
    assert rep.conforms, [str(v) for v in rep.violations]
