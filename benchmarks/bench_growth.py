"""Does the cost of adding documents grow with the store?  Ingest the same small batch of new
synthetic documents into stores of different sizes and compare the cost per document, stage by stage.

    python benchmarks/bench_growth.py STORE [STORE ...] [--add 50] [--unregistered 10] [--workers 1] [--out table.md]

Each STORE is a scratch store built from benchmarks/synth.py output (by `trialkg ingest`, or grown
with benchmarks/clone_store.py).  The batch (``--add`` new trials: abstracts, news, registry records,
numbered far from the stores' own) is ingested, timed per stage (read, extract, identity, map,
validate, serialize, write, relink, merge), then removed again (`--prune` of its deleted folder), so
the store ends as it began.  The batch also holds ``--unregistered`` news items about trials the store
already has, their registry id taken out, so that identity resolution reads the store (acronym and
drug): they are the stores' own synthetic trials (seed 7) from the first ones on.  Validation runs
per document graph on its own (graph/fastshacl.py), the merge only over the (subject, property) pairs
the batch touched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from benchutil import emit
from synth import generate

STAGES = ("read", "extract", "identity", "map", "validate", "serialize", "write", "relink", "merge")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stores", type=Path, nargs="+")
    ap.add_argument("--add", type=int, default=50, help="new trials in the batch")
    ap.add_argument("--unregistered", type=int, default=10, help="news items without a registry id")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from trialkg.graph import identity_store
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import ingest

    head = "| store trials | quads | documents added | " + " | ".join(STAGES) + " | wall ms/doc |"
    lines = [
        f"# Cost per added document (ms), batch of {args.add} new trials, {args.workers} worker(s)",
        "",
        head,
        "|" + "---|" * (head.count("|") - 1),
    ]
    from trialkg.ingest.stages import warm_up

    warm_up()  # the drug dictionary and compiled patterns, once, before the first store's batch
    for store in args.stores:
        with tempfile.TemporaryDirectory() as tmp:
            batch = Path(tmp) / "batch"
            generate(batch, args.add, seed=11, start=5_000_000)
            unregistered(batch / "unregistered", Path(tmp) / "stored", args.unregistered)
            with TrialStore(store) as st:
                trials = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/trialkg/ontology#Trial> }")
                quads = len(st.raw)
                t = time.perf_counter()
                given = identity_store.ensure(st)  # a store from before the identity keys: once, untimed
                if given:
                    print(f"{store}: identity keys written for {given:,} documents in {time.perf_counter() - t:.1f} s")
                t = time.perf_counter()
                rep = ingest([batch], st, workers=args.workers)
                wall = time.perf_counter() - t
                n = len(rep.documents)
                assert not rep.rejected and all(d.status == "ingested" for d in rep.documents), "batch not new"
                by_id = [d for d in rep.documents if "unregistered" in Path(d.path).parts]
                assert len(by_id) == args.unregistered and all(d.trial.startswith("NCT") for d in by_id), (
                    "news items without a registry id must resolve to the stored trials they are about"
                )
                shutil.rmtree(batch)
                batch.mkdir()
                rep_undo = ingest([batch], st, prune=True)
                assert len(rep_undo.pruned) == n
            cells = [f"{1000 * rep.seconds.get(s, 0.0) / n:.1f}" for s in STAGES]
            lines.append(
                f"| {trials[0]['n']:,} | {quads:,} | {n} | " + " | ".join(cells) + f" | {1000 * wall / n:.1f} |"
            )
            print(lines[-1], flush=True)
    emit(lines, args.out)


def unregistered(out: Path, scratch: Path, count: int) -> None:
    """``count`` news items about the first trials of the stores' corpus (synth.py, seed 7), each with
    its registry id taken out: a reader knows the trial by its acronym and drug only."""
    import re

    out.mkdir(parents=True)
    if count <= 0:
        return
    trials = 20
    while True:
        generate(scratch, trials, seed=7)
        news = sorted((scratch / "news").glob("*.txt"))
        if len(news) >= count or trials > 100_000:
            break
        shutil.rmtree(scratch)
        trials *= 2
    for f in news[:count]:
        text = re.sub(r" ?\(NCT\d{8}\)", "", f.read_text(encoding="utf-8"))
        assert not re.search(r"NCT\d{8}", text), f
        (out / f.name.replace("NCT", "item-")).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
