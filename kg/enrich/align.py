"""Text alignment: word tokens, similarity, a globally best pairing and a word-level diff."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import networkx as nx

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# Below this similarity two texts are different recommendations, not versions of one.
PAIR_THRESHOLD = 0.5


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark with its place in the text."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Words (hyphenated parts apart) and punctuation marks, in order."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _words(text: str) -> list[str]:
    return [t.text.casefold() for t in tokens(text) if t.text[0].isalnum() or t.text[0] == "_"]


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0..1: the word-sequence match ratio, ignoring case and punctuation."""
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def same_wording(a: str, b: str) -> bool:
    """True when the texts have the same words and punctuation in the same order (spacing aside)."""
    return [t.text for t in tokens(a)] == [t.text for t in tokens(b)]


@dataclass(frozen=True)
class Pair:
    """An aligned pair of indexes (None on the side that has no counterpart) and their similarity."""

    draft: int | None
    final: int | None
    similarity: float


def align(drafts: list[str], finals: list[str], threshold: float = PAIR_THRESHOLD) -> list[Pair]:
    """Pair each draft text with at most one final text so that the pairs are best as a whole.

    The pairing maximizes the sum over pairs of (similarity - threshold): a
    maximum-weight matching of the bipartite graph, not a greedy choice.

    Order and numbering play no part: only the texts are compared. Pairs below
    ``threshold`` are not made; a draft left alone was dropped, a final left
    alone was added. Sorted: pairs and drops by draft index, then additions.
    """
    scores = {(i, j): similarity(a, b) for i, a in enumerate(drafts) for j, b in enumerate(finals)}
    graph: nx.Graph[tuple[str, int]] = nx.Graph()
    for (i, j), score in sorted(scores.items()):
        if score >= threshold:
            # A pair counts by how far it clears the threshold, so that a barely similar extra pair never
            # outweighs a close one. Integer weights keep the matching exact; +1 prefers more pairs at a tie.
            graph.add_edge(("d", i), ("f", j), weight=round((score - threshold) * 1_000_000) + 1)
    matched: dict[int, int] = {}
    for u, v in nx.max_weight_matching(graph):
        (side_u, index_u), (_side_v, index_v) = sorted((u, v))
        draft, final = (index_u, index_v) if side_u == "d" else (index_v, index_u)
        matched[draft] = final
    pairs = [Pair(i, matched.get(i), scores[(i, matched[i])] if i in matched else 0.0) for i in range(len(drafts))]
    taken = set(matched.values())
    pairs += [Pair(None, j, 0.0) for j in range(len(finals)) if j not in taken]
    return pairs


@dataclass(frozen=True)
class Chunk:
    """A run of the diff: ``op`` is equal, delete or insert; ``space`` says whether a space precedes it."""

    op: str
    text: str
    space: bool


def word_diff(draft: str, final: str) -> list[Chunk]:
    """The word-level difference from ``draft`` to ``final``, as runs of the two texts' own characters."""
    a, b = tokens(draft), tokens(final)
    matcher = SequenceMatcher(None, [t.text for t in a], [t.text for t in b], autojunk=False)
    chunks: list[Chunk] = []

    def run(op: str, text: str, toks: list[Token], i: int, j: int) -> None:
        if i < j:
            start = toks[i].start
            chunks.append(Chunk(op, text[start : toks[j - 1].end], start > 0 and text[start - 1].isspace()))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            run("equal", final, b, j1, j2)
        else:
            run("delete", draft, a, i1, i2)
            run("insert", final, b, j1, j2)
    return chunks


def plain_diff(chunks: list[Chunk]) -> str:
    """The diff as one line of text: removed words as [-...-], added words as {+...+}."""
    out: list[str] = []
    for n, chunk in enumerate(chunks):
        if n and chunk.space:
            out.append(" ")
        if chunk.op == "delete":
            out.append(f"[-{chunk.text}-]")
        elif chunk.op == "insert":
            out.append(f"{{+{chunk.text}+}}")
        else:
            out.append(chunk.text)
    return "".join(out)


def changed_words(chunks: list[Chunk]) -> tuple[list[str], list[str]]:
    """The removed and the added runs, in order."""
    return [c.text for c in chunks if c.op == "delete"], [c.text for c in chunks if c.op == "insert"]
