"""N-Triples / N-Quads text of rdflib terms, for bulk loads into Oxigraph (one parse in Rust per batch).

rdflib's ``Literal.n3()`` may write long-quoted strings (Turtle, not N-Triples) and is slow; this
writer escapes per the N-Triples grammar and is deterministic for the same triples.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term(t: Node) -> str:
    """One term in N-Triples syntax."""
    if type(t) is URIRef:
        return f"<{t}>"
    if isinstance(t, Literal):
        body = '"' + str(t).translate(_ESCAPES) + '"'
        if t.language:
            return f"{body}@{t.language}"
        if t.datatype is not None and str(t.datatype) != _XSD_STRING:
            return f"{body}^^<{t.datatype}>"
        return body
    if isinstance(t, BNode):
        return f"_:{t}"
    if isinstance(t, URIRef):
        return f"<{t}>"
    raise TypeError(f"not an RDF term: {t!r}")


def string_literal(text: str) -> str:
    """A plain string literal in N-Triples syntax (what ``term`` writes for ``Literal(text)``)."""
    return '"' + text.translate(_ESCAPES) + '"'


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """N-Triples text, one line per triple, in the given order."""
    written: dict[Node, str] = {}  # IRIs and blank nodes recur (subjects, predicates): each written once
    lines = []
    for s, p, o in triples:
        ts = written.get(s)
        if ts is None:
            ts = written[s] = term(s)
        tp = written.get(p)
        if tp is None:
            tp = written[p] = term(p)
        if isinstance(o, Literal):  # (an rdflib Literal hashes and compares in Python: not cached)
            to = term(o)
        else:
            cached = written.get(o)
            to = cached if cached is not None else written.setdefault(o, term(o))
        lines.append(f"{ts} {tp} {to} .\n")
    return "".join(lines)


def refused_term(triples: Iterable[tuple[Node, Node, Node]]) -> str | None:
    """Why Oxigraph's strict parser would refuse the N-Triples of these triples, or None: each distinct
    IRI (datatypes included) and language tag checked by Oxigraph itself (``NamedNode`` and ``Literal``
    validate as its parser does).  Checked per document where it is mapped, so that a bad term rejects
    that document alone, and the writer can bulk-load the checked text without validating it again."""
    seen: set[str] = set()
    for triple in triples:
        for t in triple:
            if type(t) is URIRef:
                iri = str(t)
            elif isinstance(t, Literal):
                if t.language is not None and "@" + t.language not in seen:
                    seen.add("@" + t.language)
                    try:
                        ox.Literal("", language=t.language)
                    except ValueError as e:
                        return f"invalid language tag {t.language!r}: {e}"
                if t.datatype is None:
                    continue
                iri = str(t.datatype)
            elif isinstance(t, URIRef):
                iri = str(t)
            else:
                continue
            if iri not in seen:
                seen.add(iri)
                why = _iri_check_shared(iri) if iri.startswith(_SHARED) else _iri_check(iri)
                if why:
                    return why
    return None


def _iri_check(iri: str) -> str | None:
    try:
        ox.NamedNode(iri)
    except ValueError as e:
        return f"invalid IRI <{iri}>: {e}"
    return None


# the IRIs every document repeats (properties, classes, vocabulary): checked once per process
_SHARED = ("https://w3id.org/trialkg/ontology#", "https://w3id.org/trialkg/vocab/", "http://www.w3.org/")
_iri_check_shared = lru_cache(maxsize=4096)(_iri_check)


_MENTION_TYPED = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/trialkg/ontology#Mention> .\n"


def without_mentions(ntriples_text: str) -> str:
    """The lines of N-Triples text (as ``ntriples`` writes them) whose subject is not a tkg:Mention typed
    so in the same text: what the store's union view holds of a document graph (graph/store.py)."""
    lines = ntriples_text.splitlines(keepends=True)
    mentions = {line.split(" ", 1)[0] for line in lines if line.endswith(_MENTION_TYPED)}
    if not mentions:
        return ntriples_text
    return "".join(line for line in lines if line.split(" ", 1)[0] not in mentions)


def to_quads(ntriples_text: str, graph: str) -> str:
    """The same lines as N-Quads in a named graph."""
    # lines end with " .\n" as ``ntriples`` writes them, and no term holds a line break (escaped)
    return ntriples_text.replace(" .\n", f" <{graph}> .\n")


__all__ = ["ntriples", "refused_term", "string_literal", "term", "to_quads", "without_mentions"]
