"""Identity lookup keys kept per document graph (graph/identity_store.py): what one graph gives, that
the stored keys answer as the whole-store index does (same entries, same resolutions) on the seeds,
the fixtures and a synthetic corpus, that a store without them gets them once, and that they follow
their document when it is replaced, removed or re-linked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from trialkg.graph import identity_store, iris
from trialkg.graph.identity import (
    Clues,
    GraphIdentity,
    IdentityIndex,
    graph_identity,
    keys_of_clues,
)
from trialkg.graph.identity_store import build_index
from trialkg.graph.store import TrialStore
from trialkg.ingest.clues import clues_of
from trialkg.ingest.pipeline import discover, ingest
from trialkg.ingest.stages import read_extract
from trialkg.tests.helpers import FIXTURES, SEEDS, nova2_abstract, nova2_news_without_id, synth_corpus

P = "https://w3id.org/trialkg/ontology#"
DCT = "http://purl.org/dc/terms/"
T = iris.trial("NCT01234567")


def test_a_graph_gives_its_trial_acronyms_publications_and_arm_drugs() -> None:
    src, cited, arm = "https://w3id.org/trialkg/id/source/sha256/ab", "https://w3id.org/trialkg/id/pub/x", T + "/arm/a"
    statements = [
        (T, P + "describedBy", src),
        (T, P + "publication", cited),
        (T, P + "acronym", "Patina"),
        (T, P + "hasArm", arm),
        (arm, P + "drug", "https://w3id.org/trialkg/id/drug/DB09073"),
        (T + "/arm/b/intervention/x", P + "drug", "https://w3id.org/trialkg/id/drug/DB00000"),  # not an arm's
        (src, DCT + "title", "Palbociclib plus endocrine therapy: PATINA"),
        (src, P + "journal", "The Lancet Oncology"),
        (src, DCT + "date", "2024-01-29"),
        (cited, P + "doi", "10.1000/ABC"),
        (cited, DCT + "title", "Too short"),  # under four words: not a key
        (src, P + "quote", "ignored"),
    ]
    assert graph_identity(statements) == [
        GraphIdentity(
            T,
            (
                "acronym:PATINA",
                "doi:10.1000/abc",
                "issue:lancet oncology|01-29",
                "title:palbociclib plus endocrine therapy patina",
            ),
            ("DB09073",),
        )
    ]
    provisional = [(T, P + "describedBy", src), (T, P + "provisionalIdentity", "true"), (T, P + "acronym", "X")]
    assert graph_identity(provisional) == []


def test_the_keys_of_clues_are_the_ones_resolve_reads() -> None:
    c = Clues(None, "nova-2", {"DB12001"}, "10.1/OWN", "Own title of the paper", None, None)
    c.cited = [("10.2/CITED", "A cited title of four"), (None, "short one")]
    c.cited_journal, c.cited_issue = "The Lancet", "01-29"
    assert keys_of_clues(c) == {
        "acronym:NOVA-2",
        "doi:10.1/own",
        "doi:10.2/cited",
        "title:own title of the paper",
        "title:a cited title of four",
        "issue:lancet|01-29",
    }
    c.nct = "NCT09999999"
    assert keys_of_clues(c) == set()  # a registry id resolves by itself


def _normal(index: IdentityIndex) -> tuple[object, ...]:
    """An index's entries as comparable values (an entry listed twice counts once)."""

    def lists(table: dict[object, list[tuple[str, set[str]]]]) -> dict[object, list[tuple[str, list[str]]]]:
        return {k: sorted({(t, tuple(sorted(d))) for t, d in v}) for k, v in table.items()}  # type: ignore[misc]

    return index.by_doi, index.by_title, lists(index.by_acronym), lists(index.by_issue)  # type: ignore[arg-type]


def _corpus(tmp_path: Path) -> list[Path]:
    paths = [FIXTURES, synth_corpus(tmp_path / "synth", 40)]
    if SEEDS.is_dir():
        paths.append(SEEDS)
    return paths


def test_stored_keys_answer_as_the_whole_store_index(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    with TrialStore(tmp_path / "s") as st:
        rep = ingest(corpus, st, workers=1)
        assert len(rep.accepted) > 60
        assert identity_store.has_keys(st)  # a new store: marked before its first document
        whole = build_index(st)
        assert len(whole.by_acronym) > 30 and whole.by_title
        assert _normal(identity_store.lookup(st, whole.lookup_keys())) == _normal(whole)
        # and every document's clues resolve alike, whichever index reads the store
        files = discover(corpus)
        resolved = 0
        for f in files:
            ex = read_extract(str(f))
            if ex.doc is None or ex.rec is None:
                continue
            clues = clues_of(ex.doc, ex.rec)
            clues.nct = None  # as if it gave no registry id: the index decides
            got = identity_store.lookup(st, keys_of_clues(clues)).resolve(clues)
            assert got == whole.resolve(clues), f
            resolved += got[0] is not None
        assert resolved > 40
        # a key nobody gives finds nothing
        assert identity_store.lookup(st, {"title:no such paper in this store"}) == IdentityIndex()


def _entries(st: TrialStore) -> set[tuple[str, str, str]]:
    rows = st.query(
        "SELECT ?g ?p ?o WHERE { GRAPH ?c { ?g ?p ?o } FILTER (?p IN (?a, ?b, ?d)) }",
        {
            "c": iris.CATALOG_GRAPH,
            "a": identity_store.IDENTITY_OF,
            "b": identity_store.IDENTITY_KEY,
            "d": identity_store.IDENTITY_DRUG,
        },
    )
    return {(r["g"], r["p"], str(r["o"])) for r in rows}


def test_a_store_written_before_the_keys_gets_them_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with TrialStore(tmp_path / "s") as st:
        ingest([FIXTURES], st, workers=1)
        written = _entries(st)
        assert len({g for g, _p, _o in written}) >= 5
        c = iris.CATALOG_GRAPH
        st.replace_graphs(
            {},
            extra=[
                *(
                    f"DELETE WHERE {{ GRAPH <{c}> {{ ?g <{p}> ?x }} }}"
                    for p in (identity_store.IDENTITY_OF, identity_store.IDENTITY_KEY, identity_store.IDENTITY_DRUG)
                ),
                f"DELETE WHERE {{ GRAPH <{c}> {{ ?s <{identity_store.MARK}> ?v }} }}",
            ],
        )
        assert not identity_store.has_keys(st) and _entries(st) == set()
        with caplog.at_level(logging.WARNING):
            assert identity_store.ensure(st) == len({g for g, _p, _o in written})
        assert "writing the identity lookup keys of" in caplog.text  # the pause is explained
        assert identity_store.has_keys(st) and _entries(st) == written  # read back from the graphs: the same
        assert identity_store.ensure(st) == 0  # marked: nothing to do


def _graphs_with_entries(st: TrialStore) -> list[str]:
    return sorted({g for g, _p, _o in _entries(st)})


def test_the_keys_follow_their_document(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    news = nova2_news_without_id(folder / "news.txt")
    with TrialStore(tmp_path / "s") as st:
        ingest([news], st)
        (graph,) = _graphs_with_entries(st)
        assert (graph, identity_store.IDENTITY_OF, iris.trial("NOVA-2-DB12001")) in _entries(st)
        assert (graph, identity_store.IDENTITY_KEY, "acronym:NOVA-2") in _entries(st)
        # its registered paper arrives: the news item moves to that trial, and so does its entry
        rep = ingest([nova2_abstract(folder / "abstract.txt")], st)
        assert [Path(p).name for p in rep.relinked] == ["news.txt"]
        trials = {o for gg, p, o in _entries(st) if gg == graph and p == identity_store.IDENTITY_OF}
        assert trials == {iris.trial("NCT09999999")}
        # edited: the old acronym's key goes with the old graph
        news.write_text(news.read_text().replace("NOVA-2", "ORBIT-7"))
        ingest([folder], st)
        keys = {o for _g, p, o in _entries(st) if p == identity_store.IDENTITY_KEY}
        assert "acronym:ORBIT-7" in keys and "acronym:NOVA-2" in keys  # NOVA-2: the abstract's
        assert len([1 for _g, p, o in _entries(st) if p == identity_store.IDENTITY_KEY and o == "acronym:NOVA-2"]) == 1
        # removed: its entries go too
        news.unlink()
        ingest([folder], st, prune=True)
        assert "acronym:ORBIT-7" not in {o for _g, p, o in _entries(st) if p == identity_store.IDENTITY_KEY}
        assert _graphs_with_entries(st) == st.document_graphs()  # the abstract's alone


def test_lookup_on_an_empty_store(tmp_path: Path) -> None:
    with TrialStore(tmp_path / "s") as st:
        assert identity_store.lookup(st, {"acronym:PATINA"}) == IdentityIndex()
        assert identity_store.has_keys(st)  # an empty store has nothing to read: marked at once


def test_a_second_file_of_the_same_doi_replaces_the_first_ones_keys(tmp_path: Path) -> None:
    """Two files of one DOI share a document graph: the one ingested last replaces the graph, and the
    keys are the ones its text gives (its title), not both files'."""
    folder = tmp_path / "docs"
    folder.mkdir()
    text = (FIXTURES / "pubmed_palmira.xml").read_text()
    (folder / "a.xml").write_text(text)
    (folder / "b.xml").write_text(text.replace("Palbociclib rechallenge in", "Palbociclib given again in"))
    with TrialStore(tmp_path / "s") as st:
        rep = ingest([folder], st)
        assert [d.status for d in rep.documents] == ["ingested", "ingested"]
        assert len({d.graph for d in rep.documents}) == 1
        titles = sorted(o for _g, p, o in _entries(st) if p == identity_store.IDENTITY_KEY and o.startswith("title:"))
        assert len(titles) == 1 and titles[0].startswith("title:palbociclib given again in")
