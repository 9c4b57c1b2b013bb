"""Endpoints: roles, lists, assessors, unknown endpoints kept with their text."""

from trialkg.tests.helpers import record


def test_primary_and_secondary_lists_with_assessor() -> None:
    _, r = record(
        "The primary end point was investigator-assessed progression-free survival. Secondary end points "
        "included the objective response, clinical benefit, safety, and overall survival."
    )
    got = {e.key: (e.role and e.role.value, e.assessor and e.assessor.value) for e in r.endpoints}
    assert got == {
        "progression-free-survival": ("primary", "investigator"),
        "objective-response-rate": ("secondary", None),
        "clinical-benefit-rate": ("secondary", None),
        "safety": ("secondary", None),
        "overall-survival": ("secondary", None),
    }


def test_bicr_and_unknown_endpoint() -> None:
    _, r = record(
        "The primary endpoint was progression-free survival assessed by blinded independent central review. "
        "Secondary endpoints were overall survival and time to chemotherapy."
    )
    got = {e.key: (e.type, e.role and e.role.value, e.assessor and e.assessor.value) for e in r.endpoints}
    assert got["progression-free-survival"] == (
        "progression-free-survival",
        "primary",
        "blinded-independent-central-review",
    )
    assert got["time-to-chemotherapy"] == (None, "secondary", None)


def test_main_outcome_and_primary_endpoint_of() -> None:
    _, r = record("The main outcome measured was progression-free survival, with additional evaluations of safety.")
    assert [(e.key, e.role and e.role.value) for e in r.endpoints] == [("progression-free-survival", "primary")]
    _, r = record("The NOVA-2 trial met its primary endpoint of overall survival in patients with lung cancer.")
    assert [(e.key, e.role and e.role.value) for e in r.endpoints] == [("overall-survival", "primary")]


def test_outcomes_a_results_sentence_names_are_endpoints_without_a_role() -> None:
    _, r = record(
        "Patients were randomly assigned to receive letrozole with or without palbociclib. Palbociclib "
        "significantly improved progression-free survival and objective response rate. Previous trials have "
        "shown that CDK4/6 inhibitors improve overall survival."
    )
    assert {(e.type, e.role.value if e.role else None) for e in r.endpoints} == {
        ("progression-free-survival", None),
        ("objective-response-rate", None),
    }


def test_a_fragment_is_no_endpoint_and_takes_its_values_with_it() -> None:
    from trialkg.ingest.extract._outcome_labels import is_outcome_label

    for label in ("met", "Dr", "study", "respectively", "in the intention-to-treat population", "4 weeks",
                  "000 copies /mL", "phase 3 ALDER trial", "PD-L1 CPS >=10", "Baseline", "an American College"):  # fmt: skip
        assert not is_outcome_label(label), label
    for label in ("percentage time in range", "patient-reported outcomes", "FEV1", "mortality", "0-6-h weighted mean FEV1",
                  "VL <400 copies/ml", "change in PANSS total score from baseline"):  # fmt: skip
        assert is_outcome_label(label), label


def test_a_primary_outcome_named_as_a_composite_is_one_endpoint_and_ends_before_its_report() -> None:
    _, r = record(
        "Adults were randomized to drug A or placebo. The primary outcome of CV death, MI, or stroke occurred "
        "in 5.2% and 6.4% of patients."
    )
    assert [(e.key, e.text.value, e.role.value if e.role else None) for e in r.endpoints] == [
        ("major-adverse-cardiovascular-events", "CV death, MI, or stroke", "primary")
    ]


def test_one_outcome_said_in_the_singular_is_one_composite_endpoint() -> None:
    _, r = record(
        "The primary outcome was stroke, systemic embolism, or death from any cause. Secondary outcomes were "
        "overall survival and major bleeding."
    )
    primary = [e for e in r.endpoints if e.role and e.role.value == "primary"]
    assert [(e.type, e.text.value) for e in primary] == [(None, "stroke, systemic embolism, or death from any cause")]
    secondary = sorted(e.key for e in r.endpoints if e.role and e.role.value == "secondary")
    assert secondary == ["major-bleeding", "overall-survival"]


def test_two_endpoints_of_their_own_after_a_singular_verb_stay_two() -> None:
    _, r = record("The primary end point was progression-free survival and overall survival.")
    assert sorted(e.key for e in r.endpoints) == ["overall-survival", "progression-free-survival"]
