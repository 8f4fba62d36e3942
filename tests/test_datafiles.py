"""The data files beside every brief: read back with pandas, they agree with the brief's own counts."""

import io
import json
import re
from collections import Counter

import pandas as pd
import pytest

from helpers.analysis.coding import code_session
from helpers.analysis.tables import count_issues, count_issues_by_group, count_issues_by_speaker_group, scheme_of
from helpers.briefs.datafiles import STATEMENT_COLUMNS
from helpers.data import paths
from helpers.data.loading import load_inputs

SEED_ID = "ecosoc-pf-2025-sdg8"


def read_both(folder, name="statements") -> pd.DataFrame:
    """The CSV and the Parquet file, checked to hold the same table; returns the Parquet one."""
    from_csv = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    from_parquet = pd.read_parquet(folder / f"{name}.parquet")
    as_text = from_parquet.astype(object).where(from_parquet.notna(), "").astype(str)
    pd.testing.assert_frame_equal(as_text, from_csv, check_dtype=False)
    return from_parquet


def split(column: pd.Series) -> list[list[str]]:
    return [value.split(";") if value else [] for value in column]


def test_the_seed_data_files_agree_with_the_brief(seed_brief):
    table = read_both(seed_brief)
    assert table.columns.tolist() == STATEMENT_COLUMNS
    session, codebook, stakeholders = load_inputs(None, SEED_ID)
    coded = code_session(session, codebook, stakeholders)
    assert table["statement_id"].tolist() == [c.statement.id for c in coded]
    assert len(table) == 16 and table["reference"].tolist()[:3] == ["2.1", "2.2", "2.3"]

    # Statements per issue: the brief's issues table, and the numbers its HTML shows.
    per_issue = Counter(issue for issues in split(table["issue_ids"]) for issue in issues)
    assert per_issue == dict(zip(count_issues(coded, codebook)["issue_id"], count_issues(coded, codebook)["n_statements"]))
    html = (seed_brief / "brief.html").read_text(encoding="utf-8")
    issues_table = next(t for t in pd.read_html(io.StringIO(html), flavor="lxml") if "Which statements" in t.columns)
    labels = {i.id: i.label for i in codebook.issues}
    assert dict(zip(issues_table["Issue"], issues_table["Statements"])) == {labels[i]: n for i, n in per_issue.items()}

    # The mention lens: statements naming each group (in the brief's scheme) and raising each issue.
    scheme = scheme_of(stakeholders, "fine")
    pairs = Counter((issue, group) for issues, groups in zip(split(table["issue_ids"]), split(table["scheme_groups_named"])) for issue in issues for group in groups)
    expected = count_issues_by_group(coded, codebook, scheme)
    assert {(r.issue_id, r.group_id): r.n_statements for r in expected.itertuples() if r.n_statements} == dict(pairs)
    assert set(table["speaker_scheme_group"]) == {"unattributed"} and table["speaker"].isna().all()


def test_evidence_offsets_point_at_the_words_in_the_text(seed_brief):
    table = read_both(seed_brief)
    checked = 0
    for text, issue_evidence, group_evidence in zip(table["text"], table["issue_evidence"], table["group_evidence"]):
        for evidence in json.loads(issue_evidence) + json.loads(group_evidence):
            assert text[evidence["start"] : evidence["end"]] == evidence["words"]
            checked += 1
    assert checked > 50
    assert json.loads(table.set_index("reference").at["2.4", "issue_evidence"])[0] == {"issue_id": "skills", "words": "skills", "start": 93, "end": 99}


def test_the_corpus_data_files_hold_every_statement_with_its_lenses(rendered_reports):
    table = read_both(rendered_reports / "corpus")
    assert table["session_id"].unique().tolist() == [SEED_ID] and len(table) == 16
    assert table["year"].unique().tolist() == ["2025"] and table["forum"].unique().tolist() == ["ECOSOC Partnership Forum"]


def test_the_quality_scores_are_beside_the_quality_brief(seed_brief):
    scores = read_both(seed_brief, "quality_scores")
    assert scores.columns.tolist() == ["issue_id", "precision", "recall", "f1", "support", "n_predicted", "kappa"]
    assert scores["issue_id"].tolist()[-2:] == ["micro_average", "macro_average"] and len(scores) == 22


@pytest.fixture
def attributed_data(tiny_data_dir, tmp_path):
    """The tiny session with statement b said by an employers' speaker, rendered with its data files."""
    from helpers.rendering.render import render_session_briefs

    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    text = session_file.read_text(encoding="utf-8")
    session_file.write_text(text.replace('    text: "Social dialogue', '    speaker_group: employers\n    text: "Social dialogue'), encoding="utf-8")
    rendered = render_session_briefs("tiny-session", tiny_data_dir, tmp_path / "reports", "tripartite")[0]
    return tiny_data_dir, rendered.html_path.parent


def test_the_voice_lens_counts_agree_with_the_data_files(attributed_data):
    data_dir, folder = attributed_data
    table = read_both(folder)
    assert table["speaker_group"].fillna("").tolist() == ["", "employers", ""]
    assert table["speaker_scheme_group"].tolist() == ["unattributed", "employers", "unattributed"]
    assert table["scheme_groups_named"].tolist() == ["governments;workers", "employers;workers", "other"]  # tripartite
    session, codebook, stakeholders = load_inputs(data_dir, "tiny-session")
    voice = count_issues_by_speaker_group(code_session(session, codebook, stakeholders), codebook, scheme_of(stakeholders, "tripartite"))
    pairs = Counter((issue, group) for issues, group in zip(split(table["issue_ids"]), table["speaker_scheme_group"]) for issue in issues)
    assert {(r.issue_id, r.group_id): r.n_statements for r in voice.itertuples() if r.n_statements} == dict(pairs)


def test_the_readme_describes_every_column():
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The data files") :]
    described = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert described[: len(STATEMENT_COLUMNS)] == STATEMENT_COLUMNS
