"""ingest.metadata on tiny texts: symbols, stated dates, forums, SDGs and page boilerplate; and the forum and country lists as data."""

from pathlib import Path

import pytest

from helpers.data import paths
from helpers.data.errors import DataError
from helpers.data.loading import load_countries, load_forums
from helpers.data.model import Forum
from helpers.ingest.metadata import ForumNames, find_dates, find_forum, find_host_forum, find_related_goals, find_sdgs, find_stated_date, find_symbol, is_boilerplate, is_furniture_line, is_symbol_line

FORUMS = ForumNames(
    (
        Forum("ECOSOC Youth Forum", "forum", ("ECOSOC Youth Forum", "Youth Forum")),
        Forum("High-level Political Forum on Sustainable Development", "forum", ("HLPF", "high-level political forum")),
        Forum("Economic and Social Council", "organ", ("ECOSOC", "Economic and Social Council")),
    )
)


@pytest.mark.parametrize(
    ("line", "symbol"),
    [("ECOSOC/6746", "ECOSOC/6746"), ("E/HLPF/2019/8", "E/HLPF/2019/8"), ("A/78/80-E/2023/64", "A/78/80"), ("ENV/DEV/2039", "ENV/DEV/2039"), ("2023 Session, 4th Meeting (AM)", None), ("SDG 8/17", None)],
)
def test_symbols_of_press_releases_and_official_documents(line, symbol):
    assert find_symbol(line) == symbol


def test_a_symbol_line_is_only_a_symbol():
    assert (is_symbol_line("ECOSOC/7111"), is_symbol_line("E/HLPF/2021/6 Distr.: General"), is_symbol_line("The Council took up E/2023/L.2 today.")) == (True, True, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 4 and 5 May 2021", [(3, "2021-05-04", "4 and 5 May 2021")]),
        ("from 9 to 18 July 2019", [(5, "2019-07-09", "9 to 18 July 2019")]),
        ("9\u201318 July 2019", [(0, "2019-07-09", "9\u201318 July 2019")]),
        ("31 January and 1 February 2023", [(0, "2023-01-31", "31 January and 1 February 2023")]),
        ("Tuesday, 11 July 2023, 10:00 AM", [(9, "2023-07-11", "11 July 2023")]),
        ("Thu 18 Jul 2019, 4.00 pm", [(4, "2019-07-18", "18 Jul 2019")]),
        ("July 3, 2013", [(0, "2013-07-03", "July 3, 2013")]),
        ("31 June 2020 is no day", []),
    ],
)
def test_dates_as_records_write_them_give_the_first_day(text, expected):
    assert find_dates(text) == expected


def test_a_dateline_states_the_date_but_an_issue_date_beside_distr_does_not():
    press = find_stated_date([(1, "16 July 2019"), (2, "2019 Session, 29th & 30th Meetings (AM & PM)")], [])
    assert (press.value, press.stated_as, press.line) == ("2019-07-16", "16 July 2019", 1)
    official = find_stated_date([(1, "Distr.: General"), (2, "9 August 2019"), (3, "Original: English"), (4, "2024 session 27 July 2023-24 July 2024, Agenda item 5")], [(9, "1. The forum was held from 9 to 18 July 2019 in New York.")])
    assert (official.value, official.stated_as, official.line) == ("2019-07-09", "9 to 18 July 2019", 9)


def test_a_date_in_the_opening_counts_only_where_the_session_was_held_then():
    assert find_stated_date([], [(5, "The report will be issued on 3 March 2024.")]) is None
    stated = find_stated_date([], [(5, "Pursuant to resolution 70/1, on 4 and 5 May 2021, the President convened the forum.")])
    assert (stated.value, stated.stated_as) == ("2021-05-04", "4 and 5 May 2021")


def test_a_forum_named_beside_its_organ_wins_and_the_organ_is_the_last_resort():
    assert FORUMS.find("as the Economic and Social Council Youth Forum concluded")[0].name == "ECOSOC Youth Forum"
    assert find_forum([(1, "Economic and Social Council"), (3, "the high-level political forum opened")], FORUMS)[0].name == "High-level Political Forum on Sustainable Development"
    assert find_forum([(1, "Economic and Social Council")], FORUMS)[0].name == "Economic and Social Council"
    assert FORUMS.find("an hlpf side event") is None  # an alias in capitals is matched in capitals only
    assert (FORUMS.coverage("ECOSOC Youth Forum"), FORUMS.coverage("Youth and jobs")) == (1.0, None)


@pytest.mark.parametrize(
    ("text", "sdgs"),
    [
        ("Discussion on SDG 8 - Decent work", [8]),
        ("SDG8 and SDG 17", [8, 17]),
        ("Goals 6 and 7", [6, 7]),
        ("Sustainable Development Goal 8", [8]),
        ("SDGs 3, 5, 8, 14 and 17", [3, 5, 8, 14, 17]),
        ("Goal 1 (no poverty); Goal 2 (zero hunger)", [1, 2]),
        ("the 2030 Agenda and target 8.5", []),
        ("SDG 18", []),
        ("Discussion on SDG 8 - Decent work and economic growth", [8]),
        ("Goals 4 (quality education), 5 (gender equality), 14 (life below water), 15 (life on land) and 17 (partnerships)", [4, 5, 14, 15, 17]),
        ("achieving SDG Target 8.7 by 2025", [8]),
        ("SDG8 targets on youth employment", [8]),
        ("Goals 1 on no poverty, 16 on peace, justice and strong institutions, and 17 on partnerships", [1, 16, 17]),
        ("SDG 4. Quality Education; SDG 5. Gender equality", [4, 5]),
        ("Goal 4: Quality education; Goal 5: Gender equality; and Goal 17: Partnerships", [4, 5, 17]),
        ("SDG #4,5,14,15, and 17", [4, 5, 14, 15, 17]),
        ("Goal 8 on decent work, and 2,000 people came", [8]),
    ],
)
def test_sdgs_in_every_way_records_write_them(text, sdgs):
    assert find_sdgs([text]) == sdgs


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content", "[Skip to main content](#main)", "In progress at UNHQ", "Meetings Coverage and Press Releases", "For information media. Not an official record.",
        "Distr.: General", "12", "Sorry, you need to enable JavaScript to visit this website.", "Documentation", "Info", "Statements Presentations", "Event details", "Register now",
        "December 2022 - You are accessing an archived version of our website. This website is no longer maintained or updated.",
    ],
)
def test_page_furniture_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["Wednesday, 10 July 2019", "Thu 18 Jul 2019, 4.00 pm \u2014 Wed 03 Feb 2021, 4.30 pm", "3:00 PM - 6:00 PM", "Conference Room 4, UNHQ", "Official meeting", "News | 22 July 2019", "2019 Session, 29th & 30th Meetings (AM & PM)", "ECOSOC/7004", "Reception to follow at 7:30 PM"],
)
def test_date_time_room_meeting_and_symbol_lines_are_page_furniture(line):
    assert is_furniture_line(line)


def test_a_headline_that_opens_a_session_is_no_meeting_line():
    assert not is_furniture_line("Opening 2019 Session, Economic and Social Council Elects New President, Adopts Provisional Agenda, Other Organizational Matters")


def test_the_goals_an_event_page_lists_under_related_are_read():
    assert find_related_goals("Events\n\nA meeting on energy\n\nRelated\n\n7\n\n9\n\nBackground\n\nText 12.\n") == [7, 9]


def test_an_event_page_dates_its_event_before_the_forum_it_sits_beside():
    opening = [(2, "The Forum met from 6 to 15 July 2021 in New York."), (3, "The side event, held online on Wednesday 14 July 2021, brought countries together.")]
    assert find_stated_date([], opening).value == "2021-07-06"
    assert find_stated_date([], opening, is_event_page=True).value == "2021-07-14"


def test_a_day_and_month_take_the_year_their_sentence_names():
    stated = find_stated_date([], [(4, "The 2019 ECOSOC Youth Forum was held on 8 and 9 April at Headquarters.")])
    assert (stated.value, stated.stated_as) == ("2019-04-08", "8 and 9 April")
    assert find_stated_date([], [(4, "The forum was held on 8 and 9 April, as in 2018 and 2019.")]) is None


def test_a_date_inside_a_quoted_theme_is_not_the_sessions():
    assert find_stated_date([], [(3, "The Council decided that the theme will be \"looking towards the Geneva Conventions of 12 August 1949\".")]) is None


def test_a_side_event_belongs_to_the_forum_named_beside_it():
    names = ForumNames((*FORUMS.forums, Forum("SDG Summit", "forum", ("SDG Summit",))))
    assert find_host_forum([(1, "Roads to the SDG Summit"), (2, "HLPF 2023 side event \u00b7 12 July 2023")], names)[0].name == "High-level Political Forum on Sustainable Development"
    assert find_host_forum([(1, "A side event on the margins of the HLPF")], names)[0].name == "High-level Political Forum on Sustainable Development"
    assert find_host_forum([(1, "Roads to the SDG Summit")], names) is None


def test_a_headline_is_not_boilerplate():
    assert not is_boilerplate("Youth Forum Closes with Calls for Jobs")


def test_the_project_lists_of_forums_and_countries_load():
    forums, countries = load_forums(paths.DATA_DIR), load_countries(paths.DATA_DIR)
    assert {"ECOSOC Partnership Forum", "High-level Political Forum on Sustainable Development", "STI Forum", "ECOSOC Youth Forum"} <= {f.name for f in forums}
    assert sum(c.status == "member_state" for c in countries) == 193
    assert {"Holy See", "State of Palestine"} <= {c.name for c in countries if c.status == "observer_state"}


def test_a_collection_without_its_own_lists_uses_the_projects(tmp_path):
    assert (paths.forums_file(tmp_path), paths.countries_file(tmp_path)) == (paths.DATA_DIR / "forums.yaml", paths.DATA_DIR / "countries.yaml")


def test_an_alias_given_to_two_forums_is_refused_with_its_line(tmp_path: Path):
    (tmp_path / "forums.yaml").write_text(
        "version: 1.0.0\nforums:\n  - {name: A Forum, kind: forum, aliases: [A Forum, AF]}\n  - {name: B Forum, kind: forum, aliases: [B Forum, AF]}\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_forums(tmp_path)
    assert (caught.value.line, caught.value.field, caught.value.message) == (4, "forums[1]", "'AF' is already a name of forums[0]")


def test_a_country_without_a_status_is_refused(tmp_path: Path):
    (tmp_path / "countries.yaml").write_text("version: 1.0.0\ncountries:\n  - {name: Chad}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_countries(tmp_path)
    assert (caught.value.line, caught.value.field, caught.value.message) == (3, "countries[0].status", "'status' is a required property")
