"""Helpers for tests: documents from strings and where the shared seeds live."""

from __future__ import annotations

from pathlib import Path

import pytest
from trialkg.ingest.document import Document
from trialkg.ingest.extract import extract_all
from trialkg.ingest.readers.text import read
from trialkg.ingest.records import TrialRecord

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"

needs_shared = pytest.mark.skipif(
    not SEEDS.is_dir() or not GOLD.is_file(), reason="../shared (seeds and gold) not present"
)


def doc(text: str, name: str = "fixture.txt") -> Document:
    return read(text.encode("utf-8"), name)


def record(text: str) -> tuple[Document, TrialRecord]:
    d = doc(text)
    return d, extract_all(d)
