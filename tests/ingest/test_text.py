"""Word gates (``text.gate``/``may_match``) and the patterns rewritten to start fast: a gate must never
skip a text its pattern matches in, and a rewritten pattern must find what its plain form finds.  The
texts: the test fixtures, the seeds when ../shared is there, the real dev excerpts, a 40-trial synthetic corpus, and sentences
written here for the edges (upper case, the long s that a case-insensitive pattern reads as "s")."""

from __future__ import annotations

import importlib
import re

import pytest
from trialkg.ingest.extract import EXTRACTORS
from trialkg.ingest.lexicon import find_drugs
from trialkg.ingest.stages import read_document
from trialkg.ingest.text import GATES, count_word, folded, gate, may_match, sentences

from tests.helpers import ROOT, synth_corpus

EDGES = [
    "PATINA (NCT02947685) RANDOMLY ASSIGNED 518 patients to palbociclib WITH OR WITHOUT letrozole.",
    "Median PFS was 44.3 vs 29.1 months (HR 0.75; 95% CI, 0.59-0.96); Grade 3 neutropenia in 12%.",
    "The primary end point was progression-free survival; discontinuation due to adverse events was 5%.",
    "Funded by Pfizer. Enrollment ran between March 2017 and June 2019; nearly Two patients, ~5 mg.",
    "Standard of care per GUIDELINES; dose reductions and treatment interruptions at 12 months.",
    "Patients were ſtratified; a dose of 1,000 mg/m2 and 125mg daily; 12 of 40 (30%) and 5.2 ± 1.1.",
    'end.The next (x).Then so!"Quote" 5%.And more.',
    "A total of 518 patients were enrolled; 412 randomized patients and twenty women were included.",
]


def _texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    files = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and p.suffix != ".md")
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        files += sorted(seeds.iterdir())
    files += sorted((ROOT / "benchmarks" / "real" / "dev").glob("*.txt"))  # real texts, in the repository
    corpus = synth_corpus(tmp_path_factory.mktemp("gates"), 40)
    files += sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".json", ".xml", ".html"))
    out = list(EDGES)
    for f in files:
        out.append(f.read_bytes().decode("utf-8", "replace"))  # as written, before the reader cleans it
        try:
            doc = read_document(f)
        except Exception:  # a hostile fixture: rejected by its reader, nothing to match
            continue
        out.append(doc.text)
        out.extend(s.text for s in sentences(doc, include_references=True))
    return out


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _texts(tmp_path_factory)


def test_every_registered_gate_is_necessary(texts: list[str]) -> None:
    for name in EXTRACTORS:  # gates are registered where their patterns are made
        importlib.import_module(f"trialkg.ingest.extract.{name}")
    find_drugs("palbociclib")  # the dictionary supplement's patterns
    assert len(GATES) >= 40
    matched = 0
    for rx, (words, _ignores_case) in GATES.items():
        for text in texts:
            for m in rx.finditer(text):
                span = folded(m.group(0)) if rx.flags & re.IGNORECASE else m.group(0)
                assert any(w in span for w in words), (rx.pattern[:80], m.group(0), words)
                assert may_match(rx, text)
                matched += 1
    assert matched > 1000  # the texts exercise the gates


def test_may_match_skips_texts_without_the_words() -> None:
    rx = gate(re.compile(r"\bwith\s+or\s+without\b", re.I), "without")
    assert may_match(rx, "Palbociclib WITH OR WITHOUT letrozole")
    assert not may_match(rx, "palbociclib plus letrozole")
    assert may_match(rx, "short", low="a longer sentence, without doubt")  # the containing sentence's words
    cased = gate(re.compile(r"\bNCT\d{8}"), "NCT")
    assert may_match(cased, "NCT02947685") and not may_match(cased, "nct02947685")
    with pytest.raises(ValueError, match="folded"):
        gate(re.compile("x", re.I), "Without")


def test_a_sentence_keeps_its_folded_text() -> None:
    from tests.helpers import doc

    s = sentences(doc("Palbociclib ſtudy. Second İtem here."))
    assert [x.low for x in s] == [folded(x.text) for x in s] == ["palbociclib study.", "second item here."]


# the plain forms of the patterns rewritten to start with what a match starts with
PLAIN = {
    ("trialkg.ingest.extract.arms", "_DOSE"): re.compile(
        r"(?<![\d.,])(?P<amt>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
        r"(?P<unit>mg/m(?:2|²|\(2(?=\)))|mg/kg|mg\s+per\s+kilogram(?:\s+of\s+body\s+weight)?|mg\s+per\s+square\s+meter|mg|g|µg|μg|mcg)\b",
        re.I,
    ),
    ("trialkg.ingest.clean", "_GLUED"): re.compile(r"(?<=[a-z0-9\)\]%])([.!?][\"”’]?)(?=[A-Z][a-z])"),
}


def _plain_vocab(scheme: str) -> re.Pattern[str]:
    """A scheme's labels as one alternation, longest first, as ``skos.pattern`` made it before grouping."""
    from trialkg.ontology.skos import labels

    alts = []
    for lab, _ in labels(scheme):
        esc = re.escape(lab).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s\-–]?")
        alts.append(f"(?-i:{esc})" if lab.upper() == lab and len(lab) <= 5 else esc)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I)


@pytest.mark.parametrize("scheme", ["adverse-event", "endpoint-type", "design-feature", "assessor"])
def test_a_vocabulary_pattern_grouped_by_first_letter_finds_what_one_alternation_finds(
    texts: list[str], scheme: str
) -> None:
    from trialkg.ontology.skos import pattern

    grouped, plain = pattern(scheme), _plain_vocab(scheme)
    assert "(?=" in grouped.pattern  # grouped
    found = 0
    for text in texts:
        got = [m.span() for m in grouped.finditer(text)]
        assert got == [m.span() for m in plain.finditer(text)], text[:80]
        found += len(got)
    assert found >= 10


def _without_lookahead(rx: re.Pattern[str]) -> re.Pattern[str]:
    plain, n = re.subn(r"^\(\?=\[[^\]]*\]\)", "", rx.pattern)
    assert n == 1, rx.pattern[:40]
    return re.compile(plain, rx.flags)


@pytest.mark.parametrize(
    "module,name",
    [
        ("trialkg.ingest.extract.arms", "_DOSE"),
        ("trialkg.ingest.clean", "_GLUED"),
        ("trialkg.ingest.extract._clauses", "VALUE_RE"),
        ("trialkg.ingest.extract.text_results", "VALUE"),
        ("trialkg.ingest.extract.design", "RANDOMIZED_RE[0]"),
        ("trialkg.ingest.extract.design", "RANDOMIZED_RE[4]"),
        ("trialkg.ingest.extract.design", "RANDOMIZED_RE[6]"),
        ("trialkg.ingest.extract.design", "ENROLLED_RES[1]"),
    ],
)
def test_a_pattern_rewritten_to_start_fast_finds_what_its_plain_form_finds(
    texts: list[str], module: str, name: str
) -> None:
    attr, _, index = name.partition("[")
    fast = getattr(importlib.import_module(module), attr)
    if index:
        fast = fast[int(index.rstrip("]"))]
    plain = PLAIN.get((module, name)) or _without_lookahead(fast)
    found = 0
    for text in texts:
        got = [(m.span(), m.groups()) for m in fast.finditer(text)]
        assert got == [(m.span(), m.groups()) for m in plain.finditer(text)], text[:80]
        found += len(got)
    assert found >= 1  # (the edge sentences have one of each)


def test_count_word_counts_what_a_word_bounded_pattern_finds() -> None:
    import random

    rnd = random.Random(3)
    alphabet = "ab_-1 .Ä"
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 20)))
        word = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 4)))
        assert count_word(text, word) == len(re.findall(rf"\b{re.escape(word)}\b", text)), (text, word)
    assert count_word("PATINA, the PATINA trial; PATINAS", "PATINA") == 2
