"""Tables on the tiny collection, checked against counts worked out by hand.

Tiny statements (see tiny_data.py):
  a: governments + workers; skills
  b: employers + workers; social_dialogue
  c: un_system (UN Women) + women; osh
"""

from helpers.analysis.coding import code_session
from helpers.data.loading import load_inputs
from helpers.analysis.tables import (
    count_issues,
    count_issues_by_group,
    count_participants_by_group_and_role,
    count_unattributed_statements,
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


def test_participants_by_group_and_role(tiny_data_dir):
    session, _, stakeholders, _ = _inputs(tiny_data_dir)
    table = count_participants_by_group_and_role(session.participants, scheme_of(stakeholders, "fine"))
    assert table.to_dict("records") == [
        {"group_id": "un_system", "group": "UN system", "speaker": 0, "moderator": 0, "organiser": 1, "contributor": 0, "n_participants": 1}
    ]


def test_unattributed_statements_are_counted(tiny_data_dir):
    _, _, _, coded = _inputs(tiny_data_dir)
    assert count_unattributed_statements(coded) == 3


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
def _by_group_row(group_id, group, issue_id, issue, n, n_group):
    return {"issue_id": issue_id, "issue": issue, "group_id": group_id, "group": group, "n_statements": n, "n_group_statements": n_group, "share_pct": 0.0, "is_small_n": n_group < 5}


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
