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
from typing import TypeVar

from trialkg.ingest.document import Document
from trialkg.ingest.records import ArmResult, EffectEstimate, Mention, TrialRecord, Value
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


_Stated = TypeVar("_Stated", ArmResult, EffectEstimate)

# the lead of a clause about a subgroup, up to the subgroup's cut: "In patients with a ", "; in those with ",
# "Among the 212 participants whose tumors had a ", "In the " (... population)
_LEAD = re.compile(
    r"\W*(?:(?:and|but|while|whereas)\s+)?(?:in|among|for|within)\s+(?:the\s+)?(?:\d[\d,]*\s+)?"
    r"(?:(?:patients|participants|those|subjects|people|individuals|adults|women|men)\s+)?"
    r"(?:(?:with|whose\s+tumou?rs?\s+(?:had|were|expressed)|who\s+had|having)\s+)?(?:an?\s+|the\s+)?"
    r"(?:(?:protocol-specified|centrally\s+confirmed|confirmed)\s+)?",
    re.I,
)
_LOCAL_LEAD = re.compile(
    r"\b(?:in|among)\s+(?:the\s+)?(?:patients|participants|those|subjects)\s+(?:with|whose\s+tumou?rs?\s+had)\s+"
    r"(?:an?\s+)?$",
    re.I,
)
# ... and its end: the cut alone, then the clause goes on ("..., median OS was"); no other trait ("and brain
# metastases", "who ...")
_LEAD_END = re.compile(
    r"(?:\s*(?:\([^()]{0,20}\)|population|subgroup|group|cohort|tumou?rs?|status|disease|expression))*\s*,", re.I
)
# a cut in the words that say whom the trial took: "patients with ... a CPS of 1 or more were randomized",
# "the trial enrolled 763 patients with ... a CPS of 1 or more"
_ENROLLED_AFTER = re.compile(
    r"[^,;.()]{0,60}?\b(?:were|was|are|had\s+been)\s+(?:randomly\s+assigned|randomi[sz]ed|enrolled|eligible|included|recruited)\b",
    re.I,
)
_ENROLLED_BEFORE = re.compile(
    r"\b(?:enrolled|included|recruited)\s+\d[\d,]*\s+(?:[\w-]+\s+){0,3}?(?:patients|participants|adults|men|women|children)"
    r"\s+with\b[^;.]{0,150}$",
    re.I,
)


def _enrolled_cuts(text: str, found: list[tuple[int, int, str]]) -> set[str]:
    """Keys of the cuts ``found`` in ``text`` that it gives as whom the trial enrolled (never one it was
    stratified by)."""
    out: set[str] = set()
    for a, b, k in found:
        if re.search(r"\bstratif\w*\b[^.;]{0,60}$", text[:a], re.I):
            continue
        before = text[max(0, a - 120) : a]
        if (_ENROLLED_AFTER.match(text, b) and re.search(r"\bwith\b", before)) or _ENROLLED_BEFORE.search(text[:a]):
            out.add(k)
    return out


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

    # the cuts each sentence names (offsets in the sentence), found once
    cuts = [find_subgroups(s.text) for s in sents]
    # a cut that defines whom the trial enrolled is everyone: values stated for it are the whole trial's
    enrolled = {k for s, found in zip(sents, cuts, strict=True) for k in _enrolled_cuts(s.text, found)}

    def about_subgroup(m: Mention) -> bool:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or m.start >= sents[i].end:
            return False
        text = sents[i].text
        if any(k not in enrolled for _, _, k in cuts[i]) and not _WHOLE_SENTENCE.search(text):
            return True  # a cut by a biomarker or age that not everyone has: a subgroup's sentence
        q = _SUBGROUP_SENTENCE.search(text)
        if q is None or _WHOLE_SENTENCE.search(text):
            return False
        trait = set(re.findall(r"[a-z0-9]+", re.split(r"[,;:(]", text[q.end() :], maxsplit=1)[0].lower()))
        return not (condition and condition <= trait)

    def named_subgroup(m: Mention) -> Value[str] | None:
        """The biomarker or age subgroup that leads the clause of ``m`` ("In patients with a PD-L1 CPS of 10
        or more, ..."; "...; in those with a CPS of 1 or more, ..."), alone and before the value; else None."""
        i = bisect.bisect_right(starts, m.start) - 1
        s = sents[i]
        cut = max((x.end() for x in re.finditer(r";", s.text[: m.start - s.start])), default=0)
        found = [(s.start + a, s.start + b, k) for a, b, k in cuts[i] if a >= cut and s.start + b <= m.start]
        if len({k for _, _, k in found}) != 1:
            return None
        a, b, _ = found[0]
        lead = doc.text[s.start + cut : a]
        led = _LEAD.fullmatch(lead) and _LEAD_END.match(doc.text, b)
        # ... or the values in a bracket right after it: "longer in patients with a CPS of 10 or more (median,
        # 17.4 vs 10.8 months; HR, 0.69)"
        bracketed = _LOCAL_LEAD.search(doc.text[max(s.start, a - 60) : a]) and re.fullmatch(
            r"\s*\([^()]*", doc.text[b : m.start]
        )
        if not (led or bracketed):
            return None  # a subgroup named in passing, with another trait, or after the values
        return Value(doc.text[a:b], mention(doc, a, b))

    def only_enrolled_cut(m: Mention) -> bool:
        """The sentence's population is the cut everyone enrolled has, and nothing more: "noninferior in
        patients with CPS of 1 or greater (median, ...)" in a trial of patients with CPS of 1 or greater."""
        i = bisect.bisect_right(starts, m.start) - 1
        text = sents[i].text
        return bool(cuts[i]) and all(
            k in enrolled and re.match(r"\s*(?:[(,;]|$|(?:population|group|subgroup)\b)", text[b:])
            for _, b, k in cuts[i]
        )

    def placed(m: Mention) -> tuple[bool, Value[str] | None]:
        """(keep it, its subgroup): a subgroup's value is kept only with a subgroup the sentence names."""
        if not about_subgroup(m) or only_enrolled_cut(m):
            return True, None
        sub = named_subgroup(m)
        if sub is not None and subgroup_key(sub.value) in enrolled:
            return True, None  # the cut everyone enrolled has
        return sub is not None, sub

    def kept(items: list[_Stated]) -> list[_Stated]:
        out = []
        for x in items:
            keep, x.subgroup = placed(x.value.mention)
            if keep:
                out.append(x)
        return out

    rec.arm_results = kept(rec.arm_results)
    rec.effects = kept(rec.effects)
    rec.adverse_events = [a for a in rec.adverse_events if not about_subgroup(a.mention)]
    rec.arm_facts = [f for f in rec.arm_facts if not about_subgroup(f.mention)]
    rec.baseline = [b for b in rec.baseline if not about_subgroup(b.mention)]
