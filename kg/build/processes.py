"""Forked worker processes that see what the build set aside for them, so only tasks and results are pickled."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

INHERITED: Any = None  # what the processes of fork_pool see: forking copies it, nothing is pickled


def fork_pool(processes: int, inherited: object) -> multiprocessing.pool.Pool:
    """A pool of forked processes that see ``inherited`` as ``INHERITED`` (the lexicon, or the finished
    dataset): only the tasks' arguments and results cross between processes."""
    global INHERITED
    INHERITED = inherited
    try:
        return multiprocessing.get_context("fork").Pool(processes)
    finally:
        INHERITED = None


def made_in_processes(makers: Sequence[Callable[[], bytes]], processes: int) -> Iterator[bytes]:
    """What each of ``makers`` makes, in their order: in ``processes`` forked processes when there are more than
    one and several makers (each forked process inherits the makers, and only their bytes come back), else here,
    one at a time as they are asked for."""
    if processes <= 1 or len(makers) < 2:
        yield from (make() for make in makers)
        return
    with fork_pool(min(processes, len(makers)), partial(_made_by, makers)) as pool:
        yield from pool.imap(call_inherited, range(len(makers)))


def _made_by(makers: Sequence[Callable[[], bytes]], index: int) -> bytes:
    return makers[index]()


def call_inherited(argument: Any) -> Any:
    """A task of a fork_pool whose ``inherited`` is a function: that function of ``argument``."""
    return INHERITED(argument)
