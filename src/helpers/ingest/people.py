"""Participants named in a summary's prose and lists, their stakeholder group, and the speaker a statement names."""

import re
from dataclasses import dataclass, field


from helpers.data.patterns import GroupFinder, compile_organisation_name
from helpers.data.loading import UNKNOWN_GROUP
from helpers.data.model import Stakeholders
from helpers.data.text import fold_whitespace, normalize_for_matching
from helpers.ingest.cues import NAME_PARTICLES, ROLE_WORDS, find_backward_cues, find_forward_cues, find_honorifics, is_person_name, split_name_from_title
from helpers.ingest.structure import PEOPLE_TITLE, Block, is_title_case


ROLES = ("organiser", "speaker", "moderator", "contributor")


_DISCOURSE_OPENING = re.compile(r"^(?:in\s+addition|additionally|moreover|furthermore|finally|also)\s*,?\s*", re.IGNORECASE)
_NOT_A_PARTICIPANT = {"it", "they", "he", "she", "we", "others", "participants", "speakers", "panellists", "panelists", "attendees", "delegates", "the session", "the segment"}
_ITEM_SEPARATOR = re.compile(
    r"\s*[,;]\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s*&\s*|\s+(?:in\s+(?:collaboration|partnership|cooperation)\s+with|together\s+with|jointly\s+with|with)\s+"
)
_PARENTHESISED = re.compile(r"\([^()]*\)")
_PERSON_WITH_ORGANISATION = re.compile(r"^(?P<name>[^\W\d_][\w'\-.]*(?:\s+[^\W\d_][\w'\-.]*){1,4})\s*\((?P<organisation>[^()]+)\)$")
_ABBREVIATION_BEFORE_PERIOD = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Hon|Amb|Rev|St|No|Jr|Sr|Gen|Col|e\.g|i\.e)|(?<![\w.])(?:[A-Z]\.)*[A-Z])\.$")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'(]?[^\W\d_])")
_WHO_CLAUSE = re.compile(r",?\s+who\s+.*$", re.DOTALL)
_CLAUSE_AFTER_TITLE = re.compile(r",\s+(?:will|would|is|are|was|were|has|have|had|which|said|says|stressed|noted|opened|closed|welcomed|called)\b.*$", re.DOTALL)
_TRAILING_SEPARATORS = re.compile(r"[\s,;:.*_]*(?:\b(?:and|with|as\s+well\s+as)\b)?[\s,;:.*_]*$")
_LEADING_PUNCTUATION = re.compile(r"^[\s:,;\-*_]+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


_SPEECH_VERB = re.compile(
    r"(?<![\w-])(?:stressed|noted|said|highlighted|called|emphasi[sz]ed|underlined|underscored|argued|pointed\s+out|observed|warned|urged|recalled|explained|stated|reiterated|cautioned)(?![\w-])",
    re.IGNORECASE,
)
_MAX_SUBJECT_WORDS = 12


@dataclass(frozen=True)
class FoundParticipant:
    """A participant as read from the prose, before it gets its group."""

    honorific: str | None
    name: str | None
    title: str | None
    organisation: str | None
    role: str
    line: int
    is_parenthesised: bool = False  # the organisation was written in parentheses after the name


# ----------------------------------------------------------------------------- participants


class OrganisationNames:
    """The organisation names of the stakeholder data, matched as whole words, case-sensitively."""

    def __init__(self, stakeholders: Stakeholders):
        self.names = {fold_whitespace(name) for group in stakeholders.groups for name in group.organisations}
        # Each name with its words: a name whose words are not all in the text costs a substring test, not a regex search.
        self.patterns = [(compile_organisation_name(name), tuple(name.split())) for name in sorted(self.names)]

    def find_spans(self, normalized: str) -> list[tuple[int, int]]:
        """Non-overlapping spans of known names, the earliest and then the longest first."""
        found = sorted(
            ((m.start(), m.end()) for pattern, words in self.patterns if all(word in normalized for word in words) for m in pattern.finditer(normalized)),
            key=lambda span: (span[0], span[0] - span[1]),
        )
        kept: list[tuple[int, int]] = []
        for start, end in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end))
        return kept

    def is_known(self, text: str) -> bool:
        """Whether ``text`` is exactly one of the known organisation names."""
        return fold_whitespace(normalize_for_matching(text)) in self.names


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
    last_comma = normalized.rfind(",")
    if last_comma > 0 and _is_organisation_name(normalized[last_comma + 1 :].strip()):
        # "Minister of Foreign Affairs, Panama", "Correspondent, Al Jazeera English": the last part names where they work.
        return text[:last_comma].strip() or None, text[last_comma + 1 :].strip()
    spans = organisations.find_spans(normalized)
    if spans:
        start, end = spans[0]
        return text or None, text[start:end]
    return text or None, None


def _is_organisation_name(text: str) -> bool:
    """A proper name of a body or place: capitalised words not opening with a role ("Al Jazeera English", "Office of the Mayor")."""
    words = text.replace("-", " ").split()
    return bool(words) and is_title_case(text) and words[0][:1].isupper() and words[0].lower().strip(".,()") not in ROLE_WORDS


_NAME_WITH_ORIGIN = re.compile(r"^(?P<name>.+?)\s+(?:of|from|at)\s+(?:the\s+)?(?P<organisation>\S.*)$")


def _people_in_part(part: str, normalized: str) -> list[tuple[str, str | None, bool]] | None:
    """People a list part names: "Name", "Name (Org)", "Name of Org", or such joined by "and"; None when it names none.

    Returns (name, organisation, is the organisation in parentheses).

    >>> _people_in_part("Jane Doe (ITUC) and John Roe", "Jane Doe (ITUC) and John Roe")
    [('Jane Doe', 'ITUC', True), ('John Roe', None, False)]
    """
    people = []
    offset = 0
    for piece in re.split(r"(\s+(?:and|&)\s+)", normalized):
        if re.fullmatch(r"\s+(?:and|&)\s+", piece):
            offset += len(piece)
            continue
        original = part[offset : offset + len(piece)].strip()
        stripped = piece.strip()
        offset += len(piece)
        with_organisation = _PERSON_WITH_ORGANISATION.match(stripped)
        with_origin = _NAME_WITH_ORIGIN.match(stripped)
        if with_organisation and is_person_name(with_organisation.group("name")):
            people.append((fold_whitespace(original[: with_organisation.end("name")]), fold_whitespace(original[with_organisation.start("organisation") : with_organisation.end("organisation")]), True))
        elif is_person_name(stripped):
            people.append((fold_whitespace(original), None, False))
        elif with_origin and is_person_name(with_origin.group("name")):
            people.append((fold_whitespace(original[: with_origin.end("name")]), fold_whitespace(original[with_origin.start("organisation") :]), False))
        else:
            return None
    return people or None


def read_named_people(text: str, normalized: str, role: str, line: int, organisations: OrganisationNames) -> list[FoundParticipant] | None:
    """People in a list without honorifics: "Name, Title, Org; Name (Org) and Name, Title"; None when no part is a name.

    Parts are split on semicolons when there are any, else on commas; a part that is a name
    starts a person, the parts after it (until the next name) are its title and organisation.
    """
    separator = ";" if ";" in normalized else ","
    protected = [(m.start(), m.end()) for m in _PARENTHESISED.finditer(normalized)]
    cuts = [i for i, character in enumerate(normalized) if character == separator and not any(start < i < end for start, end in protected)]
    bounds = list(zip([0] + [cut + 1 for cut in cuts], cuts + [len(normalized)]))
    people: list[list] = []  # [name, organisation, is_parenthesised, details]
    for start, end in bounds:
        part, part_normalized = _trim(text[start:end], normalized[start:end])
        part_normalized = re.sub(r"^(?:and|as\s+well\s+as)\s+", "", part_normalized)
        part = part[len(part) - len(part_normalized) :] if part_normalized else part
        if not part_normalized.strip():
            continue
        named = _people_in_part(part, part_normalized)
        if separator == ";" and named is None:
            # "Name, Title, Org" within one semicolon part.
            head = part_normalized.split(",")[0]
            if is_person_name(head.strip()):
                named = [(fold_whitespace(part[: len(head)]), None, False)]
                people.append([named[0][0], None, False, [part[len(head) + 1 :]]])
                continue
        if named:
            people.extend([name, organisation, is_parenthesised, []] for name, organisation, is_parenthesised in named)
        elif people:
            people[-1][3].append(part)
    if not people:
        return None
    found = []
    for name, organisation, is_parenthesised, details in people:
        title = None
        if details:
            title, detail_organisation = split_title_and_organisation(", ".join(details), organisations)
            organisation = organisation or detail_organisation
        found.append(FoundParticipant(None, name, title, organisation, role, line, is_parenthesised))
    return found


def _take_name(text: str, normalized: str) -> tuple[str, str]:
    """The leading run of capitalised words (and particles like "van", "de") that forms a name; and the rest.

    >>> _take_name("Ursula von der Leyen of the European Commission", "Ursula von der Leyen of the European Commission")
    ('Ursula von der Leyen', 'of the European Commission')
    """
    end = 0
    for word in re.finditer(r"[^\s,]+", normalized):
        if not (word.group()[:1].isupper() or word.group().lower() in NAME_PARTICLES):
            break
        end = word.end()
        if normalized[end : end + 1] == ",":
            break
    return text[:end].strip(), text[end:].strip()


def read_person(text: str, normalized: str, honorific_end: int, role: str, line: int, organisations: OrganisationNames) -> FoundParticipant | None:
    """One person from "Honorific Name, Title at Org", "Honorific Name (Org)" or "Honorific Name"."""
    honorific = fold_whitespace(text[:honorific_end]) or None
    rest, rest_normalized = _trim(text[honorific_end:], normalized[honorific_end:])
    who = _WHO_CLAUSE.search(rest_normalized) or _CLAUSE_AFTER_TITLE.search(rest_normalized)
    if who:
        # "H.E. Mr. Name (Kazakhstan), Vice-President of the Council, will take place on ...": the sentence goes on.
        rest, rest_normalized = rest[: who.start()], rest_normalized[: who.start()]
    if not rest.strip():
        return None
    with_parenthesis = re.match(r"^(?P<name>[^,(]+?)\s*\((?P<organisation>[^()]+)\)\s*(?:,\s*(?P<title>.+))?$", rest_normalized)
    if with_parenthesis:
        name = fold_whitespace(rest[: with_parenthesis.end("name")])
        organisation = fold_whitespace(rest[with_parenthesis.start("organisation") : with_parenthesis.end("organisation")])
        title = fold_whitespace(rest[with_parenthesis.start("title") :]) if with_parenthesis.group("title") else None
        return FoundParticipant(honorific, name, title or None, organisation, role, line, True)
    if "," in rest_normalized:
        comma = rest_normalized.index(",")
        name = fold_whitespace(rest[:comma])
        title, organisation = split_title_and_organisation(rest[comma + 1 :], organisations)
        run_together = None if is_person_name(name) else split_name_from_title(name)
        if run_together:
            # "Ms. Olga Algayerova Executive Secretary, Economic Commission for Europe": lines of a PDF joined.
            name = run_together[0]
            title, organisation = split_title_and_organisation(f"{run_together[1]}, {rest[comma + 1 :]}", organisations)
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
    named = read_named_people(lead, lead_normalized, role, line, organisations) if lead.strip() else None
    if named:
        found.extend(named)
    elif lead.strip():
        for item, item_normalized in split_items(lead, lead_normalized, organisations):
            person = _PERSON_WITH_ORGANISATION.match(item_normalized)
            if person:
                found.append(FoundParticipant(None, fold_whitespace(item[: person.end("name")]), None, fold_whitespace(item[person.start("organisation") : person.end("organisation")]), role, line, True))
            elif item_normalized.lower() in _NOT_A_PARTICIPANT or item_normalized[:1].islower():
                continue  # prose ("a wide range of stakeholders"), not a name
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
        elif cues and default_role is not None and cues[0][3] and _trim(sentence[: cues[0][0]], sentence[: cues[0][0]])[1].strip():
            # A list line with a label further on ("Mr. Name, Title Moderator: Ms. Name"): what comes before the label is listed too.
            scopes.insert(0, (0, cues[0][0], default_role))
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


def find_role_in_title(title: str) -> str | None:
    """Role implied by a section title or label such as "Speakers", "Moderators", "Chair" or "Co-organizers"."""
    normalized = normalize_for_matching(title).lower().strip()
    if re.match(r"^(?:co-?)?(?:organi[sz]ers?|hosts?|convener|convenor)\b", normalized):
        return "organiser"
    if re.match(r"^(?:co-?)?(?:moderators?|chairs?|chairperson|facilitators?)\b", normalized):
        return "moderator"
    if re.match(r"^(?:keynote|(?:lead\s+)?discussants?|respondents?|presenters?|panell?ists?|panel|rapporteurs?|(?:opening|closing|welcoming|introductory|concluding)\s+remarks|remarks|programme|program|agenda|featuring)\b", normalized):
        return "speaker"
    if PEOPLE_TITLE.match(normalized):
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


def make_participant_key(name: str | None, organisation: str | None) -> tuple[str, str]:
    """What identifies a participant across re-ingests: (name, organisation), whitespace folded."""
    return (fold_whitespace(name or ""), fold_whitespace(organisation or ""))


# ----------------------------------------------------------------------------- statements


def find_speaker_group(text: str, organisations: OrganisationNames, finder: GroupFinder, groups_by_surname: dict[str, set[str]]) -> str | None:
    """The group a statement attributes itself to, or None (never guessed).

    Attributed means: a known organisation or a participant's surname before a speech verb
    ("The ITUC representative stressed", "Ms. Simonetti noted") in the statement's first clause.
    When the subject names more than one group, the statement stays unattributed.

    >>> from helpers.data.model import StakeholderGroup
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
