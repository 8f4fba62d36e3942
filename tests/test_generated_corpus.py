"""A generated corpus: the same seed gives the same bytes, and every count over it is exact."""

import pandas as pd
import pytest

from generate_corpus import generate_corpus
from helpers.analysis.corpus import count_issues_by_session, count_issues_by_year, load_corpus, session_year
from helpers.analysis.tables import SMALL_N, count_issues, count_issues_by_group, count_issues_by_speaker_group, scheme_of
from helpers.data.loading import list_session_ids

N_SESSIONS = 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("generated") / "data"
    generate_corpus(data_dir, N_SESSIONS, seed=3)
    return data_dir


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file() and ".cache" not in path.parts}


def test_the_same_seed_gives_the_same_bytes_and_a_prefix_is_the_smaller_corpus(tmp_path):
    generate_corpus(tmp_path / "one", 12, seed=3)
    generate_corpus(tmp_path / "two", 12, seed=3)
    generate_corpus(tmp_path / "five", 5, seed=3)
    generate_corpus(tmp_path / "other", 12, seed=4)
    one = _files(tmp_path / "one")
    assert one == _files(tmp_path / "two")
    assert set(_files(tmp_path / "five").items()) <= set(one.items())
    assert _files(tmp_path / "other") != one


def test_a_generated_corpus_is_valid_and_varied(generated):
    corpus = load_corpus(generated)
    assert len(list_session_ids(generated)) == len(corpus.sessions) == N_SESSIONS
    assert len({s.forum for s in corpus.sessions}) >= 5
    assert len({session_year(s) for s in corpus.sessions}) >= 6
    assert len({p.name for s in corpus.sessions for p in s.participants if p.name}) >= 100
    attributed = [c for c in corpus.coded if c.statement.speaker_group is not None]
    assert 0.05 * len(corpus.coded) < len(attributed) < 0.3 * len(corpus.coded)
    assert len(count_issues(corpus.coded, corpus.codebook)) >= 15
    assert any(s.text_file for s in corpus.sessions) and any(s.overrides for s in corpus.sessions)


def test_the_first_201_sessions_are_like_the_measured_corpus(tmp_path):
    """The issue's measurement: 201 sessions, 2,253 statements (about 11 positions a session, 5 to 25)."""
    generate_corpus(tmp_path / "data", 201)
    positions = []
    for path in sorted((tmp_path / "data" / "sessions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        positions.append(text.count("\n  - id: s") - text.count("is_question: true"))
    assert min(positions) == 5 and max(positions) <= 25
    assert 2150 <= sum(positions) <= 2350


def _naive_counts(coded, codebook, bucket_of, buckets):
    """The counts by brute force, cell by cell: the definition the fast tables must match."""
    rows = []
    for bucket in buckets:
        in_bucket = [c for c in coded if bucket in bucket_of(c)]
        for issue in codebook.issues:
            if any(issue.id in c.issue_ids for c in coded):
                rows.append((bucket, issue.id, sum(issue.id in c.issue_ids for c in in_bucket), len(in_bucket)))
    return rows


def test_counts_by_session_and_year_are_exact(generated):
    corpus = load_corpus(generated)
    by_session = count_issues_by_session(corpus)
    expected = _naive_counts(corpus.coded, corpus.codebook, lambda c: [c.statement.session_id], [s.id for s in corpus.sessions])
    assert list(by_session[["session", "issue_id", "n_statements", "n_session_statements"]].itertuples(index=False, name=None)) == expected
    years = sorted({session_year(s) for s in corpus.sessions})
    year_of = {s.id: session_year(s) for s in corpus.sessions}
    by_year = count_issues_by_year(corpus)
    expected = _naive_counts(corpus.coded, corpus.codebook, lambda c: [year_of[c.statement.session_id]], years)
    assert list(by_year[["year", "issue_id", "n_statements", "n_year_statements"]].itertuples(index=False, name=None)) == expected
    assert by_year["share_pct"].tolist() == [round(100.0 * n / total, 1) for _, _, n, total in expected]
    assert by_year["is_small_n"].tolist() == [total < SMALL_N for *_, total in expected]
    assert by_year["n_statements"].dtype == "int64" and by_year["n_year_statements"].dtype == "int64"


@pytest.mark.parametrize("scheme_id", ["fine", "major_groups", "tripartite"])
def test_counts_by_group_in_both_lenses_are_exact(generated, scheme_id):
    from helpers.analysis.tables import mentioned_scheme_groups, speaker_scheme_groups

    corpus = load_corpus(generated)
    scheme = scheme_of(corpus.stakeholders, scheme_id)
    for table, groups_of, labels in (
        (count_issues_by_group(corpus.coded, corpus.codebook, scheme), lambda c: mentioned_scheme_groups(c, scheme), list(scheme.group_labels)),
        (count_issues_by_speaker_group(corpus.coded, corpus.codebook, scheme), lambda c: speaker_scheme_groups(c, scheme), [*scheme.group_labels, "unknown", "unattributed"]),
    ):
        expected = [row for row in _naive_counts(corpus.coded, corpus.codebook, groups_of, labels) if row[3]]
        assert list(table[["group_id", "issue_id", "n_statements", "n_group_statements"]].itertuples(index=False, name=None)) == expected
        assert table["share_pct"].tolist() == [round(100.0 * n / total, 1) for _, _, n, total in expected]


def test_pooled_issue_totals_are_exact(generated):
    corpus = load_corpus(generated)
    counts = count_issues(corpus.coded, corpus.codebook)
    expected = {issue.id: sum(issue.id in c.issue_ids for c in corpus.coded) for issue in corpus.codebook.issues}
    assert dict(zip(counts["issue_id"], counts["n_statements"])) == {issue_id: n for issue_id, n in expected.items() if n}
    assert counts["n_statements"].is_monotonic_decreasing
    pd.testing.assert_series_equal(counts["n_total"], pd.Series([len(corpus.coded)] * len(counts), name="n_total"))


def test_the_cache_gives_what_loading_and_coding_give_for_every_generated_session(generated):
    """Sessions with overrides, extracted text files, attributed statements and guiding questions among them."""
    from helpers.analysis.coding import code_session
    from helpers.data.loading import load_inputs

    load_corpus(generated)
    warm = load_corpus(generated)
    assert warm.cache_report.sessions_read == warm.cache_report.issues_coded == warm.cache_report.groups_found == 0
    for session in warm.sessions:
        loaded, codebook, stakeholders = load_inputs(generated, session.id)
        assert loaded == session
        assert code_session(loaded, codebook, stakeholders) == [c for c in warm.coded if c.statement.session_id == session.id]
    assert any(s.overrides for s in warm.sessions) and any(s.text_file for s in warm.sessions)
    assert any(len(s.positions) < len(s.statements) for s in warm.sessions)
