"""JSON-LD export: graph.jsonld (one object per named graph) referencing context.jsonld, written from the sorted quads."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain, groupby, islice
from json.encoder import encode_basestring as _string  # JSON string escaping in C, non-ASCII kept as is
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import RDF, XSD

from kg.build.context import Content, Memo, QuadFile, QuadSpool, build_quads
from kg.namespaces import PREFIXES
from kg.publish.json_text import dump, in_chunks
from kg.publish.json_text import text as json_text
from kg.rdf.io import OxTerm

if TYPE_CHECKING:
    from kg.build.context import BuildContext

CONTEXT_FILE = "context.jsonld"
JSONLD_FILE = "graph.jsonld"
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)

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
# How much is held at once while graph.nq is written out: keyed lines sorted in memory before a run goes to disk,
# lines parsed together, node texts of one graph sorted in memory before a run goes to disk. At 1000x these keep
# the step near 350 MiB where holding one graph whole took 2.6 GiB.
_GRAPH_RUN_LINES = 200_000
_PARSE_LINES = 100_000
_NODE_RUN_TEXTS = 20_000
_MEMO_LINES = 50_000  # the largest named graph whose JSON text is kept in the build's memo
_ID_CACHE = 100_000  # IRIs whose @id is remembered


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


def _node_id(term: ox.NamedNode | ox.BlankNode | ox.Triple, iris: _Compactor) -> str:
    return iris.node_id(term.value) if isinstance(term, ox.NamedNode) else str(term)


def _value(term: OxTerm, iris: _Compactor) -> Any:
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


def _nodes(quads: Iterable[ox.Quad], iris: _Compactor) -> Iterator[dict[str, Any]]:
    """One object per subject, keyed by @id, as the quads come (grouped by subject), then one per blank node met
    only as an object; one value is written alone, several as an array in a fixed order (RDF values are sets; the
    data holds no @list)."""
    done: set[str] = set()
    blanks: set[str] = set()
    for subject, quads_of_subject in groupby(quads, key=attrgetter("subject")):
        node_id = _node_id(subject, iris)
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
    for blank in sorted(blanks - done):
        yield {"@id": blank}


def _node_objects(quads: Iterable[ox.Quad], iris: _Compactor) -> list[dict[str, Any]]:
    """The node objects of ``quads`` (grouped by subject) in @id order."""
    return sorted(_nodes(quads, iris), key=lambda node: node["@id"])


# A top-level item: a node of the default graph, or a named graph by its @id and a way to get its quads (grouped
# by subject), fetched when its turn comes so only one graph is ever held.
_Item = tuple[str, dict[str, Any] | None, Callable[[], Iterable[Any]] | None]
# A named graph's JSON texts from what its item gives (its quads, or its N-Quads lines).
_Render = Callable[[str, Iterable[Any]], Iterator[str]]


def _items_of_quads(quads: Iterable[ox.Quad], iris: _Compactor) -> list[_Item]:
    graphs: dict[str | None, list[ox.Quad]] = {}
    for quad in quads:
        name = quad.graph_name
        graphs.setdefault(None if isinstance(name, ox.DefaultGraph) else _node_id(name, iris), []).append(quad)
    items: list[_Item] = [(n["@id"], n, None) for n in _node_objects(graphs.pop(None, []), iris)]
    items += [(name, None, partial(iter, quads)) for name, quads in graphs.items() if name is not None]
    return sorted(items, key=lambda item: item[0])


def _items_of_nquads(path: Path, iris: _Compactor) -> Iterator[_Item]:
    """The named graphs of an N-Quads file sorted by subject, one at a time in @id order: the lines are sorted
    again by graph on disk (kg.build.assemble.QuadSpool), and each graph's are parsed as they are read, so no graph
    is held whole. Each item gives its graph's lines, which must be read before the next item is asked for."""
    spool = QuadSpool(run_lines=_GRAPH_RUN_LINES)
    with path.open(encoding="utf-8") as handle:
        for batch in iter(lambda: list(islice(handle, 100_000)), []):
            spool.add_lines([f"{iris.node_id(line[line.rindex(' <') + 2:-4])}\t{line}" for line in batch])
    lines = spool.sorted_lines()
    for key, keyed in groupby(lines, key=lambda line: line[:line.index("\t")]):
        yield key, None, partial(iter, (line[len(key) + 1:] for line in keyed))


def _parsed(lines: Iterable[str]) -> Iterator[ox.Quad]:
    """The quads of N-Quads lines, parsed a batch at a time (blank node labels are kept, so batches agree)."""
    lines = iter(lines)
    for batch in iter(lambda: list(islice(lines, _PARSE_LINES)), []):
        yield from ox.parse("".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)


def _top_items(quads: Iterable[ox.Quad], iris: _Compactor) -> Iterator[dict[str, Any]]:
    """The objects of the top-level @graph in @id order: the default graph's nodes, and each named graph as
    {"@id", "@graph"}."""
    for key, node, graph in _items_of_quads(quads, iris):
        if graph is None:
            assert node is not None  # an item is a node of the default graph or a named graph
            yield node
        else:
            yield {"@graph": _node_objects(graph(), iris), "@id": key}


def to_jsonld(quads: Iterable[ox.Quad]) -> dict[str, Any]:
    """The quads as compacted JSON-LD with the context given by reference: the default graph's nodes at the
    top, each named graph as {"@id", "@graph"}, all in @id order."""
    return {"@context": CONTEXT_FILE, "@graph": list(_top_items(quads, _Compactor(context())))}


def jsonld_chunks(quads: Iterable[ox.Quad] | None = None, nquads: Path | None = None,
                  memo: Memo | None = None) -> Iterator[bytes]:
    """The bytes of ``dump(to_jsonld(quads))``, about a megabyte at a time, from ``quads`` or the named graphs
    of the N-Quads file ``nquads`` (sorted, as the build writes graph.nq). Each node of a named graph is held as
    its JSON text only, and a large graph's texts are sorted on disk: at 13 million quads the largest graph's
    text alone took more than a gigabyte. With the build's ``memo``, a named graph whose lines are those of an
    earlier build takes its text from there."""
    iris = _Compactor(context())
    if nquads is not None:
        render: _Render = partial(_graph_texts_of_lines, iris=iris, memo=memo)
        return in_chunks(_jsonld_texts(_items_of_nquads(nquads, iris), render))
    return in_chunks(_jsonld_texts(_items_of_quads(quads or (), iris), partial(_graph_texts, iris=iris)))


def _jsonld_texts(items: Iterable[_Item], render: _Render) -> Iterator[str]:
    head = "{\n " + _string("@context") + ": " + _string(CONTEXT_FILE) + ",\n " + _string("@graph") + ": "
    separator = head + "[\n  "
    for key, node, graph in items:
        yield separator
        if graph is None:
            yield json_text(node, "  ")
        else:
            yield from render(key, graph())
        separator = ",\n  "
    empty = separator != ",\n  "
    yield ((head + "[]") if empty else "\n ]") + "\n}\n"


def _graph_texts_of_lines(key: str, lines: Iterable[str], iris: _Compactor, memo: Memo | None) -> Iterator[str]:
    """A named graph's texts from its N-Quads lines; from ``memo`` when they are an earlier build's (a graph of
    up to _MEMO_LINES lines: a document's, not the derived graph of a large corpus, which is streamed)."""
    lines = iter(lines)
    held = list(islice(lines, _MEMO_LINES + 1)) if memo is not None else []
    if memo is None or len(held) > _MEMO_LINES:
        yield from _graph_texts(key, _parsed(chain(held, lines)), iris)
        return
    entry = memo.key("jsonld-graph", key.encode("utf-8"), "".join(held).encode("utf-8"))
    yield memo.made(entry, lambda: "".join(_graph_texts(key, _parsed(held), iris)).encode("utf-8")).decode("utf-8")


def _graph_texts(key: str, quads: Iterable[ox.Quad], iris: _Compactor) -> Iterator[str]:
    """A named graph as json_text.text writes {"@graph": [its nodes], "@id": key} two deep, from its nodes' texts in @id
    order. The texts go through a QuadSpool, one line each (a JSON text holds no raw NUL, so it stands for the
    newlines), which sorts a large graph's on disk."""
    spool = QuadSpool(run_lines=_NODE_RUN_TEXTS)
    for node in _nodes(quads, iris):
        # The @id, then a tab, which sorts before any character of an @id: the lines sort as the @ids do.
        spool.add_lines([node["@id"] + "\t" + json_text(node, "    ").replace("\n", "\0") + "\n"])
    head = "{\n   " + _string("@graph") + ": "
    separator = head + "[\n    "
    for line in spool.sorted_lines():
        yield separator + line[line.index("\t") + 1:-1].replace("\0", "\n")
        separator = ",\n    "
    nodes_end = (head + "[]") if separator != ",\n    " else "\n   ]"
    yield nodes_end + ",\n   " + _string("@id") + ": " + _string(key) + "\n  }"


def export(ds: Dataset | None, ctx: BuildContext | None = None) -> dict[str, Content]:
    """Build step (pipeline EXPORTERS): graph.jsonld and the context.jsonld it names."""
    quads = build_quads(ds, ctx)
    # The build's graph.nq: read one named graph at a time, never the whole graph in memory.
    nquads = quads.path if isinstance(quads, QuadFile) else None
    return {
        JSONLD_FILE: (jsonld_chunks(nquads=nquads, memo=ctx.memo if ctx is not None else None) if nquads is not None
                      else jsonld_chunks(quads)),
        CONTEXT_FILE: dump({"@context": context()}),
    }
