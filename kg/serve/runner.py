"""Run queries in a bounded pool of worker threads and give up waiting for them after a timeout.

Oxigraph cannot cancel a query: a thread evaluating one runs until the evaluation ends. The pool bounds how
many such threads exist; the caller waits at most ``timeout`` seconds, then answers with an error while the
worker goes on. Two things limit the damage of an abandoned query:

* the result is serialized into a writer that checks the deadline on every write, so a query that streams
  solutions (a large SELECT or CONSTRUCT) stops at the first buffer flush after its deadline;
* a query still waiting in the queue at its deadline is dropped without being started.

A query that computes for long before writing anything (an aggregate over a huge join, say) keeps its worker
busy until it finishes; while every worker is so busy, new queries wait in the queue and time out too. The
workers are daemon threads, so stopping the server does not wait for them.
"""

from __future__ import annotations

import asyncio
import io
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any


class QueryTimeout(Exception):
    """The query did not finish within the timeout."""


class ResultTooLarge(Exception):
    """The serialized result grew past the size limit."""


class Busy(Exception):
    """Too many queries are waiting for a worker."""


class DeadlineWriter(io.RawIOBase):
    """A binary sink for pyoxigraph's serializers that refuses writes past a deadline or a size limit."""

    def __init__(self, deadline: float, max_bytes: int) -> None:
        super().__init__()
        self.deadline, self.max_bytes = deadline, max_bytes
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:  # type: ignore[override]
        if time.monotonic() > self.deadline:
            raise QueryTimeout("deadline passed while writing the result")
        if len(self.buffer) + len(data) > self.max_bytes:
            raise ResultTooLarge(f"result larger than {self.max_bytes} bytes")
        self.buffer += data
        return len(data)


Job = Callable[[float], Any]  # called with the deadline (time.monotonic() clock)


class QueryPool:
    """``workers`` daemon threads taking jobs from one queue; at most ``backlog`` jobs wait for a thread."""

    def __init__(self, workers: int = 4, backlog: int = 32) -> None:
        self.workers = max(1, workers)
        self.backlog = backlog
        self._queue: queue.Queue[tuple[Job, float, Future[Any]]] = queue.Queue()
        self._lock = threading.Lock()
        self.running = 0
        self.served = 0
        self.timed_out = 0
        for index in range(self.workers):
            threading.Thread(target=self._work, name=f"kg-serve-query-{index}", daemon=True).start()

    def _work(self) -> None:
        while True:
            job, deadline, future = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue  # abandoned while waiting: never started
            with self._lock:
                self.running += 1
            try:
                future.set_result(job(deadline))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                future.set_exception(exc)
            finally:
                with self._lock:
                    self.running -= 1
                    self.served += 1

    def waiting(self) -> int:
        return self._queue.qsize()

    async def run(self, job: Job, timeout: float) -> Any:
        """The value of ``job(deadline)`` computed on a worker; QueryTimeout if it takes longer than ``timeout``."""
        if self._queue.qsize() >= self.backlog:
            raise Busy(f"{self._queue.qsize()} queries already waiting")
        deadline = time.monotonic() + timeout
        future: Future[Any] = Future()
        self._queue.put((job, deadline, future))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            future.cancel()  # drops it if still queued; a running evaluation cannot be stopped
            self._count_timeout()
            raise QueryTimeout(f"no result within {timeout:g} s") from None
        except QueryTimeout:  # the result writer stopped it at the deadline
            self._count_timeout()
            raise

    def _count_timeout(self) -> None:
        with self._lock:
            self.timed_out += 1
