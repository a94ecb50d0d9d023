"""Structure stage: turn a decoded report into sections, paragraphs and recommendations."""

from kg.structure.report import NoReportStructure, parse_report

__all__ = ["NoReportStructure", "parse_report"]
