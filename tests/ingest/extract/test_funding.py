"""Funders."""

import pytest
from trialkg.tests.helpers import record


@pytest.mark.parametrize(
    ("text", "funders"),
    [
        ("(Funded by Pfizer and others; ClinicalTrials.gov number, NCT00000001.)", ["Pfizer"]),
        ("The study was funded by Pfizer, the manufacturer of the drug.", ["Pfizer"]),
        ("The trial was sponsored by Eli Lilly and Company.", ["Eli Lilly and Company"]),
        ("Supported by the National Cancer Institute and Novartis.", ["National Cancer Institute", "Novartis"]),
    ],
)
def test_funders(text: str, funders: list[str]) -> None:
    _, r = record(text)
    assert [v.value for v in r.funders] == funders
