"""kg/publish/ontology_page.py: a page with every class and property of the ontology, opened in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespaces import CKG, ONTOLOGY_FILE
from kg.publish.ontology_page import PAGE_FILE, local_name, ontology_page

CHROMIUM = "/usr/bin/chromium"
OWN = str(CKG._NS)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _own(g: Graph, kind: object) -> list:
    return sorted(s for s in g.subjects(RDF.type, kind) if str(s).startswith(OWN))


def test_page_shows_every_term_with_label_definition_domain_and_range(onto: Graph) -> None:
    html = ontology_page().decode("utf-8")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in _own(onto, kind):
            start = html.index(f'<section class="term" id="{local_name(term)}">')
            section = html[start:html.index("</section>", start)]
            assert str(onto.value(term, RDFS.label)) in section
            assert str(onto.value(term, SKOS.definition)).replace("'", "&#x27;") in section
            if kind != OWL.Class:
                assert "<th>Domain</th>" in section and "<th>Range</th>" in section, term


def test_page_depends_on_the_ontology_alone(built_exports: Path) -> None:
    assert (built_exports / PAGE_FILE).read_bytes() == ontology_page()
    assert (built_exports / "ontology.ttl").read_bytes() == ONTOLOGY_FILE.read_bytes()


def test_page_opens_in_chromium_and_lists_every_class(built_exports: Path, onto: Graph, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    classes = _own(onto, OWL.Class)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.goto((built_exports / PAGE_FILE).as_uri())
            assert page.title().startswith("congress-kg")
            listed = page.locator("#classes ~ section.term").evaluate_all(
                "nodes => nodes.filter(n => n.querySelector('.kind').textContent === 'owl:Class').map(n => n.id)")
            assert sorted(listed) == sorted(local_name(c) for c in classes)
            for cls in classes:
                heading = page.locator(f'section.term[id="{local_name(cls)}"] h3')
                assert heading.is_visible()
                assert str(onto.value(cls, RDFS.label)) in heading.inner_text()
            page.click('nav a[href="#NGO"]')
            assert page.evaluate("location.hash") == "#NGO"
            page.screenshot(path=str(tmp_path / "ontology.png"), full_page=False)
        finally:
            browser.close()


def test_a_build_takes_the_page_from_its_memo_when_the_ontology_is_the_same(tmp_path: Path) -> None:
    from kg.build.memo import Memo
    from kg.publish import ontology_page as step

    class Context:
        memo = Memo(tmp_path / "memo", "fingerprint")

    made = step.export(None, Context())[PAGE_FILE]  # type: ignore[arg-type]
    assert made == ontology_page() and Context.memo.misses == 1
    Context.memo.put(Context.memo.key(step.PAGE_STEP, ONTOLOGY_FILE.read_bytes(), ordered=True), b"kept")
    Context.memo = Memo(tmp_path / "memo", "fingerprint")  # the next build's
    assert step.export(None, Context())[PAGE_FILE] == b"kept" and Context.memo.hits == 1
