"""Inside one query worker: no network where the system allows it, a memory cap, then queries answered until the pipe closes."""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import resource
import signal
from pathlib import Path
from typing import Any

from kg.rdf.query import QueryError, open_store
from kg.serve.evaluate import QueryTimeout, ResultTooLarge, evaluate
from kg.serve.negotiate import NotAcceptable

_CLONE_NEWUSER = 0x10000000


_CLONE_NEWNET = 0x40000000


def _isolate_network() -> bool:
    """Move this (single-threaded) process into a network namespace of its own; False where not allowed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.unshare(_CLONE_NEWNET) == 0 or libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0)
    except (OSError, AttributeError):
        return False


def _limit_memory(limit: int) -> None:
    """Cap the address space a little over the limit the server enforces, so a climb faster than its polling
    ends in an allocation failure here instead of taking the machine's memory."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = limit * 2 + (512 << 20)  # virtual size runs ahead of resident size (thread stacks, allocator arenas)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def worker_main(conn: multiprocessing.connection.Connection, exports: str, memory_limit: int, isolate: bool) -> None:
    """A worker's life: report ready, then answer (version, job, deadline) messages until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which then ends its workers
    isolated = _isolate_network() if isolate else False
    _limit_memory(memory_limit)
    conn.send(("ready", isolated))

    store: Any = None
    opened: object = None
    while True:
        try:
            version, job, deadline = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or version != opened:
                store, opened = open_store(Path(exports)), version
            body, media = evaluate(store, job, deadline)
            answer: tuple[Any, ...] = ("ok", body, media)
        except SyntaxError as exc:
            answer = ("error", "syntax", str(exc))
        except NotAcceptable as exc:
            answer = ("error", "format", str(exc))
        except QueryTimeout as exc:
            answer = ("error", "timeout", str(exc))
        except ResultTooLarge as exc:
            answer = ("error", "too_large", str(exc))
        except QueryError as exc:
            answer = ("error", "parameter", str(exc))
        except MemoryError:
            answer = ("error", "failed", f"the query needed more than its {memory_limit >> 20} MiB of memory")
        except (OSError, ValueError) as exc:
            answer = ("error", "failed", f"query failed: {exc}")
        conn.send(answer)
