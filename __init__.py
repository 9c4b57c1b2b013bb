"""trialkg: a knowledge graph of clinical trials, drugs and outcomes.

The public facade: :class:`TrialGraph` (queries, SPARQL, trial cards, ingest; embedded store,
store folder or SPARQL endpoint), :func:`ingest_paths` runs the pipeline on files or folders,
:func:`open_store` opens the embedded store.  Subpackages: ``trialkg.ingest``
(documents to records to RDF), ``trialkg.graph`` (store, merge, validation),
``trialkg.queries`` (canned SPARQL), ``trialkg.ontology`` (the model as data).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from trialkg.app.client import Rows, TrialCard, TrialGraph, TrialGraphError
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import IngestReport


def open_store(path: str | None = None, read_only: bool = False) -> TrialStore:
    """Open (creating if needed) the embedded store at ``path`` or the default location, or the
    SPARQL 1.1 server whose query endpoint ``path`` is (``http://...``; see graph/remote.py);
    ``read_only`` opens a snapshot of an existing store that other readers (a server) can share."""
    from trialkg.graph.remote import RemoteTrialStore, is_url
    from trialkg.graph.store import TrialStore
    from trialkg.settings import STORE_ENV, store_path

    location = path or os.environ.get(STORE_ENV)
    if is_url(location):
        return RemoteTrialStore(str(location), read_only=read_only)
    return TrialStore(store_path(path), read_only=read_only)


def ingest_paths(paths: list[str | os.PathLike[str]], store: str | None = None, prune: bool = False) -> IngestReport:
    """Ingest files or folders into the store (default location unless ``store`` is given)."""
    from trialkg.ingest.pipeline import ingest

    with open_store(store) as st:
        return ingest(paths, st, prune=prune)


__all__ = ["Rows", "TrialCard", "TrialGraph", "TrialGraphError", "__version__", "ingest_paths", "open_store"]


def __getattr__(name: str) -> object:
    if name in ("TrialGraph", "TrialGraphError", "Rows", "TrialCard"):
        from trialkg.app import client

        return getattr(client, name)
    raise AttributeError(f"module 'trialkg' has no attribute {name!r}")
