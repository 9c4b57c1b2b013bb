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


# --- what kind of document: one invented text per family of genre marks ---------------------------

REGISTRY_PAGE = """Inhaled Drug Q Versus Placebo in Adults With Moderate Asthma (BREATHE-1)
ClinicalTrials.gov Identifier: NCT01234567
Recruitment Status : Completed
First Posted : March 2, 2019
Last Update Posted : July 9, 2021
Study Type : Interventional (Clinical Trial)
Allocation: Randomized
Intervention Model: Parallel Assignment
Masking: Double (Participant, Investigator)
Official Title: A Randomized, Double-blind Study of Inhaled Drug Q in Adults With Moderate Asthma
"""

PROTOCOL_SUMMARY = """This multicenter, double-blind study will evaluate drug Z in adults with chronic gout.
Participants will be randomized 1:1 to drug Z 20 mg or placebo once daily for 24 weeks, and the study
will assess the proportion of participants reaching a serum urate below 6 mg/dL.
Inclusion Criteria
Adults aged 18 to 75 years with gout
Exclusion Criteria
Prior treatment with drug Z
"""

PRESS_RELEASE = """Acme Bio Reports Positive Phase 3 Results for AB-101 in Plaque Psoriasis

SPRINGFIELD, Ill., May 12, 2023 (BUSINESS WIRE) -- Acme Bio, Inc. (NASDAQ: ACME) today announced that its
phase 3 trial of AB-101 met its primary endpoint.

Results
At week 16, 71% of patients given AB-101 reached PASI 90 versus 9% of those given placebo.
"""

CONFERENCE_ABSTRACT = """LBA7. Drug K in Recurrent Migraine: a Randomized Trial
Session: Late-Breaking Abstracts: Headache
Background: Drug K blocks a peptide receptor.
Methods: We randomly assigned 400 adults to drug K or placebo.
Results: Monthly migraine days fell by 4.1 and 2.0 days.
"""

NEWS_CITING_JOURNAL = """In a phase III trial reported in The Lancet Neurology, Smith et al found that drug R reduced
relapses in adults with relapsing multiple sclerosis. The findings were presented at the ECTRIMS Congress on
October 12, 2022.
Study Details
In the trial, 600 patients were randomly assigned to drug R or teriflunomide.
"""

STRUCTURED_ABSTRACT = """Abstract
Background: Drug T may lower blood pressure in resistant hypertension.
Methods: In this double-blind trial, we randomly assigned 300 adults to drug T or placebo.
Results: Systolic pressure fell by 12 and 4 mm Hg, respectively.
Conclusions: Drug T lowered blood pressure.
"""

UNMARKED_ABSTRACT = (
    "Adults with severe eczema were enrolled in this phase 2 randomized placebo-controlled trial. Patients "
    "(N = 120) were randomized 2:1 to drug E or placebo for 16 weeks. EASI-75 was reached by 52% and 14%."
)


def test_source_type_of_each_genre() -> None:
    from trialkg.ingest.metadata import guess_source_type

    assert guess_source_type(REGISTRY_PAGE) == "registry"
    assert guess_source_type(PROTOCOL_SUMMARY) == "registry"
    assert guess_source_type(PRESS_RELEASE) == "news"  # the wire service outweighs its "Results" heading
    assert guess_source_type(CONFERENCE_ABSTRACT) == "news"  # a conference programme's abstract
    assert guess_source_type(NEWS_CITING_JOURNAL) == "news"  # citing a journal does not make it one
    assert guess_source_type(STRUCTURED_ABSTRACT) == "journal-abstract"
    assert guess_source_type(UNMARKED_ABSTRACT) == "journal-abstract"  # short and unmarked: not full-text


def test_news_marks_of_reporters_and_news_sites() -> None:
    from trialkg.ingest.metadata import guess_source_type

    healthday = (
        "WEDNESDAY, June 4, 2025 (HealthDay News) -- For adults with gout, drug Z lowers urate, according to "
        "a study published in the June 3 issue of the Annals of Internal Medicine."
    )
    assert guess_source_type(healthday) == "news"
    quoted = (
        "Drug Q Eases Asthma Attacks in Adults\n"
        "Patients given drug Q had fewer attacks than those given placebo, the researchers found.\n"
        '"These are encouraging results for people with hard-to-treat asthma," said Dr. Ana Ruiz, the lead author.'
    )
    assert guess_source_type(quoted) == "news"
    site = "Advertisement\nDrug V Cuts Stroke Risk\nA total of 900 patients were enrolled.\n© 2024 Health Media Group. All rights reserved."
    assert guess_source_type(site) == "news"


def test_a_long_article_with_its_sections_is_full_text() -> None:
    from trialkg.ingest.metadata import guess_source_type

    para = "Drug T was compared with placebo in adults with resistant hypertension over twelve weeks. " * 45
    article = "\n".join(["Abstract", para, "Introduction", para, "Methods", para, "Results", para, "Discussion", para])
    assert len(article) > 15000
    assert guess_source_type(article) == "full-text"
    assert guess_source_type(article[:3000]) == "journal-abstract"


# --- journal, date and DOI from the head ----------------------------------------------------------


def test_citation_line_gives_journal_date_and_doi() -> None:
    from trialkg.ingest.metadata import detect_metadata

    md = detect_metadata(
        "Drug T in Resistant Hypertension\n\nLancet Neurol. 2021 Mar 4;20(3):200-210. doi: 10.1016/S1474-4422(21)00001-2. "
        "Epub 2021 Jan 20.\n\n" + STRUCTURED_ABSTRACT
    )
    assert (md.source_type, md.journal, md.date, md.doi) == (
        "journal-abstract",
        "The Lancet Neurology",
        "2021-03-04",
        "10.1016/S1474-4422(21)00001-2",
    )
    unknown = detect_metadata("Acta Foo Bar. 2019 Jul;12(4):33-40.\n" + STRUCTURED_ABSTRACT)
    assert (unknown.journal, unknown.date) == ("Acta Foo Bar", "2019-07")


def test_journal_from_the_doi_when_the_citation_lost_its_name() -> None:
    from trialkg.ingest.metadata import detect_metadata

    md = detect_metadata(
        ". 2020 Feb 11;43(2):300-309. doi: 10.2337/dc19-1234\n\nDrug G in Type 2 Diabetes\n" + STRUCTURED_ABSTRACT
    )
    assert (md.journal, md.date, md.doi) == ("Diabetes Care", "2020-02-11", "10.2337/dc19-1234")
    online = detect_metadata(
        "JAMA Dermatol. Published online May 6, 2020. doi:10.1001/jamadermatol.2020.0001\n" + STRUCTURED_ABSTRACT
    )
    assert (online.journal, online.date, online.doi) == (
        "JAMA Dermatology",
        "2020-05-06",
        "10.1001/jamadermatol.2020.0001",
    )


def test_medline_record() -> None:
    from trialkg.ingest.metadata import detect_metadata

    md = detect_metadata(
        "PMID- 31000001 OWN - NLM DP - 2019 Apr 2 TI - Drug T in hypertension. "
        "LID - 10.1093/eurheartj/ehz001 [doi] AB - BACKGROUND: Drug T may help. METHODS: We randomized 90 adults."
    )
    assert (md.source_type, md.pmid, md.doi, md.date, md.journal) == (
        "journal-abstract",
        "31000001",
        "10.1093/eurheartj/ehz001",
        "2019-04-02",
        "European Heart Journal",
    )


def test_dates_a_document_states_as_its_own() -> None:
    from trialkg.ingest.metadata import detect_metadata

    repository = "journal contribution\nposted on 2022-03-15, 09:12 authored by A Author\n" + STRUCTURED_ABSTRACT
    assert detect_metadata(repository).date == "2022-03-15"
    cambridge = "Published online by Example University Press: 07 March 2023\n" + STRUCTURED_ABSTRACT
    assert detect_metadata(cambridge).date == "2023-03-07"
    assert detect_metadata(PRESS_RELEASE).date == "2023-05-12"
    session = "P12. Drug K in Migraine\nSession: Poster Session: Headache\nThursday, April 13, 2023: 2:00 PM\nBackground: x.\nMethods: y."
    assert detect_metadata(session).date == "2023-04-13"
    assert detect_metadata(REGISTRY_PAGE).date == "2021-07-09"  # the record's last update, not first posting


def test_article_type_and_section_lines_are_no_journal() -> None:
    from trialkg.ingest.metadata import detect_metadata

    md = detect_metadata("Original Research May 2, 2022\n\nDrug E in Severe Eczema\n\n" + STRUCTURED_ABSTRACT)
    assert (md.journal, md.date) == (None, "2022-05-02")
    comment = detect_metadata("Comment in Lancet. 2021 Jun 5;397:2000.\n" + STRUCTURED_ABSTRACT)
    assert (comment.journal, comment.date) == (None, None)


def test_an_event_date_or_a_page_notice_is_not_the_document_date() -> None:
    from trialkg.ingest.metadata import detect_metadata

    md = detect_metadata(NEWS_CITING_JOURNAL)  # presented at a congress on October 12, 2022
    assert (md.source_type, md.date, md.journal, md.doi) == ("news", None, None, None)
    notice = "The old version of this site will no longer be available as of June 25, 2024.\n" + REGISTRY_PAGE
    assert detect_metadata(notice).date == "2021-07-09"
    no_notice = "The old version of this site will no longer be available as of June 25, 2024.\n" + STRUCTURED_ABSTRACT
    assert detect_metadata(no_notice).date is None
    cutoff = "Drug Q in Asthma\nData cutoff: March 1, 2021\n" + STRUCTURED_ABSTRACT
    assert detect_metadata(cutoff).date is None


def test_a_news_item_keeps_no_journal_or_doi_of_the_article_it_cites() -> None:
    from trialkg.ingest.metadata import detect_metadata

    text = (
        "Drug R Lowers Relapse Rate in MS\n"
        "The trial (doi: 10.1212/WNL.0000000000200001), reported in Neurology by Lee and colleagues, enrolled 600 adults.\n"
        "Neurology. 2022 Oct 4;99(14):e1500-e1510.\n"
    )
    md = detect_metadata(text)
    assert (md.source_type, md.journal, md.doi, md.date) == ("news", None, None, None)


def test_a_title_that_starts_with_a_word_of_page_furniture_is_a_title() -> None:
    from trialkg.ingest.metadata import detect_metadata

    text = "Home\nHome-based exercise versus usual care in heart failure: a randomized trial\nBackground text."
    assert detect_metadata(text).title == "Home-based exercise versus usual care in heart failure: a randomized trial"


def test_meeting_abstracts_posts_and_catalogue_pages() -> None:
    from trialkg.ingest.metadata import guess_source_type

    # a meeting abstract's number before its first heading
    assert (
        guess_source_type("Abstract\n\n4107 Background: Drug M was studied. Methods: We randomized 300 pts.") == "news"
    )
    assert guess_source_type("1203 Purpose: We randomly assigned adults to drug M or placebo.") == "news"
    # a report of results given at a meeting, and a post with hashtags
    report = (
        "Now, data from the phase III ALDER trial, reported at the ESMO Congress 2021, show that we randomized "
        "enough patients. “This combination changes practice for patients with few options,” one expert noted."
    )
    assert guess_source_type(report) == "news"
    assert guess_source_type("The addition of #drugM to #chemotherapy improved survival in the trial.") == "news"
    # a catalogue page about a paper is the paper's
    page = "Drug M versus drug N (ALDER): a randomised trial is a research paper published in The Lancet (2019)."
    assert guess_source_type(page) == "journal-abstract"


def test_the_byline_the_cleaner_drops_still_tells_a_news_item() -> None:
    from trialkg.ingest.readers.text import read

    doc = read(
        b"Drug M eases seizures\n\nBy Jane Roe\n\n3 Mar 2021\n\nA phase 2 trial of drug M involved 300 patients.\n",
        "x.txt",
    )
    assert "Jane Roe" not in doc.text and doc.metadata.source_type == "news"


def test_a_registry_record_by_its_intervention_lines_and_a_protocol_by_its_future_tense() -> None:
    from trialkg.ingest.metadata import guess_source_type

    record_text = (
        "A randomized, placebo-controlled trial of drug W in adults with influenza.\n"
        "Drug: Drug W 100 mg\nOral capsule\nDrug: Placebo\nMatching capsule\nInclusion Criteria:\n1. Age 18 or older."
    )
    assert guess_source_type(record_text) == "registry"
    protocol = (
        "Trial Info\nA double-blind trial of vaccine V in children.\nMethods\nParticipants will receive three doses "
        "of vaccine V or a control vaccine, 4 weeks apart.\nInclusion Criteria:\nAged 5 to 17 months."
    )
    assert guess_source_type(protocol) == "registry"


def test_an_unmarked_story_with_a_headline_or_a_meeting_is_news_and_a_jama_abstract_is_an_abstract() -> None:
    from trialkg.ingest.metadata import guess_source_type

    story = (
        "Zanubrutinib Halves Progression Risk in Relapsed Marginal Zone Lymphoma\n"
        "Patients treated with zanubrutinib had a median PFS of 21.4 months versus 10.3 months with rituximab."
    )
    assert guess_source_type(story.replace("Halves", "Extends")) == "news"
    meeting = (
        "Updated results of a phase 3 trial\n\nAt ESMO 2023, updated overall survival data were shown for "
        "adults randomized to drug A or placebo. Median overall survival was 18.2 versus 13.9 months."
    )
    assert guess_source_type(meeting) == "news"
    jama = (
        "Drug A vs placebo after resection: a randomized clinical trial.\n\nCONTEXT Drug A is active in advanced "
        "disease.\nOBJECTIVE To compare drug A with placebo.\nRESULTS Median survival was 23.0 months with drug A; "
        "12 percent of patients stopped treatment."
    )
    assert guess_source_type(jama) == "journal-abstract"


def test_a_trial_summary_pages_fields_and_a_news_digests_headings_name_their_genre() -> None:
    from trialkg.ingest.metadata import guess_source_type

    summary = (
        "Trial summaries\nTRIAL-X\nPurpose: Compared two doses of drug A with placebo after a heart attack.\n"
        "Treatment Group 1: drug A 5 mg\nTreatment Group 2: drug A 10 mg\nControl Group: placebo\n"
        "Number of Patients: 8,210\nThe primary end point occurred in 7.1% vs 8.4% (hazard ratio, 0.84).\n"
    )
    digest = (
        "Takeaway\n- Drug B lowered the attack rate in adults with hereditary angioedema.\nWhy this matters\n"
        "- No oral option exists.\nStudy design\n- A randomized, double-blind trial of 140 adults.\n"
        "Key results\n- Attacks fell by 62% with drug B vs placebo (P<0.001).\n"
    )
    assert (guess_source_type(summary), guess_source_type(digest)) == ("registry", "news")
