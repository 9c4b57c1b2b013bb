"""A subgroup's results in the graph: on their own nodes, named in the trial card, and kept out of the
whole-trial answers (efficacy table)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from trialkg.app.client import TrialGraph
from trialkg.tests.helpers import FIXTURES


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrialGraph]:
    g = TrialGraph(tmp_path_factory.mktemp("subgroups") / "store")
    report = g.ingest([FIXTURES / "subgroup_results.txt"])
    assert not report.rejected, [(d.path, d.reason) for d in report.rejected]  # (SHACL: each definition has a Mention)
    yield g
    g.close()


def test_the_card_names_each_results_subgroup(graph: TrialGraph) -> None:
    card = graph.trial("NCT09990077")
    results = {(r["arm"].rsplit("/", 1)[1], r["value"], r["subgroup"]) for r in card.arm_results}
    assert results == {
        ("db14922", 14.6, None),
        ("control", 12.1, None),
        ("db14922", 16.3, "pd-l1 tap >=5"),
        ("control", 12.0, "pd-l1 tap >=5"),
    }
    effects = {(r["value"], r["ci_lower"], r["ci_upper"], r["subgroup"]) for r in card.effects}
    assert effects == {(0.81, 0.68, 0.96, None), (0.71, 0.57, 0.89, "pd-l1 tap >=5")}


def test_the_subgroup_is_a_population_of_the_trial_with_its_quote(graph: TrialGraph) -> None:
    rows = graph.sparql(
        "PREFIX tkg: <https://w3id.org/trialkg/ontology#> "
        "SELECT ?key ?definition ?quote WHERE { ?t tkg:hasSubgroup ?p . ?p a tkg:Population ; tkg:subgroupKey ?key ; "
        "tkg:subgroupDefinition ?definition ; tkg:evidence ?m . GRAPH ?g { ?m tkg:forProperty tkg:subgroupDefinition ; "
        "tkg:quote ?quote } }"
    )
    assert [(r["key"], r["definition"], r["quote"]) for r in rows] == [
        (
            "pd-l1 tap >=5",
            "PD-L1 tumor area positivity score of at least 5%",
            "PD-L1 tumor area positivity score of at least 5%",
        )
    ]


def test_the_efficacy_table_is_the_whole_trials(graph: TrialGraph) -> None:
    rows = graph.query("efficacy_table", trial="NCT09990077")
    assert sorted(r["value"] for r in rows if r["row_kind"] == "arm") == [12.1, 14.6]
    assert [r["value"] for r in rows if r["row_kind"] == "effect"] == [0.81]
