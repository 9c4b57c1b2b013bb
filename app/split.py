"""Bulk files cut into one file per record, the file ``trialkg fetch`` saves for it, so that ``trialkg
ingest`` reads them as it reads fetched records:

- PubMed's bulk files (the annual baseline and the daily updates, ``pubmedNNnXXXX.xml.gz``: tens of
  thousands of ``PubmedArticle`` records each) -> ``pubmed-<PMID>.xml``.  Streamed (lxml's iterparse,
  gzip read on the fly: memory stays flat whatever the size) and parsed as the readers parse XML: no
  DTD, no entities, no network.  An update file's ``DeleteCitation`` removes the files of the PMIDs it
  lists (``trialkg ingest --prune`` then removes their graphs).
- ClinicalTrials.gov API v2 pages (``/api/v2/studies?...`` saved as they come, ``{"studies": [...]}``,
  or a JSON list of studies; gzip-compressed or not) -> ``<NCT id>.json``.  A page is read whole (its
  size is the page size asked of the API).

``rct`` keeps randomized trials (PubMed: publication type "Randomized Controlled Trial", D016449; the
registry: allocation RANDOMIZED) and ``types`` records of some types (PubMed publication types, names or
MeSH UIs; the registry's study type and phases), a record kept when it matches either.  Each file is
written complete or not at all (a ``.part`` file renamed), and left untouched when it already holds the
same bytes, so that splitting the files again changes nothing the ingest would read again.  A file that
is neither, or breaks off, stops there with a message naming it and the line; a PubMed file's articles
before the break stay written.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from lxml import etree
from trialkg.ingest.readers import safe_xml_options
from trialkg.ingest.readers.ctgov import json_at, studies_in

log = logging.getLogger(__name__)

RCT = "D016449"  # MeSH publication type "Randomized Controlled Trial"
HEADER = b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
FOOTER = b"\n</PubmedArticleSet>\n"
_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_GZIP_MAGIC = b"\x1f\x8b"
_NCT = re.compile(r"NCT\d{8}")
PROGRESS_EVERY = 200  # records between two progress reports
_BOM = b"\xef\xbb\xbf"
MAX_PAGE_BYTES = 1 << 30  # a registry page is parsed whole: past this, ask the API for smaller pages


class SplitError(Exception):
    """An input file could not be read to its end; the message names it and says why."""


@dataclass(frozen=True)
class Article:
    pmid: str
    xml: bytes  # the PubmedArticle element alone, serialized
    types: frozenset[str]  # its publication types: names and MeSH UIs

    @property
    def randomized(self) -> bool:
        return RCT in self.types


@dataclass(frozen=True)
class Study:
    nct: str
    json: bytes  # the study record alone, as JSON
    types: frozenset[str]  # its study type and phases
    randomized: bool  # its allocation is RANDOMIZED


@dataclass(frozen=True)
class Deletion:
    pmids: tuple[str, ...]


@dataclass
class SplitReport:
    path: str
    records: int = 0  # records read: PubmedArticles with a PMID, registry studies with an NCT id
    written: int = 0  # article files created or changed
    unchanged: int = 0  # article files that already held the same bytes
    filtered: int = 0  # records of none of the kinds asked for
    skipped: int = 0  # records without a PMID or NCT id, and book records (no MedlineCitation: the reader refuses them)
    deleted: int = 0  # article files removed by DeleteCitation
    error: str = ""


def publication_types(article: etree._Element) -> frozenset[str]:
    """The names and MeSH UIs of an article's publication types, upper-cased."""
    out: set[str] = set()
    for pt in article.iterfind("MedlineCitation/Article/PublicationTypeList/PublicationType"):
        out.add(" ".join("".join(pt.itertext()).split()).upper())
        ui = pt.get("UI")
        if ui:
            out.add(ui.strip().upper())
    return frozenset(out)


def pubmed_records(stream: IO[bytes], name: str) -> Iterator[Article | Deletion | None]:
    """The records of a PubMed XML stream in order: each article (None for one without a PMID, or a
    book record), each DeleteCitation.  Raises ``SplitError`` for XML that is malformed, or that holds
    no PubMed record at all."""
    parser = etree.iterparse(
        stream,
        events=("end",),
        tag=_TAGS,
        remove_blank_text=False,
        **safe_xml_options(),
    )
    found = False
    try:
        for _event, el in parser:
            found = True
            tag = el.tag
            if tag == "DeleteCitation":
                # (PMIDs are numbers: anything else could name a file outside the folder)
                yield Deletion(tuple(p for p in ((x.text or "").strip() for x in el.iterfind("PMID")) if p.isdigit()))
            elif tag == "PubmedArticle":
                pmid = (el.findtext("MedlineCitation/PMID") or "").strip()
                if pmid.isdigit():
                    xml = etree.tostring(el, encoding="UTF-8", with_tail=False)
                    yield Article(pmid, xml, publication_types(el))
                else:
                    yield None
            else:
                yield None
            # what was read is let go: memory stays flat however long the file is
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        where = f" (line {e.lineno})" if e.lineno and "line" not in e.msg else ""
        raise SplitError(f"{name}: malformed XML{where}: {e.msg}") from None
    except (OSError, EOFError, zlib.error) as e:  # a gzip stream cut short or corrupt
        raise SplitError(f"{name}: cannot read: {e}") from None
    if not found:
        root = parser.root
        what = f"its root element is <{etree.QName(root).localname}>" if root is not None else "it is empty"
        raise SplitError(f"{name}: no PubmedArticle or DeleteCitation record ({what}): not a PubMed XML file")


def ctgov_records(data: bytes, name: str) -> Iterator[Study | None]:
    """The studies of a ClinicalTrials.gov API v2 page (``{"studies": [...]}``), of a JSON list of studies,
    or a single study, in order (None for one without an NCT id).  Raises ``SplitError`` for malformed
    JSON, or JSON that holds no study record."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise SplitError(f"{name}: not UTF-8 text (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise SplitError(f"{name}: malformed JSON (line {e.lineno}, column {e.colno}): {e.msg}") from None
    except RecursionError:
        raise SplitError(f"{name}: malformed JSON: nested too deeply") from None
    studies = studies_in(parsed)
    if not any(isinstance(json_at(st, "protocolSection"), dict) for st in studies):
        raise SplitError(f"{name}: no ClinicalTrials.gov study record (protocolSection): not an API v2 page")
    for st in studies:
        nct = str(json_at(st, "protocolSection", "identificationModule", "nctId") or "").strip().upper()
        if not _NCT.fullmatch(nct):
            yield None
            continue
        design = json_at(st, "protocolSection", "designModule")
        phases = json_at(design, "phases")
        kinds = {
            str(json_at(design, "studyType") or ""),
            *(str(p) for p in (phases if isinstance(phases, list) else [])),
        }
        yield Study(
            nct,
            (json.dumps(st, ensure_ascii=False, indent=1) + "\n").encode(),
            frozenset(k.strip().upper() for k in kinds if k.strip()),
            str(json_at(design, "designInfo", "allocation") or "").upper() == "RANDOMIZED",
        )


def article_file(out: Path, pmid: str) -> Path:
    """Where an article's file goes: the name ``trialkg fetch`` gives the record (trialkg/fetch.py)."""
    return out / f"pubmed-{pmid}.xml"


def study_file(out: Path, nct: str) -> Path:
    """Where a registry study's file goes: the name ``trialkg fetch`` gives it."""
    return out / f"{nct}.json"


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` complete or not at all; False when the file already holds it."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    part = path.with_name(path.name + ".part")
    try:
        part.write_bytes(data)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return True


def _wanted(rec: Article | Study, wanted: frozenset[str], rct: bool) -> bool:
    if not wanted and not rct:
        return True
    return (rct and rec.randomized) or not rec.types.isdisjoint(wanted)


def _records(stream: IO[bytes], name: str) -> Iterator[Article | Study | Deletion | None]:
    """PubMed XML or registry JSON, told apart by the first character."""
    try:
        head = stream.peek(64)[:64]  # type: ignore[attr-defined]
        head = head[len(_BOM) :] if head.startswith(_BOM) else head
        data = stream.read(MAX_PAGE_BYTES + 1) if head.lstrip()[:1] in (b"{", b"[") else None
    except (OSError, EOFError, zlib.error) as e:  # a gzip stream cut short or corrupt
        raise SplitError(f"{name}: cannot read: {e}") from None
    if data is not None and len(data) > MAX_PAGE_BYTES:
        raise SplitError(
            f"{name}: JSON larger than {MAX_PAGE_BYTES / 1e6:.0f} MB: ask the API for smaller pages (pageSize)"
        )
    if data is not None:
        yield from ctgov_records(data, name)
    else:
        yield from pubmed_records(stream, name)


def split_file(
    path: Path,
    out: Path,
    types: Iterable[str] = (),
    rct: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> SplitReport:
    """Cut one PubMed XML file or registry API page (gzip-compressed or not) into record files under
    ``out``.  ``rct``: keep randomized trials; ``types``: keep records of these types (any case); neither:
    keep all.  ``on_progress`` is called with the bytes of ``path`` read so far.  A failure is reported in
    ``SplitReport.error``."""
    report = SplitReport(str(path))
    wanted = frozenset(t.strip().upper() for t in types if t.strip())
    out.mkdir(parents=True, exist_ok=True)
    try:
        if path.stat().st_size == 0:
            report.error = f"{path}: empty file"
            return report
        raw = path.open("rb")
    except OSError as e:
        report.error = f"{path}: cannot read: {e.strerror or e}"
        return report
    with raw:
        packed = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        stream = cast("IO[bytes]", gzip.GzipFile(fileobj=raw, mode="rb") if packed else raw)
        try:
            for n, rec in enumerate(_records(stream, str(path)), 1):
                if isinstance(rec, Deletion):
                    for pmid in rec.pmids:
                        target = article_file(out, pmid)
                        if target.exists():
                            target.unlink()
                            report.deleted += 1
                elif rec is None:
                    report.skipped += 1
                else:
                    report.records += 1
                    if not _wanted(rec, wanted, rct):
                        report.filtered += 1
                    else:
                        if isinstance(rec, Article):
                            target, data = article_file(out, rec.pmid), HEADER + rec.xml + FOOTER
                        else:
                            target, data = study_file(out, rec.nct), rec.json
                        if _write_if_changed(target, data):
                            report.written += 1
                        else:
                            report.unchanged += 1
                if on_progress and n % PROGRESS_EVERY == 0:
                    on_progress(raw.tell())
        except SplitError as e:
            report.error = str(e)
        except OSError as e:  # writing an article file
            report.error = f"{path}: stopped: {e}"
        if on_progress:
            on_progress(raw.tell())
    if report.error:
        log.debug("%s", report.error)
    return report


__all__ = [
    "RCT",
    "Article",
    "Deletion",
    "SplitError",
    "SplitReport",
    "Study",
    "article_file",
    "ctgov_records",
    "pubmed_records",
    "split_file",
    "study_file",
]
