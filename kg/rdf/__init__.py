"""RDF in and out: terms between rdflib and Oxigraph (io), the query store (store) and SPARQL on it (query)."""
