"""Queries evaluated in worker processes: a crash, a runaway query or a memory hog costs one worker, never the server.

Oxigraph cannot cancel a query, and a few inputs crash its parser or evaluator outright. So the server never
evaluates a query itself: each of ``size`` worker processes opens the store read-only and answers one query
at a time. The server watches the worker while it runs and kills it when the deadline passes or its resident
memory goes over the limit (checked every ``POLL_SECONDS``; an address-space limit set inside the worker stops
a faster climb); a worker that dies for any reason is replaced by a fresh one in the background.

Workers are forked from a forkserver that has imported this module, so a replacement starts in milliseconds
and inherits no thread of the server. Where the system allows it, each worker moves into a network namespace
of its own (no interface but a down loopback): a SERVICE call that slipped past kg.serve.guard would reach
nothing.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.rdf.query import QueryError
from kg.serve.evaluate import QueryJob, QueryTimeout, ResultTooLarge
from kg.serve.negotiate import NotAcceptable
from kg.serve.worker import worker_main

POLL_SECONDS = 0.02
START_SECONDS = 30.0
# Errors a worker reports (kind, message), raised again in the server under their own type.
_ERRORS: dict[str, type[Exception]] = {"syntax": SyntaxError, "format": NotAcceptable, "timeout": QueryTimeout,
                                       "too_large": ResultTooLarge, "parameter": QueryError}
_STOPPED = {"timeout": "timed_out", "memory": "over_memory", "crashed": "crashed"}  # outcome -> PoolCounts field


class Busy(Exception):
    """Too many queries are waiting for a worker."""


class QueryFailed(Exception):
    """The query could not be answered: the engine failed, or the worker crashed or went over its memory."""


@dataclass
class PoolCounts:
    """What the pool has done since it started."""

    served: int = 0
    timed_out: int = 0
    over_memory: int = 0
    crashed: int = 0
    replaced: int = 0


# -- inside a worker -------------------------------------------------------------------------------------------


# -- in the server ---------------------------------------------------------------------------------------------


def _resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context: Any, exports: str, memory_limit: int, isolate: bool) -> None:
        self.memory_limit = memory_limit
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, exports, memory_limit, isolate),
                                       name="kg-serve-worker", daemon=True)
        self.process.start()
        child.close()
        self.isolated = False
        if self.conn.poll(START_SECONDS):
            try:
                _ready, self.isolated = self.conn.recv()
            except (EOFError, OSError):
                pass

    def call(self, version: object, job: QueryJob, deadline: float) -> tuple[str, tuple[Any, ...]]:
        """('answer', the worker's answer) or (why it was stopped: 'timeout', 'memory', 'crashed', details)."""
        try:
            self.conn.send((version, job, deadline))
        except OSError:
            return "crashed", ("the worker had stopped",)
        while True:
            try:
                if self.conn.poll(POLL_SECONDS):
                    return "answer", self.conn.recv()
            except (EOFError, OSError):
                return "crashed", (self._death(),)
            if time.monotonic() > deadline:
                self.stop()
                return "timeout", ()
            resident = _resident_bytes(self.process.pid or 0)
            if resident > self.memory_limit:
                self.stop()
                return "memory", (resident,)
            if not self.process.is_alive():
                return "crashed", (self._death(),)

    def _death(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass
class WorkerPool:
    """``size`` worker processes over the store in ``exports``; at most ``backlog`` queries wait for one."""

    exports: Path
    size: int = 4
    memory_limit: int = 768 << 20
    backlog: int = 32
    isolate_network: bool = True
    counts: PoolCounts = field(default_factory=PoolCounts)

    def __post_init__(self) -> None:
        self.size = max(1, self.size)
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._workers = [self._start() for _ in range(self.size)]
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._threads = ThreadPoolExecutor(self.size + 2, thread_name_prefix="kg-serve-pool")
        self._lock = threading.Lock()
        self.running = 0
        self.waiting = 0

    def _start(self) -> _Worker:
        return _Worker(self._context, str(self.exports), self.memory_limit, self.isolate_network)

    @property
    def idle(self) -> int:
        return self._idle.qsize() if self._idle is not None else self.size

    @property
    def isolated(self) -> bool:
        """Whether every worker runs without a network."""
        return all(worker.isolated for worker in self._workers)

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._loop = asyncio.get_running_loop()
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    async def run(self, version: object, job: QueryJob, timeout: float) -> tuple[bytes, str]:
        """The answer to ``job`` from a worker: (body, content type). Raises Busy, QueryTimeout, QueryFailed, or
        the query's own error (SyntaxError, NotAcceptable, ResultTooLarge)."""
        idle = self._queue()
        if self.waiting >= self.backlog:
            raise Busy(f"{self.waiting} queries already waiting")
        deadline = time.monotonic() + timeout
        worker = await self._take(idle, timeout)
        with self._lock:
            self.running += 1
        future = self._threads.submit(self._call, worker, version, job, deadline)
        outcome, details = await asyncio.shield(asyncio.wrap_future(future))
        if outcome == "answer":
            if details[0] == "ok":
                return details[1], details[2]
            _kind, error, message = details
            if error == "timeout":
                self._count("timed_out")
            raise _ERRORS.get(error, QueryFailed)(message)
        if outcome == "timeout":
            raise QueryTimeout(f"no result within {timeout:g} s; the query was stopped")
        if outcome == "memory":
            raise QueryFailed(f"the query was stopped when it used more than {self.memory_limit >> 20} MiB")
        raise QueryFailed(f"the query engine crashed on this query ({details[0]}); the server goes on")

    async def _take(self, idle: asyncio.Queue[_Worker], timeout: float) -> _Worker:
        self.waiting += 1
        getter = asyncio.ensure_future(idle.get())
        try:
            await asyncio.wait({getter}, timeout=timeout)
        except BaseException:  # the request was cancelled: a worker taken meanwhile goes back
            if getter.done() and not getter.cancelled():
                idle.put_nowait(getter.result())
            getter.cancel()
            raise
        finally:
            self.waiting -= 1
        if not getter.done():
            getter.cancel()
            self._count("timed_out")
            raise QueryTimeout(f"no worker was free within {timeout:g} s")
        return getter.result()

    def _call(self, worker: _Worker, version: object, job: QueryJob, deadline: float) -> tuple[str, tuple[Any, ...]]:
        """Run on a pool thread: the worker's outcome; the worker handed back, or replaced first if it was stopped."""
        try:
            outcome, details = worker.call(version, job, deadline)
        except BaseException:
            outcome, details = "crashed", ("the server lost its pipe",)
        with self._lock:
            self.running -= 1
            self.counts.served += 1
        if outcome != "answer":
            self._count(_STOPPED[outcome])
        if outcome == "answer":
            self._hand_back(worker)
        else:
            self._threads.submit(self._replace, worker)
        return outcome, details

    def _count(self, name: str) -> None:
        with self._lock:
            setattr(self.counts, name, getattr(self.counts, name) + 1)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        fresh = self._start()
        with self._lock:
            self._workers[self._workers.index(worker)] = fresh
        self._count("replaced")
        self._hand_back(fresh)

    def _hand_back(self, worker: _Worker) -> None:
        assert self._loop is not None and self._idle is not None
        self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)
