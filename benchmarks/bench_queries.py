"""Canned-query latency on existing stores, side by side: p50/p95 of every public canned query.

    python benchmarks/bench_queries.py STORE [STORE ...] [--repeat 20] [--out table.md]

For stores too large to ingest in a benchmark run (100,000 synthetic trials: build them with
benchmarks/clone_store.py).  Parameters as in the other benchmarks (benchmarks/query_mix.py),
written into the query as terms; each query runs once to warm up, then ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_scale import query_latency
from benchutil import emit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stores", type=Path, nargs="+")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from trialkg.graph.store import TrialStore

    sizes, tables = [], []
    for store in args.stores:
        with TrialStore(store, read_only=True) as st:
            n = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/trialkg/ontology#Trial> }")[0]["n"]
        sizes.append(int(n))
        tables.append({r["query"]: r for r in query_latency(store, args.repeat, baseline=False)})
        print(f"{store}: {n} trials measured", file=sys.stderr, flush=True)
    head = "| query | " + " | ".join(f"{n:,} trials: rows, p50 / p95 ms" for n in sizes) + " |"
    lines = [f"# Canned-query latency (embedded store, {args.repeat} runs each)", "", head]
    lines.append("|" + "---|" * (len(sizes) + 1))
    for name in tables[0]:
        cells = []
        for t in tables:
            r = t.get(name)
            cells.append(f"{r['rows']}, {r['ox'][0] * 1000:.1f} / {r['ox'][1] * 1000:.1f}" if r else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    emit(lines, args.out)


if __name__ == "__main__":
    main()
