"""Canned SPARQL queries (``*.rq``) and the Python query API.

Each file starts with a header comment::

    # title: Palbociclib trials by HER2 status and line of therapy
    # param drug: drug name, brand or code (resolved to the drug's identifier)
    # columns: trial, acronym, her2_status, ...

Parameters are bound with SPARQL substitutions (SEP-0007), never pasted into the query text.
Files whose name starts with ``_`` are internal (used by ingest and merge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    columns: tuple[str, ...] = ()


def _dir() -> Path:
    return Path(str(resources.files(__name__)))


@cache
def load(name: str) -> CannedQuery:
    path = _dir() / f"{name}.rq"
    if not path.exists():
        known = ", ".join(q for q in names())
        raise KeyError(f"no canned query named {name!r}; available: {known}")
    text = path.read_text(encoding="utf-8")
    title, params = name, {}
    columns: tuple[str, ...] = ()
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*(title|param|columns)\s*(\w*)\s*:\s*(.*)", line)
        if not m:
            continue
        kind, pname, rest = m.groups()
        if kind == "title":
            title = rest.strip()
        elif kind == "param":
            params[pname] = rest.strip()
        else:
            columns = tuple(c.strip() for c in rest.split(",") if c.strip())
    return CannedQuery(name, title, text, params, columns)


def names(include_internal: bool = False) -> list[str]:
    return sorted(p.stem for p in _dir().glob("*.rq") if include_internal or not p.stem.startswith("_"))
