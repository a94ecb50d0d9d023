"""Pages for people: self-contained HTML (and CSV) exports written beside the graph."""
