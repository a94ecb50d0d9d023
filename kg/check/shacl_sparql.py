"""SHACL shapes compiled into SPARQL: each constraint of each targeted shape one query for what breaks it."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.check.results import path_text, short

# Instances of a class and of its subclasses, as sh:targetClass and sh:class read them.
TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
# What a node of each sh:nodeKind is, as a SPARQL test of {x}.
_KINDS = {SH.IRI: "isIRI({x})", SH.Literal: "isLiteral({x})", SH.BlankNode: "isBlank({x})",
          SH.BlankNodeOrIRI: "(isBlank({x}) || isIRI({x}))", SH.BlankNodeOrLiteral: "(isBlank({x}) || isLiteral({x}))",
          SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))"}
XSD = "http://www.w3.org/2001/XMLSchema#"
# The lexical forms rdflib takes for a datatype (an ill-typed literal fails sh:datatype in pySHACL); no entry: no check.
_LEXICAL = {XSD + "integer": r"^[+-]?[0-9]+$", XSD + "nonNegativeInteger": r"^(\+?[0-9]+|-0+)$",
            XSD + "positiveInteger": r"^\+?0*[1-9][0-9]*$", XSD + "boolean": r"^(true|false|1|0)$",
            XSD + "decimal": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
            XSD + "date": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
            XSD + "gYearMonth": r"^-?[0-9]{4,}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
            XSD + "gYear": r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$", XSD + "string": "", str(RDF.langString): ""}
# The integer types Oxigraph stores as xsd:integer: renamed to private IRIs in the data loaded for validation, so
# that sh:datatype still tells them apart; compared as numbers through NUMBER.
DERIVED = ("int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
           "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")
PRIVATE = "urn:congress-kg:validation:xsd#"
NUMBER = f'IF(STRSTARTS(STR(DATATYPE({{x}})), "{PRIVATE}"), <{XSD}integer>(STR({{x}})), {{x}})'
# Constraints on each value node (of a property shape's path, or the focus node of a node shape).
VALUE = {SH["class"], SH.datatype, SH.nodeKind, SH.minLength, SH.maxLength, SH.pattern, SH["in"], SH.node, SH["or"],
          SH["and"], SH["not"], SH.xone, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive}
_COMPARE = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
# Parameters read with another one, or saying nothing to check.
QUIET = {SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.flags, SH.targetClass,
          SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.qualifiedMinCount, SH.qualifiedMaxCount}


class ShapeError(ValueError):
    """A shape uses what the SPARQL engine does not compile; the message names the shape."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query: its rows are ?this (the focus node), ?value when the result has one, and for a
    SPARQL constraint the variables its message names."""

    query: str
    severity: str
    path: str
    constraint: str
    message: str
    value: str = ""  # the variable that holds sh:value: "value", "this" or "" (no value)
    template: bool = False  # the message names query variables as {?name}


def literal(text: str) -> str:
    """A SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        if node.language:
            return f"{literal(str(node))}@{node.language}"
        return f"{literal(str(node))}^^<{stored(str(node.datatype))}>" if node.datatype else literal(str(node))
    raise ShapeError(f"a blank node {node} where the SPARQL engine needs an IRI or a literal")


def stored(datatype: str) -> str:
    """The datatype IRI as the validation store holds it (see DERIVED)."""
    name = datatype[len(XSD):] if datatype.startswith(XSD) else ""
    return PRIVATE + name if name in DERIVED else datatype


def number(node: Node) -> int:
    return int(str(node))


def component(param: URIRef) -> str:
    name = str(param).rsplit("#", 1)[-1]
    return f"sh:{name[0].upper()}{name[1:]}ConstraintComponent"


class Compiler:
    """Turns the shapes graph into Checks; fresh variable names come from a counter, so the queries are the same
    from run to run."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self._count = 0

    def fresh(self) -> str:
        self._count += 1
        return f"?v{self._count}"

    def fail(self, shape: Node, what: str) -> ShapeError:
        name = short(shape) if isinstance(shape, URIRef) else f"a blank shape under {self._owner(shape)}"
        return ShapeError(f"ontology/shapes.ttl, {name}: {what} is not supported by the SPARQL engine "
                          "(use --shacl-engine pyshacl)")

    def _owner(self, node: Node, depth: int = 0) -> str:
        for subject in self.g.subjects(None, node):
            return short(subject) if isinstance(subject, URIRef) or depth > 8 else self._owner(subject, depth + 1)
        return "?"

    def path(self, path: Node) -> str:
        if isinstance(path, URIRef):
            return f"<{path}>"
        inverse = self.g.value(path, SH.inversePath)
        if inverse is not None:
            return f"^({self.path(inverse)})"
        if self.g.value(path, RDF.first) is not None:
            return "(" + "/".join(self.path(step) for step in Collection(self.g, path)) + ")"
        alternatives = self.g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(step) for step in Collection(self.g, alternatives)) + ")"
        for predicate, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = self.g.value(path, predicate)
            if inner is not None:
                return f"({self.path(inner)}){mark}"
        raise ShapeError(f"ontology/shapes.ttl: a property path the SPARQL engine cannot read: {path}")

    def params(self, shape: Node) -> list[tuple[URIRef, Node]]:
        """The shape's (parameter, argument) pairs in a fixed order."""
        return sorted(((URIRef(str(p)), o) for p, o in self.g.predicate_objects(shape)), key=lambda po: (po[0], str(po[1])))

    def members(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def test(self, shape: Node, param: URIRef, arg: Node, x: str) -> str:
        """A SPARQL expression, true when the node ``x`` meets the value constraint ``param arg`` of ``shape``."""
        if param == SH["class"]:
            return f"EXISTS {{ {x} {TYPE} {term(arg)} }}"
        if param == SH.datatype:
            return self.datatype(shape, arg, x)
        if param == SH.nodeKind:
            if URIRef(str(arg)) not in _KINDS:
                raise self.fail(shape, f"sh:nodeKind {arg}")
            return _KINDS[URIRef(str(arg))].format(x=x)
        if param in (SH.minLength, SH.maxLength):
            return f"(!isBlank({x}) && STRLEN(STR({x})) {'>=' if param == SH.minLength else '<='} {number(arg)})"
        if param == SH.pattern:
            flags = self.g.value(shape, SH.flags)
            extra = f", {literal(str(flags))}" if flags is not None else ""
            return f"(!isBlank({x}) && REGEX(STR({x}), {literal(str(arg))}{extra}))"
        if param == SH["in"]:
            return "(" + (" || ".join(f"sameTerm({x}, {term(m)})" for m in self.members(arg)) or "false") + ")"
        if param in _COMPARE:
            return f"COALESCE({NUMBER.format(x=x)} {_COMPARE[param]} {NUMBER.format(x=term(arg))}, false)"
        if param == SH.node:
            return self.conforms(arg, x)
        if param == SH["not"]:
            return f"!{self.conforms(arg, x)}"
        parts = [self.conforms(member, x) for member in self.members(arg)]
        if param == SH["or"]:
            return "(" + (" || ".join(parts) or "false") + ")"
        if param == SH["and"]:
            return "(" + (" && ".join(parts) or "true") + ")"
        return "(" + " + ".join(f"IF({p}, 1, 0)" for p in parts) + " = 1)" if parts else "false"  # sh:xone

    def datatype(self, shape: Node, datatype: Node, x: str) -> str:
        if str(datatype) not in _LEXICAL:
            raise self.fail(shape, f"sh:datatype {short(datatype)} (no lexical check for it)")
        if datatype == RDF.langString:
            return f'(isLiteral({x}) && LANG({x}) != "")'
        lexical = _LEXICAL[str(datatype)]
        well_formed = f" && REGEX(STR({x}), {literal(lexical)})" if lexical else ""
        return f"(isLiteral({x}) && DATATYPE({x}) = <{stored(str(datatype))}>{well_formed})"

    def conforms(self, shape: Node, x: str) -> str:
        """A SPARQL expression, true when the node ``x`` conforms to ``shape`` (an operand of sh:node, sh:or ...)."""
        if self.g.value(shape, SH.path) is not None:
            return self.property_holds(shape, x)
        parts = []
        for param, arg in self.params(shape):
            if param in VALUE:
                parts.append(self.test(shape, param, arg, x))
            elif param == SH.hasValue:
                parts.append(f"sameTerm({x}, {term(arg)})")
            elif param == SH.property:
                parts.append(self.property_holds(arg, x))
            elif param.startswith(str(SH)) and param not in QUIET:
                raise self.fail(shape, f"{short(param)} in a nested shape")
        return "(" + (" && ".join(parts) or "true") + ")"

    def distinct_values(self, x: str, path: str, n: int) -> str:
        """A pattern that matches when ``x`` has at least ``n`` distinct values on ``path``."""
        names = [self.fresh() for _ in range(n)]
        steps = " . ".join(f"{x} {path} {name}" for name in names)
        pairs = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        return f"{steps} {'FILTER(' + ' && '.join(pairs) + ')' if pairs else ''}"

    def property_holds(self, shape: Node, x: str) -> str:
        path = self.path(self._one(shape, SH.path))
        parts = []
        for param, arg in self.params(shape):
            if param in VALUE:
                value = self.fresh()
                parts.append(f"NOT EXISTS {{ {x} {path} {value} FILTER(!{self.test(shape, param, arg, value)}) }}")
            elif param == SH.minCount and number(arg) > 0:
                parts.append(f"EXISTS {{ {self.distinct_values(x, path, number(arg))} }}")
            elif param == SH.maxCount:
                parts.append(f"NOT EXISTS {{ {self.distinct_values(x, path, number(arg) + 1)} }}")
            elif param == SH.hasValue:
                parts.append(f"EXISTS {{ {x} {path} {term(arg)} }}")
            elif param.startswith(str(SH)) and param not in QUIET and param != SH.minCount:
                raise self.fail(shape, f"{short(param)} in a nested property shape")
        return "(" + (" && ".join(parts) or "true") + ")"

    def _one(self, shape: Node, param: URIRef) -> Node:
        values = list(self.g.objects(shape, param))
        if len(values) != 1:
            raise self.fail(shape, f"{len(values)} values of {short(param)}")
        return values[0]

    def message(self, shape: Node, param: URIRef, arg: Node | None = None) -> str:
        messages = list(self.g.objects(shape, SH.message))
        if len(messages) > 1:
            raise self.fail(shape, "more than one sh:message")
        if messages:
            return str(messages[0])
        if param == SH.nodeKind and arg is not None:  # pySHACL's own words when the shape has no message
            return f"Value is not of Node Kind {short(arg)}"
        raise self.fail(shape, f"{short(param)} without an sh:message")

    def severity(self, shape: Node) -> str:
        found = self.g.value(shape, SH.severity)
        return str(found).rsplit("#", 1)[-1] if found is not None else "Violation"


def path_of(shapes: Graph, shape: Node) -> str:
    path = shapes.value(shape, SH.path)
    return "" if path is None else path_text(shapes, path)


def is_blank(node: Node) -> bool:
    return isinstance(node, BNode)
