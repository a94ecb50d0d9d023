"""The object of an ask: what its verb acts on, read by rules over the words (no parser, no model).

An ask opens with its verb ("Criminalize the sexual exploitation of children online"). Its object is the text after
the verb (and the verbs coordinated with it) up to a boundary: punctuation, or a word that opens how, by whom, why or
another clause (kg/data/ask_objects.yaml). In it, the *head phrase* runs to the first preposition other than "of"; it
splits at "and" / "or" into noun phrases, each headed by its last content word that is not a shell noun ("use",
"range", "programme": nouns that stand for their complement), and "of" adds its complement's head ("the recovery of
assets": recovery, asset). When the object names only who is asked to act ("encourage States to ...", "oblige
platforms to ..."), the object is that of the verb after "to". A clause after "that" ("ensure that victims are ...")
gives its subject. Heads are compared as stems (kg.enrich.lexical.stem).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from kg import DATA_DIR
from kg.enrich.lexical import lemma, stem
from kg.enrich.themes import action_verbs

OBJECTS_FILE = DATA_DIR / "ask_objects.yaml"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[,;:.()\[\]]")


@dataclass(frozen=True)
class Words:
    """kg/data/ask_objects.yaml, each list as a set of word tuples (several-word boundaries as tuples)."""

    boundaries: frozenset[tuple[str, ...]]
    prepositions: frozenset[str]
    of: frozenset[str]
    particles: frozenset[str]
    shell: frozenset[str]
    addressees: frozenset[str]

    @cached_property
    def longest(self) -> int:
        """The most words a boundary has (asked for at every token: worked out once)."""
        return max(len(b) for b in self.boundaries)


@lru_cache(maxsize=4)
def load_words(path: Path = OBJECTS_FILE) -> Words:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        found = raw.get(key, [])
        if not all(isinstance(w, str) for w in found):  # YAML reads a bare on / off / no as a boolean
            raise ValueError(f"{path}: {key} holds a word that is not a string (quote it)")
        return frozenset(w.casefold() for w in found)

    return Words(frozenset(tuple(str(b).casefold().split()) for b in raw.get("boundaries", [])),
                 words("prepositions"), words("of"), words("particles"), words("shell_nouns"), words("addressees"))


@dataclass(frozen=True)
class AskObject:
    """The object of an ask: the stems of its heads, and its text (head phrase and complements) with its offsets in
    the ask's text."""

    heads: frozenset[str]
    text: str
    start: int
    end: int


def ask_object(text: str, words: Words | None = None) -> AskObject:
    """The object of the ask ``text`` (which opens with its verb)."""
    words = words or load_words()
    tokens = [(m.group().casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    start = 3 if len(tokens) > 2 and tokens[1][0] == "to" else 1  # "Seek to promote", "Continue to mainstream"
    return _object(text, tokens, _after_verbs(tokens, start, words), words, hops=2)


def _object(text: str, tokens: list[tuple[str, int, int]], i: int, words: Words, hops: int) -> AskObject:
    if i < len(tokens) and tokens[i][0] == "that":  # "ensure that victims are not punished": the clause's subject
        i += 1
    elif i < len(tokens) and (tokens[i][0] in words.prepositions or _boundary(tokens, i, words)):
        i += _boundary(tokens, i, words) or 1  # "work with platforms", "invest in prevention"
    heads: list[str] = []
    chunk: list[str] = []
    in_head, addressed, start, end = True, True, None, i
    j = i
    while j < len(tokens):
        word, a, b = tokens[j]
        if (not word[0].isalpha() and not _listing(tokens, j, words)) or _boundary(tokens, j, words):
            break
        start = a if start is None else start
        end = j + 1
        if word in words.of or word in ("and", "or") or word in words.prepositions:
            if in_head and (head := _head(chunk, words)):
                heads.append(head)
                addressed = addressed and head in words.addressees
            chunk = []
            in_head = in_head and word not in words.prepositions
        elif word == ",":
            if in_head and (head := _head(chunk, words)):
                heads.append(head)
                addressed = addressed and head in words.addressees
            chunk = []
        elif in_head or not heads:  # a head phrase of shell nouns only: its complement's head ("mechanisms for
            chunk.append(word)      # legal cooperation")
            in_head = True
        j += 1
    if in_head and (head := _head(chunk, words)):
        heads.append(head)
        addressed = addressed and head in words.addressees
    if (addressed or not heads) and hops and (to := _next_to(tokens, i, words)) is not None:
        return _object(text, tokens, _after_verbs(tokens, to + 2, words), words, hops - 1)
    if start is None:
        return AskObject(frozenset(), "", 0, 0)
    stop = tokens[end - 1][2]
    return AskObject(frozenset(stem(h) for h in heads) - {""}, text[start:stop], start, stop)


def _head(chunk: list[str], words: Words) -> str:
    """The last content word of a noun phrase that is no shell noun ("" when there is none). A last word that
    follows another and is an inflected form but no plural in -s nor a noun in -ing is a participle after the noun
    ("funds fed by", "cases disaggregated by"), not the head."""
    content = [w for w in chunk if lemma(w)]
    if len(content) > 1 and lemma(content[-1]) != content[-1] and not content[-1].endswith(("s", "ing")):
        content.pop()
    for word in reversed(content):
        if word not in words.shell:
            return word
    return ""


def _boundary(tokens: list[tuple[str, int, int]], i: int, words: Words) -> int:
    """The number of tokens of the boundary (words.boundaries) that starts at ``i`` (0 when none does)."""
    for n in range(min(words.longest, len(tokens) - i), 0, -1):
        if tuple(t for t, _a, _b in tokens[i:i + n]) in words.boundaries:
            return n
    return 0


def _listing(tokens: list[tuple[str, int, int]], i: int, words: Words) -> bool:
    """Whether the comma at ``i`` parts the items of a list that "and" or "or" closes ("customs, police and
    wildlife authorities"), not two parts of the sentence."""
    if tokens[i][0] != ",":
        return False
    for j in range(i + 1, len(tokens)):
        word = tokens[j][0]
        if word in ("and", "or"):
            return True
        if (not word[0].isalpha() and word != ",") or _boundary(tokens, j, words):
            return False
    return False


def _after_verbs(tokens: list[tuple[str, int, int]], i: int, words: Words) -> int:
    """The index after the verb just passed, its particles and the action verbs coordinated with it ("collect and
    publish", "set up")."""
    verbs = action_verbs()
    while i < len(tokens):
        if tokens[i][0] in words.particles:
            i += 1
        elif tokens[i][0] in (",", "and", "or") and i + 1 < len(tokens) and tokens[i + 1][0] in verbs:
            i += 2
        else:
            break
    return i


def _next_to(tokens: list[tuple[str, int, int]], i: int, words: Words) -> int | None:
    """The index of the "to" that follows the noun phrase at ``i`` ("States to", "officials, including border
    guards, to"), when no other preposition, "of" or boundary but "including" comes first."""
    for j in range(i, len(tokens) - 1):
        word = tokens[j][0]
        if word == "to":
            return j
        if word in (";", ":", ".") or word in words.prepositions or word in words.of or (
                _boundary(tokens, j, words) and word != "including"):
            return None
    return None
