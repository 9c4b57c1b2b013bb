"""Shared fixtures: stores in temporary folders, a store holding the seeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from trialkg.graph.store import TrialStore
from trialkg.tests.helpers import SEEDS


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TrialStore]:
    with TrialStore(tmp_path / "store") as st:
        yield st


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrialStore]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    from trialkg.ingest.pipeline import ingest

    with TrialStore(tmp_path_factory.mktemp("seeded") / "store") as st:
        report = ingest([SEEDS], st)
        assert not report.rejected, [(d.path, d.reason) for d in report.rejected]
        yield st
