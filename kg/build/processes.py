"""Forked worker processes that see what the build set aside for them, so only tasks and results are pickled."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
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
