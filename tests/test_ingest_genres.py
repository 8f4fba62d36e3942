"""ingest.genres on tiny texts, and `briefs ingest` end to end on one record of each kind, written here in the shapes of real UN records.

The records are invented (names of public office holders are real); what anyone "said" is written
for the test.
"""

from pathlib import Path

import pytest

from helpers.data.loading import load_codebook, load_session, load_stakeholders
from helpers.ingest import describe_ingest_report, ingest_summary
from helpers.ingest.genres import is_procedural, read_record
from helpers.ingest.structure import split_into_blocks
from tiny_data import empty_collection

PRESS_RELEASE = """In progress at UNHQ

19 April 2016

2016 Session,
Youth Forum (AM & PM)
ECOSOC/6757

Young People Ask for Seats at the Table, Not Only Invitations, as Economic and Social Council Youth Forum Closes

Envoy Calls on Governments to Budget for Youth Plans They Adopt

Young people came to the Forum with solutions and want budgets to follow, delegates told the Economic and Social Council today as its fifth Youth Forum ended with a look at Goals 4 and 8.

Oh Joon (Republic of Korea), President of the Economic and Social Council, said youth councils should have a formal say in national planning.  Consultation without follow-up only breeds cynicism, he said.

The Council would carry the Forum's messages to the high-level political forum, he added.

Ahmad Alhendawi, the Secretary-General's Envoy on Youth, urged Member States to publish what they spend on young people.

Apprenticeships that lead nowhere are no answer, said Sharan Burrow, General Secretary of the International Trade Union Confederation.

Ms. Burrow also warned against unpaid internships.

The representative of Norway said her Government would double its support to youth-led organizations.

Participants stressed that data on young people remain scarce.

The Council then adopted decision 2016/210 on the dates of its next session.

For information media. Not an official record.
"""

CHAIR_SUMMARY = """# Co-Chairs' summary of the first multi-stakeholder forum on science, technology and innovation

E/HLPF/2016/6

I. Introduction

1. On 6 and 7 June 2016, the President of the Economic and Social Council, Oh Joon, convened the first forum on science, technology and innovation for the Sustainable Development Goals.

2. The forum was co-chaired by the Permanent Representative of Kenya to the United Nations, Macharia Kamau, and the Science and Technology Adviser to the Secretary of State of the United States of America, Vaughan Turekian.

II. Main messages

3. Participants noted that technology gaps between countries are widening.

4. Wu Hongbo, Under-Secretary-General for Economic and Social Affairs, said that the online platform should make existing initiatives easy to find.

5. Young innovators asked for mentoring and seed funding.
"""

SESSION_PAGE = """[Skip to main content](#main)

# SDG 8 and interlinkages with other Goals: decent work for all

**Wednesday, 10 July 2019, 3:00 PM - 6:00 PM, Conference Room 4**

## Background

Labour productivity keeps rising while one in five young people is neither in work nor in education or training.

The session will review progress on Goal 8 and on policies that create decent jobs.

Background note is available here.

## Guiding questions

- Which policies create decent jobs fastest?
- How can social protection reach informal workers?

## Programme

**Chair:** H.E. Mr. Valentin Rybakov, Vice-President of the Economic and Social Council

**Moderator:** Mr. Moussa Oumarou, Deputy Director-General, International Labour Organization

**Panellists:**

- Ms. Fu Xiaolan, Professor, University of Oxford
- Mr. Peter Robinson, President, United States Council for International Business
"""

OFFICIAL_DOCUMENT = """United Nations

E/2019/52

Economic and Social Council

Distr.: General
3 May 2019

Original: English

2019 session, Agenda item 5

Report on the 2019 Youth Forum of the Economic and Social Council

Note by the Secretariat

I. Introduction

1. The Youth Forum was held at United Nations Headquarters on 8 and 9 April 2019.

II. Main messages

2. Participants called for youth councils with real budgets.

3. Jayathma Wickramanayake, the Secretary-General's Envoy on Youth, stressed that young people want to be partners, not beneficiaries.
"""

UNKNOWN = """Notes from the corridor

Jobs were the word of the day, and few disagreed.

Several delegations asked for better data on informal work.
"""


def _data_dir(tmp_path: Path) -> Path:
    return empty_collection(tmp_path / "data")


def _ingest(tmp_path: Path, text: str, name: str = "record.txt"):
    data_dir = _data_dir(tmp_path)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = ingest_summary(path, data_dir)
    stakeholders = load_stakeholders(data_dir)
    session = load_session(data_dir, report.session_id, known_group_ids=stakeholders.group_ids, known_issue_ids=[i.id for i in load_codebook(data_dir).issues])
    return report, session


def _metadata(session) -> tuple:
    return (session.document_kind, session.title, session.forum, session.date, session.date_stated_as, session.symbol, session.sdgs)


def _people(session) -> list[tuple]:
    return [(p.name or p.organisation, p.role, p.group, p.group_reason) for p in session.participants]


def _statements(session) -> list[tuple]:
    return [(s.text.split()[0], s.speaker, s.speaker_group, s.is_question) for s in session.statements]


# ----------------------------------------------------------------------------- kinds and roles on tiny texts


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ECOSOC/7111\n\nA Headline\n\nSpeakers said things today at length.\n", "press_release"),
        ("2023 Session,\nPartnership Forum (AM & PM)\n\nA Headline\n\nSpeakers said things.\n", "press_release"),
        ("# Chair's summary of the forum\n\nI. Introduction\n\n1. The forum met.\n", "chair_summary"),
        ("E/HLPF/2019/8\n\nReport of the forum\n\nI. Introduction\n\n1. The forum met.\n", "official_document"),
        ("# A session\n\n## Background\n\nWhy we meet.\n\n## Guiding questions\n\n- What now?\n", "session_page"),
        ("Forum\n\n1. Key issues\n\n- Skills matter.\n", "summary"),
        ("Notes\n\nA thought.\n", "unknown"),
    ],
)
def test_the_kind_of_a_record(text, kind):
    assert read_record(text).kind == kind


@pytest.mark.parametrize(
    "text",
    ["ECOSOC/6746", "Background note is available here.", "Click here to register", "The meeting adjourned at 6 p.m.", "The Council will next meet on 5 July.", "For information media. Not an official record.", "16 July 2019"],
)
def test_procedural_lines_are_no_statements(text):
    assert is_procedural(text)


def test_a_dateline_in_bold_is_no_heading():
    reading = read_record("# Title\n\n**Tuesday, 11 July 2023, 10:00 AM**\n\n## Background\n\nWhy we meet.\n\n## Speakers\n\n- Ms. Jane Roe, Director, ILO\n")
    assert [section.title for section in reading.sections] == ["Background", "Speakers"]
    assert reading.header == [(3, "**Tuesday, 11 July 2023, 10:00 AM**")]


# ----------------------------------------------------------------------------- end to end, one record of each kind


def test_a_press_release_says_who_said_what(tmp_path):
    report, session = _ingest(tmp_path, PRESS_RELEASE)
    assert _metadata(session) == (
        "press_release",
        "Young People Ask for Seats at the Table, Not Only Invitations, as Economic and Social Council Youth Forum Closes",
        "ECOSOC Youth Forum",
        "2016-04-19",
        "19 April 2016",
        "ECOSOC/6757",
        (4, 8),
    )
    assert _people(session) == [
        ("Oh Joon", "speaker", "governments", "a Member State's ambassador presiding a UN organ: President of the Economic and Social Council"),
        ("Ahmad Alhendawi", "speaker", "un_system", "title: Secretary-General"),
        ("Sharan Burrow", "speaker", "workers", "organisation in title: International Trade Union Confederation"),
        ("Norway", "speaker", "governments", "country: Norway"),
    ]
    assert _statements(session) == [
        ("Young", None, None, False),
        ("Oh", "Oh Joon", "governments", False),
        ("The", "Oh Joon", "governments", False),  # "he added" carries the speaker on
        ("Ahmad", "Ahmad Alhendawi", "un_system", False),
        ("Apprenticeships", "Sharan Burrow", "workers", False),
        ("Ms.", "Sharan Burrow", "workers", False),
        ("The", "Norway", "governments", False),
        ("Participants", None, None, False),
    ]
    assert "statements: 8 (6 attributed to a speaker, 0 to a speaker's group only, 2 unattributed, 0 guiding question(s))" in describe_ingest_report(report).splitlines()


def test_a_chair_summary_names_people_in_running_text(tmp_path):
    _, session = _ingest(tmp_path, CHAIR_SUMMARY, name="sti.md")
    assert _metadata(session) == (
        "chair_summary",
        "Co-Chairs' summary of the first multi-stakeholder forum on science, technology and innovation",
        "STI Forum",
        "2016-06-06",
        "6 and 7 June 2016",
        "E/HLPF/2016/6",
        (),
    )
    assert [(name, role, group) for name, role, group, _ in _people(session)] == [
        ("Oh Joon", "speaker", "governments"),
        ("Macharia Kamau", "moderator", "governments"),
        ("Vaughan Turekian", "moderator", "governments"),
        ("Wu Hongbo", "speaker", "un_system"),
    ]
    # Numbered paragraphs keep their printed number, which analysts cite.
    assert [(s.section, s.text.split()[:2], s.speaker) for s in session.statements] == [(2, ["3.", "Participants"], None), (2, ["4.", "Wu"], "Wu Hongbo"), (2, ["5.", "Young"], None)]


def test_a_session_page_keeps_its_questions_and_reads_its_programme(tmp_path):
    _, session = _ingest(tmp_path, SESSION_PAGE, name="sdg8.md")
    assert _metadata(session) == (
        "session_page",
        "SDG 8 and interlinkages with other Goals: decent work for all",
        "not recorded",
        "2019-07-10",
        "10 July 2019",
        None,
        (8,),
    )
    assert [(name, role, group) for name, role, group, _ in _people(session)] == [
        ("Valentin Rybakov", "moderator", "governments"),
        ("Moussa Oumarou", "moderator", "un_system"),
        ("Fu Xiaolan", "speaker", "education_academia"),
        ("Peter Robinson", "speaker", "private_sector"),
    ]
    assert _statements(session) == [("Labour", None, None, False), ("The", None, None, False), ("Which", None, None, True), ("How", None, None, True)]
    assert [s.id for s in session.positions] == [s.id for s in session.statements[:2]]


def test_an_official_document_with_a_masthead(tmp_path):
    _, session = _ingest(tmp_path, OFFICIAL_DOCUMENT)
    assert _metadata(session) == (
        "official_document",
        "Report on the 2019 Youth Forum of the Economic and Social Council",
        "ECOSOC Youth Forum",
        "2019-04-08",
        "8 and 9 April 2019",
        "E/2019/52",
        (),
    )
    assert _people(session) == [("Jayathma Wickramanayake", "speaker", "un_system", "title: Secretary-General")]
    assert [(s.text.split()[:2], s.speaker) for s in session.statements] == [(["2.", "Participants"], None), (["3.", "Jayathma"], "Jayathma Wickramanayake")]


def test_a_record_of_no_known_kind_still_ingests_and_says_why(tmp_path):
    report, session = _ingest(tmp_path, UNKNOWN)
    assert (session.document_kind, [s.text for s in session.statements]) == (
        "unknown",
        ["Jobs were the word of the day, and few disagreed.", "Several delegations asked for better data on informal work."],
    )
    assert report.review[0].startswith("document kind not recognised (no numbered or titled sections, no press meeting line or symbol")


# ----------------------------------------------------------------------------- shapes of real openings


def _blocks(text: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in split_into_blocks(text)]


def test_a_page_copied_a_paragraph_a_line_is_split_into_its_paragraphs_and_open_lines_go_on():
    text = "ECOSOC\nPartnership\nForum\nThe first paragraph of the page says what the event did.\nThe second one, left open at a comma,\ngoes on here.\nChair:\nH.E. Ms. Jane Roe,\nMinister of Labour"
    assert _blocks(text) == [
        ("paragraph", "ECOSOC Partnership Forum"),
        ("paragraph", "The first paragraph of the page says what the event did."),
        ("paragraph", "The second one, left open at a comma, goes on here."),
        ("paragraph", "Chair:"),
        ("paragraph", "H.E. Ms. Jane Roe, Minister of Labour"),
    ]


def test_a_hard_wrapped_text_keeps_its_paragraphs_whole():
    text = (
        "The forum looked at how partnerships can reach the poorest countries and\n"
        "how data can show progress on the Goals; many speakers asked for more funding\n"
        "for statistical offices in developing countries.\n"
        "A second paragraph starts after a short closing line and continues over\n"
        "two lines of the same width as the others in the text.\n"
    )
    assert [kind for kind, _ in _blocks(text)] == ["paragraph", "paragraph"]


def test_a_short_line_alone_that_names_a_part_of_a_page_is_a_heading():
    assert _blocks("A page\n\nBackground\n\nWhy we meet.\n\nSpeakers\n\n- Ms. Jane Roe, Director, ILO\n")[1:3] == [("heading", "Background"), ("paragraph", "Why we meet.")]


def test_numbered_sections_beside_a_markdown_title_are_headings_unless_they_open_a_list():
    blocks = split_into_blocks("# Forum\n\n1. Background\n\nWhy we met.\n\n2. Key issues\n\n1. Skills\n2. Jobs\n")
    assert [(block.kind, block.heading_number, block.text) for block in blocks] == [
        ("heading", None, "Forum"), ("heading", 1, "Background"), ("paragraph", None, "Why we met."), ("heading", 2, "Key issues"), ("bullet", None, "Skills"), ("bullet", None, "Jobs"),
    ]


def test_a_sub_headline_and_the_meeting_line_symbol_and_dateline_after_a_headline_are_heading_lines():
    text = "# Forum Opens with Calls for Decent Work\n\n## Speakers Stress Social Dialogue, Skills as Technology Changes the World of Work\n\n2019 Session, 29th & 30th Meetings (AM & PM)\n\nECOSOC/7004\n\n16 July 2019\n\nDelegates urged faster action on jobs, as the Council opened its session.\n"
    reading = read_record(text)
    assert (reading.kind, [text for _, text in reading.header]) == (
        "press_release",
        ["Speakers Stress Social Dialogue, Skills as Technology Changes the World of Work", "2019 Session, 29th & 30th Meetings (AM & PM)", "ECOSOC/7004", "16 July 2019"],
    )
    assert [(section.title, [block.role for block in section.blocks]) for section in reading.sections] == [("Meeting coverage", ["statement"])]


def test_numbered_paragraphs_of_a_chair_summary_keep_their_printed_numbers():
    reading = read_record("# Chair's summary of the forum\n\n## I. Introduction\n\n1. The forum met on 4 May 2021.\n\n## II. Messages\n\n2. Skills matter.\n")
    assert [block.text for section in reading.sections for block in section.blocks] == ["1. The forum met on 4 May 2021.", "2. Skills matter."]


EVENT_PAGE = """Sorry, you need to enable JavaScript to visit this website.
Events
Side event: What ten years of youth employment partnerships have taught us (SDG Target 8.6)
Thu 18 Jul 2019, 1.15 pm \u2014 2.30 pm
Conference Room 11, UNHQ
This side event will look at what partnerships for young workers have achieved and what is left to do.
Proposed guiding questions:
Which partnerships created the most decent jobs for young people?
How can young platform workers be covered by social protection
The speakers were as follows:
Ms. Jane Roe (video message)
Minister of Labour and Social Security, Ruritania
Mr. Ken Ito
General Secretary, Federation of Transport Workers
Moderator: Ms. Ana Ruiz, Economic Affairs Officer, Economic Commission for Europe
"""


def test_an_event_page_keeps_its_questions_and_reads_its_speakers_two_lines_a_person():
    reading = read_record(EVENT_PAGE)
    assert (reading.kind, reading.header[-3:]) == ("session_page", [(3, "Side event: What ten years of youth employment partnerships have taught us (SDG Target 8.6)"), (4, "Thu 18 Jul 2019, 1.15 pm \u2014 2.30 pm"), (5, "Conference Room 11, UNHQ")])
    roles = [(block.role, block.text.split()[0]) for section in reading.sections for block in section.blocks]
    assert roles == [
        ("statement", "This"), ("skip", "Proposed"), ("question", "Which"), ("question", "How"), ("skip", "The"),
        ("people", "Ms."), ("people", "Minister"), ("people", "Mr."), ("people", "General"), ("people", "Moderator:"),
    ]


def test_an_event_page_ingests_with_its_title_date_goal_and_people_placed(tmp_path):
    _, session = _ingest(tmp_path, EVENT_PAGE, name="event.txt")
    assert (session.document_kind, session.title, session.date, session.sdgs) == ("session_page", "Side event: What ten years of youth employment partnerships have taught us (SDG Target 8.6)", "2019-07-18", (8,))
    assert [(p.name, p.title, p.organisation, p.role, p.group) for p in session.participants] == [
        ("Jane Roe", "Minister of Labour and Social Security", "Ruritania", "speaker", "governments"),
        ("Ken Ito", "General Secretary", "Federation of Transport Workers", "speaker", "workers"),
        ("Ana Ruiz", "Economic Affairs Officer", "Economic Commission for Europe", "moderator", "un_system"),
    ]
    assert [(s.text.split()[0], s.is_question) for s in session.statements] == [("This", False), ("Which", True), ("How", True)]


def test_the_opening_of_a_co_chairs_summary_ingests_its_introduction_as_statements(tmp_path):
    text = (
        "Sorry, you need to enable JavaScript to visit this website.\n\nMulti-stakeholder forum on science, technology and innovation for the Sustainable Development Goals (STI Forum)\n\n"
        "Co-Chairs' summary of the multi-stakeholder forum on science, technology and innovation for the Sustainable Development Goals\n\nI. Introduction\n\n"
        "1. This summary reflects the discussions of the forum.\n\n2. On 4 and 5 May 2021, the President of the Economic and Social Council, Munir Akram, convened the forum.\n\n"
        "3. The Permanent Representative of Latvia to the United Nations, Andrejs Pildegovi\u010ds, co-chaired the forum with\n"
    )
    report, session = _ingest(tmp_path, text, name="cochairs.txt")
    assert _metadata(session)[:5] == ("chair_summary", "Co-Chairs' summary of the multi-stakeholder forum on science, technology and innovation for the Sustainable Development Goals", "STI Forum", "2021-05-04", "4 and 5 May 2021")
    assert [(s.text.split()[0], s.speaker) for s in session.statements] == [("1.", None), ("2.", None), ("3.", None)]
    assert [(name, role, group) for name, role, group, _ in _people(session)] == [("Munir Akram", "speaker", "governments"), ("Andrejs Pildegovi\u010ds", "moderator", "governments")]
    assert any(item.startswith("no statements outside the background") for item in report.review)


def test_a_press_release_names_the_goals_under_review_after_its_first_quotation(tmp_path):
    text = PRESS_RELEASE.replace(
        "Participants stressed that data on young people remain scarce.",
        "In an afternoon panel, youth delegates spoke to the Goals under the forum's review:  Goals 6 (clean water), 7 (energy) and 17 (partnerships).",
    ).replace("with a look at Goals 4 and 8", "with a look ahead")
    _, session = _ingest(tmp_path, text)
    assert session.sdgs == (6, 7, 17)
    # A Goal someone cites in passing is no Goal under review.
    (tmp_path / "cited").mkdir()
    _, session = _ingest(tmp_path / "cited", text.replace("the Goals under the forum's review:  Goals 6 (clean water), 7 (energy) and 17 (partnerships)", "SDG 6 and the price of water"))
    assert session.sdgs == ()


def test_a_saved_summary_page_whose_heading_names_only_the_forum_takes_the_document_line_as_title(tmp_path):
    page = (
        "<html><head><title>STI Forum | United Nations</title></head><body><nav><a href='/'>Home</a></nav><main>"
        "<h1>Multi-stakeholder forum on science, technology and innovation for the Sustainable Development Goals</h1>"
        "<p>Co-Chairs' summary of the sixth multi-stakeholder forum on science, technology and innovation</p>"
        "<p>I. Introduction</p>"
        "<p>1. The forum met online on 4 and 5 May 2021 and was co-chaired by the Permanent Representative of Kenya, Martin Kimani.</p>"
        "<p>2. Participants asked for open data and for science advice that reaches ministries in time.</p>"
        "</main></body></html>"
    )
    _, session = _ingest(tmp_path, page, name="sti-2021.html")
    assert (session.document_kind, session.title) == ("chair_summary", "Co-Chairs' summary of the sixth multi-stakeholder forum on science, technology and innovation")


def test_an_organisation_the_record_describes_places_its_people_and_says_why(tmp_path):
    text = PRESS_RELEASE.replace(
        "Participants stressed that data on young people remain scarce.",
        "Amara Sesay, Director of the Freetown Water Collective, a non-governmental organization working in three districts, said that young people repair pumps when they are paid to.\n\n"
        "Lena Brandt, Head of Partnerships at Nordlys Solar, a start-up, said that young engineers need their first contracts.\n\n"
        "Tomas Eriksen, Director of the Riverbank Network, a father of two, said that he spoke for nobody but himself.",
    )
    _, session = _ingest(tmp_path, text)
    people = {p.name: (p.group, p.group_reason) for p in session.participants}
    assert people["Amara Sesay"] == ("civil_society", "described as a non-governmental organization")
    assert people["Lena Brandt"] == ("private_sector", "described as a start-up")
    assert people["Tomas Eriksen"] == ("unknown", None)  # a description that names no group places no one


def test_heading_lines_keep_the_line_they_were_read_on():
    assert read_record("# Forum\n\n## Side event on jobs\n\n### 1. Background\n\nWhy we meet.\n").header == [(3, "Side event on jobs")]
    reading = read_record("In progress at UNHQ\n\n19 April 2016\n\n2016 Session,\nYouth Forum (AM & PM)\nECOSOC/6757\n\nA Headline Here\n\nSpeakers said things today.\n")
    assert reading.header == [(1, "In progress at UNHQ"), (3, "19 April 2016"), (5, "2016 Session, Youth Forum (AM & PM)"), (7, "ECOSOC/6757"), (9, "A Headline Here")]
