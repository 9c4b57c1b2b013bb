"""Endpoints with role (primary/secondary/exploratory) and assessor, typed by the SKOS scheme."""

from __future__ import annotations

import re

from trialkg.ingest.document import Document
from trialkg.ingest.extract.design import split_list
from trialkg.ingest.records import Endpoint, TrialRecord, Value
from trialkg.ingest.text import gate, may_match, mention, sentences
from trialkg.ontology import skos

ROLE_RE = re.compile(
    r"\b(?P<role>primary|secondary|co-primary|exploratory|key\s+secondary|main)\s+(?:efficacy\s+)?"
    r"(?:end\s*-?points?|outcomes?(?:\s+measures?)?|objectives?)(?:\s+measured)?\s+"
    r"(?:was|were|included|includes|is|are|was\s+to\s+compare|of|:)\s+(?:the\s+)?(?P<list>[^.;(]+)",
    re.I,
)
gate(ROLE_RE, "primary", "secondary", "exploratory", "main")
# "the primary outcome was", "a secondary end point is": one outcome, whatever its name lists
_SINGULAR = re.compile(r"(?:outcome|end\s*-?point|objective)(?:\s+measure)?\s+(?:was|is)\s", re.I)
# "A, B, or C", "A or B": alternatives of one event
_OR_LIST = re.compile(r"(?:,\s*|\s)or\s+[^,]+$")
_ROLE = {
    "primary": "primary",
    "co-primary": "primary",
    "main": "primary",
    "secondary": "secondary",
    "key secondary": "secondary",
    "exploratory": "exploratory",
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def endpoint_for(rec: TrialRecord, notation: str | None, text: Value[str]) -> Endpoint:
    key = notation or slug(text.value)
    ep = rec.endpoint(key)
    if ep is None:
        ep = Endpoint(key=key, type=notation, text=text)
        rec.endpoints.append(ep)
    return ep


def extract(doc: Document, rec: TrialRecord) -> None:
    for s in sentences(doc):
        for m in ROLE_RE.finditer(s.text) if may_match(ROLE_RE, s.text, s.low) else ():
            role = _ROLE[re.sub(r"\s+", " ", m.group("role").lower())]
            lst = m.group("list")
            # "progression-free survival, with additional evaluations of ..." ends the list
            lst = re.split(r",\s+(?:with|defined|as\s+assessed|which)\b|\s+\(|,\s+defined", lst)[0]
            # "... of X, Y, or Z occurred in 7.8%": the name ends where its report begins
            lst = re.split(
                r"(?<!\bwho)(?<!\bthat)(?<!\bwhich)\s+(?:occurred|was|were|is|are|had|did|showed|improved|reduced|"
                r"favou?red)\b(?=[^.;]{0,30}\d)",
                lst,
            )[0]
            base = s.start + m.start("list")
            found = skos.find("endpoint-type", lst)
            # one name for the whole list: "cardiovascular death, MI, or stroke" is MACE
            composite = len(found) == 1 and found[0][1] - found[0][0] >= len(lst.strip()) - 2
            items = (
                split_list(lst)
                if not composite and (role != "primary" or "," in lst or " and " in lst)
                else [(0, len(lst))]
            )
            # one outcome said in the singular ("The primary outcome was A, B, or C"): a composite, unless
            # every item is an endpoint of its own ("the primary end point was PFS and OS")
            one = bool(_SINGULAR.search(m.group(0))) and len(items) >= 2
            if one and (_OR_LIST.search(lst) or not all(skos.find("endpoint-type", lst[a:b]) for a, b in items)):
                items = [(0, len(lst.rstrip(" ,")))]
            else:
                one = False
            for a, b in items:
                item = lst[a:b]
                hits = skos.find("endpoint-type", item)
                text = Value(item.strip(), mention(doc, base + a, base + b))
                whole = len(hits) == 1 and hits[0][1] - hits[0][0] >= len(item.strip()) - 2
                notation = hits[0][2] if hits and (whole or not one) else None
                if notation is None and len(item.split()) > (16 if one else 8):
                    continue
                ep = endpoint_for(rec, notation, text)
                if ep.role is None:
                    ep.role = Value(role, mention(doc, s.start + m.start(), s.start + m.end("role")))
                for aa, ab, who in skos.find("assessor", item, base + a):
                    ep.assessor = Value(who, mention(doc, aa, ab))
                if ep.assessor is None:
                    am = re.search(
                        r"\b(investigator|independent\s+central|blinded\s+independent\s+central)[-\s]+(?:review\s+)?assessed\b",
                        item,
                        re.I,
                    )
                    if am:
                        who = skos.lookup("assessor", am.group(1)) or "investigator"
                        ep.assessor = Value(who, mention(doc, base + a + am.start(), base + a + am.end()))
    _reported_outcomes(doc, rec)


# a sentence reporting the trial's own outcomes: "A significantly improved OS, PFS and ORR", "superior to B
# with respect to progression-free survival", "OS did not differ"
_OUTCOME_REPORT = gate(
    re.compile(
        r"\b(?:improv(?:ed|es|ement)|prolong(?:ed|s)|superior(?:ity)?|non-?inferior(?:ity)?|reduc(?:ed|tion)|"
        r"extend(?:ed|s)|with\s+respect\s+to|in\s+terms\s+of|did\s+not\s+differ|no\s+(?:significant\s+)?difference)\b",
        re.I,
    ),
    "improv", "prolong", "superior", "inferior", "reduc", "extend", "respect", "terms of", "differ", "difference",
)  # fmt: skip
# ... not of other trials or of what is known: "has been shown to improve OS", "previous trials"
_NOT_THIS_TRIAL = re.compile(
    r"\b(?:previous(?:ly)?|prior\s+(?:trials?|studies)|has\s+been\s+shown|have\s+(?:been\s+)?shown|"
    r"is\s+(?:the\s+)?standard|remains?|historically|other\s+trials?|meta-analys[ie]s)\b",
    re.I,
)


_VAGUE = {"disease control", "clinical benefit", "tolerability"}


def _reported_outcomes(doc: Document, rec: TrialRecord) -> None:
    """Endpoint types a sentence about the trial's own results names: outcomes it measured, though no
    sentence calls them primary or secondary (no role is given them)."""
    if not rec.arms and not rec.acronyms and not rec.nct_ids:
        return  # no trial of its own to give them to
    for s in sentences(doc):
        if s.section == "background" or not may_match(_OUTCOME_REPORT, s.text, s.low):
            continue
        if not _OUTCOME_REPORT.search(s.text) or _NOT_THIS_TRIAL.search(s.text):
            continue
        for a, b, notation in skos.find("endpoint-type", s.text, s.start):
            if notation == "safety" or doc.text[a:b].lower() in _VAGUE or rec.endpoint(notation) is not None:
                continue  # "improved disease control", "acceptable safety": no measure named
            endpoint_for(rec, notation, Value(doc.text[a:b], mention(doc, a, b)))
