"""Render a trial card (from :func:`trialkg.queries.api.trial_card`) for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _ci(lo: Any, hi: Any, hi_ne: Any = None) -> str:
    if lo is None and hi is None and not hi_ne:
        return ""
    return f"({_fmt(lo) or 'NE'}–{'NE' if hi_ne and hi is None else _fmt(hi)})"


def render_card(console: Console, card: dict[str, Any]) -> None:
    p, pop = card["properties"], card["population"]

    def one(d: dict[str, list[Any]], k: str) -> str:
        return ", ".join(_fmt(x) for x in d.get(k, []))

    arm_label = {a["arm"]: (a.get("drug_label") or a.get("label") or a["arm"].rsplit("/", 1)[-1]) for a in card["arms"]}
    arm_label.update({a["arm"]: f"{arm_label[a['arm']]} ({a['role']})" for a in card["arms"]})
    head = (
        f"[bold]{one(p, 'acronym') or ''} {one(p, 'nctId')}[/]  phase {one(p, 'phase') or '?'}; "
        f"{one(p, 'designFeature')}; ratio {one(p, 'allocationRatio') or '?'}; "
        f"randomized {one(p, 'randomizedCount') or '?'}"
    )
    lines = [head]
    if p.get("siteCount") or p.get("countryCount"):
        lines.append(f"sites {one(p, 'siteCount') or '?'} in {one(p, 'countryCount') or '?'} countries")
    if p.get("medianFollowUpMonths"):
        lines.append(f"median follow-up {one(p, 'medianFollowUpMonths')} months")
    lines.append(
        f"population: {one(pop, 'condition')}; HR {one(pop, 'hrStatus') or '?'}, HER2 {one(pop, 'her2Status') or '?'}; "
        f"stage {one(pop, 'stage') or '?'}; line {one(pop, 'lineOfTherapy') or '?'}; setting {one(pop, 'setting') or '-'}"
    )
    for v in pop.get("priorTherapy", []):
        lines.append(f"  prior: {v}")
    if p.get("stratificationFactor"):
        lines.append(f"stratified by: {'; '.join(map(str, p['stratificationFactor']))}")
    if p.get("fundedBy"):
        lines.append(f"funded by: {one(p, 'fundedBy')}")
    console.print(Panel("\n".join(lines), title=one(p, "title") or card["trial"], expand=False))
    if card["arms"]:
        t = Table(title="arms")
        for c in ("arm", "role", "n", "backbone", "dosing"):
            t.add_column(c)
        for a in card["arms"]:
            dosing = "; ".join(
                f"{iv['drug_label']} {_fmt(iv.get('dose_amount'))} {iv.get('dose_unit') or ''} {iv.get('route') or ''} "
                f"{iv.get('frequency') or ''}"
                + (f" {iv['days_on']} on/{iv.get('days_off', '?')} off" if iv.get("days_on") else "")
                + (f", {iv['cycle_days']}-day cycles" if iv.get("cycle_days") else "")
                for iv in card["interventions"]
                if iv["arm"] == a["arm"]
            )
            t.add_row(
                a.get("drug_label") or a.get("label") or "",
                a["role"],
                _fmt(a.get("size")),
                a.get("backbone") or "",
                dosing,
            )
        console.print(t)
    if card["endpoints"]:
        t = Table(title="endpoints")
        for c in ("endpoint", "role", "assessor"):
            t.add_column(c)
        for e in card["endpoints"]:
            t.add_row(e.get("label") or "", e.get("role") or "", e.get("assessor") or "")
        console.print(t)
    if card["arm_results"] or card["effects"]:
        t = Table(title="results")
        for c in ("endpoint", "arm / comparison", "statistic", "value", "95% CI", "P", "sources"):
            t.add_column(c)
        for r in card["arm_results"]:
            tp = f" at {_fmt(r['timepoint_months'])} mo" if r.get("timepoint_months") else ""
            val = _fmt(r.get("value")) or f"~{_fmt(r.get('approximate_value'))}"
            t.add_row(
                (r.get("endpoint_type") or r["endpoint"].rsplit("/", 1)[-1]) + _in_subgroup(r),
                arm_label.get(r["arm"], r["arm"]),
                r["statistic"] + tp,
                f"{val} {r.get('unit') or ''}",
                _ci(r.get("ci_lower"), r.get("ci_upper"), r.get("ci_upper_ne")),
                "",
                _fmt(r.get("sources")),
            )
        for e in card["effects"]:
            sig = (
                "" if e.get("significant") is None else (" (significant)" if e["significant"] else " (not significant)")
            )
            pv = f"{e.get('p_operator') or '='}{_fmt(e.get('p_value'))}" if e.get("p_value") is not None else ""
            t.add_row(
                (e.get("endpoint_type") or "") + _in_subgroup(e),
                "experimental vs control",
                e["statistic"],
                _fmt(e.get("value")),
                _ci(e.get("ci_lower"), e.get("ci_upper")),
                pv + sig,
                _fmt(e.get("sources")),
            )
        console.print(t)
    if card["adverse_events"]:
        t = Table(title="adverse events")
        for c in ("term", "grade", "arm", "patients", "sources"):
            t.add_column(c)
        for a in card["adverse_events"]:
            val = (
                f"{_fmt(a['percent'])}%"
                if a.get("percent") is not None
                else (
                    f"~{_fmt(a['approximate_percent'])}%"
                    if a.get("approximate_percent") is not None
                    else _fmt(a.get("count"))
                )
            )
            t.add_row(a["term_label"], a["grade"], arm_label.get(a["arm"], a["arm"]), val, _fmt(a.get("sources")))
        console.print(t)
    if card["facts"]:
        t = Table(title="exposure and baseline")
        for c in ("kind", "arm", "fact", "value"):
            t.add_column(c)
        for f in card["facts"]:
            val = (
                f"{_fmt(f['percent'])}%"
                if f.get("percent") is not None
                else f"{_fmt(f.get('value'))} {f.get('unit') or ''}"
            )
            t.add_row(f["kind"], arm_label.get(f.get("arm") or "", ""), f["fact"], val)
        console.print(t)
    t = Table(title="sources")
    for c in ("kind", "type", "date", "journal / title", "doi", "file"):
        t.add_column(c)
    for s in card["sources"]:
        t.add_row(
            s["kind"],
            s.get("source_type") or "",
            _fmt(s.get("date")),
            s.get("journal") or s.get("title") or "",
            s.get("doi") or "",
            s.get("path") or "",
        )
    console.print(t)


def _in_subgroup(row: dict[str, Any]) -> str:
    """ " (subgroup: pd-l1 cps >=10)" for a subgroup's row; "" for the whole trial's."""
    return f" (subgroup: {row['subgroup']})" if row.get("subgroup") else ""
