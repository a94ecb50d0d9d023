"""Graph stage: resolved facts written as RDF, one named graph per document, IRIs minted from identifiers."""
