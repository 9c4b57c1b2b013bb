"""Main-text cleaning: menus, bylines, biographies and prompts go; the article stays."""

from trialkg.ingest.clean import main_text, normalize_chars


def test_menu_run_byline_bio_and_prompt_are_dropped() -> None:
    raw = "\n".join(
        [
            "- Home",
            "- Oncology",
            "- Cardiology",
            "- Dermatology",
            "- Fact Check",
            "Drug X Extends Survival in Lung Cancer",
            "Fact checked by: A. Person, B. Person",
            "In a randomized phase 3 trial, drug X improved overall survival.",
            "Staff Writer",
            "Sam Doe is a freelance health journalist who can be reached at sam@example.org.",
            "Sign up for our weekly newsletter",
        ]
    )
    text = main_text(raw)
    assert text.split("\n") == [
        "Drug X Extends Survival in Lung Cancer",
        "In a randomized phase 3 trial, drug X improved overall survival.",
    ]


def test_short_lists_inside_the_article_survive() -> None:
    raw = "Results were:\n- better survival\n- fewer events\nThe trial enrolled 100 patients."
    assert "- better survival" in main_text(raw)


def test_glued_sentences_are_split_and_prompt_sentence_removed() -> None:
    raw = "The study was funded by Acme.Abstract/Full Text (subscription or payment may be required).Sign up for our weekly newsletter"
    assert main_text(raw) == "The study was funded by Acme."


def test_normalize_chars_unifies_spaces_and_line_breaks() -> None:
    assert normalize_chars("a\u00a0b\r\nc\u200bd  e") == "a b\ncd e"


def test_hard_wrapped_paragraphs_are_joined_but_headings_and_lists_are_not() -> None:
    raw = "\n".join(
        [
            "METHODS",
            "Patients with metastatic breast cancer were randomly assigned in a 1:1 ratio to receive",
            "letrozole with or without palbociclib. Neutropenia occurred in 45% of the patients in the",
            "Palbociclib group.",
            "RESULTS",
            "- first item of a list",
            "- second item",
        ]
    )
    assert main_text(raw).split("\n") == [
        "METHODS",
        "Patients with metastatic breast cancer were randomly assigned in a 1:1 ratio to receive letrozole with or "
        "without palbociclib. Neutropenia occurred in 45% of the patients in the Palbociclib group.",
        "RESULTS",
        "- first item of a list",
        "- second item",
    ]


def test_a_middle_dot_between_digits_is_a_decimal_point() -> None:
    from trialkg.ingest.clean import fold_chars

    assert fold_chars("HR 0·58 (95% CI 0·44–0·76); week 12 · day 3") == "HR 0.58 (95% CI 0.44–0.76); week 12 · day 3"


def test_a_run_of_short_table_cells_with_doses_and_sizes_is_not_a_menu() -> None:
    # a results table flattened to one cell per line: column heads and sizes stay
    raw = "\n".join(["Outcome", "Lacosamide 50 mg", "(N=80)", "Placebo", "(N=81)", "31.2%", "18.5%"])
    assert main_text(raw).split("\n") == [
        "Outcome",
        "Lacosamide 50 mg",
        "(N=80)",
        "Placebo",
        "(N=81)",
        "31.2%",
        "18.5%",
    ]


def test_a_structured_abstracts_glued_headings_get_lines_of_their_own() -> None:
    # headings glued to the text around them, as some abstract pages print them
    raw = (
        "BackgroundLittle is known. We ran a trial in 12 sites.MethodsAdults were randomized (HR 0.8; p"
        "FindingsBetween 2019 and 2021, 400 adults enrolled (0.7, 0.5-0.9; pInterpretationDrug A works."
    )
    assert main_text(raw).split("\n") == [
        "Background",
        "Little is known. We ran a trial in 12 sites.",
        "Methods",
        "Adults were randomized (HR 0.8; p",
        "Findings",
        "Between 2019 and 2021, 400 adults enrolled (0.7, 0.5-0.9; p",
        "Interpretation",
        "Drug A works.",
    ]


def test_a_not_sign_printed_for_a_broken_no_break_space_is_dropped() -> None:
    assert normalize_chars("Grade¬ ¬≥3 adverse events") == "Grade ≥3 adverse events"


def test_a_column_of_number_cells_is_a_table_not_a_menu() -> None:
    # a results table rendered one cell per line: its counts stay; a run of short words still goes
    text = "Overall Study\nSTARTED\n412\n398\n405\n\nHome\nNews\nTopics\nVideos\n\nThe trial enrolled adults."
    out = main_text(text)
    assert "412\n398\n405" in out
    assert "Videos" not in out
