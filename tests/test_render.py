"""End to end: papermill runs the real notebook, and the HTML and PDF briefs show the helpers' numbers.

These tests start real kernels, so each rendering is done once per module and shared.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import paths
from helpers.analysis.coding import code_session
from helpers.data.loading import load_inputs
from helpers.analysis.tables import count_issues, count_issues_by_group, count_participants_by_group_and_role, scheme_of

SEED_ID = "ecosoc-pf-2025-sdg8"
BIN = Path(sys.executable).parent
HEADINGS = [
    "Key findings",
    "Who took part (voice lens)",
    "Issues raised, most frequent first",
    "Issues across stakeholder groups (mention lens)",
    "Issues by who said them (voice lens)",
    "Issues raised together",
    "Method note",
    "Annex: participants as listed",
    "Annex: statements and their codes",
    "Statements behind each count",
]


@pytest.fixture(scope="module")
def seed_tables():
    session, codebook, stakeholders = load_inputs(None, SEED_ID)
    coded = code_session(session, codebook, stakeholders)
    scheme = scheme_of(stakeholders, "fine")
    issue_counts = count_issues(coded, codebook)
    # The mention table as the brief must show it, built from the long counts (not with the brief's own table builder):
    # groups with most statements first, issues in frequency order, "count (share %)" or "0".
    long = count_issues_by_group(coded, codebook, scheme)
    groups = long.drop_duplicates("group_id").sort_values("n_group_statements", ascending=False, kind="stable")
    cells = long.set_index(["issue_id", "group_id"])
    labels = long.drop_duplicates("issue_id").set_index("issue_id")["issue"]
    by_group = pd.DataFrame(
        {"Issue": [labels[i] for i in issue_counts["issue_id"]]}
        | {
            f"{group.group} (n={group.n_group_statements})": [
                f"{cells.at[(i, group.group_id), 'n_statements']} ({cells.at[(i, group.group_id), 'share_pct']:.0f}%)" if cells.at[(i, group.group_id), "n_statements"] else "0"
                for i in issue_counts["issue_id"]
            ]
            for group in groups.itertuples()
        }
    )
    return {
        "issues": issue_counts,
        "by_group": by_group,
        "participation": count_participants_by_group_and_role(session.participants, scheme),
        "title": session.title,
    }


def _html_tables(html: str) -> list[pd.DataFrame]:
    return pd.read_html(io.StringIO(html), flavor="lxml")


def test_html_brief_shows_sections_and_no_code_or_errors(seed_brief):
    html = (seed_brief / "brief.html").read_text(encoding="utf-8")
    for heading in HEADINGS:
        assert f">{heading}<" in html, heading
    notebook = json.loads(paths.SESSION_BRIEF_NOTEBOOK.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert "".join(cell["source"]).splitlines()[0] not in html
    assert "jp-InputArea-editor" not in html and "highlight hl-ipython3" not in html
    assert "application/vnd.jupyter.stderr" not in html and "Traceback" not in html and "jp-OutputArea-error" not in html
    assert "<script" not in html and "https://" not in html  # self-contained


def test_html_tables_show_the_helpers_numbers(seed_brief, seed_tables):
    tables = _html_tables((seed_brief / "brief.html").read_text(encoding="utf-8"))
    issues = next(t for t in tables if list(t.columns) == ["Issue", "Statements", "Share of statements (%)", "Which statements"])
    expected = seed_tables["issues"]
    assert issues["Issue"].tolist() == expected["issue"].tolist()
    assert issues["Statements"].tolist() == expected["n_statements"].tolist()
    assert issues["Share of statements (%)"].tolist() == expected["share_pct"].tolist()

    by_group = next(t for t in tables if list(t.columns) == list(seed_tables["by_group"].columns))
    pd.testing.assert_frame_equal(by_group.astype(str), seed_tables["by_group"].astype(str))

    participation = next(t for t in tables if "Speakers" in t.columns)
    assert participation["Participants"].tolist()[:-1] == seed_tables["participation"]["n_participants"].tolist()
    assert participation.iloc[-1].tolist()[0] == "Total" and participation["Participants"].iloc[-1] == 14
    # The seed's top issue, checked against the data by hand: 7 of 16 statements raise skills
    # (2.3, 2.4, 3.2, 3.5, 4.2, 4.3, 4.4).
    assert issues.iloc[0].tolist() == ["Skills and education", 7, 43.8, "2.3, 2.4, 3.2, 3.5, 4.2, 4.3, 4.4"]


@pytest.mark.parametrize(("name", "title"), [("ecosoc-pf-2025-sdg8/quality.pdf", "How the coding rules compare with the gold standard's coders"), ("corpus/brief.pdf", "Issues across sessions")])
def test_every_pdf_is_a4_searchable_and_paged(rendered_reports, name, title):
    pdf = rendered_reports / name
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert title in text and f"Page {pages} of {pages}" in text


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext separates pages with form feeds)."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_pdf_is_a_brief_findings_first_body_in_four_pages_whole_in_eight(seed_brief, seed_tables):
    pdf = seed_brief / "brief.pdf"
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    pages = pdf_pages(pdf)
    assert len(pages) <= 8
    assert seed_tables["title"] in pages[0] and "Key findings" in pages[0] and "Most frequent issues: Skills and education" in " ".join(pages[0].split())
    annex = next(number for number, page in enumerate(pages) if "Annex: participants as listed" in page)
    assert annex <= 4  # the body (header to method note) takes at most 4 pages; the annex starts on a new page
    assert "Method note" in "".join(pages[:annex])
    whole = " ".join(" ".join(pages).split())
    assert "Statements behind each count" not in whole  # that index is in the HTML only
    assert "linked in the HTML brief beside this PDF and listed in its data files (statements.csv, statements.parquet)" in whole
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_quality_brief_is_rendered_where_a_gold_standard_exists(seed_brief):
    html = (seed_brief / "quality.html").read_text(encoding="utf-8")
    for heading in ("Summary", "Rules against the gold standard, issue by issue", "Where rules and gold standard differ", "Method note"):
        assert f">{heading}<" in html, heading
    scores = next(t for t in _html_tables(html) if "Precision" in t.columns)
    assert len(scores) == 22  # 20 issues, micro and macro averages
    coders = next(t for t in _html_tables(html) if "Kind of coder" in t.columns)
    assert coders["Coder"].tolist() == ["rules", "coder_a", "coder_b", "consensus"] and coders["Role"].tolist() == ["evaluated", "independent", "independent", "reference"]
    assert coders["Kind of coder"].tolist() == ["rules", "automated", "automated", "automated"]
    assert "No human coding exists yet: every gold coding is automated" in html
    text = subprocess.run(["pdftotext", seed_brief / "quality.pdf", "-"], capture_output=True, text=True, check=True).stdout
    assert "Codebook quality brief".upper() in text.upper() and "Micro-F1" in text
    brief = (seed_brief / "brief.html").read_text(encoding="utf-8")
    assert "the rules alone reach micro-F1" in brief
    # Both briefs name each coder's kind and say plainly that no person has coded the seed yet.
    for page in (html, brief):
        assert "No human coding exists yet: every gold coding is automated (coder_a, coder_b, consensus)" in page
    assert "Coders: rules (rules, codebook 1.0.0); coder_a (automated), coder_b (automated), consensus (automated, reference)." in brief
    pairwise = next(t for t in _html_tables(html) if "Kind B" in t.columns)
    assert pairwise[["Coder A", "Kind A", "Coder B", "Kind B"]].values.tolist()[:1] == [["rules", "rules", "coder_a", "automated"]]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_briefs_get_the_permissions_the_umask_gives_any_new_file(seed_brief):
    """Not mkstemp's 0600: with the usual umask 022 others can read a brief; with 027 or 077 they cannot."""
    for name in ("brief.html", "brief.pdf", "quality.html"):
        assert (seed_brief / name).stat().st_mode & 0o777 == 0o666 & ~_umask(), name


def test_papermill_cli_runs_the_notebook_on_another_collection(tiny_data_dir, tmp_path):
    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    override = "overrides:\n  - {statement: s1-cccccc, add_issues: [skills], reason: training is implied}\n"
    session_file.write_text(session_file.read_text(encoding="utf-8").replace("statements:\n", override + "statements:\n", 1), encoding="utf-8")
    executed = tmp_path / "out.ipynb"
    result = subprocess.run(
        [BIN / "papermill", paths.SESSION_BRIEF_NOTEBOOK, executed, "-p", "session_id", "tiny-session", "-p", "data_dir", str(tiny_data_dir), "-p", "grouping_scheme", "tripartite", "--no-progress-bar"],
        capture_output=True, text=True, timeout=300, cwd=paths.NOTEBOOKS_DIR,
    )
    assert result.returncode == 0, result.stderr
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    outputs = "".join(
        "".join(output.get("data", {}).get("text/html", "")) for cell in notebook["cells"] if cell["cell_type"] == "code" for output in cell["outputs"]
    )
    assert "<h1>Tiny session</h1>" in outputs
    assert 'Workers <span class="n">(n=2)</span>' in outputs and 'Other <span class="n">(n=1)</span>' in outputs
    # The override adds skills to statement c: 2 of 3 statements now raise it, and the code is marked.
    assert '<tr><th scope="row">Skills</th><td class="with-bar"><span class="bar" aria-hidden="true"><span style="width: 100.0%"></span></span><a href="#issue-skills">2</a></td><td>66.7</td>' in outputs
    assert "<em>added by analyst:</em> training is implied" in outputs
    assert "1 issue codes added, 0 removed" in outputs
    assert "No human coding exists yet: this session has no gold standard, so the rules&#39; accuracy on it is not measured." in outputs

    # The registered exporter turns the executed notebook into a brief for users of jupyter nbconvert.
    converted = subprocess.run([BIN / "jupyter", "nbconvert", "--to", "brief_html", executed, "--output-dir", tmp_path], capture_output=True, text=True, timeout=120)
    assert converted.returncode == 0, converted.stderr
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<h1>Tiny session</h1>" in html and "load_inputs" not in html
    converted = subprocess.run([BIN / "jupyter", "nbconvert", "--to", "brief_pdf", executed, "--output-dir", tmp_path], capture_output=True, text=True, timeout=120)
    assert converted.returncode == 0, converted.stderr
    info = subprocess.run(["pdfinfo", tmp_path / "out.pdf"], capture_output=True, text=True, check=True).stdout
    assert "Title:           Tiny session: session brief" in info and "(A4)" in info
    # nbconvert's writer puts the brief's data files beside it, as briefs render does.
    assert (tmp_path / "statements.csv").read_text(encoding="utf-8").splitlines()[0].startswith("session_id,forum,date,year,section")
    assert (tmp_path / "statements.parquet").read_bytes()[:4] == b"PAR1"


@pytest.mark.parametrize("notebook_path", sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs_and_with_literal_parameters(notebook_path):
    import ast

    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)
    parameters = code_cells[0]
    assert parameters["metadata"]["tags"] == ["parameters"]
    for line in "".join(parameters["source"]).splitlines():
        statement = ast.parse(line).body[0]
        assert isinstance(statement, ast.AnnAssign) and isinstance(statement.value, ast.Constant), f"not an annotated literal: {line}"
        assert "  # " in line, f"{line} needs a comment saying what it is"


def test_corpus_brief_renders_generated_sessions_with_exact_counts(tmp_path):
    from helpers.rendering.render import render_corpus_brief
    from tiny_data import write_collection, write_generated_session

    data_dir = write_collection(tmp_path / "data")
    write_generated_session(data_dir, "later-session", "Tiny forum", "2026-05-01", ["Skills and safety for workers;", "Training;"], speaker_groups={0: "workers"})
    rendered = render_corpus_brief(data_dir, tmp_path / "reports", "fine")
    assert rendered.html_path == tmp_path / "reports" / "corpus" / "brief.html"
    html = rendered.html_path.read_text(encoding="utf-8")
    tables = _html_tables(html)
    issues = next(t for t in tables if list(t.columns) == ["Issue", "Statements", "Share of statements (%)"])
    # tiny-session (2025): skills 1, social dialogue 1, safety 1; later-session (2026): skills 2, safety 1.
    assert dict(zip(issues["Issue"], issues["Statements"])) == {"Skills": 3, "Safety and health": 2, "Social dialogue": 1}
    by_year = next(t for t in tables if "2026 (n=2)" in t.columns)
    assert dict(zip(by_year["Issue"], by_year["2026 (n=2)"])) == {"Skills": "100%", "Safety and health": "50%", "Social dialogue": "0%"}
    assert '<a href="#evidence?issue=skills&amp;year=2026" title="2 of 2 statements (100.0%)">100%</a>' in html
    assert '<a href="#evidence?issue=skills&amp;voice=workers" title="1 of 1 statements (100.0%)">100%</a>' in html  # the attributed statement
    assert "trends need at least two" not in html  # two years: 2025 and 2026
    assert rendered.pdf_path.stat().st_size > 10_000


def _ingest_and_render(tmp_path, file_name: str, summary_text: str) -> str:
    """Ingest a summary into a fresh tiny collection and render its brief; return the HTML."""
    from helpers.ingest import ingest_summary
    from helpers.rendering.render import render_session_briefs
    from tiny_data import TINY_CODEBOOK, TINY_STAKEHOLDERS

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "codebook.yaml").write_text(TINY_CODEBOOK, encoding="utf-8")
    (data_dir / "stakeholders.yaml").write_text(TINY_STAKEHOLDERS, encoding="utf-8")
    summary = tmp_path / file_name
    summary.write_text(summary_text, encoding="utf-8")
    ingest_summary(summary, data_dir)
    return render_session_briefs(summary.stem, data_dir, tmp_path / "reports")[0].html_path.read_text(encoding="utf-8")


def test_an_ingested_summary_renders_with_no_hand_edits(tmp_path):
    html = _ingest_and_render(
        tmp_path,
        "forum-on-work.md",
        "# Forum on the future of work\n\n## Background\n\nOrganized by ILO. The session was moderated by Ms. Ana Ruiz (ITUC).\n\n"
        "## Key issues\n\n* Governments must invest in skills and training;\n* The ITUC representative stressed social dialogue with employers;\n",
    )
    assert "<h1>Forum on the future of work</h1>" in html and "not stated in the summary" in html
    assert "Voice lens, said by Workers (1)" in html  # the attributed statement, in the index of statements behind each count


def test_a_summary_with_no_participants_renders(tmp_path):
    html = _ingest_and_render(tmp_path, "bare.txt", "Bare session\n\n1. Key issues\n\n- Skills and training for all;\n")
    assert "The summary names no participants and attributes no statement, so the voice lens has nothing to count." in html
