"""The synthetic corpus generator: deterministic for a seed, and the facts it states are found."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import synth


def test_same_seed_same_files_and_facts(tmp_path: Path) -> None:
    a = synth.generate(tmp_path / "a", 12, seed=3)
    b = synth.generate(tmp_path / "b", 12, seed=3)
    assert [e.nct for e in a] == [e.nct for e in b]
    for ea, eb in zip(a, b, strict=True):
        for fa, fb in zip(ea.files, eb.files, strict=True):
            assert Path(fa).read_bytes() == Path(fb).read_bytes()
    c = synth.generate(tmp_path / "c", 12, seed=4)
    assert Path(c[0].files[0]).read_bytes() != Path(a[0].files[0]).read_bytes()


def test_every_stated_fact_is_extracted_from_a_sample(tmp_path: Path) -> None:
    expected = synth.generate(tmp_path, 40, seed=11)
    assert {len(e.files) for e in expected} >= {1, 2}  # some trials also have news or registry records
    scores = synth.recall(expected)
    assert scores["all facts"] == 1.0, scores


def test_the_stored_drug_combinations_count_the_trials_that_state_them(tmp_path: Path) -> None:
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import ingest
    from trialkg.queries.api import run

    expected = synth.generate(tmp_path / "corpus", 60, seed=13)
    want = synth.expected_combinations(expected)
    assert sum(want.values()) >= 5  # the corpus has combinations to count
    with TrialStore(tmp_path / "s") as st:
        ingest([tmp_path / "corpus"], st)
        rows = run(st, "drug_combinations")
    got = {tuple(sorted((r["drug_a_label"].lower(), r["drug_b_label"].lower()))): r["trials"] for r in rows}
    assert got == want
