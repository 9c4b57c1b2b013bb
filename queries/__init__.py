"""Canned SPARQL queries (``*.rq``, in the format graph/rq.py describes) and the Python query API.

Files whose name starts with ``_`` are internal to the query layer and the application (the store's
own internal queries live in graph/sparql/).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from trialkg.graph.rq import PARAM_TYPES, CannedQuery, Param, read

__all__ = ["PARAM_TYPES", "CannedQuery", "Param", "load", "names"]


def _dir() -> Path:
    return Path(str(resources.files(__name__)))


@cache
def load(name: str) -> CannedQuery:
    path = _dir() / f"{name}.rq"
    if not path.exists():
        known = ", ".join(q for q in names())
        raise KeyError(f"no canned query named {name!r}; available: {known}")
    return read(path)


def names(include_internal: bool = False) -> list[str]:
    return sorted(p.stem for p in _dir().glob("*.rq") if include_internal or not p.stem.startswith("_"))
