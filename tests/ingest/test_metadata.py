"""Metadata helpers: dates, journals from DOI prefixes and abbreviations, sections."""

from trialkg.ingest.metadata import canonical_journal, find_sections, iso_date, journal_for_doi


def test_dates_in_the_forms_trial_documents_use() -> None:
    assert iso_date("MONDAY, Feb. 2, 2026 (HealthDay News)") == "2026-02-02"
    assert iso_date("News|Articles|January 29, 2026") == "2026-01-29"
    assert iso_date("Lancet 2024 Mar 5;403:1") == "2024-03-05"
    assert iso_date("2025/05/14") == "2025-05-14"
    assert iso_date("no date here") is None


def test_journals() -> None:
    assert journal_for_doi("10.1200/JCO-24-01865") == "Journal of Clinical Oncology"
    assert canonical_journal("N Engl J Med") == "The New England Journal of Medicine"
    assert canonical_journal("The New England journal of medicine") == "The New England Journal of Medicine"
    assert canonical_journal("Some Unknown Journal") == "Some Unknown Journal"


def test_inline_and_line_headings() -> None:
    text = "Title line\nPurpose: Why.\nMethods: How.\nReferences\n1. Ref"
    kinds = [(s.title, s.kind) for s in find_sections(text)]
    assert kinds == [("", "body"), ("Purpose", "background"), ("Methods", "methods"), ("References", "references")]


def test_site_furniture_heading_a_page_is_never_its_title() -> None:
    from trialkg.ingest.metadata import detect_metadata

    text = (
        "Skip to main content\nAcme Journals logoLink to Acme Journals\n"
        "Drug A versus Drug B in Adults With Chronic Migraine: A Randomized Trial\nAbstract\nBackground\n..."
    )
    assert detect_metadata(text).title == "Drug A versus Drug B in Adults With Chronic Migraine: A Randomized Trial"
