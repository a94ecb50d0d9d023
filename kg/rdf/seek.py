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

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg.namespaces import ONTOLOGY_FILE, PREFIXES
from kg.rdf.algebra import (
    group_keys,
    grouped,
    names,
    parse,
    pattern_text,
    repeats_ignored,
    required_triples,
    subqueries,
    variables,
)
from kg.rdf.narrow import few_matches, linking, narrowed
from kg.rdf.ordering import OrderKey, Term, column_key
from kg.rdf.splice import splice

MAX_VALUES = 20_000  # listing more values than this costs about what sorting every row would
FIRST_BATCH = 16  # values sought between two checks of the rate they give rows at
MIN_RATE = 0.5  # rows per value below which seeking gives way to the whole query (1000x attributions: 0.4)
_BY_SCOPE: list[Any] = []  # in ``listed``: this plan's values are listed under each outer value (SeekPlan.scoped)
_PLACEHOLDER = ox.NamedNode("urn:x-congress-kg:seek")  # spliced in once, then replaced by each value's term
_FREE = "seek_subject"  # a variable no query of the library names
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"
_RDFS_DOMAIN = "http://www.w3.org/2000/01/rdf-schema#domain"
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
    query: str = ""  # the query planned for, each OPTIONAL narrowed to this plan's key (narrowed)
    scoped: str = ""  # for a next key: the query listing its values under the outer keys' values, if they link


def seek_plan(query: str, keys: list[OrderKey], store: ox.Store | None = None) -> SeekPlan | None:
    """The plan for ``query`` (its text without the ORDER BY) ordered by ``keys``; None where seeking could change
    the rows or would not pay (see the module's docstring). With the ``store``, an OPTIONAL of one pattern that
    matches few triples there is left as it is (:func:`narrowed`)."""
    algebra = parse(query) if keys else None
    if algebra is None:
        return None
    few = few_matches(store) if store is not None else lambda pattern: False
    return _plan(query, algebra, keys, [], few)


def _plan(query: str, algebra: Any, keys: list[OrderKey], outer: list[str],
          few: Callable[[str], bool]) -> SeekPlan | None:
    """The plan for the first of ``keys`` and, chained to it, those of the next keys while they can be sought."""
    if not keys:
        return None
    key, descending = keys[0]
    if "Minus" in names(algebra) or any(key in variables(sub) for sub in subqueries(algebra)):
        return None  # the value written into a MINUS or a subquery would not mean what the key does there
    required = required_triples(algebra)
    if required is None or (grouped(algebra) and key not in group_keys(algebra)):
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
        links.extend(e for e in linking(required, outer_key, {key}, repeats_ignored(algebra)) if e not in links)
    scoped = f"SELECT DISTINCT ?{key} WHERE {{ {pattern_text(links)} }} LIMIT {MAX_VALUES + 1}" if links else ""
    return SeekPlan(key, descending, candidates, _plan(query, algebra, keys[1:], [*outer, key], few),
                    narrowed(query, algebra, key, few), scoped)


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
    patterns = [pattern_text([triple]) for triple in [binding, *types]]
    ranges = _ontology().ranges
    patterns += sorted({f"{subject.n3()} <{_RDF_TYPE}> <{ranges[str(p)]}> ." for _s, p, o in triples
                        if o == subject and isinstance(p, URIRef) and str(p) in ranges})
    return patterns


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
