"""Lettered recommendations and the States named in parentheses inside them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import AttributionFact, Evidence, Fact, RecommendationFact, SectionRef
from kg.extract.text import split_names
from kg.reference.lexicon import Lexicon
from kg.structure.model import Report

_PARENTHESES = re.compile(r"\(([^()]{2,200})\)")


class RecommendationExtractor:
    """Every lettered recommendation with its text, and its attributions."""

    name = "recommendations"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, report: Report) -> Iterator[Fact]:
        for rec in report.recommendations:
            section = SectionRef.of(rec.section)
            yield RecommendationFact(Evidence.of(report, rec.clean, rec.paragraph_number), rec.letter, rec.text, section)
            for m in _PARENTHESES.finditer(rec.text):
                inner = rec.clean.slice(m.start(1), m.end(1))
                names = split_names(inner, self.lexicon.is_known_name)
                # Only a parenthesis made wholly of State names is an attribution.
                if names and all(self.lexicon.state(n.text) for n in names):
                    for name in names:
                        yield AttributionFact(
                            Evidence.of(report, name, rec.paragraph_number, rec.clean), rec.letter, section, name.text
                        )
