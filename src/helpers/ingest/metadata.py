"""Metadata a record states about itself: its symbol, the session's date, its forum, its SDGs, and page boilerplate to skip."""

import datetime
import re
from dataclasses import dataclass

from helpers.data.model import Forum
from helpers.data.text import fold_whitespace, normalize_for_matching


_MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_RANGE_JOIN = r"\s*(?:-|to|and|&|through)\s*"
# "4 and 5 May 2021", "9-18 July 2019", "31 January and 1 February 2023", "from 16 to 18 April 2024"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w/])(?:(?P<first_day>{_DAY})(?:\s+(?P<first_month>{_MONTH}))?{_RANGE_JOIN})?(?P<day>{_DAY})\s+(?P<month>{_MONTH}),?\s+(?P<year>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# "July 3, 2013", "May 4-5, 2021"
_MONTH_DAY_YEAR = re.compile(rf"(?<![\w/])(?P<month>{_MONTH})\s+(?P<day>{_DAY})(?:{_RANGE_JOIN}{_DAY})?,\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<![\w/-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\w-])")
# Words around a date that make it the session's: "was held on", "convened ... on", "took place from".
_SESSION_VERBS = re.compile(r"\b(?:held|convened|took\s+place|met|opened|concluded|was\s+organi[sz]ed|gathered|hosted|meeting\s+of|session\s+of)\b", re.IGNORECASE)
_THE_EVENT = re.compile(r"\b(?:the|this|our)\s+(?:side[\s-]event|special\s+event|event|webinar|panel|dialogue|round\s*table|meeting|session)\b", re.IGNORECASE)
_ORGAN_SESSION_LINE = re.compile(r"\b(?:agenda\s+item|item\s+\d+\s+of\s+the|\d{4}\s+session\s+\d|convened\s+under\s+the\s+auspices)", re.IGNORECASE)
_AGENDA_LINE = re.compile(r"\b(?:agenda\s+item|item\s+\d+\s+of\s+the|\d{4}\s+session\s+\d)", re.IGNORECASE)
_VENUE = re.compile(r"\b(?:conference\s+room|headquarters|ecosoc\s+chamber|general\s+assembly\s+hall|trusteeship\s+council\s+chamber|new\s+york|geneva|virtual(?:ly)?\s+(?:meeting|format))\b", re.IGNORECASE)
_MAX_DATELINE_WORDS = 18
_ISSUE_DATE_NEIGHBOURS = re.compile(r"^\s*(?:Distr\.?|Original\s*:|General\s*$|Limited\s*$)", re.IGNORECASE)

# Document symbols: official documents (E/HLPF/2019/8, A/78/80-E/2023/64, E/FFDF/2023/L.1) and
# press releases (ECOSOC/6746, GA/12345, ENV/DEV/2039, SG/SM/22110).
_SYMBOL = re.compile(
    r"(?<![\w/])(?:(?:A|E|S|UNEP|TD|ECE|CRC|CEDAW)/(?:[A-Z][A-Za-z0-9.]*/)*(?:\d{2,4}|[A-Z]+)(?:/[A-Za-z0-9.]+)*"
    r"|(?:ECOSOC|GA|SC|SG/SM|DSG/SM|SG/A|ENV/DEV|DEV|SOC|OBV|WOM|HR|PI|IHA|GA/EF|GA/SHC)/\d{3,5}(?:-[A-Z]+/\d{3,5})*)(?![\w/])"
)

_BOILERPLATE = re.compile(
    r"^(?:skip\s+to\s+(?:main\s+)?content|in\s+progress\s+at\s+unhq|meetings\s+coverage(?:\s+and\s+press\s+releases)?|press\s+releases?"
    r"|sorry,\s+you\s+need\s+to\s+enable\s+javascript.*|(?:\w+\s+\d{4}\s*-\s*)?you\s+are\s+accessing\s+an\s+archived\s+version.*|.*\bcookies?\b.*\b(?:accept|consent|use)\b.*"
    r"|(?:economic\s+and\s+social\s+council|general\s+assembly|security\s+council)\s*:\s*(?:press\s+releases?|meetings\s+coverage)"
    r"|united\s+nations(?:\s+department\s+of\s+economic\s+and\s+social\s+affairs)?(?:\s+sustainable\s+development)?|department\s+of\s+economic\s+and\s+social\s+affairs"
    r"|welcome\s+to\s+the\s+united\s+nations|toggle\s+navigation|main\s+menu|menu|search|home|share(?:\s+this)?|print(?:\s+page)?|español|français|english|русский|中文|عربي"
    r"|for\s+information\s+media\.?(?:\s+not\s+an\s+official\s+record\.?)?|not\s+an\s+official\s+record\.?|distr\.?\s*:?\s*\w*|original\s*:\s*\w+"
    # A session or event page's tabs and labels, alone on a line: "Statements", "Documentation", "Info", "Event details".
    r"|(?:(?:statements|presentations|documentation|documents|info|webcast|photos|videos|news|events?|event\s+details|related|downloads?|back\s+to\s+top|read\s+more|more\s+information|register(?:\s+now|\s+here)?|follow\s+us|subscribe|log\s*in|create\s+pdf|global\s+perspective\s+human\s+stories|loading\s+events|this\s+event\s+has\s+passed)\s*)+"
    r"|\*+\s*\**\s*\**|(?:page\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?|(?:reissued|issued)\s+(?:as\s+received|for\s+technical\s+reasons).*)$",
    re.IGNORECASE,
)
# Press releases and session pages: the meeting line ("2023 Session, Partnership Forum (AM & PM)"), where and when a session sits.
_MEETING_LINE = re.compile(
    r"\b\d{4}\s+Session\b|(?:\b\d+(?:st|nd|rd|th)\s*(?:,|&|and)?\s*)+Meetings?\b|\bMeetings?\s*\((?:AM|PM)\b|\((?:AM|PM)(?:\s*(?:&|and)\s*(?:AM|PM))?\)"
    r"|\b(?:AM|PM)\s*(?:&|and)\s*(?:AM|PM)\s+Meetings?\b|\bMorning\s+(?:&|and)\s+Afternoon\s+Meetings?\b",
)
_MAX_MEETING_LINE_WORDS = 12
_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\b|h\b)|\s*[-–—]\s*\d{1,2}[:.]\d{2})|\b\d{1,2}\s*[ap]\.m\.|\b\d{1,2}\s*(?:am|pm)\b", re.IGNORECASE)
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?"
_PLACE_OR_TIME = re.compile(
    r"^(?:(?:conference\s+room|room|trusteeship\s+council\s+chamber|ecosoc\s+chamber|general\s+assembly\s+hall|unhq|un\s+hq|un\s+headquarters|united\s+nations\s+(?:headquarters|hq)|headquarters|virtual|hybrid|online|in-person|venue|location|time|date)\b"
    rf"|{_TIME}\s*(?:-|to)\s*{_TIME}\s*(?:[ap]\.?m\.?|\(?[a-z]{{2,4}}\)?)?\s*(?:\||,|$)|\d{{1,2}}[:.]\d{{2}}\s*(?:-|to)\s*\d{{1,2}}[:.]\d{{2}}|official\s+meeting$|side\s+event$|special\s+event$)",
    re.IGNORECASE,
)
_OFFICIAL_HEAD = re.compile(r"^(?:distr\.?\s*:|original\s*:|united\s+nations$|item\s+\d+\s+of\s+the\s+(?:provisional\s+)?agenda)", re.IGNORECASE)
# What a date line may hold beside its dates: weekdays, times, time zones, a place, a label.
_DATE_LINE_EXTRAS = re.compile(
    r"\b(?:mon|tues?|wed|thu(?:rs)?|fri|sat|sun)[a-z]*\.?\b|\b\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)(?![a-z])|\b\d{1,2}[:.]\d{2}\b|\((?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)\)|\b(?:EDT|EST|CET|CEST|GMT|UTC)\b|[|,;:\-–—]+",
    re.IGNORECASE,
)
_MAX_DATE_LINE_OTHER_WORDS = 6


@dataclass(frozen=True)
class StatedDate:
    """A date the record states for the session: its first day, the words that state it, and where."""

    value: str
    stated_as: str
    line: int


def is_boilerplate(text: str) -> bool:
    """Page furniture that is never a title or a statement: "Skip to main content", "In progress at UNHQ", a page number.

    >>> [is_boilerplate(t) for t in ("Skip to main content", "In progress at UNHQ", "Meetings Coverage and Press Releases", "Youth and jobs")]
    [True, True, True, False]
    """
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", normalize_for_matching(text))  # a Markdown link: its words
    return bool(_BOILERPLATE.match(fold_whitespace(plain).strip(" .*_")))


def is_meeting_line(text: str) -> bool:
    """A press release's meeting line: "2023 Session, Partnership Forum (AM & PM)", "Youth Forum, AM & PM Meetings" (a short line;
    a headline that opens a 2019 session is none)."""
    return len(text.split()) <= _MAX_MEETING_LINE_WORDS and bool(_MEETING_LINE.search(normalize_for_matching(text)))


def is_date_line(text: str) -> bool:
    """A line that is a date, perhaps with a weekday, time, place or label: "16 July 2019", "Thu 11 May 2023, 8.00 am - Fri 12 May 2023".

    >>> [is_date_line(t) for t in ("New York, 12 July 2019", "News | 22 July 2019", "Wednesday, September 20, 2023 | 6:00 - 7:30 PM (ET) | In-person", "The forum met on 4 May 2021 to discuss jobs and skills for all young people.")]
    [True, True, True, False]
    """
    normalized = fold_whitespace(normalize_for_matching(text))
    dates = find_dates(normalized)
    if not dates or len(normalized.split()) > 3 * _MAX_DATE_LINE_OTHER_WORDS:
        return False
    rest = normalized
    for start, _, words in reversed(dates):
        rest = rest[:start] + " " + rest[start + len(words) :]
    rest = _DATE_LINE_EXTRAS.sub(" ", rest)
    return len([word for word in rest.split() if any(character.isalnum() for character in word)]) <= _MAX_DATE_LINE_OTHER_WORDS


def has_clock_time(text: str) -> bool:
    """Whether a line gives a time of day: "3:00 PM", "4.00 pm", "1:15–2:30 p.m.".

    >>> has_clock_time("Thu 18 Jul 2019, 4.00 pm"), has_clock_time("Tuesday, 9 July 2019")
    (True, False)
    """
    return bool(_CLOCK_TIME.search(normalize_for_matching(text)))


def is_place_or_time_line(text: str) -> bool:
    """A line giving where or when a session sits: "Conference Room 4, UNHQ", "10:00 AM - 1:00 PM", "Official meeting",
    "Reception to follow at 7:30 PM"."""
    normalized = fold_whitespace(normalize_for_matching(text))
    return len(normalized.split()) <= 12 and bool(_PLACE_OR_TIME.match(normalized) or len(normalized.split()) <= 8 and _CLOCK_TIME.search(normalized))


def is_furniture_line(text: str) -> bool:
    """A heading line that is never a title: boilerplate, a symbol, a meeting line, a date, a place or time, "Distr.: General"."""
    normalized = fold_whitespace(normalize_for_matching(text))
    return (
        is_boilerplate(normalized)
        or is_symbol_line(normalized)
        or is_meeting_line(normalized)
        or is_date_line(normalized)
        or is_place_or_time_line(normalized)
        or bool(_OFFICIAL_HEAD.match(normalized))
    )


# ----------------------------------------------------------------------------- symbol


def find_symbol(text: str) -> str | None:
    """The document symbol when ``text`` (a heading line) is or holds one: "ECOSOC/6746", "E/HLPF/2019/8".

    >>> find_symbol("ECOSOC/6746"), find_symbol("E/HLPF/2021/6  Distr.: General"), find_symbol("2023 Session, 4th Meeting")
    ('ECOSOC/6746', 'E/HLPF/2021/6', None)
    """
    match = _SYMBOL.search(normalize_for_matching(text))
    return match.group() if match else None


def is_symbol_line(text: str) -> bool:
    """A line that is nothing but a symbol (and perhaps "Distr.: General" beside it): never a statement.

    >>> is_symbol_line("ECOSOC/7111"), is_symbol_line("The Council adopted E/2023/L.2 today.")
    (True, False)
    """
    normalized = fold_whitespace(normalize_for_matching(text))
    symbol = _SYMBOL.search(normalized)
    if not symbol:
        return False
    rest = (normalized[: symbol.start()] + normalized[symbol.end() :]).strip(" .,;")
    return not rest or is_boilerplate(rest)


# ----------------------------------------------------------------------------- date


def _iso(year: str, month: str, day: str) -> str | None:
    """An ISO date, or None for a day that does not exist (31 June)."""
    month_number = _MONTH_NUMBERS[month.lower().rstrip(".")] if not month.isdigit() else int(month)
    try:
        return datetime.date(int(year), month_number, int(re.match(r"\d+", day).group())).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, str, str]]:
    """Dates written out in ``text``: (offset, first day as ISO, the words), in order.

    A range gives its first day ("4 and 5 May 2021" is 2021-05-04; "31 January and 1 February
    2023" is 2023-01-31).

    >>> find_dates("on 4 and 5 May 2021, and on July 3, 2013, and 2025-02-05")
    [(3, '2021-05-04', '4 and 5 May 2021'), (28, '2013-07-03', 'July 3, 2013'), (46, '2025-02-05', '2025-02-05')]
    """
    normalized = normalize_for_matching(text)
    found = []
    for match in _DAY_MONTH_YEAR.finditer(normalized):
        day = match.group("first_day") or match.group("day")
        month = match.group("first_month") or match.group("month")
        value = _iso(match.group("year"), month, day)
        if value:
            found.append((match.start(), value, text[match.start() : match.end()]))
    for pattern in (_MONTH_DAY_YEAR, _ISO_DATE):
        for match in pattern.finditer(normalized):
            value = _iso(match.group("year"), match.group("month"), match.group("day"))
            if value and not any(start <= match.start() < start + len(words) for start, _, words in found):
                found.append((match.start(), value, text[match.start() : match.end()]))
    return sorted(found)


def _dateline(header: list[tuple[int, str]]) -> StatedDate | None:
    """A dateline among the heading lines, except an issue date beside "Distr.: General" or an organ's session line."""
    for index, (line, text) in enumerate(header):
        neighbours = [header[i][1] for i in (index - 1, index + 1) if 0 <= i < len(header)]
        if any(_ISSUE_DATE_NEIGHBOURS.match(normalize_for_matching(neighbour)) for neighbour in neighbours) or _ISSUE_DATE_NEIGHBOURS.match(normalize_for_matching(text)):
            continue
        dates = find_dates(text)
        n_words = len([word for word in text.split() if any(character.isalnum() for character in word)])
        # A Council session or agenda line ("2024 session 27 July 2023-24 July 2024, Agenda item 5") dates the session of the organ, not the meeting.
        if dates and n_words <= _MAX_DATELINE_WORDS and not _ORGAN_SESSION_LINE.search(normalize_for_matching(text)):
            return StatedDate(dates[0][1], fold_whitespace(dates[0][2]), line)
    return None


def _date_in_opening(opening: list[tuple[int, str]], is_event_first: bool = False) -> StatedDate | None:
    """A date in a sentence of the opening paragraphs that says the session was held then, or where it met.

    On an event page (``is_event_first``) a sentence about the event itself ("The side event, held
    online on 14 July") comes before one about the forum it sits beside ("The HLPF met from 6 to 15 July").
    """
    if is_event_first:
        stated = _date_in_sentences(opening, lambda sentence: bool(_THE_EVENT.search(sentence)))
        if stated is not None:
            return stated
    return _date_in_sentences(opening, lambda sentence: True)


def _date_in_sentences(opening: list[tuple[int, str]], is_wanted) -> StatedDate | None:
    """The first date in a wanted sentence of the opening that says when or where the session met."""
    for line, text in opening:
        normalized = normalize_for_matching(text)
        for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", normalized):
            if not is_wanted(sentence):
                continue
            if not (_SESSION_VERBS.search(sentence) or _VENUE.search(sentence)) or _AGENDA_LINE.search(sentence):
                continue
            quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', sentence)]
            # A date inside a quoted theme or title ("... of 12 August 1949") is not the session's.
            dates = [date for date in find_dates(sentence) if not any(start < date[0] < end for start, end in quoted)]
            if not dates:
                dates = _dates_with_the_sentences_year(sentence)
            if dates:
                start = normalized.index(sentence) + dates[0][0]
                return StatedDate(dates[0][1], fold_whitespace(text[start : start + len(dates[0][2])]), line + text.count("\n", 0, start))
    return None


# "held on 8 and 9 April", "on 6-7 April": a day and month whose year the sentence names elsewhere ("The 2019 Youth Forum was held ...").
_DAY_MONTH = re.compile(rf"(?<![\w/])(?:(?P<first_day>{_DAY}){_RANGE_JOIN})?(?P<day>{_DAY})\s+(?P<month>{_MONTH})(?![\w]|,?\s+(?:19|20)\d\d)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\w/-])(?:19|20)\d\d(?![\w/-])")


def _dates_with_the_sentences_year(sentence: str) -> list[tuple[int, str, str]]:
    """Dates without a year in a sentence that states one year, and that year, as (offset, ISO date, words).

    >>> _dates_with_the_sentences_year("The 2019 ECOSOC Youth Forum was held on 8 and 9 April at Headquarters.")
    [(40, '2019-04-08', '8 and 9 April')]
    """
    years = set(_YEAR.findall(sentence))
    if len(years) != 1:
        return []
    found = []
    for match in _DAY_MONTH.finditer(sentence):
        value = _iso(next(iter(years)), match.group("month"), match.group("first_day") or match.group("day"))
        if value:
            found.append((match.start(), value, sentence[match.start() : match.end()]))
    return found


def find_stated_date(header: list[tuple[int, str]], opening: list[tuple[int, str]], is_opening_first: bool = False, is_event_page: bool = False) -> StatedDate | None:
    """The session's date as the record states it, or None.

    ``header`` is the heading lines (line number, text) before the body: a dateline there ("16 July
    2019", "New York, 12 July 2019", "Tuesday, 9 July 2019") states the date, except the issue
    date printed beside "Distr.: General" on official documents. ``opening`` is the first
    paragraphs: a date in a sentence that says the session was held, convened or took place then,
    or names where it met. Chair's summaries and official documents state their meeting's date
    in the opening (``is_opening_first``): their mastheads carry the organ's session dates. An event
    page (``is_event_page``) dates its own event before the forum it sits beside.
    """
    readers = (lambda: _date_in_opening(opening, is_event_page), lambda: _dateline(header))
    for read in readers if is_opening_first else reversed(readers):
        stated = read()
        if stated is not None:
            return stated
    return None


# ----------------------------------------------------------------------------- forum


class ForumNames:
    """The forums of ``forums.yaml``, found in text by their aliases."""

    def __init__(self, forums: tuple[Forum, ...]):
        self.forums = forums
        self.patterns = []
        for forum in forums:
            for alias in forum.aliases:
                words = r"\s+".join(re.escape(word) for word in normalize_for_matching(alias).split())
                flags = 0 if alias.isupper() else re.IGNORECASE
                self.patterns.append((forum, re.compile(rf"(?<![\w-]){words}(?![\w-])", flags)))

    def find(self, text: str) -> tuple[Forum, str] | None:
        """The forum ``text`` names, with the words: a forum or segment before an organ, then the earliest, then the longest.

        >>> from helpers.data.model import Forum
        >>> names = ForumNames((Forum("ECOSOC Youth Forum", "forum", ("Youth Forum",)), Forum("Economic and Social Council", "organ", ("Economic and Social Council",))))
        >>> names.find("as the Economic and Social Council Youth Forum concluded")
        (Forum(name='ECOSOC Youth Forum', kind='forum', aliases=('Youth Forum',)), 'Youth Forum')
        """
        normalized = normalize_for_matching(text)
        matches = [(forum.kind == "organ", m.start(), -(m.end() - m.start()), forum, text[m.start() : m.end()]) for forum, pattern in self.patterns for m in pattern.finditer(normalized)]
        if not matches:
            return None
        best = min(matches, key=lambda match: match[:3])
        return best[3], best[4]


    def coverage(self, text: str) -> float | None:
        """The share of ``text`` that a forum or segment's name covers (1.0 for "ECOSOC Youth Forum"); None when it names none."""
        found = self.find(text)
        if found is None or found[0].kind == "organ":
            return None
        return len(fold_whitespace(found[1])) / max(1, len(fold_whitespace(text)))


_SIDE_EVENT = re.compile(r"\bside[\s-]events?\b(?:\s+(?:at|of|to|on|in)\s+(?:the\s+)?(?:margins\s+of\s+(?:the\s+)?)?)?", re.IGNORECASE)


def find_host_forum(texts: list[tuple[int, str]], names: ForumNames) -> tuple[Forum, str, int] | None:
    """The forum a side event belongs to, named right before or after "side event": "HLPF 2023 side event", "a side event
    on the margins of the HLPF". A side event's page often names another meeting it looks ahead to ("the SDG Summit").

    >>> from helpers.data.model import Forum
    >>> names = ForumNames((Forum("HLPF", "forum", ("HLPF",)), Forum("SDG Summit", "forum", ("SDG Summit",))))
    >>> find_host_forum([(1, "Roads to the SDG Summit"), (2, "HLPF 2023 side event · 12 July 2023")], names)[0].name
    'HLPF'
    """
    for line, text in texts:
        normalized = normalize_for_matching(text)
        for match in _SIDE_EVENT.finditer(normalized):
            for window in (normalized[max(0, match.start() - 60) : match.start()], normalized[match.end() : match.end() + 100] if match.end() > match.start() + len("side event") + 1 else ""):
                found = names.find(window)
                if found and found[0].kind != "organ":
                    return found[0], found[1], line
    return None


def find_forum(texts: list[tuple[int, str]], names: ForumNames) -> tuple[Forum, str, int] | None:
    """The first forum named in ``texts`` (line number, text), searched in the order given; an organ only when no forum is named.

    Returns (forum, the words, line).
    """
    organ = None
    for line, text in texts:
        found = names.find(text)
        if found and found[0].kind != "organ":
            return found[0], found[1], line
        if found and organ is None:
            organ = (found[0], found[1], line)
    return organ


# ----------------------------------------------------------------------------- SDGs


_SDG_NUMBER = r"(?:1[0-7]|0?[1-9])(?!\d|,\d{3})"
# "SDG 8", "SDG8", "Goals 6 and 7", "Sustainable Development Goal 8", "SDG #4, 5", "SDG Target 8.7", "SDG 8.5".
_SDG_ANCHOR = re.compile(r"\b(?:Sustainable\s+Development\s+Goals?|SDGs?|Goals?)(?:\s+targets?)?\s*(?:No\.?\s*|#\s*|-\s*)?(?=\d)", re.IGNORECASE)
# One Goal of a list and what describes it: "4 (quality education)", "4 on quality education", "4: Quality education", "8.7" (a target of Goal 8).
_SDG_ITEM = re.compile(
    rf"(?P<number>{_SDG_NUMBER})(?:\.(?:\d{{1,2}}|[a-c])\b)?\+?"
    r"(?:\s*\([^()\d]{1,80}\)|\s*(?::|-|\bon\b|\bfor\b)\s+[^,;()\d.]{1,80}?(?=\s*(?:[,;.]|\band\s+(?:(?:SDGs?|Goals?)\s*)?\d|$))|\.\s+[^,;()\d.]{1,60}?(?=\s*;\s*(?:SDG|Goal)))?",
    re.IGNORECASE,
)
_SDG_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*|as\s+well\s+as\s+)?|;\s*|\s+and\s+|\s*&\s*|\s+or\s+|\s+as\s+well\s+as\s+)(?:(?:SDGs?|Goals?)\s*#?\s*)?(?=\d)", re.IGNORECASE)
_SDG_DESCRIPTION_TAIL = re.compile(r"[^\d.;:()]{0,80}?(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:SDGs?|Goals?)\s*#?\s*)?(?=\d)", re.IGNORECASE)
# "targets 8.5 and 8.7 of SDG 8" and "SDG target 8.7" name Goal 8; a bare "target 8.5" is left to the Goal named beside it.
_RELATED_GOALS = re.compile(r"^[ \t]*Related(?:[ \t]+(?:Goals|SDGs))?[ \t]*:?[ \t]*\n(?P<numbers>(?:[ \t]*(?:\d{1,2}[ \t]*)?\n)+)", re.IGNORECASE | re.MULTILINE)


def _read_sdg_list(normalized: str, start: int) -> list[int]:
    """The Goal numbers of a list that starts at ``start``, each perhaps with its description."""
    numbers = []
    position = start
    while True:
        item = _SDG_ITEM.match(normalized, position)
        if not item:
            break
        numbers.append(int(item.group("number")))
        # A description may hold commas of its own: "16 on peace, justice and strong institutions, and 17 on partnerships".
        separator = _SDG_SEPARATOR.match(normalized, item.end()) or (_SDG_DESCRIPTION_TAIL.match(normalized, item.end()) if item.end() > item.start("number") + len(item.group("number")) + 1 else None)
        if not separator:
            break
        position = separator.end()
    return numbers


def find_sdgs(texts: list[str]) -> list[int]:
    """SDG numbers as records write them, sorted: "SDG 8", "SDG8", "Goal 8", "Goals 6 and 7", "Sustainable Development Goal 8",
    "SDGs 3, 5, 8, 14 and 17", "Goals 4 (quality education), 5 (gender equality) and 17 (partnerships)", "Goals 1 on no poverty,
    2 on zero hunger", "SDG Target 8.7" (Goal 8).

    >>> find_sdgs(["SDG Action Segment for Goal 8", "reviewed SDGs 3, 5 and 17; SDG 18 is no goal", "SDG8 and Goals 6 and 7"])
    [3, 5, 6, 7, 8, 17]
    >>> find_sdgs(["Goals 4 (quality education), 5 (gender equality), 14 (life below water) and 17 (partnerships)", "achieving SDG Target 8.7"])
    [4, 5, 8, 14, 17]
    >>> find_sdgs(["Goals 1 on no poverty, 3 on good health and well-being, 16 on peace, justice and strong institutions, and 17 on partnerships", "target 2.1"])
    [1, 3, 16, 17]
    """
    numbers = set()
    for text in texts:
        normalized = normalize_for_matching(text)
        for anchor in _SDG_ANCHOR.finditer(normalized):
            numbers.update(number for number in _read_sdg_list(normalized, anchor.end()) if 1 <= number <= 17)
    return sorted(numbers)


# "the Goals under the forum's review: Goals 4 (...), 5 ..." and "SDGs 6, 7 and 17, under in-depth review": the Goals a
# forum's session reviews, which a press release names wherever its story reaches them.
_UNDER_REVIEW = re.compile(r"\b(?:under|in|for)\s+(?:the\s+)?(?:[\w-]+(?:'s)?\s+){0,2}review\b|\bbeing\s+reviewed\b|\breviewed\s+(?:in\s+depth|this\s+year)\b", re.IGNORECASE)
_REVIEW_REACH = 40  # characters between the review words and the list that follows them
_LIST_REACH = 240  # characters from a list's first Goal to review words after it (descriptions make lists long)


def find_goals_under_review(texts: list[str]) -> list[int]:
    """The Goals a text says are under review, from lists just after or just before the review words.

    >>> find_goals_under_review(["chairs spoke of the Goals under the forum's review:  Goals 4 (quality education), 5 and 17 (partnerships)."])
    [4, 5, 17]
    >>> find_goals_under_review(["SDGs 6, 7 and 17, under in-depth review this year", "a speaker cited SDG 8, and the review of progress"])
    [6, 7, 17]
    """
    numbers = set()
    for text in texts:
        normalized = normalize_for_matching(text)
        reviews = [match.span() for match in _UNDER_REVIEW.finditer(normalized)]
        for anchor in _SDG_ANCHOR.finditer(normalized) if reviews else ():
            before = any(0 <= anchor.start() - review_end <= _REVIEW_REACH for _, review_end in reviews)
            # after: in the same sentence, once the list (and its descriptions) has had room to end
            after = any(0 < review_start - anchor.end() <= _LIST_REACH and ". " not in normalized[anchor.end() : review_start] for review_start, _ in reviews)
            if before or after:
                numbers.update(number for number in _read_sdg_list(normalized, anchor.end()) if 1 <= number <= 17)
    return sorted(numbers)


def find_related_goals(text: str) -> list[int]:
    """The Goals a session or event page lists under its "Related" label, one number a line (sdgs.un.org's event pages).

    >>> find_related_goals("Events\\n\\nRelated\\n\\n7\\n\\n13\\n\\nBackground\\n")
    [7, 13]
    """
    numbers = set()
    for match in _RELATED_GOALS.finditer(text.replace("\r\n", "\n")):
        numbers.update(int(number) for number in re.findall(r"\d+", match.group("numbers")) if 1 <= int(number) <= 17)
    return sorted(numbers)
