"""`briefs ingest`: real summary shapes in, exact draft sessions out, and nothing written on failure.

Every summary here is written in the test; the stakeholder data and codebook are the project's.
"""

import hashlib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from helpers.data import paths
from helpers.cli import main
from helpers.data.errors import DataError
from helpers.ingest import describe_ingest_report, ingest_summary
from helpers.data.loading import load_codebook, load_session, load_stakeholders
from helpers.data.text import make_statement_id
from tiny_data import empty_collection

SEED_ID = "ecosoc-pf-2025-sdg8"
SEED_RAW = paths.DATA_DIR / "raw" / "ecosoc-partnership-forum-sdg8-action-segment.txt"
NOT_RECORDED = "not recorded"
REVIEW_DATE = "date: not stated in the summary; record it if known from another source, as inferred with a reason"
REVIEW_SOURCE = "source: publisher and licence not recorded"

SPEAKER_FORMATS = """HLPF 2025

Thematic review of SDG 8: decent work for all

Organised by the Permanent Mission of Kenya and UNDP

1. Background

The session was chaired by H.E. Ms. Jane Doe, Minister of Labour of Kenya. Panellists included Dr. Ahmed Bello (ITUC), Dr. Prof. Li Wei, Professor at Tsinghua University, and Ms. Ana Gómez, Director-General of the International Organisation of Employers. Mrs. Ruth Okafor, Chief Executive at Friends of Decent Work, and Mr. Tom Berg of Microsoft also took part.

2. Key messages

- Social protection floors must reach informal workers;
- Minimum wages should be set with the social partners.
"""

BULLET_STYLES = """Forum on jobs

1. Key issues

* A star bullet;
\u2022 A round bullet;
\u2013 An en dash bullet;
1. A numbered bullet.
a) A lettered bullet.
- A wrapped bullet that goes on
   over an indented line
and a flush one;

2. Next steps

3. Governments should act now.
"""

TYPOGRAPHY = (
    "\ufeffECOSOC Youth Forum\r\n\r\nSession on youth employment\r\n\r\n1. Background\r\n\r\n"
    "Moderated by Ms.\u00a0L\u00e9a Dubois, Programme Officer at UNESCO. Speakers included Mr.  Jos\u00e9 P\u00e9rez (UNI Global Union).\r\n\r\n"
    "2. Key issues discussed\r\n\r\n"
    "- \u201cDecent work\u201d for young people requires co\u2011operation;\r\n"
    "- Youth\u2010led organisations\u00a0called for  fair pay and\r\n   safe workplaces;\r\n"
)

MARKDOWN = """# Youth Forum session on skills

ECOSOC Youth Forum

Organized by UNICEF and the Major Group for Children and Youth.

## Speakers

- Ms. Amina Yusuf, Youth Delegate at MGCY
- Mr. Karl Schmidt (BusinessEurope)

## Key issues

- Skills systems lag behind;
- Apprenticeships work.

## 3. Partnerships

1. Companies and schools should co-design curricula.
2. Public employment services matter.
"""

ATTRIBUTED = """Forum on labour

1. Background

Speakers included Ms. Paola Simonetti, Director of the ITUC Equality Department, and Mr. Karl Weber (IOE).

2. Key issues

- The ITUC representative stressed that wages must keep pace with productivity;
- Ms. Simonetti noted that care work is undervalued;
- Mr. Weber, speaking for employers, argued that rules must stay predictable;
- Participants stressed the need for social dialogue;
- The ILO and ITUC representatives highlighted shared goals;
- Governments should protect workers, as the ILO noted in its report.
"""

PARAGRAPHS = """ECOSOC Partnership Forum

Round table on Goal 17

1. Overview

Organized by UNCTAD. The round table was moderated by Mr. Ivan Petrov, Chief Economist at the World Bank.

2. Discussion

The round table discussed debt
and the cost of capital.

Mr. Petrov noted that fiscal space shrinks when rates rise.
"""

UNPLACED = """Skills Dialogue

1. Background

Organized by the Ubuntu Skills Collective and ILO.

2. Key issues

- Training must reach rural areas;
- Certification should be portable;
- Employers should co-finance apprenticeships.
"""


ROMAN_AND_SPEAKER_BULLETS = """High-level Political Forum 2025
Thematic review: SDG 8 and SDG 5
New York, 14 July 2025

I. Introduction

The review was co-organized by UN Women and the ILO.

Speakers:
- H.E. Mr. Omar Hilale, Vice-President of ECOSOC
- Ms. Sharan Burrow, former General Secretary of the ITUC
- Dr. Maria Lopez, Researcher at the University of Chile

II. Key messages

1. Care work must be recognised and paid.
2. Gender pay gaps persist.

III. Recommendations

- Ratify ILO Convention 190;
"""

PANELS = """ECOSOC Partnership Forum

SDG Action Segment on Goal 8

1. Background

Panel 1 was moderated by Ms. Ana Bell, Director at ILO, with panellists Mr. Carl Diaz (ITUC) and Ms. Eva Fox, CEO at Acme Corp. Panel 2 featured Dr. Gina Hu (OECD). Ms. Kim Park also spoke. In closing, Mr. Leo Ng thanked everyone.

2. Key issues

The discussion covered:
- Decent work;
- Skills.

The session closed at noon.
"""


def _data_dir(tmp_path: Path) -> Path:
    return empty_collection(tmp_path / "data")


def _write(tmp_path: Path, content: str | bytes, name: str = "summary.txt") -> Path:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _load(data_dir: Path, session_id: str):
    """The written session, through the loader with every cross-check."""
    stakeholders = load_stakeholders(data_dir)
    codebook = load_codebook(data_dir)
    return load_session(data_dir, session_id, known_group_ids=stakeholders.group_ids, known_issue_ids=[i.id for i in codebook.issues])


def _participants(session) -> list[tuple]:
    return [(p.honorific, p.name, p.title, p.organisation, p.role, p.group) for p in session.participants]


def _statements(session) -> list[tuple]:
    return [(s.section, s.text, s.speaker_group) for s in session.statements]


def _listing(folder: Path) -> dict[str, str]:
    """Every file under a folder with the sha256 of its bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.rglob("*")) if path.is_file()}


def _ingest(tmp_path: Path, text: str | bytes, name: str = "summary.txt", **options):
    data_dir = options.pop("data_dir", None) or _data_dir(tmp_path)
    report = ingest_summary(_write(tmp_path, text, name), data_dir, **options)
    return report, _load(data_dir, report.session_id), data_dir


# ----------------------------------------------------------------------------- the seed


def test_ingesting_the_seed_reproduces_the_curated_session(tmp_path):
    data_dir = _data_dir(tmp_path)
    report = ingest_summary(SEED_RAW, data_dir, session_id=SEED_ID)
    ingested, curated = _load(data_dir, SEED_ID), _load(paths.DATA_DIR, SEED_ID)
    assert ingested.sections == curated.sections
    assert _participants(ingested) == _participants(curated)
    assert [(s.id, s.section, s.text) for s in ingested.statements] == [(s.id, s.section, s.text) for s in curated.statements]
    assert [s.speaker_group for s in ingested.statements] == [None] * 16
    assert [p.group_reason for p in ingested.participants] == [p.group_reason for p in curated.participants]
    assert (ingested.title, ingested.forum, ingested.sdgs, ingested.document_kind, ingested.symbol) == (curated.title, curated.forum, curated.sdgs, curated.document_kind, None)
    assert (ingested.date, ingested.is_date_inferred, ingested.publisher, ingested.licence) == (None, False, NOT_RECORDED, NOT_RECORDED)
    assert (data_dir / "raw" / SEED_RAW.name).read_bytes() == SEED_RAW.read_bytes()
    assert ingested.raw_sha256 == curated.raw_sha256
    assert report.unplaced == ()
    assert report.review == (
        REVIEW_DATE,
        REVIEW_SOURCE,
        "title 'SDG Action Segment for Goal 8' guessed from the heading lines: check it",
        "forum 'ECOSOC Partnership Forum' recognised from 'ECOSOC Partnership Forum' (line 5): check it",
    )


def test_the_seed_session_id_comes_from_the_file_name(tmp_path):
    report = ingest_summary(SEED_RAW, _data_dir(tmp_path))
    assert report.session_id == "ecosoc-partnership-forum-sdg8-action-segment"
    assert report.session_file == tmp_path / "data" / "sessions" / "ecosoc-partnership-forum-sdg8-action-segment.yaml"


def test_the_printed_report_says_what_was_found_and_what_to_review(tmp_path):
    report = ingest_summary(SEED_RAW, _data_dir(tmp_path), session_id=SEED_ID)
    lines = describe_ingest_report(report).splitlines()
    assert lines[3:] == [
        "kind: summary (sections of bullets or paragraphs under headings)",
        "title: SDG Action Segment for Goal 8",
        "forum: ECOSOC Partnership Forum",
        "symbol: none",
        "date: not stated",
        "sdgs: 8",
        "sections: 4",
        "  1. Background and objectives: background (participants, no statements)",
        "  2. Key issues discussed: 5 statement(s)",
        "  3. Partnerships and opportunities: 5 statement(s)",
        "  4. Policy recommendations for enhancing multi-stakeholder partnerships: 6 statement(s)",
        "participants: 14",
        "  organiser (4):",
        "    ILO [un_system; organisation: ILO]",
        "    UNIDO [un_system; organisation: UNIDO]",
        "    Business and Industry Major Group [private_sector; organisation: Business and Industry Major Group]",
        "    Workers and Trade Unions Major Group [workers; organisation: Workers and Trade Unions Major Group]",
        "  speaker (6):",
        "    Mr. Amandeep Singh Gill, Under-Secretary-General and Special Envoy for Digital and Emerging Technologies [un_system; title: Under-Secretary-General]",
        "    Ms. Sonya Mohamed Janahi, IOE Vice-President for Asia (IOE) [employers; organisation: IOE]",
        "    Ms. Paola Simonetti, Director of the ITUC Equality Department (ITUC) [workers; organisation: ITUC]",
        "    Ms. Sarah Steinberg, Head of Global Public Policy Partnerships (LinkedIn) [private_sector; organisation: LinkedIn]",
        "    Mr. Adarsh Desai, Principal (Deloitte) [private_sector; organisation: Deloitte]",
        "    Mr. Marco Pérez, Member, International Policy Secretariat (UGT Spain) [workers; organisation: UGT Spain]",
        "  moderator (2):",
        "    Ms. Cynthia Samuel-Olonjuwon, ILO Special Representative to the UN and Director of the Office for the United Nations (ILO) [un_system; organisation: ILO]",
        "    Mr. Ralf Bredel, UNIDO Director and Representative to the UN in New York (UNIDO) [un_system; organisation: UNIDO]",
        "  contributor (2):",
        "    Member state representatives [governments; organisation: Member state]",
        "    Major Group on Children and Youth [youth; organisation: Major Group on Children and Youth]",
        "statements: 16 (0 attributed to a speaker, 0 to a speaker's group only, 16 unattributed, 0 guiding question(s))",
        "organisations not placed in a stakeholder group: none",
        "to review:",
        f"  - {REVIEW_DATE}",
        f"  - {REVIEW_SOURCE}",
        "  - title 'SDG Action Segment for Goal 8' guessed from the heading lines: check it",
        "  - forum 'ECOSOC Partnership Forum' recognised from 'ECOSOC Partnership Forum' (line 5): check it",
    ]


def test_the_draft_file_says_it_is_a_draft_and_keeps_participants_readable(tmp_path):
    report = ingest_summary(SEED_RAW, _data_dir(tmp_path), session_id=SEED_ID)
    lines = report.session_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# DRAFT written by `briefs ingest` from raw/ecosoc-partnership-forum-sdg8-action-segment.txt: check it before use."
    assert f"#   - {REVIEW_DATE}" in lines
    assert "  - {name: null, title: null, organisation: ILO, role: organiser, group: un_system, group_reason: 'organisation: ILO'}" in lines
    assert "    title: Member, International Policy Secretariat" in lines
    assert max(len(line) for line in lines if not line.startswith("    text: ")) < 130


# ----------------------------------------------------------------------------- shapes of real summaries


def test_speaker_formats_honorifics_titles_and_organisations(tmp_path):
    report, session, _ = _ingest(tmp_path, SPEAKER_FORMATS)
    assert (session.title, session.forum, session.sdgs) == ("Thematic review of SDG 8: decent work for all", "High-level Political Forum on Sustainable Development", (8,))
    assert _participants(session) == [
        (None, None, None, "Permanent Mission of Kenya", "organiser", "governments"),
        (None, None, None, "UNDP", "organiser", "un_system"),
        ("H.E. Ms.", "Jane Doe", "Minister of Labour of Kenya", None, "moderator", "governments"),
        ("Dr.", "Ahmed Bello", None, "ITUC", "speaker", "workers"),
        ("Dr. Prof.", "Li Wei", "Professor", "Tsinghua University", "speaker", "education_academia"),
        ("Ms.", "Ana Gómez", "Director-General", "International Organisation of Employers", "speaker", "employers"),
        ("Mrs.", "Ruth Okafor", "Chief Executive", "Friends of Decent Work", "contributor", "unknown"),
        ("Mr.", "Tom Berg", None, "Microsoft", "contributor", "private_sector"),
    ]
    assert _statements(session) == [
        (2, "Social protection floors must reach informal workers;", None),
        (2, "Minimum wages should be set with the social partners.", None),
    ]
    assert report.unplaced == ("Friends of Decent Work",)


def test_names_joined_by_and_and_names_with_organisations_in_parentheses(tmp_path):
    text = "Forum\n\n1. Background\n\nModerated by Ms. Ana Ruiz and Mr. Ben Okoro. Speakers: Jane Doe (ITUC) and John Roe (IOE).\n\n2. Key issues\n\n- Skills matter.\n"
    _, session, _ = _ingest(tmp_path, text)
    assert _participants(session) == [
        ("Ms.", "Ana Ruiz", None, None, "moderator", "unknown"),
        ("Mr.", "Ben Okoro", None, None, "moderator", "unknown"),
        (None, "Jane Doe", None, "ITUC", "speaker", "workers"),
        (None, "John Roe", None, "IOE", "speaker", "employers"),
    ]


def test_bullet_styles_and_wrapped_lines(tmp_path):
    _, session, _ = _ingest(tmp_path, BULLET_STYLES)
    assert [(s.number, s.title) for s in session.sections] == [(1, "Key issues"), (2, "Next steps")]
    assert _statements(session) == [
        (1, "A star bullet;", None),
        (1, "A round bullet;", None),
        (1, "An en dash bullet;", None),
        (1, "A numbered bullet.", None),
        (1, "A lettered bullet.", None),
        (1, "A wrapped bullet that goes on over an indented line and a flush one;", None),
        (2, "Governments should act now.", None),
    ]
    assert [s.id for s in session.statements] == [make_statement_id(s.section, s.text) for s in session.statements]


def test_typography_crlf_bom_curly_quotes_nbsp_and_unicode_hyphens(tmp_path):
    _, session, data_dir = _ingest(tmp_path, TYPOGRAPHY, name="Youth Forum 2025.txt")
    assert session.id == "youth-forum-2025"
    assert (session.title, session.forum) == ("Session on youth employment", "ECOSOC Youth Forum")
    assert _statements(session) == [
        (2, "\u201cDecent work\u201d for young people requires co\u2011operation;", None),
        (2, "Youth\u2010led organisations\u00a0called for  fair pay and safe workplaces;", None),
    ]
    assert _participants(session) == [
        ("Ms.", "Léa Dubois", "Programme Officer", "UNESCO", "moderator", "un_system"),
        ("Mr.", "José Pérez", None, "UNI Global Union", "speaker", "workers"),
    ]
    assert (data_dir / "raw" / "Youth Forum 2025.txt").read_bytes() == TYPOGRAPHY.encode("utf-8")


def test_markdown_headings_title_and_speaker_bullets(tmp_path):
    report, session, _ = _ingest(tmp_path, MARKDOWN, name="youth.md")
    assert (session.title, session.forum) == ("Youth Forum session on skills", "ECOSOC Youth Forum")
    assert [(s.number, s.title) for s in session.sections] == [(1, "Speakers"), (2, "Key issues"), (3, "Partnerships")]
    assert _participants(session) == [
        (None, None, None, "UNICEF", "organiser", "un_system"),
        (None, None, None, "Major Group for Children and Youth", "organiser", "youth"),
        ("Ms.", "Amina Yusuf", "Youth Delegate", "MGCY", "speaker", "youth"),
        ("Mr.", "Karl Schmidt", None, "BusinessEurope", "speaker", "employers"),
    ]
    assert _statements(session) == [
        (2, "Skills systems lag behind;", None),
        (2, "Apprenticeships work.", None),
        (3, "Companies and schools should co-design curricula.", None),
        (3, "Public employment services matter.", None),
    ]
    assert report.review == (
        REVIEW_DATE,
        REVIEW_SOURCE,
        "forum 'ECOSOC Youth Forum' recognised from 'Youth Forum' (line 1): check it",
        "sdgs: no 'SDG N' or 'Goal N' in the title or background: set them",
    )


def test_attributed_statements_get_the_speakers_group_and_others_none(tmp_path):
    _, session, _ = _ingest(tmp_path, ATTRIBUTED)
    assert _participants(session) == [
        ("Ms.", "Paola Simonetti", "Director of the ITUC Equality Department", "ITUC", "speaker", "workers"),
        ("Mr.", "Karl Weber", None, "IOE", "speaker", "employers"),
    ]
    assert [(s.text.split()[1], s.speaker_group) for s in session.statements] == [
        ("ITUC", "workers"),
        ("Simonetti", "workers"),
        ("Weber,", "employers"),
        ("stressed", None),
        ("ILO", None),
        ("should", None),
    ]


def test_without_bullets_each_paragraph_is_a_statement(tmp_path):
    _, session, _ = _ingest(tmp_path, PARAGRAPHS)
    assert (session.title, session.forum, session.sdgs) == ("Round table on Goal 17", "ECOSOC Partnership Forum", (17,))
    assert _participants(session) == [
        (None, None, None, "UNCTAD", "organiser", "un_system"),
        ("Mr.", "Ivan Petrov", "Chief Economist", "World Bank", "moderator", "un_system"),
    ]
    assert _statements(session) == [
        (2, "The round table discussed debt and the cost of capital.", None),
        (2, "Mr. Petrov noted that fiscal space shrinks when rates rise.", "un_system"),
    ]


def test_roman_numeral_sections_speakers_listed_as_bullets_and_a_stated_date(tmp_path):
    report, session, _ = _ingest(tmp_path, ROMAN_AND_SPEAKER_BULLETS)
    assert (session.title, session.forum, session.sdgs) == ("Thematic review: SDG 8 and SDG 5", "High-level Political Forum on Sustainable Development", (5, 8))
    assert [(s.number, s.title) for s in session.sections] == [(1, "Introduction"), (2, "Key messages"), (3, "Recommendations")]
    assert _participants(session) == [
        (None, None, None, "UN Women", "organiser", "un_system"),
        (None, None, None, "ILO", "organiser", "un_system"),
        ("H.E. Mr.", "Omar Hilale", "Vice-President", "ECOSOC", "speaker", "governments"),
        ("Ms.", "Sharan Burrow", "former General Secretary", "ITUC", "speaker", "workers"),
        ("Dr.", "Maria Lopez", "Researcher", "University of Chile", "speaker", "education_academia"),
    ]
    assert _statements(session) == [
        (2, "Care work must be recognised and paid.", None),
        (2, "Gender pay gaps persist.", None),
        (3, "Ratify ILO Convention 190;", None),
    ]
    assert (session.date, session.is_date_inferred, session.date_stated_as) == ("2025-07-14", False, "14 July 2025")
    assert report.review[0] == "date 2025-07-14 read from '14 July 2025' (line 3): check it is the session's first day"


def test_panels_name_moderators_and_speakers_and_people_without_a_role_are_only_reported(tmp_path):
    report, session, _ = _ingest(tmp_path, PANELS)
    assert _participants(session) == [
        ("Ms.", "Ana Bell", "Director", "ILO", "moderator", "un_system"),
        ("Mr.", "Carl Diaz", None, "ITUC", "speaker", "workers"),
        ("Ms.", "Eva Fox", "CEO", "Acme Corp", "speaker", "private_sector"),
        ("Dr.", "Gina Hu", None, "OECD", "speaker", "un_system"),
        ("Ms.", "Kim Park", None, None, "speaker", "unknown"),
    ]
    assert _statements(session) == [(2, "Decent work;", None), (2, "Skills.", None)]
    assert report.unplaced == ("Kim Park (no organisation or title)",)
    assert report.review[-2:] == (
        "line 7: Mr. Leo Ng is named without a role: not recorded as a participant",
        "line 15: paragraph in section 2 is not a bullet and was not used: 'The session closed at noon.'",
    )


def test_bold_lines_as_headings_and_a_leading_bold_forum_line(tmp_path):
    text = "**ECOSOC Youth Forum**\n\nYouth and decent jobs\n\n**Key messages**\n- Youth unemployment remains high.\n- Internships should be paid.\n\n**Recommendations**\n- Invest in skills.\n"
    _, session, _ = _ingest(tmp_path, text, name="bold.md")
    assert (session.title, session.forum) == ("Youth and decent jobs", "ECOSOC Youth Forum")
    assert [(s.number, s.title) for s in session.sections] == [(1, "Key messages"), (2, "Recommendations")]
    assert _statements(session) == [(1, "Youth unemployment remains high.", None), (1, "Internships should be paid.", None), (2, "Invest in skills.", None)]


def test_one_heading_line_is_the_title_and_the_forum_is_not_recorded(tmp_path):
    report, session, _ = _ingest(tmp_path, UNPLACED)
    assert (session.title, session.forum) == ("Skills Dialogue", NOT_RECORDED)
    assert "forum: not stated in the summary (written as 'not recorded'): set it" in report.review


def test_an_organisation_it_cannot_place_is_unknown_and_listed_for_review(tmp_path):
    report, session, _ = _ingest(tmp_path, UNPLACED)
    assert _participants(session) == [
        (None, None, None, "Ubuntu Skills Collective", "organiser", "unknown"),
        (None, None, None, "ILO", "organiser", "un_system"),
    ]
    assert report.unplaced == ("Ubuntu Skills Collective",)
    assert "group unknown (no stakeholder group matches): Ubuntu Skills Collective" in report.review


def test_identical_bullets_in_a_section_get_distinct_stable_ids(tmp_path):
    text = "Forum\n\n1. Key issues\n\n- Skills matter.\n- Skills matter.\n\n2. More\n\n- Skills matter.\n"
    _, session, _ = _ingest(tmp_path, text)
    assert [s.id for s in session.statements] == [
        make_statement_id(1, "Skills matter."),
        make_statement_id(1, "Skills matter.#2"),
        make_statement_id(2, "Skills matter."),
    ]


def test_a_summary_without_headings_is_one_section_flagged_for_review(tmp_path):
    report, session, _ = _ingest(tmp_path, "Forum on skills\n\n- Skills matter;\n- Jobs matter.\n")
    assert [(s.number, s.title) for s in session.sections] == [(1, "Summary")]
    assert _statements(session) == [(1, "Skills matter;", None), (1, "Jobs matter.", None)]
    assert "the summary has no section headings: all its statements are in one section titled 'Summary'" in report.review


# ----------------------------------------------------------------------------- stable ids and re-ingesting


def test_ingesting_the_same_text_again_gives_the_same_ids(tmp_path):
    first, _, data_dir = _ingest(tmp_path, UNPLACED)
    again = ingest_summary(_write(tmp_path, UNPLACED), data_dir, force=True)
    assert [s.id for s in again.statements] == [s.id for s in first.statements]


def test_editing_one_bullet_changes_only_that_statements_id(tmp_path):
    first, _, _ = _ingest(tmp_path / "a", UNPLACED)
    edited, _, _ = _ingest(tmp_path / "b", UNPLACED.replace("portable;", "portable across borders;"))
    first_ids, edited_ids = [s.id for s in first.statements], [s.id for s in edited.statements]
    assert [a == b for a, b in zip(first_ids, edited_ids)] == [True, False, True]
    assert edited_ids[1] == make_statement_id(2, "Certification should be portable across borders;")


def test_an_existing_session_is_not_overwritten_without_force(tmp_path):
    _, _, data_dir = _ingest(tmp_path, UNPLACED)
    before = _listing(data_dir)
    with pytest.raises(DataError) as caught:
        ingest_summary(_write(tmp_path, UNPLACED + "\n- One more point.\n"), data_dir)
    assert caught.value.path == str(data_dir / "sessions" / "summary.yaml")
    assert caught.value.message == "session 'summary' already exists: use --force to re-ingest it (the analyst's edits are kept), or --id to give another id"
    assert _listing(data_dir) == before


def _edit_yaml(path: Path, edit) -> None:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    document = yaml.load(path.read_text(encoding="utf-8"))
    edit(document)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)


def test_force_keeps_the_analysts_edits(tmp_path):
    first, _, data_dir = _ingest(tmp_path, UNPLACED)
    kept_id, dropped_id = first.statements[0].id, first.statements[1].id

    def analyst_edits(document):
        document["title"] = "Skills Dialogue on rural training"
        document["date"] = {"value": "2025-03-04", "is_inferred": True, "inferred_reason": "The organiser's web page dates the event."}
        document["source"]["publisher"] = "ILO"
        document["statements"][0]["note"] = "rural areas means the Sahel here"
        document["participants"][0]["group"] = "civil_society"
        document["overrides"] = [
            {"statement": kept_id, "add_issues": ["inclusion"], "reason": "rural youth are meant", "by": "analyst"},
            {"statement": dropped_id, "add_issues": ["skills"], "reason": "certification is a skills issue"},
        ]

    _edit_yaml(first.session_file, analyst_edits)
    report = ingest_summary(_write(tmp_path, UNPLACED.replace("- Certification should be portable;\n", "")), data_dir, force=True)
    session = _load(data_dir, "summary")
    assert (session.title, session.forum, session.date, session.is_date_inferred, session.publisher, session.licence) == (
        "Skills Dialogue on rural training",
        NOT_RECORDED,
        "2025-03-04",
        True,
        "ILO",
        NOT_RECORDED,
    )
    assert [(o.statement_id, o.add_issues, o.reason, o.by) for o in session.overrides] == [(kept_id, ("inclusion",), "rural youth are meant", "analyst")]
    assert _participants(session) == [
        (None, None, None, "Ubuntu Skills Collective", "organiser", "civil_society"),
        (None, None, None, "ILO", "organiser", "un_system"),
    ]
    written = YAML(typ="safe").load(report.session_file.read_text(encoding="utf-8"))
    assert [s.get("note") for s in written["statements"]] == ["rural areas means the Sahel here", None]
    assert report.is_replacement and report.unplaced == ("Ubuntu Skills Collective",)
    assert report.review[-1] == (
        f"override of statement {dropped_id} dropped (the statement is no longer in the summary): "
        f"statement {dropped_id}, add_issues [skills], reason: certification is a skills issue"
    )
    assert report.kept == (
        "title, forum, sdgs, date and source details (publisher, licence, retrieved, note)",
        "1 override(s), 1 statement note(s), 0 statement speaker(s), 0 statement speaker_group(s)",
        "1 participant group(s) set by hand, 0 participant note(s)",
    )


def test_force_with_an_invalid_analyst_edit_writes_nothing(tmp_path):
    first, _, data_dir = _ingest(tmp_path, UNPLACED)
    _edit_yaml(first.session_file, lambda document: document.update(overrides=[{"statement": first.statements[0].id, "add_issues": ["nonsense"], "reason": "a typo"}]))
    before = _listing(data_dir)
    with pytest.raises(DataError) as caught:
        ingest_summary(_write(tmp_path, UNPLACED), data_dir, force=True)
    assert (caught.value.path, caught.value.field) == (str(first.session_file), "overrides[0].add_issues[0]")
    assert caught.value.message == "the draft is not valid, nothing was written: unknown issue 'nonsense'"
    assert _listing(data_dir) == before


# ----------------------------------------------------------------------------- bad input writes nothing


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "the file is empty: expected the text of a session summary", None),
        (b"\xef\xbb\xbf \r\n\r\n", "the file is empty: expected the text of a session summary", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not a text summary: NUL byte at byte offset 8", 3),
        ("Forum\n\n1. Key issues\n\n- P\u00e9rez spoke;\n".encode("latin-1"), "not UTF-8 text: byte 0xe9 at byte offset 25", 5),
        (
            b"Forum\n\n1. Background\n\n2. Key issues\n\nECOSOC/7111\n",
            "no statements found in this summary (sections of bullets or paragraphs under headings): it has no paragraph or bullet to quote, only headings, page furniture or lists of names",
            None,
        ),
    ],
    ids=["empty", "bom-and-blank-lines", "binary", "not-utf8", "no-statements"],
)
def test_bad_input_is_a_clear_error_and_leaves_the_data_folder_untouched(seed_data_copy, tmp_path, content, message, line):
    before = _listing(seed_data_copy)
    path = _write(tmp_path, content)
    with pytest.raises(DataError) as caught:
        ingest_summary(path, seed_data_copy)
    assert (caught.value.path, caught.value.message, caught.value.line) == (str(path), message, line)
    assert _listing(seed_data_copy) == before


def test_a_record_with_nothing_but_background_still_ingests_its_paragraphs_as_statements(tmp_path):
    report, session, _ = _ingest(tmp_path, "Forum on skills\n\n1. Background\n\nOrganized by ILO. Moderated by Ms. Ana Ruiz, Director at UNDP.\n\nThe session heard that skills systems lag behind.\n")
    assert _statements(session) == [
        (1, "Organized by ILO. Moderated by Ms. Ana Ruiz, Director at UNDP.", None),
        (1, "The session heard that skills systems lag behind.", None),
    ]
    assert sorted((p.name or p.organisation, p.role) for p in session.participants) == [("Ana Ruiz", "moderator"), ("ILO", "organiser")]
    assert "no statements outside the background: the background's paragraphs were read as statements (participants named in them are listed too); check them" in report.review


def test_a_file_name_that_gives_no_session_id_asks_for_one(tmp_path):
    data_dir = _data_dir(tmp_path)
    with pytest.raises(DataError, match=r"cannot make a session id from the file name '会议.txt': give one with --id"):
        ingest_summary(_write(tmp_path, UNPLACED, name="会议.txt"), data_dir)
    with pytest.raises(DataError, match=r"--id 'Skills 2025' is not a valid session id"):
        ingest_summary(_write(tmp_path, UNPLACED), data_dir, session_id="Skills 2025")
    assert sorted(path.name for path in data_dir.iterdir()) == ["codebook.yaml", "stakeholders.yaml"]


def test_a_different_raw_file_of_the_same_name_is_not_replaced(tmp_path):
    data_dir = _data_dir(tmp_path)
    (data_dir / "raw").mkdir()
    (data_dir / "raw" / "summary.txt").write_text("an older summary\n", encoding="utf-8")
    before = _listing(data_dir)
    with pytest.raises(DataError, match="a different raw file of this name already exists: rename the new file, or use --force"):
        ingest_summary(_write(tmp_path, UNPLACED), data_dir)
    assert _listing(data_dir) == before


# ----------------------------------------------------------------------------- the command


def test_briefs_ingest_prints_the_report_and_exits_0(capsys, tmp_path):
    data_dir = _data_dir(tmp_path)
    status = main(["ingest", str(_write(tmp_path, UNPLACED, name="Skills Dialogue.md")), "--id", "skills-dialogue", "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    assert (status, captured.err) == (0, "")
    assert captured.out.splitlines()[:5] == [
        "ingested session 'skills-dialogue' (a draft to review)",
        f"  wrote {data_dir / 'sessions' / 'skills-dialogue.yaml'}",
        f"  wrote {data_dir / 'raw' / 'Skills Dialogue.md'} (bytes as published)",
        "kind: summary (sections of bullets or paragraphs under headings)",
        "title: Skills Dialogue",
    ]
    assert main(["validate", "--data-dir", str(data_dir)]) == 0


def test_briefs_ingest_reports_bad_input_on_one_line_and_exits_1(capsys, tmp_path):
    data_dir = _data_dir(tmp_path)
    path = _write(tmp_path, "Forum\n\n- P\u00e9rez spoke;\n".encode("latin-1"))
    status = main(["ingest", str(path), "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    assert (status, captured.out) == (1, "")
    assert captured.err == f"error: {path}:3: not UTF-8 text: byte 0xe9 at byte offset 10\n"


def test_briefs_ingest_force_keeps_every_edit_it_promises(tmp_path, capsys):
    """Each edit the README lists, made by hand, survives `briefs ingest --force`; the rules' values do not come back."""
    text = ATTRIBUTED.replace("and Mr. Karl Weber (IOE).", "Mr. Karl Weber (IOE) and Ms. Ada Moe (Zeta Collective).")
    report, first, data_dir = _ingest(tmp_path, text)
    assert [p.group for p in first.participants] == ["workers", "employers", "unknown"]
    wages, care, predictable, dialogue = (s.id for s in first.statements[:4])

    def analyst_edits(document):
        document["title"] = "Labour forum, afternoon session"
        document["forum"] = "ECOSOC Partnership Forum"
        document["sdgs"] = [8, 5]
        document["date"] = {"value": "2025-02-05", "is_inferred": True, "inferred_reason": "the forum's programme"}
        document["source"].update(publisher="United Nations", licence="UN terms of use", retrieved="2025-03-01", note="saved from the forum page")
        statements = {s["id"]: s for s in document["statements"]}
        statements[wages]["speaker_group"] = "un_system"  # changed
        del statements[care]["speaker_group"]  # removed: must stay removed
        statements[dialogue]["speaker_group"] = "civil_society"  # added
        statements[predictable]["note"] = "Weber spoke for IOE members"
        people = {p["name"]: p for p in document["participants"]}
        people["Paola Simonetti"]["note"] = "speaks for the Global Unions too"
        people["Karl Weber"]["group"] = "private_sector"
        document["overrides"] = [{"statement": dialogue, "add_issues": ["social_dialogue"], "reason": "it is the topic", "by": "Ann"}]

    _edit_yaml(report.session_file, analyst_edits)
    stakeholders = data_dir / "stakeholders.yaml"
    _add_organisation(stakeholders, "civil_society", "Zeta Collective")  # the rules now place Ada Moe
    capsys.readouterr()
    assert main(["ingest", str(_write(tmp_path, text)), "--force", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out

    session = _load(data_dir, "summary")
    assert (session.title, session.forum, session.sdgs) == ("Labour forum, afternoon session", "ECOSOC Partnership Forum", (8, 5))
    assert (session.date, session.is_date_inferred, session.date_inferred_reason) == ("2025-02-05", True, "the forum's programme")
    assert (session.publisher, session.licence) == ("United Nations", "UN terms of use")
    written = YAML(typ="safe").load(session.source_file.read_text(encoding="utf-8"))
    assert (written["source"]["retrieved"], written["source"]["note"]) == ("2025-03-01", "saved from the forum page")
    speaker_groups = {s.id: s.speaker_group for s in session.statements}
    assert [speaker_groups[i] for i in (wages, care, predictable, dialogue)] == ["un_system", None, "employers", "civil_society"]
    notes = {s["id"]: s.get("note") for s in written["statements"]}
    assert notes[predictable] == "Weber spoke for IOE members" and [i for i, note in notes.items() if note] == [predictable]
    assert [(p.name, p.group) for p in session.participants] == [("Paola Simonetti", "workers"), ("Karl Weber", "private_sector"), ("Ada Moe", "civil_society")]
    assert [p.get("note") for p in written["participants"]] == ["speaks for the Global Unions too", None, None]
    assert [(o.statement_id, o.add_issues, o.by) for o in session.overrides] == [(dialogue, ("social_dialogue",), "Ann")]
    assert "1 override(s), 1 statement note(s), 2 statement speaker(s), 3 statement speaker_group(s)" in out
    assert "1 participant group(s) set by hand, 1 participant note(s)" in out


def _add_organisation(stakeholders: Path, group_id: str, organisation: str) -> None:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    document = yaml.load(stakeholders.read_text(encoding="utf-8"))
    next(g for g in document["groups"] if g["id"] == group_id)["organisations"].append(organisation)
    with stakeholders.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)
