"""Checks of a built graph: SHACL shapes (validate), OWL consistency with HermiT (reason), gold files (evaluate)."""
