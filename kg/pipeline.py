"""The build: read -> structure -> extract -> resolve -> graph -> export and store, over a set of files."""

from __future__ import annotations

import gc
import hashlib
import importlib
import multiprocessing
import multiprocessing.pool
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kg import scratch
from kg.assemble import DocumentAssembler, GraphParts, QuadSpool, enrich_dataset, enricher_modules
from kg.cache import BuildStamp, ExtractionCache, code_and_data_fingerprint
from kg.export import QuadFile, StagedFiles, stage_serializations
from kg.extract import extract_facts
from kg.extract.facts import Fact
from kg.graph import GraphBuilder
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Report
from kg.namespaces import DEFAULT_BASE
from kg.rdfio import TooLargeForMemory, read_dataset
from kg.read import ReadError, find_inputs, find_reports, read_source
from kg.resolve import Resolver
from kg.store import STAMP, STORE_DIR, commit_store, discard_store, stage_store
from kg.structure import NoReportStructure, parse_report

# Steps after the graph is built, named by module so a new capability plugs in
# with one line.  Each module defines the function named in the comment.
ENRICHERS: list[str] = [  # the hooks of kg.assemble: reference_triples, document_triples, meeting_triples
    "kg.enrich.revisions",
    "kg.enrich.themes",
    "kg.enrich.clusters",  # corpus_triples: after the others, whose themes, action types and revisions it reads
]
# validate(ds: Dataset, ctx: BuildContext) -> list[str]: problems found; with validate_parts(parts: GraphParts, ctx),
# a build that assembled its graph calls that instead, and needs no rdflib dataset for it.
VALIDATORS: list[str] = [
    "kg.validate",
]
# export(ds, ctx) -> dict[str, kg.export.Content]: extra files, bytes or chunks. A module whose export reads only
# ctx.quads and ctx.query_store says READS_RDFLIB = False: it runs after the others, and gets ds=None once the
# rdflib dataset has been let go (a third of a large build's memory).
EXPORTERS: list[str] = [  # those that read the query store last: with --jobs N it is still loading before them
    "kg.visualize.export",
    "kg.publish.jsonld",
    "kg.publish.void",
    "kg.publish.ontology_page",
    "kg.publish.graphml",
    "kg.publish.tables",
    "kg.pages.matrix",
    "kg.pages.revisions",
    "kg.pages.sources",
    "kg.pages.synthesis",
    "kg.publish.synthesis_docx",
    "kg.search.export",
]
AFTER_WRITE: list[str] = []  # after_write(out: Path, ctx: BuildContext) -> None


class BuildError(RuntimeError):
    """The build as a whole failed (for example the graph violates its shapes); nothing was written."""


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


_FREEZING = False
_AHEAD_PER_PROCESS = 4  # files given to each extraction process before the first result is taken


@contextmanager
def long_lived_heap() -> Iterator[None]:
    """While a build runs, what it has built so far is set aside from the garbage collector at each stage
    (``gc.freeze``): the dataset lives until the end, and every full collection would otherwise walk its
    millions of objects again (13% of a 50-report build). Everything is handed back to the collector at the end."""
    global _FREEZING
    _FREEZING = True
    try:
        yield
    finally:
        _FREEZING = False
        gc.unfreeze()


def _freeze_built() -> None:
    if _FREEZING:
        gc.freeze()


def _steps(names: list[str], function: str) -> list[Callable[..., object]]:
    return [getattr(importlib.import_module(name), function) for name in names]


@dataclass
class BuildResult:
    """What a build did: documents built, files that failed and why, the dataset."""

    built: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unresolved: list[tuple[str, str, str, str]] = field(default_factory=list)
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
                "triples": self.triples}

    @classmethod
    def recorded(cls, record: dict[str, Any]) -> BuildResult:
        return cls(built=list(record["built"]), failed=[tuple(f) for f in record["failed"]],  # type: ignore[misc]
                   skipped=[tuple(s) for s in record["skipped"]],  # type: ignore[misc]
                   unresolved=[tuple(u) for u in record["unresolved"]],  # type: ignore[misc]
                   triples=record["triples"], up_to_date=True)

    @property
    def ok(self) -> bool:
        return bool(self.built) and not self.failed


Progress = Callable[[str], None]


# One file read, structured and extracted: its content hash, the report and its facts, or why it failed.
Outcome = tuple[str | None, tuple[Report, list[Fact]] | None, str | None]
_INHERITED: Any = None  # what the processes of _fork_pool see: forking copies it, nothing is pickled


def _fork_pool(processes: int, inherited: object) -> multiprocessing.pool.Pool:
    """A pool of forked processes that see ``inherited`` as ``_INHERITED`` (the lexicon, or the finished
    dataset): only the tasks' arguments and results cross between processes."""
    global _INHERITED
    _INHERITED = inherited
    try:
        return multiprocessing.get_context("fork").Pool(processes)
    finally:
        _INHERITED = None


def read_and_extract(path: Path, lexicon: Lexicon) -> Outcome:
    """read -> structure -> extract for one file; a file that cannot be read or has no report structure
    gives its error instead (the hash is kept so a failing copy of a built file is still skipped as one)."""
    digest = None
    try:
        source = read_source(path)
        digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        report = parse_report(source.text, path)
    except (ReadError, NoReportStructure) as exc:
        return digest, None, str(exc)
    return digest, (report, extract_facts(report, lexicon)), None


def _read_in_worker(path: Path) -> Outcome:
    return read_and_extract(path, _INHERITED)


def _read_all(paths: list[Path], lexicon: Lexicon, jobs: int,
              cache: ExtractionCache | None = None) -> Iterator[tuple[Outcome, bool]]:
    """Every file's outcome in the order of ``paths`` and whether it came from ``cache``; the files not in the
    cache are read in ``jobs`` processes.  The graph is then built from the outcomes in that order by this
    process alone, so the output depends neither on ``jobs`` nor on the cache."""
    keys = [cache.key(path) if cache is not None else None for path in paths]
    # Entries are loaded one at a time as their turn comes, so a large corpus is never all in memory at once.
    present = [cache is not None and key is not None and cache.has(key) for key in keys]
    fresh = _extract_all([path for path, hit in zip(paths, present) if not hit], lexicon, jobs)
    for path, key, hit in zip(paths, keys, present):
        if hit:
            assert cache is not None and key is not None
            entry = cache.get(key)
            if entry is not None:
                yield entry, True  # type: ignore[misc]
                continue
            outcome = read_and_extract(path, lexicon)  # the entry could not be loaded: extract here
        else:
            outcome = next(fresh)
        if cache is not None and key is not None:
            cache.put(key, outcome)
        yield outcome, False


def _extract_all(paths: list[Path], lexicon: Lexicon, jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(paths) < 2:
        yield from (read_and_extract(path, lexicon) for path in paths)
        return
    processes = min(jobs, len(paths))
    with _fork_pool(processes, lexicon) as pool:
        # A few files ahead of the reader, not all of them: Pool.imap hands out every file at once and keeps the
        # results that wait, and with workers faster than the graph is built they held 2 GiB at 1000x.
        waiting: deque[AsyncResult] = deque()
        for path in paths:
            waiting.append(pool.apply_async(_read_in_worker, (path,)))
            if len(waiting) >= _AHEAD_PER_PROCESS * processes:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()


def _new_build(base: str, data: list[Path] | None) -> tuple[BuildResult, BuildContext]:
    lexicon = load_lexicon(data)
    resolver = Resolver(lexicon)
    ctx = BuildContext(lexicon, resolver, GraphBuilder(lexicon, resolver, base), base=base)
    return BuildResult(context=ctx), ctx


def _documents(inputs: list[Path], progress: Progress | None, jobs: int, extraction_cache: ExtractionCache | None,
               result: BuildResult, builder: GraphBuilder,
               follow_symlinks: bool = False) -> Iterator[tuple[Report, list[Fact]]]:
    """Each report to build, with its facts, in file order: files that fail, repeat another's content or reuse a
    document id already built are reported in ``result`` and not given. The caller adds each report to ``builder``
    before asking for the next (ids are checked against it)."""
    say = progress or (lambda _msg: None)
    found = find_inputs(inputs, follow_symlinks)
    for link, reason in found.passed_over:
        result.skipped.append((link, reason))
        say(f"{Path(link).name}: skipped, {reason}")
    paths = found.paths
    seen: dict[str, str] = {}
    outcomes = _read_all(paths, builder.lexicon, jobs, extraction_cache)
    for index, (path, ((digest, parsed, error), from_cache)) in enumerate(zip(paths, outcomes), start=1):
        prefix = f"[{index}/{len(paths)}] {path.name}" + (" (cached)" if from_cache else "")
        (result.cached if from_cache else result.extracted).append(str(path))
        if digest is not None and digest in seen:
            result.skipped.append((str(path), f"same content as {seen[digest]}; not read twice"))
            say(f"{prefix}: skipped, same content as {seen[digest]}")
            continue
        if parsed is not None and parsed[0].doc_id in builder.graphs:
            error = f"another file already has the document id {parsed[0].doc_id!r}"
        if error is not None or parsed is None:
            result.failed.append((str(path), str(error)))
            say(f"{prefix}: FAILED: {error}")
            continue
        report, facts = parsed
        seen[digest] = path.name  # type: ignore[index]
        yield report, facts
        result.built.append(str(path))
        say(f"{prefix}: {len(report.paragraphs)} paragraphs, {len(report.recommendations)} recommendations, "
            f"{len(facts)} facts")


def build_dataset(inputs: list[Path], base: str = DEFAULT_BASE, data: list[Path] | None = None,
                  progress: Progress | None = None, jobs: int = 1, cache: Path | None = None,
                  prune_cache: bool = True, keep_document_graphs: bool = False,
                  follow_symlinks: bool = False) -> BuildResult:
    """Read every report under ``inputs`` into one rdflib dataset; bad files are reported, not fatal.

    With ``cache`` (a folder), a file whose name and content, and the code and reference data, are those of an
    earlier build is not read again: its extraction comes from the cache. With ``prune_cache``, entries this build
    did not use are deleted (files changed or gone), so the cache holds one corpus. ``keep_document_graphs``:
    the builder keeps its own copy of the document graphs (``ctx.builder.dataset()`` gives them again).
    :func:`assemble_graph` makes the same graph without holding it in memory.
    """
    result, ctx = _new_build(base, data)
    extraction_cache = _cache(cache, data)
    for report, facts in _documents(inputs, progress, jobs, extraction_cache, result, ctx.builder, follow_symlinks):
        ctx.builder.add_document(report.doc_id, report.file_name, facts)
    if result.built:
        ds = ctx.builder.dataset(release=not keep_document_graphs)
        _freeze_built()
        enrich_dataset(ds, ctx, enricher_modules(ENRICHERS))
        result.dataset = ds
        result.triples = len(ds)
        _freeze_built()
    result.unresolved = ctx.resolver.unresolved_rows()
    if extraction_cache is not None and prune_cache:
        extraction_cache.prune()
    return result


def assemble_graph(inputs: list[Path], base: str = DEFAULT_BASE, data: list[Path] | None = None,
                   progress: Progress | None = None, jobs: int = 1, cache: Path | None = None,
                   follow_symlinks: bool = False) -> BuildResult:
    """Read every report under ``inputs`` as :func:`build_dataset` does, into the sorted N-Quads lines of the
    same graph (``result.spool``), each document let go once assembled: no dataset is held in memory."""
    result, ctx = _new_build(base, data)
    extraction_cache = _cache(cache, data)
    assembler = DocumentAssembler(ctx, enricher_modules(ENRICHERS))
    for report, facts in _documents(inputs, progress, jobs, extraction_cache, result, ctx.builder, follow_symlinks):
        assembler.add_document(report.doc_id, ctx.builder.add_document(report.doc_id, report.file_name, facts))
        ctx.builder.release(report.doc_id)
    if result.built:
        result.spool = assembler.finish(ctx.builder.reference_triples())
        ctx.parts = assembler.parts
    result.unresolved = ctx.resolver.unresolved_rows()
    if extraction_cache is not None:
        extraction_cache.prune()
    return result


def _cache(cache: Path | None, data: list[Path] | None) -> ExtractionCache | None:
    return ExtractionCache(cache, code_and_data_fingerprint(data)) if cache is not None else None


def cache_folder(out: Path) -> Path:
    """Where a build into ``out`` keeps its extraction cache (beside the exports it made, hidden)."""
    return out / ".cache" / "extract"


def build(inputs: list[Path], out: Path, base: str = DEFAULT_BASE, data: list[Path] | None = None,
          progress: Progress | None = None, skip: Collection[str] = (), jobs: int = 1,
          use_cache: bool = True, follow_symlinks: bool = False) -> BuildResult:
    """Build and write the exports to ``out``; nothing is written when no document could be built.

    ``skip`` names steps (modules of the lists above) not to run, for example the visualisation or the
    validation; ``jobs`` processes read and extract the files; ``use_cache``: take unchanged files' extractions from the cache in
    ``out`` (the output is the same either way, and for any number of jobs); ``follow_symlinks``: read files that
    links in the input folders point to outside them (kg.read.find_inputs).
    """
    scratch.remove_all_orphans(out)  # what a killed build left behind
    stamp = BuildStamp(out) if use_cache else None
    inputs_hash = ""
    if stamp is not None:
        inputs_hash = _inputs_hash(inputs, out, base, data, skip, follow_symlinks)
        if (record := stamp.recorded(inputs_hash)) is not None:
            if progress is not None:
                progress(f"nothing changed since the last build into {out}/: exports left as they are")
            return BuildResult.recorded(record)
    with long_lived_heap():
        result = assemble_graph(inputs, base, data, progress, jobs, cache_folder(out) if use_cache else None,
                                follow_symlinks)
        ctx, spool = result.context, result.spool
        if spool is None or ctx is None:
            return result
        result.spool = None
        written = write_outputs(out, ctx, spool.sorted_lines(), result.unresolved, skip, jobs)
        result.triples = ctx.triples
    if stamp is not None:
        stamp.write(inputs_hash, written, result.record())
    return result


def _inputs_hash(inputs: list[Path], out: Path, base: str, data: list[Path] | None, skip: Collection[str],
                 follow_symlinks: bool) -> str:
    """What the exports of a build depend on: the code and data, the options, each file's name and content."""
    fingerprint = code_and_data_fingerprint(data)
    keys = ExtractionCache(cache_folder(out), fingerprint)
    files = [(str(path), keys.key(path)) for path in find_reports(inputs, follow_symlinks)]
    return BuildStamp.inputs(fingerprint, {"base": base, "skip": sorted(skip), "follow_symlinks": follow_symlinks},
                             files)


class _Validation:
    """The validators' problems with ``ds``: found here and now, or (``jobs`` > 1) in a forked process while
    this one makes the exports, which are then written only if there were none."""

    def __init__(self, ds: Dataset | None, ctx: BuildContext, names: list[str], jobs: int) -> None:
        self._found: list[str] | None = None
        self._pool = None
        if jobs <= 1 or not names:
            self._found = _run_validators(ds, ctx, names)
            return
        self._pool = _fork_pool(1, (ds, ctx, names))
        self._pending = self._pool.apply_async(_validate_inherited)

    @property
    def finished(self) -> bool:
        return self._found is not None

    def problems(self) -> list[str]:
        if self._found is None:
            try:
                self._found = self._pending.get()
            finally:
                self.cancel()
        return self._found

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _validates_parts(name: str, ctx: BuildContext) -> bool:
    """Whether the validator ``name`` checks the build's graph in parts (it has validate_parts and the build
    assembled the graph), so it needs no rdflib dataset of the whole."""
    return ctx.parts is not None and hasattr(importlib.import_module(name), "validate_parts")


def _run_validators(ds: Dataset | None, ctx: BuildContext, names: list[str]) -> list[str]:
    problems: list[str] = []
    for name in names:
        module = importlib.import_module(name)
        problems += module.validate_parts(ctx.parts, ctx) if _validates_parts(name, ctx) else module.validate(ds, ctx)
    return problems


def _validate_inherited() -> list[str]:
    return _run_validators(*_INHERITED)


class _StoreStaging:
    """The query store staged from the staged graph.nq: in a thread started now (``beside``), or when
    :meth:`folder` asks for it."""

    def __init__(self, out: Path, nquads: Path, beside: bool) -> None:
        self._load = lambda: stage_store(out, nquads)
        self._pending: Future[Path] | None = None
        if beside:
            pool = ThreadPoolExecutor(1, thread_name_prefix="kg-store")
            self._pending = pool.submit(self._load)
            pool.shutdown(wait=False)  # the load goes on; the thread ends with it

    def folder(self) -> Path:
        """The staged store's folder, once loaded."""
        if self._pending is None:
            self._pending = Future()
            self._pending.set_result(self._load())
        return self._pending.result()

    def discard(self) -> None:
        """Wait for a load in progress, then delete what it staged."""
        if self._pending is None:
            return
        try:
            folder = self._pending.result()
        except Exception:  # noqa: BLE001 - the build is failing already; stage_store removed its own folder
            return
        discard_store(folder)


def write_outputs(out: Path, ctx: BuildContext, lines: Iterable[str], unresolved: list[tuple[str, str, str, str]],
                  skip: Collection[str] = (), jobs: int = 1) -> list[str]:
    """Write every export of the graph whose sorted N-Quads ``lines`` are given to ``out`` atomically, validate
    it, and run the after-write steps; the names of the files written (relative to ``out``).

    The validators and the exporters that read rdflib get ``ctx.dataset``, read from graph.nq when not given, and
    only when one of them runs; it is let go (set to None) once they have. With ``jobs`` > 1 the validation runs
    in a second process while this one makes the exports, and the query store is loaded in a thread beside
    them (Oxigraph's loader lets go of the interpreter); nothing is written unless the validation passes, so the
    outcome is that of a serial build."""
    BuildStamp(out).clear()  # whatever happens next, the exports are no longer those the stamp describes
    out.mkdir(parents=True, exist_ok=True)
    scratch.remove_orphans(out)
    files = StagedFiles(out)
    store: _StoreStaging | None = None
    validation: _Validation | None = None
    exporters = [importlib.import_module(name) for name in EXPORTERS if name not in skip]
    validators = [name for name in VALIDATORS if name not in skip]
    try:
        ctx.triples = stage_serializations(files, lines, unresolved)
        nquads = files.path("graph.nq")
        ctx.quads = QuadFile(nquads)
        needs_dataset = (any(not _validates_parts(name, ctx) for name in validators)
                         or any(_reads_rdflib(step) for step in exporters))
        if ctx.dataset is None and needs_dataset:
            try:
                ctx.dataset = read_dataset(nquads, ox.RdfFormat.N_QUADS, name="graph.nq")
            except TooLargeForMemory as exc:
                raise BuildError(f"{exc}; exports left as they were") from None
            _freeze_built()
        if validators:
            validation = _Validation(ctx.dataset, ctx, validators, jobs)
        # The query store is staged too and swapped in last, so it always matches the files beside it.
        store = _StoreStaging(out, nquads, beside=jobs > 1)
        staging = store
        ctx.open_query_store = lambda: ox.Store.read_only(str(staging.folder()))
        problems = validation.problems() if validation is not None and validation.finished else []
        if not problems:
            for step in sorted(exporters, key=lambda module: not _reads_rdflib(module)):  # stable: list order
                if not _reads_rdflib(step) and ctx.dataset is not None:
                    ctx.dataset = None
                    _let_go()
                files.update(step.export(ctx.dataset, ctx))
            problems = validation.problems() if validation is not None else []
        ctx.quads = ctx.query_store = ctx.open_query_store = ctx.parts = None  # closes the staged store
        if problems:
            raise BuildError("the graph failed validation; exports left as they were:\n" + "\n".join(problems))
        staged_store = store.folder()
    except BaseException:
        ctx.quads = ctx.query_store = ctx.open_query_store = ctx.parts = None
        if validation is not None:
            validation.cancel()
        if store is not None:
            store.discard()  # first: a loading thread may still read the staged files
        files.discard()
        raise
    written = sorted(files.staged) + [f"{STORE_DIR}/{STAMP}"]
    files.commit()
    commit_store(out, staged_store)
    for after_write in _steps(AFTER_WRITE, "after_write"):
        after_write(out, ctx)
    return written


def _reads_rdflib(module: object) -> bool:
    return bool(getattr(module, "READS_RDFLIB", True))


def _let_go() -> None:
    """Collect what was just dropped: the dataset's objects are frozen (long_lived_heap) and hold cycles."""
    if _FREEZING:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
