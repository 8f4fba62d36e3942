"""Who speaks in UN prose, and who said what: speakers introduced in a statement's own text, and each statement's speaker.

The shapes read (with or without honorifics, names in capitals too):

- "Oh Joon (Republic of Korea), President of the Economic and Social Council, said ...";
- "Amina Mohammed, Deputy Secretary-General, in a pre-recorded message, also underscored ...";
- "... said David Nabarro, Special Adviser of the Secretary-General on the 2030 Agenda.";
- "Secretary-General António Guterres echoed ...", "ECOSOC President Collen Kelapile said ...";
- "the President of the Economic and Social Council, Munir Akram, convened ...";
- "the representative of Italy said ...", "Italy's delegate said ..." (a delegation, unnamed).

A statement is attributed only when its text names its speaker with a verb of saying, or says
"she said", "he added" right after a statement of a known speaker; otherwise it stays unattributed.
"""

from dataclasses import dataclass

import regex as re

from helpers.data.text import fold_whitespace, normalize_for_matching
from helpers.ingest.cues import HONORIFIC, NAME_PARTICLES, NOT_NAME_WORDS, PRONOUN_SPEECH, ROLE_WORDS, SPEECH_VERBS, is_person_name, strip_name_remarks
from helpers.ingest.structure import is_title_case


_HONORIFIC = rf"(?:{HONORIFIC}\s+)"
# A name's word: capitalised, hyphenated parts, an initial ("J."), "al-Thani"; a word ending a sentence ("April.") is none.
_WORD = r"(?:\p{Lu}\.|(?:(?:al|el|ad|bin|ibn|abu)-)?\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*)"
_PARTICLE = rf"(?:{'|'.join(sorted(NAME_PARTICLES, key=lambda word: (-len(word), word)))})"
NAME = rf"(?<![\p{{L}}\p{{N}}'’.-])(?P<honorific>{_HONORIFIC}*)(?P<name>{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{1,5}})"
_ROLE_VERBS = r"(?:will\s+(?:moderate|chair|co-chair|facilitate)|moderated|chaired|co-chaired|facilitated|presided(?:\s+over)?)"
_FUTURE_SPEECH = r"(?:will\s+(?:speak|deliver|present|open|close|make|give|introduce|address|respond|be\s+the\s+respondents?|join|deliver|share))"
_VERB = rf"(?<!\bwho\s)(?<!\bwhich\s)(?P<verb>(?:also\s+|further\s+|then\s+|later\s+|again\s+|similarly\s+|likewise\s+)?(?:{SPEECH_VERBS}|{_ROLE_VERBS}|{_FUTURE_SPEECH}|convened|welcomed|opened))(?![\p{{L}}-])"
_VERB_IN_RELATIVE = _VERB.replace(r"(?<!\bwho\s)", "")  # "Ms. X, Title, who asked ...": X asked
# A verb of saying only: a statement is someone's when they say it, not when they chair or convene the meeting it reports.
_SAYING = rf"(?P<verb>(?:also\s+|further\s+|then\s+|later\s+|again\s+|similarly\s+|likewise\s+)?(?:{SPEECH_VERBS}|{_FUTURE_SPEECH}))(?![\p{{L}}-])"
_INSERT = r"(?:,\s*[^,.;:\"“”]{1,160}?)"  # ", in a pre-recorded message", ", speaking on behalf of the Group of 77"

# "Name (Country), Title, said" and "Name (Country) said"
# A title's character: anything but a quotation, a semicolon or a colon, and never the end of a sentence ("opened the Forum. The ...").
_TITLE_CHARACTER = r"(?:(?!(?<=[\p{Ll}\d]{2})\.\s+\p{Lu})[^;:\"“”])"
_NAME_PARENTHESIS = re.compile(rf"{NAME}\s*\(\s*(?P<paren>[^()]{{2,80}}?)\s*\)(?:\s*,\s*(?P<title>(?:(?![()]){_TITLE_CHARACTER}){{2,220}}?))?{_INSERT}{{0,2}}\s*,?\s*{_VERB}")
# A title after a name never opens with a conjunction or a clause ("and the Deputy ...", "who said").
_TITLE_START = r"(?=\S)(?!(?:and|or|but|who|whose|which|while|when|if|that|as|in|at|on|to|with|including|such|like|among|notably|especially|particularly|e\.g)\b)"
# "Name, Title, [insert,] said"
_NAME_TITLE = re.compile(rf"{NAME},\s*(?P<title>{_TITLE_START}{_TITLE_CHARACTER}{{2,220}}?){_INSERT}{{0,2}},\s*{_VERB}")
# "Sandra Kim of the International Trade Union Confederation said"
_NAME_OF_ORGANISATION = re.compile(rf"{NAME}\s+(?:of|from)\s+(?:the\s+)?(?P<organisation>\p{{Lu}}[^,.;:\"“”()]{{1,100}}?)(?:\s*\([^()]{{1,30}}\))?{_INSERT}{{0,2}}\s*,?\s*{_VERB}")
# Verbs that come before the speaker's name: "..., said Name", "stressed Ms. Name".
_SAID_BEFORE_NAME = r"(?:said|says|added|stressed|noted|explained|warned|declared|observed|continued|emphasi[sz]ed)"
# "..., said Name, Title." / "said Name (Country)."
_SAID_NAME = re.compile(rf"(?<![\p{{L}}-]){_SAID_BEFORE_NAME}\s+{NAME}(?:\s*\(\s*(?P<paren>[^()]{{2,80}}?)\s*\))?(?:,\s*(?P<title>[^;\"“”]{{2,220}}?))?\s*(?=[.;]\s|[.;]?$|\.[\"”]|,\s*(?:\p{{Ll}}+ing|who|which|while|as)\b)")
# "United Nations Secretary-General António Guterres echoed": a title, then the name, then the verb.
_TITLE_NAME = re.compile(rf"(?P<run>(?:\p{{Lu}}[\p{{L}}'’.-]*\s+|(?:of|for|the|and|on)\s+){{2,12}}){_VERB}")
# "the President of the Council, Munir Akram, convened" / "The Permanent Representative of Latvia, Andrejs Pildegovičs, and ..."
_TITLE_COMMA_NAME = re.compile(
    rf"(?:^|(?<=[,;]\s)|(?<=\band\s)|(?<=\bby\s)|(?<=\.\s))(?:[Tt]he\s+)?(?P<title>\p{{Lu}}(?:(?!,){_TITLE_CHARACTER}){{2,160}}?),\s*{NAME}(?:\s*\(\s*(?P<paren>[^()]{{2,80}}?)\s*\))?(?:,|(?=[.;](?:\s|$)))"
)
# A country further along "the representatives of Costa Rica, Japan, Morocco and Norway".
_IN_LIST_OF_DELEGATIONS = re.compile(r"\brepresentatives\s+of\s+(?:the\s+)?(?:[\p{Lu}][\p{L}'’ -]+,\s*)*(?:[\p{Lu}][\p{L}'’ -]+\s+and\s+|[\p{Lu}][\p{L}'’ -]+,\s*)(?:the\s+)?$")
_CLAUSE_WORDS = re.compile(r"\b(?:was|were|is|are|by|has|have|had|said|who|which|that)\b")  # a title is a noun phrase, not a clause
# "Moderated by [the] Commission Chair " right before a name.
_CHAIR_CUE_BEFORE = re.compile(r"\b(?i:(?:co-)?(?:chaired|moderated|facilitated|presided\s+over)\s+by\s+(?:the\s+)?)(?:\p{Lu}[\p{L}'’-]*\s+){0,5}$")
_CHAIR_CUE = re.compile(r"\b(?:co-)?(?:chaired|moderated|facilitated|presided\s+over)\s+by\b", re.IGNORECASE)
# "the representative of Italy said", "Italy's delegate said": a delegation speaks.
_DELEGATION = r"(?:representative|delegate|delegation|speaker)"


@dataclass(frozen=True)
class ProseSpeaker:
    """A person (or a delegation) the text introduces as speaking, and where."""

    honorific: str | None
    name: str | None
    title: str | None
    organisation: str | None
    is_parenthesised: bool
    role: str
    start: int
    end: int
    is_speaking: bool = True  # the text has them say or do something here ("said", "moderated"), not only names them


def _is_saying(verb: str) -> bool:
    """A verb of saying, not of chairing or convening: only such a verb makes a paragraph the speaker's."""
    return not re.search(r"\b(?:convened|moderat|chair|facilitat|presid)", verb, re.IGNORECASE)


def _role_of(verb: str) -> str:
    return "moderator" if re.search(r"moderat|chair|facilitat|presid", verb) else "speaker"


def _clean(text: str | None) -> str | None:
    """Whitespace folded, separators and a leading "the" dropped; None when nothing is left."""
    text = re.sub(r"^the\s+", "", fold_whitespace(text or "").strip(" ,;"), flags=re.IGNORECASE)
    return text or None


def _has_role_word(title: str, organisations, countries) -> bool:
    """Whether a title reads as one: a role word, a known organisation or a country in it."""
    title = normalize_for_matching(title)
    words = {word.lower().strip(".,'’") for word in re.split(r"[\s/]+", title)}
    words |= {part for word in words for part in word.split("-")}
    return bool(words & ROLE_WORDS) or bool(organisations.find_spans(normalize_for_matching(title))) or bool(countries.find(title))


def split_leading_title(name: str) -> tuple[str, str] | None:
    """A run of capitalised words as (title before the name, name): "Council President Frederick Shava" gives
    ("Council President", "Frederick Shava"); a word that is no title before a name ("Echoing Jane Doe") is dropped;
    None when no tail of it is a person's name, or when what comes before is half a name.

    >>> split_leading_title("Commission Chair Alya Ahmed Saif al-Thani"), split_leading_title("Echoing Jane Doe"), split_leading_title("United Nations")
    (('Commission Chair', 'Alya Ahmed Saif al-Thani'), ('', 'Jane Doe'), None)
    """
    words = name.split()
    for start in range(len(words) - 1):
        tail = " ".join(words[start:])
        if is_person_name(tail):
            head = words[:start]
            is_title = any({word.lower().strip(".,'’"), *word.lower().strip(".,'’").split("-")} & ROLE_WORDS for word in head)
            if head and not is_title and not all(word.strip(".,'’").lower() in NOT_NAME_WORDS for word in head):
                return None  # "Maria Fernanda Espinosa" is not "Fernanda Espinosa" after a word "Maria"
            return (" ".join(head) if is_title else ""), tail
    return None


_YEAR_OR_REMARK = re.compile(r"^(?:\d{4}|\d{4}\s*-\s*\d{2,4})$")
# Words around a name that say it is a person's: an apposition with a role, a country or organisation in parentheses.
_APPOSITION = re.compile(rf",\s*(?:the\s+|a\s+|an\s+)?(?P<title>{_TITLE_START}[^,;:\"“”()]{{2,200}}?)\s*(?=,|;|\.(?:\s|$)|\s+-\s|$)")
# A further part of an apposition that says where: ", Ministry of Labour and Employment", ", France".
_PLACE_PART = re.compile(r",\s*(?P<part>(?=\p{Lu})[^,;:\"“”()]{2,80}?)\s*(?=[,;]|\.(?:\s|$)|$)")


# A list that goes on after a name ("Name, the Presidents of the Assembly and several delegates"), not that person's title.
_LIST_GOING_ON = re.compile(r"^(?:the\s+)?\p{Lu}\p{Ll}+s\s+of\b|\band\s+(?:several|other|many|some|various|numerous|a\s+number\s+of)\b")


def _names_someone(text: str) -> bool:
    """Whether a phrase ends on a person's name ("African Union Chairperson Moussa Faki Mahamat"): it is another person, not a title."""
    words = text.split()
    return any(is_person_name(" ".join(words[start:])) for start in range(len(words) - 1))


def _extend_apposition(title: str, rest: str, organisations, countries) -> str:
    """A title with the parts after it that name an organisation or a country (not a person, not a clause)."""
    reach = 0
    while True:
        part = _PLACE_PART.match(rest, reach)
        words = part.group("part").split() if part else []
        if not part or _names_someone(part.group("part")) or _CLAUSE_WORDS.search(part.group("part")) or len(words) > 10:
            return title
        if not (countries.match_whole(part.group("part")) or organisations.find_spans(normalize_for_matching(part.group("part"))) or is_title_case(part.group("part"))):
            return title
        title, reach = f"{title}, {part.group('part').strip().rstrip('.')}", part.end("part")


_PAREN_AFTER = re.compile(r"\s*\(\s*(?P<paren>[^()]{2,80}?)\s*\)")
_VERB_AFTER = re.compile(rf"^\s*(?:\([^()]*\)\s*)?(?:,\s*[^,.;:\"“”]{{1,220}}?)?(?:{_INSERT}{{0,2}}\s*,)?\s*(?:-\s*)?(?:who\s+)?{_VERB_IN_RELATIVE}")
_TITLE_RUN_BEFORE = re.compile(r"(?:(?<=^)|(?<=[\s(]))(?P<run>(?:\p{Lu}[\p{L}'’.-]*,?\s+(?:(?:of|for|the|and|on)\s+){0,2}){1,6})$")


def _title_before(text: str, normalized: str, position: int) -> str | None:
    """A title written before a name, perhaps with an honorific or a comma between: "General Assembly President Mr. Miroslav
    Lajčák", "his Envoy on Youth, Ahmad Alhendawi"."""
    run = _TITLE_RUN_BEFORE.search(normalized[max(0, position - 120) : position])
    if not run or "," in run.group("run").rstrip().rstrip(",").rstrip():
        return None
    words = run.group("run").replace(",", " ").split()
    roles = [i for i, word in enumerate(words) if {word.lower().strip(".,'’"), *word.lower().strip(".,'’").split("-")} & ROLE_WORDS]
    # A title does not end on a connector, nor hold a name after its last role word ("Deputy Secretary-General Amina Mohammed and").
    rest = [word for word in words[roles[-1] + 1 :] if word.lower() not in ("of", "for", "the", "and", "on")] if roles else []
    if not roles or words[-1].lower() in ("of", "for", "the", "and", "on") or len(rest) >= 2 and is_person_name(" ".join(rest)):
        return None
    start = position - len(run.group("run"))
    return fold_whitespace(text[start:position]).rstrip(",").strip() or None


# "Speaking for the Business and Industry Major Group, Name said": the organisation before the name.
_SPEAKING_FOR_BEFORE = re.compile(r"(?i:speaking\s+(?:for|on\s+behalf\s+of)|on\s+behalf\s+of|representing)\s+(?:the\s+)?(?P<organisation>\p{Lu}[^,;.]{2,100}?),\s*$")
_APPOSITION_END = re.compile(rf"\s+(?:and\s+{_HONORIFIC}.*|{SPEECH_VERBS}\b.*)$")


def _clean_apposition(title: str) -> str:
    """An apposition without what follows it in the sentence: "President of ECOSOC and Mr" -> "President of ECOSOC",
    "Under-Secretary-General for Economic and Social Affairs stressed the need" -> "Under-Secretary-General for Economic and Social Affairs"."""
    return _APPOSITION_END.sub("", title.strip())


def _is_paren_organisation(paren: str) -> bool:
    """A parenthesis after a name that says where they come from, not "(video message)" or "(2011)"."""
    return bool(paren.strip()) and not _YEAR_OR_REMARK.match(paren.strip()) and strip_name_remarks(f"({paren})") != ""


def find_prose_speakers(text: str, organisations, countries) -> list[ProseSpeaker]:
    """People (and delegations) ``text`` introduces, in order of appearance: with what they said or did, or by their
    title, country or organisation (``is_speaking`` False when the text only names them).

    >>> from helpers.ingest.groups import CountryNames
    >>> from helpers.data.model import Country, Stakeholders
    >>> from helpers.ingest.people import OrganisationNames
    >>> names = OrganisationNames(Stakeholders("1", ()))
    >>> countries = CountryNames((Country("Republic of Korea", "member_state"), Country("Italy", "member_state"), Country("Zimbabwe", "member_state")))
    >>> [(s.name, s.organisation, s.title) for s in find_prose_speakers("Oh Joon (Republic of Korea), President of the Economic and Social Council, said that partnerships matter.", names, countries)]
    [('Oh Joon', 'Republic of Korea', 'President of the Economic and Social Council')]
    >>> [(s.name, s.title) for s in find_prose_speakers("Change is needed, said David Nabarro, Special Adviser of the Secretary-General on the 2030 Agenda.", names, countries)]
    [('David Nabarro', 'Special Adviser of the Secretary-General on the 2030 Agenda')]
    >>> [(s.name, s.organisation) for s in find_prose_speakers("The representative of Italy said jobs come first.", names, countries)]
    [(None, 'Italy')]
    >>> [(s.name, s.title, s.organisation, s.is_speaking) for s in find_prose_speakers("Council President Frederick Musiiwa Makamure Shava (Zimbabwe) said so.", names, countries)]
    [('Frederick Musiiwa Makamure Shava', 'Council President', 'Zimbabwe', True)]
    >>> [(s.name, s.title, s.is_speaking) for s in find_prose_speakers("It was a dialogue between Deputy Secretary-General Amina Mohammed and Jayathma Wickramanayake, the Envoy on Youth.", names, countries)]
    [('Amina Mohammed', 'Deputy Secretary-General', False), ('Jayathma Wickramanayake', 'Envoy on Youth', False)]
    """
    normalized = normalize_for_matching(text)
    found: list[ProseSpeaker] = []

    def add(match, name: str, honorific: str, title: str | None, organisation: str | None, is_parenthesised: bool, role: str, is_speaking: bool = True) -> None:
        start = match.start("name")
        if not title:
            title = _title_before(text, normalized, start - len(honorific or ""))
        split = split_leading_title(fold_whitespace(name))
        if split is None:
            return
        if split[1] != fold_whitespace(name):
            start += normalized[start:].index(split[1].split()[0])
            title = title or split[0] or None
            name = split[1]
        if countries.match_whole(name):
            return  # "Sierra Leone", "Costa Rica": a country, not a person
        if organisation and not _is_paren_organisation(organisation):
            organisation, is_parenthesised = None, False
        end = start + len(name)
        if any(s.start <= start < s.end or start <= s.start < end for s in found):
            return
        found.append(ProseSpeaker(_clean(honorific), fold_whitespace(name), _clean(title), _clean(organisation), is_parenthesised, role, start, match.end(), is_speaking))

    for match in _NAME_PARENTHESIS.finditer(normalized, overlapped=True):
        name = text[match.start("name") : match.end("name")]
        title = text[match.start("title") : match.end("title")] if match.group("title") else None
        if title and not _has_role_word(title, organisations, countries):
            title = None
        add(match, name, match.group("honorific"), title, text[match.start("paren") : match.end("paren")], True, _role_of(match.group("verb")), _is_saying(match.group("verb")))
    for match in _NAME_TITLE.finditer(normalized, overlapped=True):
        name, title = text[match.start("name") : match.end("name")], text[match.start("title") : match.end("title")]
        if _has_role_word(title, organisations, countries):
            add(match, name, match.group("honorific"), title, None, False, _role_of(match.group("verb")), _is_saying(match.group("verb")))
    for match in _NAME_OF_ORGANISATION.finditer(normalized, overlapped=True):
        name, organisation = text[match.start("name") : match.end("name")], text[match.start("organisation") : match.end("organisation")]
        if is_title_case(organisation):
            add(match, name, match.group("honorific"), None, organisation, False, _role_of(match.group("verb")), _is_saying(match.group("verb")))
    for match in _SAID_NAME.finditer(normalized, overlapped=True):
        name = text[match.start("name") : match.end("name")]
        title = text[match.start("title") : match.end("title")] if match.group("title") else None
        paren = text[match.start("paren") : match.end("paren")] if match.group("paren") else None
        add(match, name, match.group("honorific"), title, paren, bool(paren), "speaker")
    for match in _TITLE_COMMA_NAME.finditer(normalized, overlapped=True):
        name, title = text[match.start("name") : match.end("name")], text[match.start("title") : match.end("title")]
        if is_person_name(name) and _has_role_word(title, organisations, countries) and not is_person_name(title) and not _CLAUSE_WORDS.search(title):
            following = normalized[match.end() : match.end() + 200]
            verb = re.search(rf"{_VERB}", following)
            sentence_before = re.split(r"[.;]\s", normalized[: match.start()])[-1]
            is_chair = bool(_CHAIR_CUE.search(sentence_before)) or (verb is not None and _role_of(verb.group("verb")) == "moderator")
            paren = text[match.start("paren") : match.end("paren")] if match.group("paren") else None
            add(match, name, match.group("honorific"), title, paren, bool(paren), "moderator" if is_chair else "speaker", verb is not None and not is_chair and _is_saying(verb.group("verb")))
    for match in _TITLE_NAME.finditer(normalized):
        run = text[match.start("run") : match.end("run")].split()
        role_positions = [i for i, word in enumerate(run) if {word.lower().strip(".,'’"), *word.lower().strip(".,'’").split("-")} & ROLE_WORDS]
        if not role_positions:
            continue
        split_at = role_positions[-1] + 1
        name = " ".join(run[split_at:])
        if split_at < len(run) and is_person_name(name):
            start = match.start("run") + text[match.start("run") :].index(run[split_at])
            fake = _Span(start, match.end())
            add(fake, name, "", " ".join(run[:split_at]), None, False, _role_of(match.group("verb")), _is_saying(match.group("verb")))
    _add_people_named(text, normalized, organisations, countries, add)
    _add_delegations(text, normalized, organisations, countries, found)
    return sorted(found, key=lambda speaker: speaker.start)


def _add_people_named(text: str, normalized: str, organisations, countries, add) -> None:
    """People the text names without saying what they did: after a title ("Deputy Secretary-General Amina Mohammed"),
    with a title after them ("Name, the Envoy on Youth,"), with a country or organisation in parentheses, or after a
    moderating cue ("Moderated by Commission Chair Name (Qatar)"). Each also speaks when a verb of saying follows."""
    for match in re.finditer(NAME, normalized, overlapped=True):
        name = text[match.start("name") : match.end("name")]
        name = re.sub(r"['’]s$", "", name)  # "Amina Mohammed's remarks"
        split = split_leading_title(fold_whitespace(name))
        if split is None or (not split[0] and not is_person_name(name)):
            continue
        after = normalized[match.end() : match.end() + 260]
        before = normalized[max(0, match.start() - 80) : match.start()]
        paren = _PAREN_AFTER.match(after)
        apposition = _APPOSITION.match(after[paren.end() :] if paren else after)
        title = split[0] or None
        paren_text = paren.group("paren") if paren else ""
        organisation = paren_text if paren and (countries.match_whole(paren_text) or organisations.is_known(paren_text)) else None
        appended = _clean_apposition(apposition.group("title")) if apposition else None
        verb = _VERB_AFTER.match(after)
        if appended and appended != apposition.group("title") and not verb:
            verb = re.search(rf"{_VERB_IN_RELATIVE}", apposition.group("title"))  # "Name, Youth Delegate from Ireland said"
        title = title or _title_before(text, normalized, match.start())
        window_start = max(0, match.start() - 140)
        speaks_for = _SPEAKING_FOR_BEFORE.search(normalized[window_start : match.start()])
        if speaks_for and organisation is None:
            organisation = fold_whitespace(text[window_start + speaks_for.start("organisation") : window_start + speaks_for.end("organisation")])
        is_list_going_on = apposition is not None and _LIST_GOING_ON.search(apposition.group("title"))
        if appended and not is_list_going_on and _has_role_word(appended, organisations, countries) and not _CLAUSE_WORDS.search(appended) and not _names_someone(appended):
            if appended == apposition.group("title"):
                appended = _extend_apposition(appended, (after[paren.end() :] if paren else after)[apposition.end() :], organisations, countries)
            title = ", ".join(part for part in (title, appended) if part)
        elif organisation is None and not title and not match.group("honorific") and not (verb and _is_saying(verb.group("verb"))):
            continue  # a capitalised pair with nothing to say it is a person's name
        is_chair = bool(_CHAIR_CUE_BEFORE.search(before)) or (verb is not None and _role_of(verb.group("verb")) == "moderator")
        role = "moderator" if is_chair else "speaker" if verb else "contributor"
        span_end = match.end() + (paren.end() if paren else 0) + (apposition.end() if appended and title and appended in title else 0)
        add(_Span(match.start("name"), span_end), name, match.group("honorific"), title, organisation, organisation is not None, role, verb is not None and not is_chair and _is_saying(verb.group("verb")))


def _add_delegations(text: str, normalized: str, organisations, countries, found: list[ProseSpeaker]) -> None:
    """Delegations that speak unnamed: "the representative of Italy said", "Italy's delegate said", "the ITUC representative"."""
    for country_match in countries.pattern.finditer(normalized):
        before, after = normalized[max(0, country_match.start() - 60) : country_match.start()], normalized[country_match.end() : country_match.end() + 80]
        delegation_before = re.search(rf"\b(?:[Tt]he\s+)?{_DELEGATION}s?\s+(?:of|for|from)\s+(?:the\s+)?$", before)
        delegation_after = re.match(rf"['’]s\s+{_DELEGATION}\b", after)
        in_list = _IN_LIST_OF_DELEGATIONS.search(before)
        if in_list or (delegation_before or delegation_after) and re.search(_VERB, after[:80]):
            country = countries.by_name[fold_whitespace(country_match.group())].name
            if in_list or (delegation_before and delegation_before.group().rstrip().lower().split()[-2].endswith("s")):
                # "the representatives of Costa Rica, Japan and Norway took the floor": each took part; none is quoted.
                found.append(ProseSpeaker(None, None, "representative", country, False, "contributor", country_match.start(), country_match.end(), False))
                continue
            start = country_match.start() - (len(before) - delegation_before.start() if delegation_before else 0)
            span = _Span(start, country_match.end())
            if not any(s.start <= span.start() < s.end for s in found):
                found.append(ProseSpeaker(None, None, "representative", country, False, "speaker", span.start(), span.end()))
    for start, end in organisations.find_spans(normalized):
        before, after = normalized[max(0, start - 60) : start], normalized[end : end + 80]
        delegation_before = re.search(rf"\b(?:[Tt]he\s+)?{_DELEGATION}s?\s+(?:of|for|from)\s+(?:the\s+)?$", before)
        delegation_after = re.match(rf"['’]s\s+{_DELEGATION}\b", after)
        if (delegation_before or delegation_after) and re.search(_VERB, after[:80]):
            span = _Span(start - (len(before) - delegation_before.start() if delegation_before else 0), end)
            if not any(s.start <= span.start() < s.end or span.start() <= s.start < span.end() for s in found):
                found.append(ProseSpeaker(None, None, "representative", text[start:end], False, "speaker", span.start(), span.end()))


class _Span:
    """A match-like span for speakers found by splitting a run of words."""

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self, group=None) -> int:
        return self._start

    def end(self, group=None) -> int:
        return self._end


# ----------------------------------------------------------------------------- who said what


@dataclass(frozen=True)
class Attribution:
    """A statement's speaker (a participant's label) and how the text names it."""

    speaker: str
    how: str  # "named", "pronoun"


def _reference_pattern(label: str) -> str:
    """A name as a statement may refer to it: in full, or by surname (any name word) after an honorific."""
    words = [word for word in label.split() if len(word.strip(".")) > 1]
    full = r"\s+".join(re.escape(word) for word in label.split())
    alternatives = [full]
    if len(words) > 1:
        # "Ms. Mohammed", "Mr. Liu", "Mr. Ramírez Ortiz": any name word, or the last words, after an honorific.
        tails = [r"\s+".join(re.escape(word) for word in words[start:]) for start in range(1, len(words) - 1)]
        surnames = "|".join(sorted(tails + [re.escape(word) for word in words], key=len, reverse=True))
        alternatives.append(rf"{_HONORIFIC}+(?:{surnames})")
    return rf"(?<![\p{{L}}-])(?:{'|'.join(alternatives)})(?![\p{{L}}-])"


class SpeakerFinder:
    """Finds the participant a statement names as its speaker."""

    def __init__(self, participants: list[dict]):
        self.entries = []
        for participant in participants:
            label = participant["name"] or participant["organisation"]
            if not label:
                continue
            # "Mr. PONTES said": names in capitals refer to the same person.
            pattern = re.compile(_reference_pattern(normalize_for_matching(label)), re.IGNORECASE)
            self.entries.append((label, pattern))

    def find(self, text: str) -> str | None:
        """The participant named as saying this: "<name> said", "said <name>", "Ms. <surname> stressed"; the earliest."""
        normalized = normalize_for_matching(text)
        candidates = []
        for label, pattern in self.entries:
            for match in pattern.finditer(normalized):
                after = normalized[match.end() : match.end() + 240]
                before = normalized[max(0, match.start() - 40) : match.start()]
                is_subject = re.match(rf"\s*(?:\([^()]*\)\s*)?(?:{_INSERT}{{1,3}}\s*,)?\s*(?:who\s+)?{_SAYING}", after) or re.match(rf"['’]s\s+(?:representative|delegate|delegation)\s+{_SAYING}", after)
                is_object = re.search(rf"{_SAID_BEFORE_NAME}\s+$", before)
                if is_subject or is_object:
                    candidates.append((match.start(), label))
                    break
        return min(candidates)[1] if candidates else None


def attribute_statements(statements: list[dict], finder: SpeakerFinder, introduced: dict[str, str], opens_on_other: dict[str, bool] | None = None) -> list[Attribution | None]:
    """Each statement's speaker or None, in order.

    ``introduced`` maps a statement id to the participant its own text introduces as speaking.
    A statement that names no speaker but carries "she said", "he added" on takes the speaker of
    the statement just before it in the same section, unless it opens on someone else
    (``opens_on_other``); anything else stays unattributed.
    """
    opens_on_other = opens_on_other or {}
    result: list[Attribution | None] = []
    previous: Attribution | None = None
    previous_section = None
    for statement in statements:
        if statement.get("is_question"):
            result.append(None)
            previous = None
            continue
        named = introduced.get(statement["id"]) or finder.find(statement["text"])
        if named:
            attribution = Attribution(named, "named")
        elif previous is not None and previous_section == statement["section"] and not opens_on_other.get(statement["id"]) and PRONOUN_SPEECH.search(normalize_for_matching(statement["text"])):
            attribution = Attribution(previous.speaker, "pronoun")
        else:
            attribution = None
        result.append(attribution)
        previous, previous_section = attribution, statement["section"]
    return result
