"""Queries whose answer is known in the bundled reports: the passage (document, kind, paragraph, letter) that must
come in the first three hits."""

KNOWN: list[tuple[str, str, tuple[str, str, int, str]]] = [
    ("a phrase", '"Bangkok Rules"', ("004_fb9608fcd46e22f9.txt", "recommendation", 15, "e")),
    ("a stemmed word (ratifying)", "ratified", ("002_bba04487c98bd190.txt", "recommendation", 17, "k")),
    ("a stemmed word (scams)", "scam", ("004_fb9608fcd46e22f9.txt", "recommendation", 15, "h")),
    ("AND", "extradition AND confiscation", ("001_0c7b10fadacc8b35.txt", "recommendation", 76, "a")),
    ("OR", "IPANDETEC OR Caritas", ("000_f29162a344c7f65f.txt", "paragraph", 1, "")),
    ("NOT", "cybercrime NOT partnerships", ("001_0c7b10fadacc8b35.txt", "recommendation", 66, "g")),
    ("a State's name", "Viet Nam", ("004_fb9608fcd46e22f9.txt", "paragraph", 1, "")),
    ("an organization's name", "INTERPOL", ("002_bba04487c98bd190.txt", "paragraph", 4, "")),
    ("a prefix", "explain*", ("002_bba04487c98bd190.txt", "recommendation", 17, "m")),
    ("a stemmed phrase", '"mutual legal assistance request"', ("002_bba04487c98bd190.txt", "recommendation", 17, "a")),
    ("diacritics folded", "Jose", ("001_0c7b10fadacc8b35.txt", "paragraph", 77, "")),
    ("a phrase AND a word", '"rule of law" AND gender', ("000_f29162a344c7f65f.txt", "recommendation", 8, "d")),
    ("brackets", "(drones OR videoconferencing OR Bangkok) AND women", ("004_fb9608fcd46e22f9.txt", "recommendation", 15, "e")),
]
