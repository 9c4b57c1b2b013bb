"""Baseline characteristics."""

from trialkg.tests.helpers import record


def test_baseline_phrasings() -> None:
    _, r = record(
        "The trial randomly assigned 500 patients. The median age was 61.5 years, and 98.0% of patients were "
        "female. Premenopausal patients comprised 20.4% of the population. Bone-only disease was present in "
        "18.2% of patients, and 7.1% had brain metastases at diagnosis. Most patients (80.3%) received an "
        "aromatase inhibitor as their endocrine therapy."
    )
    got = {(b.fact, b.percent.value if b.percent else b.value.value if b.value else None) for b in r.baseline}
    assert got == {
        ("median age", 61.5),
        ("female", 98.0),
        ("premenopausal", 20.4),
        ("bone-only disease", 18.2),
        ("brain metastases", 7.1),
        ("aromatase inhibitor as endocrine therapy", 80.3),
    }
