"""Query stage: run SPARQL files on the built graph and print results as table, CSV, TSV or JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Literal, overload

import pyoxigraph as ox
from rdflib import Variable as RdfVariable
from rdflib.query import ResultRow
from rdflib.term import Identifier

from kg.namespaces import PREFIXES
from kg.rdf.io import read_dataset, read_graph, to_oxigraph, to_rdflib
from kg.rdf.ordering import sort_rows, split_order
from kg.rdf.rdflib_joins import register as register_hash_joins
from kg.rdf.seek import first_rows, seek_plan
from kg.rdf.splice import prepared
from kg.rdf.store import load_exports, open_persistent


class QueryError(ValueError):
    """A query that cannot run: no build yet, a bad file or a bad parameter."""


class ParameterError(QueryError):
    """A parameter missing, or naming nothing in the graph (with the nearest names it could mean)."""


@dataclass
class Results:
    """A SELECT result: variable names and rows of terms (None where unbound)."""

    variables: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]

    def values(self) -> list[dict[str, str]]:
        return [{v: plain(t) for v, t in zip(self.variables, row)} for row in self.rows]

    def narrowed(self, columns: list[str] | None = None, limit: int | None = None) -> Results:
        """The first ``limit`` rows (all when None) of the ``columns`` named (all when None), in that order."""
        if columns:
            unknown = [c for c in columns if c not in self.variables]
            if unknown:
                raise QueryError(f"no column {', '.join(unknown)}; the columns are {', '.join(self.variables)}")
        keep = [self.variables.index(c) for c in columns] if columns else list(range(len(self.variables)))
        rows = self.rows if limit is None else self.rows[:limit]
        return Results([self.variables[i] for i in keep], [[row[i] for i in keep] for row in rows])


ENGINES = ("oxigraph", "rdflib")
_PREFIX_DECLARATIONS = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class RdflibStore:
    """rdflib's in-memory store laid out like the Oxigraph one, kept for comparison (``--engine rdflib``)."""

    def __init__(self, exports: Path) -> None:
        register_hash_joins()  # the library's aggregates join sub-selects, which rdflib compares pair by pair
        self.dataset = read_dataset(exports / "graph.nq")
        read_graph(exports / "graph.ttl", self.dataset.default_graph)


@overload
def open_store(exports: Path, engine: Literal["oxigraph"] = "oxigraph") -> ox.Store: ...
@overload
def open_store(exports: Path, engine: str) -> ox.Store | RdflibStore: ...


def open_store(exports: Path, engine: str = "oxigraph") -> ox.Store | RdflibStore:
    """A store holding what ``kg build`` wrote to ``exports``: one named graph per document, their union as
    the default graph (each triple once, so queries that name no graph see no duplicate rows).

    Oxigraph opens the persistent store the build wrote (exports/store/, read-only) or, when there is
    none, loads graph.nq in memory; ``engine="rdflib"`` loads them into rdflib instead.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    quads, union = exports / "graph.nq", exports / "graph.ttl"
    if not quads.exists() or not union.exists():
        raise QueryError(f"no built graph in {exports}/: run `kg build` first")
    if engine == "rdflib":
        return RdflibStore(exports)
    try:
        persistent = open_persistent(exports)
    except OSError as exc:
        raise QueryError(f"cannot open the store in {exports}/store: {exc}") from exc
    if persistent is not None:
        return persistent
    store = ox.Store()
    load_exports(store, quads)
    return store


def bind_targets(query: str, params: dict[str, Term]) -> dict[str, Term]:
    """The query variable each parameter binds: ``?NAME``, except that a value which is not an IRI binds
    ``?NAME_label`` when a SELECT selects that variable. A SELECT must select the variable it binds."""
    selected = set(_selected_variables(query))
    targets: dict[str, Term] = {}
    for name, value in params.items():
        label = f"{name}_label"
        target = label if not isinstance(value, ox.NamedNode) and label in selected else name
        if selected and target not in selected:
            raise QueryError(f"the query selects no variable ?{name} for --param {name}")
        targets[target] = value
    return targets


def _selected_variables(query: str) -> list[str]:
    # An empty store parses the query and names its projection without evaluating anything.
    try:
        solutions = ox.Store().query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(located(query, str(exc))) from exc
    return [v.value for v in solutions.variables] if isinstance(solutions, ox.QuerySolutions) else []


def located(query: str, message: str) -> str:
    """A parser's message with the line of the query it points at and a caret under the column."""
    found = re.search(r"(?:error at |line:)(\d+)(?::|, col:)(\d+)", message)
    lines = query.splitlines() or [""]
    if found is None:
        return f"bad SPARQL: {message}"
    line, column = int(found.group(1)), int(found.group(2))
    if line > len(lines):  # the parser ran off the end of the text
        line, column = len(lines), len(lines[-1]) + 1
    line = max(1, line)
    column = max(1, min(column, len(lines[line - 1]) + 1))
    margin = " " * len(str(line))
    return (f"bad SPARQL at line {line}, column {column}: {message}\n"
            f"  {line} | {lines[line - 1]}\n  {margin} | {' ' * (column - 1)}^")


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The solutions of a SELECT written with the project's prefixes (``kg.namespaces.PREFIXES``) declared for it:
    what the exporters that read the build's store use (no parameters, no result conversion)."""
    solutions = store.query(query, prefixes=PREFIXES)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here")
    return solutions


# What a query answers: a SELECT's rows, an ASK's yes or no, a CONSTRUCT's or DESCRIBE's graph as Turtle.
Answer = Results | bool | str


def with_limit(query: str, limit: int) -> str:
    """``query`` with ``LIMIT limit`` after its solution modifiers, so that the store stops after the first rows
    (and, under an ORDER BY, keeps only the first while sorting); ``query`` itself where no such clause can
    follow (a LIMIT of its own, a trailing VALUES) or the query is no SELECT. The rows are those of ``query``,
    first ``limit`` of them."""
    limited = f"{query}\nLIMIT {int(limit)}"
    try:
        parsed = ox.Store().query(limited, prefixes=PREFIXES)
    except SyntaxError:
        return query
    return limited if isinstance(parsed, ox.QuerySolutions) else query


def answer_query(store: ox.Store | RdflibStore, query: str, params: dict[str, Term] | None = None,
                 limit: int | None = None) -> Answer:
    """Run any query form on the default graph (the union of all documents), the project's prefixes declared
    where the query leaves them out; parameters are written in as RDF terms (kg.rdf.splice), never as text.
    With ``limit``, a SELECT gives its first ``limit`` rows: sought along its leading key where it is ordered
    (:func:`_sorted_here`), else with the LIMIT put in the query (:func:`with_limit`) and no row read past it."""
    query, bindings = prepared(query, bind_targets(query, params) if params else {})
    if limit is not None and limit < 0:
        raise QueryError(f"a limit is a number of rows, 0 or more, not {limit}")
    if isinstance(store, RdflibStore):
        return _answer_rdflib(store, query if limit is None else with_limit(query, limit), bindings, limit)
    ordered = _sorted_here(store, query, bindings, limit)
    if ordered is not None:
        return ordered
    return _answer_oxigraph(store, query if limit is None else with_limit(query, limit), bindings, limit)


def _sorted_here(store: ox.Store, query: str, bindings: dict[str, Term], limit: int | None) -> Results | None:
    """The rows of an ordered SELECT (its first ``limit``, when given) sorted here rather than by the store, where
    every term of the keys is one SPARQL orders simply (kg.rdf.ordering): the same rows in the same order (rows
    tied on every key in their terms' N-Triples order). With a limit, the rows come from the leading key's first
    values where it can be sought (kg.rdf.seek), else from all the rows. None where the query has no ORDER BY
    or its keys are left to the store."""
    ordered = split_order(query)
    if ordered is None:
        return None
    text, keys = ordered

    def rows_of(unordered: str) -> tuple[list[str], list[list[Term | None]]]:
        answer = _answer_oxigraph(store, unordered, bindings, None)
        if not isinstance(answer, Results):
            raise QueryError("only SELECT queries are ordered here")
        return answer.variables, answer.rows

    try:
        plan = seek_plan(text, keys, store) if limit is not None else None
        found = first_rows(plan, limit, store, rows_of) if plan is not None and limit is not None else None
        variables, rows = found if found is not None else rows_of(text)
    except QueryError:
        return None
    if not sort_rows(variables, rows, keys):
        return None
    return Results(variables, rows if limit is None else rows[:limit])


def _answer_oxigraph(store: ox.Store, query: str, bindings: dict[str, Term], limit: int | None) -> Answer:
    try:
        result = store.query(query, prefixes=PREFIXES, substitutions={ox.Variable(k): v for k, v in bindings.items()})
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            turtle = ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            assert turtle is not None  # None only when an output file is given
            return turtle.decode("utf-8")
        variables = [v.value for v in result.variables]
        rows = [list(solution) for solution in islice(result, limit)]  # in the order of the variables
    except SyntaxError as exc:
        raise QueryError(located(query, str(exc))) from exc
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    return Results(variables, rows)


def run_query(store: ox.Store | RdflibStore, query: str, params: dict[str, Term] | None = None) -> Results:
    """Run a SELECT (see :func:`answer_query`)."""
    answer = answer_query(store, query, params)
    if not isinstance(answer, Results):
        raise QueryError("only SELECT queries are supported here")
    return answer


def _answer_rdflib(store: RdflibStore, query: str, bindings: dict[str, Term], limit: int | None = None) -> Answer:
    init: dict[str, Identifier] = {RdfVariable(k): to_rdflib(v) for k, v in bindings.items()}
    try:
        result = store.dataset.query(query, initNs=PREFIXES, initBindings=init)
    except Exception as exc:  # rdflib raises pyparsing and plain exceptions alike for bad queries
        raise QueryError(located(query, str(exc))) from exc
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None  # set for these query forms
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri)
        return graph.serialize(format="turtle")
    names = result.vars or []
    rows: list[list[Term | None]] = []
    for row in islice(result, limit):
        assert isinstance(row, ResultRow)  # a SELECT's rows
        rows.append([to_oxigraph(row[v]) if row[v] is not None else None for v in names])
    return Results([str(v) for v in names], rows)


def plain(term: Term | None) -> str:
    """A term's value as text ("" for unbound)."""
    if term is None:
        return ""
    return term.value
