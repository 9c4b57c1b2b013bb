"""Design: phase, features, ratio, N randomized, sites, countries, follow-up, stratification, period."""

import pytest
from trialkg.tests.helpers import record


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("Patients were randomly assigned in a 1:1 ratio to drug A or placebo.", "1:1"),
        ("Patients were randomly assigned (2:1 ratio) to drug A or placebo.", "2:1"),
        ("Patients were randomized 3:1 to drug A or placebo.", "3:1"),
        ("A 2:1 randomization was used in this phase 3 trial.", "2:1"),
        ("Adults were randomly assigned 1:1:1 to drug A 10 mg, drug A 20 mg or placebo.", "1:1:1"),
        ("Participants were randomized (2:2:1) to two doses of drug A or to placebo.", "2:2:1"),
        ("Patients were assigned in a 2:2:2:1 ratio to three schedules of drug A or placebo.", "2:2:2:1"),
    ],
)
def test_allocation_ratio(text: str, ratio: str) -> None:
    _, r = record(text)
    assert r.allocation_ratio is not None and r.allocation_ratio.value == ratio


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("A total of 518 patients underwent randomization.", 518),
        ("The trial randomly assigned 1,204 patients to two groups.", 1204),
        ("In total, 640 patients were randomized in this phase 3 trial.", 640),
        ("This randomized phase II study enrolled 198 patients with cancer.", 198),
    ],
)
def test_randomized_count(text: str, n: int) -> None:
    _, r = record(text)
    assert r.randomized_count is not None and r.randomized_count.value == n


def test_counts_listed_per_arm_are_not_the_total() -> None:
    _, r = record(
        "In this randomized phase 2 trial, 136 and 62 patients were randomly assigned to drug A plus letrozole "
        "or letrozole alone, respectively."
    )
    assert r.randomized_count is None or r.randomized_count.value == 198


def test_phase_features_sites_countries_followup_and_period() -> None:
    _, r = record(
        "This international, randomized, double-blind, placebo-controlled, phase III study was conducted at "
        "211 sites in 24 countries. Between June 2019 and August 2021, patients enrolled. "
        "At a median follow-up of 2.5 years, the trial continued."
    )
    assert r.phase is not None and r.phase.value == "3"
    assert {v.value for v in r.design_features} == {"international", "randomized", "double-blind", "placebo-controlled"}
    assert r.site_count is not None and r.site_count.value == 211
    assert r.country_count is not None and r.country_count.value == 24
    assert r.median_follow_up_months is not None and r.median_follow_up_months.value == 30.0
    assert r.enrollment_start is not None and r.enrollment_start.value == "2019-06"
    assert r.enrollment_end is not None and r.enrollment_end.value == "2021-08"


def test_stratification_factors_with_abbreviation_expansion() -> None:
    _, r = record(
        "Patients received endocrine therapy (ET). Stratification factors were previous ET and visceral involvement."
    )
    assert [v.value for v in r.stratification_factors] == ["previous endocrine therapy", "visceral involvement"]
    _, r = record(
        "Randomization was stratified by region, prior chemotherapy (yes or no), and single or dual blockade."
    )
    assert [v.value for v in r.stratification_factors] == [
        "region",
        "prior chemotherapy (yes or no)",
        "single or dual blockade",
    ]


def test_randomized_counts_in_more_wordings_and_numbers_in_words_read_whole() -> None:
    for text, n in [
        ("Across 40 centres we randomly assigned 812 adult asthmatic patients to A or placebo.", 812),
        ("Of those screened, 1304 women joined the study and were randomly assigned to A or B.", 1304),
        ("This randomised, double-blind ORCA-3 trial of 566 participants tested A against B.", 566),
        ("Patients (n = 431) were randomized 1:1 to A or placebo.", 431),
        ("561 participants (all ambulatory) were randomized in two strata to A or B.", 561),
        ("Seven hundred eighteen patients were randomly assigned.", 718),
    ]:
        _, r = record(text)
        assert (r.randomized_count.value if r.randomized_count else None) == n, text


def test_a_trial_whose_patients_were_randomized_to_placebo_is_randomized_and_placebo_controlled() -> None:
    _, r = record("Patients were randomized 1:1 to tucatinib plus trastuzumab or placebo plus trastuzumab.")
    assert {v.value for v in r.design_features} >= {"randomized", "placebo-controlled"}


def test_patients_randomized_but_not_treated_are_not_the_trials_number() -> None:
    _, r = record("Three patients were randomized but not treated. A total of 937 patients were randomly assigned.")
    assert r.randomized_count is not None and r.randomized_count.value == 937


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Sixty-one adults were enrolled and randomly assigned to drug A or placebo.", 61),
        ("Efficacy was assessed in 3108 randomized pts over two years.", 3108),
        ("Safety data cover all participants (n=912 randomized).", 912),
        ("Tables describe the randomized participants (N=2210) by site.", 2210),
        ("In total 804 participants randomized 2:1 contributed data.", 804),
        ("After screening, 618 were randomized.", 618),
        ("Adults (n = 1,276) who met the criteria were randomized to A or B.", 1276),
        ("Sites are randomizing eligible adults (N=702) to A or B.", 702),
        ("This randomized open-label study of drug A against drug B in 14,035 adults ran for two years.", 14035),
        ("Overall, 401 participants were enrolled and randomized.", 401),
    ],
)
def test_randomized_count_in_further_wordings(text: str, n: int) -> None:
    _, r = record(text)
    assert r.randomized_count is not None and r.randomized_count.value == n


@pytest.mark.parametrize(
    "text",
    [
        # one arm's number: the other arm's follows
        "Of these, 150 patients were randomized to drug A and 148 patients to drug B.",
        # a group randomized to an arm, not the trial
        "Of these, 75 were randomized to placebo.",
    ],
)
def test_one_arms_number_is_not_the_trials(text: str) -> None:
    _, r = record("In this randomized trial, " + text[0].lower() + text[1:])
    assert r.randomized_count is None


def test_enrollment_of_a_registry_record_in_text_and_its_design() -> None:
    # the record's field lines (a label, its value on the next line) are kept, not dropped as a menu
    _, r = record(
        "A randomized, double-blind study of drug A in adults with gout.\nStudy Type\nINTERVENTIONAL\n"
        "Allocation\nRANDOMIZED\nMasking\nDOUBLE\nEnrollment\n312\nDrug A 20 mg orally once daily\n"
    )
    assert r.randomized_count is not None and r.randomized_count.value == 312
    _, r = record(
        "A randomized study of drug A.\nStudy Type : | Interventional |\nActual Enrollment : | 86 participants |\n"
    )
    assert r.randomized_count is not None and r.randomized_count.value == 86


def test_we_randomized_and_a_participle_make_a_trial_randomized() -> None:
    for text in (
        "Across Africa we randomized adults to A or B.",
        "Volunteers, randomized to receive drug A or placebo, were followed for a year.",
    ):
        _, r = record(text)
        assert "randomized" in {v.value for v in r.design_features}, text


def test_the_phase_of_this_trial_not_of_one_the_background_cites() -> None:
    _, r = record("Drug A was active in a phase 1 study. This randomized phase 3 trial compared drug A with docetaxel.")
    assert r.phase is not None and r.phase.value == "3"
    _, r = record("This phase 2 trial enrolled adults. A phase 3 trial is planned.")
    assert r.phase is not None and r.phase.value == "2"


@pytest.mark.parametrize(
    "text",
    [
        # the background's earlier trial first, then the report names its own trial
        "Drug A showed activity with chemotherapy in a phase Ib trial. Here, we report the results of ORBIT-3 "
        "(NCT01234567), a randomized, double-blind phase III trial of drug A.",
        "Drug A showed activity in a phase 1 trial. ORBIT-3 (NCT01234567) is a randomized, double-blind phase 3 "
        "study of drug A.",
    ],
)
def test_the_phase_of_the_trial_the_report_names_replaces_an_earlier_trials(text: str) -> None:
    _, r = record(text)
    assert r.phase is not None and r.phase.value == "3"
