"""Enrich stage: triples derived from the documents' graphs (revisions, themes), in their own named graph."""
