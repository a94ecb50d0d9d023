"""HTML reader (lxml): the page's main content only, each block element a paragraph, list numbers written out."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from kg.read.errors import ReadError
from kg.read.numbering import format_number

# Never content: scripts, menus, banners, footers, forms.
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
              "select", "iframe", "svg", "canvas", "object", "embed", "dialog", "menu")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "dialog"}
_DROP_NAMES = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|banner|sidebar|cookies?|skip|share|"
                         r"social|masthead-nav|site-header|site-footer)(?:$|[\s_-])", re.I)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "td", "th", "caption",
           "figcaption", "div", "section", "article", "main", "address", "tr", "table", "ul", "ol", "dl", "body",
           "center", "hr", "br", "legend", "fieldset", "details", "summary"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TYPES = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman", "1": "decimal"}
_NOTE = re.compile(r"^\s*(?:\d{1,3}|[*†‡])\s*$")


def read_html(data: bytes) -> str:
    """The text of the HTML page ``data``: its ``<main>`` (or ``role=main``, the one ``<article>``, else the
    body) without menus, banners, footers or scripts; each block element on a line of its own with a blank line
    between, headings as ``### ``, ordered lists' numbers (``1.``) and letters (``(a)``) written out."""
    try:
        root = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(no_network=True, remove_comments=True))
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"not a readable HTML page: {exc}") from None
    main = _main(root)
    _drop_boilerplate(main)
    blocks: list[str] = []
    _Walker(blocks).walk(main)
    text = "\n\n".join(b for b in blocks if b)
    if not text.strip():
        raise ReadError("the HTML page holds no text (nothing in its main content once menus, banners and "
                        "scripts are left out)")
    return text + "\n"


def _elements(root: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath that selects only elements finds."""
    found = root.xpath(path)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def _main(root: etree._Element) -> etree._Element:
    for path in ("//main", "//*[@role='main']"):
        found = _elements(root, path)
        if found:
            return found[0]
    articles = _elements(root, "//article")
    if len(articles) == 1:
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


def _drop_boilerplate(main: etree._Element) -> None:
    doomed = []
    for element in main.iter():
        if not isinstance(element.tag, str) or element is main:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if (element.tag in _DROP_TAGS or element.get("role") in _DROP_ROLES or element.get("hidden") is not None
                or element.get("aria-hidden") == "true" or _DROP_NAMES.search(names)):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None and any(a is main for a in element.iterancestors()):
            tail = element.tail
            parent.remove(element)
            if tail:
                _append_text(parent, tail)


def _append_text(parent: etree._Element, text: str) -> None:
    children = list(parent)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class _Walker:
    """Collects the blocks: inline text gathers until a block element starts or ends."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.buffer: list[str] = []
        self.heading = False

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.blocks.append(("### " + text) if self.heading else text)
        self.heading = False

    def walk(self, element: etree._Element, marker: str = "") -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCKS:
            self.flush()
            self.heading = tag in _HEADINGS
            if marker:
                self.buffer.append(marker + " ")
        if tag == "sup" and isinstance(element, lxml.html.HtmlElement) and _NOTE.match(element.text_content() or ""):
            self.buffer.append(f"[^{element.text_content().strip()}]")
        elif tag in ("ol", "ul"):
            self._list(element)
        else:
            if element.text and tag:
                self.buffer.append(element.text)
            for child in element:
                self.walk(child)
        if tag in _BLOCKS:
            self.flush()
        if element.tail:
            self.buffer.append(element.tail)

    def _list(self, element: etree._Element) -> None:
        self.flush()
        ordered = element.tag == "ol"
        fmt = _TYPES.get(element.get("type", "1"), "decimal")
        start = element.get("start") or ""
        number = int(start) if start.lstrip("-").isdigit() else 1
        for child in element:
            tag: object = child.tag  # a function, not a string, for a comment or processing instruction
            if not isinstance(tag, str):
                continue
            value = child.get("value") or ""
            if child.tag == "li" and value.isdigit():
                number = int(value)
            marker = ""
            if ordered and child.tag == "li":
                label = format_number(number, fmt)
                marker = f"({label})" if fmt in ("lowerLetter", "lowerRoman") else f"{label}."
                number += 1
            self.walk(child, marker)
