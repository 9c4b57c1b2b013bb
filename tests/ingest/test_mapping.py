"""Mapping helpers."""

import pytest
from trialkg.ingest.mapping import significance


@pytest.mark.parametrize(
    ("p", "op", "expected"),
    [
        (0.02, "=", True),
        (0.149, "=", False),
        (0.05, "=", False),
        (0.05, "<", True),
        (0.001, "<", True),
        (0.01, ">", None),
        (0.05, ">", False),
        (0.2, ">=", False),
    ],
)
def test_significance_from_p_and_operator(p: float, op: str, expected: bool | None) -> None:
    assert significance(p, op) is expected
