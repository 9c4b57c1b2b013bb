"""Score trialkg on the real-document corpus (benchmarks/real/): recall and precision per part and stratum.

Each part (``dev``: read and tuned on; ``heldout``: scored only) is ingested into a fresh embedded
store, then scored with ``trialkg eval``'s scorer against the part's per-document gold files (a closed
world: a value stated on any trial that matches no gold fact is an error). Figures are per fact field
and per stratum (document type, oncology or not, kind of arms), with the ingest rate on these texts.

    python benchmarks/real_eval.py                      # both parts, totals and strata
    python benchmarks/real_eval.py --part dev --details # every missed, contradicted and unmatched dev fact
    python benchmarks/real_eval.py --json out.json

``--details`` refuses the held-out part: its errors are not to be read while writing rules.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

REAL = Path(__file__).resolve().parent / "real"
# not facts about trials: the quote check on stated values, and the documents' own metadata (journal,
# date, kind: often not printed in an excerpt); both are listed per field, left out of the totals
NOT_FACTS = ("provenance.quotes", "documents.")


def _gold_docs(part: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for f in sorted(part.glob("*.yaml")):
        gold = yaml.safe_load(f.read_text(encoding="utf-8"))
        if not isinstance(gold, dict):
            raise SystemExit(f"{f}: not a gold file")
        out[f.stem] = gold
    return out


def _strata(doc: dict[str, Any]) -> list[str]:
    from trialkg.app.evaluate import SOURCE_TYPE_OF_KIND

    kind = str(doc.get("type") or "?")
    kind = SOURCE_TYPE_OF_KIND.get(kind, kind)
    arms = str(doc.get("arms_kind") or "?")
    arms = "three+ arms, doses or crossover" if arms in ("multi-arm", "dose-levels", "crossover") else arms
    return [f"type: {kind}", "oncology" if doc.get("oncology") else "non-oncology", f"arms: {arms}"]


def score_part(part: Path, details: bool) -> dict[str, Any]:
    from trialkg.app.evaluate import FieldScore, evaluate_gold, load_gold, totals
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import ingest

    golds = _gold_docs(part)
    texts = [part / f"{stem}.txt" for stem in golds if (part / f"{stem}.txt").is_file()]
    with tempfile.TemporaryDirectory() as tmp, TrialStore(Path(tmp) / "store") as st:
        t0 = time.perf_counter()
        report = ingest(texts, st)
        wall = time.perf_counter() - t0
        rep = evaluate_gold(st, load_gold(part))
        tot, mat, con, spu = totals(rep.fields, NOT_FACTS)
        quotes = rep.fields.get("provenance.quotes") or FieldScore()
        result: dict[str, Any] = {
            "part": part.name,
            "documents": len(texts),
            # (the held-out part's reasons would show its texts: how many only)
            "rejected": [(d.path, d.reason) for d in report.rejected] if details else len(report.rejected),
            "ingest_docs_per_s": len(texts) / wall if wall else None,
            "workers": report.workers,
            "gold_facts": tot,
            "matched": mat,
            "contradicted": con,
            "no_gold": spu,
            "recall": mat / tot if tot else None,
            "precision": mat / (mat + con + spu) if mat + con + spu else None,
            "quotes": {"checked": quotes.total, "wrong": len(quotes.contradicted)},
            "fields": {
                k: {
                    "gold": f.total,
                    "matched": f.matched,
                    "contradicted": len(f.contradicted),
                    "no_gold": len(f.spurious),
                }
                for k, f in sorted(rep.fields.items())
            },
        }
        if details:
            result["details"] = {
                k: {"missed": f.missed, "contradicted": f.contradicted, "no_gold": f.spurious}
                for k, f in sorted(rep.fields.items())
            }
        # strata: each document's gold scored alone on the same store (a closed world per document)
        by_stratum: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for stem, gold in golds.items():
            t, m, c, s = totals(evaluate_gold(st, gold).fields, NOT_FACTS)
            for name in ["all", *_strata((gold.get("documents") or {}).get(stem, {}))]:
                agg = by_stratum[name]
                agg[0] += 1
                agg[1] += t
                agg[2] += m
                agg[3] += c
                agg[4] += s
        result["strata"] = {
            k: {
                "documents": v[0],
                "gold_facts": v[1],
                "matched": v[2],
                "recall": v[2] / v[1] if v[1] else None,
                "precision": v[2] / (v[2] + v[3] + v[4]) if v[2] + v[3] + v[4] else None,
            }
            for k, v in sorted(by_stratum.items())
        }
    return result


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--details", action="store_true", help="list every error (dev part only)")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args()
    if args.details and args.part != "dev":
        raise SystemExit("--details lists errors of the dev part only: use --part dev")
    parts = ["dev", "heldout"] if args.part == "both" else [args.part]
    results = [score_part(REAL / p, details=args.details) for p in parts]
    for r in results:
        print(
            f"\n## {r['part']}: {r['documents']} documents, {r['gold_facts']} gold facts; "
            f"recall {_pct(r['recall'])}, precision {_pct(r['precision'])} "
            f"({r['matched']} matched, {r['contradicted']} contradicted, {r['no_gold']} stated with no gold fact); "
            f"quotes wrong {r['quotes']['wrong']} of {r['quotes']['checked']}; "
            f"ingest {r['ingest_docs_per_s']:.1f} documents/s ({r['workers']} worker(s))"
        )
        if r["rejected"]:
            print(f"rejected: {r['rejected']}")
        print("\n| stratum | documents | gold facts | recall | precision |\n|---|---:|---:|---:|---:|")
        for k, v in r["strata"].items():
            print(f"| {k} | {v['documents']} | {v['gold_facts']} | {_pct(v['recall'])} | {_pct(v['precision'])} |")
        print("\n| field | gold | matched | contradicted | no gold |\n|---|---:|---:|---:|---:|")
        for k, v in r["fields"].items():
            print(f"| {k} | {v['gold']} | {v['matched']} | {v['contradicted']} | {v['no_gold']} |")
        if "details" in r:
            for k, d in r["details"].items():
                for kind in ("missed", "contradicted", "no_gold"):
                    for m in d[kind]:
                        print(f"{kind:12} {k}: {m}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
