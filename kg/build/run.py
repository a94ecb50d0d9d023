"""`kg build`'s whole run: nothing to do when nothing changed, else the graph assembled and every output written."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from kg.build import scratch
from kg.build.cache import BuildStamp, ExtractionCache, code_and_data_fingerprint
from kg.build.context import BuildResult, Progress, answer_meetings
from kg.build.graphs import assemble_graph, cache_folder
from kg.build.memory import long_lived_heap
from kg.build.outputs import write_outputs
from kg.namespaces import DEFAULT_BASE
from kg.read import find_reports


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
                                follow_symlinks, skip=skip)
        ctx, spool = result.context, result.spool
        if spool is None or ctx is None:
            return result
        result.spool = None
        if jobs > 1:
            answer_meetings(ctx, jobs)
        written = write_outputs(out, ctx, spool, result.unresolved, jobs)
        result.triples = ctx.triples
        if ctx.memo is not None:
            ctx.memo.prune()  # after the shape checks, which may have used entries in another process
            if progress is not None:
                progress(f"steps taken from earlier builds: {ctx.memo.hits} of {ctx.memo.hits + ctx.memo.misses} "
                         "(kg/build/memo.py: unchanged documents, meetings, shape checks and exports)")
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
