"""The record corpus's harness: building the files, scoring sessions against gold, the table.

These test the measuring stick itself, on tiny gold written here; tests/test_ingest_records.py
uses it on the whole corpus.
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from record_corpus import Record, build_docx, build_pdf, build_record_file, load_forum_spellings, load_records
from record_scoring import FIELDS, TARGETS, describe_scores, fold_name, fold_text, ingest_record_file, make_data_copy, score_session, session_from_gold, sum_scores

FORUMS = {"ECOSOC Partnership Forum": ["Partnership Forum"]}
GOLD = {
    "document": "tiny-press-release",
    "format": "txt",
    "source": "source.txt",
    "kind": "press_release",
    "title": "Partnerships  Key to Goals, Speakers Say",
    "forum": "ECOSOC Partnership Forum",
    "date": "2016-03-31",
    "symbol": "ECOSOC/6746",
    "sdgs": [8, 17],
    "participants": [
        {"name": "Oh Joon", "group": "governments"},
        {"name": "David Nabarro", "group": "un_system"},
        {"name": "Marco Pérez", "also_written": ["Marco Perez Garcia"], "group": "workers"},
        {"organisation": "ITUC", "group": "workers"},
    ],
    "statements": [
        {"snippet": "silos must come down", "speaker": "Oh Joon"},
        {"snippet": "synergies between all parties", "speaker": "David Nabarro"},
        {"snippet": "unions have a seat", "speaker": "ITUC"},
    ],
    "questions": ["What partnerships work best"],
    "n_statements": 6,
}


def _session(**changes) -> dict:
    """A session a perfect ingest of GOLD would write, with some fields changed."""
    session = session_from_gold(GOLD)
    session.update(changes)
    return session


def _shares(session, failure=None) -> dict[str, tuple[int, int]]:
    record = score_session(GOLD, session, FORUMS, failure)
    return {name: (score.n_right, score.n) for name, score in record.fields.items()}


def test_names_are_compared_without_honorifics_case_or_typography():
    assert fold_name("H.E. Mr. OH JOON") == fold_name("Oh Joon") == "oh joon"
    assert fold_name("Her Excellency Ambassador Inga Rhonda King") == "inga rhonda king"
    assert fold_name("Dr.  Marco\u00a0Pérez") == "marco pérez"
    assert fold_name("Marco Perez") != fold_name("Marco Pérez")  # accents are part of the name
    assert fold_text("co\u2011operation \u201cfor all\u201d") == 'co-operation "for all"'


def test_the_gold_itself_scores_every_field_right():
    shares = _shares(session_from_gold(GOLD))
    assert shares == {
        "ingested": (1, 1), "participants found": (3, 3), "right group": (3, 3), "listed once": (3, 3), "organisations found": (1, 1),
        "title": (1, 1), "forum": (1, 1), "date": (1, 1), "symbol": (1, 1), "sdgs": (1, 1), "kind": (1, 1),
        "attribution": (3, 3), "questions marked": (1, 1), "attribution precision": (3, 3), "participant precision": (3, 3), "statement count": (1, 1),
    }


def test_every_record_of_the_corpus_scores_100_percent_when_ingest_writes_its_gold():
    forums = load_forum_spellings()
    for record in load_records():
        scores = score_session(record.gold, session_from_gold(record.gold), forums)
        wrong = {name: score.misses for name, score in scores.fields.items() if score.n_right != score.n}
        assert wrong == {}, record.name


def test_people_are_found_by_any_spelling_in_any_case_and_their_group_checked():
    participants = [
        {"name": "OH JOON", "title": None, "organisation": None, "role": "speaker", "group": "un_system"},
        {"name": "MARCO PEREZ GARCIA", "title": None, "organisation": None, "role": "speaker", "group": "workers"},
        {"name": "Someone Else", "title": None, "organisation": None, "role": "speaker", "group": "unknown"},
        {"name": None, "title": None, "organisation": "ITUC", "role": "organiser", "group": "workers"},
    ]
    record = score_session(GOLD, _session(participants=participants), FORUMS)
    assert (record.fields["participants found"].n_right, record.fields["participants found"].n) == (2, 3)
    assert record.fields["participants found"].misses == ["missed David Nabarro"]
    assert (record.fields["right group"].n_right, record.fields["right group"].n) == (1, 2)
    assert record.fields["right group"].misses == ["Oh Joon: un_system, not governments"]
    assert (record.fields["organisations found"].n_right, record.fields["participant precision"].n_right, record.fields["participant precision"].n) == (1, 2, 3)


def test_a_name_that_still_carries_its_honorific_is_not_found():
    # Ingest writes honorifics in their own field; "Amb. Paula Narváez" as a name is a defect an analyst would have to fix.
    participants = [{"name": "H.E. Mr. Oh Joon", "group": "governments"}, {"name": "David Nabarro", "group": "un_system"}]
    record = score_session(GOLD, _session(participants=participants), FORUMS)
    assert record.fields["participants found"].misses == ["missed Oh Joon", "missed Marco Pérez"]


def test_a_person_listed_twice_is_found_once_and_counted_as_a_duplicate():
    twice = [{"name": "Oh Joon", "group": "governments"}, {"name": "OH JOON", "group": "governments"}]
    record = score_session(GOLD, _session(participants=twice), FORUMS)
    assert (record.fields["participants found"].n_right, record.fields["listed once"].n_right, record.fields["listed once"].n) == (1, 0, 1)
    assert record.fields["listed once"].misses == ["Oh Joon listed 2 times"]


def test_attribution_needs_the_statement_and_the_right_speaker():
    statements = [
        {"text": "The President said SILOS must come\u00a0down now.", "speaker": "OH JOON"},
        {"text": "There were synergies between all parties.", "speaker": "Oh Joon"},
        {"text": "An invented attribution.", "speaker": "David Nabarro"},
        {"text": "What partnerships work best?", "is_question": False},
    ]
    record = score_session(GOLD, _session(statements=statements), FORUMS)
    attribution = record.fields["attribution"]
    assert (attribution.n_right, attribution.n) == (1, 3)
    assert attribution.misses == ["'synergies between all parties': Oh Joon, not David Nabarro", "no statement has 'unions have a seat'"]
    assert (record.fields["attribution precision"].n_right, record.fields["attribution precision"].n) == (1, 3)
    assert record.fields["questions marked"].misses == ["'What partnerships work best': not marked as a question"]
    assert record.fields["statement count"].misses == ["4 statements, expected 6"]


def test_metadata_fields_are_compared_as_the_gold_defines_them():
    shares = _shares(_session(title="Partnerships Key to Goals, Speakers Say", forum="partnership  forum", symbol="ECOSOC/6746 ", sdgs=[17, 8]))
    assert [shares[name] for name in ("title", "forum", "symbol", "sdgs")] == [(1, 1)] * 4
    wrong = _shares(_session(title="Skip to main content", forum="not recorded", symbol="ECOSOC/6747", sdgs=[8], document_kind="summary"))
    assert [wrong[name] for name in ("title", "forum", "symbol", "sdgs", "kind")] == [(0, 1)] * 5


def test_a_date_counts_only_when_stated_and_none_is_right_only_when_the_text_states_none():
    assert _shares(_session(date={"value": "2016-03-31", "is_inferred": True, "inferred_reason": "x"}))["date"] == (0, 1)
    assert _shares(_session(date={"value": "2016-03-30", "is_inferred": False}))["date"] == (0, 1)
    undated = dict(GOLD, date=None)
    for date, expected in (({"value": None, "is_inferred": False}, 1), ({"value": "2016-03-31", "is_inferred": True, "inferred_reason": "x"}, 1), ({"value": "2016-03-31", "is_inferred": False}, 0)):
        assert score_session(undated, _session(date=date), FORUMS).fields["date"].n_right == expected


def test_a_record_that_fails_to_ingest_misses_every_gold_item():
    shares = _shares(None, failure="error: x.pdf: binary file")
    assert shares["ingested"] == (0, 1)
    assert shares["participants found"] == (0, 3) and shares["attribution"] == (0, 3) and shares["questions marked"] == (0, 1)
    assert shares["right group"] == (0, 0) and shares["attribution precision"] == (0, 0)
    record = score_session(GOLD, None, FORUMS, failure="error: x.pdf: binary file")
    assert record.failure == "error: x.pdf: binary file"
    assert record.fields["ingested"].misses == ["ingest failed: error: x.pdf: binary file"]


def test_the_table_sums_records_and_names_the_fields_below_target():
    perfect = score_session(GOLD, session_from_gold(GOLD), FORUMS)
    failed = score_session(dict(GOLD, document="tiny-failed"), None, FORUMS, failure="error: nope")
    totals = sum_scores([perfect, failed])
    assert (totals["participants found"].n_right, totals["participants found"].n) == (3, 6)
    assert totals["ingested"].misses == ["tiny-failed: ingest failed: error: nope"]
    table = describe_scores([perfect, failed])
    lines = table.splitlines()
    assert lines[0].split()[:5] == ["field", "right", "n", "share", "target"]
    assert lines[1].split()[:5] == ["ingested", "1", "2", "50.0%", "100%"]
    # the failed record has no found people, so only those shares stay at 100 %
    assert "below target: " + ", ".join(name for name in TARGETS if name not in ("right group", "listed once")) in table
    assert "tiny-failed (txt)\n  ingested: ingest failed: error: nope" in table
    assert "tiny-press-release (txt)" not in table  # a perfect record has nothing to show
    assert len(lines) >= len(FIELDS) + 2


def test_ingest_record_file_runs_the_real_command_and_reads_the_session(tmp_path):
    data_dir = make_data_copy(tmp_path / "data")
    assert (data_dir / "codebook.yaml").is_file() and (data_dir / "stakeholders.yaml").is_file()
    assert not (data_dir / "schemas").exists() and not (data_dir / "gold").exists()
    assert list((data_dir / "sessions").iterdir()) == [] and list((data_dir / "raw").iterdir()) == []
    summary = tmp_path / "tiny.txt"
    summary.write_text("ECOSOC Partnership Forum\n\nA session on jobs\n\n1. Key issues\n\n- Decent work needs social dialogue.\n", encoding="utf-8")
    session, failure = ingest_record_file(summary, data_dir, "tiny-session")
    assert failure is None and session["id"] == "tiny-session"
    assert [s["text"] for s in session["statements"]] == ["Decent work needs social dialogue."]
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    session, failure = ingest_record_file(empty, data_dir, "empty-session")
    assert session is None and failure.startswith("error: ") and "empty" in failure


def test_a_docx_outline_becomes_headings_and_list_items_by_style_with_the_same_bytes_every_time(tmp_path):
    outline = tmp_path / "source.md"
    outline.write_text("%header: E/2023/7\n%footer: 23-01234 (E)\n# Summary of the forum\n\n## I. Introduction\n\nThe forum met\non 4 May.\n\n- a bullet\n+ a numbered point\n", encoding="utf-8")
    first = build_docx(outline, tmp_path / "a.docx").read_bytes()
    second = build_docx(outline, tmp_path / "b.docx").read_bytes()
    assert first == second
    document = docx.Document(str(tmp_path / "a.docx"))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "Summary of the forum"), ("Heading 1", "I. Introduction"), ("Normal", "The forum met on 4 May."), ("List Bullet", "a bullet"), ("List Number", "a numbered point"),
    ]
    assert document.sections[0].header.paragraphs[0].text == "E/2023/7"
    assert document.sections[0].footer.paragraphs[0].text == "23-01234 (E)"
    assert {info.date_time for info in zipfile.ZipFile(tmp_path / "a.docx").infolist()} == {(2025, 1, 1, 0, 0, 0)}


def test_a_pdf_is_printed_from_html_with_running_header_job_number_and_hyphenation(tmp_path):
    html = tmp_path / "source.html"
    words = "internationalization of responsibilities " * 60
    html.write_text(
        '<html lang="en"><style>@page { size: A5; @top-left { content: "E/HLPF/2019/3" } @bottom-left { content: "19-07435 (E)" }'
        ' @bottom-right { content: counter(page) "/" counter(pages) } } p { hyphens: auto; text-align: justify }</style>'
        f"<body><h1>Report of the forum</h1><p>{words}</p><p>{words}</p></body></html>",
        encoding="utf-8",
    )
    pdf = build_pdf(html, tmp_path / "a.pdf")
    assert pdf.read_bytes() == build_pdf(html, tmp_path / "b.pdf").read_bytes()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    assert all("E/HLPF/2019/3" in page and "19-07435 (E)" in page for page in pages)
    assert "\u2010\n" in text  # words broken across lines, as printed documents have them


def test_text_formats_are_handed_over_byte_for_byte(tmp_path):
    folder = tmp_path / "tiny-page"
    folder.mkdir()
    (folder / "source.html").write_bytes("<html><body><p>Caf\u00e9 \u2011 page</p></body></html>".encode("utf-8"))
    record = Record(folder, dict(GOLD, document="tiny-page", format="html", source="source.html"))
    built = build_record_file(record, tmp_path)
    assert built.name == "tiny-page.html" and built.read_bytes() == (folder / "source.html").read_bytes()


@pytest.mark.parametrize("argv, status", [(["--record", "no-such-record"], 2)])
def test_the_accuracy_command_refuses_an_unknown_record(argv, status):
    tool = Path(__file__).parents[1] / "tools" / "ingest_accuracy.py"
    result = subprocess.run([sys.executable, str(tool), *argv], capture_output=True, text=True, timeout=120)
    assert result.returncode == status and result.stderr.startswith("error: no record named no-such-record")
