"""JSON-LD export: graph.jsonld (one object per named graph) referencing context.jsonld, written from the sorted quads."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _string  # JSON string escaping in C, non-ASCII kept as is
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import RDF, XSD

from kg.export import Content, build_quads
from kg.namespaces import PREFIXES

if TYPE_CHECKING:
    from kg.pipeline import BuildContext

CONTEXT_FILE = "context.jsonld"
JSONLD_FILE = "graph.jsonld"
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.pipeline.EXPORTERS)

# A context entry whose IRI ends with one of these serves as a prefix (JSON-LD 1.1 simple term definitions).
_PREFIX_ENDINGS = (":", "/", "?", "#", "[", "]", "@")
# A CURIE splits an IRI after its last "#", else its last "/", else its last ":" (as rdflib does, so the keys
# read like the Turtle: ckg:actor, not ckg: plus a local name holding a "/").
_SPLIT_AFTER = ("#", "/", ":")


def _boolean(lexical: str) -> bool:
    return lexical.lower() in ("1", "true")


def _finite(lexical: str) -> float:
    value = float(lexical)
    if not math.isfinite(value):  # JSON has no NaN or infinity: keep the typed literal
        raise ValueError(lexical)
    return value


# Literals of these types are written as bare JSON values ("ckg:isDraft": true); xsd:string also covers the
# plain literals, which have that type in RDF 1.1. A lexical form that does not convert keeps its @type.
_NATIVE: dict[str, Callable[[str], Any]] = {
    str(XSD.string): str,
    str(XSD.integer): int,
    str(XSD.double): _finite,
    str(XSD.boolean): _boolean,
}
_TYPE = str(RDF.type)


def context() -> dict[str, str]:
    """The JSON-LD context: the project's prefixes, so keys read like the Turtle (ckg:actor, rdfs:label)."""
    return dict(sorted(PREFIXES.items()))


class _Compactor:
    """IRIs shortened with the context: a term's own IRI to the term, any other to a CURIE where a prefix fits."""

    def __init__(self, terms: dict[str, str]) -> None:
        # Read in order, a later term with the same IRI wins, as in a JSON-LD context.
        self.term_of = {iri: name for name, iri in terms.items()}
        self.prefix_of = {iri: name for iri, name in self.term_of.items() if iri.endswith(_PREFIX_ENDINGS)}
        self._ids: dict[str, str] = {}
        self._symbols: dict[str, str] = {}

    def node_id(self, iri: str) -> str:
        """The value of @id: a CURIE or the IRI (a prefix's own IRI becomes "prefix:")."""
        found = self._ids.get(iri)
        if found is None:
            found = self._ids[iri] = self._curie(iri)
        return found

    def symbol(self, iri: str) -> str:
        """A key, an @type value or a datatype: the term, a CURIE or the IRI."""
        found = self._symbols.get(iri)
        if found is None:
            found = self._symbols[iri] = self.term_of.get(iri) or self._curie(iri)
        return found

    def _curie(self, iri: str) -> str:
        for delimiter in _SPLIT_AFTER:
            at = iri.rfind(delimiter)
            if at > -1:
                prefix = self.prefix_of.get(iri[: at + 1])
                return f"{prefix}:{iri[at + 1:]}" if prefix else iri
        return iri


def _node_id(term: ox.NamedNode | ox.BlankNode, iris: _Compactor) -> str:
    return iris.node_id(term.value) if isinstance(term, ox.NamedNode) else str(term)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal, iris: _Compactor) -> Any:
    """An object as JSON-LD: a node reference, a bare value, or a value object with its language or type."""
    if not isinstance(term, ox.Literal):
        return {"@id": _node_id(term, iris)}
    if term.language:
        return {"@language": term.language, "@value": term.value}
    datatype = term.datatype.value
    native = _NATIVE.get(datatype)
    if native is not None:
        try:
            return native(term.value)
        except ValueError:
            pass
    return {"@type": iris.symbol(datatype), "@value": term.value}


def _key(value: Any) -> tuple[str, str]:
    """The order of a property's values: node references by @id after the other values, then by JSON text."""
    node_id = value.get("@id", "") if isinstance(value, dict) else ""
    return str(node_id), json.dumps(value, sort_keys=True, ensure_ascii=False)


def _node_objects(quads: Iterable[ox.Quad], iris: _Compactor) -> list[dict[str, Any]]:
    """One object per subject (and per blank node met as an object), keyed by @id; one value is written
    alone, several as an array in a fixed order (RDF values are sets; the data holds no @list)."""
    nodes: dict[str, dict[str, Any]] = {}
    for quad in quads:
        node_id = _node_id(quad.subject, iris)
        node = nodes.get(node_id)
        if node is None:
            node = nodes[node_id] = {"@id": node_id}
        predicate, obj = quad.predicate.value, quad.object
        if predicate == _TYPE:
            key, value = "@type", (iris.symbol(obj.value) if isinstance(obj, ox.NamedNode) else _value(obj, iris))
        else:
            key, value = iris.symbol(predicate), _value(obj, iris)
        if isinstance(obj, ox.BlankNode):
            nodes.setdefault(str(obj), {"@id": str(obj)})
        values = node.get(key)
        if values is None:
            node[key] = [value]
        else:
            values.append(value)
    for node in nodes.values():
        for key, values in node.items():
            if key != "@id":
                node[key] = values[0] if len(values) == 1 else sorted(values, key=_key)
    return sorted(nodes.values(), key=lambda node: node["@id"])


def _top_items(quads: list[ox.Quad], iris: _Compactor) -> Iterator[dict[str, Any]]:
    """The objects of the top-level @graph in @id order: the default graph's nodes, and each named graph as
    {"@id", "@graph"}, made one at a time so only one graph's nodes are ever held as JSON."""
    graphs: dict[str | None, list[ox.Quad]] = {}
    for quad in quads:
        name = quad.graph_name
        graphs.setdefault(None if isinstance(name, ox.DefaultGraph) else _node_id(name, iris), []).append(quad)
    nodes: list[tuple[str, dict[str, Any] | None]] = [(n["@id"], n) for n in _node_objects(graphs.pop(None, []), iris)]
    for key, node in sorted(nodes + [(name, None) for name in graphs], key=lambda item: item[0]):
        yield node if node is not None else {"@graph": _node_objects(graphs.pop(key), iris), "@id": key}


def to_jsonld(quads: list[ox.Quad]) -> dict[str, Any]:
    """The quads as compacted JSON-LD with the context given by reference: the default graph's nodes at the
    top, each named graph as {"@id", "@graph"}, all in @id order."""
    return {"@context": CONTEXT_FILE, "@graph": list(_top_items(quads, _Compactor(context())))}


def jsonld_chunks(quads: list[ox.Quad]) -> Iterator[bytes]:
    """The bytes of ``_dump(to_jsonld(quads))``, one top-level object at a time (at a million quads the whole
    document as JSON objects took more than a gigabyte)."""
    head = "{\n " + _string("@context") + ": " + _string(CONTEXT_FILE) + ",\n " + _string("@graph") + ": "
    separator = head + "[\n  "
    for item in _top_items(quads, _Compactor(context())):
        out = [separator]
        _write(item, "  ", out)
        yield "".join(out).encode("utf-8")
        separator = ",\n  "
    empty = separator != ",\n  "
    yield ((head + "[]") if empty else "\n ]").encode("utf-8") + b"\n}\n"


def _write(value: Any, pad: str, out: list[str]) -> None:
    """Append ``value`` to ``out`` as json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) writes it
    ``pad`` deep: json.dumps indents in pure Python, about half as fast."""
    if isinstance(value, dict) and value:
        _write_members(((_string(key) + ": ", value[key]) for key in sorted(value)), "{}", pad, out)
    elif isinstance(value, list) and value:
        _write_members((("", item) for item in value), "[]", pad, out)
    elif isinstance(value, str):
        out.append(_string(value))
    else:  # numbers, booleans, empty arrays and objects
        out.append(json.dumps(value))


def _write_members(members: Iterable[tuple[str, Any]], brackets: str, pad: str, out: list[str]) -> None:
    inner = pad + " "
    separator = brackets[0] + "\n" + inner
    for label, member in members:
        out.append(separator + label)
        _write(member, inner, out)
        separator = ",\n" + inner
    out.append("\n" + pad + brackets[1])


def _dump(value: Any) -> bytes:
    out: list[str] = []
    _write(value, "", out)
    out.append("\n")
    return "".join(out).encode("utf-8")


def export(ds: Dataset | None, ctx: BuildContext | None = None) -> dict[str, Content]:
    """Build step (pipeline EXPORTERS): graph.jsonld and the context.jsonld it names."""
    quads = build_quads(ds, ctx)
    return {
        JSONLD_FILE: jsonld_chunks(quads),
        CONTEXT_FILE: _dump({"@context": context()}),
    }
