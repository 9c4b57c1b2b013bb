"""Deterministic IRIs: from NCT ids, DrugBank/MeSH ids, DOIs/PMIDs and content hashes, never uuids."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from trialkg.ontology import GRAPH, ID, TKG, VOCAB

CATALOG_GRAPH = GRAPH + "catalog"
MERGE_GRAPH = GRAPH + "merge"
ONTOLOGY_GRAPH = GRAPH + "ontology"
DOC_GRAPH_PREFIX = GRAPH + "doc/"


def tkg(name: str) -> str:
    return TKG + name


def concept(scheme: str, notation: str) -> str:
    return f"{VOCAB}{scheme}/{notation}"


def safe(part: str) -> str:
    """An IRI path segment: lower case, unreserved characters kept, the rest percent-encoded."""
    return quote(part.strip(), safe="-._~")


def short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "x"


def source(source_key: str) -> str:
    kind, _, value = source_key.partition("/")
    return f"{ID}source/{kind}/{quote(value.lower() if kind == 'doi' else value, safe='/-._~')}"


def publication_doi(doi: str) -> str:
    return source("doi/" + doi)


def doc_graph(source_key: str) -> str:
    kind, _, value = source_key.partition("/")
    return f"{DOC_GRAPH_PREFIX}{kind}/{quote(value.lower() if kind == 'doi' else value, safe='/-._~')}"


def trial(key: str) -> str:
    return f"{ID}trial/{safe(key)}"


def drug(key: str) -> str:
    return f"{ID}drug/{safe(key)}"


def org(name: str) -> str:
    return f"{ID}org/{slug(name)}"


def arm(trial_iri: str, arm_key: str) -> str:
    return f"{trial_iri}/arm/{safe(arm_key.lower())}"


def grade_slug(grade: str) -> str:
    return grade.replace(">=", "ge").replace("-", "to")


def mention(source_iri: str, start: int, end: int, prop: str, value: str) -> str:
    return f"{source_iri}/mention/{start}-{end}-{short_hash(prop, value)}"


def conflict(subject: str, prop: str) -> str:
    return f"{ID}conflict/{short_hash(subject, prop)}"


def combination(drug_a: str, drug_b: str) -> str:
    """A pair of drugs given together: the same IRI whichever order the two drug IRIs come in."""
    a, b = sorted((drug_a.rsplit("/", 1)[-1], drug_b.rsplit("/", 1)[-1]))
    return f"{ID}combination/{a}--{b}"
