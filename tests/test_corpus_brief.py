"""The corpus brief stays a brief as sessions grow; its HTML carries every session and statement."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.briefs import corpus_brief
from helpers.data import paths
from tiny_data import write_generated_session

GENERATOR = paths.PROJECT_ROOT / "tools" / "generate_corpus.py"


@pytest.fixture
def two_years(tiny_data_dir):
    write_generated_session(tiny_data_dir, "later-session", "Other forum", "2026-05-01", ["Skills and safety for workers;", "Training;"], speaker_groups={0: "workers"})
    write_generated_session(tiny_data_dir, "undated-session", "Other forum", None, ["Social dialogue <b>now</b>;"])
    return corpus_brief.prepare_corpus_brief(tiny_data_dir, "fine")


def test_evidence_data_holds_every_statement_with_its_filters(two_years):
    data = corpus_brief.evidence_data(two_years)
    assert data["sessions"] == [["tiny-session", "2025", "f2"], ["later-session", "2026", "f1"], ["undated-session", "unknown", "f1"]]
    assert len(data["rows"]) == 6
    later = data["rows"][3]
    assert later[:4] == [1, "1.1", "s1-000000", "Skills and safety for workers;"]
    assert later[4] == [[0, 6], [11, 17]] and later[5] == [[22, 29]]  # skills, safety; workers
    assert later[6:] == [["skills", "osh"], ["workers"], "workers", ""]


def test_counts_link_to_the_evidence_filtered_by_the_same_keys(two_years):
    by_forum = corpus_brief.render_issues_by_forum(two_years).data
    assert '<a href="#evidence?issue=skills&amp;forum=f1" title="2 of 3 statements (66.7%)">67%</a>' in by_forum
    assert "<strong>F1</strong> Other forum" in by_forum and "<strong>F2</strong> Tiny forum" in by_forum
    evidence = corpus_brief.render_corpus_evidence(two_years).data
    assert '<option value="f1">Other forum</option>' in evidence and '<option value="unknown">unknown</option>' in evidence
    payload = re.search(r'<script type="application/json" id="evidence-data">(.*?)</script>', evidence, re.DOTALL).group(1)
    assert "<b>" not in payload and json.loads(payload)["rows"][5][3] == "Social dialogue <b>now</b>;"


def test_session_list_marks_undated_sessions(two_years):
    html = corpus_brief.render_session_list(two_years).data
    assert '<td><a href="../undated-session/brief.html">undated-session</a></td>' in html
    assert "<td>not stated</td>" in html and "<td>2026-05-01</td>" in html


def _render_generated(root: Path, sessions: int) -> Path:
    subprocess.run([sys.executable, GENERATOR, root / "data", "--sessions", str(sessions)], check=True, capture_output=True)
    briefs = Path(sys.executable).parent / "briefs"
    result = subprocess.run([briefs, "render", "--corpus", "--data-dir", root / "data", "--out-dir", root / "reports"], capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr
    return root / "reports" / "corpus"


def _pages(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout.split("\f")[:-1]


def test_the_corpus_pdf_keeps_its_size_as_sessions_grow(tmp_path):
    small, large = _render_generated(tmp_path / "small", 12), _render_generated(tmp_path / "large", 150)
    small_pages, large_pages = _pages(small / "brief.pdf"), _pages(large / "brief.pdf")
    assert len(small_pages) <= 20 and len(large_pages) <= 20
    assert len(large_pages) <= len(small_pages) + 1  # tables grow with years and forums, not sessions
    first = " ".join(large_pages[0].split())
    assert "150 sessions" in first and "Key findings" in first
    whole = " ".join(" ".join(large_pages).split())
    assert "Evidence: every statement" not in whole and "Sessions where each issue comes up most" in whole
    # The HTML holds every session and every statement, and stays small for what it holds.
    html = (large / "brief.html").read_text(encoding="utf-8")
    payload = json.loads(re.search(r'<script[^>]*id="evidence-data"[^>]*>(.*?)</script>', html, re.DOTALL).group(1))
    n_statements = sum(1 for _ in open(large / "statements.csv", encoding="utf-8")) - 1
    assert len(payload["sessions"]) == 150 and len(payload["rows"]) == n_statements
    assert html.count('<tr><td><a href="../') == 150
    small_statements = sum(1 for _ in open(small / "statements.csv", encoding="utf-8")) - 1
    growth = ((large / "brief.html").stat().st_size - (small / "brief.html").stat().st_size) / (n_statements - small_statements)
    assert growth < 400  # bytes per statement: the text itself, its marks and filters (about 3.7 MB at 11,847)


def _two_year_brief(tmp_path, sessions):
    from tiny_data import write_collection

    data_dir = write_collection(tmp_path / "data")
    (data_dir / "sessions" / "tiny-session.yaml").unlink()
    for session_id, (forum, date, statements) in sessions.items():
        write_generated_session(data_dir, session_id, forum, date, statements)
    return corpus_brief.prepare_corpus_brief(data_dir, "fine")


def test_the_findings_and_trend_note_state_what_rose_and_fell_with_their_shares(tmp_path):
    from test_corpus import SESSIONS  # 2024: skills 4 of 5, safety 1 of 5; 2025: skills 1 of 5, safety 4 of 5, dialogue 1 of 5

    brief = _two_year_brief(tmp_path, SESSIONS)
    findings = corpus_brief.render_corpus_findings(brief).data
    assert "<li>From 2024 to 2025, rising: Safety and health (20% to 80%), Social dialogue (0% to 20%); falling: Skills (80% to 20%).</li>" in findings
    trends = corpus_brief.render_trends(brief).data
    assert "<tr><td>Safety and health</td><td>20.0</td><td>80.0</td><td>60.0</td><td>rising</td></tr>" in trends
    assert "<tr><td>Skills</td><td>80.0</td><td>20.0</td><td>-60.0</td><td>falling</td></tr>" in trends
    assert "a change of at least 5 percentage points between the first year (2024) and the last (2025); both years need at least 5 statements." in trends
    assert "changed less" not in trends and "the years have too few statements" not in trends


def test_years_with_the_same_shares_say_that_nothing_rose_or_fell(tmp_path):
    statements = ["Workers need skills;", "Safety first;", "Skills again;", "Safety at work;", "Social dialogue now;"]
    brief = _two_year_brief(tmp_path, {"a-2024": ("Forum A", "2024-03-01", statements), "a-2025": ("Forum A", "2025-03-01", statements)})
    assert "<li>From 2024 to 2025, no issue's share of the year's statements rose or fell by 5 points or more.</li>" in corpus_brief.render_corpus_findings(brief).data
    trends = corpus_brief.render_trends(brief).data
    assert "3 issues changed less: none rose or fell." in trends and "numeric trends" not in trends
