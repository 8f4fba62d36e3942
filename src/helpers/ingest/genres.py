"""The kind of record a text is, and which of its blocks are statements, questions, participants or neither.

Kinds (``document_kind``): ``summary`` (numbered or titled sections of bullets or paragraphs, like
the seed), ``press_release`` (UN meetings coverage: meeting line, symbol, headline, paragraphs
that say who spoke), ``chair_summary`` (a chair's, co-chairs' or president's summary: Roman
sections, numbered paragraphs; even when it carries a symbol), ``session_page`` (background,
objectives, guiding questions, programme), ``official_document`` (any other document with a
symbol such as E/HLPF/2019/8) and ``unknown``. Each block gets a role: ``statement``,
``question`` (kept, marked, not counted as a position), ``people`` (a programme or speaker
list), ``background`` (prose naming participants, as in the seed) or ``skip`` (headings,
symbols, datelines, "available here" links, procedural lines).
"""

import re
from dataclasses import dataclass, field

from helpers.data.text import fold_whitespace, normalize_for_matching
from helpers.ingest.cues import SPEECH_VERB, find_forward_cues, has_participant_cue, split_person_entry
from helpers.ingest.metadata import find_symbol, has_clock_time, is_boilerplate, is_date_line, is_meeting_line, is_place_or_time_line, is_symbol_line
from helpers.ingest.structure import Block, SectionDraft, assemble_sections, is_title_case, split_into_blocks


KINDS = ("summary", "press_release", "chair_summary", "session_page", "official_document", "unknown")

_PRESS_SYMBOL = re.compile(r"(?<![\w/])(?:ECOSOC|GA|SC|SG/SM|DSG/SM|SG/A|ENV/DEV|DEV|SOC|OBV|WOM|HR|PI|IHA|GA/EF|GA/SHC)/\d{3,5}\b")
_PRESS_FURNITURE = re.compile(r"^(?:in\s+progress\s+at\s+unhq|meetings\s+coverage|.*:\s*(?:press\s+release|meetings\s+coverage)|for\s+information\s+media)", re.IGNORECASE)
_CHAIR_SUMMARY = re.compile(
    r"\b(?:co-?chairs?['’]?s?['’]?|chair(?:person|man|woman)?['’]s|president['’]s|presidential)\s+summary\b|\bsummary\s+(?:by|of)\s+the\s+(?:co-?)?(?:chairs?|chairperson|president)\b",
    re.IGNORECASE,
)
_OFFICIAL_MASTHEAD = re.compile(r"^(?:distr\.?\s*:\s*(?:general|limited|restricted)|original\s*:\s*\w+|note\s+by\s+the\s+(?:secretariat|secretary-general|president)|(?:item|agenda\s+item)\s+\d+)", re.IGNORECASE)
TIME_SLOT = re.compile(r"^\s*\(?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:-|to)\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\)?\s*", re.IGNORECASE)

_QUESTIONS_TITLE = re.compile(r"\bquestions?\b", re.IGNORECASE)
# The roles a programme names: as a section title ("Panellists") and as a label ("Chair: Name").
_PROGRAMME_ROLES = (
    r"(?:co-?)?chairs?|chairperson|(?:co-?)?moderators?|facilitators?|(?:keynote\s+)?speakers?|panell?ists?|keynote(?:\s+address)?|(?:lead\s+)?discussants?"
    r"|respondents?|presenters?|(?:co-?)?organi[sz]ers?|(?:co-?)?hosts?"
)
_PEOPLE_SECTION_TITLE = re.compile(
    rf"^(?:{_PROGRAMME_ROLES}|panel|programme|program|agenda|(?:opening|closing|welcoming|introductory)\s+(?:remarks|session|segment)|participants"
    r"|programme\s+and\s+speakers|speakers\s+and\s+programme|proposed\s+programme|featuring)\b",
    re.IGNORECASE,
)
_RESOURCES_TITLE = re.compile(
    r"^(?:documents?|resources|additional\s+resources|related\s+(?:documents|links|resources)|links|downloads?|statements|presentations|webcast|watch|contacts?|registration|media|photos|videos|concept\s+note|background\s+note|information\s+note|more\s+information)\b",
    re.IGNORECASE,
)
_SESSION_PAGE_TITLES = re.compile(r"^(?:background|objectives?|context|purpose|format|expected\s+outcomes?|guiding\s+questions|(?:proposed\s+|possible\s+)?(?:guiding\s+)?questions|concept\s+note)\b", re.IGNORECASE)
ROLE_LABEL = re.compile(
    rf"^\s*(?P<label>{_PROGRAMME_ROLES}|rapporteurs?|(?:opening|closing|welcoming|introductory|concluding)\s+remarks|remarks)(?:\s+by)?\s*:\s*",
    re.IGNORECASE,
)
_PROCEDURAL = re.compile(
    r"^(?:\(?see\s+press\s+release|note\s*:|\(?(?:reissued|issued)\s+(?:as\s+received|for\s+technical)|the\s+meeting\s+(?:was\s+)?(?:adjourned|closed|rose|ended)"
    r"|the\s+(?:council|forum|assembly|committee|commission|segment|meeting|session)\s+(?:will\s+(?:next\s+)?(?:meet|reconvene|resume|convene|continue)|then\s+adjourned|adjourned)"
    r"|(?:in\s+[^,]{0,60},\s*)?the\s+(?:council|forum|assembly|committee|commission)\s+(?:then\s+|also\s+|further\s+|formally\s+)?(?:adopted|took\s+note|elected|approved|decided|authori[sz]ed|postponed|appointed|concluded\s+its|closed\s+its|opened\s+its)\b"
    r"|(?:agenda\s+)?item\s+\d+\b|(?:time|date|venue|location|place|room|when|where)\s*:|also\s+speaking\s+(?:were|was)|speaking\s+in\s+explanation|for\s+information\s+media|\*)",
    re.IGNORECASE,
)
_LINK_ONLY = re.compile(
    r"\b(?:is|are|can\s+be|may\s+be)\s+(?:available|accessed|found|read|downloaded|viewed)\b|\bavailable\s+(?:here|at|online|on)\b|\bclick\s+here\b|\bregister\s+here\b|\bat\s+this\s+link\b|\bwatch\s+(?:the\s+)?(?:session|event|meeting|webcast)\b"
    r"|\b(?:watch|view|see)\s+(?:the\s+)?(?:recording|video|webcast|livestream)\b|\brecording\s+of\s+the\s+(?:event|session|meeting)\b|^join\s+us\b|\bclick\s+play\b|\bfollow\s+(?:it\s+)?live\b",
    re.IGNORECASE,
)
# A paragraph that opens a list: "Proposed guiding questions:", "The speakers were as follows:", "Presiding Officer:".
_QUESTIONS_LEAD_IN = re.compile(r"^(?:the\s+)?(?:(?:proposed|possible|key|suggested)\s+)?(?:guiding\s+|discussion\s+|policy\s+)?questions\b[^.?]{0,80}:$", re.IGNORECASE)
_PEOPLE_LEAD_IN = re.compile(
    rf"^(?:the\s+)?(?:(?:{_PROGRAMME_ROLES}|presiding\s+officers?|participants|panel|featured\s+speakers)\b[^.?]{{0,80}}|[^.?]{{0,60}}\b(?:speakers|panell?ists|featuring|moderated\s+by|chaired\s+by)\b[^.?]{{0,40}}):$",
    re.IGNORECASE,
)
# "The objectives of the 2024 Coordination Segment will be to:", "Expected outcomes:": a page that frames its session.
_OBJECTIVES_LEAD_IN = re.compile(r"^(?:the\s+)?(?:(?:main|key|specific)\s+)?(?:objectives?|aims?|expected\s+outcomes?|purposes?)\b[^.?]{0,80}:$", re.IGNORECASE)
# "Welcoming remarks by H.E. Name", "Keynote address by ...": a programme's line.
_PROGRAMME_LINE = re.compile(
    r"\b(?:remarks|statement|keynote(?:\s+address)?|presentations?|address|message|introduction)\s+by\s+(?:the\s+)?(?:H\.\s?E\.|Mr\b|Ms\b|Mrs\b|Dr\b|Prof\b|Amb\b|[A-Z])"
)
# A page's framing of its session: "This session will examine ...", "The event aims to ...".
_FRAMING = re.compile(
    r"\b(?:this|the)\s+(?:session|event|side[\s-]event|special\s+event|panel(?:\s+discussion)?|dialogue|discussion|meeting|round\s*table|segment|webinar)\s+(?:will|would|aims?|seeks?|is\s+(?:expected|organi[sz]ed|intended))\b",
    re.IGNORECASE,
)
_ALSO_SPEAKING = re.compile(r"^(?:also\s+speaking|other\s+speakers\s+(?:were|included)|the\s+following\s+(?:also\s+)?spoke|speaking\s+in\s+explanation)", re.IGNORECASE)
_PROCEDURAL_SECTION = re.compile(
    r"^(?:organi[sz]ation\s+of\s+(?:work|the\s+session)|attendance|election\s+of\s+officers|adoption\s+of\s+the\s+(?:agenda|report)|documentation|opening\s+and\s+duration|contents|annex|closing\s+of\s+the)",
    re.IGNORECASE,
)
_INTRODUCTION_TITLE = re.compile(r"^(?:introduction|background|overview|context|opening(?:\s+of\s+the\s+(?:forum|session|meeting))?)\b", re.IGNORECASE)
_MAX_BODY_HEADING_WORDS = 10


@dataclass
class Reading:
    """What a record is and how to read it: kind and why, heading lines, sections whose blocks carry roles."""

    kind: str
    kind_reason: str
    markdown_title: str | None
    header: list[tuple[int, str]]
    sections: list[SectionDraft]
    notes: list[str] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)  # prose before the first section that is no section's (summaries)


# ----------------------------------------------------------------------------- lines


def is_procedural(text: str) -> bool:
    """Text that reports procedure or points elsewhere, never a position: "The meeting adjourned", "available here", a symbol.

    >>> [is_procedural(t) for t in ("Background note is available here", "ECOSOC/6746", "2019 Session, 29th Meeting (AM)", "The Council then adopted decision 2019/201.", "Youth need jobs.")]
    [True, True, True, True, False]
    """
    normalized = fold_whitespace(normalize_for_matching(text))
    if is_boilerplate(normalized) or is_symbol_line(normalized) or is_meeting_line(normalized) or _PROCEDURAL.match(normalized):
        return True
    if len(normalized.split()) <= 30 and _LINK_ONLY.search(normalized):
        return True
    return is_date_line(normalized) and len(normalized.split()) <= 8 or bool(TIME_SLOT.match(normalized)) and not has_participant_cue(normalized)


def _is_body_heading(block: Block) -> bool:
    """A short title-case paragraph inside the body, such as "Opening Remarks" in a press release."""
    text = normalize_for_matching(block.text).strip()
    return (
        block.kind == "paragraph"
        and len(text.split()) <= _MAX_BODY_HEADING_WORDS
        and not re.search(r"[.;,!?:]$", text)
        and is_title_case(text)
        and not has_participant_cue(text)
    )


# ----------------------------------------------------------------------------- the kind


def _session_page_evidence(header: list[tuple[int, str]], sections: list[SectionDraft], body: list[Block]) -> list[str]:
    """What makes a record a session or event page, in words: page headings, programme labels, lead-ins, speakers listed, questions, event times."""
    evidence = [repr(section.title) for section in sections if _SESSION_PAGE_TITLES.match(normalize_for_matching(section.title)) or _PEOPLE_SECTION_TITLE.match(normalize_for_matching(section.title))]
    evidence += [repr(block.text.split(":")[0] + ":") for block in body if ROLE_LABEL.match(normalize_for_matching(block.text)) and block.text.split(":", 1)[1].strip(" *_")]
    evidence += [repr(fold_whitespace(block.text)) for block in body if block.kind == "paragraph" and (_is_lead_in(block.text) or _OBJECTIVES_LEAD_IN.match(fold_whitespace(normalize_for_matching(block.text))))]
    # Speakers listed under a "Speakers" heading count once, with the heading.
    listed = {id(block) for section in sections if _PEOPLE_SECTION_TITLE.match(normalize_for_matching(section.title)) for block in section.blocks}
    n_people = sum(1 for block in body if _is_person_entry(block) and id(block) not in listed)
    if n_people >= 2:
        evidence.append(f"{n_people} lines listing speakers")
    n_questions = sum(1 for block in body if normalize_for_matching(block.text).rstrip().endswith("?") and len(block.text.split()) <= 60)
    if n_questions >= 2:
        evidence.append(f"{n_questions} questions")
    n_programme = sum(1 for block in body if _PROGRAMME_LINE.search(normalize_for_matching(block.text)) and len(block.text.split()) <= 40)
    if n_programme >= 2:
        evidence.append(f"{n_programme} programme lines")
    evidence += [f"framing {fold_whitespace(block.text)[:40]!r}" for block in body if block.kind == "paragraph" and _FRAMING.search(normalize_for_matching(block.text))][:1]
    # A line that says when the session is (with a time of day) and one that says where or what meeting it is.
    times = [text for _, text in header if (is_date_line(text) or is_place_or_time_line(text)) and has_clock_time(text)]
    places = [text for _, text in header if is_place_or_time_line(text) and not has_clock_time(text)]
    evidence += [f"event line {fold_whitespace(text)!r}" for text in times[:1] + places[:1]]
    return evidence


def recognise_kind(markdown_title: str | None, header: list[tuple[int, str]], sections: list[SectionDraft], body: list[Block]) -> tuple[str, str]:
    """The record's kind and the evidence for it, in words for the review list."""
    heading_texts = ([markdown_title] if markdown_title else []) + [text for _, text in header]
    opening_lines = [block.text for block in body[:3] if block.kind == "paragraph" and len(block.text.split()) <= 40 and not block.text.rstrip().endswith(".")]
    for text in heading_texts + opening_lines:
        if _CHAIR_SUMMARY.search(normalize_for_matching(text)):
            return "chair_summary", f"its heading says so: {text!r}"
    for text in heading_texts:
        symbol = _PRESS_SYMBOL.search(normalize_for_matching(text))
        if symbol:
            return "press_release", f"press release symbol {symbol.group()!r}"
    for text in heading_texts:
        if is_meeting_line(text):
            return "press_release", f"meeting line {fold_whitespace(text)!r}"
    for text in heading_texts:
        if _PRESS_FURNITURE.match(fold_whitespace(normalize_for_matching(text))):
            return "press_release", f"meetings coverage page line {fold_whitespace(text)!r}"
    for text in heading_texts:
        symbol = find_symbol(text)
        if symbol:
            return "official_document", f"document symbol {symbol!r}"
    for text in heading_texts:
        if _OFFICIAL_MASTHEAD.match(fold_whitespace(normalize_for_matching(text))):
            return "official_document", f"official document masthead {fold_whitespace(text)!r}"
    evidence = _session_page_evidence(header, sections, body)
    # A summary's own sections ("Key issues", "Recommendations") outweigh a speakers section and its list.
    has_summary_sections = any(_SUMMARY_TITLES.match(normalize_for_matching(section.title)) for section in sections)
    if len(evidence) >= (3 if has_summary_sections else 2):
        return "session_page", "programme and page headings: " + ", ".join(evidence[:4])
    paragraphs = [block for block in body if block.kind == "paragraph"]
    reported = sum(bool(SPEECH_VERB.search(block.text)) for block in paragraphs)
    has_headings = bool(sections) and sections[0].has_heading
    if not has_headings and not any(block.kind == "bullet" for block in body) and len(paragraphs) >= 3 and reported >= 0.6 * len(paragraphs):
        return "press_release", f"{reported} of {len(paragraphs)} paragraphs report what someone said"
    if has_headings or any(block.kind == "bullet" for block in body):
        return "summary", "sections of bullets or paragraphs under headings"
    return "unknown", "no numbered or titled sections, no press meeting line or symbol, no chair's summary heading, no programme headings"


# ----------------------------------------------------------------------------- reading


def read_record(text: str) -> Reading:
    """Blocks, heading lines, kind and sections of a record, each block with its role."""
    blocks = split_into_blocks(text)
    markdown_title, header, preamble, sections, notes = assemble_sections(blocks)
    body = preamble + [block for section in sections for block in section.blocks]
    kind, reason = recognise_kind(markdown_title, header, sections, body)
    reading = Reading(kind, reason, markdown_title, header, [], [])
    if kind == "summary":
        reading.sections, reading.notes, reading.preamble = _read_summary(preamble, sections), notes, preamble
    elif kind == "press_release":
        reading.sections = _read_press_release(preamble, sections)
    elif kind in ("chair_summary", "official_document"):
        reading.sections = _read_numbered_paragraphs(preamble, sections)
    elif kind == "session_page":
        reading.sections = _read_session_page(preamble, sections)
    else:
        reading.sections = _read_unknown(preamble, sections)
        reading.notes.append(f"document kind not recognised ({reason}): its paragraphs and bullets were read as statements, its lists of speakers as participants; check them")
    reading.notes.extend(note for note in notes if kind != "summary" and "no section headings" not in note)
    roles = {block.role for section in reading.sections for block in section.blocks}
    if not roles & {"statement", "question", "cue_or_statement"}:
        reading.notes.extend([_BACKGROUND_READ_AS_STATEMENTS] if "background_statement" in roles else _read_background_as_statements(reading))
    return reading


_BACKGROUND_ROLES = ("background", "unused", "cue_or_note", "lead_in")


def _read_background_as_statements(reading: Reading) -> list[str]:
    """A record with nothing but background (a summary's opening, a page's introduction) still says something:
    its paragraphs become statements (participants are still read from them), and the review list says so."""
    blocks = [block for block in reading.preamble if block.role in _BACKGROUND_ROLES]
    for section in reading.sections:
        for block in section.blocks:
            if block.role in _BACKGROUND_ROLES and not is_procedural(block.text):
                block.role = "background_statement"
                section.is_background = False
    for block in blocks:
        block.role = "background_statement"
    if reading.preamble and blocks:
        # The summary's prose before its first section becomes a section of its own, so its statements have one.
        reading.sections.insert(0, _section(0, "Introduction", reading.preamble[0].line, list(reading.preamble)))
        reading.sections[0].has_heading = False
        reading.preamble = []
        _renumber(reading.sections)
    if any(block.role == "background_statement" for section in reading.sections for block in section.blocks):
        return [_BACKGROUND_READ_AS_STATEMENTS]
    return []


_BACKGROUND_READ_AS_STATEMENTS = "no statements outside the background: the background's paragraphs were read as statements (participants named in them are listed too); check them"


def _section(number: int, title: str, line: int, blocks: list[Block], is_background: bool = False) -> SectionDraft:
    return SectionDraft(number=number, title=title, line=line, blocks=blocks, is_background=is_background)


def _read_summary(preamble: list[Block], sections: list[SectionDraft]) -> list[SectionDraft]:
    """The seed's shape: background prose names participants; bullets (else paragraphs) of the other sections are statements."""
    for block in preamble:
        block.role = "background"
    for section in sections:
        if section.is_background:
            for block in section.blocks:
                block.role = "background"
            continue
        has_bullets = any(block.kind == "bullet" for block in section.blocks)
        for block in section.blocks:
            normalized = normalize_for_matching(block.text)
            if block.kind == "bullet":
                block.role = "skip" if is_procedural(block.text) else "people" if _is_person_entry(block) else "statement"
            elif find_forward_cues(normalized) and not has_bullets:
                block.role = "cue_or_statement"  # participants if it names them, else a statement
            elif find_forward_cues(normalized):
                block.role = "cue_or_note"
            elif not has_bullets:
                block.role = "skip" if is_procedural(block.text) else "statement"
            else:
                block.role = "lead_in" if normalized.rstrip().endswith(":") else "unused"
    return sections


def _statement_role(block: Block) -> str:
    """A body block of prose: a statement, a list of who also spoke, or procedure."""
    if is_procedural(block.text):
        return "people" if _ALSO_SPEAKING.match(normalize_for_matching(block.text)) else "skip"
    return "statement"


def _split_on_body_headings(first_title: str, first_line: int, blocks: list[Block], start_number: int) -> list[SectionDraft]:
    """Sections from a run of blocks, opening a new one at each short title-case paragraph."""
    sections = [_section(start_number, first_title, first_line, [])]
    for block in blocks:
        if _is_body_heading(block) and sections[-1].blocks:
            sections.append(_section(sections[-1].number + 1, fold_whitespace(block.text), block.line, []))
        elif _is_body_heading(block):
            sections[-1].title, sections[-1].line = fold_whitespace(block.text), block.line
        else:
            sections[-1].blocks.append(block)
    return sections


def _renumber(sections: list[SectionDraft]) -> list[SectionDraft]:
    """Sections numbered 1, 2, ... in order, empty untitled ones dropped."""
    kept = [section for section in sections if section.blocks or section.title]
    for number, section in enumerate(kept, 1):
        section.number = number
    return kept


def _read_press_release(preamble: list[Block], sections: list[SectionDraft]) -> list[SectionDraft]:
    """Meetings coverage: every paragraph is a statement (who spoke is read later), headings open sections."""
    result = []
    if preamble:
        result.extend(_split_on_body_headings("Meeting coverage", preamble[0].line, preamble, 1))
    for section in sections:
        if not section.has_heading:
            section.title = "Meeting coverage"
        result.extend(_split_on_body_headings(section.title, section.line, section.blocks, len(result) + 1))
    for section in result:
        for block in section.blocks:
            block.role = _statement_role(block)
    return _renumber(result)


def _read_numbered_paragraphs(preamble: list[Block], sections: list[SectionDraft]) -> list[SectionDraft]:
    """Chair's summaries and official documents: the introduction names participants; numbered paragraphs are statements."""
    result = []
    if preamble:
        result.append(_section(0, "Introduction", preamble[0].line, preamble, is_background=True))
        result[0].has_heading = False
    for section in sections:
        is_first_heading = not any(previous.has_heading for previous in result)
        section.is_background = bool(_PROCEDURAL_SECTION.match(normalize_for_matching(section.title))) or (
            is_first_heading and bool(_INTRODUCTION_TITLE.match(normalize_for_matching(section.title)))
        )
        result.append(section)
    for section in result:
        for block in section.blocks:
            block.role = "background" if section.is_background else _statement_role(block)
            block.keeps_marker = True  # "12. The forum ...": the paragraph number as printed, which analysts cite
    if not any(block.role == "statement" for section in result for block in section.blocks):
        # Only an introduction (a summary's opening): its paragraphs are what the record says, and still its background.
        for section in result:
            section.is_background = False
            for block in section.blocks:
                block.role = "background_statement" if _statement_role(block) == "statement" else _statement_role(block)
    return _renumber(result)


def _role_of_page_section(title: str) -> str:
    normalized = normalize_for_matching(title)
    if _QUESTIONS_TITLE.search(normalized) and not _PEOPLE_SECTION_TITLE.match(normalized):
        return "question"
    if _PEOPLE_SECTION_TITLE.match(normalized):
        return "people"
    if _RESOURCES_TITLE.match(normalized):
        return "skip"
    return "statement"


def _is_lead_in(text: str) -> bool:
    """A short paragraph that opens a list: "Proposed guiding questions:", "The speakers were as follows:", "Chair:"."""
    normalized = fold_whitespace(normalize_for_matching(text))
    return len(normalized.split()) <= 20 and normalized.endswith(":") and bool(_QUESTIONS_LEAD_IN.match(normalized) or _PEOPLE_LEAD_IN.match(normalized) or ROLE_LABEL.fullmatch(normalized + " "))


def _is_person_entry(block: Block) -> bool:
    """A bullet or line of a speakers list: "H.E. Ms Name, Title, Country", "Name, Title, Organisation", "Mr Name (video message)"."""
    if block.kind not in ("bullet", "paragraph") or (block.kind == "paragraph" and len(block.parts) > 2):
        return False
    entry = split_person_entry(block.text)
    return entry is not None and bool(entry[0] or entry[2])


def _is_name_line(block: Block) -> bool:
    """A line that is a name and nothing else ("Guy Ryder"): the first of a two-line entry when a title line follows."""
    entry = split_person_entry(block.text) if block.kind in ("bullet", "paragraph") and len(block.parts) == 1 else None
    return entry is not None and not entry[2]


def _is_title_line(block: Block) -> bool:
    """The second line of a two-line entry: a title, an organisation, a country ("Minister of Labour, Costa Rica")."""
    normalized = fold_whitespace(normalize_for_matching(block.text))
    return block.kind in ("bullet", "paragraph") and 0 < len(normalized.split()) <= 25 and not re.search(r"[.;!?:]$", normalized) and split_person_entry(normalized) is None


_SUMMARY_TITLES = re.compile(
    r"^(?:(?:key|main)\s+(?:issues|messages|points|takeaways|recommendations)|(?:policy\s+)?recommendations|conclusions|partnerships(?:\s+and\s+opportunities)?|way\s+forward|next\s+steps|summary\s+of)\b",
    re.IGNORECASE,
)
# A question without its question mark (cut off, or set as a list line): it opens as questions do.
_ASKS = re.compile(r"^(?:\d+[.)]\s*)?(?:what|how|which|who|whom|whose|why|where|when|has|have|is|are|was|were|do|does|did|can|could|should|would|will|to\s+what\s+extent|in\s+what\s+ways?)\b", re.IGNORECASE)
_ORGANISERS_LINE = re.compile(r"^(?:(?:co-?)?organi[sz]ed|(?:co-?)?hosted|convened|sponsored|co-sponsored)\s+by\b", re.IGNORECASE)
_MARKUP = re.compile(r"\*\*|__")
_ONLY_A_TIME = re.compile(r"^\(?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\)?$", re.IGNORECASE)


def _is_prose(normalized: str) -> bool:
    """A sentence of some length: it ends a list of speakers or questions."""
    return len(normalized.split()) >= 12 and bool(re.search(r"[.!][\"')]?$", normalized)) and split_person_entry(normalized) is None


def _lead_in_role(text: str) -> str | None:
    """The role a people lead-in gives the list after it, by its words ("Moderator:" a moderator); None for a plain list of speakers."""
    normalized = normalize_for_matching(text).lower()
    if re.search(r"\b(?:moderat|chair|facilitat|presiding)", normalized):
        return "moderator"
    if re.search(r"\borgani[sz]|\bhost", normalized):
        return "organiser"
    return None


def _assign_page_roles(sections: list[SectionDraft]) -> list[SectionDraft]:
    """Roles on a session or event page: framing prose is a statement, guiding questions are questions, programme lines,
    speakers lists (one line or two a person) and the lines a lead-in opens are people; a short title-case line opens a section."""
    result: list[SectionDraft] = []
    for section in sections:
        current = _section(section.number, section.title, section.line, [])
        current.has_heading = section.has_heading
        result.append(current)
        mode = _role_of_page_section(section.title)
        label_role = None
        previous: Block | None = None
        for index, block in enumerate(section.blocks):
            following = section.blocks[index + 1] if index + 1 < len(section.blocks) else None
            normalized = _MARKUP.sub("", fold_whitespace(normalize_for_matching(block.text))).strip("*_ ")
            role = None
            if ROLE_LABEL.match(normalized) or TIME_SLOT.match(normalized):
                role = "people"
            elif block.kind == "paragraph" and normalized.endswith(":") and len(normalized.split()) <= 20:
                role = "skip"  # a lead-in: "Proposed guiding questions:", "The speakers were as follows:"
                if _QUESTIONS_LEAD_IN.match(normalized) or _QUESTIONS_TITLE.search(normalized) and not _PEOPLE_LEAD_IN.match(normalized):
                    mode, label_role = "question", None
                elif _PEOPLE_LEAD_IN.match(normalized) or ROLE_LABEL.match(normalized) or _PEOPLE_SECTION_TITLE.match(normalized.rstrip(":")):
                    mode, label_role = "people", _lead_in_role(normalized)
            elif _is_person_entry(block) or (_is_name_line(block) and following is not None and _is_title_line(following)):
                role = "people"
            elif _ORGANISERS_LINE.match(normalized) and len(normalized.split()) <= 40 and normalized.count(". ") == 0:
                role = "people"  # "Organized by the Regional Commissions New York Office with ECA, ECE ...": who, not what
            elif mode == "people" and is_procedural(block.text):
                role = "skip"  # "When: Thursday, 30 May", "Where: Conference Room 2": the programme's where and when
            elif mode == "people" and previous is not None and previous.role == "people" and _is_name_line(previous) and _is_title_line(block):
                role = "people"  # the title line under a name line
            elif mode == "people" and not _is_prose(normalized):
                role = "skip" if _ONLY_A_TIME.match(normalized) else "people"
            elif is_procedural(block.text):
                role = "skip"
            elif _is_body_heading(block) and mode != "people":
                if current.blocks:
                    current = _section(current.number + 1, fold_whitespace(block.text), block.line, [])
                    result.append(current)
                else:
                    current.title, current.line = fold_whitespace(block.text), block.line
                mode, previous = _role_of_page_section(current.title), None
                continue
            elif mode == "question" and (normalized.endswith("?") or block.kind == "bullet" or _ASKS.match(normalized)):
                role = "question"
            else:
                if mode in ("people", "question"):
                    mode = "statement"  # prose after a list: the list has ended
                role = "skip" if mode == "skip" else "question" if normalized.endswith("?") and block.kind == "bullet" else "statement"
            block.role = role
            if role == "people":
                block.label_role = label_role
            current.blocks.append(block)
            previous = block
    for section in result:
        section.is_background = all(block.role in ("people", "skip") for block in section.blocks) and any(block.role == "people" for block in section.blocks)
    return _renumber(result)


def _read_session_page(preamble: list[Block], sections: list[SectionDraft]) -> list[SectionDraft]:
    """Session and event pages: framing prose is statements, guiding questions are questions, programmes name people."""
    result = []
    if preamble:
        result.append(_section(0, "Overview", preamble[0].line, preamble))
    return _assign_page_roles(result + list(sections))


def _read_unknown(preamble: list[Block], sections: list[SectionDraft]) -> list[SectionDraft]:
    """No known shape: paragraphs and bullets are statements, lists of speakers are people, procedure aside."""
    result = sections or [_section(1, "Summary", preamble[0].line if preamble else 1, preamble)]
    if sections and preamble:
        result = [_section(0, "Summary", preamble[0].line, preamble)] + sections
    return _assign_page_roles(result)
