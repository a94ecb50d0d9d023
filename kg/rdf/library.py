"""The query library: one question per .rq file, found by name, with the fields of its header comments."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg import shipped
from kg.namespaces import PREFIXES
from kg.rdf.query import QueryError, Results, run_query

# The query library: one question per .rq file (the contract's queries among them), run by name or path.
QUERY_LIBRARY = shipped("queries")


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


def meeting_scoped(library: Path = QUERY_LIBRARY) -> list[str]:
    """The queries whose header says ``# scope: meeting``: each meeting's rows come from its reports (and what was
    derived from them) and the reference graph alone, so a build may answer them meeting by meeting
    (kg.build.meeting_rows) and merge the rows in the query's order."""
    return [path.stem for path in sorted(library.glob("*.rq"))
            if query_header(path.read_text(encoding="utf-8")).get("scope", "").split(" ", 1)[0] == "meeting"]


def run_named(store: ox.Store, name: str) -> list[dict[str, str]]:
    """The rows of queries/<name>.rq, as plain strings (empty for unbound)."""
    results: Results = run_query(store, (QUERY_LIBRARY / f"{name}.rq").read_text(encoding="utf-8"))
    return results.values()
