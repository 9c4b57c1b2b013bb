"""Subgroup phrases and their keys: one key for every writing of one cut, other cuts and traits apart."""

import pytest
from trialkg.ingest.subgroups import find_subgroups, subgroup_key


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("PD-L1 CPS ≥10", "pd-l1 cps >=10"),
        ("a PD-L1 combined positive score (CPS) of 10 or more", "pd-l1 cps >=10"),
        ("CPS-10", "pd-l1 cps >=10"),
        ("PD-L1 CPS >= 1", "pd-l1 cps >=1"),
        ("tumor proportion score of at least 50%", "pd-l1 tps >=50"),
        ("PD-L1 tumour area positivity score ≥5%", "pd-l1 tap >=5"),
        ("PD-L1 expression <1%", "pd-l1 expression <1"),
        ("PD-L1–negative tumors", "pd-l1 negative"),
        ("MSI-H/dMMR", "dmmr+msi-h"),
        ("centrally confirmed dMMR or MSI-H status", "dmmr+msi-h"),
        ("a high tumor mutational burden", "tmb high"),
        ("KRAS wild-type", "KRAS wild-type"),
        ("EGFR-mutated disease", "EGFR mutant"),
        ("participants aged 75 years or older", "age >=75"),
    ],
)
def test_each_writing_of_a_subgroup_has_its_key(label: str, key: str) -> None:
    assert subgroup_key(label) == key


@pytest.mark.parametrize(
    "label",
    [
        "visceral metastases",
        "ITT population",
        "CPS of 1 or more and CPS of 10 or more",
        "non-MSI-H tumors",
        "patients without EGFR mutations",
        "EGFR mutation-negative disease",
        "PD-L1 CPS ≥1 to <10",
    ],
)
def test_no_key_for_other_traits_or_for_several_subgroups(label: str) -> None:
    assert subgroup_key(label) is None


def test_phrases_are_found_in_order_with_their_span() -> None:
    text = "OS in the CPS ≥1 group and, separately, in patients with a TPS of at least 50% or more."
    found = find_subgroups(text, 100)
    assert [(text[a - 100 : b - 100], k) for a, b, k in found] == [
        ("CPS ≥1", "pd-l1 cps >=1"),
        ("TPS of at least 50% or more", "pd-l1 tps >=50"),
    ]
