"""The forms that name who spoke: the phrases that introduce a list of speakers, clauses, titles and capacities."""

from __future__ import annotations

import re

from kg.structure.model import CleanText

# "Statements were (also|furthermore) made by ..." / "A statement was made by ..." / "... with statements from ..."
MADE_BY = re.compile(
    r"\bstatements?\s+(?:was|were)\s+(?:(?:also|further|furthermore|subsequently|then)\s+)*(?:made|delivered|given)\s+by\s+"
    r"|\b(?:opening\s+|introductory\s+|keynote\s+)?statements?\s+(?:from|by)\s+"
    r"|\b(?:was|were)\s+(?:also\s+)?addressed\s+by\s+"
    # Press texts: "Also speaking were the representatives of ...", "Other speakers included ..."
    r"|\bspeaking\s+(?:were|was)\s+(?:also\s+)?|\bspeakers\s+(?:also\s+)?(?:included|were)\s+",
    re.I,
)


# "The observers for INTERPOL and OSCE also made statements." / "The representatives of Italy and Portugal also
# spoke." / "... also took the floor."
SUBJECT_MADE = re.compile(
    r"^(?P<who>.+?)\s+(?:(?:also|further|furthermore|subsequently)\s+)*"
    r"(?:(?:made|delivered|gave)\s+(?:a\s+|joint\s+)?statements?|spoke|took\s+the\s+floor)\b",
    re.I,
)


CAPACITY_MARK = re.compile(
    r"\b(?:by\s+)?(?:the\s+|a\s+|an\s+)?(?P<cap>representatives?|observers?)\s+(?:of|for)\s*:?\s+", re.I
)


CAPACITY_CLAUSE = re.compile(
    r",?\s+in\s+(?:her|his|their|its)\s+capacity\s+as\s+(?:an?\s+)?(?P<cap>observer|representative)s?\b", re.I
)


# "... the observers for the following intergovernmental organizations: A, B"
FOLLOWING = re.compile(r"^(?:the\s+)?following\s+(?P<header>[^:]{3,200}?)\s*:\s*", re.I)


TAIL = re.compile(r"\s*(?:,\s*(?:also\s+)?on\s+behalf\s+of\b.*)?[.;:]?\s*$", re.I)


def clauses_of(clean: CleanText) -> list[CleanText]:
    """``clean`` cut at commas outside parentheses."""
    depth, cuts = 0, [0]
    for i, ch in enumerate(clean.text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            cuts.extend([i, i + 1])
    cuts.append(len(clean.text))
    pieces = (clean.slice(cuts[i], cuts[i + 1]).strip() for i in range(0, len(cuts), 2))
    return [p for p in pieces if p.text]


def semicolon_pieces(clean: CleanText) -> list[CleanText]:
    """``clean`` cut at semicolons outside parentheses."""
    depth, start, out = 0, 0, []
    for i, ch in enumerate(clean.text):
        depth += (ch == "(") - (ch == ")")
        if ch == ";" and depth == 0:
            out.append(clean.slice(start, i).strip())
            start = i + 1
    out.append(clean.slice(start).strip())
    return [p for p in out if p.text]


def lead_article(text: str) -> int:
    m = ARTICLE.match(text)
    return m.end() if m else 0


def is_capacity_mark(title: str) -> bool:
    """A title that is only a capacity word ('the observer', 'representatives'), nothing more."""
    return bool(re.fullmatch(r"(?:the|a|an)?\s*(?:representatives?|observers?)", title.strip(), re.I))


def capacity_of(word: str) -> str:
    return "observer" if word.lower().startswith("observer") else "representative"


# A clause that says for whom or as what the speaker spoke, not who spoke.
ASIDE = re.compile(r"^(?:speaking|also\s+speaking|on\s+behalf|in\s+(?:his|her|its|their)\s+capacity|who|which|as\s+)", re.I)


POSSESSIVE = re.compile(r"^(?P<actor>.+?)['’]s\s+(?P<title>.+)$")


IN_PARENS = re.compile(r"^(?P<who>[^()]+?)\s*\((?P<actor>[^()]+(?:\([^()]*\)[^()]*)?)\)$")


# A text that is itself a statement says so in its first lines, and who delivered it.
STATEMENT_HEAD = 8


STATEMENT_WORD = re.compile(r"\bstatement\b", re.I)


DELIVERED = re.compile(r"\bdelivered\s+by\b", re.I)


ARTICLE = re.compile(r"^(?:the|a|an|its|their)\s+", re.I)
