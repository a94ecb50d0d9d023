"""Check 3: a thousand requests in a row over one keep-alive connection, without a single error."""

from __future__ import annotations

import time

import httpx

QUERY = ("PREFIX ckg: <https://w3id.org/congress-kg/ontology#>\n"
         "SELECT ?report ?file WHERE { ?report a ckg:Report ; ckg:fileName ?file } ORDER BY ?file")


def test_thousand_requests_without_error(server: str) -> None:
    failures: list[str] = []
    kinds = 0
    started = time.perf_counter()
    with httpx.Client(base_url=server, timeout=10) as client:
        for i in range(1000):
            match i % 4:
                case 0:
                    response = client.get("/sparql", params={"query": QUERY})
                case 1:
                    response = client.post("/sparql", data={"query": QUERY}, headers={"Accept": "text/csv"})
                case 2:
                    response = client.post("/sparql", content=QUERY.encode(),
                                           headers={"Content-Type": "application/sparql-query",
                                                    "Accept": "application/sparql-results+xml"})
                case _:
                    response = client.get("/health")
            if response.status_code != 200:
                failures.append(f"{i}: {response.status_code} {response.text[:100]}")
            elif i % 4 == 0 and len(response.json()["results"]["bindings"]) != 5:
                failures.append(f"{i}: wrong rows")
            kinds += 1
    elapsed = time.perf_counter() - started
    print(f"\n1000 requests in {elapsed:.2f} s ({1000 / elapsed:.0f}/s)")
    assert kinds == 1000 and failures == []
    assert elapsed < 30
