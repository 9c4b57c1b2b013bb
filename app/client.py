"""The Python query API: ``TrialGraph`` over the embedded store, a store folder, or a SPARQL endpoint.

    >>> from trialkg import TrialGraph
    >>> graph = TrialGraph(example_store)             # a folder (None: the default store)
    >>> rows = graph.query("trials_by_biomarker_and_line", drug="Ibrance")
    >>> [(r["acronym"], r["her2_status"], r["line_of_therapy"], r["hazard_ratio"]) for r in rows]
    [('PALMIRA', 'negative', 'second-line', 0.84), ('PATINA', 'positive', 'first-line', 0.75)]
    >>> graph.trial("PATINA").nct
    'NCT02947685'
    >>> graph.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/trialkg/ontology#Trial> }")[0]["n"]
    2
    >>> graph.close()

Canned query parameters are checked, converted (drug names to drug IRIs, NCT ids and acronyms to
trial IRIs) and bound as values, never formatted into the query text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from trialkg.graph.store import StoreError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import IngestReport


class TrialGraphError(RuntimeError):
    """A query or request that cannot be answered, with a message for people."""


class Rows(list[dict[str, Any]]):
    """Result rows (dicts of column -> Python value; IRIs as str) with the column order kept."""

    def __init__(self, rows: Iterable[dict[str, Any]] = (), columns: Iterable[str] = ()) -> None:
        super().__init__(rows)
        self.columns: list[str] = list(columns) or (list(self[0]) if self else [])

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (needs pandas installed)."""
        try:
            import pandas as pd
        except ImportError:
            raise TrialGraphError("to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame(list(self), columns=self.columns)


@dataclass
class TrialCard:
    """Everything the graph knows about one trial, merged over its sources."""

    iri: str
    nct: str | None
    acronym: str | None
    properties: dict[str, list[Any]]
    population: dict[str, list[Any]]
    arms: list[dict[str, Any]] = field(default_factory=list)
    interventions: list[dict[str, Any]] = field(default_factory=list)
    endpoints: list[dict[str, Any]] = field(default_factory=list)
    arm_results: list[dict[str, Any]] = field(default_factory=list)
    effects: list[dict[str, Any]] = field(default_factory=list)
    adverse_events: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_card(cls, card: dict[str, Any]) -> TrialCard:
        props = card["properties"]
        return cls(
            iri=card["trial"],
            nct=(props.get("nctId") or [None])[0],
            acronym=(props.get("acronym") or [None])[0],
            properties=props,
            population=card["population"],
            **{k: card[k] for k in ("arms", "interventions", "endpoints", "arm_results", "effects")},
            adverse_events=card["adverse_events"],
            facts=card["facts"],
            sources=card["sources"],
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class TrialGraph:
    """The knowledge graph: canned queries, SPARQL, trial cards and ingest.

    ``TrialGraph()`` opens the default embedded store, ``TrialGraph("path/to/store")`` a store
    folder, ``TrialGraph("http://host:port/query")`` a SPARQL 1.1 server (queries, and ingest when the
    server takes updates; see graph/remote.py).
    ``read_only=True`` opens a local store for queries only, beside a running ``trialkg serve``."""

    def __init__(self, location: str | Path | None = None, read_only: bool = False) -> None:
        self.location = str(location) if location is not None else None
        from trialkg import open_store

        try:
            self._store: TrialStore = open_store(self.location, read_only=read_only)
        except StoreError as e:
            raise TrialGraphError(str(e)) from None

    @property
    def remote(self) -> bool:
        from trialkg.graph.remote import RemoteTrialStore

        return isinstance(self._store, RemoteTrialStore)

    def __enter__(self) -> TrialGraph:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    def ingest(self, paths: Iterable[str | Path], prune: bool = False) -> IngestReport:
        """Read, extract, validate and store documents or folders; returns what was accepted/rejected."""
        from trialkg.ingest.pipeline import ingest

        try:
            return ingest(list(paths), self._store, prune=prune)
        except StoreError as e:
            raise TrialGraphError(str(e)) from None

    def queries(self) -> list[str]:
        """Names of the canned queries (queries/*.rq)."""
        from trialkg.queries import names

        return names()

    def query(self, name: str, **params: Any) -> Rows:
        """Run a canned query; parameters are checked, converted and bound (see ``queries/<name>.rq``).
        A listing over the whole store gives one page of trials (``page=1`` unless given; see
        ``query_all``).

        >>> graph = TrialGraph(example_store)
        >>> [(r["acronym"], r["her2"], r["line"]) for r in graph.query("trials_by_population", her2_status="negative")]
        [('PALMIRA', 'negative', 'second-line')]
        >>> graph.query("trials_by_population", her2_status="maybe")
        Traceback (most recent call last):
        ...
        ValueError: parameter her2_status: 'maybe' is not one of low, negative, positive, unknown (or any)
        >>> graph.close()
        """
        from trialkg.queries import api, load

        q = load(name)
        text, bound = q.prepare(api.bind(self._store, name, params))
        try:
            rows = self._store.query(text, bound)
        except StoreError as e:
            raise TrialGraphError(str(e)) from None
        hidden = set(q.params) - set(q.columns)
        cols = list(q.columns) or [c for c in (rows[0] if rows else {}) if c not in hidden]
        return Rows(({c: r.get(c) for c in cols} for r in rows), cols)

    def query_all(self, name: str, **params: Any) -> Rows:
        """Every row of a canned query, reading a paged listing page by page until a page is not full."""
        from trialkg.queries import api, load

        q = load(name)
        if q.page_size is None:
            return self.query(name, **params)
        return Rows(api.read_pages(name, lambda page: list(self.query(name, **params, page=page))), list(q.columns))

    def sparql(self, text: str) -> Rows:
        """Run a SPARQL SELECT or ASK query on the union of all sources."""
        try:
            rows = self._store.query(text)
        except SyntaxError as e:
            raise TrialGraphError(f"SPARQL syntax error: {e}") from None
        except StoreError as e:
            raise TrialGraphError(str(e)) from None
        return Rows(rows)

    def trial(self, ident: str) -> TrialCard:
        """The card of one trial by NCT id, acronym or IRI.

        >>> graph = TrialGraph(example_store)
        >>> card = graph.trial("NCT02947685")
        >>> card.acronym, sorted((a["role"], a["size"]) for a in card.arms)
        ('PATINA', [('control', 257), ('experimental', 261)])
        >>> graph.close()
        """
        from trialkg.queries import api

        store = self._store
        trial = api.bind(store, "trial_arms", {"trial": ident})["trial"]
        return TrialCard.from_card(api.trial_card(store, trial))
