"""Many sessions at once: load a selection, and count issues by session, by year and over time.

Nothing here assumes one session or a handful: a year of forums is hundreds of sessions, and
the same tables gain power as n grows.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.analysis.cache import CacheReport, SessionCache
from helpers.analysis.coding import CodedStatement
from helpers.data import paths
from helpers.data.errors import DataError
from helpers.data.loading import list_session_ids, load_codebook, load_stakeholders
from helpers.data.model import Codebook, Session, Stakeholders
from helpers.analysis.tables import SMALL_N, compute_share_pct, count_issues_by_bucket, list_issues_found, list_statement_issues

TREND_THRESHOLD_PP = 5.0  # a change in share smaller than this many percentage points is "stable"
UNKNOWN_YEAR = "unknown"


@dataclass(frozen=True)
class Corpus:
    """The selected sessions, their coded statements (in session order) and the shared data."""

    sessions: tuple[Session, ...]
    coded: list[CodedStatement]
    codebook: Codebook
    stakeholders: Stakeholders
    selection: str
    cache_report: CacheReport | None = None  # what came from the cache and what was read or coded again

    @property
    def participants(self):
        return [p for s in self.sessions for p in s.participants]


def session_year(session: Session) -> str:
    """The session's year as text, or ``unknown`` when its date is not known."""
    return session.date[:4] if session.date else UNKNOWN_YEAR


def describe_selection(forum: str, year: int, sdg: int) -> str:
    """Readable description of the filters.

    >>> describe_selection("", 2025, 8)
    'year 2025, SDG 8'
    """
    parts = [f"forum “{forum}”" if forum else "", f"year {year}" if year else "", f"SDG {sdg}" if sdg else ""]
    return ", ".join(p for p in parts if p) or "all sessions"


def load_corpus(data_dir: str | Path | None, forum: str = "", year: int = 0, sdg: int = 0) -> Corpus:
    """Load, check and code every session in the data folder that matches the filters.

    Every session is checked, selected or not; sessions whose inputs are unchanged since an
    earlier run come from the cache (``<data folder>/.cache/``) instead of being parsed and
    coded again, with the same result.
    """
    data_dir = paths.resolve_data_dir(data_dir)
    store = SessionCache(data_dir)  # before loading: it takes the sha256 of what is about to be read
    stakeholders = load_stakeholders(data_dir)
    codebook = load_codebook(data_dir)
    every_session = store.load_sessions(list_session_ids(data_dir), codebook, stakeholders)
    sessions = [
        session
        for session in every_session
        if (not forum or session.forum == forum) and (not year or session_year(session) == str(year)) and (not sdg or sdg in session.sdgs)
    ]
    selection = describe_selection(forum, year, sdg)
    if not sessions:
        raise DataError(paths.sessions_dir(data_dir), f"no session matches the selection ({selection})")
    sessions.sort(key=lambda s: (s.date or "9999", s.id))
    coded_by_session = store.code_sessions(sessions, codebook, stakeholders)
    coded = [c for session in sessions for c in coded_by_session[session.id]]
    return Corpus(sessions=tuple(sessions), coded=coded, codebook=codebook, stakeholders=stakeholders, selection=selection, cache_report=store.report)


def sessions_table(corpus: Corpus) -> pd.DataFrame:
    """One row per session: id, title, forum, date (ISO, or None), whether it is inferred, and the
    statements counted (guiding questions are not), those attributed to a speaker, and participants."""
    counted = Counter(c.statement.session_id for c in corpus.coded)
    attributed = Counter(c.statement.session_id for c in corpus.coded if c.statement.speaker_group is not None)
    rows = [
        {
            "session_id": s.id,
            "title": s.title,
            "forum": s.forum,
            "date": s.date,
            "is_date_inferred": s.is_date_inferred,
            "n_statements": counted[s.id],
            "n_attributed": attributed[s.id],
            "n_participants": len(s.participants),
        }
        for s in corpus.sessions
    ]
    return pd.DataFrame(rows, columns=["session_id", "title", "forum", "date", "is_date_inferred", "n_statements", "n_attributed", "n_participants"])


def _count_by(corpus: Corpus, key_of, key_name: str, keys: list[str]) -> pd.DataFrame:
    statement_issues = list_statement_issues(corpus.coded)
    found = list_issues_found(statement_issues, corpus.codebook)
    table = count_issues_by_bucket(corpus.coded, [issue.id for issue in found], lambda c: [key_of(c)], keys, statement_issues)
    n_column = f"n_{key_name}_statements"
    table = table.rename(columns={"bucket": key_name, "n_bucket_statements": n_column})
    table.insert(2, "issue", table["issue_id"].map({issue.id: issue.label for issue in found}))
    table["share_pct"] = [compute_share_pct(count, n) for count, n in zip(table["n_statements"], table[n_column])]
    table["is_small_n"] = table[n_column] < SMALL_N
    return table


def count_issues_by_session(corpus: Corpus) -> pd.DataFrame:
    """Statements raising each issue in each session, with the session's n and the share."""
    return _count_by(corpus, lambda c: c.statement.session_id, "session", [s.id for s in corpus.sessions])


def year_columns(corpus: Corpus, max_years: int | None = None) -> dict[str, str]:
    """Session id -> the year column its statements are counted in.

    With ``max_years``, known years before the latest ``max_years`` share one column,
    ``before <first year kept>`` (a wider table does not fit a page); undated sessions are ``unknown``.
    """
    years = {s.id: session_year(s) for s in corpus.sessions}
    known = sorted({year for year in years.values() if year != UNKNOWN_YEAR})
    if max_years is None or len(known) <= max_years:
        return years
    first_kept = known[-max_years]
    return {session_id: f"before {first_kept}" if year != UNKNOWN_YEAR and year < first_kept else year for session_id, year in years.items()}


OTHER_FORUMS = "other forums"


def forum_columns(corpus: Corpus, max_forums: int | None = None) -> dict[str, str]:
    """Session id -> the forum column its statements are counted in: the forum, or ``other forums``
    for forums beyond the ``max_forums`` with most statements."""
    sizes = Counter(c.statement.session_id for c in corpus.coded)
    forum_sizes = Counter()
    for s in corpus.sessions:
        forum_sizes[s.forum] += sizes[s.id]
    kept = set(sorted(forum_sizes, key=lambda forum: (-forum_sizes[forum], forum))[:max_forums] if max_forums else forum_sizes)
    return {s.id: s.forum if s.forum in kept else OTHER_FORUMS for s in corpus.sessions}


def _count_by_column(corpus: Corpus, columns: dict[str, str], key_name: str, order) -> pd.DataFrame:
    keys = sorted(set(columns.values()), key=order)
    return _count_by(corpus, lambda c: columns[c.statement.session_id], key_name, keys)


def _year_order(year: str) -> tuple:
    """Earlier years folded together first, then years in order, unknown last."""
    return (0 if year.startswith("before") else 2 if year == UNKNOWN_YEAR else 1, year)


def count_issues_by_year(corpus: Corpus, max_years: int | None = None) -> pd.DataFrame:
    """Statements raising each issue per year (see :func:`year_columns`), with the year's n and the share."""
    return _count_by_column(corpus, year_columns(corpus, max_years), "year", _year_order)


def count_issues_by_forum(corpus: Corpus, max_forums: int | None = None) -> pd.DataFrame:
    """Statements raising each issue per forum (see :func:`forum_columns`), forums with most statements first."""
    columns = forum_columns(corpus, max_forums)
    sizes = Counter(columns[c.statement.session_id] for c in corpus.coded)
    return _count_by_column(corpus, columns, "forum", lambda forum: (forum == OTHER_FORUMS, -sizes[forum], forum))


def top_sessions_by_issue(corpus: Corpus, top: int = 3) -> pd.DataFrame:
    """For each issue found, the ``top`` sessions where most statements raise it (ties: higher share, then session order).

    Columns issue_id, issue, rank, session_id, n_statements, n_session_statements, share_pct.
    """
    order = {s.id: position for position, s in enumerate(corpus.sessions)}
    sizes = Counter(c.statement.session_id for c in corpus.coded)
    counts: Counter = Counter((issue_id, c.statement.session_id) for c in corpus.coded for issue_id in c.issue_ids)
    rows = []
    for issue in corpus.codebook.issues:
        sessions = [(session_id, n) for (issue_id, session_id), n in counts.items() if issue_id == issue.id]
        sessions.sort(key=lambda item: (-item[1], -item[1] / sizes[item[0]], order[item[0]]))
        for rank, (session_id, n) in enumerate(sessions[:top], start=1):
            rows.append(
                {
                    "issue_id": issue.id,
                    "issue": issue.label,
                    "rank": rank,
                    "session_id": session_id,
                    "n_statements": n,
                    "n_session_statements": sizes[session_id],
                    "share_pct": round(100.0 * n / sizes[session_id], 1),
                }
            )
    return pd.DataFrame(rows, columns=["issue_id", "issue", "rank", "session_id", "n_statements", "n_session_statements", "share_pct"])


def describe_trends(by_year: pd.DataFrame) -> pd.DataFrame:
    """Per issue, its share in the first and the last known year and whether it rose or fell.

    Needs two known years, each with at least ``SMALL_N`` statements; a change of less than
    ``TREND_THRESHOLD_PP`` percentage points is stable. Returns an empty frame otherwise.
    """
    known = by_year[by_year["year"] != UNKNOWN_YEAR]
    years = sorted(known["year"].unique())
    if len(years) < 2:
        return pd.DataFrame(columns=["issue_id", "issue", "first_year", "first_share_pct", "last_year", "last_share_pct", "change_pp", "trend"])
    first, last = years[0], years[-1]
    rows = []
    for issue_id, issue_rows in known.groupby("issue_id", sort=False):
        start = issue_rows[issue_rows["year"] == first].iloc[0]
        end = issue_rows[issue_rows["year"] == last].iloc[0]
        change = round(end["share_pct"] - start["share_pct"], 1)
        if start["is_small_n"] or end["is_small_n"]:
            trend = "too few statements"
        elif change >= TREND_THRESHOLD_PP:
            trend = "rising"
        elif change <= -TREND_THRESHOLD_PP:
            trend = "falling"
        else:
            trend = "stable"
        rows.append(
            {
                "issue_id": issue_id,
                "issue": start["issue"],
                "first_year": first,
                "first_share_pct": start["share_pct"],
                "last_year": last,
                "last_share_pct": end["share_pct"],
                "change_pp": change,
                "trend": trend,
            }
        )
    return pd.DataFrame(rows).sort_values("change_pp", ascending=False, kind="stable").reset_index(drop=True)
