"""Word's list numbering (numbering.xml) written out: the ``12.`` or ``(c)`` Word shows before a paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_BULLETS = {"bullet"}


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa, 28 -> bb: Word's (and the UN's) letters."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (decimal, lowerLetter, upperRoman, ...)."""
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", *_BULLETS):
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this level (1-based); None: after any higher level


@dataclass
class Numbering:
    """The lists of one document and their counters, advanced paragraph by paragraph in reading order."""

    abstract: dict[str, dict[int, _Level]]
    nums: dict[str, tuple[str, dict[int, int]]]  # numId -> (abstractNumId, start overrides by level)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: DocxDocument) -> Numbering | None:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return None
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.iterchildren(qn("w:abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in node.iterchildren(qn("w:lvl")):
                level = _Level()
                if (v := _val(lvl, "w:start")) is not None and v.lstrip("-").isdigit():
                    level.start = int(v)
                level.fmt = _val(lvl, "w:numFmt") or "decimal"
                level.text = v if (v := _val(lvl, "w:lvlText")) is not None else ""
                if (v := _val(lvl, "w:lvlRestart")) is not None and v.isdigit():
                    level.restart = int(v)
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = level
            abstract[node.get(qn("w:abstractNumId"), "")] = levels
        nums: dict[str, tuple[str, dict[int, int]]] = {}
        for node in root.iterchildren(qn("w:num")):
            overrides = {}
            for override in node.iterchildren(qn("w:lvlOverride")):
                start = override.find(f"{qn('w:startOverride')}")
                if start is not None and (start.get(qn("w:val")) or "").isdigit():
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start.get(qn("w:val")))
            nums[node.get(qn("w:numId"), "")] = (_val(node, "w:abstractNumId") or "", overrides)
        return cls(abstract, nums)

    def marker(self, p: etree._Element, style_id: str | None, styles: list[etree._Element]) -> str | None:
        """The number or letter Word shows before paragraph ``p`` (its own numPr, else its style's), advancing
        the list's counters; None when it is not in a numbered list."""
        num_id, ilvl = _num_pr(p, styles)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper, other in levels.items():
            if deeper > ilvl and (other.restart is None or other.restart > ilvl):
                counters.pop(deeper, None)
        text = level.text
        for lvl in range(ilvl + 1):
            other = levels.get(lvl, _Level())
            value = counters.get(lvl, other.start)
            text = text.replace(f"%{lvl + 1}", format_number(value, other.fmt))
        if level.fmt in _BULLETS:
            return None
        return text.strip() or None


def _val(node: etree._Element, tag: str) -> str | None:
    child = node.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _num_pr(p: etree._Element, styles: list[etree._Element]) -> tuple[str | None, int]:
    for holder in (p, *styles):
        num_pr = holder.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            continue
        num_id = _val(num_pr, "w:numId")
        ilvl = _val(num_pr, "w:ilvl")
        return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0
    return None, 0
