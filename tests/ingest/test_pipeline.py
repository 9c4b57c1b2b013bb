"""The pipeline on real files: bad inputs are rejected without touching the store, re-ingesting is
idempotent, --prune removes graphs of deleted files, disagreeing sources give one Conflict."""

import shutil
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from trialkg.graph.store import TrialStore
from trialkg.ingest.pipeline import ingest
from trialkg.queries import api
from trialkg.tests.helpers import FIXTURES, SEEDS, needs_shared, nova2_abstract, nova2_news_without_id


def snapshot(st: TrialStore) -> list[str]:
    return sorted(str(q) for q in st.raw)


def test_good_documents_from_fixtures(store: TrialStore) -> None:
    rep = ingest([FIXTURES / "abstract_placebo.txt", FIXTURES / "news_second_line.txt", FIXTURES / "page.html"], store)
    assert [(Path(d.path).name, d.status, d.trial) for d in rep.documents] == [
        ("abstract_placebo.txt", "ingested", "NCT04000001"),
        ("news_second_line.txt", "ingested", "NCT09999999"),
        ("page.html", "ingested", "NCT05555555"),
    ]
    assert rep.merge is not None and rep.merge.conflicts == []


BAD = {
    "empty.txt": (b"", "file is empty"),
    "binary.txt": (bytes(range(256)) * 64, "binary"),
    "latin1.txt": (
        "Patients with naïve tumours received drug A in a randomized trial".encode("latin-1"),
        "not valid UTF-8",
    ),
    "malformed.html": ((FIXTURES / "malformed.html").read_bytes(), "malformed or empty HTML"),
    "no_trial.txt": ((FIXTURES / "no_trial.txt").read_bytes(), "about no trial"),
    "scan.pdf": (b"%PDF-1.4", "unsupported file type"),
    "malformed.json": ((FIXTURES / "malformed.json").read_bytes(), "malformed JSON"),
    "other.json": (b'{"name": "not a study"}', "not a ClinicalTrials.gov API v2 study"),
    "broken.xml": (b"<PubmedArticleSet><PubmedArticle><MedlineCitation>", "malformed PubMed XML"),
    "two.xml": (
        b"<PubmedArticleSet>"
        + b"<PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>" * 2
        + b"</PubmedArticleSet>",
        "holds 2 articles",
    ),
}


def test_bad_inputs_are_rejected_and_the_store_is_unchanged(store: TrialStore, tmp_path: Path) -> None:
    ingest([FIXTURES / "abstract_placebo.txt"], store)
    before = snapshot(store)
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    big = folder / "huge.txt"
    with big.open("wb") as f:  # 50 MB of text, written in chunks
        chunk = b"A randomized trial of drug A in patients with cancer. " * 20000
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    rep = ingest([folder, FIXTURES / "abstract_placebo.txt"], store)
    reasons = {Path(d.path).name: d.reason for d in rep.rejected}
    for name, (_, why) in BAD.items():
        if name.endswith(".pdf"):
            continue  # folders only yield supported files; a named .pdf is tested below
        assert why in reasons[name], (name, reasons.get(name))
    assert "too large" in reasons["huge.txt"]
    assert [d.status for d in rep.accepted] == ["unchanged"]
    assert snapshot(store) == before
    rep = ingest([folder / "scan.pdf"], store)
    assert "unsupported file type" in rep.rejected[0].reason
    assert snapshot(store) == before


def test_reingest_is_idempotent_and_prune_removes_deleted_files(store: TrialStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("abstract_placebo.txt", "news_second_line.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    ingest([folder], store)
    first = store.graph_union()
    rep = ingest([folder], store)
    assert [d.status for d in rep.documents] == ["unchanged", "unchanged"]
    assert isomorphic(first, store.graph_union())
    (folder / "news_second_line.txt").unlink()
    rep = ingest([folder], store)  # without --prune the graph stays
    assert api.find_trials(store, "NCT09999999")
    rep = ingest([folder], store, prune=True)
    assert [Path(p).name for p in rep.pruned] == ["news_second_line.txt"]
    assert not api.find_trials(store, "NCT09999999")
    assert api.find_trials(store, "NCT04000001")
    assert len(store.document_graphs()) == 1


def test_changed_file_replaces_its_old_graph(store: TrialStore, tmp_path: Path) -> None:
    f = tmp_path / "news.txt"
    f.write_text((FIXTURES / "news_second_line.txt").read_text())
    ingest([f], store)
    f.write_text(
        (FIXTURES / "news_second_line.txt").read_text().replace("28% in the abemaciclib", "29% in the abemaciclib")
    )
    ingest([f], store)
    assert len(store.document_graphs()) == 1
    rows = api.run(store, "trial_arm_results", trial=api.find_trials(store, "NOVA-2")[0])
    assert sorted(r["value"] for r in rows if r["endpoint_type"] == "objective-response-rate") == [9.0, 29.0]


@needs_shared
def test_seeds_twice_give_the_same_triples(tmp_path: Path) -> None:
    with TrialStore(tmp_path / "a") as st:
        ingest([SEEDS], st)
        once = st.graph_union()
        ingest([SEEDS], st)
        assert isomorphic(once, st.graph_union())
    with TrialStore(tmp_path / "b") as st:  # a fresh store, files in reverse order: same graph
        ingest(sorted(SEEDS.glob("*.txt"), reverse=True), st)
        assert isomorphic(once, st.graph_union())


@needs_shared
def test_a_different_hazard_ratio_gives_exactly_one_conflict(tmp_path: Path) -> None:
    with TrialStore(tmp_path / "s") as st:
        rep = ingest([SEEDS], st)
        assert rep.merge is not None and rep.merge.conflicts == []
        rep = ingest([FIXTURES / "conflicting_hr.txt"], st)
        assert rep.merge is not None
        (c,) = rep.merge.conflicts
        assert c.prop.endswith("#value") and c.subject.endswith(
            "NCT02947685/effect/progression-free-survival/hazard-ratio"
        )
        assert sorted(c.values) == ["0.75", "0.8"]
        rows = api.conflicts(st)
        assert {r["value"] for r in rows} == {0.75, 0.8}
        assert any("0.80" in (r["quote"] or "") for r in rows)


@pytest.mark.parametrize("name", ["000_1178b5e49157953c.txt"])
@needs_shared
def test_news_ingested_alone_after_the_abstract_joins_the_trial(tmp_path: Path, name: str) -> None:
    with TrialStore(tmp_path / "s") as st:
        ingest([SEEDS / name], st)  # the abstract with the NCT id, in an earlier run
        rep = ingest([SEEDS / "003_b013414f262d37a2.txt"], st)  # no id, cites the journal issue
        assert rep.documents[0].trial == "NCT02947685"
        assert "issue" in rep.documents[0].identity


@needs_shared
def test_a_news_item_ingested_before_its_paper_is_relinked_later(tmp_path: Path) -> None:
    with TrialStore(tmp_path / "s") as st:
        rep = ingest([SEEDS / "003_b013414f262d37a2.txt"], st)  # no id, cites a journal issue nobody knows yet
        assert rep.documents[0].trial.startswith("doc-")
        rep = ingest([SEEDS / "000_1178b5e49157953c.txt"], st)
        assert [Path(p).name for p in rep.relinked] == ["003_b013414f262d37a2.txt"]
        card = api.trial_card(st, api.find_trials(st, "NCT02947685")[0])
        assert len([s for s in card["sources"] if s["kind"] == "source"]) == 2
        assert not st.query(
            "PREFIX tkg: <https://w3id.org/trialkg/ontology#> SELECT ?t WHERE { ?t tkg:provisionalIdentity true }"
        )


def test_a_document_known_by_acronym_moves_to_the_registered_trial(store: TrialStore, tmp_path: Path) -> None:
    news = nova2_news_without_id(tmp_path / "news.txt")
    rep = ingest([news], store)
    assert rep.documents[0].trial == "NOVA-2-DB12001"  # acronym + drug while no id is known
    abstract = nova2_abstract(tmp_path / "abstract.txt")
    rep = ingest([abstract], store)
    assert [Path(p).name for p in rep.relinked] == ["news.txt"]
    assert api.find_trials(store, "NOVA-2") == ["https://w3id.org/trialkg/id/trial/NCT09999999"]
    rep = ingest([news, abstract], store)  # both unchanged now, and nothing moves again
    assert [d.status for d in rep.documents] == ["unchanged", "unchanged"] and rep.relinked == []


def test_the_relink_check_reads_flagged_graphs_and_flags_an_older_store_once(tmp_path: Path) -> None:
    """Documents written under a trial key that is not a registry id are flagged in the catalog, and
    the re-link check reads only those (same rows as scanning every trial); a store written before the
    flags is scanned once and flagged."""
    from trialkg.graph import iris
    from trialkg.graph.sparql import load
    from trialkg.ingest.pipeline import _catalog_flagged, _unregistered_rows

    text = (FIXTURES / "news_second_line.txt").read_text().replace(" (NCT09999999)", "")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "news.txt").write_text(text)

    def names(rows: list[dict[str, object]]) -> list[str]:
        return [Path(str(r["path"])).name for r in rows]

    with TrialStore(tmp_path / "s") as st:
        # a new store is marked before its first document is written (a write at the end of a large
        # first ingest would wait for the store's compaction)
        flagged_then = []
        ingest(
            [tmp_path / "a", FIXTURES / "abstract_placebo.txt"],
            st,
            on_document=lambda d: flagged_then.append(_catalog_flagged(st)),
        )
        assert flagged_then == [True, True]
        scan = st.query(load("unregistered_scan").text)
        assert names(scan) == ["news.txt"]
        assert st.query(load("unregistered").text) == scan  # flagged when written
        assert _unregistered_rows(st) == scan
        # written after the mark: flagged too, else the check would miss it
        (tmp_path / "a" / "news2.txt").write_text(text.replace("NOVA-2", "ORBIT-7"))
        ingest([tmp_path / "a"], st)
        assert names(_unregistered_rows(st)) == ["news.txt", "news2.txt"]
        assert _unregistered_rows(st) == st.query(load("unregistered_scan").text)
        # a store from before the flags: no flags and no mark
        c, t = iris.CATALOG_GRAPH, iris.tkg("")
        st.replace_graphs(
            {},
            extra=[
                f"DELETE WHERE {{ GRAPH <{c}> {{ ?g <{t}unregistered> ?x }} }}",
                f"DELETE WHERE {{ GRAPH <{c}> {{ ?s <{t}catalogVersion> ?v }} }}",
            ],
        )
        assert st.query(load("unregistered").text) == []
        assert names(_unregistered_rows(st)) == ["news.txt", "news2.txt"]  # scanned
        assert names(st.query(load("unregistered").text)) == ["news.txt", "news2.txt"]  # and flagged


def test_a_trial_that_gains_a_drug_takes_the_document_its_acronym_named(tmp_path: Path) -> None:
    """The re-link check reads again only the unregistered documents whose clue keys the ingest touched,
    and those include every key of a trial whose entries changed: here a second abstract of NOVA-2
    states no acronym, only the drug the news item shares with the trial; the news item, stored under
    its acronym while the trial's drugs did not match, now joins the trial."""
    first = tmp_path / "first.txt"
    first.write_text(
        "The randomized phase 2 NOVA-2 trial (NCT09999999) tested palbociclib versus placebo in HR+/HER2- "
        "metastatic breast cancer."
    )
    second = tmp_path / "second.txt"
    second.write_text(
        "A randomized phase 2 trial (NCT09999999) of abemaciclib plus fulvestrant versus placebo plus "
        "fulvestrant in HR+/HER2- metastatic breast cancer enrolled 300 patients."
    )
    with TrialStore(tmp_path / "s") as st:
        ingest([first], st)
        rep = ingest([nova2_news_without_id(tmp_path / "news.txt")], st)
        assert not rep.documents[0].trial.startswith("NCT")  # abemaciclib and fulvestrant: no drug shared
        rep = ingest([second], st)
        assert "acronym:NOVA-2" not in rep.identity_keys  # the key came from the first abstract's entries
        assert [Path(p).name for p in rep.relinked] == ["news.txt"]


def test_the_relink_check_reads_only_the_documents_an_ingest_may_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store whose flagged documents carry no clue keys (written before them) has every one read once,
    and gets their keys and the mark; after that an ingest reads only the documents holding a key it
    touched."""
    from trialkg.graph import identity_store, iris
    from trialkg.ingest import pipeline

    text = (FIXTURES / "news_second_line.txt").read_text().replace(" (NCT09999999)", "")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "nova.txt").write_text(text)
    (tmp_path / "a" / "orbit.txt").write_text(text.replace("NOVA-2", "ORBIT-7"))
    read: list[str] = []
    real = pipeline._stored_document

    def recording(row: dict[str, object]) -> object:
        read.append(Path(str(row["path"])).name)
        return real(row)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_stored_document", recording)
    with TrialStore(tmp_path / "s") as st:
        ingest([tmp_path / "a"], st)
        c = iris.CATALOG_GRAPH

        def clue_keys() -> set[tuple[str, str]]:
            rows = st.query("SELECT ?g ?k WHERE { GRAPH ?c { ?g ?p ?k } }", {"c": c, "p": identity_store.CLUE_KEY})
            return {(str(r["g"]), str(r["k"])) for r in rows}

        written = clue_keys()
        assert {k for _g, k in written} >= {"acronym:NOVA-2", "acronym:ORBIT-7"} and len({g for g, _k in written}) == 2
        # as a store written before the clue keys
        st.replace_graphs(
            {},
            extra=[
                f"DELETE WHERE {{ GRAPH <{c}> {{ ?s <{identity_store.CLUE_KEY}> ?k }} }}",
                f"DELETE WHERE {{ GRAPH <{c}> {{ ?s <{identity_store.CLUE_MARK}> ?v }} }}",
            ],
        )
        assert not identity_store.has_clue_keys(st)
        read.clear()
        ingest([FIXTURES / "abstract_placebo.txt"], st)  # a registered trial: the check runs
        assert sorted(read) == ["nova.txt", "orbit.txt"] and identity_store.has_clue_keys(st)
        assert clue_keys() == written  # the same keys as when the documents were written
        read.clear()
        rep = ingest([nova2_abstract(tmp_path / "abstract.txt")], st)
        assert [Path(p).name for p in rep.relinked] == ["nova.txt"]
        assert set(read) == {"nova.txt"}  # ORBIT-7's news item is not read again


def test_pages_headed_by_the_same_site_furniture_stay_different_trials(tmp_path: Path) -> None:
    body = (
        "Skip to main content\n{title}\nAbstract\nPatients were randomly assigned to {drug} or placebo. "
        "The primary end point was progression-free survival.\n"
    )
    a = tmp_path / "a.txt"
    a.write_text(body.format(title="Drug Trials in Gastric Cancer Patients Today", drug="zolbetuximab"))
    b = tmp_path / "b.txt"
    b.write_text(body.format(title="A Study of Lupus Treatment With a New Inhibitor", drug="deucravacitinib"))
    with TrialStore(tmp_path / "store") as st:
        ingest([a, b], st)
        trials = {
            r["trial"] for r in st.query("SELECT ?trial WHERE { ?trial a <https://w3id.org/trialkg/ontology#Trial> }")
        }
        assert len(trials) == 2
        assert all(len(api.run(st, "trial_sources", trial=t)) >= 1 for t in trials)


def test_a_three_arm_ratio_passes_the_shapes_and_is_stored_whole(tmp_path: Path) -> None:
    doc = tmp_path / "three.txt"
    doc.write_text(
        "Drug A at Two Doses Versus Placebo in Adults With Hypertension\nAbstract\nIn this phase 2 trial, adults "
        "were randomly assigned 1:1:1 to lisinopril 10 mg, lisinopril 20 mg or placebo.\n"
    )
    with TrialStore(tmp_path / "store") as st:
        report = ingest([doc], st)
        assert not report.rejected, [(d.path, d.reason) for d in report.rejected]
        rows = st.query("SELECT ?r WHERE { ?t <https://w3id.org/trialkg/ontology#allocationRatio> ?r }")
        assert [str(r["r"]) for r in rows] == ["1:1:1"]
