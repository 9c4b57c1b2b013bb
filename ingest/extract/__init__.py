"""Extractors: one module per kind of fact, each ``extract(doc, record) -> None``.

They run in the order of ``EXTRACTORS`` (later ones read what earlier ones found: results need
the arms and endpoints).  Adding a fact kind is one new module plus one line here; a test checks
that every module in this package is registered.
"""

from __future__ import annotations

import re
from importlib import import_module

from trialkg.ingest.document import Document
from trialkg.ingest.records import DrugRef, TrialRecord

EXTRACTORS: tuple[str, ...] = (
    "registry",
    "identity",
    "citations",
    "design",
    "population",
    "drugs",
    "arms",
    "groups",
    "endpoints",
    "effects",
    "results",
    "table_results",
    "text_results",
    "adverse_events",
    "arm_facts",
    "baseline",
    "funding",
)


def drug_abbreviations(doc: Document) -> dict[str, DrugRef]:
    """The abbreviations the document defines for one drug each ("baloxavir marboxil (BXM)")."""
    from trialkg.ingest.lexicon import find_drugs
    from trialkg.ingest.text import abbreviations

    out: dict[str, DrugRef] = {}
    for short, long in abbreviations(doc).items():
        if len(short) < 2 or find_drugs(short):
            continue
        hits = find_drugs(long)
        if len(hits) == 1 and len(long) - (hits[0][1] - hits[0][0]) <= 3:  # the long form is the drug's name
            out[short] = hits[0][2]
    return out


# a development code ("XEN1101", "CD388", "DS-8201a", "MK-3475"): letters then 3+ digits
_CODE = re.compile(r"(?<![\w-])(?P<code>[A-Z]{2,5}-?\d{3,6}[a-z]?)(?![\w-])")
# identifiers of registries and papers, never drugs
_NOT_CODE = re.compile(
    r"(?:NCT|ISRCTN|ACTRN|CTRI|DRKS|UMIN|ChiCTR|EUCTR|PMC|PMID|NTR|IRCT|KCT|TCTR|JRCT|ANZCTR"
    # cooperative groups' trial numbers ("JCOG1507", "GOG-0218", "EA5163")
    r"|JCOG|WJOG|GOG|RTOG|NRG|SWOG|ECOG|EA|CALGB|NSABP|EORTC|CCTG|NCIC|TROG|ANZGOG|AGO|GBG|UNICANCER|IFCT)",
    re.I,
)
# the code named as a drug: a dose right after it ("XEN1101 25 mg", "CD388 (150 mg"), or an apposition
# that says what it is ("CD388, a novel, long-acting antiviral", "XEN1101 - a ... modulator")
_CODE_AS_DRUG = re.compile(
    r"\s*(?:\(\s*)?(?:\d+(?:\.\d+)?\s*(?:mg|mcg|µg|μg|g|mg/kg|iu)\b|doses?\b)"
    r"|\s*(?:,|–|—|-|\()\s*(?:an?|the)\s+(?:[\w-]+,?\s+){0,6}?"
    r"(?:drug|inhibitor|antibody|conjugate|antiviral|modulator|agonist|antagonist|vaccine|agent|compound|"
    r"candidate|degrader|blocker|therapy|therapeutic|ADC|bispecific)\b",
    re.I,
)


def drug_codes(doc: Document) -> dict[str, DrugRef]:
    """Development codes the document gives as drugs: a code with a dose or with an apposition naming
    it a drug; a code the lexicon already knows is left to it."""
    from trialkg.ingest.lexicon import find_drugs

    out: dict[str, DrugRef] = {}
    for m in _CODE.finditer(doc.text):
        code = m.group("code")
        if code in out or _NOT_CODE.match(code) or not (as_drug := _CODE_AS_DRUG.match(doc.text, m.end())):
            continue
        if re.search(r"\b(?:trial|study)\b", as_drug.group(), re.I):
            continue  # "JCOG1507, a randomized phase 3 trial of ...": a trial, not a drug
        if not find_drugs(code):
            out[code] = DrugRef(label=code)
    return out


def extract_all(doc: Document) -> TrialRecord:
    """Run every registered extractor over ``doc``; pure (no I/O)."""
    from trialkg.ingest.extract._aliases import defined_aliases
    from trialkg.ingest.extract._consistency import check
    from trialkg.ingest.extract._dedupe import dedupe
    from trialkg.ingest.extract._outcome_labels import drop_unnamed_endpoints
    from trialkg.ingest.extract._scope import keep_whole_population
    from trialkg.ingest.extract.arms import mark_active_comparators
    from trialkg.ingest.lexicon import document_aliases

    record = TrialRecord()
    structured = doc.data is not None
    aliases = {k: [v] for k, v in (drug_codes(doc) | drug_abbreviations(doc)).items()} | defined_aliases(doc)
    with document_aliases(aliases):
        for name in EXTRACTORS:
            module = import_module(f"{__name__}.{name}")
            if getattr(module, "STRUCTURED", False) == structured:  # registry records: registry extractors only
                module.extract(doc, record)
        mark_active_comparators(doc, record)  # last: the extractors compare values with the one control
    keep_whole_population(doc, record)  # first: a value stated for the whole trial and a subgroup is the whole's
    dedupe(doc, record)
    drop_unnamed_endpoints(record)
    check(record)
    return record
