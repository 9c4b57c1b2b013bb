"""Trial identity: NCT ids and acronyms (not from reference lists, not common abbreviations)."""

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
