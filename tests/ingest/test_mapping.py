"""Mapping helpers."""

from pathlib import Path

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


def test_two_estimates_of_one_arm_against_two_comparators_are_two_nodes(tmp_path: Path) -> None:
    """A three-arm trial's "A+B vs C (HR 0.14)" and "A+B vs A (HR 0.58)" are two estimates, not a conflict
    that makes the document's graph invalid."""
    from trialkg.graph.store import TrialStore
    from trialkg.ingest.pipeline import ingest

    doc = tmp_path / "three_arms.txt"
    doc.write_text(
        "Patients were randomized to receive acalabrutinib monotherapy, acalabrutinib/obinutuzumab, or "
        "obinutuzumab/chlorambucil. PFS was prolonged with acalabrutinib/obinutuzumab versus "
        "obinutuzumab/chlorambucil (HR, 0.14; P<.0001) and with acalabrutinib/obinutuzumab versus acalabrutinib "
        "monotherapy (HR, 0.58; P=.0229).\n"
    )
    with TrialStore(tmp_path / "store") as st:
        report = ingest([doc], st)
        assert report.rejected == []
        values = sorted(
            float(r["v"])
            for r in st.query(
                "SELECT ?v WHERE { GRAPH ?g { ?e a <https://w3id.org/trialkg/ontology#EffectEstimate> ; "
                "<https://w3id.org/trialkg/ontology#value> ?v } }"
            )
        )
    assert values == [0.14, 0.58]
