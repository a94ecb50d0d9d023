"""The build: read -> structure -> extract -> resolve -> graph -> export, over a set of files."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.export import serialize_all, write_atomically
from kg.extract import extract_facts
from kg.graph import GraphBuilder
from kg.lexicon import load_lexicon
from kg.namespaces import DEFAULT_BASE
from kg.read import ReadError, find_reports, read_source
from kg.resolve import Resolver
from kg.structure import NoReportStructure, parse_report


@dataclass
class BuildResult:
    """What a build did: documents built, files that failed and why, the dataset."""

    built: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unresolved: list[tuple[str, str, str, str]] = field(default_factory=list)
    dataset: Dataset | None = None
    triples: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.built) and not self.failed


Progress = Callable[[str], None]


def build_dataset(inputs: list[Path], base: str = DEFAULT_BASE, data: list[Path] | None = None,
                  progress: Progress | None = None) -> BuildResult:
    """Read every report under ``inputs`` into one dataset; bad files are reported, not fatal."""
    say = progress or (lambda _msg: None)
    lexicon = load_lexicon(data)
    resolver = Resolver(lexicon)
    builder = GraphBuilder(lexicon, resolver, base)
    result = BuildResult()
    paths = find_reports(inputs)
    seen: dict[str, str] = {}
    for index, path in enumerate(paths, start=1):
        prefix = f"[{index}/{len(paths)}] {path.name}"
        try:
            source = read_source(path)
            digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
            if digest in seen:
                result.skipped.append((str(path), f"same content as {seen[digest]}; not read twice"))
                say(f"{prefix}: skipped, same content as {seen[digest]}")
                continue
            report = parse_report(source.text, path)
            if report.doc_id in builder.graphs:
                raise ReadError(f"another file already has the document id {report.doc_id!r}")
        except (ReadError, NoReportStructure) as exc:
            result.failed.append((str(path), str(exc)))
            say(f"{prefix}: FAILED: {exc}")
            continue
        seen[digest] = path.name
        facts = extract_facts(report, lexicon)
        builder.add_document(report.doc_id, report.file_name, facts)
        result.built.append(str(path))
        say(f"{prefix}: {len(report.paragraphs)} paragraphs, {len(report.recommendations)} recommendations, "
            f"{len(facts)} facts")
    if result.built:
        result.dataset = builder.dataset()
        result.triples = len(result.dataset)
    result.unresolved = resolver.unresolved_rows()
    return result


def build(inputs: list[Path], out: Path, base: str = DEFAULT_BASE, data: list[Path] | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build and write the exports to ``out``; nothing is written when no document could be built."""
    result = build_dataset(inputs, base, data, progress)
    if result.dataset is not None:
        write_atomically(out, serialize_all(result.dataset, result.unresolved))
    return result
