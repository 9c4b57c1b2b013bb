"""Canned SPARQL queries (``*.rq``, in the format graph/rq.py describes) and the Python query API.

Files whose name starts with ``_`` are internal to the query layer and the application (the store's
own internal queries live in graph/sparql/).
"""

from __future__ import annotations

from functools import cache

from trialkg.graph.rq import PARAM_TYPES, CannedQuery, Param, read_named, stems

__all__ = ["PARAM_TYPES", "CannedQuery", "Param", "load", "names"]


@cache
def load(name: str) -> CannedQuery:
    return read_named(__name__, name, "canned query", names)


def names(include_internal: bool = False) -> list[str]:
    return [n for n in stems(__name__) if include_internal or not n.startswith("_")]
