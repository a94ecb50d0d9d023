"""search.html in Chromium: the known answers found offline, the same stems and ranking as kg search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.search.query import open_index, search
from tests.search.known import KNOWN


@pytest.fixture(scope="module")
def page(chromium_browser, built_exports: Path):
    tab = chromium_browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto((built_exports / "search.html").as_uri() + "?q=%22Bangkok%20Rules%22")
    tab.wait_for_selector("li.hit")
    tab.errors, tab.requests = errors, requests  # type: ignore[attr-defined]
    yield tab
    tab.close()


def test_the_page_searches_offline_without_error(page) -> None:
    first = page.locator("li.hit").first
    assert "004_fb9608fcd46e22f9.txt, para. 15, 5(d) (e)" in first.inner_text()
    assert first.locator("mark").all_inner_texts() == ["Bangkok", "Rules"]
    assert page.errors == [] and all(url.startswith("file://") for url in page.requests)
    page.fill("#q", "court AND")
    page.click("button")
    assert page.inner_text("#status").startswith("Cannot search")


def test_the_javascript_stemmer_agrees_with_sqlite_on_every_word_of_the_corpus(page) -> None:
    differ = page.evaluate("""() => Object.entries(window.KG_SEARCH.words)
        .filter(([w, s]) => /^[a-z]+$/.test(w) && KG.porter(w) !== s).map(([w, s]) => [w, s, KG.porter(w)])""")
    assert page.evaluate("Object.keys(window.KG_SEARCH.words).length") > 1000
    assert differ == []


@pytest.mark.parametrize(("what", "query", "expected"), KNOWN, ids=[k[0] for k in KNOWN])
def test_known_answers_offline_in_the_same_order_as_kg_search(page, built_exports: Path, what: str, query: str,
                                                               expected: tuple[str, str, int, str]) -> None:
    found = page.evaluate("""(q) => KG.search(q, 3).map(h => { const d = KG.docs[h.doc];
        return [d[1], d[6], d[2], d[3] || ""]; })""", query)
    assert list(expected) in found
    with open_index(built_exports) as db:
        assert found == [[h.document_file, h.kind, h.paragraph_number, h.letter] for h in search(db, query, 3)]


def test_the_offline_data_is_each_documents_share_put_end_to_end(tmp_path: Path) -> None:
    """search.html's postings are made a document at a time (kept in the build's memo): the same data as the
    passages of all documents indexed at once, and a second build takes every share from the memo."""
    from kg.build.memo import Memo
    from kg.search.index import Passage
    from kg.search.offline import document_data, index_data, index_texts

    def passage(file: str, n: int, text: str) -> Passage:
        return Passage(f"x:{file}/{n}", "paragraph", file, n, "", "", "m", "Meeting", "", False, n, "", text)

    texts = {"a.txt": ["States should ratify the Convention.", "Speakers noted ratification of conventions."],
             "b.txt": ["Cybercrime: Mexico and Côte d’Ivoire spoke.", "Ratify; ratified; ratifying the Protocol."]}
    passages = [passage(f, n, t) for f, ts in texts.items() for n, t in enumerate(ts, start=1)]
    whole = document_data([p.text for p in passages])
    memo = Memo(tmp_path / "memo", "fingerprint")
    data = index_data(passages, memo)
    assert (data["lengths"], data["terms"], data["words"]) == (whole["lengths"], whole["terms"], whole["words"])
    assert data["terms"]["ratifi"] == [[0, 2], [3, 0, 1, 2]]  # type: ignore[index]  # b.txt's second is passage 3
    assert memo.misses == 2 and memo.hits == 0
    later = Memo(tmp_path / "memo", "fingerprint")  # the next build's
    assert index_data(passages, later) == data and (later.hits, later.misses) == (2, 0)
    docs = [[p.page, p.document_file, p.paragraph_number, p.letter, p.rpm_item, p.meeting_label, p.kind, p.text]
            for p in passages]
    expected = {"docs": docs, "lengths": whole["lengths"], "terms": whole["terms"], "words": whole["words"]}
    streamed = "".join(index_texts(passages, memo))  # the page's text, written in pieces, is the one JSON text
    assert streamed == json.dumps(expected, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
