"""Read a report's header lines: meeting, venue, dates, distribution, draft or final, rapporteur."""

from __future__ import annotations

import re

from kg.structure.dates import parse_date, parse_date_range
from kg.structure.model import CleanText, Person, ReportMetadata
from kg.structure.units import Unit

_DISTR = re.compile(r"(?:^|\s)Distr\.?\s*:?\s*(?P<rest>.*)$", re.I)
_DRAFT = re.compile(r"^draft report\b", re.I)
_ADDENDUM = re.compile(r"^addendum\b", re.I)
_FINAL = re.compile(r"^report of\b", re.I)
_RAPPORTEUR = re.compile(r"^Rapporteur\s*:\s*(?P<who>.+)$")
_MEETING = re.compile(
    r"(?:Report of the |^)(?:the )?(?!Report of\b)(?P<region>[A-Z][\w ,’'-]*?)\s+Regional Preparatory Meeting", re.I
)
_HELD = re.compile(r"\bheld (?:in|at) (?P<venue>[^,]+?),?\s+(?:from|on)\s+(?P<dates>.*?\d{4})")
_PLACE_DATES = re.compile(r"^(?P<venue>[^\d,]{2,60}),\s*(?P<dates>.*\d{4})\s*\.?$")
_SYMBOL = re.compile(r"^[A-Z]{1,5}/(?:[A-Z0-9.]+/)*[A-Z0-9.]+(?:/Add\.\d+)?$")
# In a UN document symbol an "L." part marks limited distribution: the drafts a meeting adopts (".../L.1/Add.2").
_LIMITED = re.compile(r"/L\.\d+(?P<addendum>/Add\.\d+)?")
_ORDINAL = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ])?(?:first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth)|(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)ieth|\d{1,3}(?:st|nd|rd|th)"
)
# The region after the name: "Regional Preparatory Meeting of the Western European and Other States for the ..."
# or "... Meeting for Western Asia for the ..." (never the Congress itself: "... Meeting for the Fifteenth ...").
_MEETING_OF = re.compile(
    rf"(?:Report of the |^)(?:the )?Regional Preparatory Meeting (?:of|for) "
    rf"(?!(?:the\s+)?(?:{_ORDINAL})\s+United\s+Nations\b)(?:the )?(?P<region>(?!the\b)[A-Z][\w ,’'-]*?)\s+for the\b",
    re.I,
)
# Meetings other than the regional preparatory ones, as titles and headers name them.
_CONGRESS = re.compile(
    rf"\b(?:(?:{_ORDINAL})\s+)?United\s+Nations\s+Congress\s+on\s+(?:the\s+)?(?:Prevention\s+of\s+Crime\s+and\s+the"
    r"\s+Treatment\s+of\s+Offenders|Crime\s+Prevention\s+and\s+Criminal\s+Justice)",
    re.I,
)
_BODY = r"[A-Z][\w'’-]*(?:\s+(?:of|on|the|and|for|to|against|in|[A-Z][\w'’-]*))*"
_ON_ITS_SESSION = re.compile(
    rf"^(?:Report\s+of\s+)?(?:the\s+)?(?P<body>{_BODY})\s+on\s+its\s+(?P<ord>{_ORDINAL})\s+(?P<kind>(?:special|reconvened)\s+)?session",
    re.I,
)
_SESSION_OF = re.compile(
    rf"\b(?P<ord>{_ORDINAL})\s+(?P<kind>(?:special|reconvened|regular)\s+)?session\s+of\s+the\s+(?P<body>{_BODY})", re.I
)
_HELD_SESSION = re.compile(
    r"\bheld\s+(?:its\s+[\w-]+\s+(?:(?:special|reconvened|regular)\s+)?session\s+)?(?:in|at)\s+(?P<venue>[A-Z][^,\d]{1,40}?),?\s+"
    r"(?:from|on)\s+(?P<dates>.*?\d{4})"
)
_PLACE_DATES_AFTER = re.compile(
    r"^[,:\s]+(?:held\s+(?:in|at)\s+)?(?P<venue>[A-Z][^\d,]{1,40}?),?\s+(?:from\s+)?(?P<dates>\d.*?\d{4})"
)
PERSON = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<state>[^()]+(?:\([^()]*\))?[^()]*)\)\s*[.;,]?$")


def parse_person(clean: CleanText) -> Person:
    """``Name (State)`` into a Person; the State as written, or None."""
    text = clean.text.strip()
    m = PERSON.match(text)
    if m:
        return Person(m.group("name").strip(), m.group("state").strip(), clean)
    return Person(text.rstrip(".;, "), None, clean)


def parse_header(header: list[Unit], all_units: list[Unit]) -> ReportMetadata:
    """Metadata from the header units (and, failing that, the 'held in' sentence)."""
    meta = ReportMetadata()
    texts = [u.text for u in header]
    is_addendum = False
    for i, unit in enumerate(header):
        text = unit.text
        if unit.furniture and _SYMBOL.match(text) and meta.symbol is None:
            meta.symbol = text
            continue
        if m := _DISTR.search(text):
            rest = m.group("rest")
            following = " ".join(texts[i + 1 : i + 3])
            meta.distribution_date = parse_date(rest) or parse_date(following)
        elif _DRAFT.match(text):
            meta.is_draft = True
        elif _ADDENDUM.match(text):
            is_addendum = True
        elif m := _RAPPORTEUR.match(text):
            start = m.start("who")
            meta.rapporteur = parse_person(unit.clean.slice(start))
        if meta.meeting_title is None and (m := _MEETING_OF.search(text) or _MEETING.search(text)):
            meta.meeting_title = _meeting_name(text)
            meta.meeting_title_clean = unit.clean
            meta.region_phrase = m.group("region").strip()
            if _FINAL.match(text):
                meta.title = text
            if held := _HELD.search(text):
                meta.venue = held.group("venue").strip()
                _set_dates(meta, held.group("dates"))
            elif i + 1 < len(header) and (pd := _PLACE_DATES.match(texts[i + 1])):
                meta.venue = pd.group("venue").strip()
                _set_dates(meta, pd.group("dates"))
    if meta.symbol and (limited := _LIMITED.search(meta.symbol)):
        meta.is_draft = True  # a draft even where its header has no "Draft report" line
        is_addendum = is_addendum or bool(limited.group("addendum"))
    if meta.meeting_title is None:
        _other_meeting(meta, [u for u in header if not u.furniture])
    if meta.venue is None:
        _venue_from_body(meta, all_units)
    if meta.venue is None and meta.meeting_title and meta.region_phrase is None:
        _venue_held(meta, all_units)
    if meta.is_draft:
        meta.kind = "draft_addendum" if is_addendum else "draft_report"
        if meta.title is None and meta.meeting_title:
            meta.title = f"{meta.meeting_title}: draft report" + (", addendum" if is_addendum else "")
    else:
        meta.kind = "final_report"
        if meta.title is None:
            meta.title = meta.meeting_title
    return meta


_SESSION_ALONE = re.compile(
    rf"^(?:Report\s+on\s+the\s+)?(?P<ord>{_ORDINAL})\s+(?P<kind>(?:special|reconvened|regular)\s+)?session\b",
    re.I,
)
# A header line naming a body ("Commission on Crime Prevention and Criminal Justice", "General Assembly"),
# perhaps with the distribution beside it on the same line.
_BODY_LINE = re.compile(
    r"^(?:the\s+)?(?P<body>(?=[A-Z])[\w'’ -]*?\b(?:Commission|Council|Assembly|Conference|Committee|Board|Congress)\b"
    r"[\w'’ -]*?)\s*(?=\bDistr\b|$)"
)
_MEETING_HEADING = re.compile(r"\b(?:Meeting|Conference|Congress|Workshop|Seminar|Forum|Symposium|Session)\b")
# The rest of a body's name on a line of its own: short, no digits, no full stop.
_TITLE_WORD = r"(?:[A-Z][\w'’-]*|of|on|and|the|for|against|to|in)"
_TITLE_PIECE = re.compile(rf"^{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,4}}$")
_SMALL_WORDS = {"of", "on", "the", "and", "for", "to", "in", "against", "a", "an"}


def _other_meeting(meta: ReportMetadata, header: list[Unit]) -> None:
    """A Congress, or a session of a commission or conference, named in the header: its title, venue, dates."""
    body_line: str | None = None
    growing = False  # whether the line just read was (part of) the body's name
    for i, unit in enumerate(header):
        text = unit.text
        if m := _CONGRESS.search(text):
            title = _title_case(re.sub(r"\s+", " ", m.group(0)))
            rest = text[m.end():]
        elif (m := _ON_ITS_SESSION.search(text)) or (m := _SESSION_OF.search(text)) or (
            body_line and (m := _SESSION_ALONE.match(text))
        ):
            kind = (m.group("kind") or "").lower()
            body = re.sub(r"\s+", " ", m.groupdict().get("body") or body_line or "")
            title = f"{_title_case(body)}, {m.group('ord').lower()} {kind}session"
            rest = text[m.end():]
        else:
            if (b := _BODY_LINE.match(text)) and len(b.group("body").split()) <= 14:
                body_line, growing = b.group("body"), True
            elif growing and body_line and _TITLE_PIECE.match(text) and not _SESSION_ALONE.match(text):
                # "Commission on Crime" / "Prevention and Criminal" / "Justice": a title broken over lines.
                body_line = f"{body_line} {text}"
            else:
                growing = False
            continue
        meta.meeting_title = title[:1].upper() + title[1:]
        meta.meeting_title_clean = unit.clean
        following = [u.text for u in header[i + 1 : i + 3]]
        if held := _HELD.search(rest):
            meta.venue = held.group("venue").strip()
            _set_dates(meta, held.group("dates"))
        elif place := _PLACE_DATES_AFTER.match(rest):
            meta.venue = place.group("venue").strip()
            _set_dates(meta, place.group("dates"))
        elif pd := next((p for p in (_PLACE_DATES.match(t) for t in following) if p), None):
            meta.venue = pd.group("venue").strip()
            _set_dates(meta, pd.group("dates"))
        return
    # A page's heading that names a meeting: "Expert Group Meeting on Prison Management".
    for unit in header:
        if unit.emphasised and _MEETING_HEADING.search(unit.text) and len(unit.text.split()) <= 16:
            meta.meeting_title = _title_case(unit.text.strip())
            meta.meeting_title_clean = unit.clean
            return


def _title_case(text: str) -> str:
    """A title written in capitals as a title is written: 'SIXTH UNITED NATIONS CONGRESS ON THE ...' ->
    'Sixth United Nations Congress on the ...'; other text as it is."""
    if not text.isupper():
        return text
    words = text.lower().split(" ")
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _venue_held(meta: ReportMetadata, units: list[Unit]) -> None:
    """'The Commission held its twenty-eighth session in Vienna from 20 to 24 May 2019' in the first paragraphs."""
    for unit in units[:40]:
        if m := _HELD_SESSION.search(unit.text):
            meta.venue = m.group("venue").strip()
            if meta.start_date is None:
                _set_dates(meta, m.group("dates"))
            return


def _meeting_name(text: str) -> str:
    """The meeting's name without 'Report of the' and the 'held in' tail."""
    name = re.sub(r"^Report of the\s+", "", text, flags=re.I)
    name = re.split(r",\s*held (?:in|at)\b", name)[0]
    return name.strip().rstrip(".")


def _set_dates(meta: ReportMetadata, text: str) -> None:
    if span := parse_date_range(text):
        meta.start_date, meta.end_date = span


def _venue_from_body(meta: ReportMetadata, units: list[Unit]) -> None:
    for unit in units:
        if "Preparatory Meeting" in unit.text and (held := _HELD.search(unit.text)):
            meta.venue = held.group("venue").strip()
            if meta.start_date is None:
                _set_dates(meta, held.group("dates"))
            return
