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

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

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


class RemoteStore:
    """Read access to any SPARQL 1.1 endpoint (the Protocol's query operation), for ``TrialGraph``.

    Parameters are written into the query as RDF terms (IRIs checked, literals escaped; see
    graph/sparql_bind.py), or, for a query where that would not be equivalent, sent as a VALUES block
    at the start of its WHERE group: the endpoint sees data, never user text as query syntax."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = timeout

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from trialkg.graph.store import TrialStore
        from trialkg.queries.api import inline_values

        if bindings:
            try:
                sparql, left = TrialStore.bind(sparql, bindings)
                if left:
                    sparql = inline_values(sparql, bindings)
            except ValueError as e:
                raise TrialGraphError(str(e)) from None
        body = urllib.parse.urlencode({"query": sparql}).encode()
        req = urllib.request.Request(
            self.url,
            data=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500]
            raise TrialGraphError(f"{self.url} answered {e.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as e:
            raise TrialGraphError(f"cannot reach the SPARQL endpoint {self.url}: {e}") from None
        if "boolean" in data:
            return [{"ask": bool(data["boolean"])}]
        cols = data["head"]["vars"]
        return [{c: _json_term(b.get(c)) for c in cols} for b in data["results"]["bindings"]]

    def close(self) -> None:
        return None


def _json_term(t: dict[str, str] | None) -> Any:
    """A SPARQL JSON results term as the Python value the embedded store gives."""
    from trialkg.graph.store import to_python

    if t is None:
        return None
    if t["type"] == "uri":
        return t["value"]
    if t["type"] == "bnode":
        return "_:" + t["value"]
    if "datatype" in t:
        return to_python(ox.Literal(t["value"], datatype=ox.NamedNode(t["datatype"])))
    return t["value"]


class TrialGraph:
    """The knowledge graph: canned queries, SPARQL, trial cards and ingest.

    ``TrialGraph()`` opens the default embedded store, ``TrialGraph("path/to/store")`` a store
    folder, ``TrialGraph("http://host:port/sparql")`` a SPARQL 1.1 endpoint (read-only here).
    ``read_only=True`` opens a local store for queries only, beside a running ``trialkg serve``."""

    def __init__(self, location: str | Path | None = None, read_only: bool = False) -> None:
        self.location = str(location) if location is not None else None
        self._store: TrialStore | RemoteStore
        if self.location is not None and re.match(r"https?://", self.location):
            self._store = RemoteStore(self.location)
        else:
            from trialkg import open_store

            self._store = open_store(self.location, read_only=read_only)

    @property
    def remote(self) -> bool:
        return isinstance(self._store, RemoteStore)

    def __enter__(self) -> TrialGraph:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    def _local(self, what: str) -> TrialStore:
        from trialkg.graph.store import TrialStore

        if not isinstance(self._store, TrialStore):
            raise TrialGraphError(
                f"{what} needs a local store; {self.location} is a remote endpoint (ingest into a local store "
                "and load its export into the server, or run trialkg serve on the store)"
            )
        return self._store

    def ingest(self, paths: Iterable[str | Path], prune: bool = False) -> IngestReport:
        """Read, extract, validate and store documents or folders; returns what was accepted/rejected."""
        from trialkg.ingest.pipeline import ingest

        return ingest(list(paths), self._local("ingest"), prune=prune)

    def queries(self) -> list[str]:
        """Names of the canned queries (queries/*.rq)."""
        from trialkg.queries import names

        return names()

    def query(self, name: str, **params: Any) -> Rows:
        """Run a canned query; parameters are checked, converted and bound (see ``queries/<name>.rq``).

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
        bound = api.bind(self._store, name, params)
        rows = self._store.query(q.text, bound)
        hidden = set(q.params) - set(q.columns)
        cols = list(q.columns) or [c for c in (rows[0] if rows else {}) if c not in hidden]
        return Rows(({c: r.get(c) for c in cols} for r in rows), cols)

    def sparql(self, text: str) -> Rows:
        """Run a SPARQL SELECT or ASK query on the union of all sources."""
        try:
            rows = self._store.query(text)
        except SyntaxError as e:
            raise TrialGraphError(f"SPARQL syntax error: {e}") from None
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
