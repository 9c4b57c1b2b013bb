"""The evaluator on the seeds: 100% recall, no contradiction, negatives hold; and it can fail."""

from pathlib import Path

import pytest
import yaml
from trialkg.graph.store import TrialStore
from trialkg.queries.evaluate import evaluate
from trialkg.tests.helpers import GOLD, needs_shared

pytestmark = needs_shared


def test_seeds_reach_full_recall_with_no_contradiction(seeded_store: TrialStore) -> None:
    rep = evaluate(seeded_store, GOLD)
    bad = {k: (f.missed, f.contradicted) for k, f in rep.fields.items() if f.recall < 1 or f.contradicted}
    assert not bad
    assert sum(f.total for f in rep.fields.values()) >= 200
    assert rep.fields["provenance"].matched >= 50
    assert rep.perfect


def test_each_negative_is_checked_and_holds(seeded_store: TrialStore) -> None:
    rep = evaluate(seeded_store, GOLD)
    gold = yaml.safe_load(GOLD.read_text())
    assert len(rep.negatives) == len(gold["negatives"])
    for text, status, detail in rep.negatives:
        assert status == "pass", (text, detail)
    assert [ok for _, ok, _ in rep.canonical] == [True, True]


def test_the_evaluator_reports_contradictions_and_misses(seeded_store: TrialStore, tmp_path: Path) -> None:
    gold = yaml.safe_load(GOLD.read_text())
    gold["trials"][0]["phase"] = "2"  # contradicted: the graph says 3
    gold["trials"][0]["effect_estimates"][0]["value"] = 0.7
    gold["trials"][0]["adverse_events"].append({"arm": "palbo", "term": "alopecia", "grade": "any", "percent": 5.0})
    gold["negatives"].append("The conflict report for the seeds is empty.")
    gold["canonical_answer"][0]["phase"] = "2"
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(gold))
    rep = evaluate(seeded_store, path)
    assert rep.fields["trial.phase"].contradicted and rep.fields["trial.phase"].recall == 0.5
    assert rep.fields["effect_estimates"].contradicted
    assert any("alopecia" in m for m in rep.fields["adverse_events"].missed)
    assert not rep.perfect
    assert [ok for _, ok, _ in rep.canonical] == [False, True]


def test_a_gold_file_without_trials_is_an_error(seeded_store: TrialStore, tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("just: text\n")
    with pytest.raises(ValueError, match="not a gold file"):
        evaluate(seeded_store, path)
