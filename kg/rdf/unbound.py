"""A key bound in an OPTIONAL split in two queries: the rows that leave it unbound, and those that bind it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.rdf.algebra import nodes, required_triples, variables
from kg.rdf.lexer import LexError
from kg.rdf.narrow import groups


def split_optional(query: str, algebra: Any, key: str) -> tuple[str, str] | None:
    """``(absent, present)``: ``query`` with the OPTIONAL of its outer group that binds ``key`` written as
    ``FILTER NOT EXISTS``, and as a plain group. The first gives the rows in which the key is unbound, the second
    those in which it is bound, where it can be sought like any required key. None where the split could change
    the rows: an OPTIONAL with a condition of its own, one that binds the key only in an OPTIONAL of its own, or
    one whose variables (those the required patterns do not bind) are named by a pattern outside it, which would
    join with them once they are bound (or where its text cannot be told from another OPTIONAL's).

    The rows are the same. An OPTIONAL gives each solution of the patterns before it its matches, or the solution
    alone where there is none: the plain group gives the first, the NOT EXISTS the second. Their variables are
    named nowhere else but in expressions, which see them unbound in both."""
    binding = [node for node in nodes(algebra) if getattr(node, "name", "") == "LeftJoin"
               and key in {str(t[2]) for t in required_triples(node.p2) or []}]
    if len(binding) != 1 or variables(binding[0].get("expr")):
        return None
    node = binding[0]
    bound = {str(term) for triple in required_triples(algebra) or [] for term in triple}
    own = variables(node.p2) - bound
    if own & _pattern_variables(algebra, skip=node.p2):
        return None
    try:
        _where, blocks = groups(query)
    except LexError:
        return None
    named = variables(node.p2) | variables(node.get("expr"))
    matching = [block for block in blocks if block.named == named]
    if len(matching) != 1:
        return None
    keyword = matching[0].keyword
    rest = query[keyword + len("OPTIONAL"):]
    return f"{query[:keyword]}FILTER NOT EXISTS{rest}", f"{query[:keyword]}{' ' * len('OPTIONAL')}{rest}"


def _pattern_variables(node: Any, skip: Any) -> set[str]:
    """The variables that the triple patterns, subqueries and VALUES under ``node`` name, but those under
    ``skip``."""
    return {name for inner in _under(node, skip) if getattr(inner, "name", "") in ("BGP", "ToMultiSet", "values")
            for name in variables(inner)}


def _under(node: Any, skip: Any) -> Iterator[Any]:
    """The algebra nodes under ``node``, itself included, but ``skip`` and what is under it."""
    if node is skip:
        return
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _under(child, skip)
    elif isinstance(node, (list, tuple)):
        for child in node:
            yield from _under(child, skip)
