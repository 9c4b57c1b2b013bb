"""N-Triples / N-Quads text of rdflib terms, for bulk loads into Oxigraph (one parse in Rust per batch).

rdflib's ``Literal.n3()`` may write long-quoted strings (Turtle, not N-Triples) and is slow; this
writer escapes per the N-Triples grammar and is deterministic for the same triples.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """N-Triples text, one line per triple, in the given order."""
    return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)


def to_quads(ntriples_text: str, graph: str) -> str:
    """The same lines as N-Quads in a named graph."""
    # lines end with " .\n" as ``ntriples`` writes them, and no term holds a line break (escaped)
    return ntriples_text.replace(" .\n", f" <{graph}> .\n")


__all__ = ["ntriples", "term", "to_quads"]
