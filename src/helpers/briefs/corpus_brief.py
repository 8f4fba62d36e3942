"""HTML building blocks of the corpus brief: issues across many sessions, by session and by year."""

import pandas as pd
from IPython.display import HTML

from helpers.briefs import figures
from helpers.briefs.session_brief import CountDimension, cell_anchor, link
from helpers.analysis.corpus import TREND_THRESHOLD_PP, UNKNOWN_YEAR, Corpus, describe_trends, session_year, sessions_table, statement_year
from helpers.briefs.htmlparts import escape, html_table
from helpers.analysis.tables import SMALL_N

MAX_SESSION_COLUMNS = 12  # beyond this an issue x session table is unreadable; years and forums take over
TOP_TREND_ISSUES = 6


def render_corpus_header(corpus: Corpus) -> HTML:
    """Title block: the selection and how much material it holds."""
    years = sorted({session_year(s) for s in corpus.sessions})
    forums = sorted({s.forum for s in corpus.sessions})
    facts = [
        ("Selection", escape(corpus.selection)),
        ("Sessions", str(len(corpus.sessions))),
        ("Statements", str(len(corpus.coded))),
        ("Forums", escape(", ".join(forums))),
        ("Years", escape(", ".join(years))),
        ("Codebook", f"version {escape(corpus.codebook.version)}"),
    ]
    rows = "".join(f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>" for label, value in facts)
    return HTML(
        "<header class='brief-header'><p class='kicker'>Corpus brief</p><h1>Issues across sessions</h1>"
        f"<p class='subtitle'>{len(corpus.sessions)} session{'s' if len(corpus.sessions) != 1 else ''}, {len(corpus.coded)} statements</p>"
        f"<table class='facts'>{rows}</table></header>"
    )


def render_sessions(corpus: Corpus) -> HTML:
    """The sessions in the selection."""
    return HTML(
        html_table(
            sessions_table(corpus),
            {"session_id": "Session", "title": "Title", "forum": "Forum", "date": "Date", "n_statements": "Statements", "n_participants": "Participants"},
            "brief-table sessions",
        )
    )


def corpus_dimensions(corpus: Corpus) -> list[CountDimension]:
    """Sessions and years as count dimensions, for links and the appendix."""
    titles = {s.id: s.id for s in corpus.sessions}
    years = {year: year for year in sorted({session_year(s) for s in corpus.sessions})}
    return [
        CountDimension("session", titles, lambda c: [c.statement.session_id], lambda session_id, _: f"In session {session_id}"),
        CountDimension("year", years, lambda c, year_of=statement_year(corpus): [year_of(c)], lambda year, _: f"In {year}"),
    ]


def _linked_issue_table(long: pd.DataFrame, key: str, prefix: str, issue_order: list[str], header_of) -> str:
    """Issues x sessions (or years): count (share %) with n in the header, counts linked."""
    keys = list(dict.fromkeys(long[key]))
    n_column = f"n_{key}_statements"
    table = pd.DataFrame({"Issue": [escape(long[long["issue_id"] == i]["issue"].iloc[0]) for i in issue_order]})
    for value in keys:
        rows = long[long[key] == value].set_index("issue_id")
        n = int(rows[n_column].iloc[0])
        cells = []
        for issue_id in issue_order:
            count, share = int(rows.at[issue_id, "n_statements"]), rows.at[issue_id, "share_pct"]
            cells.append(link(f"{count} ({share:.0f}%)", cell_anchor(prefix, issue_id, value)) if count else "0")
        table[escape(f"{header_of(value)} (n={n})")] = cells
    return table.to_html(index=False, escape=False, border=0, classes="brief-table issue-by-group")


def render_issues_by_session(by_session: pd.DataFrame, by_year: pd.DataFrame, issue_counts: pd.DataFrame, corpus: Corpus) -> HTML:
    """Issue frequency by session (up to a dozen sessions) and by year, counts linked to statements."""
    issue_order = issue_counts["issue_id"].tolist()
    parts = []
    if len(corpus.sessions) <= MAX_SESSION_COLUMNS:
        parts.append("<h3>By session</h3>" + _linked_issue_table(by_session, "session", "session", issue_order, lambda session_id: session_id))
    else:
        parts.append(f"<p class='note'>{len(corpus.sessions)} sessions are too many to show side by side; each has its own brief. Below, by year.</p>")
    parts.append("<h3>By year</h3>" + _linked_issue_table(by_year, "year", "year", issue_order, lambda year: year))
    return HTML("".join(parts))


def render_trends(by_year: pd.DataFrame) -> HTML:
    """Rising and falling issues between the first and last year, with a figure of the leaders."""
    trends = describe_trends(by_year)
    known_years = sorted(y for y in by_year["year"].unique() if y != UNKNOWN_YEAR)
    if trends.empty:
        return HTML(
            f"<p>The selection covers {len(known_years)} known year{'s' if len(known_years) != 1 else ''} ({escape(', '.join(known_years)) or 'none'}): "
            "trends need at least two.</p>"
        )
    leaders = trends.reindex(trends["change_pp"].abs().sort_values(ascending=False, kind="stable").index).head(TOP_TREND_ISSUES)["issue_id"].tolist()
    figure = figures.figure_html(
        figures.draw_issue_trends(by_year[by_year["year"] != UNKNOWN_YEAR], leaders),
        alt_text="Line chart of the share of statements raising each issue, by year, for the issues that changed most: "
        + "; ".join(f"{r.issue}: {r.first_share_pct}% in {r.first_year}, {r.last_share_pct}% in {r.last_year}" for r in trends[trends["issue_id"].isin(leaders)].itertuples()),
        caption=f"Share of the year's statements raising the issue, for the {len(leaders)} issues whose share changed most.",
    )
    table = html_table(
        trends,
        {"issue": "Issue", "first_share_pct": f"{trends['first_year'].iloc[0]} (%)", "last_share_pct": f"{trends['last_year'].iloc[0]} (%)", "change_pp": "Change (points)", "trend": "Trend"},
        "brief-table numeric trends",
    )
    note = (
        f"<p class='note'>Rising or falling: a change of at least {TREND_THRESHOLD_PP:.0f} percentage points between the first and the last year; "
        f"both years need at least {SMALL_N} statements. A descriptive comparison, not a test.</p>"
    )
    return HTML(figure + table + note)


def render_corpus_method(corpus: Corpus, scheme) -> HTML:
    """How the corpus numbers were made."""
    unattributed = sum(c.statement.speaker_group is None for c in corpus.coded)
    items = [
        f"<strong>Coding.</strong> Every statement of the {len(corpus.sessions)} sessions was coded by the same rules (codebook {escape(corpus.codebook.version)}, stakeholder data {escape(corpus.stakeholders.version)}), with each session's analyst overrides applied.",
        f"<strong>Lenses.</strong> Mention lens: groups a statement names. Voice lens: participants, and statements attributed to a speaker ({len(corpus.coded) - unattributed} of {len(corpus.coded)} here; unattributed ones are never spread over groups). Groups in the scheme “{escape(scheme.label)}”.",
        f"<strong>Pooling.</strong> Counts are statements pooled over sessions; shares are of the statements in the column's n. Shares from fewer than {SMALL_N} statements are marked small n.",
        "<strong>Dates.</strong> Years come from session dates; inferred dates are marked in the sessions table, and sessions with no date fall under “unknown”.",
        "<strong>Regenerate.</strong> <code>briefs render --corpus</code> (or <code>make briefs</code>); select with the notebook's forum, year and sdg parameters.",
    ]
    return HTML("<ul class='method'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
