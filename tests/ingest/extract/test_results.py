"""Per-arm results: numbers land on the right arm in "X vs Y", "respectively", "with A ... with B",
left and right arm phrases, across clauses and sentences."""

import pytest
from trialkg.ingest.records import TrialRecord
from trialkg.tests.helpers import FIXTURES, record

ARMS = "Patients were randomly assigned to receive letrozole with or without palbociclib. "


def results(r: TrialRecord) -> set[tuple[object, ...]]:
    return {
        (
            x.arm,
            x.endpoint,
            x.statistic,
            x.value.value,
            x.unit,
            x.ci_lower.value if x.ci_lower else None,
            x.ci_upper.value if x.ci_upper else None,
            x.timepoint_months,
        )
        for x in r.arm_results
    }


def test_vs_in_parentheses_uses_the_order_arms_were_named() -> None:
    _, r = record(
        ARMS + "Patients in the palbociclib group had longer progression-free survival than those in the "
        "standard-therapy group (median, 44.3 months vs. 29.1 months)."
    )
    assert results(r) == {
        ("DB09073", "progression-free-survival", "median", 44.3, "months", None, None, None),
        ("control", "progression-free-survival", "median", 29.1, "months", None, None, None),
    }


def test_reverse_order_control_first() -> None:
    _, r = record(
        ARMS + "Median overall survival was 30.1 months in the standard-therapy group and 36.4 months in the "
        "palbociclib group."
    )
    assert results(r) == {
        ("control", "overall-survival", "median", 30.1, "months", None, None, None),
        ("DB09073", "overall-survival", "median", 36.4, "months", None, None, None),
    }


def test_with_a_versus_with_b_and_cis() -> None:
    _, r = record(
        ARMS + "Median investigator-assessed PFS was 4.9 months (95% CI, 3.6 to 6.1) with palbociclib plus "
        "letrozole versus 3.6 months (95% CI, 2.5 to 4.2) with letrozole alone (hazard ratio, 0.84)."
    )
    assert results(r) == {
        ("DB09073", "progression-free-survival", "median", 4.9, "months", 3.6, 6.1, None),
        ("control", "progression-free-survival", "median", 3.6, "months", 2.5, 4.2, None),
    }


def test_respectively_and_landmark_rates() -> None:
    _, r = record(
        ARMS + "Estimated PFS rates at 48 months were 46.5% and 38.3%, respectively, for the palbociclib and "
        "standard-therapy groups."
    )
    assert results(r) == {
        ("DB09073", "progression-free-survival", "rate", 46.5, "percent", None, None, 48.0),
        ("control", "progression-free-survival", "rate", 38.3, "percent", None, None, 48.0),
    }


def test_not_estimable_upper_bound_and_counts() -> None:
    _, r = record(
        ARMS + "The median duration of response was 30.8 months (95% CI, 26.0-nonevaluable [NE]) with "
        "standard therapy and 44.9 months (95% CI, 27.1-51.6) with palbociclib. Overall survival was "
        "immature, with 60 deaths in the palbociclib group and 63 in the standard therapy group."
    )
    by = {(x.arm, x.endpoint, x.statistic): x for x in r.arm_results}
    dor = by[("control", "duration-of-response", "median")]
    assert dor.value.value == 30.8 and dor.ci_lower and dor.ci_lower.value == 26.0
    assert dor.ci_upper is None and dor.ci_upper_not_estimable
    assert by[("DB09073", "overall-survival", "count")].value.value == 60
    assert by[("control", "overall-survival", "count")].value.value == 63


def test_endpoint_carried_to_the_next_sentence() -> None:
    _, r = record(
        ARMS + "Progression-free survival favoured the combination. The median was 20.2 months in the "
        "palbociclib group and 14.5 months in the standard-therapy group."
    )
    assert {(x.arm, x.endpoint, x.value.value) for x in r.arm_results} == {
        ("DB09073", "progression-free-survival", 20.2),
        ("control", "progression-free-survival", 14.5),
    }


def test_background_results_of_other_trials_are_ignored() -> None:
    _, r = record(
        "Title of a trial report\nBACKGROUND\nIn earlier work, median PFS was 24.8 months with palbociclib "
        "versus 14.5 months with placebo.\nMETHODS\n" + ARMS + "\nRESULTS\nMedian PFS was 9.0 months in the "
        "palbociclib group and 6.0 months in the standard-therapy group."
    )
    assert {x.value.value for x in r.arm_results} == {9.0, 6.0}


def test_fixture_abstract_results() -> None:
    _, r = record((FIXTURES / "abstract_placebo.txt").read_text())
    assert results(r) == {
        ("DB11730", "progression-free-survival", "rate", 58.4, "percent", 51.2, 64.9, 24.0),
        ("control", "progression-free-survival", "rate", 39.6, "percent", 32.7, 46.4, 24.0),
        ("DB11730", "objective-response-rate", "rate", 49.0, "percent", None, None, None),
        ("control", "objective-response-rate", "rate", 33.5, "percent", None, None, None),
    }


def test_subgroup_statement_yields_to_the_whole_population_and_ci_forms() -> None:
    _, r = record(
        "In the hormone receptor-positive cohort, median progression-free survival was 10.1 months with drug A "
        "(palbociclib) compared to 5.4 months with chemotherapy. In the overall population, median PFS was 9.9 months "
        "with palbociclib versus 5.1 months with chemotherapy (HR 0.50; 95% confidence interval [CI], 0.40 to 0.63)."
    )
    assert {(x.arm, x.value.value) for x in r.arm_results} == {("DB09073", 9.9), ("control", 5.1)}
    (e,) = r.effects
    assert (e.value.value, e.ci_lower and e.ci_lower.value, e.ci_upper and e.ci_upper.value) == (0.5, 0.4, 0.63)


def test_not_reached_median_is_not_taken_from_its_interval() -> None:
    _, r = record(
        ARMS + "Median PFS was not reached with palbociclib plus letrozole (95% CI, 9.2 months to not reached) but was "
        "5.8 months with letrozole alone (95% CI, 3.5 to 9.2 months)."
    )
    assert {(x.arm, x.value.value, x.ci_lower and x.ci_lower.value) for x in r.arm_results} == {("control", 5.8, 3.5)}


def test_a_follow_up_time_in_any_wording_is_never_a_survival_median() -> None:
    for follow_up in (
        "Median follow-up ranged from 11.2 to 13.9 months across the groups.",
        "The median (range) follow-up was 31.5 (20.1-44.0) months.",
        "Patients were followed for a median of 25.3 months.",
    ):
        _, r = record(
            ARMS
            + "The primary end point was progression-free survival.\nProgression-Free Survival\n"
            + follow_up
            + " Compared with a median progression-free survival of 11.4 months in the control group, median "
            "progression-free survival was 20.2 months among those receiving palbociclib."
        )
        assert {(x[0], x[3]) for x in results(r)} == {("DB09073", 20.2), ("control", 11.4)}, follow_up
        # and no number of the follow-up phrase is left free to be read as a value
        from trialkg.ingest.extract._clauses import _claimed_spans, find_values

        values = find_values(follow_up, 0, _claimed_spans(follow_up, 0, follow_up.lower()))
        assert values == [], (follow_up, values)


def test_shares_of_patients_with_a_baseline_trait_are_not_rates_of_an_endpoint() -> None:
    for trait in (
        "For the palbociclib vs control groups, 58% vs 57% of patients were from Europe.",
        "In the palbociclib and control groups, 40% and 42% had received prior chemotherapy.",
    ):
        _, r = record(ARMS + "The primary end point was overall survival.\nOverall Survival\n" + trait)
        assert results(r) == set(), trait


def test_a_combination_arm_is_named_by_its_drugs_together() -> None:
    _, r = record(
        "Patients were randomly assigned in a 1:1:1 ratio to relatlimab alone, relatlimab plus nivolumab, or "
        "nivolumab alone. The median progression-free survival was 10.1 months with relatlimab plus nivolumab, "
        "as compared with 2.8 months with nivolumab alone and 4.6 months with relatlimab alone."
    )
    keys = {a.key: a for a in r.arms}
    combo = next(k for k, a in keys.items() if len(a.drugs) == 2)
    mono = {a.drugs[0].label.lower(): k for k, a in keys.items() if len(a.drugs) == 1}
    assert {(x.arm, x.value.value) for x in r.arm_results} == {
        (combo, 10.1),
        (mono["nivolumab"], 2.8),
        (mono["relatlimab"], 4.6),
    }


def test_a_telegraphic_summary_with_subgroups_keeps_the_whole_population() -> None:
    _, r = record(
        "Phase 3, randomized trial [ORION-4]\nAdjuvant ribociclib plus endocrine therapy vs. endocrine therapy alone\n"
        "Invasive disease-free survival at 36 mos: 90.1% vs 85.3% (HR 0.70 [0.55 - 0.89]) in node-positive "
        "subgroup\nInvasive disease-free survival at 36 mos: 91.2% vs 87.0% (HR 0.75 [0.62 - 0.91]) in total "
        "population\nOverall survival at 4 yrs: 93.0% vs 91.1% in total population"
    )
    assert results(r) == {
        ("DB11730", "invasive-disease-free-survival", "rate", 91.2, "percent", None, None, 36.0),
        ("control", "invasive-disease-free-survival", "rate", 87.0, "percent", None, None, 36.0),
        ("DB11730", "overall-survival", "rate", 93.0, "percent", None, None, 48.0),
        ("control", "overall-survival", "rate", 91.1, "percent", None, None, 48.0),
    }
    assert [(e.endpoint, e.value.value) for e in r.effects] == [("invasive-disease-free-survival", 0.75)]


def test_disagreeing_values_whose_population_cannot_be_told_are_not_stated() -> None:
    _, r = record(
        ARMS + "Median progression-free survival was 20.1 months with palbociclib and 10.2 months with placebo. "
        "In the updated analysis, median progression-free survival was 24.8 months with palbociclib and 14.5 "
        "months with placebo."
    )
    assert results(r) == set()


def test_without_it_names_the_control() -> None:
    _, r = record(
        ARMS + "Median progression-free survival was 20.1 months with palbociclib versus 10.2 months without it."
    )
    assert {(x[0], x[3]) for x in results(r)} == {("DB09073", 20.1), ("control", 10.2)}


def test_each_value_takes_the_endpoint_named_last_before_it() -> None:
    _, r = record(
        ARMS + "The trial met its primary end point of progression-free survival (median, 9.2 months with "
        "palbociclib vs 6.1 months with placebo) and key secondary end point of overall survival (median, 19.8 "
        "months with palbociclib vs 16.4 months with placebo)."
    )
    assert {(x[0], x[1], x[3]) for x in results(r)} == {
        ("DB09073", "progression-free-survival", 9.2),
        ("control", "progression-free-survival", 6.1),
        ("DB09073", "overall-survival", 19.8),
        ("control", "overall-survival", 16.4),
    }


@pytest.mark.parametrize(
    "aside",
    [
        "The addition of palbociclib provided a median overall survival benefit of 7.3 months.",
        "Here we report the subgroup of patients >=65 years, who were 80 years old at most.",
        "Overall survival rates at 24 and 36 months were reported separately.",
    ],
)
def test_gains_ages_and_lists_of_time_points_are_not_arm_values(aside: str) -> None:
    from trialkg.ingest.extract._clauses import _claimed_spans, find_values

    assert find_values(aside, 0, _claimed_spans(aside, 0, aside.lower())) == []


PLACEBO = "Patients were randomly assigned to secukinumab or placebo. "


def test_outcomes_of_other_areas_are_endpoints_with_their_week() -> None:
    _, r = record(
        PLACEBO + "An ACR20 response at week 12 occurred in 54.2% of patients receiving secukinumab and in "
        "20.8% of those receiving placebo."
    )
    assert results(r) == {
        ("DB09029", "acr20", "rate", 54.2, "percent", None, None, 2.77),
        ("control", "acr20", "rate", 20.8, "percent", None, None, 2.77),
    }


def test_a_time_is_no_result_of_an_endpoint_that_is_not_a_time() -> None:
    _, r = record(
        PLACEBO + "The change in PANSS total score from baseline to 5 weeks was greater with secukinumab "
        "than with placebo (over 5 weeks and 2 days, respectively)."
    )
    assert [x for x in r.arm_results if x.unit in ("weeks", "days")] == []


def test_bounds_after_a_ci_declared_once_are_that_ci() -> None:
    _, r = record(
        ARMS + "The 24-month overall survival rate (95% CI) was 41.2% (35.0-47.3) with palbociclib and "
        "30.6% (24.9-36.5) with letrozole alone."
    )
    assert results(r) == {
        ("DB09073", "overall-survival", "rate", 41.2, "percent", 35.0, 47.3, 24.0),
        ("control", "overall-survival", "rate", 30.6, "percent", 24.9, 36.5, 24.0),
    }


def test_an_endpoint_named_as_a_qualifier_is_not_the_subject() -> None:
    _, r = record(
        ARMS + "The overall response rate, excluding patients with a complete response to prior therapy, "
        "was 41.0% in the palbociclib group and 29.5% in the letrozole-alone group."
    )
    assert {x.endpoint for x in r.arm_results} == {"objective-response-rate"}


THREE_DOSES = "Patients were randomly assigned to ponatinib at 45 mg, 30 mg, or 15 mg daily. "


def test_the_primary_end_point_named_by_reference_and_doses_written_with_a_hyphen() -> None:
    _, r = record(
        THREE_DOSES + "The primary end point was molecular response at 12 months. The primary end point (98.3% "
        "confidence interval) was met in 41.5% (30.2-53.4) in the 45-mg cohort, 30.1% (19.9-41.8) in the "
        "30-mg cohort, and 21.7% (12.5-33.6) in the 15-mg cohort."
    )
    label = {a.key: a.label.value for a in r.arms}
    assert sorted(
        (label[x.arm], x.endpoint, x.value.value, x.ci_lower.value if x.ci_lower else None) for x in r.arm_results
    ) == [
        ("Ponatinib 15 mg", "molecular-response-at-12-months", 21.7, 12.5),
        ("Ponatinib 30 mg", "molecular-response-at-12-months", 30.1, 19.9),
        ("Ponatinib 45 mg", "molecular-response-at-12-months", 41.5, 30.2),
    ]


def test_a_value_in_brackets_after_its_arm_and_traits_and_thresholds_are_not_results() -> None:
    _, r = record(
        THREE_DOSES + "Of 283 patients, 154 of 282 (54.6%) were men, and response was defined as transcript "
        "levels ≤1%. At 12 months, an objective response was achieved by more 45 mg-treated (44.0%) and 30 mg-treated "
        "patients (29.5%) than 15 mg-treated patients (23.0%)."
    )
    label = {a.key: a.label.value for a in r.arms}
    assert sorted((label[x.arm], x.value.value) for x in r.arm_results) == [
        ("Ponatinib 15 mg", 23.0),
        ("Ponatinib 30 mg", 29.5),
        ("Ponatinib 45 mg", 44.0),
    ]


def test_values_before_the_arm_that_closes_them_do_not_pass_it_to_later_values() -> None:
    _, r = record(
        "Patients were randomized to zanidatamab 10 mg/kg or zanidatamab 20 mg/kg. "
        "One (2.0%) complete response and 20 (40.0%) partial responses were observed in the 10 mg/kg arm and "
        "three (6.0%) CRs and 22 (44.0%) PRs were observed in the 20 mg/kg arm."
    )
    label = {a.key: a.label.value for a in r.arms}
    got = {(label[x.arm], x.endpoint, x.value.value) for x in r.arm_results}
    # the 20 mg/kg arm's 6.0% CRs are not given to the 10 mg/kg arm named before them; the values whose arm
    # only a later cue names are left out, the partial responses each read beside its own arm
    assert got == {
        ("Zanidatamab 10 mg/kg", "partial-response", 40.0),
        ("Zanidatamab 20 mg/kg", "partial-response", 44.0),
    }


def test_a_ci_level_written_in_words_is_no_value() -> None:
    _, r = record(
        PLACEBO + "The change in PANSS total score at week 5 was −20.1 points with secukinumab and −11.2 points "
        "with placebo (difference, −8.9; 95 percent confidence interval, −12.4 to −5.3). Response rates were "
        "31 percent and 14 percent."
    )
    assert {(x.arm, x.value.value) for x in r.arm_results} == {("DB09029", 31.0), ("control", 14.0)}  # not 95


def test_a_rate_takes_the_time_point_its_endpoint_is_defined_at() -> None:
    _, r = record(
        PLACEBO + "The primary end point was an ACR50 response at week 24. An ACR50 response was achieved by "
        "40.1% of patients with secukinumab and 12.0% with placebo."
    )
    assert results(r) == {
        ("DB09029", "acr50", "rate", 40.1, "percent", None, None, 5.54),
        ("control", "acr50", "rate", 12.0, "percent", None, None, 5.54),
    }


SEMA = "Patients were randomly assigned to semaglutide or placebo. "


def test_a_percent_change_of_a_measure_is_no_rate_and_a_median_one_is_a_median() -> None:
    _, r = record(SEMA + "At week 26, HbA1c fell by 1.3% with semaglutide and by 0.4% with placebo.")
    assert r.arm_results == []
    _, r = record(
        SEMA + "The median reduction in monthly seizure frequency was 40.2% with semaglutide and 15.0% with placebo."
    )
    assert results(r) == {
        ("DB13928", "seizure-frequency", "median", 40.2, "percent", None, None, None),
        ("control", "seizure-frequency", "median", 15.0, "percent", None, None, None),
    }


def test_a_share_of_patients_reaching_a_target_of_a_measure_is_a_rate() -> None:
    _, r = record(
        SEMA + "At week 26, the proportion of patients achieving an HbA1c below 7.0% was 66.8% with "
        "semaglutide and 31.2% with placebo."
    )
    assert {(x.arm, x.statistic, x.value.value) for x in r.arm_results} == {
        ("DB13928", "rate", 66.8),
        ("control", "rate", 31.2),
    }


def test_a_value_in_brackets_closed_before_the_next_arm_is_not_that_arms() -> None:
    _, r = record(
        "Patients were randomized to receive zanubrutinib, zanubrutinib plus rituximab, or bendamustine plus "
        "rituximab. Progression-free survival was longer with zanubrutinib versus bendamustine plus rituximab "
        "(not reached vs 31.4 months; HR, 0.29) and with zanubrutinib plus rituximab versus bendamustine plus "
        "rituximab."
    )
    # 31.4 months is not the zanubrutinib-plus-rituximab arm's, and which arm's it is the run does not say
    assert r.arm_results == []


def test_rates_at_a_list_of_time_points_pair_by_pair() -> None:
    _, r = record(
        ARMS + "Median overall survival was 36.4 months in the palbociclib group vs 30.1 months in the "
        "letrozole-alone group. Rates at 12 and 24 months were 88.1% vs 80.2% and 70.4% vs 61.0%, respectively."
    )
    assert {x for x in results(r) if x[2] == "rate"} == {
        ("DB09073", "overall-survival", "rate", 88.1, "percent", None, None, 12.0),
        ("control", "overall-survival", "rate", 80.2, "percent", None, None, 12.0),
        ("DB09073", "overall-survival", "rate", 70.4, "percent", None, None, 24.0),
        ("control", "overall-survival", "rate", 61.0, "percent", None, None, 24.0),
    }


def test_abbreviated_months_and_years() -> None:
    _, r = record(
        ARMS + "The median time from randomisation to the data cut-off was 41.0 mo. Median OS was 12.3 mo for "
        "palbociclib and 9.8 mo for letrozole alone; 5-yr OS rates were 10.6% and 3.0%, respectively."
    )
    assert results(r) == {
        ("DB09073", "overall-survival", "median", 12.3, "months", None, None, None),
        ("control", "overall-survival", "median", 9.8, "months", None, None, None),
        ("DB09073", "overall-survival", "rate", 10.6, "percent", None, None, 60.0),
        ("control", "overall-survival", "rate", 3.0, "percent", None, None, 60.0),
    }


def test_the_design_word_placebo_controlled_names_no_arm() -> None:
    _, r = record(
        "Patients were randomly assigned to ribociclib plus letrozole or placebo plus letrozole. In this "
        "double-blind, placebo-controlled study of 420 patients, ribociclib plus letrozole extended median OS "
        "to 31.2 months compared with 27.5 months for those given placebo plus letrozole."
    )
    assert {(x.arm, x.value.value) for x in r.arm_results} == {("DB11730", 31.2), ("control", 27.5)}


def test_a_share_of_events_at_an_analysis_is_no_result_and_a_median_before_a_time_is_not_a_rates() -> None:
    _, r = record(
        ARMS + "At the interim analysis (63% maturity), median OS was 30.1 months in the palbociclib group; "
        "in the letrozole-alone group the median OS was 26.4 months and 22.0% of patients were alive at 5 years."
    )
    # not 63% ("maturity"), and 22.0% a rate of the arm the clause names, not a median
    assert {(x.arm, x.statistic, x.value.value, x.timepoint_months) for x in r.arm_results} == {
        ("DB09073", "median", 30.1, None),
        ("control", "median", 26.4, None),
        ("control", "rate", 22.0, 60.0),
    }


def test_numbers_that_define_a_response_or_a_rate_are_not_results() -> None:
    _, r = record(
        "Patients were randomly assigned to drug dupilumab or placebo. A response meant a PASI 90, that is, at "
        "least a 90% improvement in the psoriasis score, or an IGA 0/1. At week 16, 48.2% with dupilumab and "
        "13.1% with placebo had a PASI 90 response. Median attacks fell to 3.1 per 28 days with "
        "dupilumab and 5.9 per 28 days with placebo."
    )
    assert {x.value.value for x in r.arm_results} <= {48.2, 13.1, 3.1, 5.9}
    assert {x.value.value for x in r.arm_results} >= {48.2, 13.1}


def test_a_drug_both_combination_arms_get_names_neither() -> None:
    # the shared partner (rituximab) is no cue; the follow-up ("observation time") is no result
    _, r = record(
        "Patients were randomized to ibrutinib-rituximab (n = 200) or bendamustine-rituximab (n = 201). The median "
        "observation time was 50.2 months. Progression-free survival reached a median of 61.0 months with "
        "ibrutinib-rituximab and of 40.3 months with bendamustine-rituximab."
    )
    assert results(r) == {
        ("DB00073+DB09053", "progression-free-survival", "median", 61.0, "months", None, None, None),
        ("DB00073+DB06769", "progression-free-survival", "median", 40.3, "months", None, None, None),
    }
    assert r.median_follow_up_months is not None and r.median_follow_up_months.value == 50.2


def test_two_values_of_two_outcomes_are_not_two_arms() -> None:
    _, r = record(
        ARMS + "With palbociclib given for 2 years, the PFS rate at 3 years was 48% and the overall response rate 61%."
    )
    assert r.arm_results == []


def test_a_sentence_on_an_outcome_the_document_abbreviates_keeps_no_earlier_endpoint() -> None:
    _, r = record(
        ARMS + "Median progression-free survival was 24.8 months in the palbociclib group and 14.5 months in the "
        "letrozole-alone group. Time to first skeletal event (TFSE) was recorded too. The median TFSE was 30.1 "
        "months in the palbociclib group versus 20.2 months in the letrozole-alone group (HR, 0.70)."
    )
    assert sorted(x.value.value for x in r.arm_results) == [14.5, 24.8]
    assert r.effects == []


def test_a_relative_gain_is_not_a_rate() -> None:
    _, r = record(
        ARMS + "Median PFS was 80.6 months with palbociclib, a 40% improvement over the letrozole-alone group, "
        "whose median PFS was 52.9 months."
    )
    assert sorted((x.arm, x.value.value) for x in r.arm_results) == [("DB09073", 80.6), ("control", 52.9)]


def test_each_value_takes_the_dose_written_right_after_it() -> None:
    # "X% at <dose>" items: the dose after a value names it, not the value after it; "controls" is the control
    _, r = record(
        "Adults were randomized to placebo or lacosamide at 50 mg, 100 mg or 200 mg daily. The objective "
        "response rate was 20% in controls, 30% at 50mg, 45% at 100 mg and 52% at 200 mg lacosamide."
    )
    assert {(x[0], x[3]) for x in results(r)} == {
        ("control", 20.0),
        ("DB06218@50mg", 30.0),
        ("DB06218@100mg", 45.0),
        ("DB06218@200mg", 52.0),
    }


def test_a_unit_after_the_ci_bracket_and_median_survival_as_overall_survival() -> None:
    # the unit written after the interval; "median survival" is overall survival; a follow-up time written
    # before its word is no result
    _, r = record(
        "Patients were randomized to gemcitabine or capecitabine. After a median of 41.5 (IQR, 30.2-52.0) "
        "months' follow-up, median survival was 25.1 (95% CI, 22.0-28.3) months for patients treated with "
        "capecitabine and 21.7 (95% CI, 19.5-24.4) months for those treated with gemcitabine."
    )
    assert results(r) == {
        ("DB01101", "overall-survival", "median", 25.1, "months", 22.0, 28.3, None),
        ("DB00441", "overall-survival", "median", 21.7, "months", 19.5, 24.4, None),
    }


def test_a_difference_in_brackets_after_a_pair_is_no_third_value() -> None:
    _, r = record(
        "Patients were randomized to tislelizumab or sorafenib. Objective response was seen in 17.1% vs 6.2% "
        "of patients (difference = 10.9%, 95% CI = 5.1%-16.6%)."
    )
    assert {(x[0], x[1], x[3]) for x in results(r)} == {
        ("DB14922", "objective-response-rate", 17.1),
        ("DB00398", "objective-response-rate", 6.2),
    }


def test_a_pair_followed_by_versus_the_control_gives_the_control_the_second_value() -> None:
    # the clause after ", and" names only the comparator, after "vs"
    _, r = record(
        "Patients were randomized to nivolumab or placebo with chemotherapy. Nivolumab with chemotherapy "
        "improved OS (HR 0.80), PFS (HR 0.70), and ORR (48.2% vs 39.9%; P = 0.002) vs placebo with chemotherapy."
    )
    assert {(x[0], x[3]) for x in results(r)} == {("DB09035", 48.2), ("control", 39.9)}


def test_counts_with_percents_then_the_groups_respectively_and_a_vaccine_effectiveness_is_no_arm_value() -> None:
    # "x (p%) and y (q%) participants in the A and B groups, respectively (rVE, r%; ...)"
    _, r = record(
        "Older adults were randomly assigned 1:1 to PCV-20 or PPSV-23. All-cause mortality was recorded for 23 "
        "(0.4%) and 45 (0.8%) participants in the PCV-20 and PPSV-23 groups, respectively (rVE, 47.9%; 95% CI, "
        "10.5 to 70.3)."
    )
    assert {(x[0], x[1], x[3]) for x in results(r)} == {
        ("name-pcv-20", "all-cause-mortality", 0.4),
        ("name-ppsv-23", "all-cause-mortality", 0.8),
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Patients on olaparib lived a median of 18.9 months, compared with 14.2 months for those on placebo.",
            {
                ("DB09074", "overall-survival", "median", 18.9, None),
                ("control", "overall-survival", "median", 14.2, None),
            },
        ),
        (
            "At three years, 58% of patients on olaparib were alive, versus 44% on placebo.",
            {("DB09074", "overall-survival", "rate", 58.0, 36.0), ("control", "overall-survival", "rate", 44.0, 36.0)},
        ),
    ],
)
def test_survival_said_without_its_name(sentence: str, expected: set[tuple[object, ...]]) -> None:
    _, r = record("Patients were randomized to olaparib or placebo. " + sentence)
    assert {(x.arm, x.endpoint, x.statistic, x.value.value, x.timepoint_months) for x in r.arm_results} == expected


# --- outcomes no endpoint type names, read from the words before two groups' values

TWO = "Adults were randomly assigned to receive fezolinetant or placebo. "


def _untyped(r: TrialRecord) -> set[tuple[str, str, str, float]]:
    labels = {e.key: e.text.value for e in r.endpoints if e.type is None}
    return {(x.arm, labels[x.endpoint], x.statistic, x.value.value) for x in r.arm_results if x.endpoint in labels}


def test_outcome_before_a_comparison_of_shares_is_named_by_its_own_words() -> None:
    _, r = record(
        TWO
        + "More participants in the fezolinetant group reached symptom freedom compared with placebo (37.2% vs 20.4%)."
    )
    assert _untyped(r) == {("DB15669", "symptom freedom", "rate", 37.2), ("control", "symptom freedom", "rate", 20.4)}


def test_outcome_keeps_how_it_was_defined_and_respectively_places_the_values() -> None:
    _, r = record(
        TWO + "Response, defined by the 6-item hot flash diary, was 52.1% and 30.6% with fezolinetant and placebo, "
        "respectively."
    )
    assert _untyped(r) == {
        ("DB15669", "Response, defined by the 6-item hot flash diary", "rate", 52.1),
        ("control", "Response, defined by the 6-item hot flash diary", "rate", 30.6),
    }


def test_untyped_outcome_after_a_verb_of_occurrence() -> None:
    _, r = record(
        TWO + "Nocturnal awakenings occurred in 14% and 29% of the fezolinetant and placebo groups, respectively."
    )
    assert _untyped(r) == {
        ("DB15669", "Nocturnal awakenings", "rate", 14.0),
        ("control", "Nocturnal awakenings", "rate", 29.0),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        # the patients' traits, not an outcome
        "Of those enrolled, 61% and 58% in the fezolinetant and placebo groups were current smokers.",
        # one word tells too little
        "Relapse was 12% with fezolinetant and 20% with placebo.",
        # a schedule names the group, not the outcome
        "Given twice daily, 12% with fezolinetant and 20% with placebo.",
        # the second of two groups compared is not an outcome
        "There was no difference between fezolinetant and vasomotor therapy (12% vs 10%).",
    ],
)
def test_no_untyped_outcome_where_the_words_name_none(sentence: str) -> None:
    _, r = record(TWO + sentence)
    assert _untyped(r) == set()


def test_a_typed_endpoint_is_not_carried_into_a_sentence_that_names_its_own_outcome() -> None:
    _, r = record(
        TWO + "Median progression-free survival was 9.1 months with fezolinetant and 6.0 months with placebo. "
        "The proportion of participants with sustained symptom relief was 41% and 25% with fezolinetant and "
        "placebo, respectively."
    )
    assert ("DB15669", "progression-free-survival", "rate", 41.0, "percent", None, None, None) not in results(r)
    assert ("DB15669", "sustained symptom relief", "rate", 41.0) in _untyped(r)


def test_second_progression_is_its_own_endpoint() -> None:
    _, r = record(
        ARMS + "Median PFS2 was 31.4 months with palbociclib plus letrozole and 26.0 months with letrozole alone."
    )
    assert results(r) == {
        ("DB09073", "second-progression-free-survival", "median", 31.4, "months", None, None, None),
        ("control", "second-progression-free-survival", "median", 26.0, "months", None, None, None),
    }


def test_a_gain_by_a_median_of_months_is_no_arms_median() -> None:
    _, r = record(ARMS + "Palbociclib extended progression-free survival by a median of 5.2 months.")
    assert results(r) == set()


def test_a_dose_written_with_a_trailing_zero_names_its_arm_and_a_compound_number_is_no_value() -> None:
    # "2.0 mg" is the 2 mg arm; "3-item" is a word, not a value of the first group
    _, r = record(
        "Adults were randomized to placebo or ropinirole at 1 mg or 2 mg daily. Scored on a 3-item scale, the "
        "objective response rate was 31% at 1 mg, 44% at 2.0 mg and 18% with placebo."
    )
    assert {(x[0], x[3]) for x in results(r)} >= {("DB00268@1mg", 31.0), ("DB00268@2mg", 44.0)}
    assert 3.0 not in {x[3] for x in results(r)}


def test_values_whose_groups_the_clause_does_not_name_are_no_untyped_outcome() -> None:
    # efficacy across outcomes after the groups' counts: the percents are estimates, not the groups' shares
    _, r = record(
        TWO + "Cases were 5 and 31 (fezolinetant: 5; placebo: 31). Efficacy was high from mild symptom episodes "
        "(71.7% [95% CI: 56.2-82.3]) to severe symptom episodes (94.1% [95% CI: 62.4-99.9])."
    )
    assert _untyped(r) == set()


def test_progression_after_the_next_line_of_treatment_is_second_progression() -> None:
    _, r = record(
        ARMS + "PFS after next-line treatment reached a median of 30.2 months with palbociclib and 24.9 months with "
        "letrozole alone."
    )
    assert {x[1] for x in results(r)} == {"second-progression-free-survival"}


def test_a_value_said_twice_keeps_the_statement_with_its_interval() -> None:
    # a key-points line gives the medians bare, the abstract with their intervals: one result each, with CI
    _, r = record(
        "Patients were randomized to decitabine or placebo. Key points: decitabine prolonged overall survival "
        "(8.9 vs 6.1 months). Median overall survival was 8.9 months (95% CI, 7.2-10.4 months) with decitabine "
        "vs 6.1 months (95% CI, 4.9-7.0 months) with placebo."
    )
    assert {x[:7] for x in results(r)} == {
        ("DB01262", "overall-survival", "median", 8.9, "months", 7.2, 10.4),
        ("control", "overall-survival", "median", 6.1, "months", 4.9, 7.0),
    }


def test_a_difference_with_its_interval_is_no_groups_value_but_a_group_value_after_difference_in_is() -> None:
    _, r = record(
        "Patients were randomized to decitabine or placebo. Two-year overall survival rates with decitabine and "
        "placebo were 38.1% and 29.5%, respectively (difference, 8.6%; 95% CI, 1.2%-16.0%)."
    )
    assert {(x[0], x[3]) for x in results(r)} == {("DB01262", 38.1), ("control", 29.5)}
    _, r = record(
        "Patients were randomized to decitabine or placebo. There was no between-group difference in the overall "
        "response rate (21.3% in the decitabine group and 19.8% in the placebo group)."
    )
    assert {(x[0], x[3]) for x in results(r)} == {("DB01262", 21.3), ("control", 19.8)}


DOSES3 = "Adults were randomized to placebo, rimegepant 75 mg or rimegepant 150 mg. "


def test_a_three_group_list_with_its_p_values_and_a_list_that_goes_on_in_the_same_order() -> None:
    # "at 2 hours" frames the outcome; the groups a P value compares name no value; the next sentence's
    # list keeps the groups' order; "two hours" is no part of an outcome's name
    _, r = record(
        DOSES3 + "Across the placebo, rimegepant 75mg, and rimegepant 150mg groups, pain relief at 2 hours was "
        "noted in 14.2, 20.5, and 23.9%, respectively (P = .01 for rimegepant 75mg vs placebo; P < .001 for "
        "rimegepant 150mg vs placebo). Next, a return to normal function at two hours was seen in 30.1, 41.0, "
        "and 44.6%, respectively."
    )
    assert _untyped(r) == {
        ("control", "pain relief", "rate", 14.2),
        ("DB12457@75mg", "pain relief", "rate", 20.5),
        ("DB12457@150mg", "pain relief", "rate", 23.9),
        ("control", "return to normal function", "rate", 30.1),
        ("DB12457@75mg", "return to normal function", "rate", 41.0),
        ("DB12457@150mg", "return to normal function", "rate", 44.6),
    }


def test_a_responder_threshold_is_no_value_and_a_list_goes_on_at_the_time_point_before() -> None:
    _, r = record(
        "Adults were randomized to upadacitinib 15 mg, upadacitinib 30 mg or placebo. IGA response at week 16 "
        "was reached by 39.6%, 52.0% and 8.4% of the 15 mg, 30 mg and placebo arms, respectively. Rates of "
        "EASI-75, that is at least a 75% improvement from baseline, came to 60.1%, 72.9% and 13.3%, respectively."
    )
    easi = {(x[0], x[3], x[7]) for x in results(r) if x[1] == "easi-75"}
    assert easi == {("DB15091@15mg", 60.1, 3.69), ("DB15091@30mg", 72.9, 3.69), ("control", 13.3, 3.69)}


def test_two_doses_versus_a_comparator_with_lower_and_higher_dose_and_an_outcome_after_a_named_one() -> None:
    # "A 110 mg or 150 mg vs. B": three arms; "in 9,000 patients" is the trial's population; a percent of an
    # event endpoint after "reduced" is a share; the outcome named after the first bracket is its own
    _, r = record(
        "Edoxaban was tested against warfarin in 9,000 patients. They were randomized to edoxaban 30 mg or 60 mg "
        "once daily vs. warfarin, with three years of follow-up. Edoxaban 60 mg lowered, against warfarin, "
        "stroke or systemic embolism (1.2% vs. 1.6%; P = .01) and cardiac mortality (2.7% vs. 3.2%; P = .04). "
        "With the lower dose, major bleeding was less frequent than with warfarin (1.6% vs. 3.4%)."
    )
    assert {a.key: a.size for a in r.arms} == {"DB09075@30mg": None, "DB09075@60mg": None, "DB00682": None}
    labels = {e.key: e.text.value for e in r.endpoints}
    got = {(x.arm, labels.get(x.endpoint, x.endpoint), x.value.value) for x in r.arm_results}
    assert got == {
        ("DB09075@60mg", "stroke or systemic embolism", 1.2),
        ("DB00682", "stroke or systemic embolism", 1.6),
        ("DB09075@60mg", "cardiac mortality", 2.7),
        ("DB00682", "cardiac mortality", 3.2),
        ("DB09075@30mg", "major bleeding", 1.6),
        ("DB00682", "major bleeding", 3.4),
    }


def test_an_analysis_set_is_not_the_trials_number_and_a_sentence_of_its_own_events_takes_no_carried_endpoint() -> None:
    _, r = record(
        "Adults were randomized to nivolumab or placebo. Pathological complete response, counted in the first "
        "480 randomized patients, favoured nivolumab over placebo (58.1% vs. 44.0%). Progression, recurrence or "
        "death was seen in 8.2% of the nivolumab group and 12.9% of the placebo group."
    )
    assert r.randomized_count is None
    assert {(x[0], x[1], x[3]) for x in results(r)} == {
        ("DB09035", "pathological-complete-response", 58.1),
        ("control", "pathological-complete-response", 44.0),
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a group's value after "difference in X (" compared by "vs" is no difference
        (
            "There was no difference in the overall response rate (31.2% vs. 29.8%) between the two groups.",
            {("DB09035", 31.2), ("control", 29.8)},
        ),
        # ", and median OS was ..." opens a clause of its own, in its own order
        (
            "The response rate was 45% with nivolumab and 30% with placebo, and median OS was 14 vs 11 months in "
            "the two groups.",
            {("DB09035", 45.0), ("control", 30.0), ("DB09035", 14.0), ("control", 11.0)},
        ),
        # an abbreviation's bracket is not a bracket of values: the population after it names no outcome
        (
            "Median progression-free survival (PFS) among women with node-positive disease was 24.1 months with "
            "nivolumab and 18.2 months with placebo.",
            {("DB09035", 24.1), ("control", 18.2)},
        ),
        # a reduction "by 21%" is no arm's share, even of an event endpoint
        ("Nivolumab reduced the rate of stroke or systemic embolism by 21% as compared with placebo.", set()),
    ],
)
def test_values_of_groups_and_values_that_are_no_groups(sentence: str, expected: set[tuple[str, float]]) -> None:
    _, r = record("Adults were randomized to nivolumab or placebo. " + sentence)
    assert {(x[0], x[3]) for x in results(r)} == expected


def test_a_time_to_an_event_keeps_its_words_in_an_untyped_outcome() -> None:
    _, r = record(
        "Adults were randomized to nivolumab or placebo. The median time to first flare was 24.5 vs 14.1 months "
        "with nivolumab and placebo, respectively."
    )
    assert _untyped(r) == {
        ("DB09035", "time to first flare", "median", 24.5),
        ("control", "time to first flare", "median", 14.1),
    }


def test_a_list_of_endpoints_takes_one_group_at_a_time_in_order() -> None:
    _, r = record(
        "Adults were randomized to the standard arm (SA) of cisplatin alone or to the investigational arm (SA-D) "
        "of cisplatin with durvalumab. Median progression-free survival, overall survival, and the objective "
        "response rate were 5.1 months, 11.9 months, and 28.0%, respectively, in the SA arm, against 6.6 months "
        "(P = .04), 13.2 months (P = .21), and 36.5% (P = .08), respectively, in the SA-D arm."
    )
    assert results(r) == {
        ("control", "progression-free-survival", "median", 5.1, "months", None, None, None),
        ("control", "overall-survival", "median", 11.9, "months", None, None, None),
        ("control", "objective-response-rate", "rate", 28.0, "percent", None, None, None),
        ("DB11714", "progression-free-survival", "median", 6.6, "months", None, None, None),
        ("DB11714", "overall-survival", "median", 13.2, "months", None, None, None),
        ("DB11714", "objective-response-rate", "rate", 36.5, "percent", None, None, None),
    }


def test_a_list_of_endpoints_whose_values_do_not_fit_states_nothing_of_it() -> None:
    # two endpoints, three values: which value is whose, the sentence does not say
    _, r = record(
        "Adults were randomized to the standard arm (SA) of cisplatin alone or to the investigational arm (SA-D) "
        "of cisplatin with durvalumab. Median progression-free survival and overall survival were 5.1, 8.0 and "
        "11.9 months, respectively, in the SA arm."
    )
    assert not any(x.value.value in (5.1, 8.0, 11.9) for x in r.arm_results)


def test_the_length_of_follow_up_per_group_is_no_result_of_the_endpoint_before() -> None:
    _, r = record(
        "Patients were randomly assigned to receive letrozole with or without palbociclib. The objective response "
        "rate was the primary end point. Median follow-up at the cutoff of March 2, 2024, was 21.5 months with "
        "palbociclib and 20.9 months "
        "with letrozole alone."
    )
    assert r.arm_results == []


def test_the_stricter_threshold_of_a_responder_endpoint_is_its_own_endpoint() -> None:
    _, r = record(
        "Patients were randomized to placebo or izokibep. At week 16, HiSCR75 was reached by 33% with izokibep "
        "and 15% with placebo, and HiSCR50 by 52% and 31%, respectively."
    )
    got = {(x.arm == "control", x.endpoint, x.value.value) for x in r.arm_results}
    assert got == {(False, "hiscr-75", 33.0), (True, "hiscr-75", 15.0), (False, "hiscr", 52.0), (True, "hiscr", 31.0)}


def test_a_change_written_with_a_minus_sign_keeps_its_sign_and_its_negative_ci() -> None:
    _, r = record(
        "Adults were randomized to placebo or semaglutide. At week 36, the mean change in body weight was "
        "−11.4% (95% CI, −12.6 to −10.2) with semaglutide and -2.1% (95% CI, -3.0 to -1.2) with placebo."
    )
    assert results(r) == {
        ("DB13928", "body-weight", "mean", -11.4, "percent", -12.6, -10.2, 8.31),
        ("control", "body-weight", "mean", -2.1, "percent", -3.0, -1.2, 8.31),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Response rates ranged from 20 - 35% across the sites.",
        "Patients aged 18–65 years were eligible; 40% of them were women.",
        "The COVID-19 rate was 12% with drug A and 10% with drug B.",
    ],
)
def test_a_dash_between_numbers_or_inside_a_word_is_no_minus_sign(text: str) -> None:
    from trialkg.ingest.extract._clauses import find_values

    assert all(v.value >= 0 for v in find_values(text, 0, []))


def test_a_rate_read_with_a_minus_sign_is_not_stated() -> None:
    _, r = record(
        "Patients were randomized to semaglutide or placebo. The HbA1c target at week 26 was reached by 41% with "
        "semaglutide -17% with placebo."
    )
    assert [(x.arm, x.value.value) for x in r.arm_results] == [("DB13928", 41.0)]
