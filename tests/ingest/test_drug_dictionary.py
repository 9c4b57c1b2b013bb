"""Exact lookups in the packaged drug dictionary give what the package's own exact matching gives
(pairs of words first, a word of a matched pair not looked up alone, case-insensitive), without
importing the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_a_table_of_another_layout_is_named_in_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bz2
    import pickle

    from trialkg.ingest import drug_dictionary

    odd = tmp_path / "drug_ner_dictionary.pkl.bz2"
    odd.write_bytes(bz2.compress(pickle.dumps({"some_other_key": {}})))
    monkeypatch.setattr(drug_dictionary, "table_path", lambda: odd)
    drug_dictionary.tables.cache_clear()
    try:
        with pytest.raises(
            RuntimeError, match=r"cannot read the drug dictionary .*drug_ner_dictionary\.pkl\.bz2.*KeyError"
        ):
            drug_dictionary.tables()
    finally:
        drug_dictionary.tables.cache_clear()
