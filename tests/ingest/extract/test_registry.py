"""Meta-test: every extractor module is registered and runs on any document."""

import pkgutil
from typing import Any

import trialkg.ingest.extract as extract_pkg
from trialkg.ingest.extract import EXTRACTORS, extract_all
from trialkg.ingest.records import Value
from trialkg.tests.helpers import doc


def test_every_extractor_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(extract_pkg.__path__) if not m.name.startswith("_")}
    assert modules == set(EXTRACTORS)


def test_extractors_leave_a_text_without_trials_empty() -> None:
    rec = extract_all(doc("How to bake bread. Mix flour and water, then bake it for forty minutes."))
    assert not rec.has_trial_content
    assert rec.arms == [] and rec.arm_results == [] and rec.effects == []


def test_every_value_carries_a_mention_that_quotes_the_text() -> None:
    d = doc(
        "In this randomized, open-label, phase 3 trial (NCT01234567), 400 patients were randomly assigned "
        "in a 1:1 ratio to receive letrozole with or without palbociclib. Median progression-free survival "
        "was 20.1 months with palbociclib versus 10.2 months without it (hazard ratio, 0.50; 95% CI, 0.40 to 0.62)."
    )
    rec = extract_all(d)
    values: list[Value[Any] | None] = [rec.phase, rec.allocation_ratio, rec.randomized_count, *rec.nct_ids]
    values += [*rec.design_features, *(r.value for r in rec.arm_results), *(e.value for e in rec.effects)]
    assert len(values) >= 8
    for v in values:
        assert v is not None
        assert d.text[v.mention.start : v.mention.end] == v.mention.quote
