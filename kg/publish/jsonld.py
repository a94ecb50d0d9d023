"""JSON-LD export: graph.jsonld (one object per named graph) referencing context.jsonld, written from the sorted quads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain, islice
from json.encoder import encode_basestring as _string  # JSON string escaping in C, non-ASCII kept as is
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset

from kg.build.context import (
    Content,
    GraphChange,
    GraphLines,
    GraphParts,
    LinePartition,
    Memo,
    QuadFile,
    QuadSpool,
    build_quads,
    chunk_entries,
    graph_of,
)
from kg.publish.json_text import dump, in_chunks
from kg.publish.json_text import text as json_text
from kg.publish.jsonld_nodes import Compactor, context, node_id_of, node_line, node_objects, nodes, subject_nodes

if TYPE_CHECKING:
    from kg.build.context import BuildContext

CONTEXT_FILE = "context.jsonld"
JSONLD_FILE = "graph.jsonld"
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)

# How much is held at once while graph.nq is written out: lines parted by graph in memory before they go to disk,
# lines parsed together, node texts of one graph sorted in memory before a run goes to disk. At 1000x these keep
# the step near 350 MiB where holding one graph whole took 2.6 GiB.
_GRAPH_RUN_LINES = 200_000
_PARSE_LINES = 100_000
_NODE_RUN_TEXTS = 20_000
_MEMO_LINES = 50_000  # the largest named graph whose JSON text is kept in the build's memo whole
# A larger graph's subjects are kept in chunks: a cut before about one subject in _CHUNK_CUT, at most _CHUNK_MAX
# lines a chunk (at 100x about 200 chunks of the derived graph's 368,000 lines).
_CHUNK_CUT = 256
_CHUNK_MAX = 20_000


# A top-level item: a node of the default graph, or a named graph by its @id and a way to get its quads (grouped
# by subject), fetched when its turn comes so only one graph is ever held.
_Item = tuple[str, dict[str, Any] | None, Callable[[], Iterable[Any]] | None]
# A named graph's JSON texts from what its item gives (its quads, or its N-Quads lines).
_Render = Callable[[str, Iterable[Any]], Iterator[str | bytes]]


def _items_of_quads(quads: Iterable[ox.Quad], iris: Compactor) -> list[_Item]:
    graphs: dict[str | None, list[ox.Quad]] = {}
    for quad in quads:
        name = quad.graph_name
        graphs.setdefault(None if isinstance(name, ox.DefaultGraph) else node_id_of(name, iris), []).append(quad)
    items: list[_Item] = [(n["@id"], n, None) for n in node_objects(graphs.pop(None, []), iris)]
    items += [(name, None, partial(iter, quads)) for name, quads in graphs.items() if name is not None]
    return sorted(items, key=lambda item: item[0])


def _items_of_nquads(path: Path, iris: Compactor) -> Iterator[_Item]:
    """The named graphs of an N-Quads file sorted by subject, one at a time in @id order: the lines are parted by
    graph on disk (kg.build.partition, each graph's lines staying in the file's order, so sorted), and each graph's
    are parsed as they are read, so no graph is held whole. Each item gives its graph's lines, which must be read
    before the next item is asked for."""
    parts = LinePartition(held_lines=_GRAPH_RUN_LINES)
    keys: dict[str, str] = {}  # a line's graph as written -> its @id (a few thousand graphs)

    def add(graph: str, lines: list[str]) -> None:
        key = keys.get(graph)
        if key is None:
            key = keys[graph] = iris.node_id(graph)
        parts.add(key, lines)

    with path.open(encoding="utf-8", newline="\n") as handle:
        run: list[str] = []  # neighbouring lines of one graph (a subject's quads mostly are), added together
        run_graph = ""
        for line in handle:
            graph = line[line.rindex(" <") + 2:-4]
            if graph != run_graph:
                if run:
                    add(run_graph, run)
                run, run_graph = [], graph
            run.append(line)
        if run:
            add(run_graph, run)
    for key, lines in parts.buckets():
        yield key, None, partial(iter, lines)


def _items_of_parts(graphs: dict[str, GraphLines], iris: Compactor) -> list[_Item]:
    """The named graphs of the build's parts (kg.build.assemble.GraphParts.graphs) in @id order, each giving its
    lines (GraphLines, whose digest stands for them): graph.nq is not read again, nor a graph whose text is in the
    memo."""
    return sorted((iris.node_id(graph), None, partial(_given, lines)) for graph, lines in graphs.items())


def _given(lines: GraphLines) -> GraphLines:
    return lines


def _parsed(lines: Iterable[str]) -> Iterator[ox.Quad]:
    """The quads of N-Quads lines, parsed a batch at a time (blank node labels are kept, so batches agree)."""
    lines = iter(lines)
    for batch in iter(lambda: list(islice(lines, _PARSE_LINES)), []):
        yield from ox.parse("".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)


def _top_items(quads: Iterable[ox.Quad], iris: Compactor) -> Iterator[dict[str, Any]]:
    """The objects of the top-level @graph in @id order: the default graph's nodes, and each named graph as
    {"@id", "@graph"}."""
    for key, node, graph in _items_of_quads(quads, iris):
        if graph is None:
            assert node is not None  # an item is a node of the default graph or a named graph
            yield node
        else:
            yield {"@graph": node_objects(graph(), iris), "@id": key}


def to_jsonld(quads: Iterable[ox.Quad]) -> dict[str, Any]:
    """The quads as compacted JSON-LD with the context given by reference: the default graph's nodes at the
    top, each named graph as {"@id", "@graph"}, all in @id order."""
    return {"@context": CONTEXT_FILE, "@graph": list(_top_items(quads, Compactor(context())))}


def jsonld_chunks(quads: Iterable[ox.Quad] | None = None, nquads: Path | None = None,
                  memo: Memo | None = None, parts: GraphParts | None = None,
                  change: GraphChange | None = None) -> Iterator[bytes]:
    """The bytes of ``dump(to_jsonld(quads))``, about a megabyte at a time, from ``quads`` or the named graphs
    of the N-Quads file ``nquads`` (sorted, as the build writes graph.nq). Each node of a named graph is held as
    its JSON text only, and a large graph's texts are sorted on disk: at 13 million quads the largest graph's
    text alone took more than a gigabyte. With the build's ``memo``, a named graph whose lines are those of an
    earlier build takes its text from there; with the build's ``parts`` too, the named graphs are read from those
    (the same lines) rather than parted out of graph.nq again; with what changed in graph.nq since the last build
    (``change``), a large graph none of whose lines changed takes the last build's text."""
    iris = Compactor(context())
    if nquads is not None:
        render: _Render = partial(_graph_texts_of_lines, iris=iris, memo=memo, change=_Changed.of(change, iris))
        items = (_items_of_parts(parts.graphs(), iris) if parts is not None and memo is not None
                 else _items_of_nquads(nquads, iris))
        return in_chunks(_jsonld_texts(items, render))
    return in_chunks(_jsonld_texts(_items_of_quads(quads or (), iris),
                                   lambda key, quads: _graph_texts(key, _node_lines(quads, iris))))


def _jsonld_texts(items: Iterable[_Item], render: _Render) -> Iterator[str | bytes]:
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


class _Changed:
    """What stands for graph.nq before and after this build, and the graphs (by @id) with a line that changed
    (None: not known)."""

    def __init__(self, before: bytes | None, after: bytes, graphs: set[str] | None) -> None:
        self.before, self.after, self.graphs = before, after, graphs

    @classmethod
    def of(cls, change: GraphChange | None, iris: Compactor) -> _Changed | None:
        if change is None:
            return None
        graphs = {iris.node_id(graph_of(line)) for line in change.lines} if change.lines is not None else None
        return cls(change.before, change.after, graphs)

    def unchanged(self, key: str) -> bool:
        """Whether no line of the graph ``key`` changed since the last build."""
        return self.before is not None and self.graphs is not None and key not in self.graphs


def _graph_texts_of_lines(key: str, lines: Iterable[str], iris: Compactor,
                          memo: Memo | None, change: _Changed | None = None) -> Iterator[str | bytes]:
    """A named graph's texts from its N-Quads lines; from ``memo`` when they are an earlier build's: a graph of up
    to _MEMO_LINES lines (a document's) whole, a larger one (the derived graph) in chunks of its subjects. A graph
    of the build's parts (GraphLines) is kept whole under the digest of its runs."""
    if isinstance(lines, GraphLines) and memo is not None:
        if lines.count() > _MEMO_LINES or lines.single_run() is None:
            yield from _graph_texts_of_runs(key, lines, iris, memo, change)
            return
        entry = memo.key("jsonld-graph-runs", key.encode("utf-8"), lines.digest(), ordered=True)
        yield memo.made(entry, partial(_whole_graph_text, key, lines, iris))
        return
    lines = iter(lines)
    held = list(islice(lines, _MEMO_LINES + 1)) if memo is not None else []
    if memo is None:
        yield from _graph_texts(key, _node_lines(_parsed(lines), iris))
    elif len(held) > _MEMO_LINES:
        yield from _graph_texts(key, _chunked_node_lines(chain(held, lines), iris, memo))
    else:
        entry = memo.key("jsonld-graph", key.encode("utf-8"), "".join(held).encode("utf-8"), ordered=True)
        yield memo.made(entry, lambda: "".join(_graph_texts(key, _node_lines(_parsed(held), iris)))
                        .encode("utf-8")).decode("utf-8")


def _whole_graph_text(key: str, lines: GraphLines, iris: Compactor) -> bytes:
    data = lines.single()
    assert data is not None  # one run (GraphLines.single_run)
    return "".join(_graph_texts(key, _node_lines(ox.parse(data, format=ox.RdfFormat.N_QUADS), iris))).encode("utf-8")


def _graph_texts_of_runs(key: str, lines: GraphLines, iris: Compactor, memo: Memo,
                         change: _Changed | None = None) -> Iterator[str | bytes]:
    """A large graph's texts kept whole in ``memo`` under its runs, streamed as bytes, never held whole; else,
    when none of its lines changed since the last build (``change``: a run's lines may be made again the same,
    the issue's case of a sentence added to one report), the last build's text; else made from its chunks
    (:func:`_chunked_node_lines`, each from the memo when it can) and kept so. Which entry holds the graph's text
    is kept under what stands for the graph.nq it is of, for the next build."""
    entry = memo.key("jsonld-graph-runs", key.encode("utf-8"), lines.digest(), ordered=True)
    found = memo.stream(entry)
    if found is None and change is not None and change.unchanged(key):
        assert change.before is not None
        last = memo.get(memo.key("jsonld-graph-of", key.encode("utf-8"), change.before, ordered=True))
        if last is not None and (found := memo.stream(last.decode("ascii"))) is not None:
            entry = last.decode("ascii")
    if change is not None:
        memo.put(memo.key("jsonld-graph-of", key.encode("utf-8"), change.after, ordered=True), entry.encode("ascii"))
    if found is not None:
        yield from found
        return
    texts = _graph_texts(key, _chunked_node_lines(lines, iris, memo))
    yield from memo.keeping(entry, (text.encode("utf-8") for text in texts))


def _node_lines(quads: Iterable[ox.Quad], iris: Compactor) -> Iterator[str]:
    """The node lines (kg.publish.jsonld_nodes.node_line) of ``quads``."""
    for node in nodes(quads, iris):
        yield node_line(node)


def _chunked_node_lines(lines: Iterable[str], iris: Compactor, memo: Memo) -> Iterator[str]:
    """The node lines of a large graph's N-Quads ``lines``, rendered in chunks of whole subjects, each kept in
    ``memo``. A chunk ends before a subject whose hash says so (or past _CHUNK_MAX lines): the cuts depend on the
    subjects, not on positions, so an edit changes only the chunks of the subjects it touches."""
    done: set[str] = set()
    blanks: set[str] = set()
    for _data, _digest, made in chunk_entries(lines, memo, "jsonld-nodes", partial(_chunk_entry, iris=iris),
                                              _CHUNK_CUT, _CHUNK_MAX):
        entry = made.decode("utf-8")
        objects, _, texts = entry.partition("\n")
        blanks.update(objects.split("\t") if objects else ())
        for text in texts.split("\n")[:-1]:  # not splitlines: a literal may hold U+2028, which it splits at
            done.add(text[:text.index("\t")])
            yield text + "\n"
    for blank in sorted(blanks - done):
        yield node_line({"@id": blank})


def _chunk_entry(chunk: bytes, iris: Compactor) -> bytes:
    """A chunk's memo entry: the blank nodes its quads name as objects, tab-separated, on the first line, then its
    subjects' node lines."""
    blanks: set[str] = set()
    quads = ox.parse(chunk, format=ox.RdfFormat.N_QUADS)
    texts = [node_line(node) for node in subject_nodes(quads, iris, set(), blanks)]
    return ("\t".join(sorted(blanks)) + "\n" + "".join(texts)).encode("utf-8")


def _graph_texts(key: str, node_lines: Iterable[str]) -> Iterator[str]:
    """A named graph as json_text.text writes {"@graph": [its nodes], "@id": key} two deep, from its node lines
    (:func:`_node_lines`) in @id order: they go through a QuadSpool, which sorts a large graph's on disk."""
    spool = QuadSpool(run_lines=_NODE_RUN_TEXTS)
    for line in node_lines:
        spool.add_lines([line])
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
        JSONLD_FILE: (jsonld_chunks(nquads=nquads, memo=ctx.memo if ctx is not None else None,
                                    parts=ctx.parts if ctx is not None else None,
                                    change=ctx.graph_change if ctx is not None else None) if nquads is not None
                      else jsonld_chunks(quads)),
        CONTEXT_FILE: dump({"@context": context()}),
    }
