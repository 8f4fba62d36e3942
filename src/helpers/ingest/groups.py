"""A participant's stakeholder group, from its country, organisation or title, with the reason the review list shows.

Decisions, applied the same way everywhere:

- a country in parentheses ("Oh Joon (Republic of Korea)"), a country as the organisation
  ("Minister of Foreign Affairs, Panama"), "the representative of <Member State>", a minister,
  ambassador or permanent representative: governments;
- a President or Vice-President of the Economic and Social Council, the General Assembly or the
  Security Council is a Member State's ambassador presiding a UN organ: governments, as DOMAIN.md
  counts them with ministers and ambassadors (the organ itself, named as an organisation, stays
  un_system);
- otherwise the organisation, then the title, through the stakeholder data (``stakeholders.yaml``);
  a mayor stays a local authority even when a country is named after the title;
- nothing matched: no group (``unknown``), never guessed.
"""

import regex as re
from dataclasses import dataclass

from helpers.data.model import Country
from helpers.data.patterns import GroupFinder
from helpers.data.text import fold_whitespace, normalize_for_matching


GOVERNMENTS = "governments"
LOCAL_AUTHORITIES = "local_authorities"

_UN_ORGAN = r"(?:Economic\s+and\s+Social\s+Council|ECOSOC|General\s+Assembly|Security\s+Council|Trusteeship\s+Council|Council)"
_PRESIDES_UN_ORGAN = re.compile(
    rf"\b(?:(?:Vice-)?President\s+of\s+(?:the\s+)?(?:\w+\s+session\s+of\s+the\s+)?(?:(?:United\s+Nations|UN)\s+)?{_UN_ORGAN}|(?:ECOSOC|Council|General\s+Assembly)(?:\s*\([A-Z]{{2,6}}\))?\s+(?:Vice-)?President)\b(?!\s+of\s+(?!the\b))",
    re.IGNORECASE,
)
_GOVERNMENT_ROLE_REASON = "title opens with a government role: "
_GOVERNMENT_TITLE = re.compile(
    r"^(?:the\s+)?(?P<role>(?:(?:deputy|alternate|vice)[\s-]+)?(?:prime\s+minister|minister|ambassador|permanent\s+representative|chargé\s+d'affaires|secretary\s+of\s+state|state\s+secretary|under[\s-]?secretary(?![\s-]general)))\b",
    re.IGNORECASE,
)
# Roles that speak for the government of the country named after them.
_GOVERNMENT_ROLE = re.compile(
    r"\b(?:minister|ministry|ambassador|(?:permanent\s+|deputy\s+permanent\s+|alternate\s+)?representative|delegate|delegation|mission|president|prime\s+minister|"
    r"head\s+of\s+(?:state|government)|secretary\s+of\s+state|state\s+secretary|chargé|charge|government|vice-president|king|queen|emir)\b",
    re.IGNORECASE,
)


_MAYOR = re.compile(r"\b(?:deputy\s+)?mayor\b|\bgovernor\s+of\s+the\s+(?:state|province|region)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Placement:
    """A participant's group and why: ``reason`` names the words it came from."""

    group: str
    reason: str


class CountryNames:
    """UN Member States and observers, found as whole words, case-sensitively ("Chad", not "chad")."""

    def __init__(self, countries: tuple[Country, ...]):
        self.by_name = {}
        patterns = []
        for country in countries:
            for name in country.names:
                self.by_name[fold_whitespace(normalize_for_matching(name))] = country
                patterns.append(r"\s+".join(re.escape(word) for word in normalize_for_matching(name).split()))
        patterns.sort(key=len, reverse=True)  # "Republic of Korea" before "Korea"
        self.pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(patterns)})(?![\w-])")

    def match_whole(self, text: str | None) -> Country | None:
        """The country ``text`` is, allowing "the", "Government of" or "Permanent Mission of" before it.

        >>> from helpers.data.model import Country
        >>> names = CountryNames((Country("Republic of Korea", "member_state", ("Korea",)), Country("Gambia", "member_state")))
        >>> names.match_whole("Republic of Korea").name, names.match_whole("The Gambia").name, names.match_whole("University of Korea")
        ('Republic of Korea', 'Gambia', None)
        """
        if not text:
            return None
        normalized = fold_whitespace(normalize_for_matching(text))
        normalized = re.sub(r"^(?:the\s+)?(?:(?:Government|Permanent\s+Mission|Delegation)\s+of\s+)?(?:the\s+)?", "", normalized, flags=re.IGNORECASE)
        return self.by_name.get(normalized)

    def find(self, text: str) -> tuple[Country, str] | None:
        """The first country named in ``text``, and the words naming it."""
        match = self.pattern.search(normalize_for_matching(text))
        if not match:
            return None
        return self.by_name[fold_whitespace(match.group())], text[match.start() : match.end()]


class GroupPlacer:
    """Places participants in stakeholder groups by the decisions of this module's docstring."""

    def __init__(self, finder: GroupFinder, countries: CountryNames, organisation_patterns):
        self.finder = finder
        self.countries = countries
        self.organisation_patterns = organisation_patterns  # exact organisation names of the stakeholder data

    def _known_organisation(self, text: str) -> Placement | None:
        """A group from an organisation name of the stakeholder data written in ``text``."""
        for start, end in self.organisation_patterns.find_spans(normalize_for_matching(text)):
            group = self.finder.classify_organisation(text[start:end])
            if group:
                return Placement(group, text[start:end])
        return None

    def place(self, organisation: str | None, title: str | None, is_parenthesised: bool = False) -> Placement | None:
        """The group of a participant with this organisation and title, or None when nothing places it.

        >>> from helpers.data.model import Stakeholders, StakeholderGroup, Country
        >>> from helpers.ingest.people import OrganisationNames
        >>> groups = Stakeholders("1", (StakeholderGroup("governments", "G", "", (r"\\bminister\\b",), ()), StakeholderGroup("un_system", "U", "", (), ("ILO",))))
        >>> placer = GroupPlacer(GroupFinder(groups), CountryNames((Country("Republic of Korea", "member_state"),)), OrganisationNames(groups))
        >>> placer.place("Republic of Korea", "President of the Economic and Social Council", is_parenthesised=True)
        Placement(group='governments', reason="a Member State's ambassador presiding a UN organ: President of the Economic and Social Council")
        >>> placer.place("Republic of Korea", None, is_parenthesised=True)
        Placement(group='governments', reason='country in parentheses: Republic of Korea')
        >>> placer.place(None, "Director of the ILO Office"), placer.place(None, "Minister of Labour")
        (Placement(group='un_system', reason='organisation in title: ILO'), Placement(group='governments', reason='title opens with a government role: Minister'))
        """
        for text in (title, organisation, f"{title} of the {organisation}" if title and organisation else None):
            presiding = _PRESIDES_UN_ORGAN.search(normalize_for_matching(text or ""))
            if presiding:
                return Placement(GOVERNMENTS, "a Member State's ambassador presiding a UN organ: " + fold_whitespace(text[presiding.start() : presiding.end()]))
        if title and _MAYOR.search(normalize_for_matching(title)):
            # "Chair of the EU's Commission for Environment and Mayor of Warsaw": a city's mayor speaks for the city.
            return Placement(LOCAL_AUTHORITIES, "title: " + fold_whitespace(_MAYOR.search(normalize_for_matching(title)).group()))
        title_placement = self._place_title(title) if title else None
        if title_placement and title_placement.reason.startswith(_GOVERNMENT_ROLE_REASON):
            return title_placement
        if organisation:
            country = self.countries.match_whole(organisation)
            if country and not is_parenthesised and title:
                # "Secretary General, Trades Union Congress, Ghana": the country says where, the title whom for.
                if title_placement:
                    return title_placement
                if _names_an_organisation(title):
                    return None
            if country:
                if title_placement and title_placement.group == LOCAL_AUTHORITIES:
                    return title_placement
                where = "country in parentheses" if is_parenthesised else "country"
                return Placement(GOVERNMENTS, f"{where}: {fold_whitespace(organisation)}")
            placement = self._place_by_names(organisation, "organisation", "organisation")
            if placement:
                return placement
        return title_placement

    def _place_by_names(self, text: str, where_known: str, where_words: str) -> Placement | None:
        """A group from an organisation name of the stakeholder data in ``text``, else from a group's words."""
        known = self._known_organisation(text)
        if known:
            return Placement(known.group, f"{where_known}: {known.reason}")
        found = self.finder.classify_with_evidence(text)
        return Placement(found[0], f"{where_words}: {fold_whitespace(found[1])}") if found else None

    def _place_title(self, title: str) -> Placement | None:
        """A group from a title: a government role it opens with, an organisation named in it, a group's words, or a government role of a country."""
        role = _GOVERNMENT_TITLE.match(normalize_for_matching(title))
        if role:
            # "Ambassador for the Economic and Social Council of the United Kingdom": the organ named is where they serve, not whom.
            return Placement(GOVERNMENTS, f"{_GOVERNMENT_ROLE_REASON}{fold_whitespace(title[role.start('role') : role.end('role')])}")
        placement = self._place_by_names(title, "organisation in title", "title")
        if placement:
            return placement
        country = self.countries.find(title)
        # The country must close the title ("Minister of Labour of Kenya", "... of Latvia to the United Nations"),
        # not open an organisation's name ("President of the Ghana Federation of ...").
        after = normalize_for_matching(title)[title.find(country[1]) + len(country[1]) :] if country else ""
        role = _GOVERNMENT_ROLE.search(normalize_for_matching(title))
        is_former = role is not None and re.search(r"\b(?:former|ex-)\s*$", normalize_for_matching(title)[: role.start()])
        if country and role and not is_former and not re.match(r"\s+\p{Lu}", after):
            return Placement(GOVERNMENTS, f"title names a government role of {country[1]}: {fold_whitespace(title)}")
        return None


# "..., Executive Director of the West African Water Partnership, a non-governmental organization, said": what the
# record says the holder's organisation is, in an apposition right after the title.
_DESCRIBED_AS = re.compile(r"\s*,\s*(?P<what>(?:a|an)\s+[^,.;:()\"“”]{3,80}?)(?=\s*(?:[,.;:)]|$|\s+(?:working|based|active|that|which|who|with|in|from)\b))", re.IGNORECASE)


def place_by_description(finder, title: str, text: str) -> Placement | None:
    """A group from what ``text`` says a title's organisation is, right after the title, when the words name one group only.

    >>> from helpers.data.model import Stakeholders, StakeholderGroup
    >>> from helpers.data.patterns import GroupFinder
    >>> finder = GroupFinder(Stakeholders("1", (StakeholderGroup("civil_society", "C", "", (r"\\bnon-?governmental\\s+organi[sz]ations?\\b",), ()),)))
    >>> place_by_description(finder, "Director of Mothers First", "Ms. Achieng, Director of Mothers First, a non-governmental organization working in Kenya, said so.")
    Placement(group='civil_society', reason='described as a non-governmental organization')
    >>> place_by_description(finder, "Director of Mothers First", "Ms. Achieng, Director of Mothers First, a mother of three, said so.") is None
    True
    """
    words = normalize_for_matching(title).split()
    if not words:
        return None
    normalized = normalize_for_matching(text)
    for found in re.finditer(r"\s+".join(re.escape(word) for word in words), normalized):
        described = _DESCRIBED_AS.match(normalized, found.end())
        placed = finder.classify_unambiguously(described.group("what")) if described else None
        if placed:
            return Placement(placed[0], f"described as {fold_whitespace(described.group('what'))}")
    return None


def _names_an_organisation(title: str) -> bool:
    """Whether a title names where its holder works, beside the role: "Executive Director, ENERGIA", "Chair of Alliance 8.7".

    >>> _names_an_organisation("Executive Director, ENERGIA"), _names_an_organisation("Undersecretary of Labour and Social Security")
    (True, False)
    """
    parts = [part.strip() for part in normalize_for_matching(title).split(",")]
    return any(part[:1].isupper() and not re.match(r"(?i)(?:deputy\s+|senior\s+|chief\s+|executive\s+)?(?:director|head|chief|officer|president|secretary|chair|manager|adviser|advisor|minister|ambassador)\b", part) for part in parts[1:])
