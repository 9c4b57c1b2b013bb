"""trialkg: a knowledge graph of clinical trials, drugs and outcomes.

The public facade: :func:`ingest_paths` runs the pipeline on files or folders,
:func:`open_store` opens the embedded store.  Subpackages: ``trialkg.ingest``
(documents to records to RDF), ``trialkg.graph`` (store, merge, validation),
``trialkg.queries`` (canned SPARQL), ``trialkg.ontology`` (the model as data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from trialkg.graph.store import TrialStore


def open_store(path: str | None = None) -> TrialStore:
    """Open (creating if needed) the embedded store at ``path`` or the default location."""
    from trialkg.graph.store import TrialStore
    from trialkg.settings import store_path

    return TrialStore(store_path(path))


def ingest_paths(paths: list[str], store: str | None = None, **kwargs: Any) -> Any:
    """Ingest files or folders into the store; returns an :class:`IngestReport`."""
    from trialkg.ingest.pipeline import ingest

    with open_store(store) as st:
        return ingest([p for p in paths], st, **kwargs)
