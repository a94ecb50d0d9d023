"""Fixtures of the endpoint tests: `kg serve` run as a real uvicorn server in a subprocess on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import CORPUS, QUERIES, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(exports: Path, *options: str) -> Iterator[str]:
    """`python -m kg serve --exports EXPORTS OPTIONS` from this checkout; yields its base URL, stops it after."""
    with serving_process(exports, *options) as (base, _process):
        yield base


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (the server, its forkserver and query workers)."""
    pids, index = [pid], 0
    while index < len(pids):
        try:
            children = Path(f"/proc/{pids[index]}/task/{pids[index]}/children").read_text().split()
        except OSError:
            children = []
        pids += [int(child) for child in children]
        index += 1
    return pids


def resident_bytes(pid: int) -> int:
    """The resident memory of ``pid`` and every process below it, now."""
    total = 0
    for member in process_tree(pid):
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total


@contextlib.contextmanager
def serving_process(exports: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As :func:`serving`, yielding the server's process too."""
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--exports", str(exports), "--port", str(port),
               "--queries", str(QUERIES), "--quiet", "--log-level", "warning", *options]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kg serve exited with {process.returncode}: {process.stderr.read().decode()}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not answer /health within 30 s")
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="session")
def serve_exports(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built: the suite's shared build when other tests need it anyway, else a quicker one
    without the HTML pages (the endpoint reads only graph.nq and graph.ttl), to keep tests/serve alone fast."""
    here = Path(__file__).resolve().parent
    if any("built_exports" in getattr(item, "fixturenames", ()) and here not in Path(item.path).parents
           for item in request.session.items):
        return request.getfixturevalue("built_exports")
    from kg.cli import main

    out = tmp_path_factory.mktemp("serve-exports")
    assert main(["build", str(CORPUS), "--out", str(out), "--quiet", "--no-viz"]) == 0
    return out


@pytest.fixture(scope="session")
def serve_store(serve_exports: Path):
    """The query store `kg query` would use over the same build."""
    from kg.rdf.query import open_store

    return open_store(serve_exports)


@pytest.fixture(scope="session")
def server(serve_exports: Path) -> Iterator[str]:
    """Base URL of one `kg serve` over the bundled corpus, shared by the endpoint tests."""
    with serving(serve_exports, "--timeout", "30") as base:
        yield base


@pytest.fixture()
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as http:
        yield http


def parameterless_queries() -> list[Path]:
    """The files of queries/ that run without a --param."""
    out = []
    for path in sorted(QUERIES.glob("*.rq")):
        header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# parameters:")]
        if not header or header[0].split(":", 1)[1].strip() == "none":
            out.append(path)
    return out
