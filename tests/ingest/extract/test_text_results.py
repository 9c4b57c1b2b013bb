"""Per-group numbers in running text for non-oncology trials: "(86/125 vs 78/133)" in the order the
groups were named, "12 of 50 (24%) in the X group", "mean ± SD versus mean ± SD", and what is left out."""

from trialkg.ingest.records import TrialRecord
from trialkg.tests.helpers import record

DESIGN = (
    "Methods: In this randomized controlled trial, 258 adults were randomized to the exercise group (n = 125) "
    "or the control group (n = 133).\nResults: "
)


def found(r: TrialRecord) -> set[tuple[str, str, str, float, float | None, int | None]]:
    labels = {a.key: a.label.value for a in r.arms}
    eps = {e.key: e.text.value for e in r.endpoints}
    return {
        (
            labels[x.arm],
            eps[x.endpoint],
            x.statistic,
            x.value.value,
            x.sd.value if x.sd else x.percent.value if x.percent else None,
            x.n.value if x.n else None,
        )
        for x in r.arm_results
        if x.endpoint.startswith("text-")
    }


def test_fractions_in_parentheses_follow_the_named_group_then_the_other() -> None:
    _, r = record(
        DESIGN + "Significantly more patients in the exercise group continued antidepressants until the 6-month "
        "follow-up (86/125 vs 78/133, p < 0.05)."
    )
    assert found(r) == {
        ("exercise group", "continued antidepressants until 6-month follow-up", "count", 86.0, None, 125),
        ("control group", "continued antidepressants until 6-month follow-up", "count", 78.0, None, 133),
    }


def test_each_value_followed_by_its_group_in_reverse_order() -> None:
    _, r = record(
        DESIGN + "Falls occurred in 20 of 133 (15.0%) participants in the control group and in 9 of 125 (7.2%) "
        "in the exercise group."
    )
    assert found(r) == {
        ("control group", "Falls occurred", "count", 20.0, 15.0, 133),
        ("exercise group", "Falls occurred", "count", 9.0, 7.2, 125),
    }


def test_means_with_sd_and_respectively() -> None:
    _, r = record(
        DESIGN + "The control group and the exercise group had a final pain score of 4.1 ± 1.2 versus 2.9 ± 1.0, "
        "respectively."
    )
    assert found(r) == {
        ("control group", "final pain score", "mean", 4.1, 1.2, 133),
        ("exercise group", "final pain score", "mean", 2.9, 1.0, 125),
    }


def test_count_with_percent_needs_the_group_size_to_agree() -> None:
    _, agree = record(
        DESIGN + "Response was seen in 50 (40.0%) in the exercise group and 40 (30.1%) in the control group."
    )
    assert {x[3] for x in found(agree)} == {50.0, 40.0}
    _, disagree = record(
        DESIGN + "Response was seen in 50 (70%) in the exercise group and 40 (60%) in the control group."
    )
    assert found(disagree) == set()


def test_unclear_groups_and_methods_are_left_out() -> None:
    _, r = record(
        "Methods: In this randomized trial, adults were randomized to yoga (n = 40), walking (n = 41) or "
        "stretching (n = 39). Dropout was expected in 10/40 vs 8/41.\nResults: Scores were 12/40 vs 8/41."
    )
    assert found(r) == set()


def test_counts_with_thousands_separators_are_read_whole() -> None:
    from trialkg.ingest.extract.text_results import VALUE

    found = [
        (m.group("ev"), m.group("den")) for m in VALUE.finditer("31 of 1,204 (2.6%) vs 58 of 1,150") if m.group("ev")
    ]
    assert found == [("31", "1,204"), ("58", "1,150")]
    found = [(m.group("ev"), m.group("den")) for m in VALUE.finditer("events: 1,204/4,318") if m.group("ev")]
    assert found == [("1,204", "4,318")]


def test_adverse_events_are_no_outcome_of_counted_results() -> None:
    _, r = record(
        "Patients were randomized to pembrolizumab or placebo. Grade 3-5 treatment-related AEs occurred in 260 "
        "(70.1%) pts in the pembrolizumab arm and 245 (66.2%) pts in the placebo arm."
    )
    assert [e.key for e in r.endpoints if e.key.startswith("text-")] == []
