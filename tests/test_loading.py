"""Loading fails loudly with the file, the line and the field; good files load exactly."""

import pytest

from tiny_data import TINY_STATEMENTS, replace_in_file, write_collection
from helpers.data.errors import DataError
from helpers.data.loading import list_session_ids, load_codebook, load_inputs, load_stakeholders, read_text_file


def test_tiny_collection_loads(tiny_data_dir):
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    assert [s.id for s in session.statements] == ["s1-aaaaaa", "s1-bbbbbb", "s1-cccccc"]
    assert session.organisers == ["ILO"]
    assert [i.id for i in codebook.issues] == ["skills", "social_dialogue", "osh"]
    assert stakeholders.schemes["tripartite"].mapping["women"] == "other"
    assert list_session_ids(tiny_data_dir) == ["tiny-session"]


def _session_file(data_dir):
    return data_dir / "sessions" / "tiny-session.yaml"


def _error_for(data_dir) -> DataError:
    with pytest.raises(DataError) as caught:
        load_inputs(data_dir, "tiny-session")
    return caught.value


def test_malformed_yaml_names_line_and_column(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "forum: Tiny forum", "forum: [Tiny forum")
    error = _error_for(tiny_data_dir)
    assert error.path.endswith("tiny-session.yaml")
    assert error.line == 4
    assert "malformed YAML, column" in error.message


def test_wrong_type_names_field_and_line(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "sdgs: [8]", "sdgs: [eight]")
    error = _error_for(tiny_data_dir)
    assert (error.line, error.field) == (4, "sdgs[0]")
    assert "'eight' is not of type 'integer'" in error.message


def test_missing_required_field_is_named(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "forum: Tiny forum\n", "")
    error = _error_for(tiny_data_dir)
    assert error.field == "forum"
    assert "'forum' is a required property" in error.message


def test_misspelt_field_is_refused(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "title: Tiny session", "titel: Tiny session")
    error = _error_for(tiny_data_dir)
    assert error.field == "title"
    assert error.message == "'title' is a required property; Additional properties are not allowed ('titel' was unexpected) (check the spelling of the field name)"


def test_unknown_role_lists_the_allowed_ones(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "role: organiser", "role: host")
    error = _error_for(tiny_data_dir)
    assert (error.line, error.field) == (10, "participants[0].role")
    assert "'host' is not one of 'speaker', 'moderator', 'organiser', 'contributor'" in error.message


def test_unknown_group_is_refused(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "group: un_system", "group: aliens")
    error = _error_for(tiny_data_dir)
    assert (error.line, error.field, error.message) == (10, "participants[0].group", "unknown group 'aliens'")


def test_duplicate_statement_id_is_refused(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "id: s1-bbbbbb", "id: s1-aaaaaa")
    error = _error_for(tiny_data_dir)
    assert (error.field, error.message) == ("statements[1].id", "duplicate statement id 's1-aaaaaa'")
    assert error.line == 15


def test_statement_not_in_raw_source_is_refused(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "is essential;", "is vital;")
    error = _error_for(tiny_data_dir)
    assert error.field == "statements[1].text"
    assert "not found in the raw source" in error.message


def test_edited_raw_source_is_detected(tiny_data_dir):
    raw = tiny_data_dir / "raw" / "tiny-session.txt"
    raw.write_text(raw.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    error = _error_for(tiny_data_dir)
    assert error.field == "source.sha256"
    assert "the raw file was edited or replaced" in error.message


def test_inferred_date_needs_a_reason(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), "is_inferred: false", "is_inferred: true")
    error = _error_for(tiny_data_dir)
    assert error.field == "date.inferred_reason"


def test_non_utf8_file_names_the_byte_offset(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Pérez\n".encode("latin-1"))
    with pytest.raises(DataError) as caught:
        read_text_file(path)
    assert caught.value.message == "not UTF-8 text: byte 0xe9 at byte offset 1"
    assert caught.value.line == 1


def test_empty_file_is_an_error(tiny_data_dir):
    (tiny_data_dir / "codebook.yaml").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="the file is empty"):
        load_codebook(tiny_data_dir)


def test_pattern_that_does_not_compile_is_located(tiny_data_dir):
    replace_in_file(tiny_data_dir / "codebook.yaml", "'\\btraining\\b'", "'(training'")
    with pytest.raises(DataError) as caught:
        load_codebook(tiny_data_dir)
    assert caught.value.field == "issues[0].patterns[1]"
    assert caught.value.line == 8
    assert "does not compile" in caught.value.message


def test_pattern_matching_empty_text_is_refused(tiny_data_dir):
    replace_in_file(tiny_data_dir / "codebook.yaml", "'\\btraining\\b'", "'x*'")
    with pytest.raises(DataError, match="matches the empty string"):
        load_codebook(tiny_data_dir)


def test_duplicate_issue_id_is_refused(tiny_data_dir):
    replace_in_file(tiny_data_dir / "codebook.yaml", "id: osh", "id: skills")
    with pytest.raises(DataError) as caught:
        load_codebook(tiny_data_dir)
    assert (caught.value.line, caught.value.field, caught.value.message) == (19, "issues[2].id", "duplicate issue id 'skills'")


def test_duplicate_group_id_is_refused(tiny_data_dir):
    replace_in_file(tiny_data_dir / "stakeholders.yaml", "{id: women, label: Women", "{id: workers, label: Women")
    with pytest.raises(DataError) as caught:
        load_stakeholders(tiny_data_dir)
    assert (caught.value.line, caught.value.field, caught.value.message) == (7, "groups[4].id", "duplicate group id 'workers'")
    assert str(caught.value) == f"{tiny_data_dir / 'stakeholders.yaml'}:7: groups[4].id: duplicate group id 'workers'"


def test_scheme_must_map_every_group(tiny_data_dir):
    replace_in_file(tiny_data_dir / "stakeholders.yaml", "workers: workers, women: other}", "workers: workers}")
    with pytest.raises(DataError, match="scheme 'tripartite' does not map group 'women'"):
        load_stakeholders(tiny_data_dir)


def test_scheme_maps_only_to_its_own_groups(tiny_data_dir):
    replace_in_file(tiny_data_dir / "stakeholders.yaml", "women: other}", "women: womens}")
    with pytest.raises(DataError, match="'womens' is not a group of scheme 'tripartite'"):
        load_stakeholders(tiny_data_dir)


def test_unknown_session_lists_known_ones(tiny_data_dir):
    with pytest.raises(DataError, match=r"no session 'nope' .*known: tiny-session"):
        load_inputs(tiny_data_dir, "nope")


def test_yaml_dates_are_accepted_unquoted(tmp_path):
    data_dir = write_collection(tmp_path / "data", statements=TINY_STATEMENTS)
    replace_in_file(data_dir / "sessions" / "tiny-session.yaml", 'value: "2025-01-01"', "value: 2025-01-01")
    session, _, _ = load_inputs(data_dir, "tiny-session")
    assert session.date == "2025-01-01"


def _give_extracted_text(data_dir, text: str) -> None:
    """Record an extracted text file beside the raw one, as ingest does for HTML, PDF and Word."""
    import hashlib

    extracted = data_dir / "raw" / "tiny-session.extracted.txt"
    extracted.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(extracted.read_bytes()).hexdigest()
    replace_in_file(_session_file(data_dir), "publisher: Test,", f"text_file: raw/{extracted.name}, text_sha256: {digest}, format: html, publisher: Test,")


def test_statements_quote_the_extracted_text_when_there_is_one(tiny_data_dir):
    from tiny_data import TINY_RAW

    _give_extracted_text(tiny_data_dir, TINY_RAW)
    session, _, _ = load_inputs(tiny_data_dir, "tiny-session")
    assert session.source_text_file.name == "tiny-session.extracted.txt"
    replace_in_file(tiny_data_dir / "raw" / "tiny-session.extracted.txt", "is essential;", "is vital;")
    error = _error_for(tiny_data_dir)
    assert (error.field, error.line) == ("source.text_sha256", 6)
    assert "tiny-session.extracted.txt" in error.message


def test_a_statement_missing_from_the_extracted_text_is_refused(tiny_data_dir):
    from tiny_data import TINY_RAW

    _give_extracted_text(tiny_data_dir, TINY_RAW.replace("is essential;", "is vital;"))
    error = _error_for(tiny_data_dir)
    assert error.field == "statements[1].text"
    assert "not found in the raw source tiny-session.extracted.txt" in error.message


def test_a_speaker_must_be_a_listed_participant(tiny_data_dir):
    replace_in_file(_session_file(tiny_data_dir), '  - id: s1-bbbbbb\n', '  - id: s1-bbbbbb\n    speaker: ILO\n    speaker_group: un_system\n')
    session, _, _ = load_inputs(tiny_data_dir, "tiny-session")
    assert (session.statements[1].speaker, session.statements[1].speaker_group) == ("ILO", "un_system")
    replace_in_file(_session_file(tiny_data_dir), "speaker: ILO", "speaker: Jane Doe")
    error = _error_for(tiny_data_dir)
    assert error.field == "statements[1].speaker" and "'Jane Doe' is not a listed participant" in error.message


def test_guiding_questions_are_kept_but_not_coded(tiny_data_dir):
    from helpers.analysis.coding import code_session

    replace_in_file(_session_file(tiny_data_dir), '  - id: s1-bbbbbb\n', '  - id: s1-bbbbbb\n    is_question: true\n')
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    assert [s.id for s in session.statements] == ["s1-aaaaaa", "s1-bbbbbb", "s1-cccccc"]
    assert [c.statement.id for c in code_session(session, codebook, stakeholders)] == ["s1-aaaaaa", "s1-cccccc"]
