"""An interactive view of the property-graph projection as one self-contained HTML file: the
vis-network library from the installed pyvis package inlined (no CDN, works offline), nodes coloured
by kind with a legend, tooltips with attributes, numbers and quotes, and a search box by label."""

from __future__ import annotations

import json
import re
from html import escape
from importlib import resources
from typing import Any

import networkx as nx
from trialkg.app.export.project import KINDS

COLORS = {
    "Trial": "#1f77b4",
    "Arm": "#ff7f0e",
    "Population": "#9467bd",
    "Endpoint": "#2ca02c",
    "Drug": "#d62728",
    "Source": "#8c564b",
    "AdverseEvent": "#e377c2",
}
SHAPES = {"Trial": "diamond", "Drug": "hexagon", "Source": "square", "AdverseEvent": "triangle"}
_EDGE_TEXT = ("statistic", "value", "unit", "ci_lower", "ci_upper", "p_operator", "p_value", "grade", "percent", "arm")


def _vis_js() -> str:
    """vis-network as shipped inside the pyvis package (a dependency; read at call time, not import)."""
    root = resources.files("pyvis")
    for rel in ("lib/vis-9.1.2/vis-network.min.js", "templates/lib/vis-9.1.2/vis-network.min.js"):
        f = root.joinpath(rel)
        if f.is_file():
            return f.read_text(encoding="utf-8")
    raise FileNotFoundError("vis-network.min.js not found in the pyvis package (pip install pyvis)")


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def edge_label(d: dict[str, Any]) -> str:
    """A short label: "median 44.3 months", "hazard-ratio 0.75 (0.59-0.96)", "grade 3 55.9%"."""
    rel = d.get("relation", "")
    if rel in ("ArmResult", "EffectEstimate"):
        text = " ".join(_fmt(d[k]) for k in ("statistic", "value", "unit") if k in d)
        if "ci_lower" in d and "ci_upper" in d:
            text += f" ({_fmt(d['ci_lower'])}-{_fmt(d['ci_upper'])})"
        return text
    if rel == "AdverseEventResult":
        return " ".join(
            x for x in (f"grade {d['grade']}" if "grade" in d else "", _fmt(d.get("percent", "")) + "%") if x
        )
    return str(rel)


def html(g: nx.MultiDiGraph, title: str) -> str:
    """The view of ``g`` as one HTML document (data as JSON in a script element, never as markup)."""
    nodes = []
    for n, d in g.nodes(data=True):
        tip = [f"{d['kind']}: {d['label']}"] + [f"{k}: {_fmt(v)}" for k, v in d.items() if k not in ("kind", "label")]
        short = d["label"] if len(d["label"]) <= 40 else d["label"][:38].rstrip() + "…"  # full text in the tooltip
        nodes.append({"id": n, "label": short, "name": d["label"], "kind": d["kind"], "tip": tip})
    edges = []
    for u, v, k, d in g.edges(keys=True, data=True):
        tip = [edge_label(d) or d.get("relation", "")] + [
            f"{key}: {_fmt(val)}" for key, val in d.items() if key not in ("relation", "quote")
        ]
        if "quote" in d:
            tip.append(f'quote: "{d["quote"]}"')
        label = edge_label(d) if d.get("relation") in ("ArmResult", "EffectEstimate", "AdverseEventResult") else ""
        edges.append({"id": f"{u}->{v}#{k}", "source": u, "target": v, "label": label, "tip": tip})
    kinds = [k for k in KINDS if any(n["kind"] == k for n in nodes)]
    data = {"nodes": nodes, "edges": edges, "kinds": kinds, "colors": COLORS, "shapes": SHAPES}
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")  # cannot close the script element
    template = resources.files("trialkg.app.export").joinpath("viz.html").read_text(encoding="utf-8")
    parts = {"__VIS__": _vis_js().replace("</script", "<\\/script"), "__DATA__": payload, "__TITLE__": escape(title)}
    return re.sub("__VIS__|__DATA__|__TITLE__", lambda m: parts[m.group(0)], template)  # one pass
