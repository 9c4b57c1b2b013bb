"""Canned queries: headers, parameters bound (not pasted), the canonical question, errors."""

import re

import pytest
from trialkg.graph import sparql
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.queries import api, load, names
from trialkg.tests.helpers import EXAMPLES, FIXTURES


@pytest.mark.parametrize("name", names(include_internal=True) + [f"graph/sparql/{n}" for n in sparql.names()])
def test_every_query_has_a_header_and_declares_its_parameters(name: str) -> None:
    internal = name.startswith(("_", "graph/sparql/"))
    q = sparql.load(name.rsplit("/", 1)[1]) if name.startswith("graph/sparql/") else load(name)
    assert q.title != q.name and q.columns, "header needs '# title:' and '# columns:'"
    assert internal or q.description, "a public query needs '# description:'"
    body = "\n".join(ln for ln in q.text.splitlines() if not ln.startswith("#"))
    for p in q.params:
        if p == "page":  # a paged listing: the page is its one LIMIT, cut with OFFSET (graph/rq.py)
            assert q.page_size in (25, 100) and q.params[p].type == "integer", (
                "paged: '# param page (integer, default 1)'"
            )
            continue
        assert re.search(rf"\?{p}\b", body), f"parameter {p} is not used"
        assert re.search(rf"SELECT[^{{]*\?{p}\b", body, re.S), f"parameter {p} must be projected to be bound"


def test_canonical_question_on_the_examples(store: TrialStore) -> None:
    ingest([EXAMPLES], store)
    rows = api.trials_by_biomarker_and_line(store, "Ibrance")
    got = [
        (
            r["acronym"],
            r["her2_status"],
            r["hr_status"],
            r["line_of_therapy"],
            r["setting"],
            r["phase"],
            r["randomized"],
            r["primary_endpoint"],
            r["hazard_ratio"],
            r["significant"],
        )
        for r in rows
    ]
    assert got == [
        ("PALMIRA", "negative", "positive", "second-line", None, "2", 198, "progression-free survival", 0.84, False),
        (
            "PATINA",
            "positive",
            "positive",
            "first-line",
            "maintenance",
            "3",
            518,
            "progression-free survival",
            0.75,
            True,
        ),
    ]
    assert api.trials_by_biomarker_and_line(store, "PD-0332991") == rows


def test_find_trials_exact_upper_case_then_any_case(store: TrialStore) -> None:
    """Index lookups as written and in upper case; a case-insensitive scan only when both miss."""
    tkg = "https://w3id.org/trialkg/ontology#"
    t1, t2 = "https://w3id.org/trialkg/id/trial/NCT01000001", "https://w3id.org/trialkg/id/trial/NCT01000002"
    store.update(
        f'INSERT DATA {{ <{t1}> a <{tkg}Trial> ; <{tkg}nctId> "NCT01000001" ; <{tkg}acronym> "monarchE" . '
        f'<{t2}> a <{tkg}Trial> ; <{tkg}acronym> "PALMA" }}'
    )
    assert api.find_trials(store, "monarchE") == [t1]  # as written
    assert api.find_trials(store, "nct01000001") == [t1]  # upper case
    assert api.find_trials(store, "palma") == [t2]  # upper case
    assert api.find_trials(store, "MONARCHE") == [t1]  # neither: the case-insensitive scan
    assert api.find_trials(store, "NCT01000002") == [t2]  # its trial key (the last IRI segment)
    assert api.find_trials(store, "NCT09999999") == []
    assert api.find_trials(store, "NCT01000001") == [t1]


def test_parameters_are_values_not_query_text(store: TrialStore) -> None:
    ingest([FIXTURES / "news_second_line.txt"], store)
    assert api.find_trials(store, "NOVA-2")
    assert api.find_trials(store, '" || true || "') == []
    with pytest.raises(ValueError, match="needs parameter"):
        api.run(store, "trial_arms")
    with pytest.raises(ValueError, match="has no parameter"):
        api.run(store, "conflicts", drug="x")
    with pytest.raises(ValueError, match="unknown drug"):
        api.trials_by_biomarker_and_line(store, "notadrug")
    with pytest.raises(KeyError, match="no canned query"):
        load("nope")


def test_trial_card_merges_sources(store: TrialStore) -> None:
    ingest([EXAMPLES], store)
    card = api.trial_card(store, api.find_trials(store, "NCT02947685")[0])
    assert card["properties"]["phase"] == ["3"]
    pfs = [r for r in card["arm_results"] if r["endpoint_type"] == "progression-free-survival"]
    assert sorted((r["value"], r["sources"]) for r in pfs) == [(29.1, 2), (44.3, 2)]
    assert {s["source_type"] for s in card["sources"] if s["kind"] == "source"} == {"journal-abstract", "news"}
