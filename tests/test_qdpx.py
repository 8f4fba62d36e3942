"""REFI-QDA projects out and human codings back in, checked with libraries we did not write.

The REFI-QDA project schema and an NVivo sample project come from the qualitative-coding
package; pyrefiqda reads our export back; qc (qualitative-coding's command) imports it.
"""

import hashlib
import importlib.resources
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers.analysis.coding import code_session
from helpers.cli import main
from helpers.data.loading import load_inputs
from helpers.data.text import fold_whitespace
from helpers.exchange.codebook import code_guid
from helpers.exchange.qdpx import source_guid
from tiny_data import SEED_SESSION_ID, write_collection

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
REFI_QDA = importlib.resources.files("qualitative_coding") / "refi_qda"

# Non-ASCII before and inside statements (accents, curly quotes, a character outside the Basic
# Multilingual Plane, which UTF-16 counts twice), and statements wrapped over two lines.
UNICODE_RAW = """Forum on \u201cdecent work\u201d \U0001F30D

Organized by the ILO; moderated by Ms. Ana P\u00e9rez.

1. Key issues

- Governments and workers\u2019 organizations stressed skills and
  training;
- Social
  dialogue between employers and workers is essential;
- UN Women called for safety at work for women.
"""
UNICODE_STATEMENTS = [
    (1, "s1-aaaaaa", "Governments and workers\u2019 organizations stressed skills and training;"),
    (1, "s1-bbbbbb", "Social dialogue between employers and workers is essential;"),
    (1, "s1-cccccc", "UN Women called for safety at work for women."),
]


@pytest.fixture
def unicode_data_dir(tmp_path) -> Path:
    return write_collection(tmp_path / "unicode" / "data", raw=UNICODE_RAW, statements=UNICODE_STATEMENTS)


def export(data_dir: Path, output: Path, *session_ids: str) -> Path:
    assert main(["export-qdpx", *session_ids, "--output", str(output), "--data-dir", str(data_dir)]) == 0
    return output


def read_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def snapshot(data_dir: Path) -> dict[str, str]:
    """Every file of a data folder with its sha256, to show that nothing was written."""
    return {str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data_dir.rglob("*")) if p.is_file()}


def evidence_by_span(data_dir: Path, session_id: str) -> list[tuple[str, str]]:
    """(issue id, evidence text) of every code the rules give, in statement order."""
    session, codebook, stakeholders = load_inputs(data_dir, session_id)
    return [(code.issue_id, e.text) for c in code_session(session, codebook, stakeholders) for code in c.issues for e in code.evidence]


# ----------------------------------------------------------------------------- export


def test_export_validates_against_the_refi_qda_project_schema(tmp_path, unicode_data_dir, seed_data_copy):
    import xmlschema

    schema = xmlschema.XMLSchema(str(REFI_QDA / "schema.xsd"))
    for data_dir, session_id in ((seed_data_copy, SEED_SESSION_ID), (unicode_data_dir, "tiny-session")):
        project = read_member(export(data_dir, tmp_path / f"{session_id}.qdpx", session_id), "project.qde")
        schema.validate(project.decode("utf-8"))


def test_pyrefiqda_reads_back_the_same_sources_codes_and_positions(tmp_path, seed_data_copy):
    from pyrefiqda import RefiProject

    path = export(seed_data_copy, tmp_path / "seed.qdpx", SEED_SESSION_ID)
    project = RefiProject.load(path, extract_dir=str(tmp_path / "extracted"))
    session, codebook, _ = load_inputs(seed_data_copy, SEED_SESSION_ID)

    assert [(c.guid, c.name) for c in project.code_book.codes.code] == [(code_guid(i.id), i.label) for i in codebook.issues]
    [source] = project.sources.text_source
    assert (source.guid, source.name) == (source_guid(SEED_SESSION_ID), f"{SEED_SESSION_ID}: {session.title}")
    text = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "extracted").read_text(encoding="utf-8")
    assert text == session.source_text_file.read_text(encoding="utf-8")
    issue_of = {code_guid(i.id): i.id for i in codebook.issues}
    read_back = [(issue_of[c.code_ref.target_guid], text[s.start_position : s.end_position]) for s in source.plain_text_selection for c in s.coding]
    assert sorted(read_back) == sorted(evidence_by_span(seed_data_copy, SEED_SESSION_ID))
    assert [u.name for u in project.users.user] == ["rules (codebook 1.0.0)"]
    assert {s.name for s in project.sets.set} >= {"Forum: ECOSOC Partnership Forum", "Year: 2025", "SDG target 8.8"}


def test_positions_count_code_points_across_accents_curly_quotes_astral_characters_and_wrapped_lines(tmp_path, unicode_data_dir):
    from pyrefiqda import RefiProject

    project = RefiProject.load(export(unicode_data_dir, tmp_path / "tiny.qdpx", "tiny-session"), extract_dir=str(tmp_path / "x"))
    [source] = project.sources.text_source
    text = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "x").read_text(encoding="utf-8")
    assert text == UNICODE_RAW
    selected = sorted(text[s.start_position : s.end_position] for s in project.sources.text_source[0].plain_text_selection if s.coding)
    # Exactly the source's characters; the evidence "Social dialogue" spans a wrapped line there.
    assert selected == sorted(["skills", "training", "Social\n  dialogue", "safety"])
    assert sorted(fold_whitespace(s) for s in selected) == sorted(text for _, text in evidence_by_span(unicode_data_dir, "tiny-session"))
    start_of_training = UNICODE_RAW.index("training")
    assert any(s.start_position == start_of_training for s in source.plain_text_selection)
    # Code points, not UTF-16 units: the globe before it is one character, two UTF-16 units.
    assert len(UNICODE_RAW[:start_of_training].encode("utf-16-le")) // 2 == start_of_training + 1


def test_the_same_inputs_give_the_same_bytes(tmp_path, seed_data_copy):
    first = export(seed_data_copy, tmp_path / "a.qdpx", SEED_SESSION_ID).read_bytes()
    second = export(seed_data_copy, tmp_path / "b.qdpx", "--all").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["project.qde", f"sources/{source_guid(SEED_SESSION_ID)}.txt"]
    assert {i.date_time for i in infos} == {(2025, 2, 5, 0, 0, 0)}  # the session's date, not the clock


def test_a_blind_export_has_the_sources_codes_and_cases_but_no_coding(tmp_path, seed_data_copy, capsys):
    path = tmp_path / "blind.qdpx"
    assert main(["export-qdpx", SEED_SESSION_ID, "--blind", "--output", str(path), "--data-dir", str(seed_data_copy)]) == 0
    assert "0 selections, codings: 0 by rules (codebook 1.0.0); 20 cases" in capsys.readouterr().out
    root = etree.fromstring(read_member(path, "project.qde"))
    assert len(root.findall(f"{Q}CodeBook/{Q}Codes/{Q}Code")) == 20 and root.find(f"{Q}Sources/{Q}TextSource") is not None
    assert list(root.iter(f"{Q}Coding")) == []


def test_export_puts_cases_for_groups_and_participants_with_their_variables(tmp_path, seed_data_copy):
    root = etree.fromstring(read_member(export(seed_data_copy, tmp_path / "s.qdpx", SEED_SESSION_ID), "project.qde"))
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{Q}Variable")}
    cases = {
        c.get("name"): {variables[v.find(f"{Q}VariableRef").get("targetGUID")]: v.find(f"{Q}TextValue").text for v in c.iter(f"{Q}VariableValue")}
        for c in root.iter(f"{Q}Case")
    }
    assert cases["Paola Simonetti"] == {"Stakeholder group": "Workers", "Role": "speaker", "Organisation": "ITUC"}
    assert cases["Workers"] == {"Stakeholder group": "Workers"}
    assert cases["ILO"] == {"Stakeholder group": "UN system", "Role": "organiser", "Organisation": "ILO"}


def test_analysts_overrides_are_codings_by_their_own_users(tmp_path, seed_data_copy):
    session_file = seed_data_copy / "sessions" / f"{SEED_SESSION_ID}.yaml"
    session_file.write_text(
        session_file.read_text(encoding="utf-8")
        + "overrides:\n  - {statement: s3-3c3ee6, add_issues: [osh], remove_issues: [partnerships], reason: a test correction, by: Ana P\u00e9rez}\n",
        encoding="utf-8",
    )
    root = etree.fromstring(read_member(export(seed_data_copy, tmp_path / "s.qdpx", SEED_SESSION_ID), "project.qde"))
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{Q}User")}
    assert sorted(users.values()) == ["Ana P\u00e9rez", "rules (codebook 1.0.0)"]
    statement_codings = [
        (users[c.get("creatingUser")], c.find(f"{Q}CodeRef").get("targetGUID"))
        for s in root.iter(f"{Q}PlainTextSelection") if s.get("name").startswith("s3-3c3ee6")
        for c in s.iter(f"{Q}Coding")
    ]
    assert ("Ana P\u00e9rez", code_guid("osh")) in statement_codings
    assert all(code != code_guid("partnerships") for _, code in statement_codings)  # removed by the override


def test_qc_of_qualitative_coding_imports_the_export(tmp_path, seed_data_copy, monkeypatch):
    from qualitative_coding.corpus import QCCorpus

    path = export(seed_data_copy, tmp_path / "seed.qdpx", SEED_SESSION_ID)
    project_dir = tmp_path / "qc"
    project_dir.mkdir()
    qc = Path(sys.executable).parent / "qc"
    # qc 1.7.8 left a breakpoint() in its importer; PYTHONBREAKPOINT=0 is Python's switch to skip it.
    result = subprocess.run([qc, "init", "--import", str(path)], cwd=project_dir, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONBREAKPOINT": "0"}, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    session, codebook, stakeholders = load_inputs(seed_data_copy, SEED_SESSION_ID)
    [corpus_file] = (project_dir / "corpus").iterdir()
    assert corpus_file.read_text(encoding="utf-8") == session.source_text_file.read_text(encoding="utf-8")
    monkeypatch.chdir(project_dir)
    corpus = QCCorpus(project_dir / "settings.yaml")
    with corpus.session():
        assert sorted(corpus.get_codes()) == sorted(i.label for i in codebook.issues)
        assert [c.name for c in corpus.get_all_coders()] == ["rules (codebook 1.0.0)"]
        coded = {line[0] for line in corpus.get_coded_lines()}
    assert coded == {codebook.label_of(i) for c in code_session(session, codebook, stakeholders) for i in c.issue_ids}


# ----------------------------------------------------------------------------- import


def rezip(original: Path, target: Path, project_xml: bytes) -> Path:
    """The archive with its project.qde replaced, as a QDA tool writes it back."""
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, project_xml if info.filename == "project.qde" else source.read(info))
    return target


def selection(start: int, end: int, code: str, user: str, number: int) -> etree._Element:
    element = etree.Element(f"{Q}PlainTextSelection", guid=f"00000000-0000-4000-8000-{number:012d}", name="by hand", startPosition=str(start), endPosition=str(end), creatingUser=user)
    coding = etree.SubElement(element, f"{Q}Coding", guid=f"00000000-0000-4000-9000-{number:012d}", creatingUser=user, creationDateTime="2026-12-01T10:00:00Z")
    etree.SubElement(coding, f"{Q}CodeRef", targetGUID=code)
    return element


def test_round_trip_a_coder_adds_removes_and_moves_selections_and_evaluate_shows_exactly_those(tmp_path, seed_data_copy, capsys):
    exported = export(seed_data_copy, tmp_path / "seed.qdpx", SEED_SESSION_ID)
    root = etree.fromstring(read_member(exported, "project.qde"))
    session, codebook, stakeholders = load_inputs(seed_data_copy, SEED_SESSION_ID)
    text = session.source_text_file.read_text(encoding="utf-8")
    statement_span = {s.id: (text.index(s.text), text.index(s.text) + len(s.text)) for s in session.statements}
    source = root.find(f"{Q}Sources/{Q}TextSource")
    user = root.find(f"{Q}Users/{Q}User").get("guid")
    issue_of = {code_guid(i.id): i.id for i in codebook.issues}
    rules = {c.statement.id: set(c.issue_ids) for c in code_session(session, codebook, stakeholders)}
    # Selections that alone carry their code on their statement: removing or moving one changes the coding.
    pairs = [(s.get("name").split(":")[0], issue_of[c.find(f"{Q}CodeRef").get("targetGUID")]) for s in source.iter(f"{Q}PlainTextSelection") for c in s.iter(f"{Q}Coding")]
    single = [s for s in source.iter(f"{Q}PlainTextSelection") if len(s) == 1 and pairs.count((s.get("name").split(":")[0], issue_of[s[0][0].get("targetGUID")])) == 1]
    removed, moved = single[0], next(s for s in single[1:] if s.get("name").split(":")[0] != single[0].get("name").split(":")[0])
    removed_at, removed_issue = removed.get("name").split(":")[0], issue_of[removed[0][0].get("targetGUID")]
    moved_from, moved_issue = moved.get("name").split(":")[0], issue_of[moved[0][0].get("targetGUID")]
    moved_to = next(s for s in rules if moved_issue not in rules[s] and s not in (removed_at, moved_from))
    added_at = next(s for s in rules if "osh" not in rules[s] and s not in (removed_at, moved_from, moved_to))

    source.remove(removed)
    moved.set("startPosition", str(statement_span[moved_to][0] + 4))
    moved.set("endPosition", str(statement_span[moved_to][0] + 12))
    source.append(selection(statement_span[added_at][0], statement_span[added_at][0] + 10, code_guid("osh"), user, 1))
    edited = rezip(exported, tmp_path / "coded.qdpx", etree.tostring(root, xml_declaration=True, encoding="utf-8"))

    assert main(["import-qdpx", str(edited), "--coder", "ana", "--data-dir", str(seed_data_copy)]) == 0
    report = capsys.readouterr().out
    assert "the reference coding is now ana (human), it was consensus (automated)" in report
    assert main(["evaluate", SEED_SESSION_ID, "--data-dir", str(seed_data_copy)]) == 0
    shown = capsys.readouterr().out
    label = codebook.label_of
    expected = {
        f"  {removed_at}: rules only: {label(removed_issue)}; ana only: -",
        f"  {moved_from}: rules only: {label(moved_issue)}; ana only: -",
        f"  {moved_to}: rules only: -; ana only: {label(moved_issue)}",
        f"  {added_at}: rules only: -; ana only: {label('osh')}",
    }
    assert "disagreements with ana: 4 statement(s)" in shown
    assert {line for line in shown.splitlines() if line.startswith("  s")} == expected
    assert "reference coding: ana (human;" in shown and "1 human coding (ana)" in shown


def test_two_human_coders_are_compared_with_each_other(tmp_path, seed_data_copy, capsys):
    exported = export(seed_data_copy, tmp_path / "seed.qdpx", SEED_SESSION_ID)
    root = etree.fromstring(read_member(exported, "project.qde"))
    source = root.find(f"{Q}Sources/{Q}TextSource")
    source.remove(source.find(f"{Q}PlainTextSelection"))
    second = rezip(exported, tmp_path / "bo.qdpx", etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    assert main(["import-qdpx", str(exported), "--coder", "ana", "--description", "Ana P\u00e9rez, ILO analyst", "--data-dir", str(seed_data_copy)]) == 0
    assert main(["import-qdpx", str(second), "--coder", "bo", "--data-dir", str(seed_data_copy)]) == 0
    capsys.readouterr()
    assert main(["evaluate", SEED_SESSION_ID, "--data-dir", str(seed_data_copy)]) == 0
    shown = capsys.readouterr().out
    assert "2 human codings (ana, bo); the rules are evaluated against ana (human)." in shown
    assert "Human against human: ana and bo: alpha" in shown
    assert "Ana P\u00e9rez, ILO analyst" in (seed_data_copy / "gold" / f"{SEED_SESSION_ID}.yaml").read_text(encoding="utf-8")


def test_import_as_overrides_records_the_differences_by_the_coder(tmp_path, seed_data_copy, capsys):
    exported = export(seed_data_copy, tmp_path / "seed.qdpx", SEED_SESSION_ID)
    root = etree.fromstring(read_member(exported, "project.qde"))
    session, codebook, stakeholders = load_inputs(seed_data_copy, SEED_SESSION_ID)
    text = session.source_text_file.read_text(encoding="utf-8")
    start = text.index("The involvement of the private sector")
    source = root.find(f"{Q}Sources/{Q}TextSource")
    source.append(selection(start, start + 15, code_guid("osh"), root.find(f"{Q}Users/{Q}User").get("guid"), 2))
    edited = rezip(exported, tmp_path / "reviewed.qdpx", etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    gold_before = (seed_data_copy / "gold" / f"{SEED_SESSION_ID}.yaml").read_bytes()

    assert main(["import-qdpx", str(edited), "--coder", "ana", "--as", "overrides", "--data-dir", str(seed_data_copy)]) == 0
    assert "s3-3c3ee6: add osh; remove -" in capsys.readouterr().out
    session, _, _ = load_inputs(seed_data_copy, SEED_SESSION_ID)
    [override] = session.overrides
    assert (override.statement_id, override.add_issues, override.remove_issues, override.by) == ("s3-3c3ee6", ("osh",), (), "ana")
    assert (seed_data_copy / "gold" / f"{SEED_SESSION_ID}.yaml").read_bytes() == gold_before
    # Importing the same review again finds no difference left to record.
    assert main(["import-qdpx", str(edited), "--coder", "ana", "--as", "overrides", "--data-dir", str(seed_data_copy)]) == 0
    assert "no difference from the current coding" in capsys.readouterr().out


def test_user_takes_only_that_users_codings(tmp_path, seed_data_copy, capsys):
    session_file = seed_data_copy / "sessions" / f"{SEED_SESSION_ID}.yaml"
    session_file.write_text(session_file.read_text(encoding="utf-8") + "overrides:\n  - {statement: s3-3c3ee6, add_issues: [osh], reason: a test correction, by: Bo}\n", encoding="utf-8")
    exported = export(seed_data_copy, tmp_path / "seed.qdpx", SEED_SESSION_ID)
    assert main(["import-qdpx", str(exported), "--coder", "bo", "--user", "Bo", "--data-dir", str(seed_data_copy)]) == 0
    assert "1 coding(s) give 1 statement code(s) on 1 of 16 statements" in capsys.readouterr().out
    assert main(["import-qdpx", str(exported), "--coder", "bo", "--user", "Nobody", "--replace", "--data-dir", str(seed_data_copy)]) == 1
    assert capsys.readouterr().err == f"error: {exported}: no user 'Nobody' in the project (users: Bo, rules (codebook 1.0.0))\n"


def test_codes_match_by_name_and_whatever_does_not_match_is_listed(tmp_path, unicode_data_dir, capsys):
    exported = export(unicode_data_dir, tmp_path / "tiny.qdpx", "tiny-session")
    root = etree.fromstring(read_member(exported, "project.qde"))
    codes = root.find(f"{Q}CodeBook/{Q}Codes")
    etree.SubElement(codes, f"{Q}Code", guid="11111111-1111-4111-8111-111111111111", name="safety and health", isCodable="true")  # our label, another guid
    etree.SubElement(codes, f"{Q}Code", guid="22222222-2222-4222-8222-222222222222", name="Resilience", isCodable="true")
    source = root.find(f"{Q}Sources/{Q}TextSource")
    for selection_element in list(source.iter(f"{Q}PlainTextSelection")):
        source.remove(selection_element)
    second_statement = UNICODE_RAW.index("Social")
    source.append(selection(second_statement, second_statement + 6, "11111111-1111-4111-8111-111111111111", "", 3))
    source.append(selection(second_statement, second_statement + 6, "22222222-2222-4222-8222-222222222222", "", 4))
    source.append(selection(0, 10, code_guid("skills"), "", 5))  # the title line: no statement there
    edited = rezip(exported, tmp_path / "coded.qdpx", etree.tostring(root, xml_declaration=True, encoding="utf-8"))

    assert main(["import-qdpx", str(edited), "--coder", "ana", "--data-dir", str(unicode_data_dir)]) == 0
    report = capsys.readouterr().out
    assert "1 code(s) with no guid or name of codebook 0.1.0: 'Resilience'" in report
    assert "codes matched by name, not by guid: 'safety and health' -> osh" in report
    assert f"selection by hand 0-10 in tiny-session ({fold_whitespace(UNICODE_RAW[:10])!r}): outside every statement; skipped" in report
    gold = (unicode_data_dir / "gold" / "tiny-session.yaml").read_text(encoding="utf-8")
    assert "- id: s1-bbbbbb\n        issues: [osh]" in gold and "issues: [skills]" not in gold
    assert "kind: human" in gold and "reference: ana" in gold


def test_the_nvivo_sample_project_imports_with_what_did_not_match_reported(tmp_path, seed_data_copy, capsys):
    before = snapshot(seed_data_copy)
    sample = tmp_path / "nvivo_project.qdpx"
    sample.write_bytes((REFI_QDA / "nvivo_project.qdpx").read_bytes())
    with zipfile.ZipFile(sample) as archive:
        their_codes = [c.get("name") for c in etree.fromstring(archive.read("project.qde")).iter(f"{Q}Code")]

    assert main(["import-qdpx", str(sample), "--coder", "ana", "--data-dir", str(seed_data_copy)]) == 0
    report = capsys.readouterr().out
    assert report.splitlines()[0] == f"{sample}: REFI-QDA project from NVivo for Mac 15.0.0: 2 user(s), {len(their_codes)} code(s), 2 source(s), 0 selection(s) with 0 coding(s)"
    # One of NVivo's codes is named like one of our issue ids; every other code matches none of ours.
    assert "codes matched by name, not by guid: 'digital_divide' -> digital_divide" in report
    assert f"not matched, skipped (2 source, selection or coding item(s); {len(their_codes) - 1} code(s)):" in report
    assert f"  {len(their_codes) - 1} code(s) with no guid or name of codebook 1.0.0: 'rq1_definition', 'competencies', 'programming'," in report
    assert "source '66653866-6334-3535-3435-366637306566': not one of our sessions (no source guid, name or text matches); its 0 selection(s) with 0 coding(s) skipped" in report
    assert report.rstrip().endswith("nothing written: no source of this project is one of our sessions")
    assert snapshot(seed_data_copy) == before


# ----------------------------------------------------------------------------- bad input


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def minimal_project(source_path: str = "internal://a.txt") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="p"><Sources>'
        f'<TextSource guid="{source_guid(SEED_SESSION_ID)}" name="x" plainTextPath="{source_path}"/></Sources></Project>'
    ).encode()


def zip_bomb_source(path: Path, megabytes: int) -> Path:
    """A small archive whose one source inflates to ``megabytes`` of zeros, written in chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", minimal_project())
        with archive.open("sources/a.txt", "w", force_zip64=True) as stream:
            for _ in range(megabytes):
                stream.write(bytes(1024 * 1024))
    return path


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<Project xmlns="{NS}" name="p"><Description>&xxe;</Description></Project>'
    ).encode()
    not_a_zip = tmp_path / "notes.qdpx"
    not_a_zip.write_text("These are my coding notes, not a project.", encoding="utf-8")
    return {
        "not a zip": (not_a_zip, "not a REFI-QDA project: a .qdpx is a zip archive, and this file is not one"),
        "zip bomb": (zip_bomb_source(tmp_path / "bomb.qdpx", 64), "unpacks to 64.0 MB (limit 5 MB): refused as a possible zip bomb"),
        "member escaping the folder": (write_zip(tmp_path / "escape.qdpx", {"project.qde": minimal_project(), "../outside.txt": b"x"}),
                                       "archive member '../outside.txt' points outside the archive's folder: refused, nothing read"),
        "source path escaping the folder": (write_zip(tmp_path / "escape2.qdpx", {"project.qde": minimal_project("internal://../../secret.txt")}),
                                            "source path internal://../../secret.txt points outside the archive's folder: refused, nothing read"),
        "external entity": (write_zip(tmp_path / "xxe.qdpx", {"project.qde": xxe}), "declares a DTD (<!DOCTYPE ...>)"),
        "binary source": (write_zip(tmp_path / "binary.qdpx", {"project.qde": minimal_project(), "sources/a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}),
                          "binary content (byte 0x00 at offset 8): a plain-text source must be UTF-8 text"),
        "no project.qde": (write_zip(tmp_path / "empty.qdpx", {"sources/a.txt": b"text"}), "not a REFI-QDA project: no project.qde at the top of the archive"),
        "another XML": (write_zip(tmp_path / "other.qdpx", {"project.qde": b"<html><body>hi</body></html>"}), "not a REFI-QDA project: the root element is 'html'"),
    }


@pytest.mark.parametrize("case", ["not a zip", "zip bomb", "member escaping the folder", "source path escaping the folder", "external entity", "binary source", "no project.qde", "another XML"])
def test_bad_projects_get_one_clear_error_and_nothing_is_written(tmp_path, seed_data_copy, capsys, case):
    import tracemalloc

    path, message = bad_inputs(tmp_path)[case]
    before = snapshot(seed_data_copy)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    tracemalloc.start()
    status = main(["import-qdpx", str(path), "--coder", "ana", "--data-dir", str(seed_data_copy)])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(f"error: {path}") and message in line, line
    assert "TOP-SECRET-CONTENT" not in captured.err
    assert snapshot(seed_data_copy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # nothing unpacked beside the archive
    assert peak < 20 * 1024 * 1024  # a bomb is refused before it is inflated


def test_export_refuses_a_file_name_that_is_not_qdpx_and_an_empty_selection(tmp_path, seed_data_copy, capsys):
    assert main(["export-qdpx", SEED_SESSION_ID, "--output", str(tmp_path / "seed.zip"), "--data-dir", str(seed_data_copy)]) == 1
    assert main(["export-qdpx", "--output", str(tmp_path / "seed.qdpx"), "--data-dir", str(seed_data_copy)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [f"error: {tmp_path / 'seed.zip'}: the output must end in .qdpx, the extension QDA tools open", f"error: {seed_data_copy}: name the sessions to export, or use --all"]
    assert list(tmp_path.glob("seed.*")) == []


def test_a_coder_name_that_is_not_an_id_is_refused(tmp_path, seed_data_copy, capsys):
    exported = export(seed_data_copy, tmp_path / "seed.qdpx", SEED_SESSION_ID)
    assert main(["import-qdpx", str(exported), "--coder", "Ana P\u00e9rez", "--data-dir", str(seed_data_copy)]) == 1
    assert "is not an id: use lowercase letters, digits and _" in capsys.readouterr().err



def test_a_tool_that_rewrote_line_endings_still_places_selections_exactly(tmp_path, unicode_data_dir, capsys):
    exported = export(unicode_data_dir, tmp_path / "tiny.qdpx", "tiny-session")
    root = etree.fromstring(read_member(exported, "project.qde"))
    source = root.find(f"{Q}Sources/{Q}TextSource")
    for element in list(source.iter(f"{Q}PlainTextSelection")):
        source.remove(element)
    windows_text = UNICODE_RAW.replace("\n", "\r\n")
    start = windows_text.index("safety")
    source.append(selection(start, start + len("safety"), code_guid("skills"), "", 6))
    member = f"sources/{source_guid('tiny-session')}.txt"
    edited = tmp_path / "windows.qdpx"
    with zipfile.ZipFile(exported) as original, zipfile.ZipFile(edited, "w") as out:
        out.writestr("project.qde", etree.tostring(root, xml_declaration=True, encoding="utf-8"))
        out.writestr(member, windows_text.encode("utf-8"))
        assert original.read(member).decode("utf-8") == UNICODE_RAW

    assert main(["import-qdpx", str(edited), "--coder", "ana", "--data-dir", str(unicode_data_dir)]) == 0
    assert "1 coding(s) give 1 statement code(s) on 1 of 3 statements" in capsys.readouterr().out
    gold = (unicode_data_dir / "gold" / "tiny-session.yaml").read_text(encoding="utf-8")
    assert "- id: s1-cccccc\n        issues: [skills]" in gold


def test_a_statement_quoted_twice_is_placed_in_reading_order():
    from helpers.data.model import Statement
    from helpers.exchange.positions import locate_statements

    text = "1. Issues\n- Decent work for all.\n2. Recommendations\n- Decent work\n  for all.\n"
    first, second = locate_statements(text, [Statement("s1-aaaaaa", 1, "Decent work for all."), Statement("s2-bbbbbb", 2, "Decent work for all.")])
    assert text[first.start : first.end] == "Decent work for all."
    assert text[second.start : second.end] == "Decent work\n  for all."
    start, end = second.source_range(12, 19)
    assert text[start:end] == "for all"


def test_import_reads_only_the_sessions_a_source_matches(tmp_path, unicode_data_dir, capsys):
    """A folder of many sessions: a project's source is matched by guid from the session ids, so another session's
    file is never read (here one that does not even load would have stopped the import)."""
    exported = export(unicode_data_dir, tmp_path / "tiny.qdpx", "tiny-session")
    (unicode_data_dir / "sessions" / "other-session.yaml").write_text("id: other-session\nnot: a valid session\n", encoding="utf-8")
    assert main(["import-qdpx", str(exported), "--coder", "ana", "--data-dir", str(unicode_data_dir)]) == 0, capsys.readouterr().err
    assert "tiny-session" in capsys.readouterr().out and (unicode_data_dir / "gold" / "tiny-session.yaml").is_file()
