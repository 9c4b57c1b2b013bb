"""Sentences that broke rules of the real-document round (each found in review): the values stay on their arms."""

from trialkg.tests.helpers import record

TWO = "Patients were randomly assigned to nivolumab or docetaxel. "


def results(text: str) -> list[tuple[str, float]]:
    _, r = record(text)
    return sorted((x.arm, x.value.value) for x in r.arm_results)


def test_a_list_of_values_each_after_its_arm() -> None:
    assert results(TWO + "Median OS was 12.2 months with nivolumab, 9.4 months with docetaxel.") == [
        ("DB01248", 9.4),
        ("DB09035", 12.2),
    ]


def test_a_population_abbreviation_keeps_the_endpoint_of_the_sentence_before() -> None:
    text = (
        TWO + "Analyses used the intention-to-treat (ITT) population. Progression-free survival was improved. In the "
        "ITT population, the median was 11.2 months with nivolumab versus 8.1 months with docetaxel."
    )
    assert results(text) == [("DB01248", 8.1), ("DB09035", 11.2)]


def test_a_trial_of_a_biomarker_selected_population_keeps_its_results() -> None:
    text = (
        TWO + "In this trial of patients with PD-L1 TPS >=50%, median PFS was 10.3 months with nivolumab versus "
        "6.0 months with docetaxel."
    )
    assert results(text) == [("DB01248", 6.0), ("DB09035", 10.3)]


def test_counts_and_phases_of_other_trials_and_arms() -> None:
    _, r = record("In total, 834 patients were randomized to pembrolizumab or placebo and 802 were treated.")
    assert r.randomized_count is not None and r.randomized_count.value == 834
    _, r = record("In a randomized study of 1,200 patients with heart failure, drug Y reduced deaths.")
    assert r.randomized_count is None
    _, r = record(
        "Drug A was active in a phase 1 trial. Our earlier phase 2 study was small. In this randomized phase 3 trial, A was compared with B."
    )
    assert r.phase is not None and r.phase.value == "3"


def test_names_that_are_no_drugs_or_no_trial_names() -> None:
    _, r = record("Budesonide (BID) or placebo BID was given for 12 weeks.")
    assert [d.value.label for d in r.drugs_mentioned] == ["Budesonide"]
    _, r = record("The phase 3 KRAS CodeBreaK 200 trial randomized 345 patients.")
    assert r.acronyms and r.acronyms[0].value == "CodeBreaK 200"
    _, r = record("JCOG1507, a randomized phase 3 trial of adjuvant therapy, enrolled 300 patients.")
    assert r.drugs_mentioned == []


def test_no_condition_from_an_adverse_event_sentence() -> None:
    _, r = record(
        TWO + "Among patients with febrile neutropenia, antibiotics were given. Discontinuation was frequent in "
        "patients with febrile neutropenia."
    )
    assert r.condition is None


def test_the_experimental_drug_is_no_comparator() -> None:
    _, r = record(
        "Patients were randomly assigned to upadacitinib, adalimumab, or placebo. Compared with the reference arm, "
        "upadacitinib improved ACR20 response."
    )
    assert {a.key: a.role for a in r.arms}["DB15091"] == "experimental"
