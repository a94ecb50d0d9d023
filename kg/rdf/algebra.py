"""What rdflib's algebra of a SPARQL query tells: the nodes every solution goes through, the triple patterns each
solution matches, the variables, groups and OPTIONALs, and whether repeated solutions change the answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.namespaces import PREFIXES

# the algebra nodes with one child, ``p``, through which every solution of the node passes
_ONE_CHILD = frozenset({"SelectQuery", "Project", "Distinct", "Reduced", "OrderBy", "Slice", "Filter", "Extend",
                        "Group", "AggregateJoin"})
_BLIND_AGGREGATES = frozenset({"Aggregate_Sample", "Aggregate_Min", "Aggregate_Max"})  # the same over repeats


def parse(query: str) -> Any | None:
    """The algebra of ``query`` (the library's prefixes declared), or None where rdflib cannot read it."""
    # rdflib's algebra tells which patterns every solution matches; its parser needs the prefixes declared
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    try:
        return translateQuery(parseQuery(declared + query)).algebra
    except Exception:  # rdflib raises pyparsing's and its own errors alike; the query then runs as it is
        return None


def pattern_text(triples: list[tuple[Any, Any, Any]]) -> str:
    """Triple patterns of the algebra written as SPARQL, each ended by a dot."""
    return " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def nodes(node: Any) -> Iterator[Any]:
    """The algebra nodes every solution of ``node`` goes through (not an OPTIONAL's right side, a UNION's branches,
    a MINUS's right side, a filter's EXISTS or a subquery)."""
    yield node
    name = getattr(node, "name", "")
    if name in ("Join",):
        yield from nodes(node.p1)
        yield from nodes(node.p2)
    elif name in ("LeftJoin", "Minus"):
        yield from nodes(node.p1)
    elif name in _ONE_CHILD:
        yield from nodes(node.p)


def required_triples(algebra: Any) -> list[tuple[Any, Any, Any]] | None:
    """The triple patterns every solution matches, outside any subquery; None when the outer group joins a named
    graph's patterns or a subquery that aggregates (commitment_clusters at 1000x: its count of every cluster's
    meetings, 14 s, made again for each value)."""
    triples: list[tuple[Any, Any, Any]] = []
    for node in nodes(algebra):
        name = getattr(node, "name", "")
        subquery = name == "ToMultiSet" and getattr(node.p, "name", "") != "values"
        if subquery and "AggregateJoin" in names(node.p):
            return None  # an aggregate of the store would be made again for each value
        if name in ("Graph", "ServiceGraphPattern"):
            return None
        if name == "BGP":
            triples.extend(node.triples)
        elif name == "Union":  # a pattern both branches require, the same variables in each, every solution matches
            branches = [required_triples(node.p1), required_triples(node.p2)]
            if branches[0] is None or branches[1] is None:
                return None
            triples.extend(t for t in branches[0] if t in branches[1])
    return triples


def walk(node: Any) -> Iterator[Any]:
    """Everything under an algebra node, itself included: the nodes, their lists and their terms."""
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple, set)) else ()
    for child in children:
        yield from walk(child)


def subqueries(node: Any) -> Iterator[Any]:
    """Every subquery under an algebra node, at any depth (an OPTIONAL's, a UNION branch's, a filter's EXISTS)."""
    for inner in (n.get("p") for n in walk(node) if isinstance(n, dict) and getattr(n, "name", "") == "ToMultiSet"):
        if getattr(inner, "name", "") != "values":
            yield inner


def names(node: Any) -> set[str]:
    """The names of the algebra nodes under ``node``, itself included."""
    return {str(getattr(n, "name", "")) for n in walk(node) if isinstance(n, dict)}


def variables(node: Any) -> set[str]:
    """Every variable named anywhere under an algebra node."""
    from rdflib import Variable

    return {str(n) for n in walk(node) if isinstance(n, Variable)}


def grouped(algebra: Any) -> bool:
    return any(getattr(node, "name", "") == "Group" for node in nodes(algebra))


def group_keys(algebra: Any) -> set[str]:
    from rdflib import Variable

    keys: set[str] = set()
    for node in nodes(algebra):
        if getattr(node, "name", "") == "Group":
            keys.update(str(e) for e in (node.expr or []) if isinstance(e, Variable))
    return keys


def optionals(node: Any) -> list[Any]:
    """The OPTIONALs (LeftJoin nodes) of a query's outer group and of the UNION branches there, in the order
    written."""
    name = getattr(node, "name", "")
    if name == "LeftJoin":
        return [*optionals(node.p1), node]
    if name in ("Join", "Union"):
        return [*optionals(node.p1), *optionals(node.p2)]
    if name == "Minus":
        return optionals(node.p1)
    if name in _ONE_CHILD:
        return optionals(node.p)
    return []


def repeats_ignored(algebra: Any) -> bool:
    """Whether the query's answer is the same however many times a solution repeats: a SELECT DISTINCT, or a
    GROUP BY whose aggregates are each DISTINCT, a SAMPLE, a MIN or a MAX. A sequence path written into an
    OPTIONAL repeats its solutions once per middle node, so it is written in only then."""
    aggregated, distinct = False, False
    for node in nodes(algebra):
        name = getattr(node, "name", "")
        distinct = distinct or name == "Distinct"
        if name == "AggregateJoin":
            aggregated = True
            if not all(a.name in _BLIND_AGGREGATES or str(a.get("distinct", "")).upper() == "DISTINCT"
                       for a in node.A):
                return False
    return aggregated or distinct
