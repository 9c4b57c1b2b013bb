"""The store's internal SPARQL (catalog, identity, merge, remote reads), one ``.rq`` file per query in
the format graph/rq.py describes; not part of the public canned queries."""

from __future__ import annotations

from functools import cache

from trialkg.graph.rq import CannedQuery, read_named, stems


@cache
def load(name: str) -> CannedQuery:
    return read_named(__name__, name, "internal query", names)


def names() -> list[str]:
    return stems(__name__)
