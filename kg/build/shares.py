"""Each document's share of the graph, kept in the build's memo under its source: the meeting it reports on, the
entities it names, the names it could not resolve, and where its graph's N-Quads text is kept (an entry of its
own). A rebuild takes an unchanged document's share from there instead of resolving its names and writing its
graph again, and leaves the text where it is until a step reads it."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from kg.build.assemble import DocumentAssembler, graph_of_text
from kg.build.context import BuildContext
from kg.build.documents import ReadDocument
from kg.graph.entities import Entities
from kg.resolve.stage import resolve_document


@dataclass
class DocumentShare:
    part: str  # the meeting (or the document, without one) whose part of the graph it joins
    entities: Entities
    unresolved: list[tuple[str, str, str]]
    text: str  # the memo key of the graph's sorted N-Quads text
    length: int  # its bytes
    lines: int
    graph: str  # the IRI of the document's graph


def add_document(document: ReadDocument, ctx: BuildContext, assembler: DocumentAssembler) -> None:
    """Resolve, write and assemble one document, or take its share from the memo when an earlier build made it
    from the same source (the same file name and text: the extraction's input) with the same code and data; its
    report and facts are then not even loaded, nor its graph's text read."""
    memo, head = ctx.memo, document.head
    key = (memo.key("document-share", f"{head.doc_id}\0{head.file_name}\0{head.source!r}".encode())
           if memo is not None and head.source is not None else None)
    found = memo.get(key) if memo is not None and key is not None else None
    share: DocumentShare | None = pickle.loads(found) if found is not None else None
    if memo is not None and key is not None and share is not None and memo.has(share.text):
        ctx.resolver.remember(share.unresolved, head.file_name)
        ctx.builder.add_known(head.doc_id, share.entities)
        assembler.add_kept(memo.path(share.text), share.length, share.lines, share.graph, share.part, made_by=key)
    else:
        report, facts = document.parsed()
        resolution = resolve_document(facts, ctx.resolver, report.file_name)
        triples = ctx.builder.add_document(report.doc_id, report.file_name, facts, resolution)
        text, part = assembler.add_document(report.doc_id, triples, made_by=key)
        if memo is not None and key is not None:
            text_key = memo.key("document-text", key.encode("ascii"), ordered=True)
            memo.put(text_key, text)
            share = DocumentShare(part, ctx.builder.entities[report.doc_id],
                                  ctx.resolver.unresolved_of(report.file_name), text_key, len(text),
                                  text.count(b"\n"), graph_of_text(text) if text else "")
            memo.put(key, pickle.dumps(share, protocol=pickle.HIGHEST_PROTOCOL))
    ctx.builder.release(head.doc_id)
