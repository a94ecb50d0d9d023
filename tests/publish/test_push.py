"""kg push uploads the built named graphs to a Graph Store Protocol endpoint: a real Oxigraph server, and a
recording HTTP server for authentication and errors, all on loopback."""

from __future__ import annotations

import base64
import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.publish.push import Graph as PushGraph
from kg.publish.push import graph_url, split

KG = "https://w3id.org/congress-kg/id/graph/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- a real Oxigraph server ------------------------------------------------------------------------------------

@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """The base URL of an `oxigraph serve` (the PyPI package `oxigraph`, a test extra) on a free loopback port."""
    exe = shutil.which("oxigraph", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    assert exe, "the oxigraph server is missing: pip install oxigraph (it is in the test extras)"
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "oxigraph.log").read_text()
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "oxigraph did not start within 30 s"
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


Triples = set[ox.Triple]
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + name for name in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                         "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                         "unsignedInt", "unsignedShort", "unsignedByte")}


@functools.cache
def local_graphs(exports: Path) -> dict[str, Triples]:
    """The named graphs of exports/graph.nq. It has no default-graph triples and, the build minting an IRI for every
    node, no blank nodes: so two graphs are isomorphic exactly when they hold the same set of triples."""
    graphs: dict[str, Triples] = {}
    for quad in ox.parse(path=str(exports / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        assert not isinstance(quad.graph_name, ox.DefaultGraph)
        assert not any(isinstance(term, ox.BlankNode) for term in quad.triple)
        graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    return graphs


def as_oxigraph_stores(triples: Triples) -> Triples:
    """``triples`` as Oxigraph gives them back: it stores numbers by value, so an xsd:nonNegativeInteger (and the other
    integer types) comes back as xsd:integer, and an xsd:decimal in its shortest form ("0.930" as "0.93")."""
    def canonical(term: ox.Literal) -> ox.Literal:
        datatype = term.datatype.value
        if datatype in INTEGER_TYPES:
            return ox.Literal(str(int(term.value)), datatype=ox.NamedNode(XSD + "integer"))
        if datatype == XSD + "decimal":
            return ox.Literal(format(Decimal(term.value).normalize(), "f"), datatype=term.datatype)
        return term
    return {ox.Triple(t.subject, t.predicate, canonical(t.object)) if isinstance(t.object, ox.Literal) else t
            for t in triples}


def store_graph(base: str, iri: str | None) -> Triples:
    """A graph of the store (None: its default graph), read back with a Graph Store Protocol GET."""
    response = httpx.get(graph_url(f"{base}/store", iri), headers={"Accept": "application/n-triples"}, timeout=30)
    response.raise_for_status()
    return {quad.triple for quad in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)}


def store_graph_names(base: str) -> set[str]:
    response = httpx.get(f"{base}/store", headers={"Accept": "application/n-quads"}, timeout=30)
    response.raise_for_status()
    return {q.graph_name.value for q in ox.parse(response.content, format=ox.RdfFormat.N_QUADS)
            if not isinstance(q.graph_name, ox.DefaultGraph)}


def assert_store_holds(base: str, expected: dict[str, Triples], others: frozenset[str] = frozenset()) -> None:
    assert store_graph_names(base) == set(expected) | others
    for iri, triples in expected.items():
        got = store_graph(base, iri)
        assert got == as_oxigraph_stores(triples), (iri, len(got), len(triples))


def put(base: str, iri: str, ntriples: str, method: str = "PUT") -> None:
    httpx.request(method, f"{base}/store", params={"graph": iri}, content=ntriples.encode(),
                  headers={"Content-Type": "application/n-triples"}, timeout=10).raise_for_status()


def test_push_to_oxigraph_puts_every_named_graph_and_replaces_on_a_second_push(
        oxigraph: str, built_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = local_graphs(built_exports)
    assert len(expected) == 7 and f"{KG}reference" in expected and f"{KG}derived" in expected
    stray = '<http://example.org/stray> <http://example.org/p> "left over" .\n'
    put(oxigraph, f"{KG}reference", stray)  # a graph the push owns: PUT replaces it, the stray triple goes
    put(oxigraph, "http://example.org/other", stray)  # a graph the push does not touch: it stays

    assert main(["push", f"{oxigraph}/store", "--exports", str(built_exports)]) == 0
    out, err = capsys.readouterr()
    quads = sum(len(g) for g in expected.values())
    assert out.startswith(f"pushed 7 graphs, {quads} triples (") and f"to {oxigraph}/store in " in out
    assert err.count(" PUT graph <") == 7 and "HTTP 201" in err
    assert_store_holds(oxigraph, expected, frozenset({"http://example.org/other"}))
    assert len(store_graph(oxigraph, None)) == 0

    # Again, with bodies small enough that the large graphs go as a PUT and POSTs: the PUT still replaces.
    put(oxigraph, f"{KG}derived", stray, method="POST")  # added to the pushed triples: the second push drops it
    assert main(["push", f"{oxigraph}/store", "--exports", str(built_exports), "--chunk-size", "0.3"]) == 0
    err = capsys.readouterr().err
    assert " POST graph <" in err and " part 2/" in err
    assert_store_holds(oxigraph, expected, frozenset({"http://example.org/other"}))
    assert len(store_graph(oxigraph, "http://example.org/other")) == 1


def test_push_turtle_and_the_union_into_the_default_graph(oxigraph: str, built_exports: Path) -> None:
    expected = local_graphs(built_exports)
    args = ["push", f"{oxigraph}/store", "--exports", str(built_exports), "--format", "turtle", "--default-graph",
            "--chunk-size", "0.3", "-q"]
    assert main(args) == 0
    assert_store_holds(oxigraph, expected)
    union = set().union(*expected.values())
    assert store_graph(oxigraph, None) == as_oxigraph_stores(union)
    assert union == {q.triple for q in ox.parse(path=str(built_exports / "graph.ttl"), format=ox.RdfFormat.TURTLE)}


# --- a recording server for authentication and errors --------------------------------------------------------

class Recorder(ThreadingHTTPServer):
    """Answers 204 to requests whose Authorization is accepted, else 401; or `fail` = (status, body); records all."""

    def __init__(self, accepted: set[str | None]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.accepted = accepted
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.fail: tuple[int, str] | None = None
        self.delay = 0.0
        self.trickle = 0.0  # seconds between the bytes of the answer, status line included

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Recorder

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        time.sleep(self.server.delay)
        status, text = 204, ""
        if self.headers.get("Authorization") not in self.server.accepted:
            status, text = 401, "Unauthorized: bad credentials for realm kg\n"
        elif self.server.fail:
            status, text = self.server.fail
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.send_header("Content-Length", str(len(text.encode())))
        if not self.server.trickle:
            self.end_headers()
            self.wfile.write(text.encode())
            return
        self._headers_buffer.append(b"\r\n")  # end_headers without the flush, so the bytes can trickle
        answer = b"".join(self._headers_buffer) + text.encode()
        self._headers_buffer = []
        for byte in answer:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return  # the client gave up
            time.sleep(self.server.trickle)

    do_PUT = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        pass


def serve(accepted: set[str | None]) -> Iterator[Recorder]:
    server = Recorder(accepted)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


BASIC = "Basic " + base64.b64encode(b"alice:s3cret").decode()
BEARER = "Bearer t0k3n"


@pytest.fixture
def guarded() -> Iterator[Recorder]:
    """A store that takes alice:s3cret (basic) or the token t0k3n (bearer)."""
    yield from serve({BASIC, BEARER})


@pytest.fixture
def open_store() -> Iterator[Recorder]:
    yield from serve({None})


@pytest.fixture(autouse=True)
def no_credentials_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_PUSH_PASSWORD", raising=False)
    monkeypatch.delenv("KG_PUSH_TOKEN", raising=False)


def test_basic_auth_from_the_environment_is_sent_with_every_request(
        guarded: Recorder, built_exports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PUSH_PASSWORD", "s3cret")
    assert main(["push", f"{guarded.url}/ds/data", "--exports", str(built_exports), "--user", "alice", "-q"]) == 0
    assert len(guarded.requests) == 7
    assert {r[2]["Authorization"] for r in guarded.requests} == {BASIC}
    assert {r[0] for r in guarded.requests} == {"PUT"}
    assert {r[2]["Content-Type"] for r in guarded.requests} == {"application/n-triples"}
    graphs = [parse_qs(urlsplit(path).query)["graph"][0] for _m, path, _h, _b in guarded.requests]
    assert graphs == sorted(local_graphs(built_exports))
    lines = sum(body.count(b"\n") for *_rest, body in guarded.requests)
    assert lines == (built_exports / "graph.nq").read_bytes().count(b"\n")


def test_bearer_token_from_option_or_environment(guarded: Recorder, built_exports: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["push", guarded.url, "--exports", str(built_exports), "--token", "t0k3n", "--method", "post"]) == 0
    monkeypatch.setenv("KG_PUSH_TOKEN", "t0k3n")
    assert main(["push", guarded.url, "--exports", str(built_exports)]) == 0
    assert {r[2]["Authorization"] for r in guarded.requests} == {BEARER}
    assert [r[0] for r in guarded.requests] == ["POST"] * 7 + ["PUT"] * 7


@pytest.mark.parametrize("auth", [["--user", "alice", "--password", "wrong"], ["--token", "nope"], []])
def test_wrong_or_no_credentials_fail_at_the_first_graph(guarded: Recorder, built_exports: Path, auth: list[str],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["push", f"{guarded.url}/store", "--exports", str(built_exports), *auth]) == 2
    err = capsys.readouterr().err
    first = sorted(local_graphs(built_exports))[0]
    assert (f"error: PUT graph <{first}>: HTTP 401 Unauthorized: Unauthorized: bad credentials for realm kg "
            "(check --user/--password or --token)") in err
    assert len(guarded.requests) == 1  # stops at the first failure


def test_credential_mistakes_are_caught_before_sending(open_store: Recorder, built_exports: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    base = ["push", open_store.url, "--exports", str(built_exports)]
    assert main([*base, "--user", "alice", "--token", "t"]) == 2
    assert "give --user (basic auth) or --token (bearer), not both" in capsys.readouterr().err
    assert main([*base, "--user", "alice"]) == 2  # stdin is no terminal under pytest: no prompt
    assert "--user alice needs a password: set KG_PUSH_PASSWORD or give --password" in capsys.readouterr().err
    assert main([*base, "--password", "x"]) == 2
    assert "--password needs --user" in capsys.readouterr().err
    assert open_store.requests == []


def test_graph_iris_are_percent_encoded_and_the_endpoint_query_kept(open_store: Recorder, tmp_path: Path) -> None:
    odd = "http://example.org/g?a=1&b=2#frag/é"
    (tmp_path / "graph.nq").write_text(f'<http://example.org/s> <http://example.org/p> "o" <{odd}> .\n'
                                       '<http://example.org/s> <http://example.org/p> "o2" <http://example.org/h> .\n',
                                       encoding="utf-8")
    assert main(["push", f"{open_store.url}/repositories/r/rdf-graphs/service?x=1", "--exports", str(tmp_path),
                 "--default-graph", "-q"]) == 0
    paths = [path for _m, path, _h, _b in open_store.requests]
    assert paths == ["/repositories/r/rdf-graphs/service?x=1&graph=http%3A%2F%2Fexample.org%2Fg%3Fa%3D1%26b%3D2"
                     "%23frag%2F%C3%A9",
                     "/repositories/r/rdf-graphs/service?x=1&graph=http%3A%2F%2Fexample.org%2Fh",
                     "/repositories/r/rdf-graphs/service?x=1&default"]
    assert parse_qs(urlsplit(paths[0]).query)["graph"] == [odd]
    assert open_store.requests[2][3].count(b"\n") == 2  # the union


def test_a_server_error_names_the_graph_status_and_an_excerpt(open_store: Recorder, built_exports: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    open_store.fail = (413, "Request Entity Too Large\n" + "x" * 1000)
    assert main(["push", open_store.url, "--exports", str(built_exports)]) == 2
    err = capsys.readouterr().err
    assert "HTTP 413 Request Entity Too Large: Request Entity Too Large xxx" in err
    assert "x" * 400 not in err and "...  (" not in err
    assert "(the body is too large for the store or a proxy: try a smaller --chunk-size)" in err


def test_a_store_that_does_not_answer_in_time(open_store: Recorder, built_exports: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    open_store.delay = 1.5
    assert main(["push", open_store.url, "--exports", str(built_exports), "--timeout", "0.3"]) == 2
    assert f"no complete answer from {open_store.url} within the timeout of 0.3 s (" in capsys.readouterr().err


def test_a_store_that_answers_a_byte_at_a_time_is_given_up_at_the_timeout(
        open_store: Recorder, built_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_store.trickle = 0.2  # each read gets a byte well within the timeout; the whole answer never does
    started = time.monotonic()
    assert main(["push", open_store.url, "--exports", str(built_exports), "--timeout", "1"]) == 2
    assert time.monotonic() - started < 3
    assert "within the timeout of 1 s (the whole request)" in capsys.readouterr().err


def test_terminal_escapes_in_the_stores_answer_are_shown_not_run(open_store: Recorder, built_exports: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    open_store.fail = (500, "\x1b]0;owned\x07\x1b[31mboom\x1b[0m")
    assert main(["push", open_store.url, "--exports", str(built_exports)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b]0;owned\\x07\\x1b[31mboom" in err


def test_dry_run_lists_the_requests_and_sends_nothing(open_store: Recorder, built_exports: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["push", open_store.url, "--exports", str(built_exports), "--dry-run", "--chunk-size", "1"]) == 0
    out = capsys.readouterr().out
    assert open_store.requests == []
    lines = out.splitlines()
    assert [line.split()[0] for line in lines].count("PUT") == 7 and "POST" in out and " part 1/" in out
    quads = (built_exports / "graph.nq").read_bytes().count(b"\n")
    assert lines[-1] == f"dry run: {len(lines) - 1} requests for 7 graphs ({quads} quads); nothing sent"


# --- errors before or without a store ---------------------------------------------------------------------------

def test_unreachable_endpoint(built_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    assert main(["push", url, "--exports", str(built_exports)]) == 2
    err = capsys.readouterr().err
    assert f"error: PUT graph <{sorted(local_graphs(built_exports))[0]}>: cannot reach {url}: " in err


def test_no_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["push", "http://127.0.0.1:9/store", "--exports", str(tmp_path / "none")]) == 2
    assert f"error: {tmp_path / 'none' / 'graph.nq'}: no such file (run `kg build` first" in capsys.readouterr().err


def test_not_an_http_endpoint(built_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["push", "localhost:7878/store", "--exports", str(built_exports)]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err


def test_split_keeps_bodies_under_the_limit_and_blank_node_graphs_whole() -> None:
    lines = [f"<http://e/s{i}> <http://e/p> <http://e/o> .\n" for i in range(10)]
    size = len(lines[0])
    assert split(PushGraph("g", lines), 3 * size) == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert split(PushGraph("g", lines), 0) == [(0, 10)]
    assert split(PushGraph("g", lines), 1) == [(i, i + 1) for i in range(10)]  # one line over the limit still goes
    assert split(PushGraph("g", lines, has_blank_nodes=True), 3 * size) == [(0, 10)]
