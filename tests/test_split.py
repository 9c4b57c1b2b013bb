"""trialkg split: PubMed bulk files and ClinicalTrials.gov API pages (plain and gzip) cut into the files
fetch saves, filtered by kind, idempotent, DeleteCitation honoured, bad files named with the others going
on; the records then ingest as fetched records do."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from trialkg.app import split
from trialkg.app.cli import app
from trialkg.app.split import HEADER, article_file, split_file, study_file
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.ingest.readers.ctgov import read as read_ctgov
from trialkg.ingest.readers.pubmed import read
from trialkg.tests.helpers import FIXTURES
from typer.testing import CliRunner

SET = FIXTURES / "pubmed_set.xml"  # PALMIRA (an RCT), a review, a record without a PMID, a book, a deletion


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_each_article_becomes_the_file_fetch_would_save(tmp_path: Path) -> None:
    rep = split_file(SET, tmp_path)
    assert (rep.records, rep.written, rep.unchanged, rep.filtered, rep.skipped, rep.error) == (2, 2, 0, 0, 2, "")
    assert _names(tmp_path) == ["pubmed-40294349.xml", "pubmed-49000002.xml"]
    # each file is one article the PubMed reader reads, with what the bulk file said of it
    doc = read(article_file(tmp_path, "40294349").read_bytes(), "x.xml")
    assert (doc.metadata.pmid, doc.metadata.doi) == ("40294349", "10.1200/JCO-24-01865")
    assert "NCT03809988" in doc.text and "hazard ratio, 0.84" in doc.text
    review = read(article_file(tmp_path, "49000002").read_bytes(), "y.xml")
    assert (
        review.metadata.pmid == "49000002"
        and review.metadata.title is not None
        and "narrative review" in review.metadata.title
    )
    # the article's XML is the bulk file's element as it stood (the same text, attributes, markup)
    original = etree.parse(str(FIXTURES / "pubmed_palmira.xml")).getroot()[0]
    written = etree.fromstring(article_file(tmp_path, "40294349").read_bytes())[0]
    assert etree.tostring(written, with_tail=False) == etree.tostring(original, with_tail=False)


def test_publication_types_filter(tmp_path: Path) -> None:
    rep = split_file(SET, tmp_path / "rct", rct=True)
    assert (rep.written, rep.filtered) == (1, 1)
    assert _names(tmp_path / "rct") == ["pubmed-40294349.xml"]
    by_name = split_file(SET, tmp_path / "name", ["review"])  # a name, any case
    assert (by_name.written, by_name.filtered) == (1, 1)
    assert _names(tmp_path / "name") == ["pubmed-49000002.xml"]
    none = split_file(SET, tmp_path / "none", ["Letter"])
    assert (none.written, none.filtered) == (0, 2)


def test_gzip_gives_the_same_files_and_a_second_pass_changes_nothing(tmp_path: Path) -> None:
    plain = split_file(SET, tmp_path / "plain")
    packed = tmp_path / "pubmed25n0001.xml.gz"
    packed.write_bytes(gzip.compress(SET.read_bytes()))
    rep = split_file(packed, tmp_path / "gz")
    assert rep.written == plain.written == 2
    for name in _names(tmp_path / "plain"):
        assert (tmp_path / "gz" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "gz").iterdir()}
    again = split_file(packed, tmp_path / "gz")
    assert (again.written, again.unchanged) == (0, 2)
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "gz").iterdir()} == before


def test_a_revised_article_is_rewritten_and_a_deletion_removes_its_file(tmp_path: Path) -> None:
    for pmid in ("49000009", "49000002"):
        article_file(tmp_path, pmid).write_bytes(HEADER + b"<PubmedArticle/>\n</PubmedArticleSet>\n")
    rep = split_file(SET, tmp_path)
    assert (rep.written, rep.unchanged, rep.deleted) == (2, 0, 1)  # 49000010 had no file
    assert _names(tmp_path) == ["pubmed-40294349.xml", "pubmed-49000002.xml"]
    assert b"narrative review" in article_file(tmp_path, "49000002").read_bytes()


def test_a_deletion_removes_files_by_pmid_only(tmp_path: Path) -> None:
    """A DeleteCitation's PMID that is not a number names no file (such text could name one outside the
    folder)."""
    for name in ("7", "abc"):
        article_file(tmp_path, name).write_bytes(b"x")
    bulk = tmp_path / "update.xml"
    bulk.write_bytes(
        b"<PubmedArticleSet><DeleteCitation><PMID>abc</PMID><PMID> 7 </PMID></DeleteCitation></PubmedArticleSet>"
    )
    rep = split_file(bulk, tmp_path)
    assert (rep.deleted, rep.error) == (1, "")
    assert _names(tmp_path) == ["pubmed-abc.xml", "update.xml"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary", "malformed XML"),
        (b'<?xml version="1.0"?><article><front/></article>', "no PubmedArticle or DeleteCitation record"),
        (gzip.compress(SET.read_bytes())[:-40], "cannot read"),
    ],
    ids=["empty", "binary", "jats", "cut-gzip"],
)
def test_a_file_that_is_not_pubmed_xml_is_named_with_the_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(data)
    rep = split_file(bad, tmp_path / "out")
    assert rep.error.startswith(f"{bad}: ") and reason in rep.error
    assert rep.written == 0


def test_a_file_cut_mid_article_keeps_the_complete_articles_before_it(tmp_path: Path) -> None:
    text = SET.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(text[: text.index(b"narrative review")])  # inside the second article
    rep = split_file(cut, tmp_path / "out")
    assert "malformed XML" in rep.error and str(cut) in rep.error
    assert (rep.written, _names(tmp_path / "out")) == (1, ["pubmed-40294349.xml"])  # no .part left
    assert read(article_file(tmp_path / "out", "40294349").read_bytes(), "x.xml").metadata.pmid == "40294349"


def test_entities_and_external_dtds_are_not_read(tmp_path: Path) -> None:
    hostile = FIXTURES / "hostile" / "xxe.xml"  # an external entity naming /etc/passwd
    rep = split_file(hostile, tmp_path)
    for p in tmp_path.iterdir():
        assert b"root:" not in p.read_bytes()
    assert (rep.error, rep.written) == ("", 1)  # the article around the entity is written, the entity not read
    bomb = split_file(FIXTURES / "hostile" / "billion_laughs.xml", tmp_path / "bomb")
    assert "malformed XML" in bomb.error and not list((tmp_path / "bomb").iterdir())


# (VmHWM, not ru_maxrss: the latter keeps the forking process's peak across exec)
_PEAK = """
import gzip, sys
from trialkg.app.split import pubmed_records
n = sum(1 for _ in pubmed_records(gzip.open(sys.argv[1]), sys.argv[1]))
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(n, hwm.split()[1])
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from Linux's /proc")
def test_memory_stays_flat_over_a_long_file(tmp_path: Path) -> None:
    """Records are let go as they are read (lxml's tree lives outside Python's heap: the peak resident
    memory of a child process is measured): 20,000 articles (~55 MB of XML) peak within 20 MB of 2,000."""
    body = SET.read_bytes()
    article = body[body.index(b"<PubmedArticle>") : body.index(b"</PubmedArticle>") + len(b"</PubmedArticle>")]
    peaks = []
    for n in (2000, 20000):
        path = tmp_path / f"bulk{n}.xml.gz"
        parts = [article.replace(b">40294349<", f">{41000000 + i}<".encode(), 1) for i in range(n)]
        path.write_bytes(gzip.compress(b"<PubmedArticleSet>\n" + b"\n".join(parts) + b"\n</PubmedArticleSet>\n", 1))
        out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True)
        count, peak_kb = map(int, out.stdout.split())
        assert count == n
        peaks.append(peak_kb)
    assert peaks[1] < peaks[0] + 20_000, peaks


def test_split_articles_ingest_like_the_fetched_record(tmp_path: Path) -> None:
    split_file(SET, tmp_path / "articles", rct=True)
    store = TrialStore(tmp_path / "store")
    report = ingest([tmp_path / "articles"], store, workers=1)
    assert [(d.status, d.trial) for d in report.documents] == [("ingested", "NCT03809988")]
    direct = TrialStore(tmp_path / "direct")
    expected = ingest([FIXTURES / "pubmed_palmira.xml"], direct, workers=1)
    assert report.documents[0].facts == expected.documents[0].facts > 0
    q = "SELECT ?v WHERE { ?e a <https://w3id.org/trialkg/ontology#EffectEstimate> ; <https://w3id.org/trialkg/ontology#value> ?v }"
    assert [r["v"] for r in store.query(q)] == [r["v"] for r in direct.query(q)] != []


def test_cli_reports_each_file_and_fails_on_a_bad_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"not xml")
    result = CliRunner().invoke(app, ["split", str(SET), str(bad), "--rct", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "pubmed_set.xml" in result.output and "bad.xml" in result.output
    assert _names(tmp_path / "out") == ["pubmed-40294349.xml"]
    missing = CliRunner().invoke(app, ["split", str(tmp_path / "nope.xml"), "-o", str(tmp_path / "out")])
    assert missing.exit_code == 2 and "no such file" in missing.output


# ClinicalTrials.gov API v2 pages: built in the tests from ctgov_patina.json (PATINA: randomized, phase 3),
# a single-arm phase 2 copy under another NCT id, and a record without an NCT id
def _page(tmp_path: Path, as_list: bool = False, packed: bool = False) -> Path:
    patina = json.loads((FIXTURES / "ctgov_patina.json").read_text(encoding="utf-8"))
    single = json.loads(json.dumps(patina))
    single["protocolSection"]["identificationModule"]["nctId"] = "NCT09999999"
    single["protocolSection"]["designModule"]["phases"] = ["PHASE2"]
    single["protocolSection"]["designModule"]["designInfo"]["allocation"] = "NA"
    nameless = {"protocolSection": {"identificationModule": {"briefTitle": "no id"}}}
    studies = [patina, single, nameless]
    data = json.dumps(studies if as_list else {"studies": studies, "nextPageToken": "abc"}).encode()
    path = tmp_path / ("page.json.gz" if packed else "page.json")
    path.write_bytes(gzip.compress(data) if packed else data)
    return path


def test_a_registry_page_becomes_the_files_fetch_would_save(tmp_path: Path) -> None:
    rep = split_file(_page(tmp_path), tmp_path / "out")
    assert (rep.records, rep.written, rep.skipped, rep.error) == (2, 2, 1, "")
    assert _names(tmp_path / "out") == ["NCT02947685.json", "NCT09999999.json"]
    # the study file reads as the record fetch saved (the fixture): the same text, tables and registry id
    fixture = read_ctgov((FIXTURES / "ctgov_patina.json").read_bytes(), "a.json")
    written = read_ctgov(study_file(tmp_path / "out", "NCT02947685").read_bytes(), "b.json")
    assert written.text == fixture.text and written.data == fixture.data
    # a JSON list of studies, and gzip, give the same files
    for kind, page in (("list", _page(tmp_path, as_list=True)), ("gz", _page(tmp_path, packed=True))):
        split_file(page, tmp_path / kind)
        for name in _names(tmp_path / "out"):
            assert (tmp_path / kind / name).read_bytes() == (tmp_path / "out" / name).read_bytes()
    assert split_file(_page(tmp_path), tmp_path / "out").unchanged == 2


def test_registry_studies_filtered_by_allocation_type_and_phase(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert (split_file(page, tmp_path / "rct", rct=True).written, _names(tmp_path / "rct")) == (1, ["NCT02947685.json"])
    assert _names(tmp_path / "rct") == ["NCT02947685.json"]
    split_file(page, tmp_path / "p2", ["phase2"])
    assert _names(tmp_path / "p2") == ["NCT09999999.json"]
    both = split_file(page, tmp_path / "both", ["interventional"])
    assert (both.written, both.filtered) == (2, 0)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"studies": [{"protocolSection": ', "malformed JSON (line 1"),
        (b'{"studies": []}', "no ClinicalTrials.gov study record"),
        (b'[{"name": "x"}]', "no ClinicalTrials.gov study record"),
        (b'{"studies": "\xff\xfe"}', "not UTF-8"),
    ],
    ids=["cut", "empty-page", "other-json", "not-utf8"],
)
def test_a_json_file_that_is_no_registry_page_is_named_with_the_reason(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(data)
    rep = split_file(bad, tmp_path / "out")
    assert rep.error.startswith(f"{bad}: ") and reason in rep.error and rep.written == 0


def test_a_registry_page_past_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path)
    monkeypatch.setattr(split, "MAX_PAGE_BYTES", page.stat().st_size - 1)
    rep = split_file(page, tmp_path / "out")
    assert "JSON larger than" in rep.error and "pageSize" in rep.error and rep.written == 0
    monkeypatch.setattr(split, "MAX_PAGE_BYTES", page.stat().st_size)
    assert split_file(page, tmp_path / "out").written == 2


def test_split_studies_ingest_like_the_fetched_record(tmp_path: Path) -> None:
    split_file(_page(tmp_path), tmp_path / "studies", rct=True)
    report = ingest([tmp_path / "studies"], TrialStore(tmp_path / "store"), workers=1)
    expected = ingest([FIXTURES / "ctgov_patina.json"], TrialStore(tmp_path / "direct"), workers=1)
    assert [(d.status, d.trial, d.facts) for d in report.documents] == [
        ("ingested", "NCT02947685", expected.documents[0].facts)
    ]
    assert expected.documents[0].facts > 0
