"""Subgroups cut by a biomarker or by age, as a text names them, and one canonical key per subgroup.

"a PD-L1 combined positive score (CPS) of 10 or more", "PD-L1 CPS ≥10", "CPS-10" are one subgroup;
"MSI-H/dMMR tumors" and "centrally confirmed MSI-H or dMMR" another; "a high tumor mutational burden",
"EGFR-mutant", "KRAS wild-type", "patients aged 65 years or older".  ``find_subgroups`` gives the phrases
of a text with their keys; ``subgroup_key`` gives the key of a label written anywhere (a gold file, a
query parameter), so that two writings of one subgroup compare equal.
"""

from __future__ import annotations

import re


def _cut(tag: str) -> str:
    """A cut of a score: "≥10", ">= 10", "of 10 or more", "of at least 10", "10 or higher", "<1%"."""
    num = rf"(?P<n{tag}a>\d+(?:\.\d+)?)(?:\s*%)?"
    num2 = rf"(?P<n{tag}b>\d+(?:\.\d+)?)(?:\s*%)?"
    num3 = rf"(?P<n{tag}c>\d+(?:\.\d+)?)(?:\s*%)?"
    return (
        rf"(?:\s*(?P<op{tag}>≥|>=|≧|>|≤|<=|<)\s*{num}"
        rf"|\s+(?:of\s+)?(?:at\s+least\s+{num2}|{num3}(?=\s+or\s+(?:more|higher|greater|above))))"
    )


_SCORE = (
    r"(?:combined\s+positive\s+score|tumou?r\s+proportion\s+score|tumou?r\s+area\s+positivity(?:\s+score)?|CPS|TPS|TAP)"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pd-l1",
        re.compile(
            rf"\b(?:PD-?L1\s+(?:expression\s+)?)?(?P<score>{_SCORE})(?:\s*\((?:CPS|TPS|TAP)\))?{_cut('1')}"
            rf"|\bPD-?L1(?:\s+expression)?{_cut('2')}"
            r"|\bPD-?L1[-\s–](?P<sign>positive|negative)\b",
            re.I,
        ),
    ),
    (
        "msi",
        re.compile(r"\b(?P<tag>MSI-H|MSI-high|dMMR|pMMR|MSS)\b(?:\s*(?:/|or|and)\s*(?P<tag2>MSI-H|dMMR|pMMR|MSS)\b)?"),
    ),
    (
        "tmb",
        re.compile(
            r"\b(?:(?P<level>high|low)\s+tumou?r\s+mutational\s+burden|TMB[-\s](?P<level2>high|low|H)\b"
            r"|tumou?r\s+mutational\s+burden\s+(?:of\s+)?(?:≥|>=|at\s+least)\s*\d+)",
            re.I,
        ),
    ),
    (
        "gene",
        re.compile(
            r"\b(?P<gene>EGFR|KRAS|NRAS|BRAF|ALK|ROS1|BRCA[12]?|HRR|PIK3CA|ESR1|TP53|IDH[12]|FLT3|NPM1|RAS)"
            r"(?:[-\s](?P<state>mutant|mutated|mutation|mutations|co-mutation|co-mutations|wild[-\s]type|WT|positive|"
            r"negative|fusion|rearranged|altered|alterations?)\b)"
        ),
    ),
    (
        "age",
        re.compile(
            r"\baged\s+(?P<op>≥|>=|<|≤|<=)\s*(?P<n>\d+)\s*(?:years|y)\b"
            r"|\baged\s+(?P<n2>\d+)\s*(?:years\s+)?(?:or|and)\s+(?:older|over|above)\b"
            r"|\b(?P<n3>\d+)\s+years\s+(?:of\s+age\s+)?(?:or|and)\s+(?:older|over)\b",
            re.I,
        ),
    ),
)
# a word each pattern below needs
_TRIGGER = re.compile(
    r"PD-?L1|CPS|TPS|TAP|positive\s+score|proportion\s+score|area\s+positivity|MSI|MMR|MSS|TMB|mutational|"
    r"EGFR|KRAS|NRAS|BRAF|ALK|ROS1|BRCA|HRR|PIK3CA|ESR1|TP53|IDH|FLT3|NPM1|RAS|aged|older",
    re.I,
)
# a cut named as its complement or as one end of a range is no subgroup key of its own
_NEGATED = re.compile(r"(?:\bnon-|\bwithout\s+(?:an?\s+|any\s+)?)$", re.I)
_NOT_A_CUT = re.compile(r"-negative\b|\s*(?:to|–|-)\s*(?:<|≤|<=)?\s*\d", re.I)
_OPS = {"≥": ">=", "≧": ">=", ">=": ">=", ">": ">", "≤": "<=", "<=": "<=", "<": "<"}


def _key(kind: str, m: re.Match[str]) -> str:
    g = m.groupdict()
    if kind == "pd-l1":
        if g.get("sign"):
            return f"pd-l1 {g['sign'].lower()}"
        score = (g.get("score") or "").lower()
        score = (
            "cps"
            if score.startswith(("comb", "cps"))
            else "tap"
            if "area" in score or score == "tap"
            else "tps"
            if score
            else "expression"
        )
        op = _OPS.get(g.get("op1") or g.get("op2") or "", ">=")
        n = next(v for k, v in g.items() if k[:2] in ("n1", "n2") and v)
        return f"pd-l1 {score} {op}{float(n):g}"
    if kind == "msi":
        tags = {t.lower().replace("msi-high", "msi-h") for t in (g.get("tag"), g.get("tag2")) if t}
        return "+".join(sorted(tags))
    if kind == "tmb":
        level = (g.get("level") or g.get("level2") or "high").lower()
        return "tmb " + ("high" if level in ("high", "h") else "low")
    if kind == "gene":
        state = g["state"].lower().replace(" ", "-")
        state = (
            "wild-type"
            if state in ("wild-type", "wt")
            else "mutant"
            if "mut" in state or state == "altered" or state.startswith("alteration")
            else state
        )
        return f"{g['gene'].upper()} {state}"
    op = _OPS.get(g.get("op") or "", ">=")
    n = g.get("n") or g.get("n2") or g.get("n3")
    return f"age {op}{n}"


def find_subgroups(text: str, base: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, key) of each subgroup phrase of ``text``, in order."""
    if not _TRIGGER.search(text):
        return []  # (most sentences name none: one scan for the words every pattern needs)
    found: list[tuple[int, int, str]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(a < base + m.end() and base + m.start() < b for a, b, _ in found):
                continue
            if _NEGATED.search(text[max(0, m.start() - 12) : m.start()]) or _NOT_A_CUT.match(text, m.end()):
                continue  # "non-MSI-H", "without EGFR mutations", "mutation-negative", "CPS ≥1 to <10"
            end = m.end()
            more = re.match(r"\s+or\s+(?:more|higher|greater|above)\b", text[end:])
            found.append((base + m.start(), base + end + (more.end() if more else 0), _key(kind, m)))
    return sorted(found)


def subgroup_key(label: str) -> str | None:
    """The key of the one subgroup ``label`` names, or None (no subgroup, or several)."""
    keys = {k for _, _, k in find_subgroups(label)}
    if not keys:
        # shorthand of a score's cut: "CPS-10"
        m = re.fullmatch(r"\s*(?:PD-?L1\s+)?(CPS|TPS)[-\s]?(\d+)\s*", label, re.I)
        return f"pd-l1 {m.group(1).lower()} >={float(m.group(2)):g}" if m else None
    return keys.pop() if len(keys) == 1 else None
