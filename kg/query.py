"""Query stage: run SPARQL files on the built graph and print results as table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

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


def open_store(exports: Path) -> ox.Store:
    """An Oxigraph store holding what ``kg build`` wrote to ``exports``.

    The named graphs (one per document) come from graph.nq; the default graph
    holds their union from graph.ttl, each triple once, so queries that do not
    name a graph see set semantics and no duplicate rows.
    """
    quads, union = exports / "graph.nq", exports / "graph.ttl"
    if not quads.exists() or not union.exists():
        raise QueryError(f"no built graph in {exports}/: run `kg build` first")
    store = ox.Store()
    store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=str(union), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
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


def run_query(store: ox.Store, query: str, params: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Results:
    """Run a SELECT on the default graph (the union of all documents); parameters are bound, never spliced in."""
    substitutions = {ox.Variable(k): v for k, v in (params or {}).items()}
    try:
        solutions = store.query(query, substitutions=substitutions)
    except SyntaxError as exc:
        raise QueryError(f"bad SPARQL: {exc}") from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here")
    variables = [v.value for v in solutions.variables]
    rows = [[solution[v] for v in variables] for solution in solutions]
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
