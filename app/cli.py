"""The trialkg command line: ingest, fetch, split, validate, eval, show, query, conflicts, export, serve."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from trialkg.settings import STORE_ENV, default_store_path, store_path

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="trialkg: a knowledge graph of clinical trials, drugs and outcomes, every fact traceable to its quote.",
)
console = Console()
err = Console(stderr=True)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        help=f"Store folder, or a SPARQL server's query URL (http://...; default: ${STORE_ENV}, else {default_store_path()}).",
    ),
]


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False, show_time=False)],
        force=True,
    )


SHOW_TRIALS = 12  # trial ids listed in the ingest summary


def _location(store: str | None) -> str:
    """Where the store is, as the user would write it (a SPARQL server URL or a folder)."""
    from trialkg.graph.remote import is_url

    raw = store or os.environ.get(STORE_ENV)
    return str(raw) if is_url(raw) else str(store_path(store))


def _open(store: str | None, read_only: bool = False) -> Any:
    """The store; commands that only read open an existing store read-only, so they run beside a
    server (which holds a read-only snapshot) and beside each other."""
    from trialkg import open_store
    from trialkg.graph.remote import is_url
    from trialkg.graph.store import StoreError, store_exists

    location = _location(store)
    try:
        return open_store(location, read_only=read_only and (is_url(location) or store_exists(location)))
    except StoreError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    except OSError as e:
        err.print(
            f"[red]error:[/] cannot open the store at {_location(store)}: {e} (is another trialkg process using it?)"
        )
        raise typer.Exit(2) from None


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (.txt, .md, .html, PubMed/JATS .xml, ClinicalTrials.gov .json)."),
    ],
    store: StoreOpt = None,
    prune: Annotated[
        bool, typer.Option(help="Remove graphs of files under the given folders that no longer exist.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", min=1, help="Worker processes (default: one per core for 100 files or more, else 1)."
        ),
    ] = None,
    chunk_size: Annotated[
        int,
        typer.Option(
            "--chunk-size",
            min=1,
            help="Documents per write: each chunk is committed before the next (bounds memory and lost work).",
        ),
    ] = 250,
    optimize: Annotated[
        bool | None,
        typer.Option(
            "--optimize/--no-optimize",
            help="Compact the store's files at the end (default: after 1,000 documents or more written).",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Read documents, extract trial facts, validate each document's graph and write it to the store."""
    from trialkg.ingest.pipeline import DocResult
    from trialkg.ingest.pipeline import ingest as run_ingest

    _setup_logging(verbose)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"[red]error:[/] no such file or folder: {', '.join(missing)}")
        raise typer.Exit(2)
    with (
        _open(store) as st,
        Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("ingest", total=None)

        def on_start(n: int) -> None:
            progress.update(task, total=n)

        def on_document(d: DocResult) -> None:
            progress.advance(task)
            name = Path(d.path).name
            if d.status == "rejected":
                progress.console.print(f"[red]✗[/] {d.path}: {d.reason}")
            else:
                mark = "[green]✓[/]" if d.status == "ingested" else "[dim]=[/]"
                progress.console.print(
                    f"{mark} {name}: trial {d.trial} ({d.identity}), {d.facts} facts, "
                    f"{d.triples} triples{' (unchanged)' if d.status == 'unchanged' else ''}"
                )

        report = run_ingest(
            paths,
            st,
            prune=prune,
            on_document=on_document,
            on_start=on_start,
            workers=workers,
            chunk_size=chunk_size,
            optimize=optimize,
        )
    if not report.documents:
        from trialkg.ingest.readers import supported_suffixes

        err.print(
            f"[yellow]no documents found[/] in {', '.join(map(str, paths))} "
            f"(readers exist for {', '.join(sorted(supported_suffixes()))})"
        )
    trials = sorted({d.trial for d in report.accepted})
    table = Table(title="ingest summary", show_header=False)
    table.add_row("documents read", str(len(report.documents)))
    table.add_row(
        "ingested / unchanged",
        f"{sum(d.status == 'ingested' for d in report.documents)} / "
        f"{sum(d.status == 'unchanged' for d in report.documents)}",
    )
    shown = ", ".join(trials[:SHOW_TRIALS]) + (
        f" and {len(trials) - SHOW_TRIALS} more" if len(trials) > SHOW_TRIALS else ""
    )
    table.add_row("trials", f"{len(trials)} ({shown})" if trials else "0")
    table.add_row("facts (results, estimates, AEs, arm facts, baseline)", str(sum(d.facts for d in report.accepted)))
    table.add_row("conflicts", str(report.merge.total_conflicts if report.merge else 0))
    table.add_row("rejected", str(len(report.rejected)))
    if report.wall_seconds > 0:
        table.add_row(
            "time",
            f"{report.wall_seconds:.1f} s ({len(report.documents) / report.wall_seconds:.1f} documents/s, "
            f"{report.workers} worker{'s' if report.workers > 1 else ''})",
        )
    if report.optimized:
        table.add_row("store files compacted", f"{report.seconds['optimize']:.1f} s")
    if report.recovered:
        table.add_row("removed (left by an interrupted ingest)", str(len(report.recovered)))
    if report.pruned:
        table.add_row("pruned", ", ".join(report.pruned))
    if report.relinked:
        table.add_row("re-linked to a known trial", ", ".join(report.relinked))
    console.print(table)
    if report.rejected:
        rt = Table(title="rejected documents")
        rt.add_column("file")
        rt.add_column("reason")
        for d in report.rejected:
            rt.add_row(d.path, d.reason)
        console.print(rt)
    if report.merge and report.merge.total_conflicts:
        console.print("[yellow]sources disagree; see[/] trialkg conflicts")
    console.print(f"[dim]store: {_location(store)}[/]")
    if report.documents and not report.accepted:
        raise typer.Exit(1)


@app.command()
def optimize(store: StoreOpt = None) -> None:
    """Compact the store's files (ingest does it after 1,000 documents or more): scans and listing
    queries get about twice as fast on a store written by many bulk writes."""
    import time

    with _open(store) as st:
        t = time.perf_counter()
        st.optimize()
        if st.path is None:
            console.print(
                f"nothing to compact from here: the SPARQL server compacts its own storage: {_location(store)}"
            )
            return
    console.print(f"store compacted in {time.perf_counter() - t:.1f} s: {_location(store)}")


@app.command()
def validate(store: StoreOpt = None) -> None:
    """Validate every document graph and the union of all of them against the SHACL shapes."""
    from trialkg.graph.iris import MERGE_GRAPH
    from trialkg.graph.validate import validate_graph

    with _open(store, read_only=True) as st:
        graphs = st.document_graphs()
        if not graphs:
            console.print("the store holds no documents; nothing to validate")
            return
        bad = 0
        for gi in [*graphs, MERGE_GRAPH]:
            rep = validate_graph(st.graph(gi))
            if not rep.conforms:
                bad += 1
                console.print(f"[red]✗[/] {gi}: {len(rep.violations)} violations")
                for v in rep.violations[:20]:
                    console.print(f"    {v}")
        union = validate_graph(st.graph_union())
        if not union.conforms:
            bad += 1
            console.print(f"[red]✗[/] union of all graphs: {len(union.violations)} violations")
            for v in union.violations[:20]:
                console.print(f"    {v}")
        if bad:
            raise typer.Exit(1)
        console.print(f"[green]conforms[/]: {len(graphs)} document graphs, the merge graph and their union")


@app.command()
def fetch(
    ids: Annotated[list[str], typer.Argument(help="NCT numbers, PMID:<n> or PMC<n> ids.")],
    store: StoreOpt = None,
    cache: Annotated[
        Path | None, typer.Option(help="Where records are saved (default: $XDG_CACHE_HOME/trialkg/records).")
    ] = None,
    refresh: Annotated[bool, typer.Option(help="Download again even when the record is cached.")] = False,
    no_ingest: Annotated[bool, typer.Option("--no-ingest", help="Only download.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Download registry records (ClinicalTrials.gov) and PubMed/PMC records, then ingest them."""
    from trialkg.app.fetch import Fetcher, FetchError, default_cache, parse_id

    _setup_logging(verbose)
    try:
        records = [parse_id(i) for i in ids]
    except FetchError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    fetcher = Fetcher(cache or default_cache())
    paths: list[Path] = []
    failed = 0
    for rec in records:
        try:
            path, cached = fetcher.get(rec, refresh=refresh)
        except FetchError as e:
            err.print(f"[red]✗[/] {e}")
            failed += 1
            continue
        err.print(f"[green]✓[/] {rec.ident} -> {path}{' (cached)' if cached else ''}")
        paths.append(path)
    if paths and not no_ingest:
        ingest(paths, store=store, prune=False, verbose=verbose)
    if failed:
        raise typer.Exit(1)


@app.command()
def split(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="PubMed XML bulk files (.xml, .xml.gz) or ClinicalTrials.gov API v2 pages (.json, .json.gz)."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the record files (created if absent).")],
    rct: Annotated[
        bool,
        typer.Option(
            "--rct",
            help="Keep randomized trials: PubMed type Randomized Controlled Trial (D016449), allocation RANDOMIZED.",
        ),
    ] = False,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            help="Keep records of this type: PubMed publication type (name or MeSH UI), study type or phase (repeatable).",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Cut PubMed bulk files and registry API pages into one file per record (pubmed-<PMID>.xml, <NCT id>.json: as fetch saves them) for ingest."""
    from trialkg.app.split import split_file

    _setup_logging(verbose)
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        err.print(f"[red]error:[/] no such file: {', '.join(missing)}")
        raise typer.Exit(2)
    table = Table(title="split summary")
    table.add_column("file", no_wrap=True, min_width=min(48, max(len(p.name) for p in files)))
    for col in ("records", "written", "unchanged", "other kinds", "skipped", "deleted"):
        table.add_column(col, justify="right")
    failed = 0
    with Progress(
        TextColumn("[bold]split[/] {task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        for path in files:
            task = progress.add_task(path.name, total=path.stat().st_size or 1)

            def advance(done: int, task: TaskID = task) -> None:
                progress.update(task, completed=done)

            rep = split_file(path, out, types or [], rct=rct, on_progress=advance)
            progress.remove_task(task)
            if rep.error:
                failed += 1
                progress.console.print(f"[red]✗[/] {rep.error}")
            table.add_row(
                path.name,
                *(f"{n:,}" for n in (rep.records, rep.written, rep.unchanged, rep.filtered, rep.skipped, rep.deleted)),
            )
    console.print(table)
    console.print(f"[dim]records in {out}: trialkg ingest {out} (--prune to drop deleted ones)[/]")
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    gold: Annotated[
        Path,
        typer.Option(
            "--gold",
            "-g",
            help="Gold file (YAML, the format of shared/gold/seeds.yaml), or a folder of one per document.",
        ),
    ],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Per-field recall and precision against a gold file, with every missed, contradicted and unmatched fact.

    Precision counts as errors a gold fact's key stated with another value (contradicted) and every result,
    estimate or adverse event stated on a gold trial that matches no gold fact (no gold), even beside the
    right value; a trial the store does not recognize misses all its facts."""
    from trialkg.app.evaluate import evaluate, totals

    if not gold.exists():
        err.print(f"[red]error:[/] gold file not found: {gold}")
        raise typer.Exit(2)
    with _open(store, read_only=True) as st:
        try:
            rep = evaluate(st, gold)
        except (ValueError, OSError) as e:
            err.print(f"[red]error:[/] {e}")
            raise typer.Exit(2) from None
    if as_json:
        out = {
            "fields": {
                k: {
                    "recall": f.recall,
                    "precision": f.precision,
                    "matched": f.matched,
                    "missed": f.missed,
                    "contradicted": f.contradicted,
                    "no_gold": f.spurious,
                }
                for k, f in sorted(rep.fields.items())
            },
            "negatives": [{"text": t, "status": s, "detail": d} for t, s, d in rep.negatives],
            "canonical": [{"trial": t, "ok": ok, "detail": d} for t, ok, d in rep.canonical],
            "perfect": rep.perfect,
        }
        console.print_json(json.dumps(out))
    else:
        table = Table(title=f"evaluation against {gold}")
        for col in ("field", "gold facts", "matched", "missed", "contradicted", "no gold", "recall", "precision"):
            table.add_column(
                col, justify="left" if col == "field" else "right", min_width=10 if col == "field" else None
            )
        for name, f in sorted(rep.fields.items()):
            style = "" if f.recall == 1.0 and not f.contradicted and not f.spurious else "red"
            table.add_row(
                name,
                str(f.total),
                str(f.matched),
                str(len(f.missed)),
                str(len(f.contradicted)),
                str(len(f.spurious)),
                f"{f.recall:.1%}",
                f"{f.precision:.1%}",
                style=style,
            )
        tot, mat, con, spu = totals(rep.fields)
        table.add_row(
            "[bold]all fields",
            str(tot),
            str(mat),
            str(tot - mat - con),
            str(con),
            str(spu),
            f"{mat / tot:.1%}" if tot else "-",
            f"{mat / (mat + con + spu):.1%}" if mat + con + spu else "-",
        )
        console.print(table)
        for name, f in sorted(rep.fields.items()):
            for m in f.missed:
                console.print(f"[yellow]missed[/] {name}: {m}")
            for m in f.contradicted:
                console.print(f"[red]contradicted[/] {name}: {m}")
            for m in f.spurious:
                console.print(f"[red]no gold[/] {name}: {m}")
        for text, status, detail in rep.negatives:
            colour = {"pass": "green", "fail": "red"}.get(status, "yellow")
            console.print(f"[{colour}]negative {status}[/]: {text[:90]}…\n    {detail}")
        for trial, ok, detail in rep.canonical:
            console.print(f"[{'green' if ok else 'red'}]canonical {'ok' if ok else 'wrong'}[/] {trial}: {detail}")
    if not rep.perfect:
        raise typer.Exit(1)


@app.command()
def show(
    ids: Annotated[list[str], typer.Argument(help="NCT ids or trial acronyms.")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the card as JSON.")] = False,
) -> None:
    """A readable card of each trial: design, population, arms, endpoints, results, harms, sources."""
    from trialkg.queries import api
    from trialkg.queries.card import render_card

    status = 0
    with _open(store, read_only=True) as st:
        for ident in ids:
            trials = api.find_trials(st, ident)
            if not trials:
                err.print(f"[red]no trial[/] with id or acronym {ident!r} in {store_path(store)}")
                status = 1
                continue
            for t in trials:
                card = api.trial_card(st, t)
                if as_json:
                    console.print_json(json.dumps(card, default=str))
                else:
                    render_card(console, card)
    if status:
        raise typer.Exit(status)


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Canned query name; omit to list them.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Parameter as name=value.")] = None,
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    all_pages: Annotated[
        bool, typer.Option("--all", help="Every page of a paged listing (default: the page -p page=N, else the first).")
    ] = False,
) -> None:
    """Run a canned SPARQL query from queries/*.rq (parameters are bound, never pasted into the text).
    Listings over the whole store come a page of trials at a time (-p page=2 for the next, --all for every page)."""
    from trialkg.queries import api, load, names

    if name is None:
        table = Table(title="canned queries")
        table.add_column("name")
        table.add_column("title")
        table.add_column("parameters")
        for n in names():
            q = load(n)
            table.add_row(
                n,
                q.title,
                "; ".join(f"{k} ({p.spec()}): {p.doc}" for k, p in q.params.items()),
            )
        console.print(table)
        return
    params: dict[str, Any] = {}
    for p in param or []:
        if "=" not in p:
            err.print(f"[red]error:[/] parameter {p!r} is not name=value")
            raise typer.Exit(2)
        k, v = p.split("=", 1)
        params[k.strip()] = v.strip()
    with _open(store, read_only=True) as st:
        try:
            if all_pages and "page" in params:
                raise ValueError("give either --all or -p page=N")
            if name == "trials_by_biomarker_and_line" and set(params) <= {"drug", "page"} and "drug" in params:
                page = None if all_pages else params.get("page") or 1  # checked by the query's binding
                rows = api.trials_by_biomarker_and_line(st, params["drug"], page=page)
            else:
                rows = (api.run_all if all_pages else api.run)(st, name, **params)
        except (KeyError, ValueError) as e:
            err.print(f"[red]error:[/] {e.args[0] if e.args else e}")
            raise typer.Exit(2) from None
    if not all_pages and api.page_is_full(name, rows):
        page = int(params.get("page") or 1)
        err.print(f"page {page} ({load(name).page_size} trials); next: -p page={page + 1}, or --all for every page")
    _print_rows(rows, fmt)


RDF_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")
PG_FORMATS = ("graphml", "gexf", "cytoscape", "nodelink", "csv")
TrialOpt = Annotated[list[str] | None, typer.Option("--trial", "-t", help="A trial (NCT id or acronym); repeat.")]
DrugOpt = Annotated[list[str] | None, typer.Option("--drug", "-d", help="The trials of a drug; repeat.")]


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(RDF_FORMATS + PG_FORMATS)}.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (a folder for csv); default standard output.")
    ] = None,
    trial: TrialOpt = None,
    drug: DrugOpt = None,
    construct: Annotated[
        Path | None, typer.Option(help="A file with a SPARQL CONSTRUCT query whose result is exported (RDF formats).")
    ] = None,
    kinds: Annotated[
        str | None, typer.Option(help="Property-graph node kinds to keep, comma-separated (e.g. Trial,Drug).")
    ] = None,
    collapse_arms: Annotated[bool, typer.Option(help="Property graph: trial -> drug edges instead of arms.")] = False,
    store: StoreOpt = None,
) -> None:
    """Export the graph, or a selection of it: RDF (turtle, trig, nquads, ntriples, jsonld; the whole
    graph is streamed from the store) or the property-graph projection (graphml, gexf, cytoscape,
    nodelink, csv)."""
    from trialkg.app.export import formats, select
    from trialkg.app.export.project import project
    from trialkg.graph.store import StoreError

    if fmt not in RDF_FORMATS + PG_FORMATS:
        err.print(f"[red]error:[/] unknown format {fmt!r}; choose from {', '.join(RDF_FORMATS + PG_FORMATS)}")
        raise typer.Exit(2)
    if fmt == "csv" and output is None:
        err.print("[red]error:[/] csv writes nodes.csv and edges.csv: give a folder with --output")
        raise typer.Exit(2)
    if construct is not None and fmt not in RDF_FORMATS:
        err.print("[red]error:[/] --construct gives triples: export them in an RDF format")
        raise typer.Exit(2)
    with _open(store, read_only=True) as st:
        try:
            chosen = select.trials(st, trial, drug)
            if fmt in PG_FORMATS:
                g = project(st, chosen, [k.strip() for k in kinds.split(",")] if kinds else None, collapse_arms)
                if output is None:
                    sys.stdout.buffer.write(formats.WRITERS[fmt](g))
                else:
                    formats.write(g, fmt, output)
                err.print(
                    f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges" + (f" -> {output}" if output else "")
                )
                return
            sparql = construct.read_text(encoding="utf-8") if construct is not None else None
            _export_rdf(st, fmt, output, chosen, sparql)
        except (ValueError, SyntaxError, OSError, StoreError) as e:  # an RDF file is written as .part, removed on error
            err.print(f"[red]error:[/] {e}")
            raise typer.Exit(2) from None


def _export_rdf(st: Any, fmt: str, output: Path | None, chosen: list[str] | None, sparql: str | None) -> None:
    from trialkg.app.export import rdf

    target = output.with_name(output.name + ".part") if output is not None else None
    out = target.open("wb") if target is not None else sys.stdout.buffer
    try:
        if sparql is not None:
            rdf.write_triples(rdf.construct_triples(st, sparql), fmt, out)
        elif chosen is not None:
            rdf.write_triples(rdf.trial_triples(st, chosen), fmt, out)
        else:
            rdf.dump_all(st, fmt, out)
    except BaseException:
        if target is not None:
            out.close()
            target.unlink(missing_ok=True)
        raise
    if target is not None and output is not None:
        out.close()
        target.replace(output)  # the file appears whole or not at all
        err.print(f"{fmt} -> {output} ({output.stat().st_size:,} bytes)")


@app.command()
def viz(
    trial: TrialOpt = None,
    drug: DrugOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("trialkg-view.html"),
    collapse_arms: Annotated[bool, typer.Option(help="Trial -> drug edges instead of arms.")] = False,
    store: StoreOpt = None,
) -> None:
    """An interactive view (one offline HTML file) of trials, a drug's trials, or the whole graph."""
    from trialkg.app.export import select
    from trialkg.app.export import viz as viz_mod
    from trialkg.app.export.project import project

    with _open(store, read_only=True) as st:
        try:
            chosen = select.trials(st, trial, drug)
        except ValueError as e:
            err.print(f"[red]error:[/] {e}")
            raise typer.Exit(2) from None
        g = project(st, chosen, collapse_arms=collapse_arms)
    title = "trialkg: " + ", ".join([*(trial or []), *(drug or [])] or ["all trials"])
    output.write_text(viz_mod.html(g, title), encoding="utf-8")
    err.print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {output}")


@app.command()
def conflicts(store: StoreOpt = None, fmt: Annotated[str, typer.Option("--format", "-f")] = "table") -> None:
    """Facts on which sources disagree, each claimed value with its source and quote."""
    from trialkg.queries import api

    with _open(store, read_only=True) as st:
        rows = api.conflicts(st)
    if not rows:
        console.print("no conflicts: every source agrees (rounded and approximate restatements count as agreeing)")
        return
    _print_rows(rows, fmt)


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 7878,
    write_token: Annotated[
        str | None,
        typer.Option(
            envvar="TRIALKG_WRITE_TOKEN",
            help="Allow SPARQL Update for requests with 'Authorization: Bearer <token>' (default: read-only).",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Time limit per query, in seconds.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Largest result, in rows or triples.")] = 100_000,
    cors: Annotated[list[str] | None, typer.Option(help="Origin allowed by CORS (repeat; '*' for any).")] = None,
    allow_service: Annotated[
        bool, typer.Option(help="Allow SERVICE in queries (the server then calls the hosts they name).")
    ] = False,
    allow_load: Annotated[
        bool, typer.Option(help="Allow LOAD in authorized updates (the server then fetches the URLs).")
    ] = False,
) -> None:
    """SPARQL 1.1 endpoint (/sparql), REST routes for the canned queries (/queries, /docs), trial cards
    (/trials/NCT...) and a query page (/) over the store."""
    import uvicorn
    from trialkg.app.server import Settings, create_app
    from trialkg.graph.remote import is_url
    from trialkg.graph.store import StoreError, TrialStore, store_exists

    path = _location(store)
    if is_url(path):
        err.print(f"[red]error:[/] {path} is a SPARQL server already; trialkg serve serves an embedded store folder")
        raise typer.Exit(2)
    try:
        if not store_exists(path):
            TrialStore(path).close()  # a new, empty store with the ontology, so that the page has something
        TrialStore(path, read_only=write_token is None).close()  # fail here, with the reason, not in uvicorn
    except StoreError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    settings = Settings(
        store=path,
        write_token=write_token,
        timeout=timeout,
        max_rows=max_rows,
        cors_origins=cors or [],
        allow_service=allow_service,
        allow_load=allow_load,
    )
    mode = "read-write (token)" if write_token else "read-only"
    err.print(f"trialkg serve: store {path}, {mode}, http://{host}:{port}/ (query page), /sparql, /docs")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        console.print_json(json.dumps(rows, default=str))
        return
    cols = [c for c in (rows[0].keys() if rows else []) if any(r.get(c) is not None for r in rows)]
    if fmt == "table" and "nct" in cols and "trial" in cols:
        cols.remove("trial")  # the NCT id says it more briefly
    if fmt == "csv":
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
        return
    from trialkg.ontology import ID, TKG, VOCAB

    def short(v: Any) -> str:
        s = "" if v is None else str(v)
        for prefix, repl in ((ID, ""), (TKG, "tkg:"), (VOCAB, "")):
            if s.startswith(prefix):
                return repl + s[len(prefix) :]
        return s

    table = Table()
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(short(r.get(c)) for c in cols))
    console.print(table)
    console.print(f"[dim]{len(rows)} rows[/]")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
