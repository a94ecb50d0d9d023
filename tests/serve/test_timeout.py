"""Check 4: a query longer than --timeout gets 503, its worker process is stopped and replaced, and the server goes on
answering."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.serve.conftest import serving

STREAMING = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 3-way cross product, rows as they come
SILENT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # same join, nothing written until done
SMALL = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def slow_server(serve_exports: Path) -> Iterator[str]:
    """A server with a half-second timeout and two worker processes."""
    with serving(serve_exports, "--timeout", "0.5", "--workers", "2") as base:
        yield base


def test_streaming_query_times_out_and_its_worker_is_freed(slow_server: str) -> None:
    with httpx.Client(base_url=slow_server, timeout=10) as client:
        started = time.monotonic()
        response = client.post("/sparql", data={"query": STREAMING})
        assert response.status_code == 503, response.text[:200]
        assert "timed out" in response.text and time.monotonic() - started < 3
        deadline = time.monotonic() + 5
        while client.get("/health").json()["running"] and time.monotonic() < deadline:
            time.sleep(0.05)
        health = client.get("/health").json()
        assert health["running"] == 0  # the worker was stopped at the deadline
        assert health["timed_out"] >= 1
        assert client.get("/sparql", params={"query": SMALL}).json()["boolean"] is True


def test_runaway_aggregate_times_out_and_server_keeps_serving(slow_server: str) -> None:
    with httpx.Client(base_url=slow_server, timeout=10) as client:
        replaced = client.get("/health").json()["replaced"]
        response = client.post("/sparql", data={"query": SILENT})
        assert response.status_code == 503 and "timed out" in response.text
        assert response.headers["retry-after"]
        deadline = time.monotonic() + 5  # the aggregate's worker is killed and a fresh one takes its place
        while client.get("/health").json()["idle"] < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        health = client.get("/health").json()
        assert health["running"] == 0 and health["idle"] == 2 and health["replaced"] == replaced + 1
        for _ in range(20):  # both workers answer
            assert client.get("/sparql", params={"query": SMALL}).json()["boolean"] is True
