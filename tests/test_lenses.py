"""Both lenses, association, co-occurrence and the statements behind each count, on hand-checked data.

Tiny statements (tiny_data.py), with statement b attributed to an employers' speaker here:
  a: names governments, workers; issues skills                     (unattributed)
  b: names employers, workers;   issues social_dialogue            (speaker: employers)
  c: names un_system, women;     issues osh                         (unattributed)
"""

import math

import pytest

from helpers.briefs import session_brief as brief
from helpers.analysis.coding import code_session
from helpers.data.loading import load_inputs
from helpers.analysis.tables import (
    add_lift,
    count_issue_pairs,
    count_issues,
    count_issues_by_group,
    count_issues_by_speaker_group,
    list_statements_behind,
    mentioned_scheme_groups,
    scheme_of,
)


@pytest.fixture
def attributed(tiny_data_dir):
    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    text = session_file.read_text(encoding="utf-8")
    text = text.replace("    text: \"Social dialogue", "    speaker_group: employers\n    text: \"Social dialogue")
    session_file.write_text(text.replace("    text: \"UN Women", "    speaker_group: unknown\n    text: \"UN Women"), encoding="utf-8")
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    return session, codebook, stakeholders, code_session(session, codebook, stakeholders)


def test_voice_lens_keeps_unattributed_statements_apart(attributed):
    _, codebook, stakeholders, coded = attributed
    table = count_issues_by_speaker_group(coded, codebook, scheme_of(stakeholders, "fine"))
    counts = {(r.group_id, r.issue_id): (r.n_statements, r.n_group_statements) for r in table.itertuples()}
    assert counts == {
        ("employers", "skills"): (0, 1),
        ("employers", "social_dialogue"): (1, 1),
        ("employers", "osh"): (0, 1),
        ("unknown", "skills"): (0, 1),
        ("unknown", "social_dialogue"): (0, 1),
        ("unknown", "osh"): (1, 1),
        ("unattributed", "skills"): (1, 1),
        ("unattributed", "social_dialogue"): (0, 1),
        ("unattributed", "osh"): (0, 1),
    }


def test_voice_lens_follows_the_grouping_scheme(attributed):
    _, codebook, stakeholders, coded = attributed
    table = count_issues_by_speaker_group(coded, codebook, scheme_of(stakeholders, "tripartite"))
    assert sorted(table["group_id"].unique()) == ["employers", "unattributed", "unknown"]


def test_lift_is_share_in_group_over_share_overall_and_empty_for_small_n(tiny_data_dir):
    # Statements 1-5 name workers, 6 names governments. Skills: 1, 2, 3, 6 (4 of 6 overall),
    # 3 of the 5 naming workers: lift = (3/5) / (4/6) = 0.9. Safety: 3, 5 (2 of 6), 2 of 5
    # naming workers: lift = (2/5) / (2/6) = 1.2. Governments (n = 1) is too few: no lift.
    statements = [
        (1, "s1-000001", "Workers need skills;"),
        (1, "s1-000002", "Workers need training;"),
        (1, "s1-000003", "Workers need skills and safety;"),
        (1, "s1-000004", "Workers value social dialogue;"),
        (1, "s1-000005", "Workers want safety;"),
        (1, "s1-000006", "Governments fund training;"),
    ]
    from tiny_data import write_collection

    raw = "Tiny\n\n1. Key issues\n\n" + "".join(f"- {text}\n" for _, _, text in statements)
    data_dir = write_collection(tiny_data_dir.parent / "lift", raw=raw, statements=statements)
    session, codebook, stakeholders = load_inputs(data_dir, "tiny-session")
    coded = code_session(session, codebook, stakeholders)
    by_group = add_lift(count_issues_by_group(coded, codebook, scheme_of(stakeholders, "fine")), count_issues(coded, codebook))
    lifts = {(r.group_id, r.issue_id): r.lift for r in by_group.itertuples()}
    assert lifts[("workers", "skills")] == 0.9
    assert lifts[("workers", "osh")] == 1.2
    assert lifts[("workers", "social_dialogue")] == 1.2  # (1/5) / (1/6)
    assert math.isnan(lifts[("governments", "skills")])


def test_issue_pairs_count_statements_raising_both(tiny_data_dir):
    statements = [(1, "s1-000001", "Skills and social dialogue;"), (1, "s1-000002", "Training, safety and social dialogue;"), (1, "s1-000003", "Skills only;")]
    from tiny_data import write_collection

    raw = "Tiny\n\n1. Key issues\n\n" + "".join(f"- {text}\n" for _, _, text in statements)
    data_dir = write_collection(tiny_data_dir.parent / "pairs", raw=raw, statements=statements)
    session, codebook, stakeholders = load_inputs(data_dir, "tiny-session")
    pairs = count_issue_pairs(code_session(session, codebook, stakeholders), codebook)
    assert pairs[["issue_a", "issue_b", "n_statements"]].values.tolist() == [["skills", "social_dialogue", 2], ["skills", "osh", 1], ["social_dialogue", "osh", 1]]


def test_every_count_has_exactly_its_statements_behind_it(attributed):
    session, codebook, stakeholders, coded = attributed
    scheme = scheme_of(stakeholders, "fine")
    by_group = count_issues_by_group(coded, codebook, scheme)
    for row in by_group.itertuples():
        behind = list_statements_behind(coded, row.issue_id, row.group_id, lambda c: mentioned_scheme_groups(c, scheme))
        assert len(behind) == row.n_statements


def test_every_link_in_the_brief_lands_on_an_anchor_and_the_index_lists_the_statements(attributed):
    import re

    session, codebook, stakeholders, _ = attributed
    prepared = brief.prepare_session_brief(session.source_file.parent.parent, "tiny-session", "fine")
    html = "".join(
        part(prepared).data
        for part in (
            brief.render_key_findings,
            brief.render_issues,
            brief.render_mention_lens,
            brief.render_voice_lens,
            brief.render_issue_pairs,
            brief.render_evidence,
            brief.render_count_index,
        )
    )
    targets = set(re.findall(r'href="#([^"]+)"', html))
    anchors = set(re.findall(r'id="([^"]+)"', html))
    assert targets and targets <= anchors
    text = re.sub(r"<[^>]+>", "", html)
    assert "Voice lens, said by Employers (1): 1.2" in text
    assert "Mention lens, naming Women (1): 1.3" in text
    assert '<li id="voice-social_dialogue--employers">' in html and '<a href="#statement-tiny-session--s1-bbbbbb">1.2</a>' in html
