"""Assemble stage: the documents' graphs, what the enrichers derive and the reference graph as sorted N-Quads
lines spooled on disk, so that a corpus of thousands of reports is never one dataset in memory."""

from __future__ import annotations

import hashlib
import heapq
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.term import Node

from kg.build import scratch
from kg.build.memo import DATA_OFFSET, DamagedEntry, read_entry
from kg.build.processes import made_in_processes
from kg.build.steps import CorpusEnricher, DocumentEnricher, MeetingEnricher, ReferenceEnricher
from kg.namespaces import CKG
from kg.rdf.io import triples_graph
from kg.rdf.nquads import NQuadsWriter, text_lines

if TYPE_CHECKING:
    from kg.build.context import BuildContext

Triple = tuple[Node, Node, Node]

# The enrichers' hooks (kg.build.steps: ReferenceEnricher, DocumentEnricher, MeetingEnricher, CorpusEnricher) see
# one document or one meeting at a time, so a build never needs the whole graph in memory; the same hooks, the same
# way, assemble a dataset already built (assemble_dataset, for kg build --update).


def meeting_of(triples: Iterable[Triple]) -> URIRef | None:
    """The meeting a document's report is on (ckg:reportsOn), or None."""
    return next((o for _s, p, o in triples if p == CKG.reportsOn and isinstance(o, URIRef)), None)


class QuadSpool:
    """N-Quads lines added in any order, given back sorted and each once: an external merge sort whose sorted
    runs wait in a temporary folder. A line is as Oxigraph writes a quad (``kg.rdf.nquads``), so the sorted lines are
    graph.nq as it is, and sorting them sorts the quads as ``kg.build.export.sorted_quads`` does."""

    def __init__(self, run_lines: int = 1_000_000) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix=scratch.prefix("quads", hidden=False))
        self._runs: list[Path] = []
        self._lines: list[str] = []
        self._run_lines = run_lines
        self._writer = NQuadsWriter()
        self._later: list[Callable[[], Iterable[list[str]]]] = []
        # Each line added more than once, and how many times: what a build that changes a few lines of graph.nq
        # instead of merging them all again needs to know before it drops one (kg.build.previous).
        self.repeats: dict[str, int] = {}

    def lines_of(self, graph: Node, triples: Iterable[Triple]) -> list[str]:
        """The N-Quads lines of ``triples`` in the named graph ``graph`` (not added)."""
        return self._writer.lines(graph, triples)

    def add_lines(self, lines: list[str]) -> None:
        self._lines.extend(lines)
        if len(self._lines) >= self._run_lines:
            self._spill()

    def add(self, graph: Node, triples: Iterable[Triple]) -> None:
        self.add_lines(self.lines_of(graph, triples))

    def add_later(self, lines: Callable[[], Iterable[list[str]]]) -> None:
        """Lines added only when :meth:`sorted_lines` is first asked for: a build that does not merge the whole
        graph (kg.build.previous) never reads them."""
        self._later.append(lines)

    def _spill(self) -> None:
        # Sorted in place, not through a set: the lines mostly come in sorted runs (each document's, each hook's),
        # which the sort merges, and the set took longer than the sort (at 100x, 1.5 s against 0.1 s).
        lines, self._lines = self._lines, []
        lines.sort()
        path = Path(self._folder.name) / f"run-{len(self._runs):05d}.nq"
        with path.open("w", encoding="utf-8") as handle:
            handle.writelines(_once(lines, self.repeats))
        self._runs.append(path)

    def sorted_lines(self) -> Iterator[str]:
        """Every line added, sorted, each once. Read once: the spool is emptied as it goes."""
        later, self._later = self._later, []
        for source in later:
            for lines in source():
                self.add_lines(lines)
        lines, self._lines = self._lines, []
        lines.sort()
        handles = [path.open(encoding="utf-8") for path in self._runs]
        try:
            yield from _once(heapq.merge(*handles, lines), self.repeats)
        finally:
            for handle in handles:
                handle.close()
            self.close()

    def close(self) -> None:
        self._folder.cleanup()


def _once(lines: Iterable[str], repeats: dict[str, int] | None = None) -> Iterator[str]:
    """Sorted lines with the repeats of a line left out (counted in ``repeats``: how many times in all)."""
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line
        elif repeats is not None:
            repeats[line] = repeats.get(line, 1) + 1


class Piece(NamedTuple):
    """Lines added to a part at once, as they wait in GraphParts' file or a memo entry: a document's own (not
    derived), where, how many, the IRI of the graph they are in (every line of a piece is in one graph), and what
    stands for their content (:meth:`GraphParts.add`)."""

    document: bool
    offset: int
    length: int
    lines: int
    graph: str
    digest: bytes
    made_by: str | None  # the memo key the lines were kept under, if any (GraphParts.add)
    kept: str | None = None  # the memo entry's file that holds the lines (GraphParts.add_kept), else GraphParts' own


class GraphParts:
    """The graph cut into parts that can be checked one at a time: each meeting's reports with what was derived
    from them (no constraint of ontology/shapes.ttl looks further than one meeting and the reference graph), and
    the reference graph, which goes with every part. The parts wait as N-Quads in a temporary file."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._pieces: dict[str, list[Piece]] = defaultdict(list)  # part key -> its pieces
        self.reference: list[str] = []  # the reference graph's lines

    def add(self, key: str, lines: list[str], document: bool, made_by: str | None = None) -> bytes:
        """A sorted run of lines, all in one graph (a document's, or the derived graph), to the part ``key``.
        ``made_by``: the build's memo key the lines were made (or found) under, which stands for them as a hash of
        their inputs (kg.build.memo); else they are hashed. A part's :meth:`digest` is made of these; the piece's
        is given back."""
        return self.add_text(key, "".join(lines).encode("utf-8"), document, made_by)

    def add_text(self, key: str, text: bytes, document: bool, made_by: str | None = None) -> bytes:
        """As :meth:`add`, the run given as its UTF-8 text: as the memo keeps it, which spares splitting it into
        lines and joining them again (at 100x, half a second of an edit rebuild)."""
        if not text:
            return hashlib.sha256(b"").digest()
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(text)
        self._file.flush()  # read with os.pread, which does not see what waits in the file object's buffer
        digest = hashlib.sha256(b"made by\0" + made_by.encode("ascii") if made_by is not None else text).digest()
        self._pieces[key].append(Piece(document, offset, len(text), text.count(b"\n"), graph_of_text(text), digest,
                                       made_by))
        return digest

    def add_kept(self, key: str, entry: Path, length: int, lines: int, graph: str, document: bool, made_by: str
                 ) -> Piece:
        """A sorted run an earlier build kept in its memo (``entry``: the file; ``length`` bytes of text, ``lines``
        lines in ``graph``) to the part ``key``, left where it is: read, and checked, only if a step reads it. An
        edit rebuild reads few of them (at 1000x the documents' texts are gigabytes)."""
        digest = hashlib.sha256(b"made by\0" + made_by.encode("ascii")).digest()
        piece = Piece(document, DATA_OFFSET, length, lines, graph, digest, made_by, str(entry))
        self._pieces[key].append(piece)
        return piece

    def pieces(self) -> Iterator[Piece]:
        """Every piece of every part, in key order."""
        for key in self.keys():
            yield from self._pieces[key]

    def lines(self, piece: Piece) -> list[str]:
        """A piece's lines."""
        return text_lines(self._read(piece).decode("utf-8"))

    def every_line(self) -> Iterator[list[str]]:
        """Each piece's lines, then the reference graph's: every line of the graph, some more than once."""
        for piece in self.pieces():
            yield self.lines(piece)
        yield self.reference

    def digest(self, key: str, documents_only: bool = False) -> bytes:
        """What stands for the part's lines (those :meth:`nquads` gives): the same digest, the same lines, found
        without reading them. A rebuild's unchanged part has the same, for its pieces come from the memo under
        the keys they were made under."""
        digest = hashlib.sha256()
        for piece in self._pieces[key]:
            if piece.document or not documents_only:
                digest.update(piece.digest)
        return digest.digest()

    def keys(self) -> list[str]:
        return sorted(self._pieces)

    def documents(self, key: str) -> int:
        """How many documents the part holds."""
        return sum(1 for piece in self._pieces[key] if piece.document)

    def _read(self, piece: Piece) -> bytes:
        if piece.kept is None:
            return os.pread(self._file.fileno(), piece.length, piece.offset)  # no shared offset: safe after a fork
        data = read_entry(Path(piece.kept))
        if data is None or len(data) != piece.length:
            # Rare (a disk or a hand that changed the memo), so every kept entry is checked now, and each damaged
            # one removed: the next build makes them all anew, not one more per failed build.
            lengths = {p.kept: p.length for p in self.pieces() if p.kept is not None}
            damaged = [entry for entry, length in sorted(lengths.items())
                       if (found := read_entry(Path(entry))) is None or len(found) != length]
            for entry in damaged:
                Path(entry).unlink(missing_ok=True)
            raise DamagedEntry(f"{piece.kept}: an entry of the build's memo was damaged or gone when the build came "
                               f"to read it; it and {len(damaged) - 1} other(s) found so were removed, so building "
                               "again makes them anew")
        return data

    def read(self, piece: Piece) -> bytes:
        """A piece's N-Quads text."""
        return self._read(piece)

    def nquads(self, key: str, documents_only: bool = False) -> bytes:
        """The part's lines (only the documents' own with ``documents_only``), as N-Quads."""
        return b"".join(self._read(piece) for piece in self._pieces[key] if piece.document or not documents_only)

    def batches(self, lines: int, keys: Collection[str] | None = None) -> Iterator[bytes]:
        """The parts (``keys``, else all) in key order, several together up to about ``lines`` lines, each batch
        with the reference graph."""
        reference = "".join(self.reference).encode("utf-8")
        batch: list[bytes] = []
        size = 0
        for key in self.keys() if keys is None else sorted(keys):
            batch.append(self.nquads(key))
            size += sum(piece.lines for piece in self._pieces[key])
            if size >= lines:
                yield b"".join([reference, *batch])
                batch, size = [], 0
        if batch or (keys is None and not self._pieces):
            yield b"".join([reference, *batch])

    def graphs(self) -> dict[str, GraphLines]:
        """Each named graph of the whole graph (by its IRI) and its lines as graph.nq holds them,
        found without reading graph.nq: a document's graph is one sorted run, the derived graph the merge of many."""
        runs: dict[str, list[Piece]] = defaultdict(list)
        for pieces in self._pieces.values():
            for piece in pieces:
                runs[piece.graph].append(piece)
        graphs = {graph: GraphLines(self, pieces) for graph, pieces in runs.items()}
        if self.reference:
            graphs[graph_of(self.reference[0])] = GraphLines(self, [], sorted(set(self.reference)))
        return graphs


def graph_of_text(text: bytes) -> str:
    """:func:`graph_of` the first line of the N-Quads ``text`` (its lines end in \\n, which no term holds)."""
    return graph_of(text[:text.index(b"\n") + 1].decode("utf-8"))


def graph_of(line: str) -> str:
    """The IRI of the graph of an N-Quads line of a named graph (``<s> <p> <o> <g> .``): ``g``."""
    return line[line.rindex(" <") + 2:-4]


# The most lines of one graph sorted in memory (about 300 MB at this size); a larger one is merged run by run.
SORTED_IN_MEMORY = 2_000_000


class GraphLines:
    """One named graph's lines, sorted, each once, from the sorted runs that hold them."""

    def __init__(self, parts: GraphParts, pieces: list[Piece], lines: list[str] | None = None) -> None:
        self._parts = parts
        self._pieces = pieces
        self._lines = lines

    def count(self) -> int:
        """How many lines the runs hold (more than the graph's when a line is in two of them)."""
        return len(self._lines) if self._lines is not None else sum(piece.lines for piece in self._pieces)

    def digest(self) -> bytes:
        """What stands for the runs (their pieces' digests, GraphParts.add): the same digest, the same lines."""
        if self._lines is not None:
            return hashlib.sha256("".join(self._lines).encode("utf-8")).digest()
        return hashlib.sha256(b"".join(piece.digest for piece in self._pieces)).digest()

    def single_run(self) -> Piece | None:
        """The one run that holds the graph's lines (a document's graph's), else None."""
        return self._pieces[0] if self._lines is None and len(self._pieces) == 1 else None

    def single(self) -> bytes | None:
        """The graph's N-Quads when one run holds them all (a document's graph), else None."""
        run = self.single_run()
        return self._parts._read(run) if run is not None else None

    def __iter__(self) -> Iterator[str]:
        if self._lines is not None:
            return iter(self._lines)
        runs = [text_lines(self._parts._read(piece).decode("utf-8")) for piece in self._pieces]
        if self.count() > SORTED_IN_MEMORY:
            return _once(heapq.merge(*runs))
        # Sorted runs put end to end are sorted by merging them in C (list.sort finds the runs): at 100x, the
        # derived graph's thousand runs took 0.5 s merged by heapq, a tenth of that sorted.
        lines = [line for run in runs for line in run]
        lines.sort()
        return _once(lines)


def _sorted_text(lines: Callable[[], Iterable[str]]) -> bytes:
    """The text of the lines ``lines`` gives, sorted, each once."""
    return "".join(_once(sorted(lines()))).encode("utf-8")


# The part of GraphParts that holds what the corpus hooks derive: no shape of theirs looks beyond their own node.
CORPUS_PART = "~corpus"


class DocumentAssembler:
    """Takes each document's triples as the graph stage made them and keeps them, with what the document hooks
    derive, by meeting (``parts``), for the meeting hooks that run once every document is in and for a validation
    one meeting at a time. The spool :meth:`finish` gives reads them from there only if the whole graph is merged
    (kg.build.previous spares that when few lines changed)."""

    def __init__(self, ctx: BuildContext, modules: list[ModuleType], spool: QuadSpool | None = None,
                 jobs: int = 1) -> None:
        self.ctx = ctx
        self.jobs = jobs  # processes for the meeting hooks and the corpus hooks' readings
        self.modules = modules
        self.spool = spool or QuadSpool()
        self.parts = GraphParts()
        self.iris = ctx.builder.iris
        self._document_hooks = [m.document_triples for m in modules if isinstance(m, DocumentEnricher)]
        meeting = [m for m in modules if isinstance(m, MeetingEnricher)]
        self._meeting_hooks = [m.meeting_triples for m in meeting]
        wanted = [m.MEETING_PREDICATES for m in meeting]
        self._meeting_predicates = (None if any(chosen is None for chosen in wanted)
                                    else {str(p) for chosen in wanted if chosen is not None for p in chosen})

    def add_document(self, doc_id: str, triples: Collection[Triple], made_by: str | None = None
                     ) -> tuple[bytes, str]:
        """One document's triples as the graph stage made them, with what the document hooks derive; its graph's
        N-Quads text and the part (meeting) it went to. ``made_by``: the memo key they will be kept under."""
        return self.add_named(self.iris.graph(doc_id), triples, made_by)

    def add_named(self, name: Node, triples: Collection[Triple], made_by: str | None = None) -> tuple[bytes, str]:
        """The triples of the document graph ``name`` (of a dataset already built), as :meth:`add_document`."""
        # A sorted run, each line once (as GraphParts.graphs gives it for graph.nq), kept so in the memo.
        text = "".join(_once(sorted(self.spool.lines_of(name, triples)))).encode("utf-8")
        part = str(meeting_of(triples) or name)
        self.add_text(text, part, triples, made_by)
        return text, part

    def add_text(self, text: bytes, part: str, triples: Collection[Triple] | None = None,
                 made_by: str | None = None) -> None:
        """A document graph's sorted N-Quads ``text`` (an earlier build's, or made from ``triples``) into ``part``,
        with what the document hooks derive from it; ``made_by``: the memo key it was kept under (GraphParts.add)."""
        digest = self.parts.add_text(part, text, document=True, made_by=made_by)
        self._add_derived(part, digest, lambda: text, triples)

    def add_kept(self, entry: Path, length: int, lines: int, graph: str, part: str, made_by: str) -> None:
        """A document graph's sorted N-Quads text as an earlier build kept it in the memo (GraphParts.add_kept), into
        ``part``, with what the document hooks derive from it; the text is read only if the hooks' lines are not
        in the memo."""
        if not length:  # a graph without a line: nothing to leave where it is
            self.add_text(b"", part, None, made_by)
            return
        piece = self.parts.add_kept(part, entry, length, lines, graph, document=True, made_by=made_by)
        self._add_derived(part, piece.digest, partial(self.parts.read, piece), None)

    def _add_derived(self, part: str, digest: bytes, text: Callable[[], bytes], triples: Collection[Triple] | None
                     ) -> None:
        if self._document_hooks:
            derived, key = self._derived("document", digest, lambda: self._document_lines(text(), triples))
            self.parts.add_text(part, derived, document=False, made_by=key)

    def _document_lines(self, text: bytes, triples: Collection[Triple] | None) -> Iterator[str]:
        if triples is None:  # the document came from the memo and its derived lines did not
            triples = list(triples_graph(ox.parse(text, format=ox.RdfFormat.N_QUADS)))
        for hook in self._document_hooks:
            yield from self.spool.lines_of(self.iris.derived_graph(), hook(triples, self.ctx))

    def _derived(self, step: str, source: bytes, derive: Callable[[], Iterable[str]]) -> tuple[bytes, str | None]:
        """The text of the lines ``derive`` gives for the lines ``source`` stands for (a GraphParts digest), from
        the build's memo when an earlier build made them (the hooks' results depend on their input alone, the
        code, the data and the base IRI: kg.build.memo); with the memo key they were kept under."""
        return next(self._all_derived(step, [(source, partial(_sorted_text, derive))]))

    def _all_derived(self, step: str, work: Sequence[tuple[bytes, Callable[[], bytes]]]
                     ) -> Iterator[tuple[bytes, str | None]]:
        """As :meth:`_derived` for each of ``work`` (a source's digest, what makes its lines' text: _sorted_text),
        in order: those the memo lacks made in the build's processes (kg.build.processes: each meeting's in one)."""
        memo = self.ctx.memo
        keys = [memo.key(step, source, ordered=True) if memo is not None else None for source, _make in work]
        missing = [n for n, key in enumerate(keys) if memo is None or key is None or memo.checksum(key) is None]
        made = made_in_processes([work[n][1] for n in missing], self.jobs)  # in the order of ``missing``
        wanted = set(missing)
        for n, (_source, make) in enumerate(work):
            key = keys[n]
            text = next(made) if n in wanted else None
            if memo is not None and key is not None:
                if text is None:
                    text = memo.made(key, make)
                else:
                    memo.put(key, text)
            elif text is None:
                text = make()
            yield text, key

    def _corpus_source(self, module: CorpusEnricher, part: str) -> bytes:
        """What ``module`` reads of one meeting's part: the part's lines of its CORPUS_PREDICATES."""
        wanted = (None if module.CORPUS_PREDICATES is None
                  else {f"<{p}>".encode() for p in module.CORPUS_PREDICATES})
        lines = self.parts.nquads(part).splitlines(keepends=True)
        # A line's second term is its predicate: subjects (IRIs, blank nodes) hold no space.
        return b"".join(line for line in lines if wanted is None or line.split(b" ", 2)[1] in wanted)

    def _corpus_text(self, module: CorpusEnricher, step: str) -> tuple[bytes, str | None]:
        """The text of the lines ``module``'s corpus hook derives from every meeting's reading. With the memo, each
        reading is kept under its meeting's source, and the hook's lines under the keys of all of them: a rebuild whose
        edits leave every reading's source as it was (an edit outside what the hook reads) takes the lines from
        there; otherwise the hook runs on the readings, only the changed meetings' made again."""
        parts = [part for part in self.parts.keys() if part != CORPUS_PART]
        memo = self.ctx.memo
        keys = []
        if memo is not None:
            for part in parts:
                # The reading's key kept under what stands for the part: an unchanged part is not read again.
                of_part = memo.key(f"{step}:key", self.parts.digest(part), ordered=True)
                keys.append(memo.made(of_part, partial(self._reading_key, module, step, part)).decode("ascii"))
            missing = [n for n, key in enumerate(keys) if memo.get(key) is None]  # a reading is small: read whole
            made = made_in_processes([partial(self._reading, module, parts[n]) for n in missing], self.jobs)
            for n, reading in zip(missing, made):
                memo.put(keys[n], reading)

        def readings() -> Iterator[bytes]:
            if memo is None:
                yield from made_in_processes([partial(self._reading, module, part) for part in parts], self.jobs)
                return
            for n, part in enumerate(parts):
                yield memo.peek(keys[n]) or self._reading(module, part)

        def derive() -> bytes:
            triples = module.corpus_triples(readings(), self.ctx)
            return "".join(_once(sorted(self.spool.lines_of(self.iris.derived_graph(), triples)))).encode("utf-8")

        if memo is None:
            return derive(), None
        key = memo.key(f"{step}:lines", "\n".join(keys).encode("ascii"), ordered=True)
        return memo.made(key, derive), key

    def _reading_key(self, module: CorpusEnricher, step: str, part: str) -> bytes:
        """The memo key of ``module``'s reading of ``part``: a hash of what it reads (its CORPUS_PREDICATES' lines),
        so that a part changed elsewhere keeps the key of its reading."""
        assert self.ctx.memo is not None
        return self.ctx.memo.key(step, self._corpus_source(module, part), ordered=True).encode("ascii")

    def _reading(self, module: CorpusEnricher, part: str) -> bytes:
        """What ``module`` reads of ``part`` (CorpusEnricher.read_meeting)."""
        source = self._corpus_source(module, part)
        return module.read_meeting(triples_graph(ox.parse(source, format=ox.RdfFormat.N_QUADS)), self.ctx)

    def _meeting_lines(self, part: str) -> Iterator[str]:
        """What the meeting hooks derive from one meeting's reports (the documents' own lines of ``part``)."""
        quads: Iterable[ox.Quad] = ox.parse(self.parts.nquads(part, documents_only=True), format=ox.RdfFormat.N_QUADS)
        if self._meeting_predicates is not None:
            quads = (q for q in quads if q.predicate.value in self._meeting_predicates)
        graph = triples_graph(quads)
        derived = self.iris.derived_graph()
        for hook in self._meeting_hooks:
            yield from self.spool.lines_of(derived, hook(graph, self.ctx))

    def finish(self, reference: Iterable[Triple]) -> QuadSpool:
        """Add the meeting hooks' triples, ``reference`` and the hooks' reference triples; the spool, complete."""
        meetings = [key for key in self.parts.keys() if self.parts.documents(key) >= 2] if self._meeting_hooks else []
        work = [(self.parts.digest(key, documents_only=True), partial(_sorted_text, partial(self._meeting_lines, key)))
                for key in meetings]
        for key, (text, made_by) in zip(meetings, self._all_derived("meeting", work)):
            self.parts.add_text(key, text, document=False, made_by=made_by)
        for module in self.modules:
            if isinstance(module, CorpusEnricher):
                text, made_by = self._corpus_text(module, f"corpus:{module.__name__}")
                self.parts.add_text(CORPUS_PART, text, document=False, made_by=made_by)
        name = self.iris.reference_graph()
        self.parts.reference = self.spool.lines_of(name, reference)
        for module in self.modules:
            if isinstance(module, ReferenceEnricher):
                self.parts.reference += self.spool.lines_of(name, module.reference_triples(self.ctx))
        # The parts hold every line: the spool reads them from there if the whole graph is merged again.
        self.spool.add_later(self.parts.every_line)
        return self.spool


def assemble_dataset(ds: Dataset, ctx: BuildContext, modules: list[ModuleType]) -> QuadSpool:
    """The document graphs and the reference graph of ``ds`` assembled as a build assembles them (the same hooks,
    in the same way; its derived graph is made again): ``kg build --update`` takes this road after merging the
    documents it rebuilt with those it kept."""
    iris = ctx.builder.iris
    special = {iris.reference_graph(), iris.derived_graph()}
    assembler = DocumentAssembler(ctx, modules)
    names = sorted(g.identifier for g in ds.graphs()
                   if g.identifier not in special and not str(g.identifier).startswith("urn:x-rdflib:"))
    for name in names:
        assembler.add_named(name, list(ds.graph(name)))
    spool = assembler.finish(ds.graph(iris.reference_graph()))
    # The parts of the whole graph, not those of the documents the context was made for: the shape checks and the
    # queries answered meeting by meeting read them.
    ctx.parts = assembler.parts
    return spool
