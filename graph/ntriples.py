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


def checked_ntriples(*parts: Iterable[tuple[Node, Node, Node]]) -> tuple[list[str], str | None]:
    """The N-Triples text of each list of triples (as ``ntriples`` writes it), and why Oxigraph's strict
    parser would refuse them, or None (then the texts are empty): each distinct IRI (datatypes included)
    and language tag checked by Oxigraph itself (``NamedNode`` and ``Literal`` validate as its parser
    does) the first time it is written, the lists sharing one cache of written terms.  Used where each
    document is mapped, so that a bad term rejects that document alone, and the writer can bulk-load the
    checked text without validating it again.  One pass over the triples where a check apart took a
    second (0.18 ms per document of the synthetic corpus)."""
    written: dict[Node, str] = {}
    literal_parts: dict[str, str | None] = {}  # datatype IRIs and "@" + language tags: why refused, or None
    texts = []
    try:
        for triples in parts:
            lines = []
            for s, p, o in triples:
                # (a term written before is taken from the cache; ``_first_time`` checks and writes the others)
                ts = written.get(s) or _first_time(s, written)
                tp = written.get(p) or _first_time(p, written)
                if isinstance(o, Literal):
                    for key in ("@" + o.language if o.language is not None else None, o.datatype):
                        why = None if key is None else _literal_part_refused(str(key), literal_parts)
                        if why:
                            raise _Refused(why)
                    to = term(o)
                else:
                    to = written.get(o) or _first_time(o, written)
                lines.append(f"{ts} {tp} {to} .\n")
            texts.append("".join(lines))
    except _Refused as e:
        return [], e.why
    return texts, None


class _Refused(Exception):
    def __init__(self, why: str) -> None:
        self.why = why


def _first_time(t: Node, written: dict[Node, str]) -> str:
    """An IRI or blank node written for the first time: checked, then kept in ``written``."""
    why = _iri_refused(t)
    if why:
        raise _Refused(why)
    text = written[t] = term(t)
    return text


def _literal_part_refused(key: str, checked: dict[str, str | None]) -> str | None:
    """Why a literal's datatype IRI or "@" + language tag is refused, or None (each checked once)."""
    if key not in checked:
        checked[key] = _language_refused(key[1:]) if key[0] == "@" else _iri_check(key)
    return checked[key]


def _iri_refused(t: Node) -> str | None:
    """Why the strict parser would refuse this term as an IRI, or None (blank nodes pass)."""
    if not isinstance(t, URIRef):
        return None
    iri = str(t)
    return _iri_check_shared(iri) if iri.startswith(_SHARED) else _iri_check(iri)


def _language_refused(tag: str) -> str | None:
    try:
        ox.Literal("", language=tag)
    except ValueError as e:
        return f"invalid language tag {tag!r}: {e}"
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


__all__ = ["checked_ntriples", "ntriples", "string_literal", "term", "to_quads", "without_mentions"]
