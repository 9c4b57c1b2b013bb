"""``trialkg split`` on a PubMed bulk file the size of a baseline file.

    python benchmarks/bench_split.py [--articles 30000] [--rounds 3] [--out table.md]

A gzip-compressed PubmedArticleSet of ``--articles`` records is written (seeded: the synthetic trials'
abstracts of benchmarks/synth.py in PubMed markup, labelled sections, one in three typed Randomized
Controlled Trial, the others Review), then split, each run in a child process of its own so that its
peak memory (Linux's VmHWM) is its own, and with the named baseline, in the same run: the whole file
parsed into one tree (lxml, same parser settings) and each article written from it.  The split and the
baseline alternate ``--rounds`` times, each into an empty folder; then the split runs again into its
first folder (every file unchanged), and with ``--rct``.  Both must write the same files (checked
byte for byte); a sample of article files is read by the PubMed reader and must give its PMID and the
trial's registry id.  ``--small`` writes 600 articles (the test suite's mode).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).parent))
import synth
from benchutil import emit

FIRST_PMID = 30_000_000
_LABELS = ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS")


def article_xml(pmid: int, e: synth.Expected, text: str, rct: bool) -> str:
    """One PubmedArticle for a synthetic abstract: its title line and labelled sections."""
    lines = text.splitlines()
    title, sections, label = lines[0], [], ""
    for line in lines[1:]:
        if line in _LABELS:
            label = line
        elif label:
            sections.append(f'<AbstractText Label="{label}" NlmCategory="{label}">{escape(line)}</AbstractText>')
    kind = (
        '<PublicationType UI="D016449">Randomized Controlled Trial</PublicationType>'
        if rct
        else '<PublicationType UI="D016454">Review</PublicationType>'
    )
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<Article PubModel="Print"><Journal><Title>Synthetic oncology journal</Title><JournalIssue><PubDate>'
        f"<Year>2025</Year></PubDate></JournalIssue></Journal><ArticleTitle>{escape(title)}.</ArticleTitle>"
        f"<Abstract>{''.join(sections)}</Abstract><PublicationTypeList>{kind}</PublicationTypeList></Article>"
        f"<DataBankList><DataBank><DataBankName>ClinicalTrials.gov</DataBankName><AccessionNumberList>"
        f"<AccessionNumber>{e.nct}</AccessionNumber></AccessionNumberList></DataBank></DataBankList>"
        f"</MedlineCitation></PubmedArticle>\n"
    )


def write_bulk(path: Path, n: int, seed: int = 7) -> dict[str, str]:
    """The bulk file; returns PMID -> registry id of each article."""
    rnd = random.Random(seed)
    ids: dict[str, str] = {}
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<PubmedArticleSet>\n']
    for i in range(n):
        e = synth._trial(i, rnd)
        pmid = FIRST_PMID + i
        parts.append(article_xml(pmid, e, synth.abstract(e, rnd), rct=i % 3 == 0))
        ids[str(pmid)] = e.nct
    parts.append("</PubmedArticleSet>\n")
    path.write_bytes(gzip.compress("".join(parts).encode(), 6))
    return ids


_CHILD = """
import json, sys, time
mode, bulk, out = sys.argv[1:4]
t = time.perf_counter()
if mode == "tree":
    import gzip
    from lxml import etree
    from pathlib import Path
    from trialkg.app.split import FOOTER, HEADER, _write_if_changed, article_file
    from trialkg.ingest.readers import safe_xml_options
    parser = etree.XMLParser(**safe_xml_options())
    Path(out).mkdir()
    root = etree.parse(gzip.open(bulk), parser).getroot()
    written = 0
    for el in root.iterfind("PubmedArticle"):
        pmid = el.findtext("MedlineCitation/PMID").strip()
        written += _write_if_changed(article_file(Path(out), pmid), HEADER + etree.tostring(el, encoding="UTF-8", with_tail=False) + FOOTER)
else:
    from pathlib import Path
    from trialkg.app.split import split_file
    rep = split_file(Path(bulk), Path(out), rct=mode == "rct")
    assert not rep.error, rep.error
    written = rep.written
seconds = time.perf_counter() - t
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "written": written, "peak_mb": int(hwm.split()[1]) / 1024}))
"""


def run(mode: str, bulk: Path, out: Path) -> dict[str, float]:
    res = subprocess.run([sys.executable, "-c", _CHILD, mode, str(bulk), str(out)], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{res.stderr[-3000:]}")
    result: dict[str, float] = json.loads(res.stdout)
    return result


def same_files(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    return names == sorted(p.name for p in b.iterdir()) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=30_000, help="records in the bulk file")
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs of the split and the baseline")
    ap.add_argument("--small", action="store_true", help="600 articles, one round (the test suite's mode)")
    ap.add_argument("--out", type=Path, help="also write the table (Markdown) to this file")
    args = ap.parse_args()
    n = 600 if args.small else args.articles
    rounds = 1 if args.small else max(1, args.rounds)
    from trialkg.ingest.readers.pubmed import read

    with tempfile.TemporaryDirectory(prefix="trialkg-split-") as tmp:
        work = Path(tmp)
        bulk = work / "pubmed-bulk.xml.gz"
        ids = write_bulk(bulk, n)
        size = bulk.stat().st_size
        # writing tens of thousands of small files is at the file system's mercy (its write-back of the
        # previous run's files): the two ways alternate, each into a fresh folder, ``--rounds`` times
        timed: dict[str, list[dict[str, float]]] = {"stream": [], "tree": []}
        for k in range(rounds):
            for mode in ("stream", "tree") if k % 2 == 0 else ("tree", "stream"):
                timed[mode].append(run(mode, bulk, work / f"{mode}{k}"))
        again = run("stream", bulk, work / "stream0")
        rct = run("rct", bulk, work / "rct")
        if not same_files(work / "stream0", work / "tree0"):
            raise SystemExit("the streamed split and the whole-tree baseline wrote different files")
        written = [int(r["written"]) for r in (*timed["stream"], *timed["tree"], again, rct)]
        expected = [n] * (2 * rounds) + [0, (n + 2) // 3]
        if written != expected:
            raise SystemExit(f"files written {written}, expected {expected}")
        sample = list(ids)[:: max(1, n // 50)]
        for pmid in sample:
            doc = read((work / "stream0" / f"pubmed-{pmid}.xml").read_bytes(), pmid)
            if doc.metadata.pmid != pmid or ids[pmid] not in doc.text:
                raise SystemExit(f"article {pmid}: the reader did not find its PMID and registry id")

    def row(name: str, runs: list[dict[str, float]]) -> str:
        """Seconds and articles/s as the range over the runs (a single figure for one run)."""
        lo, hi = min(r["seconds"] for r in runs), max(r["seconds"] for r in runs)
        secs = f"{lo:.2f}" if len(runs) == 1 else f"{lo:.2f} - {hi:.2f}"
        rate = f"{n / lo:,.0f}" if len(runs) == 1 else f"{n / hi:,.0f} - {n / lo:,.0f}"
        return f"| {name} | {int(runs[0]['written']):,} | {secs} | {rate} | {max(r['peak_mb'] for r in runs):.0f} |"

    best = {m: min(r["seconds"] for r in timed[m]) for m in timed}
    peak = {m: max(r["peak_mb"] for r in timed[m]) for m in timed}
    lines = [
        f"## trialkg split: a PubMed bulk file of {n:,} articles ({size / 1e6:.1f} MB gzip-compressed)",
        "",
        f"| run | files written | seconds (of {rounds}) | articles/s | peak MB |",
        "|---|---:|---:|---:|---:|",
        row("streamed (trialkg split)", timed["stream"]),
        row("whole tree (baseline)", timed["tree"]),
        row("streamed again: every file unchanged", [again]),
        row("streamed, --rct", [rct]),
        "",
        f"Streamed against the whole tree, same run: {best['tree'] / best['stream']:.2f}x the speed (best runs), "
        f"{peak['tree'] / peak['stream']:.1f}x less peak memory; the same files written (checked byte for byte), "
        f"and the PubMed reader finds its PMID and registry id in a sample of {len(sample)} of them.",
    ]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
