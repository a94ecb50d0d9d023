"""The SPARQL protocol's parameters read from a request, and the errors it answers with a status and a reason."""

from __future__ import annotations

import pyoxigraph as ox
from starlette.responses import PlainTextResponse


class ProtocolError(Exception):
    """A request the endpoint answers with an error status and a plain-text reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def error_response(status: int, message: str, **headers: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


def one_value(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"more than one {name!r} parameter")
    return values[0] if values else None


def graph_iris(params: dict[str, list[str]], name: str) -> tuple[str, ...] | None:
    values = params.get(name)
    if not values:
        return None
    try:
        return tuple(ox.NamedNode(v).value for v in values)
    except ValueError as exc:
        raise ProtocolError(400, f"bad {name}: {exc}") from exc
