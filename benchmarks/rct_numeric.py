"""rct-numeric benchmark: ingest 120 trial reports (PMC JATS) and score per-group numbers read back
from the graph against the 699 annotated intervention-comparator-outcome rows.

    python benchmarks/rct_numeric.py [--corpus ../shared/corpus/rct-numeric] [--split TEST] [--json out.json]

Everything is read through the graph with the canned query ``source_group_results`` (no side
channel to the extractors).  Matching rule, per annotated row:

1. Trial: the one described by the source with the row's PMC id.
2. Arms: each arm label is compared with the row's intervention and comparator text by the Dice
   coefficient of their content words (words cut to five letters, stop words and "group"/"arm"
   left out).  The intervention is the best arm with Dice >= 0.3; failing that, with exactly two
   arms, the experimental one.  The comparator is the best other arm with Dice >= 0.3; failing that,
   the only other control arm, or with two arms the other one.
3. Outcome: the endpoint whose label has the highest Dice with the row's outcome (>= 0.4).
4. Result: for a binary row the count result (events, with its analysed n); for a continuous row
   the mean result (with SD and n).  When a group has several time points, the first one that is
   not baseline / pre-treatment in document order; a result without time point comes first.
5. Group size: the result's analysed n, else the arm's size.

Scoring follows the dataset's authors: a field is correct when the value equals the annotation
exactly, or when both are empty; "all fields" needs every field of the row correct.  Coverage is
the share of rows where anything was found; the wrong-value rate is the share of stated values that
differ from the annotation (an annotation left empty counts as different).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "rct-numeric"

BINARY = ["intervention_events", "intervention_group_size", "comparator_events", "comparator_group_size"]
CONTINUOUS = [
    "intervention_mean",
    "intervention_standard_deviation",
    "intervention_group_size",
    "comparator_mean",
    "comparator_standard_deviation",
    "comparator_group_size",
]
GPT4 = {  # the dataset authors' TEST figures for GPT-4 (README of the corpus)
    "binary": {
        "intervention_events": 0.749,
        "intervention_group_size": 0.842,
        "comparator_events": 0.737,
        "comparator_group_size": 0.830,
        "all": 0.655,
    },
    "continuous": {
        "intervention_mean": 0.720,
        "intervention_standard_deviation": 0.751,
        "intervention_group_size": 0.734,
        "comparator_mean": 0.720,
        "comparator_standard_deviation": 0.738,
        "comparator_group_size": 0.691,
        "all": 0.487,
    },
}
_BASELINE = re.compile(r"\b(?:baseline|pre|before|T0|week\s*0|day\s*0|admission|screening)", re.I)


def dice(a: str, b: str) -> float:
    """Dice coefficient of content words, as the extractors compare group names (``_groups.tokens``)."""
    from trialkg.ingest.extract._groups import tokens

    x, y = tokens(a), tokens(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def pick_arms(arms: dict[str, dict[str, Any]], intervention: str, comparator: str) -> tuple[str | None, str | None]:
    def best(text: str, exclude: set[str]) -> str | None:
        scored = sorted(
            ((dice(text, a["arm_label"]), iri) for iri, a in arms.items() if iri not in exclude), reverse=True
        )
        return scored[0][1] if scored and scored[0][0] >= 0.3 else None

    i = best(intervention, set())
    if i is None and len(arms) == 2:
        exp = [iri for iri, a in arms.items() if a["role"] == "experimental"]
        i = exp[0] if len(exp) == 1 else None
    if i is None:
        return None, None
    c = best(comparator, {i})
    if c is None:
        others = [iri for iri in arms if iri != i]
        controls = [iri for iri in others if arms[iri]["role"] == "control"]
        c = controls[0] if len(controls) == 1 else (others[0] if len(others) == 1 else None)
    return i, c


def _choose(same: list[dict[str, Any]]) -> dict[str, Any]:
    untimed = [r for r in same if not r.get("timepoint")]
    later = [r for r in same if r.get("timepoint") and not _BASELINE.search(r["timepoint"])]
    pool = untimed or later or same
    return min(pool, key=lambda r: r["position"])


def pick_results(
    rows: list[dict[str, Any]], arms: tuple[str, str | None], outcome: str, statistic: str
) -> dict[str, dict[str, Any]]:
    """Results of the arms for the outcome, at one endpoint and time point that both arms report when
    there is one (else each arm's own choice)."""
    candidates = [r for r in rows if r["arm"] in arms and r.get("statistic") == statistic and r.get("endpoint")]
    if not candidates:
        return {}
    scored = [(dice(outcome, r["endpoint_label"]), r) for r in candidates]
    top = max(s for s, _ in scored)
    if top < 0.4:
        return {}
    same = [r for s, r in scored if s == top]
    both = {
        (r["endpoint"], r.get("timepoint"))
        for r in same
        if all(
            any(
                x["arm"] == a and x["endpoint"] == r["endpoint"] and x.get("timepoint") == r.get("timepoint")
                for x in same
            )
            for a in arms
            if a
        )
    }
    if both:
        paired = [r for r in same if (r["endpoint"], r.get("timepoint")) in both]
        first = _choose(paired)
        return {
            a: next(
                r
                for r in paired
                if r["arm"] == a and r["endpoint"] == first["endpoint"] and r.get("timepoint") == first.get("timepoint")
            )
            for a in arms
            if a
        }
    out: dict[str, dict[str, Any]] = {}
    for a in arms:
        own = [r for r in same if r["arm"] == a]
        if a and own:
            endpoint = min(own, key=lambda r: r["position"])["endpoint"]
            out[a] = _choose([r for r in own if r["endpoint"] == endpoint])
    return out


def num(x: Any) -> float | None:
    if x is None or x == "":
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def predict(row: dict[str, Any], results: list[dict[str, Any]]) -> dict[str, float | None]:
    arms: dict[str, dict[str, Any]] = {}
    for r in results:
        arms.setdefault(r["arm"], r)
    out: dict[str, float | None] = dict.fromkeys(BINARY + CONTINUOUS)
    i, c = pick_arms(arms, row["intervention"], row["comparator"])
    binary = row["outcome_type"] == "binary"
    if i is None:
        return out
    picked = pick_results(results, (i, c), row["outcome"], "count" if binary else "mean")
    for side, arm in (("intervention", i), ("comparator", c)):
        if arm is None:
            continue
        res = picked.get(arm)
        size = num(res.get("analyzed")) if res else None
        out[f"{side}_group_size"] = size if size is not None else num(arms[arm].get("size"))
        if res is None:
            continue
        if binary:
            out[f"{side}_events"] = num(res["value"])
        else:
            out[f"{side}_mean"] = num(res["value"])
            out[f"{side}_standard_deviation"] = num(res.get("sd"))
    return out


def score(rows: list[dict[str, Any]], preds: list[dict[str, float | None]]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for kind, fields in (("binary", BINARY), ("continuous", CONTINUOUS)):
        idx = [k for k, r in enumerate(rows) if r["outcome_type"] == kind]
        if not idx:
            continue
        per: dict[str, float] = {}
        all_ok = 0
        for f in fields:
            ok = sum(1 for k in idx if num(rows[k][f]) == preds[k][f])
            per[f] = ok / len(idx)
        for k in idx:
            all_ok += all(num(rows[k][f]) == preds[k][f] for f in fields)
        per["all"] = all_ok / len(idx)
        stated = [(num(rows[k][f]), preds[k][f]) for k in idx for f in fields if preds[k][f] is not None]
        wrong = sum(1 for gold, p in stated if gold != p)
        report[kind] = {
            "rows": len(idx),
            "fields": per,
            "coverage": sum(1 for k in idx if any(preds[k][f] is not None for f in fields)) / len(idx),
            "stated": len(stated),
            "wrong": wrong,
            "wrong_rate": wrong / len(stated) if stated else 0.0,
        }
    stated_all = sum(report[k]["stated"] for k in report)
    report["wrong_rate"] = sum(report[k]["wrong"] for k in report) / stated_all if stated_all else 0.0
    report["coverage"] = sum(1 for p in preds if any(v is not None for v in p.values())) / len(preds) if preds else 0
    return report


def error_kinds(rows: list[dict[str, Any]], preds: list[dict[str, float | None]]) -> dict[str, int]:
    kinds: dict[str, int] = defaultdict(int)
    for r, p in zip(rows, preds, strict=True):
        fields = BINARY if r["outcome_type"] == "binary" else CONTINUOUS
        for f in fields:
            gold, got = num(r[f]), p[f]
            if gold == got:
                continue
            if got is None:
                kinds["missed (annotated, nothing stated)"] += 1
            elif gold is None:
                kinds["stated where the annotation is empty"] += 1
            else:
                kinds["different value"] += 1
    return dict(kinds)


def run(corpus: Path, store_path: str | None, splits: list[str]) -> dict[str, Any]:
    from trialkg import open_store
    from trialkg.ingest.pipeline import ingest
    from trialkg.queries import load

    annotations = json.loads((corpus / "annotations.json").read_text(encoding="utf-8"))
    files = sorted((corpus / "xml").glob("*.xml"))
    tmp = None
    if store_path is None:
        tmp = tempfile.TemporaryDirectory(prefix="trialkg-rct-")
        store_path = tmp.name
    t0 = time.perf_counter()
    with open_store(store_path) as store:
        report = ingest(files, store)
        ingest_s = time.perf_counter() - t0
        rejected = [(Path(d.path).name, d.reason) for d in report.rejected]
        query = load("source_group_results").text
        cache: dict[str, list[dict[str, Any]]] = {}
        out: dict[str, Any] = {
            "date": dt.date.today().isoformat(),
            "documents": len(files),
            "ingested": len(report.accepted),
            "rejected": rejected,
            "ingest_seconds": round(ingest_s, 1),
            "splits": {},
        }
        for split in splits:
            rows = [a for a in annotations if a["split"] == split]
            preds = []
            for row in rows:
                pmcid = f"PMC{row['pmcid']}"
                if pmcid not in cache:
                    cache[pmcid] = store.query(query, {"pmcid": pmcid})
                preds.append(predict(row, cache[pmcid]))
            out["splits"][split] = score(rows, preds) | {"errors": error_kinds(rows, preds)}
    if tmp is not None:
        tmp.cleanup()
    return out


def print_report(out: dict[str, Any]) -> None:
    print(
        f"rct-numeric, measured {out['date']}: {out['ingested']}/{out['documents']} reports ingested "
        f"in {out['ingest_seconds']} s"
    )
    for name, reason in out["rejected"]:
        print(f"  rejected {name}: {reason}")
    for split, rep in out["splits"].items():
        print(f"\n{split}: coverage {rep['coverage']:.1%} of rows, wrong-value rate {rep['wrong_rate']:.1%}")
        print("| outcome type | field | trialkg | GPT-4 (TEST) |\n|---|---|---|---|")
        for kind in ("binary", "continuous"):
            if kind not in rep:
                continue
            k = rep[kind]
            for f, v in k["fields"].items():
                print(f"| {kind} ({k['rows']} rows) | {f} | {v:.3f} | {GPT4[kind].get(f, float('nan')):.3f} |")
            print(
                f"| {kind} | coverage / wrong-value rate | {k['coverage']:.3f} / {k['wrong_rate']:.3f} "
                f"({k['wrong']} of {k['stated']} stated) | |"
            )
        print("errors:", ", ".join(f"{k}: {v}" for k, v in sorted(rep["errors"].items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--store", help="store to ingest into (default: a temporary one)")
    ap.add_argument("--split", action="append", choices=["DEV", "TEST"], help="default: both")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    if not (args.corpus / "annotations.json").exists():
        print(f"no rct-numeric corpus at {args.corpus} (expected annotations.json and xml/)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.ERROR)
    out = run(args.corpus, args.store, args.split or ["DEV", "TEST"])
    print_report(out)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
