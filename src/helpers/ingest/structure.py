"""A summary's structure: headings, bullets and paragraphs, sections, and the title, forum and SDGs of its heading lines."""

import re
from dataclasses import dataclass, field


from helpers.data.text import fold_whitespace, normalize_for_matching
from helpers.ingest.cues import find_forward_cues, has_participant_cue
from helpers.ingest.metadata import find_dates, is_boilerplate, is_furniture_line


NOT_RECORDED = "not recorded"


# --- line shapes (matched on normalised text, so U+2013 bullets and NBSP indents count) ---
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
_NUMBERED_LINE = re.compile(r"^\s*(?P<number>\d{1,2}|[IVX]{1,5})[.)]\s+(?P<rest>\S.*?)\s*$")
# "A. Opening of the session": a lettered subheading of an official document, under a Roman one.
_LETTERED_LINE = re.compile(r"^\s*(?P<letter>[A-H])\.\s+(?P<rest>\S.*?)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25e6\u25aa\u2023\u00b7\uf0b7]|\d{1,3}[.)]|\(?[a-z]\)|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))\s+(?=\S)")
_RULE_LINE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")
_NUMBER_PREFIX = re.compile(r"^(?P<number>\d{1,2}[.)]?|[IVX]{1,5}[.)])\s+(?P<rest>\S.*)$")
_SENTENCE_PUNCTUATION_END = re.compile(r"[.;,!?]$")
_LINE_END = re.compile(r"[.!?:;][\"')]?\s*$")  # a line that ends a sentence, a lead-in or a list item
# A line that cannot end a paragraph: it ends on a comma, a hyphen or a word that needs one after it.
_OPEN_LINE_END = re.compile(r"(?:[,(\-/&]|\b(?:and|or|of|for|the|to|in|on|by|with|at|an|a|from|as|under|between|including)|\bH\.\s?E\.)\s*$", re.IGNORECASE)
# Words that make a long line a sentence, not a headline (outside quotation marks).
_CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|can|could|should|must|may|shall|does|did|took\s+place|brings|brought)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"")
_MAX_STANDALONE_TITLE_WORDS = 32  # a line of its own before the body: a long event title or a summary's full name
_MAX_SUBHEADING_WORDS = 8
_MAX_LABEL_WORDS = 6  # "Background on the session:" is a label; a longer line ending in a colon is prose  # a heading before the body with more words is a sub-headline, not a section
# A short line alone that names a part of a session page or summary: a section heading even without Markdown.
SECTION_WORDS = re.compile(
    r"^(?:background(?:\s+(?:and\s+objectives|on\s+the\s+session|information))?|introduction|overview|context|objectives?|purpose|format|expected\s+outcomes?|outcomes?"
    r"|(?:proposed\s+|possible\s+|key\s+)?(?:guiding\s+|discussion\s+)?questions(?:\s+for\s+(?:the\s+)?discussion)?|programme|program|agenda|speakers|panell?ists|(?:co-?)?moderators?"
    r"|(?:lead\s+)?discussants|respondents|(?:co-?)?organi[sz]ers|organi[sz]ing\s+(?:partners|entities)|partners|sponsors|concept\s+note|key\s+messages|main\s+messages"
    r"|conclusions?|recommendations|way\s+forward|next\s+steps|(?:opening|closing)(?:\s+(?:session|segment|remarks))?)$",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAX_HEADING_WORDS = 15
_MAX_HEADLINE_WORDS = 45  # press headlines run long
_MAX_HEADING_CHARACTERS = 120
# The seed's "ECOSOC\nPartnership\nForum": a heading set as a stack of one- to three-word lines.
_MAX_STACKED_WORDS = 3


_BACKGROUND_TITLE = re.compile(r"^(?:background|introduction|overview|context)\b", re.IGNORECASE)
PEOPLE_TITLE = re.compile(r"^(?:speakers|panell?ists|moderators?|organi[sz]ers|participants|programme\s+and\s+speakers)\b(?!')", re.IGNORECASE)


_FORUM_WORDS = re.compile(r"\b(?:forum|HLPF|ECOSOC|council|assembly|conference|summit)\b", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_MENTION = re.compile(rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")


@dataclass
class Block:
    """A bullet, a paragraph or a heading of the summary, with the line it starts on."""

    kind: str  # "bullet", "paragraph" or "heading"
    line: int
    parts: list[str] = field(default_factory=list)
    heading_level: int = 0  # Markdown "#" count; 0 for a bold or standalone line used as a heading
    heading_number: int | None = None
    role: str = ""  # set by the genre reader: statement, question, people, background, skip, ...
    marker: str = ""  # a numbered bullet's printed number ("12."), kept out of ``parts``
    keeps_marker: bool = False  # set by the genre reader: the number is part of the statement (numbered paragraphs)
    label_role: str | None = None  # set by the genre reader: the role a lead-in ("The speakers were:") gives a people block

    @property
    def text(self) -> str:
        """The block's lines joined with single spaces, each line's own characters kept (and its printed number, when kept)."""
        body = " ".join(self.parts)
        return f"{self.marker} {body}" if self.keeps_marker and self.marker else body


@dataclass
class SectionDraft:
    """A section as found: its number, title and blocks, and whether it is background."""

    number: int
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    is_background: bool = False
    has_heading: bool = True  # False for the one section made up for a text without headings


# ----------------------------------------------------------------------------- blocks and sections


def _is_heading_text(rest: str) -> bool:
    """A numbered line is a heading when short and not ended like a sentence."""
    return (
        len(rest.split()) <= _MAX_HEADING_WORDS
        and len(rest) <= _MAX_HEADING_CHARACTERS
        and not _SENTENCE_PUNCTUATION_END.search(rest)
        and not _OPEN_LINE_END.search(rest)  # "... co-chaired the forum with": a paragraph cut off, not a heading
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


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether a text's paragraphs are wrapped over lines of a fixed width (a copy of a PDF or an e-mail), not a paragraph a line.

    >>> is_hard_wrapped(["The forum discussed how partnerships can reach", "the poorest and how data can show progress", "on the Goals; many speakers asked for", "more funding."])
    True
    >>> is_hard_wrapped(["A headline", "A paragraph that runs on for a long time and says many things, as paragraphs on web pages do when copied, one a line, without any wrapping at all."])
    False
    """
    lengths = [len(line.strip()) for line in lines if line.strip()]
    if not lengths or max(lengths) > _MAX_WRAPPED_LINE:
        return False
    # Lines broken at the width, mid-sentence: nearly as long as the longest, and the next goes on in lower case.
    full = 0.75 * max(lengths)
    n_open = sum(
        1 for a, b in zip(lines, lines[1:])
        if len(a.strip()) >= max(_MIN_WRAPPED_LINE, full) and b.strip() and not _LINE_END.search(normalize_for_matching(a)) and b.strip()[:1].islower()
    )
    return n_open >= 2


_MAX_WRAPPED_LINE = 130
_MAX_STACKED_LINE_WORDS = 2  # "ECOSOC / Partnership / Forum"; "1st Meeting (AM)" above a symbol is a line of its own
_MIN_WRAPPED_LINE = 40


def _continues(previous: str, line: str, is_wrapped: bool, width: int, is_header: bool) -> bool:
    """Whether ``line`` goes on with the paragraph that ``previous`` (the line above it) belongs to.

    A text of a paragraph a line (pages copied from a browser) starts a new block at each line,
    unless the line above is left open (a comma, "and", "of") or this one goes on in lower case;
    short lines stacked before the body ("ECOSOC / Partnership / Forum") stay one heading. A
    hard-wrapped text goes on until a line that ends a sentence well short of the width.
    """
    previous, line = normalize_for_matching(previous).strip(), normalize_for_matching(line).strip()
    if is_wrapped:
        return not (_LINE_END.search(previous) and len(previous) < 0.75 * width) and not re.match(r"^[A-Z][\w\s-]{0,30}:", line)
    if _OPEN_LINE_END.search(previous):
        return True
    if (line[:1].islower() or line[:1] == "(") and not re.search(r"[.!?][\"')]?$", previous):
        return True
    is_stack = len(previous.split()) <= _MAX_STACKED_LINE_WORDS and len(line.split()) <= _MAX_STACKED_LINE_WORDS and not _LINE_END.search(previous)
    return is_header and is_stack and not is_furniture_line(previous) and not is_furniture_line(line)


def _is_numbered_heading(rest: str, number: int, section_number: int, next_line: str, uses_markdown_headings: bool) -> bool:
    """A numbered line is a section heading when short, not ended like a sentence, numbered after the current section,
    and (in a text with Markdown headings) not the first of a numbered list."""
    if number <= section_number or not _is_heading_text(normalize_for_matching(rest)):
        return False
    following = _NUMBERED_LINE.match(normalize_for_matching(next_line))
    # "1. Skills" right after "2. Key issues" opens a list under it; "3. Jobs" would go on a list of which this is an item.
    return not uses_markdown_headings or not (following and following.group("number").isdigit() and int(following.group("number")) == number + 1)


def split_into_blocks(text: str) -> list[Block]:
    """Headings, bullets (continuation lines joined) and paragraphs, in order.

    A numbered line is a section heading when the line is short, does not end in sentence
    punctuation and its number follows the current section's (beside Markdown headings, when it
    does not open a numbered list); otherwise it is a numbered bullet whose number is kept aside
    (``Block.marker``). Lines with no blank line between are one paragraph in a hard-wrapped
    text, else one paragraph each unless the line above is left open (see :func:`_continues`). A
    short line alone that names a part of a page ("Background", "Speakers") is a heading.
    """
    lines = _LINE_BREAK.split(text)
    uses_markdown_headings = any(_MARKDOWN_HEADING.match(normalize_for_matching(line)) or _BOLD_LINE.match(line) for line in lines)
    is_wrapped = is_hard_wrapped(lines)
    width = max((len(line.strip()) for line in lines), default=0)
    next_lines = [""] * len(lines)
    following = ""
    for index in range(len(lines) - 1, -1, -1):
        next_lines[index] = following
        if lines[index].strip():
            following = lines[index]
    blocks: list[Block] = []
    current: Block | None = None
    previous_line = ""
    section_number = 0
    has_roman_headings = False
    has_body = False  # a bullet, a heading or a paragraph of prose seen: no more stacked heading lines
    for line_number, line in enumerate(lines, 1):
        normalized = normalize_for_matching(line)
        stripped = line.strip()
        if current is not None and current.kind in ("bullet", "paragraph") and (current.kind == "bullet" or len(current.text.split()) > _MAX_HEADING_WORDS):
            has_body = True
        if not stripped or _RULE_LINE.match(normalized):
            current = None
            continue
        markdown = _MARKDOWN_HEADING.match(normalized) or (_BOLD_LINE.match(normalized) if current is None else None)
        if markdown and markdown.re is _BOLD_LINE and find_dates(line):
            markdown = None  # "**Tuesday, 11 July 2023, 10:00 AM**" is a dateline, not a heading
        if markdown:
            level = len(markdown.group(1)) if markdown.re is _MARKDOWN_HEADING else 0  # 0: a bold line
            content = line[markdown.start(2) : markdown.end(2)] if markdown.re is _MARKDOWN_HEADING else line[markdown.start("text") : markdown.end("text")]
            content = _clean_heading_title(content)
            number = None
            numbered = _NUMBER_PREFIX.match(normalize_for_matching(content))
            if numbered:
                raw_number = numbered.group("number").rstrip(".)")
                number = int(raw_number) if raw_number.isdigit() else _parse_roman_numeral(raw_number)
                content = content[numbered.start("rest") :]
            blocks.append(Block("heading", line_number, [_clean_heading_title(content)], heading_level=level, heading_number=number))
            has_body = has_body or level > 1
            current = None
            continue
        numbered = _NUMBERED_LINE.match(normalized)
        if numbered:
            raw_number = numbered.group("number")
            number = int(raw_number) if raw_number.isdigit() else _parse_roman_numeral(raw_number)
            rest = line[numbered.start("rest") : numbered.end("rest")]
            # Roman headings ("I. Introduction") are headings even beside Markdown ones: a chair's
            # summary converted from a page or a PDF has a "# " headline and Roman sections.
            # Under Roman sections ("I. Introduction") Arabic numbers number paragraphs, as in UN documents, never sections.
            is_heading = not (has_roman_headings and raw_number.isdigit()) and _is_numbered_heading(rest, number, section_number, next_lines[line_number - 1], uses_markdown_headings and raw_number.isdigit())
            if is_heading:
                blocks.append(Block("heading", line_number, [_clean_heading_title(rest)], heading_level=2, heading_number=number))
                section_number = number
                has_roman_headings = has_roman_headings or not raw_number.isdigit()
                has_body = True
                current = None
                continue
        lettered = _LETTERED_LINE.match(normalized) if has_roman_headings else None
        if lettered and _is_heading_text(lettered.group("rest")):
            blocks.append(Block("heading", line_number, [_clean_heading_title(line[lettered.start("rest") : lettered.end("rest")])], heading_level=3))
            current = None
            continue
        bullet = _BULLET.match(normalized)
        if bullet:
            marker = line[: bullet.end()].strip()
            current = Block("bullet", line_number, [line[bullet.end() :].strip()], marker=marker if marker[:1].isdigit() else "")
            blocks.append(current)
        elif current is not None and _continues(previous_line, line, is_wrapped, width, is_header=not has_body):
            current.parts.append(stripped)
        else:
            current = Block("paragraph", line_number, [stripped])
            blocks.append(current)
        previous_line = line
    return [_as_section_heading(block, blocks, index) for index, block in enumerate(blocks)]


def _as_section_heading(block: Block, blocks: list[Block], index: int) -> Block:
    """A one-line paragraph naming a part of a page ("Background", "Speakers") before more text is a heading."""
    is_alone = block.kind == "paragraph" and len(block.parts) == 1 and index + 1 < len(blocks)
    if is_alone and SECTION_WORDS.match(normalize_for_matching(block.parts[0]).strip()):
        return Block("heading", block.line, [block.parts[0].strip()], heading_level=0)
    return block


def is_title_case(text: str) -> bool:
    """Most longer words capitalised, as in a press headline ("Speakers Tell Council ...").

    >>> is_title_case("Renewed Engagement Across All Sectors Crucial to Realizing Goals"), is_title_case("Speakers said that the goals matter.")
    (True, False)
    """
    words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text) if len(word) >= 4]
    return bool(words) and sum(word[0].isupper() for word in words) >= 0.6 * len(words)


def _is_title_like(text: str, is_alone: bool = False) -> bool:
    """A heading line (forum, title, meeting line, headline), not prose and not a participant list.

    Short lines qualify; so do long title-case press headlines, short fragments ending in a
    comma ("2023 Session,") that a meeting line is set in, and a line alone (``is_alone``) of up
    to 32 words that is no sentence: an event's long title, a summary's full name.
    """
    normalized = normalize_for_matching(text).strip()
    n_words = len(normalized.split())
    if has_participant_cue(normalized) or not any(character.isalpha() for character in normalized):
        return False
    if normalized.endswith(","):
        return n_words <= _MAX_STACKED_WORDS * 3
    if normalized.endswith(":") and n_words > _MAX_LABEL_WORDS:
        return False  # "Following are the Deputy Secretary-General's remarks ... today:" opens the text, it names nothing
    if _SENTENCE_PUNCTUATION_END.search(normalized) and not (is_alone and re.search(r"\?[\"')]?$", normalized)):
        return False  # a sentence; but a line alone may be a headline that asks a question
    if n_words <= _MAX_HEADING_WORDS or (n_words <= _MAX_HEADLINE_WORDS and is_title_case(normalized)):
        return True
    # A long line alone is a title unless it reads as a sentence; a title's colon or dash ("Side event: What countries
    # have learned") sets off a clause of its own.
    has_title_shape = bool(re.search(r"\w:\s|\s-\s", normalized))
    return is_alone and n_words <= _MAX_STANDALONE_TITLE_WORDS and (has_title_shape or not _CLAUSE_VERB.search(_QUOTED.sub(" ", normalized)))


def _is_place_or_date_line(text: str) -> bool:
    """A short line stating when (and where) the session took place, e.g. "New York, 14 July 2025"."""
    return len(text.split()) <= 8 and bool(DATE_MENTION.search(normalize_for_matching(text)))


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
            ends_with_connector = re.search(r"(?:\b(?:for|of|and|the|on|in|to|a|an|at|with)|[:\-,])$", normalize_for_matching(previous[-1]))
            if is_stacked or ends_with_connector:
                previous.append(line)
                continue
        groups.append([line])
    return groups


def assemble_sections(blocks: list[Block]) -> tuple[str | None, list[tuple[int, str]], list[Block], list[SectionDraft], list[str]]:
    """Split blocks into a Markdown title, heading lines, preamble prose and numbered sections.

    Returns (markdown title, heading lines as (line, text), preamble blocks, sections, notes). Unnumbered
    headings take the next free number; a repeated number is replaced by the next free one.
    """
    markdown_title = None
    header: list[tuple[int, str]] = []
    preamble: list[Block] = []
    sections: list[SectionDraft] = []
    notes: list[str] = []
    used_numbers: set[int] = set()
    heading_levels = [block.heading_level for block in blocks if block.kind == "heading"]
    for index, block in enumerate(blocks):
        if (
            block.kind == "heading"
            and markdown_title is not None
            and not sections
            and block.heading_level == 2
            and heading_levels.count(2) == 1
            and any(level > 2 for level in heading_levels)
        ):
            # "# Forum" then "## Session title" above "### 1. Background": the "##" line is a heading line, not a section.
            header.append((block.line, block.text))
            continue
        if block.kind == "heading" and not sections and not preamble and block.heading_number is None and block.heading_level != 1 and (markdown_title is not None or index > 0):
            if len(block.text.split()) > _MAX_SUBHEADING_WORDS or _is_followed_by_furniture(blocks, index):
                # A press release's sub-headline, or a heading above its meeting line and symbol: heading lines, not a section.
                header.append((block.line, block.text))
                continue
        is_first_heading = index == 0 or (block.heading_level == 1 and markdown_title is None and not sections and not preamble)
        if block.kind == "heading" and is_first_heading and block.heading_number is None and block.heading_level <= 1:
            if block.heading_level == 1:
                markdown_title = block.text
            else:
                header.append((block.line, block.text))  # a leading bold line is a heading line, not a section
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
                if not _is_title_like(text, is_alone=len(group) == len(block.parts) == 1) and not is_boilerplate(text):
                    preamble.append(Block("paragraph", block.line + offset, block.parts[offset:]))
                    break
                header.append((block.line + offset, text))
                offset += len(group)
    if not sections and preamble:
        # No headings at all: the body is one section, and the analyst is told so.
        sections.append(SectionDraft(number=1, title="Summary", line=preamble[0].line, blocks=preamble, has_heading=False))
        preamble = []
        notes.append("the summary has no section headings: all its statements are in one section titled 'Summary'")
    for position, section in enumerate(sections):
        section.is_background = is_background_section(section, position)
    return markdown_title, header, preamble, sections, notes


def _is_followed_by_furniture(blocks: list[Block], index: int) -> bool:
    """Whether the block after ``index`` is a meeting line, symbol, dateline or other page furniture."""
    return index + 1 < len(blocks) and blocks[index + 1].kind == "paragraph" and is_furniture_line(blocks[index + 1].text)


def is_background_section(section: SectionDraft, position: int) -> bool:
    """Background sections name participants: by title, or the first section when it is prose naming them."""
    title = normalize_for_matching(section.title)
    if PEOPLE_TITLE.match(title):
        return True
    if position == 0 and _BACKGROUND_TITLE.match(title):
        return True
    has_bullets = any(block.kind == "bullet" for block in section.blocks)
    return position == 0 and not has_bullets and any(find_forward_cues(normalize_for_matching(block.text)) for block in section.blocks)


# ----------------------------------------------------------------------------- title, forum, SDGs


def read_title_and_forum(markdown_title: str | None, header: list[str], forum_coverage=None) -> tuple[str, str, list[str]]:
    """Title and forum from the heading lines; notes name heading lines left unused.

    Place and date lines are left out. The forum line is the one a known forum covers most
    (``forum_coverage(text)``: the share of the line that names it), else one with a forum word
    (Forum, ECOSOC, HLPF, ...), else the first; the title is the Markdown "# Title", or the first
    other line. A "# ECOSOC Partnership Forum 2025" above the title is the forum, not the title.
    """
    candidates = [fold_whitespace(text) for text in header if not _is_place_or_date_line(text)]
    notes = []
    coverage = [forum_coverage(text) if forum_coverage else None for text in candidates]
    if markdown_title is not None:
        title_coverage = forum_coverage(markdown_title) if forum_coverage else None
        if title_coverage and title_coverage >= 0.75 and candidates and not any(value and value > title_coverage for value in coverage):
            title, forum = candidates.pop(0), fold_whitespace(markdown_title)
        else:
            title = markdown_title
            known = [i for i, value in enumerate(coverage) if value]
            forum = candidates.pop(max(known, key=lambda i: coverage[i]) if known else 0) if candidates else NOT_RECORDED
    elif len(candidates) >= 2:
        known = [i for i, value in enumerate(coverage) if value]
        forum_index = max(known, key=lambda i: coverage[i]) if known else next((i for i, text in enumerate(candidates) if _FORUM_WORDS.search(normalize_for_matching(text))), 0)
        forum = candidates.pop(forum_index)
        title = candidates.pop(0)
    elif candidates:
        title, forum = candidates.pop(0), NOT_RECORDED
    else:
        title, forum = NOT_RECORDED, NOT_RECORDED
    if candidates:
        notes.append("heading lines not used for the title or forum: " + "; ".join(repr(text) for text in candidates))
    return title, forum, notes
