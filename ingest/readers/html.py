"""HTML reader: main text via trafilatura (menus, footers, comments dropped), metadata from <meta>."""

from __future__ import annotations

import logging

from lxml import html as lxml_html
from trialkg.ingest.document import Document, Metadata
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.metadata import DOI_RE, clean_doi, iso_date
from trialkg.ingest.readers._bytes import decode_text
from trialkg.ingest.readers.text import document_from_text

log = logging.getLogger(__name__)

_META_KEYS = {
    "citation_title": "title",
    "dc.title": "title",
    "og:title": "title",
    "citation_journal_title": "journal",
    "citation_doi": "doi",
    "dc.identifier": "doi",
    "citation_pmid": "pmid",
    "citation_publication_date": "date",
    "citation_date": "date",
    "article:published_time": "date",
    "dc.date": "date",
    "og:url": "url",
}


def _meta_hints(tree: lxml_html.HtmlElement) -> Metadata:
    md = Metadata()
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        field = _META_KEYS.get(key)
        value = (el.get("content") or "").strip()
        if not field or not value or getattr(md, field):
            continue
        if field == "doi":
            m = DOI_RE.search(value)
            if not m:
                continue
            value = clean_doi(m.group(1))
        if field == "date":
            date = iso_date(value)
            if date is None:
                continue
            value = date
        setattr(md, field, value)
    if md.journal is None:
        md.source_type = "news"  # a web page that is not a journal's article page
    canon = tree.find(".//link[@rel='canonical']")
    if md.url is None and canon is not None and canon.get("href"):
        md.url = canon.get("href")
    return md


def read(data: bytes, path: str) -> Document:
    text = decode_text(data)
    try:
        tree = lxml_html.document_fromstring(text)
    except Exception as e:  # lxml raises several types for hopeless markup
        raise RejectedDocument(f"malformed HTML: {e}") from None
    import trafilatura

    # deduplicate=False: trafilatura's deduplication remembers text across calls (a process-wide cache)
    # and drops a paragraph once it has seen it a few times, so the third reading of one page in a
    # process lost its article and fell back to the whole <body>, menus included
    extracted = trafilatura.extract(
        text, include_comments=False, include_tables=True, favor_precision=True, deduplicate=False
    )
    if not extracted or len(extracted.split()) < 20:
        # trafilatura keeps only what looks like article text; fall back to the <body> text
        body = tree.find("body")
        fallback = body.text_content() if body is not None else ""
        if len(fallback.split()) < 20:
            raise RejectedDocument("malformed or empty HTML: no main text could be found")
        log.info("%s: trafilatura found no article text; using the whole <body>", path)
        extracted = fallback
    return document_from_text(extracted, path, data, hints=_meta_hints(tree))
