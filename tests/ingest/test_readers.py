"""Readers: text and HTML give normalized documents with metadata, sections and stable ids; bad
files are rejected with a reason."""

import pkgutil

import pytest
import trialkg.ingest.readers as readers_pkg
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.readers import READERS, reader_for
from trialkg.tests.helpers import FIXTURES, doc


def test_every_reader_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(readers_pkg.__path__) if not m.name.startswith("_")}
    assert modules == {m for names in READERS.values() for m in names}


def test_text_metadata_from_a_structured_abstract() -> None:
    path = FIXTURES / "abstract_placebo.txt"
    d = reader_for(path)(path.read_bytes(), str(path))
    assert d.metadata.journal == "The Lancet Oncology"
    assert d.metadata.date == "2024-03-05"
    assert d.metadata.doi == "10.1016/S1470-2045(24)00001-1"
    assert d.metadata.source_type == "journal-abstract"
    assert d.source_key == "doi/10.1016/s1470-2045(24)00001-1"
    kinds = [s.kind for s in d.sections]
    assert kinds[-4:] == ["background", "methods", "results", "conclusions"]


def test_news_text_drops_furniture_and_detects_type_and_date() -> None:
    path = FIXTURES / "news_second_line.txt"
    d = reader_for(path)(path.read_bytes(), str(path))
    assert d.metadata.source_type == "news"
    assert d.metadata.date == "2025-03-03"
    assert d.metadata.title == "Abemaciclib Doubles PFS in Second-Line HR+/HER2- Breast Cancer"
    for furniture in ("Cardiology", "Reviewed by", "newsletter", "jane@example.org"):
        assert furniture not in d.text
    assert d.source_key.startswith("sha256/")


def test_html_main_text_and_meta_tags() -> None:
    path = FIXTURES / "page.html"
    d = reader_for(path)(path.read_bytes(), str(path))
    assert d.metadata.doi == "10.1200/JCO.25.00042"
    assert d.metadata.journal == "Journal of Clinical Oncology"
    assert d.metadata.date == "2025-05-14"
    assert "SOLACE trial (NCT05555555)" in d.text
    assert "Cardiology" not in d.text and "All rights reserved" not in d.text


def test_html_reads_the_same_however_often_one_process_reads_it() -> None:
    """The same page read many times in one process (a worker, the endpoint, a re-ingest) gives the
    same document: nothing read before changes what is kept."""
    path = FIXTURES / "page.html"
    first = reader_for(path)(path.read_bytes(), str(path)).text
    assert "Cardiology" not in first
    for _ in range(5):
        assert reader_for(path)(path.read_bytes(), str(path)).text == first


def test_source_key_is_stable_and_content_based_without_ids() -> None:
    a = doc("Some text about a randomized trial of drug Y in 40 patients.")
    b = doc("Some text about a randomized trial of drug Y in 40 patients.")
    assert a.source_key == b.source_key and a.source_key.startswith("sha256/")


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\t\n", "blank.txt", "empty"),
        (b"\x00\x01\x02binary\x00data" * 10, "blob.txt", "binary"),
        ("Ein Versuch mit Übelkeit und Präparat".encode("latin-1"), "latin1.txt", "not valid UTF-8"),
        (b"<html><body><div></div></body></html>", "empty.html", "malformed or empty HTML"),
        (b"x", "doc.pdf", "unsupported file type"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(data: bytes, name: str, reason: str) -> None:
    with pytest.raises(RejectedDocument, match=reason):
        reader_for(name)(data, name)
