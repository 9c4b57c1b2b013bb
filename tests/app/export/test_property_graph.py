"""The property-graph projection and its formats: labels, typed attributes and result edges on the
examples graph; GraphML and GEXF re-read by networkx with the same nodes, edges and attribute types;
GraphML read by igraph; Cytoscape.js elements shape; node-link and CSV round trips."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from trialkg.app.export import formats
from trialkg.app.export.project import project
from trialkg.graph.store import TrialStore

PATINA = "trial/NCT02947685"


@pytest.fixture()
def g(export_store: TrialStore) -> nx.MultiDiGraph:
    return project(export_store)


def test_nodes_have_labels_and_typed_attributes(g: nx.MultiDiGraph) -> None:
    kinds = sorted(d["kind"] for _, d in g.nodes(data=True))
    assert kinds.count("Trial") == 2 and kinds.count("Arm") == 4 and kinds.count("Drug") == 1
    t = g.nodes[PATINA]
    assert (t["label"], t["phase"], t["randomizedCount"], t["medianFollowUpMonths"]) == ("PATINA", "3", 518, 53.5)
    pop = g.nodes[PATINA + "/population"]
    assert pop["label"] == "HR+/HER2+ first-line maintenance" and pop["lineOfTherapy"] == "first-line"
    assert g.nodes["trial/NCT03809988/population"]["her2Status"] == "negative"
    arm = g.nodes[PATINA + "/arm/control"]
    assert arm["size"] == 257 and "standard therapy" in arm["label_all"]  # two names, both kept


def test_results_are_edges_with_numbers_and_quotes(g: nx.MultiDiGraph) -> None:
    (hr,) = [d for _, _, d in g.out_edges(PATINA, data=True) if d["relation"] == "EffectEstimate"]
    assert (hr["statistic"], hr["value"], hr["ci_lower"], hr["ci_upper"], hr["p_value"], hr["significant"]) == (
        "hazard-ratio",
        0.75,
        0.59,
        0.96,
        0.02,
        True,
    )
    assert "0.75" in hr["quote"]
    medians = {
        (u, d["value"])
        for u, v, d in g.edges(data=True)
        if d["relation"] == "ArmResult" and v == PATINA + "/endpoint/progression-free-survival"
    }
    assert medians == {(PATINA + "/arm/db09073", 44.3), (PATINA + "/arm/control", 29.1)}
    ae = [d for u, v, d in g.edges(data=True) if v == "vocab:adverse-event/neutropenia" and u.startswith(PATINA)]
    assert sorted((d["grade"], d["percent"]) for d in ae) == [("3", 2.0), ("3", 55.9)]


def test_collapse_arms_and_kinds(export_store: TrialStore) -> None:
    c = project(export_store, trials=["https://w3id.org/trialkg/id/trial/NCT02947685"], collapse_arms=True)
    assert not [n for n, d in c.nodes(data=True) if d["kind"] in ("Arm",)]
    drug_edges = [(u, v, d["arm"]) for u, v, d in c.edges(data=True) if d["relation"] == "drug"]
    assert drug_edges == [(PATINA, "drug/DB09073", "palbociclib")]
    medians = sorted((d["arm"], d["value"]) for u, v, d in c.edges(data=True) if d["relation"] == "ArmResult")
    assert medians == [("palbociclib", 44.3), ("standard therapy", 29.1)]
    assert "trial/NCT03809988" not in c
    only = project(export_store, kinds=["Trial", "Drug", "Source"])
    assert {d["kind"] for _, d in only.nodes(data=True)} == {"Trial", "Drug", "Source"}
    assert {d["relation"] for *_, d in only.edges(data=True)} == {"describedBy"}
    with pytest.raises(ValueError, match="unknown node kind"):
        project(export_store, kinds=["Planet"])


def _same(a: nx.MultiDiGraph, b: nx.Graph) -> None:
    assert set(a.nodes) == set(b.nodes)
    assert a.number_of_edges() == b.number_of_edges()
    for n, d in a.nodes(data=True):
        for k, v in d.items():
            assert b.nodes[n][k] == v and type(b.nodes[n][k]) is type(v), (n, k, v, b.nodes[n].get(k))


def test_graphml_round_trip_networkx_and_igraph(g: nx.MultiDiGraph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = formats.graphml(g)
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    _same(g, back)
    edge = next(d for *_, d in back.edges(data=True) if d.get("statistic") == "hazard-ratio")
    assert edge["value"] == 0.75 and edge["significant"] is True
    import igraph

    path = tmp_path / "g.graphml"
    path.write_bytes(data)
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (g.number_of_nodes(), g.number_of_edges())
    assert sorted(ig.vs["label"]).count("PATINA") == 1


def test_gexf_round_trip(g: nx.MultiDiGraph) -> None:
    data = formats.gexf(g)
    assert b"lastmodifieddate" not in data
    back = nx.read_gexf(io.BytesIO(data))
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    assert back.nodes[PATINA]["randomizedCount"] == 518 and back.nodes[PATINA]["medianFollowUpMonths"] == 53.5


def test_cytoscape_elements_shape(g: nx.MultiDiGraph) -> None:
    doc = json.loads(formats.cytoscape(g))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert len(ids) == len(set(ids)) == g.number_of_nodes()
    edge_ids = [e["data"]["id"] for e in edges]
    assert len(edge_ids) == len(set(edge_ids)) == g.number_of_edges()
    assert all(set(e) == {"data"} and e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all(set(n) == {"data"} and isinstance(n["data"]["label"], str) for n in nodes)


def test_node_link_and_csv(g: nx.MultiDiGraph) -> None:
    back = nx.node_link_graph(json.loads(formats.node_link(g)), edges="edges")
    _same(g, back)
    tables = formats.csv_tables(g)
    nodes = list(csv.DictReader(io.StringIO(tables["nodes.csv"].decode())))
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"].decode())))
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()
    assert next(n for n in nodes if n["id"] == PATINA)["randomizedCount"] == "518"
