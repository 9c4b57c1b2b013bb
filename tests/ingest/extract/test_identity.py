"""Trial identity: NCT ids and acronyms (not from reference lists, not common abbreviations)."""

import pytest
from trialkg.tests.helpers import record


def test_nct_and_acronym_variants() -> None:
    _, r = record("Results from the phase 3 ORCHID-4 trial (NCT04000001) were presented. ORCHID-4 enrolled women.")
    assert [v.value for v in r.nct_ids] == ["NCT04000001"]
    assert r.acronyms[0].value == "ORCHID-4"


def test_acronym_from_clinicaltrials_sentence_and_title_suffix() -> None:
    _, r = record(
        "Drug A for Disease B: ALPHA Trial\nAbstract\n(Funded by X; BETA-1 ClinicalTrials.gov number, NCT00000001.)"
    )
    assert {v.value for v in r.acronyms} == {"ALPHA", "BETA-1"}


def test_references_and_abbreviations_are_not_trials() -> None:
    _, r = record(
        "The HER2 trial design was new.\nReferences\n1. Doe J. The MONALEESA-2 trial. N Engl J Med. 2016;375:1738-48."
    )
    assert r.acronyms == []
    assert r.nct_ids == []


def test_acronym_in_any_position_of_the_design_sentence() -> None:
    for text, name in (
        ("In a phase II trial (ORBIT-2), women were randomly assigned to two doses.", "ORBIT-2"),
        ("This was a randomized, open-label trial [KESTREL-12] in 600 patients.", "KESTREL-12"),
        ("Results from the primary analysis of the HALO-Lung03 phase 2 trial were presented.", "HALO-Lung03"),
        ("The phase 3 TERN-410 randomized, controlled trial enrolled 700 patients.", "TERN-410"),
        ("The company reported results of the Phase 2b 'Z-FLEX' clinical trial of its drug.", "Z-FLEX"),
        ("Head and neck cancer: OSPREY, a randomized, open-label phase III study.", "OSPREY"),
        ("MarinER 300 is a multicenter, open-label, randomized, active-controlled trial.", "MarinER 300"),
        ("Preliminary results from a Phase 2 clinical trial, CORVID, assessing drug A were shown.", "CORVID"),
        ("Efficacy of drug A for migraine (SUMMIT; NCT01234567) in adults.", "SUMMIT"),
        ("Patients were enrolled by the PrefNow Study Group at 40 sites.", "PrefNow"),
        ("A Study of Drug A in Advanced Gastric Cancer (LANTERN-07)\nBrief summary: a randomized trial.", "LANTERN-07"),
    ):
        _, r = record(text)
        assert [v.value for v in r.acronyms] == [name], text
        a = r.acronyms[0]
        assert a.mention.quote == name


def test_an_abbreviation_in_brackets_is_not_a_trial_name() -> None:
    for text in (
        "Head and neck squamous cell carcinoma (HNSCC)\nPatients received drug A.",
        "Patients were randomized to drug A or placebo in the STRIDE arm (single dose).",
        "A phase 3 HER2-positive randomized trial enrolled 500 women.",
    ):
        _, r = record(text)
        assert r.acronyms == [], (text, r.acronyms)


def test_acronym_closing_the_title() -> None:
    for title, name in (
        ("Drug A for psoriatic arthritis refractory to biologics: HALCYON-Ps 2", "HALCYON-Ps 2"),
        ("The Effect of Drug A on Overall Survival in Advanced Disease—ZENITH 3", "ZENITH 3"),
    ):
        _, r = record("Skip to main content\n" + title + "\nAbstract\nPatients were randomized to drug A or placebo.")
        assert [v.value for v in r.acronyms] == [name], title


def test_a_name_of_several_capital_words_is_kept_whole() -> None:
    for text, name in (
        ("Data from the phase III ALDER CRC trial were reported.", "ALDER CRC"),
        ("Results of the SOLACE PEARL 2 trial were reported.", "SOLACE PEARL 2"),
        ("The NSCLC ORCHID-4 trial randomized 900 patients.", "ORCHID-4"),  # a disease's abbreviation before it
    ):
        _, r = record(text)
        assert r.acronyms and r.acronyms[0].value == name, text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The trial, called HARBOR, enrolled 500 adults with obesity.", "HARBOR"),
        ("A phase 3 study known as BEACON-9 tested drug A.", "BEACON-9"),
        ("Topline data from Study 303 of drug A were positive.", "Study 303"),
        ("The LUMINaire-HF study of drug A met its primary endpoint.", "LUMINaire-HF"),
        ("The company announced results from GLIDE 2, in which drug A lowered weight.", "GLIDE 2"),
        ("Drug A lowered weight versus placebo, according to SUMMIT-SLEEP results.", "SUMMIT-SLEEP"),
        ("The phase III ORBIT Outcomes trial tested drug A in 9,000 patients.", "ORBIT Outcomes"),
    ],
)
def test_a_trial_named_in_the_wordings_of_news(text: str, name: str) -> None:
    _, r = record(text)
    assert [a.value for a in r.acronyms] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 results were reported by the health ministry.",
        "Study 302 patients were followed for a year.",
        "The HbA1c results were similar. The ORBIT Phase trial is planned.",
    ],
)
def test_no_trial_name_from_a_disease_a_count_or_a_design_word(text: str) -> None:
    _, r = record(text)
    assert r.acronyms == []
