"""Query stage: run SPARQL files on the built graph and print results as table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Variable as RdfVariable

from kg.namespaces import PREFIXES
from kg.rdfio import read_dataset, read_graph, to_oxigraph, to_rdflib
from kg.store import load_exports, open_persistent

FORMATS = ("table", "csv", "tsv", "json")


class QueryError(ValueError):
    """A query that cannot run: no build yet, a bad file or a bad parameter."""


@dataclass
class Results:
    """A SELECT result: variable names and rows of terms (None where unbound)."""

    variables: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]

    def values(self) -> list[dict[str, str]]:
        return [{v: _plain(t) for v, t in zip(self.variables, row)} for row in self.rows]


ENGINES = ("oxigraph", "rdflib")
_PREFIX_DECLARATIONS = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class RdflibStore:
    """rdflib's in-memory store laid out like the Oxigraph one, kept for comparison (``--engine rdflib``)."""

    def __init__(self, exports: Path) -> None:
        self.dataset = read_dataset(exports / "graph.nq")
        read_graph(exports / "graph.ttl", self.dataset.default_graph)


_HEADER_FIELD = re.compile(r"#\s?([A-Za-z_][\w-]*):\s*(.*)")


def query_header(text: str) -> dict[str, str]:
    """The ``# key: value`` lines that open a query file (title, question, columns, parameters, ...); a comment
    line indented further continues the last value."""
    fields: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_FIELD.fullmatch(line.rstrip())
        if match and not line.startswith("#  "):
            last = match.group(1).lower()
            fields[last] = match.group(2).strip()
        elif last is not None and line[1:].strip():
            fields[last] += " " + line[1:].strip()
    return fields


def declared_parameters(text: str) -> list[str]:
    """The names a query's ``# parameters:`` line declares: "actor (an IRI, or a label), year" -> actor, year."""
    declared = re.sub(r"\([^)]*(?:\)|$)", "", query_header(text).get("parameters", "none"))
    names = [part.split()[0] for part in declared.split(",") if part.split()]
    return [] if names == ["none"] else names


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


def parse_param(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``name=value``: an IRI when the value is <...> or http(s)://..., else a plain literal."""
    if "=" not in text:
        raise QueryError(f"--param needs name=value, got {text!r}")
    name, value = text.split("=", 1)
    name = name.strip().lstrip("?$")
    if not name.isidentifier():
        raise QueryError(f"bad parameter name {name!r}")
    stripped = value.strip()
    if stripped.startswith("<") and stripped.endswith(">"):
        stripped = stripped[1:-1]
    if stripped.startswith(("http://", "https://", "urn:")) and not any(c in stripped for c in ' <>"{}|^`\\'):
        return name, ox.NamedNode(stripped)
    return name, ox.Literal(value)


def bind_targets(query: str, params: dict[str, Term]) -> dict[str, Term]:
    """The query variable each parameter binds: ``?NAME``, except that a value which is not an IRI binds
    ``?NAME_label`` when the query selects that variable (so ``--param actor=Brazil`` finds the actor by its
    label and the ``actor`` column still holds its IRI)."""
    selected = set(_selected_variables(query))
    targets: dict[str, Term] = {}
    for name, value in params.items():
        label = f"{name}_label"
        target = label if not isinstance(value, ox.NamedNode) and label in selected else name
        if target not in selected:
            raise QueryError(f"the query selects no variable ?{name} for --param {name}")
        targets[target] = value
    return targets


def _selected_variables(query: str) -> list[str]:
    # An empty store parses the query and names its projection without evaluating anything.
    try:
        solutions = ox.Store().query(query)
    except SyntaxError as exc:
        raise QueryError(f"bad SPARQL: {exc}") from exc
    return [v.value for v in solutions.variables] if isinstance(solutions, ox.QuerySolutions) else []


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The solutions of a SELECT written with the project's prefixes (``kg.namespaces.PREFIXES``) declared for it:
    what the exporters that read the build's store use (no parameters, no result conversion)."""
    solutions = store.query(_PREFIX_DECLARATIONS + query)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here")
    return solutions


def run_query(store: ox.Store | RdflibStore, query: str, params: dict[str, Term] | None = None) -> Results:
    """Run a SELECT on the default graph (the union of all documents); parameters are bound, never spliced in."""
    bindings = bind_targets(query, params) if params else {}
    if isinstance(store, RdflibStore):
        return _run_rdflib(store, query, bindings)
    try:
        solutions = store.query(query, substitutions={ox.Variable(k): v for k, v in bindings.items()})
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only SELECT queries are supported here")
        variables = [v.value for v in solutions.variables]
        rows = [[solution[v] for v in variables] for solution in solutions]
    except (SyntaxError, RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    return Results(variables, rows)


def _run_rdflib(store: RdflibStore, query: str, bindings: dict[str, Term]) -> Results:
    init = {RdfVariable(k): to_rdflib(v) for k, v in bindings.items()}
    try:
        result = store.dataset.query(query, initBindings=init)
    except Exception as exc:  # rdflib raises pyparsing and plain exceptions alike for bad queries
        raise QueryError(f"the query failed: {exc}") from exc
    if result.type != "SELECT":
        raise QueryError("only SELECT queries are supported here")
    variables = [str(v) for v in result.vars]
    rows = [[to_oxigraph(row[v]) if row[v] is not None else None for v in result.vars] for row in result]
    return Results(variables, rows)


def _plain(term: object) -> str:
    if term is None:
        return ""
    return term.value  # type: ignore[attr-defined]


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def format_results(results: Results, fmt: str) -> str:
    """Render ``results``: aligned table, CSV, TSV or SPARQL 1.1 JSON results."""
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(results.variables, row) if t is not None} for row in results.rows
        ]
        return json.dumps({"head": {"vars": results.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    values = [[_plain(t) for t in row] for row in results.rows]
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows(values)
        return buffer.getvalue()
    if fmt == "table":
        return _table(results.variables, values)
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _table(header: list[str], rows: list[list[str]], width: int = 60) -> str:
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in rows]
    sizes = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(s) for h, s in zip(header, sizes)), "  ".join("-" * s for s in sizes)]
    lines += ["  ".join(c.ljust(s) for c, s in zip(r, sizes)).rstrip() for r in cut]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"
