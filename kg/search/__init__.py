"""Full-text search over the paragraphs and recommendations: an SQLite FTS5 index built with the exports."""
