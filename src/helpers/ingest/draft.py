"""The draft session: statements and participants assembled from the structure, written as reviewable YAML."""

import io
import re
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from helpers.data.patterns import GroupFinder
from helpers.data.loading import UNKNOWN_GROUP
from helpers.data.model import Country, Forum, Stakeholders
from helpers.data.text import fold_whitespace, make_statement_id, normalize_for_matching, strip_accents
from helpers.ingest.cues import PRONOUN_SPEECH, SPEECH_VERB, find_forward_cues, split_person_entry, strip_name_remarks
from helpers.ingest.genres import ROLE_LABEL, TIME_SLOT, Reading, is_date_line, read_record
from helpers.ingest.groups import CountryNames, GroupPlacer, place_by_description
from helpers.ingest.metadata import ForumNames, StatedDate, find_forum, find_goals_under_review, find_host_forum, find_related_goals, find_sdgs, find_stated_date, find_symbol, is_boilerplate, is_furniture_line
from helpers.ingest.people import FoundParticipant, OrganisationNames, find_role_in_title, find_speaker_group, read_background_blocks, read_participants_in_prose, split_title_and_organisation
from helpers.ingest.speakers import ProseSpeaker, SpeakerFinder, attribute_statements, find_prose_speakers
from helpers.ingest.structure import DATE_MENTION, NOT_RECORDED, Block, SectionDraft, read_title_and_forum


@dataclass
class ParsedSummary:
    """Everything the rules read from a record (no analyst edits)."""

    title: str
    forum: str
    is_title_guessed: bool
    sdgs: list[int]
    sections: list[SectionDraft]
    participants: list[dict]
    statements: list[dict]
    unplaced: list[str]
    notes: list[str]
    document_kind: str = "summary"
    kind_reason: str = ""
    symbol: str | None = None
    date: StatedDate | None = None
    forum_evidence: str | None = None


@dataclass(frozen=True)
class ReferenceData:
    """The data ingest reads records with: stakeholder groups, forums and countries."""

    stakeholders: Stakeholders
    forums: tuple[Forum, ...] = ()
    countries: tuple[Country, ...] = ()


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


# ----------------------------------------------------------------------------- parsing a record


_TITLE_OF_DOCUMENT = re.compile(r"\b(?:summary|report|note\s+by|letter|resolution|declaration|statement|outcome|conclusions|recommendations)\b", re.IGNORECASE)
_OPENING_BLOCKS = 3  # paragraphs after the heading lines where a stated date or the forum may be
_SUBJECT_REACH = 60  # characters: a person named this early in a paragraph is its subject


def _choose_title(reading: Reading, forum_names: ForumNames) -> tuple[str, bool]:
    """The record's own headline: the Markdown title, else the first heading line that is not page furniture.

    A press release's headline is the first line after its dateline, meeting line and symbol; a
    line that only names the organ or forum ("Economic and Social Council") is the title only
    when no other line is. Chair's summaries and official documents take the line that names the
    document ("Summary by the President ..."), as their first lines name the organ and the session.
    """
    lines = [fold_whitespace(text) for _, text in reading.header]
    if reading.markdown_title and not is_boilerplate(reading.markdown_title):
        # A saved page's heading may name only the forum above a line that names the document ("Co-Chairs' summary of ...").
        if not (reading.kind == "chair_summary" and not _names_document(reading.markdown_title) and any(map(_names_document, lines))):
            return reading.markdown_title, False
    furniture = [index for index, text in enumerate(lines) if is_furniture_line(text)]
    headings = [text for index, text in enumerate(lines) if index not in furniture]
    candidates = [text for text in headings if _names_document(text) or not _names_only_a_body(text, forum_names)]
    if reading.kind == "press_release" and furniture:
        after = [text for index, text in enumerate(lines) if index > furniture[-1] and text in candidates]
        candidates = after or candidates
    if reading.kind in ("chair_summary", "official_document"):
        named = [text for text in candidates if _names_document(text)]
        candidates = named or candidates
    candidates = candidates or headings
    if candidates and reading.kind in ("session_page", "unknown"):
        # A page's headline names an event and often its year or Goal; site taglines ("In case you missed it",
        # "Committed to connecting the world") do neither. Between equals, the one nearest the content.
        scores = [_headline_score(text) for text in candidates]
        return candidates[max(range(len(candidates)), key=lambda index: (scores[index], index))], True
    if candidates:
        return candidates[0], True
    quoted = _quoted_event_name(reading)
    return (quoted, True) if quoted else (NOT_RECORDED, True)


def _names_document(text: str) -> bool:
    """Whether a heading line names a document ("Co-Chairs' summary of ...", "Report of the ..."), not only a body or event."""
    return bool(_TITLE_OF_DOCUMENT.search(normalize_for_matching(text)))


# "The event “X” will take place", "a side event titled “X”", "a Panel discussion on “X”, to be held": the event's name in its page's prose.
_QUOTED_EVENT_NAME = re.compile(
    r"\b(?:event|side[\s-]event|session|panel(?:\s+discussion)?|briefing|dialogue|meeting|webinar|segment|round\s*table|forum|workshop|launch)\b"
    r"[^\".]{0,40}?\"(?P<name>(?:(?!\.\s)[^\n]){8,220})\"(?=\s*(?:[,.;:)]|\s-|\s(?:will|took|was|is|which|that|held|on|at|in|from|organi[sz]ed|to\s+be)\b))",
    re.IGNORECASE,
)


def _quoted_event_name(reading: Reading) -> str | None:
    """The name an event page gives its event in quotation marks in its first paragraphs, when it has no headline."""
    for section in reading.sections[:1]:
        for block in section.blocks[:3]:
            normalized = normalize_for_matching(block.text)
            match = _QUOTED_EVENT_NAME.search(normalized)
            if match:
                return fold_whitespace(block.text[match.start("name") : match.end("name")])
    return None


_EVENT_WORDS = re.compile(
    r"\b(?:dialogue|forum|session|meeting|event|summit|segment|panel|conference|workshop|launch|review|round\s*table|roundtable|webinar|discussion|briefing|consultation|exchange|talks?|expert\s+group)s?\b",
    re.IGNORECASE,
)


def _headline_score(text: str) -> int:
    """How much a heading line looks like an event page's headline: it names an event, a year or a Goal, and has some length."""
    normalized = normalize_for_matching(text)
    return 2 * bool(_EVENT_WORDS.search(normalized)) + bool(re.search(r"\b(?:19|20)\d\d\b|\bSDGs?\s*\d|\bGoals?\s+\d", normalized)) + (len(normalized.split()) >= 4)


def _goes_on_speaking(text: str) -> bool:
    """Whether a paragraph reports speech without naming who: "she said", "he added", or a quotation."""
    normalized = normalize_for_matching(text)
    # A quotation after a colon, a comma or "that" is speech; one after "the theme", "on" or "entitled" is a name.
    return bool(PRONOUN_SPEECH.search(normalized) or re.search(r'(?:^|[:,.]\s*|\bthat\s+)"[^"]{20,}"', normalized))


def _names_only_a_body(text: str, forum_names: ForumNames, kinds: tuple[str, ...] | None = None) -> bool:
    """A line that is just the name of an organ, forum or segment (of ``kinds``, or any): "Economic and Social Council",
    "HLPF 2023". A masthead, not a title (nor, for an organ, a forum line)."""
    found = forum_names.find(text)
    return found is not None and (kinds is None or found[0].kind in kinds) and len(fold_whitespace(found[1])) >= 0.7 * len(fold_whitespace(text))


def _group_blocks_by_role(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """Consecutive blocks of the same role, in order (background prose is read as one run, as in the seed)."""
    runs: list[tuple[str, list[Block]]] = []
    for block in blocks:
        if runs and runs[-1][0] == block.role:
            runs[-1][1].append(block)
        else:
            runs.append((block.role, [block]))
    return runs


def _read_people_block(block: Block, section_role: str | None, organisations: OrganisationNames, finder: GroupFinder) -> tuple[list[FoundParticipant], list[str]]:
    """Participants of a programme line or list item: "Chair: Name, Title", "10:00 Opening remarks by Name", "- Name, Title, Org"."""
    text = strip_name_remarks(block.text)
    label = ROLE_LABEL.match(normalize_for_matching(text).lstrip("*_ "))
    role = section_role
    if label:
        role = find_role_in_title(label.group("label")) or "speaker"
        text = text[len(text) - len(normalize_for_matching(text).lstrip("*_ ")) + label.end() :]
    time_slot = TIME_SLOT.match(normalize_for_matching(text))
    if time_slot:
        text = text[time_slot.end() :]
    prose = read_participants_in_prose(text, block.line, organisations, finder, default_role=None if (time_slot and not label) else (role or "speaker"))
    notes = [f"line {block.line}: could not read a participant from {fragment!r}: add it by hand if it is one" for fragment in prose.unread]
    return prose.participants, notes


def _read_two_line_entry(name_block: Block, title_block: Block, role: str, organisations: OrganisationNames) -> FoundParticipant | None:
    """A person listed on two lines: "H.E. Ms Name (video message)", then "Minister of Labour and Social Security, Costa Rica"."""
    entry = split_person_entry(name_block.text)
    if entry is None:
        return None
    honorific, name, _ = entry
    start = normalize_for_matching(name_block.text).find(name)
    name = name_block.text[start : start + len(name)] if start >= 0 else name
    title, organisation = split_title_and_organisation(strip_name_remarks(title_block.text), organisations)
    return FoundParticipant(honorific or None, fold_whitespace(name), title, organisation, role, name_block.line)


def _read_people_run(blocks: list[Block], section_role: str | None, organisations: OrganisationNames, finder: GroupFinder) -> tuple[list[FoundParticipant], list[str]]:
    """Participants of consecutive programme lines and list items, with the role their lead-in or section gives them.

    A line that is only a name followed by a line that names no one is one person on two lines.
    """
    found: list[FoundParticipant] = []
    notes: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        role = block.label_role or section_role
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        entry = split_person_entry(block.text)
        if entry is not None and not entry[2] and following is not None and split_person_entry(following.text) is None and not ROLE_LABEL.match(normalize_for_matching(following.text)):
            person = _read_two_line_entry(block, following, role or "speaker", organisations)
            if person is not None:
                found.append(person)
                index += 2
                continue
        people, people_notes = _read_people_block(block, role, organisations, finder)
        found.extend(people)
        notes.extend(people_notes)
        index += 1
    return found, notes


def _person_key(participant: FoundParticipant) -> tuple[str, ...]:
    """Who a participant is across mentions: first and last name word without accents or case, or the organisation."""
    if participant.name:
        words = _name_words(participant.name)
        return ("person", words[0], words[-1]) if words else ("person", participant.name.casefold())
    return ("organisation", fold_whitespace(strip_accents(participant.organisation or "")).casefold(), participant.role)


def _merge_participants(found: list[FoundParticipant]) -> tuple[list[FoundParticipant], dict[tuple, FoundParticipant]]:
    """Each person once, with the role of their first mention (a contributor who is also heard speaking is a speaker)
    and the details any mention gives; "Mr. Ramírez Ortiz" is "José Ramírez Ortiz" named before."""
    merged: dict[tuple, FoundParticipant] = {}
    aliases: dict[tuple, tuple] = {}
    for person in found:
        key = _person_key(person)
        full = next((other for other, known in merged.items() if _is_later_mention(person, known)), None) if key not in merged else None
        if full is not None:
            aliases[key] = full
            key = full
        if key not in merged:
            merged[key] = person
            continue
        first = merged[key]
        role = person.role if first.role == "contributor" and person.role in ("speaker", "moderator") else first.role
        merged[key] = FoundParticipant(
            first.honorific or person.honorific,
            first.name,
            first.title or person.title,
            first.organisation or person.organisation,
            role,
            first.line,
            first.is_parenthesised if first.organisation else person.is_parenthesised,
        )
    by_key = dict(merged)
    by_key.update({alias: merged[full] for alias, full in aliases.items()})
    return list(merged.values()), by_key


def _name_words(name: str) -> list[str]:
    return [word for word in strip_accents(name).casefold().replace(".", " ").split() if len(word) > 1]


def _is_later_mention(person: FoundParticipant, known: FoundParticipant) -> bool:
    """Whether ``person`` is a shorter mention ("Mr. Ramírez Ortiz") of ``known``, named in full before ("José Ramírez Ortiz")."""
    if not person.name or not known.name or not person.honorific:
        return False
    words, full = _name_words(person.name), _name_words(known.name)
    return 0 < len(words) < len(full) and full[-len(words) :] == words


def parse_summary(text: str, reference: ReferenceData | Stakeholders) -> ParsedSummary:
    """Read kind, title, forum, date, symbol, SDGs, sections, participants and statements (with speakers) from a record's text."""
    if isinstance(reference, Stakeholders):
        reference = ReferenceData(reference)
    stakeholders = reference.stakeholders
    organisations = OrganisationNames(stakeholders)
    finder = GroupFinder(stakeholders)
    countries = CountryNames(reference.countries)
    placer = GroupPlacer(finder, countries, organisations)
    forum_names = ForumNames(reference.forums)
    reading = read_record(text)
    notes = list(reading.notes)

    # --- title and forum
    header_texts = [header_text for _, header_text in reading.header]
    body_blocks = reading.preamble + [block for section in reading.sections for block in section.blocks]
    opening = [(block.line, block.text) for block in body_blocks[:_OPENING_BLOCKS]]
    if reading.kind == "summary":
        heading_lines = [t for t in header_texts if (not is_furniture_line(t) or is_date_line(t)) and not _names_only_a_body(t, forum_names, ("organ",))]
        title, forum, title_notes = read_title_and_forum(reading.markdown_title, heading_lines, forum_names.coverage)
        is_title_guessed = reading.markdown_title is None
        notes.extend(title_notes)
    else:
        title, is_title_guessed = _choose_title(reading, forum_names)
        forum = NOT_RECORDED
    forum_texts = [(line, header_text) for line, header_text in reading.header if not is_boilerplate(header_text)]
    if reading.markdown_title:
        forum_texts.insert(0, (1, reading.markdown_title))
    # The heading lines first (an organ there, as in a press release on the Council's own meeting, beats a forum the body names),
    # a masthead that only names the organ aside; then the opening paragraphs.
    heading_forum = find_forum([(line, text) for line, text in forum_texts if not _names_only_a_body(text, forum_names, ("organ",))], forum_names)
    use_opening = reading.kind != "summary" or forum == NOT_RECORDED
    host_forum = find_host_forum(forum_texts + opening, forum_names) if reading.kind in ("session_page", "unknown") else None
    recognised = host_forum or heading_forum or (find_forum(forum_texts + opening, forum_names) if use_opening else find_forum(forum_texts, forum_names))
    forum_evidence = None
    if recognised and (reading.kind != "summary" or forum == NOT_RECORDED or forum_names.find(forum)):
        forum, forum_evidence = recognised[0].name, f"{recognised[1]!r} (line {recognised[2]})"

    # --- participants and statements
    found: list[FoundParticipant] = []
    statement_blocks: list[tuple[int, Block]] = []
    background_texts = [title] + [t for t in header_texts if not is_furniture_line(t)]
    introduced: dict[int, list[ProseSpeaker]] = {}
    if reading.preamble:
        preamble_found, preamble_notes = read_background_blocks(reading.preamble, None, organisations, finder)
        found.extend(preamble_found)
        notes.extend(preamble_notes)
        background_texts.extend(block.text for block in reading.preamble)
    for section in reading.sections:
        section_role = find_role_in_title(section.title)
        if section.is_background:
            background_texts.extend(block.text for block in section.blocks)
        for role, blocks in _group_blocks_by_role(section.blocks):
            if role == "background" and reading.kind != "summary":
                # Introductions of chair's summaries and official documents: people in running text, not lists.
                for block in blocks:
                    found.extend(FoundParticipant(s.honorific, s.name, s.title, s.organisation, s.role, block.line, s.is_parenthesised) for s in find_prose_speakers(block.text, organisations, countries))
                    if find_forward_cues(normalize_for_matching(block.text)):
                        found.extend(read_participants_in_prose(block.text, block.line, organisations, finder).participants)
                background_texts.extend(block.text for block in blocks)
                continue
            if role == "background":
                section_found, section_notes = read_background_blocks(blocks, section_role if section.is_background else None, organisations, finder)
                found.extend(section_found)
                notes.extend(section_notes)
                if not section.is_background:
                    background_texts.extend(block.text for block in blocks)
                continue
            if role == "people":
                people, people_notes = _read_people_run(blocks, section_role, organisations, finder)
                found.extend(people)
                notes.extend(people_notes)
                continue
            for block in blocks:
                if role in ("cue_or_statement", "cue_or_note"):
                    prose = read_participants_in_prose(block.text, block.line, organisations, finder)
                    if prose.participants:
                        found.extend(prose.participants)
                        notes.extend(f"line {block.line}: could not read a participant from {fragment!r}: add it by hand if it is one" for fragment in prose.unread)
                    if role == "cue_or_statement" and (not prose.participants or SPEECH_VERB.search(normalize_for_matching(block.text))):
                        # "moderated by Ms. X, who asked presenters to ...": it names people and says something.
                        statement_blocks.append((section.number, block))
                    elif role == "cue_or_statement":
                        pass
                    else:
                        notes.append(f"line {block.line}: paragraph in section {section.number} is not a bullet and was not used: {block.text[:80]!r}")
                elif role == "unused":
                    notes.append(f"line {block.line}: paragraph in section {section.number} is not a bullet and was not used: {block.text[:80]!r}")
                elif role in ("statement", "question", "background_statement"):
                    statement_blocks.append((section.number, block))
                    speakers = find_prose_speakers(block.text, organisations, countries)
                    introduced[id(block)] = speakers
                    found.extend(FoundParticipant(s.honorific, s.name, s.title, s.organisation, s.role, block.line, s.is_parenthesised) for s in speakers)
                    if (reading.kind != "summary" or role == "background_statement") and find_forward_cues(normalize_for_matching(block.text)):
                        found.extend(read_participants_in_prose(block.text, block.line, organisations, finder).participants)
                    if role == "background_statement":
                        background_texts.append(block.text)
    if reading.kind in ("press_release", "unknown"):
        # The introduction: paragraphs before anyone is quoted.
        for _, block in statement_blocks:
            if introduced.get(id(block)):
                break
            background_texts.append(block.text)
    if reading.kind == "summary" and reading.sections and not reading.sections[0].is_background and not any(block.kind == "bullet" for block in reading.sections[0].blocks):
        # A summary that opens with a section of prose (an opening, the session's theme) introduces itself there.
        background_texts.extend(block.text for block in reading.sections[0].blocks)
    if reading.kind == "session_page":
        # The framing: statements of the page's sections before its questions and programme.
        for block in (block for section in reading.sections for block in section.blocks):
            if block.role in ("question", "people"):
                break
            if block.role == "statement":
                background_texts.append(block.text)

    # A press release names the Goals under review wherever its story reaches them, often after the first quotation.
    reviewed_goals = find_goals_under_review([block.text for _, block in statement_blocks]) if reading.kind in ("press_release", "unknown") else []

    unique, by_key = _merge_participants(found)
    participants, unplaced = [], []
    for person in unique:
        placement = placer.place(person.organisation, person.title, person.is_parenthesised)
        if placement is None and person.title:
            placement = place_by_description(finder, person.title, text)
        if placement is None:
            unplaced.append(person.organisation or person.title or f"{person.name} (no organisation or title)")
        entry = {"honorific": person.honorific} if person.honorific else {}
        entry.update(name=person.name, title=person.title, organisation=person.organisation, role=person.role, group=placement.group if placement else UNKNOWN_GROUP)
        if placement:
            entry["group_reason"] = placement.reason
        participants.append(entry)

    # --- who said what
    groups_by_label = {participant["name"] or participant["organisation"]: participant["group"] for participant in participants}
    groups_by_surname: dict[str, set[str]] = {}
    for participant in participants:
        if participant["name"]:
            surname = participant["name"].split()[-1]
            groups_by_surname.setdefault(normalize_for_matching(surname), set()).add(participant["group"])
    statements, used_ids, introduced_by_id, opens_on_other = [], set(), {}, {}
    for section_number, block in statement_blocks:
        statement = {"id": make_unique_statement_id(section_number, block.text, used_ids), "section": section_number, "text": block.text}
        if block.role == "question":
            statement["is_question"] = True
        mentioned = introduced.get(id(block), [])
        speaking = [s for s in mentioned if s.is_speaking and s.role == "speaker"]
        # A paragraph that opens on someone named and goes on with "she said" or a quotation is theirs.
        is_subject = mentioned and not speaking and mentioned[0].start <= _SUBJECT_REACH and mentioned[0].role in ("speaker", "contributor")
        subject = mentioned[0] if is_subject and _goes_on_speaking(block.text) else None
        for speaker in speaking[:1] or ([subject] if subject else []):
            person = by_key.get(_person_key(FoundParticipant(None, speaker.name, None, speaker.organisation, "speaker", 0)))
            if person is not None:
                introduced_by_id[statement["id"]] = person.name or person.organisation
        if mentioned and mentioned[0].start <= _SUBJECT_REACH and statement["id"] not in introduced_by_id:
            opens_on_other[statement["id"]] = True
        statements.append(statement)
    attributions = attribute_statements(statements, SpeakerFinder(participants), introduced_by_id, opens_on_other)
    heard = {attribution.speaker for attribution in attributions if attribution is not None}
    for participant in participants:
        if participant["role"] == "contributor" and participant["name"] in heard:
            participant["role"] = "speaker"  # named first without a verb, then heard: "Ms. Mohammed said"
    for statement, attribution in zip(statements, attributions):
        if attribution is not None:
            statement["speaker"] = attribution.speaker
            statement["speaker_group"] = groups_by_label[attribution.speaker]
        elif not statement.get("is_question"):
            speaker_group = find_speaker_group(statement["text"], organisations, finder, groups_by_surname)
            if speaker_group:
                statement["speaker_group"] = speaker_group
    return ParsedSummary(
        title=title,
        forum=forum,
        is_title_guessed=is_title_guessed,
        sdgs=sorted(set(find_sdgs(background_texts)) | set(find_related_goals(text)) | set(reviewed_goals)),
        sections=reading.sections,
        participants=participants,
        statements=statements,
        unplaced=unplaced,
        notes=notes,
        document_kind=reading.kind,
        kind_reason=reading.kind_reason,
        symbol=next((symbol for symbol in (find_symbol(t) for t in header_texts) if symbol), None),
        date=find_stated_date(reading.header, opening, is_opening_first=reading.kind in ("chair_summary", "official_document"), is_event_page=reading.kind in ("session_page", "unknown")),
        forum_evidence=forum_evidence,
    )


# ----------------------------------------------------------------------------- writing


class _DraftRepresenter(RoundTripRepresenter):
    """Writes None as ``null`` so analysts see empty fields."""


_DraftRepresenter.add_representer(type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))


def _set_flow_style(node):
    """Write a YAML mapping or list on one line."""
    node.fa.set_flow_style()
    return node


_MAX_ONE_LINE = 120  # an organisation's entry is written on one line when it fits


def render_session_yaml(session: dict, comment_lines: list[str]) -> str:
    """The session as readable YAML: short entries on one line, statement text double-quoted."""
    document = CommentedMap()
    for key in ("id", "title", "forum", "symbol", "document_kind"):
        if key in session:
            document[key] = session[key]
    document["sdgs"] = _set_flow_style(CommentedSeq(session["sdgs"]))
    document["date"] = CommentedMap(session["date"])
    document["source"] = CommentedMap(session["source"])
    document["sections"] = CommentedSeq(_set_flow_style(CommentedMap(number=s["number"], title=s["title"])) for s in session["sections"])
    participants = CommentedSeq()
    for participant in session["participants"]:
        entry = CommentedMap(participant)
        one_line = "  - {" + ", ".join(f"{key}: {value}" for key, value in participant.items()) + "}"
        if participant["name"] is None and participant["title"] is None and "note" not in participant and len(one_line) < _MAX_ONE_LINE:
            _set_flow_style(entry)
        participants.append(entry)
    document["participants"] = participants
    statements = CommentedSeq()
    for statement in session["statements"]:
        entry = CommentedMap(id=statement["id"], section=statement["section"], text=DoubleQuotedScalarString(statement["text"]))
        for key in ("is_question", "speaker", "speaker_group", "note"):
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
    if parsed.document_kind == "unknown":
        review.append(f"document kind not recognised ({parsed.kind_reason}): check the statements and participants")
    if session["date"]["value"] is not None and "stated_as" in session["date"] and parsed.date is not None and not is_metadata_kept:
        review.append(f"date {session['date']['value']} read from {session['date']['stated_as']!r} (line {parsed.date.line}): check it is the session's first day")
    if session["date"]["value"] is None:
        mention = DATE_MENTION.search(text)
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
        elif parsed.forum_evidence:
            review.append(f"forum {session['forum']!r} recognised from {parsed.forum_evidence}: check it")
        else:
            review.append(f"forum {session['forum']!r} guessed from the heading lines: check it")
    if not session["sdgs"]:
        review.append("sdgs: no 'SDG N' or 'Goal N' in the title or background: set them")
    if parsed.unplaced:
        review.append("group unknown (no stakeholder group matches): " + "; ".join(parsed.unplaced))
    review.extend(parsed.notes)
    return review
