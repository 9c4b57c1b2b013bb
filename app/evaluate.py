"""Score the store against a gold file (the format of shared/gold/seeds.yaml), or a folder of them.

Each gold fact is *matched* (the graph states it), *contradicted* (the graph states the same fact
key with another value) or *missed*; a gold trial the store does not recognize misses all its facts.
Each result, effect estimate and adverse event the graph states on a gold trial that matches no
gold fact is *spurious*, also beside the right value (and, for a folder of per-document gold, on any
trial).  Per field: recall = matched / gold facts, precision = matched / (matched + contradicted +
spurious).  Provenance is scored too: each source a gold fact lists must carry a Mention of that
fact, and each Mention behind a stated number must be the text at its offsets and write the number.
Negatives and the canonical question are checked where the gold text states them in a recognizable
form; unrecognized negatives are reported as unchecked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from trialkg.graph.store import TrialStore
from trialkg.ingest.lexicon import resolve_drug
from trialkg.ingest.stages import read_document
from trialkg.ingest.subgroups import subgroup_key
from trialkg.ontology.skos import find, lookup
from trialkg.queries import api, load

_STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "or",
    "in",
    "on",
    "with",
    "for",
    "by",
    "as",
    "at",
    "had",
    "have",
    "did",
    "not",
    "who",
    "that",
    "their",
    "was",
    "were",
    "is",
    "be",
    "after",
    "plus",
}
_WORDNUM = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}


def tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9][a-z0-9\-]*", text.lower())
    return {_WORDNUM.get(w, w) for w in words if w not in _STOP}


def norm(text: object) -> str:
    """Lower case, runs of spaces and dashes as one space, no leading "the", compatibility forms folded
    (the micro sign µ and the Greek mu μ of "µg" are one letter)."""
    folded = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"^the\s+", "", re.sub(r"[\s\-–]+", " ", folded.strip().lower()))


_FREQUENCY_SYNONYMS = [
    (r"^(?:once\s+)?(?:daily|a\s+day|per\s+day|every\s+day)$|^qd$|^once\s+a\s+day$|^once\s+per\s+day$", "daily"),
    (r"^(?:twice\s+(?:daily|a\s+day|per\s+day)|bid|two\s+times\s+(?:daily|a\s+day))$", "twice daily"),
    (r"^(?:three\s+times\s+(?:daily|a\s+day)|tid)$", "three times daily"),
    (r"^(?:once\s+)?(?:weekly|every\s+(?:1|one)\s+week|a\s+week|per\s+week)$|^q1?w$", "weekly"),
]


def frequency(text: object) -> str:
    """A dosing frequency in one wording: "once daily", "QD", "once per day" and "daily" are one;
    "every 3 weeks" and "Q3W" too."""
    t = norm(text)
    for rx, name in _FREQUENCY_SYNONYMS:
        if re.match(rx, t):
            return name
    m = re.fullmatch(r"(?:once\s+)?every\s+(\d+|two|three|four|six)\s+weeks|q(\d)w", t)
    if m:
        n = {"two": "2", "three": "3", "four": "4", "six": "6"}.get(m.group(1) or "", m.group(1) or m.group(2))
        return f"every {n} weeks"
    return t


def _schedule_head(gold: object) -> str:
    """A gold schedule without what follows its frequency ("every 3 weeks for 4 doses", "q4w × 4",
    "once weekly (3 infusions)"): a graph frequency that gives the head is right, if less complete."""
    return re.sub(r"\s*(?:\(.*\)|\bfor\s+.*|[×x]\s*\d.*|\bthen\b.*|\bthereafter\b.*)$", "", str(gold)).strip()


def num_eq(a: object, b: object) -> bool:
    try:
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


_NUMBER = re.compile(r"(?<![\w.])[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?![\w])")


def numbers_in(text: str) -> list[float]:
    """The numbers a quote writes, with thousands separators read ("1,204") and leading points (".71")."""
    out = [float(_WORDNUM[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in _WORDNUM]
    for m in _NUMBER.finditer(text):
        tok = m.group().replace(",", "").replace("−", "-").replace("–", "-")
        if tok.strip("-") and tok.strip("-") != ".":
            try:
                out.append(abs(float(tok)))
            except ValueError:
                continue
    return out


def _short(iri: str) -> str:
    return str(iri).rsplit("/id/", 1)[-1]


# the gold's finer document kinds, as the source types the graph keeps (DESIGN.md)
SOURCE_TYPE_OF_KIND = {"press-release": "news", "conference-report": "news", "protocol-summary": "registry"}

_UNITS = {"months", "percent", "weeks", "years", "days", "deaths", "patients", "events"}


def _p_eq(row: dict[str, Any], gold: object) -> bool:
    """A gold P value as printed: a number, or "<0.001" (the graph keeps the bound and its operator)."""
    text = str(gold).replace(" ", "")
    m = re.match(r"^(<=|>=|<|>|≤|≥)?([0-9.]+(?:e-?\d+)?)$", text)
    if not m:
        return False
    op = m.group(1)
    if not num_eq(row.get("p_value"), float(m.group(2))):
        return False
    have = str(row.get("p_operator") or "")
    return not op or have in (op, {"<=": "≤", ">=": "≥"}.get(op, op), {"≤": "<=", "≥": ">="}.get(op, op))


def _doses(ga: dict[str, Any]) -> list[dict[str, Any]]:
    """A gold arm's doses: one mapping, or a list of them for an arm of several drugs."""
    dose = ga.get("dose")
    items = dose if isinstance(dose, list) else [dose] if dose else []
    return [d for d in items if isinstance(d, dict) and d.get("drug")]


def _condition_words(text: object) -> frozenset[str]:
    """A condition's words, with "carcinoma" and "cancer" one word and hyphens as spaces."""
    same = {
        "carcinoma": "cancer",
        "leukaemia": "leukemia",
        "tumor": "cancer",
        "tumors": "cancer",
        "tumour": "cancer",
        "tumours": "cancer",
        "oesophagitis": "esophagitis",
        "oesophageal": "esophageal",
    }
    return frozenset(same.get(w, w) for w in re.findall(r"[a-z0-9']+", str(text).lower()) if w != "mellitus")


def _same_condition(graph: object, gold: object) -> bool:
    """The same condition, or a narrower one that names it whole ("resistant hypertension" for
    "hypertension": the graph is more precise, not wrong)."""
    return _condition_words(graph) >= _condition_words(gold)


def gold_timepoint(g: dict[str, Any]) -> float:
    """A gold fact's time point in months (the extractor's unit): weeks as 12/52 of a month, days as 12/365."""
    if g.get("timepoint_months") is not None:
        return float(g["timepoint_months"])
    if g.get("timepoint_weeks") is not None:
        return round(float(g["timepoint_weeks"]) * 12 / 52, 2)
    if g.get("timepoint_days") is not None:
        return round(float(g["timepoint_days"]) * 12 / 365, 2)
    return 0.0


def tp_eq(a: object, b: float) -> bool:
    return abs(float(a or 0) - b) < 0.015  # type: ignore[arg-type]


def endpoint_type(gold_name: str) -> str | None:
    """The endpoint type a gold endpoint name is: its label, else the one type the name contains
    ("change from baseline in HAM-D total score at day 15" is the HAM-D total score; the time point is
    the result's).  A name with two types or none has none."""
    t = lookup("endpoint-type", gold_name)
    if t:
        return t
    found = {n for _, _, n in find("endpoint-type", gold_name) if n != "safety"}
    return found.pop() if len(found) == 1 else None


# words that name no part of an outcome: articles, joining words, and how the outcome was defined
_LABEL_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "to",
        "with",
        "as",
        "and",
        "or",
        "defined",
        "measured",
        "assessed",
        "according",
        "based",
    ]
)


def _content_words(text: str) -> list[str]:
    """A label's words without joining words, lower case and singular ("distant relapses" -> distant relapse)."""
    words = re.findall(r"[a-z0-9][a-z0-9/<>=≤≥+.-]*", norm(text).replace("-", " "))
    return [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words if w not in _LABEL_STOP
    ]


def ae_type(gold_term: str) -> str | None:
    """The adverse-event type a gold term is: its label, else the one type its words begin with, the rest
    a qualifier ("adverse events leading to discontinuation of drug A/placebo")."""
    t = lookup("adverse-event", gold_term)
    if t:
        return t
    found = {n for a, _, n in find("adverse-event", gold_term) if a == 0}
    return found.pop() if len(found) == 1 else None


def same_label(label: str, gold_name: str) -> bool:
    """An untyped endpoint's label names the gold endpoint: the same words, or one holds the other and
    the shorter has three words or more ("response at 12 months" in "response at 12 months (BCR-ABL1 <=1%)");
    words are compared without joining words and plurals ("remission, defined by the 4-component Mayo score"
    is "remission (4-component Mayo score)"), and a shorter one needs two of them, in the longer's order
    ("clinical remission" for "clinical remission (3-component Mayo Clinic Score)", "pain crises" for
    "annual rate of pain crises"; never "pain crises" for "time to first pain crisis")."""
    a, b = norm(label), norm(gold_name)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= 3 and short in long_:
        return True
    wa, wb = _content_words(label), _content_words(gold_name)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    few, many = sorted((wa, wb), key=len)
    if len(few) < 2 or (few[0] == "time") != (many[0] == "time"):
        return False  # one word tells too little; a time to an event is not the event's rate
    if many[: len(few)] == few:
        return True  # the longer adds a qualifier after the name
    it = iter(many)
    return 2 * len(few) >= len(many) and all(w in it for w in few)  # most of the longer's words, in its order


def _same_subgroup(row: dict[str, Any], gold: dict[str, Any]) -> bool:
    """A graph row and a gold fact are of one population: both the whole trial's, or one subgroup's."""
    if not gold.get("population"):
        return not row.get("subgroup")
    return row.get("subgroup") is not None and row.get("subgroup") == subgroup_key(str(gold["population"]))


def _same_endpoint(row: dict[str, Any], gold_name: str, card: dict[str, Any]) -> bool:
    t = endpoint_type(gold_name)
    if t:
        return bool(row.get("endpoint_type") == t)
    if row.get("endpoint_type"):
        return False
    label = next((e.get("label") or "" for e in card["endpoints"] if e.get("endpoint") == row.get("endpoint")), "")
    return same_label(label, gold_name)


# checks of the stated facts' quotes, not gold facts: shown per field, left out of the fact totals
CHECKS = frozenset({"provenance.quotes"})

# the lists of a trial card (queries/api.trial_card)
_CARD_LISTS = ("arms", "interventions", "endpoints", "arm_results", "effects", "adverse_events", "facts")


@dataclass
class FieldScore:
    matched: int = 0
    missed: list[str] = field(default_factory=list)
    contradicted: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)  # stated on a gold trial, matching no gold fact

    @property
    def total(self) -> int:
        return self.matched + len(self.missed) + len(self.contradicted)

    @property
    def recall(self) -> float:
        return self.matched / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        n = self.matched + len(self.contradicted) + len(self.spurious)
        return self.matched / n if n else 1.0


@dataclass
class EvalReport:
    fields: dict[str, FieldScore] = field(default_factory=dict)
    negatives: list[tuple[str, str, str]] = field(default_factory=list)  # (text, pass|fail|unchecked, detail)
    canonical: list[tuple[str, bool, str]] = field(default_factory=list)

    def score(self, name: str) -> FieldScore:
        return self.fields.setdefault(name, FieldScore())

    @property
    def perfect(self) -> bool:
        return (
            all(f.recall == 1.0 and not f.contradicted and not f.spurious for f in self.fields.values())
            and all(s != "fail" for _, s, _ in self.negatives)
            and all(ok for _, ok, _ in self.canonical)
        )


class _Eval:
    def __init__(self, store: TrialStore, gold: dict[str, Any]) -> None:
        self.store = store
        self.gold = gold
        self.report = EvalReport()
        self.sources = store.query(load("_sources").text)
        self.doc_source: dict[str, str] = {}
        for r in self.sources:
            self.doc_source.setdefault(Path(r["path"]).stem, r["source"])
        self.source_doc = {v: k for k, v in self.doc_source.items()}
        self.gold_trials: set[str] = set()
        self._texts: dict[str, str | None] = {}
        self._doc_trials: dict[str, set[str]] | None = None

    # -- generic helpers -----------------------------------------------------------------------------
    def single(self, fname: str, desc: str, gold: object, found: list[Any], eq: Callable[[Any, Any], bool]) -> None:
        s = self.report.score(fname)
        if gold is None:
            # null gold: the document does not state it; nothing to find, and a stated value is wrong
            if found:
                s.spurious.append(f"{desc}: gold states none, graph {sorted(map(str, found))}")
            return
        if any(eq(f, gold) for f in found):
            s.matched += 1
        elif found:
            s.contradicted.append(f"{desc}: gold {gold!r}, graph {sorted(map(str, found))}")
        else:
            s.missed.append(f"{desc}: gold {gold!r}, graph has none")

    def member(self, fname: str, desc: str, gold: object, found: list[Any], eq: Callable[[Any, Any], bool]) -> None:
        s = self.report.score(fname)
        if any(eq(f, gold) for f in found):
            s.matched += 1
        else:
            s.missed.append(f"{desc}: {gold!r} not among {sorted(map(str, found))}")

    def provenance(self, desc: str, node: str | None, docs: list[str] | None) -> None:
        if not docs or node is None:
            return
        rows = api.run(self.store, "evidence", node=node)
        have = {self.source_doc.get(r["source"], r["source"]) for r in rows}
        s = self.report.score("provenance")
        for d in docs:
            if d in have:
                s.matched += 1
            else:
                s.missed.append(f"{desc}: no mention from {d}")

    # -- documents ---------------------------------------------------------------------------------
    def documents(self) -> None:
        for name, g in (self.gold.get("documents") or {}).items():
            rows = [r for r in self.sources if Path(r["path"]).stem == name]
            if not rows:
                self.report.score("documents.ingested").missed.append(f"{name}: not in the store")
                continue
            self.report.score("documents.ingested").matched += 1
            for key, column, eq in (
                ("type", "source_type", lambda a, b: a == SOURCE_TYPE_OF_KIND.get(b, b)),
                ("trial", "nct", lambda a, b: a == b),
                ("doi", "doi", lambda a, b: norm(a) == norm(b)),
                ("pmid", "pmid", lambda a, b: str(a) == str(b)),
                ("pmcid", "pmcid", lambda a, b: norm(a) == norm(b)),
                ("journal", "journal", lambda a, b: norm(a) == norm(b)),
                ("date", "date", lambda a, b: str(a) == str(b)),
                ("cites_doi", "cited_doi", lambda a, b: norm(a) == norm(b)),
            ):
                if key in g:
                    found = sorted({r[column] for r in rows if r.get(column) is not None})
                    (self.member if key == "cites_doi" else self.single)(f"documents.{key}", name, g[key], found, eq)

    # -- trials ------------------------------------------------------------------------------------
    def find(self, gt: dict[str, Any]) -> str | None:
        """The store's trial for a gold trial: by NCT id, else by acronym, else the one trial that the
        gold trial's source documents describe (its id and acronym then count as missed or contradicted)."""
        for ident in (gt.get("nct"), gt.get("acronym")):
            if ident:
                found = api.find_trials(self.store, str(ident))
                if found:
                    return found[0]
        described = set().union(*(self.doc_trials().get(d, set()) for d in gt.get("sources") or []))
        return next(iter(described)) if len(described) == 1 else None

    def doc_trials(self) -> dict[str, set[str]]:
        """The trials with arms, results or a population that each document describes (read once)."""
        if self._doc_trials is None:
            self._doc_trials = {}
            for r in self.store.query(load("_trials_with_content").text):
                if r.get("arms") or r.get("results") or r.get("population"):
                    for x in api.run(self.store, "trial_sources", trial=r["trial"]):
                        doc = self.source_doc.get(x["source"])
                        if doc:
                            self._doc_trials.setdefault(doc, set()).add(r["trial"])
        return self._doc_trials

    def trial(self, gt: dict[str, Any]) -> None:
        nct = str(gt.get("nct") or gt.get("acronym") or gt.get("key"))
        trial = self.find(gt)
        if trial is None:
            # a trial the store does not have: scored against an empty card, so every fact is missed
            self.report.score("trials").missed.append(f"{nct}: no trial with this id")
            card: dict[str, Any] = {"properties": {}, "population": {}, "sources": []}
            card.update({k: [] for k in _CARD_LISTS})
        else:
            self.gold_trials.add(trial)
            self.report.score("trials").matched += 1
            card = api.trial_card(self.store, trial)
        props, pop = card["properties"], card["population"]
        for key, prop, eq in (
            ("nct", "nctId", lambda a, b: norm(a) == norm(b)),
            ("acronym", "acronym", lambda a, b: norm(a) == norm(b)),
            ("phase", "phase", lambda a, b: str(a) == str(b)),
            ("allocation_ratio", "allocationRatio", lambda a, b: str(a) == str(b)),
            ("randomized", "randomizedCount", num_eq),
            ("sites", "siteCount", num_eq),
            ("countries", "countryCount", num_eq),
            ("median_follow_up_months", "medianFollowUpMonths", num_eq),
        ):
            if key in gt:
                self.single(f"trial.{key}", nct, gt[key], props.get(prop, []), eq)
        for item in gt.get("design", []):
            self.member("trial.design", nct, item, props.get("designFeature", []), lambda a, b: norm(a) == norm(b))
        for item in gt.get("funding", []):
            self.member("trial.funding", nct, item, props.get("fundedBy", []), lambda a, b: norm(a) == norm(b))
        for item in gt.get("stratification_factors", []):
            self.member(
                "trial.stratification_factors",
                nct,
                item,
                props.get("stratificationFactor", []),
                lambda a, b: norm(a) == norm(b),
            )
        for bound, prop in (("start", "enrollmentStart"), ("end", "enrollmentEnd")):
            if bound in (gt.get("enrollment_period") or {}):
                self.single(
                    "trial.enrollment_period",
                    f"{nct} {bound}",
                    gt["enrollment_period"][bound],
                    props.get(prop, []),
                    lambda a, b: str(a) == str(b),
                )
        for doc in gt.get("sources", []):
            self.member(
                "trial.sources",
                nct,
                doc,
                [self.source_doc.get(s, s) for s in props.get("describedBy", [])],
                lambda a, b: a == b,
            )
        pubs = [r for r in card["sources"] if r["kind"] == "publication" or r.get("doi")]
        for key, value in (gt.get("publication") or {}).items():
            column = {"first_author": "first_author"}.get(key, key)
            self.single(
                f"trial.publication.{key}",
                nct,
                value,
                sorted({r[column] for r in pubs if r.get(column)}),
                lambda a, b: norm(a) == norm(b),
            )
        self.population(nct, gt.get("population") or {}, pop)
        for name in gt.get("drugs_mentioned", []):
            ref = resolve_drug(name)
            want = ref.label if ref else name
            found = [d for d in props.get("mentionsDrug", []) if norm(d) == norm(want)] or props.get("mentionsDrug", [])
            self.member("trial.drugs_mentioned", nct, want, found, lambda a, b: norm(a) == norm(b))
        arms = self.arms(nct, gt.get("arms") or [], card)
        self.endpoints(nct, gt.get("endpoints") or [], card)
        self.arm_results(nct, gt.get("arm_results") or [], card, arms)
        self.effects(nct, gt.get("effect_estimates") or [], card, arms, len(gt.get("arms") or []) >= 3)
        self.adverse_events(nct, gt.get("adverse_events") or [], card, arms)
        self.facts(nct, gt.get("other_arm_facts") or [], card, arms, "arm")
        self.facts(nct, gt.get("baseline") or [], card, arms, "baseline")
        self.spurious(nct, gt, card, arms)
        self.quotes(nct, card)

    def population(self, nct: str, gp: dict[str, Any], pop: dict[str, list[Any]]) -> None:
        from trialkg.graph.merge import concepts_agree

        props = {
            "condition": "condition",
            "hr_status": "hrStatus",
            "her2_status": "her2Status",
            "stage": "stage",
            "line_of_therapy": "lineOfTherapy",
            "setting": "setting",
            "menopausal_status": "menopausalStatus",
            "er_status": "erStatus",
            "pr_status": "prStatus",
        }
        for key, prop in props.items():
            if key not in gp:
                continue
            found = pop.get(prop, [])
            if key == "stage" and found:
                # a broader stage beside the gold one is consistent ("advanced" with "metastatic")
                base = "https://w3id.org/trialkg/vocab/stage/"
                bad = [f for f in found if not concepts_agree(base + str(f), base + str(gp[key]))]
                found = [f for f in found if f == gp[key]] + bad
            if key == "condition" and found and not any(_same_condition(f, gp[key]) for f in found):
                broader = [f for f in found if _condition_words(f) < _condition_words(gp[key])]
                if broader and len(broader) == len(found):
                    # "lymphoma" for "diffuse large B-cell lymphoma": true but less precise, so a miss
                    self.report.score("population.condition").missed.append(
                        f"{nct}: gold {gp[key]!r}, graph only the broader {broader}"
                    )
                    continue
            eq = _same_condition if key == "condition" else (lambda a, b: norm(a) == norm(b))
            self.single(f"population.{key}", nct, gp[key], found, eq)
        if "prior_therapy" in gp:
            want = tokens(gp["prior_therapy"])
            have: set[str] = set()
            for v in pop.get("priorTherapy", []):
                have |= tokens(str(v))
            cover = len(want & have) / len(want) if want else 1.0
            s = self.report.score("population.prior_therapy")
            if cover >= 0.75:
                s.matched += 1
            else:
                s.missed.append(f"{nct}: {cover:.0%} of the gold terms covered; missing {sorted(want - have)}")

    def arms(self, nct: str, garms: list[dict[str, Any]], card: dict[str, Any]) -> dict[str, str]:
        by_arm: dict[str, dict[str, Any]] = {}
        for r in card["arms"]:
            a = by_arm.setdefault(
                r["arm"], {"role": r["role"], "size": r.get("size"), "drugs": set(), "label": r.get("label")}
            )
            if r.get("drug_label"):
                a["drugs"].add(norm(r["drug_label"]))
        keymap: dict[str, str] = {}
        # each gold arm takes the graph arm that fits it best, one to one: the same drugs; else a graph arm
        # whose drugs are all among the gold arm's (it names the drugs that tell the arms apart, the gold
        # lists the whole regimen); else, for the control, the graph's control arm with no drugs of its own;
        # ties go to the same role, then the same dose, then shared label words
        wants = {}
        for ga in garms:
            want = set()
            for d in ga.get("drugs", []):
                ref = resolve_drug(d)
                want.add(norm(ref.label if ref else d))
            wants[ga["key"]] = want
        pairs = []
        for order, ga in enumerate(garms):
            want = wants[ga["key"]]
            for iri, a in by_arm.items():
                have = a["drugs"]
                if have == want and (want or a["role"] == ga.get("role")):
                    fit = 3.0
                elif have and want and have <= want:
                    fit = 1.0 + len(have) / len(want)
                elif not have and a["role"] == "control" == ga.get("role"):
                    fit = 0.5  # the control arm, whose drugs (the backbone) the graph keeps apart
                else:
                    continue
                dose = next((d.get("amount") for d in _doses(ga) if d.get("amount") is not None), None)
                doses = {iv.get("dose_amount") for iv in card["interventions"] if iv["arm"] == iri}
                label_words = tokens(str(ga.get("label") or "")) & tokens(str(a.get("label") or ""))
                pairs.append(
                    (
                        fit,
                        a["role"] == ga.get("role"),
                        dose is not None and any(num_eq(dose, d) for d in doses),
                        len(label_words),
                        -order,  # (an exact tie goes to the arm the gold lists first: the main randomization's)
                        ga["key"],
                        iri,
                    )
                )
        taken: set[str] = set()
        for *_, key, iri in sorted(pairs, reverse=True):
            if key not in keymap and iri not in taken:
                keymap[key] = iri
                taken.add(iri)
        for ga in garms:
            desc = f"{nct} arm {ga['key']}"
            if ga["key"] not in keymap:
                self.report.score("arms").missed.append(f"{desc}: no arm with drugs {sorted(wants[ga['key']])}")
                continue
            self.report.score("arms").matched += 1
            iri = keymap[ga["key"]]
            a = by_arm[iri]
            if "role" in ga:
                self.single("arms.role", desc, ga["role"], [a["role"]], lambda x, y: x == y)
            if "size" in ga:
                self.single("arms.size", desc, ga["size"], [a["size"]] if a["size"] is not None else [], num_eq)
            for dose in _doses(ga):
                dref = resolve_drug(dose["drug"])
                dlabel = dref.label if dref else dose["drug"]
                ivs = [
                    iv for iv in card["interventions"] if iv["arm"] == iri and norm(iv["drug_label"]) == norm(dlabel)
                ]
                for gk, col in (
                    ("amount", "dose_amount"),
                    ("unit", "dose_unit"),
                    ("route", "route"),
                    ("frequency", "frequency"),
                    ("days_on", "days_on"),
                    ("days_off", "days_off"),
                    ("cycle_days", "cycle_days"),
                ):
                    if gk in dose:
                        eq = (
                            num_eq
                            if isinstance(dose[gk], (int, float))
                            else (lambda x, y: frequency(x) in (frequency(y), frequency(_schedule_head(y))))
                            if gk == "frequency"
                            else (lambda x, y: norm(x) == norm(y))
                        )
                        self.single(
                            "arms.dose",
                            f"{desc} {gk}",
                            dose[gk],
                            [iv[col] for iv in ivs if iv.get(col) is not None],
                            eq,
                        )
        return keymap

    def endpoints(self, nct: str, geps: list[dict[str, Any]], card: dict[str, Any]) -> None:
        for ge in geps:
            t = endpoint_type(ge["name"])
            rows = (
                [e for e in card["endpoints"] if e.get("type") == t]
                if t
                else [e for e in card["endpoints"] if not e.get("type") and same_label(e.get("label", ""), ge["name"])]
            )
            desc = f"{nct} {ge['name']}"
            if not rows:
                self.report.score("endpoints").missed.append(f"{desc}: endpoint not in the graph")
                continue
            self.report.score("endpoints").matched += 1
            for key in ("role", "assessor"):
                if key in ge:
                    self.single(
                        f"endpoints.{key}",
                        desc,
                        ge[key],
                        [r[key] for r in rows if r.get(key)],
                        lambda a, b: norm(a) == norm(b),
                    )

    def _ci_ok(self, gold_ci: list[Any] | None, lo: Any, hi: Any) -> bool:
        if gold_ci is None:
            return True
        glo, ghi = gold_ci
        ok_lo = (lo is None) if glo is None else num_eq(lo, glo)
        ok_hi = (hi is None) if ghi is None else num_eq(hi, ghi)
        return ok_lo and ok_hi

    def _population(self, field: str, gold: dict[str, Any], desc: str) -> tuple[str, str | None, str] | None:
        """(field scored, subgroup key, description) of a gold value: a subgroup's value is scored apart and
        matches only the graph's value for the same subgroup (written any way); one of a subgroup the graph
        cannot name is missed here (None)."""
        if not gold.get("population"):
            return field, None, desc
        sub, desc = subgroup_key(str(gold["population"])), f"{desc} ({gold['population']})"
        if sub is None:
            self.report.score(f"{field}.subgroup").missed.append(f"{desc}: a subgroup the graph does not name")
            return None
        return f"{field}.subgroup", sub, desc

    def arm_results(self, nct: str, grs: list[dict[str, Any]], card: dict[str, Any], arms: dict[str, str]) -> None:
        for gr in grs:
            if gr.get("value") is None:
                continue  # a comparison the text gives no number for
            tp = gold_timepoint(gr)
            desc = f"{nct} {gr['arm']} {gr['endpoint']} {gr['statistic']}" + (f" @{tp:g}m" if tp else "")
            placed = self._population("arm_results", gr, desc)
            if placed is None:
                continue
            fname, sub, desc = placed
            stat = lookup("statistic", gr["statistic"]) or gr["statistic"]
            rows = [
                r
                for r in card["arm_results"]
                if r["arm"] == arms.get(gr["arm"])
                and _same_endpoint(r, gr["endpoint"], card)
                and r["statistic"] == stat
                and tp_eq(r.get("timepoint_months"), tp)
                and r.get("subgroup") == sub
            ]
            found = [
                (r.get("value"), r.get("unit"), r.get("ci_lower"), r.get("ci_upper"))
                for r in rows
                if r.get("value") is not None
            ]

            def eq(f: tuple[Any, ...], g: dict[str, Any] = gr) -> bool:
                return (
                    num_eq(f[0], g["value"])
                    and (not g.get("unit") or norm(f[1] or "") == norm(g["unit"]) or g["unit"] not in _UNITS)
                    and self._ci_ok(g.get("ci"), f[2], f[3])
                )

            self.single(fname, desc, {k: gr[k] for k in ("value", "unit", "ci") if k in gr}, found, lambda f, g: eq(f))
            self.provenance(desc, rows[0]["result"] if rows else None, gr.get("sources"))

    def effects(
        self, nct: str, ges: list[dict[str, Any]], card: dict[str, Any], arms: dict[str, str], multi: bool
    ) -> None:
        """Between-arm estimates; in a trial of three arms or more, the estimate must also compare the gold's
        experimental arm (the one arm the gold names in ``experimental``)."""
        for ge in ges:
            if ge.get("value") is None or not ge.get("statistic"):
                continue  # a P value without an estimate
            desc = f"{nct} {ge['endpoint']} {ge['statistic']}"
            placed = self._population("effect_estimates", ge, desc)
            if placed is None:
                continue
            fname, sub, desc = placed
            stat = lookup("statistic", ge["statistic"]) or ge["statistic"]
            rows = [
                r
                for r in card["effects"]
                if _same_endpoint(r, ge["endpoint"], card) and r["statistic"] == stat and r.get("subgroup") == sub
            ]

            def eq(r: dict[str, Any], _g: Any, g: dict[str, Any] = ge) -> bool:
                return (
                    num_eq(r.get("value"), g["value"])
                    and (
                        not multi
                        or not g.get("experimental")
                        or r.get("experimental_arm") == arms.get(g["experimental"])
                    )
                    and self._ci_ok(g.get("ci"), r.get("ci_lower"), r.get("ci_upper"))
                    and ("p" not in g or _p_eq(r, g["p"]))
                    and ("sided" not in g or num_eq(r.get("sided"), g["sided"]))
                )

            siblings = [
                g
                for g in ges
                if g is not ge
                and g.get("endpoint") == ge["endpoint"]
                and g.get("statistic") == ge["statistic"]
                and (g.get("population") or None) == (ge.get("population") or None)
            ]
            if (
                rows
                and siblings
                and not any(eq(r, None) for r in rows)
                and all(any(num_eq(r.get("value"), g.get("value")) for g in siblings) for r in rows)
            ):
                # the graph states another of the gold's estimates for this key (another analysis): missed
                self.report.score(fname).missed.append(f"{desc}: {ge['value']} (another analysis)")
                continue
            self.single(fname, desc, {k: ge[k] for k in ("value", "ci", "p", "sided") if k in ge}, rows, eq)
            self.provenance(desc, rows[0]["estimate"] if rows else None, ge.get("sources"))

    def adverse_events(self, nct: str, gaes: list[dict[str, Any]], card: dict[str, Any], arms: dict[str, str]) -> None:
        for ga in gaes:
            if ga.get("percent") is None and ga.get("count") is None:
                continue
            term = ae_type(ga["term"])
            desc = f"{nct} {ga['arm']} {ga['term']} grade {ga['grade']}"
            rows = [
                r
                for r in card["adverse_events"]
                if r["arm"] == arms.get(ga["arm"]) and r["term"] == term and str(r["grade"]) == str(ga["grade"])
            ]
            if "percent" in ga:
                found = [r["percent"] for r in rows if r.get("percent") is not None]
                self.single("adverse_events", desc, ga["percent"], found, num_eq)
            else:
                found = [r["count"] for r in rows if r.get("count") is not None]
                self.single("adverse_events", desc, ga.get("count"), found, num_eq)
            self.provenance(desc, rows[0]["ae"] if rows else None, ga.get("sources"))

    def facts(self, nct: str, gfs: list[dict[str, Any]], card: dict[str, Any], arms: dict[str, str], kind: str) -> None:
        fname = "other_arm_facts" if kind == "arm" else "baseline"
        for gf in gfs:
            want = tokens(gf["fact"])
            rows = [
                r
                for r in card["facts"]
                if r["kind"] == kind and (kind != "arm" or r["arm"] == arms.get(gf.get("arm", "")))
            ]
            rows = [r for r in rows if want and len(want & tokens(r["fact"])) / len(want) >= 0.6]
            gold = gf.get("percent", gf.get("value"))
            col = "percent" if "percent" in gf else "value"
            self.single(
                fname,
                f"{nct} {gf.get('arm', '')} {gf['fact']}".replace("  ", " "),
                gold,
                [r[col] for r in rows if r.get(col) is not None],
                num_eq,
            )

    # -- precision: values stated on a gold trial that match no gold fact ------------------------------
    def spurious(self, name: str, gt: dict[str, Any], card: dict[str, Any], arms: dict[str, str]) -> None:
        """Every result, estimate and adverse event the graph states on a gold trial must be one of its
        gold facts (same arm, endpoint, statistic, time point and value); the others are errors, also
        when the right value sits beside them."""
        gold_arm = {v: k for k, v in arms.items()}
        # an endpoint the graph states must be one the gold names (as an endpoint or the endpoint of a value)
        names = [g["name"] for g in gt.get("endpoints") or []]
        names += [g["endpoint"] for key in ("arm_results", "effect_estimates") for g in gt.get(key) or []]
        for e in card["endpoints"]:
            ok = any(
                (endpoint_type(n) == e["type"]) if e.get("type") else same_label(e.get("label", ""), n) for n in names
            )
            if not ok:
                self.report.score("endpoints").spurious.append(f"{name}: {e.get('type') or e.get('label')}")
        grs = gt.get("arm_results") or []
        for r in card["arm_results"]:
            if r.get("value") is None:
                continue
            ok = any(
                gold_arm.get(r["arm"]) == g["arm"]
                and _same_endpoint(r, g["endpoint"], card)
                and r["statistic"] == (lookup("statistic", g["statistic"]) or g["statistic"])
                and tp_eq(r.get("timepoint_months"), gold_timepoint(g))
                and num_eq(r["value"], g.get("value"))
                and _same_subgroup(r, g)
                for g in grs
            )
            if not ok:
                self.report.score("arm_results.subgroup" if r.get("subgroup") else "arm_results").spurious.append(
                    f"{name}: {r.get('endpoint_type') or r.get('endpoint')} {r['statistic']} {r['value']} "
                    f"{r.get('unit') or ''} on {_short(r['arm'])}"
                    + (f" @{r['timepoint_months']}m" if r.get("timepoint_months") else "")
                )
        ges = gt.get("effect_estimates") or []
        for r in card["effects"]:
            ok = any(
                _same_endpoint(r, g["endpoint"], card)
                and r["statistic"] == (lookup("statistic", g["statistic"]) or g["statistic"])
                and num_eq(r.get("value"), g.get("value"))
                and _same_subgroup(r, g)
                for g in ges
            )
            if not ok:
                self.report.score(
                    "effect_estimates.subgroup" if r.get("subgroup") else "effect_estimates"
                ).spurious.append(
                    f"{name}: {r.get('endpoint_type') or r.get('endpoint')} {r['statistic']} {r.get('value')}"
                )
        gaes = gt.get("adverse_events") or []
        for r in card["adverse_events"]:
            ok = any(
                gold_arm.get(r["arm"]) == g["arm"]
                and r["term"] == ae_type(g["term"])
                and str(r["grade"]) == str(g["grade"])
                and (
                    num_eq(r.get("percent"), g.get("percent"))
                    if r.get("percent") is not None
                    else num_eq(r.get("count"), g.get("count"))
                )
                for g in gaes
            )
            if not ok:
                self.report.score("adverse_events").spurious.append(
                    f"{name}: {r.get('term_label') or r['term']} grade {r['grade']} "
                    f"{r.get('percent') if r.get('percent') is not None else r.get('count')} on {_short(r['arm'])}"
                )

    def quotes(self, name: str, card: dict[str, Any]) -> None:
        """Each Mention behind a stated number is the document's text at its offsets and writes that
        number (as the source wrote it: "1,204" for 1204, ".71" for 0.71)."""
        nodes = [r["result"] for r in card["arm_results"]] + [r["estimate"] for r in card["effects"]]
        nodes += [r["ae"] for r in card["adverse_events"]]
        s = self.report.score("provenance.quotes")
        for node in dict.fromkeys(nodes):
            for row in api.run(self.store, "evidence", node=node):
                text = self._text(row["source"])
                prop = str(row.get("property") or "").rsplit("#", 1)[-1]
                desc = f"{name}: {_short(node)} {prop or 'statement'} {row.get('value') or ''}".rstrip()
                start, end = row.get("char_start"), row.get("char_end")
                if (
                    text is not None
                    and start is not None
                    and end is not None
                    and text[int(start) : int(end)] != row["quote"]
                ):
                    s.contradicted.append(f"{desc}: the quote is not the text at {start}-{end}")
                    continue
                try:
                    value = float(row["value"]) if prop and row.get("value") is not None else None
                except (TypeError, ValueError):
                    value = None
                if value is not None and not any(num_eq(n, abs(value)) for n in numbers_in(str(row["quote"]))):
                    s.contradicted.append(f"{desc}: {row['quote']!r} does not write it")
                else:
                    s.matched += 1

    def _text(self, source: str) -> str | None:
        if source not in self._texts:
            path = next((Path(r["path"]) for r in self.sources if r["source"] == source and r.get("path")), None)
            try:
                self._texts[source] = read_document(path).text if path and path.exists() else None
            except Exception:  # a file that no longer reads: its quotes cannot be checked
                self._texts[source] = None
        return self._texts[source]

    def unattributed(self) -> None:
        """Values stated on trials no gold trial names are errors too (only for a gold folder, whose
        per-document gold lists every trial its documents report): each one, as spurious() counts them."""
        for r in self.store.query(load("_trials_with_content").text):
            if r["trial"] not in self.gold_trials and r.get("results"):
                name = str(r.get("acronym") or r.get("nct") or _short(r["trial"])) + " (no gold trial)"
                self.spurious(name, {}, api.trial_card(self.store, r["trial"]), {})

    # -- negatives and the canonical question ---------------------------------------------------------
    def negatives(self) -> None:
        trials = self.store.query(load("_trials_with_content").text)
        with_content = [t for t in trials if t["arms"] or t["results"] or t["population"]]
        gold_ncts = {t["nct"] for t in self.gold.get("trials", []) if t.get("nct")}
        for text in self.gold.get("negatives", []):
            checks: list[tuple[bool, str]] = []
            m = re.search(r"exactly\s+(\w+)\s+trials\s+carry", text, re.I)
            if m:
                ids = set(re.findall(r"NCT\d{8}", text)) or gold_ncts
                have = {t.get("nct") or t["trial"] for t in with_content}
                checks.append((have == ids, f"trials with arms/results/populations: {sorted(map(str, have))}"))
            m = re.search(r"reference lists?\s*\(([^)]+)\)", text)
            if m:
                names = [n.strip() for n in m.group(1).split(",")]
                bad = [t for t in with_content if t.get("acronym") and norm(t["acronym"]) in {norm(n) for n in names}]
                checks.append((not bad, f"reference-only trials with content: {[t['acronym'] for t in bad]}"))
            if re.search(r"navigation menus|site furniture", text, re.I):
                bad_texts = self._furniture_hits()
                checks.append((not bad_texts, f"graph text from site furniture: {bad_texts[:5]}"))
            if re.search(r"conflict report .* is empty|no two .* conflict", text, re.I):
                n = len(api.conflicts(self.store))
                checks.append((n == 0, f"{n} conflict claims"))
            sig = re.findall(r"\b([A-Z][A-Z0-9\-]{3,})(?:'s)?\b[^.;()]*?\b(is not|is)\b", text)
            if "significant" in text and sig:
                for acronym, verb in sig:
                    ok, detail = self._significance(acronym, verb == "is")
                    checks.append((ok, detail))
            if not checks:
                self.report.negatives.append((text, "unchecked", "no automatic check recognizes this statement"))
            else:
                ok = all(c for c, _ in checks)
                self.report.negatives.append((text, "pass" if ok else "fail", "; ".join(d for _, d in checks)))

    def _significance(self, acronym: str, significant: bool) -> tuple[bool, str]:
        trials = api.find_trials(self.store, acronym)
        if not trials:
            return False, f"{acronym}: not found"
        card = api.trial_card(self.store, trials[0])
        primary = {e["endpoint"] for e in card["endpoints"] if e.get("role") == "primary"}
        vals = [e.get("significant") for e in card["effects"] if e["endpoint"] in primary]
        ok = bool(vals) and all(v is significant for v in vals)
        return ok, f"{acronym} primary endpoint significant={vals}"

    def _furniture_hits(self) -> list[str]:
        from trialkg.ingest.clean import main_text, normalize_chars

        dropped: set[str] = set()
        for r in self.sources:
            p = Path(r["path"])
            if not p.exists():
                continue
            raw = normalize_chars(p.read_text(encoding="utf-8", errors="replace"))
            kept = set(main_text(raw).split("\n"))
            dropped |= {
                ln.strip("- ").strip()
                for ln in raw.split("\n")
                if ln.strip() and ln not in kept and len(ln.strip("- ").strip()) >= 4
            }
        hits = []
        for row in self.store.query(load("_labels_and_quotes").text):
            t = str(row["text"])
            if t in dropped or any(len(d) > 20 and d in t for d in dropped):
                hits.append(t)
        return sorted(hits)

    def canonical(self) -> None:
        q = self.gold.get("canonical_question")
        answer = self.gold.get("canonical_answer") or []
        if not q or not answer:
            return
        from trialkg.ingest.lexicon import find_drugs

        drugs = find_drugs(q)
        if not drugs:
            self.report.canonical.append((q, False, "no drug named in the question"))
            return
        rows = {r.get("nct"): r for r in api.trials_by_biomarker_and_line(self.store, drugs[0][2].label, page=None)}
        for g in answer:
            r = rows.get(g["trial"])
            if r is None:
                self.report.canonical.append((g["trial"], False, "trial missing from the answer"))
                continue
            bad = []
            for k, v in g.items():
                col = "nct" if k == "trial" else k
                got = r.get(col)
                if not (num_eq(got, v) if isinstance(v, (int, float)) else norm(got or "") == norm(v)):
                    bad.append(f"{k}: gold {v!r}, answer {got!r}")
            self.report.canonical.append((g["trial"], not bad, "; ".join(bad) or "all columns agree"))


def load_gold(gold_path: str | Path) -> dict[str, Any]:
    """A gold file, or a folder of them (one per document, as benchmarks/real/ keeps them) merged:
    documents and trials of all, negatives of all."""
    path = Path(gold_path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{gold_path}: no gold files (*.yaml) in this folder")
    merged: dict[str, Any] = {"documents": {}, "trials": [], "negatives": []}
    for f in files:
        gold = yaml.safe_load(f.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or "trials" not in gold:
            raise ValueError(f"{f}: not a gold file (expected a mapping with 'trials')")
        if len(files) == 1:
            return gold
        merged["documents"].update(gold.get("documents") or {})
        merged["trials"].extend(gold.get("trials") or [])
        merged["negatives"].extend(gold.get("negatives") or [])
    merged["closed"] = True
    return merged


def evaluate(store: TrialStore, gold_path: str | Path) -> EvalReport:
    """Score the store against a gold file or folder (see load_gold)."""
    return evaluate_gold(store, load_gold(gold_path))


def evaluate_gold(store: TrialStore, gold: dict[str, Any]) -> EvalReport:
    """Score the store against gold already read; a gold marked ``closed`` (a folder's) also counts
    the values stated on trials it does not name."""
    ev = _Eval(store, gold)
    ev.documents()
    for gt in gold.get("trials", []):
        ev.trial(gt)
    if gold.get("closed"):
        ev.unattributed()
    ev.negatives()
    ev.canonical()
    return ev.report


def totals(fields: dict[str, FieldScore], skip: tuple[str, ...] = tuple(CHECKS)) -> tuple[int, int, int, int]:
    """Gold facts, matched, contradicted and stated-without-gold over the fields whose names do not
    start with one of ``skip`` (by default the quote check, which counts stated values, not facts)."""
    kept = [f for name, f in fields.items() if not name.startswith(skip)]
    return (
        sum(f.total for f in kept),
        sum(f.matched for f in kept),
        sum(len(f.contradicted) for f in kept),
        sum(len(f.spurious) for f in kept),
    )
