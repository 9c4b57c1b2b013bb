"""Crash safety: ``trialkg ingest`` killed with SIGKILL in the middle of a run leaves a store that
opens, in which every document graph is either whole or absent, and a rerun finishes the job to
exactly the quads of a run that was never interrupted.

The kills land at each step of a bulk write (deterministic failpoints: after the document graphs
are loaded, after their union-view triples, after the catalog entries that commit them), and once
from outside at an arbitrary moment of a running ingest.  The corpus is synthetic
(benchmarks/synth.py), written small chunks at a time so that a run commits several chunks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from trialkg.graph import iris
from trialkg.graph.store import FAILPOINT_ENV, TrialStore
from trialkg.tests.helpers import store_snapshot, synth_corpus, union_view

CLI = [sys.executable, "-m", "trialkg.app.cli"]
CHUNK = ["--chunk-size", "15"]
# 200 documents: after the first chunk is committed, the rest takes over a second even at 200 documents/s,
# so that the kill from outside (0.4 s after) lands in a later chunk, not after the last one
CORPUS_TRIALS = 150


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process (Linux /proc)."""
    out = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            out[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def descendants(pid: int) -> set[int]:
    parents = _parents()
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """The pids still running (a zombie waiting for its parent's wait counts as ended)."""
    out = set()
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(p)
    return out


def run_ingest(
    corpus: Path, store: Path, *extra: str, failpoint: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != FAILPOINT_ENV}
    if failpoint:
        env[FAILPOINT_ENV] = failpoint
    cmd = [*CLI, "ingest", str(corpus), "--store", str(store), *CHUNK, *extra]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


def committed(snap: dict[str, set[str]]) -> set[str]:
    subjects = {t.split(" ", 1)[0].strip("<>") for t in snap.get(iris.CATALOG_GRAPH, set())}
    return {s for s in subjects if s.startswith(iris.DOC_GRAPH_PREFIX)}


def doc_graphs(snap: dict[str, set[str]]) -> set[str]:
    return {g for g in snap if "/graph/doc/" in g}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_corpus(tmp_path_factory.mktemp("crash") / "corpus", CORPUS_TRIALS)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    store = tmp_path_factory.mktemp("crash-ref") / "store"
    done = run_ingest(corpus, store, "-j", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return store_snapshot(store)


def check_after_kill(store: Path, ref: dict[str, set[str]], expect_orphans: bool) -> int:
    """What a reader sees right after the kill, then what a writer sees after opening; returns the
    number of committed documents."""
    seen = store_snapshot(store)  # read-only: nothing is repaired yet
    docs, ok = doc_graphs(seen), committed(seen)
    assert 0 < len(ok) < len(doc_graphs(ref)), "the kill did not land in the middle of the run"
    for g in ok:  # every committed document graph is whole
        assert seen[g] == ref[g], g
    orphans = docs - ok
    assert bool(orphans) == expect_orphans, sorted(orphans)[:3]
    with TrialStore(store) as st:  # a writer removes what the interrupted bulk write left
        assert sorted(st.recovered) == sorted(orphans)
    after = store_snapshot(store)
    assert doc_graphs(after) == ok
    for g in ok:
        assert after[g] == ref[g], g
    # the union view holds exactly the triples of the graphs that are left
    union = union_view(ts for g, ts in after.items() if g not in ("", iris.CATALOG_GRAPH))
    assert after[""] == union
    return len(ok)


def test_sigkill_at_every_step_of_a_bulk_write_then_rerun(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    progress = []
    # killed after the 2nd chunk's document graphs were loaded, before their union-view triples
    # (one worker: the order of chunks, and so the kill point, is fixed)
    for point, orphans in (
        ("after-named-load:2", True),
        ("after-default-load:2", True),
        ("after-catalog:2", False),
    ):
        out = run_ingest(corpus, store, "-j", "1", failpoint=point)
        assert out.returncode == -signal.SIGKILL, (point, out.returncode, out.stderr[-2000:])
        progress.append(check_after_kill(store, reference, orphans))
    assert progress == sorted(progress) and progress[0] < progress[-1]  # each rerun went further
    out = run_ingest(corpus, store, "-j", "2")
    assert out.returncode == 0, out.stderr[-3000:]
    assert store_snapshot(store) == reference


def test_sigkill_from_outside_mid_run_then_rerun(corpus: Path, reference: dict[str, set[str]], tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if k != FAILPOINT_ENV}
    cmd = [*CLI, "ingest", str(corpus), "--store", str(store), *CHUNK, "-j", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert proc.stderr is not None
    deadline = time.monotonic() + 300
    for line in proc.stderr:  # a line per document, printed once its chunk is committed
        if "✓" in line or time.monotonic() > deadline:
            break
    time.sleep(0.4)  # somewhere in a later chunk: reading, extracting, validating or writing
    helpers = descendants(proc.pid)  # its fork server, worker processes, resource tracker
    assert len(helpers) >= 3, helpers
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    # the workers end themselves when the ingest process is gone, and with them the fork server
    deadline = time.monotonic() + 20
    while alive(helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(helpers), f"processes left behind by the killed ingest: {sorted(alive(helpers))}"
    seen = store_snapshot(store)
    assert 0 < len(committed(seen)) < len(doc_graphs(reference))
    for g in committed(seen):
        assert seen[g] == reference[g], g
    out = run_ingest(corpus, store, "-j", "2")
    assert out.returncode == 0, out.stderr[-3000:]
    # the summary says it removed the leftovers (a table cell: its words may wrap over lines)
    assert ("removed" in out.stdout) == bool(doc_graphs(seen) - committed(seen))
    assert store_snapshot(store) == reference
