"""The request gate's rules on their own: host names, the allow-list and what is refused before the app."""

from __future__ import annotations

import pytest

from kg.serve.gate import RequestGate, allowed_hosts, host_name


@pytest.mark.parametrize(("header", "name"), [
    ("localhost:7878", "localhost"), ("[::1]:7878", "::1"), ("::1", "::1"), ("Example.ORG.", "example.org"),
    ("127.0.0.1", "127.0.0.1"),
])
def test_host_names(header: str, name: str) -> None:
    assert host_name(header) == name


def test_allowed_hosts() -> None:
    assert allowed_hosts("127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert allowed_hosts("0.0.0.0", ["kg.example.org"]) == {"localhost", "127.0.0.1", "::1", "kg.example.org"}
    assert "10.0.0.5" in allowed_hosts("10.0.0.5")


def scope(method: str = "POST", query: bytes = b"", **headers: str) -> dict[str, object]:
    return {"type": "http", "method": method, "query_string": query,
            "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]}


def test_refusals() -> None:
    gate = RequestGate(lambda *_: None, allowed_hosts("127.0.0.1", ["kg.example.org"]), max_body=100)  # type: ignore
    assert gate.refusal(scope(host="kg.example.org")) is None
    assert gate.refusal(scope(host="evil.example"))[0] == 421  # type: ignore[index]
    assert gate.refusal(scope(host="localhost", origin="https://kg.example.org")) is None
    assert gate.refusal(scope(host="localhost", origin="http://evil.example"))[0] == 403  # type: ignore[index]
    assert gate.refusal(scope(host="localhost", content_length="101"))[0] == 413  # type: ignore[index]
    assert gate.refusal(scope(host="localhost", content_length="-1"))[0] == 400  # type: ignore[index]
    navigation = {"host": "localhost", "sec_fetch_site": "cross-site", "sec_fetch_mode": "navigate"}
    assert gate.refusal(scope("GET", **navigation)) is None
    assert gate.refusal(scope("GET", b"query=ASK{}", **navigation))[0] == 403  # type: ignore[index]
    assert gate.refusal(scope("POST", **navigation))[0] == 403  # type: ignore[index]
    anyone = RequestGate(lambda *_: None, allowed_hosts("0.0.0.0", ["*"]), max_body=100)  # type: ignore[arg-type]
    assert anyone.refusal(scope(host="whatever.example")) is None
