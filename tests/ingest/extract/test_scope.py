"""Numbers of a subgroup are never stated as the whole trial's: a subgroup cut by a biomarker or by age keeps
them under its name, any other subgroup's are not stated."""

import pytest
from trialkg.ingest.records import TrialRecord
from trialkg.ingest.subgroups import subgroup_key
from trialkg.tests.helpers import record

ARMS = "Patients were randomly assigned to receive letrozole with or without palbociclib. "


def test_a_report_of_a_subgroup_analysis_states_no_numbers() -> None:
    _, r = record(
        "Here, we report outcomes of a prespecified subgroup analysis of patients aged 70 years or "
        "older in the trial. " + ARMS + "Median progression-free survival was 20.1 months in the palbociclib "
        "group and 11.3 months in the letrozole-alone group (hazard ratio, 0.61)."
    )
    assert r.arm_results == [] and r.effects == [] and len(r.arms) == 2


def test_a_sentence_about_a_subgroup_states_no_numbers_beside_the_whole_trials() -> None:
    _, r = record(
        ARMS + "Median progression-free survival was 24.8 months in the palbociclib group and 14.5 months in "
        "the letrozole-alone group (hazard ratio, 0.58). In a post hoc subgroup of patients with visceral "
        "disease, median progression-free survival was 19.3 months in the palbociclib group and 12.9 months "
        "in the letrozole-alone group (hazard ratio, 0.63)."
    )
    assert sorted(x.value.value for x in r.arm_results) == [14.5, 24.8]
    assert [e.value.value for e in r.effects] == [0.58]


def test_a_population_qualified_by_a_trait_is_a_subgroup_and_its_value_yields_to_the_whole() -> None:
    _, r = record(
        ARMS + "Among patients with a PD-L1 score of 10 or more, median progression-free survival was 13.9 "
        "months in the palbociclib group and 8.1 months in the letrozole-alone group. In the intention-to-treat "
        "population, median progression-free survival was 11.2 months in the palbociclib group and 8.2 months "
        "in the letrozole-alone group. Among patients with measurable disease, the overall response rate was "
        "41.0% and 30.2%, respectively. In the population with visceral metastases, median overall survival "
        "was 30.1 months in the palbociclib group and 25.0 months in the letrozole-alone group."
    )
    assert sorted(x.value.value for x in r.arm_results) == [8.2, 11.2, 30.2, 41.0]


def test_the_trials_own_condition_is_no_subgroup_trait() -> None:
    _, r = record(
        "Patients with advanced breast cancer were randomly assigned to receive letrozole with or without "
        "palbociclib. In patients with advanced breast cancer, median progression-free survival was 24.8 months "
        "in the palbociclib group and 14.5 months in the letrozole-alone group. Median follow-up was 29.6 "
        "months, and median overall survival was 37.4 months in the palbociclib group and 34.8 months in the "
        "letrozole-alone group."
    )
    # (a follow-up clause does not hide the results that follow it in the sentence)
    assert sorted(x.value.value for x in r.arm_results) == [14.5, 24.8, 34.8, 37.4]


def test_a_population_cut_by_a_biomarker_level_is_a_subgroup() -> None:
    _, r = record(
        ARMS + "Median progression-free survival was 9.4 months in the palbociclib group and 6.1 months in the "
        "letrozole-alone group. Among those with PD-L1 TPS of at least 50%, median "
        "progression-free survival was 12.2 months in the palbociclib group and 6.0 months in the "
        "letrozole-alone group."
    )
    assert by_population(r) == {None: [6.1, 9.4], "pd-l1 tps >=50": [6.0, 12.2]}


def test_a_report_on_the_patients_with_a_high_biomarker_level_states_no_numbers() -> None:
    _, r = record(
        "We assessed outcomes in patients with high PD-L1 expression who took part in the trial. "
        + ARMS
        + "Median progression-free survival was 7.2 months in the "
        "palbociclib group and 5.5 months in the letrozole-alone group."
    )
    assert r.arm_results == []


def by_population(r: TrialRecord) -> dict[str | None, list[float]]:
    out: dict[str | None, list[float]] = {}
    for x in r.arm_results:
        out.setdefault(subgroup_key(x.subgroup.value) if x.subgroup else None, []).append(x.value.value)
    return {k: sorted(v) for k, v in out.items()}


def test_each_value_takes_the_subgroup_named_last_before_it() -> None:
    _, r = record(
        ARMS + "In patients with a combined positive score (CPS) of 1 or more, median overall survival was 14.2 "
        "months with palbociclib and 11.0 months with letrozole alone (hazard ratio, 0.79); in those with a CPS of "
        "10 or more, it was 17.9 and 10.9 months, respectively (hazard ratio, 0.61)."
    )
    assert by_population(r) == {"pd-l1 cps >=1": [11.0, 14.2], "pd-l1 cps >=10": [10.9, 17.9]}
    effects = {(subgroup_key(e.subgroup.value) if e.subgroup else None, e.value.value) for e in r.effects}
    assert effects == {("pd-l1 cps >=1", 0.79), ("pd-l1 cps >=10", 0.61)}


def test_the_cut_everyone_enrolled_has_is_no_subgroup() -> None:
    _, r = record(
        "Patients with gastric cancer and a PD-L1 combined positive score of 1 or more were randomly assigned to "
        "receive letrozole with or without palbociclib. In patients with a CPS of 1 or more, median overall survival "
        "was 12.5 months in the palbociclib group and 10.2 months in the letrozole-alone group; in those with a "
        "CPS of 10 or more, it was 16.0 and 10.4 months, respectively."
    )
    assert by_population(r) == {None: [10.2, 12.5], "pd-l1 cps >=10": [10.4, 16.0]}


def test_a_subgroup_of_other_traits_still_states_nothing() -> None:
    _, r = record(
        ARMS + "In the subgroup with liver metastases, median progression-free survival was 10.1 months in the "
        "palbociclib group and 5.7 months in the letrozole-alone group."
    )
    assert r.arm_results == []


@pytest.mark.parametrize(
    "text",
    [
        # a cut beside another trait
        "In Asian patients with a PD-L1 CPS of 10 or more, median overall survival was 15.7 months in the "
        "palbociclib group and 11.1 months in the letrozole-alone group.",
        "In patients with liver metastases and a PD-L1 CPS of 10 or more, median overall survival was 15.7 months "
        "in the palbociclib group and 11.1 months in the letrozole-alone group.",
        # the randomized patients of one cut are still a subgroup, never everyone
        "Among the 420 randomized patients with a PD-L1 CPS of 10 or more, median overall survival was 15.7 "
        "months in the palbociclib group and 11.1 months in the letrozole-alone group.",
    ],
)
def test_a_subgroup_not_leading_its_clause_alone_states_nothing(text: str) -> None:
    _, r = record(ARMS + text)
    assert by_population(r) == {} and r.effects == []


def test_a_cut_the_randomization_was_stratified_by_is_no_enrolled_population() -> None:
    _, r = record(
        "Patients were randomly assigned to receive letrozole with or without palbociclib, stratified by PD-L1 "
        "CPS of 10 or more versus less than 10. In patients with a PD-L1 CPS of 10 or more, median overall survival "
        "was 15.7 months in the palbociclib group and 11.1 months in the letrozole-alone group."
    )
    assert by_population(r) == {"pd-l1 cps >=10": [11.1, 15.7]}


def test_values_before_a_subgroup_named_in_passing_are_not_its_and_its_bracket_is() -> None:
    _, r = record(
        ARMS + "Median overall survival was 12.9 months in the palbociclib group and 11.5 months in the "
        "letrozole-alone group, with consistent benefit in patients with a PD-L1 CPS of 10 or more (hazard ratio, "
        "0.65)."
    )
    assert by_population(r) == {}
    assert [(subgroup_key(e.subgroup.value) if e.subgroup else None, e.value.value) for e in r.effects] == [
        ("pd-l1 cps >=10", 0.65)
    ]
