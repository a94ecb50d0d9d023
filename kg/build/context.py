"""What a build knows and gives back: the context the steps read, the result, and the build's error."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kg.build import steps
from kg.build.assemble import GraphLines, GraphParts, QuadSpool, graph_of
from kg.build.export import Content, QuadFile, build_quads, csv_bytes, union_graph
from kg.build.meeting_rows import MeetingAnswers, MeetingQuery, decode_terms, encode_terms
from kg.build.memo import Memo
from kg.build.partition import CUT, ChunkRef, LinePartition, chunk_entries, indexed_entries
from kg.build.scratch import prefix as scratch_prefix
from kg.graph.builder import GraphBuilder
from kg.namespaces import DEFAULT_BASE
from kg.rdf.library import QUERY_LIBRARY, meeting_scoped, run_named
from kg.rdf.ordering import sort_rows, split_order
from kg.rdf.query import Results, run_query
from kg.reference.lexicon import Lexicon
from kg.resolve.resolver import Resolver

# The steps (kg.build.steps) reach the build through this module alone: besides the context, what they use of
# the build is offered here (an import-linter contract keeps them to it).
__all__ = ["BuildContext", "BuildError", "BuildResult", "ChunkRef", "Content", "GraphChange", "GraphLines", "GraphParts",
           "LinePartition", "Memo", "Progress", "QuadFile", "QuadSpool", "TEXT_FOLDER", "build_quads", "csv_bytes", "graph_of",
           "dataset_store", "meeting_rows", "named_rows", "scratch_prefix", "chunk_entries", "indexed_entries", "CUT",
           "union_graph"]

TEXT_FOLDER = "text"  # where the exports keep the text read from each PDF, DOCX or HTML input


class BuildError(RuntimeError):
    """The build as a whole failed (for example the graph violates its shapes); nothing was written."""


@dataclass(frozen=True)
class GraphChange:
    """graph.nq as this build wrote it beside the last build's: what stands for each (the hash of its chunks'
    hashes), and, when this build made it from the last one (kg.build.previous), each line whose count of pieces
    changed (None: not known, every line may have). A step can then tell that nothing it reads changed."""

    before: bytes | None
    after: bytes
    lines: dict[str, int] | None


@dataclass
class BuildContext:
    """What the steps after the graph may need: the data and the IRIs."""

    lexicon: Lexicon
    resolver: Resolver
    builder: GraphBuilder
    base: str = DEFAULT_BASE
    # Set while the exports are written: the sorted quads (read again from the staged graph.nq each time they
    # are iterated) and the staged query store (kg.pages.html.dataset_store), so the steps share one copy.
    quads: Iterable[ox.Quad] | None = None
    query_store: ox.Store | None = None
    # Opens the staged store once it is loaded (in a thread with --jobs N): the first step that needs it waits.
    open_query_store: Callable[[], ox.Store] | None = None
    # The rdflib dataset while the steps that read it run (made from graph.nq unless given); then let go (None).
    dataset: Dataset | None = None
    triples: int = 0  # in the union of the graphs written, counted as graph.ttl is written
    # assemble_graph's: the graph by meeting, so that a validator with validate_parts needs no dataset
    parts: GraphParts | None = None
    # Earlier builds' results of the pure steps, under a hash of their inputs (None: every step runs again).
    memo: Memo | None = None
    # The text read from each PDF, DOCX or HTML input, by the name it is stored under in the exports (text/...).
    texts: dict[str, str] = field(default_factory=dict)
    # The rows of the library's queries already run on the query store, by name: the search index and the source
    # pages read the same passages, the synthesis page and document the same clusters (seconds each at 100x).
    answers: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # Each meeting's rows of the queries answered meeting by meeting (kg.build.meeting_rows), by step; made once.
    meeting_answers: MeetingAnswers | None = None
    # The steps this build does not run (kg build --no-viz): their modules are not imported.
    skipped: frozenset[str] = frozenset()
    # Set once graph.nq is written, when the build keeps a memo.
    graph_change: GraphChange | None = None


@dataclass
class BuildResult:
    """What a build did: documents built, files that failed and why, the dataset."""

    built: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unresolved: list[tuple[str, str, str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, what its reading could not be sure of)
    not_read: list[tuple[str, str]] = field(default_factory=list)  # files in a folder that are not reports, and why
    dataset: Dataset | None = None  # build_dataset's
    spool: QuadSpool | None = None  # assemble_graph's: the graph's sorted N-Quads lines, to be read once
    context: BuildContext | None = None
    triples: int = 0
    extracted: list[str] = field(default_factory=list)  # files read and extracted by this build
    cached: list[str] = field(default_factory=list)  # files whose extraction came from the cache
    up_to_date: bool = False  # nothing had changed since the last build: the exports were left as they were

    def record(self) -> dict[str, Any]:
        """What a later build with the same inputs reports again (kept in the build stamp)."""
        return {"built": self.built, "failed": self.failed, "skipped": self.skipped, "unresolved": self.unresolved,
                "triples": self.triples, "warnings": self.warnings, "not_read": self.not_read}

    @classmethod
    def recorded(cls, record: dict[str, Any]) -> BuildResult:
        return cls(built=list(record["built"]), failed=[tuple(f) for f in record["failed"]],
                   skipped=[tuple(s) for s in record["skipped"]],
                   unresolved=[tuple(u) for u in record["unresolved"]],
                   warnings=[tuple(w) for w in record.get("warnings", [])],
                   not_read=[tuple(n) for n in record.get("not_read", [])],
                   triples=record["triples"], up_to_date=True)

    @property
    def ok(self) -> bool:
        return bool(self.built) and not self.failed


Progress = Callable[[str], None]


def named_rows(ds: Dataset | None, ctx: BuildContext | None, name: str, keep: bool = True) -> list[dict[str, str]]:
    """The rows of queries/<name>.rq on :func:`dataset_store`, run once per build (read them, do not change them);
    a query of ``# scope: meeting`` is answered meeting by meeting where the build keeps its graph in parts.
    ``keep``: hold the rows for the steps after (False for a query one step alone reads: the rows of the matrix's
    and the revisions' queries take 47 MiB at 100x, so about half a gigabyte at 1000x, held to the end)."""
    if ctx is None:
        return run_named(dataset_store(ds), name)
    if name in ctx.answers:
        return ctx.answers[name]
    merged = _merged_meeting_rows(ctx, name)
    rows = merged if merged is not None else run_named(dataset_store(ds, ctx), name)
    if keep:
        ctx.answers[name] = rows
    return rows


def made_of_rows(ctx: BuildContext | None, step: str, queries: Iterable[str],
                 make: Callable[[], Mapping[str, Content]], also: bytes = b"") -> Mapping[str, Content]:
    """The files ``make`` gives, for an exporter whose files are made of each meeting's rows of ``queries`` (steps
    of kg.build.meeting_rows: ``query:NAME`` for a library query of ``# scope: meeting``) and of ``also`` alone (with
    the code and reference data): from the build's memo when those rows and ``also`` hold what an earlier build
    made the files from, so an edit that changes none of them does not make the files again (each kept as its own
    entry, streamed); else ``make()``."""
    memo: Memo | None = getattr(ctx, "memo", None)  # a stand-in context of the store alone has none
    answers = _meeting_answers(ctx) if memo is not None else None
    rows = answers.digest(queries) if answers is not None else None
    if memo is None or rows is None:
        return make()
    digest = hashlib.sha256(rows.encode("ascii") + b"\0" + also).hexdigest()
    listing = memo.key(f"{step}:files", digest.encode("ascii"), ordered=True)

    def entry(name: str) -> str:
        return memo.key(f"{step}:file", digest.encode("ascii"), name.encode("utf-8"), ordered=True)

    names = memo.get(listing)
    streams = {name: memo.stream(entry(name)) for name in json.loads(names)} if names is not None else {}
    if names is not None and all(chunks is not None for chunks in streams.values()):
        return {name: chunks for name, chunks in streams.items() if chunks is not None}
    made = make()
    memo.put(listing, json.dumps(sorted(made)).encode("utf-8"))
    return {name: memo.keeping(entry(name), [content] if isinstance(content, bytes) else content)
            for name, content in made.items()}


def meeting_rows(ctx: BuildContext | None, step: str) -> list[Any] | None:
    """Each meeting's rows of the query a step registered as ``step`` (its module's MEETING_QUERIES, or
    ``query:NAME`` for a library query of ``# scope: meeting``); None when the build keeps no parts (or the query
    could not be answered meeting by meeting): ask the whole store."""
    answers = _meeting_answers(ctx)
    return answers.rows(step) if answers is not None else None


def _meeting_answers(ctx: BuildContext | None, jobs: int = 1) -> MeetingAnswers | None:
    """The build's answers meeting by meeting (made when first asked for, in ``jobs`` processes); None when it
    keeps no parts."""
    if getattr(ctx, "parts", None) is None:  # no build, or a stand-in context of the store alone
        return None
    assert ctx is not None and ctx.parts is not None
    if ctx.meeting_answers is None:
        ctx.meeting_answers = MeetingAnswers(ctx.parts, ctx.memo, _meeting_queries(ctx.skipped), jobs)
    return ctx.meeting_answers


def answer_meetings(ctx: BuildContext, jobs: int) -> None:
    """Each meeting's answers made now, in ``jobs`` processes, before the exports ask for them: the exports run
    beside the store's loading thread, and a process forked beside a thread may deadlock."""
    _meeting_answers(ctx, jobs)


def _meeting_queries(skipped: Collection[str] = ()) -> dict[str, MeetingQuery]:
    queries: dict[str, MeetingQuery] = {
        f"query:{name}": partial(_terms_of, (QUERY_LIBRARY / f"{name}.rq").read_text(encoding="utf-8"))
        for name in meeting_scoped()}
    for module in steps.step_modules(name for name in steps.EXPORTERS if name not in skipped):
        queries.update(getattr(module, "MEETING_QUERIES", {}))
    return queries


def _terms_of(query: str, store: ox.Store) -> dict[str, Any]:
    """A query's rows on one meeting's store, encoded, in an order of their own (the store's may differ from one
    build to the next; the merged rows are put in the query's ORDER BY, ties broken by the terms)."""
    results = run_query(store, query)
    rows = sorted(encode_terms(results.rows), key=lambda row: [value or [] for value in row])
    return {"variables": results.variables, "rows": rows}


def _merged_meeting_rows(ctx: BuildContext, name: str) -> list[dict[str, str]] | None:
    """The rows of every meeting, in the query's ORDER BY (kg.rdf.ordering, which breaks ties by the terms, so
    the whole store's order); None when they cannot be put in that order here."""
    found = meeting_rows(ctx, f"query:{name}")
    if found is None:
        return None
    variables: list[str] = next((answer["variables"] for answer in found), [])
    rows = [row for answer in found for row in decode_terms(answer["rows"])]
    order = split_order((QUERY_LIBRARY / f"{name}.rq").read_text(encoding="utf-8"))
    if order is not None and not sort_rows(variables, rows, order[1]):
        return None
    return Results(variables, rows).values()


def dataset_store(ds: Dataset | None, ctx: BuildContext | None = None) -> ox.Store:
    """An Oxigraph store laid out as kg.rdf.query.open_store lays out the exports: named graphs plus their union.

    In a build (``ctx`` given) it is the build's staged on-disk store, loaded from the graph.nq just written
    (waited for here if it is still loading), and shared by every page; otherwise one is made in memory from
    ``ds``."""
    opener = getattr(ctx, "open_query_store", None)
    if ctx is not None and ctx.query_store is None and opener is not None:
        ctx.query_store = opener()
    if ctx is not None and ctx.query_store is not None:
        return ctx.query_store
    quads = build_quads(ds, ctx)
    store = ox.Store()
    store.extend(quads)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    if ctx is not None:
        ctx.query_store = store
    return store
