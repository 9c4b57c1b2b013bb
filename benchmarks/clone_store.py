"""Grow a store built from a synthetic corpus to many times its size, fast, for query benchmarks.

    python benchmarks/clone_store.py SOURCE_STORE OUT_STORE --copies 100 [--trials-per-copy 1000]

Ingesting 100,000 synthetic trials through the pipeline takes most of an hour on 2 cores; the
query benchmark needs the store, not the ingest.  This copies every document graph of SOURCE (a
store that `trialkg ingest` built from `benchmarks/synth.py` output) ``copies - 1`` times with the
trial identities renamed, and bulk-loads each copy (its document graphs, their union-view triples (the facts),
their catalog entries): NCT ids move by ``copy * trials_per_copy`` (NCT20000007 becomes
NCT20001007 in copy 1), acronyms such as MONA-7 likewise (MONA-1007), and every hexadecimal hash
(document graph and source IRIs, raw-file hashes) is replaced by a hash of itself and the copy
number.  Each copy is a set of new trials with the same shape as the originals: same number of
arms, results and sources, so query costs scale as a real corpus of that size would.  Trials of
several copies never share a node except drugs, vocabulary concepts and the funder.

The result is checked: a cloned trial's card-level queries give the same rows as its original,
with the identities renamed.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import PREFIXES

HEX = re.compile(r"(?<![0-9a-f])[0-9a-f]{16,64}(?![0-9a-f])")
NCT = re.compile(r"NCT(\d{8})")
ACRONYM = re.compile(r"\b(" + "|".join(PREFIXES) + r")-(\d+)\b")


TOKEN = re.compile(f"{HEX.pattern}|{NCT.pattern}|{ACRONYM.pattern}")


class Template:
    """A text cut once at every identity token, so that each copy is a join of renamed pieces."""

    def __init__(self, text: str) -> None:
        self.pieces: list[str] = []
        self.slots: list[int] = []  # indexes of the pieces that are tokens
        at = 0
        for m in TOKEN.finditer(text):
            self.pieces.append(text[at : m.start()])
            self.slots.append(len(self.pieces))
            self.pieces.append(m.group())
            at = m.end()
        self.pieces.append(text[at:])
        self.tokens = sorted({self.pieces[i] for i in self.slots})

    def render(self, copy: int, per_copy: int) -> str:
        if copy == 0:
            return "".join(self.pieces)
        new = {t: rename(t, copy, per_copy) for t in self.tokens}
        pieces = list(self.pieces)
        for i in self.slots:
            pieces[i] = new[pieces[i]]
        return "".join(pieces)


def rename(token: str, copy: int, per_copy: int) -> str:
    """One identity token as copy ``copy`` has it (see the module docstring)."""
    shift = copy * per_copy
    if m := NCT.fullmatch(token):
        return f"NCT{int(m.group(1)) + shift:08d}"
    if m := ACRONYM.fullmatch(token):
        return f"{m.group(1)}-{int(m.group(2)) + shift}"
    return hashlib.sha256(f"{token}/{copy}".encode()).hexdigest()[: len(token)]


def source_text(source: Path) -> tuple[str, str]:
    """(document graphs, catalog and merge graph as N-Quads, their triples as N-Triples for the union
    view)."""
    import pyoxigraph as ox
    from trialkg.graph import identity_store, iris
    from trialkg.graph.store import MENTION, RDF_TYPE, TrialStore

    # the identity lookup keys are left out (a normalized title keeps an acronym in lower case, which
    # the renaming would miss): the clone's first ingest that needs them reads them from its graphs
    identity = {
        identity_store.IDENTITY_OF,
        identity_store.IDENTITY_KEY,
        identity_store.IDENTITY_DRUG,
        identity_store.MARK,
    }
    named: list[ox.Quad] = []
    with TrialStore(source, read_only=True) as st:
        for g in [*st.document_graphs(), iris.CATALOG_GRAPH, iris.MERGE_GRAPH]:
            quads = st.raw.quads_for_pattern(None, None, None, ox.NamedNode(g))
            named.extend(q for q in quads if q.predicate.value not in identity)
    nquads = ox.serialize(named, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    # the union view: every triple but the catalog's and those about Mentions (graph/store.py)
    mentions = {q.subject for q in named if q.predicate.value == RDF_TYPE and q.object.value == MENTION}
    union = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in named
        if q.graph_name.value != iris.CATALOG_GRAPH and q.subject not in mentions
    }
    ntriples = ox.serialize(sorted(union, key=str), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return nquads, ntriples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--copies", type=int, default=100, help="copies in the result, the original included")
    ap.add_argument("--trials-per-copy", type=int, default=1000, help="the source corpus's --trials")
    args = ap.parse_args()

    import pyoxigraph as ox
    from trialkg.graph.merge import recompute
    from trialkg.graph.store import TrialStore
    from trialkg.queries import api

    if args.out.exists():
        raise SystemExit(f"{args.out} exists; give a new folder")
    nquads, ntriples = (Template(t) for t in source_text(args.source))
    with TrialStore(args.source, read_only=True) as src:
        conflicts = len(api.conflicts(src))
        combinations = src.ask("ASK { ?c a ?t }", {"t": "https://w3id.org/trialkg/ontology#DrugCombination"})
    t0 = time.perf_counter()
    with TrialStore(args.out) as st:
        for copy in range(args.copies):
            q = nquads.render(copy, args.trials_per_copy)
            t = ntriples.render(copy, args.trials_per_copy)
            st.raw.bulk_load(q.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            st.raw.bulk_load(t.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
            done = copy + 1
            rate = done / (time.perf_counter() - t0)
            print(f"\rcopy {done}/{args.copies} ({rate:.2f} copies/s)", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if conflicts or combinations:
            # conflict IRIs are hashes of (subject, property), which renaming does not reproduce, and a drug
            # combination (one node per pair of drugs) counts the trials of every copy
            t = time.perf_counter()
            # (a full merge reads every functional value of the store: only when there are conflicts to redo)
            merge = recompute(st) if conflicts else recompute(st, [], all_combinations=True)
            print(
                f"merge over the whole store: {time.perf_counter() - t:.1f} s, {len(merge.conflicts)} conflicts, "
                f"{merge.combinations} drug combinations",
                file=sys.stderr,
            )
        first = f"NCT{20_000_000:08d}"
        last = f"NCT{20_000_000 + (args.copies - 1) * args.trials_per_copy:08d}"
        a = api.run(st, "trial_arm_results", trial=first)
        b = api.run(st, "trial_arm_results", trial=last)

        def shape(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
            return [(str(r["arm"]).rsplit("/", 1)[-1], r["statistic"], r["value"]) for r in rows]

        assert a and shape(a) == shape(b), "a copy differs from its original"
        trials = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/trialkg/ontology#Trial> }")[0]["n"]
        quads = len(st.raw)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file()) / 1e9
    minutes = (time.perf_counter() - t0) / 60
    print(f"{args.out}: {trials} trials, {quads:,} quads, {size:.1f} GB on disk, {minutes:.1f} min")


if __name__ == "__main__":
    main()
