"""Exposure facts per arm: dose reductions, time to first reduction."""

from trialkg.tests.helpers import record


def test_dose_reduction_and_time_to_first_reduction() -> None:
    _, r = record(
        "Patients were randomly assigned to receive letrozole with or without palbociclib. Palbociclib dose "
        "reductions occurred in 57.7% of patients, with a median time to first reduction of 3.2 months."
    )
    got = {(f.arm, f.fact, f.percent and f.percent.value, f.value and f.value.value, f.unit) for f in r.arm_facts}
    assert got == {
        ("DB09073", "dose reduction", 57.7, None, None),
        ("DB09073", "median time to first dose reduction", None, 3.2, "months"),
    }
