"""PubMed XML reader (E-utilities efetch ``PubmedArticleSet``, one article per file).

The text is the title, the abstract with its labelled sections, and the registry numbers of the
record's ``DataBankList`` (so the trial's NCT id is quoted like any other fact).  MeSH headings and
publication types go to the metadata.
"""

from __future__ import annotations

import hashlib
import re

from lxml import etree
from trialkg.ingest.document import Document, Metadata
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.metadata import canonical_journal, clean_doi, iso_date
from trialkg.ingest.readers._xml import TextBuilder, inline_text, local, parse, section_kind

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_NCT = re.compile(r"^NCT\d{8}$")
_CATEGORY_KIND = {
    "BACKGROUND": "background",
    "OBJECTIVE": "background",
    "METHODS": "methods",
    "RESULTS": "results",
    "CONCLUSIONS": "conclusions",
}


def accepts(head: bytes) -> bool:
    return b"<PubmedArticle" in head or b"<!DOCTYPE PubmedArticleSet" in head


def _find(el: etree._Element, *names: str) -> etree._Element | None:
    cur: etree._Element | None = el
    for name in names:
        if cur is None:
            return None
        cur = next((c for c in cur if local(c) == name), None)
    return cur


def _date(article: etree._Element, citation: etree._Element) -> str | None:
    for holder in (_find(article, "ArticleDate"), _find(article, "Journal", "JournalIssue", "PubDate")):
        if holder is None:
            continue
        y = (holder.findtext("Year") or "").strip()
        if not y.isdigit():
            medline = holder.findtext("MedlineDate")
            return iso_date(medline) if medline else None
        date = y
        m = (holder.findtext("Month") or "").strip()
        month = int(m) if m.isdigit() else _MONTHS.get(m[:3].lower())
        if month:
            date += f"-{month:02d}"
            d = (holder.findtext("Day") or "").strip()
            if d.isdigit():
                date += f"-{int(d):02d}"
        return date
    return None


def read(data: bytes, path: str) -> Document:
    root = parse(data, path, "PubMed")
    articles = [e for e in root.iter() if local(e) in ("PubmedArticle", "PubmedBookArticle")]
    if not articles:
        raise RejectedDocument("no PubmedArticle in the PubMed XML")
    if len(articles) > 1:
        raise RejectedDocument(
            f"the PubMed XML holds {len(articles)} articles; one per file is read "
            "(trialkg split cuts a bulk file into one file per article, as trialkg fetch saves them)"
        )
    pa = articles[0]
    citation = _find(pa, "MedlineCitation")
    article = _find(citation, "Article") if citation is not None else None
    if citation is None or article is None:
        raise RejectedDocument("the PubmedArticle has no MedlineCitation/Article")
    md = Metadata(source_type="journal-abstract")
    md.pmid = (citation.findtext("PMID") or "").strip() or None
    title_el = _find(article, "ArticleTitle")
    md.title = inline_text(title_el).rstrip(".") if title_el is not None else None
    journal = _find(article, "Journal", "Title")
    if journal is not None and inline_text(journal):
        md.journal = canonical_journal(inline_text(journal))
    md.date = _date(article, citation)
    for e in article:
        if local(e) == "ELocationID" and e.get("EIdType") == "doi" and e.text:
            md.doi = clean_doi(e.text.strip())
    for e in pa.iter():
        if local(e) == "ArticleId" and e.text:
            kind = e.get("IdType")
            if kind == "doi" and md.doi is None:
                md.doi = clean_doi(e.text.strip())
            elif kind == "pmc" and md.pmcid is None:
                md.pmcid = e.text.strip().upper()
    md.publication_types = [t for e in article.iter() if local(e) == "PublicationType" and (t := inline_text(e))]
    md.keywords = [t for e in citation.iter() if local(e) == "DescriptorName" and (t := inline_text(e))]
    for bank in citation.iter():
        if local(bank) != "DataBank":
            continue
        for acc in bank.iter():
            value = (acc.text or "").strip()
            if local(acc) == "AccessionNumber" and _NCT.match(value) and value not in md.nct_ids:
                md.nct_ids.append(value)

    b = TextBuilder()
    if md.title:
        b.section("Title", "title")
        b.line(md.title + ".")
    abstract = _find(article, "Abstract")
    if abstract is None:
        raise RejectedDocument(f"PubMed record {md.pmid or ''} has no abstract".replace("  ", " "))
    for part in abstract:
        if local(part) != "AbstractText":
            continue
        label = (part.get("Label") or "").strip()
        kind = _CATEGORY_KIND.get(part.get("NlmCategory") or "", section_kind(label) if label else "body")
        b.section("", kind)
        text = inline_text(part)
        b.line(f"{label.title() if label.isupper() else label}: {text}" if label else text)
    if md.nct_ids:
        b.section("Trial registration", "registration")
        b.line("Trial registration: ClinicalTrials.gov " + ", ".join(md.nct_ids) + ".")
    text = b.text()
    return Document(
        text=text,
        metadata=md,
        sections=sorted(b.sections, key=lambda s: s.start),
        path=path,
        raw_sha256=hashlib.sha256(data).hexdigest(),
    )
