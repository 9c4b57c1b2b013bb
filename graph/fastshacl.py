"""A compiled validator for the SHACL Core subset that ontology/shapes.ttl uses: the fast path of ingest.

pyshacl stays the reference (``trialkg validate``, the shape tests); it costs ~90 ms per document
graph, most of it building its own view of the shapes and data.  This module reads the shapes once
per process into small Python closures and checks a document's triples against them with plain
dict lookups (~0.5 ms for a 300-triple document graph).  A test runs both engines on every graph of the shape
test suite and requires the same violations (focus node, path, constraint component, value).

Supported: targets sh:targetClass / sh:targetSubjectsOf; node and property shapes; paths that are
an IRI or sh:inversePath of one; sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:in,
sh:hasValue, sh:pattern, sh:minLength, sh:minInclusive, sh:minExclusive, sh:maxInclusive,
sh:maxExclusive, sh:lessThan, sh:lessThanOrEquals, sh:qualifiedValueShape with sh:qualifiedMinCount,
sh:or, sh:not, sh:message.  Any other constraint in the shapes raises ``UnsupportedShape`` when the
shapes are compiled, so the fast path can never skip a constraint silently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from trialkg.graph.validate import SH, Report, Violation, shapes_graph

Triple = tuple[Node, Node, Node]


class UnsupportedShape(ValueError):
    """The shapes use a SHACL feature this engine does not implement."""


Key = str | tuple[str, str | None, str | None]


def _key(n: Node) -> Key:
    """A plain, fast-to-compare key for a term (rdflib terms compare in Python, plain str in C)."""
    if type(n) is URIRef:
        return str(n)
    if isinstance(n, Literal):
        return (str(n), str(n.datatype) if n.datatype is not None else None, n.language)
    if isinstance(n, BNode):
        return "_:" + str(n)
    return str(n)


_TYPE, _SUBCLASS = str(RDF.type), str(RDFS.subClassOf)


def _without_duplicates(triples: Iterable[Triple]) -> Iterable[Triple]:
    seen: set[tuple[Key, str, Key]] = set()
    for s, p, o in triples:
        t = (_key(s), str(p), _key(o))
        if t not in seen:
            seen.add(t)
            yield s, p, o


class Data:
    """A document graph indexed for validation: subject -> predicate -> objects, and the inverse."""

    __slots__ = ("by_pred", "fwd", "having", "inv", "subclass")

    def __init__(self, triples: Iterable[Triple], unique: bool = False, inverse: frozenset[str] | None = None) -> None:
        """``unique``: the triples are known to hold no duplicate (an rdflib Graph, or the mapping's
        output, built as ordered sets), so the check for them is skipped.  ``inverse``: the predicates
        whose inverse the checks read (``CompiledShapes.inverse``); None: all."""
        fwd: dict[Key, dict[str, list[Node]]] = {}
        inv: dict[Key, dict[str, list[Node]]] = {}
        by_pred: dict[str, list[Node]] = {}
        # (the index updates are inlined: this loop runs for every triple of every document)
        for s, p, o in triples if unique or isinstance(triples, Graph) else _without_duplicates(triples):
            sk = str(s) if type(s) is URIRef else _key(s)
            pk = str(p)
            by_p = fwd.get(sk)
            if by_p is None:
                fwd[sk] = {pk: [o]}
                by_pred.setdefault(pk, []).append(s)
            else:
                nodes = by_p.get(pk)
                if nodes is None:
                    by_p[pk] = [o]
                    by_pred.setdefault(pk, []).append(s)
                else:
                    nodes.append(o)
            if inverse is not None and pk not in inverse:
                continue
            if type(o) is URIRef:
                ok: Key = str(o)
            elif isinstance(o, Literal):  # not indexed the other way
                continue
            else:
                ok = _key(o)
            by_p = inv.get(ok)
            if by_p is None:
                inv[ok] = {pk: [s]}
            elif (subjects := by_p.get(pk)) is None:
                by_p[pk] = [s]
            else:
                subjects.append(s)
        self.fwd, self.inv, self.by_pred = fwd, inv, by_pred
        self.subclass = {s: [_key(o) for o in objs[_SUBCLASS]] for s, objs in self.fwd.items() if _SUBCLASS in objs}
        self.having: dict[tuple[str, Key], frozenset[Key]] = {}

    def subjects_having(self, pred: str, value: Key) -> frozenset[Key]:
        """Keys of the nodes with ``value`` (an IRI or blank node's key) among their ``pred`` values."""
        found = self.having.get((pred, value))
        if found is None:
            by_p = self.inv.get(value)
            found = frozenset(_key(s) for s in by_p.get(pred, ())) if by_p else frozenset()
            self.having[(pred, value)] = found
        return found

    def values(self, node: Node, pred: str, inverse: bool) -> list[Node]:
        by_p = (self.inv if inverse else self.fwd).get(str(node) if type(node) is URIRef else _key(node))
        return by_p.get(pred, []) if by_p else []

    def instances(self, cls: str) -> list[Node]:
        """Nodes typed cls or a subclass of it (rdfs:subClassOf in the data, as SHACL targets read it)."""
        classes, todo = {cls}, [cls]
        while todo:
            c = todo.pop()
            for sub, supers in self.subclass.items():
                if c in supers and sub not in classes:
                    classes.add(str(sub))
                    todo.append(str(sub))
        out: dict[Key, Node] = {}
        for c in sorted(classes):
            by_p = self.inv.get(c)
            for s in by_p.get(_TYPE, []) if by_p else []:
                out.setdefault(_key(s), s)
        return list(out.values())

    def is_instance(self, node: Node, cls: str) -> bool:
        todo = [_key(t) for t in self.values(node, _TYPE, False)]
        seen: set[Key] = set()
        while todo:
            c = todo.pop()
            if c == cls:
                return True
            if c not in seen:
                seen.add(c)
                todo.extend(self.subclass.get(c, []))
        return False


@dataclass(frozen=True)
class Result:
    focus: Node
    path: str  # the property IRI, "^IRI" for an inverse path, "" for a node-level result
    component: str  # local name of the constraint component, e.g. "MinCountConstraintComponent"
    value: Node | None
    message: str


# a check takes (data, focus node, value nodes) and returns its results; its test says only whether
# there are none (what nearly every focus node of a conforming document needs: no Result is built)
Check = Callable[[Data, Node, list[Node]], list[Result]]
Holds = Callable[[Data, Node, list[Node]], bool]
ShapeCheck = Callable[[Data, Node], list[Result]]
ShapeTest = Callable[[Data, Node], bool]


_DT_PYTHON: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _datatype_check(dt: URIRef) -> Callable[[Node], bool]:
    """Whether a value node is a well-formed literal of ``dt`` (a plain literal counts as xsd:string)."""
    dt_s = str(dt)
    if dt_s == _RDFS_LITERAL:
        return lambda v: isinstance(v, Literal)
    want = _DT_PYTHON.get(dt)
    plain_ok = dt_s == _XSD_STRING

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        vdt = v.datatype
        if vdt is None:
            if not plain_ok or v.language is not None:
                return False
        elif str(vdt) != dt_s:
            return False
        return want is None or isinstance(v.value, want)

    return ok


_RDFS_LITERAL, _XSD_STRING = str(RDFS.Literal), str(XSD.string)


def _number(v: Node) -> Any:
    """The comparable Python value of a literal, or None (IRIs, blank nodes, strings, ill-typed)."""
    if not isinstance(v, Literal):
        return None
    py = v.value
    if isinstance(py, bool) or not isinstance(py, (int, float, Decimal, date, datetime, time)):
        return None
    return py


def _compare(op: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    try:
        if op == "<":
            return bool(a < b)
        if op == "<=":
            return bool(a <= b)
        if op == ">":
            return bool(a > b)
        return bool(a >= b)
    except TypeError:
        return False


class _Compiler:
    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self.shapes: dict[Node, tuple[ShapeCheck, ShapeTest]] = {}
        self.inverse: set[str] = {_TYPE}  # the predicates the checks read backwards (class targets: rdf:type)

    def one(self, node: Node, pred: URIRef) -> Node | None:
        return self.sg.value(node, pred)

    def items(self, lst: Node) -> list[Node]:
        return list(self.sg.items(lst))

    def message(self, shape: Node) -> str | None:
        m = self.one(shape, SH.message)
        return str(m) if m is not None else None

    def path_of(self, shape: Node) -> tuple[URIRef, bool]:
        path = self.one(shape, SH.path)
        if isinstance(path, URIRef):
            return path, False
        inverse = self.one(path, SH.inversePath) if path is not None else None
        if isinstance(inverse, URIRef) and len(list(self.sg.predicate_objects(path))) == 1:
            return inverse, True
        raise UnsupportedShape(f"unsupported sh:path on shape {shape}: only an IRI or sh:inversePath of one")

    _ANNOTATIONS: frozenset[Node] = frozenset({SH.message, SH.name, SH.description, RDFS.comment, RDFS.label})

    def has_value_only(self, shape: Node) -> tuple[str, str] | None:
        """(predicate, IRI) when a node conforms to ``shape`` exactly when it has that IRI among its values
        of that predicate: a node shape whose one constraint is a property shape with an IRI path and one
        sh:hasValue of an IRI, nothing else.  A qualified count of such a shape is a set lookup per value
        (``Data.subjects_having``) instead of the shape's test."""
        sg = self.sg
        if set(sg.predicates(shape)) - self._ANNOTATIONS - {RDF.type} != {SH.property}:
            return None
        if (shape, RDF.type, None) in sg and (shape, RDF.type, SH.NodeShape) not in sg:
            return None
        props = list(sg.objects(shape, SH.property))
        if len(props) != 1 or set(sg.predicates(props[0])) - self._ANNOTATIONS != {SH.path, SH.hasValue}:
            return None
        path, values = self.one(props[0], SH.path), list(sg.objects(props[0], SH.hasValue))
        if not isinstance(path, URIRef) or len(values) != 1 or not isinstance(values[0], URIRef):
            return None
        return str(path), str(values[0])

    # -- shapes ----------------------------------------------------------------------------------
    _HANDLED_PROPERTY: frozenset[Node] = frozenset({
        SH.path, SH.message, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.hasValue,
        SH.pattern, SH.minLength, SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive,
        SH.lessThan, SH.lessThanOrEquals, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.name,
        SH.description, RDFS.comment, RDFS.label,
    })  # fmt: skip
    _HANDLED_NODE: frozenset[Node] = frozenset({
        RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.property, SH["or"], SH["not"], SH.message, SH.name,
        SH.description, RDFS.comment, RDFS.label,
    })  # fmt: skip

    def shape(self, node: Node) -> tuple[ShapeCheck, ShapeTest]:
        """The check of one focus node against a (node or property) shape (its results), and its test
        (whether it conforms: the check returns nothing exactly when the test holds)."""
        if node not in self.shapes:
            if self.one(node, SH.path) is not None:
                self.shapes[node] = self.property_shape(node)
            else:
                self.shapes[node] = self.node_shape(node)
        return self.shapes[node]

    def conforms(self, node: Node) -> ShapeTest:
        return self.shape(node)[1]

    def node_shape(self, node: Node) -> tuple[ShapeCheck, ShapeTest]:
        for p in set(self.sg.predicates(node)):
            if p not in self._HANDLED_NODE:
                raise UnsupportedShape(f"unsupported {p} on node shape {node}")
        message = self.message(node)
        props = [self.shape(ps) for ps in sorted(self.sg.objects(node, SH.property), key=str)]
        prop_checks, prop_tests = [c for c, _t in props], [t for _c, t in props]
        ors = [[self.conforms(m) for m in self.items(lst)] for lst in self.sg.objects(node, SH["or"])]
        nots = [self.conforms(n) for n in self.sg.objects(node, SH["not"])]

        def check(data: Data, focus: Node) -> list[Result]:
            out: list[Result] = []
            for ps in prop_checks:
                out.extend(ps(data, focus))
            for members in ors:
                if not any(m(data, focus) for m in members):
                    out.append(
                        Result(focus, "", "OrConstraintComponent", focus, message or "no alternative of sh:or holds")
                    )
            for inner in nots:
                if inner(data, focus):
                    out.append(Result(focus, "", "NotConstraintComponent", focus, message or "the sh:not shape holds"))
            return out

        def test(data: Data, focus: Node) -> bool:
            for pt in prop_tests:
                if not pt(data, focus):
                    return False
            for members in ors:
                if not any(m(data, focus) for m in members):
                    return False
            return not any(inner(data, focus) for inner in nots)

        return check, test

    def property_shape(self, node: Node) -> tuple[ShapeCheck, ShapeTest]:
        for p in set(self.sg.predicates(node)):
            if p not in self._HANDLED_PROPERTY:
                raise UnsupportedShape(f"unsupported {p} on property shape {node}")
        pred, inverse = self.path_of(node)
        pred_k = str(pred)
        if inverse:
            self.inverse.add(pred_k)
        label = ("^" if inverse else "") + str(pred)
        message = self.message(node)
        constraints = self.constraints(node, label, message)
        checks, tests = [c for c, _h in constraints], [h for _c, h in constraints]

        def check(data: Data, focus: Node) -> list[Result]:
            values = data.values(focus, pred_k, inverse)
            out: list[Result] = []
            for c in checks:
                out.extend(c(data, focus, values))
            return out

        def test(data: Data, focus: Node) -> bool:
            values = data.values(focus, pred_k, inverse)
            # (loops, not all(): a generator per call made validation ~25% slower; the tests run for every
            # focus node of every document)
            for h in tests:  # noqa: SIM110
                if not h(data, focus, values):
                    return False
            return True

        return check, test

    def constraints(self, node: Node, path: str, message: str | None) -> list[tuple[Check, Holds]]:
        """Each constraint of a property shape as its check and its test."""
        checks: list[tuple[Check, Holds]] = []

        def result(focus: Node, component: str, value: Node | None, default: str) -> Result:
            return Result(focus, path, component, value, message or default)

        def each(component: str, ok: Callable[[Data, Node], bool], default: str) -> tuple[Check, Holds]:
            def check(data: Data, focus: Node, values: list[Node]) -> list[Result]:
                return [result(focus, component, v, default) for v in values if not ok(data, v)]

            def holds(data: Data, focus: Node, values: list[Node]) -> bool:
                for v in values:  # noqa: SIM110 (a loop, as in property_shape)
                    if not ok(data, v):
                        return False
                return True

            return check, holds

        min_count = self.one(node, SH.minCount)
        if min_count is not None:
            n_min = int(min_count)  # type: ignore[call-overload]
            checks.append(
                (
                    lambda d, f, vs: (
                        []
                        if len(vs) >= n_min
                        else [result(f, "MinCountConstraintComponent", None, f"fewer than {n_min} values")]
                    ),
                    lambda d, f, vs: len(vs) >= n_min,
                )
            )
        max_count = self.one(node, SH.maxCount)
        if max_count is not None:
            n_max = int(max_count)  # type: ignore[call-overload]
            checks.append(
                (
                    lambda d, f, vs: (
                        []
                        if len(vs) <= n_max
                        else [result(f, "MaxCountConstraintComponent", None, f"more than {n_max} values")]
                    ),
                    lambda d, f, vs: len(vs) <= n_max,
                )
            )
        dt = self.one(node, SH.datatype)
        if isinstance(dt, URIRef):
            dt_ok = _datatype_check(dt)
            checks.append(each("DatatypeConstraintComponent", lambda d, v: dt_ok(v), f"not a literal of datatype {dt}"))
        cls_node = self.one(node, SH["class"])
        if cls_node is not None:
            cls = str(cls_node)
            checks.append(
                each("ClassConstraintComponent", lambda d, v: d.is_instance(v, cls), f"not an instance of {cls}")
            )
        lst = self.one(node, SH["in"])
        if lst is not None:
            allowed = frozenset(_key(i) for i in self.items(lst))
            checks.append(
                each("InConstraintComponent", lambda d, v: _key(v) in allowed, "not one of the allowed values")
            )
        for hv in self.sg.objects(node, SH.hasValue):
            hv_key = _key(hv)

            def has_value_holds(d: Data, f: Node, vs: list[Node], hk: Key = hv_key) -> bool:
                for v in vs:  # noqa: SIM110 (a loop, as in property_shape)
                    if _key(v) == hk:
                        return True
                return False

            def has_value(d: Data, f: Node, vs: list[Node], hv: Node = hv, hk: Key = hv_key) -> list[Result]:
                if has_value_holds(d, f, vs, hk):
                    return []
                return [result(f, "HasValueConstraintComponent", None, f"missing the value {hv}")]

            checks.append((has_value, has_value_holds))
        pattern = self.one(node, SH.pattern)
        if pattern is not None:
            rx = re.compile(str(pattern))
            checks.append(
                each(
                    "PatternConstraintComponent",
                    lambda d, v: not isinstance(v, BNode) and rx.search(str(v)) is not None,
                    f"does not match {pattern}",
                )
            )
        min_len = self.one(node, SH.minLength)
        if min_len is not None:
            n_len = int(min_len)  # type: ignore[call-overload]
            checks.append(
                each(
                    "MinLengthConstraintComponent",
                    lambda d, v: not isinstance(v, BNode) and len(str(v)) >= n_len,
                    f"shorter than {n_len}",
                )
            )
        for pred, op, comp in (
            (SH.minInclusive, ">=", "MinInclusiveConstraintComponent"),
            (SH.minExclusive, ">", "MinExclusiveConstraintComponent"),
            (SH.maxInclusive, "<=", "MaxInclusiveConstraintComponent"),
            (SH.maxExclusive, "<", "MaxExclusiveConstraintComponent"),
        ):
            bound = self.one(node, pred)
            if bound is not None:
                limit = _number(bound)

                def in_range(d: Data, v: Node, op: str = op, b: Any = limit) -> bool:
                    return _compare(op, _number(v), b)

                checks.append(each(comp, in_range, f"not {op} {bound}"))
        for pred, op, comp in (
            (SH.lessThan, "<", "LessThanConstraintComponent"),
            (SH.lessThanOrEquals, "<=", "LessThanOrEqualsConstraintComponent"),
        ):
            other = self.one(node, pred)
            if other is not None:

                def check(
                    d: Data, f: Node, vs: list[Node], other: Node = other, op: str = op, comp: str = comp
                ) -> list[Result]:
                    ws = d.values(f, str(other), False)
                    return [
                        result(f, comp, v, f"not {op} the value of {other}")
                        for v in vs
                        if not all(_compare(op, _number(v), _number(w)) for w in ws)
                    ]

                def holds(d: Data, f: Node, vs: list[Node], other: Node = other, op: str = op) -> bool:
                    ws = d.values(f, str(other), False)
                    return all(_compare(op, _number(v), _number(w)) for v in vs for w in ws)

                checks.append((check, holds))
        qshape = self.one(node, SH.qualifiedValueShape)
        if qshape is not None:
            qmin = self.one(node, SH.qualifiedMinCount)
            if qmin is None:
                raise UnsupportedShape(f"sh:qualifiedValueShape without sh:qualifiedMinCount on {node}")
            inner = self.conforms(qshape)
            n_q = int(qmin)  # type: ignore[call-overload]
            only = self.has_value_only(qshape)

            if only is not None:  # (the evidence shapes: a Mention's tkg:forProperty is the property)
                q_pred, q_value = only
                self.inverse.add(q_pred)

                def qualified_holds(d: Data, f: Node, vs: list[Node]) -> bool:
                    having = d.subjects_having(q_pred, q_value)  # the nodes that conform, once per graph
                    conforming = 0
                    for v in vs:
                        if (str(v) if type(v) is URIRef else _key(v)) in having:
                            conforming += 1
                            if conforming >= n_q:
                                return True
                    return False
            else:

                def qualified_holds(d: Data, f: Node, vs: list[Node]) -> bool:
                    conforming = 0
                    for v in vs:  # stops at the n-th conforming value
                        if inner(d, v):
                            conforming += 1
                            if conforming >= n_q:
                                return True
                    return False

            def qualified(d: Data, f: Node, vs: list[Node]) -> list[Result]:
                if qualified_holds(d, f, vs):
                    return []
                return [result(f, "QualifiedMinCountConstraintComponent", None, f"fewer than {n_q} conforming values")]

            checks.append((qualified, qualified_holds))
        return checks


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)


@dataclass(frozen=True)
class CompiledShapes:
    """Each target's shapes as (check, test) pairs (see ``_Compiler.shape``)."""

    by_class: dict[str, list[tuple[ShapeCheck, ShapeTest]]]
    by_subjects_of: dict[str, list[tuple[ShapeCheck, ShapeTest]]]
    inverse: frozenset[str]  # the predicates the checks read backwards: the only ones ``Data`` indexes so


@cache
def compiled() -> CompiledShapes:
    """The shapes of ontology/shapes.ttl, compiled once per process."""
    return compile_shapes(shapes_graph())


def compile_shapes(sg: Graph) -> CompiledShapes:
    """Checks for every targeted shape of a shapes graph (``UnsupportedShape`` outside the subset)."""
    comp = _Compiler(sg)
    by_class: dict[str, list[tuple[ShapeCheck, ShapeTest]]] = defaultdict(list)
    by_subjects_of: dict[str, list[tuple[ShapeCheck, ShapeTest]]] = defaultdict(list)
    # every shape that has a target, whatever its kind: a shape or target kind outside the subset
    # (sh:targetNode, a property shape with a target ...) is refused by comp.shape, never skipped
    targeted = {s for p in _TARGETS for s in sg.subjects(p, None)}
    for shape in sorted(targeted | set(sg.subjects(RDF.type, SH.NodeShape)), key=str):
        check = comp.shape(shape)
        for c in sg.objects(shape, SH.targetClass):
            by_class[str(c)].append(check)
        for p in sg.objects(shape, SH.targetSubjectsOf):
            by_subjects_of[str(p)].append(check)
    return CompiledShapes(dict(by_class), dict(by_subjects_of), frozenset(comp.inverse))


def results(triples: Iterable[Triple], unique: bool = False) -> list[Result]:
    """Every violation of the shapes by the triples (one document graph), sorted (``unique``: see ``Data``).
    Each focus node is tested first, and checked for its results only when it fails the test."""
    shapes = compiled()
    data = Data(triples, unique, shapes.inverse)
    out: set[Result] = set()
    for cls, checks in shapes.by_class.items():
        for f in data.instances(cls):
            for check, test in checks:
                if not test(data, f):
                    out.update(check(data, f))
    for pred, checks in shapes.by_subjects_of.items():
        for f in data.by_pred.get(pred, ()):
            for check, test in checks:
                if not test(data, f):
                    out.update(check(data, f))
    return sorted(out, key=lambda r: (str(r.focus), r.path, r.component, str(r.value)))


def validate_triples(triples: Iterable[Triple], unique: bool = False) -> Report:
    """The fast path: same Report as ``validate.validate_graph`` for the same graph (``unique``: see ``Data``)."""
    out = [
        Violation(focus=str(r.focus), path=r.path, message=r.message, value="" if r.value is None else str(r.value))
        for r in results(triples, unique)
    ]
    out.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(conforms=not out, violations=out)


__all__ = ["Data", "Result", "UnsupportedShape", "compile_shapes", "compiled", "results", "validate_triples"]
