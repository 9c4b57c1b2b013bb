"""The scorer on subgroup results: a gold value with a population matches the graph's value for that subgroup
(written any way), never the whole trial's, and a whole-trial gold value never matches a subgroup's."""

from pathlib import Path

import yaml
from trialkg.app.evaluate import evaluate
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.tests.helpers import FIXTURES


def _gold(tmp_path: Path, results: list[dict[str, object]], effects: list[dict[str, object]]) -> Path:
    gold = {
        "documents": {"subgroup_results": {"type": "news"}},
        "trials": [
            {
                "nct": "NCT09990077",
                "arms": [
                    {"key": "tis", "role": "experimental", "drugs": ["tislelizumab"]},
                    {"key": "pbo", "role": "control", "drugs": []},
                ],
                "arm_results": results,
                "effect_estimates": effects,
                "sources": ["subgroup_results"],
            }
        ],
    }
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(gold))
    return path


def test_subgroup_gold_matches_the_same_subgroup_in_other_words(tmp_path: Path) -> None:
    os_ = {"endpoint": "overall survival", "statistic": "median", "unit": "months"}
    path = _gold(
        tmp_path,
        [
            {**os_, "arm": "tis", "value": 14.6},
            {**os_, "arm": "pbo", "value": 12.1},
            {**os_, "arm": "tis", "value": 16.3, "population": "PD-L1 TAP >=5%"},
            {**os_, "arm": "pbo", "value": 12.0, "population": "PD-L1 TAP >=5%"},
        ],
        [
            {"endpoint": "overall survival", "statistic": "hazard ratio", "value": 0.81, "ci": [0.68, 0.96]},
            {"endpoint": "overall survival", "statistic": "hazard ratio", "value": 0.71, "population": "TAP ≥5%"},
        ],
    )
    with TrialStore(tmp_path / "store") as st:
        ingest([FIXTURES / "subgroup_results.txt"], st)
        rep = evaluate(st, path)
    for name in ("arm_results", "arm_results.subgroup", "effect_estimates", "effect_estimates.subgroup"):
        field = rep.fields[name]
        assert (field.missed, field.contradicted, field.spurious) == ([], [], []), name
    assert (rep.fields["arm_results.subgroup"].matched, rep.fields["effect_estimates.subgroup"].matched) == (2, 1)


def test_a_subgroup_value_is_no_whole_trial_value(tmp_path: Path) -> None:
    # the gold gives the subgroup's median as the whole trial's: the graph's whole-trial value contradicts
    # it, and the graph's subgroup values are facts the gold does not have
    os_ = {"endpoint": "overall survival", "statistic": "median", "unit": "months"}
    path = _gold(tmp_path, [{**os_, "arm": "tis", "value": 16.3}], [])
    with TrialStore(tmp_path / "store") as st:
        ingest([FIXTURES / "subgroup_results.txt"], st)
        rep = evaluate(st, path)
    assert rep.fields["arm_results"].matched == 0 and rep.fields["arm_results"].contradicted
    assert len(rep.fields["arm_results.subgroup"].spurious) == 2
