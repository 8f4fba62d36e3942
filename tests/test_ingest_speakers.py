"""ingest.cues, ingest.groups, ingest.people and ingest.speakers on tiny texts: names, people in prose and lists, groups with reasons, who said what."""

import pytest

from helpers.data import paths
from helpers.data.loading import load_countries, load_stakeholders
from helpers.data.patterns import GroupFinder
from helpers.ingest.cues import is_person_name, split_person_entry
from helpers.ingest.groups import CountryNames, GroupPlacer, Placement
from helpers.ingest.people import OrganisationNames, read_named_people
from helpers.ingest.speakers import SpeakerFinder, attribute_statements, find_prose_speakers

STAKEHOLDERS = load_stakeholders(paths.DATA_DIR)
ORGANISATIONS = OrganisationNames(STAKEHOLDERS)
COUNTRIES = CountryNames(load_countries(paths.DATA_DIR))
PLACER = GroupPlacer(GroupFinder(STAKEHOLDERS), COUNTRIES, ORGANISATIONS)


def _speakers(text: str) -> list[tuple]:
    return [(s.name, s.title, s.organisation, s.role) for s in find_prose_speakers(text, ORGANISATIONS, COUNTRIES)]


@pytest.mark.parametrize("name", ["Oh Joon", "Amina J. Mohammed", "Kitty van der Heijden", "MARIE CHATARDOVA", "Abdulaziz bin Nasser Al-Khalifa", "Cynthia Samuel\u2011Olonjuwon"])
def test_names_of_people(name):
    assert is_person_name(name)


@pytest.mark.parametrize("text", ["United Nations", "UN DESA", "Member States", "Republic of Korea Mission", "Business and Industry Major Group", "The Council", "Deputy Secretary-General", "Amina"])
def test_not_names_of_people(text):
    assert not is_person_name(text)


def test_name_with_country_in_parentheses_and_title():
    assert _speakers("Oh Joon (Republic of Korea), President of the Economic and Social Council, said partnerships matter.") == [
        ("Oh Joon", "President of the Economic and Social Council", "Republic of Korea", "speaker")
    ]


def test_said_before_the_name_and_title():
    assert _speakers("Data must be shared, said David Nabarro, Special Adviser of the Secretary-General on the 2030 Agenda.") == [
        ("David Nabarro", "Special Adviser of the Secretary-General on the 2030 Agenda", None, "speaker")
    ]


def test_name_title_and_an_inserted_clause_before_the_verb():
    assert _speakers("Amina Mohammed, Deputy Secretary-General, in a pre-recorded message, also underscored the stakes.") == [("Amina Mohammed", "Deputy Secretary-General", None, "speaker")]


def test_title_before_the_name_in_running_text():
    text = "The Permanent Representative of Latvia to the United Nations, Andrejs Pildegovi\u010ds, and the Deputy Permanent Representative of Indonesia, Mohammad Koba, co-chaired the forum."
    assert _speakers(text) == [
        ("Andrejs Pildegovi\u010ds", "Permanent Representative of Latvia to the United Nations", None, "moderator"),
        ("Mohammad Koba", "Deputy Permanent Representative of Indonesia", None, "moderator"),
    ]


def test_title_words_before_a_name_and_its_verb():
    assert _speakers("United Nations Secretary-General Ant\u00f3nio Guterres echoed those concerns.") == [("Ant\u00f3nio Guterres", "United Nations Secretary-General", None, "speaker")]


def test_a_delegation_that_speaks_unnamed():
    assert _speakers("Speaking for the Group of 77, the representative of Cuba said debt must be eased.") == [(None, "representative", "Cuba", "speaker")]


def test_people_named_with_a_title_take_part_without_speaking_and_a_bare_name_is_nobody():
    found = find_prose_speakers("The report by Ms. Jane Roe, Director of Research, was discussed. Nelson Mandela once wrote about it.", ORGANISATIONS, COUNTRIES)
    assert [(s.name, s.title, s.role, s.is_speaking) for s in found] == [("Jane Roe", "Director of Research", "contributor", False)]


def test_people_named_beside_a_title_a_country_or_a_moderating_cue():
    text = "Moderated by Commission Chair Alya Ahmed Saif al-Thani (Qatar), the forum heard Mariam bint Ali bin Nasser al Misnad, Minister for Social Development of Qatar, and Council President Frederick Musiiwa Makamure Shava (Zimbabwe)."
    assert _speakers(text) == [
        ("Alya Ahmed Saif al-Thani", "Commission Chair", "Qatar", "moderator"),
        ("Mariam bint Ali bin Nasser al Misnad", "Minister for Social Development of Qatar", None, "contributor"),
        ("Frederick Musiiwa Makamure Shava", "Council President", "Zimbabwe", "contributor"),
    ]


def test_a_name_after_a_sentence_that_ends_in_a_capitalised_word_is_found():
    text = "The regional forum was held on 6-7 April.  Jane Doe, Deputy Prime Minister and Minister for Foreign Affairs of Ruritania, said participants agreed."
    assert _speakers(text) == [("Jane Doe", "Deputy Prime Minister and Minister for Foreign Affairs of Ruritania", None, "speaker")]


def test_a_list_without_honorifics_gives_one_person_per_name():
    text = "Guy Ryder, Under-Secretary-General for Policy; Gilbert F. Houngbo, Director-General, International Labour Organization (ILO); Kitty van der Heijden, Deputy Executive Director, UNICEF"
    found = read_named_people(text, text, "speaker", 3, ORGANISATIONS)
    assert [(p.name, p.title, p.organisation) for p in found] == [
        ("Guy Ryder", "Under-Secretary-General for Policy", None),
        ("Gilbert F. Houngbo", "Director-General, International Labour Organization", "ILO"),
        ("Kitty van der Heijden", "Deputy Executive Director", "UNICEF"),
    ]


def test_organisations_alone_are_no_people():
    text = "ILO, UNIDO and the Business and Industry Major Group"
    assert read_named_people(text, text, "organiser", 1, ORGANISATIONS) is None


@pytest.mark.parametrize(
    ("organisation", "title", "is_parenthesised", "placement"),
    [
        ("Republic of Korea", None, True, Placement("governments", "country in parentheses: Republic of Korea")),
        ("Republic of Korea", "President of the Economic and Social Council", True, Placement("governments", "a Member State's ambassador presiding a UN organ: President of the Economic and Social Council")),
        ("Panama", "Minister of Foreign Affairs", False, Placement("governments", "title opens with a government role: Minister")),
        ("Panama", "Adviser", False, Placement("governments", "country: Panama")),
        ("Economic and Social Council", "Ambassador for the Economic and Social Council", False, Placement("governments", "title opens with a government role: Ambassador")),
        (None, "Permanent Representative of Latvia to the United Nations", False, Placement("governments", "title opens with a government role: Permanent Representative")),
        (None, "President of Malawi", False, Placement("governments", "title names a government role of Malawi: President of Malawi")),
        ("ILO", "Director-General", False, Placement("un_system", "organisation: ILO")),
        (None, "Deputy Secretary-General of the United Nations", False, Placement("un_system", "title: Deputy Secretary-General")),
        (None, "Secretary-General of the ITUC", False, Placement("workers", "organisation in title: ITUC")),
        ("The Gambia", "Mayor of Banjul", False, Placement("local_authorities", "title: Mayor")),
        (None, "President of the Ghana Federation of Agricultural Producers", False, Placement("farmers", "title: Agricultural Producers")),
        # The regional commissions, their New York office, and the President of the General Assembly written with its acronym.
        ("Economic Commission for Europe (ECE)", "Executive Secretary", False, Placement("un_system", "organisation: Economic Commission for Europe")),
        (None, "Director, Regional Commissions New York Office", False, Placement("un_system", "organisation in title: Regional Commissions New York Office")),
        (None, "Executive Secretary of ESCWA", False, Placement("un_system", "organisation in title: ESCWA")),
        (None, "UN General Assembly (UNGA) President", False, Placement("governments", "a Member State's ambassador presiding a UN organ: General Assembly (UNGA) President")),
        # A country after an organisation says where, not whom for; a mayor speaks for a city whatever body the title names.
        ("Ghana", "Secretary General, Trades Union Congress", False, Placement("workers", "title: Trades Union")),
        ("Zambia", "Executive Director, ENERGIA", False, None),
        ("Chile", "Undersecretary of Labour and Social Security", False, Placement("governments", "title opens with a government role: Undersecretary")),
        ("Poland", "Chair of the European Union's Commission for Environment and Mayor of Warsaw", False, Placement("local_authorities", "title: Mayor")),
    ],
)
def test_groups_come_with_their_reason(organisation, title, is_parenthesised, placement):
    assert PLACER.place(organisation, title, is_parenthesised) == placement


def test_nothing_to_place_by_stays_unknown():
    assert PLACER.place("Friends of Decent Work", "Chief Executive") is None


PARTICIPANTS = [
    {"name": "Liu Zhenmin", "organisation": None},
    {"name": "Jayathma Wickramanayake", "organisation": None},
    {"name": None, "organisation": "Cuba"},
]


def _statement(number: int, text: str, section: int = 1, **extra) -> dict:
    return {"id": f"s{section}-{number:06x}", "section": section, "text": text, **extra}


def test_who_said_what_by_name_surname_pronoun_and_never_invented():
    statements = [
        _statement(1, "Liu Zhenmin, Under-Secretary-General, said the Forum mattered."),
        _statement(2, "Skills must match jobs, he stressed."),
        _statement(3, "Young people could drive change, Mr. Liu added."),
        _statement(4, "Jayathma Wickramanayake urged delegates to act."),
        _statement(5, "The Forum heard many proposals."),
        _statement(6, "She also called for protection of activists."),
        _statement(7, "The representative of Cuba said debt must be eased."),
        _statement(8, "What should change?", is_question=True),
        _statement(9, "He added that time is short.", section=2),
    ]
    attributions = attribute_statements(statements, SpeakerFinder(PARTICIPANTS), {})
    assert [(a.speaker, a.how) if a else None for a in attributions] == [
        ("Liu Zhenmin", "named"),
        ("Liu Zhenmin", "pronoun"),
        ("Liu Zhenmin", "named"),
        ("Jayathma Wickramanayake", "named"),
        None,  # nobody named: unattributed
        None,  # "she" after an unattributed statement: not carried over
        ("Cuba", "named"),
        None,  # a guiding question
        None,  # a new section: the previous speaker does not carry over
    ]


def test_a_speakers_list_line_with_its_name_run_into_its_title_as_a_pdf_joins_them():
    assert split_person_entry("Ms. Olga Algayerova Executive Secretary, Economic Commission for Europe (ECE)") == ("Ms.", "Olga Algayerova", "Executive Secretary, Economic Commission for Europe (ECE)")
    assert split_person_entry("H.E. Ms Nezha Hayat (video message)") == ("H.E. Ms", "Nezha Hayat", "")
    assert split_person_entry("Which partnerships worked, and why?") is None


def test_titles_before_names_end_where_a_name_begins_and_appositions_where_the_sentence_goes_on():
    text = "The dialogue brought together Deputy Secretary-General Amina Mohammed and Jayathma Wickramanayake, the Envoy on Youth. In addressing the Forum, Li Junhua, UN Under-Secretary-General for Economic and Social Affairs stressed the need to act."
    assert _speakers(text) == [
        ("Amina Mohammed", "Deputy Secretary-General", None, "contributor"),
        ("Jayathma Wickramanayake", "Envoy on Youth", None, "contributor"),
        ("Li Junhua", "UN Under-Secretary-General for Economic and Social Affairs", None, "speaker"),
    ]


def test_a_country_and_a_name_inside_an_organisation_are_no_people():
    text = "5. The Minister of Education of Sierra Leone, David Moinina Sengeh, said enrolment rose. The President of ECOSOC Paula Narv\u00e1ez, who stressed it, met with the Economic and Social Council."
    assert [name for name, *_ in _speakers(text)] == ["David Moinina Sengeh", "Paula Narv\u00e1ez"]
