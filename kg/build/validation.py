"""The validators run on the built graph, here and now or in a forked process beside the exports."""

from __future__ import annotations

import importlib

from rdflib import Dataset

from kg.build import processes
from kg.build.context import BuildContext
from kg.build.processes import fork_pool
from kg.build.steps import PartsValidator


class Validation:
    """The validators' problems with ``ds``: found here and now, or (``jobs`` > 1) in a forked process while
    this one makes the exports, which are then written only if there were none."""

    def __init__(self, ds: Dataset | None, ctx: BuildContext, names: list[str], jobs: int) -> None:
        self._found: list[str] | None = None
        self._pool = None
        if jobs <= 1 or not names:
            self._found = run_validators(ds, ctx, names)
            return
        self._pool = fork_pool(1, (ds, ctx, names))
        self._pending = self._pool.apply_async(_validate_inherited)

    @property
    def finished(self) -> bool:
        return self._found is not None

    def problems(self) -> list[str]:
        if self._found is None:
            try:
                self._found = self._pending.get()
            finally:
                self.cancel()
        return self._found

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def validates_parts(name: str, ctx: BuildContext) -> bool:
    """Whether the validator ``name`` checks the build's graph in parts (it has validate_parts and the build
    assembled the graph), so it needs no rdflib dataset of the whole."""
    return ctx.parts is not None and isinstance(importlib.import_module(name), PartsValidator)


def run_validators(ds: Dataset | None, ctx: BuildContext, names: list[str]) -> list[str]:
    problems: list[str] = []
    for name in names:
        module = importlib.import_module(name)
        problems += module.validate_parts(ctx.parts, ctx) if validates_parts(name, ctx) else module.validate(ds, ctx)
    return problems


def _validate_inherited() -> list[str]:
    return run_validators(*processes.INHERITED)
