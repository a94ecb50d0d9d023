"""JSON-LD node objects from quads: IRIs compacted with the project's context, values in a fixed order, texts."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import attrgetter
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from kg.namespaces import PREFIXES
from kg.publish.json_text import text as json_text
from kg.rdf.io import OxTerm

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
_ID_CACHE = 100_000  # IRIs whose @id is remembered


def context() -> dict[str, str]:
    """The JSON-LD context: the project's prefixes, so keys read like the Turtle (ckg:actor, rdfs:label)."""
    return dict(sorted(PREFIXES.items()))


class Compactor:
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
            if len(self._ids) >= _ID_CACHE:  # most IRIs are met in one report only: keep the cache small
                self._ids.clear()
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


def node_id_of(term: ox.NamedNode | ox.BlankNode | ox.Triple, iris: Compactor) -> str:
    return iris.node_id(term.value) if isinstance(term, ox.NamedNode) else str(term)


def _value(term: OxTerm, iris: Compactor) -> Any:
    """An object as JSON-LD: a node reference, a bare value, or a value object with its language or type."""
    if not isinstance(term, ox.Literal):
        return {"@id": node_id_of(term, iris)}
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


def nodes(quads: Iterable[ox.Quad], iris: Compactor) -> Iterator[dict[str, Any]]:
    """One object per subject, keyed by @id, as the quads come (grouped by subject), then one per blank node met
    only as an object; one value is written alone, several as an array in a fixed order (RDF values are sets; the
    data holds no @list)."""
    done: set[str] = set()
    blanks: set[str] = set()
    yield from subject_nodes(quads, iris, done, blanks)
    for blank in sorted(blanks - done):
        yield {"@id": blank}


def subject_nodes(quads: Iterable[ox.Quad], iris: Compactor, done: set[str],
                   blanks: set[str]) -> Iterator[dict[str, Any]]:
    """The objects of :func:`_nodes` but those of blank nodes met only as objects: their @ids are added to
    ``blanks``, and each subject's to ``done``."""
    for subject, quads_of_subject in groupby(quads, key=attrgetter("subject")):
        node_id = node_id_of(subject, iris)
        if node_id in done:
            raise ValueError(f"the quads of {node_id} do not come together")
        done.add(node_id)
        node: dict[str, Any] = {"@id": node_id}
        for quad in quads_of_subject:
            predicate, obj = quad.predicate.value, quad.object
            if predicate == _TYPE:
                key, value = "@type", (iris.symbol(obj.value) if isinstance(obj, ox.NamedNode) else _value(obj, iris))
            else:
                key, value = iris.symbol(predicate), _value(obj, iris)
            if isinstance(obj, ox.BlankNode):
                blanks.add(str(obj))
            node.setdefault(key, []).append(value)
        for key, values in node.items():
            if key != "@id":
                node[key] = values[0] if len(values) == 1 else sorted(values, key=_key)
        yield node


def node_objects(quads: Iterable[ox.Quad], iris: Compactor) -> list[dict[str, Any]]:
    """The node objects of ``quads`` (grouped by subject) in @id order."""
    return sorted(nodes(quads, iris), key=lambda node: node["@id"])


def node_line(node: dict[str, Any]) -> str:
    """A node's JSON text (four deep) as one line: its @id, a tab (which sorts before any character of an @id, so
    the lines sort as the @ids do), then the text with NUL for newline (a JSON text holds no raw NUL)."""
    node_id: str = node["@id"]
    return node_id + "\t" + json_text(node, "    ").replace("\n", "\0") + "\n"
