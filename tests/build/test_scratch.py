"""Temporary files of a killed build are removed by the next one; those of a running process are left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.build import scratch
from kg.cli import main
from tests.conftest import CORPUS, ROOT


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.startswith((".kg-tmp-", "kg-tmp-")))


def test_only_the_files_of_processes_that_are_gone_are_removed(tmp_path: Path) -> None:
    gone = dead_pid()
    (tmp_path / "viz").mkdir()
    orphans = [tmp_path / f".kg-tmp-{gone}-graph.nq.abc", tmp_path / "viz" / f".kg-tmp-{gone}-page.html.x"]
    for path in orphans:
        path.write_text("half written")
    staged = tmp_path / f".kg-tmp-{gone}-store-new.q1"
    (staged / "db").mkdir(parents=True)
    mine = tmp_path / f"{scratch.prefix('graph.ttl')}zz"
    mine.write_text("being written")
    kept = [tmp_path / ".hidden-user-file", tmp_path / "kg-tmp-notapid-x"]
    for path in kept:
        path.write_text("not ours to delete")
    removed = scratch.remove_orphans(tmp_path)
    assert sorted(removed) == sorted([*orphans, staged])
    assert mine.exists() and all(path.exists() for path in kept)


def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kg", "build", str(CORPUS), "--out", str(out), "--no-cache", "-q"]
    for _attempt in range(5):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while process.poll() is None and not leftovers(out) and time.monotonic() < deadline:
            time.sleep(0.005)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            if leftovers(out):
                break
    left = leftovers(out)
    assert left, "no build was caught while it had temporary files"
    in_tmp = [p for p in Path(tempfile.gettempdir()).glob(f"kg-tmp-{process.pid}-*")]
    assert main(["build", str(CORPUS), "--out", str(out), "--no-viz", "-q"]) == 0
    assert leftovers(out) == []
    assert not any(p.exists() for p in in_tmp)
