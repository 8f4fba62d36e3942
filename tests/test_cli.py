"""The `briefs` command as scripts use it: list, export, validate, and errors with exit status 1."""

import json

from helpers.cli import main
from helpers.rendering.render import write_files_atomically


def _run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_list_prints_session_ids(capsys, tiny_data_dir):
    assert _run(capsys, "list", "--data-dir", str(tiny_data_dir)) == (0, "tiny-session\n", "")


def test_list_of_the_project_data(capsys):
    status, out, _ = _run(capsys, "list")
    assert status == 0 and out.splitlines() == ["ecosoc-pf-2025-sdg8"]


def test_export_gives_coded_statements_as_json(capsys, tiny_data_dir):
    status, out, _ = _run(capsys, "export", "tiny-session", "--data-dir", str(tiny_data_dir))
    assert status == 0
    exported = json.loads(out)
    assert set(exported) == {"session", "participants", "statements"}
    assert exported["session"]["id"] == "tiny-session"
    assert exported["participants"] == [{"name": None, "title": None, "organisation": "ILO", "role": "organiser", "group": "un_system", "group_reason": None}]
    first = exported["statements"][0]
    assert first["id"] == "s1-aaaaaa" and first["section"] == 1
    assert first["issues"] == [
        {"id": "skills", "evidence": [{"text": "skills", "start": 48, "end": 54}, {"text": "training", "start": 59, "end": 67}]}
    ]
    assert first["groups"] == ["governments", "workers"]
    assert (first["speaker"], first["speaker_group"], first["is_question"]) == (None, None, False)


def test_validate_reports_a_valid_collection(capsys, tiny_data_dir):
    status, out, _ = _run(capsys, "validate", "--data-dir", str(tiny_data_dir))
    assert status == 0
    assert out.endswith("codebook, stakeholders, forums, countries and 1 session(s) are valid\n")


def test_validate_names_file_line_and_field_and_exits_1(capsys, tiny_data_dir):
    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    session_file.write_text(session_file.read_text(encoding="utf-8").replace("sdgs: [8]", "sdgs: [18]"), encoding="utf-8")
    status, out, err = _run(capsys, "validate", "--data-dir", str(tiny_data_dir))
    assert status == 1 and out == ""
    assert err == f"error: {session_file}:4: sdgs[0]: 18 is greater than the maximum of 17\n"


def test_render_of_an_unknown_session_fails_cleanly(capsys, tiny_data_dir, tmp_path):
    status, _, err = _run(capsys, "render", "no-such-session", "--data-dir", str(tiny_data_dir), "--out-dir", str(tmp_path / "out"))
    assert status == 1
    assert "no session 'no-such-session'" in err
    assert not (tmp_path / "out").exists()


def test_atomic_write_replaces_nothing_when_one_file_fails(tmp_path):
    good = tmp_path / "brief.html"
    good.write_text("previous good brief", encoding="utf-8")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    try:
        write_files_atomically({good: b"new brief", blocked / "brief.pdf": b"%PDF"})
    except OSError:
        pass
    else:
        raise AssertionError("expected the second write to fail")
    assert good.read_text(encoding="utf-8") == "previous good brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html", "not-a-folder"]
