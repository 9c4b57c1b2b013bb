"""Names a document defines for its drugs and regimens, to read them where it uses them.

"baloxavir marboxil (BXM)", "etoposide and either cisplatin or carboplatin (EP)", "tremelimumab plus
durvalumab and chemotherapy (T + D + CT)", "A+AVD (brentuximab vedotin plus doxorubicin, vinblastine and
dacarbazine)", "durvalumab (D)": a short name written right beside a run of drug names (joined by
"plus", "and", "or", "+", "-", ",") stands for those drugs in the rest of the document.  A name of one
letter ("D", "T") is read only inside a combination ("D + T + EP"), where it cannot be a word.
"""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import DrugRef

# what may join the drug names of one regimen
_JOIN = re.compile(
    r"\s*(?:(?:,|\+|±|/|-|–|plus|and|or|with|to|either|in\s+combination\s+with|followed\s+by)\s*)+|\s+", re.I
)

# words of a regimen that are no drug (they join its name but add no drug to it)
_FILLER = re.compile(r"(?:\s*(?:,|\+|-|plus|and|with)?\s*(?:platinum-based\s+)?(?:chemotherapy|chemo))", re.I)
_SHORT = r"[A-Za-z][A-Za-z0-9]*(?:\s*[+±/-]\s*[A-Za-z][A-Za-z0-9]*){0,4}"
_AFTER = re.compile(rf"[(\[]\s*(?P<s>{_SHORT})\s*[,;)\]]")  # "drugs (SHORT)", "drugs (SHORT, n = 216)", "[SHORT; ...]"
_BEFORE = re.compile(rf"(?<![\w+-])(?P<s>{_SHORT})\s*\((?P<long>[^()]{{4,160}})\)")  # "SHORT (drugs)"
_NOT_SHORT = {
    "or", "and", "vs", "ie", "eg", "i", "ii", "iii", "iv", "ci", "hr", "rr", "os", "pfs", "orr",
    # doses, routes and words of a regimen, not names of one
    "bid", "tid", "qid", "qd", "qw", "q2w", "q3w", "q4w", "sc", "po", "im", "control", "alone", "placebo", "daily",
    "weekly", "monthly", "oral", "arm", "group", "mg", "total",
}  # fmt: skip


def _run_before(text: str, end: int, hits: list[tuple[int, int, DrugRef]]) -> list[DrugRef]:
    """The drugs of the run of drug names that ends right before ``end`` (chemotherapy words allowed)."""
    out: list[DrugRef] = []
    pos = end
    # (a brand name in brackets right after a drug's name is that drug's: "rituximab (Rituxan)"; the run
    # goes on over it, and over a biologic's suffix: "polatuzumab vedotin-piiq (Polivy) to rituximab")
    before = [h for h in hits if h[1] <= end]
    tails: dict[int, int] = {}
    kept: list[tuple[int, int, DrugRef]] = []
    for h in before:
        prev = kept[-1] if kept else None
        if prev is not None and h[2].key == prev[2].key:
            opened = re.fullmatch(r"(?:-[a-z]{4})?\s*\(\s*", text[prev[1] : h[0]])
            closed = re.match(r"\s*(?:®|™)?\)", text[h[1] :])
            if opened and closed:
                tails[prev[1]] = h[1] + closed.end()
                continue
        kept.append(h)
    for a, b, ref in reversed(kept):
        # (a brand the dictionary lacks is a capitalized word, "(Polivy)"; a short name, "(D)", ends the run)
        suffix = re.match(r"(?:-[a-z]{4}\b)?(?:\s*\(\s*[A-Z][a-z]{3,}(?:®|™)?\s*\))?", text[b:])
        b = tails.get(b, b + (suffix.end() if suffix else 0))
        if b > pos:
            break
        gap = text[b:pos]
        gap_wo = _FILLER.sub("", gap)
        if not re.fullmatch(rf"(?:{_JOIN.pattern})?", gap_wo, re.I) and gap_wo.strip():
            break
        out.insert(0, ref)
        pos = a
    return out


def _all_drugs(text: str, hits: list[tuple[int, int, DrugRef]]) -> list[DrugRef] | None:
    """The drugs of ``text`` when it is nothing but drug names, joiners and chemotherapy words."""
    rest, pos = [], 0
    for a, b, _ in hits:
        rest.append(text[pos:a])
        pos = b
    rest.append(text[pos:])
    if not hits or any(_FILLER.sub("", r).strip(" ,+-/±") and not _JOIN.fullmatch(_FILLER.sub("", r)) for r in rest):
        return None
    return [ref for _, _, ref in hits]


_CHEMO_PART = {"ct", "c", "chemo", "ctx", "chemotherapy"}


def _starts(letter: str, drug: DrugRef) -> bool:
    name = drug.label.lower()
    return name.startswith(letter) or (letter == "p" and "platin" in name)  # "P": a platinum


def _initials_fit(short: str, drugs: list[DrugRef]) -> bool:
    """The short name's letter groups ("T + D + CT") or capitals ("ABCP", "EP") start the drugs' names in
    their order ("P" may be a platinum, "CT" chemotherapy); a one-drug name holds the drug's initial."""
    parts = [p for p in re.split(r"\s*[+±/-]\s*", short) if p and p.lower() not in _CHEMO_PART]
    if len(drugs) == 1:  # its first letter the drug's, its others in the drug's name in order ("BXM", "axi-cel")
        letters = [c.lower() for p in parts for c in p if c.isalpha()]
        rest = iter(drugs[0].label.lower())
        return bool(letters) and _starts(letters[0], drugs[0]) and all(c in rest for c in letters[1:])
    if len(parts) == 1 and not re.search(r"[+±/-]", short):
        parts = [c for c in short if c.isupper()]
    if not parts or len(parts) > len(drugs) or not _starts(parts[0][0].lower(), drugs[0]):
        return False
    i = 0
    for p in parts:
        while i < len(drugs) and not _starts(p[0].lower(), drugs[i]):
            i += 1
        if i == len(drugs):
            return False
        i += 1
    return True


def defined_aliases(doc: Document) -> dict[str, list[DrugRef]]:
    """Short name -> the drugs it stands for, as the document defines them (first definition wins)."""
    text = doc.text
    if "(" not in text and "[" not in text:
        return {}
    hits = find_drugs(text)
    out: dict[str, list[DrugRef]] = {}
    for m in _AFTER.finditer(text):
        short = m.group("s").strip()
        if short.lower() in _NOT_SHORT or short in out or find_drugs(short):
            continue
        drugs = _run_before(text, m.start(), hits)
        if drugs and _initials_fit(short, drugs):
            out[short] = sorted({d.key: d for d in drugs}.values(), key=lambda d: d.key)
    for m in _BEFORE.finditer(text):
        short = m.group("s").strip()
        # (a name of capitals, "A+AVD", "ABVD", not a word that opens a bracket: "Treatment (A plus B)")
        if sum(c.isupper() for c in short) < 2 or short.lower() in _NOT_SHORT or short in out or find_drugs(short):
            continue
        a = m.start("long")
        inner = _all_drugs(m.group("long"), [(x - a, y - a, r) for x, y, r in hits if a <= x and y <= m.end("long")])
        if inner and len(inner) >= 2:
            out[short] = sorted({d.key: d for d in inner}.values(), key=lambda d: d.key)
    return out
