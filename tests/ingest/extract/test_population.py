"""Population: receptor status phrasings, stage, line of therapy, setting, prior therapy."""

import pytest
from trialkg.tests.helpers import record


@pytest.mark.parametrize(
    ("text", "hr", "her2"),
    [
        ("Women with HR+/HER2- advanced breast cancer were enrolled.", "positive", "negative"),
        (
            "Patients with hormone receptor-positive, HER2-negative metastatic breast cancer were enrolled.",
            "positive",
            "negative",
        ),
        ("Patients with HR-positive, HER2-positive advanced breast cancer were enrolled.", "positive", "positive"),
        (
            "Patients with hormone receptor–positive, human epidermal growth factor receptor 2 (HER2)-positive breast cancer.",
            "positive",
            "positive",
        ),
        (
            "Hormone Receptor-Positive/Human Epidermal Growth Factor Receptor 2-Negative Advanced Breast Cancer: a trial",
            "positive",
            "negative",
        ),
        ("Patients with HR+, HER2-low metastatic breast cancer were enrolled.", "positive", "low"),
    ],
)
def test_receptor_status(text: str, hr: str, her2: str) -> None:
    _, r = record(text)
    assert r.hr_status is not None and r.hr_status.value == hr
    assert r.her2_status is not None and r.her2_status.value == her2


def test_hazard_ratio_abbreviation_is_not_a_receptor() -> None:
    _, r = record("Progression-free survival was longer (HR, 0.75; 95% CI, 0.59-0.96) in this breast cancer trial.")
    assert r.hr_status is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("This phase 3 trial tested second-line therapy in advanced breast cancer.", "second-line"),
        (
            "Patients with metastatic breast cancer after progression on first-line CDK4/6 inhibitors were enrolled.",
            "second-line",
        ),
        ("Patients progressing after a first-line palbociclib-containing regimen were enrolled.", "second-line"),
        ("Patients with previously untreated metastatic lung cancer were enrolled.", "first-line"),
        ("The trial enrolled patients receiving third-line treatment for colorectal cancer.", "third-line"),
    ],
)
def test_line_of_therapy(text: str, line: str) -> None:
    _, r = record(text)
    assert r.line_of_therapy is not None and r.line_of_therapy.value == line


def test_standard_of_care_sentence_does_not_set_the_line_unless_it_frames_maintenance() -> None:
    _, r = record(
        "Chemotherapy is standard first-line treatment for metastatic breast cancer. "
        "This trial tested drug A after progression on first-line therapy."
    )
    assert r.line_of_therapy is not None and r.line_of_therapy.value == "second-line"
    _, r = record(
        "Induction chemotherapy followed by maintenance therapy is standard first-line treatment for metastatic "
        "breast cancer. Patients were randomly assigned to receive maintenance therapy with or without drug A."
    )
    assert r.line_of_therapy is not None and r.line_of_therapy.value == "first-line"
    assert r.setting is not None and r.setting.value == "maintenance"


def test_prior_adjuvant_therapy_is_not_the_setting_and_stage_prefers_the_narrowest() -> None:
    _, r = record(
        "Patients with advanced breast cancer who had progressed on a palbociclib-based therapy in the adjuvant "
        "setting were eligible. Most had metastatic breast cancer."
    )
    assert r.setting is None
    assert r.stage is not None and r.stage.value == "metastatic"
    assert r.condition is not None and r.condition.value == "breast cancer"


def test_prior_therapy_keeps_negation_and_expands_abbreviations() -> None:
    _, r = record(
        "Patients received endocrine therapy (ET). Patients who did not have disease progression after four "
        "to eight cycles of chemotherapy were enrolled. Others had progressed on ET in the adjuvant setting."
    )
    values = [v.value for v in r.prior_therapies]
    assert "did not have disease progression after four to eight cycles of chemotherapy" in values
    assert "progressed on endocrine therapy in the adjuvant setting" in values


@pytest.mark.parametrize(
    ("phrase", "line"),
    [
        ("who had not received previous systemic therapy for advanced disease", "first-line"),
        ("who had received no previous systemic therapy for advanced disease", "first-line"),
        ("after progression on one previous endocrine therapy", "second-line"),
        ("after progression on two prior therapies", "third-line"),
    ],
)
def test_line_of_therapy_from_what_patients_had_before(phrase: str, line: str) -> None:
    _, r = record(f"We enrolled patients with HR-positive, HER2-negative advanced breast cancer {phrase}.")
    assert r.line_of_therapy is not None and r.line_of_therapy.value == line


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        (
            "Adults with relapsed diffuse large B-cell lymphoma were randomized to polatuzumab vedotin or placebo.",
            "diffuse large b cell lymphoma",
        ),
        ("Adults with acute myeloid leukaemia were randomized to venetoclax or placebo.", "acute myeloid leukemia"),
        (
            "Patients with unresectable hepatocellular carcinoma were randomized to sorafenib or lenvatinib.",
            "hepatocellular carcinoma",
        ),
        ("Adults with type 2 diabetes were randomized to semaglutide or placebo for 26 weeks.", "type 2 diabetes"),
        ("Adults with moderate plaque psoriasis were randomized to bimekizumab or placebo.", "plaque psoriasis"),
        ("Adults with Crohn's disease were randomized to upadacitinib or placebo.", "crohn's disease"),
    ],
)
def test_conditions_are_named_as_specifically_as_the_text_names_them(text: str, condition: str) -> None:
    _, r = record(text)
    assert r.condition is not None and r.condition.value == condition


def test_specific_conditions_of_every_area() -> None:
    for text, name in [
        (
            "Patients with recurrent head and neck squamous cell carcinoma were enrolled.",
            "head and neck squamous cell carcinoma",
        ),
        ("Adults with metastatic pancreatic ductal adenocarcinoma were enrolled.", "pancreatic ductal adenocarcinoma"),
        (
            "Patients with gastric or gastroesophageal junction adenocarcinoma were enrolled.",
            "gastric or gastroesophageal junction adenocarcinoma",
        ),
        (
            "Patients with extensive-stage small-cell lung cancer were enrolled.",
            "extensive stage small cell lung cancer",
        ),
        ("Women with triple-negative breast cancer were enrolled.", "triple negative breast cancer"),
        ("Patients with classical Hodgkin lymphoma were enrolled.", "classical hodgkin lymphoma"),
        ("Patients with generalized myasthenia gravis were enrolled.", "generalized myasthenia gravis"),
        ("Adults with erosive oesophagitis were enrolled.", "erosive oesophagitis"),
        ("Patients with severe alopecia areata were enrolled.", "alopecia areata"),
    ]:
        _, r = record(text)
        assert r.condition is not None and r.condition.value == name, text


def test_a_disease_outside_the_listed_ones_from_the_mesh_dictionary() -> None:
    # the participants' disease named twice, as theirs ("adults with ..."), with a symptom beside it
    _, r = record(
        "This trial of drug A enrolled adults with nonalcoholic steatohepatitis. Participants with nonalcoholic "
        "steatohepatitis and nausea were randomly assigned to drug A or placebo. Patients with gallstones withdrew."
    )
    assert r.condition is not None and r.condition.value == "nonalcoholic steatohepatitis"


def test_a_disease_named_once_as_the_participants_and_again_by_its_abbreviation() -> None:
    _, r = record(
        "In this randomized trial, adults with bullous pemphigoid (BP) received drug A or placebo. "
        "Remission of BP at week 16 was more frequent with drug A."
    )
    assert r.condition is not None and r.condition.value == "bullous pemphigoid"


def test_a_disease_named_once_beside_another_is_left_open() -> None:
    _, r = record(
        "In this randomized trial, adults with anemia and bullous pemphigoid (BP) received drug A or placebo. "
        "Remission of BP at week 16 was more frequent with drug A."
    )
    assert r.condition is None


def test_a_disease_named_once_in_passing_is_not_the_trials() -> None:
    _, r = record("Patients were randomly assigned to drug A or placebo. Two patients with gallstones withdrew.")
    assert r.condition is None


def test_the_dictionary_finds_whole_names_and_skips_symptoms() -> None:
    from trialkg.ingest.disease_dictionary import find_diseases

    found = find_diseases("adults with chronic kidney disease had nausea")
    assert [(name, mesh) for _, _, name, mesh in found] == [("chronic kidney disease", "D051436")]


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        # the abbreviation names the narrower condition the text also calls by its organ
        (
            "Lung cancer remains common. In this trial, adults with previously treated EGFR-mutant NSCLC were "
            "randomized to osimertinib or docetaxel. Lung cancer specialists enrolled 300 patients.",
            "non small cell lung cancer",
        ),
        (
            "Adults with focal epilepsy were randomized to lacosamide or placebo. Epilepsy was longstanding.",
            "focal epilepsy",
        ),
        (
            "Patients with unresectable gastric or gastroesophageal junction (GEJ) adenocarcinoma were randomized.",
            "gastric or gastroesophageal junction adenocarcinoma",
        ),
        (
            "Patients with untreated advanced G/GEJ cancer were randomized to pembrolizumab or placebo.",
            "gastric or gastroesophageal junction cancer",
        ),
        # the words of its kind the text writes with it are kept; two kinds named together keep the disease
        (
            "Men with metastatic castration-resistant prostate cancer were randomized to drug A or placebo.",
            "castration-resistant prostate cancer",
        ),
        (
            "Adults with relapsing multiple sclerosis were randomized to drug A or placebo.",
            "relapsing multiple sclerosis",
        ),
        (
            "Adults with heart failure with preserved ejection fraction were randomized to drug A or placebo.",
            "heart failure with preserved ejection fraction",
        ),
        # two kinds named together: the disease they share
        (
            "Adults with relapsing or progressive multiple sclerosis were randomized to drug A or placebo.",
            "multiple sclerosis",
        ),
    ],
)
def test_the_narrowest_condition_the_text_names(text: str, condition: str) -> None:
    _, r = record(text)
    assert r.condition is not None and r.condition.value == condition


def test_two_different_narrower_conditions_keep_the_broader_one() -> None:
    _, r = record(
        "Lung cancer trials enrolled adults with NSCLC in one cohort and SCLC in another; lung cancer "
        "outcomes were pooled across lung cancer cohorts."
    )
    assert r.condition is not None and r.condition.value == "lung cancer"


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        # by the abbreviation the text defines for it
        (
            "Primary biliary cholangitis (PBC) progresses slowly. We randomized patients with early-stage PBC to "
            "seladelpar or placebo; PBC markers were followed.",
            "primary biliary cholangitis",
        ),
        # a kind of the disease between "with" and its name
        (
            "In this trial, adults with biopsy-proven sarcoidosis were randomized to drug A or placebo; "
            "sarcoidosis activity was scored.",
            "sarcoidosis",
        ),
        # a structured abstract's participants heading
        (
            "Participants: A total of 212 adults aged 40 to 80 years with glaucoma. Glaucoma was bilateral.",
            "glaucoma",
        ),
    ],
)
def test_a_disease_the_dictionary_knows_in_more_of_the_ways_enrollment_is_written(text: str, condition: str) -> None:
    _, r = record(text)
    assert r.condition is not None and r.condition.value == condition


def test_a_disease_had_before_is_not_the_trials_condition() -> None:
    _, r = record(
        "In this trial, adults with previous stroke were randomized to drug A or placebo; stroke recurrence was rare."
    )
    assert r.condition is None or r.condition.value != "stroke"


def test_a_disease_that_kept_patients_out_is_not_the_condition() -> None:
    _, r = record(
        "Adults with chronic hepatitis C were not eligible for the trial. Participants were randomized to drug A or "
        "placebo; hepatitis C screening was repeated."
    )
    assert r.condition is None
