"""kg serve follows the builds: after `kg build` swaps in a new store, the next query sees the new graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from kg.cli import main
from tests.conftest import CORPUS
from tests.serve.conftest import serving

REPORTS = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/congress-kg/ontology#Report> }"


def _reports(client: httpx.Client) -> int:
    answer = client.post("/sparql", data={"query": REPORTS}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_a_rebuild_is_served_without_a_restart(tmp_path: Path) -> None:
    one, two, out = tmp_path / "one", tmp_path / "two", tmp_path / "out"
    one.mkdir()
    two.mkdir()
    shutil.copy(CORPUS / "002_bba04487c98bd190.txt", one)
    for name in ("002_bba04487c98bd190.txt", "003_681c875d0e20b629.txt"):
        shutil.copy(CORPUS / name, two)
    assert main(["build", str(one), "--out", str(out), "-q", "--no-viz"]) == 0
    with serving(out) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert _reports(client) == 1
        before = client.get("/health").json()["triples"]
        assert main(["build", str(two), "--out", str(out), "-q", "--no-viz"]) == 0
        assert _reports(client) == 2
        assert client.get("/health").json()["triples"] > before
