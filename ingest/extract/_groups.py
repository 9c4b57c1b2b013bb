"""Helpers for trials in any field: group names, roles, intervention kinds, and matching a group
name (a table column header, "the exercise group (n = 35)") to an arm of the record."""

from __future__ import annotations

import re

from trialkg.graph import iris
from trialkg.ingest.records import Arm, TrialRecord

N_EQUALS = re.compile(r"[\(\[,;]?\s*\b[nN]\s*[=:]\s*(\d{1,6})\s*[\)\]]?")
CONTROL_WORDS = re.compile(
    r"\b(?:placebo|control|controls|usual\s+care|standard\s+care|standard\s+(?:therapy|treatment)|sham|"
    r"treatment\s+as\s+usual|TAU|no\s+(?:treatment|intervention)|waiting\s+list|wait-?list|comparator|"
    r"conventional|routine\s+care|vehicle)\b",
    re.I,
)
GROUP_WORDS = re.compile(
    r"\b(?:group|groups|arm|arms|placebo|control|intervention|treatment|treated|experimental|usual\s+care|"
    r"sham|vehicle|cohort)\b",
    re.I,
)
NOT_GROUP = re.compile(
    r"^(?:p|p[\s-]*values?|p\s*\*|sig\.?|significance|difference|diff\.?|mean\s+difference|total|all|overall|"
    r"all\s+patients|all\s+participants|whole\s+sample|statistics?|test|t|f|z|χ2|chi|chi-?square|95%?\s*ci|ci|"
    r"or|rr|hr|odds\s+ratio|risk\s+ratio|relative\s+risk|effect\s+size|es|cohen'?s\s+d|"
    r"variables?|characteristics?|outcomes?|parameters?|items?|measures?)\b|\b(?:vs\.?|versus)\s|"
    r"\bbetween[\s-]+groups?\b|\bdiff(?:erence|\.)?s?\b|\bp[\s-]*values?\b",
    re.I,
)
STAT_WORDS = re.compile(
    r"\b(?:mean|means|sd|s\.d\.|se|sem|median|iqr|range|n|no\.|number|%|percent|percentage|frequency|"
    r"value|values|score|scores)\b|±|\(\s*%\s*\)|\[\s*%\s*\]",
    re.I,
)
TIME_WORDS = re.compile(
    r"\b(?:baseline|pre-?test|post-?test|pre-?treatment|post-?treatment|pre-?intervention|post-?intervention|"
    r"before|after|follow[\s-]?up|end\s+of\s+(?:treatment|study|intervention)|endpoint|change|"
    r"(?:week|wk|month|mo|day|year|visit)s?\s*\d+|\d+\s*(?:weeks?|wks?|months?|days?|years?|h|hours?)|T\d)\b",
    re.I,
)
_KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("placebo", re.compile(r"\b(?:placebo|sham|dummy|vehicle)\b", re.I)),
    ("usual-care", re.compile(r"\b(?:usual|routine|standard)\s+care\b|\btreatment\s+as\s+usual\b|\bTAU\b", re.I)),
    (
        "procedure",
        re.compile(
            r"\b(?:surgery|surgical|operation|resection|repair|ectomy|otomy|stent(?:ing)?|drainage|"
            r"catheter|block|injection\s+technique|acupuncture|massage|anaesthesia|anesthesia)\w*",
            re.I,
        ),
    ),
    ("device", re.compile(r"\b(?:device|implant|laser|app|application|monitor|bandage|dressing)s?\b", re.I)),
    (
        "behavioral",
        re.compile(
            r"\b(?:education|educational|training|exercise|counsel+ing|interview\w*|therapy\s+sessions?|yoga|"
            r"program(?:me)?|coaching|cognitive|behaviou?ral|psycho\w*|mindfulness|school|nursing|support)\b",
            re.I,
        ),
    ),
    (
        "dietary-supplement",
        re.compile(r"\b(?:juice|diet|dietary|supplement\w*|vitamin|probiotic\w*|wine|beer|milk|food|tea)\b", re.I),
    ),
    ("radiation", re.compile(r"\b(?:radiotherapy|radiation|irradiation)\b", re.I)),
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "in",
        "with",
        "without",
        "to",
        "for",
        "by",
        "on",
        "at",
        "group",
        "groups",
        "arm",
        "arms",
        "patients",
        "participants",
        "subjects",
        "receiving",
        "received",
        "treated",
        "treatment",
        "who",
        "were",
        "was",
        "n",
        "plus",
        "vs",
        "versus",
    ]
)


def clean_group_name(text: str) -> str:
    """ "Placebo group (n = 30)" -> "Placebo group"; statistic words and brackets at the end dropped."""
    t = N_EQUALS.sub(" ", text)
    t = re.sub(r"\(\s*\)|\[\s*\]", " ", t)
    t = re.sub(r"\b(?:mean|median)\s*(?:±|\(|\[)?\s*(?:sd|se|iqr|range)?\s*[\)\]]?", " ", t, flags=re.I)
    t = re.sub(r"\bn\s*\(\s*%\s*\)|\(\s*%\s*\)|±\s*sd\b", " ", t, flags=re.I)
    t = re.sub(r"\s+", " ", t).strip(" ,;:-–()[]")
    return t


STAT_ROLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mean", re.compile(r"^(?:mean|means|χ|x̄|x|m|average|avg\.?)$", re.I)),
    ("sd", re.compile(r"^(?:±\s*)?(?:sd|s\.d\.?|std\.?\s*dev\.?|standard\s+deviation)$", re.I)),
    ("n", re.compile(r"^(?:n|no\.?|number|count|frequency|events?)$", re.I)),
    ("pct", re.compile(r"^\(?\s*%\s*\)?$|^percent(?:age)?$", re.I)),
)


def stat_role(text: str) -> str | None:
    """What a column of one statistic holds ("Mean", "SD", "n", "%"), or None for a full cell."""
    t = text.strip().strip("()[]").strip()
    t = "%" if t in ("%", "( %)", "(% )") else t
    for role, pattern in STAT_ROLE:
        if pattern.match(t):
            return role
    return None


def role_of(name: str) -> str:
    return "control" if CONTROL_WORDS.search(name) else "experimental"


def kind_of(name: str, has_drug: bool) -> str:
    for kind, pattern in _KIND_WORDS[:2]:
        if pattern.search(name):
            return kind
    if has_drug:
        return "drug"
    for kind, pattern in _KIND_WORDS[2:]:
        if pattern.search(name):
            return kind
    return "other"


def tokens(text: str) -> set[str]:
    """Content words cut to five letters ("supplementation" ~ "supplemented")."""
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1}


def match_arm(rec: TrialRecord, name: str) -> Arm | None:
    """The record's arm a group name refers to: shared content words, a shared drug, or the control role."""
    name_tokens = tokens(name)
    best: tuple[float, Arm] | None = None
    for arm in rec.arms:
        arm_tokens = tokens(arm.label.value) | {t for d in arm.drugs for t in tokens(d.label)}
        if not arm_tokens or not name_tokens:
            continue
        score = 2 * len(arm_tokens & name_tokens) / (len(arm_tokens) + len(name_tokens))
        if score > 0 and (best is None or score > best[0]):
            best = (score, arm)
    if best is not None and best[0] >= 0.5:
        return best[1]
    if role_of(name) == "control":
        controls = [a for a in rec.arms if a.role == "control"]
        if len(controls) == 1 and not name_tokens - tokens("control placebo usual care standard sham"):
            return controls[0]
    return None


def group_key(name: str) -> str:
    return "group-" + iris.slug(name)[:40]
