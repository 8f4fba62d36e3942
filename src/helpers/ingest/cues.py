"""Words that signal people in a text: role cues ("moderated by", "also contributed") and honorifics."""

import re

from helpers.data.text import normalize_for_matching




# Honorifics before a name, as UN records write them: "H.E. Amb.", "Mr", "Ms.", "Dr. Prof.", "His Excellency".
HONORIFIC = r"(?:H\.\s?E\.|(?:His|Her)\s+Excellency|Dr\.?|Prof\.?|Mrs\.?|Mr\.?|Ms\.?|Mx\.?|Amb\.?|Ambassador|Hon\.?|Sir|Dame)"
_HONORIFIC = re.compile(rf"(?<![\w.])(?:{HONORIFIC}\s+)+")


_FORWARD_CUES = (
    ("organiser", r"\b(?:co-?)?organi[sz]ed\s+(?:jointly\s+)?by\b|\b(?:co-?)?hosted\s+by\b|\bconvened\s+by\b|\b(?:co-?)?organi[sz]ers?\b\s*(?::|\b(?:were|was|included|including)\b)"),
    ("moderator", r"\b(?:co-?)?(?:moderated|chaired|facilitated)\s+by\b|\b(?:co-?)?(?:moderators?|chairs?|facilitators?)\b\s*(?::|\b(?:were|was|included|including)\b)"),
    (
        "speaker",
        r"\b(?:keynote\s+)?(?:speakers?|panell?ists?|presenters?|discussants?|participants)\b\s*(?::|\b(?:included|including|were|was|such\s+as|like|from)\b|(?=(?:H\.\s?E\.|Dr|Prof|Mrs?|Ms|Mx)\b))"
        r"|\bfeatur(?:ed|ing)\b|\b(?:remarks|presentations?|keynote(?:\s+address)?)\s+(?:were\s+|was\s+)?(?:made\s+|delivered\s+|given\s+)?by\b"
        r"|\bwith\s+(?:the\s+)?participation\s+of\b|\bbrought\s+together\b|\b(?:was\s+)?joined\s+by\b|\bheard\s+(?:from|presentations?\s+(?:by|from))\b|\bpanel\s+(?:comprised|consisted\s+of|of)\b",
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


# ----------------------------------------------------------------------------- who speaks: verbs, roles and names

# Finite verbs by which prose reports what someone said ("X said", "said X", "X, Title, stressed").
SPEECH_VERBS = (
    r"(?:said|says|stated|stressed|noted|highlighted|emphasi[sz]ed|underlined|underscored|pointed\s+out|observed|warned|urged|recalled|explained"
    r"|added|continued|argued|called\s+(?:for|on|upon)|cautioned|reiterated|described|welcomed|thanked|expressed|shared|presented|asked|acknowledged"
    r"|affirmed|reaffirmed|agreed|insisted|declared|suggested|proposed|recommended|outlined|announced|reported|opened|closed|concluded|introduced"
    r"|delivered|told|spotlighted|echoed|lamented|regretted|commended|praised|encouraged|invited|drew\s+attention|spoke|addressed|maintained"
    r"|contended|voiced|questioned|remarked|replied|responded|appealed|hailed|cited|listed|detailed|applauded|recogni[sz]ed"
    r"|pointed\s+to|referred\s+to|turned\s+to|spoke\s+(?:of|about)|focused\s+on|reflected\s+on|made\s+(?:an?\s+)?(?:urgent\s+|strong\s+|passionate\s+)?(?:call|appeal|plea|case)|put\s+forward|laid\s+out|set\s+out|painted|briefed|gave|offered|showcased|challenged|reminded|assured|vowed|pledged|conveyed|informed|issued)"
)
SPEECH_VERB = re.compile(rf"(?<![\w-]){SPEECH_VERBS}(?![\w-])", re.IGNORECASE)
# "she said", "he added", "she continued", "said he": the previous speaker goes on.
PRONOUN_SPEECH = re.compile(rf"(?<![\w-])(?:(?P<pronoun>[Ss]he|[Hh]e)\s+(?:also\s+|further\s+|then\s+|later\s+|again\s+)?{SPEECH_VERBS}|{SPEECH_VERBS}\s+(?P<pronoun_after>she|he))(?![\w-])")

# Words that head a title ("President of ...", "Minister for ...", "Permanent Representative of ...").
ROLE_WORDS = frozenset(
    """president vice-president prime minister permanent ministers deputy ambassador representative representatives secretary secretary-general
    under-secretary-general assistant director director-general executive chief head chair chairs chairperson chairman chairwoman co-chair
    co-chairs vice-chair envoy adviser advisor officer administrator commissioner coordinator founder co-founder ceo cfo coo cto manager professor
    researcher fellow economist delegate delegates mayor governor senator member members rapporteur expert specialist lead partner principal advocate
    activist student associate editor journalist correspondent dean rector lecturer chancellor vice-chancellor counsellor counselor attaché
    attache chargé charge observer spokesperson analyst consultant scientist engineer convener convenor organizer organiser facilitator moderator
    panelist panellist leader trustee treasurer queen king prince princess emir sheikh parliamentarian mp senior junior general ombudsperson
    judge justice officer-in-charge president-elect chef vice premier sherpa superintendent commander pastor bishop imam rabbi""".split()
)
# Words that make a run of capitalised words an organisation, a place or a sentence opener, not a person.
NOT_NAME_WORDS = ROLE_WORDS | frozenset(
    """group union organization organisation bank fund council forum ministry department office university institute institution foundation
    association federation confederation network alliance coalition mission programme program agency commission committee secretariat centre
    center company corporation inc ltd llc international global national united nations major government governments republic kingdom states
    partnership partnerships initiative platform movement society chamber summit agenda goals goal development sustainable economic social affairs
    assembly conference segment session sessions children business industry labour labor trade health world board panel division bureau team unit
    capital partners technologies technology solutions services systems consulting holdings media news radio television school college academy
    hospital church party parliament senate court authority administration embassy consulate charter declaration framework report strategy
    plan action facility mechanism compact accord agreement convention protocol day week year decade africa african asia asian europe european
    america american americas caribbean pacific arab latin north south east west central western eastern northern southern sub-saharan middle
    island islands city town province state region regional local federal municipal ocean sea the a an this that these those in on at for with
    as by from to of and or also moreover however furthermore meanwhile speaking opening closing welcoming describing noting stressing recalling
    pointing highlighting turning echoing emphasizing emphasising underscoring addressing responding introducing drawing concluding according
    many some several other others all both each every participants speakers panellists panelists ministers it he she they we i you our their his
    her its mr mrs ms dr prof excellency sir madam youth women girls men boys people persons indigenous peoples civil science innovation
    education employers workers unions major covid-19 covid january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday un undp desa ecosoc hlpf sdg sdgs ilo oecd unesco unicef who wto imf
    new york geneva headquarters room chamber hall statement statements remarks message video keynote address discussion dialogue round table
    roundtable interactive opening closing welcome introduction background objectives questions programme note press release climate change
    event events debate building""".split()
)
# Lower-case words inside a name ("Kitty van der Heijden", "Alya bint Ahmed"), for the checks here and the speakers' name pattern.
NAME_PARTICLES = frozenset("de da das do dos del della di du la le van von der den bin bint binti ibn al el y e ter ben abu".split())
# Role words that are also surnames ("Inga Rhonda King", "Mary Dean"): a name's last word may be one.
_SURNAME_ROLE_WORDS = frozenset("king prince dean judge bishop pastor chancellor rector marshal".split())
# "al-Thani", "el-Sisi", "bin-Talal": a particle joined to a capitalised name.
_PARTICLE_JOINED = re.compile(r"^(?:al|el|ad|ash|as|at|az|ibn|bin|ben|abu|da|de|di|du|van|von|d|l)['’-][^\W\d_]", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’]*\.?|[^\W\d_]\.)(?:-[^\W\d_][\w'’]*\.?)*$")


def is_person_name(text: str) -> bool:
    """Whether ``text`` reads as a person's name: two to six capitalised words (particles such as
    "van der" allowed), none of them a role, organisation, place or sentence word.

    >>> [is_person_name(t) for t in ("Oh Joon", "Gilbert F. Houngbo", "Kitty van der Heijden", "SHAMMA AL MAZRUI", "Liu Zhenmin", "Inga Rhonda King", "Alya Ahmed Saif al-Thani")]
    [True, True, True, True, True, True, True]
    >>> [is_person_name(t) for t in ("United Nations", "UN DESA", "The Council", "Business and Industry Major Group", "Amina", "Deputy Secretary-General")]
    [False, False, False, False, False, False]
    """
    words = normalize_for_matching(text).split()
    main_words = [word for word in words if word.lower() not in NAME_PARTICLES or word[:1].isupper() and word.lower() in ("al", "el", "bin", "abu", "ben")]
    if not 2 <= len(main_words) <= 6 or words[0].lower() in NAME_PARTICLES and not words[0][:1].isupper():
        return False
    for position, word in enumerate(words):
        if word.lower() in NAME_PARTICLES:
            continue
        if not _NAME_TOKEN.match(word) or not (word[:1].isupper() or _PARTICLE_JOINED.match(word)):
            return False
        bare = word.strip(".'’").lower()
        if position == len(words) - 1 and position > 0 and bare in _SURNAME_ROLE_WORDS and words[0].strip(".'’").lower() not in NOT_NAME_WORDS:
            continue
        if bare in NOT_NAME_WORDS or any(part in NOT_NAME_WORDS for part in bare.split("-") if len(part) > 2 and part not in ("al", "el")):
            return False
    # An acronym pair ("UN DESA") is an organisation; a name in capitals has a word of four letters or more.
    return not all(word.isupper() and len(word.strip(".")) <= 4 for word in main_words)


# ----------------------------------------------------------------------------- lines of a speakers list

# What a programme adds after a name that is not the person's title or organisation.
_NAME_REMARK = re.compile(
    r"\s*\((?:by\s+)?(?:video(?:\s+message|\s+statement)?|pre-?recorded(?:\s+(?:video\s+)?message)?|virtual(?:ly)?|online|remote(?:ly)?|in\s+person|tbc|tbd|to\s+be\s+confirmed|invited|confirmed|via\s+video(?:\s*link)?)\)",
    re.IGNORECASE,
)
_ENTRY_CLAUSE = re.compile(r"\b(?:said|says|stated|will|would|is|are|was|were|has|have|had|can|should|must|noted|stressed|called|urged|thanked|welcomed)\b")
_MAX_ENTRY_WORDS = 45


def strip_name_remarks(text: str) -> str:
    """A list line without "(video message)", "(virtual)", "(TBC)" and the like.

    >>> strip_name_remarks("H.E. Ms Ergogie Tesfaye (video message)")
    'H.E. Ms Ergogie Tesfaye'
    """
    return _NAME_REMARK.sub("", text).strip()


def split_name_from_title(text: str) -> tuple[str, str] | None:
    """A name that runs into its title, as PDF lines joined into one paragraph give it: "Olga Algayerova Executive
    Secretary" is ("Olga Algayerova", "Executive Secretary"); None when no name comes first.

    >>> split_name_from_title("Olga Algayerova Executive Secretary"), split_name_from_title("Inga Rhonda King")
    (('Olga Algayerova', 'Executive Secretary'), None)
    """
    if is_person_name(text):
        return None
    words = text.split()
    for end in range(len(words) - 1, 1, -1):
        first_of_title = words[end].strip(".,'’").lower()
        if words[end][:1].isupper() and (first_of_title in ROLE_WORDS or first_of_title.split("-")[0] in ROLE_WORDS) and is_person_name(" ".join(words[:end])):
            return " ".join(words[:end]), " ".join(words[end:])
    return None


def split_person_entry(text: str) -> tuple[str, str, str] | None:
    """A line of a speakers list as (honorific, name, rest): "H.E. Ms Name, Title, Country", "Name (video message)", "Name";
    None when the line is not one (a sentence, a question, no name first).

    >>> split_person_entry("H.E. Ms Nguyen Thi Ha (video message)")
    ('H.E. Ms', 'Nguyen Thi Ha', '')
    >>> split_person_entry("Sigrún Rawet, Deputy Director, SIPRI")
    ('', 'Sigrún Rawet', 'Deputy Director, SIPRI')
    >>> split_person_entry("What are your top three recommendations for action?") is None
    True
    """
    normalized = strip_name_remarks(normalize_for_matching(text).strip())
    if not normalized or len(normalized.split()) > _MAX_ENTRY_WORDS or normalized.endswith("?") or _ENTRY_CLAUSE.search(normalized):
        return None
    honorific = _HONORIFIC.match(normalized)
    rest = normalized[honorific.end() :] if honorific else normalized
    name_end = min((index for index in (rest.find(","), rest.find("("), rest.find(";")) if index >= 0), default=len(rest))
    name = rest[:name_end].strip().rstrip(".")
    if not is_person_name(name):
        split = split_name_from_title(name)
        if split is None:
            return None
        return (honorific.group().strip() if honorific else "", split[0], (split[1] + rest[name_end:]).strip(" ,;"))
    return (honorific.group().strip() if honorific else "", name, rest[name_end:].strip(" ,;"))
