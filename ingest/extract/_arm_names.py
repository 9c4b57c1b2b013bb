"""Short names a document gives its arms where it allocates them, to read them where it reports them.

"randomly assigned to the control arm (XY) ... or to the experimental arm (ZXY)", "drug A 50 mg every six
weeks (A50+B)": a bracketed name right after words that name one arm (its role as "control/experimental
arm|group", or the dose of a dose-level arm) stands for that arm wherever the document writes it again.
A name is kept only when it is used again, is no drug's (those are ``_aliases``), and no statistic's or
endpoint's abbreviation.
"""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._doses import AMOUNT_UNIT
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.records import Arm

_NAME = re.compile(r"\((?P<s>[A-Z][A-Za-z0-9]*(?:[+/-][A-Za-z0-9]+){0,3})\)")
# abbreviations of what is measured or how, never of a group
_NOT_ARM = re.compile(
    r"(?:CI|HR|OR|RR|OS|PFS|EFS|DFS|ORR|DCR|DOR|PR|CR|AE|AES|SAE|TRAE|TEAE|ITT|MITT|PP|NS|SD|SE|IQR|RECIST|"
    r"BICR|IRC|ECOG|WHO|FDA|EMA|NCT\d*|Q\d+W|QW|QD|BID|TID|IV|SC|PO|AUC|GY|MG|KG|NSCLC|SCLC|CRC|HCC|RCC|"
    r"COPD|HF|MI|ACS|AF|T2D|T1D|US|UK|EU|BIW|TIW|QOD|QAM|QPM|ER|XR|SR|IR|DR|CR|ODT|IM|SQ)",
    re.I,
)
# the words before the name that say which arm it is
_ROLE_BEFORE = re.compile(
    r"\b(?P<role>control|comparator|reference|standard|placebo|experimental|investigational|intervention|study)"
    r"(?:\s+(?:arm|group|regimen|cohort))?\s*$",
    re.I,
)


def _arm_before(text: str, at: int, arms: list[Arm]) -> Arm | None:
    """The one arm the words right before ``at`` name: by role, or by the dose of a dose-level arm."""
    before = text[max(0, at - 60) : at]
    role = _ROLE_BEFORE.search(before)
    if role is not None:
        word = role.group("role").lower()
        want = "control" if word in {"control", "comparator", "reference", "standard", "placebo"} else "experimental"
        holders = [a for a in arms if a.role == want]
        return holders[0] if len(holders) == 1 else None
    # the dose of a level named last before the bracket, in the same item of the list
    item = re.split(r"[;]|\bor\b|\bversus\b|\bvs\.?(?=\s)", before)[-1]
    doses = list(AMOUNT_UNIT.finditer(item))
    if not doses:
        return None
    last = doses[-1]
    amount = float(last.group("amt"))
    leveled = [a for a in arms if a.level and a.level[0] == amount]
    return leveled[0] if len(leveled) == 1 else None


def arm_short_names(doc: Document, arms: list[Arm], taken: set[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Arm key -> the short names the document defines for it and uses again; never a name in ``taken``
    (the trial's acronym) nor one the text calls a trial or study ("OLYMPIX trial")."""
    if len(arms) < 2 or "(" not in doc.text:
        return {}
    text = doc.text
    found: dict[str, str] = {}
    for m in _NAME.finditer(text):
        short = m.group("s")
        if short in (taken or set()) or re.search(rf"(?<![\w+/-]){re.escape(short)}\s+(?:trial|study)\b", text, re.I):
            continue
        if re.fullmatch(r"[A-Z]{5,}", short):
            continue  # a word in capitals ("HORIZON") names a trial, not one of its arms
        if short in found or len(short) < 2 or sum(c.isupper() for c in short) < 2 or _NOT_ARM.fullmatch(short):
            continue
        if find_drugs(short):
            continue
        used_again = [
            u for u in re.finditer(rf"(?<![\w+/-]){re.escape(short)}(?![\w+/-])", text) if u.start() != m.start("s")
        ]
        if not used_again:
            continue
        arm = _arm_before(text, m.start(), arms)
        if arm is None:
            continue
        found[short] = arm.key
    out: dict[str, tuple[str, ...]] = {}
    for short, key in found.items():
        out[key] = (*out.get(key, ()), short)
    return out
