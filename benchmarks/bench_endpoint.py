"""Benchmark: the SPARQL endpoint of `trialkg serve` against `oxigraph serve` on the same data.

Usage: python benchmarks/bench_endpoint.py [--docs N] [--requests R] [--concurrency 1,4,16]

Generates N synthetic trial reports (see bench_store.py), ingests them into a fresh embedded store,
copies the store for Oxigraph's own server (same files, same Oxigraph version as pyoxigraph), then
starts each server on 127.0.0.1 in turn and sends the same query mix to its SPARQL 1.1 Protocol
endpoint (POST, form-encoded, SPARQL JSON results) from a loopback load generator with persistent
connections. Every answer is checked against the row count of the embedded store: a wrong answer
counts as an error. Prints throughput, latency percentiles and the ratio trialkg / oxigraph per
concurrency level, measured in the same run. The load generator runs on the same 2 cores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import make_docs
from benchutil import run_clients
from query_mix import canned_params


@dataclass
class Case:
    name: str
    sparql: (
        str  # the full text TrialGraph sends: parameters written as terms (a VALUES block where that is not equivalent)
    )
    route: str  # the same question as trialkg's canned REST route
    rows: int


def build_mix(store_path: Path) -> list[Case]:
    """Every public canned query with typical parameters, as the full text an endpoint receives."""
    from trialkg.graph.sparql_bind import inline_values
    from trialkg.graph.store import TrialStore
    from trialkg.queries import load
    from trialkg.queries.api import bind

    cases = []
    with TrialStore(store_path) as st:
        for name, given in canned_params(st):
            page_text, bound = load(name).prepare(bind(st, name, given))
            text, left = TrialStore.bind(page_text, bound)  # what TrialGraph sends to an endpoint
            if left:
                text = inline_values(page_text, bound)
            route = f"/queries/{name}" + (f"?{urllib.parse.urlencode(given)}" if given else "")
            cases.append(Case(name, text, route, len(st.query(text))))
    return cases


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def send(conn: http.client.HTTPConnection, method: str, path: str, sparql: str | None) -> tuple[int, bytes]:
    """One request on a keep-alive connection: a SPARQL query POSTed form-encoded, or a plain GET."""
    headers = {"Accept": "application/sparql-results+json"}
    body = None
    if sparql is not None:
        body = urllib.parse.urlencode({"query": sparql})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def wait_ready(port: int, path: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = send(conn, "POST", path, "ASK { }")
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not become ready")


@dataclass
class Target:
    """A server and the way the mix is asked of it."""

    label: str
    port: int
    path: str  # the SPARQL endpoint, or "" for the canned REST routes

    def request(self, case: Case) -> tuple[str, str, str | None]:
        if self.path:
            return "POST", self.path, case.sparql
        return "GET", case.route, None

    def rows(self, body: bytes) -> int:
        data = json.loads(body)
        return len(data["results"]["bindings"] if self.path else data["rows"])


@dataclass
class Run:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, other: Run) -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.errors += other.errors

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000


def drive(target: Target, cases: list[Case], requests: int, concurrency: int, offset: int = 0) -> Run:
    """`requests` queries cycling through the mix, spread over `concurrency` keep-alive clients; an
    answer with another status than 200 or another number of rows than expected is an error."""
    run = Run()
    lock = threading.Lock()
    counter = iter(range(offset, offset + requests))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=120)
        mine = Run()
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            case = cases[i % len(cases)]
            t = time.perf_counter()
            status, body = send(conn, *target.request(case))
            mine.latencies.append(time.perf_counter() - t)
            if status != 200 or target.rows(body) != case.rows:
                mine.errors += 1
        conn.close()
        with lock:
            run.add(mine)

    run.seconds = run_clients(client, concurrency)
    return run


def serve(kind: str, location: Path, port: int) -> subprocess.Popen[bytes]:
    if kind == "trialkg":
        cmd = [sys.executable, "-m", "trialkg.app.cli", "serve", "--store", str(location), "--port", str(port)]
        cmd += ["--max-rows", "10000000", "--timeout", "60"]
    else:
        exe = shutil.which("oxigraph")
        if exe is None:
            raise SystemExit("the oxigraph server is not installed: python3 -m pip install oxigraph")
        cmd = [exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--requests", type=int, default=1000, help="requests per server and concurrency level")
    ap.add_argument("--concurrency", default="1,4,16")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds per concurrency level")
    ap.add_argument(
        "--store", type=Path, help="reuse this store folder (ingested on the first run) instead of a new one"
    )
    args = ap.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]

    from trialkg.graph.store import TrialStore
    from trialkg.ingest import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "store"
        if not store.exists():
            docs = Path(tmp) / "docs"
            docs.mkdir()
            make_docs(docs, args.docs)
            t = time.perf_counter()
            with TrialStore(store) as st:
                rep = pipeline.ingest([docs], st)
            print(f"ingested {len(rep.accepted)} documents in {time.perf_counter() - t:.0f} s")
        with TrialStore(store) as st:
            print(f"data: {len(st.document_graphs())} documents, {st.triple_count()} triples")
        cases = build_mix(store)
        print(f"query mix: {len(cases)} queries ({', '.join(f'{c.name}={c.rows}' for c in cases)} rows)")
        copy = Path(tmp) / "oxigraph-copy"
        shutil.copytree(store, copy)

        procs = []
        try:
            ports = {}
            for kind, location, path in (("oxigraph", copy, "/query"), ("trialkg", store, "/sparql")):
                ports[kind] = port = free_port()
                procs.append(proc := serve(kind, location, port))
                wait_ready(port, path, proc)
            targets = [
                Target("oxigraph serve /query", ports["oxigraph"], "/query"),
                Target("trialkg serve /sparql", ports["trialkg"], "/sparql"),
                Target("trialkg serve /queries/{name}", ports["trialkg"], ""),
            ]
            for t in targets:
                drive(t, cases, len(cases) * 2, 2)  # warm-up
            results = {(t.label, c): Run() for t in targets for c in levels}
            per_round = max(len(cases), args.requests // args.rounds)
            for c in levels:
                for r in range(args.rounds):  # interleaved, so that drift on a shared machine hits all alike
                    for t in targets:
                        results[t.label, c].add(drive(t, cases, per_round, c, offset=r * per_round))
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(10)

    base = targets[0].label
    print(
        f"\n{'server and route':30s} {'clients':>7s} {'req/s':>7s} {'vs oxigraph':>11s} "
        f"{'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} {'errors':>6s}"
    )
    for c in levels:
        for t in targets:
            r = results[t.label, c]
            ratio = r.throughput / results[base, c].throughput
            print(
                f"{t.label:30s} {c:7d} {r.throughput:7.1f} {ratio:11.0%} "
                f"{r.pct(0.5):7.1f} {r.pct(0.95):7.1f} {r.pct(0.99):7.1f} {r.errors:6d}"
            )
    print(
        f"({len(results[base, levels[0]].latencies)} requests per line in {args.rounds} interleaved rounds; "
        "/sparql and /query get the same text, parameters written as terms; the canned routes bind them)"
    )


if __name__ == "__main__":
    main()
