"""Adverse events by term, grade and arm: grade lists with "respectively", nested lists, labelled
groups, attribution phrases, counts in words."""

from trialkg.ingest.records import TrialRecord
from trialkg.tests.helpers import FIXTURES, record

ARMS = "Patients were randomly assigned to receive letrozole with or without palbociclib. "


def aes(r: TrialRecord) -> set[tuple[object, ...]]:
    return {
        (a.arm, a.term, a.grade, a.percent.value if a.percent else None, a.count.value if a.count else None)
        for a in r.adverse_events
    }


def test_grade_list_respectively_per_arm() -> None:
    _, r = record(
        ARMS + "Grade 3 and 4 adverse events, predominantly from neutropenia, occurred in 79.7% and 10.0% of "
        "the patients, respectively, in the palbociclib group, as compared with 30.6% and 3.6% of the "
        "patients, respectively, in the standard-therapy group."
    )
    assert aes(r) == {
        ("DB09073", "any-adverse-event", "3", 79.7, None),
        ("DB09073", "any-adverse-event", "4", 10.0, None),
        ("control", "any-adverse-event", "3", 30.6, None),
        ("control", "any-adverse-event", "4", 3.6, None),
    }


def test_nested_respectively_grades_by_arms() -> None:
    _, r = record(
        ARMS + "Grade 3 and 4 adverse events, mainly from neutropenia, occurred in 79.7 and 10.0 percent and "
        "30.6 and 3.6 percent of patients, respectively, in the palbociclib and standard therapy groups."
    )
    assert aes(r) == {
        ("DB09073", "any-adverse-event", "3", 79.7, None),
        ("DB09073", "any-adverse-event", "4", 10.0, None),
        ("control", "any-adverse-event", "3", 30.6, None),
        ("control", "any-adverse-event", "4", 3.6, None),
    }


def test_labelled_grade_groups_and_or_higher() -> None:
    _, r = record(
        ARMS + "Grade 2 or higher fatigue was reported in 22.2% of the palbociclib group vs 12.9% of the "
        "standard therapy group. Diarrhea of any grade was more common with palbociclib (grade 2, 27.6% vs "
        "10.9%; grade 3, 9.6% vs 1.2%)."
    )
    assert aes(r) == {
        ("DB09073", "fatigue", ">=2", 22.2, None),
        ("control", "fatigue", ">=2", 12.9, None),
        ("DB09073", "diarrhea", "2", 27.6, None),
        ("control", "diarrhea", "2", 10.9, None),
        ("DB09073", "diarrhea", "3", 9.6, None),
        ("control", "diarrhea", "3", 1.2, None),
    }


def test_respectively_in_a_later_clause_and_counts_in_words() -> None:
    _, r = record(
        ARMS + "Grade 3 neutropenia occurred in 55.9% of the palbociclib group vs 2.0% of the standard therapy "
        "group, and grade 4 neutropenia was reported in 4.6% and 0%, respectively. Two patients in the "
        "palbociclib group experienced febrile neutropenia."
    )
    assert aes(r) == {
        ("DB09073", "neutropenia", "3", 55.9, None),
        ("control", "neutropenia", "3", 2.0, None),
        ("DB09073", "neutropenia", "4", 4.6, None),
        ("control", "neutropenia", "4", 0.0, None),
        ("DB09073", "febrile-neutropenia", "any", None, 2),
    }


def test_one_arm_named_then_v() -> None:
    _, r = record(
        ARMS + "Grade ≥3 treatment-emergent adverse events were higher with palbociclib plus letrozole "
        "(47.4% v 10.0%), without new safety signals."
    )
    assert aes(r) == {
        ("DB09073", "treatment-emergent-adverse-event", ">=3", 47.4, None),
        ("control", "treatment-emergent-adverse-event", ">=3", 10.0, None),
    }


def test_discontinuations_are_not_adverse_event_rates() -> None:
    _, r = record(ARMS + "AEs led to the discontinuation of palbociclib in 18.0% of patients.")
    assert aes(r) == set()
    assert [(f.arm, f.fact, f.percent and f.percent.value) for f in r.arm_facts] == [
        ("DB09073", "discontinuation due to adverse events", 18.0)
    ]


def test_several_terms_each_with_its_pair() -> None:
    _, r = record((FIXTURES / "abstract_placebo.txt").read_text())
    assert aes(r) == {
        ("DB11730", "neutropenia", "3-4", 55.2, None),
        ("control", "neutropenia", "3-4", 1.3, None),
        ("DB11730", "leukopenia", "3-4", 19.9, None),
        ("control", "leukopenia", "3-4", 0.9, None),
    }


def test_roman_numeral_grades() -> None:
    _, r = record(
        ARMS + "Stomatitis of grade III/IV occurred in 25% of the palbociclib group and 3% of the standard therapy "
        "group."
    )
    assert aes(r) == {("DB09073", "stomatitis", "3-4", 25.0, None), ("control", "stomatitis", "3-4", 3.0, None)}


def test_common_adverse_event_terms_outside_oncology() -> None:
    _, r = record(
        "Adults were randomly assigned to receive semaglutide or placebo. The most common adverse events with "
        "semaglutide versus placebo were dyspepsia (19% vs 8%), dizziness (12% vs 5%) and symptomatic hypotension "
        "(3.6% vs 2.2%); immune-related adverse events were rare."
    )
    got = {(a.arm, a.term, a.grade, a.percent.value if a.percent else None) for a in r.adverse_events}
    assert got == {
        ("DB13928", "dyspepsia", "any", 19.0),
        ("control", "dyspepsia", "any", 8.0),
        ("DB13928", "dizziness", "any", 12.0),
        ("control", "dizziness", "any", 5.0),
        ("DB13928", "hypotension", "any", 3.6),
        ("control", "hypotension", "any", 2.2),
    }


def test_a_grade_on_one_line_does_not_reach_the_next() -> None:
    _, r = record(
        "Adults were randomly assigned to receive semaglutide or placebo.\nSafety\n"
        "Grade >=3 AE with semaglutide vs placebo: 44.6% vs 42.9%\nSerious AEs: 19.1% vs 10.5%"
    )
    got = {(a.arm, a.term, a.grade, a.percent.value if a.percent else None) for a in r.adverse_events}
    assert ("DB13928", "serious-adverse-event", "any", 19.1) in got
    assert not any(t == "serious-adverse-event" and g != "any" for _, t, g, _ in got)


def test_a_list_of_terms_keeps_the_pair_order_into_its_last_clause() -> None:
    _, r = record(
        ARMS + "The most common adverse events in the palbociclib group were nausea (22 percent vs 9 percent), "
        "gastro-oesophageal reflux disease (7 percent vs 1 percent), and diarrhoea (6 percent vs 4 percent)."
    )
    assert aes(r) == {
        ("DB09073", "nausea", "any", 22.0, None),
        ("control", "nausea", "any", 9.0, None),
        ("DB09073", "gastroesophageal-reflux-disease", "any", 7.0, None),
        ("control", "gastroesophageal-reflux-disease", "any", 1.0, None),
        ("DB09073", "diarrhea", "any", 6.0, None),
        ("control", "diarrhea", "any", 4.0, None),
    }


def test_discontinuations_are_a_term_and_a_term_with_its_grade_goes_on_into_the_next_clause() -> None:
    _, r = record(
        ARMS + "Grade 3 or 4 treatment-related adverse events occurred in 41% of patients in the palbociclib "
        "group and 22% in the letrozole-alone group. Adverse events leading to discontinuation occurred in 9% "
        "of patients in the palbociclib group and 4% in the letrozole-alone group."
    )
    assert aes(r) == {
        ("DB09073", "treatment-related-adverse-event", "3-4", 41.0, None),
        ("control", "treatment-related-adverse-event", "3-4", 22.0, None),
        ("DB09073", "ae-leading-to-discontinuation", "any", 9.0, None),
        ("control", "ae-leading-to-discontinuation", "any", 4.0, None),
    }


def test_label_value_pairs_of_dose_levels() -> None:
    _, r = record(
        "Participants were randomized to tirzepatide 5 mg, 10 mg, or 15 mg once weekly. The most frequent "
        "event over 40 weeks was vomiting (5 mg, 6.2%; 10 mg, 8.8%; 15 mg, 10.1%)."
    )
    label = {a.key: a.label.value for a in r.arms}
    assert "control" not in label  # "5 mg" alone is a dose level, not a control
    assert {(label[a.arm], a.term, a.percent.value if a.percent else None) for a in r.adverse_events} == {
        ("Tirzepatide 5 mg", "vomiting", 6.2),
        ("Tirzepatide 10 mg", "vomiting", 8.8),
        ("Tirzepatide 15 mg", "vomiting", 10.1),
    }


def test_a_value_after_a_drug_given_at_two_doses_is_no_other_arms() -> None:
    # the drug's name tells neither dose arm apart: its value belongs to no arm, and not to the placebo
    # named after it; placebo's own value stays placebo's
    _, r = record(
        "Patients were randomly assigned to drug tocilizumab 4 mg/kg, tocilizumab 8 mg/kg, or placebo. "
        "Rates of nausea were tocilizumab 41% and placebo 12%."
    )
    assert aes(r) == {("control", "nausea", "any", 12.0, None)}


def test_a_grade_that_heads_a_list_of_terms_reaches_its_last_item() -> None:
    _, r = record(
        ARMS + "Grade 3 or higher events, for palbociclib versus letrozole alone, were nausea (12% vs 5%), "
        "fatigue (8% vs 6%), and neutropenia (66% vs 2%)."
    )
    assert {(a.arm, a.term, a.grade, a.percent.value if a.percent else None) for a in r.adverse_events} >= {
        ("DB09073", "neutropenia", ">=3", 66.0),
        ("control", "neutropenia", ">=3", 2.0),
    }


def test_parallel_pairs_in_brackets_take_the_arms_the_clause_names_once() -> None:
    _, r = record(
        ARMS + "Both diarrhea (11.2% vs 4.1%) and nausea (9.8% vs 3.0%) occurred more often with palbociclib."
    )
    assert {(a.arm, a.term, a.percent.value if a.percent else None) for a in r.adverse_events} == {
        ("DB09073", "diarrhea", 11.2),
        ("control", "diarrhea", 4.1),
        ("DB09073", "nausea", 9.8),
        ("control", "nausea", 3.0),
    }


def test_every_item_of_an_attribution_list_is_an_example_not_the_term() -> None:
    # "such as" names examples of the discontinuations, even past a first item the vocabulary lacks
    _, r = record(
        "Adults were randomized to placebo or lacosamide at 50 mg or 100 mg daily. Discontinuation due to "
        "adverse events such as diplopia, dizziness, somnolence and vertigo occurred in 4% of controls versus "
        "9% with 50 mg and 15% with 100 mg lacosamide."
    )
    assert aes(r) == {
        ("control", "ae-leading-to-discontinuation", "any", 4.0, None),
        ("DB06218@50mg", "ae-leading-to-discontinuation", "any", 9.0, None),
        ("DB06218@100mg", "ae-leading-to-discontinuation", "any", 15.0, None),
    }


def test_a_bracketed_pair_after_an_unknown_name_takes_no_later_term() -> None:
    _, r = record(
        "Adults were randomized to lacosamide or placebo. Hyponatraemia (12% vs 5%), fatigue (20% vs 10%) "
        "and nausea (8% vs 3%) were reported."
    )
    assert aes(r) == {
        ("DB06218", "fatigue", "any", 20.0, None),
        ("control", "fatigue", "any", 10.0, None),
        ("DB06218", "nausea", "any", 8.0, None),
        ("control", "nausea", "any", 3.0, None),
    }


def test_a_short_name_in_brackets_is_the_term_before_it_and_singular_names_of_terms() -> None:
    _, r = record(
        "Patients were randomized to doravirine or placebo. Rates of drug-related adverse events (AEs) (17.6%, "
        "6.9%) and discontinuation due to AEs (2.2%, 0.4%) were higher with doravirine. Immune-mediated AE "
        "incidence was 21.1% vs 7.3%."
    )
    assert aes(r) == {
        ("DB12301", "treatment-related-adverse-event", "any", 17.6, None),
        ("control", "treatment-related-adverse-event", "any", 6.9, None),
        ("DB12301", "ae-leading-to-discontinuation", "any", 2.2, None),
        ("control", "ae-leading-to-discontinuation", "any", 0.4, None),
        ("DB12301", "immune-mediated-adverse-event", "any", 21.1, None),
        ("control", "immune-mediated-adverse-event", "any", 7.3, None),
    }


def test_three_values_then_the_three_groups_they_belong_to() -> None:
    # no "respectively", and the list of groups ends ", and C groups": one clause, values in the groups' order
    _, r = record(
        "Patients were randomized to nivolumab, nivolumab plus ipilimumab, or ipilimumab. Grade 3-4 "
        "drug-related adverse events occurred in 12.2%, 49.0%, and 23.3% of patients in the nivolumab, "
        "nivolumab plus ipilimumab, and ipilimumab groups. Median progression-free survival was 5.9 months, "
        "10.5 months, and 3.1 months in the nivolumab, nivolumab plus ipilimumab, and ipilimumab groups."
    )
    assert aes(r) == {
        ("DB09035", "treatment-related-adverse-event", "3-4", 12.2, None),
        ("DB06186+DB09035", "treatment-related-adverse-event", "3-4", 49.0, None),
        ("DB06186", "treatment-related-adverse-event", "3-4", 23.3, None),
    }
    assert {(x.arm, x.value.value) for x in r.arm_results} == {
        ("DB09035", 5.9),
        ("DB06186+DB09035", 10.5),
        ("DB06186", 3.1),
    }


def test_a_grade_after_a_pair_that_heads_the_next_term_is_not_the_pairs() -> None:
    _, r = record(
        "Patients were randomized to toripalimab or placebo. Immune-related AEs (irAEs) (35.0% vs. 24.5%) and "
        "Grade >=3 irAEs (5.6% vs. 1.2%) were more frequent with toripalimab."
    )
    assert aes(r) == {
        ("DB15043", "immune-mediated-adverse-event", "any", 35.0, None),
        ("control", "immune-mediated-adverse-event", "any", 24.5, None),
        ("DB15043", "immune-mediated-adverse-event", ">=3", 5.6, None),
        ("control", "immune-mediated-adverse-event", ">=3", 1.2, None),
    }


def test_a_hospitalization_for_a_condition_is_an_outcome_not_an_adverse_event() -> None:
    _, r = record(
        "Older adults were allocated in equal numbers to PCV-20 or PPSV-23. Admissions with hospitalization for "
        "lower respiratory tract infection numbered 12 (0.2%) and 30 (0.5%) in the PCV-20 and PPSV-23 groups, "
        "respectively."
    )
    assert aes(r) == set()


def test_a_label_then_its_percent_with_no_colon_and_a_period_number_is_no_value() -> None:
    _, r = record(
        "Adults were randomized (1:1) to nipocalimab 10 mg/kg or placebo. During treatment cycle 2 the adverse "
        "event seen most often was nausea (nipocalimab 21%, placebo 9%)."
    )
    assert aes(r) == {("DB16257", "nausea", "any", 21.0, None), ("control", "nausea", "any", 9.0, None)}
