"""PubMed XML, PMC JATS and ClinicalTrials.gov JSON readers: metadata, sections, tables and JSON paths;
their graphs pass SHACL; a registry record merges with the seed publications into one trial."""

import shutil
from pathlib import Path

from rdflib.namespace import DCTERMS
from trialkg.graph.store import TrialStore
from trialkg.ingest.extract import extract_all
from trialkg.ingest.mapping import Resolved, map_record
from trialkg.ingest.pipeline import ingest
from trialkg.ingest.readers import reader_for
from trialkg.queries import api, load
from trialkg.tests.helpers import FIXTURES, SEEDS, needs_shared


def read(name: str):  # type: ignore[no-untyped-def]
    path = FIXTURES / name
    data = path.read_bytes()
    return reader_for(path, data)(data, str(path))


def test_pubmed_metadata_sections_and_databank_nct() -> None:
    d = read("pubmed_palmira.xml")
    md = d.metadata
    assert (md.pmid, md.doi, md.pmcid, md.date, md.source_type) == (
        "40294349",
        "10.1200/JCO-24-01865",
        "PMC12169856",
        "2025-06-20",
        "journal-abstract",
    )
    assert md.nct_ids == ["NCT03809988"] and "Breast Neoplasms" in md.keywords
    assert "Randomized Controlled Trial" in md.publication_types
    assert [s.kind for s in d.sections if s.kind != "body"][:5] == [
        "title",
        "background",
        "methods",
        "results",
        "conclusions",
    ]
    rec = extract_all(d)
    assert [v.value for v in rec.nct_ids] == ["NCT03809988"]
    g = map_record(d, rec, Resolved("NCT03809988"))
    assert {str(o) for o in g.objects(None, DCTERMS.subject)} == {"Breast Neoplasms"}
    hr = next(e for e in rec.effects if e.statistic == "hazard-ratio")
    assert (hr.value.value, hr.ci_lower and hr.ci_lower.value, hr.p_value and hr.p_value.value) == (0.84, 0.66, 0.149)


def test_jats_fragment_tables_become_per_group_results() -> None:
    d = read("PMC0000001.xml")
    assert d.metadata.pmcid == "PMC0000001" and d.metadata.source_type == "full-text"
    assert "—a parallel-group" in d.text and "Resting heart rate |" in d.text  # entity decoded, footnote mark dropped
    t = d.tables[0]
    assert (t.label, t.header_rows, t.n_cols) == ("Table 2", 2, 6)
    assert t.column_header(2) == "Exercise group (n = 40) SD"
    rec = extract_all(d)
    sizes = {a.label.value: a.size and a.size.value for a in rec.arms}
    assert sizes == {"exercise group": 40, "control group": 38}
    got = {
        (r.arm, r.endpoint, r.statistic): (
            r.value.value,
            r.sd and r.sd.value,
            r.n and r.n.value,
            r.percent and r.percent.value,
        )
        for r in rec.arm_results
    }
    ex, co = (a.key for a in rec.arms)
    assert got[(ex, "table-systolic-blood-pressure-mmhg", "mean")] == (128.4, 11.2, 40, None)
    assert got[(co, "table-resting-heart-rate", "mean")] == (72.3, 8.1, 38, None)
    assert got[(ex, "table-muscle-soreness", "count")] == (12.0, None, 40, 30.0)
    assert got[(co, "table-dizziness", "count")] == (4.0, None, 38, 10.5)
    kinds = {a.key: [i.kind for i in a.interventions] for a in rec.arms}
    assert kinds[ex] == ["behavioral"] and kinds[co] == ["other"]
    # every value is quoted from the cell it was read from
    r = next(r for r in rec.arm_results if r.value.value == 128.4)
    assert d.text[r.value.mention.start : r.value.mention.end] == "128.4"


def test_registry_record_facts_carry_json_paths(store: TrialStore) -> None:
    rep = ingest([FIXTURES / "ctgov_patina.json"], store)
    assert [d.status for d in rep.documents] == ["ingested"], rep.documents
    rows = store.query(
        """PREFIX tkg: <https://w3id.org/trialkg/ontology#>
        SELECT ?path ?quote WHERE { ?e a tkg:EffectEstimate ; tkg:evidence ?m .
          GRAPH ?g { ?m tkg:forProperty tkg:value ; tkg:registryPath ?path ; tkg:quote ?quote } }"""
    )
    assert rows == [
        {
            "path": "resultsSection.outcomeMeasuresModule.outcomeMeasures[0].analyses[0].paramValue",
            "quote": "0.75",
        }
    ]
    arms = store.query(
        """PREFIX tkg: <https://w3id.org/trialkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?size ?role (COUNT(?iv) AS ?ivs) WHERE { ?a a tkg:Arm ; tkg:size ?size ; tkg:armRole/skos:notation ?role ;
          tkg:hasIntervention ?iv . ?iv tkg:interventionType/skos:notation "drug" } GROUP BY ?size ?role ORDER BY ?size"""
    )
    assert arms == [{"size": 257, "role": "control", "ivs": 3}, {"size": 261, "role": "experimental", "ivs": 4}]


@needs_shared
def test_registry_and_seed_publications_merge_into_one_trial(store: TrialStore, tmp_path: Path) -> None:
    for f in SEEDS.iterdir():
        shutil.copy(f, tmp_path / f.name)
    shutil.copy(FIXTURES / "ctgov_patina.json", tmp_path / "ctgov_patina.json")
    rep = ingest([tmp_path], store)
    assert not rep.rejected and rep.merge is not None and rep.merge.conflicts == []
    patina = [d.trial for d in rep.documents if d.trial == "NCT02947685"]
    assert len(patina) == 5  # four seed documents and the registry record
    card = api.trial_card(store, "https://w3id.org/trialkg/id/trial/NCT02947685")
    kinds = {s["source_type"] for s in card["sources"]}
    assert {"registry", "journal-abstract", "news"} <= kinds
    arms = store.query(load("trial_arms").text, {"trial": "https://w3id.org/trialkg/id/trial/NCT02947685"})
    assert sorted(a["size"] for a in arms) == [257, 261]  # registry and papers name the same two arms
    hr = [
        e
        for e in card["effects"]
        if e["statistic"] == "hazard-ratio" and e["endpoint_type"] == "progression-free-survival"
    ]
    assert [(e["value"], e["sources"]) for e in hr] == [(0.75, 4)]
