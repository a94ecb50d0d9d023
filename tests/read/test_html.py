"""Web pages: the main content only, block elements as paragraphs, ordered lists' numbers written out."""

from __future__ import annotations

from pathlib import Path

from kg.read import read_source

PAGE = """<!DOCTYPE html><html><head><title>RPM</title><style>p {}</style></head><body>
<div class="site-header"><a href="/">UNODC</a><ul class="menu"><li>Home</li><li>Congress</li></ul></div>
<nav><a href="/news">News</a></nav>
<div id="content"><h1>Draft report</h1>
<p>Rapporteur: <b>Sheraz Ali</b> (Pakistan)</p>
<ol start="11"><li>The following recommendations were identified:
  <ol type="a"><li>Strengthen cooperation;</li><li>Promote <i>technical</i> assistance.<sup>2</sup></li></ol></li></ol>
<div class="cookie-banner">We use cookies.</div>
<table><tr><td>A/CONF.241/1</td><td>Agenda</td></tr></table></div>
<footer>Copyright United Nations</footer><script>track();</script></body></html>"""


def test_the_page_s_content_without_its_menus(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    source = read_source(path)
    assert source.media_type == "text/html"
    assert source.text.rstrip("\n").split("\n\n") == [
        "### Draft report", "Rapporteur: Sheraz Ali (Pakistan)", "11. The following recommendations were identified:",
        "(a) Strengthen cooperation;", "(b) Promote technical assistance.[^2]", "A/CONF.241/1", "Agenda"]


def test_main_wins_over_the_rest_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<html><body><p>Menu text</p><main><p>1. A paragraph.</p></main><p>Footer</p></body></html>",
                    encoding="utf-8")
    assert read_source(path).text == "1. A paragraph.\n"
