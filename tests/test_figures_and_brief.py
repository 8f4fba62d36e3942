"""Figures are stable SVG with alt text; brief fragments escape text and mark evidence."""

import re

from helpers.briefs import figures
from helpers.briefs import session_brief as brief
from helpers.analysis.coding import code_session
from helpers.data.loading import load_inputs
from helpers.analysis.tables import count_issues, count_issues_by_group, count_participants_by_group_and_role, scheme_of


def _tiny(data_dir):
    session, codebook, stakeholders = load_inputs(data_dir, "tiny-session")
    coded = code_session(session, codebook, stakeholders)
    return session, codebook, stakeholders, coded


def test_same_figure_gives_identical_svg_bytes(tiny_data_dir):
    _, codebook, _, coded = _tiny(tiny_data_dir)
    counts = count_issues(coded, codebook)
    first = figures.figure_to_svg(figures.draw_issue_frequency(counts))
    second = figures.figure_to_svg(figures.draw_issue_frequency(counts))
    assert first == second
    assert b"<dc:date>" not in first


def test_figure_html_has_alt_text_and_caption(tiny_data_dir):
    _, codebook, _, coded = _tiny(tiny_data_dir)
    html = brief.render_issue_frequency(count_issues(coded, codebook)).data
    assert 'alt="Bar chart of statements per issue: Skills: 1; Social dialogue: 1; Safety and health: 1"' in html
    assert "n = 3 statements" in html


def test_highlight_escapes_markup_in_statement_text():
    text = "<script>alert(1)</script> skills"
    assert brief.highlight_evidence(text, [(26, 32)]) == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>skills</mark>"


def test_overlapping_evidence_is_marked_once():
    assert brief.highlight_evidence("social dialogue", [(0, 6), (0, 15)]) == "<mark>social dialogue</mark>"


def test_evidence_table_lists_each_statement_with_codes(tiny_data_dir):
    session, codebook, stakeholders, coded = _tiny(tiny_data_dir)
    html = brief.render_evidence_table(coded, codebook, stakeholders, brief.statement_references([session])).data
    rows = re.findall(r"<tr id='statement-tiny-session--(s1-[a-c]{6})'>", html)
    assert rows == ["s1-aaaaaa", "s1-bbbbbb", "s1-cccccc"]
    assert "<mark>UN Women</mark>" not in html  # groups are listed, only issue evidence is marked
    assert "<li><strong>Safety and health</strong>: safety</li>" in html
    assert "<li>UN system: UN Women</li>" in html


def test_statement_references_count_within_sections(tiny_data_dir):
    session, *_ = _tiny(tiny_data_dir)
    assert brief.statement_references([session]) == {"tiny-session--s1-aaaaaa": "1.1", "tiny-session--s1-bbbbbb": "1.2", "tiny-session--s1-cccccc": "1.3"}
    assert brief.statement_references([session], with_session=True)["tiny-session--s1-cccccc"] == "tiny-session 1.3"


def test_method_note_states_versions_checksum_and_attribution(tiny_data_dir):
    session, codebook, stakeholders, coded = _tiny(tiny_data_dir)
    html = brief.render_method_note(session, coded, codebook, stakeholders, scheme_of(stakeholders, "fine")).data
    assert "codebook, version 0.1.0" in html
    assert session.raw_sha256 in html
    assert "All 3 statements are unattributed" in html
    assert "briefs render tiny-session" in html


def test_header_marks_inferred_dates(seed_data_copy):
    session, codebook, stakeholders = load_inputs(seed_data_copy, "ecosoc-pf-2025-sdg8")
    html = brief.render_header(session, code_session(session, codebook, stakeholders)).data
    assert "5 February 2025 <span class='note'>(inferred: The summary states no date." in html


def test_participation_section_names_every_participant(tiny_data_dir):
    session, _, stakeholders, _ = _tiny(tiny_data_dir)
    scheme = scheme_of(stakeholders, "fine")
    html = brief.render_participation(session.participants, count_participants_by_group_and_role(session.participants, scheme), scheme).data
    assert "<td>ILO</td>" in html
    assert "n = 1 participants" in html


def _code(texts, codebook, stakeholders):
    from helpers.analysis.coding import code_statements
    from helpers.data.model import Statement

    return code_statements([Statement(id=f"s1-00000{i}", section=1, text=t) for i, t in enumerate(texts)], codebook, stakeholders)


def test_group_analysis_without_groups_says_so(tiny_data_dir):
    _, codebook, stakeholders, _ = _tiny(tiny_data_dir)
    nobody = _code(["Training matters.", "Safety first."], codebook, stakeholders)
    scheme = scheme_of(stakeholders, "fine")
    html = brief.render_mention_lens(count_issues_by_group(nobody, codebook, scheme), count_issues(nobody, codebook), scheme).data
    assert html == "<p>No statement names a stakeholder group, so there is no mention-lens table.</p>"


def test_statements_naming_groups_but_raising_no_issue_are_described_as_such(tiny_data_dir):
    _, codebook, stakeholders, _ = _tiny(tiny_data_dir)
    coded = _code(["Governments met the workers.", "Nothing else."], codebook, stakeholders)
    scheme = scheme_of(stakeholders, "fine")
    issue_counts, by_group = count_issues(coded, codebook), count_issues_by_group(coded, codebook, scheme)
    assert brief.render_mention_lens(by_group, issue_counts, scheme).data == "<p>No statement raises an issue of the codebook, so there is no issue x group table.</p>"
    findings = brief.render_key_findings(coded, codebook, issue_counts, by_group).data
    assert "1 statement names stakeholder groups, but none raises a codebook issue." in findings


def test_a_session_without_participants_says_so(tiny_data_dir):
    _, _, stakeholders, _ = _tiny(tiny_data_dir)
    scheme = scheme_of(stakeholders, "fine")
    html = brief.render_participation([], count_participants_by_group_and_role([], scheme), scheme).data
    assert html == "<p>The summary names no participants, so the voice lens has nothing to count.</p>"
