"""One query evaluated on a store into the bytes of its answer, stopped at a deadline or a size limit."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.rdf.io import OxTerm
from kg.rdf.library import declared_parameters
from kg.rdf.parameters import resolve_parameters
from kg.rdf.query import bind_targets
from kg.rdf.splice import prepared
from kg.serve.negotiate import GRAPH_OFFERS, SOLUTION_OFFERS, by_name, content_type, negotiate


class QueryTimeout(Exception):
    """The query did not finish within the timeout."""


class ResultTooLarge(Exception):
    """The serialized result grew past the size limit."""


@dataclass(frozen=True)
class QueryJob:
    """What a worker needs to answer one request: the query, its dataset and the format asked for."""

    query: str
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    format_name: str | None = None
    accept: str | None = None
    max_bytes: int = 256 << 20
    parameters: tuple[tuple[str, str], ...] = ()  # (name, value) as kg query --param takes them


class DeadlineWriter(io.RawIOBase):
    """A binary sink for pyoxigraph's serializers that refuses writes past a deadline or a size limit."""

    def __init__(self, deadline: float, max_bytes: int) -> None:
        super().__init__()
        self.deadline, self.max_bytes = deadline, max_bytes
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if time.monotonic() > self.deadline:
            raise QueryTimeout("deadline passed while writing the result")
        if len(self.buffer) + len(data) > self.max_bytes:
            raise ResultTooLarge(f"result larger than {self.max_bytes} bytes")
        self.buffer += data
        return len(data)


def _graphs(iris: tuple[str, ...] | None) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None:
    return None if iris is None else [ox.NamedNode(iri) for iri in iris]


def _named_graphs(iris: tuple[str, ...] | None) -> list[ox.NamedNode | ox.BlankNode] | None:
    return None if iris is None else [ox.NamedNode(iri) for iri in iris]


def evaluate(store: ox.Store, job: QueryJob, deadline: float) -> tuple[bytes, str]:
    """The serialized answer to ``job`` and its Content-Type (SyntaxError, NotAcceptable, QueryTimeout,
    ResultTooLarge, kg.rdf.query.QueryError for its parameters, or OSError when there is none). Parameters are
    found and bound as `kg query --param` binds them: written in as RDF terms, never as the text given."""
    substitutions: dict[ox.Variable, OxTerm] = {}
    text = job.query
    if job.parameters or declared_parameters(job.query):
        bound = bind_targets(job.query, resolve_parameters(store, job.query, dict(job.parameters)))
        text, left = prepared(job.query, bound)  # written in as terms, as `kg query` does
        substitutions = {ox.Variable(name): value for name, value in left.items()}
    result = store.query(text, default_graph=_graphs(job.default_graph), named_graphs=_named_graphs(job.named_graphs),
                         substitutions=substitutions)
    graph = isinstance(result, ox.QueryTriples)
    if job.format_name:
        fmt = by_name(job.format_name, graph)
        media = fmt.media_type
    else:
        media, fmt = negotiate(job.accept, GRAPH_OFFERS if graph else SOLUTION_OFFERS)
    writer = DeadlineWriter(deadline, job.max_bytes)
    # pyoxigraph writes to any object with a write method; its stub asks for an IO[bytes].
    if isinstance(result, ox.QueryTriples):
        assert isinstance(fmt, ox.RdfFormat)  # chosen among the graph formats
        result.serialize(writer, fmt)  # type: ignore[arg-type]
    else:
        assert isinstance(fmt, ox.QueryResultsFormat)  # chosen among the solution formats
        result.serialize(writer, fmt)  # type: ignore[arg-type]
    return bytes(writer.buffer), content_type(media)
