"""A seeded synthetic corpus of breast-cancer trial reports, with the facts each report states.

``generate(folder, n_trials, seed)`` writes, per trial, a journal-style abstract (three phrasings),
and for some trials a news story and a ClinicalTrials.gov-style registry record, and returns the
expected facts; ``recall(docs, expected)`` extracts each document and scores what was found, so a
scale run also checks correctness.  Same seed, same files, byte for byte.

    python benchmarks/synth.py OUT_DIR --trials 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BACKBONES = ["letrozole", "anastrozole", "exemestane", "fulvestrant", "capecitabine", "trastuzumab"]
DRUGS = [
    "palbociclib", "ribociclib", "abemaciclib", "alpelisib", "everolimus", "tucatinib", "neratinib",
    "pertuzumab", "olaparib", "talazoparib", "elacestrant", "capivasertib", "inavolisib", "sacituzumab govitecan",
]  # fmt: skip
# adverse events named by their notation in ontology/vocab/adverse-event.ttl
AES = ["neutropenia", "diarrhea", "fatigue", "nausea", "anemia", "stomatitis", "rash"]
PREFIXES = ["MONA", "PAL", "EMER", "SOLAR", "CAPI", "NATA", "HERA", "ORCA", "LUNA", "VELA", "TARA", "CORA"]


@dataclass
class Expected:
    """What a report about the trial states (the facts the extractors should find)."""

    nct: str
    acronym: str
    drug: str
    backbone: str
    her2: str  # positive | negative
    line: str  # first-line | second-line
    n_experimental: int
    n_control: int
    median_experimental: float
    median_control: float
    hr: float
    ci: tuple[float, float]
    p: str
    ae_term: str
    ae_experimental: float
    ae_control: float
    partner: str = ""  # a second drug given with ``drug`` in the experimental arm (a combination), or none
    files: list[str] = field(default_factory=list)

    @property
    def regimen(self) -> str:
        """The experimental drugs as the texts name them: "drug" or "drug and partner"."""
        return f"{self.drug} and {self.partner}" if self.partner else self.drug


COMBINATION_SHARE = 0.2  # trials whose experimental arm gives two drugs (drug_combinations has rows)


def _partner(i: int, seed: int, drug: str) -> str:
    """The trial's second experimental drug or "", from its own generator: the other trials' texts are the
    same whether or not combinations are generated."""
    own = random.Random(seed * 1_000_003 + i)
    if own.random() >= COMBINATION_SHARE:
        return ""
    return own.choice([d for d in DRUGS if d != drug and " " not in d])


def _trial(i: int, rnd: random.Random) -> Expected:
    drug = "palbociclib" if rnd.random() < 0.25 else rnd.choice(DRUGS)  # one drug with many trials
    backbone = rnd.choice(BACKBONES)
    m2 = round(rnd.uniform(3, 18), 1)
    hr = round(rnd.uniform(0.4, 0.98), 2)
    lo = round(hr * rnd.uniform(0.7, 0.9), 2)
    hi = round(hr * rnd.uniform(1.1, 1.3), 2)
    return Expected(
        nct=f"NCT{20_000_000 + i:08d}",
        acronym=f"{rnd.choice(PREFIXES)}-{i}",
        drug=drug,
        backbone=backbone,
        her2=rnd.choice(["positive", "negative"]),
        line=rnd.choice(["first-line", "second-line"]),
        n_experimental=rnd.randint(60, 500),
        n_control=rnd.randint(60, 500),
        median_experimental=round(m2 + rnd.uniform(0.5, 12), 1),
        median_control=m2,
        hr=hr,
        ci=(lo, hi),
        p=rnd.choice(["0.001", "0.002", "0.01", "0.02", "0.04", "0.21", "0.35"]),
        ae_term=rnd.choice(AES),
        ae_experimental=round(rnd.uniform(15, 70), 1),
        ae_control=round(rnd.uniform(0.5, 12), 1),
    )


def _status(e: Expected, long: bool) -> str:
    if long:
        return f"hormone receptor-positive, HER2-{e.her2}"
    return f"HR+/HER2{'+' if e.her2 == 'positive' else '-'}"


def _line(e: Expected, rnd: random.Random) -> str:
    if e.line == "first-line":
        return rnd.choice(
            ["who had received no previous systemic therapy for advanced disease", "in the first-line setting"]
        )
    return rnd.choice(["after progression on one previous endocrine therapy", "in the second-line setting"])


def abstract(e: Expected, rnd: random.Random) -> str:
    """A structured abstract in one of three phrasings."""
    d, b, cap = e.drug, e.backbone, e.regimen[0].upper() + e.regimen[1:]
    style = rnd.randrange(3)
    methods = (
        f"In this randomized, {rnd.choice(['double-blind', 'open-label'])}, phase 3 trial at "
        f"{rnd.randint(20, 300)} sites in {rnd.randint(3, 30)} countries, we enrolled patients with "
        f"{_status(e, True)} advanced breast cancer {_line(e, rnd)}. Patients were randomly assigned in a 1:1 ratio "
        f"to receive {e.regimen} plus {b} or placebo plus {b}. The primary end point was progression-free survival."
    )
    p_text = f"P = {e.p}" if style != 1 else f"P={e.p}"
    if style == 0:
        results = (
            f"A total of {e.n_experimental + e.n_control} patients underwent randomization: {e.n_experimental} were "
            f"assigned to the {d} group and {e.n_control} to the placebo group. Median progression-free survival was "
            f"{e.median_experimental} months in the {d} group and {e.median_control} months in the placebo group "
            f"(hazard ratio for progression or death, {e.hr}; 95% confidence interval [CI], {e.ci[0]} to {e.ci[1]}; "
            f"{p_text}). Grade 3 or 4 {e.ae_term} occurred in {e.ae_experimental}% of the patients in the {d} group "
            f"and in {e.ae_control}% of those in the placebo group."
        )
    elif style == 1:
        results = (
            f"Of {e.n_experimental + e.n_control} patients, {e.n_experimental} were assigned to {d} plus {b} and "
            f"{e.n_control} to placebo plus {b}. The median progression-free survival was {e.median_experimental} "
            f"months with {d} plus {b} versus {e.median_control} months with placebo plus {b} (hazard ratio, {e.hr}; "
            f"95% CI, {e.ci[0]} to {e.ci[1]}; {p_text}). The most common grade 3 or 4 adverse event was {e.ae_term} "
            f"({e.ae_experimental}% vs. {e.ae_control}%)."
        )
    else:
        results = (
            f"Overall, {e.n_experimental + e.n_control} patients were randomized ({e.n_experimental} to the {d} group "
            f"and {e.n_control} to the placebo group). Progression-free survival was longer with {d} than with "
            f"placebo (median, {e.median_experimental} vs. {e.median_control} months; hazard ratio, {e.hr}; 95% CI, "
            f"{e.ci[0]} to {e.ci[1]}; {p_text}). Grade 3 or 4 {e.ae_term} was reported in {e.ae_experimental}% and "
            f"{e.ae_control}% of patients in the {d} and placebo groups, respectively."
        )
    return (
        f"{cap} plus {b} in {_status(e, False)} advanced breast cancer ({e.acronym})\n"
        f"ABSTRACT\nBACKGROUND\nWhether adding {d} to {b} prolongs progression-free survival is unknown.\n"
        f"METHODS\n{methods}\nRESULTS\n{results}\n"
        f"CONCLUSIONS\nAmong patients with {_status(e, False)} advanced breast cancer, {d} plus {b} "
        f"{'prolonged' if float(e.p) < 0.05 else 'did not significantly prolong'} progression-free survival. "
        f"(Funded by Example Oncology; {e.acronym} ClinicalTrials.gov number, {e.nct}.)\n"
    )


def news(e: Expected, rnd: random.Random) -> str:
    """A news story about the same trial (fewer numbers, other words)."""
    d, b = e.drug, e.backbone
    verdict = "met its primary end point" if float(e.p) < 0.05 else "did not meet its primary end point"
    return (
        f"{e.acronym}: {d} added to {b} {'extends' if float(e.p) < 0.05 else 'fails to extend'} "
        f"progression-free survival\n"
        f"The phase 3 {e.acronym} trial ({e.nct}) {verdict}, investigators reported at a meeting this week. "
        f"The randomized study enrolled {e.n_experimental + e.n_control} patients with {_status(e, True)} advanced "
        f"breast cancer {_line(e, rnd)}. Median progression-free survival was {e.median_experimental} months with "
        f"{d} plus {b} and {e.median_control} months with placebo plus {b} (hazard ratio, {e.hr}; 95% CI, "
        f"{e.ci[0]} to {e.ci[1]}; P = {e.p}).\n"
    )


def registry(e: Expected) -> dict[str, Any]:
    """A ClinicalTrials.gov-style record (protocol section, no results)."""
    return {
        "protocolSection": {
            "identificationModule": {
                "nctId": e.nct,
                "acronym": e.acronym,
                "briefTitle": f"{e.regimen} plus {e.backbone} in advanced breast cancer ({e.acronym}, synthetic)",
            },
            "statusModule": {"overallStatus": "COMPLETED", "startDateStruct": {"date": "2019-03"}},
            "conditionsModule": {"conditions": ["Breast Cancer"]},
            "designModule": {
                "studyType": "INTERVENTIONAL",
                "phases": ["PHASE3"],
                "designInfo": {"allocation": "RANDOMIZED", "interventionModel": "PARALLEL"},
                "enrollmentInfo": {"count": e.n_experimental + e.n_control, "type": "ACTUAL"},
            },
            "armsInterventionsModule": {
                "armGroups": [
                    {
                        "label": f"{e.regimen} plus {e.backbone}",
                        "type": "EXPERIMENTAL",
                        "interventionNames": [f"Drug: {d}" for d in (e.drug, e.partner, e.backbone) if d],
                    },
                    {
                        "label": f"Placebo plus {e.backbone}",
                        "type": "PLACEBO_COMPARATOR",
                        "interventionNames": ["Drug: Placebo", f"Drug: {e.backbone}"],
                    },
                ],
                "interventions": [
                    *({"type": "DRUG", "name": d} for d in (e.drug, e.partner) if d),
                    {"type": "DRUG", "name": e.backbone},
                    {"type": "DRUG", "name": "Placebo"},
                ],
            },
            "outcomesModule": {"primaryOutcomes": [{"measure": "Progression-free survival", "timeFrame": "5 years"}]},
            "eligibilityModule": {
                "eligibilityCriteria": f"Inclusion Criteria:\n* {_status(e, True)} advanced breast cancer",
                "sex": "FEMALE",
            },
        },
        "hasResults": False,
    }


def generate(
    folder: Path, n_trials: int, seed: int = 7, news_share: float = 0.2, registry_share: float = 0.1, start: int = 0
) -> list[Expected]:
    """Write the corpus into folder (abstracts/, news/, registry/) and return the expected facts;
    trials are numbered from ``start`` (NCT ids and acronyms), so corpora can be added to a store."""
    rnd = random.Random(seed)
    out: list[Expected] = []
    for sub in ("abstracts", "news", "registry"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n_trials):
        e = _trial(i, rnd)
        e.partner = _partner(i, seed, e.drug)
        path = folder / "abstracts" / f"{e.nct}.txt"
        path.write_text(abstract(e, rnd), encoding="utf-8")
        e.files.append(str(path))
        if rnd.random() < news_share:
            path = folder / "news" / f"{e.nct}-news.txt"
            path.write_text(news(e, rnd), encoding="utf-8")
            e.files.append(str(path))
        if rnd.random() < registry_share:
            path = folder / "registry" / f"{e.nct}.json"
            path.write_text(json.dumps(registry(e), indent=1), encoding="utf-8")
            e.files.append(str(path))
        out.append(e)
    (folder / "expected.jsonl").write_text("".join(json.dumps(asdict(e)) + "\n" for e in out), encoding="utf-8")
    return out


def _close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) < 1e-9


def score(e: Expected) -> dict[str, bool]:
    """Which of the abstract's facts the extractors found (read + extract, no store)."""
    from trialkg.ingest.extract import extract_all
    from trialkg.ingest.stages import read_document

    doc = read_document(Path(e.files[0]))
    rec = extract_all(doc)
    arms = {a.role: a for a in rec.arms}
    exp, ctl = arms.get("experimental"), arms.get("control")

    def median(arm: Any) -> float | None:
        for r in rec.arm_results:
            if arm is not None and r.arm == arm.key and r.statistic == "median" and r.value is not None:
                return float(r.value.value)
        return None

    def ae(arm: Any) -> float | None:
        for a in rec.adverse_events:
            if arm is not None and a.arm == arm.key and a.term == e.ae_term and a.percent is not None:
                return float(a.percent.value)
        return None

    hrs = [x for x in rec.effects if x.statistic == "hazard-ratio" and x.value is not None]
    h = hrs[0] if hrs else None
    return {
        "nct": [v.value for v in rec.nct_ids[:1]] == [e.nct],
        "her2": rec.her2_status is not None and rec.her2_status.value == e.her2,
        "line": rec.line_of_therapy is not None and rec.line_of_therapy.value == e.line,
        "arm sizes": exp is not None
        and ctl is not None
        and exp.size is not None
        and ctl.size is not None
        and (exp.size.value, ctl.size.value) == (e.n_experimental, e.n_control),
        "medians": _close(median(exp), e.median_experimental) and _close(median(ctl), e.median_control),
        "hazard ratio": h is not None and _close(float(h.value.value), e.hr),  # type: ignore[union-attr]
        "CI": h is not None
        and h.ci_lower is not None
        and h.ci_upper is not None
        and (float(h.ci_lower.value), float(h.ci_upper.value)) == e.ci,
        "P": h is not None and h.p_value is not None and _close(float(h.p_value.value), float(e.p)),
        "adverse event": _close(ae(exp), e.ae_experimental) and _close(ae(ctl), e.ae_control),
    }


def expected_combinations(expected: list[Expected]) -> dict[tuple[str, str], int]:
    """The drug combinations the corpus states: (drug, drug) in alphabetical order -> number of trials."""
    out: dict[tuple[str, str], int] = {}
    for e in expected:
        if e.partner:
            a, b = sorted((e.drug, e.partner))
            out[(a, b)] = out.get((a, b), 0) + 1
    return out


def recall(sample: list[Expected]) -> dict[str, float]:
    """Share of the sample's abstracts in which each kind of fact was found, and overall."""
    scores = [score(e) for e in sample]
    kinds = list(scores[0]) if scores else []
    out = {k: sum(s[k] for s in scores) / len(scores) for k in kinds}
    out["all facts"] = sum(sum(s.values()) for s in scores) / max(1, sum(len(s) for s in scores))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=int, default=0, help="number of the first trial (NCT2xxxxxxx, acronyms)")
    args = ap.parse_args()
    expected = generate(args.out, args.trials, args.seed, start=args.start)
    n_files = sum(len(e.files) for e in expected)
    print(f"{n_files} documents about {len(expected)} trials in {args.out} (expected facts: expected.jsonl)")


if __name__ == "__main__":
    main()
