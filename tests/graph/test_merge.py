"""Consistency rules of the merge: rounding with stated precision, approximations, broader concepts."""

from trialkg.graph.merge import approx_agree, concepts_agree, numbers_agree

V = "https://w3id.org/trialkg/vocab/"


def test_rounded_restatements_agree_only_at_the_stated_precision() -> None:
    assert numbers_agree(44.3, 44.3)
    assert numbers_agree(44.3, 44.0, 1, 0)  # "44 months" for 44.3
    assert numbers_agree(0.75, 0.8, 2, 1)  # "0.8" for 0.75
    assert not numbers_agree(0.75, 0.8, 2, 2)  # "0.80" is another value
    assert not numbers_agree(44.3, 44.4, 1, 1)
    assert not numbers_agree(518, 520, 0, 0)


def test_approximate_values() -> None:
    assert approx_agree(79.7, 80)  # "nearly 80%"
    assert approx_agree(10.0, 10)
    assert not approx_agree(79.7, 60)


def test_broader_concepts_agree() -> None:
    assert concepts_agree(V + "stage/metastatic", V + "stage/advanced")
    assert concepts_agree(V + "stage/advanced", V + "stage/locally-advanced")
    assert not concepts_agree(V + "stage/early", V + "stage/metastatic")
    assert not concepts_agree(V + "line-of-therapy/first-line", V + "line-of-therapy/second-line")
