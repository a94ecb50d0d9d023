"""The asks of a recommendation (its clauses headed by an action verb) and the subjects two asks share."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.enrich.objects import ask_object
from kg.enrich.subjects import Vocabulary
from kg.enrich.themes import action_verbs

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[,;:.()\[\]]")
# What may stand before the verb that opens a new ask: "...; ensure", "..., and develop", "... as well as create".
_OPENERS = frozenset({";", ",", ":", "and", "or", "also", "as well as", "and also", "while"})
_TAIL = re.compile(r"(?:[\s,;:.]+|\b(?:and|or|also|as well as|while)\b)+$")


@dataclass(frozen=True)
class Ask:
    """One ask: its text, the verb that opens it, that verb's action type and the subjects it names (broader ones
    included in ``expanded``); what the verb acts on (kg.enrich.objects): the stems of the object's heads and the
    subjects its object names (broader ones included)."""

    text: str
    verb: str
    action: str
    subjects: frozenset[str]
    expanded: frozenset[str]
    surfaces: tuple[tuple[str, str], ...]
    heads: frozenset[str] = frozenset()
    object_subjects: frozenset[str] = frozenset()


def split(text: str) -> list[tuple[str, str]]:
    """(ask text, opening verb) for each ask of ``text``: a new ask starts at an action verb (action_verbs.csv, not a
    lead-in such as "continue") that follows a semicolon, comma, "and", "or" or "as well as"."""
    verbs = action_verbs()
    tokens = list(_TOKEN.finditer(text))
    starts = [0]
    for i, m in enumerate(tokens):
        word = m.group().casefold()
        if i == 0 or verbs.get(word, "-") == "-":
            continue
        before = " ".join(t.group().casefold() for t in tokens[max(0, i - 3):i])
        if any(before == o or before.endswith(" " + o) for o in _OPENERS):
            starts.append(m.start())
    starts.append(len(text))
    out = []
    for a, b in zip(starts, starts[1:]):
        part = _TAIL.sub("", text[a:b]).strip(" ,;:.")
        if part:
            head = _TOKEN.match(part)
            out.append((part, head.group() if head else ""))
    return out


def asks(text: str, vocabulary: Vocabulary) -> list[Ask]:
    verbs = action_verbs()
    out = []
    for part, verb in split(text):
        mentions = vocabulary.find(part)
        keys = frozenset(m.key for m in mentions)
        action = verbs.get(verb.casefold(), "")
        thing = ask_object(part)
        out.append(Ask(part, verb, "" if action == "-" else action, keys, vocabulary.expand(keys),
                       tuple(sorted({(m.key, m.surface.casefold()) for m in mentions})), thing.heads,
                       vocabulary.expand(m.key for m in vocabulary.find(thing.text)) if thing.text else frozenset()))
    return out


def same_object(x: Ask, y: Ask, vocabulary: Vocabulary, mode: str) -> bool:
    """Whether two asks act on the same thing. ``mode`` (kg/data/clusters.yaml, ``same_object``): "branch", a
    subject both asks name (no measure, principle or actor) is named, itself or a broader one, by the object of
    each; "heads", their objects share a head noun; "" asks nothing."""
    if not mode:
        return True
    if mode == "heads":
        return bool(x.heads & y.heads)
    for key in (x.subjects & y.subjects) - vocabulary.side:
        branch = vocabulary.expand((key,))
        if branch & x.object_subjects and branch & y.object_subjects:
            return True
    return False


class SubjectFrequencies:
    """In how many texts of the corpus each subject (or a narrower one) is named, for its weight."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.texts = 0
        self.counts: Counter[str] = Counter()

    def add_text(self, text: str) -> None:
        self.texts += 1
        self.counts.update(self.vocabulary.expand(m.key for m in self.vocabulary.find(text)))

    def weight(self, key: str) -> float:
        """Inverse document frequency scaled by its largest value: 1 for a subject named once, 0 for one named
        everywhere, so thresholds hold from a small corpus to a large one."""
        if self.texts == 0:
            return 0.0
        return math.log((self.texts + 1) / (self.counts[key] + 1)) / math.log(self.texts + 1)


@dataclass(frozen=True)
class Shared:
    """The best pair of asks of two recommendations: its score and the subjects the two asks share."""

    score: float
    subjects: tuple[str, ...]
    actions: tuple[str, ...]


def shared(a: Sequence[Ask], b: Sequence[Ask], weight: Callable[[str], float], vocabulary: Vocabulary,
           object_mode: str = "") -> Shared:
    """The best ask pair: the summed weight of the subjects both name (broader ones included), counted only when
    both name directly at least one subject that is not a measure, principle or actor (the what, not the how) and
    they act on the same object (:func:`same_object`, ``object_mode``)."""
    best = Shared(0.0, (), ())
    side = vocabulary.side
    for x in a:
        for y in b:
            if not (x.subjects & y.subjects) - side or not same_object(x, y, vocabulary, object_mode):
                continue
            common = x.expanded & y.expanded
            score = math.fsum(weight(k) for k in common)  # exactly rounded: the same in any order of the set
            if score > best.score:
                ranked = tuple(sorted(common, key=lambda k: (-weight(k), k)))
                best = Shared(score, ranked, tuple(sorted({x.action, y.action} - {""})))
    return best
