"""A diagram of the ontology (ontology/trialkg.ttl) in Graphviz DOT: each class a box listing its
datatype properties and controlled-value properties, each object property between classes an arrow,
subclass links dashed. ``render`` runs Graphviz's ``dot`` to make SVG or PNG."""

from __future__ import annotations

import shutil
import subprocess
from html import escape
from typing import Any

from rdflib import OWL, RDF, RDFS, SH, SKOS, Graph, URIRef
from rdflib.collection import Collection
from trialkg.ontology import TKG


def _local(iri: str) -> str:
    return iri.removeprefix(TKG)


def _objects(g: Graph, s: Any, p: URIRef) -> list[str]:
    """The objects as IRIs, members of an owl:unionOf expanded."""
    out: list[str] = []
    for o in g.objects(s, p):
        union = g.value(o, OWL.unionOf)
        out += [str(m) for m in Collection(g, union)] if union is not None else [str(o)]
    return sorted(out)


def dot(g: Graph) -> str:
    """The DOT text for the tkg classes and properties of ``g`` (the ontology, and its shapes for the
    classes that use a property without an rdfs:domain); sorted: same ontology, same text."""
    classes = sorted({str(c) for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(TKG)})
    fields: dict[str, list[str]] = {c: [] for c in classes}
    edges: list[tuple[str, str, str, str]] = []
    shape_domains: dict[str, set[str]] = {}
    for shape in g.subjects(SH.targetClass, None):
        for target in g.objects(shape, SH.targetClass):
            for prop in g.objects(shape, SH.property):
                for path in g.objects(prop, SH.path):
                    shape_domains.setdefault(str(path), set()).add(str(target))
    props = {str(p) for t in (OWL.DatatypeProperty, OWL.ObjectProperty) for p in g.subjects(RDF.type, t)}
    for p in sorted(x for x in props if x.startswith(TKG)):
        ranges = _objects(g, URIRef(p), RDFS.range)
        domains = set(_objects(g, URIRef(p), RDFS.domain)) | shape_domains.get(p, set())
        for d in sorted(domains):
            if d not in fields:
                continue
            rng = ranges[0] if ranges else None
            if rng in fields:
                edges.append((_local(d), _local(rng), _local(p), "solid"))
            elif rng == str(SKOS.Concept):
                fields[d].append(f"{_local(p)} : concept")
            else:
                fields[d].append(f"{_local(p)} : {rng.rsplit('#', 1)[-1] if rng else 'any'}")
    for c in classes:
        for sup in _objects(g, URIRef(c), RDFS.subClassOf):
            if sup in fields:
                edges.append((_local(c), _local(sup), "subClassOf", "dashed"))
    lines = [
        "digraph trialkg {",
        '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.3, ranksep=0.9];',
        '  node [shape=plain, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    for c in classes:
        rows = "".join(f'<tr><td align="left">{escape(f)}</td></tr>' for f in fields[c])
        lines.append(
            f'  "{_local(c)}" [label=<<table border="1" cellborder="0" cellspacing="0" cellpadding="3">'
            f'<tr><td bgcolor="#dbe8f6"><b>{escape(_local(c))}</b></td></tr>{rows}</table>>];'
        )
    for a, b, label, style in sorted(edges):
        lines.append(f'  "{a}" -> "{b}" [label="{label}", style={style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text: str, fmt: str = "svg") -> bytes:
    """Run Graphviz (``dot``) on the text; raises RuntimeError when Graphviz is not installed."""
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeError("Graphviz is not installed (apt-get install graphviz): the 'dot' command is missing")
    return subprocess.run([exe, f"-T{fmt}"], input=dot_text.encode(), capture_output=True, check=True).stdout
