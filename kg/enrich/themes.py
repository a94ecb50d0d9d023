"""Themes and action types of recommendations, read from the SKOS schemes and the verb table."""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, takewhile
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.graph.iris import IRIs
from kg.namespaces import ACTION, ACTION_TYPES_FILE, CKG, THEME, THEMES_FILE
from kg.rdf.io import ordered
from kg.reference.loading import data_dirs

if TYPE_CHECKING:
    from kg.build.context import BuildContext

_WORD = re.compile(r"[^\W_]+")
_Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass(frozen=True)
class Theme:
    """A theme of the scheme with the word patterns that signal it and those set aside first."""

    iri: URIRef
    key: str
    label: str
    terms: tuple[tuple[str, ...], ...]
    excludes: tuple[tuple[str, ...], ...]


def _pattern(term: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in re.split(r"[\s\-–]+", term.strip()) if w)


@lru_cache(maxsize=4)
def scheme_graph(path: Path = THEMES_FILE) -> Graph:
    graph = Graph().parse(path, format="turtle")
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        raise ValueError(f"{path}: blank nodes would make the exports differ from build to build")
    return graph


def load_themes(path: Path = THEMES_FILE) -> list[Theme]:
    """The themes of the scheme in ``path``, in IRI order."""
    g = scheme_graph(path)
    themes = []
    for iri in ordered(g.subjects(CKG.matchTerm, None, unique=True)):
        if not isinstance(iri, URIRef):
            continue
        themes.append(Theme(
            iri,
            str(iri)[len(str(THEME)):] if str(iri).startswith(str(THEME)) else str(iri),
            str(g.value(iri, SKOS.prefLabel) or iri),
            tuple(sorted(_pattern(str(t)) for t in g.objects(iri, CKG.matchTerm))),
            tuple(sorted(_pattern(str(t)) for t in g.objects(iri, CKG.excludeTerm))),
        ))
    return themes


@lru_cache(maxsize=1)
def _themes() -> list[Theme]:
    return load_themes()


def _words(text: str) -> list[tuple[str, int, int]]:
    """Lowercase words with their spans; hyphens, apostrophes and punctuation separate words."""
    return [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


class _Words:
    """A text's words, and where each distinct word occurs, so a pattern is looked up rather than scanned for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = _words(text)
        self.positions: dict[str, list[int]] = {}
        for index, (word, _start, _end) in enumerate(self.words):
            self.positions.setdefault(word, []).append(index)
        self.vocabulary = sorted(self.positions)  # for prefixes: the words a prefix begins are a run of it

    def _word_matches(self, word: str, p: str) -> bool:
        return word.startswith(p[:-1]) if p.endswith("*") else word == p

    def starts(self, first: str) -> list[int]:
        """Indexes of the words that ``first`` (a word, or a prefix ending in *) matches."""
        if not first.endswith("*"):
            return self.positions.get(first, [])
        prefix = first[:-1]
        run = islice(self.vocabulary, bisect_left(self.vocabulary, prefix), None)
        return sorted(i for word in takewhile(lambda w: w.startswith(prefix), run) for i in self.positions[word])

    def occurrences(self, pattern: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        """Word-index spans where ``pattern`` occurs; a pattern word ending in * matches any word it begins."""
        n = len(pattern)
        for i in self.starts(pattern[0]):
            if i + n <= len(self.words) and all(
                self._word_matches(self.words[i + k][0], p) for k, p in enumerate(pattern[1:], start=1)
            ):
                yield i, i + n

    def may_hold(self, pattern: tuple[str, ...]) -> bool:
        """False when a whole word of ``pattern`` is not in the text at all (a cheap test before the look-up)."""
        return all(p.endswith("*") or p in self.positions for p in pattern)


def match_theme(theme: Theme, text: str) -> list[str]:
    """The passages of ``text`` that signal ``theme``, as written, each once, in order of appearance."""
    return _match_words(theme, _Words(text))


def _match_words(theme: Theme, words: _Words) -> list[str]:
    excluded = {k for pattern in theme.excludes for i, j in words.occurrences(pattern) for k in range(i, j)}
    spans = sorted(
        (i, j) for pattern in theme.terms if words.may_hold(pattern) for i, j in words.occurrences(pattern)
        if not excluded.intersection(range(i, j))
    )
    found: list[str] = []
    for i, j in spans:
        passage = words.text[words.words[i][1] : words.words[j - 1][2]]
        if passage not in found:
            found.append(passage)
    return found


def assign_themes(themes: list[Theme], text: str) -> dict[Theme, list[str]]:
    """Every theme whose terms ``text`` contains, with the matched passages."""
    out = {}
    words = _Words(text)  # once for all the themes
    for theme in themes:
        matched = _match_words(theme, words)
        if matched:
            out[theme] = matched
    return out


@lru_cache(maxsize=1)
def action_verbs() -> dict[str, str]:
    """Verb -> action type key (or '-' for a lead-in verb), from action_verbs.csv in the data folders."""
    verbs: dict[str, str] = {}
    for folder in data_dirs():
        path = folder / "action_verbs.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    verbs[row["verb"].strip().casefold()] = row["action_type"].strip()
    return verbs


def leading_verb(text: str) -> tuple[str, str | None] | None:
    """(the verb as written, its action type key or None), skipping lead-ins such as 'Continue to'."""
    verbs = action_verbs()
    words = [w for w in _WORD.finditer(text)][:6]
    for index, m in enumerate(words):
        kind = verbs.get(m.group().casefold())
        if kind == "-":
            continue
        if index and m.group().casefold() == "to":
            continue
        return m.group(), kind or None
    return None


def recommendation_triples(rec: URIRef, label: str, text: str, themes: list[Theme], iris: IRIs) -> Iterator[_Triple]:
    """dcterms:subject per theme, a ThemeAssignment with the matched terms, and the action type."""
    for theme, matched in assign_themes(themes, text).items():
        node = iris.theme_assignment(rec, theme.key)
        yield rec, DCTERMS.subject, theme.iri
        yield node, RDF.type, CKG.ThemeAssignment
        yield node, RDFS.label, Literal(f"{label}: {theme.label}")
        yield node, CKG.recommendation, rec
        yield node, CKG.theme, theme.iri
        yield node, PROV.wasDerivedFrom, rec
        for passage in matched:
            yield node, CKG.matchedTerm, Literal(passage)
    verb = leading_verb(text)
    if verb is not None:
        yield rec, CKG.leadingVerb, Literal(verb[0])
        if verb[1]:
            yield rec, CKG.actionType, ACTION[verb[1]]


def reference_triples(ctx: BuildContext) -> Iterator[tuple[Node, Node, Node]]:
    """Enricher hook (kg.build.assemble): the theme scheme and the action types, into the reference graph."""
    for path in (THEMES_FILE, ACTION_TYPES_FILE):
        yield from scheme_graph(path)


def document_triples(triples: Collection[_Triple], ctx: BuildContext) -> Iterator[_Triple]:
    """Enricher hook (kg.build.assemble): the themes and action type of each recommendation of one document."""
    texts: dict[URIRef, str] = {}
    labels: dict[URIRef, str] = {}
    recommendations = set()
    for s, p, o in triples:
        if p == CKG.text:
            texts.setdefault(s, str(o))
        elif p == RDFS.label:
            labels.setdefault(s, str(o))
        elif p == RDF.type and o == CKG.Recommendation and isinstance(s, URIRef):
            recommendations.add(s)
    themes = _themes()
    for rec in sorted(recommendations):
        if rec in texts:
            yield from recommendation_triples(rec, labels.get(rec, str(rec)), texts[rec], themes, ctx.builder.iris)
