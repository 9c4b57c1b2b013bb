"""Citations in Vancouver and APA styles, and the journal-issue clue of news items."""

from trialkg.ingest.extract.citations import parse_citation
from trialkg.tests.helpers import record


def test_vancouver_and_apa() -> None:
    v = parse_citation(
        "1. Doe J, Roe R, Poe P, et al. Drug A for disease B. N Engl J Med. 2025;392(4):301-312. "
        "doi:10.1056/NEJMoa2500001"
    )
    a = parse_citation(
        "Doe, J., Roe, R., … Poe, P. (2025). Drug A for disease B. The New England Journal of Medicine, "
        "392(4), 301–312. https://doi.org/10.1056/NEJMoa2500001"
    )
    for c in (v, a):
        assert c == {
            "doi": "10.1056/NEJMoa2500001",
            "title": "Drug A for disease B",
            "journal": "The New England Journal of Medicine",
            "year": "2025",
            "volume": "392",
            "issue": "4",
            "pages": "301-312",
            "first_author": "Doe",
        }


def test_issue_clue() -> None:
    _, r = record(
        "MONDAY, May 5, 2025 (HealthDay News) -- Drug A helps, according to a study published in the "
        "April 30 issue of the New England Journal of Medicine. Jane Roe, M.D., of a clinic, led the trial."
    )
    assert r.cited_journal == "The New England Journal of Medicine"
    assert r.cited_issue_date == "04-30"
