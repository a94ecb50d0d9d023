"""Networks open readable, in Chromium: no two labels a reader sees overlap, the meeting's and agenda items' labels
among them; zooming in or hovering shows the others; the pages fit a phone's width."""

from __future__ import annotations

import itertools
from pathlib import Path

from tests.visualize.conftest import SHOTS, PageWatch

# Every label vis.js draws now, from its own measures: the node's position (getPositions) and the label's box
# (labelModule.size), both in canvas pixels, turned into page pixels by canvasToDOM. A label counts when its node
# is shown, its text is not blank and vis.js draws it at this zoom (labelModule.visible()).
LABELS = """() => {
  kgNetwork.redraw();
  const at = kgNetwork.getPositions();
  const out = [];
  for (const id of kgNodes.getIds()) {
    const node = kgNetwork.body.nodes[id];
    const text = String(node.options.label || "").trim();
    if (node.options.hidden || !text || !node.labelModule.visible()) continue;
    const s = node.labelModule.size;
    const a = kgNetwork.canvasToDOM({x: s.left, y: s.top});
    const b = kgNetwork.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    const c = kgNetwork.canvasToDOM(at[id]);
    out.push({id, text, group: kgNodes.get(id).kg.group, l: a.x, t: a.y, r: b.x, b: b.y, x: c.x, y: c.y});
  }
  return out;
}"""
CANVAS = "() => { const r = document.getElementById('kg-network').getBoundingClientRect(); return [r.width, r.height]; }"


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    return [(p["text"], q["text"]) for p, q in itertools.combinations(labels, 2)
            if p["l"] < q["r"] and q["l"] < p["r"] and p["t"] < q["b"] and q["t"] < p["b"]]


def network_pages(exports: Path) -> list[Path]:
    return [exports / "viz/overview.html", *sorted((exports / "viz/meeting").glob("*.html"))]


def shot(watch: PageWatch, name: str) -> None:
    """A screenshot in /tmp/viz-shots for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    watch.page.screenshot(path=str(SHOTS / name))


def test_no_two_labels_overlap_on_the_overview_and_the_meeting_pages(built_exports: Path, watch) -> None:
    for path in network_pages(built_exports):
        watch.open(path)
        labels = watch.page.evaluate(LABELS)
        width, height = watch.page.evaluate(CANVAS)
        total = watch.page.evaluate("kgNodes.length")
        assert overlapping(labels) == [], path
        shown = {label["group"] for label in labels}
        assert {"Meeting", "AgendaItem", "State"} <= shown, path  # the meeting and its items can be read
        assert sum(1 for label in labels if label["group"] == "AgendaItem") == watch.page.evaluate(
            "kgNodes.get({filter: n => n.kg.group === 'AgendaItem'}).length"), path
        assert len(labels) >= 0.3 * total, (path, len(labels), total)
        for label in labels:  # each label whole in the canvas, centred under its own node
            assert 0 <= label["l"] and label["r"] <= width and 0 <= label["t"] and label["b"] <= height, label
            assert abs((label["l"] + label["r"]) / 2 - label["x"]) < 1 and label["t"] > label["y"], label
        assert watch.errors == [] and watch.foreign_requests(path) == [], path
        shot(watch, f"labels-{path.stem}.png")


def labelled_share(page) -> float:  # type: ignore[no-untyped-def]
    """The share of the nodes whose centre is in the canvas that show their label."""
    labelled = {label["id"] for label in page.evaluate(LABELS)}
    inside = page.evaluate("""() => {
      const r = document.getElementById('kg-network').getBoundingClientRect(), at = kgNetwork.getPositions();
      return Object.keys(at).filter(id => { const p = kgNetwork.canvasToDOM(at[id]);
        return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; });
    }""")
    return len(labelled & set(inside)) / len(inside)


def test_zooming_in_and_hovering_show_the_labels_left_out(built_exports: Path, watch) -> None:
    path = built_exports / "viz/meeting/latin-america-and-caribbean-2025.html"
    watch.open(path)
    page = watch.page
    fitted = page.evaluate("kgNetwork.getScale()")
    before = {label["id"] for label in page.evaluate(LABELS)}
    hidden = page.evaluate("kgNodes.get({filter: n => !n.label}).map(n => n.id)")
    assert hidden and not set(hidden) & before
    # Hovering a node whose label was left out shows it; leaving it hides it again.
    rec = next(n for n in hidden if "/recommendation/" in n)
    x, y = page.evaluate(f"(() => {{ const p = kgNetwork.canvasToDOM(kgNetwork.getPositions(['{rec}'])['{rec}']); "
                         "const r = document.getElementById('kg-network').getBoundingClientRect(); "
                         "return [r.left + p.x, r.top + p.y]; })()")
    canvas = page.locator("#kg-network").bounding_box()
    corner = (canvas["x"] + 4, canvas["y"] + 4)  # the fit leaves the canvas's corners empty
    page.mouse.move(x - 12, y - 12)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function(f"!!kgNodes.get('{rec}').label", timeout=5_000)
    assert page.evaluate(f"kgNodes.get('{rec}').label").startswith("Recommendation ")
    page.mouse.move(*corner, steps=4)
    page.wait_for_function(f"!kgNodes.get('{rec}').label", timeout=5_000)
    # Zoomed in, labels keep their size on screen, so more of the nodes in view find room for theirs.
    share_before = labelled_share(page)
    for _ in range(10):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(40)
    page.wait_for_function("document.body.dataset.labels === 'placed'", timeout=5_000)
    assert page.evaluate("kgNetwork.getScale()") > 1.8 * fitted
    zoomed = page.evaluate(LABELS)
    assert overlapping(zoomed) == []
    assert labelled_share(page) > share_before + 0.3
    sizes = page.evaluate("kgNodes.get().filter(n => n.label).map(n => n.font.size * kgNetwork.getScale())")
    assert max(sizes) <= 25 and min(sizes) >= 11  # screen pixels, whatever the zoom
    assert watch.errors == []
    shot(watch, "labels-zoomed-in.png")


PHONE_PAGES = ["index.html", "theme_matrix.html", "revisions.html", "ontology.html", "viz/overview.html",
               "viz/meeting/latin-america-and-caribbean-2025.html", "viz/state/BRA.html", "viz/costatements.html"]


def test_pages_at_a_phone_width(built_exports: Path, browser) -> None:
    """At 390 pixels the page never scrolls sideways (only a table or the network inside itself), the network comes
    first and the legend and details below it, and its labels still do not overlap."""
    watch = PageWatch(browser, width=390, height=844)
    try:
        for name in PHONE_PAGES:
            path = built_exports / name
            watch.open(path)
            page = watch.page
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
            if page.query_selector("#kg-network") is None:
                continue
            canvas = page.locator("#kg-network").bounding_box()
            legend = page.locator("#kg-legend").bounding_box()
            assert canvas["width"] <= 390 and legend["y"] >= canvas["y"] + canvas["height"] - 1, name
            assert overlapping(page.evaluate(LABELS)) == [], name
            assert watch.errors == [], name
            if "meeting" in name:
                shot(watch, "phone-meeting.png")
    finally:
        watch.close()
