"""Bind parameter values into a SPARQL query as constant RDF terms (SEP-0007 substitution done on the text).

Oxigraph evaluates ``substitutions=`` by joining the bound values with the whole plan instead of
pushing them into the triple patterns, so a canned query about one trial scans every trial (measured
at 1,000 trials: 60-100 ms instead of 1 ms). Writing the value into the query as a term lets the
planner start from it; endpoints that take only query text need the same.

The query text is tokenized (IRIs, strings, comments and variables told apart), each occurrence of a
bound variable is replaced by the term's N-Triples form, which ``pyoxigraph`` produces from a checked
IRI or an escaped literal: always exactly one token, so a value can never become query syntax. The
variable stays in the results: in a SELECT projection ``?x`` becomes ``(<term> AS ?x)``, in GROUP BY
and ORDER BY ``(<term>)``. A query this cannot rewrite faithfully (``SELECT *``, a bound variable
that is the target of ``AS``, the argument of BOUND or named in VALUES, a blank-node value) gives ``None``; the caller then
falls back to the engine's own substitution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

# One alternative per token kind; order matters (long strings before short ones).
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
      |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<open>[({])
  | (?P<close>[)}])
  | (?P<other>\S)
    """,
    re.VERBOSE,
)
_CLAUSE_END = {"WHERE", "FROM", "HAVING", "LIMIT", "OFFSET", "VALUES", "GROUP", "ORDER"}


@lru_cache(maxsize=512)
def tokens(sparql: str) -> tuple[tuple[str, str, int, int], ...]:
    out = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        if kind != "comment":
            out.append((kind, m.group(), m.start(), m.end()))
    return tuple(out)


def with_values(sparql: str, names: list[str], rows: Sequence[tuple[str, ...]], literals: bool = False) -> str:
    """``sparql`` with ``VALUES (?a ?b) { (<iri> <iri>) ... }`` at the start of its WHERE group: many
    rows of IRIs (what an ingest touched), each checked and written by pyoxigraph as one IRI token.

    >>> with_values("SELECT ?o WHERE { ?s ?p ?o }", ["s"], [("http://e.org/a",), ("http://e.org/b",)])
    'SELECT ?o WHERE {\\n  VALUES (?s) { (<http://e.org/a>) (<http://e.org/b>) }\\n ?s ?p ?o }'
    """
    import pyoxigraph as ox

    m = re.search(r"\bWHERE\s*\{", sparql, re.I)
    if m is None or not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n) for n in names):
        raise ValueError("with_values needs a WHERE clause and plain variable names")
    if any(len(r) != len(names) for r in rows):
        raise ValueError("every VALUES row needs one IRI per variable")
    head = " ".join(f"?{n}" for n in names)
    term = ox.Literal if literals else ox.NamedNode  # literals: strings, escaped by pyoxigraph
    body = " ".join("(" + " ".join(str(term(i)) for i in r) + ")" for r in rows)
    return f"{sparql[: m.end()]}\n  VALUES ({head}) {{ {body} }}\n{sparql[m.end() :]}"


def keywords(sparql: str) -> set[str]:
    """The keywords (upper case) a query or update uses: words outside IRIs, strings and comments that
    are not part of a prefixed name (``ex:service`` names something; ``SERVICE <...>`` calls out).

    >>> sorted(keywords('SELECT * WHERE { SERVICE <http://e.org/s> { ?s ex:load "LOAD" } }'))
    ['SELECT', 'SERVICE', 'WHERE']
    """
    out = set()
    for kind, text, start, end in tokens(sparql):
        if kind == "word" and sparql[start - 1 : start] != ":" and sparql[end : end + 1] != ":":
            out.add(text.upper())
    return out


def bind_terms(sparql: str, terms: dict[str, str]) -> str | None:
    """``sparql`` with each variable named in ``terms`` replaced by its term (N-Triples syntax, as
    ``str()`` of a pyoxigraph NamedNode or Literal gives it), or None when that would not be
    equivalent to substitution.

    >>> bind_terms("SELECT ?x ?d WHERE { ?x ?p ?d } ORDER BY ?d", {"d": "<http://e.org/d>"})
    'SELECT ?x (<http://e.org/d> AS ?d) WHERE { ?x ?p <http://e.org/d> } ORDER BY (<http://e.org/d>)'
    """
    if not terms:
        return sparql
    if any(t.startswith("_:") or t.startswith("<<") for t in terms.values()):
        return None
    toks = tokens(sparql)
    parts: list[str] = []
    pos = 0
    clause = ""  # "select", "group", "order" while inside such a clause at its own nesting depth
    clause_depth = 0
    depth = 0
    prev_upper = ""
    for i, (kind, text, start, end) in enumerate(toks):
        upper = text.upper() if kind == "word" else ""
        if kind == "word":
            if upper == "SELECT":
                clause, clause_depth = "select", depth
            elif upper == "BY" and prev_upper in ("GROUP", "ORDER"):
                clause, clause_depth = prev_upper.lower(), depth
            elif upper in _CLAUSE_END and depth == clause_depth and clause:
                clause = ""
            if upper == "VALUES":
                names = _values_vars(toks, i + 1)
                if names & terms.keys():
                    return None
        elif kind == "open":
            if text == "{" and depth == clause_depth and clause:
                clause = ""
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < clause_depth:
                clause = ""
        elif kind == "other" and text == "*" and clause == "select" and depth == clause_depth:
            return None
        elif kind == "var" and text[1:] in terms:
            term = terms[text[1:]]
            if prev_upper == "AS" or (i >= 2 and toks[i - 1][1] == "(" and toks[i - 2][1].upper() == "BOUND"):
                return None
            if clause == "select" and depth == clause_depth:
                if depth > 0:  # projected by a subquery: "(term AS ?v)" outside would rebind it (invalid)
                    return None
                new = f"({term} AS {text})"
            elif clause in ("group", "order") and depth == clause_depth:
                new = f"({term})"
            else:
                new = term
            parts.append(sparql[pos:start])
            parts.append(new)
            pos = end
        prev_upper = upper
    parts.append(sparql[pos:])
    return "".join(parts)


def _values_vars(toks: tuple[tuple[str, str, int, int], ...], i: int) -> set[str]:
    """Variable names a VALUES clause starting at token ``i`` declares."""
    names: set[str] = set()
    if i < len(toks) and toks[i][0] == "var":
        return {toks[i][1][1:]}
    if i < len(toks) and toks[i][1] == "(":
        for kind, text, _, _ in toks[i + 1 :]:
            if text == ")":
                break
            if kind == "var":
                names.add(text[1:])
    return names


def inline_values(sparql: str, bindings: dict[str, Any]) -> str:
    """The query with its bound values as a VALUES block at the start of its WHERE group, for
    endpoints that take no bindings beside the query text. Each value is serialized as an RDF term
    (IRIs checked, literals escaped), so it is data, never query syntax.

    >>> inline_values("SELECT ?x WHERE { ?x ?p ?drug }", {"drug": "https://w3id.org/trialkg/id/drug/x"})
    'SELECT ?x WHERE {\\n  VALUES (?drug) { (<https://w3id.org/trialkg/id/drug/x>) }\\n ?x ?p ?drug }'
    """
    from trialkg.graph.store import to_term

    m = re.search(r"\bWHERE\s*\{", sparql, re.I)
    if m is None:
        raise ValueError("a parameterized query needs a WHERE clause")
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(to_term(v)) for v in bindings.values())
    return f"{sparql[: m.end()]}\n  VALUES ({names}) {{ ({terms}) }}\n{sparql[m.end() :]}"
