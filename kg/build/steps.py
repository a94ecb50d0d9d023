"""The steps after the graph, named by module so a capability plugs in with one line, and their contracts."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rdflib import Dataset, Graph
from rdflib.term import Node

if TYPE_CHECKING:
    from kg.build.assemble import GraphParts
    from kg.build.context import BuildContext
    from kg.build.export import Content

Triple = tuple[Node, Node, Node]

# A step is a module named in one of the lists below; what it must define is the Protocol beside the list (a
# module satisfies a Protocol as a class would, its functions standing for the methods). `broken_contracts`
# checks every named module before a build starts, so a step that misspells its hook fails loudly instead of
# being passed over.

ENRICHERS: list[str] = [  # each satisfies at least one of ENRICHER_HOOKS
    "kg.enrich.revisions",
    "kg.enrich.themes",
    "kg.enrich.clusters",  # corpus_triples: after the others, whose themes, action types and revisions it reads
]

VALIDATORS: list[str] = [  # each a Validator; a PartsValidator is called instead when the build assembled parts
    "kg.check.validate",
]

EXPORTERS: list[str] = [  # each an Exporter; those that read the query store last: with --jobs N it is still loading
    "kg.visualize.export",
    "kg.publish.jsonld",
    "kg.publish.void",
    "kg.publish.ontology_page",
    "kg.search.export",  # each meeting's rows alone (at 100x, GraphML after it no longer waits 10 s for the store)
    "kg.publish.graphml",
    "kg.publish.tables",
    "kg.pages.matrix",
    "kg.pages.revisions",
    "kg.publish.texts",
    "kg.pages.sources",
    "kg.synthesis.page",
    "kg.synthesis.docx",
]

AFTER_WRITE: list[str] = []  # each an AfterWrite


@runtime_checkable
class ReferenceEnricher(Protocol):
    """Adds to the reference graph (for example a SKOS scheme its other hooks point into)."""

    def reference_triples(self, ctx: BuildContext) -> Iterable[Triple]: ...


@runtime_checkable
class DocumentEnricher(Protocol):
    """Derives triples from one document's triples alone (into the derived graph)."""

    def document_triples(self, triples: Collection[Triple], ctx: BuildContext) -> Iterable[Triple]: ...


@runtime_checkable
class MeetingEnricher(Protocol):
    """Derives triples from the union of the reports of one meeting, for meetings of more than one report (drafts
    and finals). The graph holds only the triples of MEETING_PREDICATES (IRIs), or all of them if it is None."""

    MEETING_PREDICATES: Collection[Node] | None

    def meeting_triples(self, graph: Graph, ctx: BuildContext) -> Iterable[Triple]: ...


@runtime_checkable
class CorpusEnricher(Protocol):
    """Derives what spans meetings (commitment clusters), once every document and meeting hook has run, in two
    steps: what it reads of each meeting's graph (its reports and what was derived from them, holding only the
    triples of CORPUS_PREDICATES, or all of them if it is None), as bytes the build keeps in its memo, so that a
    rebuild reads again only the meetings that changed; then the triples from the readings of every meeting."""

    CORPUS_PREDICATES: Collection[Node] | None

    def read_meeting(self, graph: Graph, ctx: BuildContext) -> bytes: ...

    def corpus_triples(self, readings: Iterable[bytes], ctx: BuildContext) -> Iterable[Triple]: ...


ENRICHER_HOOKS: tuple[type, ...] = (ReferenceEnricher, DocumentEnricher, MeetingEnricher, CorpusEnricher)


@runtime_checkable
class Validator(Protocol):
    """The problems found in the whole graph (an empty list: none)."""

    def validate(self, ds: Dataset | None, ctx: BuildContext) -> list[str]: ...


@runtime_checkable
class PartsValidator(Protocol):
    """The problems found in the graph taken part by part (a meeting at a time), with no rdflib dataset of it."""

    def validate_parts(self, parts: GraphParts, ctx: BuildContext) -> list[str]: ...


@runtime_checkable
class Exporter(Protocol):
    """Files of the exports: name -> bytes, or chunks of bytes. A module may also say READS_RDFLIB = False (it
    reads only ctx.quads and ctx.query_store: it runs after the others, with ds None once the rdflib dataset is
    let go), OWNS (folders it writes whole: a file there that the build did not write is removed) and
    CHUNK_ENTRIES (what it keeps in the memo for each chunk of graph.nq, made as graph.nq is written: chunk_steps)."""

    def export(self, ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]: ...


@runtime_checkable
class AfterWrite(Protocol):
    """Runs once the exports are in place (a push to a server, a notice)."""

    def after_write(self, out: Path, ctx: BuildContext) -> None: ...


CONTRACTS: dict[str, tuple[type, ...]] = {  # list name -> the Protocols a module of it may satisfy (one at least)
    "ENRICHERS": ENRICHER_HOOKS,
    "VALIDATORS": (Validator,),
    "EXPORTERS": (Exporter,),
    "AFTER_WRITE": (AfterWrite,),
}


def step_modules(names: Iterable[str]) -> list[ModuleType]:
    return [importlib.import_module(name) for name in names]


def reads_rdflib(module: object) -> bool:
    return bool(getattr(module, "READS_RDFLIB", True))


def chunk_steps(module: object) -> dict[str, Callable[[bytes], bytes]]:
    """An exporter's CHUNK_ENTRIES: memo step -> what it keeps for one chunk of graph.nq (its bytes), made as the
    build writes graph.nq (in the build's processes with --jobs) for the exporter to find under that step and the
    chunk's SHA-256 (kg.build.partition.indexed_entries)."""
    return dict(getattr(module, "CHUNK_ENTRIES", {}))


def owned_folders(module: object) -> tuple[str, ...]:
    return tuple(getattr(module, "OWNS", ()))


def broken_contracts(lists: dict[str, list[str]] | None = None, skip: Collection[str] = ()) -> list[str]:
    """One line per step module that cannot be imported, satisfies none of its list's Protocols, or defines a
    hook whose parameters are not those of the Protocol; ``lists`` defaults to the lists above, less the steps
    ``skip`` names (a build that will not run them need not import them: `--no-viz` spares pyvis's 0.3 s)."""
    named = lists if lists is not None else {kind: list(globals()[kind]) for kind in CONTRACTS}
    problems = []
    for kind, names in named.items():
        for name in (name for name in names if name not in skip):
            try:
                module = importlib.import_module(name)
            except ImportError as exc:
                problems.append(f"{name} ({kind}): cannot be imported: {exc}")
                continue
            met = [protocol for protocol in CONTRACTS[kind] if isinstance(module, protocol)]
            partial = [f"{name} ({kind}) has part of {_members(protocol)}" for protocol in CONTRACTS[kind]
                       if protocol not in met and any(hasattr(module, member) for member in _names(protocol))]
            problems += partial
            if not met and not partial:
                wanted = ", ".join(_members(protocol) for protocol in CONTRACTS[kind])
                problems.append(f"{name} ({kind}) defines none of: {wanted}")
            problems += [f"{name} ({kind}): {problem}" for protocol in met for problem in _signature_problems(
                module, protocol)]
    return problems


def _names(protocol: type) -> list[str]:
    """The names a module needs to satisfy ``protocol``: its methods and attributes."""
    return sorted({name for name in (*vars(protocol), *getattr(protocol, "__annotations__", {}))
                   if not name.startswith("_")})


def _members(protocol: type) -> str:
    """``DocumentEnricher (document_triples)``: the Protocol and the names a module needs for it."""
    return f"{protocol.__name__} ({', '.join(_names(protocol))})"


def _signature_problems(module: ModuleType, protocol: type) -> list[str]:
    problems = []
    for name, wanted in vars(protocol).items():
        if name.startswith("_") or not callable(wanted):
            continue
        expected = list(inspect.signature(wanted).parameters)[1:]  # without self
        found = getattr(module, name)
        if not callable(found):
            problems.append(f"{name} is not a function")
            continue
        given = inspect.signature(found).parameters.values()
        required = [p.name for p in given if p.default is inspect.Parameter.empty
                    and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        positional = [p for p in given if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if len(required) > len(expected) or (len(positional) < len(expected)
                                             and not any(p.kind is p.VAR_POSITIONAL for p in given)):
            problems.append(f"{name} takes ({', '.join(p.name for p in positional)}), "
                            f"the build calls it with ({', '.join(expected)})")
    return problems
