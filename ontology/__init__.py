"""The model as data: OWL (trialkg.ttl), SHACL (shapes.ttl), SKOS (vocab/*.ttl), lexicons (*.tsv).

Python only locates and reads these files; nothing here runs at import time.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

TKG = "https://w3id.org/trialkg/ontology#"
ID = "https://w3id.org/trialkg/id/"
GRAPH = "https://w3id.org/trialkg/graph/"
VOCAB = "https://w3id.org/trialkg/vocab/"


def ontology_dir() -> Path:
    return Path(str(resources.files(__name__)))


def ttl_files() -> list[Path]:
    """The ontology, shapes and every SKOS scheme, in a stable order."""
    d = ontology_dir()
    return [d / "trialkg.ttl", d / "shapes.ttl", *sorted((d / "vocab").glob("*.ttl"))]


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated lexicon shipped in ontology/ (comment lines and header skipped)."""
    rows: list[tuple[str, ...]] = []
    lines = (ontology_dir() / name).read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    for ln in body[1:]:
        rows.append(tuple(c.strip() for c in ln.split("\t")))
    return tuple(rows)


def context_path() -> Path:
    """The published JSON-LD context (readable keys for the ontology's terms)."""
    return ontology_dir() / "context.jsonld"
