"""Export stage: write the dataset as Turtle, TriG and N-Quads, sorted and replaced atomically."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, overload

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.paths import Path as RdfPath

from kg.build import scratch
from kg.build.memo import Memo
from kg.build.partition import ChunkRef
from kg.build.serialize import ChunkRecord, union_triples, write_chunked
from kg.namespaces import PREFIXES
from kg.rdf.io import to_oxigraph, to_oxigraph_iri, to_oxigraph_node

if TYPE_CHECKING:
    from rdflib.graph import (
        _TripleOrTriplePathType,
        _TriplePathPatternType,
        _TriplePathType,
        _TriplePatternType,
        _TripleSelectorType,
        _TripleType,
    )

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd, @SUM...); OWASP's
# advice for CSV injection is to make such a cell plain text by putting a single quote before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """``cell`` as a spreadsheet shows it as text: a string that would start a formula gets a leading ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_bytes(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """A CSV file of the build (UTF-8, ``\\n`` line ends) with every cell made :func:`spreadsheet_safe`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _bind(graph: Graph | Dataset) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


class UnionView(Graph):
    """Every named graph of a dataset read as one graph, without copying: a triple in two graphs appears once.

    It reads the dataset's own store (rdflib's memory store indexes each triple once, whatever its graphs), so it
    sees what is added to the dataset later. Read only: add to the dataset's named graphs instead.
    """

    def __init__(self, ds: Dataset) -> None:
        super().__init__(store=ds.store, identifier=URIRef("urn:x-congress-kg:union"))
        _bind(self)

    @overload
    def triples(self, triple: _TriplePatternType) -> Generator[_TripleType, None, None]: ...
    @overload
    def triples(self, triple: _TriplePathPatternType) -> Generator[_TriplePathType, None, None]: ...
    @overload
    def triples(self, triple: _TripleSelectorType) -> Generator[_TripleOrTriplePathType, None, None]: ...

    def triples(self, triple: _TripleSelectorType) -> Generator[_TripleOrTriplePathType, None, None]:
        s, p, o = triple
        if isinstance(p, RdfPath):
            for _s, _o in p.eval(self, s, o):
                yield _s, p, _o
            return
        for (_s, _p, _o), _graphs in self.store.triples((s, p, o), context=None):
            yield _s, _p, _o

    def __len__(self) -> int:
        return len(self.store)  # every triple once, whatever its graphs (the store's count with no context)

    def add(self, triple: _TripleType) -> NoReturn:
        raise TypeError("a UnionView is read only; add to one of the dataset's named graphs")

    def remove(self, triple: _TriplePatternType) -> NoReturn:
        raise TypeError("a UnionView is read only; remove from one of the dataset's named graphs")


def union_graph(ds: Dataset) -> Graph:
    """All named graphs of ``ds`` as one read-only graph (a fact in two documents appears once), made in no time:
    a view, not a copy."""
    return UnionView(ds)


def sorted_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad of ``ds`` as Oxigraph terms, sorted, so the same data always serializes the same."""
    quads = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = g.identifier if isinstance(g, Graph) else g
        name = (ox.DefaultGraph() if graph is None or str(graph).startswith("urn:x-rdflib:default")
                else to_oxigraph_node(graph))
        quads.add(ox.Quad(to_oxigraph_node(s), to_oxigraph_iri(p), to_oxigraph(o), name))
    return sorted(quads, key=str)


def nquads_line(quad: ox.Quad) -> str:
    """The quad as Oxigraph's N-Quads serializer writes it, one line; sorting such lines sorts the quads as
    :func:`sorted_quads` does."""
    return f"{quad} .\n"


def build_quads(ds: Dataset | None, ctx: object = None) -> Iterable[ox.Quad]:
    """The sorted quads the build's exports are written from (``ctx.quads``), else those of ``ds``."""
    quads: Iterable[ox.Quad] | None = getattr(ctx, "quads", None)
    if quads is not None:
        return quads
    if ds is None:
        raise ValueError("neither a dataset nor the build's quads to export")
    return sorted_quads(ds)


def sorted_nquads(ds: Dataset) -> str:
    """N-Quads with one line per quad, sorted, so the same data gives the same bytes."""
    nquads = ox.serialize(sorted_quads(ds), format=ox.RdfFormat.N_QUADS)
    assert nquads is not None  # None only when an output file is given
    return nquads.decode("utf-8")


def unresolved_csv(unresolved: list[tuple[str, str, str, str]]) -> bytes:
    return csv_bytes(["kind", "name", "guessed_type", "documents"], unresolved)


def stage_serializations(files: StagedFiles, lines: Iterable[str], unresolved: list[tuple[str, str, str, str]],
                         memo: Memo | None = None, records: list[ChunkRecord] | None = None,
                         targets: tuple[Path, Path, Path] | None = None, jobs: int = 1,
                         also: Mapping[str, Callable[[bytes], bytes]] | None = None) -> int:
    """Write graph.nq (the sorted N-Quads ``lines`` as they come), graph.ttl and graph.trig, each straight to its staged
    file (``targets``, when staged already), and unresolved.csv; the number of triples in graph.ttl (the union).
    With the build's ``memo``, the Turtle and TriG are written chunk by chunk as the lines come, each chunk's text
    from the memo when an earlier build made it (kg.build.serialize), and each chunk's record put in ``records``
    (the chunks the memo lacks made in ``jobs`` processes, with the entries of the steps ``also`` names); else
    read back from graph.nq. Nothing is held whole: at a million quads the serializations held as bytes took 2
    GiB."""
    nquads, turtle_path, trig_path = targets or (files.target("graph.nq"), files.target("graph.ttl"),
                                                 files.target("graph.trig"))
    files.add("unresolved.csv", unresolved_csv(unresolved))
    if memo is not None:
        with (nquads.open("wb") as nquads_file,
              turtle_path.open("wb") as turtle,
              trig_path.open("wb") as trig):
            return write_chunked(lines, turtle, trig, memo, nquads=nquads_file, records=records, jobs=jobs, also=also)
    with nquads.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
    triples = [0]

    def counted(union: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
        for triple in union:
            triples[0] += 1
            yield triple

    # Oxigraph's serializers are fast and keep the (sorted) input order.
    ox.serialize(counted(union_triples(QuadFile(nquads))), str(turtle_path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    ox.serialize(QuadFile(nquads), str(trig_path), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return triples[0]


class QuadFile:
    """The quads of an N-Quads file, read again each time they are iterated (in the file's order); ``chunks``: the
    file's chunks as the build wrote them (kg.build.serialize.write_chunked), when it did."""

    def __init__(self, path: Path, chunks: list[ChunkRef] | None = None) -> None:
        self.path = path
        self.chunks = chunks

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(ox.parse(path=str(self.path), format=ox.RdfFormat.N_QUADS))


# What an exporter gives for a file: its bytes, or the bytes in chunks (a large file need not be held whole).
Content = bytes | Iterable[bytes]


class StagedFiles:
    """Export files written to temporary names beside their targets as they are made (so their bytes need not
    all be held at once), then moved into place together by :meth:`commit`, or deleted by :meth:`discard`."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staged: dict[str, Path] = {}
        self.made: list[Path] = []  # folders made for staged files, removed again by discard

    def target(self, name: str) -> Path:
        """A new, empty temporary file staged as ``name``: the caller writes the content there."""
        target = self.out / name
        missing = [d for d in (target.parent, *target.parent.parents) if not d.exists()]
        target.parent.mkdir(parents=True, exist_ok=True)
        self.made.extend(reversed(missing))
        fd, tmp = tempfile.mkstemp(prefix=scratch.prefix(target.name), dir=target.parent)
        os.fchmod(fd, 0o644)
        os.close(fd)
        self.staged[name] = Path(tmp)
        return Path(tmp)

    def add(self, name: str, content: bytes) -> None:
        self.target(name).write_bytes(content)

    def update(self, files: Mapping[str, Content]) -> None:
        """Stage each file; content given in chunks is written as the chunks come."""
        for name, content in sorted(files.items()):
            if isinstance(content, bytes):
                self.add(name, content)
                continue
            with self.target(name).open("wb") as handle:
                for chunk in content:
                    handle.write(chunk)

    def path(self, name: str) -> Path:
        """Where the staged ``name`` is until the commit."""
        return self.staged[name]

    def prune(self, owned: Iterable[str], written: Iterable[str]) -> list[str]:
        """Delete the files under each ``owned`` folder (``viz/``) that are not among ``written`` (names relative
        to the exports): what an earlier build wrote for documents or entities this one no longer has."""
        keep = set(written)
        removed = []
        for folder in owned:
            root = self.out / folder
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                name = path.relative_to(self.out).as_posix()
                if path.is_file() and not path.name.startswith(".") and name not in keep:
                    path.unlink()
                    removed.append(name)
        return removed

    def commit(self) -> None:
        for name, tmp in sorted(self.staged.items()):
            os.replace(tmp, self.out / name)
        self.staged.clear()

    def discard(self) -> None:
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
        self.staged.clear()
        for folder in reversed(self.made):
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty: something else is in it
        self.made.clear()


def write_atomically(out: Path, files: dict[str, bytes], owned: Iterable[str] = ()) -> None:
    """Write every file to a temporary name first, then move each into place; then delete what the ``owned``
    folders hold besides (see :meth:`StagedFiles.prune`)."""
    out.mkdir(parents=True, exist_ok=True)
    staged = StagedFiles(out)
    try:
        staged.update(files)
    except BaseException:
        staged.discard()
        raise
    staged.commit()
    staged.prune(owned, files)
