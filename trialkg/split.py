"""PubMed's bulk files (the annual baseline and the daily update files, ``pubmedNNnXXXX.xml.gz``: tens of
thousands of ``PubmedArticle`` records each) cut into one file per article, the file ``trialkg fetch``
saves for that PMID (``pubmed-<PMID>.xml``), so that ``trialkg ingest`` reads them as it reads fetched
records.

The input is streamed (lxml's iterparse, gzip read on the fly: memory stays flat whatever its size)
and parsed as the readers parse XML: no DTD, no entities, no network.  ``types`` keeps the articles of
some publication types (``RCT``: "Randomized Controlled Trial", D016449).  Each article file is written
complete or not at all (a ``.part`` file renamed), and left untouched when it already holds the same
bytes, so that splitting the files again changes nothing the ingest would read again.  An update file's
``DeleteCitation`` removes the files of the PMIDs it lists (``trialkg ingest --prune`` then removes
their graphs).  A file that is not PubMed XML, or breaks off, stops there with a message naming it
and the line; what came before it stays written.
"""

from __future__ import annotations

import gzip
import logging
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from lxml import etree

log = logging.getLogger(__name__)

RCT = "D016449"  # MeSH publication type "Randomized Controlled Trial"
HEADER = b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
FOOTER = b"\n</PubmedArticleSet>\n"
_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_GZIP_MAGIC = b"\x1f\x8b"
PROGRESS_EVERY = 200  # articles between two progress reports


class SplitError(Exception):
    """An input file could not be read to its end; the message names it and says why."""


@dataclass(frozen=True)
class Article:
    pmid: str
    xml: bytes  # the PubmedArticle element alone, serialized
    types: frozenset[str]  # its publication types: names and MeSH UIs


@dataclass(frozen=True)
class Deletion:
    pmids: tuple[str, ...]


@dataclass
class SplitReport:
    path: str
    articles: int = 0  # PubmedArticle records with a PMID read
    written: int = 0  # article files created or changed
    unchanged: int = 0  # article files that already held the same bytes
    filtered: int = 0  # articles of none of the publication types asked for
    skipped: int = 0  # records without a PMID, and book records (no MedlineCitation: the reader refuses them)
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


def records(stream: IO[bytes], name: str) -> Iterator[Article | Deletion | None]:
    """The records of a PubMed XML stream in order: each article (None for one without a PMID, or a
    book record), each DeleteCitation.  Raises ``SplitError`` for XML that is malformed, or that holds
    no PubMed record at all."""
    parser = etree.iterparse(
        stream,
        events=("end",),
        tag=_TAGS,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
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


def article_file(out: Path, pmid: str) -> Path:
    """Where an article's file goes: the name ``trialkg fetch`` gives the record (trialkg/fetch.py)."""
    return out / f"pubmed-{pmid}.xml"


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


def _wanted(types: frozenset[str], wanted: frozenset[str]) -> bool:
    return not wanted or not types.isdisjoint(wanted)


def split_file(
    path: Path,
    out: Path,
    types: Iterable[str] = (),
    on_progress: Callable[[int], None] | None = None,
) -> SplitReport:
    """Cut one PubMed XML file (gzip-compressed or not) into article files under ``out``.  ``types``:
    publication types to keep (names or MeSH UIs, any case; none: keep all).  ``on_progress`` is called
    with the bytes of ``path`` read so far.  A failure is reported in ``SplitReport.error``."""
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
            for n, rec in enumerate(records(stream, str(path)), 1):
                if isinstance(rec, Deletion):
                    for pmid in rec.pmids:
                        target = article_file(out, pmid)
                        if target.exists():
                            target.unlink()
                            report.deleted += 1
                elif rec is None:
                    report.skipped += 1
                else:
                    report.articles += 1
                    if not _wanted(rec.types, wanted):
                        report.filtered += 1
                    else:
                        target = article_file(out, rec.pmid)
                        if _write_if_changed(target, HEADER + rec.xml + FOOTER):
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


__all__ = ["RCT", "Article", "Deletion", "SplitError", "SplitReport", "article_file", "records", "split_file"]
