"""Benchmark of the store write alone: what writing a corpus's document graphs costs the embedded store.

    python benchmarks/bench_write.py [--trials 1000] [--chunk 250] [--out table.md] [--small]

A synthetic corpus (benchmarks/synth.py, seeded) is mapped once by the ingest's own worker function
(read, extract, map, validate, serialize: ``stages.process``) in a pool of one process per core, its CPU
per document measured inside the workers; the document graphs are kept as chunk files.  Then each way
of writing them runs in its own child process on a fresh store, nothing else running:

- ``bulk``: what ingest does for new documents, ``TrialStore.add_documents`` per chunk (the document
  graphs bulk-loaded, then their facts into the default graph, the union view: all but the triples
  about Mentions);
- ``bulk, no union copy``: the same without the default-graph copy (what a store answering queries from
  its named graphs alone would write);
- ``one update per document`` (the baseline): ``TrialStore.replace_graphs`` per document, one SPARQL
  update each (the path of a replaced document and of a remote store).

Each ends with ``optimize()`` (ingest compacts after 1,000 documents or more), timed apart.  The table
gives wall and CPU milliseconds per document (the writing process with its threads, and of that the
store's compaction and flush threads), store size, peak memory, and the quads written: the first and
the baseline must hold the same quads (checked).  A last line adds the workers' CPU per document to the
bulk write's: the most documents per second the cores could ingest, were nothing else done.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import synth
from bench_scale import store_threads_cpu_seconds
from benchutil import emit

WAYS = {
    "bulk": "bulk (ingest's write)",
    "bulk-no-copy": "bulk, no union copy",
    "update": "one update per document (baseline)",
}
DIGEST_LIMIT = 2_000_000  # quads up to which the stores' contents are compared whole (sorted N-Quads)


def _map_one(path: str) -> tuple[str, str, float] | None:
    """One document through the ingest's worker function: (its graph IRI, N-Triples, CPU seconds), or
    None when it was rejected or its trial is decided by the others (no registry id)."""
    from trialkg.graph import iris
    from trialkg.ingest.stages import process

    t = time.process_time()
    out = process((path, None, frozenset()))
    cpu = time.process_time() - t
    if out.mapped is None or not out.mapped.ntriples:
        return None
    return iris.doc_graph(out.source_key), out.mapped.ntriples, cpu


def _warm() -> None:
    from trialkg.ingest.stages import warm_up

    warm_up()


def map_corpus(corpus: Path, chunks: Path, chunk: int, workers: int) -> dict[str, Any]:
    """Map every document of ``corpus`` into chunk files of ``chunk`` documents (``_write_chunk``); the
    documents, those written, and the workers' CPU seconds spent on them (measured inside each)."""
    from trialkg.ingest.pipeline import discover

    files = [str(f) for f in discover([corpus])]
    chunks.mkdir(parents=True, exist_ok=True)
    mapped, cpu, k = 0, 0.0, 0
    buf: list[tuple[str, str]] = []

    def flush() -> None:
        nonlocal k, buf
        if buf:
            _write_chunk(chunks / f"{k:05d}", buf)
            k, buf = k + 1, []

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm) as ex:
        for res in ex.map(_map_one, files, chunksize=16):
            if res is None:
                continue
            graph, nt, seconds = res
            buf.append((graph, nt))
            mapped, cpu = mapped + 1, cpu + seconds
            if len(buf) == chunk:
                flush()
    flush()
    return {"documents": len(files), "mapped": mapped, "worker_cpu": cpu}


def _write_chunk(stem: Path, docs: list[tuple[str, str]]) -> None:
    """A chunk as two files: the graph IRIs (one per line) and their N-Triples, each document's text
    ended by an empty line (N-Triples lines are never empty)."""
    stem.with_suffix(".graphs").write_text("".join(g + "\n" for g, _ in docs), encoding="utf-8")
    stem.with_suffix(".nt").write_text("".join(nt + "\n" for _, nt in docs), encoding="utf-8")


def read_chunks(chunks: Path) -> Iterator[list[tuple[str, str]]]:
    """The chunks ``map_corpus`` wrote, in order: lists of (graph IRI, N-Triples)."""
    for graphs_file in sorted(chunks.glob("*.graphs")):
        graphs = graphs_file.read_text(encoding="utf-8").splitlines()
        texts = graphs_file.with_suffix(".nt").read_text(encoding="utf-8").split("\n\n")[: len(graphs)]
        yield [(g, t + "\n") for g, t in zip(graphs, texts, strict=True)]


def _own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _write_child(way: str, chunks: str, store: str, conn: Any) -> None:
    from trialkg.graph import iris
    from trialkg.graph.ntriples import to_quads, without_mentions
    from trialkg.graph.store import TrialStore

    with TrialStore(store) as st:
        docs = 0
        wall, cpu, threads = 0.0, 0.0, 0.0
        for part in read_chunks(Path(chunks)):
            named = "".join(to_quads(nt, g) for g, nt in part)
            default = "".join(without_mentions(nt) for _, nt in part)  # the union view: the facts
            t, c, s = time.perf_counter(), _own_cpu(), store_threads_cpu_seconds() or 0.0
            if way == "bulk":
                st.add_documents(named, default, "", checked=True)
            elif way == "bulk-no-copy":
                st.add_documents(named, "", "", checked=True)
            else:
                for g, nt in part:
                    st.replace_graphs({g: nt})
            wall += time.perf_counter() - t
            cpu += _own_cpu() - c
            threads += (store_threads_cpu_seconds() or 0.0) - s
            docs += len(part)
        t, c = time.perf_counter(), _own_cpu()
        st.optimize()
        opt_wall, opt_cpu = time.perf_counter() - t, _own_cpu() - c
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the contents are read
        named_q, default_q, digest = _contents(st.raw, iris.DOC_GRAPH_PREFIX)
    conn.send(
        {
            "docs": docs,
            "wall": wall,
            "cpu": cpu,
            "store_threads": threads if store_threads_cpu_seconds() is not None else None,
            "opt_wall": opt_wall,
            "opt_cpu": opt_cpu,
            "named_quads": int(named_q),
            "default_triples": int(default_q),
            "digest": digest,
            "peak_mb": peak_mb,
        }
    )


def _contents(store: Any, prefix: str) -> tuple[int, int, str | None]:
    """Quads in the document graphs (IRIs starting with ``prefix``), triples in the default graph, and a
    digest of both (sorted N-Quads, triples with blank nodes left out) when there are at most
    ``DIGEST_LIMIT`` of them."""
    import pyoxigraph as ox

    count = "SELECT (COUNT(*) AS ?n) WHERE {{ {} }}"
    in_docs = f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}"))'  # a constant of ours
    named = int(next(iter(store.query(count.format(in_docs))))["n"].value)
    default = int(next(iter(store.query(count.format("?s ?p ?o"))))["n"].value)
    if named + default > DIGEST_LIMIT:
        return named, default, None
    lines = sorted(
        str(q)
        for q in store.quads_for_pattern(None, None, None, None)
        if (isinstance(q.graph_name, ox.DefaultGraph) or q.graph_name.value.startswith(prefix))
        # the ontology's union-view copy has blank nodes, labelled anew by every store that parses it
        and not isinstance(q.subject, ox.BlankNode)
        and not isinstance(q.object, ox.BlankNode)
    )
    return named, default, hashlib.sha256("\n".join(lines).encode()).hexdigest()


def run_write(way: str, chunks: Path, store: Path) -> dict[str, Any]:
    """One way of writing, in a child process of its own (its CPU and peak memory are its own)."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_write_child, args=(way, str(chunks), str(store), child))
    proc.start()
    out: dict[str, Any] = parent.recv()
    proc.join()
    if proc.exitcode:
        raise RuntimeError(f"{way}: the writing process ended with code {proc.exitcode}")
    out["disk_mb"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e6
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=1000, help="trials in the synthetic corpus")
    ap.add_argument("--chunk", type=int, help="documents per bulk write (default: the ingest's)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processes mapping the corpus")
    ap.add_argument("--small", action="store_true", help="a few dozen trials (the test suite's mode)")
    ap.add_argument("--out", type=Path, help="also write the table (Markdown) to this file")
    ap.add_argument("--dir", type=Path, help="work folder (default: a temporary one, removed at the end)")
    args = ap.parse_args()
    from trialkg.ingest.pipeline import CHUNK_SIZE

    trials = 20 if args.small else args.trials
    chunk = args.chunk or (8 if args.small else CHUNK_SIZE)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        corpus = Path(tmp) / "corpus"
        synth.generate(corpus, trials, seed=7)
        m = map_corpus(corpus, Path(tmp) / "chunks", chunk, args.workers)
        runs = {way: run_write(way, Path(tmp) / "chunks", Path(tmp) / f"store-{way}") for way in WAYS}
    n = m["mapped"]
    bulk, base = runs["bulk"], runs["update"]
    for key in ("named_quads", "default_triples", "digest"):
        if bulk[key] != base[key]:
            raise SystemExit(
                f"the bulk write and the baseline stored different quads ({key}: {bulk[key]} vs {base[key]})"
            )
    if runs["bulk-no-copy"]["named_quads"] != bulk["named_quads"]:
        raise SystemExit("the write without the union copy stored different document graphs")
    lines = [
        f"## Store write alone ({trials:,} trials: {m['documents']:,} documents, {n:,} written; chunks of {chunk})",
        "",
        "| write | wall ms/doc | CPU ms/doc | of which store threads | optimize CPU ms/doc | CPU vs baseline "
        "| disk MB | peak MB | document-graph quads | default-graph triples |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for way, r in runs.items():
        threads = "n/a" if r["store_threads"] is None else f"{r['store_threads'] * 1000 / n:.2f}"
        lines.append(
            f"| {WAYS[way]} | {r['wall'] * 1000 / n:.2f} | {r['cpu'] * 1000 / n:.2f} | {threads} "
            f"| {r['opt_cpu'] * 1000 / n:.2f} | {base['cpu'] / r['cpu']:.2f}x | {r['disk_mb']:.0f} | {r['peak_mb']:.0f} "
            f"| {r['named_quads']:,} | {r['default_triples']:,} |"
        )
    worker = m["worker_cpu"] * 1000 / n
    write = (bulk["cpu"] + bulk["opt_cpu"]) * 1000 / n
    cores = os.cpu_count() or 1
    checked = "compared whole" if bulk["digest"] else "counted"
    lines += [
        "",
        f"The bulk write and the baseline stored the same quads ({checked}). Workers' CPU per document (read,",
        f"extract, map, validate, serialize): {worker:.2f} ms; with the bulk write and its optimize, {worker + write:.2f} ms:",
        f"at most {cores * 1000 / (worker + write):.0f} documents/s on {cores} cores with every core busy all the time",
        "and nothing else done (identity, catalog, merge left out).",
    ]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
