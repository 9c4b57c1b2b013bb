"""Writers of the property-graph projection: GraphML, GEXF (Gephi), Cytoscape.js JSON, node-link
JSON and CSV node and edge tables. Each writes the same bytes for the same graph."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx


def graphml(g: nx.MultiDiGraph) -> bytes:
    """GraphML with typed keys (int, double, boolean, string), read back by networkx and igraph."""
    return ("\n".join(nx.generate_graphml(g, named_key_ids=True, edge_id_from_attribute=None)) + "\n").encode()


def gexf(g: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi; the writer's "last modified" date is left out so output is reproducible."""
    text = "\n".join(nx.generate_gexf(g, version="1.2draft")) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode()


def cytoscape(g: nx.MultiDiGraph) -> bytes:
    """Cytoscape.js elements: ``{"elements": {"nodes": [{"data": {"id", ...}}], "edges": [{"data":
    {"id", "source", "target", ...}}]}}``, with node attributes and edge ids from the edge keys."""
    nodes = [{"data": {"id": n, **d}} for n, d in g.nodes(data=True)]
    edges = [
        {"data": {"id": f"{u}->{v}#{k}", "source": u, "target": v, **d}} for u, v, k, d in g.edges(keys=True, data=True)
    ]
    return _json({"data": {"name": "trialkg"}, "elements": {"nodes": nodes, "edges": edges}})


def node_link(g: nx.MultiDiGraph) -> bytes:
    """networkx node-link JSON (``nx.node_link_graph(data, edges="edges")`` reads it back)."""
    return _json(nx.node_link_data(g, edges="edges"))


def csv_tables(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` (id, kind, label, then every attribute) and ``edges.csv`` (source, target, key,
    relation, then every attribute); empty cells where a node or edge has no such attribute."""
    node_cols = ["id", "kind", "label", *sorted({k for _, d in g.nodes(data=True) for k in d} - {"kind", "label"})]
    edge_cols = ["source", "target", "key", "relation"]
    edge_cols += sorted({k for *_, d in g.edges(keys=True, data=True) for k in d} - {"relation"})
    return {
        "nodes.csv": _csv(node_cols, ({"id": n, **d} for n, d in g.nodes(data=True))),
        "edges.csv": _csv(
            edge_cols, ({"source": u, "target": v, "key": k, **d} for u, v, k, d in g.edges(keys=True, data=True))
        ),
    }


def _csv(cols: list[str], rows: Any) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode()


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": graphml,
    "gexf": gexf,
    "cytoscape": cytoscape,
    "nodelink": node_link,
}


def write(g: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``g`` as ``fmt`` to ``out`` (a folder for csv); returns the files written."""
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in csv_tables(g).items():
            (out / name).write_bytes(data)
            written.append(out / name)
        return written
    if fmt not in WRITERS:
        raise ValueError(f"unknown property-graph format {fmt!r}; choose from {', '.join([*WRITERS, 'csv'])}")
    out.write_bytes(WRITERS[fmt](g))
    return [out]
