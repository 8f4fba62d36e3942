"""The draft session: statements and participants assembled from the structure, written as reviewable YAML."""

import io
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from helpers.data.patterns import GroupFinder
from helpers.data.loading import UNKNOWN_GROUP
from helpers.data.model import Stakeholders
from helpers.data.text import make_statement_id, normalize_for_matching
from helpers.ingest.cues import find_forward_cues
from helpers.ingest.people import FoundParticipant, OrganisationNames, find_role_in_title, find_speaker_group, make_participant_key, place_participant, read_background_blocks, read_participants_in_prose
from helpers.ingest.structure import DATE_MENTION, NOT_RECORDED, Block, SectionDraft, assemble_sections, find_sdgs, read_title_and_forum, split_into_blocks


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
            section_found, section_notes = read_background_blocks(section.blocks, find_role_in_title(section.title), organisations, finder)
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
        key = (make_participant_key(person.name, person.organisation), person.role)
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
        else:
            review.append(f"forum {session['forum']!r} guessed from the heading lines: check it")
    if not session["sdgs"]:
        review.append("sdgs: no 'SDG N' or 'Goal N' in the title or background: set them")
    if parsed.unplaced:
        review.append("group unknown (no stakeholder group matches): " + "; ".join(parsed.unplaced))
    review.extend(parsed.notes)
    return review
