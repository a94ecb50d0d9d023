"""The endpoint under attack, as a hostile page or a careless user would try it, on a real server over loopback."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import QUERIES
from tests.serve.conftest import resident_bytes, serving_process
from tests.serve.test_guard import SERVICE_SPELLINGS

GIB = 1 << 30
MIB = 1 << 20
ORDER_BY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SMALL = "ASK { ?s ?p ?o }"


class Server:
    """A running `kg serve --timeout 3` and its process id."""

    def __init__(self, base: str, pid: int) -> None:
        self.base, self.pid = base, pid

    def alive(self) -> bool:
        return httpx.get(f"{self.base}/sparql", params={"query": SMALL}, timeout=10).status_code == 200

    def peak_memory_during(self, action: object) -> tuple[int, int, object]:
        """(resident bytes before, the peak while ``action()`` ran, its value), sampled every 10 ms."""
        before = resident_bytes(self.pid)
        peak, done = [before], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], resident_bytes(self.pid))
                time.sleep(0.01)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            value = action()  # type: ignore[operator]
        finally:
            done.set()
            sampler.join()
        return before, peak[0], value


@pytest.fixture(scope="module")
def server(serve_exports: Path) -> Iterator[Server]:
    with serving_process(serve_exports, "--timeout", "3") as (base, process):
        yield Server(base, process.pid)


class Listener:
    """A TCP listener on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(200))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def _matching_store() -> ox.Store:
    """A store with a triple for each of the patterns that SERVICE_SPELLINGS join with their SERVICE call."""
    store = ox.Store()
    subject, predicate = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    for name in ("http://e/a#", "http://e/a'", "http://e/#a%23"):
        store.add(ox.Quad(subject, ox.NamedNode(name), subject))
    for value in (ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                  ox.Literal("a'"), ox.Literal("#"), ox.Literal('"'), ox.Literal("x")):
        store.add(ox.Quad(subject, predicate, value))
    return store


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "?o" + ")" * 5000 + ") }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * 10000) + ") }",
], ids=["groups", "parentheses", "operators"])
def test_nesting_attacks_get_400_and_the_server_stays_up(server: Server, query: str) -> None:
    response = httpx.post(f"{server.base}/sparql", data={"query": query}, timeout=10)
    assert response.status_code == 400, response.text
    assert server.alive()


@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS)
def test_every_service_spelling_is_a_real_call_that_the_server_refuses(
        server: Server, listener: Listener, spelling: str) -> None:
    query = spelling.format(url=listener.url)
    # Evaluated by Oxigraph directly, over data its other patterns match, the spelling does request the URL:
    # it is a real SERVICE call ...
    try:
        list(_matching_store().query(query))
    except OSError:
        pass  # the listener answers nothing a SERVICE call can use; SILENT swallows that
    deadline = time.monotonic() + 5
    while not listener.connections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listener.connections and listener.connections[0].startswith(b"POST")
    reached = len(listener.connections)
    # ... which the endpoint refuses, reaching nothing.
    response = httpx.post(f"{server.base}/sparql", data={"query": query}, timeout=10)
    assert response.status_code == 403 and "SERVICE" in response.text
    time.sleep(0.3)
    assert len(listener.connections) == reached


def test_a_sort_of_a_cross_product_leaves_the_server_under_1_5_gib(server: Server) -> None:
    before, peak, response = server.peak_memory_during(
        lambda: httpx.post(f"{server.base}/sparql", data={"query": ORDER_BY}, timeout=30))
    assert response.status_code in (500, 503)  # stopped at its memory limit or its deadline
    assert "stopped" in response.text or "timed out" in response.text
    assert peak < 1.5 * GIB, f"{peak / MIB:.0f} MiB at the peak"
    time.sleep(0.5)
    assert resident_bytes(server.pid) < before + 200 * MIB  # the worker's memory went with it
    assert server.alive()


def test_runaway_aggregates_time_out_and_then_a_small_query_answers(server: Server) -> None:
    async def attack() -> tuple[list[int], int]:
        async with httpx.AsyncClient(base_url=server.base, timeout=30) as client:
            runaways = [asyncio.create_task(client.post("/sparql", data={"query": RUNAWAY})) for _ in range(6)]
            await asyncio.sleep(1)
            health = await client.get("/health")
            return [r.status_code for r in await asyncio.gather(*runaways)], health.status_code

    runaway_statuses, health_while_busy = asyncio.run(attack())
    assert runaway_statuses == [503] * 6
    assert health_while_busy == 503  # every worker busy: /health says so
    started = time.monotonic()
    response = httpx.get(f"{server.base}/sparql", params={"query": SMALL}, timeout=10)
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert time.monotonic() - started < 2
    health = httpx.get(f"{server.base}/health", timeout=10).json()
    assert health["status"] == "ok" and health["timed_out"] >= 6 and health["replaced"] >= 4


def test_a_200_mb_body_is_refused_without_taking_the_memory(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"query="
        for _ in range(200):
            yield b"a" * MIB

    def post() -> int:
        try:
            return httpx.post(f"{server.base}/sparql", content=chunks(), timeout=30,
                              headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code
        except httpx.TransportError:  # the server may close the connection while the client still sends
            return 413

    for send in (post, lambda: httpx.post(f"{server.base}/sparql", content=b"query=" + b"a" * (200 * MIB), timeout=30,
                                          headers={"Content-Type": "application/sparql-query"}).status_code):
        before, peak, status = server.peak_memory_during(send)
        assert status == 413
        assert peak - before < 100 * MIB, f"{(peak - before) / MIB:.0f} MiB"
    assert server.alive()


@pytest.mark.parametrize(("headers", "status"), [
    ({"Host": "attacker.example"}, 421),
    ({"Host": "attacker.example:7878"}, 421),
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "null"}, 403),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Origin": "http://localhost:7878"}, 200),
    ({"Host": "[::1]:7878"}, 200),
    ({"Sec-Fetch-Site": "same-origin"}, 200),
])
def test_foreign_hosts_and_cross_site_requests_are_refused(server: Server, headers: dict[str, str],
                                                           status: int) -> None:
    for response in (httpx.post(f"{server.base}/sparql", data={"query": SMALL}, headers=headers),
                     httpx.get(f"{server.base}/sparql", params={"query": SMALL}, headers=headers)):
        assert response.status_code == status, response.text
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_page_opened_from_a_link_elsewhere_still_loads(server: Server) -> None:
    navigation = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Accept": "text/html"}
    assert httpx.get(f"{server.base}/", headers=navigation).status_code == 200
    forged = httpx.get(f"{server.base}/sparql", params={"query": SMALL}, headers=navigation)
    assert forged.status_code == 403  # a navigation that carries a query is not let through


def _mutated(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.sampled_from(["{", "}", "(", ")", "\\", "#", "'", '"', "<", ">", "SERVICE", "1", ":",
                                           "\\u0053", "\x00", "\n", "|", "?", "*", "OPTIONAL {", "FILTER(", "€"]))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + piece + text[at + cut:]
    return text


LIBRARY = [path.read_text(encoding="utf-8") for path in sorted(QUERIES.glob("*.rq"))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_and_mutated_queries_never_kill_the_server(server: Server, data: st.DataObject) -> None:
    if data.draw(st.booleans()):
        query = data.draw(st.text(max_size=300))
    else:
        query = _mutated(data.draw(st.sampled_from(LIBRARY)), data)
    response = httpx.post(f"{server.base}/sparql", data={"query": query}, timeout=15)
    assert response.status_code in (200, 400, 403, 406, 413, 500, 503)
    assert server.alive()
