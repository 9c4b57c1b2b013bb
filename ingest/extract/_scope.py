"""Which population a document's numbers describe: the whole trial, or a subgroup of it.

A result or estimate stated for a subgroup cut by a biomarker or by age ("in patients with a PD-L1 CPS
of 10 or more, median OS was ...") is kept with that subgroup (the one the sentence names last before
the value, or its one subgroup).  Other numbers stated for a subgroup ("in the subgroup with no active
NRTIs, 92.4% ...", "a post hoc analysis of patients with ...") are not stated; nor is any number of a
document that reports a subgroup analysis as a whole ("Here, we report outcomes of a preplanned subgroup
analysis of patients >=65 years in TRIAL").
"""

from __future__ import annotations

import bisect
import re

from trialkg.ingest.document import Document
from trialkg.ingest.records import Mention, TrialRecord, Value
from trialkg.ingest.subgroups import find_subgroups, subgroup_key
from trialkg.ingest.text import mention, sentences

# a document whose report is one subgroup's: said where it states its purpose, near the top
_SUBGROUP_REPORT = re.compile(
    r"\b(?:report|present|describe|assess|evaluat|examin|analy[sz])\w*\b[^.]{0,60}?"
    r"\b(?:subgroup|sub-group|post[\s-]?hoc|subset|subpopulation)\s+analys[ie]s\s+(?:of|in|among|for)\b"
    r"|\b(?:report|present|describe)\w*\s+(?:the\s+)?(?:outcomes|results|efficacy|data|findings)\s+(?:of|in|for|among)\s+"
    r"(?:the\s+)?(?:patients|participants)\s+(?:aged|≥|>=|older|younger)"
    # "we examined progression-free survival ... among patients with a high tumor mutational burden"
    r"|\b(?:examin|evaluat|assess|compar|report|analy[sz])\w*\b[^.]{0,120}?\b(?:among|in)\s+(?:the\s+)?(?:patients|participants)\s+"
    r"with\s+(?:an?\s+)?(?:high|low)\s+(?:tumou?r\s+mutational\s+burden|TMB|PD-L1\s+expression|[\w-]+\s+expression)\b",
    re.I,
)
# a sentence about a subgroup: named so, or a population qualified by a trait ("among patients with
# centrally confirmed MSI-H status", "in the PD-L1-positive population", "across this population")
_SUBGROUP_SENTENCE = re.compile(
    r"\b(?:subgroups?|sub-groups?|subsets?|subpopulations?|post[\s-]?hoc)\b"
    r"|\b(?:among|in)\s+(?:the\s+)?(?:\d+\s+)?(?:patients|participants|those|subjects)\s+"
    r"(?:with|who|whose|aged|harbou?ring|having)\b"
    r"|\b(?:in|across|among)\s+(?:the|this)\s+(?:[\w/+\-–]+\s+){0,4}?(?:population|populations)\b"
    # a population cut by a biomarker's level: "in the protocol-specified PD-L1 combined positive score (CPS) >=1"
    r"|\b(?:in|among)\s+(?:the\s+|those\s+with\s+|patients\s+with\s+)?(?:[\w()/-]+\s+){0,6}?"
    r"(?:CPS|TPS|PD-L1|expression|score)\s*(?:\([A-Z]+\)\s*)?(?:≥|>=|≤|<=|<|>|of\s+at\s+least)\s*\d",
    re.I,
)
# ... unless it says the population is everyone randomized, or an analysis set of the whole trial
# ("among patients with measurable disease", "evaluable", "who received at least one dose")
_WHOLE_SENTENCE = re.compile(
    r"\b(?:measurable|evaluable)\s+disease\b|\bevaluable\b|\bwho\s+received\s+(?:at\s+least\s+one|any)\s+dose"
    r"|\ball\s+(?:randomly\s+assigned\s+|randomi[sz]ed\s+|enrolled\s+|treated\s+)?(?:patients|participants)\b"
    r"|\bintention[-\s]to[-\s]treat\b|\bITT\b|\b(?:this|the\s+present)\s+(?:[\w-]+\s+){0,3}(?:trial|study)\s+of\b|\b(?:overall|total|whole|entire|full)\s+(?:study\s+|trial\s+|analysis\s+)?"
    r"(?:population|set|cohort)\b",
    re.I,
)


# a sentence saying whom the trial took: "were randomly assigned", "eligible patients had", "we enrolled"
_ENROLLED = re.compile(
    r"\b(?:randomi[sz]ed|randomly\s+assigned|enrolled|eligible|eligibility|inclusion|were\s+assigned|allocated)\b",
    re.I,
)


def subgroup_report(doc: Document) -> bool:
    """The document reports a subgroup analysis (read in its first 1,500 characters)."""
    return bool(_SUBGROUP_REPORT.search(doc.text[:1500]))


def keep_whole_population(doc: Document, rec: TrialRecord) -> None:
    """Drop the numbers of a subgroup: all of them in a subgroup report (with its arm sizes and number
    randomized), else the results, estimates, adverse events, arm facts and baseline facts whose sentence is
    about a subgroup."""
    if subgroup_report(doc):
        rec.arm_results, rec.effects, rec.adverse_events, rec.arm_facts, rec.baseline = [], [], [], [], []
        for arm in rec.arms:
            arm.size = None
        rec.randomized_count = None
        return
    sents = sentences(doc)
    starts = [s.start for s in sents]

    # the trial's own condition is no trait of a subgroup: "in patients with advanced breast cancer, ..."
    condition = set(re.findall(r"[a-z0-9]+", rec.condition.value.lower())) if rec.condition else set()

    def about_subgroup(m: Mention) -> bool:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or m.start >= sents[i].end:
            return False
        text = sents[i].text
        q = _SUBGROUP_SENTENCE.search(text)
        if q is None or _WHOLE_SENTENCE.search(text):
            return False
        trait = set(re.findall(r"[a-z0-9]+", re.split(r"[,;:(]", text[q.end() :], maxsplit=1)[0].lower()))
        return not (condition and condition <= trait)

    # a cut that defines whom the trial enrolled ("patients with a PD-L1 CPS of 1 or more were randomly
    # assigned") is everyone: values stated for it are the whole trial's
    enrolled: set[str] = set()
    for s in sents:
        verbs = [(s.start + e.start(), s.start + e.end()) for e in _ENROLLED.finditer(s.text)]
        for a, b, k in find_subgroups(s.text, s.start) if verbs else ():
            # (near its verb, in one clause: "patients with a CPS of 1 or more were randomized")
            if any(0 <= v0 - b <= 200 or 0 <= a - v1 <= 200 for v0, v1 in verbs) and ";" not in s.text:
                enrolled.add(k)

    def named_subgroup(m: Mention) -> Value[str] | None:
        """The biomarker or age subgroup the sentence of ``m`` names for it: the one named last before it,
        else the sentence's one subgroup."""
        i = bisect.bisect_right(starts, m.start) - 1
        found = find_subgroups(sents[i].text, sents[i].start)
        before = [f for f in found if f[1] <= m.start]
        if before:
            a, b, _ = before[-1]
        elif len({k for _, _, k in found}) == 1:
            a, b, _ = found[0]
        else:
            return None
        return Value(doc.text[a:b], mention(doc, a, b))

    def placed(m: Mention) -> tuple[bool, Value[str] | None]:
        """(keep it, its subgroup): a subgroup's value is kept only with a subgroup the sentence names."""
        if not about_subgroup(m):
            return True, None
        sub = named_subgroup(m)
        if sub is not None and subgroup_key(sub.value) in enrolled:
            return True, None  # the cut everyone enrolled has
        return sub is not None, sub

    kept_results = []
    for r in rec.arm_results:
        keep, r.subgroup = placed(r.value.mention)
        if keep:
            kept_results.append(r)
    rec.arm_results = kept_results
    kept_effects = []
    for e in rec.effects:
        keep, e.subgroup = placed(e.value.mention)
        if keep:
            kept_effects.append(e)
    rec.effects = kept_effects
    rec.adverse_events = [a for a in rec.adverse_events if not about_subgroup(a.mention)]
    rec.arm_facts = [f for f in rec.arm_facts if not about_subgroup(f.mention)]
    rec.baseline = [b for b in rec.baseline if not about_subgroup(b.mention)]
