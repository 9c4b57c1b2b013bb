"""Drug mentions: dictionary names that are ordinary phrases of trial text are not drugs."""

from __future__ import annotations

import pytest
from trialkg.ingest.lexicon import find_drugs


def test_a_dose_after_at_is_not_a_drug_synonym() -> None:
    text = "Patients received tepotinib at 10 mg or at 20 mg daily."
    assert [(text[a:b], r.label) for a, b, r in find_drugs(text)] == [("tepotinib", "Tepotinib")]


def test_drugs_joined_by_a_hyphen_are_each_found() -> None:
    from trialkg.ingest.lexicon import find_drugs

    text = "randomized to gemcitabine-cisplatin or pembrolizumab-chemotherapy; well-tolerated; anti-PD-1"
    assert [(text[a:b], r.label) for a, b, r in find_drugs(text)] == [
        ("gemcitabine", "Gemcitabine"),
        ("cisplatin", "Cisplatin"),
        ("pembrolizumab", "Pembrolizumab"),
    ]


def test_a_biologic_suffix_does_not_hide_the_drug() -> None:
    hits = find_drugs("trastuzumab-anns and polatuzumab vedotin-piiq, not a nivolumab-only arm")
    assert [(h[0], h[1], h[2].label) for h in hits] == [(0, 11, "Trastuzumab"), (21, 40, "Polatuzumab vedotin")]


def test_a_drug_the_name_table_lacks_under_its_own_name_is_found() -> None:
    # the offline dictionary lists nicotine only under its salts' names
    assert [r.drugbank_id for _, _, r in find_drugs("smokers chose nicotine gum")] == ["DB00184"]


def test_a_product_name_without_a_drug_entry_leaves_its_drug_to_be_found() -> None:
    hits = find_drugs("a transdermal nicotine patch or varenicline")
    assert [(r.drugbank_id, a, b) for a, b, r in hits] == [("DB00184", 14, 22), ("DB01273", 32, 43)]


@pytest.mark.parametrize(
    ("text", "drugbank_id"),
    [("oral oestradiol", "DB13956"), ("faecal microbiota from one donor", "DB17743")],
)
def test_british_spellings_find_the_drug_of_the_american_name(text: str, drugbank_id: str) -> None:
    assert [r.drugbank_id for _, _, r in find_drugs(text)] == [drugbank_id]
