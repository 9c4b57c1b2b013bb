"""Load test: `trialkg serve` under a mixed stream of good and bad requests on 127.0.0.1.

Usage: python benchmarks/bench_load.py [--trials 200] [--requests 4000] [--concurrency 8]
                                       [--max-seconds 300] [--out FILE] [--small]

Builds a store from a synthetic corpus (benchmarks/synth.py), starts `trialkg serve` on it with a
2 s time limit and a 5,000-row limit, then sends a bounded number of requests (stopping early at
--max-seconds) from keep-alive clients: every canned REST route and the same questions as SPARQL
(answers checked against the embedded store's row counts), and bad ones, each with the status it
must get: syntax errors (400), unknown routes (404), missing parameters (422), results over the row
limit (422), SERVICE and unauthorized updates (403), oversized bodies (413), injection attempts in
parameters (400: no such trial), and now and then a query over the time limit (503).  An unexpected status, a wrong
row count or a dropped connection is an error.  Meanwhile /health is polled every 0.2 s and the
server's resident memory is sampled.  Prints a table: throughput, p50/p99 latency, error rate,
health checks answered, memory at start, peak and end (memory is bounded when the second half's
peak is within 10% + 20 MB of the first half's; the drug dictionary, about 350 MB, loads with the
first drug name given as a parameter).
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_endpoint import build_mix, free_port, wait_ready
from benchutil import run_clients
from synth import generate

BAD_UPDATE = "CLEAR ALL"
SLOW_EVERY = 1000


def slow_query(triples: int) -> str:
    """A count over the default graph times a list of numbers: about 60 million rows (5 s at the
    ~11 million rows/s measured here), finite but over the 2 s limit, whatever the store's size."""
    k = max(2, 60_000_000 // max(1, triples))
    return "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . VALUES ?k { " + " ".join(map(str, range(k))) + " } }"


@dataclass
class Req:
    label: str
    method: str
    path: str
    form: dict[str, str] | None
    expect: set[int]
    rows: int | None = None  # for 200: the expected row count (SPARQL bindings or REST rows)


def mix(store: Path) -> tuple[list[Req], Req]:
    """The cycle of good and bad requests, and the over-time-limit query (sent now and then)."""
    from trialkg.graph.store import TrialStore

    with TrialStore(store, read_only=True) as st:
        slow = slow_query(st.triple_count())
    good = []
    for case in build_mix(store):
        good.append(Req(f"rest {case.name}", "GET", case.route, None, {200}, case.rows))
        good.append(Req(f"sparql {case.name}", "POST", "/sparql", {"query": case.sparql}, {200}, case.rows))
    bad = [
        Req("syntax error", "POST", "/sparql", {"query": "SELEC ?x WHERE {"}, {400}),
        Req("unknown route", "GET", "/queries/no_such_query", None, {404}),
        Req("missing parameter", "GET", "/queries/trial_arms", None, {422}),
        Req("over the row limit", "POST", "/sparql", {"query": "SELECT * WHERE { ?s ?p ?o }"}, {422}),
        Req("SERVICE", "POST", "/sparql", {"query": "SELECT * { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }"}, {403}),
        Req("update without token", "POST", "/sparql", {"update": BAD_UPDATE}, {403}),
        Req("oversized body", "POST", "/sparql", {"query": "ASK {} #" + "x" * 1_100_000}, {413}),
        Req(
            "injection",
            "GET",
            "/queries/trial_arms?" + urllib.parse.urlencode({"trial": '" } UNION { ?s ?p ?o } #'}),
            None,
            {400},
        ),
    ]
    # about one request in four is bad
    out = []
    for i, g in enumerate(good * 3):
        out.append(g)
        if i % 3 == 0:
            out.append(bad[(i // 3) % len(bad)])
    return out, Req("over the time limit", "POST", "/sparql", {"query": slow}, {503})


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_status: dict[int, int] = field(default_factory=dict)
    shed: int = 0


def send(conn: http.client.HTTPConnection, r: Req) -> tuple[int, bytes]:
    headers = {"Accept": "application/sparql-results+json"}
    body = None
    if r.form is not None:
        body = urllib.parse.urlencode(r.form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(r.method, r.path, body=body, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def rows_of(body: bytes) -> int:
    data = json.loads(body)
    return len(data["results"]["bindings"]) if "results" in data else len(data["rows"])


def drive(
    port: int, reqs: list[Req], slow: Req, total: int, concurrency: int, max_seconds: float
) -> tuple[Tally, float]:
    """``total`` requests cycling through ``reqs``, the slow one at every ``SLOW_EVERY``-th (each holds
    a server thread for seconds, past the time limit)."""
    every = min(SLOW_EVERY, max(2, total // 2))
    tally = Tally()
    lock = threading.Lock()
    counter = iter(range(total))
    stop_at = time.monotonic() + max_seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            r = slow if i % every == every // 2 else reqs[i % len(reqs)]
            t = time.perf_counter()
            try:
                status, body = send(conn, r)
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, body = -1, str(e).encode()
            dt = time.perf_counter() - t
            problem = None
            if status == 503 and b"retry shortly" in body:
                pass  # shed while earlier over-limit queries finish (Retry-After): counted, not an error
            elif status not in r.expect:
                problem = f"{r.label}: status {status} (expected {sorted(r.expect)}): {body[:120]!r}"
            elif status == 200 and r.rows is not None and rows_of(body) != r.rows:
                problem = f"{r.label}: {rows_of(body)} rows (expected {r.rows})"
            if status == 413:  # the server closes a connection whose body it refused to read
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                tally.shed += status == 503 and b"retry shortly" in body
                tally.latencies.append(dt)
                tally.by_status[status] = tally.by_status.get(status, 0) + 1
                if problem:
                    tally.errors.append(problem)
        conn.close()

    return tally, run_clients(client, concurrency)


def serve_process(store: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "trialkg.app.cli", "serve", "--store", str(store), "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(port, "/sparql", proc)
    return proc


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(p * len(s)))] * 1000 if s else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--small", action="store_true", help="30 trials, 300 requests (the test suite's mode)")
    args = ap.parse_args()
    if args.small:
        args.trials, args.requests, args.concurrency = 30, 300, 4

    from trialkg.app.client import TrialGraph

    with tempfile.TemporaryDirectory() as tmp:
        corpus, store = Path(tmp) / "corpus", Path(tmp) / "store"
        generate(corpus, args.trials)
        with TrialGraph(store) as g:
            report = g.ingest([corpus])
        docs = len(report.accepted)
        reqs, slow = mix(store)
        port = free_port()
        proc = serve_process(store, port, "--timeout", "2", "--max-rows", "5000")
        health_ok = health_bad = 0
        health_max = 0.0
        memory: list[float] = []
        done = threading.Event()

        def watch() -> None:
            nonlocal health_ok, health_bad, health_max
            while not done.is_set():
                memory.append(rss_mb(proc.pid))
                t = time.perf_counter()
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    conn.request("GET", "/health")
                    resp = conn.getresponse()
                    resp.read()
                    conn.close()
                    ok = resp.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                health_max = max(health_max, time.perf_counter() - t)
                health_ok += ok
                health_bad += not ok
                done.wait(0.2)

        watcher = threading.Thread(target=watch)
        try:
            watcher.start()
            tally, seconds = drive(port, reqs, slow, args.requests, args.concurrency, args.max_seconds)
            time.sleep(1.0)  # a last health check and memory sample after the load
        finally:
            done.set()
            watcher.join()
            proc.terminate()
            proc.wait(timeout=30)

    n = len(tally.latencies)
    half = len(memory) // 2
    first, second = max(memory[: max(1, half)]), max(memory[half:] or memory)
    bounded = second <= first * 1.1 + 20
    lines = [
        f"# trialkg serve under load ({args.trials} synthetic trials, {docs} documents; "
        f"{args.concurrency} clients on 127.0.0.1, 2 cores)",
        "",
        "| requests | bad by design | shed (503, retry) | seconds | req/s | p50 ms | p99 ms | errors | error rate | health ok | "
        "health max ms | RSS start/peak/end MB | bounded |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {n} | {n - tally.shed - tally.by_status.get(200, 0)} | {tally.shed} | {seconds:.1f} | {n / seconds:.0f} | "
        f"{pct(tally.latencies, 0.5):.1f} | {pct(tally.latencies, 0.99):.0f} | {len(tally.errors)} | "
        f"{len(tally.errors) / max(1, n):.2%} | {health_ok}/{health_ok + health_bad} | {health_max * 1000:.0f} | "
        f"{memory[0]:.0f}/{max(memory):.0f}/{memory[-1]:.0f} | {'yes' if bounded else 'NO'} |",
        "",
        "statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.by_status.items())),
    ]
    lines += [f"error: {e}" for e in tally.errors[:10]]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if tally.errors or health_bad or not bounded:
        sys.exit(1)


if __name__ == "__main__":
    main()
