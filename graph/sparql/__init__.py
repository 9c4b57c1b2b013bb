"""The store's internal SPARQL (catalog, identity, merge, remote reads), one ``.rq`` file per query in
the format graph/rq.py describes; not part of the public canned queries."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from trialkg.graph.rq import CannedQuery, read


def _dir() -> Path:
    return Path(str(resources.files(__name__)))


@cache
def load(name: str) -> CannedQuery:
    path = _dir() / f"{name}.rq"
    if not path.exists():
        raise KeyError(f"no internal query named {name!r}; available: {', '.join(names())}")
    return read(path)


def names() -> list[str]:
    return sorted(p.stem for p in _dir().glob("*.rq"))
