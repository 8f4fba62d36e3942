"""Corpus selection (--forum, --year, --sdg) and the major_groups scheme, end to end: through
`briefs render` and through the corpus notebook run by papermill, on generated sessions."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.data import paths
from tiny_data import TINY_STAKEHOLDERS, replace_in_file, write_collection, write_generated_session

BIN = Path(sys.executable).parent
MAJOR_GROUPS = """\
  - id: major_groups
    label: Major Groups
    description: Major Groups and other stakeholders.
    groups: [{id: governments, label: Member States}, {id: un_system, label: UN entities}, {id: business_industry, label: Business and Industry}, {id: workers_trade_unions, label: Workers and Trade Unions}, {id: women, label: Women's Major Group}]
    mapping: {governments: governments, un_system: un_system, employers: business_industry, workers: workers_trade_unions, women: women}
"""
# Only "a-2025" is forum A, of 2025 and reviewing SDG 8.
SESSIONS = {
    "a-2024": ("Forum A", "2024-03-01", [8], ["Workers need skills;"]),
    "a-2025": ("Forum A", "2025-03-01", [8], ["Employers and workers agreed on safety;", "Training for governments;"]),
    "b-2025": ("Forum B", "2025-07-01", [8], ["Social dialogue with employers;"]),
    "c-2025": ("Forum A", "2025-09-01", [5], ["Women need training;"]),
}
GOLD = """\
session: a-2025
codebook_version: 0.1.0
reference: ann
codings:
  - coder: ann
    description: Ann, analyst
    coded_on: "2026-11-27"
    method: read against definitions
    statements:
      - {id: s1-000000, issues: [osh, social_dialogue], groups: []}
      - {id: s1-000001, issues: [skills], groups: []}
"""


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    data_dir = write_collection(tmp_path_factory.mktemp("selection") / "data", stakeholders=TINY_STAKEHOLDERS + MAJOR_GROUPS)
    (data_dir / "sessions" / "tiny-session.yaml").unlink()
    for session_id, (forum, date, sdgs, statements) in SESSIONS.items():
        write_generated_session(data_dir, session_id, forum, date, statements)
        replace_in_file(data_dir / "sessions" / f"{session_id}.yaml", "sdgs: [8]", f"sdgs: {sdgs}")
    (data_dir / "gold").mkdir()
    (data_dir / "gold" / "a-2025.yaml").write_text(GOLD, encoding="utf-8")
    return data_dir


def _statement_ids(html: str) -> set[str]:
    return {session_id for session_id in SESSIONS if f"#statement-{session_id}--" in html}


def test_the_command_renders_the_selected_corpus_and_a_session_in_major_groups(collection, tmp_path, capsys):
    out_dir = tmp_path / "reports"
    status = main(["render", "a-2025", "--corpus", "--forum", "Forum A", "--year", "2025", "--sdg", "8", "--scheme", "major_groups", "--data-dir", str(collection), "--out-dir", str(out_dir), "--jobs", "1"])
    assert status == 0, capsys.readouterr().err
    corpus = (out_dir / "corpus" / "brief.html").read_text(encoding="utf-8")
    assert 'Selection</th><td>forum “Forum A”, year 2025, SDG 8</td>' in corpus  # the exported page quotes attributes with "
    assert 'Sessions</th><td>1</td>' in corpus and _statement_ids(corpus) == {"a-2025"}
    assert "Workers and Trade Unions (n=1)" in corpus and "Business and Industry (n=1)" in corpus and "Workers (n=" not in corpus
    brief = (out_dir / "a-2025" / "brief.html").read_text(encoding="utf-8")
    assert "Workers and Trade Unions (n=1)" in brief and "Member States (n=1)" in brief
    # The quality brief of a-2025: the rules do not code "agreed on safety" with social dialogue.
    quality = (out_dir / "a-2025" / "quality.html").read_text(encoding="utf-8")
    assert "<td>s1-000000</td>" in quality and "<td>Social dialogue</td>" in quality
    records = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["briefs"]
    assert records["corpus/brief"]["parameters"] == {"grouping_scheme": "major_groups", "forum": "Forum A", "year": 2025, "sdg": 8}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"forum": "Forum A", "year": 2025, "sdg": 8, "grouping_scheme": "major_groups"}, {"a-2025"}),
        ({"forum": "Forum A"}, {"a-2024", "a-2025", "c-2025"}),
        ({"year": 2025, "sdg": 5}, {"c-2025"}),
    ],
)
def test_the_corpus_notebook_selects_through_papermill(collection, tmp_path, selection, expected):
    executed = tmp_path / "corpus.ipynb"
    parameters = [part for name, value in {"data_dir": str(collection), **selection}.items() for part in ("-p", name, str(value))]
    result = subprocess.run([BIN / "papermill", paths.CORPUS_BRIEF_NOTEBOOK, executed, *parameters, "--no-progress-bar"], capture_output=True, text=True, timeout=300, cwd=paths.NOTEBOOKS_DIR)
    assert result.returncode == 0, result.stderr
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    html = "".join("".join(output.get("data", {}).get("text/html", "")) for cell in notebook["cells"] for output in cell.get("outputs", []))
    assert _statement_ids(html) == expected
    assert f"Sessions</th><td>{len(expected)}</td>" in html
    if selection.get("grouping_scheme") == "major_groups":
        assert "Workers and Trade Unions (n=1)" in html


def test_a_selection_that_matches_nothing_is_one_error_line(collection, tmp_path, capsys):
    status = main(["render", "--corpus", "--forum", "Forum Z", "--data-dir", str(collection), "--out-dir", str(tmp_path / "reports"), "--jobs", "1"])
    assert status == 1
    err = capsys.readouterr().err
    assert "no session matches the selection (forum “Forum Z”)" in err and err.count("\n") == 1
