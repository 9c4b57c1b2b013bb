"""Resolve drug names (generic, brand, development code, class) to identifiers, with offsets.

Two sources: the offline dictionary of the ``drug-named-entity-recognition`` package (DrugBank and
MeSH ids, brand names; read by ``drug_dictionary``) and ``ontology/drugs.tsv`` for codes and classes
it lacks.  The dictionary is loaded on first use, never at import time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Any

from trialkg.ingest.drug_dictionary import lookup, under_own_name
from trialkg.ingest.records import DrugRef
from trialkg.ingest.text import folded, gate, may_match
from trialkg.ontology import read_tsv

# words the dictionary knows as drug names but which are ordinary words or abbreviations in trial text
_NOT_DRUGS = {
    "et",
    "ai",
    "os",
    "hr",
    "pfs",
    "orr",
    "ci",
    "ae",
    "aes",
    "group",
    "standard",
    "therapy",
    "control",
    "placebo",
    "oxygen",
    "water",
    "alcohol",
    "ethanol",
    "glucose",
    "sodium",
    "iron",
    "calcium",
    "potassium",
    "vitamin",
    "estrogen",
    "estrogens",
    "progesterone",
    "hormone",
    "hormones",
    "insulin",
    "testosterone",
    "cortisol",
    "medicine",
    "study",
    "trial",
    "response",
    "benefit",
    "risk",
    "progression",
    "dose",
    "patients",
}
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")
# a dictionary name that starts with one of these as a word of the text is a phrase, not a drug:
# "at 10" (a dose, not the synonym AT 10 of dihydrotachysterol), "in 1", "on 24"
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "up",
        "vs",
        "with",
    ]
)


@cache
def _supplement() -> tuple[tuple[re.Pattern[str], DrugRef], ...]:
    out: list[tuple[re.Pattern[str], DrugRef]] = []
    for label, dbid, mesh, kind, syns in read_tsv("drugs.tsv"):
        ref = DrugRef(
            label=label.lower() if kind == "class" else label,
            drugbank_id=dbid or None,
            mesh_id=mesh or None,
            is_class=kind == "class",
        )
        names = sorted({label, *syns.split("|")}, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names if n) + r")(?![\w-])", re.I)
        out.append((gate(pattern, *sorted({folded(n) for n in names if n})), ref))
    return tuple(out)


# a biologic's four-letter nonproprietary suffix ("polatuzumab vedotin-piiq", "trastuzumab-dkst"), not a word
_SUFFIX = re.compile(r"(?P<base>[A-Za-z]{4,})-(?P<s>[a-z]{4})")
_NOT_SUFFIX = {"only", "like", "free", "dose", "high", "time", "type", "term", "year", "week", "fold", "rich", "poor",
               "arms", "base", "line", "risk", "span", "well", "long", "last", "wide", "rate"}  # fmt: skip


def _without_suffix(start: int, tok: str) -> tuple[int, int, str]:
    m = _SUFFIX.fullmatch(tok) if "-" in tok else None
    if m and m.group("s") not in _NOT_SUFFIX:
        return start, start + len(m.group("base")), m.group("base")
    return start, start + len(tok), tok


# British spellings the dictionary lists in their American form ("faecal", "oestradiol", "haem-")
_BRITISH_STEMS = (("faec", "fec"), ("haem", "hem"), ("oestr", "estr"), ("oesoph", "esoph"), ("anaes", "anes"))


def _american(word: str) -> str:
    low = word.lower()
    for british, american in _BRITISH_STEMS:
        if low.startswith(british):
            return american + word[len(british) :]
    return word


def _with_own_names(words: list[str]) -> list[tuple[Mapping[str, Any], int, int]]:
    """The dictionary's matches, and the drugs it misses: the drug of a product named in two words that has
    no drug entry ("nicotine patch": nicotine), a drug listed only under its salts' names ("nicotine")."""
    found = lookup(words)
    drugs = {k for data, i, j in found if data.get("drugbank_id") for k in range(i, max(j, i + 1))}
    extra: list[tuple[Mapping[str, Any], int, int]] = []
    for k, word in enumerate(words):
        if k in drugs:
            continue
        in_product = any(j - i >= 2 and i <= k < j and not data.get("drugbank_id") for data, i, j in found)
        alone = [x for x in lookup([word]) if x[0].get("drugbank_id")] if in_product else []
        own = under_own_name(word)
        if alone:
            extra.extend((data, k, k + 1) for data, _, _ in alone)
        elif own is not None:
            extra.append((own, k, k + 1))
    return found + extra


@lru_cache(maxsize=8192)  # per sentence; bounded, as an ingest reads millions of them
def _find_in_sentence(text: str) -> tuple[tuple[int, int, DrugRef], ...]:
    hits: list[tuple[int, int, DrugRef]] = []
    low = folded(text)
    for pattern, ref in _supplement():
        for m in pattern.finditer(text) if may_match(pattern, text, low) else ():
            hits.append((m.start(), m.end(), ref))
    toks = [_without_suffix(m.start(), m.group(0)) for m in _TOKEN.finditer(text)]
    words = [_american(t[2]) for t in toks]
    if words:
        for data, i, j in _with_own_names(words):
            j = max(j, i + 1)  # the dictionary gives token spans as [i, j)
            surface = " ".join(words[i:j])
            if surface.lower() in _NOT_DRUGS or len(surface) < 4:
                continue
            if not data.get("drugbank_id"):
                continue  # MeSH-only entries are mostly proteins and receptors; classes come from drugs.tsv
            if surface.isupper() and len(surface) <= 4:
                continue
            if j - i >= 2 and words[i] in _FUNCTION_WORDS:
                continue
            name = str(data.get("name") or surface)
            mesh = data.get("mesh_id")
            dbid = data.get("drugbank_id")
            ref = DrugRef(label=name, drugbank_id=dbid, mesh_id=mesh or None)
            hits.append((toks[i][0], toks[j - 1][1], ref))
    # drugs joined by a hyphen ("venetoclax-obinutuzumab", "carboplatin-paclitaxel"): each part a drug
    covered = {(a, b) for a, b, _ in hits}
    for a, b, tok in toks:
        if "-" not in tok or (a, b) in covered:
            continue
        parts = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z]{4,}", tok)]
        if len(parts) < 2 or len(parts) != tok.count("-") + 1:
            continue
        found = [(a + x, a + y, data) for data, i, _ in lookup([p[2] for p in parts]) for x, y, _ in [parts[i]]]
        found = [f for f in found if f[2].get("drugbank_id") and text[f[0] : f[1]].lower() not in _NOT_DRUGS]
        others = [p for p in parts if p[2].lower() in ("chemotherapy", "chemo", "placebo")]
        if found and len(found) + len(others) == len(parts):  # every part a drug (or chemotherapy, placebo)
            for x, y, data in found:
                hits.append(
                    (
                        x,
                        y,
                        DrugRef(
                            label=str(data.get("name") or text[x:y]),
                            drugbank_id=data.get("drugbank_id"),
                            mesh_id=data.get("mesh_id") or None,
                        ),
                    )
                )
    # prefer longer, then supplement entries; drop overlaps
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, DrugRef]] = []
    for h in hits:
        if out and h[0] < out[-1][1]:
            continue
        out.append(h)
    return tuple(out)


# names the document being read defines for drugs and regimens ("baloxavir marboxil (BXM)", "etoposide and
# cisplatin (EP)"): set by ``document_aliases`` around the extraction of one document
_ALIASES: ContextVar[tuple[tuple[re.Pattern[str], tuple[DrugRef, ...]], ...]] = ContextVar("drug_aliases", default=())


def _alias_pattern(name: str) -> re.Pattern[str]:
    """``name`` as written (spaces around "+" free); a one-letter name only inside a combination ("D + EP")."""
    body = r"\s*[+±/-]\s*".join(re.escape(p) for p in re.split(r"\s*[+±/-]\s*", name))
    if len(name) == 1:
        # (beside a "+" that stands free, "D + T", "D+T", not "CD8+ T cells")
        return re.compile(
            rf"(?<![\w-]){body}(?![\w-])(?=\s*[+±]\s*[A-Z])|(?<=\s[+±]\s){body}(?![\w-])|(?<=[A-Z][+±]){body}(?![\w-])"
        )
    return re.compile(rf"(?<![\w+-]){body}(?![\w+-])")


@contextmanager
def document_aliases(aliases: dict[str, list[DrugRef]]) -> Iterator[None]:
    """Within the block, ``find_drugs`` also finds the given names (case as written), each as the drugs it
    stands for."""
    token = _ALIASES.set(
        tuple((_alias_pattern(a), tuple(refs)) for a, refs in sorted(aliases.items(), key=lambda kv: -len(kv[0])))
    )
    try:
        yield
    finally:
        _ALIASES.reset(token)


def find_drugs(text: str, base: int = 0) -> list[tuple[int, int, DrugRef]]:
    """Drug mentions in ``text`` as (start, end, DrugRef), offsets shifted by ``base`` (a document's name for a
    regimen gives one mention per drug, all at its span)."""
    hits = list(_find_in_sentence(text))
    aliases = _ALIASES.get()
    if aliases:
        for rx, refs in aliases:
            for m in rx.finditer(text):
                a = m.start() + len(m.group()) - len(m.group().lstrip())
                if not any(x < m.end() and a < y for x, y, _ in hits):
                    hits.extend((a, m.end(), ref) for ref in refs)
        hits.sort(key=lambda h: h[0])
    return [(s + base, e + base, r) for s, e, r in hits]


@cache
def _regimens() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, drugs, syns in read_tsv("regimens.tsv"):
        for n in {name, *syns.split("|")} - {""}:
            out[n.lower()] = tuple(drugs.split("|"))
    return out


def known_regimen(name: str) -> list[DrugRef]:
    """The drugs of a standard regimen named by its acronym ("R-CHOP", "mFOLFOX6"); empty when the name is
    none of ``ontology/regimens.tsv``."""
    drugs = _regimens().get(name.strip().lower())
    if not drugs:
        return []
    refs = [r for d in drugs if (r := resolve_drug(d)) is not None]
    return sorted({r.key: r for r in refs}.values(), key=lambda r: r.key) if len(refs) == len(drugs) else []


def resolve_drug(name: str) -> DrugRef | None:
    hits = find_drugs(name)
    return hits[0][2] if hits else None
