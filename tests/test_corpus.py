"""The corpus: generated sessions in a temporary folder, with cross-session counts checked exactly."""

import pytest

from helpers.analysis.coding import code_session
from helpers.analysis.corpus import (
    OTHER_FORUMS,
    count_issues_by_forum,
    count_issues_by_session,
    count_issues_by_year,
    describe_trends,
    forum_columns,
    load_corpus,
    sessions_table,
    top_sessions_by_issue,
)
from helpers.data.errors import DataError
from helpers.data.loading import load_inputs
from helpers.analysis.tables import count_issues, count_issues_by_group, scheme_of
from tiny_data import write_collection, write_generated_session

# 2024, forum A: 5 statements, skills in 4 (80 %), safety in 1.
# 2025, forum A: 3 statements; 2025, forum B: 2 statements -> 2025 has 5: skills in 1 (20 %), safety in 4.
SESSIONS = {
    "a-2024": ("Forum A", "2024-03-01", ["Workers need skills;", "Training for governments;", "Skills again;", "More training;", "Safety first;"]),
    "a-2025": ("Forum A", "2025-03-01", ["Safety at work;", "Safety for workers;", "Skills for employers;"]),
    "b-2025": ("Forum B", "2025-07-01", ["Safety rules;", "Safety and social dialogue;"]),
}


@pytest.fixture
def generated(tmp_path):
    data_dir = write_collection(tmp_path / "data")
    (data_dir / "sessions" / "tiny-session.yaml").unlink()
    for session_id, (forum, date, statements) in SESSIONS.items():
        write_generated_session(data_dir, session_id, forum, date, statements)
    return data_dir


def test_corpus_loads_every_session_in_date_order(generated):
    corpus = load_corpus(generated)
    assert [s.id for s in corpus.sessions] == ["a-2024", "a-2025", "b-2025"]
    assert len(corpus.coded) == 10
    assert sessions_table(corpus)[["session_id", "n_statements"]].values.tolist() == [["a-2024", 5], ["a-2025", 3], ["b-2025", 2]]


def test_pooled_issue_counts(generated):
    corpus = load_corpus(generated)
    counts = count_issues(corpus.coded, corpus.codebook).set_index("issue_id")
    assert counts["n_statements"].to_dict() == {"skills": 5, "osh": 5, "social_dialogue": 1}
    assert counts["n_total"].unique().tolist() == [10]


def test_counts_by_session_and_year(generated):
    corpus = load_corpus(generated)
    by_session = count_issues_by_session(corpus).set_index(["session", "issue_id"])
    assert by_session.loc[("a-2025", "osh"), ["n_statements", "n_session_statements"]].tolist() == [2, 3]
    by_year = count_issues_by_year(corpus).set_index(["year", "issue_id"])
    assert by_year.loc[("2024", "skills"), ["n_statements", "n_year_statements", "share_pct"]].tolist() == [4, 5, 80.0]
    assert by_year.loc[("2025", "osh"), ["n_statements", "n_year_statements", "share_pct"]].tolist() == [4, 5, 80.0]


def test_trends_name_rising_and_falling_issues(generated):
    trends = describe_trends(count_issues_by_year(load_corpus(generated))).set_index("issue_id")
    assert trends.loc["osh", ["first_share_pct", "last_share_pct", "change_pp", "trend"]].tolist() == [20.0, 80.0, 60.0, "rising"]
    assert trends.loc["skills", ["change_pp", "trend"]].tolist() == [-60.0, "falling"]
    assert trends.loc["social_dialogue", ["change_pp", "trend"]].tolist() == [20.0, "rising"]


def test_one_year_gives_no_trends(generated):
    assert describe_trends(count_issues_by_year(load_corpus(generated, year=2025))).empty


def test_filters_select_sessions(generated):
    assert [s.id for s in load_corpus(generated, forum="Forum A").sessions] == ["a-2024", "a-2025"]
    assert [s.id for s in load_corpus(generated, year=2025).sessions] == ["a-2025", "b-2025"]
    with pytest.raises(DataError, match=r"no session matches the selection \(forum “Forum C”\)"):
        load_corpus(generated, forum="Forum C")
    with pytest.raises(DataError, match="no session matches the selection"):
        load_corpus(generated, sdg=5)


def test_pooled_mention_lens_equals_the_sum_over_sessions(generated):
    corpus = load_corpus(generated)
    scheme = scheme_of(corpus.stakeholders, "fine")
    pooled = count_issues_by_group(corpus.coded, corpus.codebook, scheme).set_index(["group_id", "issue_id"])["n_statements"]
    per_session = {}
    for session_id in SESSIONS:
        session, codebook, stakeholders = load_inputs(generated, session_id)
        table = count_issues_by_group(code_session(session, codebook, stakeholders), codebook, scheme)
        for row in table.itertuples():
            per_session[(row.group_id, row.issue_id)] = per_session.get((row.group_id, row.issue_id), 0) + row.n_statements
    assert {key: value for key, value in pooled.items() if value} == {key: value for key, value in per_session.items() if value}
    assert pooled[("workers", "skills")] == 1 and pooled[("workers", "osh")] == 1


def test_undated_sessions_fall_under_unknown_year(generated):
    write_generated_session(generated, "undated", "Forum A", None, ["Skills matter;"])
    by_year = count_issues_by_year(load_corpus(generated))
    assert sorted(by_year["year"].unique()) == ["2024", "2025", "unknown"]


def test_the_corpus_id_is_reserved(generated):
    write_generated_session(generated, "corpus", "Forum A", "2025-01-01", ["Skills matter;"])
    with pytest.raises(DataError, match="reserved for the corpus brief"):
        load_corpus(generated)


def test_hundreds_of_sessions_count_exactly(tmp_path):
    data_dir = write_collection(tmp_path / "data")
    (data_dir / "sessions" / "tiny-session.yaml").unlink()
    for number in range(300):
        year = 2020 + number % 3
        statements = ["Skills for workers;", "Safety rules;"] if number % 2 else ["Social dialogue with employers;"]
        write_generated_session(data_dir, f"s-{number:03d}", "Forum A", f"{year}-01-01", statements)
    corpus = load_corpus(data_dir)
    assert len(corpus.sessions) == 300 and len(corpus.coded) == 150 * 2 + 150
    counts = count_issues(corpus.coded, corpus.codebook).set_index("issue_id")["n_statements"].to_dict()
    assert counts == {"skills": 150, "osh": 150, "social_dialogue": 150}
    by_year = count_issues_by_year(corpus).set_index(["year", "issue_id"])["n_year_statements"]
    # Years cycle 2020, 2021, 2022 over numbers 0..299: each year has 50 odd and 50 even numbers.
    assert by_year[("2021", "skills")] == 50 * 2 + 50


def test_top_sessions_by_issue_rank_by_count_then_share(generated):
    top = top_sessions_by_issue(load_corpus(generated), top=2).set_index(["issue_id", "rank"])
    # skills: a-2024 has 4 of 5, a-2025 1 of 3; safety: a-2025 2 of 3 and b-2025 2 of 2 (larger share first).
    assert top.loc[("skills", 1), ["session_id", "n_statements", "n_session_statements"]].tolist() == ["a-2024", 4, 5]
    assert top.loc[("skills", 2), "session_id"] == "a-2025"
    assert [top.loc[("osh", rank), "session_id"] for rank in (1, 2)] == ["b-2025", "a-2025"]


def test_many_forums_and_years_fold_into_one_column_each(tmp_path):
    data_dir = write_collection(tmp_path / "data")
    (data_dir / "sessions" / "tiny-session.yaml").unlink()
    for number in range(16):
        # Forum k has k + 1 sessions' worth of statements, so the largest forums are the last ones.
        write_generated_session(data_dir, f"s-{number:02d}", f"Forum {number:02d}", f"{2000 + number}-01-01", ["Skills;"] * (number + 1))
    corpus = load_corpus(data_dir)
    forums = forum_columns(corpus, max_forums=10)
    assert forums["s-15"] == "Forum 15" and forums["s-06"] == "Forum 06" and forums["s-05"] == OTHER_FORUMS
    by_forum = count_issues_by_forum(corpus, max_forums=10)
    assert by_forum["forum"].tolist()[:2] == ["Forum 15", "Forum 14"] and by_forum["forum"].tolist()[-1] == OTHER_FORUMS
    assert by_forum.set_index("forum").at[OTHER_FORUMS, "n_forum_statements"] == sum(range(1, 7))
    by_year = count_issues_by_year(corpus, max_years=14)
    assert by_year["year"].tolist()[0] == "before 2002" and len(by_year) == 15
    assert by_year.set_index("year").at["before 2002", "n_year_statements"] == 1 + 2
    assert count_issues_by_year(corpus)["year"].nunique() == 16  # unfolded, for trends
