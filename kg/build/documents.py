"""Per-document work: each file read, structured and extracted (in processes with --jobs), in file order."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path

from kg.build import processes
from kg.build.cache import ExtractionCache
from kg.build.context import TEXT_FOLDER, BuildContext, BuildError, BuildResult, Progress
from kg.build.processes import fork_pool
from kg.build.steps import broken_contracts
from kg.extract import extract_facts
from kg.extract.facts import Evidence, Fact, SourceFact
from kg.graph.builder import GraphBuilder
from kg.read import ReadError, SourceText, find_inputs, not_read, read_source
from kg.reference.lexicon import Lexicon
from kg.reference.loading import load_lexicon
from kg.resolve.resolver import Resolver
from kg.structure import NoReportStructure, parse_report
from kg.structure.model import Report
from kg.structure.promises import shortfalls

_AHEAD_PER_PROCESS = 4  # files given to each extraction process before the first result is taken


# One file read, structured and extracted: its content hash, the report and its facts, or why it failed.
Outcome = tuple[str | None, tuple[Report, list[Fact]] | None, str | None]


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
    return digest, (report, [source_fact(source, report), *extract_facts(report, lexicon)]), None


def source_fact(source: SourceText, report: Report) -> SourceFact:
    """The file behind ``report``: its hash and format, where its text is stored, and the reading's warnings
    (the reader's own and what the text promised that the structure did not give)."""
    text_file = None if source.plain else f"{TEXT_FOLDER}/{report.doc_id}.txt"
    sha256 = source.sha256 or hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    return SourceFact(Evidence(report.doc_id, report.file_name, None, 0, 0, ""), sha256, source.media_type,
                      source.encoding, text_file, source.pages, (*source.warnings, *shortfalls(report)))


def _read_in_worker(path: Path) -> Outcome:
    return read_and_extract(path, processes.INHERITED)


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
            if isinstance(entry, tuple):  # an Outcome, as put
                yield entry, True
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
    with fork_pool(processes, lexicon) as pool:
        # A few files ahead of the reader, not all of them: Pool.imap hands out every file at once and keeps the
        # results that wait, and with workers faster than the graph is built they held 2 GiB at 1000x.
        waiting: deque[AsyncResult[Outcome]] = deque()
        for path in paths:
            waiting.append(pool.apply_async(_read_in_worker, (path,)))
            if len(waiting) >= _AHEAD_PER_PROCESS * processes:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()


def new_build(base: str, data: list[Path] | None) -> tuple[BuildResult, BuildContext]:
    """A build's result and context; BuildError first if a step named in kg.build.steps breaks its contract."""
    if problems := broken_contracts():
        raise BuildError("steps that break their contract (kg/build/steps.py):\n" + "\n".join(problems))
    lexicon = load_lexicon(data)
    resolver = Resolver(lexicon)
    ctx = BuildContext(lexicon, resolver, GraphBuilder(lexicon, base), base=base)
    return BuildResult(context=ctx), ctx


def documents(inputs: list[Path], progress: Progress | None, jobs: int, extraction_cache: ExtractionCache | None,
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
    for path, reason in not_read(inputs, follow_symlinks):
        result.not_read.append((str(path), reason))
        say(f"{path}: not read: {reason}")
    texts = result.context.texts if result.context is not None else {}
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
        if digest is not None:
            seen[digest] = path.name
        yield report, facts
        result.built.append(str(path))
        source = next((f for f in facts if isinstance(f, SourceFact)), None)
        if source is not None and source.text_file:
            texts[source.text_file] = report.source
        say(f"{prefix}: {len(report.paragraphs)} paragraphs, {len(report.recommendations)} recommendations, "
            f"{len(facts)} facts")
        for warning in source.warnings if source is not None else ():
            result.warnings.append((str(path), warning))
            say(f"{prefix}: warning: {warning}")
