"""Arms: allocation phrasings, distinguishing drugs vs backbone, roles, sizes, dosing, brand and code names."""

import pytest
from trialkg.ingest.records import TrialRecord
from trialkg.tests.helpers import FIXTURES, record


def arms(r: TrialRecord) -> dict[str, tuple[str, int | None, list[str]]]:
    return {a.key: (a.role, a.size.value if a.size else None, [d.label for d in a.drugs]) for a in r.arms}


def test_with_or_without_and_sizes_in_order() -> None:
    _, r = record(
        "Patients were randomly assigned to receive letrozole with or without palbociclib (261 and 257 "
        "individuals, respectively)."
    )
    assert arms(r) == {"DB09073": ("experimental", 261, ["Palbociclib"]), "control": ("control", 257, [])}
    assert r.arms[0].backbone is not None and r.arms[0].backbone.value == "letrozole"


def test_either_or_with_backbone_options_in_parentheses() -> None:
    _, r = record(
        "Patients were randomly assigned (2:1 ratio) to either palbociclib rechallenge plus second-line ET "
        "(fulvestrant or letrozole) or second-line ET alone. Overall, 136 and 62 patients were randomly "
        "assigned to palbociclib plus ET or ET alone, respectively."
    )
    assert arms(r) == {"DB09073": ("experimental", 136, ["Palbociclib"]), "control": ("control", 62, [])}


def test_n_equals_binds_to_the_arm_named_before_it() -> None:
    _, r = record(
        "Patients were randomized to abemaciclib plus fulvestrant (n = 200) or placebo plus fulvestrant (n = 100)."
    )
    assert arms(r) == {"DB12001": ("experimental", 200, ["Abemaciclib"]), "control": ("control", 100, [])}


@pytest.mark.parametrize("name", ["Ibrance", "PD-0332991", "palbociclib"])
def test_brand_and_code_names_resolve_to_the_same_drug(name: str) -> None:
    _, r = record(f"Patients were randomly assigned to receive letrozole with or without {name}.")
    assert [a.key for a in r.arms] == ["DB09073", "control"]


def test_unknown_agent_is_kept_by_name() -> None:
    _, r = record(
        "Adults were randomly assigned in a 1:1 ratio to sotorelin or observation. A total of 812 patients "
        "underwent randomization: 405 were assigned to the sotorelin group and 407 to the observation group."
    )
    assert arms(r) == {"name-sotorelin": ("experimental", 405, ["sotorelin"]), "control": ("control", 407, [])}


def test_dosing_schedule() -> None:
    _, r = record(
        "Patients were randomly assigned to receive letrozole with or without palbociclib. Palbociclib was "
        "administered orally at 125 mg daily for 21 days followed by 7 days off in 28-day cycles."
    )
    iv = r.arms[0].interventions[0]
    got = (
        iv.drug and iv.drug.label,
        iv.dose_amount and iv.dose_amount.value,
        iv.dose_unit and iv.dose_unit.value,
        iv.route and iv.route.value,
        iv.frequency and iv.frequency.value,
        iv.days_on and iv.days_on.value,
        iv.days_off and iv.days_off.value,
        iv.cycle_days and iv.cycle_days.value,
    )
    assert got == ("Palbociclib", 125.0, "mg", "oral", "daily", 21, 7, 28)
    assert r.arm("control") is not None and r.arm("control").interventions == []  # type: ignore[union-attr]


def test_weeks_on_off_schedule_and_placebo_control() -> None:
    _, r = record((FIXTURES / "abstract_placebo.txt").read_text())
    assert arms(r) == {"DB11730": ("experimental", 321, ["Ribociclib"]), "control": ("control", 319, [])}
    iv = r.arms[0].interventions[0]
    assert (
        iv.days_on and iv.days_on.value,
        iv.days_off and iv.days_off.value,
        iv.cycle_days and iv.cycle_days.value,
    ) == (21, 7, 28)


def test_dose_with_a_thousands_separator() -> None:
    _, r = record(
        "This placebo-controlled study randomly assigned 48 adults to metformin 1,000 mg daily (n = 17), "
        "sitagliptin 100 mg daily (n = 16), or placebo (n = 15)."
    )
    doses = {
        iv.drug.label: (iv.dose_amount.value, iv.dose_unit and iv.dose_unit.value)
        for a in r.arms
        for iv in a.interventions
        if iv.drug and iv.dose_amount
    }
    assert doses["Metformin"] == (1000.0, "mg")


def test_elliptical_size_of_the_second_arm() -> None:
    _, r = record(
        "Patients were randomly assigned to receive everolimus plus letrozole or placebo plus letrozole. "
        "Of 511 patients, 114 were assigned to everolimus plus letrozole and 397 to placebo plus letrozole."
    )
    assert sorted((a.role, a.size.value if a.size else None) for a in r.arms) == [
        ("control", 397),
        ("experimental", 114),
    ]


def test_sizes_with_thousands_separators() -> None:
    _, r = record(
        "Patients were randomly assigned to receive letrozole with or without palbociclib (n = 1,204 and "
        "n = 1,150, respectively)."
    )
    assert arms(r) == {"DB09073": ("experimental", 1204, ["Palbociclib"]), "control": ("control", 1150, [])}


def test_a_large_number_in_a_baseline_aside_is_never_a_group_size() -> None:
    _, r = record(
        "We randomized adults to receive raltegravir or atazanavir. We enrolled 312 patients at 9 sites (55% "
        "female, 30% with viral load >100,000). At baseline, 40.5% overall had resistance."
    )
    assert {k: v[1] for k, v in arms(r).items()} == {"DB06817": None, "DB01072": None}


def _sizes(r: TrialRecord) -> dict[str, int | None]:
    return {a.key: a.size.value if a.size else None for a in r.arms}


@pytest.mark.parametrize(
    "text",
    [
        "Adults were randomly assigned 1:1:1 to receive ribociclib once daily at 200 mg (n = 101), 400 mg "
        "(n = 99), or placebo (n = 100).",
        "Adults were randomized to ribociclib 200, 400, or placebo. ",  # no unit: no dose levels
        "In total, 300 adults were randomized to receive ribociclib (200 mg, n = 101; 400 mg, n = 99) or "
        "placebo (n = 100).",
        "Adults were randomly assigned to receive ribociclib at a dose of 200 mg, ribociclib at a dose of 400 mg, "
        "or placebo; 101, 99 and 100 were treated.",
    ],
)
def test_dose_levels_of_one_drug_are_arms_of_their_own(text: str) -> None:
    _, r = record(text)
    if "200," in text:
        assert [a.key for a in r.arms] == ["DB11730", "control"]
        return
    assert [a.key for a in r.arms] == ["DB11730@200mg", "DB11730@400mg", "control"]
    assert [a.label.value for a in r.arms[:2]] == ["Ribociclib 200 mg", "Ribociclib 400 mg"]
    dose = [
        (iv.dose_amount.value, iv.dose_unit.value)
        for a in r.arms[:2]
        for iv in a.interventions
        if iv.dose_amount and iv.dose_unit
    ]
    assert dose == [(200.0, "mg"), (400.0, "mg")]
    if "n = " in text:
        assert _sizes(r) == {"DB11730@200mg": 101, "DB11730@400mg": 99, "control": 100}


def test_a_schedule_of_one_arm_is_not_dose_levels() -> None:
    _, r = record(
        "Women were randomly assigned to receive pertuzumab 840 mg followed by 420 mg every 3 weeks or placebo."
    )
    assert [a.key for a in r.arms] == ["DB06366", "control"]


def test_results_of_dose_arms_follow_their_dose() -> None:
    _, r = record(
        "Adults were randomly assigned to receive ribociclib 200 mg, ribociclib 400 mg, or placebo. The "
        "objective response rate was 31.0% with 400 mg, 22.5% with 200 mg and 10.1% with placebo."
    )
    got = {(x.arm, x.value.value) for x in r.arm_results}
    assert got == {("DB11730@400mg", 31.0), ("DB11730@200mg", 22.5), ("control", 10.1)}


def test_a_total_before_the_groups_is_never_a_group_size() -> None:
    _, r = record(
        "From May 2016 through June 2019, 412 patients were randomly assigned to the three cohorts: ribociclib "
        "200 mg (n = 140), ribociclib 400 mg (n = 136) or placebo (n = 136)."
    )
    assert r.randomized_count is not None and r.randomized_count.value == 412
    assert _sizes(r) == {"DB11730@200mg": 140, "DB11730@400mg": 136, "control": 136}
    _, r = record(
        "Adults were randomized to ribociclib 200 mg, ribociclib 400 mg or placebo. The analysis population "
        "included 650 participants: placebo, n = 210; ribociclib 200 mg, n = 220; 400 mg, n = 220."
    )
    assert _sizes(r) == {"DB11730@200mg": 220, "DB11730@400mg": 220, "control": 210}


def test_a_loading_and_maintenance_schedule_in_brackets_is_one_arm() -> None:
    _, r = record(
        "Participants were randomized 2:1:1 to receive secukinumab (300 mg at week 0, 150 mg every 2 weeks), "
        "placebo, or adalimumab (80 mg at week 0, 40 mg every week)."
    )
    assert not any(a.level for a in r.arms)


def test_three_alternatives_in_a_comma_list_with_an_investigators_choice_control() -> None:
    _, r = record(
        "Patients were randomly assigned 1:1:1 to nivolumab (n = 240), nivolumab plus ipilimumab (n = 247), or "
        "investigator's choice of chemotherapy (docetaxel, paclitaxel, or gemcitabine) (n = 249)."
    )
    assert arms(r) == {
        "DB09035": ("experimental", 240, ["Nivolumab"]),
        "DB06186+DB09035": ("experimental", 247, ["Ipilimumab", "Nivolumab"]),
        "control": ("control", 249, []),
    }


def test_we_randomly_assigned_the_total_is_no_arm_size() -> None:
    _, r = record(
        "We randomly assigned 930 patients, in a 1:1:1 ratio, to nivolumab alone, to nivolumab plus ipilimumab, "
        "or to ipilimumab alone."
    )
    assert {k: v[1] for k, v in arms(r).items()} == {"DB09035": None, "DB06186+DB09035": None, "DB06186": None}
    assert arms(r)["DB06186"][0] == "control"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "In the phase 3 ORBIT-5 trial of 702 patients, this study compared the effect of ribociclib plus "
            "letrozole vs placebo plus letrozole on overall survival in women with advanced breast cancer.",
            {"DB11730": ("experimental", None, ["Ribociclib"]), "control": ("control", None, [])},
        ),
        (
            "Patients were randomized 1:1 to tisagenlecleucel [tisa-cel; autologous CAR T-cell therapy; one "
            "infusion] or standard of care (SOC; 2 cycles of chemotherapy).",
            {"DB13881": ("experimental", None, ["Tisagenlecleucel"]), "control": ("control", None, [])},
        ),
        (
            "Patients were randomly assigned 1:1:1 to: carboplatin/paclitaxel plus nivolumab placebo followed by "
            "placebo maintenance (control arm); carboplatin/paclitaxel plus nivolumab followed by maintenance "
            "nivolumab plus olaparib placebo (nivolumab arm); or carboplatin/paclitaxel plus nivolumab followed "
            "by maintenance nivolumab plus olaparib (nivolumab + olaparib arm).",
            {
                "DB09035": ("experimental", None, ["Nivolumab"]),
                "DB09035+DB09074": ("experimental", None, ["Nivolumab", "Olaparib"]),
                "control": ("control", None, []),
            },
        ),
        (
            "Patients were randomised (2:2:1:1) to tofacitinib 5 mg or 10 mg, placebo followed by tofacitinib "
            "5 mg or placebo followed by tofacitinib 10 mg at week 24.",
            {
                "DB08895@5mg": ("experimental", None, ["Tofacitinib"]),
                "DB08895@10mg": ("experimental", None, ["Tofacitinib"]),
                "control": ("control", None, []),
            },
        ),
    ],
)
def test_allocation_phrasings(text: str, want: dict[str, tuple[str, int | None, list[str]]]) -> None:
    _, r = record(text)
    assert arms(r) == want


def test_the_arm_only_named_after_versus_is_the_active_control() -> None:
    _, r = record(
        "Patients were randomly assigned to tremelimumab plus durvalumab, durvalumab, or sunitinib. "
        "Overall survival was longer with tremelimumab plus durvalumab versus sunitinib, and durvalumab "
        "was noninferior compared with sunitinib."
    )
    assert {a.label.value: a.role for a in r.arms}["sunitinib"] == "control"
    assert sorted(a.role for a in r.arms) == ["control", "experimental", "experimental"]


def test_a_placebo_alternative_with_the_backbone_is_the_control_arm() -> None:
    _, r = record(
        "Patients were randomized 1:1 to receive pembrolizumab or placebo in combination with carboplatin "
        "plus pemetrexed for 4 cycles, followed by pembrolizumab or placebo maintenance."
    )
    assert sorted((a.role, [d.label for d in a.drugs]) for a in r.arms) == [
        ("control", []),
        ("experimental", ["Pembrolizumab"]),
    ]


def test_dose_groups_named_in_the_results_are_arms_of_the_one_drug() -> None:
    # no allocation sentence: the groups are named by dose only, and the document names one drug
    _, r = record(
        "Results of the phase 2 study of zanidatamab were presented. The confirmed response rate was 38.2% "
        "in the 10 mg/kg arm and 45.0% in the 20 mg/kg arm. Median follow-up was 9.1 months in the "
        "10 mg/kg arm and 8.7 months in the 20 mg/kg arm."
    )
    assert [(a.label.value, a.level) for a in r.arms] == [
        ("Zanidatamab 10 mg/kg", (10.0, "mg/kg")),
        ("Zanidatamab 20 mg/kg", (20.0, "mg/kg")),
    ]
    # a follow-up time is never a result, also in the second half of "follow-up was X in A and Y in B"
    label = {a.key: a.label.value for a in r.arms}
    assert sorted((label[res.arm], res.value.value) for res in r.arm_results) == [
        ("Zanidatamab 10 mg/kg", 38.2),
        ("Zanidatamab 20 mg/kg", 45.0),
    ]


def test_doses_of_one_drug_with_a_partner_and_a_control_named_as_groups() -> None:
    _, r = record(
        "Patients treated with adagrasib at 400 mg plus cetuximab (n = 61) had a median PFS of 6.9 months "
        "compared with 3.1 months for those given investigator's choice of therapy (n = 60). The median PFS "
        "was 5.2 months in patients treated with adagrasib at 200 mg plus cetuximab (n = 59)."
    )
    arms = {a.label.value: a for a in r.arms}
    assert sorted(arms) == [
        "Adagrasib 200 mg plus Cetuximab",
        "Adagrasib 400 mg plus Cetuximab",
        "investigator's choice of therapy",
    ]
    got = {(arms_label, res.value.value) for res in r.arm_results for arms_label, a in arms.items() if a.key == res.arm}
    assert got == {
        ("Adagrasib 400 mg plus Cetuximab", 6.9),
        ("investigator's choice of therapy", 3.1),
        ("Adagrasib 200 mg plus Cetuximab", 5.2),
    }


def test_a_single_dose_with_no_group_word_makes_no_levels() -> None:
    _, r = record(
        "Patients received adagrasib 400 mg twice daily. A loading dose of 800 mg was given on day 1, then "
        "400 mg twice daily."
    )
    assert all(a.level is None for a in r.arms)


def test_a_regimen_named_by_its_abbreviation_is_the_drugs_it_is_spelled_out_as() -> None:
    _, r = record(
        "Patients were randomized to FOLFIRINOX (fluorouracil, leucovorin, irinotecan, and oxaliplatin) or "
        "gemcitabine. Median overall survival was 11.1 months in the FOLFIRINOX group (n = 171) and 6.8 "
        "months in the gemcitabine group (n = 171)."
    )
    regimen, single = sorted(r.arms, key=lambda a: -len(a.drugs))
    assert sorted(d.label for d in regimen.drugs) == ["Fluorouracil", "Irinotecan", "Leucovorin", "Oxaliplatin"]
    assert {(x.arm, x.value.value) for x in r.arm_results} == {(regimen.key, 11.1), (single.key, 6.8)}


def test_an_option_of_the_shared_therapy_is_not_an_arm_when_the_allocation_lists_the_arms() -> None:
    _, r = record(
        "Standard therapy is chemotherapy with or without bevacizumab. Patients were randomized to receive "
        "pembrolizumab or placebo plus chemotherapy and, at the investigator's discretion, bevacizumab."
    )
    assert sorted((a.role, [d.label for d in a.drugs]) for a in r.arms) == [
        ("control", []),
        ("experimental", ["Pembrolizumab"]),
    ]


def test_versus_overrides_an_arm_made_control_for_being_given_alone() -> None:
    _, r = record(
        "Patients were randomized to receive acalabrutinib monotherapy, acalabrutinib plus obinutuzumab, or "
        "obinutuzumab plus chlorambucil. Progression-free survival was longer with acalabrutinib plus "
        "obinutuzumab versus obinutuzumab plus chlorambucil and with acalabrutinib versus obinutuzumab plus "
        "chlorambucil."
    )
    roles = {tuple(sorted(d.label for d in a.drugs)): a.role for a in r.arms}
    assert roles == {
        ("Acalabrutinib",): "experimental",
        ("Acalabrutinib", "Obinutuzumab"): "experimental",
        ("Chlorambucil", "Obinutuzumab"): "control",
    }


def _doses(r: TrialRecord) -> dict[str, tuple[object, ...]]:
    out: dict[str, tuple[object, ...]] = {}
    for a in r.arms:
        for iv in a.interventions:
            out[iv.drug.label if iv.drug else "?"] = (
                iv.dose_amount and iv.dose_amount.value,
                iv.dose_unit and iv.dose_unit.value,
                iv.route and iv.route.value,
                iv.frequency and iv.frequency.value,
            )
    return out


def test_each_dose_of_a_sentence_with_its_own_route_and_schedule() -> None:
    _, r = record(
        "Patients were randomly assigned to receive oral tovorafenib 400 mg once weekly or intravenous "
        "dacarbazine 1000 mg per square meter every 3 weeks."
    )
    assert _doses(r) == {
        "Tovorafenib": (400.0, "mg", "oral", "once weekly"),
        "Dacarbazine": (1000.0, "mg/m2", "intravenous", "every 3 weeks"),
    }


def test_dose_levels_take_the_schedule_written_after_their_own_amount() -> None:
    _, r = record(
        "Participants were randomized 1:1:1 to placebo, rimegepant 30 mg twice daily (BID), or rimegepant "
        "60 mg once daily (QD) for 12 weeks."
    )
    assert sorted(
        (a.level, iv.frequency and iv.frequency.value) for a in r.arms if a.level for iv in a.interventions
    ) == [
        ((30.0, "mg"), "twice daily"),
        ((60.0, "mg"), "daily"),
    ]


def test_doses_given_respectively_loading_doses_and_alternatives_are_not_an_arms_dose() -> None:
    _, r = record(
        "Patients were randomized to risankizumab or placebo. Risankizumab and methotrexate were given at 150 mg "
        "and 15 mg, respectively. Ustekinumab was given at 45 or 90 mg by weight."
    )
    assert all(iv.dose_amount is None for a in r.arms for iv in a.interventions)


def test_drugs_by_shorthand_and_by_the_abbreviations_the_text_defines() -> None:
    _, r = record(
        "Patients were randomized to a single dose of baloxavir marboxil (BXM), placebo (PLC), or oseltamivir. "
        "Others received pembro 200 mg or pbo every 3 weeks."
    )
    assert {d.label for a in r.arms for d in a.drugs} >= {"Baloxavir Marboxil", "Oseltamivir"}
    _, r = record("Pts were randomized 1:1 to receive pembro 200 mg or pbo IV every 3 weeks, both with chemo.")
    assert sorted((a.role, [d.label for d in a.drugs]) for a in r.arms) == [
        ("control", []),
        ("experimental", ["Pembrolizumab"]),
    ]


def test_standard_regimens_by_their_acronym_and_a_regimen_the_text_spells_out() -> None:
    _, r = record(
        "Patients with Hodgkin lymphoma were treated with A+AVD (brentuximab vedotin plus doxorubicin, "
        "vinblastine, and dacarbazine). Patients were randomized 1:1 to receive up to 6 cycles of A+AVD (n=664) "
        "or ABVD (n=670). Seven-year PFS rates with A+AVD versus ABVD were 81.0% vs 73.9%, respectively."
    )
    drugs = {tuple(sorted(d.label for d in a.drugs)): a for a in r.arms}
    assert set(drugs) == {
        ("Brentuximab Vedotin", "Dacarbazine", "Doxorubicin", "Vinblastine"),
        ("Bleomycin", "Dacarbazine", "Doxorubicin", "Vinblastine"),
    }
    label = {a.key: min(d.label for d in a.drugs) for a in r.arms}
    assert {(label[x.arm], x.value.value, x.timepoint_months) for x in r.arm_results} == {
        ("Brentuximab Vedotin", 81.0, 84.0),
        ("Bleomycin", 73.9, 84.0),
    }


def test_registry_arm_groups_are_the_arms_with_their_roles_drugs_and_dose_levels() -> None:
    # a registry record's arm-group lines: two dose levels of one drug, and a placebo comparator
    _, r = record(
        "A randomized study of trastuzumab deruxtecan.\nArm | Intervention/treatment |\n"
        "Experimental: T-DXd 5.4 mg/kg\nParticipants receive trastuzumab deruxtecan 5.4 mg/kg every 3 weeks.\n"
        "Experimental: T-DXd 7.4 mg/kg\nParticipants receive trastuzumab deruxtecan 7.4 mg/kg every 3 weeks.\n"
        "Placebo Comparator: Placebo\nParticipants receive placebo every 3 weeks.\n"
    )
    assert [(a.key, a.role, a.level) for a in r.arms] == [
        ("DB14962@5.4mg/kg", "experimental", (5.4, "mg/kg")),
        ("DB14962@7.4mg/kg", "experimental", (7.4, "mg/kg")),
        ("control", "control", None),
    ]
    assert [a.label.value for a in r.arms] == ["T-DXd 5.4 mg/kg", "T-DXd 7.4 mg/kg", "Placebo"]


def test_registry_arm_groups_drugs_every_arm_gets_are_not_what_tells_them_apart() -> None:
    _, r = record(
        "Experimental: Avelumab + chemoradiation\nAvelumab 10 mg/kg IV plus cisplatin 100 mg/m2 IV.\n"
        "Active Comparator: Chemoradiation\nCisplatin 100 mg/m2 IV with radiotherapy.\n"
    )
    assert arms(r) == {"DB11945": ("experimental", None, ["Avelumab"]), "control": ("control", None, [])}


def test_a_development_code_given_with_a_dose_is_a_drug_with_dose_levels() -> None:
    # a code the lexicon does not know, named a drug by its doses and by an apposition
    _, r = record(
        "ABX4412, an investigational oral antiviral, was tested in adults with influenza. Participants were "
        "randomized to receive one of three ABX4412 doses (100 mg, 200 mg, 400 mg) or placebo."
    )
    assert [a.key for a in r.arms] == [
        "name-abx4412@100mg",
        "name-abx4412@200mg",
        "name-abx4412@400mg",
        "control",
    ]
    assert [d.value.label for d in r.drugs_mentioned] == ["ABX4412"]


def test_codes_that_name_no_drug_stay_unknown() -> None:
    # a marker, a registry number and a code without dose or apposition
    _, r = record("CD133 expression and NCT01234567 were recorded; ZQ1234 samples were stored.")
    assert r.drugs_mentioned == []


def test_doses_per_square_metre_written_with_a_bracketed_superscript() -> None:
    # PubMed's plain text writes m² as "m(2)": the unit is mg/m2 and the "2" counts no one
    _, r = record(
        "Patients were randomly assigned to receive pembrolizumab 200 mg or docetaxel 60 mg/m(2) every 3 weeks."
    )
    doses = {
        (a.key, iv.dose_amount.value, iv.dose_unit.value)
        for a in r.arms
        for iv in a.interventions
        if iv.dose_amount and iv.dose_unit
    }
    assert doses == {("DB09037", 200.0, "mg"), ("DB01248", 60.0, "mg/m2")}
    assert all(a.size is None for a in r.arms)


def test_sizes_in_brackets_after_each_alternative_of_the_allocation() -> None:
    _, r = record(
        "Overall 606 adults entered the trial and were assigned at random to take apixaban "
        "(305 patients) or placebo (301 patients)."
    )
    assert arms(r) == {"DB06605": ("experimental", 305, ["Apixaban"]), "control": ("control", 301, [])}


def test_an_active_comparator_beside_placebo_is_a_control_too() -> None:
    for text in (
        "Tocilizumab versus Placebo or Adalimumab in Arthritis\nPatients were randomly assigned to receive "
        "tocilizumab, placebo, or adalimumab.",
        "Patients were randomly assigned 2:1:1 to receive tocilizumab, placebo, or reference arm adalimumab.",
    ):
        _, r = record(text)
        assert {a.key: a.role for a in r.arms} == {
            "DB06273": "experimental",
            "DB00051": "control",
            "control": "control",
        }, text
    # a drug the text never names as a comparator stays experimental
    _, r = record("Patients were randomly assigned to receive tocilizumab, placebo, or adalimumab.")
    assert {a.key: a.role for a in r.arms}["DB00051"] == "experimental"


@pytest.mark.parametrize(
    "text",
    [
        # column heads of a results table, each size on the line below its head
        "Topline results of the dose-ranging study.\nLacosamide 50 mg\n(N=80)\nLacosamide 100 mg\n(N=79)\n"
        "Placebo\n(N=81)\nResponders\n31.2%\n40.5%\n18.5%\n",
        # a registry's intervention lines
        "Study of lacosamide in adults.\nDrug: Lacosamide 50 mg\nOral tablet of lacosamide\n"
        "Drug: Lacosamide 100 mg\nOral tablet of lacosamide\nDrug: Placebo\nMatching tablet\n",
        # doses as a list after the drug, and results named by dose
        "A placebo-controlled trial tested lacosamide at daily doses of 50 mg and 100 mg. The response rate "
        "was 18.5% with placebo, 31.2% with 50 mg lacosamide and 40.5% for the 100 mg dose.",
        "Each part of the study assessed lacosamide doses of either 50 mg BID or 100 mg BID against placebo.",
    ],
)
def test_dose_groups_named_without_an_allocation_sentence_are_arms(text: str) -> None:
    _, r = record(text)
    assert [a.key for a in r.arms] == ["DB06218@50mg", "DB06218@100mg", "control"]
    assert r.arms[-1].role == "control"


def test_doses_in_one_drug_schedule_stay_one_arm_without_an_allocation() -> None:
    # a loading dose and the dose after it are one schedule, whatever the line layout
    _, r = record(
        "Lacosamide versus placebo in adults.\nPatients received lacosamide 200 mg as a loading dose "
        "followed by lacosamide 100 mg twice daily, or placebo."
    )
    assert [a.key for a in r.arms] == ["DB06218", "control"]


def test_amounts_of_one_list_before_the_word_doses_are_levels() -> None:
    _, r = record(
        "Adults were randomized to placebo or erenumab. Nausea was more frequent with the 70 mg and 140 mg "
        "doses of erenumab, and patients on erenumab 70 mg reported less fatigue than those on placebo."
    )
    assert [a.key for a in r.arms] == ["DB14039@70mg", "DB14039@140mg", "control"]


def test_an_and_list_of_dose_levels_and_placebo_is_alternatives() -> None:
    # "A 100 mg (...loading...), A 200 mg (...), and placebo": three arms, the loading doses are no levels
    _, r = record(
        "Outpatients were randomized to oral lacosamide 100 mg (300 mg loading dose on day 1), lacosamide "
        "200 mg (600 mg loading dose on day 1), and placebo once daily, for 7 days."
    )
    assert [a.key for a in r.arms] == ["DB06218@100mg", "DB06218@200mg", "control"]


def test_an_and_list_of_drugs_is_one_combination() -> None:
    _, r = record("Patients were randomized to receive paclitaxel, carboplatin, and bevacizumab or observation.")
    assert len([a for a in r.arms if a.role == "experimental"]) == 1


@pytest.mark.parametrize(
    ("text", "arms_"),
    [
        ("Researchers compared denosumab with alendronate in 600 postmenopausal women.", ["DB06643", "control"]),
        ("Women taking fezolinetant 45 mg had fewer hot flashes than those taking placebo.", ["DB15669", "control"]),
        # "comparing A and B in patients with X": no comparison of A with X
        ("A trial comparing nilotinib and imatinib in patients with newly diagnosed leukemia.", []),
    ],
)
def test_arms_of_a_comparison_or_of_what_groups_take(text: str, arms_: list[str]) -> None:
    _, r = record(text)
    assert [a.key for a in r.arms] == arms_


def test_dose_groups_named_by_what_they_were_treated_with_and_a_placebo_group() -> None:
    _, r = record(
        "In the trial, 22% of patients treated with 400 mg lacosamide and 12% of those treated with 200 mg "
        "lacosamide were seizure free, compared with 4% in the placebo group."
    )
    assert [a.key for a in r.arms] == ["DB06218@200mg", "DB06218@400mg", "control"]


def test_a_regimen_spelled_out_in_brackets_after_its_short_name_and_its_results_by_that_name() -> None:
    # "NC (3 cycles of docetaxel and fluorouracil) then RT" versus "RT alone (7 weeks)": the bracket names
    # the arm's drugs; "NC/RT" and "RT alone" name the arms; durations are no values
    _, r = record(
        "Adults were allocated (1:1) to RT alone (7 weeks) or NC (3 cycles of docetaxel and fluorouracil) and "
        "then the same RT from week 10. Time from NC to RT 9 days (median). Grade 3 or worse adverse events: "
        "58% (NC/RT) vs. 44% (RT alone). 3-year PFS rate 75% NC/RT and 66% RT alone."
    )
    assert [(a.key, a.role) for a in r.arms] == [("DB00544+DB01248", "experimental"), ("control", "control")]
    assert {(x.arm, x.endpoint, x.value.value, x.timepoint_months) for x in r.arm_results} == {
        ("DB00544+DB01248", "progression-free-survival", 75.0, 36.0),
        ("control", "progression-free-survival", 66.0, 36.0),
    }
    assert {(a.arm, a.grade, a.percent.value) for a in r.adverse_events if a.percent} == {
        ("DB00544+DB01248", ">=3", 58.0),
        ("control", ">=3", 44.0),
    }


def test_a_telegraphic_versus_line_with_sizes_and_months_written_mos() -> None:
    _, r = record(
        "Open-label randomised phase 3 study [KESTREL-88/OMEGA-1].\nDurvalumab+gemcitabine (n=210) vs "
        "placebo+gemcitabine (n=208), given until progression.\nMedian OS: 12.8 mos vs 11.5 mos (HR 0.80)"
    )
    assert [a.value for a in r.acronyms] == ["KESTREL-88"]
    assert [(a.key, a.role, a.size.value if a.size else None) for a in r.arms] == [
        ("DB11714", "experimental", 210),
        ("control", "control", 208),
    ]
    assert {(x.arm, x.value.value, x.unit) for x in r.arm_results} == {
        ("DB11714", 12.8, "months"),
        ("control", 11.5, "months"),
    }


def test_sizes_after_each_arms_dose_and_schedule_and_a_total_before_them() -> None:
    # "a total of N ... to A every 8 weeks (n1 patients), B 150 or 300 mg at weeks 0 and 4 and then every 4
    # weeks (n2 patients), or placebo (n3 patients)": sized arms, none of them the total
    _, r = record(
        "A total of 625 adults were enrolled and randomly assigned to guselkumab 100 mg every 8 weeks (320 "
        "patients), secukinumab 150 or 300 mg at weeks 0 and 2 and monthly thereafter (203 patients), or placebo "
        "(102 patients)."
    )
    assert _sizes(r) == {"DB11834": 320, "DB09029": 203, "control": 102}
    assert [a.key for a in r.arms] == ["DB11834", "DB09029", "control"]  # "150 or 300 mg" is one arm's dose


def test_levels_given_as_alternatives_share_the_schedule_after_them_and_a_reference_arm_is_a_control() -> None:
    _, r = record(
        "LUMEN-4, a placebo-controlled phase 2b study, randomly assigned adults 1:1:1:1:1 to subcutaneous "
        "mirikizumab 50 mg, 200 mg, or 600 mg every 4 weeks; subcutaneous vedolizumab 108 mg every 2 weeks; or "
        "placebo. Vedolizumab served as the reference drug."
    )
    assert [(a.key, a.role) for a in r.arms] == [
        ("DB14910@50mg", "experimental"),
        ("DB14910@200mg", "experimental"),
        ("DB14910@600mg", "experimental"),
        ("DB09033", "control"),
        ("control", "control"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Participants received either lemborexant 5 mg, lemborexant 10 mg, or zolpidem 6.25 mg for one month.",
            [
                ("DB11951@5mg", "experimental", None),
                ("DB11951@10mg", "experimental", None),
                ("DB00425", "control", None),
            ],
        ),
        (
            "Infants with SMA received nusinersen (n=78) or a sham procedure (n=39).",
            [("DB13161", "experimental", 78), ("control", "control", 39)],
        ),
        (
            "Patients received lenvatinib 24 mg/day or placebo in 28-day cycles.",
            [("DB09078", "experimental", None), ("control", "control", None)],
        ),
        # what patients had received before is no allocation
        ("Patients had received trastuzumab or pertuzumab before enrolment.", []),
    ],
)
def test_what_groups_received_said_as_alternatives(text: str, expected: list[tuple[str, str, int | None]]) -> None:
    _, r = record(text)
    assert [(a.key, a.role, a.size.value if a.size else None) for a in r.arms] == expected


def test_a_drug_added_to_standard_chemotherapy_is_the_experimental_arm() -> None:
    # "standard" names the backbone both arms share, not the drug's arm as a control
    _, r = record(
        "The NOVA-7 trial randomized 310 adults 1:1 to camrelizumab with standard chemotherapy, or placebo with "
        "standard chemotherapy, until progression."
    )
    assert {k: (role, drugs) for k, (role, _, drugs) in arms(r).items()} == {
        "DB14776": ("experimental", ["Camrelizumab"]),
        "control": ("control", []),
    }


def test_groups_listed_with_their_sizes_name_the_arms() -> None:
    _, r = record("Of 1,600 randomized adults, 1,588 were vaccinated (RSVPreF3 OA: 795; placebo: 793).")
    assert {k: role for k, (role, _, _) in arms(r).items()} == {"DB17762": "experimental", "control": "control"}
    _, r = record("Treatment groups\nN=151 tislelizumab (200 mg every 3 weeks).\nN=150 placebo (every 3 weeks).\n")
    assert arms(r) == {"DB14922": ("experimental", 151, ["Tislelizumab"]), "control": ("control", 150, [])}


def test_three_arms_after_a_heading_with_the_shared_procedure_alone_as_control() -> None:
    # "to 3 treatment arms:" heads the list; "HAIC monotherapy" is the procedure every arm has, alone; each
    # n follows its arm's whole name
    _, r = record(
        "Patients were randomized 1:1:1 to 3 treatment arms: lenvatinib plus toripalimab with HAIC (n=120), "
        "lenvatinib plus HAIC (n=118), or HAIC monotherapy (n=121). Median PFS was 11.2 months with lenvatinib "
        "plus toripalimab with HAIC versus 6.1 months with HAIC monotherapy."
    )
    assert {k: (role, size) for k, (role, size, _) in arms(r).items()} == {
        "DB09078+DB15043": ("experimental", 120),
        "DB09078": ("experimental", 118),
        "control": ("control", 121),
    }
    assert {(x.arm, x.value.value) for x in r.arm_results} == {("DB09078+DB15043", 11.2), ("control", 6.1)}


FLOW = """Results of a dose-ranging study (NCT09990001)

Participant milestones

Participant milestones
Measure
Placebo
Matching placebo tablet once daily for 12 weeks.
Ozanimod 0.5 mg
Ozanimod 0.5 mg tablet once daily for 12 weeks.
Ozanimod 1 mg
Ozanimod 1 mg tablet once daily for 12 weeks.
Overall Study
STARTED
61
63
60
Overall Study
COMPLETED
55
58
57
"""


def test_groups_of_a_records_participant_flow_with_the_numbers_who_started() -> None:
    _, r = record(FLOW)
    assert {k: (role, size) for k, (role, size, _) in arms(r).items()} == {
        "control": ("control", 61),
        "DB12612@0.5mg": ("experimental", 63),
        "DB12612@1mg": ("experimental", 60),
    }


def test_a_participant_flow_in_cells_and_a_reference_drug_as_control() -> None:
    # cells between bars; a group of another drug beside the studied drug's levels is their reference
    text = (
        "Participant milestones\n| Measure |\nOzanimod 0.5 mg\n|\nOzanimod 1 mg\n|\nAdalimumab 40 mg\n|\n"
        "|---|---|---|\n|\nOverall Study\nSTARTED\n|\n40\n|\n42\n|\n41\n|\n"
    )
    _, r = record(text)
    assert {k: (role, size) for k, (role, size, _) in arms(r).items()} == {
        "DB12612@0.5mg": ("experimental", 40),
        "DB12612@1mg": ("experimental", 42),
        "DB00051@40mg": ("control", 41),
    }


def test_the_comparator_named_only_after_versus_in_a_long_sentence_is_the_control() -> None:
    _, r = record(
        "Adults aged 65 or more were randomly assigned to chlorambucil plus obinutuzumab (177 patients), "
        "acalabrutinib (179 patients), or acalabrutinib plus obinutuzumab (179 patients). Acalabrutinib, given "
        "on its own or together with obinutuzumab, kept disease from progressing for longer relative to "
        "chlorambucil plus obinutuzumab."
    )
    assert {k: role for k, (role, _, _) in arms(r).items()} == {
        "DB00291+DB08935": "control",
        "DB11703": "experimental",
        "DB08935+DB11703": "experimental",
    }


def test_groups_listed_on_the_lines_after_the_allocation_with_their_own_doses() -> None:
    # "to 1 of 3 groups" and one line per group; the drug given alone that another group adds to is the
    # control when the text says so; each group's dose is the one in its own line
    _, r = record(
        "Participants were randomly assigned to 1 of 3 groups\n"
        "  • Edoxaban (30 mg once daily) plus clopidogrel (75 mg once daily)\n"
        "  • Edoxaban (60 mg once daily)\n"
        "  • Clopidogrel (75 mg once daily)\n"
        "Compared with the clopidogrel-alone group, the combination group had fewer events.\n"
    )
    roles = {k: role for k, (role, _, _) in arms(r).items()}
    assert roles == {"DB00758+DB09075": "experimental", "DB09075": "experimental", "DB00758": "control"}
    doses = {
        a.key: [(x.drug.key, x.dose_amount.value) for x in a.interventions if x.drug and x.dose_amount] for a in r.arms
    }
    assert ("DB09075", 60.0) in doses["DB09075"] and ("DB09075", 30.0) in doses["DB00758+DB09075"]


def test_arms_of_a_results_title_row_parted_by_their_letters() -> None:
    # the row runs the titles together; "Arm X:" parts them; a control that switches later is the control
    text = (
        "Participant Flow\nArm/Group Title Arm C (Control): No Treatment, Then Crovalimab Arm A: Crovalimab "
        "680 mg Q4W Arm B: Crovalimab 340 mg Q2W\nHide Arm/Group Description\n"
    )
    _, r = record(text)
    assert {k: role for k, (role, _, _) in arms(r).items()} == {
        "control": "control",
        "DB16128@680mg": "experimental",
        "DB16128@340mg": "experimental",
    }


def test_levels_listed_with_one_schedule_share_it_and_levels_with_their_own_keep_them() -> None:
    def schedules(text: str) -> dict[str, str | None]:
        _, r = record(text)
        return {
            a.key: next((x.frequency.value for x in a.interventions if x.frequency), None) for a in r.arms if a.level
        }

    shared = schedules(
        "Adults were randomized to placebo or oral orforglipron 12 mg, 24 mg, or 36 mg once daily for 40 weeks."
    )
    assert set(shared.values()) == {"daily"} and len(shared) == 3
    own = schedules(
        "Adults were randomized to placebo or baricitinib 2 mg twice daily or 4 mg once daily for 24 weeks."
    )
    assert own["DB11817@2mg"] == "twice daily" and own["DB11817@4mg"] in (None, "daily")  # never the 2 mg's


def test_paragraphs_after_an_allocation_are_no_groups_and_a_low_dose_of_another_drug_names_no_arm() -> None:
    _, r = record(
        "Participants were randomly assigned to one of three groups.\n"
        "Clopidogrel was continued in all participants who had received it before enrolment in the trial.\n"
        "Placebo tablets matched the active drug in size and colour and were packed by the sponsor.\n"
        "Those receiving edoxaban were followed monthly.\n"
    )
    assert not any("Clopidogrel was continued" in a.label.value for a in r.arms)
    from trialkg.ingest.extract._clauses import find_cues

    d, r = record("Adults were randomized to dapagliflozin 5 mg or dapagliflozin 10 mg daily.")
    text = "Patients on the low-dose aspirin fared as well as those on the higher dose."
    assert [c.arm for c in find_cues(d, text, 0, r.arms)] == ["DB06292@10mg"]


FLOW4 = (
    "Participant milestones\n| Measure |\nPlacebo\n|\nGalcanezumab 120 mg\n|\nGalcanezumab 240 mg\n|\n"
    "Galcanezumab 300 mg\n|\n|---|---|---|---|---|\n|\nOverall Study\nSTARTED\n|\n8\n|\n7\n|\n9\n|\n6\n|\n"
)


def test_a_participant_flow_of_four_named_groups_in_cells_with_one_digit_counts() -> None:
    _, r = record(FLOW4)
    assert sorted(a.size.value for a in r.arms if a.size) == [6, 7, 8, 9] and len(r.arms) == 4


def test_a_short_name_given_where_an_arm_is_allocated_names_it_later() -> None:
    _, r = record(
        "Participants were randomly assigned to the comparator arm (CMP) of gemcitabine or the experimental "
        "arm (GX) of gemcitabine plus cabozantinib. Treatment was assigned by randomization in CMP (n = 148) "
        "and GX (n = 152)."
    )
    arms = {a.key: a for a in r.arms}
    assert arms["control"].short_names == ("CMP",) and arms["DB08875"].short_names == ("GX",)
    sizes = {k: a.size.value if a.size else None for k, a in arms.items()}
    assert sizes == {"control": 148, "DB08875": 152}


def test_a_short_name_after_a_dose_level_names_that_level() -> None:
    _, r = record(
        "Patients were randomized 1:1 to tislelizumab 200 mg plus sitravatinib 80 mg daily (T-S80) or "
        "tislelizumab 200 mg plus sitravatinib 120 mg daily (T-S120). The objective response rate was 30% in "
        "T-S80 and 41% in T-S120."
    )
    named = {a.level: a.short_names for a in r.arms}
    assert named == {(80.0, "mg"): ("T-S80",), (120.0, "mg"): ("T-S120",)}
    levels = {a.key: a.level for a in r.arms}
    rates = {(levels[x.arm], x.value.value) for x in r.arm_results}
    assert rates == {((80.0, "mg"), 30.0), ((120.0, "mg"), 41.0)}


def test_a_bracketed_abbreviation_of_no_arm_is_no_short_name() -> None:
    _, r = record(
        "Patients were randomized 1:1 to cabozantinib 60 mg or cabozantinib 40 mg once daily (QD). Dose "
        "reductions were rarer with QD dosing at 40 mg; the control arm (PFS) names what it measures."
    )
    assert len([a for a in r.arms if a.level]) == 2 and all(a.short_names == () for a in r.arms)


def test_levels_each_followed_by_its_share_are_dose_arms() -> None:
    _, r = record(
        "More patients given secukinumab 150 mg (51.2%) and 300 mg (62.8%) reached the response than patients "
        "given placebo (20.4%) at week 16."
    )
    assert sorted((a.level, a.role) for a in r.arms if a.level) == [
        ((150.0, "mg"), "experimental"),
        ((300.0, "mg"), "experimental"),
    ]


def test_an_adverb_in_an_allocation_list_is_no_agent_kept_by_name() -> None:
    from trialkg.ingest.extract.arms import _Phrase
    from trialkg.tests.helpers import doc

    d = doc("Patients were randomized to sotorelin, or placebo, respectively, once-weekly.")
    names = {
        w: [r.label for r in _Phrase(d, d.text.index(w), d.text.index(w) + len(w), kind="allocation").drugs]
        for w in ("sotorelin", "respectively", "once-weekly")
    }
    assert names == {"sotorelin": ["sotorelin"], "respectively": [], "once-weekly": []}


def test_a_combination_written_as_a_comma_list_is_one_alternative_with_its_own_size() -> None:
    _, r = record(
        "Adults were randomized 1:1 to receive daratumumab 16 mg/kg weekly, pomalidomide 4 mg daily, and "
        "dexamethasone 40 mg weekly (triple; n = 151) or pomalidomide 4 mg daily and dexamethasone 40 mg weekly "
        "(double; n = 153). Infections occurred in 48 patients (n = 48; 32%) with the triple regimen."
    )
    got = {(tuple(sorted(d.label.lower() for d in a.drugs)), a.role, a.size.value if a.size else None) for a in r.arms}
    assert got == {
        (("daratumumab", "dexamethasone", "pomalidomide"), "experimental", 151),
        (("dexamethasone", "pomalidomide"), "control", 153),
    }


def test_the_group_of_a_combination_named_as_a_comma_list_takes_its_values() -> None:
    _, r = record(
        "Adults were randomized 1:1 to receive daratumumab 16 mg/kg weekly, pomalidomide 4 mg daily, and "
        "dexamethasone 40 mg weekly or pomalidomide 4 mg daily and dexamethasone 40 mg weekly. Grade 3 or higher "
        "neutropenia occurred in the daratumumab, pomalidomide, and dexamethasone group (61%) and in the "
        "pomalidomide and dexamethasone group (45%)."
    )
    size = {a.key: len(a.drugs) for a in r.arms}
    got = {(size[e.arm], e.percent.value if e.percent else None) for e in r.adverse_events}
    assert got == {(3, 61.0), (2, 45.0)}


def test_the_trials_acronym_in_brackets_is_no_arms_short_name() -> None:
    _, r = record(
        "Women were randomly assigned to olaparib or placebo (HORIZON). In HORIZON, the 3-year overall survival "
        "rate was 91.4%."
    )
    assert all(a.short_names == () for a in r.arms) and r.arm_results == []
