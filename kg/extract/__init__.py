"""Extract stage: each extractor reads a structured report and yields facts, never touching the graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from kg.extract.attendance import AttendanceExtractor
from kg.extract.document import DocumentExtractor
from kg.extract.facts import Fact
from kg.extract.instruments import InstrumentExtractor
from kg.extract.officers import OfficerExtractor
from kg.extract.recommendations import RecommendationExtractor
from kg.extract.statements import StatementExtractor
from kg.reference.lexicon import Lexicon
from kg.structure.model import Report


class Extractor(Protocol):
    name: str

    def extract(self, report: Report) -> Iterator[Fact]: ...


REGISTRY: dict[str, type] = {
    cls.name: cls
    for cls in (
        DocumentExtractor,
        StatementExtractor,
        AttendanceExtractor,
        OfficerExtractor,
        RecommendationExtractor,
        InstrumentExtractor,
    )
}
DEFAULT_EXTRACTORS = tuple(REGISTRY)


def extract_facts(report: Report, lexicon: Lexicon, names: tuple[str, ...] = DEFAULT_EXTRACTORS) -> list[Fact]:
    """Run the named extractors over ``report`` in order."""
    facts: list[Fact] = []
    for name in names:
        extractor: Extractor = REGISTRY[name](lexicon)
        facts.extend(extractor.extract(report))
    return facts
