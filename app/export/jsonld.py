"""A streaming JSON-LD writer: triples grouped by subject become node objects whose keys and values
are compacted with the published context (ontology/context.jsonld), written one node at a time so
that memory stays flat however large the graph.

The context is embedded in the output, so the file reads offline and expands to the same triples.
A value is written in the short form only where the context's coercion reproduces the literal
exactly (same datatype, same lexical form); otherwise in the expanded ``{"@value", "@type"}`` form."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

import pyoxigraph as ox

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Compactor:
    """IRI and term compaction with one JSON-LD context (terms, prefixes and type coercions)."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.prefixes: list[tuple[str, str]] = []  # (namespace, prefix), longest namespace first
        self.terms: dict[str, tuple[str, str | None]] = {}  # IRI -> (term, coerced type)
        for term, value in context.items():
            iri = value if isinstance(value, str) else value.get("@id")
            if iri is None or term.startswith("@"):
                continue
            iri = self._expand(iri)
            if isinstance(value, str) and iri.endswith(("/", "#")):
                self.prefixes.append((iri, term))
            coerce = None if isinstance(value, str) else value.get("@type")
            if iri not in self.terms or len(term) < len(self.terms[iri][0]):
                self.terms[iri] = (term, self._expand(coerce) if coerce and coerce != "@id" else coerce)
        self.prefixes.sort(key=lambda p: (-len(p[0]), p[1]))

    def _expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and not rest.startswith("//") and isinstance(self.context.get(prefix), str):
            return str(self.context[prefix]) + rest
        return value

    def iri(self, iri: str, vocab: bool = False) -> str:
        """A compact IRI ("id:trial/NCT..."), or a term where the position is vocabulary-relative."""
        if vocab and iri in self.terms and self.terms[iri][1] is None:
            return self.terms[iri][0]
        for ns, prefix in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def key(self, predicate: str) -> tuple[str, str | None]:
        """The key for a property and the type its values are coerced to (None: no coercion)."""
        if predicate in self.terms:
            return self.terms[predicate]
        return self.iri(predicate), None

    def value(self, term: Any, coerce: str | None) -> Any:
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            ident = term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
            return self.iri(ident) if coerce == "@id" and isinstance(term, ox.NamedNode) else {"@id": self.iri(ident)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        dt = term.datatype.value
        if coerce is not None and coerce != "@id":
            return term.value if dt == coerce else {"@value": term.value, "@type": self.iri(dt)}
        if dt == _XSD_STRING and coerce is None:
            return term.value
        return {"@value": term.value, "@type": self.iri(dt)}


def write(triples: Iterable[ox.Triple], out: IO[bytes], context: dict[str, Any]) -> int:
    """Write ``triples`` (best grouped by subject, as the store's index order gives them) as one JSON-LD
    document with ``@context`` and ``@graph``; returns the number of triples written."""
    c = Compactor(context)
    out.write(b'{\n"@context": ' + json.dumps(context, ensure_ascii=False).encode() + b',\n"@graph": [')
    count = 0
    first = True
    subject: Any = None
    node: dict[str, Any] = {}

    def flush() -> None:
        nonlocal first
        if subject is None:
            return
        for k, v in node.items():
            if isinstance(v, list) and len(v) == 1:  # one value: written without the array
                node[k] = v[0]
        out.write((b"\n" if first else b",\n") + json.dumps(node, ensure_ascii=False).encode())
        first = False

    for t in triples:
        if t.subject != subject:
            flush()
            subject = t.subject
            ident = subject.value if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"
            node = {"@id": c.iri(ident)}
        count += 1
        p = t.predicate.value
        if p == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(c.iri(t.object.value, vocab=True))
            continue
        key, coerce = c.key(p)
        node.setdefault(key, []).append(c.value(t.object, coerce))
    flush()
    out.write(b"\n]\n}\n")
    return count
