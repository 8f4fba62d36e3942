"""Tables on the tiny collection, checked against counts worked out by hand.

Tiny statements (see tiny_data.py):
  a: governments + workers; skills
  b: employers + workers; social_dialogue
  c: un_system (UN Women) + women; osh
"""

import pandas as pd

from helpers.analysis.coding import code_session
from helpers.data.loading import load_inputs
from helpers.analysis.tables import (
    count_issues,
    count_issues_by_group,
    count_participants_by_group_and_role,
    count_unattributed_statements,
    describe_group_issues,
    format_issue_by_group_table,
    pivot_issue_by_group,
    scheme_of,
)


def _inputs(data_dir):
    session, codebook, stakeholders = load_inputs(data_dir, "tiny-session")
    return session, codebook, stakeholders, code_session(session, codebook, stakeholders)


def test_issue_totals_most_frequent_first(tiny_data_dir):
    _, codebook, _, coded = _inputs(tiny_data_dir)
    table = count_issues(coded, codebook)
    assert table.to_dict("records") == [
        {"issue_id": "skills", "issue": "Skills", "n_statements": 1, "share_pct": 33.3, "n_total": 3},
        {"issue_id": "social_dialogue", "issue": "Social dialogue", "n_statements": 1, "share_pct": 33.3, "n_total": 3},
        {"issue_id": "osh", "issue": "Safety and health", "n_statements": 1, "share_pct": 33.3, "n_total": 3},
    ]


def test_issue_by_group_counts_and_shares_fine(tiny_data_dir):
    _, codebook, stakeholders, coded = _inputs(tiny_data_dir)
    table = count_issues_by_group(coded, codebook, scheme_of(stakeholders, "fine"))
    workers = table[table["group_id"] == "workers"].set_index("issue_id")
    assert workers["n_statements"].to_dict() == {"skills": 1, "social_dialogue": 1, "osh": 0}
    assert workers["n_group_statements"].unique().tolist() == [2]
    assert workers["share_pct"].to_dict() == {"skills": 50.0, "social_dialogue": 50.0, "osh": 0.0}
    assert workers["is_small_n"].all()
    assert sorted(table["group_id"].unique()) == ["employers", "governments", "un_system", "women", "workers"]


def test_tripartite_scheme_folds_groups_and_counts_each_statement_once(tiny_data_dir):
    _, codebook, stakeholders, coded = _inputs(tiny_data_dir)
    table = count_issues_by_group(coded, codebook, scheme_of(stakeholders, "tripartite"))
    other = table[table["group_id"] == "other"].set_index("issue_id")
    # Statement c names two groups that both fold into "other": it counts once.
    assert other["n_group_statements"].unique().tolist() == [1]
    assert other["n_statements"].to_dict() == {"skills": 0, "social_dialogue": 0, "osh": 1}


def test_pivot_orders_issues_as_given_and_groups_by_n(tiny_data_dir):
    _, codebook, stakeholders, coded = _inputs(tiny_data_dir)
    by_group = count_issues_by_group(coded, codebook, scheme_of(stakeholders, "fine"))
    matrix = pivot_issue_by_group(by_group, ["osh", "skills", "social_dialogue"])
    assert matrix.index.tolist() == ["osh", "skills", "social_dialogue"]
    assert matrix.columns.tolist()[0] == "workers"
    assert matrix.loc["skills", "governments"] == 1


def test_wide_display_table_shows_count_share_and_n(tiny_data_dir):
    _, codebook, stakeholders, coded = _inputs(tiny_data_dir)
    by_group = count_issues_by_group(coded, codebook, scheme_of(stakeholders, "fine"))
    wide = format_issue_by_group_table(by_group, ["skills", "social_dialogue", "osh"])
    assert wide.columns.tolist()[:2] == ["Issue", "Workers (n=2)"]
    assert wide.iloc[0].tolist()[:2] == ["Skills", "1 (50%)"]
    assert wide.iloc[2].tolist()[:2] == ["Safety and health", "0"]


def test_participants_by_group_and_role(tiny_data_dir):
    session, _, stakeholders, _ = _inputs(tiny_data_dir)
    table = count_participants_by_group_and_role(session.participants, scheme_of(stakeholders, "fine"))
    assert table.to_dict("records") == [
        {"group_id": "un_system", "group": "UN system", "speaker": 0, "moderator": 0, "organiser": 1, "contributor": 0, "n_participants": 1}
    ]


def test_unattributed_statements_are_counted(tiny_data_dir):
    _, _, _, coded = _inputs(tiny_data_dir)
    assert count_unattributed_statements(coded) == 3


def test_group_sentences_say_n_and_small_n(tiny_data_dir):
    _, codebook, stakeholders, coded = _inputs(tiny_data_dir)
    by_group = count_issues_by_group(coded, codebook, scheme_of(stakeholders, "fine"))
    assert describe_group_issues(by_group)[0] == "Workers (named in 2 statements, small n): most often with Skills (1 of 2) and Social dialogue (1 of 2)."


def test_unknown_scheme_lists_known_ones(tiny_data_dir):
    _, _, stakeholders, _ = _inputs(tiny_data_dir)
    try:
        scheme_of(stakeholders, "nine")
    except ValueError as error:
        assert str(error) == "unknown grouping scheme 'nine'; known: fine, tripartite"
    else:
        raise AssertionError("expected ValueError")


def test_empty_group_table_when_no_group_named(tiny_data_dir):
    _, codebook, stakeholders, coded = _inputs(tiny_data_dir)
    nobody = [c for c in coded if not c.group_ids]
    assert count_issues_by_group(nobody, codebook, scheme_of(stakeholders, "fine")).empty
    assert pivot_issue_by_group(pd.DataFrame(), []).empty


def _by_group_row(group_id, group, issue_id, issue, n, n_group):
    return {"issue_id": issue_id, "issue": issue, "group_id": group_id, "group": group, "n_statements": n, "n_group_statements": n_group, "share_pct": 0.0, "is_small_n": n_group < 5}


def test_group_sentences_name_the_top_issues_most_named_group_first():
    by_group = pd.DataFrame([
        _by_group_row("youth", "Youth", "skills", "Skills", 0, 1),
        _by_group_row("workers", "Workers", "osh", "Safety", 2, 6),
        _by_group_row("workers", "Workers", "skills", "Skills", 5, 6),
        _by_group_row("workers", "Workers", "wages", "Wages", 3, 6),
        _by_group_row("workers", "Workers", "pay", "Pay", 1, 6),
        _by_group_row("women", "Women", "skills", "Skills", 1, 1),
    ])
    assert describe_group_issues(by_group) == [
        "Workers (named in 6 statements): most often with Skills (5 of 6), Wages (3 of 6) and Safety (2 of 6).",
        "The 1 statement naming Youth raise none of the codebook's issues.",
        "Women (named in 1 statement, small n): most often with Skills (1 of 1).",
    ]
    assert describe_group_issues(by_group, top=1)[0] == "Workers (named in 6 statements): most often with Skills (5 of 6)."
    assert describe_group_issues(by_group.iloc[0:0]) == []


def test_participants_by_group_and_role_with_unknown_groups_last(tiny_data_dir):
    from helpers.data.model import Participant

    _, _, stakeholders, _ = _inputs(tiny_data_dir)
    people = [
        Participant(name="A", title=None, organisation="X", role="speaker", group="unknown"),
        Participant(name="B", title=None, organisation="ITUC", role="speaker", group="workers"),
        Participant(name="C", title=None, organisation="ITUC", role="moderator", group="workers"),
        Participant(name="D", title=None, organisation="Gov", role="contributor", group="governments"),
        Participant(name="E", title=None, organisation="UN Women", role="speaker", group="women"),
    ]
    table = count_participants_by_group_and_role(people, scheme_of(stakeholders, "tripartite"))
    assert table.to_dict("records") == [
        {"group_id": "governments", "group": "Governments", "speaker": 0, "moderator": 0, "organiser": 0, "contributor": 1, "n_participants": 1},
        {"group_id": "workers", "group": "Workers", "speaker": 1, "moderator": 1, "organiser": 0, "contributor": 0, "n_participants": 2},
        {"group_id": "other", "group": "Other", "speaker": 1, "moderator": 0, "organiser": 0, "contributor": 0, "n_participants": 1},
        {"group_id": "unknown", "group": "Unknown", "speaker": 1, "moderator": 0, "organiser": 0, "contributor": 0, "n_participants": 1},
    ]
