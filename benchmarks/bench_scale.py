"""Benchmark at scale: ingest throughput and stage costs, recall, store size, peak memory, query latency.

    python benchmarks/bench_scale.py [--trials 1000,10000] [--workers 2] [--out table.md]

For each corpus size, a synthetic corpus (benchmarks/synth.py: abstracts, news stories, registry
records, seeded) is ingested twice into fresh embedded stores in the same run: by one process (the
baseline) and by the parallel pipeline; each run in its own child process so that its peak memory
(with its workers) is its own.  A third run, for reference where Linux allows it, confines one
process and its threads to one core.  Then every public canned query runs on the parallel run's store
(p50/p95 over repeats, parameters bound as substitutions) and, at the smallest size, on the named
baseline: the same triples in rdflib's in-memory Graph.  Recall is scored on a sample of abstracts
against the facts the generator wrote.  ``--small`` runs a few dozen trials (the test suite's mode).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import synth
from query_mix import canned_params


def _ingest_child(corpus: str, store: str, workers: int, conn: Any, one_core: bool = False) -> None:
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import ingest

    if one_core:
        # this process and every thread it starts from now on (the store's bulk-load and compaction
        # threads included) on the first core it may use
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with TrialStore(store) as st:
        busy0, self0, store0 = machine_busy_seconds(), _own_cpu_seconds(), store_threads_cpu_seconds()
        rep = ingest([corpus], st, workers=workers)
        busy1, self1, store1 = machine_busy_seconds(), _own_cpu_seconds(), store_threads_cpu_seconds()
        quads = sum(1 for _ in st.raw)
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    conn.send(
        {
            "docs": len(rep.documents),
            "accepted": len(rep.accepted),
            "rejected": [(d.path, d.reason) for d in rep.rejected][:5],
            "wall": rep.wall_seconds,
            "seconds": rep.seconds,
            "workers": rep.workers,
            # the cores this process may run on (its threads started since inherit them; None off Linux)
            "cores": len(os.sched_getaffinity(0)) if one_core_possible() else None,
            "conflicts": len(rep.merge.conflicts) if rep.merge else 0,
            "quads": quads,
            "peak_mb": peak_kb / 1024,
            # share of the machine's CPU time busy during the ingest (all processes; None off Linux)
            "cpu_busy": None
            if busy0 is None or busy1 is None
            else (busy1 - busy0) / (rep.wall_seconds * (os.cpu_count() or 1)),
            "machine_cpu": None if busy0 is None or busy1 is None else busy1 - busy0,
            # this process (the one that writes the store) with its threads: bulk loads, compaction, merge
            "writer_cpu": self1 - self0,
            # of which the store's own background threads (RocksDB's compaction and flushes; None off Linux)
            "store_threads_cpu": None if store0 is None or store1 is None else store1 - store0,
        }
    )


def _own_cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def store_threads_cpu_seconds() -> float | None:
    """CPU seconds this process's store background threads have spent (RocksDB's compaction and flush
    threads, named ``rocksdb:*``; Linux /proc/self/task), or None where there is no such file.  The
    threads live as long as the process, so the difference of two readings is the work between them."""
    from trialkg.graph.store import threads_named

    tasks = threads_named("rocksdb:")
    if tasks is None:
        return None
    total = 0
    for task in tasks:
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (Linux /proc/stat: all but idle and
    iowait), or None where there is no /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(f) for f in fields]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def one_core_possible() -> bool:
    """Whether a process can be confined to one core here (Linux's sched_setaffinity)."""
    return hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity")


def run_ingest(corpus: Path, store: Path, workers: int, one_core: bool = False) -> dict[str, Any]:
    """An ingest in a child process of its own; ``one_core``: that process, its threads included,
    confined to one core (a reference: one process otherwise runs the store's threads on the others)."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_ingest_child, args=(str(corpus), str(store), workers, child, one_core))
    proc.start()
    out: dict[str, Any] = parent.recv()
    proc.join()
    out["disk_mb"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e6
    return out


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def _pcts(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def query_latency(store: Path, repeat: int, baseline: bool) -> list[dict[str, Any]]:
    from rdflib import Literal, URIRef
    from trialkg.graph.store import TrialStore
    from trialkg.queries import load
    from trialkg.queries.api import bind

    rows = []
    with TrialStore(store, read_only=True) as st:
        mem = None
        if baseline:  # the whole dataset (named graphs and the default graph) in rdflib's memory store
            import pyoxigraph as ox
            from rdflib import Dataset

            mem = Dataset()
            mem.parse(data=st.raw.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        for name, given in canned_params(st):
            text, bound = load(name).prepare(bind(st, name, given))  # a paged listing: its first page
            st.query(text, bound)  # warm
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                n = len(st.query(text, bound))
                times.append(time.perf_counter() - t)
            row: dict[str, Any] = {"query": name, "rows": n, "ox": _pcts(times)}
            if mem is not None:
                init = {
                    k: URIRef(v) if isinstance(v, str) and v.startswith("http") else Literal(v)
                    for k, v in bound.items()
                }
                btimes = []
                for _ in range(1 if repeat >= 10 else 2):  # rdflib takes seconds per query at 1k trials
                    t = time.perf_counter()
                    nb = len(list(mem.query(text, initBindings=init)))
                    btimes.append(time.perf_counter() - t)
                row["rdflib"] = _pcts(btimes)
                row["rdflib_rows"] = nb
            rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", default="1000,10000", help="corpus sizes in trials, comma-separated")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeat", type=int, default=30, help="runs of each canned query")
    ap.add_argument("--sample", type=int, default=100, help="abstracts scored for recall")
    ap.add_argument("--small", action="store_true", help="a few dozen trials, few repeats (the test suite's mode)")
    ap.add_argument("--out", type=Path, help="also write the tables (Markdown) to this file")
    ap.add_argument("--dir", type=Path, help="work folder (default: a temporary one, removed at the end)")
    args = ap.parse_args()
    sizes = [30] if args.small else [int(x) for x in args.trials.split(",")]
    repeat = 3 if args.small else args.repeat
    lines: list[str] = []

    def emit(s: str = "") -> None:
        print(s, flush=True)
        lines.append(s)

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        ingest_rows, query_tables = [], {}
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}"
            expected = synth.generate(corpus, n, seed=7)
            n_docs = sum(len(e.files) for e in expected)
            rec = synth.recall(expected[: min(args.sample, len(expected))])
            single = run_ingest(corpus, Path(tmp) / f"store-{n}-1", 1)
            par = run_ingest(corpus, Path(tmp) / f"store-{n}-{args.workers}", args.workers)
            assert single["quads"] == par["quads"], "single-process and parallel ingest must write the same store"
            pinned = None
            if one_core_possible():
                pinned = run_ingest(corpus, Path(tmp) / f"store-{n}-1core", 1, one_core=True)
                assert pinned["quads"] == par["quads"], "an ingest on one core must write the same store"
                assert pinned["cores"] == 1, f"the one-core run could use {pinned['cores']} cores"
            ingest_rows.append((n, n_docs, rec, single, par, pinned))
            query_tables[n] = query_latency(Path(tmp) / f"store-{n}-{args.workers}", repeat, baseline=n == min(sizes))
        emit(f"## Ingest (synthetic corpus, {args.workers} workers vs one process, same run)")
        emit()
        emit(
            "| trials | documents | recall | 1 process docs/s | parallel docs/s | ratio | store quads | disk MB "
            "| peak MB (1 / parallel) | CPU busy (1 / parallel) |"
        )
        emit("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n, n_docs, rec, single, par, _pinned in ingest_rows:
            s_rate, p_rate = single["accepted"] / single["wall"], par["accepted"] / par["wall"]
            emit(
                f"| {n:,} | {n_docs:,} | {rec['all facts']:.1%} | {s_rate:.1f} | {p_rate:.1f} | {p_rate / s_rate:.2f}x "
                f"| {par['quads']:,} | {par['disk_mb']:.0f} | {single['peak_mb']:.0f} / {par['peak_mb']:.0f} "
                f"| {_pct(single['cpu_busy'])} / {_pct(par['cpu_busy'])} |"
            )
        emit()
        emit("For reference, one process confined to one core (its store threads too; Linux's sched_setaffinity),")
        emit("the same corpus in the same run: what the parallel run gains over a single core. The ratio above")
        emit("compares with one process on every core, where the store's bulk-load and compaction threads run")
        emit("beside its Python thread on the other cores.")
        emit()
        emit("| trials | 1 process on 1 core docs/s | CPU busy | parallel docs/s | ratio |")
        emit("|---:|---:|---:|---:|---:|")
        for n, _n_docs, _rec, _single, par, pinned in ingest_rows:
            p_rate = par["accepted"] / par["wall"]
            if pinned is None:
                emit(f"| {n:,} | n/a | n/a | {p_rate:.1f} | n/a |")
                continue
            c_rate = pinned["accepted"] / pinned["wall"]
            emit(f"| {n:,} | {c_rate:.1f} | {_pct(pinned['cpu_busy'])} | {p_rate:.1f} | {p_rate / c_rate:.2f}x |")
        emit()
        emit("CPU per document, ms: the machine's (every process and thread, during the ingest), the writing")
        emit("process's (its threads included: bulk loads, the store's compaction, identity, merge) and, of that, the")
        emit("store's background threads' (RocksDB's compaction and flushes). The ceiling is what the parallel run's")
        emit("CPU per document allows with every core busy all the time.")
        emit()
        cores = os.cpu_count() or 1
        emit(
            "| trials | 1 process: machine | 1 process: writer | 1 process: store threads | parallel: machine "
            f"| parallel: writer | parallel: store threads | ceiling on {cores} cores, docs/s |"
        )
        emit("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n, _n_docs, _rec, single, par, _pinned in ingest_rows:
            per = [
                r[k] * 1000 / r["accepted"] if r[k] is not None else None
                for r in (single, par)
                for k in ("machine_cpu", "writer_cpu", "store_threads_cpu")
            ]
            ceiling = "n/a" if per[3] is None else f"{cores * 1000 / per[3]:.0f}"
            emit(f"| {n:,} | " + " | ".join("n/a" if x is None else f"{x:.2f}" for x in per) + f" | {ceiling} |")
        emit()
        emit("Cost per stage, milliseconds per document (read, extract, map, validate, serialize: time summed over")
        emit("worker processes, measured inside each, so it includes waiting for a core when the processes outnumber")
        emit("the cores; identity, write, merge: the writing process). CPU busy: the machine's, during the ingest.")
        emit()
        stages = list(ingest_rows[0][3]["seconds"])
        emit("| trials | run | " + " | ".join(stages) + " | wall |")
        emit("|---:|---|" + "---:|" * (len(stages) + 1))
        for n, n_docs, _rec, single, par, _pinned in ingest_rows:
            for label, r in (("1 process", single), (f"{par['workers']} workers", par)):
                cells = " | ".join(f"{r['seconds'][s] / n_docs * 1000:.2f}" for s in stages)
                emit(f"| {n:,} | {label} | {cells} | {r['wall'] / n_docs * 1000:.2f} |")
        emit()
        for n, rows in query_tables.items():
            base = "rdflib" in rows[0]
            emit(f"## Canned queries at {n:,} trials (embedded Oxigraph{', vs rdflib in-memory' if base else ''}), ms")
            emit()
            head = "| query | rows | p50 | p95 |" + (" rdflib p50 | ratio |" if base else "")
            emit(head)
            emit("|---|---:|---:|---:|" + ("---:|---:|" if base else ""))
            for r in rows:
                cells = f"| {r['query']} | {r['rows']} | {r['ox'][0] * 1000:.1f} | {r['ox'][1] * 1000:.1f} |"
                if base:
                    assert r["rdflib_rows"] == r["rows"], f"{r['query']}: rdflib found {r['rdflib_rows']} rows"
                    cells += f" {r['rdflib'][0] * 1000:.1f} | {r['rdflib'][0] / r['ox'][0]:.1f}x |"
                emit(cells)
            emit()
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
