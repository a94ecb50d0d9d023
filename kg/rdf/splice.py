"""Parameters written into a query as RDF terms, so that the store joins from them through its indexes.

Oxigraph evaluates a variable bound by ``substitutions`` (or a VALUES or BIND of it) as a join with the rest of the
query, after the patterns that use it: ``actor_profile.rq`` for one actor took 640 ms at 100x so, 36 ms with the
actor's IRI in its patterns. Only serialized RDF terms (a checked IRI, an escaped literal) are written in, never the
text a user gave; a group key is grouped as ``GROUP BY (TERM AS ?x)``, which binds it as the patterns did. A query
in which a term cannot stand for its variable (``BIND(... AS ?x)``, ``ORDER BY ?x``, ``SELECT *``) is left as it
is and bound by substitution.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.rdf.lexer import LexError, tokens


def splice(query: str, bindings: Mapping[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str | None:
    """``query`` with each variable of ``bindings`` replaced by its term, a projected one as ``(TERM AS ?name)``,
    a grouped one grouped as ``(TERM AS ?name)`` (and projected as it was); None when that cannot be done with the
    same answer (a blank node, the variable assigned, grouped in a query with subqueries, the projection changed,
    the result not parsing)."""
    if not bindings or any(isinstance(t, ox.BlankNode) for t in bindings.values()):
        return None
    try:
        grouped, selects = _grouped_variables(query)
        if selects > 1 and grouped & set(bindings):
            return None  # which SELECT groups on it would need the query's structure, not its words
        out: list[str] = []
        last, in_projection, in_group, depth, previous = 0, False, False, 0, ""
        for token in tokens(query):  # the SPARQL terminals, so strings, IRIs and comments are never read into
            word = token.text.upper() if token.kind == "keyword" else token.text
            in_group = _in_group_clause(in_group, previous, word)
            if word == "SELECT":
                in_projection, depth = True, 0
            elif word in ("WHERE", "{"):
                in_projection = False
            elif word == "(":
                depth += 1
            elif word == ")":
                depth -= 1
            elif token.kind == "var" and token.text[1:] in bindings:
                if previous == "AS":
                    return None  # assigned (BIND or a projection's AS): a term cannot stand there
                text = str(bindings[token.text[1:]])  # N-Triples: an IRI checked when made, a literal escaped
                if "\\u" in text.lower():
                    return None  # a parser reads \u escapes anywhere in a query's text, before strings
                if in_projection and depth == 0 and token.text[1:] in grouped:
                    previous = word
                    continue  # the group key binds it, to the term: projected as it was
                out.append(query[last:token.offset])
                out.append(f"({text} AS {token.text})" if (in_projection or in_group) and depth == 0 else text)
                last = token.offset + len(token.text)
            previous = word
    except LexError:
        return None
    out.append(query[last:])
    spliced = "".join(out)
    try:
        before_vars, after_vars = _projection(query), _projection(spliced)
    except SyntaxError:
        return None
    return spliced if before_vars == after_vars else None


# the keywords and braces that end a GROUP BY clause
_AFTER_GROUP = frozenset({"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "{", "}"})


def _in_group_clause(before: bool, previous: str, word: str) -> bool:
    """Whether ``word`` (a token's text, keywords upper-cased) is inside a GROUP BY clause, given whether the token
    before it, ``previous``, was."""
    return (before or (previous, word) == ("GROUP", "BY")) and word not in _AFTER_GROUP


def _grouped_variables(query: str) -> tuple[set[str], int]:
    """The variables a GROUP BY names as such (not inside an expression), and the number of SELECTs."""
    grouped: set[str] = set()
    selects, in_group, depth, previous = 0, False, 0, ""
    for token in tokens(query):
        word = token.text.upper() if token.kind == "keyword" else token.text
        in_group = _in_group_clause(in_group, previous, word)
        selects += word == "SELECT"
        depth += (word == "(") - (word == ")")
        if in_group and depth == 0 and token.kind == "var":
            grouped.add(token.text[1:])
        previous = word
    return grouped, selects


def _projection(query: str) -> list[str] | None:
    solutions = ox.Store().query(query, prefixes=PREFIXES)
    return [v.value for v in solutions.variables] if isinstance(solutions, ox.QuerySolutions) else None


def prepared(query: str, bindings: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]
             ) -> tuple[str, dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
    """The query to run and what is left to bind by substitution: the spliced query and nothing, or, where
    :func:`splice` declines, ``query`` and ``bindings`` as they are."""
    spliced = splice(query, bindings)
    return (spliced, {}) if spliced is not None else (query, bindings)
