"""ingest.metadata on tiny texts: symbols, stated dates, forums, SDGs and page boilerplate; and the forum and country lists as data."""

from pathlib import Path

import pytest

from helpers.data import paths
from helpers.data.errors import DataError
from helpers.data.loading import load_countries, load_forums
from helpers.data.model import Forum
from helpers.ingest.metadata import ForumNames, find_dates, find_forum, find_sdgs, find_stated_date, find_symbol, is_boilerplate, is_symbol_line

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
    ],
)
def test_sdgs_in_every_way_records_write_them(text, sdgs):
    assert find_sdgs([text]) == sdgs


@pytest.mark.parametrize("line", ["Skip to main content", "[Skip to main content](#main)", "In progress at UNHQ", "Meetings Coverage and Press Releases", "For information media. Not an official record.", "Distr.: General", "12"])
def test_page_furniture_is_boilerplate(line):
    assert is_boilerplate(line)


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
