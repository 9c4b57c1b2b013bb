"""Benchmark of the remote store: a synthetic corpus ingested into a real ``oxigraph serve`` on 127.0.0.1
and, in the same run, into a fresh embedded store (the baseline); then each store dumped whole as
N-Quads by ``trialkg export``: from the server through its Graph Store Protocol endpoint, from the
server by CONSTRUCT queries (as from a server without one), and from the embedded store.

    python benchmarks/bench_remote.py [--trials 1000] [--workers 2] [--out table.md] [--small]

The ingests run in this process (their worker processes beside it); the server's CPU is read from
Linux's /proc (blank elsewhere).  Each dump is ``trialkg export`` in a child process, timed, with the
peak memory it reports itself.  The three dumps must hold the same quads (the ontology's blank nodes
aside: a server labels them its own way), or the script stops with an error.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import synth
from benchutil import emit

NO_GRAPH_STORE = "/no-graph-store-here"  # a path the server does not answer: reads fall back to CONSTRUCT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``oxigraph serve`` on a free loopback port over ``folder``; (the process, its query URL)."""
    exe = shutil.which("oxigraph")
    if exe is None:
        raise SystemExit("the oxigraph server is not installed: python3 -m pip install oxigraph")
    port = free_port()
    cmd = [exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"oxigraph serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                return proc, base + "/query"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph serve did not answer within 60 s")


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) process ``pid`` has spent, or None without /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def ingest_into(location: str, corpus: Path, workers: int, server_pid: int | None) -> dict[str, Any]:
    from trialkg.graph.remote import RemoteTrialStore
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import ingest

    store = RemoteTrialStore(location) if server_pid else TrialStore(location)
    try:
        server0 = process_cpu(server_pid) if server_pid else None
        own0 = own_cpu()
        report = ingest([corpus], store, workers=workers)
        own1 = own_cpu()
        server1 = process_cpu(server_pid) if server_pid else None
    finally:
        store.close()
    if report.rejected:
        raise SystemExit(f"documents rejected: {[(d.path, d.reason) for d in report.rejected][:3]}")
    return {
        "docs": len(report.documents),
        "seconds": report.wall_seconds,
        "own_cpu": own1 - own0,
        "server_cpu": None if server0 is None or server1 is None else server1 - server0,
    }


# ``trialkg export -f nquads`` run in a child, which then reports its own peak memory (KB) on stderr:
# Linux's VmHWM of its memory map (the rusage peak, also where /proc is missing, would count the pages of
# this process the child held between fork and exec)
EXPORT = """
import re, resource, sys
from trialkg.app.cli import app
try:
    app(["export", "-f", "nquads", "-o", sys.argv[2], "--store", sys.argv[1]], standalone_mode=False)
finally:
    try:
        with open("/proc/self/status") as f:
            peak = int(re.search(r"VmHWM:\\s+(\\d+)", f.read()).group(1))
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("peak-kb", peak, file=sys.stderr)
"""


def dump(location: str, out: Path, env: dict[str, str]) -> dict[str, Any]:
    """``trialkg export -f nquads`` in a child process: its seconds, peak memory and the quads it wrote."""
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", EXPORT, location, str(out)], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t
    peak = [ln.split()[1] for ln in res.stderr.splitlines() if ln.startswith("peak-kb ")]
    if res.returncode != 0 or not peak:
        raise SystemExit(f"export from {location} failed: {res.stderr[-2000:]}")
    return {"seconds": seconds, "peak_mb": int(peak[-1]) / 1024, "quads": _quads(out)}


def _quads(path: Path) -> set[str]:
    """The N-Quads lines of a dump, the ones with blank nodes left out (their labels are the writer's)."""
    with path.open(encoding="utf-8") as f:
        return {line for line in f if "_:" not in line}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--small", action="store_true", help="a few dozen trials (the test suite's mode)")
    args = ap.parse_args()
    trials = 30 if args.small else args.trials

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        synth.generate(corpus, trials, seed=7)
        server, url = start_server(Path(tmp) / "oxigraph")
        try:
            remote = ingest_into(url, corpus, args.workers, server.pid)
            embedded_path = str(Path(tmp) / "embedded")
            embedded = ingest_into(embedded_path, corpus, args.workers, None)
            env = {k: v for k, v in os.environ.items() if k != "TRIALKG_GSP_URL"}
            dumps = {
                "oxigraph serve, Graph Store Protocol": dump(url, Path(tmp) / "gsp.nq", env),
                "oxigraph serve, CONSTRUCT queries": dump(
                    url, Path(tmp) / "construct.nq", {**env, "TRIALKG_GSP_URL": url.rsplit("/", 1)[0] + NO_GRAPH_STORE}
                ),
                "embedded store dump (baseline)": dump(embedded_path, Path(tmp) / "embedded.nq", env),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    base = dumps["embedded store dump (baseline)"]
    for name, d in dumps.items():
        if d["quads"] != base["quads"]:
            raise SystemExit(
                f"the dump '{name}' differs from the embedded store's: {len(d['quads'] ^ base['quads'])} quads"
            )

    n = remote["docs"]
    lines = [
        f"# Remote store: {trials:,} synthetic trials ({n:,} documents), oxigraph serve on 127.0.0.1 vs the embedded store",
        "",
        "| ingest into | seconds | documents/s | vs embedded | CPU ms/doc: this process | CPU ms/doc: server |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in (("oxigraph serve (SPARQL Update)", remote), ("embedded store (baseline)", embedded)):
        server_ms = "" if r["server_cpu"] is None else f"{r['server_cpu'] * 1000 / n:.2f}"
        lines.append(
            f"| {name} | {r['seconds']:.1f} | {r['docs'] / r['seconds']:.1f} | "
            f"{embedded['seconds'] / r['seconds']:.2f}x | {r['own_cpu'] * 1000 / n:.2f} | {server_ms} |"
        )
    quads = len(base["quads"])
    lines += [
        "",
        f"Whole-store N-Quads dump (`trialkg export -f nquads`), {quads:,} quads without blank nodes, the same in all three:",
        "",
        "| dump from | seconds | quads/s | vs embedded | peak MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, d in dumps.items():
        lines.append(
            f"| {name} | {d['seconds']:.2f} | {quads / d['seconds']:,.0f} | "
            f"{base['seconds'] / d['seconds']:.2f}x | {d['peak_mb']:.0f} |"
        )
    emit(lines, args.out)


if __name__ == "__main__":
    main()
