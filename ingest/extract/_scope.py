"""Which population a document's numbers describe: the whole trial, or a subgroup of it.

The graph keeps results of the whole randomized population only.  A number stated for a subgroup
("in the subgroup with no active NRTIs, 92.4% ...", "a post hoc analysis of patients with ...") is
not stated; nor is any number of a document that reports a subgroup analysis as a whole ("Here, we
report outcomes of a preplanned subgroup analysis of patients >=65 years in TRIAL").
"""

from __future__ import annotations

import bisect
import re

from trialkg.ingest.document import Document
from trialkg.ingest.records import Mention, TrialRecord
from trialkg.ingest.text import sentences

# a document whose report is one subgroup's: said where it states its purpose, near the top
_SUBGROUP_REPORT = re.compile(
    r"\b(?:report|present|describe|assess|evaluat|examin|analy[sz])\w*\b[^.]{0,60}?"
    r"\b(?:subgroup|sub-group|post[\s-]?hoc|subset|subpopulation)\s+analys[ie]s\s+(?:of|in|among|for)\b"
    r"|\b(?:report|present|describe)\w*\s+(?:the\s+)?(?:outcomes|results|efficacy|data|findings)\s+(?:of|in|for|among)\s+"
    r"(?:the\s+)?(?:patients|participants)\s+(?:aged|≥|>=|older|younger)",
    re.I,
)
# a sentence about a subgroup
_SUBGROUP_SENTENCE = re.compile(r"\b(?:subgroups?|sub-groups?|subsets?|subpopulations?|post[\s-]?hoc)\b", re.I)


def subgroup_report(doc: Document) -> bool:
    """The document reports a subgroup analysis (read in its first 1,500 characters)."""
    return bool(_SUBGROUP_REPORT.search(doc.text[:1500]))


def keep_whole_population(doc: Document, rec: TrialRecord) -> None:
    """Drop the numbers of a subgroup: all of them in a subgroup report, else those whose sentence is
    about a subgroup; arm sizes and the number randomized of a subgroup report go too."""
    if subgroup_report(doc):
        rec.arm_results, rec.effects, rec.adverse_events, rec.arm_facts, rec.baseline = [], [], [], [], []
        for arm in rec.arms:
            arm.size = None
        rec.randomized_count = None
        return
    sents = sentences(doc)
    starts = [s.start for s in sents]

    def about_subgroup(m: Mention) -> bool:
        i = bisect.bisect_right(starts, m.start) - 1
        return i >= 0 and m.start < sents[i].end and bool(_SUBGROUP_SENTENCE.search(sents[i].text))

    rec.arm_results = [r for r in rec.arm_results if not about_subgroup(r.value.mention)]
    rec.effects = [e for e in rec.effects if not about_subgroup(e.value.mention)]
    rec.adverse_events = [a for a in rec.adverse_events if not about_subgroup(a.mention)]
