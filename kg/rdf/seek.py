"""The first rows of an ordered query found from its leading key's values in order, not by sorting every row.

``kg query --limit N`` on a listing query wants its first N rows in the query's order. A store that sorts computes
every row first: at 1000 times the bundled corpus, 5,000 documents took 650 ms before the first 100 came out. Yet
the leading key of most listing queries (a report's file name, a theme's label) is bound by a triple pattern whose
values can be listed cheaply from that pattern's subject alone. So the values are listed and sorted as SPARQL
orders them, and the query runs on the first few of them (each written into its patterns), then on the next ones,
until N rows are in. Every row with a smaller key has come by then, each key's rows whole, so the
first N rows of these, sorted by all the keys, are the first N rows of the query. Where the key has fewer values than
rows are wanted (a meeting label that hundreds of meetings share), each value's rows are sought in turn along the
next key, the value already written in; where that next key's values in the whole store come too sparsely, those
the outer value links to are listed instead. Each key's query has its OPTIONALs narrowed to the key (the patterns
that link them to it written in), for Oxigraph builds an OPTIONAL's right side whole, before any value reaches it.

The plan is declined (None) where it could change the answer or cost more than it saves: a leading key bound only
in an OPTIONAL, one branch of a UNION or a subquery; a MINUS, or a subquery that names the key; a subquery that
aggregates beside it; a key that cannot be written into the patterns (kg.rdf.splice); more candidate
values than :data:`MAX_VALUES`; values that give their rows too sparsely (:data:`MIN_RATE`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg.namespaces import ONTOLOGY_FILE, PREFIXES
from kg.rdf.lexer import LexError, tokens
from kg.rdf.ordering import OrderKey, Term, column_key
from kg.rdf.splice import splice

MAX_VALUES = 20_000  # listing more values than this costs about what sorting every row would
FIRST_BATCH = 16  # values sought between two checks of the rate they give rows at
FEW_MATCHES = 1_000  # an OPTIONAL's one pattern matching no more triples than this is left as it is
MIN_RATE = 0.5  # rows per value below which seeking gives way to the whole query (1000x attributions: 0.4)
_BY_SCOPE: list[Any] = []  # in ``listed``: this plan's values are listed under each outer value (SeekPlan.scoped)
_PLACEHOLDER = ox.NamedNode("urn:x-congress-kg:seek")  # spliced in once, then replaced by each value's term
_FREE = "seek_subject"  # a variable no query of the library names
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"
_RDFS_DOMAIN = "http://www.w3.org/2000/01/rdf-schema#domain"
_BLIND_AGGREGATES = frozenset({"Aggregate_Sample", "Aggregate_Min", "Aggregate_Max"})  # the same over repeats
# (variables, rows) of a SELECT with no ORDER BY, as kg.rdf.query answers it
Answer = tuple[list[str], list[list[Term]]]


@dataclass(frozen=True)
class SeekPlan:
    """How to list a query's leading key: the key, whether it sorts descending, and the queries that list its
    values, tried in turn until one gives at most :data:`MAX_VALUES` (the key's pattern alone where the ontology
    gives its property a domain, then with the classes of its subject: a label's values are those of every label
    until its subject is typed); and the next key's plan."""

    key: str
    descending: bool
    candidates: tuple[str, ...]
    then: SeekPlan | None = None  # the next key's plan, for the values of a key that has fewer than rows wanted
    query: str = ""  # the query planned for, each OPTIONAL narrowed to this plan's key (_narrowed)
    scoped: str = ""  # for a next key: the query listing its values under the outer keys' values, if they link


def seek_plan(query: str, keys: list[OrderKey], store: ox.Store | None = None) -> SeekPlan | None:
    """The plan for ``query`` (its text without the ORDER BY) ordered by ``keys``; None where seeking could change
    the rows or would not pay (see the module's docstring). With the ``store``, an OPTIONAL of one pattern that
    matches few triples there is left as it is (:func:`_narrowed`)."""
    algebra = _algebra(query) if keys else None
    if algebra is None:
        return None
    few = _few_matches(store) if store is not None else lambda pattern: False
    return _plan(query, algebra, keys, [], few)


def _few_matches(store: ox.Store) -> Callable[[str], bool]:
    """Whether a pattern matches at most :data:`FEW_MATCHES` triples of ``store``, each pattern asked once."""
    @cache
    def few(pattern: str) -> bool:
        found = store.query(f"SELECT * WHERE {{ {pattern} }} LIMIT {FEW_MATCHES + 1}")
        assert isinstance(found, ox.QuerySolutions)
        return sum(1 for _ in found) <= FEW_MATCHES
    return few


def _plan(query: str, algebra: Any, keys: list[OrderKey], outer: list[str],
          few: Callable[[str], bool]) -> SeekPlan | None:
    """The plan for the first of ``keys`` and, chained to it, those of the next keys while they can be sought."""
    if not keys:
        return None
    key, descending = keys[0]
    if "Minus" in _names(algebra) or any(key in _variables(sub) for sub in _subqueries(algebra)):
        return None  # the value written into a MINUS or a subquery would not mean what the key does there
    required = _required_triples(algebra)
    if required is None or (_grouped(algebra) and key not in _group_keys(algebra)):
        return None
    patterns = _candidate_patterns(required, key)
    if patterns is None:
        return None
    # a property the ontology gives a domain lists the values of that class alone, and cheaply (ckg:fileName:
    # 38 ms for 5,000 files, against 114 ms typed); one with none (rdfs:label) lists every label of the store
    # (reading 20,001 took 100 ms at 1000x, to no end), so only its typed form is asked
    forms = (patterns[:1], patterns) if _has_domain(patterns[0]) else (patterns,)
    candidates = tuple(f"SELECT DISTINCT ?{key} WHERE {{ {' '.join(some)} }} LIMIT {MAX_VALUES + 1}"
                       for some in dict.fromkeys(tuple(form) for form in forms))
    # under the outer keys' values, the values their patterns link to (a meeting label's files): of every file of
    # the store, those of one label of five came too sparsely to be sought, and the label's rows were read whole
    links: list[tuple[Any, Any, Any]] = []
    for outer_key in outer:
        links.extend(e for e in _linking(required, outer_key, {key}, _repeats_ignored(algebra)) if e not in links)
    scoped = (f"SELECT DISTINCT ?{key} WHERE {{ {' '.join(f'{s.n3()} {p.n3()} {o.n3()} .' for s, p, o in links)} }}"
              f" LIMIT {MAX_VALUES + 1}") if links else ""
    return SeekPlan(key, descending, candidates, _plan(query, algebra, keys[1:], [*outer, key], few),
                    _narrowed(query, algebra, key, few), scoped)


def first_rows(plan: SeekPlan, limit: int, store: ox.Store, run: Callable[[str], Answer],
               listed: dict[SeekPlan, list[Any] | None] | None = None,
               outer: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Answer | None:
    """At least the first ``limit`` rows of the plan's query (unsorted, each key's rows whole), found value by value
    of the plan's key, the values of ``outer`` keys written in; None when the values cannot be listed, ordered or
    written in here, or when the first values give fewer than :data:`MIN_RATE` rows each (the caller then sorts
    every row). ``listed`` keeps each plan's values for the next value of an outer key.

    Each value is written into the query's patterns (kg.rdf.splice), so the store starts from it through its
    indexes. Two other designs were slower at 1000x: a ``VALUES`` block of values, which the store joins after the
    patterns (sdg_links' first rows: 21 s), and the values' copies of the query joined by UNION (documents: 328
    ms, against 169 ms one query per value)."""
    listed = {} if listed is None else listed
    outer = {} if outer is None else outer
    spliced = splice(plan.query, {**outer, plan.key: _PLACEHOLDER})
    scoped = splice(plan.scoped, outer) if plan.scoped and outer else None
    if spliced is None or (plan in listed and listed[plan] is None):
        return None  # cannot be written in, or too sparse for an earlier value of an outer key
    by_scope = scoped is not None and listed.get(plan) is _BY_SCOPE
    if by_scope:
        values = _ordered_values(plan, store, (scoped or "",))
    else:
        if plan not in listed:
            listed[plan] = _ordered_values(plan, store, plan.candidates)
        values = listed[plan]
    if values is None:
        return None
    variables: list[str] = []
    rows: list[list[Term]] = []
    # fewer values than rows wanted: each likely gives many (5 meeting labels over 3,000 meetings gave 9,400 rows
    # each at 1000x, in 3.2 s), so each value's first rows are sought along the next key. Asking the store whether
    # a value gives more could cost the whole value: an OPTIONAL's right side is built whole (54 s).
    deeper = plan.then if len(values) < limit else None
    for done, value in enumerate(values, 1):
        text = spliced.replace(str(_PLACEHOLDER), str(value))
        sought = (first_rows(deeper, limit - len(rows), store, run, listed, {**outer, plan.key: value})
                  if deeper is not None else None)
        variables, found = sought if sought is not None else run(text)
        rows.extend(found)
        if len(rows) >= limit:
            break
        # a query per value costs about a millisecond: where the rows come sparsely (most reports have no
        # attribution), the whole query is the better bet, and so for the next value of an outer key
        if done % FIRST_BATCH == 0 and len(rows) < done * MIN_RATE:
            if scoped is not None and not by_scope:
                # the values the outer keys' values link to, listed for each (one label's 1,000 files of 5,000
                # in 31 ms), where the store's came too sparsely; not first, for some links reach many nodes (a
                # label's capacities: 750 ms, against 50 ms for the store's three)
                listed[plan] = _BY_SCOPE
                return first_rows(plan, limit, store, run, listed, outer)
            listed[plan] = None
            return None
    return variables, rows


def _ordered_values(plan: SeekPlan, store: ox.Store, listings: tuple[str, ...]) -> list[ox.NamedNode | ox.Literal] | None:
    """The key's values in the plan's order, from the first of ``listings`` that gives at most :data:`MAX_VALUES`."""
    values: list[Any] = []
    for candidates in listings:
        solutions = store.query(candidates, prefixes=PREFIXES)
        assert isinstance(solutions, ox.QuerySolutions)
        values = [solution[0] for solution in solutions]
        if len(values) <= MAX_VALUES:
            break
    if len(values) > MAX_VALUES or any(isinstance(v, ox.BlankNode) or "\\u" in str(v).lower() for v in values):
        return None  # too many to pay; a blank node cannot be written in; a \u would be decoded in the query text
    order = column_key(values)
    if order is None:
        return None
    values.sort(key=order, reverse=plan.descending)
    return values


def _algebra(query: str) -> Any | None:
    # rdflib's algebra tells which patterns every solution matches; its parser needs the prefixes declared
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    try:
        return translateQuery(parseQuery(declared + query)).algebra
    except Exception:  # rdflib raises pyparsing's and its own errors alike; the query then runs as it is
        return None


def _nodes(node: Any) -> Iterator[Any]:
    """The algebra nodes every solution of ``node`` goes through (not an OPTIONAL's right side, a UNION's branches,
    a MINUS's right side, a filter's EXISTS or a subquery)."""
    yield node
    name = getattr(node, "name", "")
    if name in ("Join",):
        yield from _nodes(node.p1)
        yield from _nodes(node.p2)
    elif name in ("LeftJoin", "Minus"):
        yield from _nodes(node.p1)
    elif name in ("SelectQuery", "Project", "Distinct", "Reduced", "OrderBy", "Slice", "Filter", "Extend",
                  "Group", "AggregateJoin"):
        yield from _nodes(node.p)


def _required_triples(algebra: Any) -> list[tuple[Any, Any, Any]] | None:
    """The triple patterns every solution matches, outside any subquery; None when the outer group joins a named
    graph's patterns or a subquery that aggregates (commitment_clusters at 1000x: its count of every cluster's
    meetings, 14 s, made again for each value)."""
    triples: list[tuple[Any, Any, Any]] = []
    for node in _nodes(algebra):
        name = getattr(node, "name", "")
        subquery = name == "ToMultiSet" and getattr(node.p, "name", "") != "values"
        if subquery and "AggregateJoin" in _names(node.p):
            return None  # an aggregate of the store would be made again for each value
        if name in ("Graph", "ServiceGraphPattern"):
            return None
        if name == "BGP":
            triples.extend(node.triples)
        elif name == "Union":  # a pattern both branches require, the same variables in each, every solution matches
            branches = [_required_triples(node.p1), _required_triples(node.p2)]
            if branches[0] is None or branches[1] is None:
                return None
            triples.extend(t for t in branches[0] if t in branches[1])
    return triples


def _walk(node: Any) -> Iterator[Any]:
    """Everything under an algebra node, itself included: the nodes, their lists and their terms."""
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple, set)) else ()
    for child in children:
        yield from _walk(child)


def _subqueries(node: Any) -> Iterator[Any]:
    """Every subquery under an algebra node, at any depth (an OPTIONAL's, a UNION branch's, a filter's EXISTS)."""
    for inner in (n.get("p") for n in _walk(node) if isinstance(n, dict) and getattr(n, "name", "") == "ToMultiSet"):
        if getattr(inner, "name", "") != "values":
            yield inner


def _names(node: Any) -> set[str]:
    """The names of the algebra nodes under ``node``, itself included."""
    return {str(getattr(n, "name", "")) for n in _walk(node) if isinstance(n, dict)}


def _variables(node: Any) -> set[str]:
    """Every variable named anywhere under an algebra node."""
    from rdflib import Variable

    return {str(n) for n in _walk(node) if isinstance(n, Variable)}


def _grouped(algebra: Any) -> bool:
    return any(getattr(node, "name", "") == "Group" for node in _nodes(algebra))


def _group_keys(algebra: Any) -> set[str]:
    from rdflib import Variable

    keys: set[str] = set()
    for node in _nodes(algebra):
        if getattr(node, "name", "") == "Group":
            keys.update(str(e) for e in (node.expr or []) if isinstance(e, Variable))
    return keys


def _candidate_patterns(triples: list[tuple[Any, Any, Any]], key: str) -> list[str] | None:
    """The patterns that list the key's values: the triple binding it, with the classes the query gives its subject
    and the class the ontology gives that subject as a property's range; for a key at the end of a property path
    (``ckg:inReport/ckg:fileName``), the path's last property alone. None if nothing binds it as an object.
    The range holds for the graph a build wrote: its shapes check each such property's class (ontology/shapes.ttl,
    ``sh:class``)."""
    from rdflib import URIRef, Variable
    from rdflib.paths import SequencePath

    bindings = [t for t in triples if t[2] == Variable(key) and isinstance(t[0], Variable)]
    binding = next((t for t in bindings if isinstance(t[1], URIRef)), None)
    if binding is None:
        last = next((t[1].args[-1] for t in bindings if isinstance(t[1], SequencePath)
                     and isinstance(t[1].args[-1], URIRef)), None)
        return None if last is None else [f"?{_FREE} {last.n3()} ?{key} ."]
    subject = binding[0]
    types = [t for t in triples if t[0] == subject and str(t[1]) == _RDF_TYPE and isinstance(t[2], URIRef)]
    patterns = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in [binding, *types]]
    ranges = _ontology().ranges
    patterns += sorted({f"{subject.n3()} <{_RDF_TYPE}> <{ranges[str(p)]}> ." for _s, p, o in triples
                        if o == subject and isinstance(p, URIRef) and str(p) in ranges})
    return patterns


def _narrowed(query: str, algebra: Any, key: str, few: Callable[[str], bool]) -> str:
    """``query`` with the patterns that link each OPTIONAL of its outer group (or of a UNION's branch there) to
    ``key`` written into that OPTIONAL too, so that once the key's value is written in, the OPTIONAL's right side
    is that value's alone; and the pattern that binds the key written first, so that the store starts from it.

    Oxigraph builds an OPTIONAL's right side whole, then joins it: one report's recommendations took 16.4 s at
    1000x, its paragraph numbers looked up over every target of the store. The answer is the same: the patterns
    written in are required on the OPTIONAL's left, so every left solution binds their variables, and the one
    match of theirs it agrees with is its own. A sequence path is written in only where repeated solutions do not
    change the answer (:func:`_repeats_ignored`), for it repeats one per middle node. An OPTIONAL whose variables
    do not tell it from another is left as it is, and so is one of a single pattern that matches ``few`` triples:
    built whole it is small, and narrowed it may be larger (a state's ISO code, 200 triples, narrowed by one
    capacity: every attendance in that capacity, 1,430 ms for one meeting label's rows, against 828 ms).

    Oxigraph starts from the pattern it estimates smallest, and of equal estimates from the first written: with
    a theme's label and a meeting's label written in, it started from the theme's, every recommendation of the
    theme (260 ms for one meeting's at 1000x)."""
    try:
        where, blocks = _groups(query)
    except LexError:
        return query
    paths = _repeats_ignored(algebra)
    inserts: list[tuple[int, list[tuple[Any, Any, Any]]]] = []
    optionals = _optionals(algebra)
    named = [_variables(node.p2) | _variables(node.get("expr")) for node in optionals]
    for node, inside in zip(optionals, named, strict=True):
        # the OPTIONALs that name the same variables (one in each branch of a UNION), in the order written
        offsets = [offset for offset, variables in blocks if variables == inside]
        if len(offsets) != named.count(inside):
            continue
        offset = offsets[[n for n, other in zip(optionals, named, strict=True) if other == inside].index(node)]
        left = _required_triples(node.p1)
        if left is not None and not (_one_pattern(node) and few(_one_pattern(node))):
            inserts.append((offset, _linking(left, key, inside, paths)))
    required = _required_triples(algebra) or []
    inserts.append((where, [edge for edge in _edges(required, paths) if str(edge[2]) == key][:1]))
    for offset, links in sorted(inserts, key=lambda insert: insert[0], reverse=True):
        if links and offset >= 0:
            text = " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in links)
            query = f"{query[:offset]} {text} {query[offset:]}"
    return query


def _optionals(node: Any) -> list[Any]:
    """The OPTIONALs (LeftJoin nodes) of a query's outer group and of the UNION branches there, in the order
    written."""
    name = getattr(node, "name", "")
    if name == "LeftJoin":
        return [*_optionals(node.p1), node]
    if name in ("Join", "Union"):
        return [*_optionals(node.p1), *_optionals(node.p2)]
    if name == "Minus":
        return _optionals(node.p1)
    if name in ("SelectQuery", "Project", "Distinct", "Reduced", "OrderBy", "Slice", "Filter", "Extend", "Group",
                "AggregateJoin"):
        return _optionals(node.p)
    return []


def _one_pattern(node: Any) -> str:
    """An OPTIONAL's one triple pattern, as text, where its group is that and no more; else ''."""
    right, condition = node.p2, node.get("expr")
    if getattr(right, "name", "") != "BGP" or len(right.triples) != 1 or _variables(condition):
        return ""
    return " ".join(term.n3() for term in right.triples[0]) + " ."


def _groups(query: str) -> tuple[int, list[tuple[int, set[str]]]]:
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
        depth, variables = 0, set()
        for inner in found[index + 1:]:
            depth += (inner.text == "{") - (inner.text == "}")
            if inner.kind == "var":
                variables.add(inner.text[1:])
            if depth == 0:
                break
        blocks.append((found[index + 1].offset + 1, variables))
    return where, blocks


def _edges(triples: list[tuple[Any, Any, Any]], paths: bool) -> list[tuple[Any, Any, Any]]:
    """The triple patterns between two variables through a property, and with ``paths`` through a sequence of
    properties too."""
    from rdflib import URIRef, Variable
    from rdflib.paths import SequencePath

    return [t for t in triples if isinstance(t[0], Variable) and isinstance(t[2], Variable) and (
        isinstance(t[1], URIRef)
        or paths and isinstance(t[1], SequencePath) and all(isinstance(step, URIRef) for step in t[1].args))]


def _linking(triples: list[tuple[Any, Any, Any]], key: str, targets: set[str],
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


def _repeats_ignored(algebra: Any) -> bool:
    """Whether the query's answer is the same however many times a solution repeats: a SELECT DISTINCT, or a
    GROUP BY whose aggregates are each DISTINCT, a SAMPLE, a MIN or a MAX. A sequence path written into an
    OPTIONAL repeats its solutions once per middle node, so it is written in only then."""
    aggregated, distinct = False, False
    for node in _nodes(algebra):
        name = getattr(node, "name", "")
        distinct = distinct or name == "Distinct"
        if name == "AggregateJoin":
            aggregated = True
            if not all(a.name in _BLIND_AGGREGATES or str(a.get("distinct", "")).upper() == "DISTINCT"
                       for a in node.A):
                return False
    return aggregated or distinct


def _has_domain(pattern: str) -> bool:
    """Whether the ontology gives the property of ``pattern`` (a binding triple, or a path's last property) a
    domain."""
    return pattern.split(" ")[1].strip("<>") in _ontology().domains


class _Declared(NamedTuple):
    """What the ontology declares of its properties: each one whose range is one named class, with that class;
    and those given a domain."""

    ranges: dict[str, str]
    domains: frozenset[str]


@lru_cache(maxsize=1)
def _ontology() -> _Declared:
    """The ranges and domains :class:`_Declared` lists, read once from the ontology."""
    ranges: dict[str, str] = {}
    domains: set[str] = set()
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == _RDFS_RANGE and isinstance(triple.object, ox.NamedNode):
            ranges[triple.subject.value] = triple.object.value
        elif triple.predicate.value == _RDFS_DOMAIN:
            domains.add(triple.subject.value)
    return _Declared(ranges, frozenset(domains))
