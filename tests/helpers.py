"""Helpers for tests: documents from strings and where the shared seeds live."""

from __future__ import annotations

from collections.abc import Iterable
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


def nova2_news_without_id(path: Path) -> Path:
    """The NOVA-2 news fixture with its registry id taken out: it names its trial by acronym and drug."""
    path.write_text((FIXTURES / "news_second_line.txt").read_text().replace(" (NCT09999999)", ""))
    return path


def nova2_abstract(path: Path) -> Path:
    """An abstract that gives NOVA-2 its registry id (NCT09999999)."""
    path.write_text(
        "The randomized phase 2 NOVA-2 trial (NCT09999999) tested abemaciclib plus fulvestrant "
        "versus placebo plus fulvestrant in HR+/HER2- metastatic breast cancer."
    )
    return path


def synth_corpus(out: Path, trials: int) -> Path:
    """A synthetic corpus written by benchmarks/synth.py (deterministic: seed 7)."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), str(out), "--trials", str(trials)], check=True
    )
    return out


def store_snapshot(path: Path) -> dict[str, set[str]]:
    """Graph name -> its triples as N-Triples lines, from a store opened read-only; '' is the default
    graph.  Blank nodes are left out: only the ontology's shapes have them, labelled anew per load."""
    import pyoxigraph as ox
    from trialkg.graph.store import TrialStore

    out: dict[str, set[str]] = {}
    with TrialStore(path, read_only=True) as st:
        for q in st.raw.quads_for_pattern(None, None, None, None):
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                continue
            g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            out.setdefault(g, set()).add(str(ox.Triple(q.subject, q.predicate, q.object)))
    return out


MENTION_TYPED = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/trialkg/ontology#Mention>"


def union_view(graphs: Iterable[set[str]]) -> set[str]:
    """What the store's union view must hold of these graphs' triples (as ``store_snapshot`` gives
    them): every triple but those about a Mention (a subject typed tkg:Mention in its graph)."""
    out: set[str] = set()
    for triples in graphs:
        mentions = {t.split(" ", 1)[0] for t in triples if t.endswith(MENTION_TYPED)}
        out |= {t for t in triples if t.split(" ", 1)[0] not in mentions}
    return out


def doc(text: str, name: str = "fixture.txt") -> Document:
    return read(text.encode("utf-8"), name)


def record(text: str) -> tuple[Document, TrialRecord]:
    d = doc(text)
    return d, extract_all(d)
