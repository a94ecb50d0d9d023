"""Query stage: run SPARQL files on the built graph and print results as table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Variable as RdfVariable

from kg import shipped
from kg.namespaces import PREFIXES
from kg.rdf.io import read_dataset, read_graph, to_oxigraph, to_rdflib
from kg.rdf.store import load_exports, open_persistent

FORMATS = ("csv", "tsv", "json")
# The query library: one question per .rq file (the contract's queries among them), run by name or path.
QUERY_LIBRARY = shipped("queries")


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


def find_query(name: str, library: Path = QUERY_LIBRARY) -> Path:
    """The query file ``name`` names: a path, or the name of a query in the library (``statements`` or
    ``statements.rq``)."""
    path = Path(name)
    if path.is_file():
        return path
    stem = path.name.removesuffix(".rq")
    if path.parent == Path(".") and (library / f"{stem}.rq").is_file():
        return library / f"{stem}.rq"
    names = ", ".join(stem for stem, _title in query_library(library))
    raise QueryError(f"no query file {name!r} and no query of that name in the library ({names})")


def query_library(library: Path = QUERY_LIBRARY) -> list[tuple[str, str]]:
    """(name, title) of every query in the library, by name."""
    return [(path.stem, query_header(path.read_text(encoding="utf-8")).get("title", ""))
            for path in sorted(library.glob("*.rq"))]


def parameter_classes(text: str) -> dict[str, str]:
    """The class a declared parameter names an instance of, written first in its parentheses as a prefixed
    name: "actor (ckg:Actor: an IRI or a name)" -> {"actor": the IRI of ckg:Actor}."""
    declared = query_header(text).get("parameters", "")
    found = {}
    for name, inside in re.findall(r"(\w+)\s*\(\s*([^)]*)", declared):
        match = re.match(r"(\w+):(\w+)", inside)
        if match and match.group(1) in PREFIXES:
            found[name] = PREFIXES[match.group(1)] + match.group(2)
    return found


# What a parameter's value may be, besides an IRI: any of these names of an instance, in any case.
_NAMES = "rdfs:label|skos:prefLabel|skos:altLabel|ckg:acronym|ckg:iso3"


def resolve_parameters(store: ox.Store | RdflibStore, text: str, values: dict[str, str]) -> dict[str, Term]:
    """The RDF term each ``--param NAME=VALUE`` binds. Every parameter the query declares is needed; a value of
    a parameter whose declared class is known is found among that class's instances by label, other name,
    acronym or ISO code in any case, and bound as the instance's IRI; other values are IRIs or literals."""
    declared = declared_parameters(text)
    missing = [name for name in declared if name not in values]
    if missing:
        raise ParameterError("the query needs " + ", ".join(f"--param {name}=..." for name in missing)
                             + f" ({query_header(text).get('parameters', '')})")
    classes = parameter_classes(text)
    bound: dict[str, Term] = {}
    for name, value in values.items():
        _name, term = parse_param(f"{name}={value}")
        if name in classes and isinstance(term, ox.Literal):
            term = _instance_named(store, classes[name], name, value)
        bound[name] = term
    return bound


def _instance_named(store: ox.Store | RdflibStore, cls: str, parameter: str, value: str) -> ox.NamedNode:
    rows = run_query(store, f"SELECT DISTINCT ?entity ?name WHERE {{ ?entity a <{cls}> ; {_NAMES} ?name }}").rows
    wanted = " ".join(value.split()).casefold()
    hits = sorted({row[0].value for row in rows if " ".join(row[1].value.split()).casefold() == wanted})  # type: ignore[union-attr]
    if len(hits) == 1:
        return ox.NamedNode(hits[0])
    names = sorted({row[1].value for row in rows})  # type: ignore[union-attr]
    if hits:
        raise ParameterError(f"--param {parameter}={value!r} names {len(hits)} entities: {', '.join(hits)}; "
                             "give one of their IRIs")
    folded = {name.casefold(): name for name in names}
    near = [folded[n] for n in difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)]
    hint = f"; nearest: {', '.join(near)}" if near else ""
    raise ParameterError(f"--param {parameter}={value!r}: nothing in the graph has that name{hint}")


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


def answer_query(store: ox.Store | RdflibStore, query: str, params: dict[str, Term] | None = None) -> Answer:
    """Run any query form on the default graph (the union of all documents), the project's prefixes declared
    where the query leaves them out; parameters are bound, never spliced in."""
    bindings = bind_targets(query, params) if params else {}
    if isinstance(store, RdflibStore):
        return _answer_rdflib(store, query, bindings)
    try:
        result = store.query(query, prefixes=PREFIXES, substitutions={ox.Variable(k): v for k, v in bindings.items()})
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")
        variables = [v.value for v in result.variables]
        rows = [[solution[v] for v in variables] for solution in result]
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


def _answer_rdflib(store: RdflibStore, query: str, bindings: dict[str, Term]) -> Answer:
    init = {RdfVariable(k): to_rdflib(v) for k, v in bindings.items()}
    try:
        result = store.dataset.query(query, initNs=PREFIXES, initBindings=init)
    except Exception as exc:  # rdflib raises pyparsing and plain exceptions alike for bad queries
        raise QueryError(located(query, str(exc))) from exc
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri)
        return graph.serialize(format="turtle")
    variables = [str(v) for v in result.vars]
    rows = [[to_oxigraph(row[v]) if row[v] is not None else None for v in result.vars] for row in result]
    return Results(variables, rows)


def labels_of(store: ox.Store | RdflibStore, iris: set[str], batch: int = 500) -> dict[str, str]:
    """The label of each IRI that has one (rdfs:label, else skos:prefLabel; the first in order if several)."""
    found: dict[str, str] = {}
    ordered = sorted(iris)
    for start in range(0, len(ordered), batch):
        values = " ".join(f"<{iri}>" for iri in ordered[start:start + batch])
        rows = run_query(store, f"SELECT ?s (MIN(STR(?l)) AS ?label) WHERE {{ VALUES ?s {{ {values} }} "
                                "?s rdfs:label|skos:prefLabel ?l } GROUP BY ?s").rows
        found.update({row[0].value: row[1].value for row in rows if row[1] is not None})  # type: ignore[union-attr]
    return found


def compact(iri: str) -> str:
    """An IRI as a prefixed name where a project prefix fits (``ckg:Statement``), else whole."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def plain(term: object) -> str:
    """A term's value as text ("" for unbound)."""
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
    """Render ``results`` as CSV, TSV or SPARQL 1.1 JSON results, the values as they are (kg.cli.table makes the
    table a person reads)."""
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(results.variables, row) if t is not None} for row in results.rows
        ]
        return json.dumps({"head": {"vars": results.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows([plain(t) for t in row] for row in results.rows)
        return buffer.getvalue()
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
