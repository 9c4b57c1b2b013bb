"""The incremental merge an ingest runs gives the same merge graph as a full recompute: after a new
conflicting document, after it is edited to agree, after it is removed (prune), and the union view
stays exactly the union of the graphs.  An ingest that stopped before its merge leaves a mark that
makes the next one merge in full."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from trialkg.graph import iris
from trialkg.graph.merge import recompute
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.tests.helpers import EXAMPLES, FIXTURES, union_view


def merge_graph(st: TrialStore) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in st.quads(iris.MERGE_GRAPH)}


def union_is_exact(st: TrialStore) -> bool:
    named = union_view(
        {str(ox.Triple(q.subject, q.predicate, q.object)) for q in st.quads(g)}
        for g in st.named_graphs()
        if g != iris.CATALOG_GRAPH
    )
    default = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in st.quads(None)}
    blank = {t for t in named | default if "_:" in t}
    return named - blank == default - blank


def same_as_full(st: TrialStore) -> set[str]:
    incremental = merge_graph(st)
    assert union_is_exact(st)
    recompute(st)
    assert merge_graph(st) == incremental
    assert union_is_exact(st)
    return incremental


def conflicts(triples: set[str]) -> int:
    return sum(t.endswith(f"<{iris.tkg('Conflict')}>") for t in triples)


def test_incremental_merge_equals_full(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    news = folder / "conflicting_hr.txt"
    with TrialStore(tmp_path / "s") as st:
        rep = ingest([EXAMPLES], st)
        assert rep.merge is not None and not rep.merge.incremental  # a new store: in full
        before = same_as_full(st)
        assert conflicts(before) == 0

        shutil.copy(FIXTURES / "conflicting_hr.txt", news)
        rep = ingest([folder], st)
        assert rep.merge is not None and rep.merge.incremental and rep.merge.total_conflicts == 1
        assert 0 < rep.merge.pairs < 400  # the new document's pairs, not the store's
        assert conflicts(same_as_full(st)) == 1

        news.write_text(news.read_text(encoding="utf-8").replace("0.80", "0.75"), encoding="utf-8")
        rep = ingest([folder], st)  # edited to agree: the replaced graph's subjects are looked at
        assert rep.merge is not None and rep.merge.incremental and rep.merge.total_conflicts == 0
        assert same_as_full(st) == before

        shutil.copy(FIXTURES / "conflicting_hr.txt", news)
        ingest([folder], st)
        news.unlink()
        rep = ingest([folder], st, prune=True)  # the removed graph's subjects are looked at
        assert rep.pruned and rep.merge is not None and rep.merge.total_conflicts == 0
        assert same_as_full(st) == before


def test_a_merge_left_pending_is_redone_in_full(tmp_path: Path) -> None:
    with TrialStore(tmp_path / "s") as st:
        ingest([EXAMPLES], st)
        rep = ingest([EXAMPLES], st)
        assert rep.merge is not None and rep.merge.incremental
        assert not st.mark_pending()  # as an ingest killed between its writes and its merge leaves it
        rep = ingest([EXAMPLES], st)
        assert rep.merge is not None and not rep.merge.incremental
        assert not st.ask(
            "ASK { GRAPH ?c { ?m ?p ?x } }",
            {"c": iris.CATALOG_GRAPH, "m": iris.MERGE_GRAPH, "p": iris.tkg("mergePending")},
        )


def combinations(st: TrialStore) -> list[tuple[str, str, int, int]]:
    from trialkg.queries.api import run

    return [(r["drug_a_label"], r["drug_b_label"], r["trials"], r["arms"]) for r in run(st, "drug_combinations")]


def test_drug_combinations_follow_their_arms_incrementally(tmp_path: Path) -> None:
    """Drug combinations (nodes with counts in the merge graph) after a second trial gives the pair,
    after one document stops giving it, after a document is pruned: each as a full recompute gives."""
    folder = tmp_path / "docs"
    folder.mkdir()
    text = (FIXTURES / "combination_arm.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    second = text.replace("NCT08888888", "NCT08888889").replace("LUMEN-3", "LUMEN-4")
    pair = [("Ipilimumab", "Nivolumab")]
    with TrialStore(tmp_path / "s") as st:
        ingest([EXAMPLES], st)
        assert combinations(st) == []
        rep = ingest([folder], st)
        assert rep.merge is not None and rep.merge.incremental and rep.merge.combinations == 1
        assert combinations(st) == [(*pair[0], 1, 1)]
        same_as_full(st)

        (folder / "b.txt").write_text(second, encoding="utf-8")
        ingest([folder], st)
        assert combinations(st) == [(*pair[0], 2, 2)]
        same_as_full(st)

        (folder / "b.txt").write_text(
            second.replace(" plus ipilimumab", "").replace(" plus Ipilimumab", ""), encoding="utf-8"
        )
        rep = ingest([folder], st)  # the replaced graph's arm no longer gives the pair
        assert combinations(st) == [(*pair[0], 1, 1)]
        same_as_full(st)

        (folder / "a.txt").unlink()
        rep = ingest([folder], st, prune=True)
        assert rep.pruned and combinations(st) == []
        assert not st.ask("ASK { ?c a ?t }", {"t": iris.tkg("DrugCombination")})  # no node left behind
        same_as_full(st)


def test_a_store_merged_by_an_older_version_gets_every_combination(tmp_path: Path) -> None:
    with TrialStore(tmp_path / "s") as st:
        ingest([EXAMPLES, FIXTURES / "combination_arm.txt"], st)
        expected = combinations(st)
        assert expected == [("Ipilimumab", "Nivolumab", 1, 1)]
        # as a store written before drug combinations were derived: no version mark, no combinations
        st.replace_graphs(
            {},
            extra=[
                f"DELETE WHERE {{ GRAPH <{iris.CATALOG_GRAPH}> {{ ?m <{iris.tkg('mergeVersion')}> ?v }} }}",
                f"DELETE {{ GRAPH <{iris.MERGE_GRAPH}> {{ ?c ?p ?o }} ?c ?p ?o }} WHERE {{ GRAPH <{iris.MERGE_GRAPH}> "
                f"{{ ?c a <{iris.tkg('DrugCombination')}> ; ?p ?o }} }}",
            ],
        )
        assert combinations(st) == []
        rep = ingest([EXAMPLES, FIXTURES / "combination_arm.txt"], st)  # nothing new, yet every combination
        assert rep.merge is not None and rep.merge.incremental and rep.merge.combinations == 1
        assert combinations(st) == expected
        same_as_full(st)
        rep = ingest([EXAMPLES], st)  # marked current: the next ingest is an ordinary one
        assert rep.merge is not None and rep.merge.combinations == 0


def test_combinations_in_many_small_batches_equal_the_full_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The arms and pairs an ingest touched are read and recounted in batches of ROWS_PER_QUERY rows:
    with batches of 2, a 24-trial synthetic corpus (several combinations, many arms) ingested in
    chunks gives the merge graph of a full recompute."""
    from trialkg.graph import merge
    from trialkg.tests.helpers import synth_corpus

    monkeypatch.setattr(merge, "ROWS_PER_QUERY", 2)
    corpus = synth_corpus(tmp_path / "corpus", 24)
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".json"))
    with TrialStore(tmp_path / "s") as st:
        ingest(files[:5], st)
        rep = ingest(files, st, chunk_size=7)  # incremental, several chunks
        assert rep.merge is not None and rep.merge.incremental and rep.merge.combinations >= 2
        before = combinations(st)
        assert before and all(t >= 1 for _a, _b, t, _n in before)
        same_as_full(st)
        assert combinations(st) == before


def test_the_merge_looks_at_no_property_of_a_mention(tmp_path: Path) -> None:
    """A Mention is minted from its source, so one document graph alone states its quote, offsets and
    source: the merge (full or incremental) never looks for conflicts there.  The incremental merge used
    to read every Mention property of each new document, ~7x the pairs that can disagree."""
    from trialkg.graph.merge import conflict_properties, watched_properties

    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(FIXTURES / "conflicting_hr.txt", folder)
    with TrialStore(tmp_path / "s") as st:
        ingest([EXAMPLES], st)
        mention_properties = {
            r["p"]
            for r in st.query(
                "SELECT ?p WHERE { GRAPH ?o { ?p ?d ?m } }",
                {
                    "o": iris.ONTOLOGY_GRAPH,
                    "d": "http://www.w3.org/2000/01/rdf-schema#domain",
                    "m": iris.tkg("Mention"),
                },
            )
        } | {iris.tkg("inSource")}
        assert iris.tkg("quote") in mention_properties and iris.tkg("hrStatus") in conflict_properties(st)
        assert not mention_properties & watched_properties(st)
        rep = ingest([folder], st)
        assert rep.merge is not None and rep.merge.incremental and rep.merge.total_conflicts == 1
        mentions = st.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a ?t } }",
            {"g": rep.documents[0].graph, "t": iris.tkg("Mention")},
        )[0]["n"]
        # each Mention has six or more functional properties, which the merge used to read: now under two pairs per mention
        assert 0 < rep.merge.pairs < 2 * mentions


def test_split_pairs_keep_every_disagreement(tmp_path: Path) -> None:
    """The incremental merge reads the values of only the pairs the union view gives more than one value
    of (``split_pairs``): over every watched pair of every document graph (the examples, where several
    documents state the same values of one trial, and a news item that disagrees with them) it finds the
    same rows as reading every pair's values, and the narrowing leaves out the pairs that agree."""
    from trialkg.graph.merge import _disagreement_rows, _pair_rows, watched_properties
    from trialkg.ingest.pipeline import stored_pairs

    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(FIXTURES / "conflicting_hr.txt", folder)
    with TrialStore(tmp_path / "s") as st:
        ingest([EXAMPLES, folder], st)
        watched = watched_properties(st)
        pairs = sorted(set().union(*(stored_pairs(st, g, watched) for g in st.document_graphs())))

        def rows(r: list[dict[str, object]]) -> list[list[tuple[str, str]]]:
            """The rows as sorted lists of their items, sorted: to compare whatever their order."""
            return sorted(sorted((k, str(v)) for k, v in row.items()) for row in r)

        narrowed = _disagreement_rows(st, pairs)
        assert narrowed and rows(narrowed) == rows(_disagreement_rows(st, pairs, split=True))
        split = _pair_rows(st, "split_pairs", pairs)
        assert 0 < len(split) < len(pairs) // 10
        # pairs that two documents state alike are among those left out
        stated = _pair_rows(st, "pair_values", pairs)
        graphs_of: dict[tuple[str, str], set[str]] = {}
        for r in stated:
            graphs_of.setdefault((str(r["s"]), str(r["p"])), set()).add(str(r["g"]))
        shared = {k for k, gs in graphs_of.items() if len(gs) > 1}
        assert shared - {(str(r["s"]), str(r["p"])) for r in split}
