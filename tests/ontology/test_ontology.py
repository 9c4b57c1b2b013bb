"""The ontology files: they parse, shapes mirror the SKOS schemes and evidence flags, mapped data uses
only declared terms, alignments are the checked ones."""

import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SH, SKOS
from trialkg.ingest.mapping import Resolved, map_record
from trialkg.ontology import ontology_dir, ttl_files
from trialkg.tests.helpers import FIXTURES, record

TKG = Namespace("https://w3id.org/trialkg/ontology#")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_dir() / "trialkg.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl")


def test_all_files_parse() -> None:
    for f in ttl_files():
        assert len(Graph().parse(f)) > 10, f


def test_every_class_and_property_has_label_and_definition(onto: Graph) -> None:
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in onto.subjects(RDF.type, kind):
            if str(term).startswith(str(TKG)):
                assert onto.value(term, RDFS.label) and onto.value(term, SKOS.definition), term


def test_trial_alignment(onto: Graph) -> None:
    assert (TKG.Trial, RDFS.subClassOf, URIRef("http://purl.obolibrary.org/obo/OBI_0003699")) in onto


def test_controlled_value_lists_mirror_the_schemes(shapes: Graph) -> None:
    by_scheme: dict[str, list[set[URIRef]]] = {}
    for lst in shapes.objects(None, SH["in"]):
        items = [i for i in shapes.items(lst) if isinstance(i, URIRef)]
        if items:
            m = re.match(r"https://w3id.org/trialkg/vocab/([^/]+)/", str(items[0]))
            assert m is not None
            by_scheme.setdefault(m.group(1), []).append(set(items))
    assert len(by_scheme) >= 8
    for scheme, lists in by_scheme.items():
        vocab = set(Graph().parse(ontology_dir() / "vocab" / f"{scheme}.ttl").subjects(SKOS.inScheme, None))
        assert all(lst <= vocab for lst in lists), scheme  # no value outside the scheme
        assert max(lists, key=len) == vocab, scheme  # the full list is the whole scheme


def test_evidence_shapes_mirror_requires_evidence(onto: Graph, shapes: Graph) -> None:
    flagged = set(onto.subjects(TKG.requiresEvidence, None))
    targeted = {
        o
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if str(s).split("#")[1].startswith("Evidence_")
        for o in shapes.objects(s, SH.targetSubjectsOf)
    }
    assert flagged == targeted and len(flagged) > 30


def test_mapped_data_uses_only_declared_terms(onto: Graph) -> None:
    d, r = record((FIXTURES / "abstract_placebo.txt").read_text())
    g = map_record(d, r, Resolved(r.nct_ids[0].value))
    declared = set(onto.subjects(RDF.type, None))
    used = {p for p in g.predicates() if str(p).startswith(str(TKG))}
    used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(str(TKG))}
    missing = {str(u) for u in used if u not in declared}
    assert not missing


def test_json_ld_context_names_every_class_and_property(onto: Graph) -> None:
    import json

    ctx = json.loads((ontology_dir() / "context.jsonld").read_text())["@context"]
    terms = {
        str(t).removeprefix(str(TKG))
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in onto.subjects(RDF.type, kind)
        if str(t).startswith(str(TKG))
    }
    assert terms <= set(ctx)
    for name in terms:
        entry = ctx[name]
        assert (entry if isinstance(entry, str) else entry["@id"]) == f"tkg:{name}"


def test_a_document_graph_round_trips_through_json_ld() -> None:
    import json

    d, r = record((FIXTURES / "abstract_placebo.txt").read_text())
    g = map_record(d, r, Resolved(r.nct_ids[0].value))
    ctx = json.loads((ontology_dir() / "context.jsonld").read_text())["@context"]
    data = g.serialize(format="json-ld", context=ctx)
    from rdflib.compare import isomorphic

    assert isomorphic(Graph().parse(data=data, format="json-ld"), g)
