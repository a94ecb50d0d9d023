"""The outputs of a build: every export staged, validated, then moved into place with the query store."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.build import previous, scratch, steps
from kg.build.assemble import QuadSpool
from kg.build.cache import BuildStamp
from kg.build.context import BuildContext, BuildError
from kg.build.export import QuadFile, StagedFiles
from kg.build.memory import freeze_built, let_go
from kg.build.partition import ChunkRef
from kg.build.steps import chunk_steps, owned_folders, reads_rdflib, step_modules
from kg.build.store import commit_store, discard_store, stage_store
from kg.build.validation import Validation, validates_parts
from kg.rdf.io import TooLargeForMemory, read_dataset
from kg.rdf.store import STAMP, STORE_DIR


class StoreStaging:
    """The query store staged from the staged graph.nq: in a thread started now (``beside``), or when
    :meth:`folder` asks for it."""

    def __init__(self, out: Path, nquads: Path, beside: bool, chunks: list[ChunkRef] | None = None) -> None:
        self._load: Callable[[], Path] = lambda: stage_store(out, nquads, chunks)
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


def write_outputs(out: Path, ctx: BuildContext, spool: QuadSpool, unresolved: list[tuple[str, str, str, str]],
                  jobs: int = 1) -> list[str]:
    """Write every export of the graph whose N-Quads lines ``spool`` holds to ``out`` atomically, validate it, and
    run the after-write steps but those the build skips (``ctx.skipped``); the names of the files written (relative
    to ``out``). graph.nq, graph.ttl and
    graph.trig are made from the last build's when few of their lines changed (kg.build.previous): then the
    spool's lines are never merged.

    The validators and the exporters that read rdflib get ``ctx.dataset``, read from graph.nq when not given, and
    only when one of them runs; it is let go (set to None) once they have. The query store is loaded in a thread
    beside the rest (Oxigraph's loader lets go of the interpreter); with ``jobs`` > 1 the validation runs in a
    second process while this one makes the exports; nothing is written unless the validation passes, so the
    outcome is that of a serial build."""
    BuildStamp(out).clear()  # whatever happens next, the exports are no longer those the stamp describes
    out.mkdir(parents=True, exist_ok=True)
    scratch.remove_orphans(out)
    files = StagedFiles(out)
    store: StoreStaging | None = None
    validation: Validation | None = None
    exporters = step_modules(name for name in steps.EXPORTERS if name not in ctx.skipped)
    validators = [name for name in steps.VALIDATORS if name not in ctx.skipped]
    try:
        # Before the store's thread starts: the chunks the memo lacks are made in ``jobs`` forked processes, with
        # the exporters' own entries for each chunk (their CHUNK_ENTRIES).
        also = {step: make for module in exporters for step, make in chunk_steps(module).items()}
        ctx.triples, serialized = previous.stage_graph(files, spool, unresolved, ctx.memo, ctx.parts, jobs, also)
        nquads = files.path("graph.nq")
        listed = [record.ref for record in serialized.records] if serialized is not None else None
        ctx.graph_change = serialized.change if serialized is not None else None
        ctx.quads = QuadFile(nquads, listed)
        # The query store is staged too and swapped in last, so it always matches the files beside it. It loads in
        # a thread (Oxigraph's loader lets go of the interpreter) beside the reading of the dataset, the validation
        # and the exports: at 10x, 3 s of a 17 s stage. With ``jobs`` > 1 it starts after the validation's fork.
        if jobs <= 1:
            store = StoreStaging(out, nquads, beside=True, chunks=listed)
        needs_dataset = (any(not validates_parts(name, ctx) for name in validators)
                         or any(reads_rdflib(step) for step in exporters))
        if ctx.dataset is None and needs_dataset:
            try:
                ctx.dataset = read_dataset(nquads, ox.RdfFormat.N_QUADS, name="graph.nq")
            except TooLargeForMemory as exc:
                raise BuildError(f"{exc}; exports left as they were") from None
            freeze_built()
        if validators:
            validation = Validation(ctx.dataset, ctx, validators, jobs)
        if store is None:  # started after the validation's fork: a process forked beside a thread may deadlock
            store = StoreStaging(out, nquads, beside=True, chunks=listed)
        staging = store
        ctx.open_query_store = lambda: ox.Store.read_only(str(staging.folder()))
        problems = validation.problems() if validation is not None and validation.finished else []
        if not problems:
            for step in sorted(exporters, key=lambda module: not reads_rdflib(module)):  # stable: list order
                if not reads_rdflib(step) and ctx.dataset is not None:
                    ctx.dataset = None
                    let_go()
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
    files.prune([folder for step in exporters for folder in owned_folders(step)], written)
    commit_store(out, staged_store)
    if serialized is not None and ctx.memo is not None:
        previous.keep(out, ctx.memo, serialized)
    for step in step_modules(steps.AFTER_WRITE):
        step.after_write(out, ctx)
    return written
