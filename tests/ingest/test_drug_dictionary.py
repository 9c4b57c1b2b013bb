"""Exact lookups in the packaged drug dictionary give what the package's own exact matching gives
(pairs of words first, a word of a matched pair not looked up alone, case-insensitive), without
importing the package."""

from __future__ import annotations

import subprocess
import sys

import pytest
from trialkg.ingest.drug_dictionary import lookup

SENTENCES = [
    "Palbociclib plus letrozole versus placebo plus letrozole",
    "IBRANCE and Trastuzumab deruxtecan in HER2-low disease",
    "trastuzumab deruxtecan deruxtecan trastuzumab",
    "fulvestrant with or without abemaciclib after an aromatase inhibitor",
    "tamoxifen",
    "",
    "no drug named here at all",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_matches_as_the_package(sentence: str) -> None:
    from drug_named_entity_recognition import find_drugs

    words = sentence.split()
    expected = [
        (data.get("name"), data.get("drugbank_id"), data.get("mesh_id"), i, j) for data, i, j in find_drugs(words)
    ]
    got = [(data.get("name"), data.get("drugbank_id"), data.get("mesh_id"), i, j) for data, i, j in lookup(words)]
    assert got == expected


def test_pairs_come_first_and_their_words_are_not_matched_alone() -> None:
    hits = lookup(["Trastuzumab", "deruxtecan", "then", "trastuzumab"])
    assert [(d["name"], i, j) for d, i, j in hits] == [("Trastuzumab deruxtecan", 0, 2), ("Trastuzumab", 3, 4)]


def test_reading_the_dictionary_does_not_import_the_package() -> None:
    code = (
        "import sys; from trialkg.ingest.drug_dictionary import lookup; "
        "assert lookup(['palbociclib'])[0][0]['drugbank_id'] == 'DB09073'; "
        "assert 'drug_named_entity_recognition' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
