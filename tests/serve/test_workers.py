"""The worker processes: a crash, a runaway query or a memory hog costs one worker, never the server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.serve.evaluate import QueryJob, QueryTimeout
from kg.serve.workers import QueryFailed, WorkerPool
from tests.serve.test_attacks import Listener

# Unchecked by kg.serve.guard here, these reach the engine: the first overflows its stack (a segmentation fault
# in pyoxigraph 0.5), the second grows without bound while it sorts.
CRASH = "SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * 20000) + ") }"
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
SMALL = QueryJob("ASK { ?s ?p ?o }")


@pytest.fixture(scope="module")
def pool(serve_exports: Path) -> Iterator[WorkerPool]:
    workers = WorkerPool(serve_exports, size=2, memory_limit=160 << 20)
    LOOP[id(workers)] = asyncio.new_event_loop()  # the pool belongs to one event loop, as in the server
    yield workers
    workers.close()
    LOOP.pop(id(workers)).close()


LOOP: dict[int, asyncio.AbstractEventLoop] = {}


def run(pool: WorkerPool, job: QueryJob, timeout: float = 20) -> tuple[bytes, str]:
    async def go() -> tuple[bytes, str]:
        try:
            return await pool.run("v1", job, timeout)
        finally:
            for _ in range(200):  # a stopped worker is replaced in the background
                if pool.idle == pool.size:
                    break
                await asyncio.sleep(0.05)

    return LOOP[id(pool)].run_until_complete(go())


def test_a_query_is_answered_in_a_worker(pool: WorkerPool) -> None:
    body, media = run(pool, SMALL)
    assert media == "application/sparql-results+json" and b'"boolean":true' in body


def test_a_crash_in_the_engine_costs_one_worker(pool: WorkerPool) -> None:
    crashed = pool.counts.crashed
    with pytest.raises(QueryFailed, match="crashed"):
        run(pool, QueryJob(CRASH))
    assert pool.counts.crashed == crashed + 1
    assert b'"boolean":true' in run(pool, SMALL)[0]


def test_a_query_over_its_memory_is_stopped(pool: WorkerPool) -> None:
    with pytest.raises(QueryFailed, match="more than 160 MiB"):
        run(pool, QueryJob(HOG), timeout=60)
    assert pool.counts.over_memory >= 1
    assert b'"boolean":true' in run(pool, SMALL)[0]


def test_a_query_past_its_deadline_is_stopped(pool: WorkerPool) -> None:
    replaced = pool.counts.replaced
    with pytest.raises(QueryTimeout):
        run(pool, QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"), timeout=0.5)
    assert pool.counts.replaced == replaced + 1
    assert b'"boolean":true' in run(pool, SMALL)[0]


def test_workers_have_no_network(pool: WorkerPool) -> None:
    assert pool.isolated
    listener = Listener()
    try:
        with pytest.raises(QueryFailed):
            run(pool, QueryJob(f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    finally:
        listener.close()
    assert listener.connections == []
