"""Identity resolution: documents without ids join the trial they cite."""

from trialkg.graph.identity import Clues, IdentityIndex, fallback_key
from trialkg.tests.helpers import doc


def clues(**kw: object) -> Clues:
    base: dict[str, object] = dict(nct=None, acronym=None, drugs=set(), doi=None, title=None, journal=None, date=None)
    base.update(kw)
    return Clues(**base)  # type: ignore[arg-type]


def index() -> IdentityIndex:
    ix = IdentityIndex()
    ix.add_trial(
        "NCT00000001",
        clues(
            nct="NCT00000001",
            acronym="ALPHA",
            drugs={"DB09073"},
            title="Drug A for advanced disease B in adults",
            journal="The Lancet",
            date="2025-03-14",
        ),
        [("10.1016/S0140-6736(25)00001-1", None)],
    )
    return ix


def test_resolution_paths() -> None:
    ix = index()
    assert ix.resolve(clues(nct="NCT00000002"))[0] == "NCT00000002"
    assert ix.resolve(clues(acronym="alpha", drugs={"DB09073"}))[0] == "NCT00000001"
    assert ix.resolve(clues(acronym="ALPHA", drugs={"DB00001"}))[0] is None  # same name, other drug
    assert ix.resolve(clues(cited=[("10.1016/s0140-6736(25)00001-1", None)]))[0] == "NCT00000001"
    assert ix.resolve(clues(cited=[(None, "Drug A for Advanced Disease B in Adults.")]))[0] == "NCT00000001"
    assert ix.resolve(clues(cited_journal="The Lancet Oncology", cited_issue="03-14", drugs={"DB09073"}))[0] is None
    assert ix.resolve(clues(cited_journal="The Lancet", cited_issue="03-15", drugs={"DB09073"}))[0] is None
    assert ix.resolve(clues(cited_journal="The Lancet", cited_issue="03-14", drugs={"DB09073"}))[0] == "NCT00000001"
    assert ix.resolve(clues(cited_journal="The Lancet", cited_issue="03-14", drugs={"DB00002"}))[0] is None


def test_fallback_keys() -> None:
    d = doc("A news item about a study of something in 20 patients.")
    assert fallback_key(d.content_hash, clues(acronym="BETA", drugs={"DB00002"})) == ("BETA-DB00002", False)
    key, provisional = fallback_key(d.content_hash, clues())
    assert provisional and key == f"doc-{d.content_hash[:16]}"
