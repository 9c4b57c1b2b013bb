"""The public facade: ingest_paths and open_store, as the README shows them."""

from pathlib import Path

from trialkg import ingest_paths, open_store
from trialkg.queries import api
from trialkg.tests.helpers import EXAMPLES


def test_ingest_paths_then_query_through_open_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    report = ingest_paths([EXAMPLES], store=store)
    assert sorted(d.trial for d in report.accepted) == ["NCT02947685", "NCT02947685", "NCT03809988"]
    with open_store(store) as st:
        rows = api.trials_by_biomarker_and_line(st, "Ibrance")
        assert [(r["acronym"], r["hazard_ratio"]) for r in rows] == [("PALMIRA", 0.84), ("PATINA", 0.75)]
