"""Every public canned query on a fixture graph (examples/ plus test fixtures, no ../shared needed):
values asserted, so a broken query fails; parameters checked and bound, never pasted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from trialkg.app.client import TrialGraph
from trialkg.queries import names
from trialkg.tests.helpers import EXAMPLES, FIXTURES

DOCS = [
    EXAMPLES,
    FIXTURES / "conflicting_hr.txt",
    FIXTURES / "news_second_line.txt",
    FIXTURES / "abstract_placebo.txt",
    FIXTURES / "combination_arm.txt",
]
TESTED = {
    "conflicts",
    "drug_combinations",
    "efficacy_table",
    "evidence",
    "primary_endpoint_outcome",
    "safety_comparison",
    "sources_per_trial",
    "trials_by_biomarker_and_line",
    "trials_by_population",
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrialGraph]:
    g = TrialGraph(tmp_path_factory.mktemp("canned") / "store")
    report = g.ingest(DOCS)
    assert not report.rejected, [(d.path, d.reason) for d in report.rejected]
    yield g
    g.close()


def test_every_public_query_is_tested_here_or_serves_the_trial_card() -> None:
    card = {n for n in names() if n.startswith("trial_")} | {"source_group_results"}
    assert set(names()) - card == TESTED


def test_design_card_question(graph: TrialGraph) -> None:
    rows = graph.query("trials_by_biomarker_and_line", drug="palbociclib")
    got = {(r["acronym"], r["her2_status"], r["line_of_therapy"], r["setting"], r["hazard_ratio"]) for r in rows}
    assert ("PATINA", "positive", "first-line", "maintenance", 0.75) in got
    assert ("PALMIRA", "negative", "second-line", None, 0.84) in got
    assert {r["acronym"] for r in rows} == {"PATINA", "PALMIRA"}  # not the abemaciclib or ribociclib trials


def test_efficacy_table(graph: TrialGraph) -> None:
    rows = graph.query("efficacy_table", trial="PALMIRA")
    arms = {(r["arm_label"], r["statistic"], r["value"]) for r in rows if r["row_kind"] == "arm"}
    effects = {
        (r["statistic"], r["value"], r["ci_lower"], r["ci_upper"], r["p_value"])
        for r in rows
        if r["row_kind"] == "effect"
    }
    assert ("hazard-ratio", 0.84, 0.66, 1.07, 0.149) in effects
    assert {v for _, s, v in arms if s == "median"} >= {4.9, 3.6}
    assert all(r["endpoint_role"] == "primary" for r in rows if r["endpoint_type"] == "progression-free-survival")


def test_safety_comparison_by_grade(graph: TrialGraph) -> None:
    rows = graph.query("safety_comparison", drug="Ibrance", grade="3")
    got = {(r["acronym"], r["arm_role"], r["term"], r["percent"]) for r in rows}
    assert ("PATINA", "experimental", "neutropenia", 55.9) in got
    assert ("PATINA", "control", "neutropenia", 2.0) in got
    assert {r["ae_grade"] for r in rows} == {"3"}
    assert len(rows) == len({(r["arm"], r["term"], r["ae_grade"]) for r in rows})  # one row per arm, term, grade
    assert len(graph.query("safety_comparison", drug="Ibrance")) > len(rows)


def test_trials_matching_a_population(graph: TrialGraph) -> None:
    rows = graph.query(
        "trials_by_population", hr_status="positive", her2_status="negative", line_of_therapy="second-line"
    )
    assert sorted(r["acronym"] for r in rows) == ["NOVA-2", "PALMIRA"]
    assert [r["acronym"] for r in graph.query("trials_by_population", her2_status="positive")] == ["PATINA"]
    assert len(graph.query("trials_by_population")) == 5
    with pytest.raises(ValueError, match="not one of"):
        graph.query("trials_by_population", line_of_therapy="twelfth-line")


def test_drug_combinations(graph: TrialGraph) -> None:
    rows = graph.query("drug_combinations")
    assert [(r["drug_a_label"], r["drug_b_label"], r["trials"]) for r in rows] == [("Ipilimumab", "Nivolumab", 1)]
    assert graph.query("drug_combinations", drug="palbociclib") == []


def test_evidence_trail(graph: TrialGraph) -> None:
    trial = graph.trial("PALMIRA")
    est = next(e["estimate"] for e in trial.effects if e["statistic"] == "hazard-ratio")
    rows = graph.query("evidence", node=est)
    quotes = {((r["property"] or "").rsplit("#", 1)[-1], r["quote"]) for r in rows}
    assert any(p == "value" and "0.84" in q for p, q in quotes)
    assert all(r["source_type"] and r["char_end"] > r["char_start"] for r in rows)


def test_conflicts_name_both_values_and_quotes(graph: TrialGraph) -> None:
    rows = graph.query("conflicts")
    assert {r["value"] for r in rows} == {0.75, 0.8}
    assert any("0.80" in (r["quote"] or "") for r in rows)


def test_sources_per_trial(graph: TrialGraph) -> None:
    rows = graph.query("sources_per_trial", of_trial="NCT02947685")
    assert {r["source_type"] for r in rows} >= {"journal-abstract", "news"}
    assert {r["acronym"] for r in rows} == {"PATINA"}
    assert len(graph.query("sources_per_trial")) > len(rows)


def test_primary_endpoint_met_or_not(graph: TrialGraph) -> None:
    not_met = graph.query("primary_endpoint_outcome", met="false")
    assert [(r["acronym"], r["value"], r["endpoint_met"]) for r in not_met] == [("PALMIRA", 0.84, False)]
    met = {r["acronym"] for r in graph.query("primary_endpoint_outcome", met="true")}
    assert {"PATINA", "NOVA-2", "ORCHID-4", "LUMEN-3"} <= met


@pytest.mark.parametrize("evil", ['" } UNION { ?s ?p ?o } #', "x> } ; DROP ALL ; <y", "'; DELETE WHERE { ?s ?p ?o } #"])
def test_parameters_cannot_change_the_query(graph: TrialGraph, evil: str) -> None:
    with pytest.raises(ValueError):
        graph.query("trials_by_population", her2_status=evil)
    with pytest.raises(ValueError):
        graph.query("efficacy_table", trial=evil)
    assert graph.query("primary_endpoint_outcome", met=evil) == []  # a string compared, never parsed
    assert len(graph.query("trials_by_population")) == 5


def test_missing_and_unknown_parameters(graph: TrialGraph) -> None:
    with pytest.raises(ValueError, match="needs parameter"):
        graph.query("efficacy_table")
    with pytest.raises(ValueError, match="has no parameter"):
        graph.query("conflicts", trial="PATINA")


def test_doctests_of_the_python_api(graph: TrialGraph, tmp_path: Path) -> None:
    import doctest

    import trialkg.app.client

    store = tmp_path / "examples"
    with TrialGraph(store) as g:
        g.ingest([EXAMPLES])
    result = doctest.testmod(trialkg.app.client, extraglobs={"example_store": str(store)}, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0
