"""Query results for programs (CSV, TSV, SPARQL JSON) and the labels and short names that show them to people."""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.rdf.query import QueryError, RdflibStore, Results, plain, run_query

FORMATS = ("csv", "tsv", "json")


def labels_of(store: ox.Store | RdflibStore, iris: set[str], batch: int = 500) -> dict[str, str]:
    """The label of each IRI that has one (rdfs:label, else skos:prefLabel; the first in order if several)."""
    found: dict[str, str] = {}
    ordered = sorted(iris)
    for start in range(0, len(ordered), batch):
        values = " ".join(f"<{iri}>" for iri in ordered[start:start + batch])
        rows = run_query(store, f"SELECT ?s (MIN(STR(?l)) AS ?label) WHERE {{ VALUES ?s {{ {values} }} "
                                "?s rdfs:label|skos:prefLabel ?l } GROUP BY ?s").rows
        found.update({plain(row[0]): row[1].value for row in rows if row[1] is not None})
    return found


def compact(iri: str) -> str:
    """An IRI as a prefixed name where a project prefix fits (``ckg:Statement``), else whole."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


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
