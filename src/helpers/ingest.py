"""Turn a published plain-text or Markdown session summary into a draft session file.

`briefs ingest` copies the raw summary byte for byte into ``raw/`` and writes
``sessions/<id>.yaml``: title and forum from the heading lines, numbered or Markdown sections,
participants read from the background prose, and every bullet (or paragraph) of the other
sections as a statement quoted exactly. The draft is validated with the loader in a temporary
folder first, so nothing reaches the data folder unless both files are good.

All matching (headings, honorifics, organisation names) runs on normalised text
(:func:`helpers.text.normalize_for_matching` keeps offsets), while every value written keeps the
source's own characters.
"""

import hashlib
import io
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from helpers import paths
from helpers.coding import GroupFinder, compile_organisation_name
from helpers.errors import DataError
from helpers.loading import UNKNOWN_GROUP, decode_text, load_codebook, load_session, load_stakeholders, load_yaml_document, read_file_bytes, validate_document
from helpers.model import Participant, Stakeholders, Statement
from helpers.text import fold_whitespace, make_statement_id, normalize_for_matching

NOT_RECORDED = "not recorded"
SESSION_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ROLES = ("organiser", "speaker", "moderator", "contributor")

# --- line shapes (matched on normalised text, so U+2013 bullets and NBSP indents count) ---
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
_NUMBERED_LINE = re.compile(r"^\s*(?P<number>\d{1,2}|[IVX]{1,5})[.)]\s+(?P<rest>\S.*?)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25e6\u25aa\u2023\u00b7\uf0b7]|\d{1,3}[.)]|\(?[a-z]\)|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))\s+(?=\S)")
_RULE_LINE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")
_NUMBER_PREFIX = re.compile(r"^(?P<number>\d{1,2})[.)]?\s+(?P<rest>\S.*)$")
_SENTENCE_PUNCTUATION_END = re.compile(r"[.;,!?]$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAX_HEADING_WORDS = 15
_MAX_HEADING_CHARACTERS = 120
# The seed's "ECOSOC\nPartnership\nForum": a heading set as a stack of one- to three-word lines.
_MAX_STACKED_WORDS = 3

# --- participants ---
_HONORIFIC = re.compile(r"(?<![\w.])(?:(?:H\.\s?E\.|Dr\.?|Prof\.?|Mrs\.?|Mr\.?|Ms\.?|Mx\.?)\s+)+")
_NAME_PARTICLES = {"de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "bin", "binti", "al", "el", "y", "e", "ter"}
_FORWARD_CUES = (
    ("organiser", r"\b(?:co-?)?organi[sz]ed\s+(?:jointly\s+)?by\b|\b(?:co-?)?hosted\s+by\b|\bconvened\s+by\b|\b(?:co-?)?organi[sz]ers?\b\s*(?::|\b(?:were|was|included|including)\b)"),
    ("moderator", r"\b(?:co-?)?(?:moderated|chaired|facilitated)\s+by\b|\b(?:co-?)?(?:moderators?|chairs?|facilitators?)\b\s*(?::|\b(?:were|was|included|including)\b)"),
    (
        "speaker",
        r"\b(?:keynote\s+)?(?:speakers?|panell?ists?|presenters?|discussants?)\b\s*(?::|\b(?:included|including|were|was|such\s+as|like|from)\b|(?=(?:H\.\s?E\.|Dr|Prof|Mrs?|Ms|Mx)\b))"
        r"|\bfeatur(?:ed|ing)\b|\b(?:remarks|presentations?|keynote(?:\s+address)?)\s+(?:were\s+|was\s+)?(?:made\s+|delivered\s+|given\s+)?by\b"
        r"|\bwith\s+(?:the\s+)?participation\s+of\b",
    ),
    ("contributor", r"\b(?:contributions|interventions)\s+(?:were\s+made\s+)?(?:from|by)\b"),
)
_FORWARD_CUE_PATTERNS = tuple((role, re.compile(pattern, re.IGNORECASE)) for role, pattern in _FORWARD_CUES)
# "X and Y also contributed": the participants come before the cue.
_BACKWARD_CUES = (
    ("contributor", r"\b(?:also\s+)?(?:contributed|took\s+part|participated|intervened|made\s+(?:interventions|statements|contributions))\b"),
    ("speaker", r"\b(?:also\s+)?(?:spoke|addressed\s+the\s+(?:session|segment|meeting|forum|panel))\b"),
)
_BACKWARD_CUE_PATTERNS = tuple((role, re.compile(pattern, re.IGNORECASE)) for role, pattern in _BACKWARD_CUES)
_DISCOURSE_OPENING = re.compile(r"^(?:in\s+addition|additionally|moreover|furthermore|finally|also)\s*,?\s*", re.IGNORECASE)
_NOT_A_PARTICIPANT = {"it", "they", "he", "she", "we", "others", "participants", "speakers", "panellists", "panelists", "attendees", "delegates", "the session", "the segment"}
_ITEM_SEPARATOR = re.compile(r"\s*[,;]\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s*&\s*")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_PERSON_WITH_ORGANISATION = re.compile(r"^(?P<name>[^\W\d_][\w'\-.]*(?:\s+[^\W\d_][\w'\-.]*){1,4})\s*\((?P<organisation>[^()]+)\)$")
_ABBREVIATION_BEFORE_PERIOD = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Hon|Amb|Rev|St|No|Jr|Sr|Gen|Col|e\.g|i\.e)|(?<![\w.])(?:[A-Z]\.)*[A-Z])\.$")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'(]?[^\W\d_])")
_WHO_CLAUSE = re.compile(r",?\s+who\s+.*$", re.DOTALL)
_TRAILING_SEPARATORS = re.compile(r"[\s,;:.]*(?:\b(?:and|with|as\s+well\s+as)\b)?[\s,;:.]*$")
_LEADING_PUNCTUATION = re.compile(r"^[\s:,;\-]+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)

# --- sections, statements, metadata ---
_BACKGROUND_TITLE = re.compile(r"^(?:background|introduction|overview|context)\b", re.IGNORECASE)
_PEOPLE_TITLE = re.compile(r"^(?:speakers|panell?ists|moderators?|organi[sz]ers|participants|programme\s+and\s+speakers)\b(?!')", re.IGNORECASE)
_SPEECH_VERB = re.compile(
    r"(?<![\w-])(?:stressed|noted|said|highlighted|called|emphasi[sz]ed|underlined|underscored|argued|pointed\s+out|observed|warned|urged|recalled|explained|stated|reiterated|cautioned)(?![\w-])",
    re.IGNORECASE,
)
_MAX_SUBJECT_WORDS = 12
_SDG_MENTION = re.compile(r"\b(?:SDGs?|Goals?)[\s-]*(?P<numbers>\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)")
_FORUM_WORDS = re.compile(r"\b(?:forum|HLPF|ECOSOC|council|assembly|conference|summit)\b", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_MENTION = re.compile(rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")


@dataclass
class Block:
    """A bullet, a paragraph or a heading of the summary, with the line it starts on."""

    kind: str  # "bullet", "paragraph" or "heading"
    line: int
    parts: list[str] = field(default_factory=list)
    heading_level: int = 0  # Markdown "#" count; 0 for a bold line used as a heading
    heading_number: int | None = None

    @property
    def text(self) -> str:
        """The block's lines joined with single spaces, each line's own characters kept."""
        return " ".join(self.parts)


@dataclass
class SectionDraft:
    """A section as found: its number, title and blocks, and whether it is background."""

    number: int
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    is_background: bool = False


@dataclass(frozen=True)
class FoundParticipant:
    """A participant as read from the prose, before it gets its group."""

    honorific: str | None
    name: str | None
    title: str | None
    organisation: str | None
    role: str
    line: int


@dataclass(frozen=True)
class SectionSummary:
    """What ingest did with one section: how many statements it gave, or that it was background."""

    number: int
    title: str
    n_statements: int
    is_background: bool


@dataclass(frozen=True)
class IngestReport:
    """What `briefs ingest` found and wrote, and what the analyst should review."""

    session_id: str
    session_file: Path
    raw_file: Path
    is_raw_file_new: bool
    is_replacement: bool
    title: str
    forum: str
    sdgs: tuple[int, ...]
    sections: tuple[SectionSummary, ...]
    participants: tuple[Participant, ...]
    statements: tuple[Statement, ...]
    unplaced: tuple[str, ...]
    review: tuple[str, ...]
    kept: tuple[str, ...] = ()


@dataclass
class ParsedSummary:
    """Everything the rules read from a summary (no analyst edits)."""

    title: str
    forum: str
    is_title_guessed: bool
    sdgs: list[int]
    sections: list[SectionDraft]
    participants: list[dict]
    statements: list[dict]
    unplaced: list[str]
    notes: list[str]


# ----------------------------------------------------------------------------- reading


def read_summary(path: Path) -> tuple[bytes, str]:
    """The summary's bytes and its text; empty, binary and non-UTF-8 files are DataErrors."""
    data = read_file_bytes(path)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise DataError(path, f"binary file, not a text summary: NUL byte at byte offset {offset}", line=data.count(b"\n", 0, offset) + 1)
    text = decode_text(path, data)
    if not text.strip():
        raise DataError(path, "the file is empty: expected the text of a session summary")
    return data, text


def make_session_id(path: Path) -> str:
    """Session id from a file name: its stem, accents dropped, lowercased, other characters as '-'.

    >>> make_session_id(Path("ECOSOC PF 2025 – SDG 8 (draft).txt"))
    'ecosoc-pf-2025-sdg-8-draft'
    >>> make_session_id(Path("Résumé_final.md"))
    'resume-final'
    """
    ascii_stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")


def check_session_id(session_id: str, path: Path, is_given: bool) -> str:
    """Return the id if it is a valid session id, else raise a DataError that asks for ``--id``."""
    if SESSION_ID_PATTERN.match(session_id):
        return session_id
    if is_given:
        raise DataError(path, f"--id {session_id!r} is not a valid session id: use lowercase letters, digits and single hyphens (e.g. ecosoc-pf-2025-sdg8)")
    raise DataError(path, f"cannot make a session id from the file name {path.name!r}: give one with --id (lowercase letters, digits and single hyphens)")


# ----------------------------------------------------------------------------- blocks and sections


def _is_heading_text(rest: str) -> bool:
    """A numbered line is a heading when short and not ended like a sentence."""
    return (
        len(rest.split()) <= _MAX_HEADING_WORDS
        and len(rest) <= _MAX_HEADING_CHARACTERS
        and not _SENTENCE_PUNCTUATION_END.search(rest)
        and any(character.isalpha() for character in rest)
    )


def _parse_roman_numeral(numeral: str) -> int:
    """Value of a Roman numeral (headings like "II. Key issues").

    >>> _parse_roman_numeral("IV"), _parse_roman_numeral("XII")
    (4, 12)
    """
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for index, character in enumerate(numeral):
        value = values[character]
        total += -value if index + 1 < len(numeral) and values[numeral[index + 1]] > value else value
    return total


def _clean_heading_title(title: str) -> str:
    """A heading's title without Markdown emphasis or a trailing colon."""
    title = title.strip()
    for marker in ("**", "__"):
        if title.startswith(marker) and title.endswith(marker) and len(title) > 2 * len(marker):
            title = title[len(marker) : -len(marker)].strip()
    return title.rstrip(":").strip()


def split_into_blocks(text: str) -> list[Block]:
    """Headings, bullets (continuation lines joined) and paragraphs, in order.

    A numbered line is a section heading when the document has no Markdown headings, the line
    is short, does not end in sentence punctuation and its number follows the current section's;
    otherwise it is a numbered bullet.
    """
    lines = _LINE_BREAK.split(text)
    uses_markdown_headings = any(_MARKDOWN_HEADING.match(normalize_for_matching(line)) or _BOLD_LINE.match(line) for line in lines)
    blocks: list[Block] = []
    current: Block | None = None
    section_number = 0
    for line_number, line in enumerate(lines, 1):
        normalized = normalize_for_matching(line)
        stripped = line.strip()
        if not stripped or _RULE_LINE.match(normalized):
            current = None
            continue
        markdown = _MARKDOWN_HEADING.match(normalized) or (_BOLD_LINE.match(normalized) if current is None else None)
        if markdown:
            level = len(markdown.group(1)) if markdown.re is _MARKDOWN_HEADING else 0  # 0: a bold line
            content = line[markdown.start(2) : markdown.end(2)] if markdown.re is _MARKDOWN_HEADING else line[markdown.start("text") : markdown.end("text")]
            content = _clean_heading_title(content)
            number = None
            numbered = _NUMBER_PREFIX.match(normalize_for_matching(content))
            if numbered:
                number = int(numbered.group("number"))
                content = content[numbered.start("rest") :]
            blocks.append(Block("heading", line_number, [_clean_heading_title(content)], heading_level=level, heading_number=number))
            current = None
            continue
        numbered = _NUMBERED_LINE.match(normalized)
        if numbered and not uses_markdown_headings:
            raw_number = numbered.group("number")
            number = int(raw_number) if raw_number.isdigit() else _parse_roman_numeral(raw_number)
            rest = line[numbered.start("rest") : numbered.end("rest")]
            if number > section_number and _is_heading_text(normalize_for_matching(rest)):
                blocks.append(Block("heading", line_number, [_clean_heading_title(rest)], heading_level=2, heading_number=number))
                section_number = number
                current = None
                continue
        bullet = _BULLET.match(normalized)
        if bullet:
            current = Block("bullet", line_number, [line[bullet.end() :].strip()])
            blocks.append(current)
        elif current is not None:
            current.parts.append(stripped)
        else:
            current = Block("paragraph", line_number, [stripped])
            blocks.append(current)
    return blocks


def _is_title_like(text: str) -> bool:
    """A short heading line of the summary (forum or title), not prose and not a participant list."""
    normalized = normalize_for_matching(text)
    return (
        len(normalized.split()) <= _MAX_HEADING_WORDS
        and not _SENTENCE_PUNCTUATION_END.search(normalized)
        and not has_participant_cue(normalized)
        and any(character.isalpha() for character in normalized)
    )


def _is_place_or_date_line(text: str) -> bool:
    """A short line stating when (and where) the session took place, e.g. "New York, 14 July 2025"."""
    return len(text.split()) <= 8 and bool(_DATE_MENTION.search(normalize_for_matching(text)))


def group_heading_lines(parts: list[str]) -> list[list[str]]:
    """Group a block's lines into heading lines: stacked short words, or a line ending in a connector, continue one.

    >>> group_heading_lines(["ECOSOC", "Partnership", "Forum", "SDG Action Segment for", "Goal 8", "New York"])
    [['ECOSOC', 'Partnership', 'Forum'], ['SDG Action Segment for', 'Goal 8'], ['New York']]
    """
    groups: list[list[str]] = []
    for line in parts:
        words = normalize_for_matching(line).split()
        if groups:
            previous = groups[-1]
            is_stacked = len(words) <= _MAX_STACKED_WORDS and all(len(part.split()) <= _MAX_STACKED_WORDS for part in previous)
            ends_with_connector = re.search(r"(?:\b(?:for|of|and|the|on|in|to|a|an|at|with)|[:\-])$", normalize_for_matching(previous[-1]))
            if is_stacked or ends_with_connector:
                previous.append(line)
                continue
        groups.append([line])
    return groups


def assemble_sections(blocks: list[Block]) -> tuple[str | None, list[str], list[Block], list[SectionDraft], list[str]]:
    """Split blocks into a Markdown title, heading lines, preamble prose and numbered sections.

    Returns (markdown title, header blocks, preamble blocks, sections, notes). Unnumbered
    headings take the next free number; a repeated number is replaced by the next free one.
    """
    markdown_title = None
    header: list[str] = []
    preamble: list[Block] = []
    sections: list[SectionDraft] = []
    notes: list[str] = []
    used_numbers: set[int] = set()
    for index, block in enumerate(blocks):
        if block.kind == "heading" and index == 0 and block.heading_number is None and block.heading_level <= 1:
            if block.heading_level == 1:
                markdown_title = block.text
            else:
                header.append(block.text)  # a leading bold line is a heading line, not a section
            continue
        if block.kind == "heading":
            number = block.heading_number
            if number is None or number in used_numbers:
                next_number = max(used_numbers, default=0) + 1
                if number is not None:
                    notes.append(f"section {block.text!r} (line {block.line}) repeats number {number}: numbered {next_number} here")
                number = next_number
            used_numbers.add(number)
            sections.append(SectionDraft(number=number, title=block.text, line=block.line))
        elif sections:
            sections[-1].blocks.append(block)
        elif preamble or block.kind != "paragraph":
            preamble.append(block)
        else:
            # Heading lines until the first line of prose; the rest of the block is preamble.
            offset = 0
            for group in group_heading_lines(block.parts):
                text = " ".join(group)
                if not _is_title_like(text):
                    preamble.append(Block("paragraph", block.line + offset, block.parts[offset:]))
                    break
                if not _is_place_or_date_line(text):
                    header.append(text)
                offset += len(group)
    if not sections and preamble:
        # No headings at all: the body is one section, and the analyst is told so.
        sections.append(SectionDraft(number=1, title="Summary", line=preamble[0].line, blocks=preamble))
        preamble = []
        notes.append("the summary has no section headings: all its statements are in one section titled 'Summary'")
    for position, section in enumerate(sections):
        section.is_background = _is_background_section(section, position)
    return markdown_title, header, preamble, sections, notes


def _is_background_section(section: SectionDraft, position: int) -> bool:
    """Background sections name participants: by title, or the first section when it is prose naming them."""
    title = normalize_for_matching(section.title)
    if _PEOPLE_TITLE.match(title):
        return True
    if position == 0 and _BACKGROUND_TITLE.match(title):
        return True
    has_bullets = any(block.kind == "bullet" for block in section.blocks)
    return position == 0 and not has_bullets and any(find_forward_cues(normalize_for_matching(block.text)) for block in section.blocks)


# ----------------------------------------------------------------------------- title, forum, SDGs


def read_title_and_forum(markdown_title: str | None, header: list[str]) -> tuple[str, str, list[str]]:
    """Title and forum from the heading lines; notes name heading lines left unused.

    Place and date lines are left out. With two or more heading lines, the one naming a forum
    (Forum, ECOSOC, HLPF, ...) or else the first is the forum and the next is the title; with
    one, it is the title and the forum is not recorded. A Markdown "# Title" is the title.
    """
    candidates = [fold_whitespace(text) for text in header]
    notes = []
    if markdown_title is not None:
        title = markdown_title
        forum = candidates.pop(0) if candidates else NOT_RECORDED
    elif len(candidates) >= 2:
        forum_index = next((i for i, text in enumerate(candidates) if _FORUM_WORDS.search(normalize_for_matching(text))), 0)
        forum = candidates.pop(forum_index)
        title = candidates.pop(0)
    elif candidates:
        title, forum = candidates.pop(0), NOT_RECORDED
    else:
        title, forum = NOT_RECORDED, NOT_RECORDED
    if candidates:
        notes.append("heading lines not used for the title or forum: " + "; ".join(repr(text) for text in candidates))
    return title, forum, notes


def find_sdgs(texts: list[str]) -> list[int]:
    """SDG numbers mentioned as "SDG N", "SDGs N, M and K" or "Goal N", sorted.

    >>> find_sdgs(["SDG Action Segment for Goal 8", "reviewed SDGs 3, 5 and 17; SDG 18 is no goal"])
    [3, 5, 8, 17]
    """
    numbers = set()
    for text in texts:
        for match in _SDG_MENTION.finditer(normalize_for_matching(text)):
            numbers.update(int(number) for number in re.findall(r"\d+", match.group("numbers")) if 1 <= int(number) <= 17)
    return sorted(numbers)


# ----------------------------------------------------------------------------- participants


class OrganisationNames:
    """The organisation names of the stakeholder data, matched as whole words, case-sensitively."""

    def __init__(self, stakeholders: Stakeholders):
        self.names = {fold_whitespace(name) for group in stakeholders.groups for name in group.organisations}
        self.patterns = [compile_organisation_name(name) for name in sorted(self.names)]

    def find_spans(self, normalized: str) -> list[tuple[int, int]]:
        """Non-overlapping spans of known names, the earliest and then the longest first."""
        found = sorted(((m.start(), m.end()) for pattern in self.patterns for m in pattern.finditer(normalized)), key=lambda span: (span[0], span[0] - span[1]))
        kept: list[tuple[int, int]] = []
        for start, end in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end))
        return kept

    def is_known(self, text: str) -> bool:
        """Whether ``text`` is exactly one of the known organisation names."""
        return fold_whitespace(normalize_for_matching(text)) in self.names


def find_forward_cues(normalized: str) -> list[tuple[int, int, str]]:
    """Cues that introduce participants after them ("moderated by", "speakers including")."""
    found = sorted(((m.start(), m.end(), role) for role, pattern in _FORWARD_CUE_PATTERNS for m in pattern.finditer(normalized)), key=lambda cue: (cue[0], cue[0] - cue[1]))
    kept: list[tuple[int, int, str]] = []
    for cue in found:
        if not kept or cue[0] >= kept[-1][1]:
            kept.append(cue)
    return kept


def find_backward_cues(normalized: str) -> list[tuple[int, int, str]]:
    """Cues that follow the participants they name ("Member States also contributed")."""
    return sorted((m.start(), m.end(), role) for role, pattern in _BACKWARD_CUE_PATTERNS for m in pattern.finditer(normalized))


def find_honorifics(normalized: str) -> list[re.Match]:
    """Honorifics ("Mr.", "H.E. Ms.", "Dr. Prof.") that are followed by a capitalised name."""
    return [m for m in _HONORIFIC.finditer(normalized) if m.end() < len(normalized) and normalized[m.end()].isupper()]


def has_participant_cue(normalized: str) -> bool:
    """Whether text names participants: a role cue or an honorific before a name."""
    return bool(find_forward_cues(normalized) or find_backward_cues(normalized) or find_honorifics(normalized))


def split_sentences(normalized: str) -> list[tuple[int, int]]:
    """Sentence spans; periods of honorifics and initials ("Mr.", "H.E.", "A.") do not end one.

    >>> text = "It featured Mr. A. B. Smith and H.E. Ms. Jane Doe. Member states also contributed."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['It featured Mr. A. B. Smith and H.E. Ms. Jane Doe.', ' Member states also contributed.']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(normalized):
        following = normalized[match.end() :].lstrip(" \"'(")
        if not following[:1].isupper() or _ABBREVIATION_BEFORE_PERIOD.search(normalized[start : match.end()]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(normalized)))
    return spans


def _trim(text: str, normalized: str) -> tuple[str, str]:
    """Drop leading punctuation and trailing separators (", and", ".") from a fragment and its normalised twin."""
    leading = _LEADING_PUNCTUATION.match(normalized)
    start = leading.end() if leading else 0
    end = _TRAILING_SEPARATORS.search(normalized, start).start()
    return text[start:end], normalized[start:end]


def split_items(text: str, normalized: str, organisations: OrganisationNames) -> list[tuple[str, str]]:
    """Split a list on commas, semicolons and "and", never inside a known name or parentheses.

    Returns (original, normalised) items, each without a leading "the".
    """
    protected = organisations.find_spans(normalized) + [(m.start(), m.end()) for m in _PARENTHESISED.finditer(normalized)]
    items, start = [], 0
    for separator in _ITEM_SEPARATOR.finditer(normalized):
        if separator.end() == separator.start() or any(p_start < separator.end() and separator.start() < p_end for p_start, p_end in protected):
            continue
        items.append((text[start : separator.start()], normalized[start : separator.start()]))
        start = separator.end()
    items.append((text[start:], normalized[start:]))
    result = []
    for item, item_normalized in items:
        item, item_normalized = _trim(item, item_normalized)
        the = _LEADING_THE.match(item_normalized)
        if the:
            item, item_normalized = item[the.end() :], item_normalized[the.end() :]
        if item.strip():
            result.append((fold_whitespace(item), fold_whitespace(item_normalized)))
    return result


def split_title_and_organisation(text: str, organisations: OrganisationNames) -> tuple[str | None, str | None]:
    """A person's title and organisation from what follows their name.

    "Title at Org" gives the part after the last " at "; "Title of Org" the part after " of "
    only when it is a known organisation; "Title (Org)" the parenthesis; otherwise the first
    known organisation named in the title (the title is then kept whole).
    """
    text = fold_whitespace(text)
    normalized = normalize_for_matching(text)
    parenthesis = re.match(r"^(?P<title>.*?)\s*\((?P<organisation>[^()]+)\)$", normalized)
    if parenthesis:
        title = text[: parenthesis.end("title")].strip() or None
        return title, text[parenthesis.start("organisation") : parenthesis.end("organisation")].strip()
    at_matches = list(re.finditer(r"\s+at\s+(?:the\s+)?", normalized))
    if at_matches and at_matches[-1].end() < len(normalized):
        last = at_matches[-1]
        return text[: last.start()].strip() or None, text[last.end() :].strip()
    for of in re.finditer(r"\s+of\s+(?:the\s+)?", normalized):
        if organisations.is_known(normalized[of.end() :]):
            return text[: of.start()].strip() or None, text[of.end() :].strip()
    spans = organisations.find_spans(normalized)
    if spans:
        start, end = spans[0]
        return text or None, text[start:end]
    return text or None, None


def _take_name(text: str, normalized: str) -> tuple[str, str]:
    """The leading run of capitalised words (and particles like "van", "de") that forms a name; and the rest.

    >>> _take_name("Ursula von der Leyen of the European Commission", "Ursula von der Leyen of the European Commission")
    ('Ursula von der Leyen', 'of the European Commission')
    """
    end = 0
    for word in re.finditer(r"[^\s,]+", normalized):
        if not (word.group()[:1].isupper() or word.group().lower() in _NAME_PARTICLES):
            break
        end = word.end()
        if normalized[end : end + 1] == ",":
            break
    return text[:end].strip(), text[end:].strip()


def read_person(text: str, normalized: str, honorific_end: int, role: str, line: int, organisations: OrganisationNames) -> FoundParticipant | None:
    """One person from "Honorific Name, Title at Org", "Honorific Name (Org)" or "Honorific Name"."""
    honorific = fold_whitespace(text[:honorific_end]) or None
    rest, rest_normalized = _trim(text[honorific_end:], normalized[honorific_end:])
    who = _WHO_CLAUSE.search(rest_normalized)
    if who:
        rest, rest_normalized = rest[: who.start()], rest_normalized[: who.start()]
    if not rest.strip():
        return None
    with_parenthesis = re.match(r"^(?P<name>[^,(]+?)\s*\((?P<organisation>[^()]+)\)\s*(?:,\s*(?P<title>.+))?$", rest_normalized)
    if with_parenthesis:
        name = fold_whitespace(rest[: with_parenthesis.end("name")])
        organisation = fold_whitespace(rest[with_parenthesis.start("organisation") : with_parenthesis.end("organisation")])
        title = fold_whitespace(rest[with_parenthesis.start("title") :]) if with_parenthesis.group("title") else None
        return FoundParticipant(honorific, name, title or None, organisation, role, line)
    if "," in rest_normalized:
        comma = rest_normalized.index(",")
        name = fold_whitespace(rest[:comma])
        title, organisation = split_title_and_organisation(rest[comma + 1 :], organisations)
        return FoundParticipant(honorific, name, title, organisation, role, line) if name else None
    name, after_name = _take_name(rest, rest_normalized)
    organisation = None
    origin = re.match(r"^(?:from|of|at)\s+(?:the\s+)?", normalize_for_matching(after_name))
    if origin and after_name[origin.end() :].strip():
        organisation = fold_whitespace(after_name[origin.end() :])
    return FoundParticipant(honorific, fold_whitespace(name), None, organisation, role, line) if name else None


@dataclass
class ProseParticipants:
    """Participants read from one paragraph or bullet, and what could not be read."""

    participants: list[FoundParticipant] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    unscoped_people: list[str] = field(default_factory=list)
    trailing_role: str | None = None


def read_participants_in_scope(text: str, normalized: str, role: str, line: int, organisations: OrganisationNames, finder: GroupFinder) -> tuple[list[FoundParticipant], list[str]]:
    """Participants in a stretch of text that a cue gave a role; returns (participants, unread fragments).

    People are split on their honorifics, since titles contain commas and "and"; without
    honorifics, items split on commas and "and" are "Name (Organisation)" or organisations (for
    speakers and moderators only names the stakeholder data knows, so no title is taken for one).
    """
    text, normalized = _trim(text, normalized)
    opening = _DISCOURSE_OPENING.match(normalized)
    if opening:
        text, normalized = text[opening.end() :], normalized[opening.end() :]
    honorifics = find_honorifics(normalized)
    found: list[FoundParticipant] = []
    unread: list[str] = []
    lead_end = honorifics[0].start() if honorifics else len(normalized)
    lead, lead_normalized = _trim(text[:lead_end], normalized[:lead_end])
    if lead.strip():
        for item, item_normalized in split_items(lead, lead_normalized, organisations):
            person = _PERSON_WITH_ORGANISATION.match(item_normalized)
            if person:
                found.append(FoundParticipant(None, fold_whitespace(item[: person.end("name")]), None, fold_whitespace(item[person.start("organisation") : person.end("organisation")]), role, line))
            elif item_normalized.lower() in _NOT_A_PARTICIPANT:
                continue
            elif role in ("organiser", "contributor") or organisations.is_known(item_normalized) or finder.classify_organisation(item_normalized):
                found.append(FoundParticipant(None, None, None, item, role, line))
            else:
                unread.append(item)
    for index, honorific in enumerate(honorifics):
        end = honorifics[index + 1].start() if index + 1 < len(honorifics) else len(normalized)
        chunk, chunk_normalized = text[honorific.start() : end], normalized[honorific.start() : end]
        person = read_person(chunk, chunk_normalized, honorific.end() - honorific.start(), role, line, organisations)
        if person is None:
            unread.append(fold_whitespace(chunk))
        else:
            found.append(person)
    return found, unread


def read_participants_in_prose(text: str, line: int, organisations: OrganisationNames, finder: GroupFinder, default_role: str | None = None) -> ProseParticipants:
    """Participants named in a paragraph or bullet, each with the role its cue gives.

    A forward cue ("moderated by") owns the text up to the next cue or the sentence's end; a
    backward cue ("also contributed") owns the text before it. Text without a cue is read with
    ``default_role`` (bullets under "Speakers:"); otherwise people named there are only reported.
    """
    normalized = normalize_for_matching(text)
    result = ProseParticipants()
    for sentence_start, sentence_end in split_sentences(normalized):
        sentence = normalized[sentence_start:sentence_end]
        cues = [(start, end, role, True) for start, end, role in find_forward_cues(sentence)]
        cues += [(start, end, role, False) for start, end, role in find_backward_cues(sentence)]
        cues.sort()
        scopes = []
        owned_until = 0
        for index, (start, end, role, is_forward) in enumerate(cues):
            if is_forward:
                scope_end = cues[index + 1][0] if index + 1 < len(cues) else len(sentence)
                scopes.append((end, scope_end, role))
                owned_until = scope_end
            elif start > owned_until:
                scopes.append((owned_until, start, role))
                owned_until = end
            else:
                owned_until = max(owned_until, end)
        if not cues and default_role is not None:
            scopes.append((0, len(sentence), default_role))
        for scope_start, scope_end, role in scopes:
            begin, finish = sentence_start + scope_start, sentence_start + scope_end
            found, unread = read_participants_in_scope(text[begin:finish], normalized[begin:finish], role, line, organisations, finder)
            result.participants.extend(found)
            result.unread.extend(unread)
        if cues and cues[-1][3] and not _trim(sentence[cues[-1][1] :], sentence[cues[-1][1] :])[1].strip():
            result.trailing_role = cues[-1][2]
        covered = [(sentence_start + s, sentence_start + e) for s, e, _ in scopes]
        for honorific in find_honorifics(sentence):
            position = sentence_start + honorific.start()
            if not any(start <= position < end for start, end in covered):
                name, _ = _take_name(text[sentence_start + honorific.end() :], normalized[sentence_start + honorific.end() :])
                result.unscoped_people.append(fold_whitespace(text[position : sentence_start + honorific.end()] + name))
    return result


def place_participant(participant: FoundParticipant, finder: GroupFinder) -> str | None:
    """The group of a participant: from its organisation, else its title; None when neither matches."""
    for value in (participant.organisation, participant.title):
        if value:
            group = finder.classify_organisation(value)
            if group:
                return group
    return None


def _find_role_in_title(title: str) -> str | None:
    """Role implied by a section title such as "Speakers" or "Moderators"."""
    normalized = normalize_for_matching(title).lower()
    if re.match(r"^organi[sz]ers", normalized):
        return "organiser"
    if re.match(r"^moderators?", normalized):
        return "moderator"
    if _PEOPLE_TITLE.match(normalized):
        return "speaker"
    return None


def read_background_blocks(blocks: list[Block], title_role: str | None, organisations: OrganisationNames, finder: GroupFinder) -> tuple[list[FoundParticipant], list[str]]:
    """Participants from background prose and bullets; returns (participants, notes for review).

    A lead-in such as "Speakers:" gives its role to the bullets after it; bullets with no role
    stated anywhere are recorded as speakers and listed for review.
    """
    found: list[FoundParticipant] = []
    notes: list[str] = []
    lead_role = title_role
    for block in blocks:
        if block.kind == "paragraph":
            prose = read_participants_in_prose(block.text, block.line, organisations, finder)
            lead_role = prose.trailing_role or lead_role
        else:
            role = lead_role or "speaker"
            prose = read_participants_in_prose(block.text, block.line, organisations, finder, default_role=role)
            if lead_role is None and prose.participants:
                notes.append(f"line {block.line}: role not stated, recorded as speaker: {block.text!r}")
            if not prose.participants and not prose.unread:
                notes.append(f"line {block.line}: background bullet not used: {block.text!r}")
        found.extend(prose.participants)
        notes.extend(f"line {block.line}: could not read a participant from {fragment!r}: add it by hand if it is one" for fragment in prose.unread)
        notes.extend(f"line {block.line}: {person} is named without a role: not recorded as a participant" for person in prose.unscoped_people)
    return found, notes


def _make_participant_key(name: str | None, organisation: str | None) -> tuple[str, str]:
    """What identifies a participant across re-ingests: (name, organisation), whitespace folded."""
    return (fold_whitespace(name or ""), fold_whitespace(organisation or ""))


# ----------------------------------------------------------------------------- statements


def find_speaker_group(text: str, organisations: OrganisationNames, finder: GroupFinder, groups_by_surname: dict[str, set[str]]) -> str | None:
    """The group a statement attributes itself to, or None (never guessed).

    Attributed means: a known organisation or a participant's surname before a speech verb
    ("The ITUC representative stressed", "Ms. Simonetti noted") in the statement's first clause.
    When the subject names more than one group, the statement stays unattributed.

    >>> from helpers.model import StakeholderGroup
    >>> groups = Stakeholders("1", (StakeholderGroup("workers", "Workers", "", (), ("ITUC",)),))
    >>> find_speaker_group("The ITUC representative stressed that wages matter;", OrganisationNames(groups), GroupFinder(groups), {})
    'workers'
    >>> find_speaker_group("Wages matter, as the ITUC noted.", OrganisationNames(groups), GroupFinder(groups), {}) is None
    True
    """
    normalized = normalize_for_matching(text)
    verb = _SPEECH_VERB.search(normalized)
    if not verb:
        return None
    subject = normalized[: verb.start()]
    if re.search(r"[;:]", subject) or len(subject.split()) > _MAX_SUBJECT_WORDS:
        return None
    segments = subject.split(",")
    if len(segments) == 1:
        candidates = segments
    elif len(segments) == 3 and not segments[2].strip():
        # "Ms. X, Director of the ITUC, stressed": the head and its apposition.
        candidates = segments[:2]
    else:
        # "As the ILO noted, ...": the verb is not in the first clause.
        return None
    groups = set()
    for candidate in candidates:
        for start, end in organisations.find_spans(candidate):
            group = finder.classify_organisation(candidate[start:end])
            if group:
                groups.add(group)
        for surname, surname_groups in groups_by_surname.items():
            if re.search(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", candidate):
                groups |= surname_groups
    groups.discard(UNKNOWN_GROUP)
    return groups.pop() if len(groups) == 1 else None


def make_unique_statement_id(section: int, text: str, used_ids: set[str]) -> str:
    """A stable id; the second identical text in a section hashes ``text + "#2"``, and so on.

    >>> used = set()
    >>> first = make_unique_statement_id(2, "Decent work for all;", used)
    >>> second = make_unique_statement_id(2, "Decent work for all;", used)
    >>> first, second == make_statement_id(2, "Decent work for all;#2")
    ('s2-097281', True)
    """
    statement_id, copy = make_statement_id(section, text), 1
    while statement_id in used_ids:
        copy += 1
        statement_id = make_statement_id(section, f"{text}#{copy}")
    used_ids.add(statement_id)
    return statement_id


# ----------------------------------------------------------------------------- parsing a summary


def parse_summary(text: str, stakeholders: Stakeholders) -> ParsedSummary:
    """Read title, forum, SDGs, sections, participants and statements from a summary's text."""
    organisations = OrganisationNames(stakeholders)
    finder = GroupFinder(stakeholders)
    blocks = split_into_blocks(text)
    markdown_title, header, preamble, sections, notes = assemble_sections(blocks)
    title, forum, title_notes = read_title_and_forum(markdown_title, header)
    notes.extend(title_notes)

    found: list[FoundParticipant] = []
    background_texts = [title] + [block.text for block in preamble]
    preamble_found, preamble_notes = read_background_blocks(preamble, None, organisations, finder)
    found.extend(preamble_found)
    notes.extend(preamble_notes)
    statement_blocks: list[tuple[int, Block]] = []
    for section in sections:
        if section.is_background:
            section_found, section_notes = read_background_blocks(section.blocks, _find_role_in_title(section.title), organisations, finder)
            found.extend(section_found)
            notes.extend(section_notes)
            background_texts.extend(block.text for block in section.blocks)
            continue
        has_bullets = any(block.kind == "bullet" for block in section.blocks)
        for block in section.blocks:
            if block.kind == "bullet":
                statement_blocks.append((section.number, block))
                continue
            normalized = normalize_for_matching(block.text)
            if find_forward_cues(normalized):
                prose = read_participants_in_prose(block.text, block.line, organisations, finder)
                if prose.participants:
                    found.extend(prose.participants)
                    notes.extend(f"line {block.line}: could not read a participant from {fragment!r}: add it by hand if it is one" for fragment in prose.unread)
                    continue
            if not has_bullets:
                statement_blocks.append((section.number, block))
            elif not normalized.rstrip().endswith(":"):
                notes.append(f"line {block.line}: paragraph in section {section.number} is not a bullet and was not used: {block.text[:80]!r}")

    participants, unplaced = [], []
    seen = set()
    for person in found:
        key = (_make_participant_key(person.name, person.organisation), person.role)
        if key in seen:
            continue
        seen.add(key)
        group = place_participant(person, finder)
        if group is None:
            unplaced.append(person.organisation or person.title or f"{person.name} (no organisation or title)")
        entry = {"honorific": person.honorific} if person.honorific else {}
        entry.update(name=person.name, title=person.title, organisation=person.organisation, role=person.role, group=group or UNKNOWN_GROUP)
        participants.append(entry)

    groups_by_surname: dict[str, set[str]] = {}
    for participant in participants:
        if participant["name"]:
            surname = participant["name"].split()[-1]
            groups_by_surname.setdefault(normalize_for_matching(surname), set()).add(participant["group"])
    statements, used_ids = [], set()
    for section_number, block in statement_blocks:
        statement = {"id": make_unique_statement_id(section_number, block.text, used_ids), "section": section_number, "text": block.text}
        speaker_group = find_speaker_group(block.text, organisations, finder, groups_by_surname)
        if speaker_group:
            statement["speaker_group"] = speaker_group
        statements.append(statement)
    return ParsedSummary(
        title=title,
        forum=forum,
        is_title_guessed=markdown_title is None,
        sdgs=find_sdgs(background_texts),
        sections=sections,
        participants=participants,
        statements=statements,
        unplaced=unplaced,
        notes=notes,
    )


# ----------------------------------------------------------------------------- analyst edits


def _describe_override(override: dict) -> str:
    """An override on one line, to re-attach by hand.

    >>> _describe_override({"statement": "s2-abcdef", "add_issues": ["skills", "osh"], "reason": "training"})
    'statement s2-abcdef, add_issues [skills, osh], reason: training'
    """
    parts = [f"{key} [{', '.join(value)}]" if isinstance(value, list) else f"{key} {value}" for key, value in override.items() if key != "reason"]
    return ", ".join(parts) + f", reason: {override['reason']}"


def keep_analyst_edits(draft: dict, previous: dict) -> tuple[list[str], list[str]]:
    """Carry the analyst's edits from the previous session file into the draft (in place).

    Kept: title, forum, sdgs and date; source.publisher, source.licence, source.retrieved and
    source.note; every override whose statement id still exists; for each statement whose id
    still exists, its speaker_group and note exactly as in the previous file (present or absent);
    for each participant matched by (name, organisation), its note, and its group unless that was
    "unknown". Everything else is rebuilt from the raw text; previous comments are not kept.
    Returns (what was kept, what was dropped and needs review).
    """
    kept, dropped = [], []
    for key in ("title", "forum", "sdgs", "date"):
        draft[key] = previous[key]
    for key in ("publisher", "licence", "retrieved", "note"):
        if key in previous["source"]:
            draft["source"][key] = previous["source"][key]
    kept.append("title, forum, sdgs, date and source details (publisher, licence, retrieved, note)")

    previous_statements = {statement["id"]: statement for statement in previous["statements"]}
    n_notes = n_speaker_groups = 0
    for statement in draft["statements"]:
        old = previous_statements.get(statement["id"])
        if old is None:
            continue
        statement.pop("speaker_group", None)
        for key in ("speaker_group", "note"):
            if key in old:
                statement[key] = old[key]
        n_notes += "note" in old
        n_speaker_groups += "speaker_group" in old
    draft_ids = {statement["id"] for statement in draft["statements"]}
    for old in previous["statements"]:
        if old["id"] not in draft_ids and "note" in old:
            dropped.append(f"note of statement {old['id']} dropped (the statement is no longer in the summary): {old['note']!r}")

    overrides = [override for override in previous.get("overrides", []) if override["statement"] in draft_ids]
    for override in previous.get("overrides", []):
        if override["statement"] not in draft_ids:
            dropped.append(f"override of statement {override['statement']} dropped (the statement is no longer in the summary): {_describe_override(override)}")
    if overrides:
        draft["overrides"] = overrides

    previous_participants = {}
    for participant in previous["participants"]:
        previous_participants.setdefault(_make_participant_key(participant["name"], participant["organisation"]), participant)
    n_groups = n_participant_notes = 0
    matched = set()
    for participant in draft["participants"]:
        key = _make_participant_key(participant["name"], participant["organisation"])
        old = previous_participants.get(key)
        if old is None:
            continue
        matched.add(key)
        if old["group"] != UNKNOWN_GROUP and old["group"] != participant["group"]:
            participant["group"] = old["group"]
            n_groups += 1
        if "note" in old:
            participant["note"] = old["note"]
            n_participant_notes += 1
    for key, old in previous_participants.items():
        if key not in matched:
            dropped.append(f"participant {old['name'] or old['organisation']!r} of the previous file was not found by ingest: not kept")
    kept.append(f"{len(overrides)} override(s), {n_notes} statement note(s), {n_speaker_groups} statement speaker_group(s)")
    kept.append(f"{n_groups} participant group(s) set by hand, {n_participant_notes} participant note(s)")
    return kept, dropped


# ----------------------------------------------------------------------------- writing


class _DraftRepresenter(RoundTripRepresenter):
    """Writes None as ``null`` so analysts see empty fields."""


_DraftRepresenter.add_representer(type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))


def _set_flow_style(node):
    """Write a YAML mapping or list on one line."""
    node.fa.set_flow_style()
    return node


def render_session_yaml(session: dict, comment_lines: list[str]) -> str:
    """The session as readable YAML: short entries on one line, statement text double-quoted."""
    document = CommentedMap()
    for key in ("id", "title", "forum"):
        document[key] = session[key]
    document["sdgs"] = _set_flow_style(CommentedSeq(session["sdgs"]))
    document["date"] = CommentedMap(session["date"])
    document["source"] = CommentedMap(session["source"])
    document["sections"] = CommentedSeq(_set_flow_style(CommentedMap(number=s["number"], title=s["title"])) for s in session["sections"])
    participants = CommentedSeq()
    for participant in session["participants"]:
        entry = CommentedMap(participant)
        if participant["name"] is None and participant["title"] is None and "note" not in participant:
            _set_flow_style(entry)
        participants.append(entry)
    document["participants"] = participants
    statements = CommentedSeq()
    for statement in session["statements"]:
        entry = CommentedMap(id=statement["id"], section=statement["section"], text=DoubleQuotedScalarString(statement["text"]))
        for key in ("speaker_group", "note"):
            if key in statement:
                entry[key] = statement[key]
        statements.append(entry)
    document["statements"] = statements
    if session.get("overrides"):
        overrides = CommentedSeq()
        for override in session["overrides"]:
            entry = CommentedMap()
            for key, value in override.items():
                entry[key] = _set_flow_style(CommentedSeq(value)) if isinstance(value, list) else value
            overrides.append(entry)
        document["overrides"] = overrides
    document.yaml_set_start_comment("\n".join(comment_lines))
    yaml = YAML(typ="rt", pure=True)
    yaml.Representer = _DraftRepresenter
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def list_review_items(session: dict, parsed: ParsedSummary, text: str, is_metadata_kept: bool) -> list[str]:
    """What the analyst should check in the draft, most important first."""
    review = []
    if session["date"]["value"] is None:
        mention = _DATE_MENTION.search(text)
        if mention:
            line = text.count("\n", 0, mention.start()) + 1
            review.append(f"date: not set; the summary mentions {mention.group()!r} (line {line}): record it if it is the session's date")
        else:
            review.append("date: not stated in the summary; record it if known from another source, as inferred with a reason")
    missing_source = [key for key in ("publisher", "licence") if session["source"][key] == NOT_RECORDED]
    if missing_source:
        review.append(f"source: {' and '.join(missing_source)} not recorded")
    if not is_metadata_kept:
        if session["title"] == NOT_RECORDED:
            review.append("title: no heading line before the first section: set it")
        elif parsed.is_title_guessed:
            review.append(f"title {session['title']!r} guessed from the heading lines: check it")
        if session["forum"] == NOT_RECORDED:
            review.append("forum: not stated in the summary (written as 'not recorded'): set it")
        else:
            review.append(f"forum {session['forum']!r} guessed from the heading lines: check it")
    if not session["sdgs"]:
        review.append("sdgs: no 'SDG N' or 'Goal N' in the title or background: set them")
    if parsed.unplaced:
        review.append("group unknown (no stakeholder group matches): " + "; ".join(parsed.unplaced))
    review.extend(parsed.notes)
    return review


def _check_raw_file_is_free(raw_target: Path, raw_bytes: bytes, data_dir: Path, session_id: str, force: bool) -> None:
    """Refuse to replace a different raw file of the same name that a session still relies on."""
    if not raw_target.is_file() or raw_target.read_bytes() == raw_bytes:
        return
    relative = f"raw/{raw_target.name}"
    users = [
        path.stem
        for path in paths.sessions_dir(data_dir).glob("*.yaml")
        if path.stem != session_id and re.search(rf"^\s*raw_file:\s*[\"']?{re.escape(relative)}[\"']?\s*$", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    ]
    if users:
        raise DataError(raw_target, f"a different raw file of this name is the source of session(s) {', '.join(users)}: rename the new file")
    if not force:
        raise DataError(raw_target, "a different raw file of this name already exists: rename the new file, or use --force to replace it")


def _validate_draft(data_dir: Path, session: dict, session_path: Path, raw_name: str, raw_bytes: bytes, session_yaml: str, stakeholders: Stakeholders) -> None:
    """Load the draft with every loader check in a temporary data folder; errors point at the session file.

    Also checks that the YAML gives back every statement's text character for character (the
    loader itself compares with whitespace folded).
    """
    session_id = session["id"]
    known_issue_ids = [issue.id for issue in load_codebook(data_dir).issues]
    with tempfile.TemporaryDirectory(prefix="briefs-ingest-") as temporary:
        temporary_dir = Path(temporary)
        (temporary_dir / "raw").mkdir()
        (temporary_dir / "raw" / raw_name).write_bytes(raw_bytes)
        draft_path = paths.session_file(temporary_dir, session_id)
        draft_path.parent.mkdir()
        draft_path.write_text(session_yaml, encoding="utf-8")
        try:
            loaded = load_session(temporary_dir, session_id, known_group_ids=stakeholders.group_ids, known_issue_ids=known_issue_ids)
        except DataError as error:
            raise DataError(session_path, f"the draft is not valid, nothing was written: {error.message}", line=error.line, field=error.field) from error
    for index, (statement, written) in enumerate(zip(session["statements"], loaded.statements)):
        if statement["text"] != written.text:
            raise DataError(session_path, "the draft's YAML does not give back the statement's text exactly, nothing was written", field=f"statements[{index}].text")


def ingest_summary(path: str | Path, data_dir: str | Path, session_id: str | None = None, force: bool = False) -> IngestReport:
    """Copy a summary into ``raw/`` and write its draft ``sessions/<id>.yaml``, or write nothing.

    Everything is built and validated in a temporary folder first; both files are then written
    atomically. An existing session is replaced only with ``force``, keeping the analyst's edits
    (see :func:`keep_analyst_edits`).
    """
    path = Path(path)
    data_dir = Path(data_dir)
    raw_bytes, text = read_summary(path)
    session_id = check_session_id(session_id if session_id is not None else make_session_id(path), path, is_given=session_id is not None)
    session_path = paths.session_file(data_dir, session_id)
    is_replacement = session_path.exists()
    if is_replacement and not force:
        raise DataError(session_path, f"session {session_id!r} already exists: use --force to re-ingest it (the analyst's edits are kept), or --id to give another id")
    raw_target = data_dir / "raw" / path.name
    _check_raw_file_is_free(raw_target, raw_bytes, data_dir, session_id, force)
    stakeholders = load_stakeholders(data_dir)

    parsed = parse_summary(text, stakeholders)
    if not parsed.statements:
        raise DataError(path, "no statements found: expected bullets or paragraphs under section headings ('2. Key issues' or '## Key issues') other than the background")
    session = {
        "id": session_id,
        "title": parsed.title,
        "forum": parsed.forum,
        "sdgs": parsed.sdgs,
        "date": {"value": None, "is_inferred": False},
        "source": {"raw_file": f"raw/{path.name}", "sha256": hashlib.sha256(raw_bytes).hexdigest(), "publisher": NOT_RECORDED, "licence": NOT_RECORDED},
        "sections": [{"number": s.number, "title": s.title} for s in parsed.sections],
        "participants": parsed.participants,
        "statements": parsed.statements,
    }
    kept: list[str] = []
    dropped: list[str] = []
    if is_replacement:
        previous = validate_document(session_path, load_yaml_document(session_path), "session")
        kept, dropped = keep_analyst_edits(session, previous)
    review = list_review_items(session, parsed, text, is_metadata_kept=is_replacement) + dropped

    comment = [
        f"DRAFT written by `briefs ingest` from {session['source']['raw_file']}: check it before use.",
        "Statements quote the raw text exactly; ids come from section and text, keep them when editing.",
        "`briefs ingest --force` keeps metadata, overrides, statement notes and speaker groups, participant groups and notes.",
        "To review:" if review else "To review: nothing flagged.",
        *(f"  - {item}" for item in review),
    ]
    session_yaml = render_session_yaml(session, comment)
    _validate_draft(data_dir, session, session_path, path.name, raw_bytes, session_yaml, stakeholders)

    from helpers.files import write_files_atomically  # render pulls in papermill; import only when writing

    is_raw_file_new = not (raw_target.is_file() and raw_target.read_bytes() == raw_bytes)
    contents = {session_path: session_yaml.encode("utf-8")}
    if is_raw_file_new:
        contents[raw_target] = raw_bytes
    write_files_atomically(contents)

    section_counts = {s.number: 0 for s in parsed.sections}
    for statement in session["statements"]:
        section_counts[statement["section"]] += 1
    return IngestReport(
        session_id=session_id,
        session_file=session_path,
        raw_file=raw_target,
        is_raw_file_new=is_raw_file_new,
        is_replacement=is_replacement,
        title=session["title"],
        forum=session["forum"],
        sdgs=tuple(session["sdgs"]),
        sections=tuple(SectionSummary(s.number, s.title, section_counts[s.number], s.is_background) for s in parsed.sections),
        participants=tuple(
            Participant(name=p["name"], title=p["title"], organisation=p["organisation"], role=p["role"], group=p["group"], honorific=p.get("honorific"))
            for p in session["participants"]
        ),
        statements=tuple(Statement(id=s["id"], section=s["section"], text=s["text"], speaker_group=s.get("speaker_group"), session_id=session_id) for s in session["statements"]),
        unplaced=tuple(parsed.unplaced),
        review=tuple(review),
        kept=tuple(kept),
    )


def _describe_participant(participant: Participant) -> str:
    """One participant on one line: "Ms. Name, Title (Organisation) [group]"."""
    who = " ".join(part for part in (participant.honorific, participant.name) if part)
    details = ", ".join(part for part in (who, participant.title) if part)
    if participant.organisation:
        details = f"{details} ({participant.organisation})" if details else participant.organisation
    return f"{details} [{participant.group}]"


def describe_ingest_report(report: IngestReport) -> str:
    """The text `briefs ingest` prints: what was written, what was found, what to review."""
    lines = [
        f"{'re-ingested' if report.is_replacement else 'ingested'} session {report.session_id!r} (a draft to review)",
        f"  wrote {report.session_file}",
        f"  wrote {report.raw_file} (bytes as published)" if report.is_raw_file_new else f"  {report.raw_file} already holds these bytes",
        f"title: {report.title}",
        f"forum: {report.forum}",
        f"sdgs: {', '.join(map(str, report.sdgs)) or 'none found'}",
        f"sections: {len(report.sections)}",
    ]
    for section in report.sections:
        what = "background (participants, no statements)" if section.is_background else f"{section.n_statements} statement(s)"
        lines.append(f"  {section.number}. {section.title}: {what}")
    lines.append(f"participants: {len(report.participants)}")
    for role in ROLES:
        people = [p for p in report.participants if p.role == role]
        if people:
            lines.append(f"  {role} ({len(people)}):")
            lines.extend(f"    {_describe_participant(p)}" for p in people)
    n_attributed = sum(s.speaker_group is not None for s in report.statements)
    lines.append(f"statements: {len(report.statements)} ({n_attributed} attributed to a speaker's group)")
    lines.append(f"organisations not placed in a stakeholder group: {'; '.join(report.unplaced) or 'none'}")
    if report.kept:
        lines.append("kept from the previous session file:")
        lines.extend(f"  {item}" for item in report.kept)
    lines.append("to review:" if report.review else "to review: nothing flagged")
    lines.extend(f"  - {item}" for item in report.review)
    return "\n".join(lines)
