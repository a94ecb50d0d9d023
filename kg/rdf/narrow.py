"""Each OPTIONAL of a query narrowed to a key: the required patterns that link it to the key written into it, so
that once the key's value is written in, the OPTIONAL's right side, which Oxigraph builds whole, is that value's."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pyoxigraph as ox

from kg.rdf.algebra import optionals, pattern_text, repeats_ignored, required_triples, variables
from kg.rdf.lexer import LexError, tokens

FEW_MATCHES = 1_000  # an OPTIONAL's one pattern matching no more triples than this is left as it is


def few_matches(store: ox.Store) -> Callable[[str], bool]:
    """Whether a pattern matches at most :data:`FEW_MATCHES` triples of ``store``, each pattern asked once."""
    @cache
    def few(pattern: str) -> bool:
        found = store.query(f"SELECT * WHERE {{ {pattern} }} LIMIT {FEW_MATCHES + 1}")
        assert isinstance(found, ox.QuerySolutions)
        return sum(1 for _ in found) <= FEW_MATCHES
    return few


def narrowed(query: str, algebra: Any, key: str, few: Callable[[str], bool]) -> str:
    """``query`` with the patterns that link each OPTIONAL of its outer group (or of a UNION's branch there) to
    ``key`` written into that OPTIONAL too, so that once the key's value is written in, the OPTIONAL's right side
    is that value's alone; and the pattern that binds the key written first, so that the store starts from it.

    Oxigraph builds an OPTIONAL's right side whole, then joins it: one report's recommendations took 16.4 s at
    1000x, its paragraph numbers looked up over every target of the store. The answer is the same: the patterns
    written in are required on the OPTIONAL's left, so every left solution binds their variables, and the one
    match of theirs it agrees with is its own. A sequence path is written in only where repeated solutions do not
    change the answer (:func:`repeats_ignored`), for it repeats one per middle node. An OPTIONAL whose variables
    do not tell it from another is left as it is, and so is one of a single pattern that matches ``few`` triples:
    built whole it is small, and narrowed it may be larger (a state's ISO code, 200 triples, narrowed by one
    capacity: every attendance in that capacity, 1,430 ms for one meeting label's rows, against 828 ms).

    Oxigraph starts from the pattern it estimates smallest, and of equal estimates from the first written: with
    a theme's label and a meeting's label written in, it started from the theme's, every recommendation of the
    theme (260 ms for one meeting's at 1000x)."""
    try:
        where, blocks = groups(query)
    except LexError:
        return query
    paths = repeats_ignored(algebra)
    inserts: list[tuple[int, list[tuple[Any, Any, Any]]]] = []
    written = optionals(algebra)
    named = [variables(node.p2) | variables(node.get("expr")) for node in written]
    for node, inside in zip(written, named, strict=True):
        # the OPTIONALs that name the same variables (one in each branch of a UNION), in the order written
        offsets = [offset for offset, there in blocks if there == inside]
        if len(offsets) != named.count(inside):
            continue
        offset = offsets[[n for n, other in zip(written, named, strict=True) if other == inside].index(node)]
        left = required_triples(node.p1)
        if left is not None and not (_one_pattern(node) and few(_one_pattern(node))):
            inserts.append((offset, linking(left, key, inside, paths)))
    required = required_triples(algebra) or []
    inserts.append((where, [edge for edge in _edges(required, paths) if str(edge[2]) == key][:1]))
    for offset, links in sorted(inserts, key=lambda insert: insert[0], reverse=True):
        if links and offset >= 0:
            query = f"{query[:offset]} {pattern_text(links)} {query[offset:]}"
    return query


def _one_pattern(node: Any) -> str:
    """An OPTIONAL's one triple pattern, as text, where its group is that and no more; else ''."""
    right, condition = node.p2, node.get("expr")
    if getattr(right, "name", "") != "BGP" or len(right.triples) != 1 or variables(condition):
        return ""
    return pattern_text(right.triples[:1])


def groups(query: str) -> tuple[int, list[tuple[int, set[str]]]]:
    """Where a SELECT's WHERE group opens (-1 if nowhere), and each OPTIONAL's group: the offset just inside its
    opening brace, and the variables it names."""
    found = list(tokens(query))
    where, parentheses, form = -1, 0, ""
    blocks: list[tuple[int, set[str]]] = []
    for index, token in enumerate(found):
        parentheses += (token.text == "(") - (token.text == ")")
        if token.kind == "keyword" and not form and token.text.upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            form = token.text.upper()
        # the first brace outside parentheses (not an EXISTS in the projection); a CONSTRUCT's opens its template
        if token.text == "{" and parentheses == 0 and where < 0 and form == "SELECT":
            where = token.offset + 1
        if (token.kind != "keyword" or token.text.upper() != "OPTIONAL" or index + 1 == len(found)
                or found[index + 1].text != "{"):
            continue
        depth, named = 0, set()
        for inner in found[index + 1:]:
            depth += (inner.text == "{") - (inner.text == "}")
            if inner.kind == "var":
                named.add(inner.text[1:])
            if depth == 0:
                break
        blocks.append((found[index + 1].offset + 1, named))
    return where, blocks


def _edges(triples: list[tuple[Any, Any, Any]], paths: bool) -> list[tuple[Any, Any, Any]]:
    """The triple patterns between two variables through a property, and with ``paths`` through a sequence of
    properties too."""
    from rdflib import URIRef, Variable
    from rdflib.paths import SequencePath

    return [t for t in triples if isinstance(t[0], Variable) and isinstance(t[2], Variable) and (
        isinstance(t[1], URIRef)
        or paths and isinstance(t[1], SequencePath) and all(isinstance(step, URIRef) for step in t[1].args))]


def linking(triples: list[tuple[Any, Any, Any]], key: str, targets: set[str],
             paths: bool) -> list[tuple[Any, Any, Any]]:
    """The patterns of ``triples`` (:func:`_edges`) on every shortest path from ``key`` to each variable of
    ``targets``, nearest the key first. Every path, for each may reach values the others do not: the targets of
    one meeting's recommendations came through their report (every target of the report) and through their
    annotations; the first alone cost 185 ms at 1000x, both 25 ms."""
    edges = _edges(triples, paths)
    # breadth first from the key: each variable's distance, and the edges that reach it at that distance
    distance, reaching, frontier = {key: 0}, dict[str, list[tuple[Any, Any, Any]]](), [key]
    while frontier:
        step: list[str] = []
        for edge in edges:
            for near, far in ((str(edge[0]), str(edge[2])), (str(edge[2]), str(edge[0]))):
                if near in frontier and distance.get(far, distance[near] + 1) == distance[near] + 1:
                    if far not in distance:
                        distance[far] = distance[near] + 1
                        step.append(far)
                    reaching.setdefault(far, []).append(edge)
        frontier = step
    links: list[tuple[Any, Any, Any]] = []
    wanted = sorted(targets & set(distance))
    while wanted:
        variable = wanted.pop()
        for edge in reaching.get(variable, []):
            if edge not in links:
                links.append(edge)
                wanted.extend(end for end in (str(edge[0]), str(edge[2])) if end != variable)
    # Oxigraph joins the patterns its estimates tie on in the order written: from the key (200 ms against 25 ms for
    # a meeting's recommendations, where the report's targets came before its annotations)
    return sorted(links, key=lambda edge: (min(distance[str(edge[0])], distance[str(edge[2])]), edges.index(edge)))
