"""The SPARQL SHACL engine: the targeted shapes' constraints as queries, run on an Oxigraph store of the data."""

from __future__ import annotations

import re
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.check.results import ShapeResult, short
from kg.check.shacl_sparql import (
    DERIVED,
    NUMBER,
    PRIVATE,
    QUIET,
    TYPE,
    VALUE,
    XSD,
    Check,
    Compiler,
    component,
    number,
    path_of,
    term,
)
from kg.namespaces import ONTOLOGY_FILE, SHAPES_FILE
from kg.rdf.io import to_oxigraph, to_oxigraph_iri, to_oxigraph_node, to_rdflib

# The named graph the ontology is loaded into beside the data (queries read the union of the graphs).
ONTOLOGY_GRAPH = ox.NamedNode("urn:congress-kg:validation:ontology")
_TARGETS = {SH.targetClass: "?this {TYPE} {arg}", SH.targetSubjectsOf: "?this {arg} ?target",
            SH.targetObjectsOf: "?target {arg} ?this", SH.targetNode: "VALUES ?this {{ {arg} }}"}
_FOCUS_ONLY = {SH.minCount, SH.maxCount, SH.hasValue, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals,
               SH.uniqueLang, SH.qualifiedValueShape}


def compile_checks(shapes: Graph) -> list[Check]:
    """Every constraint of every shape with a target, as a Check (ShapeError for what the engine cannot compile)."""
    c = Compiler(shapes)
    checks: list[Check] = []
    for shape in sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str):
        targets = [_TARGETS[p].format(TYPE=TYPE, arg=term(o))
                   for p in _TARGETS for o in sorted(shapes.objects(shape, p), key=str)]
        focus = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {t} }}" for t in targets) + " } }"
        checks += _node_checks(c, shape, focus)
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            checks += _property_checks(c, prop, focus)
    return checks


def _node_checks(c: Compiler, shape: Node, focus: str) -> list[Check]:
    checks = []
    for param, arg in c.params(shape):
        if param in VALUE:
            query = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER(!{c.test(shape, param, arg, '?this')}) }}"
            checks.append(Check(query, c.severity(shape), "", component(param), c.message(shape, param, arg), "this"))
        elif param == SH.sparql:
            checks.append(_sparql_check(c, shape, arg, focus))
        elif param.startswith(str(SH)) and param not in QUIET and param not in (SH.property, SH.hasValue):
            raise c.fail(shape, f"{short(param)} on a node shape")
        elif param == SH.hasValue:
            query = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER(!sameTerm(?this, {term(arg)})) }}"
            checks.append(Check(query, c.severity(shape), "", component(param), c.message(shape, param), "this"))
    return checks


def _property_checks(c: Compiler, shape: Node, focus: str) -> list[Check]:
    path, shown, severity = c.path(c._one(shape, SH.path)), path_of(c.g, shape), c.severity(shape)
    checks = []
    for param, arg in c.params(shape):
        if param in VALUE:
            test = c.test(shape, param, arg, "?value")
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . FILTER(!{test}) }}"
            checks.append(Check(query, severity, shown, component(param), c.message(shape, param, arg), "value"))
        elif param in _FOCUS_ONLY:
            for name, query, value in _focus_queries(c, shape, param, arg, path, focus):
                checks.append(Check(query, severity, shown, name, c.message(shape, param), value))
        elif param.startswith(str(SH)) and param not in QUIET:
            raise c.fail(shape, f"{short(param)} on a property shape")
    return checks


def _focus_queries(c: Compiler, shape: Node, param: URIRef, arg: Node, path: str,
                   focus: str) -> list[tuple[str, str, str]]:
    """(component, query, value variable) for a constraint on the set of a focus node's values."""
    count = "SELECT ?this WHERE {{ {focus} {pattern} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {op} {n})"
    if param == SH.minCount:
        if number(arg) == 1:  # the common case, without counting every focus node's values (a tenth of the check)
            return [(component(param), f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?value }} }}",
                     "")]
        return [(component(param), count.format(focus=focus, pattern=f"OPTIONAL {{ ?this {path} ?value }}", op="<",
                                                n=number(arg)), "")] if number(arg) > 0 else []
    if param == SH.maxCount:
        return [(component(param), count.format(focus=focus, pattern=f"?this {path} ?value", op=">", n=number(arg)), "")]
    if param == SH.hasValue:
        return [(component(param), f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {term(arg)} }} }}",
                 "")]
    if param in (SH.equals, SH.disjoint):
        other = term(arg)
        if param == SH.disjoint:
            pattern = f"?this {path} ?value . ?this {other} ?value ."
        else:
            pattern = (f"{{ ?this {path} ?value FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                       f"{{ ?this {other} ?value FILTER NOT EXISTS {{ ?this {path} ?value }} }}")
        return [(component(param), f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {pattern} }}", "value")]
    if param in (SH.lessThan, SH.lessThanOrEquals):
        op = "<" if param == SH.lessThan else "<="
        return [(component(param), f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . "
                 f"?this {term(arg)} ?other . FILTER(!COALESCE({NUMBER.format(x='?value')} {op} "
                 f"{NUMBER.format(x='?other')}, false)) }}", "value")]
    if param == SH.uniqueLang:
        if str(arg) != "true":
            return []
        return [(component(param), f"SELECT DISTINCT ?this ?lang WHERE {{ {focus} ?this {path} ?a . ?this {path} ?b . "
                 'FILTER(!sameTerm(?a, ?b) && LANG(?a) != "" && LANG(?a) = LANG(?b)) BIND(LANG(?a) AS ?lang) }', "")]
    if c.g.value(shape, SH.qualifiedValueShapesDisjoint) is not None:
        raise c.fail(shape, "sh:qualifiedValueShapesDisjoint")
    test = c.conforms(arg, "?value")
    found: list[tuple[str, str, str]] = []
    for bound, op, name in ((SH.qualifiedMinCount, "<", "QualifiedMinCount"), (SH.qualifiedMaxCount, ">",
                                                                               "QualifiedMaxCount")):
        n = c.g.value(shape, bound)
        if n is not None:
            pattern = f"OPTIONAL {{ ?this {path} ?value FILTER({test}) }}"
            found.append((f"sh:{name}ConstraintComponent", count.format(focus=focus, pattern=pattern, op=op, n=number(n)),
                          ""))
    return found


def _sparql_check(c: Compiler, shape: Node, constraint: Node, focus: str) -> Check:
    select = c.g.value(constraint, SH.select)
    if select is None or c.g.value(constraint, SH.prefixes) is not None or c.g.value(shape, SH.message) is not None:
        raise c.fail(shape, "an sh:sparql constraint other than a plain sh:select (or one in a shape with a message)")
    text = str(select)
    if re.search(r"[?$](currentShape|shapesGraph|path)\b", text):
        raise c.fail(shape, "an sh:select naming $currentShape, $shapesGraph or ?path")
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        raise c.fail(shape, "an sh:select without WHERE {")
    # the focus nodes joined in the query's own group: $this is bound as if pre-bound
    query = f"{text[:where.end()]} {focus} {text[where.end():]}"
    value = "value" if re.search(r"SELECT[^{]*[?$]value\b", text, re.IGNORECASE) else "this"
    message = c._one(constraint, SH.message)
    return Check(query, c.severity(shape), "", "sh:SPARQLConstraintComponent", str(message), value, True)


@cache
def shape_checks() -> tuple[Check, ...]:
    """The Checks of ontology/shapes.ttl, compiled once per process."""
    return tuple(compile_checks(Graph().parse(SHAPES_FILE, format="turtle")))


@cache
def ontology_quads() -> bytes:
    """The ontology as N-Quads in ONTOLOGY_GRAPH, to load beside each part of the data."""
    triples = ox.parse(path=ONTOLOGY_FILE, format=ox.RdfFormat.TURTLE)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH) for t in triples]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


# A literal of a DERIVED type in N-Quads: its closing quote (after an even run of backslashes) and datatype.
_DERIVED_TYPE = re.compile(rb'"\^\^<' + re.escape(XSD.encode()) + rb"(?:" + "|".join(DERIVED).encode() + rb")>")
_DERIVED_LITERAL = re.compile(rb'(?<!\\)((?:\\\\)*)"\^\^<' + re.escape(XSD.encode()) + rb"(" +
                              "|".join(DERIVED).encode() + rb")>")


def _renamed(nquads: bytes) -> bytes:
    """``nquads`` with DERIVED types renamed. The exact pattern (an unescaped quote before the type) runs only on the
    lines that name such a type: run over every byte of a 100x build's parts it took a quarter of the check."""
    if _DERIVED_TYPE.search(nquads) is None:
        return nquads
    lines = nquads.split(b"\n")
    replacement = rb'\1"^^<' + PRIVATE.encode() + rb"\2>"
    return b"\n".join(_DERIVED_LITERAL.sub(replacement, line) if _DERIVED_TYPE.search(line) else line
                       for line in lines)


def data_store(nquads: bytes, ontology: bytes | None = None) -> ox.Store:
    """An in-memory store of ``nquads`` (data in named graphs) with the ontology (ontology/congress-kg.ttl unless
    given), DERIVED types renamed."""
    store = ox.Store()
    given = ontology_quads() if ontology is None else ontology
    store.bulk_load(_renamed(given + nquads), format=ox.RdfFormat.N_QUADS)
    return store


def _term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """The rdflib term of a store's term, a DERIVED type with its XSD name again."""
    if isinstance(node, ox.Literal) and node.datatype.value.startswith(PRIVATE):
        return Literal(node.value, datatype=URIRef(XSD + node.datatype.value[len(PRIVATE):]))
    return to_rdflib(node)


def run_checks(store: ox.Store, checks: tuple[Check, ...] | list[Check]) -> list[ShapeResult]:
    """The results of every check on the union of the store's graphs."""
    found: list[ShapeResult] = []
    for check in checks:
        solutions = store.query(check.query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            focus = row["this"]
            value = row[check.value] if check.value else None
            message = check.message
            if check.template:
                for name in names:
                    bound = row[name]
                    if bound is not None:
                        message = re.sub(f"{{[?$]{name}}}", str(_term(bound)).replace("\\", "\\\\"), message)
            found.append(ShapeResult(check.severity, short(_term(focus)) if focus is not None else "", check.path,
                                     check.constraint, message, short(_term(value)) if value is not None else ""))
    return found


def nquads(graph: Graph) -> bytes:
    """The triples of an rdflib graph as N-Quads in a graph of their own."""
    name = ox.NamedNode(f"urn:congress-kg:validation:graph:{id(graph)}")
    quads = [ox.Quad(to_oxigraph_node(s), to_oxigraph_iri(p), to_oxigraph(o), name) for s, p, o in graph]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
