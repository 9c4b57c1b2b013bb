"""SHACL validation with the shapes of ontology/shapes.ttl (parsed once per process)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import RDF, Graph, Namespace
from trialkg.ontology import ontology_dir

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        loc = f"{self.focus}" + (f" {self.path}" if self.path else "")
        return f"{loc}: {self.message}" + (f" (value {self.value})" if self.value else "")


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl")


def validate_graph(data: Graph) -> Report:
    from pyshacl import validate

    conforms, results, _text = validate(
        data, shacl_graph=shapes_graph(), advanced=True, inference="none", allow_warnings=True
    )
    assert isinstance(results, Graph)
    out: list[Violation] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = results.value(r, SH.resultSeverity)
        if sev is not None and sev != SH.Violation:
            continue
        out.append(
            Violation(
                focus=str(results.value(r, SH.focusNode) or ""),
                path=str(results.value(r, SH.resultPath) or ""),
                message=str(results.value(r, SH.resultMessage) or results.value(r, SH.sourceConstraintComponent) or ""),
                value=str(results.value(r, SH.value) or ""),
            )
        )
    out.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(conforms=bool(conforms) and not out, violations=out)
