"""The evaluator on the seeds: 100% recall, no contradiction, negatives hold; and it can fail."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from trialkg.app.evaluate import evaluate
from trialkg.graph.store import TrialStore
from trialkg.tests.helpers import GOLD, needs_shared

pytestmark = needs_shared


def test_seeds_reach_full_recall_with_no_contradiction(seeded_store: TrialStore) -> None:
    rep = evaluate(seeded_store, GOLD)
    bad = {k: (f.missed, f.contradicted) for k, f in rep.fields.items() if f.recall < 1 or f.contradicted}
    assert not bad
    assert sum(f.total for f in rep.fields.values()) >= 200
    assert rep.fields["provenance"].matched >= 50
    assert rep.perfect


def test_each_negative_is_checked_and_holds(seeded_store: TrialStore) -> None:
    rep = evaluate(seeded_store, GOLD)
    gold = yaml.safe_load(GOLD.read_text())
    assert len(rep.negatives) == len(gold["negatives"])
    for text, status, detail in rep.negatives:
        assert status == "pass", (text, detail)
    assert [ok for _, ok, _ in rep.canonical] == [True, True]


def test_the_evaluator_reports_contradictions_and_misses(seeded_store: TrialStore, tmp_path: Path) -> None:
    gold = yaml.safe_load(GOLD.read_text())
    gold["trials"][0]["phase"] = "2"  # contradicted: the graph says 3
    gold["trials"][0]["effect_estimates"][0]["value"] = 0.7
    gold["trials"][0]["adverse_events"].append({"arm": "palbo", "term": "alopecia", "grade": "any", "percent": 5.0})
    gold["negatives"].append("The conflict report for the seeds is empty.")
    gold["canonical_answer"][0]["phase"] = "2"
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(gold))
    rep = evaluate(seeded_store, path)
    assert rep.fields["trial.phase"].contradicted and rep.fields["trial.phase"].recall == 0.5
    assert rep.fields["effect_estimates"].contradicted
    assert any("alopecia" in m for m in rep.fields["adverse_events"].missed)
    assert not rep.perfect
    assert [ok for _, ok, _ in rep.canonical] == [False, True]


def test_a_gold_file_without_trials_is_an_error(seeded_store: TrialStore, tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("just: text\n")
    with pytest.raises(ValueError, match="not a gold file"):
        evaluate(seeded_store, path)


TKG = "https://w3id.org/trialkg/ontology#"


@pytest.fixture()
def palmira(tmp_path: Path) -> tuple[TrialStore, Path]:
    """The PALMIRA seed alone in a store of its own (the tests below change it) and its gold."""
    from trialkg.ingest.pipeline import ingest
    from trialkg.tests.helpers import SEEDS

    gold = yaml.safe_load(GOLD.read_text())
    gold["documents"] = {k: v for k, v in gold["documents"].items() if k == "004_4c2cbbabdcedae39"}
    gold["trials"] = [t for t in gold["trials"] if t.get("acronym") == "PALMIRA"]
    gold.pop("negatives"), gold.pop("canonical_answer"), gold.pop("canonical_question")
    path = tmp_path / "palmira.yaml"
    path.write_text(yaml.safe_dump(gold))
    st = TrialStore(tmp_path / "store")
    ingest([SEEDS / "004_4c2cbbabdcedae39.txt"], st)
    return st, path


def test_a_value_stated_beside_the_right_one_is_an_error(tmp_path: Path) -> None:
    from trialkg.ingest.pipeline import ingest
    from trialkg.tests.helpers import FIXTURES, SEEDS

    with TrialStore(tmp_path / "store") as st:
        ingest([SEEDS, FIXTURES / "conflicting_hr.txt"], st)
        rep = evaluate(st, GOLD)
    ee = rep.fields["effect_estimates"]
    assert ee.matched == 3  # the seeds' 0.75 is still found ...
    assert ee.spurious == ["NCT02947685: progression-free-survival hazard-ratio 0.8"]  # ... and 0.80 beside it is wrong
    assert ee.precision == 0.75 and not rep.perfect


def test_a_stated_value_no_gold_fact_has_is_an_error(palmira: tuple[TrialStore, Path]) -> None:
    st, path = palmira
    gold = yaml.safe_load(path.read_text())
    dropped = gold["trials"][0]["arm_results"].pop(1)  # the control arm's median PFS, 3.6 months
    assert dropped["value"] == 3.6
    path.write_text(yaml.safe_dump(gold))
    with st:
        rep = evaluate(st, path)
    assert rep.fields["arm_results"].spurious == [
        "NCT03809988: progression-free-survival median 3.6 months on trial/NCT03809988/arm/control"
    ]
    assert rep.fields["arm_results"].matched == 1


def test_a_null_gold_field_wants_nothing_stated(palmira: tuple[TrialStore, Path]) -> None:
    st, path = palmira
    gold = yaml.safe_load(path.read_text())
    with st:
        assert evaluate(st, path).fields["documents.journal"].matched == 1
        gold["documents"]["004_4c2cbbabdcedae39"]["journal"] = None  # "the document names no journal"
        path.write_text(yaml.safe_dump(gold))
        journal = evaluate(st, path).fields["documents.journal"]
    # the journal the graph states is then an error, and no fact is there to be missed or matched
    assert journal.matched == 0 and journal.missed == []
    assert journal.spurious == ["004_4c2cbbabdcedae39: gold states none, graph ['Journal of Clinical Oncology']"]


@pytest.mark.parametrize("shift", ["offsets", "quote"])
def test_a_quote_one_character_off_fails_the_quote_check(palmira: tuple[TrialStore, Path], shift: str) -> None:
    st, path = palmira
    with st:
        assert evaluate(st, path).fields["provenance.quotes"].contradicted == []
        # the Mentions of the 4.9-month median moved one character late: their offsets alone, or their
        # quote too (then it is the text at its offsets, ".9 months ", which does not write 4.9)
        new_quote = "?q" if shift == "offsets" else '".9 months "'
        st.update(
            f"""PREFIX tkg: <{TKG}>
            DELETE {{ GRAPH ?g {{ ?m tkg:charStart ?s ; tkg:charEnd ?e ; tkg:quote ?q }} }}
            INSERT {{ GRAPH ?g {{ ?m tkg:charStart ?s1 ; tkg:charEnd ?e1 ; tkg:quote ?q1 }} }}
            WHERE {{ GRAPH ?g {{ ?m tkg:charStart ?s ; tkg:charEnd ?e ; tkg:quote ?q }}
                     FILTER(STR(?q) = "4.9 months")
                     BIND(?s + 1 AS ?s1) BIND(?e + 1 AS ?e1) BIND({new_quote} AS ?q1) }}"""
        )
        bad = evaluate(st, path).fields["provenance.quotes"].contradicted
    assert bad, "the shifted quote passed"
    reason = "the quote is not the text at" if shift == "offsets" else "does not write it"
    assert all(reason in b for b in bad) and all("4.9" in b for b in bad)


def _unrecognizable(path: Path) -> dict[str, Any]:
    """The gold with its trial given an id, acronym and documents the store does not know."""
    gold: dict[str, Any] = yaml.safe_load(path.read_text())
    gold["trials"][0]["nct"] = "NCT09999998"
    gold["trials"][0].pop("acronym")
    gold["trials"][0]["sources"] = []
    return gold


def test_an_unrecognized_trial_misses_every_one_of_its_facts(palmira: tuple[TrialStore, Path]) -> None:
    st, path = palmira
    gold = _unrecognizable(path)
    path.write_text(yaml.safe_dump(gold))
    with st:
        rep = evaluate(st, path)
    t = gold["trials"][0]
    assert rep.fields["trials"].missed == ["NCT09999998: no trial with this id"]
    assert len(rep.fields["arm_results"].missed) == len(t["arm_results"]) == 2
    assert len(rep.fields["arms"].missed) == 2
    assert len(rep.fields["adverse_events"].missed) == 2
    assert rep.fields["effect_estimates"].matched == 0
    assert rep.fields["trial.nct"].missed == ["NCT09999998: gold 'NCT09999998', graph has none"]
    # the PALMIRA results the store holds, on a trial this gold does not name, are not counted: a single
    # gold file is not a closed world ...
    assert rep.fields["arm_results"].spurious == []


def test_a_trial_with_no_id_and_no_arms_is_found_by_its_document(tmp_path: Path) -> None:
    from trialkg.ingest.pipeline import ingest
    from trialkg.tests.helpers import FIXTURES

    gold = {
        "documents": {"unnamed_trial": {"type": "news"}},
        "trials": [
            {
                "key": "copd-inhaler",
                "design": ["randomized", "placebo-controlled", "double-blind"],
                "population": {"condition": "chronic obstructive pulmonary disease"},
                "sources": ["unnamed_trial"],
            }
        ],
    }
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(gold))
    with TrialStore(tmp_path / "store") as st:
        ingest([FIXTURES / "unnamed_trial.txt"], st)
        rep = evaluate(st, path)
    assert rep.fields["trials"].matched == 1
    assert rep.fields["trial.design"].matched == 3
    assert rep.fields["population.condition"].matched == 1


def test_in_a_gold_folder_values_on_trials_it_does_not_name_are_errors(palmira: tuple[TrialStore, Path]) -> None:
    st, path = palmira
    gold = _unrecognizable(path)
    folder = path.parent / "gold"
    folder.mkdir()
    (folder / "004_4c2cbbabdcedae39.yaml").write_text(yaml.safe_dump(gold))
    (folder / "other.yaml").write_text(yaml.safe_dump({"documents": {}, "trials": []}))
    with st:
        rep = evaluate(st, folder)
    # ... a folder of per-document gold is: each of the two medians, the HR and the two AE rates is an error
    assert sorted(rep.fields["arm_results"].spurious) == [
        "PALMIRA (no gold trial): progression-free-survival median 3.6 months on trial/NCT03809988/arm/control",
        "PALMIRA (no gold trial): progression-free-survival median 4.9 months on trial/NCT03809988/arm/db09073",
    ]
    assert len(rep.fields["effect_estimates"].spurious) == 1
    assert len(rep.fields["adverse_events"].spurious) == 2


def test_a_gold_trial_is_found_by_its_documents_when_its_id_and_acronym_are_not_in_the_graph(
    palmira: tuple[TrialStore, Path],
) -> None:
    st, path = palmira
    gold = yaml.safe_load(path.read_text())
    gold["trials"][0]["nct"] = "NCT09999998"
    gold["trials"][0]["acronym"] = "PALMYRA"
    path.write_text(yaml.safe_dump(gold))
    with st:
        rep = evaluate(st, path)
    assert rep.fields["trials"].matched == 1
    assert rep.fields["trial.nct"].contradicted == ["NCT09999998: gold 'NCT09999998', graph ['NCT03809988']"]
    assert rep.fields["trial.acronym"].contradicted and rep.fields["arm_results"].matched == 2


def test_a_gold_control_arm_listing_its_backbone_is_the_graphs_control_arm(palmira: tuple[TrialStore, Path]) -> None:
    st, path = palmira
    gold = yaml.safe_load(path.read_text())
    control = next(a for a in gold["trials"][0]["arms"] if a["role"] == "control")
    control["drugs"] = ["fulvestrant", "letrozole"]  # the endocrine therapy both arms get
    path.write_text(yaml.safe_dump(gold))
    with st:
        rep = evaluate(st, path)
    assert rep.fields["arms"].matched == 2 and rep.fields["arm_results"].matched == 2
    assert rep.fields["arm_results"].spurious == []


def test_a_broader_condition_is_a_miss_and_another_one_a_contradiction(palmira: tuple[TrialStore, Path]) -> None:
    st, path = palmira
    gold = yaml.safe_load(path.read_text())
    gold["trials"][0]["population"]["condition"] = "hormone receptor-positive breast carcinoma"
    path.write_text(yaml.safe_dump(gold))
    with st:
        rep = evaluate(st, path)
        assert rep.fields["population.condition"].missed and not rep.fields["population.condition"].contradicted
        gold["trials"][0]["population"]["condition"] = "breast carcinoma"  # carcinoma reads as cancer
        path.write_text(yaml.safe_dump(gold))
        assert evaluate(st, path).fields["population.condition"].matched == 1
        gold["trials"][0]["population"]["condition"] = "ovarian cancer"
        path.write_text(yaml.safe_dump(gold))
        assert evaluate(st, path).fields["population.condition"].contradicted


def test_names_compare_with_the_micro_sign_and_greek_mu_as_one() -> None:
    from trialkg.app.evaluate import norm

    assert norm("62.5 \u00b5g") == norm("62.5 \u03bcg") and norm("The  Lancet") == norm("lancet")


def test_a_gold_endpoint_name_is_the_one_endpoint_type_it_contains() -> None:
    from trialkg.app.evaluate import endpoint_type

    assert endpoint_type("progression-free survival") == "progression-free-survival"
    assert endpoint_type("change from baseline in HAM-D total score at day 15") == "hamd-total-score"
    assert endpoint_type("ACR20 response") == "acr20"
    assert endpoint_type("progression-free survival and overall survival") is None  # two types: none
    assert endpoint_type("overall preference") is None


def test_an_untyped_endpoint_label_names_a_gold_endpoint_it_is_part_of() -> None:
    from trialkg.app.evaluate import same_label

    assert same_label("response at 12 months", "response at 12 months (BCR-ABL1IS <=1%)")
    assert same_label("The overall preference", "overall preference")
    assert not same_label("response", "response at 12 months")  # too short to tell
    assert not same_label("time to response", "response at 12 months")
    # the same words without joining words and plurals; a definition kept in other punctuation
    assert same_label("wound closures", "wound closure")
    assert same_label("healing, defined by the 5-point ulcer scale", "healing (5-point ulcer scale)")
    assert same_label("wound closure", "wound closure (investigator photographs)")  # a qualifier after the name
    assert same_label("flare days", "annual number of flare days")  # most of the longer's words, in order
    assert not same_label("flare days", "time to the first of the flare days")  # a time to it is not it
    assert not same_label("closure", "wound closure (investigator photographs)")  # one word tells too little


def test_dosing_frequencies_in_other_words_are_the_same() -> None:
    from trialkg.app.evaluate import frequency

    assert frequency("once daily") == frequency("daily") == frequency("QD") == frequency("once per day")
    assert frequency("every 3 weeks") == frequency("Q3W") == frequency("once every three weeks")
    assert frequency("twice daily") == frequency("BID") and frequency("twice daily") != frequency("daily")
    assert frequency("days 1 and 15 of 28-day cycles") == "days 1 and 15 of 28 day cycles"


def test_a_narrower_condition_naming_the_gold_one_whole_is_right() -> None:
    from trialkg.app.evaluate import _same_condition

    assert _same_condition("resistant hypertension", "hypertension")
    assert _same_condition("type 2 diabetes mellitus", "type 2 diabetes")
    assert not _same_condition("lung cancer", "non-small cell lung cancer")  # broader: a miss
    assert not _same_condition("breast cancer", "ovarian cancer")


def test_an_endpoint_the_gold_does_not_name_is_an_error(palmira: tuple[TrialStore, Path]) -> None:
    st, path = palmira
    gold = yaml.safe_load(path.read_text())
    trial = gold["trials"][0]
    with st:
        assert evaluate(st, path).fields["endpoints"].spurious == []
        # the gold names progression-free survival as an endpoint and as the endpoint of its values
        trial["endpoints"] = [e for e in trial["endpoints"] if "progression" not in e["name"]]
        trial["arm_results"] = [r for r in trial["arm_results"] if "progression" not in r["endpoint"]]
        trial["effect_estimates"] = [
            r for r in trial.get("effect_estimates") or [] if "progression" not in r["endpoint"]
        ]
        path.write_text(yaml.safe_dump(gold))
        rep = evaluate(st, path)
    assert rep.fields["endpoints"].spurious == ["NCT03809988: progression-free-survival"]


def test_a_graph_arm_two_gold_arms_fit_equally_goes_to_the_one_listed_first(palmira: tuple[TrialStore, Path]) -> None:
    # a later period of the trial repeats an arm: the graph's arm is the main randomization's, listed first
    st, path = palmira
    gold = yaml.safe_load(path.read_text())
    arms = gold["trials"][0]["arms"]
    later = [dict(a, key=f"zz_{a['key']}") for a in arms]
    gold["trials"][0]["arms"] = arms + later
    path.write_text(yaml.safe_dump(gold))
    with st:
        rep = evaluate(st, path)
    assert sorted(m.split(":")[0] for m in rep.fields["arms"].missed) == [
        f"NCT03809988 arm zz_{a['key']}" for a in sorted(arms, key=lambda a: a["key"])
    ]
    assert rep.fields["arm_results"].matched == 2


def test_a_gold_adverse_event_term_with_a_qualifier_is_the_type_it_begins_with() -> None:
    from trialkg.app.evaluate import ae_type

    assert ae_type("neutropenia") == "neutropenia"
    assert ae_type("adverse events leading to discontinuation of drug A or placebo") == "ae-leading-to-discontinuation"
    assert ae_type("ongoing peripheral neuropathy") is None  # words before the type change what it is
