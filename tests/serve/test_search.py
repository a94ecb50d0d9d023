"""GET /search on kg serve: JSON and a page, the same hits as kg search, bad queries answered 400."""

from __future__ import annotations

import httpx

from kg.search.query import open_index, search


def test_json_hits_are_those_of_kg_search(client: httpx.Client, serve_exports) -> None:
    answer = client.get("/search", params={"q": "extradition AND confiscation", "format": "json"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    hits = answer.json()["hits"]
    with open_index(serve_exports) as db:
        expected = search(db, "extradition AND confiscation", 20)
    assert [(h["document_file"], h["paragraph_number"], h["letter"]) for h in hits] == \
        [(h.document_file, h.paragraph_number, h.letter) for h in expected]
    assert "[extradition]" in hits[0]["snippet"] and hits[0]["meeting_label"]


def test_accept_json_gets_json_and_a_browser_gets_a_page(client: httpx.Client) -> None:
    assert client.get("/search", params={"q": "cybercrime"},
                      headers={"Accept": "application/json"}).json()["hits"]
    page = client.get("/search", params={"q": '"Bangkok Rules"'}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<mark>Bangkok Rules</mark>" in page.text
    assert "004_fb9608fcd46e22f9.txt, para. 15, 5(d) (e)" in page.text
    assert "script" not in page.headers["content-security-policy"] and "<script" not in page.text


def test_a_bad_query_gets_400_with_the_reason(client: httpx.Client) -> None:
    answer = client.get("/search", params={"q": "NOT court", "format": "json"})
    assert answer.status_code == 400 and "NOT needs a term before it" in answer.json()["error"]
    page = client.get("/search", params={"q": "<b>x</b> AND"}, headers={"Accept": "text/html"})
    assert page.status_code == 400 and "<b>x</b>" not in page.text and "&lt;b&gt;x&lt;/b&gt;" in page.text
    assert client.get("/search", params={"q": "x" * 1001, "format": "json"}).status_code == 400


def test_limit_and_kind(client: httpx.Client) -> None:
    hits = client.get("/search", params={"q": "cybercrime", "format": "json", "limit": "2",
                                         "kind": "recommendation"}).json()["hits"]
    assert len(hits) == 2 and {h["kind"] for h in hits} == {"recommendation"}
    assert client.get("/search", params={"format": "json"}).json() == {"query": "", "hits": []}
