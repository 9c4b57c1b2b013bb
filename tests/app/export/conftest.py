"""A store holding examples/ (PATINA: news + summary; PALMIRA: summary), opened read-only by the export tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from trialkg.app.client import TrialGraph
from trialkg.graph.store import TrialStore
from trialkg.tests.helpers import EXAMPLES


@pytest.fixture(scope="session")
def export_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store"
    with TrialGraph(path) as g:
        assert not g.ingest([EXAMPLES]).rejected
    return path


@pytest.fixture()
def export_store(export_store_path: Path) -> Iterator[TrialStore]:
    with TrialStore(export_store_path, read_only=True) as st:
        yield st
