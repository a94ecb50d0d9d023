"""Which requests reach the endpoint: a Host allow-list, no cross-site requests, bodies cut at a limit as they arrive.

A browser lets any page the analyst opens send requests to 127.0.0.1 (an auto-submitted form, an image), and
DNS rebinding lets a page on another name read the answers. So the gate refuses a Host that is not one of
the server's names (421), and a request that a browser marks as coming from another site: an ``Origin``
whose host is not allowed, or ``Sec-Fetch-Site: cross-site`` (403). Opening the query page itself from a link
elsewhere stays possible: a top-level GET navigation with no query string is harmless. A body is counted
while it is read and refused (413) when ``Content-Length`` or the bytes received pass the limit, so an
oversized upload never sits in memory. Every answer says ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARD_ADDRESSES = ("", "0.0.0.0", "::")
ANY_HOST = "*"


class BodyTooLarge(Exception):
    """The request body grew past the limit while it was read."""


def allowed_hosts(listen: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The host names requests may carry: the loopback names, the address listened on (unless a wildcard) and
    ``extra`` (``*`` allows any)."""
    names = {*LOOPBACK_NAMES, *(name.strip().lower().rstrip(".") for name in extra if name.strip())}
    if listen.strip("[]") not in _WILDCARD_ADDRESSES:
        names.add(listen.strip("[]").lower())
    return frozenset(names)


def host_name(value: str) -> str:
    """The name in a Host header or an origin's authority, without port or brackets: ``[::1]:7878`` -> ``::1``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0].rstrip(".") if value.count(":") == 1 else value.rstrip(".")


class RequestGate:
    """ASGI middleware in front of ``app`` applying the rules above."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str], max_body: int) -> None:
        self.app, self.hosts, self.max_body = app, hosts, max_body

    def _host_allowed(self, name: str) -> bool:
        return ANY_HOST in self.hosts or name in self.hosts

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """(status, reason) when the request is refused before the app sees it, else None."""
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        host = headers.get("host", "")
        if not self._host_allowed(host_name(host)):
            return 421, (f"this server does not answer for the host {host!r}; start kg serve with "
                         "--allow-host NAME to serve a name other than its own")
        navigation = (scope["method"] == "GET" and not scope.get("query_string")
                      and headers.get("sec-fetch-mode") == "navigate")
        origin = headers.get("origin")
        if origin is not None and not navigation:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not self._host_allowed(host_name(parts.netloc)):
                return 403, f"cross-site request refused (Origin: {origin})"
        if headers.get("sec-fetch-site", "").lower() == "cross-site" and not navigation:
            return 403, "cross-site request refused (Sec-Fetch-Site: cross-site)"
        length = headers.get("content-length", "0").strip() or "0"
        if not length.isdigit():
            return 400, "bad Content-Length"
        if int(length) > self.max_body:
            return 413, f"request body larger than {self.max_body} bytes"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_nosniff(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-content-type-options"]
                message["headers"] = [*headers, (b"x-content-type-options", b"nosniff")]
            await send(message)

        refused = self.refusal(scope)
        if refused is not None:
            await _plain(send_nosniff, *refused)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(f"request body larger than {self.max_body} bytes")
            return message

        try:
            await self.app(scope, counted, send_nosniff)
        except BodyTooLarge as exc:
            if started:
                raise
            await _plain(send_nosniff, 413, str(exc))


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
