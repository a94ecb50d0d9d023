"""The subject vocabulary (ontology/subjects.ttl): the concepts a text names, found through their labels' lemmas."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.enrich.lexical import segments
from kg.namespaces import CKG, SUBJECT, SUBJECTS_FILE
from kg.rdf.io import ordered

_WORD = re.compile(r"[^\W\d_]+")

# Collections of the scheme whose members say how or by whom, not what: shared alone they make no common ask.
SIDE_FACETS = ("measures", "principles", "actors")


@dataclass(frozen=True)
class Mention:
    """A subject named in a text: its key and the passage that names it."""

    key: str
    surface: str


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Labels (as lemma tuples) -> subject keys, each subject's broader ones, labels and whether it is a side facet;
    ``contextual``: context labels (ckg:contextLabel) -> the subjects they signal only with one of their ``contexts``
    (concepts, and terms as lemma tuples) in the clause."""

    labels: dict[tuple[str, ...], frozenset[str]]
    broader: dict[str, frozenset[str]]
    names: dict[str, str]
    side: frozenset[str]
    contextual: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    contexts: dict[str, tuple[frozenset[str], tuple[tuple[str, ...], ...]]] = field(default_factory=dict)

    def expand(self, keys: Iterable[str]) -> frozenset[str]:
        """The subjects and, transitively, their broader subjects."""
        out: set[str] = set()
        todo = list(keys)
        while todo:
            key = todo.pop()
            if key not in out:
                out.add(key)
                todo.extend(self.broader.get(key, ()))
        return frozenset(out)

    def find(self, text: str) -> list[Mention]:
        """The subjects ``text`` names, in text order. A label matches its lemmas in any order within one clause, one
        other word allowed between them; the longest labels match first and a word serves one label only. Context
        labels come second, each for the subjects whose context the clause holds: a concept of ``contexts`` (or a
        narrower one) the plain labels found, or all the lemmas of a context term."""
        found: list[tuple[int, Mention]] = []
        matcher = _matcher(self)
        for clause in segments(text):
            used = [False] * len(clause)
            at: dict[str, list[int]] = {}
            for i, (word, _start, _end) in enumerate(clause):
                at.setdefault(word, []).append(i)
            labels = sorted({label for w in at for label in matcher.get(w, ())}, key=lambda label: label.rank)
            named = _take(text, clause, labels, used, at, None)
            present = self.expand(m.key for _start, m in named)
            # only the subjects a context label of this clause signals can be confirmed to any effect
            signalled = {key for label in labels for key in label.conditional}
            confirmed = frozenset(key for key in signalled if self.confirmed(key, present, at))
            found += named + _take(text, clause, labels, used, at, confirmed)
        return [m for _start, m in sorted(found, key=lambda f: (f[0], f[1].key))]

    def confirmed(self, key: str, present: frozenset[str], at: dict[str, list[int]]) -> bool:
        """Whether a clause (its subjects ``present``, broader ones included, and its words ``at``) holds a context
        of ``key``."""
        concepts, terms = self.contexts.get(key, (frozenset(), ()))
        return bool(concepts & present) or any(all(word in at for word in term) for term in terms)


def _take(text: str, clause: list[tuple[str, int, int]], labels: list[_Label], used: list[bool],
          at: dict[str, list[int]], confirmed: frozenset[str] | None) -> list[tuple[int, Mention]]:
    """The mentions of ``labels`` in ``clause``, marking words used: of their plain subjects, or (``confirmed``: the
    subjects whose context the clause holds) of the confirmed subjects they signal as context labels."""
    words = [w for w, _s, _e in clause]
    out: list[tuple[int, Mention]] = []
    for label in labels:
        keys = label.keys if confirmed is None else tuple(k for k in label.conditional if k in confirmed)
        if not keys or not all(word in at for word in label.need):
            continue  # no subject to signal here, or a word of the label is not in the clause
        for taken in label.matches(words, used, at):
            surface = text[clause[taken[0]][1]:clause[max(taken)][2]]
            out.extend((clause[taken[0]][1], Mention(key, surface)) for key in keys)
    return out


@dataclass(frozen=True, eq=False)
class _Label:
    """A label compiled for matching: its lemmas, how many of each it needs, the window it may span, its subjects."""

    lemmas: tuple[str, ...]
    need: dict[str, int]
    width: int
    keys: tuple[str, ...]
    conditional: tuple[str, ...]  # the subjects it signals only in a context (ckg:contextLabel)
    rank: int  # the order labels are tried in: the longest first, then by their lemmas

    def matches(self, words: list[str], used: list[bool], at: dict[str, list[int]]) -> Iterator[list[int]]:
        """The word indexes of each match in the clause ``words`` (``at``: each word's indexes), left to right,
        marked ``used`` as they are taken."""
        if len(self.lemmas) == 1:
            for i in at.get(self.lemmas[0], ()):
                if not used[i]:
                    used[i] = True
                    yield [i]
            return
        for start in sorted(i for word in self.need for i in at.get(word, ())):
            if used[start]:
                continue
            need, left, taken = dict(self.need), len(self.lemmas), []
            for j in range(start, min(len(words), start + self.width)):
                if not used[j] and need.get(words[j], 0) > 0:
                    need[words[j]] -= 1
                    left -= 1
                    taken.append(j)
            if left == 0:
                for j in taken:
                    used[j] = True
                yield taken


@lru_cache(maxsize=4)
def _matcher(vocabulary: Vocabulary) -> dict[str, list[_Label]]:
    """Lemma -> the labels it is part of, compiled once per vocabulary."""
    out: dict[str, list[_Label]] = {}
    every = set(vocabulary.labels) | set(vocabulary.contextual)
    for rank, lemmas in enumerate(sorted(every, key=lambda lemmas: (-len(lemmas), lemmas))):
        label = _Label(lemmas, dict(Counter(lemmas)), len(lemmas) + (1 if len(lemmas) > 1 else 0),
                       tuple(sorted(vocabulary.labels.get(lemmas, ()))),
                       tuple(sorted(vocabulary.contextual.get(lemmas, ()))), rank)
        for word in set(lemmas):
            out.setdefault(word, []).append(label)
    return out


def _key(iri: object) -> str:
    return str(iri).removeprefix(str(SUBJECT))


def label_lemmas(label: str) -> tuple[str, ...]:
    return tuple(w for clause in segments(label) for w, _s, _e in clause)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = SUBJECTS_FILE) -> Vocabulary:
    """The scheme in ``path``. A label that loses a word to the stop list ("not punished") would match too much, and
    a context label without a context would match nothing: both are refused."""
    g = Graph().parse(path, format="turtle")
    labels: dict[tuple[str, ...], set[str]] = {}
    contextual: dict[tuple[str, ...], set[str]] = {}
    contexts: dict[str, tuple[frozenset[str], tuple[tuple[str, ...], ...]]] = {}
    names: dict[str, str] = {}
    concepts = ordered(g.subjects(RDF.type, SKOS.Concept))
    for concept in concepts:
        key = _key(concept)
        names[key] = str(g.value(concept, SKOS.prefLabel) or key)
        for into, terms in ((labels, [names[key], *map(str, g.objects(concept, SKOS.altLabel))]),
                            (contextual, list(map(str, g.objects(concept, CKG.contextLabel))))):
            for label in terms:
                into.setdefault(_lemmas(path, key, label), set()).add(key)
        found = list(g.objects(concept, CKG.context))
        if found or key in {k for keys in contextual.values() for k in keys}:
            within = frozenset(_key(c) for c in found if isinstance(c, URIRef))
            if not found or not within <= {_key(c) for c in concepts}:
                raise ValueError(f"{path}: the contexts of {key} are missing or name no concept of the scheme")
            contexts[key] = (within, tuple(sorted(_lemmas(path, key, str(t)) for t in found if isinstance(t, Literal))))
    broader = {_key(c): frozenset(_key(b) for b in g.objects(c, SKOS.broader)) for c in concepts}
    side = {_key(m) for facet in SIDE_FACETS for m in g.objects(URIRef(SUBJECT[facet]), SKOS.member)}
    return Vocabulary({k: frozenset(v) for k, v in labels.items()}, broader, names, frozenset(side),
                      {k: frozenset(v) for k, v in contextual.items()}, contexts)


def _lemmas(path: Path, key: str, label: str) -> tuple[str, ...]:
    """The label's lemmas; a label of several words that keeps one ("not punished", "e-justice") is refused."""
    lemmas = label_lemmas(label)
    if not lemmas or (len(lemmas) == 1 and len(_WORD.findall(label)) > 1):
        raise ValueError(f"{path}: the label {label!r} of {key} says too little once its stop words are out")
    return lemmas
