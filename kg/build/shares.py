"""Each document's share of the graph, kept in the build's memo under its source: its graph's N-Quads lines, the
meeting it reports on, the entities it names and the names it could not resolve. A rebuild takes an unchanged
document's share from there instead of resolving its names and writing its graph again."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from kg.build.assemble import DocumentAssembler
from kg.build.context import BuildContext
from kg.extract.facts import Fact, SourceFact
from kg.graph.entities import Entities
from kg.resolve.stage import resolve_document
from kg.structure.model import Report


@dataclass
class DocumentShare:
    lines: list[str]
    part: str  # the meeting (or the document, without one) whose part of the graph it joins
    entities: Entities
    unresolved: list[tuple[str, str, str]]


def add_document(report: Report, facts: list[Fact], ctx: BuildContext, assembler: DocumentAssembler) -> None:
    """Resolve, write and assemble one document, or take its share from the memo when an earlier build made it
    from the same source (the same file name and text: the extraction's input) with the same code and data."""
    memo = ctx.memo
    source = next((f for f in facts if isinstance(f, SourceFact)), None)
    key = (memo.key("document-share", f"{report.doc_id}\0{report.file_name}\0{source!r}".encode())
           if memo is not None and source is not None else None)
    found = memo.get(key) if memo is not None and key is not None else None
    if found is not None:
        share: DocumentShare = pickle.loads(found)
        ctx.resolver.remember(share.unresolved, report.file_name)
        ctx.builder.add_known(report.doc_id, share.entities)
        assembler.add_lines(share.lines, share.part)
    else:
        resolution = resolve_document(facts, ctx.resolver, report.file_name)
        triples = ctx.builder.add_document(report.doc_id, report.file_name, facts, resolution)
        lines, part = assembler.add_document(report.doc_id, triples)
        if memo is not None and key is not None:
            share = DocumentShare(lines, part, ctx.builder.entities[report.doc_id],
                                  ctx.resolver.unresolved_of(report.file_name))
            memo.put(key, pickle.dumps(share, protocol=pickle.HIGHEST_PROTOCOL))
    ctx.builder.release(report.doc_id)
