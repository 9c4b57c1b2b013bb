"""The ``.rq`` file format: a SPARQL query behind a header comment (title, description, parameters,
columns), read into a :class:`CannedQuery`. The public canned queries (queries/) and the store's internal
ones (graph/sparql/) are both written in it.

Each file starts with a header comment::

    # title: Palbociclib trials by HER2 status and line of therapy
    # description: one or more sentences for people (shown by the CLI, the API docs and OpenAPI)
    # param drug (drug): drug name, brand or code (resolved to the drug's identifier)
    # param grade (string, default any): a parameter with a default is optional
    # columns: trial, acronym, her2_status, ...

Parameter types: ``iri``, ``trial`` (NCT id, acronym or IRI, resolved to the trial's IRI), ``drug``
(name, brand or code, resolved to the drug's IRI), ``notation <scheme>`` (a notation of a SKOS
scheme in ontology/vocab), ``string``, ``integer``, ``decimal``.  Every parameter is bound as an
RDF term: written into the query in place of its variable as one escaped token (graph/sparql_bind.py,
so the planner starts from it), or as an Oxigraph substitution where that is not equivalent; user
text never becomes query syntax. An optional one is bound to its default (queries test
``?x = "any"``; do not test parameters with BOUND, which takes a variable).

Listings over the whole store are paged by trial: such a query declares ``# param page (integer,
default 1)`` and selects its page of trials in a subquery ending ``LIMIT n`` (the page size, the one
LIMIT in the file); page k runs it with ``OFFSET (k-1)*n`` after that LIMIT.  The subquery carries no
ORDER BY, so that Oxigraph streams it and stops after the page: pages follow the store's index order
(deterministic for the same content), rows within a page follow the query's ORDER BY.  Sorting every
trial before cutting a page costs about 15 us per trial here, 1.5 s at 100,000 trials.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from trialkg.graph.sparql_bind import tokens

PARAM_TYPES = ("iri", "trial", "drug", "notation", "string", "integer", "decimal")


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # one of PARAM_TYPES
    doc: str
    default: str | None = None  # None: required
    scheme: str | None = None  # for type "notation": the SKOS scheme (file name in ontology/vocab)

    @property
    def required(self) -> bool:
        return self.default is None

    def spec(self) -> str:
        """ "notation of receptor-status, default any" """
        kind = f"{self.type} of {self.scheme}" if self.scheme else self.type
        return kind if self.default is None else f"{kind}, default {self.default}"


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    text: str
    params: dict[str, Param] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    description: str = ""
    page_at: int | None = None  # paged query: offset in ``text`` just after its page subquery's LIMIT n
    page_size: int | None = None  # n

    def prepare(self, bound: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """(query text, bindings) to run with the values ``api.bind`` gave: for a paged query, the
        text of the page asked for (``OFFSET`` written from a checked integer) and the bindings without
        ``page``."""
        if self.page_at is None or self.page_size is None:
            return self.text, bound
        rest = dict(bound)
        page = int(rest.pop("page", 1) or 1)
        if page < 1:
            raise ValueError(f"query {self.name!r}: page must be 1 or more, not {page}")
        if page == 1:
            return self.text, rest
        offset = (page - 1) * self.page_size
        return f"{self.text[: self.page_at]} OFFSET {offset}{self.text[self.page_at :]}", rest


_PARAM = re.compile(r"#\s*param\s+(\w+)\s*(?:\(([^)]*)\))?\s*:\s*(.*)")


def _param(name: str, spec: str | None, doc: str) -> Param:
    kind, default, scheme = "iri", None, None
    if spec:
        parts = [p.strip() for p in spec.split(",")]
        words = parts[0].split()
        kind = words[0]
        scheme = words[1] if len(words) > 1 else None
        for extra in parts[1:]:
            if extra.startswith("default "):
                default = extra[len("default ") :].strip()
    if kind not in PARAM_TYPES:
        raise ValueError(f"parameter {name}: unknown type {kind!r} (known: {', '.join(PARAM_TYPES)})")
    if kind == "notation" and not scheme:
        raise ValueError(f"parameter {name}: type notation needs a scheme, e.g. (notation receptor-status)")
    return Param(name, kind, doc.strip(), default, scheme)


def folder(package: str) -> Path:
    """The folder of the ``.rq`` files a package ships."""
    return Path(str(resources.files(package)))


def stems(package: str) -> list[str]:
    """The names of the queries a package ships, sorted."""
    return sorted(p.stem for p in folder(package).glob("*.rq"))


def read_named(package: str, name: str, kind: str, known: Callable[[], list[str]]) -> CannedQuery:
    """The query ``name`` of a package; a KeyError naming the ``known`` ones when there is none."""
    path = folder(package) / f"{name}.rq"
    if not path.exists():
        raise KeyError(f"no {kind} named {name!r}; available: {', '.join(known())}")
    return read(path)


def read(path: Path) -> CannedQuery:
    """The query in ``path`` with its header read; its name is the file's stem."""
    name = path.stem
    text = path.read_text(encoding="utf-8")
    title, description = name, ""
    params: dict[str, Param] = {}
    columns: tuple[str, ...] = ()
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        pm = _PARAM.match(line)
        if pm:
            params[pm.group(1)] = _param(pm.group(1), pm.group(2), pm.group(3))
            continue
        m = re.match(r"#\s*(title|description|columns)\s*:\s*(.*)", line)
        if not m:
            continue
        kind, rest = m.groups()
        if kind == "title":
            title = rest.strip()
        elif kind == "description":
            description = rest.strip()
        else:
            columns = tuple(c.strip() for c in rest.split(",") if c.strip())
    page_at, page_size = _page_limit(name, text) if "page" in params else (None, None)
    return CannedQuery(name, title, text, params, columns, description, page_at, page_size)


def _page_limit(name: str, text: str) -> tuple[int, int]:
    """Where the page subquery's ``LIMIT n`` ends in a paged query's text, and n."""
    found = []
    for kind, word, _start, end in tokens(text):
        if kind == "word" and word.upper() == "LIMIT":
            m = re.match(r"\s+(\d+)", text[end:])
            if m:
                found.append((end + m.end(), int(m.group(1))))
    if len(found) != 1 or found[0][1] < 1:
        raise ValueError(f"paged query {name!r} needs exactly one LIMIT n (its page of trials), found {len(found)}")
    return found[0]
