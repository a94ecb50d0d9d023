"""Query parameters: each --param found among the instances of its declared class, or read as an IRI or a literal."""

from __future__ import annotations

import difflib

import pyoxigraph as ox

from kg.rdf.library import declared_parameters, parameter_classes, query_header
from kg.rdf.query import ParameterError, QueryError, RdflibStore, Term, run_query

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
    rows = run_query(store, f"SELECT DISTINCT ?entity ?name WHERE {{ ?entity a <{cls}> ; {_NAMES} ?name }}").values()
    wanted = " ".join(value.split()).casefold()
    hits = sorted({row["entity"] for row in rows if " ".join(row["name"].split()).casefold() == wanted})
    if len(hits) == 1:
        return ox.NamedNode(hits[0])
    names = sorted({row["name"] for row in rows})
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
