"""The corpus brief: issues across many sessions, from one coding of the selection.

The PDF stays a brief whatever the number of sessions: every table is sized by issues, groups,
years and forums, never by sessions or statements. The full session list and every statement
are in the HTML (sortable and filterable by a small inline script; each count links to its
statements through the filter) and in the data files.
"""

import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from helpers.analysis import corpus as corpus_analysis
from helpers.analysis.corpus import UNKNOWN_YEAR, Corpus, describe_trends, load_corpus
from helpers.analysis.tables import (
    SMALL_N,
    UNATTRIBUTED,
    UNATTRIBUTED_LABEL,
    UNKNOWN_GROUP_LABEL,
    count_issues,
    count_issues_by_group,
    count_issues_by_speaker_group,
    count_participants_by_group_and_role,
    count_unattributed_statements,
    mentioned_scheme_groups,
    scheme_of,
    speaker_scheme_groups,
)
from helpers.briefs import figures
from helpers.briefs.datafiles import DataFiles, build_statements_frame
from helpers.briefs.session_brief import (
    build_count_table,
    issue_rows,
    mention_lens_context,
    participation_context,
    statement_references,
    top_groups,
    voice_lens_context,
)
from helpers.briefs.templating import records, show
from helpers.data.model import GroupingScheme

DATA_NAME = "statements"
MAX_YEAR_COLUMNS = 14  # more years share a "before ..." column: a wider table does not fit A4
MAX_FORUM_COLUMNS = 10  # more forums share an "other forums" column
MAX_FORUMS_NAMED = 12  # in the title block
TOP_SESSIONS = 3
TOP_FINDINGS = 3
EVIDENCE_SECTION = "evidence"  # the id count links point to, with the filter after a "?"
CORPUS_CELLS = "share"  # corpus tables show shares: with hundreds of statements per column, the share is the finding
EVIDENCE_PAGE_ROWS = 100  # statements the evidence table shows at a time (more on request)


@dataclass(frozen=True)
class CorpusBrief:
    """Everything a corpus brief shows: the selection, its coding and the tables built on it."""

    corpus: Corpus
    scheme: GroupingScheme
    references: dict[str, str]  # section.position of each statement within its session
    issue_counts: pd.DataFrame
    by_year: pd.DataFrame  # columns as shown: the earliest years may share one
    trends: pd.DataFrame  # first and last known year
    by_year_for_trends: pd.DataFrame  # every known year
    by_forum: pd.DataFrame
    by_group: pd.DataFrame  # mention lens
    by_speaker: pd.DataFrame  # voice lens
    participation: pd.DataFrame
    top_sessions: pd.DataFrame
    year_of_session: dict[str, str]  # session id -> its column in the by-year table
    forum_of_session: dict[str, str]  # session id -> its column in the by-forum table

    @property
    def coded(self):
        return self.corpus.coded

    @property
    def issue_order(self) -> list[str]:
        return self.issue_counts["issue_id"].tolist()


def prepare_corpus_brief(data_dir: str | Path | None, grouping_scheme: str, forum: str = "", year: int = 0, sdg: int = 0) -> CorpusBrief:
    """Load, check and code the selected sessions once, and count everything the brief shows."""
    selected = load_corpus(data_dir, forum, year, sdg)
    scheme = scheme_of(selected.stakeholders, grouping_scheme)
    coded, codebook = selected.coded, selected.codebook
    by_year_for_trends = corpus_analysis.count_issues_by_year(selected)
    return CorpusBrief(
        corpus=selected,
        scheme=scheme,
        references=statement_references(selected.sessions),
        issue_counts=count_issues(coded, codebook),
        by_year=corpus_analysis.count_issues_by_year(selected, MAX_YEAR_COLUMNS),
        trends=describe_trends(by_year_for_trends),
        by_year_for_trends=by_year_for_trends,
        by_forum=corpus_analysis.count_issues_by_forum(selected, MAX_FORUM_COLUMNS),
        by_group=count_issues_by_group(coded, codebook, scheme),
        by_speaker=count_issues_by_speaker_group(coded, codebook, scheme),
        participation=count_participants_by_group_and_role(selected.participants, scheme),
        top_sessions=corpus_analysis.top_sessions_by_issue(selected, TOP_SESSIONS),
        year_of_session=corpus_analysis.year_columns(selected, MAX_YEAR_COLUMNS),
        forum_of_session=corpus_analysis.forum_columns(selected, MAX_FORUM_COLUMNS),
    )


def _forum_codes(brief: CorpusBrief) -> dict[str, str]:
    """Short codes for the forum columns, used in the filter links and rows (forum names are long)."""
    forums = list(dict.fromkeys(brief.by_forum["forum"])) if not brief.by_forum.empty else sorted(set(brief.forum_of_session.values()))
    return {forum: f"f{position}" for position, forum in enumerate(forums, start=1)}


def filter_link(**criteria) -> str:
    """A link to the evidence table filtered by the given criteria (issue, mention, voice, year, forum, session).

    >>> filter_link(issue="skills", year="2021")
    '#evidence?issue=skills&year=2021'
    """
    return f"#{EVIDENCE_SECTION}?" + urllib.parse.urlencode(criteria)


def render_corpus_header(brief: CorpusBrief) -> HTML:
    """Title block: the selection and how much material it holds."""
    sessions = brief.corpus.sessions
    forums = Counter(s.forum for s in sessions)
    known_years = sorted({s.date[:4] for s in sessions if s.date})
    return show(
        "corpus/header.html.j2",
        selection=brief.corpus.selection,
        n_sessions=len(sessions),
        n_statements=len(brief.coded),
        n_questions=sum(len(s.statements) - len(s.positions) for s in sessions),
        n_participants=len(brief.corpus.participants),
        forums=[{"name": forum, "n_sessions": n} for forum, n in sorted(forums.items(), key=lambda item: (-item[1], item[0]))][:MAX_FORUMS_NAMED],
        n_forums=len(forums),
        first_year=known_years[0] if known_years else None,
        last_year=known_years[-1] if known_years else None,
        n_undated=sum(s.date is None for s in sessions),
        n_inferred=sum(s.is_date_inferred for s in sessions if s.date),
        codebook_version=brief.corpus.codebook.version,
        scheme_label=brief.scheme.label,
    )


def _trend_records(trends: pd.DataFrame, direction: str) -> list[dict]:
    chosen = trends[trends["trend"] == direction]
    chosen = chosen.reindex(chosen["change_pp"].abs().sort_values(ascending=False, kind="stable").index).head(TOP_FINDINGS)
    return records(chosen)


def render_corpus_findings(brief: CorpusBrief) -> HTML:
    """The leading issues, what rose and fell, the groups named and heard."""
    n = len(brief.coded)
    trends = brief.trends
    return show(
        "corpus/findings.html.j2",
        n=n,
        n_sessions=len(brief.corpus.sessions),
        leading=[{"label": r.issue, "n": int(r.n_statements), "share_pct": float(r.share_pct), "href": filter_link(issue=r.issue_id)} for r in brief.issue_counts.head(TOP_FINDINGS).itertuples()],
        rising=_trend_records(trends, "rising"),
        falling=_trend_records(trends, "falling"),
        has_trends=not trends.empty,
        first_year=trends["first_year"].iloc[0] if not trends.empty else None,
        last_year=trends["last_year"].iloc[0] if not trends.empty else None,
        threshold_pp=corpus_analysis.TREND_THRESHOLD_PP,
        named=top_groups(brief.by_group, TOP_FINDINGS),
        n_attributed=n - count_unattributed_statements(brief.coded),
        speaking=top_groups(brief.by_speaker, TOP_FINDINGS, exclude=(UNATTRIBUTED,)),
        data_name=DATA_NAME,
    )


def render_issue_totals(brief: CorpusBrief) -> HTML:
    """Issues found over all the sessions, most frequent first, each count linked to its statements."""
    return show(
        "issues.html.j2",
        rows=issue_rows(brief.issue_counts, lambda issue_id: filter_link(issue=issue_id)),
        with_refs=False,
        n_total=len(brief.coded),
        cap=0,
    )


def render_issues_by_year(brief: CorpusBrief) -> HTML:
    """Issues (rows) by year (columns): the share of the year's statements raising each, shaded by share."""
    order = list(dict.fromkeys(brief.by_year["year"])) if not brief.by_year.empty else None
    table = build_count_table(brief.by_year, "year", "year", "n_year_statements", brief.issue_order, lambda i, y: filter_link(issue=i, year=y), "by-year", column_order=order, cell_format=CORPUS_CELLS)
    is_folded = any(year.startswith("before ") for year in brief.year_of_session.values())
    return show("corpus/by_column.html.j2", table=table, dimension="year", legend=[], is_folded=is_folded, max_columns=MAX_YEAR_COLUMNS, unknown_year=UNKNOWN_YEAR, small_n=SMALL_N)


def render_issues_by_forum(brief: CorpusBrief) -> HTML:
    """Issues (rows) by forum (columns, headed F1, F2, ... and named below), forums with most statements first."""
    codes = _forum_codes(brief)
    labels = {forum: code.upper() for forum, code in codes.items()}
    table = build_count_table(
        brief.by_forum, "forum", "forum", "n_forum_statements", brief.issue_order, lambda i, f: filter_link(issue=i, forum=codes[f]), "by-forum", column_order=list(codes), labels=labels, cell_format=CORPUS_CELLS
    )
    legend = [{"code": labels[forum], "forum": forum} for forum in codes]
    is_folded = corpus_analysis.OTHER_FORUMS in codes
    return show("corpus/by_column.html.j2", table=table, dimension="forum", legend=legend, is_folded=is_folded, max_columns=MAX_FORUM_COLUMNS, unknown_year=UNKNOWN_YEAR, small_n=SMALL_N)


def render_trends(brief: CorpusBrief) -> HTML:
    """Small multiples of each issue's share by year, and the issues that rose or fell between the first and last year."""
    known = brief.by_year_for_trends[brief.by_year_for_trends["year"] != UNKNOWN_YEAR]
    years = sorted(known["year"].unique()) if not known.empty else []
    trends = brief.trends
    trend_of = dict(zip(trends["issue_id"], trends["trend"])) if not trends.empty else {}
    svg = figures.encode_svg(figures.draw_issue_share_by_year(known, brief.issue_order, trend_of)) if len(years) >= 2 and brief.issue_order else None
    changed = trends[trends["trend"].isin(["rising", "falling"])] if not trends.empty else trends
    return show(
        "corpus/trends.html.j2",
        svg=svg,
        years=years,
        changed=records(changed),
        first_year=years[0] if years else None,
        last_year=years[-1] if years else None,
        n_stable=int((trends["trend"] == "stable").sum()) if not trends.empty else 0,
        n_too_few=int((trends["trend"] == "too few statements").sum()) if not trends.empty else 0,
        threshold_pp=corpus_analysis.TREND_THRESHOLD_PP,
        small_n=SMALL_N,
    )


def render_corpus_mention_lens(brief: CorpusBrief) -> HTML:
    """Mention lens over all sessions, each count linked to the statements behind it."""
    return show("lens.html.j2", **mention_lens_context(brief.by_group, brief.issue_counts, lambda i, g: filter_link(issue=i, mention=g), CORPUS_CELLS), is_corpus=True)


def render_corpus_participation(brief: CorpusBrief) -> HTML:
    """Voice lens: participants by group and role over all sessions, and statements attributed to each group."""
    return show("participation.html.j2", **participation_context(brief.participation, brief.coded, brief.scheme), n_listed=0, is_corpus=True)


def render_corpus_voice_lens(brief: CorpusBrief) -> HTML:
    """Voice lens: issues by the attributed speaker's group over all sessions; unattributed apart."""
    return show("lens.html.j2", **voice_lens_context(brief.by_speaker, brief.issue_order, brief.coded, lambda i, g: filter_link(issue=i, voice=g), CORPUS_CELLS), is_corpus=True)


def render_top_sessions(brief: CorpusBrief) -> HTML:
    """For each issue, the sessions where most statements raise it."""
    rows = []
    for issue_id in brief.issue_order:
        top = brief.top_sessions[brief.top_sessions["issue_id"] == issue_id]
        rows.append(
            {
                "issue": brief.corpus.codebook.label_of(issue_id),
                "sessions": [
                    {"session_id": r.session_id, "n": int(r.n_statements), "n_session": int(r.n_session_statements), "href": filter_link(issue=issue_id, session=r.session_id)}
                    for r in top.itertuples()
                ],
            }
        )
    return show("corpus/top_sessions.html.j2", rows=rows, top=TOP_SESSIONS)


def render_corpus_method(brief: CorpusBrief) -> HTML:
    """How the corpus numbers were made."""
    n = len(brief.coded)
    return show(
        "corpus/method.html.j2",
        n_sessions=len(brief.corpus.sessions),
        codebook_version=brief.corpus.codebook.version,
        stakeholders_version=brief.corpus.stakeholders.version,
        n=n,
        n_attributed=n - count_unattributed_statements(brief.coded),
        scheme=brief.scheme,
        small_n=SMALL_N,
        max_years=MAX_YEAR_COLUMNS,
        max_forums=MAX_FORUM_COLUMNS,
    )


def show_data_files(brief: CorpusBrief) -> DataFiles:
    """Every coded statement of the selection, written beside the brief as statements.csv and statements.parquet."""
    return DataFiles(DATA_NAME, "statements", build_statements_frame(brief.coded, brief.corpus.sessions, brief.references, brief.scheme))


def render_session_list(brief: CorpusBrief) -> HTML:
    """Every session of the selection, sortable and filterable (HTML only), each linking to its own brief."""
    return show("corpus/sessions.html.j2", rows=records(corpus_analysis.sessions_table(brief.corpus)))


def evidence_data(brief: CorpusBrief) -> dict:
    """Every statement as compact lists for the evidence table's script (the page stays a few MB at 1,000 sessions).

    ``sessions``: [id, year column, forum code]; ``rows``: [session index, reference, statement id,
    text, issue evidence spans, group evidence spans, issue ids, groups named, voice group, speaker].
    """
    corpus, scheme = brief.corpus, brief.scheme
    codes = _forum_codes(brief)
    session_index = {s.id: position for position, s in enumerate(corpus.sessions)}
    rows = []
    for c in brief.coded:
        statement = c.statement
        rows.append(
            [
                session_index[statement.session_id],
                brief.references[statement.key],
                statement.id,
                statement.text,
                [list(span) for span in sorted({(e.start, e.end) for code in c.issues for e in code.evidence})],
                [list(span) for span in sorted({(e.start, e.end) for mention in c.groups for e in mention.evidence})],
                c.issue_ids,
                mentioned_scheme_groups(c, scheme),
                speaker_scheme_groups(c, scheme)[0],
                statement.speaker or "",
            ]
        )
    return {
        "sessions": [[s.id, brief.year_of_session[s.id], codes[brief.forum_of_session[s.id]]] for s in corpus.sessions],
        "rows": rows,
    }


def render_corpus_evidence(brief: CorpusBrief) -> HTML:
    """Every statement with its codes, filterable by issue, group, year, forum, session and words (HTML only)."""
    corpus, scheme = brief.corpus, brief.scheme
    codes = _forum_codes(brief)
    issue_labels = {i.id: i.label for i in corpus.codebook.issues}
    voice_labels = {**scheme.group_labels, "unknown": UNKNOWN_GROUP_LABEL, UNATTRIBUTED: UNATTRIBUTED_LABEL}
    return show(
        "corpus/evidence.html.j2",
        data=evidence_data(brief),
        n_statements=len(brief.coded),
        section_id=EVIDENCE_SECTION,
        issues=[{"value": issue_id, "label": label} for issue_id, label in issue_labels.items()],
        groups=[{"value": g, "label": label} for g, label in scheme.group_labels.items()],
        voices=[{"value": g, "label": label} for g, label in voice_labels.items()],
        years=list(dict.fromkeys(brief.year_of_session[s.id] for s in sorted(corpus.sessions, key=lambda s: s.date or "9999"))),
        forums=[{"value": code, "label": forum} for forum, code in codes.items()],
        sessions=[s.id for s in corpus.sessions],
        page_size=EVIDENCE_PAGE_ROWS,
        data_name=DATA_NAME,
    )
