"""RDF dumps: every format re-parses (rdflib and pyoxigraph) to the store's triples; selections hold
their trial and not the others; JSON-LD keys are the context's readable terms; output is
byte-identical across runs (separate processes, so hash seeds differ)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from trialkg.app.export import rdf
from trialkg.graph.store import TrialStore

RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
PATINA = "https://w3id.org/trialkg/id/trial/NCT02947685"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own N-Quads parser


MENTION = ox.NamedNode("https://w3id.org/trialkg/ontology#Mention")
QUOTE = URIRef("https://w3id.org/trialkg/ontology#quote")


def default_graph(st: TrialStore) -> Graph:
    """The default graph (the union view: the facts), and every Mention's triples from the named graph
    whose Mention it is: what a one-graph export holds."""
    triples = [q.triple for q in st.raw.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    for q in st.raw.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), MENTION, None):
        if isinstance(q.graph_name, ox.NamedNode):
            triples += [x.triple for x in st.raw.quads_for_pattern(q.subject, None, None, q.graph_name)]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_graph_formats_reparse_to_the_facts_and_their_mentions(export_store: TrialStore, fmt: str) -> None:
    buf = io.BytesIO()
    rdf.dump_all(export_store, fmt, buf)
    ref = default_graph(export_store)
    assert len(ref) > 3000 and len(list(ref.triples((None, QUOTE, None)))) > 100  # the quotes travel too
    parsed = Graph().parse(data=buf.getvalue(), format=RDFLIB[fmt])
    assert len(parsed) == len(ref) and isomorphic(parsed, ref)
    if fmt != "jsonld":
        again = list(ox.parse(buf.getvalue(), format=rdf.FORMATS[fmt]))
        assert len(again) == len(ref)
        assert isomorphic(Graph().parse(data=ox.serialize(again, format=ox.RdfFormat.N_TRIPLES), format="nt"), ref)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dataset_formats_hold_every_named_graph(export_store: TrialStore, fmt: str) -> None:
    buf = io.BytesIO()
    rdf.dump_all(export_store, fmt, buf)
    quads = list(ox.parse(buf.getvalue(), format=rdf.FORMATS[fmt]))
    store_quads = list(export_store.raw)
    assert len(quads) == len(store_quads)
    assert {str(q) for q in quads} == {str(q) for q in store_quads}  # no blank nodes cross graphs here
    ds = Dataset().parse(data=buf.getvalue(), format=RDFLIB[fmt])
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert set(export_store.document_graphs()) <= names
    for name in export_store.document_graphs():
        ref = Graph().parse(
            data=ox.serialize([q.triple for q in export_store.raw.quads_for_pattern(None, None, None, ox.NamedNode(name))],
                              format=ox.RdfFormat.N_TRIPLES),
            format="nt",
        )  # fmt: skip
        assert isomorphic(ds.graph(name), ref)


def test_jsonld_uses_the_published_context(export_store: TrialStore) -> None:
    buf = io.BytesIO()
    rdf.write_triples(rdf.trial_triples(export_store, [PATINA]), "jsonld", buf)
    doc = json.loads(buf.getvalue())
    assert doc["@context"]["tkg"] == "https://w3id.org/trialkg/ontology#"
    trial = next(n for n in doc["@graph"] if n["@id"] == "id:trial/NCT02947685")
    assert trial["@type"] == "Trial" and trial["acronym"] == "PATINA" and trial["randomizedCount"] == "518"
    estimate = next(n for n in doc["@graph"] if n.get("@type") == "EffectEstimate")
    assert estimate["value"] == "0.75" and estimate["ciLower"] == "0.59" and estimate["ciUpper"] == "0.96"
    assert isomorphic(Graph().parse(data=buf.getvalue(), format="json-ld"), _selection_graph(export_store))


def _selection_graph(st: TrialStore) -> Graph:
    triples = list(rdf.trial_triples(st, [PATINA]))
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_a_trial_selection_holds_its_card_sources_and_quotes_only(export_store: TrialStore) -> None:
    buf = io.BytesIO()
    rdf.write_triples(rdf.trial_triples(export_store, [PATINA]), "turtle", buf)
    g = Graph().parse(data=buf.getvalue(), format="turtle")
    q = """PREFIX tkg: <https://w3id.org/trialkg/ontology#>
    SELECT ?hr ?quote ?drug WHERE {
      ?e tkg:trial ?trial ; tkg:value ?hr ; tkg:evidence ?m . ?m tkg:quote ?quote ; tkg:forProperty tkg:value .
      ?trial tkg:hasArm/tkg:drug ?d . ?d <http://www.w3.org/2000/01/rdf-schema#label> ?drug }"""
    found = list(g.query(q, initBindings={"trial": URIRef(PATINA)}))
    assert {(float(r.hr), str(r.drug)) for r in found} == {(0.75, "Palbociclib")}  # type: ignore[union-attr]
    assert all("0.75" in str(r.quote) for r in found)  # type: ignore[union-attr]
    assert not any("NCT03809988" in str(s) for s in g.subjects())  # PALMIRA left out


def test_construct_selection_and_a_non_construct_query(export_store: TrialStore) -> None:
    q = "PREFIX tkg: <https://w3id.org/trialkg/ontology#> CONSTRUCT { ?t tkg:acronym ?a } WHERE { ?t tkg:acronym ?a }"
    buf = io.BytesIO()
    rdf.write_triples(rdf.construct_triples(export_store, q), "ntriples", buf)
    assert sorted(str(o) for o in Graph().parse(data=buf.getvalue(), format="nt").objects()) == ["PALMIRA", "PATINA"]
    with pytest.raises(ValueError, match="CONSTRUCT"):
        list(rdf.construct_triples(export_store, "SELECT * WHERE { ?s ?p ?o }"))


def test_exports_are_byte_identical_across_runs(export_store_path: Path, tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "trialkg.app.cli", "export", "--store", str(export_store_path)]
    runs: list[tuple[str, list[str]]] = [(fmt, []) for fmt in [*RDFLIB, "graphml", "gexf", "cytoscape", "nodelink"]]
    runs += [
        ("turtle", ["--trial", "PATINA"]),
        ("jsonld", ["--drug", "palbociclib"]),
        ("graphml", ["--trial", "PATINA"]),
    ]
    for fmt, extra in runs:
        outs = []
        for run in range(2):
            out = tmp_path / f"{fmt}-{len(extra)}-{run}"
            done = subprocess.run([*cli, "-f", fmt, "-o", str(out), *extra], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            outs.append(out.read_bytes())
        assert outs[0] == outs[1] and len(outs[0]) > 1000, fmt


def test_cli_errors_leave_no_file(export_store_path: Path, tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "trialkg.app.cli", "export", "--store", str(export_store_path)]
    out = tmp_path / "x.ttl"
    bad = tmp_path / "q.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o }")
    done = subprocess.run(
        [*cli, "-f", "turtle", "--construct", str(bad), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "CONSTRUCT" in done.stderr and not out.exists()
    assert not list(tmp_path.glob("*.part"))
    done = subprocess.run([*cli, "-f", "turtle", "--trial", "NOSUCH", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 2 and "NOSUCH" in done.stderr and not out.exists()
    out.write_bytes(b"an earlier export\n")  # a failed export leaves an existing file as it was
    done = subprocess.run(
        [*cli, "-f", "turtle", "--construct", str(bad), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 2 and out.read_bytes() == b"an earlier export\n"
    done = subprocess.run([*cli, "-f", "xlsx"], capture_output=True, text=True)
    assert done.returncode == 2 and "unknown format" in done.stderr
