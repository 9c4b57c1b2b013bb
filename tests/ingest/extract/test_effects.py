"""Effect estimates: the hazard-ratio phrasings, CI forms, P values and sidedness, endpoint choice."""

import pytest
from trialkg.tests.helpers import record

ARMS = "Patients were randomly assigned to receive letrozole with or without palbociclib. "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Progression-free survival was longer (HR, 0.75; 95% CI, 0.59-0.96; 2-sided P = .02).",
            (0.75, 0.59, 0.96, 0.02, 2),
        ),
        (
            "Progression-free survival was longer (hazard ratio 0.75 [95% CI 0.59 to 0.96]).",
            (0.75, 0.59, 0.96, None, None),
        ),
        (
            "PFS improved (hazard ratio for disease progression or death, 0.75; 95% confidence interval, 0.59 to 0.96; "
            "two-sided P = 0.02).",
            (0.75, 0.59, 0.96, 0.02, 2),
        ),
        (
            "Median PFS was longer (hazard ratio, 0.84 [95% CI, 0.66 to 1.07]; P = .149).",
            (0.84, 0.66, 1.07, 0.149, None),
        ),
        (
            "Overall survival favoured the combination (HR 0.61, 95% CI: 0.48–0.77, P<0.001).",
            (0.61, 0.48, 0.77, 0.001, None),
        ),
        ("PFS was longer (hazard ratio, 0.56; 95% CI, 0.43 to 0.72; P=3.29×10−6).", (0.56, 0.43, 0.72, 3.29e-6, None)),
    ],
)
def test_hazard_ratio_phrasings(text: str, expected: tuple[float, float, float, float | None, int | None]) -> None:
    _, r = record(ARMS + text)
    (e,) = r.effects
    lo = e.ci_lower.value if e.ci_lower else None
    hi = e.ci_upper.value if e.ci_upper else None
    p = e.p_value.value if e.p_value else None
    assert (e.value.value, lo, hi, e.sided) == (expected[0], expected[1], expected[2], expected[4])
    want_p = expected[3]
    assert (p is None and want_p is None) or (p is not None and want_p is not None and abs(p - want_p) < 1e-12)
    assert e.statistic == "hazard-ratio" and e.experimental_arm == "DB09073" and e.comparator_arm == "control"


def test_endpoint_of_the_estimate() -> None:
    _, r = record(
        ARMS + "Overall survival data remained immature at the time of the final PFS analysis, with 60 deaths "
        "in the palbociclib group and 63 in the letrozole-alone group (HR, 0.86; 95% CI, 0.61-1.23)."
    )
    assert [(e.endpoint, e.value.value) for e in r.effects] == [("overall-survival", 0.86)]
    _, r = record(ARMS + "This represented a reduction in the hazard for disease progression or death (HR, 0.75).")
    assert [(e.endpoint, e.value.value) for e in r.effects] == [("progression-free-survival", 0.75)]


def test_odds_ratio() -> None:
    _, r = record(ARMS + "Pathological complete response was more frequent (odds ratio, 2.10; 95% CI, 1.30 to 3.40).")
    assert [(e.endpoint, e.statistic, e.value.value) for e in r.effects] == [
        ("pathological-complete-response", "odds-ratio", 2.10)
    ]
