"""Label lexicons built from the SKOS schemes in vocab/ (loaded once, on first use); the one place SKOS is read."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rdflib import Graph
from rdflib.namespace import SKOS
from trialkg.ontology import ontology_dir


@cache
def _graph(scheme: str) -> Graph:
    """A scheme's file, parsed once."""
    return Graph().parse(ontology_dir() / "vocab" / f"{scheme}.ttl")


@cache
def labels(scheme: str) -> tuple[tuple[str, str], ...]:
    """(label, notation) pairs of a scheme, longest label first; labels include altLabels."""
    g = _graph(scheme)
    pairs: set[tuple[str, str]] = set()
    for concept in g.subjects(SKOS.notation, None):
        notation = str(g.value(concept, SKOS.notation))
        for pred in (SKOS.prefLabel, SKOS.altLabel):
            for lab in g.objects(concept, pred):
                pairs.add((str(lab), notation))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


@cache
def _pref_labels(scheme: str) -> dict[str, str]:
    g = _graph(scheme)
    return {str(g.value(c, SKOS.notation)): str(g.value(c, SKOS.prefLabel)) for c in g.subjects(SKOS.notation, None)}


def pref_label(scheme: str, notation: str) -> str:
    return _pref_labels(scheme).get(notation, notation)


@cache
def broader(scheme: str) -> dict[str, str]:
    g = _graph(scheme)
    out: dict[str, str] = {}
    for c, b in g.subject_objects(SKOS.broader):
        out[str(g.value(c, SKOS.notation))] = str(g.value(b, SKOS.notation))
    return out


@cache
def pattern(scheme: str, case_sensitive_short: bool = True) -> re.Pattern[str]:
    """One regex matching any label; upper-case abbreviations (PFS, OS) match case-sensitively.

    The labels are grouped by their first letter, each group behind a look-ahead for it, in the order
    ``labels`` gives within a group: at a word start Python's re then tries one group's labels instead of
    every label (2x faster on the adverse-event and end-point schemes), and as only labels of that
    letter can match there, the first that matches is the one the plain alternation would take."""
    alts: list[str] = []
    groups: dict[str, list[str]] = {}
    for lab, _ in labels(scheme):
        esc = re.escape(lab).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s\-–]?")
        alt = f"(?-i:{esc})" if case_sensitive_short and lab.upper() == lab and len(lab) <= 5 else esc
        alts.append(alt)
        groups.setdefault(lab[:1].lower() if lab[:1].isascii() and lab[:1].isalnum() else "", []).append(alt)
    if "" in groups:  # a label that starts with something else: one plain alternation
        body = "|".join(alts)
    else:
        body = "|".join(f"(?={first})(?:{'|'.join(group)})" for first, group in groups.items())
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.I)


_SPACES = re.compile(r"[\s\-–]+")


@cache
def _by_label(scheme: str) -> dict[str, list[tuple[str, str]]]:
    """The scheme's (label, notation) pairs by normalized label, in the order ``labels`` gives."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lab, notation in labels(scheme):
        out.setdefault(_SPACES.sub(" ", lab).lower(), []).append((lab, notation))
    return out


def lookup(scheme: str, text: str) -> str | None:
    """Notation for a label (case-insensitive, hyphens and spaces equivalent)."""
    stated = text.strip()
    for lab, notation in _by_label(scheme).get(_SPACES.sub(" ", stated).lower(), []):
        if lab.upper() == lab and len(lab) <= 5 and stated != lab:
            continue  # an abbreviation (PFS, OS) counts only as written
        return notation
    return None


@lru_cache(maxsize=4096)
def _found(scheme: str, text: str) -> tuple[tuple[int, int, str], ...]:
    out = []
    for m in pattern(scheme).finditer(text):
        n = lookup(scheme, m.group(0))
        if n:
            out.append((m.start(), m.end(), n))
    return tuple(out)


def find(scheme: str, text: str, base: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, notation) for every label of the scheme in ``text``.  The search is kept per
    (scheme, text): several extractors look for the same scheme in the same sentence or clause (72% of
    the calls on abstracts)."""
    return [(a + base, b + base, n) for a, b, n in _found(scheme, text)]
