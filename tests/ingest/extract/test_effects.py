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
        # the abbreviation in brackets, equals signs
        (
            "PFS was longer (hazard ratio [HR] = 0.68, 95% confidence interval [CI] = 0.52-0.88, P = .004).",
            (0.68, 0.52, 0.88, 0.004, None),
        ),
        # the CI level given with the statistic, the bounds in brackets after the value
        ("For PFS, the hazard ratio [95% CI] was 0.702 [0.561-0.879].", (0.702, 0.561, 0.879, None, None)),
        # a CI with no level written
        ("PFS at 2 years: 44.1% vs 30.2% (HR 0.66 [0.49 – 0.90]).", (0.66, 0.49, 0.90, None, None)),
        # the P lost its letter in the source, inside the estimate's parentheses
        ("PFS was longer (HR, 0.62 [95% CI, 0.47 to 0.81]; < .001).", (0.62, 0.47, 0.81, 0.001, None)),
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


def test_a_threshold_is_not_an_estimate() -> None:
    _, r = record(
        ARMS + "Noninferiority of PFS was to be concluded if the upper limit of the 95% CI for the hazard ratio "
        "was below 1.25. The hazard ratio for PFS assuming an effect of this size was 0.70."
    )
    assert r.effects == []


def test_each_estimate_takes_the_endpoint_of_its_own_clause() -> None:
    _, r = record(
        ARMS + "The combination improved progression-free survival (median, 9.1 vs 6.2 months; HR = 0.64; "
        "95% CI, 0.50-0.82) and the key secondary end point of overall survival (median, 20.3 vs 17.9 months; "
        "HR = 0.83; 95% CI, 0.69-0.99)."
    )
    assert [(e.endpoint, e.value.value) for e in r.effects] == [
        ("progression-free-survival", 0.64),
        ("overall-survival", 0.83),
    ]


def test_respectively_pairs_estimates_with_endpoints_in_order() -> None:
    _, r = record(
        ARMS + "Both PFS and OS were longer with the combination (HR 0.58 [95% CI, 0.44-0.76] and "
        "HR 0.79 [95% CI, 0.63-0.99], respectively)."
    )
    assert [(e.endpoint, e.value.value) for e in r.effects] == [
        ("progression-free-survival", 0.58),
        ("overall-survival", 0.79),
    ]


THREE_ARMS = "Patients were randomly assigned 1:1:1 to tepotinib at 10 mg, tepotinib at 20 mg, or placebo. "


def test_in_a_trial_of_several_experimental_arms_each_estimate_names_its_arm() -> None:
    _, r = record(
        THREE_ARMS + "Progression-free survival was longer in the 10 mg group (hazard ratio, 0.71; 95% CI, "
        "0.55-0.92) and in the 20 mg group (hazard ratio, 0.60; 95% CI, 0.46-0.78) than with placebo."
    )
    arms = {a.key: a for a in r.arms}
    assert [(arms[e.experimental_arm or ""].label.value, e.comparator_arm, e.value.value) for e in r.effects] == [
        ("Tepotinib 10 mg", "control", 0.71),
        ("Tepotinib 20 mg", "control", 0.60),
    ]


def test_an_estimate_whose_arm_is_not_named_among_several_is_not_stated() -> None:
    _, r = record(THREE_ARMS + "Progression-free survival was longer with active treatment (hazard ratio, 0.66).")
    assert r.effects == []


XANO = "Patients were randomly assigned to xanomeline or placebo. "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The PANSS total score fell further with xanomeline; the least-squares mean difference from placebo "
            "was –8.4 (95 percent confidence interval, –12.1 to –4.7; p<0.001).",
            ("panss-total-score", -8.4, -12.1, -4.7, 0.001),
        ),
        (
            "An ACR20 response occurred in 61.0% with xanomeline and 33.2% with placebo (difference vs. placebo, "
            "27.8 percentage points; 97.5% CI, 19.9 to 35.6).",
            ("acr20", 27.8, 19.9, 35.6, None),
        ),
        (
            "Trough FEV1 improved with xanomeline (treatment difference 0.8% [95% CI −0.4 to 2.0]).",
            ("trough-fev1", 0.8, -0.4, 2.0, None),
        ),
    ],
)
def test_differences_between_arms(text: str, expected: tuple[str, float, float, float, float | None]) -> None:
    _, r = record(XANO + text)
    (e,) = r.effects
    p = e.p_value.value if e.p_value else None
    assert (
        e.endpoint,
        e.value.value,
        e.ci_lower.value if e.ci_lower else None,
        e.ci_upper.value if e.ci_upper else None,
        p,
    ) == expected
    assert e.statistic == "difference" and e.comparator_arm == "control"


def test_no_difference_and_a_difference_of_another_sentences_endpoint_are_not_stated() -> None:
    _, r = record(
        XANO + "The PANSS total score fell more with xanomeline. There was no significant difference in "
        "discontinuation (difference, 2.1%), nor a difference in ipi3 dosing."
    )
    assert r.effects == []


def test_differences_listed_with_respectively_in_a_trial_of_several_doses_are_not_stated() -> None:
    _, r = record(
        "Patients were randomized to aprocitentan 12.5 mg, aprocitentan 25 mg, or placebo. The change in "
        "systolic blood pressure was −15.3 mm Hg for aprocitentan 12.5 mg and −15.2 mm Hg for aprocitentan "
        "25 mg, for a difference versus placebo of −3.8 mm Hg (97.5% CI −6.8 to −0.8) and −3.7 mm Hg, "
        "respectively."
    )
    assert r.effects == []


def test_the_same_estimate_for_the_next_comparison_written_without_its_name() -> None:
    # "(HR ..., 95% CI ...) and for C versus B (0.63, 0.50-0.79; p<0.0001)": the second is a hazard ratio too
    _, r = record(
        "Patients were randomized to receive ribociclib 200 mg, ribociclib 400 mg, or letrozole. Overall "
        "survival was longer for ribociclib 200 mg versus letrozole (hazard ratio [HR] 0.75, 95% CI 0.60-0.91; "
        "p=0.002) and for ribociclib 400 mg versus letrozole (0.63, 0.50-0.79; p<0.0001)."
    )
    got = {
        (
            e.experimental_arm,
            e.comparator_arm,
            e.statistic,
            e.value.value,
            e.ci_lower.value,
            e.ci_upper.value,
            e.p_value.value,
        )
        for e in r.effects
        if e.ci_lower and e.ci_upper and e.p_value
    }
    assert got == {
        ("DB11730@200mg", "DB01006", "hazard-ratio", 0.75, 0.60, 0.91, 0.002),
        ("DB11730@400mg", "DB01006", "hazard-ratio", 0.63, 0.50, 0.79, 0.0001),
    }
    assert len(r.effects) == 2


def test_the_events_an_estimate_counts_name_its_endpoint() -> None:
    # a composite of cardiovascular events is MACE (never overall survival for its "death"); progression,
    # recurrence or death named well before the estimate is event-free survival; all-cause death is mortality
    _, r = record(
        "Adults were randomized to ticagrelor or placebo. The primary end point of cardiovascular death, MI, or "
        "stroke occurred in 6.9% with ticagrelor and 8.1% with placebo (HR 0.82; 95% CI, 0.70-0.96)."
    )
    assert {(e.endpoint, e.value.value) for e in r.effects} == {("major-adverse-cardiovascular-events", 0.82)}
    assert {ep.key for ep in r.endpoints} == {"major-adverse-cardiovascular-events"}
    _, r = record(
        "Adults were randomized to atezolizumab or placebo. With 22 months of median follow-up, an event of "
        "disease progression, local or distant recurrence, or death was recorded for 41 atezolizumab and 60 "
        "placebo recipients (HR 0.68; 95% CI, 0.50-0.92)."
    )
    assert {(e.endpoint, e.value.value) for e in r.effects} == {("event-free-survival", 0.68)}
    _, r = record(
        "Adults were randomized to dapagliflozin or placebo. Cardiovascular death (HR 0.81; 95% CI 0.55-1.19) and "
        "all-cause death (HR 0.72; 95% CI 0.52-1.01) were numerically lower with dapagliflozin."
    )
    assert ("all-cause-mortality", 0.72) in {(e.endpoint, e.value.value) for e in r.effects}
    assert "overall-survival" not in {e.endpoint for e in r.effects}


def test_a_bare_ci_may_share_its_bracket_with_the_p_value() -> None:
    _, r = record(
        "Patients were randomized to cabozantinib or placebo. The hazard ratio for overall survival was 0.64 "
        "(0.47-0.87, p=0.004, stratified log-rank)."
    )
    got = [(e.value.value, e.ci_lower and e.ci_lower.value, e.ci_upper and e.ci_upper.value) for e in r.effects]
    assert got == [(0.64, 0.47, 0.87)]


def test_a_ratio_in_a_sentence_about_an_adverse_event_is_not_the_endpoint_before() -> None:
    _, r = record(
        "Patients were randomized to cabozantinib or placebo. Progression-free survival was longer with "
        "cabozantinib (hazard ratio, 0.61; 95% CI, 0.48 to 0.79). Grade 3 or higher diarrhea occurred in 12% with "
        "cabozantinib and 2% with placebo (odds ratio, 6.1; 95% CI, 2.3 to 16.0)."
    )
    assert [(e.endpoint, e.value.value) for e in r.effects] == [("progression-free-survival", 0.61)]
