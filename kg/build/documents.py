"""Per-document work: each file read, structured and extracted (in processes with --jobs), in file order."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import partial
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


@dataclass(frozen=True)
class Head:
    """What the build says of one file's outcome before it needs the facts: kept in the extraction cache beside
    the outcome, so that a document whose share of the graph is in the memo is never unpickled whole (at 100x,
    1.3 s of an edit rebuild)."""

    digest: str | None
    error: str | None
    doc_id: str = ""
    file_name: str = ""
    paragraphs: int = 0
    recommendations: int = 0
    facts: int = 0
    source: SourceFact | None = None
    text: str | None = None  # the text read from a PDF, Word or HTML input (its source fact's text_file)

    @classmethod
    def of(cls, outcome: Outcome) -> Head:
        digest, parsed, error = outcome
        if parsed is None:
            return cls(digest, error)
        report, facts = parsed
        source = next((f for f in facts if isinstance(f, SourceFact)), None)
        return cls(digest, error, report.doc_id, report.file_name, len(report.paragraphs),
                   len(report.recommendations), len(facts), source,
                   report.source if source is not None and source.text_file else None)


@dataclass(frozen=True)
class ReadDocument:
    """One report to build: its head, and its report and facts, loaded when first asked for."""

    head: Head
    load: Callable[[], Outcome]

    def parsed(self) -> tuple[Report, list[Fact]]:
        parsed = self.load()[1]
        if parsed is None:
            raise BuildError(f"{self.head.file_name}: the extraction kept for it holds no report")
        return parsed


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
              cache: ExtractionCache | None = None) -> Iterator[tuple[ReadDocument, bool]]:
    """Every file's outcome in the order of ``paths`` and whether it came from ``cache``; the files not in the
    cache are read in ``jobs`` processes.  The graph is then built from the outcomes in that order by this
    process alone, so the output depends neither on ``jobs`` nor on the cache. An outcome from the cache is
    given by its head, and loaded whole only when asked for."""
    keys = [cache.key(path) if cache is not None else None for path in paths]
    # Entries are loaded one at a time as their turn comes, so a large corpus is never all in memory at once.
    present = [cache is not None and key is not None and cache.has(key) for key in keys]
    fresh = _extract_all([path for path, hit in zip(paths, present) if not hit], lexicon, jobs)
    for path, key, hit in zip(paths, keys, present):
        if hit:
            assert cache is not None and key is not None
            head = cache.get_head(key)
            if isinstance(head, Head):
                yield ReadDocument(head, partial(_cached, cache, key, path, lexicon)), True
                continue
            entry = cache.get(key)
            if isinstance(entry, tuple):  # an Outcome, as put, without its head: the head is kept now
                head = Head.of(entry)
                cache.put(key, entry, head)
                yield ReadDocument(head, partial(_given, entry)), True
                continue
            outcome = read_and_extract(path, lexicon)  # the entry could not be loaded: extract here
        else:
            outcome = next(fresh)
        if cache is not None and key is not None:
            cache.put(key, outcome, Head.of(outcome))
        yield ReadDocument(Head.of(outcome), partial(_given, outcome)), False


def _given(outcome: Outcome) -> Outcome:
    return outcome


def _cached(cache: ExtractionCache, key: str, path: Path, lexicon: Lexicon) -> Outcome:
    """The outcome the cache keeps under ``key``; read and extracted again (and kept again) when it cannot be
    loaded."""
    entry = cache.get(key)
    if isinstance(entry, tuple):
        return entry
    outcome = read_and_extract(path, lexicon)
    cache.put(key, outcome, Head.of(outcome))
    return outcome


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


def new_build(base: str, data: list[Path] | None, skip: Collection[str] = ()) -> tuple[BuildResult, BuildContext]:
    """A build's result and context; BuildError first if a step named in kg.build.steps (but those ``skip``
    names) breaks its contract."""
    if problems := broken_contracts(skip=skip):
        raise BuildError("steps that break their contract (kg/build/steps.py):\n" + "\n".join(problems))
    lexicon = load_lexicon(data)
    resolver = Resolver(lexicon)
    ctx = BuildContext(lexicon, resolver, GraphBuilder(lexicon, base), base=base, skipped=frozenset(skip))
    return BuildResult(context=ctx), ctx


def documents(inputs: list[Path], progress: Progress | None, jobs: int, extraction_cache: ExtractionCache | None,
               result: BuildResult, builder: GraphBuilder,
               follow_symlinks: bool = False) -> Iterator[ReadDocument]:
    """Each report to build (its head, its report and facts when asked for), in file order: files that fail,
    repeat another's content or reuse a document id already built are reported in ``result`` and not given. The
    caller adds each report to ``builder`` before asking for the next (ids are checked against it)."""
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
    for index, (path, (document, from_cache)) in enumerate(zip(paths, outcomes), start=1):
        head = document.head
        digest, error = head.digest, head.error
        prefix = f"[{index}/{len(paths)}] {path.name}" + (" (cached)" if from_cache else "")
        (result.cached if from_cache else result.extracted).append(str(path))
        if digest is not None and digest in seen:
            result.skipped.append((str(path), f"same content as {seen[digest]}; not read twice"))
            say(f"{prefix}: skipped, same content as {seen[digest]}")
            continue
        if error is None and head.doc_id in builder.graphs:
            error = f"another file already has the document id {head.doc_id!r}"
        if error is not None:
            result.failed.append((str(path), str(error)))
            say(f"{prefix}: FAILED: {error}")
            continue
        if digest is not None:
            seen[digest] = path.name
        yield document
        result.built.append(str(path))
        source = head.source
        if source is not None and source.text_file and head.text is not None:
            texts[source.text_file] = head.text
        say(f"{prefix}: {head.paragraphs} paragraphs, {head.recommendations} recommendations, {head.facts} facts")
        for warning in source.warnings if source is not None else ():
            result.warnings.append((str(path), warning))
            say(f"{prefix}: warning: {warning}")
