"""The brief's parts: templates escape every text, count tables hold exact numbers, figures are stable SVG."""

import ast
import dataclasses
import re
from pathlib import Path

import jinja2
import pytest

from helpers.analysis.corpus import count_issues_by_year, load_corpus
from helpers.analysis.tables import count_participants_by_group_and_role
from helpers.briefs import figures, templating
from helpers.briefs import session_brief as brief
from helpers.data import paths
from tiny_data import write_collection, write_generated_session


@pytest.fixture
def tiny(tiny_data_dir):
    return brief.prepare_session_brief(tiny_data_dir, "tiny-session", "fine")


def _brief_of(root: Path, statements: list[tuple[int, str, str]], scheme: str = "fine"):
    raw = "Tiny\n\n1. Key issues\n\n" + "".join(f"- {text}\n" for _, _, text in statements)
    data_dir = write_collection(root, raw=raw, statements=statements)
    return brief.prepare_session_brief(data_dir, "tiny-session", scheme)


def test_same_figure_gives_identical_svg_bytes(tiny_data_dir):
    write_generated_session(tiny_data_dir, "later-session", "Tiny forum", "2026-05-01", ["Skills and safety for workers;", "Training;"])
    corpus = load_corpus(tiny_data_dir)
    by_year = count_issues_by_year(corpus)
    draw = lambda: figures.figure_to_svg(figures.draw_issue_share_by_year(by_year, ["skills", "osh", "social_dialogue"], {"skills": "rising"}))  # noqa: E731
    first, second = draw(), draw()
    assert first == second
    assert b"<dc:date>" not in first and b"Skills" in first


def test_templates_escape_and_refuse_unknown_names():
    environment = templating.environment()
    assert environment.autoescape is True
    assert templating.render_template("macros.html.j2").strip() == ""  # macros only
    page = environment.from_string("{{ text }}").render(text="<script>alert(1)</script> & $x$")
    assert page == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; $x$"
    with pytest.raises(jinja2.UndefinedError):
        environment.from_string("{{ missing }}").render()


def test_python_in_briefs_and_rendering_builds_no_markup():
    """Markup lives in templates: no string literal in these modules holds an HTML tag."""
    tag = re.compile(r"<(/?)(p|div|span|table|thead|tbody|tr|td|th|ul|li|a|h[1-6]|mark|strong|em|code|figure|img|section|br|script|style)\b")
    found = []
    for folder in ("briefs", "rendering"):
        for path in sorted((paths.PROJECT_ROOT / "src" / "helpers" / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and tag.search(node.value):
                    found.append(f"{path.name}:{node.lineno}")
    # exporters.py reads the brief's own <h1> back for the page title; that is reading, not building.
    assert [where for where in found if not where.startswith("exporters.py")] == []


def test_evidence_marks_matched_words_and_escapes_text(tmp_path):
    hostile = _brief_of(tmp_path / "data", [(1, "s1-aaaaaa", "<script>alert(1)</script> skills for workers")])
    html = brief.render_evidence(hostile).data
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark class=\"issue\">skills</mark> for <mark class=\"group\">workers</mark>" in html
    assert "<script>" not in html


def test_evidence_lists_each_statement_with_codes_and_words(tiny):
    html = brief.render_evidence(tiny).data
    assert re.findall(r'<tr id="statement-tiny-session--(s1-[a-c]{6})"', html) == ["s1-aaaaaa", "s1-bbbbbb", "s1-cccccc"]
    assert '<span class="code"><strong>Safety and health</strong> (safety)</span>' in html
    assert '<span class="code">UN system (UN Women)</span>' in html
    assert '<mark class="group">UN Women</mark>' in html
    assert "beyond-cap" not in html and "This annex shows the first" not in html  # 3 statements: all in print


def test_evidence_beyond_the_cap_is_named_by_reference(tmp_path, monkeypatch):
    monkeypatch.setattr(brief, "EVIDENCE_ROWS_IN_PDF", 2)
    many = _brief_of(tmp_path / "data", [(1, f"s1-00000{i}", f"Skills number {i};") for i in range(5)])
    html = brief.render_evidence(many).data
    assert html.count('class="beyond-cap"') == 3
    assert "This annex shows the first 2 of 5 statements. The other 3 (1.3–1.5) are in the HTML brief" in html


def test_overrides_are_marked_in_the_evidence(tiny_data_dir):
    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    override = "overrides:\n  - {statement: s1-cccccc, add_issues: [skills], remove_issues: [osh], reason: \"training <is> implied\"}\n"
    session_file.write_text(session_file.read_text(encoding="utf-8").replace("statements:\n", override + "statements:\n", 1), encoding="utf-8")
    html = brief.render_evidence(brief.prepare_session_brief(tiny_data_dir, "tiny-session", "fine")).data
    assert '<span class="code override"><strong>Skills</strong> (<em>added by analyst:</em> training &lt;is&gt; implied)</span>' in html
    assert '<span class="code override"><del>Safety and health</del> (<em>removed by analyst:</em> training &lt;is&gt; implied)</span>' in html


def test_statement_references_count_within_sections(tiny):
    assert brief.statement_references([tiny.session]) == {"tiny-session--s1-aaaaaa": "1.1", "tiny-session--s1-bbbbbb": "1.2", "tiny-session--s1-cccccc": "1.3"}
    assert brief.statement_references([tiny.session], with_session=True)["tiny-session--s1-cccccc"] == "tiny-session 1.3"


def test_count_table_holds_exact_counts_shares_shades_and_links(tiny):
    table = brief.build_count_table(tiny.by_group, "group_id", "group", "n_group_statements", tiny.issue_order, lambda i, g: f"#mention-{i}--{g}", "mention")
    assert [(c["id"], c["n"], c["is_small_n"]) for c in table["columns"]] == [
        ("workers", 2, True), ("governments", 1, True), ("un_system", 1, True), ("employers", 1, True), ("women", 1, True),
    ]  # fmt: skip
    skills = next(row for row in table["rows"] if row["issue_id"] == "skills")
    assert [(c["count"], c["share_pct"], c["shade"], c["href"]) for c in skills["cells"][:2]] == [(1, 50.0, 4, "#mention-skills--workers"), (1, 100.0, 5, "#mention-skills--governments")]
    assert table["cell_format"] == "count_share" and not table["is_wide"]
    html = templating.environment().from_string('{% from "macros.html.j2" import count_table %}{{ count_table(t, "x") }}').render(t=table)
    assert '<a href="#mention-skills--workers" title="1 of 2 statements (50.0%)">1 (50%)</a>' in html
    assert 'Workers <span class="n">(n=2)</span>' in html


def test_wide_count_tables_show_counts_and_corpus_tables_shares(tiny):
    many = {f"g{k}": f"Group {k}" for k in range(brief.MAX_COLUMNS_WITH_SHARES + 1)}
    rows = [{"issue_id": "skills", "issue": "Skills", "group_id": g, "group": label, "n_statements": 1, "n_group_statements": 4, "share_pct": 25.0, "is_small_n": True} for g, label in many.items()]
    import pandas as pd

    wide = brief.build_count_table(pd.DataFrame(rows), "group_id", "group", "n_group_statements", ["skills"], lambda i, g: "#x", "mention")
    assert wide["cell_format"] == "count" and wide["is_wide"]
    shares = brief.build_count_table(pd.DataFrame(rows[:2]), "group_id", "group", "n_group_statements", ["skills"], lambda i, g: "#x", "mention", cell_format="share")
    html = templating.environment().from_string('{% from "macros.html.j2" import count_table %}{{ count_table(t, "x") }}').render(t=shares)
    assert ">25%</a>" in html


def test_method_note_states_versions_checksum_and_attribution(tiny):
    html = brief.render_method_note(tiny).data
    assert "codebook, version 0.1.0" in html
    assert tiny.session.raw_sha256 in html
    assert "All 3 statements are unattributed" in html
    assert "briefs render tiny-session" in html


def test_header_marks_inferred_dates_and_counts_guiding_questions(seed_data_copy):
    session_file = seed_data_copy / "sessions" / "ecosoc-pf-2025-sdg8.yaml"
    text = session_file.read_text(encoding="utf-8")
    first = text.index("  - id: s2-")
    session_file.write_text(text[:first] + text[first:].replace("    section: 2\n", "    section: 2\n    is_question: true\n", 1), encoding="utf-8")
    seed = brief.prepare_session_brief(seed_data_copy, "ecosoc-pf-2025-sdg8", "fine")
    html = brief.render_header(seed).data
    assert '5 February 2025 <span class="note">(inferred: The summary states no date.' in html
    assert "15 statements in 3 sections, and 1 guiding question (framing, not positions: not counted)" in html
    assert "Guiding questions (framing, not coded or counted)" in brief.render_evidence(seed).data


def test_participants_annex_names_every_participant(tiny):
    html = brief.render_participants(tiny).data
    assert "<td>ILO</td>" in html and "<td>organiser</td>" in html and "<td>UN system</td>" in html


def test_participation_counts_roles_and_attributed_statements(tiny_data_dir):
    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    session_file.write_text(session_file.read_text(encoding="utf-8").replace('    text: "Social dialogue', '    speaker_group: employers\n    text: "Social dialogue'), encoding="utf-8")
    attributed = brief.prepare_session_brief(tiny_data_dir, "tiny-session", "fine")
    rows = brief.count_participation_and_voice(attributed.participation, attributed.coded, attributed.scheme)
    assert [(r["group_id"], r["organiser"], r["n_participants"], r["n_attributed"]) for r in rows] == [("un_system", 1, 1, 0), ("employers", 0, 0, 1)]
    html = brief.render_voice_lens(attributed).data
    assert "1 of 3 statements are attributed; the 2 unattributed are shown apart, last" in html
    assert '<th scope="col" class="apart small-n">Unattributed <span class="n">(n=2)</span></th>' in html


def test_mention_lens_without_groups_says_so(tmp_path):
    nobody = _brief_of(tmp_path / "data", [(1, "s1-000001", "Training matters."), (1, "s1-000002", "Safety first.")])
    assert "<p>No statement names a stakeholder group, so there is no mention-lens table.</p>" in brief.render_mention_lens(nobody).data


def test_statements_naming_groups_but_raising_no_issue_are_described_as_such(tmp_path):
    no_issue = _brief_of(tmp_path / "data", [(1, "s1-000001", "Governments met the workers."), (1, "s1-000002", "Nothing else.")])
    assert "<p>No statement raises an issue of the codebook, so there is no issue x group table.</p>" in brief.render_mention_lens(no_issue).data
    findings = brief.render_key_findings(no_issue).data
    assert "1 statement names stakeholder groups, but none raises a codebook issue." in findings
    assert "2 statements raise none of the codebook's issues" in findings


def test_key_findings_give_statement_references(tiny):
    findings = brief.render_key_findings(tiny).data
    assert '<strong>Skills</strong> (1 of 3: <span class="refs"><a href="#statement-tiny-session--s1-aaaaaa">1.1</a></span>)' in findings


def test_a_session_without_participants_says_so(tiny):
    nobody = dataclasses.replace(tiny, session=dataclasses.replace(tiny.session, participants=()), participation=count_participants_by_group_and_role([], tiny.scheme))
    html = brief.render_participation(nobody).data
    assert "<p>The summary names no participants and attributes no statement, so the voice lens has nothing to count.</p>" in html


def test_the_quality_header_shows_each_coders_kind_and_role(seed_data_copy):
    from helpers.analysis import quality
    from helpers.analysis.coding import code_session
    from helpers.briefs import quality_brief
    from helpers.data.loading import load_inputs

    session, codebook, stakeholders = load_inputs(seed_data_copy, "ecosoc-pf-2025-sdg8")
    evaluation = quality.require_evaluation(seed_data_copy, session, code_session(session, codebook, stakeholders, with_overrides=False), codebook, stakeholders)
    html = quality_brief.render_quality_header(session, codebook, evaluation).data
    assert '<th scope="col">Kind of coder</th>' in html
    assert "<tr><td>rules</td><td><strong>rules</strong></td><td>evaluated</td>" in html
    assert "<tr><td>coder_a</td><td><strong>automated</strong></td><td>independent</td>" in html
    assert "<tr><td>consensus</td><td><strong>automated</strong></td><td>reference</td>" in html


def test_the_session_brief_codes_its_session_once_and_evaluates_that_coding(seed_data_copy, monkeypatch):
    from helpers.analysis import coding, quality

    calls = []
    real = coding.code_statements
    monkeypatch.setattr(coding, "code_statements", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    seed = brief.prepare_session_brief(seed_data_copy, "ecosoc-pf-2025-sdg8", "fine")
    assert len(calls) == 1
    assert seed.coded == coding.apply_session_overrides(seed.rules_coded, seed.session, seed.codebook, seed.stakeholders)
    independent = quality.evaluate_session(seed_data_copy, seed.session, real(seed.session.positions, seed.codebook, seed.stakeholders), seed.codebook, seed.stakeholders)
    assert seed.evaluation.by_issue.equals(independent.by_issue)
