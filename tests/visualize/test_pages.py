"""Network pages: self-contained files that load offline in Chromium, with search, filters, legend and safe text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.namespaces import DEFAULT_BASE
from kg.rdf.query import run_query
from kg.visualize.declarations import load
from kg.visualize.graph_to_networkx import to_networkx, view
from kg.visualize.pages import VIS_JS, PageRenderer, PageSpec, link
from tests.visualize.conftest import SHOTS, XSS_NAME

OVERVIEW = Path("viz/overview.html")
BRAZIL = Path("viz/state/BRA.html")


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert found, "the page carries its data as JSON"
    return json.loads(found.group(1))


def test_overview_holds_every_entity_of_its_classes(built_exports: Path, store):
    data = page_data((built_exports / OVERVIEW).read_text(encoding="utf-8"))
    classes = " ".join(f"<{c}>" for name in load().views["overview"]["groups"] for c in load().group(name).classes)
    expected = run_query(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c VALUES ?c {{ {classes} }} }}")
    assert len(data["nodes"]) == int(expected.values()[0]["n"]) > 150
    ids = {n["id"] for n in data["nodes"]}
    assert {"state/BRA", "instrument/UNTOC", "meeting/europe-2025"} <= ids
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_pages_share_one_offline_copy_of_vis_js_and_fetch_nothing_else(built_exports: Path):
    assert (built_exports / "viz/assets/vis-network.min.js").read_bytes() == VIS_JS.read_bytes()
    pages = list((built_exports / "viz").rglob("*.html"))
    assert len(pages) > 80
    for path in pages:
        html = path.read_text(encoding="utf-8")
        loaded = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert sorted(Path(url).name for url in loaded) == ["page.css", "page.js", "vis-network.min.js"], path
        assert all((path.parent / url).resolve() == (built_exports / "viz/assets" / Path(url).name).resolve()
                   for url in loaded), path
        assert not re.search(r"\b(?:src|href)=\"(?:https?:)?//", html)
    assert len((built_exports / BRAZIL).read_bytes()) < len(VIS_JS.read_bytes()) / 2  # not inlined


def test_an_entity_page_lists_its_connections_with_quotes(built_exports: Path):
    html = (built_exports / BRAZIL).read_text(encoding="utf-8")
    assert "<h2>Brazil</h2>" in html
    assert "made a statement on" in html and "attended" in html
    assert "<mark>Brazil</mark>" in html and "001_0c7b10fadacc8b35.txt, para. 25" in html
    assert 'href="../meeting/latin-america-and-caribbean-2025.html"' in html
    assert 'href="../../index.html"' in html


def test_names_that_are_html_stay_text(xss_exports: Path):
    page = xss_exports / "viz/organization/hackers-network.html"
    html = page.read_text(encoding="utf-8")
    assert "<img" not in html
    assert "<h2>&lt;img src=x onerror=alert(1)&gt;</h2>" in html
    nodes = {n["id"]: n for n in page_data(html)["nodes"]}
    assert nodes["organization/hackers-network"]["kg"]["tip"]["heading"] == XSS_NAME
    for path in xss_exports.rglob("*.html"):
        assert "<img" not in path.read_text(encoding="utf-8"), path


def test_the_overview_and_meeting_pages_come_with_their_positions_and_no_physics(built_exports: Path):
    for path in [built_exports / OVERVIEW, *sorted((built_exports / "viz/meeting").glob("*.html"))]:
        data = page_data(path.read_text(encoding="utf-8"))
        assert all(isinstance(n.get("x"), float) and isinstance(n.get("y"), float) for n in data["nodes"]), path
        assert options(data)["physics"]["enabled"] is False
        assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])  # no two on one spot
    brazil = page_data((built_exports / BRAZIL).read_text(encoding="utf-8"))  # a small page settles by physics
    assert "x" not in brazil["nodes"][0] and options(brazil)["physics"]["enabled"] is True


def options(data: dict) -> dict:
    """The page's vis.js options (pyvis hands them over as JSON text)."""
    return json.loads(data["options"]) if isinstance(data["options"], str) else data["options"]


def test_labels_claim_their_place_page_node_first_recommendations_last(built_exports: Path):
    data = page_data((built_exports / "viz/meeting/latin-america-and-caribbean-2025.html").read_text(encoding="utf-8"))
    ranked = sorted(data["nodes"], key=lambda n: n["kg"]["rank"])
    assert [n["kg"]["rank"] for n in ranked] == list(range(len(ranked)))
    groups = [n["kg"]["group"] for n in ranked]
    assert ranked[0]["id"] == "meeting/latin-america-and-caribbean-2025"
    assert groups[1:6] == ["AgendaItem"] * 5
    assert set(groups[-89:]) == {"Recommendation"}
    states = [n for n in ranked if n["kg"]["group"] == "State"]
    degree = {n["id"]: sum(1 for e in data["edges"] if n["id"] in (e["from"], e["to"])) for n in states}
    assert degree[states[0]["id"]] >= degree[states[-1]["id"]]  # better connected, earlier


def test_rendering_is_deterministic_and_links_are_relative(union: Graph):
    decl = load()
    graph = to_networkx(union, decl, DEFAULT_BASE)
    renderer = PageRenderer(graph, decl)
    spec = PageSpec("state/BRA.html", "Brazil", view(graph, ["State", "Meeting"], ["attended"]), centre="state/BRA")
    first = renderer.render(spec, "../index.html", "overview.html")
    assert first == renderer.render(spec, "../index.html", "overview.html")
    assert link("state/BRA.html", "meeting/x.html") == "../meeting/x.html"
    assert link("overview.html", "state/BRA.html") == "state/BRA.html"


# -- in the browser --------------------------------------------------------------------------------------
def test_there_is_a_page_per_entity(built_exports: Path, store):
    # Each is opened in the browser by tests/visualize/test_index.py, from a click on the index.
    pages = [built_exports / "index.html", *sorted((built_exports / "viz").rglob("*.html"))]
    with_pages = " ".join(f"<{c}>" for g in load().groups if g.has_page for c in g.classes)
    entities = run_query(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c VALUES ?c {{ {with_pages} }} }}")
    assert len(pages) == 3 + int(entities.values()[0]["n"])  # index, overview, co-statements, one per entity


def test_overview_network_search_filters_and_physics(built_exports: Path, watch, tmp_path: Path):
    path = built_exports / OVERVIEW
    watch.open(path)
    page = watch.page
    expected = len(page_data(path.read_text(encoding="utf-8"))["nodes"])
    assert page.evaluate("kgNodes.length") == expected > 150
    assert page.evaluate("kgNetwork.physics.options.enabled") is False  # settled, then stopped
    groups = {n["kg"]["group"] for n in page_data(path.read_text(encoding="utf-8"))["nodes"]}
    assert page.is_visible("#kg-legend") and page.locator("#kg-legend input.kg-class").count() == len(groups) > 10
    shot(page, tmp_path, "overview.png")

    page.fill("#kg-search", "Brazil")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-search-status").startswith("1 match: Brazil")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == ["state/BRA"]
    assert "ISO 3166 code" in page.text_content("#kg-selection")

    page.uncheck("#kg-legend input.kg-class[value=State]")
    assert page.evaluate("kgNodes.get('state/BRA').hidden") is True
    page.check("#kg-legend input.kg-class[value=State]")
    page.select_option("#kg-meeting", "meeting/europe-2025")
    assert page.evaluate("kgNodes.get('state/BRA').hidden") is True
    assert page.evaluate("kgNodes.get('state/FRA').hidden") is False
    assert watch.errors == []


def test_a_state_page_in_the_browser(built_exports: Path, watch, tmp_path: Path):
    watch.open(built_exports / BRAZIL)
    page = watch.page
    ids = set(page.evaluate("kgNodes.getIds()"))
    assert {"state/BRA", "meeting/latin-america-and-caribbean-2025"} <= ids
    assert page.is_visible("#kg-legend") and page.is_visible("#kg-panel")
    shot(page, tmp_path, "state-BRA.png")
    assert watch.errors == []


def test_html_names_run_no_script_in_the_browser(xss_exports: Path, watch):
    pages = sorted(xss_exports.rglob("*.html"))
    for path in pages:
        watch.open(path, settle=False)
        assert watch.errors == [] and watch.foreign_requests(path) == [], path
    page = watch.page
    watch.open(xss_exports / "viz/organization/hackers-network.html")
    assert page.text_content("#kg-panel h2") == XSS_NAME
    page.fill("#kg-search", "onerror")
    page.press("#kg-search", "Enter")
    assert XSS_NAME in page.text_content("#kg-selection")
    page.mouse.move(10, 10)
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert watch.dialogs == []


def shot(page, folder: Path, name: str) -> None:
    """Screenshot into the test's folder, and a copy in /tmp/viz-shots for a person to look at."""
    target = folder / name
    page.screenshot(path=str(target))
    assert target.stat().st_size > 20_000
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, SHOTS / name)
    except OSError as exc:  # pragma: no cover - the copy is a convenience
        pytest.fail(f"could not copy the screenshot to {SHOTS}: {exc}")
