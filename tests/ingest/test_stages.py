"""The worker's part of ingest (``process``): a document with a registry id comes back mapped, the same
graph as mapping it after identity resolution; any other comes back whole, as does one whose bytes
are the stored ones (the pipeline decides whether its graph stands)."""

from __future__ import annotations

import gc
from pathlib import Path

from trialkg.graph import iris
from trialkg.graph.identity import IdentityIndex
from trialkg.ingest.pipeline import _resolve
from trialkg.ingest.stages import YOUNG_GC_THRESHOLD, frozen_heap, map_for_store, process, read_extract

WATCHED = frozenset({"https://w3id.org/trialkg/ontology#phase", "https://w3id.org/trialkg/ontology#drug"})

# an abstract stating its registry id, and a news item naming the trial by acronym only
REGISTERED = (
    "PALOMA-9 (NCT09999991): a randomized phase 3 trial of palbociclib plus letrozole versus placebo plus "
    "letrozole in 600 women with HR-positive, HER2-negative advanced breast cancer. Median progression-free "
    "survival was 24.8 months with palbociclib plus letrozole and 14.5 months with placebo plus letrozole "
    "(hazard ratio, 0.58; 95% CI, 0.46 to 0.72; P<0.001).\n"
)
UNREGISTERED = (
    "In the PALOMA-9 trial, palbociclib plus letrozole lengthened progression-free survival in women with "
    "HR-positive advanced breast cancer, investigators reported; 600 patients were randomized.\n"
)


def test_a_document_with_a_registry_id_is_mapped_in_the_worker_as_after_resolution(tmp_path: Path) -> None:
    f = tmp_path / "registered.txt"
    f.write_text(REGISTERED)
    ex = process((str(f), None, WATCHED))
    assert ex.identity is not None and ex.identity.clues.nct == "NCT09999991"
    assert ex.mapped is not None and ex.mapped_key == "NCT09999991" and not ex.mapped.violations
    assert ex.doc is None and ex.rec is None  # not sent back between processes
    # the same graph and pairs as mapping the document after identity resolution
    whole = read_extract(str(f))
    assert whole.doc is not None and whole.rec is not None
    resolved, why = _resolve([ex.identity], IdentityIndex())[0]
    assert (resolved.trial_key, why) == ("NCT09999991", "registry id")
    after = map_for_store((whole.doc, whole.rec, resolved, WATCHED))
    assert (ex.mapped.ntriples, ex.mapped.pairs) == (after.ntriples, after.pairs)
    assert ex.mapped.triples == after.triples > 50
    assert (iris.trial("NCT09999991"), "https://w3id.org/trialkg/ontology#phase") in ex.mapped.pairs
    assert ex.facts > 0 and ex.source_key == whole.doc.source_key and ex.raw_sha256 == whole.doc.raw_sha256


def test_other_documents_come_back_whole(tmp_path: Path) -> None:
    news = tmp_path / "news.txt"
    news.write_text(UNREGISTERED)
    ex = process((str(news), None, WATCHED))
    assert ex.identity is not None and ex.identity.clues.nct is None and ex.identity.clues.acronym == "PALOMA-9"
    assert ex.mapped is None and ex.doc is not None and ex.rec is not None
    # the stored bytes: the pipeline checks whether the stored graph still names the trial
    f = tmp_path / "registered.txt"
    f.write_text(REGISTERED)
    first = process((str(f), None, WATCHED))
    stored = (iris.doc_graph(first.source_key), first.raw_sha256)
    again = process((str(f), stored, WATCHED))
    assert again.mapped is None and again.doc is not None
    # other bytes under the same graph: mapped
    assert process((str(f), (stored[0], "0" * 64), WATCHED)).mapped is not None


def test_a_rejected_document_carries_its_reason(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    ex = process((str(f), None, WATCHED))
    assert ex.identity is None and ex.mapped is None and ex.reason


def test_frozen_heap_gives_back_what_it_froze_and_keeps_a_callers_freeze() -> None:
    assert gc.get_freeze_count() == 0, "the test process froze its heap: run this test alone"
    threshold = gc.get_threshold()
    assert threshold[0] < YOUNG_GC_THRESHOLD, "the test process raised its threshold itself"
    with frozen_heap():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG_GC_THRESHOLD, *threshold[1:])
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold
    gc.freeze()  # a process that froze its own heap (a pre-fork server, say) keeps it frozen
    try:
        frozen = gc.get_freeze_count()
        with frozen_heap():
            assert gc.get_freeze_count() == frozen
            assert gc.get_threshold()[0] == YOUNG_GC_THRESHOLD
        assert gc.get_freeze_count() == frozen
        assert gc.get_threshold() == threshold
    finally:
        gc.unfreeze()


def test_the_fork_servers_preload_names_every_module_a_worker_imports() -> None:
    """The fork server ignores a module it cannot import, so a misspelt or missing name would only make
    each worker slower to start: every name must import, and warming a process up must import nothing
    of trialkg's beyond them (run in a fresh interpreter, whose imports are its own)."""
    import subprocess
    import sys

    code = (
        "import sys, importlib\n"
        "from trialkg.ingest.stages import preload_modules, warm_up\n"
        "names = preload_modules()\n"
        "for n in names: importlib.import_module(n)\n"
        "before = set(sys.modules)\n"
        "warm_up()\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('trialkg')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
    from trialkg.ingest.extract import EXTRACTORS
    from trialkg.ingest.stages import preload_modules

    assert {f"trialkg.ingest.extract.{e}" for e in EXTRACTORS} <= set(preload_modules())


def test_the_union_view_part_of_a_mapped_graph_is_its_facts(tmp_path: Path) -> None:
    from trialkg.graph.ntriples import without_mentions

    f = tmp_path / "registered.txt"
    f.write_text(REGISTERED)
    m = process((str(f), None, WATCHED)).mapped
    assert m is not None and 0 < m.union_end < len(m.ntriples)
    facts, rest = m.ntriples[: m.union_end], m.ntriples[m.union_end :]
    assert facts.endswith(" .\n") and facts == without_mentions(m.ntriples)  # the cut is the rule's
    mentions = {line.split(" ", 1)[0] for line in rest.splitlines()}
    assert len(mentions) > 5 and all("/mention/" in s for s in mentions)
    assert all(f"<https://w3id.org/trialkg/ontology#evidence> {s} ." in facts for s in mentions)
    assert not any(line.split(" ", 1)[0] in mentions for line in facts.splitlines())


def test_a_warmed_up_worker_has_its_heap_frozen_and_its_young_generation_threshold_raised() -> None:
    import subprocess
    import sys

    code = (
        "import gc\n"
        "from trialkg.ingest.stages import YOUNG_GC_THRESHOLD, warm_up_worker\n"
        "warm_up_worker()\n"
        "print(gc.get_freeze_count() > 0, gc.get_threshold()[0] == YOUNG_GC_THRESHOLD)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
