"""Benchmark: ingest throughput and query latency, embedded Oxigraph vs rdflib in-memory baseline.

Usage: python benchmarks/bench_store.py [--docs N] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

DRUGS = [
    "palbociclib",
    "ribociclib",
    "abemaciclib",
    "fulvestrant",
    "letrozole",
    "anastrozole",
    "exemestane",
    "trastuzumab",
    "pertuzumab",
    "tucatinib",
    "neratinib",
    "capecitabine",
    "everolimus",
    "alpelisib",
]
TEMPLATE = """{acr}: {drug} plus {backbone} versus {backbone} alone in {status} advanced breast cancer
ABSTRACT
METHODS
In this international, randomized, open-label, phase {phase} trial at {sites} sites in {countries} countries,
patients with {status_long} metastatic breast cancer {line_text} were randomly assigned in a {ratio} ratio to
receive {backbone} with or without {drug}. The primary end point was investigator-assessed progression-free survival.
RESULTS
A total of {n} patients underwent randomization: {n1} were assigned to the {drug} group and {n2} to the control group.
Median progression-free survival was {m1} months in the {drug} group and {m2} months in the control group
(hazard ratio, {hr}; 95% CI, {lo} to {hi}; P = {p}). Grade 3 or 4 neutropenia occurred in {ae1}% of the patients in the
{drug} group and {ae2}% of those in the control group.
CONCLUSIONS
(Funded by Example Pharma; {acr} ClinicalTrials.gov number, NCT{nct:08d}.)
"""


def make_docs(folder: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    for i in range(n):
        drug, backbone = rnd.sample(DRUGS, 2)
        her2 = rnd.choice(["positive", "negative"])
        first = rnd.random() < 0.5
        n1 = rnd.randint(60, 400)
        n2 = rnd.randint(60, 400)
        m2 = round(rnd.uniform(3, 20), 1)
        m1 = round(m2 + rnd.uniform(0.5, 10), 1)
        hr = round(rnd.uniform(0.4, 0.95), 2)
        text = TEMPLATE.format(
            acr=f"BENCH-{i}",
            drug=drug,
            backbone=backbone,
            phase=rnd.choice([2, 3]),
            sites=rnd.randint(10, 300),
            countries=rnd.randint(2, 30),
            status=f"HR+/HER2{'+' if her2 == 'positive' else '-'}",
            status_long=f"hormone receptor-positive, HER2-{her2}",
            line_text="who had not received previous therapy for advanced disease"
            if first
            else "after progression on first-line therapy",
            ratio=rnd.choice(["1:1", "2:1"]),
            n=n1 + n2,
            n1=n1,
            n2=n2,
            m1=m1,
            m2=m2,
            hr=hr,
            lo=round(hr - 0.1, 2),
            hi=round(hr + 0.12, 2),
            p=rnd.choice(["0.001", "0.02", "0.04", "0.30"]),
            ae1=round(rnd.uniform(20, 70), 1),
            ae2=round(rnd.uniform(0, 10), 1),
            nct=10_000_000 + i,
        )
        (folder / f"bench_{i:05d}.txt").write_text(text, encoding="utf-8")


AE_QUERY = """
PREFIX tkg: <https://w3id.org/trialkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label (COUNT(DISTINCT ?trial) AS ?trials) (AVG(?pct) AS ?mean_percent) WHERE {
  ?trial tkg:hasArm ?arm . ?arm tkg:drug ?drug . ?drug rdfs:label ?label .
  ?ae a tkg:AdverseEventResult ; tkg:arm ?arm ; tkg:percent ?pct .
} GROUP BY ?label ORDER BY ?label
"""


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workers", type=int, default=None, help="ingest worker processes (default: the pipeline's)")
    args = ap.parse_args()

    from trialkg.graph.store import TrialStore
    from trialkg.ingest import pipeline
    from trialkg.queries import api, load

    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        make_docs(docs, args.docs)
        with TrialStore(Path(tmp) / "store") as st:
            t0 = time.perf_counter()
            rep = pipeline.ingest([docs], st, workers=args.workers)
            ingest_s = time.perf_counter() - t0
            ok = len(rep.accepted)
            triples = st.triple_count()
            cpu = sum(rep.seconds.values())
            print(
                f"ingest: {ok}/{args.docs} documents in {ingest_s:.1f} s = {ok / ingest_s:.1f} docs/s "
                f"({rep.workers} worker{'s' if rep.workers > 1 else ''}); SHACL validation "
                f"{rep.seconds['validate'] / cpu:.0%} of the CPU time of all stages; {triples} triples in the union view"
            )
            drug = api.drug_iri("palbociclib")
            canon = load("trials_by_biomarker_and_line").text
            ox_canon = timed(lambda: st.query(canon, {"drug": drug}), args.repeat)
            ox_ae = timed(lambda: st.query(AE_QUERY), args.repeat)
            t = time.perf_counter()
            mem = st.graph_union(
                [
                    *st.document_graphs(),
                    "https://w3id.org/trialkg/graph/merge",
                    "https://w3id.org/trialkg/graph/ontology",
                ]
            )
            load_s = time.perf_counter() - t
            from rdflib import URIRef

            rl_canon = timed(lambda: list(mem.query(canon, initBindings={"drug": URIRef(drug)})), args.repeat)
            rl_ae = timed(lambda: list(mem.query(AE_QUERY)), args.repeat)
            n_ox = len(st.query(canon, {"drug": drug}))
            n_rl = len(list(mem.query(canon, initBindings={"drug": URIRef(drug)})))
            assert n_ox == n_rl and n_ox > 0, (n_ox, n_rl)
            n_ae = len(st.query(AE_QUERY))
            assert n_ae == len(list(mem.query(AE_QUERY))) and n_ae > 0
        print(f"baseline load into rdflib memory store: {load_s:.1f} s ({len(mem)} triples)")
        print(f"{'query':32s} {'oxigraph':>10s} {'rdflib-memory':>14s} {'ratio':>8s}")
        for name, a, b in (
            ("canonical (drug by HER2, line)", ox_canon, rl_canon),
            ("AE join + aggregate", ox_ae, rl_ae),
        ):
            print(f"{name:32s} {a * 1000:8.1f}ms {b * 1000:12.1f}ms {b / a:7.1f}x")


if __name__ == "__main__":
    main()
