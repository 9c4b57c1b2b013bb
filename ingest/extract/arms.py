"""Arms: which drugs distinguish each arm, arm role, arm size and dosing schedules.

Arms are found from the allocation sentence ("assigned to A or B", "with or without X"), the
title ("A versus B") and group phrases ("the X group").  An arm is keyed by the drugs that
distinguish it from the other arms; the arm with none (or placebo, "standard therapy", "alone")
is the control.  Therapy given in every arm is recorded as the backbone.
"""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract._arm_groups import flow_groups, registry_arm_groups, titled_groups
from trialkg.ingest.extract._arm_names import arm_short_names
from trialkg.ingest.extract._clauses import COMPARED_TO, CONTROL_RE, analyze, find_cues, unit_kind
from trialkg.ingest.extract._doses import dose_levels, fmt_amount, group_levels, received_alternatives
from trialkg.ingest.lexicon import find_drugs, known_regimen
from trialkg.ingest.records import Arm, DrugRef, Intervention, TrialRecord, Value
from trialkg.ingest.text import gate, may_match, mention, sentences

_WITH_OR_WITHOUT = re.compile(
    r"(?:(?:to\s+receive|receiving|received)\s+(?P<backbone>[^.;]{3,120}?)\s+)?with\s+or\s+without\s+(?P<x>[^.;,()]+)",
    re.I,
)
gate(_WITH_OR_WITHOUT, "without")
_ASSIGNED_TO = re.compile(
    r"\b(?:randomly\s+assigned|randomi[sz]ed|allocated|assigned)\b[^.;]*?\bto\s+(?:receive\s+)?(?:either\s+)?(?P<list>(?:[^.;()\[\]]|(?<=\d)\.(?=\d)|(?<=\bvs)\.|\([^()]*\)|\[[^\[\]]*\])+)",
    re.I,
)
gate(_ASSIGNED_TO, "assigned", "randomi", "allocated")
_VERSUS = re.compile(
    r"(?P<a>[^:;.]+?)\s+(?:versus|vs\.?|compared\s+with)\s+(?P<b>[^:;.]+?)(?=\s+(?:as|in|for|among|after|with)\s|[:;.]|$)",
    re.I,
)
gate(_VERSUS, "versus", "vs", "compared")  # (without them the lazy pattern tries every start: ~80 µs a title)
_ALLOCATION = re.compile(r"\b(?:assigned|randomi[sz]ed|allocated|enrolled|n\s*=)", re.I)
gate(_ALLOCATION, "assigned", "randomi", "allocated", "enrolled", "=")
_COMPARISON = re.compile(
    r"\b(?:with|receiving|compared(?:\s+the\s+(?:effects?|efficacy|safety)(?:\s+and\s+\w+)?\s+of)?)\s+"
    r"(?P<a>[^,;()]{2,60}?)\s+(?:versus|vs\.?|compared\s+(?:with|to))\s+"
    r"(?:[^,;()]{0,40}?\b(?:with|receiving|for)\s+)?(?P<b>[^,;()]{2,60}?)(?=\s*[,;()]|\s*$|\s+(?:group|arm)\b|"
    r"\s+(?:on|in|among)\s)",
    re.I,
)
# "researchers compared A with B in 600 women", "comparing A to B"
_COMPARED_AB = re.compile(
    r"\bcompar(?:ed|ing|es)\s+(?:the\s+(?:efficacy|safety|effects?)\s+(?:and\s+\w+\s+)?of\s+)?(?!with\b|to\b)"
    r"(?P<a>(?:(?!\b(?:in|among|and|patients|participants)\b)[^,;()]){2,60}?)\s+(?:with|to|versus|vs\.?|against)\s+"
    r"(?P<b>(?:(?!\b(?:in|among|patients|participants)\b)[^,;()]){2,60}?)"
    r"(?=\s+(?:in|among|for|at|on|over|as)\s|\s*[,;.()]|\s*$)",
    re.I,
)
_TAKING = re.compile(
    r"\b(?:those|patients|participants|women|men|people|adults|children|individuals)\s+"
    r"(?:who\s+(?:took|received|were\s+given)|taking|receiving|given|treated\s+with)\s+"
    r"(?P<p>(?:[^,;.()]|(?<=\d)\.(?=\d)){2,50}?)(?=\s+(?:had|have|were|was|experienced|reported|showed|achieved|than|compared|"
    r"versus|vs\.?|and|lost|gained)\b|\s*[,;.()]|\s*$)",
    re.I,
)
gate(_TAKING, "taking", "receiving", "given", "treated", "took", "received")
_N_NOTE = r"(?:\s*\(\s*n\s*=\s*[\d,]+\s*\))?"
_SIZED_NAMES = re.compile(
    r"\(\s*(?P<a>[A-Za-z][^():;=]{1,40}?):\s*\d[\d,]*\s*;\s*(?P<b>[A-Za-z][^():;=]{1,40}?):\s*\d[\d,]*\s*\)"
    r"|^\s*N\s*=\s*\d[\d,]*\s+(?P<n>[A-Za-z][^()\n;:]{1,40}?)\s*(?:\(|$)",
    re.I | re.M,
)
_GROUP_PAIR = re.compile(
    rf"\b(?:in|for|of|between|to)\s+the\s+(?P<a>[^,;()]{{2,60}}?){_N_NOTE}\s+(?:and|or|vs\.?|versus)\s+(?:the\s+)?"
    rf"(?P<b>[^,;()]{{2,60}}?){_N_NOTE}\s+(?:arms|groups)\b",
    re.I,
)
_GROUP = re.compile(r"\b(?:the\s+)?(?P<p>[\w\-]+(?:[\s\-][\w\-]+)?)\s+(?:group|arm)\b", re.I)
_DOSE = re.compile(
    # (an amount not inside a number: its first digit, then a look-behind at the character before it; a
    # pattern that starts with a look-behind is tried at every position, 3x slower)
    r"(?P<amt>\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))\s*"
    r"(?P<unit>mg/m(?:2|²|\(2(?=\)))|mg/kg|mg\s+per\s+kilogram(?:\s+of\s+body\s+weight)?|mg\s+per\s+square\s+meter|mg|g|µg|μg|mcg)\b",
    re.I,
)
_UNIT_WORDS = {"mg per kilogram": "mg/kg", "mg per kilogram of body weight": "mg/kg", "mg per square meter": "mg/m2"}
_ROUTE = re.compile(r"\b(?P<r>orally|oral|intravenous(?:ly)?|IV|subcutaneous(?:ly)?|intramuscular(?:ly)?)\b")
_FREQ = re.compile(
    r"\b(?P<f>once\s+per\s+day|per\s+day|a\s+day|/day|once\s+daily|twice\s+daily|three\s+times\s+daily|daily|"
    r"once\s+a\s+day|twice\s+a\s+day|once\s+weekly|twice\s+weekly|weekly|once\s+every\s+\d+\s+weeks|every\s+\d+\s+weeks|"
    r"every\s+\d+\s+days|once\s+monthly|monthly|Q[1-6]?W|QD|BID|TID)\b",
    re.I,
)
# the rest of a list of doses after one of them: ", 150 mg, or 300 mg " (then its shared schedule)
_DOSE_LIST_TAIL = re.compile(
    r"(?:\s*(?:,\s*(?:or\s+|and\s+)?|or\s+|and\s+)\d+(?:\.\d+)?\s*(?:mg/kg|mg|g|µg|μg|mcg)?)+\s*", re.I
)
_DAYS_ON = re.compile(
    r"\bfor\s+(?P<n>\d+)\s+days\b|\bdays?\s+1\s*(?:-|–|to|through)\s*(?P<m>\d+)\b|\b(?P<w>\d)[-\s]weeks?[-\s]on\b", re.I
)
_DAYS_OFF = re.compile(r"\b(?P<n>\d+)[-\s]days?[-\s]off\b|\b(?P<w>\d)[-\s]weeks?[-\s]off\b", re.I)
_CYCLE = re.compile(
    r"\b(?P<n>\d+)[-\s]day\s+cycles?\b|\bevery\s+(?P<d>\d+)\s+days\b|\b(?P<w>\d)[-\s]week\s+cycles?\b", re.I
)
_NOT_AGENTS = {
    "surgery",
    "radiotherapy",
    "chemotherapy",
    "therapy",
    "treatment",
    "usual",
    "standard",
    "control",
    "placebo",
    "observation",
    "groups",
    "arms",
    "patients",
}
_ROUTE_NAME = {
    "orally": "oral",
    "oral": "oral",
    "iv": "intravenous",
    "intravenous": "intravenous",
    "intravenously": "intravenous",
    "subcutaneous": "subcutaneous",
    "subcutaneously": "subcutaneous",
    "intramuscular": "intramuscular",
    "intramuscularly": "intramuscular",
}


_ITEM = r"(?:[^.;()\[\]]|(?<=\d)\.(?=\d)|\([^()]*\)|\[[^\[\]]*\])+"
# "assigned 1:1:1 to: A (control arm); B (durvalumab arm); or C (durvalumab + olaparib arm)"
_ASSIGNED_TO_SEMICOLONS = re.compile(
    rf"\b(?:randomly\s+assigned|randomi[sz]ed|allocated|assigned)\b[^.;]*?\bto:?\s+(?:receive:?\s+)?"
    rf"(?P<list>{_ITEM}(?:;\s*{_ITEM})*;\s*or\s+{_ITEM})",
    re.I,
)


def _allocation_lists(text: str) -> list[re.Match[str]]:
    """The allocation lists of a sentence: alternatives split by semicolons ("A; B; or C") when the
    sentence has them, else the list up to the first semicolon; else what the groups received, when the
    sentence says it as alternatives ("either", a size for each, or placebo among them)."""
    semi = list(_ASSIGNED_TO_SEMICOLONS.finditer(text)) if "; or " in text else []
    found = semi or (list(_ASSIGNED_TO.finditer(text)) if may_match(_ASSIGNED_TO, text) else [])
    return found or received_alternatives(text)


def _alternatives(lst: str, sentence: str) -> list[tuple[int, int]]:
    """The alternatives of an allocation list: "A or B"; "A, B, or C" (a comma list ending in "or", or as
    many items as the sentence's ratio has parts: "1:1:1 to A, B or C"); "A 110 mg or 150 mg vs. B": those
    of "A 110 mg or 150 mg", then B (up to "and followed ...")."""
    vs = re.search(r"\s+(?:vs\.?|versus)\s+", lst, re.I)
    if vs and not re.search(r"\b(?:vs\.?|versus)\b", lst[vs.end() :], re.I):
        tail = re.search(
            r"\s+(?:and\s+(?:were\s+)?followed|and\s+stratified|for\s+(?:up\s+to\s+)?\d)\b", lst[vs.end() :]
        )
        end = vs.end() + (tail.start() if tail else len(lst) - vs.end())
        head = _alternatives(lst[: vs.start()], sentence)
        return [*(head or [(0, vs.start())]), (vs.end(), end)]
    if re.search(r";\s*or\s", lst):
        return [
            (a + len(lst[a:b]) - len(re.sub(r"^\s*or\s+", "", lst[a:b])), b)
            for a, b in _split_top_commas(lst, 0, len(lst), sep=";")
        ]
    parts = _split_top(lst, "or")
    commas = [x for a, b in parts for x in _split_top_commas(lst, a, b)]
    ratio = re.search(r"\b\d+\s*:\s*\d+(?:\s*:\s*\d+)+", sentence)
    k = ratio.group().count(":") + 1 if ratio else 0
    if len(commas) > len(parts) and (re.search(r",\s+or\s", lst) or len(commas) == k):
        return commas
    return parts


def _and_alternatives(lst: str) -> list[tuple[int, int]]:
    """The items of "A, B, and C" when they are alternatives, not one combination: one item a control
    ("drug A 125 mg, drug A 250 mg, and placebo") or two items one drug at different amounts."""
    spans = _split_top_commas(lst, 0, len(lst))
    ands = [i for i, (x, y) in enumerate(spans) if re.match(r"and\s+", lst[x:y])]
    if ands:  # "A, B, and C[, for 5 days]"
        i = ands[0]
        a, b = spans[i]
        spans = [*spans[:i], (a + len(lst[a:b]) - len(re.sub(r"^and\s+", "", lst[a:b])), b)]
    else:  # "A, B and C", "A and B"
        a, b = spans[-1]
        tail = list(re.finditer(r"\s+and\s+", lst[a:b]))
        if not tail:
            return []
        spans = [*spans[:-1], (a, a + tail[-1].start()), (a + tail[-1].end(), b)]
    items = [lst[x:y] for x, y in spans]
    controls = sum(bool(re.match(r"\s*(?:matching\s+)?placebo\b", it, re.I)) for it in items)
    doses: dict[str, set[str]] = {}
    for it in items:
        hits = find_drugs(it)
        amount = _DOSE.search(it)
        if len(hits) == 1 and amount:
            doses.setdefault(hits[0][2].key, set()).add(amount.group())
    levels = any(len(v) >= 2 for v in doses.values())
    if (controls == 1 and (levels or len(items) == 2)) or (controls == 0 and levels):
        return spans
    return []


def _split_top_commas(text: str, start: int, end: int, sep: str = ",") -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` split at commas (or ``sep``) outside parentheses."""
    spans, depth, a = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            spans.append((a, i))
            a = i + 1
            while a < end and text[a] == " ":
                a += 1
    spans.append((a, end))
    return [(x, y) for x, y in spans if text[x:y].strip()]


def _split_top(text: str, sep: str) -> list[tuple[int, int]]:
    """Spans of ``text`` split on `` sep `` outside parentheses."""
    spans, depth, start = [], 0, 0
    i = 0
    pat = re.compile(rf"\s+{sep}\s+", re.I)
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = pat.match(text, i)
            # (not the "or" between two amounts of one arm: "ustekinumab 45 or 90 mg")
            if m and not (text[i - 1 : i].isdigit() and text[m.end() : m.end() + 1].isdigit()):
                spans.append((start, i))
                start = i = m.end()
                continue
        i += 1
    spans.append((start, len(text)))
    return spans


def regimen_drugs(doc: Document, name: str) -> list[DrugRef]:
    """The drugs of a regimen the document names by an abbreviation and spells out, in either order:
    "NAME (drug A, drug B, and drug C)" or "drug A, drug B, and drug C (NAME)".  Empty when it does not."""
    if name not in doc.text:
        return []
    esc = re.escape(name)
    for m in re.finditer(
        rf"(?<![\w-]){esc}(?![\w-])\s*\((?P<list>[^()]{{5,200}})\)|(?P<before>[^.;()]{{5,200}})\(\s*{esc}\s*\)",
        doc.text,
    ):
        lst = m.group("list") if m.group("list") is not None else m.group("before")
        base = m.start("list") if m.group("list") is not None else m.start("before")
        hits = find_drugs(lst, base)
        if len(hits) < 2:
            continue
        if m.group("before") is not None:
            # only the run of drugs right before the parenthesis: "... compared with placebo plus A, B, and C (NAME)"
            run = [hits[-1]]
            for h in reversed(hits[:-1]):
                gap = doc.text[h[1] : run[0][0]]
                if not re.fullmatch(r"\s*(?:,|and|,\s*and|plus|\+|/)\s*", gap):
                    break
                run.insert(0, h)
            if len(run) < 2 or not re.fullmatch(r"\s*", doc.text[run[-1][1] : m.start() + len(m.group("before"))]):
                continue
            hits = run
        else:
            # every word of the parenthesis is a drug, a joiner or a modifier of one ("liposomal")
            rest = lst
            for a, b, _ in sorted(hits, reverse=True):
                rest = rest[: a - base] + " " + rest[b - base :]
            if re.search(
                r"[A-Za-z]{3,}",
                re.sub(
                    r"\b(?:and|plus|with|liposomal|nanoliposomal|pegylated|oral|intravenous)\b", " ", rest, flags=re.I
                ),
            ):
                continue
        return sorted({r.key: r for _, _, r in hits}.values(), key=lambda r: r.key)
    return []


# "mFOLFOX6 only": the backbone alone, as "alone" says it
_BACKBONE_ONLY = re.compile(r"\w\s+only\s*$")
_ALONE = re.compile(r"(?:(?:or|and)\s+)?(\w[\w\s/+-]{0,30}?)\s+(?:monotherapy|alone|only)", re.I)
_WITH_BACKBONE = re.compile(r"\b(?:plus|with|and|in\s+combination\s+with|added\s+to)\s+(?:the\s+|a\s+)?$|\+\s*$", re.I)


class _Phrase:
    def __init__(self, doc: Document, start: int, end: int, control_hint: bool = False, kind: str = "group") -> None:
        self.kind = kind  # allocation | backbone | title | comparison | group
        self.optional = False  # from "with or without X"
        self.group: list[_Phrase] = []  # the alternatives of one allocation list this phrase is one of
        self.mention = mention(doc, start, end)
        text = self.mention.quote
        # drugs in a parenthesis after a therapy noun are the options of a shared backbone:
        # "second-line ET (fulvestrant or letrozole)"
        options = [(m.start(), m.end()) for m in re.finditer(r"(?<=[A-Za-z])\s*\([^()]*\bor\b[^()]*\)", text)]
        # "placebo followed by drug A at week 24": a control arm that switches later; drug A is not its own
        switch = re.search(r"\b(?:followed\s+by|then\s+switched\s+to|switched\s+to|crossed\s+over\s+to)\b", text, re.I)
        upto = switch.start() if switch and CONTROL_RE.search(text[: switch.start()]) else len(text)
        self.drugs = [
            r
            for a, b, r in find_drugs(text)
            if b <= upto
            and not any(x <= a and b <= y for x, y in options)
            # "durvalumab placebo", "placebo matching olaparib": the placebo of a drug, not the drug
            and not re.match(r"[\s-]*(?:matching\s+)?placebo\b", text[b:], re.I)
            and not re.search(r"\bplacebo\s+(?:for|of|matching|to)\s+$", text[:a], re.I)
        ]
        if not self.drugs and kind == "allocation" and not control_hint and not CONTROL_RE.search(text):
            # an agent the dictionary does not know ("to sotorelin or observation"): keep it by name, or
            # by the drugs the document spells it out as ("NALIRIFOX (liposomal irinotecan, oxaliplatin,
            # leucovorin, and fluorouracil)")
            name = re.sub(r"^(?:receive|either|the|a|an)\s+", "", text.strip(), flags=re.I)
            name = re.sub(r"^(?:≤|<=|up\s+to\s+)?\s*\d+\s+cycles\s+of\s+", "", name, flags=re.I)  # "≤6 cycles of A+AVD"
            name = re.sub(r"\s+(?:\(\s*n\s*=[^)]*\)|alone|therapy|regimen|chemotherapy)$", "", name, flags=re.I)
            if known_regimen(name):  # a standard regimen by its acronym: "R-CHOP", "mFOLFOX6", "A+AVD"
                self.drugs = regimen_drugs(doc, name) or known_regimen(name)
            elif (
                re.fullmatch(r"[A-Za-z][\w\-]{3,30}|[A-Za-z][\w\-]*\+[\w\-+]{1,20}", name)
                and name.lower() not in _NOT_AGENTS
                # (an adverb is how or when, never what: "respectively", "once-weekly", "subcutaneously")
                and not re.search(r"ly$", name, re.I)
            ):
                self.drugs = regimen_drugs(doc, name) or [DrugRef(label=name.lower())]
        if not self.drugs and kind != "allocation":
            # a standard regimen by its short name inside the phrase: "the placebo/CHOP arm"
            for tok in re.findall(r"(?<![\w-])[A-Za-z][\w+-]{2,}", text):
                if regimen := known_regimen(tok):
                    self.drugs = regimen_drugs(doc, tok) or regimen
                    break
        ctl = CONTROL_RE.search(text)
        if (
            ctl
            and self.drugs
            and re.match(r"standard\b", ctl.group("w"), re.I)
            and _WITH_BACKBONE.search(text[: ctl.start()])
        ):
            ctl = None  # "A in combination with standard chemotherapy": the backbone is standard, A is not
        self.control = control_hint or bool(ctl or _BACKBONE_ONLY.search(text)) or not self.drugs


# "were randomly assigned to 1 of 3 cohorts" (or ": ") with the groups as the lines after it
_TO_N_GROUPS = re.compile(
    r"\b(?:randomly\s+assigned|randomi[sz]ed|allocated|assigned)\b[^.\n]*?\bto\s+(?:(?:one|1)\s+of\s+)?"
    r"(?P<k>\d|two|three|four|five)\s+(?:treatment\s+|study\s+)?(?:groups|arms|cohorts)\s*[:.]?[ \t]*$",
    re.I | re.M,
)
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5}


def _listed_groups(doc: Document) -> list[_Phrase]:
    """The groups of an allocation that lists them on the lines after it, one per line ("Participants were
    randomly assigned to 1 of 3 cohorts" / "• A plus B" / "• A" / "• B"): an allocation list of as many
    alternatives, when each line names a drug or a control."""
    out: list[_Phrase] = []
    text = doc.text
    for m in _TO_N_GROUPS.finditer(text) if "group" in text or "arm" in text or "cohort" in text else ():
        k = int(m.group("k")) if m.group("k").isdigit() else _COUNT[m.group("k").lower()]
        lines = [ln for ln in re.finditer(r"(?m)^[ \t]*(?:[•·*-]|\d+[.)])?[ \t]*(?P<t>\S[^\n]*)$", text[m.end() :])][:k]
        if (
            len(lines) != k
            or k < 2
            or any(len(ln.group("t")) > 120 or re.search(r"[.!?]$", ln.group("t")) for ln in lines)
        ):
            continue  # (short lines naming groups, not paragraphs)
        group = [_Phrase(doc, m.end() + ln.start("t"), m.end() + ln.end("t"), kind="allocation") for ln in lines]
        if any(not p.drugs and not CONTROL_RE.search(p.mention.quote) for p in group):
            continue  # the lines after it are not the groups
        for p in group:
            p.group = group
        out.extend(group)
    return out


def _phrases(doc: Document) -> list[_Phrase]:
    out: list[_Phrase] = []
    for s in sentences(doc):
        for m in _WITH_OR_WITHOUT.finditer(s.text) if may_match(_WITH_OR_WITHOUT, s.text, s.low) else ():
            x_start, x_end = s.start + m.start("x"), s.start + m.end("x")
            xp = _Phrase(doc, x_start, x_end, kind="allocation")
            if xp.drugs:
                xp.control = False
                xp.optional = True
                out.append(xp)
                bb = m.group("backbone")
                b0 = s.start + (m.start("backbone") if bb else m.start())
                b1 = s.start + (m.end("backbone") if bb else m.start())
                cp = (
                    _Phrase(doc, b0, b1, control_hint=True, kind="backbone")
                    if bb
                    else _Phrase(doc, x_start, x_start, control_hint=True, kind="allocation")
                )
                cp.optional = True
                out.append(cp)
        for m in _allocation_lists(s.text):
            # (the list ends where the stratification begins: ", stratified by PD-L1 CPS of 10 or more versus ...")
            lst = re.split(r",?\s+(?:and\s+(?:were\s+)?)?stratified\s+(?:by|according|for)\b", m.group("list"))[0]
            parts = _alternatives(lst, s.text)
            if len(parts) < 2:
                parts = _and_alternatives(lst)
            if len(parts) < 2:
                continue
            base = s.start + m.start("list")
            group = []
            for a, b in parts:
                a0, b0 = a, b
                seg = lst[a:b]
                a += len(seg) - len(re.sub(r"^(?:\d+\s*(?::\s*\d+\s*)+)", "", seg).lstrip())  # "1 : 1 : 1 durvalumab"
                head = re.match(r"(?:one\s+of\s+)?(?:\w+\s+)?(?:treatment\s+)?(?:arms|groups)\s*:\s*", lst[a:b], re.I)
                a += head.end() if head else 0  # "to 3 treatment arms: A (n=204), ..."
                seg = lst[a:b]
                cut = next(
                    (
                        c
                        for c in re.finditer(r"\s+\(\d|\s+\(\s*n\s*=|\s+respectively|\s+(?:in|at)\s+an?\s+\d", seg)
                        # (not a bracket that spells out the regimen: "IC (6 weeks carboplatin and paclitaxel)")
                        if not re.match(r"\s+\(\d", c.group())
                        or not find_drugs(seg[c.end() : (seg.find(")", c.end()) + 1) or len(seg)])
                    ),
                    None,
                )
                b = a + (cut.start() if cut else len(seg))
                if lst[a:b].strip():  # a comma outside brackets ends it ...
                    items = _split_top_commas(lst, a, b)
                    # ... unless the items after it are drugs of one combination: "A 100 mg, B 1.3 mg/m2, and C
                    # 20 mg (n = 195) or B and C"
                    # (and only when another alternative has those drugs too: "A, B, and C or placebo" lists
                    # three arms)
                    others = {r.key for x, y in parts if (x, y) != (a0, b0) for _, _, r in find_drugs(lst[x:y])}
                    combo = next(
                        (
                            i
                            for i in range(1, len(items))
                            if re.match(r"\s*and\s", lst[items[i][0] : items[i][1]])
                            and all(
                                (found := find_drugs(lst[x:y])) and all(r.key in others for _, _, r in found)
                                for x, y in items[1 : i + 1]
                            )
                        ),
                        None,
                    )
                    b = items[combo][1] if combo is not None else items[0][1]
                ph = _Phrase(doc, base + a, base + b, kind="allocation")
                alone = _ALONE.fullmatch(ph.mention.quote.strip())
                if alone and not ph.drugs and re.search(rf"\b{re.escape(alone.group(1))}\b", lst[:a]):
                    ph.control = True  # "A plus TACE, or TACE monotherapy": the therapy all arms share, alone
                elif not ph.drugs and not CONTROL_RE.search(ph.mention.quote):
                    continue  # "every 3 weeks", "until disease progression": no arm
                group.append(ph)
                out.append(ph)
            for ph in group:
                ph.group = group
    out.extend(_listed_groups(doc))
    # "with or without X" where an allocation list names the alternatives: X is an option of the shared
    # therapy ("... plus chemotherapy with or without bevacizumab"), unless the list's arms differ by X
    listed = {p.drugs[0].key for p in out if len(p.group) >= 2 and p.drugs}
    if listed:
        out = [p for p in out if not p.optional or any(d.key in listed for d in p.drugs)]
    title = doc.metadata.title or ""
    ti = doc.text.find(title) if title else -1
    if ti >= 0:
        vm = _VERSUS.search(title) if may_match(_VERSUS, title) else None
        if vm:
            out.append(_Phrase(doc, ti + vm.start("a"), ti + vm.end("a"), kind="title"))
            out.append(_Phrase(doc, ti + vm.start("b"), ti + vm.end("b"), kind="title"))
    if not any(p.control for p in out) or not any(not p.control for p in out):
        # a short heading-like line naming the comparison: "Adjuvant A plus standard care vs. standard care alone"
        for s in sentences(doc):
            line = s.text.strip()
            # (a telegraphic line may end with a full stop: "A+B (n=154) vs placebo+B (n=154) for 1 year.")
            sizes = re.sub(r"\s*\(\s*n\s*=\s*[\d,]+\s*\)", lambda m: " " * len(m.group()), line)
            telegraphic = sizes != line and "+" in line
            if len(line.split()) > 25 or (line.endswith(".") and not telegraphic) or not may_match(_VERSUS, line):
                continue
            vm = _VERSUS.search(sizes)
            if vm is None or re.search(r"\d", vm.group("a") + vm.group("b")):
                continue
            at = s.start + (len(s.text) - len(s.text.lstrip()))
            a_end = vm.start("a") + len(vm.group("a").rstrip())
            b_end = vm.start("b") + len(vm.group("b").rstrip())
            pa = _Phrase(doc, at + vm.start("a"), at + a_end, kind="title")
            pb = _Phrase(doc, at + vm.start("b"), at + b_end, kind="title")
            if pa.drugs and {d.key for d in pa.drugs} - {d.key for d in pb.drugs}:
                pa.control = False  # "A plus standard care": A's arm, the standard care its backbone
                pb.control = pb.control or not ({d.key for d in pb.drugs} - {d.key for d in pa.drugs})
                out.extend((pa, pb))
        for s in sentences(doc):
            for cm in [*_COMPARISON.finditer(s.text), *_COMPARED_AB.finditer(s.text)]:
                pa = _Phrase(doc, s.start + cm.start("a"), s.start + cm.end("a"), kind="comparison")
                pb = _Phrase(doc, s.start + cm.start("b"), s.start + cm.end("b"), kind="comparison")
                first = re.match(r"\s*([A-Za-z][\w+\-]*)(?=\s|$)", pb.mention.quote)
                regimen_like = re.fullmatch(r"[A-Za-z]*[A-Z][A-Za-z]*[A-Z0-9+\-][\w+\-]*", pa.mention.quote.strip())
                if not pb.drugs and regimen_like and first and known_regimen(first.group(1)):
                    # "A+AVD versus ABVD were ...": two regimens by their short names, the second a standard one
                    pb.drugs = regimen_drugs(doc, first.group(1)) or known_regimen(first.group(1))
                    pb.control = bool(CONTROL_RE.search(pb.mention.quote) or _BACKBONE_ONLY.search(pb.mention.quote))
                if pa.drugs and not pa.control:
                    out.append(pa)
                    pb.control = pb.control or not ({d.key for d in pb.drugs} - {d.key for d in pa.drugs})
                    out.append(pb)
        for s in sentences(doc):
            for m in _GROUP.finditer(s.text):
                ph = _Phrase(doc, s.start + m.start("p"), s.start + m.end())
                if ph.drugs or CONTROL_RE.search(m.group("p")):
                    out.append(ph)
            # "those taking A had fewer events than those taking placebo": a group by what it takes
            for m in _TAKING.finditer(s.text) if may_match(_TAKING, s.text, s.low) else ():
                ph = _Phrase(doc, s.start + m.start("p"), s.start + m.end("p"))
                if ph.drugs or CONTROL_RE.fullmatch(m.group("p").strip()):
                    out.append(ph)
            # groups listed with their sizes: "(vaccine: 12,467; placebo: 12,499)", a line "N=264 drug A (...)"
            for m in _SIZED_NAMES.finditer(s.text) if ":" in s.text or "=" in s.text else ():
                for g in ("a", "b", "n"):
                    if m.group(g):
                        ph = _Phrase(doc, s.start + m.start(g), s.start + m.end(g))
                        if ph.drugs or CONTROL_RE.fullmatch(m.group(g).strip()):
                            out.append(ph)
            # "in the A (n = 440) and B (n = 439) arms, respectively": two groups named together
            for m in _GROUP_PAIR.finditer(s.text) if " arms" in s.text or " groups" in s.text else ():
                for g in ("a", "b"):
                    ph = _Phrase(doc, s.start + m.start(g), s.start + m.end(g))
                    if ph.drugs or CONTROL_RE.search(m.group(g)):
                        out.append(ph)
    return out


def _arms_of_list(group: list[_Phrase]) -> list[Arm] | None:
    """Three or more alternatives of one allocation list, each an arm keyed by the drugs that are not
    given in every arm ("A alone, A plus B, or B alone": A, A+B and B); None when they do not make
    distinct arms with at most one control."""
    sets = [{d.key: d for d in p.drugs} for p in group]
    with_drugs = [s for s in sets if s]
    if len(with_drugs) < 2:
        return None
    shared = set.intersection(*(set(s) for s in with_drugs)) if len(with_drugs) == len(sets) else set()
    arms: list[Arm] = []
    controls: list[_Phrase] = []
    for p, ds in zip(group, sets, strict=True):
        own = sorted((d for k, d in ds.items() if k not in shared), key=lambda d: d.key)
        # "placebo in combination with A plus B": the placebo arm; A and B are its backbone
        if not own or re.match(r"\s*(?:matching\s+)?placebo\b", p.mention.quote, re.I):
            controls.append(p)
            continue
        key = "+".join(d.key for d in own)
        if any(a.key == key for a in arms):
            return None  # two alternatives with the same drugs: told apart by something else (doses)
        arms.append(Arm(key=key, role="experimental", label=Value(p.mention.quote, p.mention), drugs=own))
    if len(controls) > 1 or len(arms) + len(controls) < 3:
        return None
    if controls:
        c = controls[0]
        arms.append(Arm(key="control", role="control", label=Value(c.mention.quote or "control", c.mention)))
    else:
        # the comparator is the last alternative the text calls "... alone" (A, A plus B, or B alone)
        alone = [
            a
            for a, p in zip(arms, [p for p, ds in zip(group, sets, strict=True) if ds], strict=False)
            if re.search(r"\b(?:alone|only|monotherapy)\b", p.mention.quote, re.I)
        ]
        if alone:
            alone[-1].role = "control"
    return arms


_DOSE_ONLY = re.compile(r"[\s\d.,]+(?:mg/m(?:2|²|\(2(?=\)))|mg/kg|mg|g|µg|μg|mcg)?[\s.]*", re.I)


def build_arms(doc: Document) -> list[Arm]:
    phrases = _phrases(doc)
    lists = sorted({id(p.group): p.group for p in phrases if len(p.group) >= 3}.values(), key=len, reverse=True)
    for group in lists:
        arms_of_list = _arms_of_list(group)
        if arms_of_list:
            return _split_dose_levels(doc, arms_of_list)
    exp = [p for p in phrases if not p.control and p.drugs]
    # (a dose alone, "compared to 1.5 mg", is a dose level of the same drug, not a control)
    ctl = [p for p in phrases if p.control and not _DOSE_ONLY.fullmatch(p.mention.quote)]
    if not exp:
        return []
    control_drugs = {d.key for p in ctl for d in p.drugs}
    arms: list[Arm] = []
    drug_sets = [{d.key for d in p.drugs} for p in phrases if p.kind != "group" and p.drugs]
    for p in exp:
        own = {d.key for d in p.drugs}
        if p.kind == "group" and any(own < other for other in drug_sets):
            continue  # "the ... and gemcitabine group": a part of an arm's name, not an arm
        distinguishing = sorted({d.key: d for d in p.drugs if d.key not in control_drugs}.values(), key=lambda d: d.key)
        if not distinguishing:
            continue
        key = "+".join(d.key for d in distinguishing)
        same = next((a for a in arms if a.key == key), None)
        if same is not None and len(p.mention.quote) < len(same.label.value):
            same.label = Value(p.mention.quote, p.mention)  # the shortest phrase names the arm best
        if same is None:
            arms.append(
                Arm(key=key, role="experimental", label=Value(p.mention.quote, p.mention), drugs=distinguishing)
            )
    if ctl and arms:
        named = [p for p in ctl if p.mention.quote]
        first = min(named, key=lambda p: (p.kind == "title", len(p.mention.quote))) if named else ctl[0]
        arms.append(Arm(key="control", role="control", label=Value(first.mention.quote or "control", first.mention)))
    elif len(arms) == 2:
        arms[1].role = "control"
    elif len(arms) == 1 and (placebo := _control_group(doc)) is not None:
        arms.append(placebo)  # "patients treated with 400 mg A ... than placebo": A's groups and placebo
    arms = _drop_title_summaries(doc, arms)
    arms = _split_dose_levels(doc, arms)  # after the roles: the doses of one drug share its role
    if ctl and len(arms) >= 2:
        # the therapy every arm gets: "to receive X with or without Y", or the control "X alone"
        shared = [
            p
            for p in ctl
            if p.mention.quote
            and (p.kind == "backbone" or (p.kind == "allocation" and re.search(r"\b(?:alone|only)$", p.mention.quote)))
        ]
        if shared:
            bb = shared[0]
            text = re.sub(r"\s+(?:alone|only)$", "", bb.mention.quote)
            for a in arms:
                a.backbone = Value(text, bb.mention)
    return arms


def _drop_title_summaries(doc: Document, arms: list[Arm]) -> list[Arm]:
    """A title that sums the arms up ("A With or Without B in Combination With C") names no arm of its own:
    an experimental arm named only there, whose drugs another arm has with more, is not one."""
    title = doc.metadata.title or ""
    at = doc.text.find(title) if title else -1
    if at < 0 or len(arms) < 3:
        return arms

    def in_title(a: Arm) -> bool:
        return at <= a.label.mention.start < at + len(title)

    return [
        a
        for a in arms
        if not (
            a.role == "experimental"
            and in_title(a)
            and any({d.key for d in a.drugs} < {d.key for d in o.drugs} for o in arms if o is not a)
        )
    ]


def _split_dose_levels(doc: Document, arms: list[Arm]) -> list[Arm]:
    """An arm whose drug the allocation gives at several amounts becomes one arm per amount, keyed by the
    drug and its dose ("DB15718@75mg"), with that dose as its intervention."""
    levels = dose_levels(doc) if arms else {}
    out: list[Arm] = []
    for arm in arms:
        # a drug other arms get too ("A 1 mg/kg plus B" beside "A 3 mg/kg alone") is not given at levels
        split = next(
            (
                levels[d.key]
                for d in arm.drugs
                if d.key in levels and not any(o is not arm and any(x.key == d.key for x in o.drugs) for o in arms)
            ),
            None,
        )
        if split is None:
            out.append(arm)
            continue
        ref, doses = split
        others = [d for d in arm.drugs if d.key != ref.key]
        for lv in doses:
            tag = f"{ref.key}@{fmt_amount(lv.amount)}{lv.unit}"
            key = "+".join(sorted([tag, *(d.key for d in others)]))
            label = " plus ".join([f"{ref.label} {fmt_amount(lv.amount)} {lv.unit}", *(d.label for d in others)])
            m = mention(doc, lv.start, lv.end)
            iv = Intervention(drug=ref, mention=m)
            iv.dose_amount = Value(lv.amount, m)
            iv.dose_unit = Value(lv.unit, m)
            out.append(
                Arm(
                    key=key,
                    role=arm.role,
                    label=Value(label, m),
                    drugs=arm.drugs,
                    interventions=[iv],
                    level=(lv.amount, lv.unit),
                )
            )
    return out


_PEOPLE_AFTER = re.compile(
    r"^(?:\s*(?:,\s*(?:and|or)?|and|vs\.?|versus)\s*\d+)*\s*(?:\w+\s+){0,2}?(?:patients|participants|subjects|women|men|children|infants|adults|persons|people|"
    r"individuals|volunteers|cases|students|nurses|residents)\b|^\s*(?:were|was|had\s+been)\s+"
    r"(?:randomly\s+)?(?:assigned|randomi[sz]ed|allocated|enrolled|included)|^\s*(?:in|to)\s+the\b|^\s*to\s+(?!\d)\w",
    re.I,
)
_N_BEFORE = re.compile(r"(?:\bn\s*=\s*|\(\s*n\s*=\s*)$", re.I)


def _number_end(text: str, start: int, end: int) -> int:
    return start + len(re.match(r"[\d,.]*", text[start:end]).group(0))  # type: ignore[union-attr]


def _counts_people(text: str, start: int, end: int) -> bool:
    """The number counts people: "261 patients", "261 were assigned", "(n = 261)", "261 to the ... group",
    "397 to placebo plus letrozole", "placebo (257)"."""
    number_end = _number_end(text, start, end)
    return bool(
        _N_BEFORE.search(text[max(0, start - 8) : start])
        or _PEOPLE_AFTER.match(text[number_end : number_end + 60])
        or (  # "placebo (257)"; not the superscript of "mg/m(2)"
            text[start - 1 : start] == "("
            and text[number_end : number_end + 1] == ")"
            and not text[start - 2 : start - 1].isalnum()
        )
    )


_N_AFTER_LABEL = re.compile(
    r"\s*[(\[,]\s*(?:n\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b|(?P<m>\d{1,3}(?:,\d{3})+|\d+)\s+(?:patients|participants)\s*[)\]])",
    re.I,
)
_N_EQUALS = re.compile(r"\bn\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b", re.I)
_N_CLOSING_LABEL = re.compile(r"[(;,]\s*n\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*\)\s*$", re.I)
# a count of everyone, then the groups: "873 participants: placebo, n = 214; ...", "283 patients were
# randomly assigned to the three cohorts"
_TOTAL_AFTER = re.compile(
    r"^\s*(?:patients|participants|subjects|adults|people|individuals)?\s*(?::|"
    r"(?:were|was)\s+(?:randomly\s+)?(?:assigned|randomi[sz]ed|allocated)\s+(?:\(?\d[\d:\s]*\)?\s*)?to\s+"
    r"(?:the\s+)?(?:\w+\s+)?(?:cohorts|groups|arms|treatment\s+groups)\b)",
    re.I,
)


# "945 patients ... were randomly assigned ... to A, B, or C": the count of all the alternatives that follow
_ALL_ASSIGNED = re.compile(
    r"^\s*(?:[\w-]+\s+){0,6}?(?:were|was)\s+(?:randomly\s+)?(?:assigned|randomi[sz]ed|allocated)\b", re.I
)


# "we randomly assigned 945 patients ... to A, B, or C"
_ASSIGNED_BEFORE = re.compile(
    r"\b(?:randomly\s+assigned|randomi[sz]ed|allocated|enrolled|included)\s+(?:a\s+total\s+of\s+)?$", re.I
)
# "the MONARCH 2 trial of 669 patients", "a total of 640", "in total, 640": the whole trial
_TOTAL_BEFORE = re.compile(
    r"(?:\b(?:trial|study|analysis|population)\s+(?:of|in|with|including|enrolling)\s+|\ba\s+total\s+of\s+|"
    r"\bin\s+total,?\s+|\boverall,?\s+)$",
    re.I,
)


def _sizes(doc: Document, rec: TrialRecord) -> None:
    clauses = [
        c
        for c in analyze(doc, rec.arms)
        if may_match(_ALLOCATION, c.sentence.text, c.sentence.low) and _ALLOCATION.search(c.sentence.text)
    ]
    # "A plus B with C (n = 204)": the n right after the words an arm was named by is that arm's, as is one
    # closing its own label: "A, B, and C (triplet; n = 195)"
    for named in rec.arms:
        men = named.label.mention
        own = _N_CLOSING_LABEL.search(named.label.value)
        if own and named.size is None and int(own.group("n").replace(",", "")) >= 1:
            at = men.start + own.start("n")
            named.size = Value(int(own.group("n").replace(",", "")), mention(doc, at, men.start + own.end("n")))
            continue
        lm = _N_AFTER_LABEL.match(doc.text, men.end) if men.end > men.start else None
        g = "n" if lm and lm.group("n") else "m"
        if lm and named.size is None and int(lm.group(g).replace(",", "")) >= 1:
            named.size = Value(int(lm.group(g).replace(",", "")), mention(doc, lm.start(g), lm.end(g)))
    # "arm (n = N)", "arm, n = N": the n right after an arm's cue is that arm's
    for clause in clauses:
        for nm in _N_EQUALS.finditer(clause.text):
            at = clause.start + nm.start()
            cue = max((c for c in clause.cues if c.end <= at), key=lambda c: c.end, default=None)
            if cue is None or not re.fullmatch(r"[\s,:(\[]*", doc.text[cue.end : at]):
                continue
            if re.match(r"\s*[;,]\s*\d+(?:\.\d+)?\s*%", clause.text[nm.end() :]):
                continue  # "(n = 41; 21%)": patients with an event and their share, not the group's size
            arm = rec.arm(cue.arm)
            n = int(nm.group("n").replace(",", ""))
            if arm is not None and arm.size is None and n >= 1:
                arm.size = Value(n, mention(doc, clause.start + nm.start("n"), clause.start + nm.end("n")))
    for clause in clauses:
        for run in clause.runs:
            for v, arm_key in zip(run.values, run.arms, strict=False):
                if arm_key is None or (v.unit is not None and unit_kind(v.unit) != "count") or v.value != int(v.value):
                    continue
                if v.value < 1:
                    continue  # "0 have resistance": no group has no one in it
                arm = rec.arm(arm_key)
                if arm is None or arm.size is not None:
                    continue
                if rec.randomized_count and v.value >= rec.randomized_count.value:
                    continue
                if not _counts_people(doc.text, v.start, v.end):
                    continue  # "metformin 1 g", "day 28": a dose or a time, not a group size
                after = doc.text[_number_end(doc.text, v.start, v.end) : clause.sentence.end]
                before = doc.text[max(0, v.start - 40) : v.start]
                if _TOTAL_BEFORE.search(before) and not re.search(r"\brespectively\b", after):
                    continue  # the whole trial
                if re.search(r"\bin\s+(?:a\s+total\s+of\s+|all\s+)?$", before) and not re.search(
                    r"\brespectively\b", after
                ):
                    continue  # "compared A with B in 18,113 patients": the trial's population
                if _TOTAL_AFTER.match(after[:80]) or (
                    (_ALL_ASSIGNED.match(after) or _ASSIGNED_BEFORE.search(before))
                    and re.search(r"\bor\b", after)
                    and not re.search(r"\brespectively\b|^\s*(?:,|and)\s*\d", after)  # "136 and 62 ..., respectively"
                ):
                    continue  # everyone, before the groups are listed
                arm.size = Value(int(v.value), mention(doc, v.start, v.end))
    sized = [a for a in rec.arms if a.size]
    for a in sized:
        rest = [b.size.value for b in sized if b is not a and b.size]
        if len(rest) >= 2 and a.size and abs(a.size.value - sum(rest)) <= 0.02 * a.size.value:
            a.size = None  # the whole (the sum of the others), not a group


def _interventions(doc: Document, rec: TrialRecord) -> None:
    """Each dose a sentence gives, with the route and schedule written beside it, on the arms of its drug
    (a dose level's own arm, when the drug is given at levels)."""
    for s in sentences(doc):
        doses = list(_DOSE.finditer(s.text))
        if not doses:
            continue
        hits = find_drugs(s.text, s.start)
        for k, dm in enumerate(doses):
            a = s.start + dm.start()
            # the drug the dose is of: named right before it ("fulvestrant 500 mg", "A at a dose of 64 mg")
            # or right after ("500 mg of fulvestrant")
            before = [h for h in hits if h[1] <= a and a - h[1] <= 40]
            after = [
                h
                for h in hits
                if h[0] >= s.start + dm.end() and re.fullmatch(r"\s+(?:of\s+)?", doc.text[s.start + dm.end() : h[0]])
            ]  # "500 mg of fulvestrant", "100 mg xanomeline"
            owner = after[0] if after else (before[-1] if before else None)
            if owner is None or any(owner[1] <= s.start + d.start() < a for d in doses[:k]):
                continue  # no drug of its own, or another dose stands between the drug and it
            ref = owner[2]
            nxt = min(
                [h[0] for h in hits if h[0] > max(owner[1], s.start + dm.end())]
                + [s.start + d.start() for d in doses[k + 1 :]]
                + [s.end],
            )
            prev_end = max(
                [h[1] for h in hits if h[1] <= owner[0]] + [s.start + d.end() for d in doses[:k]] + [s.start]
            )
            lo = max(prev_end, owner[0] - 25)
            # the dose's own words end at the next alternative, or with the brackets the dose sits in
            opened = doc.text[owner[1] : a].count("(") - doc.text[owner[1] : a].count(")")
            rest = doc.text[s.start + dm.end() : nxt]
            tail = re.search(r"\)", rest) if opened > 0 else re.search(r",\s|;|\s(?:or|and)\s", rest)
            hi = s.start + dm.end() + tail.start() if tail else nxt
            window = doc.text[lo:hi]  # the drug's own words: "intramuscular fulvestrant 500 mg once monthly"
            at = min(owner[0], a)
            own = doc.text[at:hi]  # its schedule follows the drug's name
            after_dose = doc.text[s.start + dm.end() : s.end][:40]
            if (
                re.match(r"\s*(?:(?:,|and)?\s*[\d.]+\s*(?:mg|g|µg|mcg)?)?\s*,?\s*respectively", after_dose, re.I)
                or re.search(r"\b(?:loading|at\s+weeks?\s+0)\b", doc.text[lo:nxt], re.I)
                or re.search(r"\d\s*(?:or|and)\s*$", doc.text[max(s.start, a - 6) : a])
            ):
                continue  # "given at 50 mg and 20 mg, respectively", a loading dose, "45 or 90 mg": not one dose
            iv = Intervention(drug=ref, mention=mention(doc, s.start, s.end))
            iv.dose_amount = Value(float(dm.group("amt").replace(",", "")), mention(doc, a, s.start + dm.end()))
            unit = re.sub(r"\s+", " ", dm.group("unit").lower()).replace("²", "2").replace("(2", "2")
            iv.dose_unit = Value(
                _UNIT_WORDS.get(unit, dm.group("unit").replace("²", "2").replace("(2", "2")),
                mention(doc, s.start + dm.start("unit"), s.start + dm.end("unit")),
            )
            rm = _ROUTE.search(window)
            if rm:
                iv.route = Value(_ROUTE_NAME[rm.group("r").lower()], mention(doc, lo + rm.start(), lo + rm.end()))
            fm = _FREQ.search(own)
            fbase = at  # where the text fm matched starts in the document
            if fm is None:
                # "75 mg, 150 mg, or 300 mg once daily": the schedule after a list of doses is each one's
                lt = _DOSE_LIST_TAIL.match(doc.text, s.start + dm.end())
                sm = _FREQ.match(doc.text, lt.end()) if lt and lt.end() > s.start + dm.end() else None
                if sm is not None and sm.end() <= s.end:
                    fm, fbase = sm, 0  # (matched on the document's text)
            if fm:
                freq = re.sub(r"\s+", " ", fm.group("f").lower())
                freq = (
                    "daily"
                    if freq in ("once daily", "per day", "a day", "/day", "once a day", "once per day")
                    else freq
                )
                iv.frequency = Value(freq, mention(doc, fbase + fm.start(), fbase + fm.end()))
            on = _DAYS_ON.search(own)
            if on:
                n = on.group("n") or on.group("m") or str(int(on.group("w")) * 7)
                iv.days_on = Value(int(n), mention(doc, at + on.start(), at + on.end()))
            off = _DAYS_OFF.search(own)
            if off:
                n = off.group("n") or str(int(off.group("w")) * 7)
                iv.days_off = Value(int(n), mention(doc, at + off.start(), at + off.end()))
            cy = _CYCLE.search(own)
            if cy is None and iv.days_on and iv.days_off:
                iv.cycle_days = Value(iv.days_on.value + iv.days_off.value, iv.days_off.mention)
            if cy:
                n = cy.group("n") or cy.group("d") or str(int(cy.group("w")) * 7)
                iv.cycle_days = Value(int(n), mention(doc, at + cy.start(), at + cy.end()))
            _attach(rec, ref, iv)


def _share_level_schedule(doc: Document, rec: TrialRecord) -> None:
    """Dose levels of one drug given on one schedule ("semaglutide 3, 7 or 14 mg once daily"): a level the
    text gives no schedule or route of takes the one its sibling levels have, when they have only one and
    the levels are listed in one sentence that names one schedule."""
    by_drug: dict[str, list[Intervention]] = {}
    for arm in rec.arms:
        if arm.level is None:
            continue
        for x in arm.interventions:
            if x.drug is not None and x.dose_amount is not None:
                by_drug.setdefault(x.drug.key, []).append(x)
    for ivs in by_drug.values():
        if len(ivs) < 2:
            continue
        sents = sentences(doc)
        at = {
            next((i for i, x in enumerate(sents) if x.start <= v.dose_amount.mention.start < x.end), -1)
            for v in ivs
            if v.dose_amount
        }
        if len(at) != 1 or -1 in at:
            continue  # levels given in different places may have their own schedules
        one = sents[at.pop()]
        if len({re.sub(r"\s+", " ", f.group().lower()) for f in _FREQ.finditer(one.text)}) > 1:
            continue  # "3 mg twice daily ... 12 mg once daily": each level its own
        for attr in ("frequency", "route"):
            known = {getattr(x, attr).value: getattr(x, attr) for x in ivs if getattr(x, attr) is not None}
            if len(known) == 1:
                only = next(iter(known.values()))
                for x in ivs:
                    if getattr(x, attr) is None:
                        setattr(x, attr, only)


def _attach(rec: TrialRecord, ref: DrugRef, iv: Intervention) -> None:
    """Give an intervention to the arms of its drug: a dose level's arm gets the route and schedule of its
    own amount; another arm keeps the first dose a text gives for the drug."""
    amount, unit = iv.dose_amount.value if iv.dose_amount else None, iv.dose_unit.value if iv.dose_unit else None
    leveled = [arm for arm in rec.arms if arm.level and any(d.key == ref.key for d in arm.drugs)]
    if leveled:
        for arm in leveled:
            if arm.level != (amount, (unit or "").lower().replace("μg", "µg")):
                continue
            for x in arm.interventions:
                if x.drug is not None and x.drug.key == ref.key:
                    x.route = x.route or iv.route
                    x.frequency = x.frequency or iv.frequency
        return
    targets = [arm for arm in rec.arms if any(d.key == ref.key for d in arm.drugs)] or rec.arms
    at = iv.dose_amount.mention.start if iv.dose_amount else -1
    own = [a for a in targets if a.label.mention.start <= at < a.label.mention.end]
    if len(own) == 1:
        # a dose written in an arm's own name ("Rivaroxaban (5 mg twice daily)") is that arm's, whatever
        # dose of the drug another arm's name gave first
        own[0].interventions = [x for x in own[0].interventions if x.drug is None or x.drug.key != ref.key] + [iv]
        return
    for arm in targets:
        if all(x.drug is None or x.drug.key != ref.key for x in arm.interventions):
            arm.interventions.append(iv)


def _active_control(doc: Document, arms: list[Arm]) -> None:
    """With no placebo or standard-therapy arm among three or more, the arm the text only ever names
    after "versus" / "compared with" ("STRIDE versus sorafenib", "X or Y compared with Z") is the
    control."""
    # a placebo or standard-therapy arm is the control; a drug arm made control only for being given
    # "alone" ("A monotherapy, A plus B, or C plus D") yields to what "versus" says
    if len(arms) < 3 or any(a.role == "control" and a.key == "control" for a in arms):
        return
    after: dict[str, int] = {}
    before: set[str] = set()
    for s in sentences(doc):
        if not any(w in s.low for w in ("versus", "vs", "compared", "relative")):
            continue
        cues = find_cues(doc, s.text, s.start, arms, s.low)
        for m in COMPARED_TO.finditer(s.text):
            at = s.start + m.start()
            prev = [c for c in cues if c.end <= at and at - c.end <= 120]
            nxt = [c for c in cues if c.start >= s.start + m.end() and c.start - (s.start + m.end()) <= 40]
            if prev and nxt and prev[-1].arm != nxt[0].arm:
                before.add(prev[-1].arm)
                after[nxt[0].arm] = after.get(nxt[0].arm, 0) + 1
    only_after = [k for k in after if k not in before]
    if len(only_after) == 1:
        for a in arms:
            a.role = "control" if a.key == only_after[0] else "experimental"
        return
    # "compared with the aspirin-alone group": the arm of one drug the others add to, named "alone"
    alone = [
        a
        for a in arms
        if len(a.drugs) == 1
        and any({d.key for d in a.drugs} < {d.key for d in o.drugs} for o in arms)
        and re.search(rf"(?<![\w-]){re.escape(a.drugs[0].label)}[-\s]+alone\b", doc.text, re.I)
    ]
    if len(alone) == 1 and not any(a.role == "control" for a in arms):
        alone[0].role = "control"


# a control named as a group: "compared to 0% for placebo", "Placebo (N=114)", "versus investigator's choice"
_CONTROL_GROUP = re.compile(
    r"(?:\b(?:for|with|versus|vs\.?|than|compared\s+(?:with|to)|to|given|receiving|received|against)\s+(?:the\s+)?"
    r"|(?:^|\n)\s*(?:(?:Drug|Other)\s*:\s*)?)\s*(?P<c>placebo|investigator(?:'s|’s|s')?\s+choice(?:\s+of\s+therapy)?|standard\s+of\s+care|"
    r"best\s+supportive\s+care)\b(?:\s+(?:group|arm))?"
    r"|\b(?P<g>placebo)\s*(?:group|arm|\(\s*n\s*=)",
    re.I,
)
_PARTNER = re.compile(
    r"\s*(?:(?:once|twice)\s+(?:daily|a\s+day|per\s+day)|daily)?\s*(?:plus|\+|with|in\s+combination\s+with)\s+$",
    re.I,
)


def _arms_from_levels(doc: Document) -> list[Arm]:
    """Arms of a document that names no allocation but reports groups by dose ("in the 5.4 mg/kg arm",
    "patients treated with drug A at 960 mg plus drug B (n = 53)"): one arm per level of its one drug given
    at levels, with a drug given with every level, and the control it names as a group."""
    levels = group_levels(doc)
    if len(levels) != 1:
        return []
    ((ref, lvs),) = levels.values()
    # a partner drug named right after each level ("... at 960 mg plus panitumumab")
    partners: list[set[str]] = []
    partner_refs: dict[str, DrugRef] = {}
    for lv in lvs:
        after = doc.text[lv.end : lv.end + 60]
        found: set[str] = set()
        for a, _, r in find_drugs(after, lv.end):
            if r.key != ref.key and _PARTNER.fullmatch(doc.text[lv.end : a]):
                found.add(r.key)
                partner_refs[r.key] = r
        partners.append(found)
    shared = set.intersection(*partners) if partners else set()
    with_drugs = [ref, *(partner_refs[k] for k in sorted(shared))]
    base = [
        Arm(
            key=ref.key,
            role="experimental",
            label=Value(ref.label, mention(doc, lvs[0].start, lvs[0].end)),
            drugs=with_drugs,
        )
    ]
    arms = _split_dose_levels(doc, base)
    control = _control_group(doc)
    return [*arms, control] if control is not None else arms


def _control_group(doc: Document) -> Arm | None:
    """The control arm a document names as a group ("than placebo", "the placebo group"), if any."""
    for s in sentences(doc):
        cm = _CONTROL_GROUP.search(s.text)
        if cm:
            g = "c" if cm.group("c") else "g"
            at = mention(doc, s.start + cm.start(g), s.start + cm.end(g))
            return Arm(key="control", role="control", label=Value(cm.group(g), at))
    return None


def extract(doc: Document, rec: TrialRecord) -> None:
    rec.arms = (
        registry_arm_groups(doc) or flow_groups(doc) or titled_groups(doc) or build_arms(doc) or _arms_from_levels(doc)
    )
    if not rec.arms:
        return
    _active_control(doc, rec.arms)
    short_names = arm_short_names(doc, rec.arms, {a.value for a in rec.acronyms})
    for arm in rec.arms:
        arm.short_names = short_names.get(arm.key, ())
    # a placebo arm makes the trial placebo-controlled, whatever words the text gives its design
    placebo = next(
        (a for a in rec.arms if a.role == "control" and re.search(r"\bplacebo|\bPBO\b|\bPLC\b", a.label.value, re.I)),
        None,
    )
    if placebo is not None and all(v.value != "placebo-controlled" for v in rec.design_features):
        pm = re.search(r"placebo|PBO|PLC", placebo.label.value, re.I)
        at = placebo.label.mention.start + (pm.start() if pm else 0)
        rec.design_features.append(
            Value(
                "placebo-controlled", mention(doc, at, at + (pm.end() - pm.start() if pm else len(placebo.label.value)))
            )
        )
    _sizes(doc, rec)
    _interventions(doc, rec)
    _share_level_schedule(doc, rec)
    sizes = [a.size.value for a in rec.arms if a.size]
    if rec.randomized_count is None and len(sizes) == len(rec.arms) and len(sizes) >= 2:
        first = next(a.size for a in rec.arms if a.size)
        rec.randomized_count = Value(sum(sizes), first.mention)


# an active comparator the text names so: "reference arm adalimumab", "adalimumab (active comparator)",
# or beside placebo after "versus": "A versus placebo or adalimumab", "A compared with both B and placebo"
_NAMED_COMPARATOR = re.compile(
    r"\b(?:active[-\s](?:comparator|reference|control)|reference\s+(?:arm|drug|treatment|group)|comparator\s+(?:arm|drug))\b",
    re.I,
)
# "Ustekinumab was a reference arm", "drug B served as the active comparator"
_WAS_COMPARATOR = re.compile(
    r"\s+(?:was|served\s+as|acted\s+as)\s+(?:an?|the)\s+(?:active\s+)?(?:reference|comparator|control)\s+(?:arm|group|drug)?",
    re.I,
)
_NAME_RUN = r"(?:(?!\b(?:versus|vs|compared)\b)[^,.;()]){3,60}"
_BESIDE_PLACEBO = re.compile(
    rf"\b(?:versus|vs\.?|compared\s+(?:with|to))\s+(?:both\s+)?(?:placebo\s+(?:or|and)\s+(?P<a>{_NAME_RUN})"
    rf"|(?P<b>{_NAME_RUN}?)\s+(?:or|and)\s+placebo)\b",
    re.I,
)


def mark_active_comparators(doc: Document, rec: TrialRecord) -> None:
    """Beside a placebo or standard-care control, an arm of a drug the text names as the comparator (an
    active reference, or named with placebo after "versus") is a control too.  Run after the other
    extractors, which read the one control as the arm values are compared with."""
    if not any(a.key == "control" and a.role == "control" for a in rec.arms):
        return
    drug_arms = [a for a in rec.arms if a.role == "experimental" and a.drugs]
    if len(drug_arms) < 2:
        return
    named: set[str] = set()
    for s in sentences(doc):
        # (a name near "reference arm", or inside what "versus" puts beside placebo)
        labels = list(_NAMED_COMPARATOR.finditer(s.text))
        if len(re.findall(r"\b(?:versus|vs\.?|compared\s+with)\s+placebo\b", s.text, re.I)) >= 2:
            continue  # "A versus placebo and B versus placebo": two comparisons, not one comparator
        near = [(m.start(g), m.end(g)) for m in _BESIDE_PLACEBO.finditer(s.text) for g in ("a", "b") if m.group(g)]
        if not labels and not near:
            continue
        for a, b, ref in find_drugs(s.text):
            if (
                any(x <= a and b <= y for x, y in near)
                or any(
                    (
                        0 <= a - m.end() <= 30 and re.fullmatch(r"[\s:]*(?:\w+\s+){0,2}", s.text[m.end() : a])
                    )  # "reference arm adalimumab"
                    or re.fullmatch(
                        r"\s*[(,]\s*(?:the\s+|an?\s+)?", s.text[b : m.start()]
                    )  # "adalimumab (active comparator)"
                    for m in labels
                )
                or _WAS_COMPARATOR.match(s.text, b)  # "ustekinumab was a reference arm"
            ):
                named.add(ref.key)
    for arm in drug_arms:
        own = {d.key for d in arm.drugs}
        if (
            own
            and own <= named
            and len(drug_arms) - sum(1 for x in drug_arms if {d.key for d in x.drugs} <= named) >= 1
        ):
            arm.role = "control"
