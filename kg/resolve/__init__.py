"""Resolve stage: the reference data (lexicon) and the resolver that turns names as written into entities."""
