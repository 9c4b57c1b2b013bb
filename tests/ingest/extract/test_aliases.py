"""Names a document defines for its drugs and regimens: read where it uses them, arms and values on them."""

from trialkg.ingest.extract._aliases import defined_aliases
from trialkg.ingest.readers.text import read
from trialkg.tests.helpers import record


def _aliases(text: str) -> dict[str, list[str]]:
    return {k: sorted(d.label for d in v) for k, v in defined_aliases(read(text.encode(), "x.txt")).items()}


def test_names_defined_beside_a_run_of_drugs() -> None:
    # a platinum stands for "P"; "CT" for chemotherapy; the long form after the short name; one drug
    assert _aliases(
        "Patients received nivolumab (N) plus gemcitabine and either cisplatin or carboplatin (GP), or "
        "ipilimumab plus nivolumab and chemotherapy (I + N + CT). The control was docetaxel, ramucirumab "
        "(DR) or FOLFIRI. Arm B got BEV-X (bevacizumab plus capecitabine)."
    ) == {
        "N": ["Nivolumab"],
        "GP": ["Carboplatin", "Cisplatin", "Gemcitabine"],
        "I + N + CT": ["Ipilimumab", "Nivolumab"],
        "DR": ["Docetaxel", "Ramucirumab"],
        "BEV-X": ["Bevacizumab", "Capecitabine"],
    }


def test_a_name_whose_letters_do_not_start_the_drugs_is_no_definition() -> None:
    assert _aliases("Patients received nivolumab and ipilimumab (CTLA) or placebo (ITT, n = 400).") == {}


def test_arms_and_values_on_names_the_document_defines() -> None:
    # one-letter names are read only inside a combination ("N + GP"), never as a word elsewhere
    _, r = record(
        "Patients were randomly assigned 1:1:1 to nivolumab (N) plus gemcitabine and cisplatin (GP), "
        "tremelimumab (T) plus N + GP, or GP alone. Median overall survival was 14.1, 16.2 and 11.0 months with "
        "N + GP, T + N + GP and GP, respectively. N cells were counted."
    )
    drugs = {a.key: sorted(d.label for d in a.drugs) for a in r.arms}
    assert sorted(drugs.values()) == [[], ["Nivolumab"], ["Nivolumab", "Tremelimumab"]]
    by_drugs = {tuple(drugs[x.arm]): x.value.value for x in r.arm_results}
    assert by_drugs == {("Nivolumab",): 14.1, ("Nivolumab", "Tremelimumab"): 16.2, (): 11.0}


def test_a_title_that_sums_the_arms_up_names_no_arm() -> None:
    _, r = record(
        "Nivolumab With or Without Ipilimumab in Combination With Chemotherapy: The ALDER Trial\n"
        "Patients were randomly assigned 1:1:1 to ipilimumab plus nivolumab and chemotherapy (I + N + CT), "
        "nivolumab plus chemotherapy (N + CT), or chemotherapy alone (CT)."
    )
    assert sorted(sorted(d.label for d in a.drugs) for a in r.arms) == [[], ["Ipilimumab", "Nivolumab"], ["Nivolumab"]]


def test_a_name_defined_in_square_brackets_with_a_hyphen() -> None:
    assert _aliases("Patients received tisagenlecleucel [tisa-cel; a CAR T-cell therapy] or standard care.") == {
        "tisa-cel": ["Tisagenlecleucel"]
    }


def test_a_run_goes_over_brand_names_in_brackets_and_a_biologic_suffix_but_not_over_a_short_name() -> None:
    text = (
        "Adding brentuximab vedotin-xyzq (Adcetris) to cyclophosphamide, doxorubicin (Adriamycin), and "
        "prednisone (BV-CHP) was compared with cyclophosphamide, doxorubicin, vincristine and prednisone "
        "(CDVP). Separately, nivolumab (N) + ipilimumab (Ip) was studied."
    )
    assert _aliases(text) == {
        "BV-CHP": ["Brentuximab Vedotin", "Cyclophosphamide", "Doxorubicin", "Prednisone"],
        "CDVP": ["Cyclophosphamide", "Doxorubicin", "Prednisone", "Vincristine"],
        "N": ["Nivolumab"],
        "Ip": ["Ipilimumab"],
    }


def test_two_groups_named_together_with_their_sizes_are_the_arms() -> None:
    _, r = record(
        "Adding brentuximab vedotin to cyclophosphamide, doxorubicin, and prednisone (BV-CHP) improved outcomes "
        "over placebo plus cyclophosphamide, doxorubicin, vincristine, and prednisone (CHOP). The 3-year PFS "
        "rates were 61.2% and 55.0% in the BV-CHP (n = 226) and placebo/CHOP (n = 226) arms, respectively."
    )
    assert [(a.key, a.role, a.size.value if a.size else None) for a in r.arms] == [
        ("DB08870", "experimental", 226),
        ("control", "control", 226),
    ]
    assert {(x.arm, x.value.value, x.timepoint_months) for x in r.arm_results} == {
        ("DB08870", 61.2, 36.0),
        ("control", 55.0, 36.0),
    }
