"""The re-link check against the number of stored documents without a registry id.

    python benchmarks/bench_relink.py [--trials 1000] [--share 0.4] [--add 20] [--rounds 3] [--out table.md]

A synthetic corpus (benchmarks/synth.py, seed 7) is written with the registry ids taken out of the
abstracts and news of the first ``--share`` of its trials that have no registry record: those documents
name their trial by acronym and drug only, and are stored flagged as without a registry id.  After the
corpus is ingested, ``--rounds`` batches of ``--add`` new trials (with their ids) are ingested one after
the other, each timed end to end and in its re-link check.  The named baseline, in the same run: the
previous check's work on the same store, which read and extracted every flagged document's file again
at every ingest (timed after the last batch, with what it would decide checked against the check's).
Last, the registry record of one of those trials is ingested: its abstract and news move to it.
``--small`` runs a few dozen trials (the test suite's mode).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth
from benchutil import emit


def strip_ids(corpus: Path, first: int) -> int:
    """Take the registry ids out of the abstracts and news of trials numbered below ``first`` that have
    no registry record; returns how many files changed."""
    registered = {p.name.split("-")[0] for p in corpus.rglob("*.json")}
    changed = 0
    for f in sorted(corpus.rglob("*.txt")):
        m = re.match(r"NCT(\d{8})", f.name)
        if not m or f"NCT{m.group(1)}" in registered or int(m.group(1)) - 20_000_000 >= first:
            continue
        f.write_text(re.sub(r" ?\(NCT\d{8}\)|NCT\d{8}", "", f.read_text(encoding="utf-8")), encoding="utf-8")
        changed += 1
    return changed


def previous_check(store: object) -> tuple[float, list[str]]:
    """The work the check did before the clue keys, on this store: every flagged document's file read and
    extracted again, its clues resolved against the store; the seconds it took, and the files it would
    have moved to another trial."""
    from trialkg.graph import identity_store
    from trialkg.graph.identity import key_from_iri, keys_of_clues
    from trialkg.ingest.clues import clues_of
    from trialkg.ingest.extract import extract_all
    from trialkg.ingest.pipeline import _stored_document, _unregistered_rows

    t = time.perf_counter()
    moved = []
    for row in _unregistered_rows(store):  # type: ignore[arg-type]
        doc = _stored_document(row)
        if doc is None:
            continue
        clues = clues_of(doc, extract_all(doc))
        keys = keys_of_clues(clues)
        key, _why = identity_store.lookup(store, keys).resolve(clues) if keys else (None, "")
        if key is not None and key != key_from_iri(row["trial"]):
            moved.append(row["path"])
    return time.perf_counter() - t, moved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--share", type=float, default=0.4, help="share of the trials whose documents lose their ids")
    ap.add_argument("--add", type=int, default=20, help="new trials per batch")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--small", action="store_true", help="a few dozen trials (the test suite's mode)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    trials, add, rounds = (60, 5, 2) if args.small else (args.trials, args.add, args.rounds)

    from trialkg.graph.sparql import load
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        expected = synth.generate(corpus, trials, seed=7)
        stripped = strip_ids(corpus, int(trials * args.share))
        # a trial whose documents lost their ids and that has no registry record: its record comes last
        late = next(e for e in expected if not any(f.endswith(".json") for f in e.files))
        lines = [
            f"## Re-link check ({trials:,} trials, registry ids taken out of {stripped:,} documents; "
            f"batches of {add} new trials)",
            "",
            "| batch | flagged documents | documents added | ingest s | re-link check s | re-linked |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        with TrialStore(Path(tmp) / "store") as st:
            first = ingest([corpus], st)
            flagged = len({r["g"] for r in st.query(load("unregistered").text)})
            assert flagged > 0, "no document was stored without a registry id"
            checks = []
            for r in range(rounds):
                batch = Path(tmp) / f"batch-{r}"
                synth.generate(batch, add, seed=7, start=50_000 + r * 1_000)
                rep = ingest([batch], st)
                checks.append(rep.seconds["relink"])
                lines.append(
                    f"| {r + 1} | {flagged:,} | {len(rep.documents)} | {rep.wall_seconds:.2f} "
                    f"| {rep.seconds['relink']:.3f} | {len(rep.relinked)} |"
                )
            before, moved = previous_check(st)
            # the check left nothing the previous one would have moved
            assert moved == [], f"the re-link check missed {moved}"
            # then the registry record of a trial known so far by acronym and drug: its documents move to it
            record = Path(tmp) / "record" / f"{late.nct}.json"
            record.parent.mkdir()
            record.write_text(json.dumps(synth.registry(late), indent=1), encoding="utf-8")
            rep = ingest([record.parent], st)
            named = sorted(Path(p).name for p in rep.relinked)
            lines.append(
                f"| record | {flagged:,} | {len(rep.documents)} | {rep.wall_seconds:.2f} "
                f"| {rep.seconds['relink']:.3f} | {len(rep.relinked)} |"
            )
            assert named and all(n.startswith(late.nct) for n in named), f"{late.nct}: re-linked {named}"
            assert previous_check(st)[1] == [], "the re-link check left a document the previous one would move"
        median = sorted(checks)[len(checks) // 2]
        lines += [
            "",
            f"First ingest: {len(first.documents):,} documents in {first.wall_seconds:.1f} s. The previous check's "
            f"work on the same store (every flagged file read and extracted again): {before:.3f} s; the check's "
            f"median over the batches: {median:.3f} s ({before / max(median, 1e-6):.0f}x less).",
        ]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
