"""rdflib terms written as N-Quads text, byte for byte as Oxigraph's serializer writes them, without making its terms."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

# What Oxigraph's N-Quads serializer escapes in a literal's lexical form (every other character it writes as it is;
# tests/rdf/test_nquads.py compares the two over every code point): the quote and the backslash, the controls with
# a short escape, the other C0 controls, DEL and the two non-characters U+FFFE and U+FFFF as \uXXXX.
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_ESCAPES = str.maketrans({**{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}, **_SHORT})
_XSD_STRING = str(XSD.string)


# Line breaks other than "\n" that str.splitlines cuts at and N-Quads leaves unescaped in a literal (the C0 controls
# and "\r" it escapes).
_OTHER_BREAKS = ("\u2028", "\u2029", "\x85")


def text_lines(text: str) -> list[str]:
    """N-Quads text cut into its lines, each with its "\\n". Not ``str.splitlines``: it also cuts at U+0085,
    U+2028 and U+2029, which a literal holds as they are (a report with a line separator broke the build)."""
    if not any(brk in text for brk in _OTHER_BREAKS):
        return text.splitlines(keepends=True)  # faster, and the same without those characters
    lines = text.split("\n")
    tail = lines.pop()
    return [line + "\n" for line in lines] + ([tail] if tail else [])


def literal_text(lexical: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal as N-Quads writes it: ``"text"``, ``"text"@lang`` (lower case) or ``"text"^^<datatype>``."""
    quoted = f'"{lexical.translate(_ESCAPES)}"'
    if language:
        return f"{quoted}@{language.lower()}"
    if datatype is None or datatype == _XSD_STRING:
        return quoted
    return f"{quoted}^^<{datatype}>"


def node_text(term: Node) -> str:
    """An IRI or blank node as N-Quads writes it, checked by Oxigraph (ValueError for one it refuses, TypeError
    for a literal)."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, BNode):
        return str(ox.BlankNode(str(term)))
    raise TypeError(f"cannot write RDF term {term!r} as a subject, predicate or graph name")


class NQuadsWriter:
    """N-Quads lines of rdflib triples in named graphs, equal to ``f"{ox.Quad(...)} .\\n"``. Each term is checked by
    Oxigraph once per call of :meth:`lines` (a term it would refuse is refused here too), predicates, graph names,
    datatypes and language tags once for all: they are few and met in every document."""

    def __init__(self) -> None:
        self._shared: dict[Node, str] = {}
        self._languages: set[str] = set()

    def shared(self, term: Node) -> str:
        found = self._shared.get(term)
        if found is None:
            found = self._shared[term] = node_text(term)
        return found

    def literal(self, term: Literal) -> str:
        language = term.language
        if language and language not in self._languages:
            ox.Literal("", language=language)  # refuses a tag Oxigraph would refuse
            self._languages.add(language)
        datatype = term.datatype
        return literal_text(str(term), language, None if datatype is None else self.shared(datatype)[1:-1])

    def lines(self, graph: Node, triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
        """The lines of ``triples`` in the named graph ``graph``."""
        name, shared, literal = self.shared(graph), self.shared, self.literal
        nodes: dict[Node, str] = {}  # a document's nodes recur in its triples, seldom in another's

        def node(term: Node) -> str:
            found = nodes.get(term)
            if found is None:
                found = nodes[term] = literal(term) if isinstance(term, Literal) else node_text(term)
            return found

        def subject(term: Node) -> str:
            found = nodes.get(term)
            if found is None or found[0] == '"':  # a literal: node_text refuses it
                found = nodes[term] = node_text(term)
            return found

        return [f"{subject(s)} {shared(p)} {node(o)} {name} .\n" for s, p, o in triples]
