"""Parallel ingest writes exactly what one process writes, in chunks, and an interrupted bulk write
is removed when the store is next written."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from trialkg.graph import iris
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import synth
from trialkg.tests.helpers import EXAMPLES, SEEDS, needs_shared


def dump(st: TrialStore) -> list[str]:
    """The store's quads, leaving out those with blank nodes (the ontology's SHACL lists, labelled anew at
    every load; document graphs have none)."""
    data = st.raw.dump(format=ox.RdfFormat.N_QUADS) or b""
    return sorted(ln for ln in data.decode("utf-8").splitlines() if "_:" not in ln)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    synth.generate(folder, 16, seed=5, news_share=0.5, registry_share=0.3)
    return folder


def test_two_workers_in_chunks_write_the_same_store_as_one_process(corpus: Path, tmp_path: Path) -> None:
    with TrialStore(tmp_path / "one") as one:
        rep1 = ingest([corpus], one, workers=1)
        quads1 = dump(one)
    with TrialStore(tmp_path / "two") as two:
        rep2 = ingest([corpus], two, workers=2, chunk_size=7)
        quads2 = dump(two)
    assert rep2.workers == 2 and len(rep1.documents) == len(rep2.documents) > 16
    assert [d.status for d in rep1.documents] == ["ingested"] * len(rep1.documents)
    assert sorted((d.path, d.trial, d.triples) for d in rep1.documents) == sorted(
        (d.path, d.trial, d.triples) for d in rep2.documents
    )
    assert quads1 == quads2
    assert rep2.seconds["extract"] > 0 and rep2.seconds["write"] > 0


@needs_shared
def test_one_document_per_chunk_resolves_identity_as_one_chunk_does(tmp_path: Path) -> None:
    # the seeds and examples: news items and summaries with no registry id find their trial by acronym,
    # DOI or citation of a document in an earlier chunk (the identity index carried between chunks)
    with TrialStore(tmp_path / "one") as one:
        whole = ingest([SEEDS, EXAMPLES], one, workers=1)
        quads1 = dump(one)
    with TrialStore(tmp_path / "each") as each:
        split = ingest([SEEDS, EXAMPLES], each, workers=1, chunk_size=1)
        quads2 = dump(each)
    # (the reason given may differ: a DOI seen in the same chunk, a title seen in the store)
    assert sorted((d.path, d.trial) for d in whole.documents) == sorted((d.path, d.trial) for d in split.documents)
    assert {d.trial for d in whole.documents} == {"NCT02947685", "NCT03809988"}
    assert quads1 == quads2


def test_reingest_is_unchanged_and_an_edited_file_replaces_its_graph(corpus: Path, tmp_path: Path) -> None:
    with TrialStore(tmp_path / "s") as st:
        ingest([corpus], st, workers=2)
        again = ingest([corpus], st, workers=2)
        assert {d.status for d in again.documents} == {"unchanged"}
        news = sorted((corpus / "news").iterdir())[0]
        original = news.read_text(encoding="utf-8")
        try:
            news.write_text(original.replace("investigators reported", "researchers said"), encoding="utf-8")
            rep = ingest([corpus], st, workers=2)
            changed = [d for d in rep.documents if d.status == "ingested"]
            assert [Path(d.path).name for d in changed] == [news.name]
            graphs = st.document_graphs()
            assert len(graphs) == len(rep.documents)  # the old graph of the edited file is gone
        finally:
            news.write_text(original, encoding="utf-8")


def test_an_interrupted_bulk_write_is_removed_on_the_next_ingest(corpus: Path, tmp_path: Path) -> None:
    abstracts = sorted((corpus / "abstracts").iterdir())
    with TrialStore(tmp_path / "s") as st:
        ingest([abstracts[0]], st, workers=1)
        before = dump(st)
        # what a process killed between the bulk loads and the catalog transaction leaves behind
        gi = iris.DOC_GRAPH_PREFIX + "interrupted"
        triple = '<https://w3id.org/trialkg/id/trial/NCT99999999> <http://www.w3.org/2000/01/rdf-schema#label> "x" .'
        st.add_documents(triple[:-1] + f"<{gi}> .\n", triple + "\n", "")
        assert st.uncommitted_graphs() == [gi]
        assert dump(st) != before
    with TrialStore(tmp_path / "s") as st:
        rep = ingest([abstracts[0]], st, workers=1)
        assert rep.recovered == [gi]
        assert dump(st) == before


def test_an_ingest_writing_many_documents_compacts_the_store(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trialkg.ingest.pipeline as pipeline

    monkeypatch.setattr(pipeline, "OPTIMIZE_AFTER", 5)  # 1,000 in use; the corpus has a few dozen files
    with TrialStore(tmp_path / "s") as st:
        first = ingest([corpus], st, workers=1)
        assert first.optimized and first.seconds["optimize"] > 0
        again = ingest([corpus], st, workers=1)  # nothing written: nothing to compact
        assert not again.optimized


def test_optimize_compacts_the_files_and_changes_no_quad(corpus: Path, tmp_path: Path) -> None:
    from trialkg.app.cli import app
    from typer.testing import CliRunner

    with TrialStore(tmp_path / "s") as st:
        small = ingest([corpus], st, workers=1, chunk_size=5)  # several bulk writes
        assert not small.optimized  # under OPTIMIZE_AFTER documents: left as written
        before = dump(st)
    out = CliRunner().invoke(app, ["optimize", "-s", str(tmp_path / "s")])
    assert out.exit_code == 0 and "compacted" in out.stdout
    with TrialStore(tmp_path / "s") as st:
        assert dump(st) == before
        again = ingest([corpus], st, workers=1, optimize=True)
        assert again.optimized and again.seconds["optimize"] > 0 and dump(st) == before


def test_the_compaction_runs_beside_the_merge_and_its_failure_is_reported(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's files are compacted in a thread while the merge runs (both through the same store);
    the merge still completes, and an error of the compaction is raised by ingest, not lost in its thread."""
    import threading

    seen: list[str] = []

    def failing_optimize(self: TrialStore) -> None:
        seen.append(threading.current_thread().name)
        raise OSError("disk full")

    monkeypatch.setattr(TrialStore, "optimize", failing_optimize)
    with TrialStore(tmp_path / "s") as st:
        with pytest.raises(OSError, match="disk full"):
            ingest([corpus], st, workers=1, optimize=True)
        assert seen == ["trialkg-compaction"]
        assert not st.pending()  # the merge ran to its end (it clears the mark)


def test_a_failed_merge_waits_for_the_compaction_before_raising(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the merge fails (or Ctrl-C stops it) while the compaction runs, ingest says it waits, waits,
    then raises the merge's error: the caller never closes a store that is still being compacted."""
    import time

    import trialkg.ingest.pipeline as pipeline

    done: list[bool] = []

    def slow_optimize(self: TrialStore) -> None:
        time.sleep(0.5)
        done.append(True)

    def failing_merge(*args: object, **kwargs: object) -> None:
        raise RuntimeError("merge failed")

    monkeypatch.setattr(TrialStore, "optimize", slow_optimize)
    monkeypatch.setattr(pipeline, "recompute", failing_merge)
    with TrialStore(tmp_path / "s") as st:
        with pytest.raises(RuntimeError, match="merge failed"):
            ingest([corpus], st, workers=1, optimize=True)
        assert done == [True]
    assert "waiting for the store's compaction" in caplog.text


# in a child process: a thread's priority, once lowered, stays lowered for the process
_INGEST_PRIORITY = """
import os, sys
from pathlib import Path
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest

def main():
    with TrialStore(sys.argv[2]) as st:
        ingest([sys.argv[1]], st, workers=int(sys.argv[3]))
        own = os.getpriority(os.PRIO_PROCESS, 0)
        low = {
            os.getpriority(os.PRIO_PROCESS, int(t.name))
            for t in Path("/proc/self/task").iterdir()
            if (t / "comm").read_text().startswith("rocksdb:low")
        }
        print("lowest" if low == {19} else "as the process" if low == {own} else sorted(low))

if __name__ == "__main__":
    main()
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads are read from Linux's /proc")
@pytest.mark.parametrize(("workers", "priority"), [(2, "lowest"), (1, "as the process")])
def test_a_parallel_ingest_leaves_the_store_compaction_the_idle_cores(
    corpus: Path, tmp_path: Path, workers: int, priority: str
) -> None:
    import subprocess

    script = tmp_path / "ingest_priority.py"  # a file: the workers' fork server imports the main module
    script.write_text(_INGEST_PRIORITY, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script), str(corpus), str(tmp_path / "s"), str(workers)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == priority


def test_default_workers_follow_the_batch_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """One process below ``PARALLEL_FROM`` files (the pool's start would cost more than it gives), one per
    core from there, at most 8; a number asked for is used as given (at least 1)."""
    import os

    from trialkg.ingest.pipeline import PARALLEL_FROM, _workers

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert _workers(None, PARALLEL_FROM - 1) == 1
    assert _workers(None, PARALLEL_FROM) == 2
    assert _workers(3, 1) == 3 and _workers(0, 5_000) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert _workers(None, 5_000) == 8
