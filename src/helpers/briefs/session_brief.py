"""HTML building blocks of a session brief; each returns an object the notebook displays.

All text from data files is escaped here, so summary text shows as text, never as markup.
"""

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML

from helpers.briefs import figures
from helpers.analysis.coding import CodedStatement, count_override_changes
from helpers.analysis.quality import describe_coder_kinds, describe_human_coding
from helpers.briefs.htmlparts import escape, html_table
from helpers.data.model import Codebook, GroupingScheme, Session, Stakeholders
from helpers.analysis.tables import (
    ROLES,
    SMALL_N,
    UNATTRIBUTED,
    UNATTRIBUTED_LABEL,
    UNKNOWN_GROUP_LABEL,
    add_lift,
    count_issue_pairs,
    count_unattributed_statements,
    describe_group_issues,
    format_issue_by_group_table,
    list_statements_behind,
    mentioned_scheme_groups,
    pivot_issue_by_group,
    speaker_scheme_groups,
)

ROLE_LABELS = {"speaker": "Speakers", "moderator": "Moderators", "organiser": "Organisers", "contributor": "Contributors"}


def _long_date(iso_date: str) -> str:
    day = datetime.date.fromisoformat(iso_date)
    return f"{day.day} {day.strftime('%B %Y')}"


def statement_anchor(statement_key: str) -> str:
    """The HTML id of a statement's row in the evidence table (keys are unique across sessions)."""
    return f"statement-{statement_key}"


def issue_anchor(issue_id: str) -> str:
    """The HTML id of an issue's block in the appendix of statements behind each count."""
    return f"issue-{issue_id}"


def cell_anchor(lens: str, issue_id: str, group_id: str) -> str:
    """The HTML id of the statements behind one issue x group count (lens: mention or voice)."""
    return f"{lens}-{issue_id}--{group_id}"


def pair_anchor(issue_a: str, issue_b: str) -> str:
    """The HTML id of the statements raising two issues together."""
    return f"pair-{issue_a}--{issue_b}"


def link(text, anchor: str) -> str:
    """An internal link; works in the HTML and, through WeasyPrint, in the PDF."""
    return f"<a href='#{anchor}'>{escape(text)}</a>"


def statement_references(sessions, with_session: bool = False) -> dict[str, str]:
    """Readable references such as ``2.3`` (section, position in section) for each statement key.

    Keys stay the stable identity; the reference is only for reading. In a corpus the session
    id goes first (``ecosoc-pf-2025-sdg8 2.3``).
    """
    references = {}
    for session in sessions:
        positions: dict[int, int] = {}
        for statement in session.statements:
            positions[statement.section] = positions.get(statement.section, 0) + 1
            reference = f"{statement.section}.{positions[statement.section]}"
            references[statement.key] = f"{session.id} {reference}" if with_session else reference
    return references


def render_header(session: Session, coded: list[CodedStatement]) -> HTML:
    """Title block and session facts."""
    if session.date is None:
        date = "not stated in the summary"
    elif session.is_date_inferred:
        date = f"{_long_date(session.date)} <span class='note'>(inferred: {escape(session.date_inferred_reason)})</span>"
    else:
        date = _long_date(session.date)
    facts = [
        ("Forum", escape(session.forum)),
        ("Date", date),
        ("SDGs reviewed", ", ".join(f"SDG {n}" for n in session.sdgs)),
        ("Organised by", escape(", ".join(session.organisers)) or "not stated"),
        ("Material", f"{len(coded)} statements in {len({c.statement.section for c in coded})} sections; {len(session.participants)} participants listed"),
        ("Source", f"{escape(session.publisher)}, <code>{escape(session.raw_file.name)}</code>"),
    ]
    rows = "".join(f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>" for label, value in facts)
    return HTML(
        f"<header class='brief-header'><p class='kicker'>Session brief</p><h1>{escape(session.title)}</h1>"
        f"<p class='subtitle'>{escape(session.forum)}</p><table class='facts'>{rows}</table></header>"
    )


def render_key_findings(coded: list[CodedStatement], codebook: Codebook, issue_counts: pd.DataFrame, by_group: pd.DataFrame) -> HTML:
    """A short list: how much material, the leading issues, the most named groups."""
    n = len(coded)
    n_issues = len(codebook.issues)
    top = issue_counts.head(3)
    leading = "; ".join(f"{escape(r.issue)} ({r.n_statements} of {n})" for r in top.itertuples())
    groups = by_group.drop_duplicates("group_id").sort_values("n_group_statements", ascending=False, kind="stable").head(3)
    named = "; ".join(f"{escape(r.group)} ({r.n_group_statements})" for r in groups.itertuples())
    uncoded = sum(not c.issues for c in coded)
    items = [
        f"The summary records <strong>{n} statements</strong>; {len(issue_counts)} of the codebook's {n_issues} issues appear in them.",
        f"Most frequent issues: {leading}." if leading else "No issue of the codebook was found.",
        f"Groups most often named as actors or addressees: {named}." if named else _describe_unnamed_groups(coded),
    ]
    if uncoded:
        items.append(f"{uncoded} statement{'s' if uncoded > 1 else ''} raise{'s' if uncoded == 1 else ''} none of the codebook's issues (see the evidence table).")
    return HTML("<ul class='findings'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def _describe_unnamed_groups(coded: list[CodedStatement]) -> str:
    naming = sum(bool(c.group_ids) for c in coded)
    if naming:
        return f"{naming} statement{'s name' if naming > 1 else ' names'} stakeholder groups, but none raises a codebook issue."
    return "No stakeholder group is named in the statements."


def render_participation(participants, participation: pd.DataFrame, scheme: GroupingScheme, show_listing: bool = True) -> HTML:
    """Voice lens: who took part, by group and role, as a figure, a table and a list."""
    if not participants:
        return HTML("<p>The summary names no participants, so the voice lens has nothing to count.</p>")
    counts = html_table(participation, {"group": "Group", **{r: ROLE_LABELS[r] for r in ROLES}, "n_participants": "Total"}, "brief-table numeric")
    figure = figures.figure_html(
        figures.draw_participation(participation, ROLES),
        alt_text="Bar chart of participants per stakeholder group, stacked by role: "
        + "; ".join(f"{r.group}: {r.n_participants}" for r in participation.itertuples()),
        caption=f"Voice lens: participants by group ({scheme.label}) and role. n = {int(participation['n_participants'].sum())} participants.",
    )
    if not show_listing:
        return HTML(figure + counts)
    people = pd.DataFrame(
        [
            {
                "name": " ".join(filter(None, [p.honorific, p.name])) or "\u2014",
                "title": p.title or "",
                "organisation": p.organisation or "",
                "role": p.role,
                "group": scheme.group_labels.get(scheme.mapping.get(p.group, ""), "Unknown"),
            }
            for p in participants
        ]
    )
    listing = html_table(people, {"name": "Name", "title": "Title", "organisation": "Organisation", "role": "Role", "group": "Group"}, "brief-table people")
    return HTML(figure + counts + "<h3>Participants as listed in the summary</h3>" + listing)


def render_issue_frequency(issue_counts: pd.DataFrame) -> HTML:
    """Issues found, most frequent first, as a figure and a table with n."""
    n_total = int(issue_counts["n_total"].iloc[0]) if len(issue_counts) else 0
    figure = figures.figure_html(
        figures.draw_issue_frequency(issue_counts),
        alt_text="Bar chart of statements per issue: " + "; ".join(f"{r.issue}: {r.n_statements}" for r in issue_counts.itertuples()),
        caption=f"Statements raising each issue, most frequent first. A statement can raise several issues. n = {n_total} statements.",
    )
    linked = issue_counts.assign(n_statements=[link(r.n_statements, issue_anchor(r.issue_id)) for r in issue_counts.itertuples()], issue=issue_counts["issue"].map(escape))
    table = linked[["issue", "n_statements", "share_pct"]].rename(columns={"issue": "Issue", "n_statements": "Statements", "share_pct": "Share of statements (%)"})
    return HTML(figure + table.to_html(index=False, escape=False, border=0, classes="brief-table numeric issue-frequency"))


def _linked_wide_table(by_group: pd.DataFrame, issue_order: list[str], lens: str) -> str:
    """The issue x group display table, each non-zero count linking to its statements."""
    wide = format_issue_by_group_table(by_group, issue_order)
    counts = pivot_issue_by_group(by_group, issue_order, "n_statements")
    cells = wide.map(escape)
    for column_position, group_id in enumerate(counts.columns, start=1):
        for row_position, issue_id in enumerate(counts.index):
            if counts.iat[row_position, column_position - 1]:
                cells.iat[row_position, column_position] = link(wide.iat[row_position, column_position], cell_anchor(lens, issue_id, group_id))
    cells.columns = [escape(c) for c in wide.columns]
    return cells.to_html(index=False, escape=False, border=0, classes="brief-table issue-by-group")


def render_mention_lens(by_group: pd.DataFrame, issue_counts: pd.DataFrame, scheme: GroupingScheme) -> HTML:
    """Mention lens: linked heatmap with counts, one sentence per group, the table behind both, and lift."""
    if issue_counts.empty:
        return HTML("<p>No statement raises an issue of the codebook, so there is no issue x group table.</p>")
    if by_group.empty:
        return HTML("<p>No statement names a stakeholder group, so there is no mention-lens table.</p>")
    issue_order = issue_counts["issue_id"].tolist()
    counts = pivot_issue_by_group(by_group, issue_order, "n_statements")
    shares = pivot_issue_by_group(by_group, issue_order, "share_pct")
    issue_labels = dict(zip(by_group["issue_id"], by_group["issue"]))
    group_labels = dict(zip(by_group["group_id"], by_group["group"]))
    group_n = dict(zip(by_group["group_id"], by_group["n_group_statements"]))
    heatmap = figures.draw_issue_group_heatmap(
        counts, shares, issue_labels, group_labels, group_n, cell_url=lambda issue_id, group_id: f"#{cell_anchor('mention', issue_id, group_id)}"
    )
    figure = figures.figure_inline_svg(
        heatmap,
        id_prefix="mention-heatmap",
        alt_text="Heatmap of issues (rows) by stakeholder group named (columns); each cell gives the number of statements naming the group that raise the issue, and links to them.",
        caption=f"Mention lens ({scheme.label}): cell = statements that name the group and raise the issue (click a cell for them); colour = that count as a share of the statements naming the group (n under each group).",
    )
    sentences = "".join(f"<li>{escape(s)}</li>" for s in describe_group_issues(by_group))
    small_n_note = f"<p class='note'>Small n: fewer than {SMALL_N} statements name the group; read its figures as an indication, not a pattern.</p>"
    return HTML(
        figure
        + "<h3>Leading issues by group</h3><ul class='group-sentences'>" + sentences + "</ul>" + small_n_note
        + "<h3>Table behind the heatmap (mention lens)</h3><p class='note'>Statements naming the group that raise the issue, and their share of the n statements naming the group. Each count links to its statements.</p>"
        + _linked_wide_table(by_group, issue_order, "mention")
        + _lift_table(add_lift(by_group, issue_counts), issue_order)
    )


def _lift_table(with_lift: pd.DataFrame, issue_order: list[str]) -> str:
    """Lift for groups with enough statements; the others are named as too few."""
    large = with_lift[~with_lift["is_small_n"]]
    too_few = with_lift[with_lift["is_small_n"]].drop_duplicates("group_id")
    note = (
        f"<p class='note'>Too few statements (fewer than {SMALL_N}) for an association measure: {escape(', '.join(too_few['group']))}.</p>"
        if len(too_few)
        else ""
    )
    heading = "<h3>Association (mention lens): lift</h3><p class='note'>Lift = the issue's share among statements naming the group / its share among all statements. 1 = no association; 2 = twice as common with the group. With a handful of statements it describes, it does not test.</p>"
    if large.empty:
        return heading + note
    matrix = large.pivot(index="issue_id", columns="group_id", values="lift")
    matrix = matrix.reindex(index=[i for i in issue_order if i in matrix.index])
    labels = dict(zip(large["group_id"], large["group"]))
    n = dict(zip(large["group_id"], large["n_group_statements"]))
    table = pd.DataFrame({"Issue": [dict(zip(large["issue_id"], large["issue"]))[i] for i in matrix.index]})
    for group_id in matrix.columns:
        table[f"{labels[group_id]} (n={n[group_id]})"] = [f"{v:.2f}" for v in matrix[group_id]]
    return heading + table.to_html(index=False, escape=True, border=0, classes="brief-table issue-by-group lift") + note


def render_voice_lens(by_speaker: pd.DataFrame, issue_counts: pd.DataFrame, coded: list[CodedStatement]) -> HTML:
    """Voice lens for statements: issues by the attributed speaker's group, unattributed apart."""
    unattributed = count_unattributed_statements(coded)
    if unattributed == len(coded):
        return HTML(
            f"<p>All {len(coded)} statements are unattributed: the summary does not say which speaker made which point. "
            "The voice lens therefore covers participation only (above); issues by speaker group cannot be counted.</p>"
        )
    intro = (
        f"<p class='note'>{len(coded) - unattributed} of {len(coded)} statements are attributed to a speaker by the summary; "
        f"{unattributed} are unattributed and shown apart, never spread over groups. Each count links to its statements.</p>"
    )
    return HTML(intro + _linked_wide_table(by_speaker, issue_counts["issue_id"].tolist(), "voice"))


def render_issue_pairs(pairs: pd.DataFrame, top: int = 10) -> HTML:
    """Issues raised together in one statement: the most frequent pairs, linked to their statements."""
    if pairs.empty:
        return HTML("<p>No statement raises two issues together.</p>")
    shown = pairs.head(top)
    rows = "".join(
        f"<tr><td>{escape(r.label_a)}</td><td>{escape(r.label_b)}</td><td>{link(r.n_statements, pair_anchor(r.issue_a, r.issue_b))}</td></tr>"
        for r in shown.itertuples()
    )
    more = f"<p class='note'>{len(pairs) - top} further pairs are listed in the appendix.</p>" if len(pairs) > top else ""
    return HTML(
        "<table class='brief-table numeric pairs'><thead><tr><th>Issue</th><th>Raised together with</th><th>Statements</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{more}"
    )


def highlight_evidence(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape ``text`` and wrap the (merged) evidence spans in <mark>.

    >>> highlight_evidence("AI & work", [(0, 2)])
    '<mark>AI</mark> &amp; work'
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces.append(html.escape(text[position:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>")
        position = end
    return "".join(pieces) + html.escape(text[position:])


NONE_ITEM = "<li class='none'>none</li>"


def _code_item(label_html: str, code) -> str:
    """A code in the evidence table: its matched words, or the analyst's reason for adding it."""
    if code.is_override:
        return f"<li class='override'>{label_html}: <em>added by analyst</em> ({escape(code.override_reason)})</li>"
    return f"<li>{label_html}: {escape(', '.join(dict.fromkeys(e.text for e in code.evidence)))}</li>"


def _removed_item(label: str, removed) -> str:
    return f"<li class='override'><del>{escape(label)}</del> <em>removed by analyst</em> ({escape(removed.reason)})</li>"


def render_evidence_table(coded: list[CodedStatement], codebook: Codebook, stakeholders: Stakeholders, references: dict[str, str]) -> HTML:
    """Every statement with its issues, the words that matched, and the groups it names."""
    group_labels = {g.id: g.label for g in stakeholders.groups}
    rows = []
    for c in coded:
        spans = [(e.start, e.end) for code in c.issues for e in code.evidence]
        issues = "".join(_code_item(f"<strong>{escape(codebook.label_of(code.issue_id))}</strong>", code) for code in c.issues)
        issues += "".join(_removed_item(codebook.label_of(removed.code_id), removed) for removed in c.removed_issues)
        groups = "".join(_code_item(escape(group_labels[m.group_id]), m) for m in c.groups)
        groups += "".join(_removed_item(group_labels[removed.code_id], removed) for removed in c.removed_groups)
        rows.append(
            f"<tr id='{statement_anchor(c.statement.key)}'><td class='ref'>{escape(references[c.statement.key])}<br><span class='sid'>{escape(c.statement.id)}</span></td>"
            f"<td class='text'>{highlight_evidence(c.statement.text, spans)}</td><td><ul>{issues or NONE_ITEM}</ul></td><td><ul>{groups or NONE_ITEM}</ul></td></tr>"
        )
    head = "<tr><th>Ref.</th><th>Statement (matched words marked)</th><th>Issues: matched words</th><th>Groups named: words</th></tr>"
    return HTML(f"<table class='brief-table evidence'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")


def _reference_links(statements: list[CodedStatement], references: dict[str, str]) -> str:
    return ", ".join(link(references[c.statement.key], statement_anchor(c.statement.key)) for c in statements)


@dataclass(frozen=True)
class CountDimension:
    """One way a brief breaks counts down (a lens, sessions, years): anchors, buckets, wording."""

    prefix: str
    labels: dict[str, str]
    buckets_of: Callable[[CodedStatement], list[str]]
    describe: Callable[[str, str], str]


def lens_dimensions(scheme: GroupingScheme) -> list[CountDimension]:
    """The mention and voice lenses as count dimensions, in the scheme's groups."""

    def describe_voice(group_id: str, label: str) -> str:
        return "Voice lens, unattributed" if group_id == UNATTRIBUTED else f"Voice lens, said by {label}"

    return [
        CountDimension("mention", dict(scheme.group_labels), lambda c: mentioned_scheme_groups(c, scheme), lambda _, label: f"Mention lens, naming {label}"),
        CountDimension("voice", {**scheme.group_labels, "unknown": UNKNOWN_GROUP_LABEL, UNATTRIBUTED: UNATTRIBUTED_LABEL}, lambda c: speaker_scheme_groups(c, scheme), describe_voice),
    ]


def render_count_appendix(coded: list[CodedStatement], codebook: Codebook, references: dict[str, str], issue_order: list[str], dimensions: list[CountDimension]) -> HTML:
    """For every count in the brief, the statements behind it, each linking to its evidence row."""
    pairs = count_issue_pairs(coded, codebook)
    blocks = []
    for issue_id in issue_order:
        behind = list_statements_behind(coded, issue_id)
        items = []
        for dimension in dimensions:
            for bucket_id, label in dimension.labels.items():
                statements = list_statements_behind(coded, issue_id, bucket_id, dimension.buckets_of)
                if statements:
                    items.append(
                        f"<li id='{cell_anchor(dimension.prefix, issue_id, bucket_id)}'>{escape(dimension.describe(bucket_id, label))} ({len(statements)}): {_reference_links(statements, references)}</li>"
                    )
        for r in pairs[(pairs["issue_a"] == issue_id)].itertuples():
            together = [c for c in behind if r.issue_b in c.issue_ids]
            items.append(f"<li id='{pair_anchor(r.issue_a, r.issue_b)}'>Together with {escape(r.label_b)} ({len(together)}): {_reference_links(together, references)}</li>")
        blocks.append(
            f"<div class='appendix-issue'><h3 id='{issue_anchor(issue_id)}'>{escape(codebook.label_of(issue_id))} ({len(behind)})</h3>"
            f"<p>All statements: {_reference_links(behind, references)}</p><ul>{''.join(items)}</ul></div>"
        )
    return HTML("".join(blocks))


def describe_overrides(coded: list[CodedStatement]) -> str:
    """One sentence on analysts' overrides, for the method note."""
    changes = count_override_changes(coded)
    if not any(changes.values()):
        return "No analyst override changes the rules' codes in this session."
    return (
        f"Analyst overrides changed the rules' codes: {changes['issues_added']} issue codes added, {changes['issues_removed']} removed, "
        f"{changes['groups_added']} group codes added, {changes['groups_removed']} removed; they are marked in the evidence table and counted in every table."
    )


def describe_rule_quality(evaluation) -> str:
    """One sentence on how the rules compare with the gold standard, or that none exists."""
    if evaluation is None:
        return f"No gold standard exists for this session, so the rules' accuracy on it is not measured. {escape(describe_human_coding(None))}"
    gold = evaluation.gold
    sentence = (
        f"Against the gold standard ({escape(gold.reference)} coding of {len(gold.reference_coding.issues)} statements, "
        f"codebook {escape(gold.codebook_version)}), the rules alone reach micro-F1 {evaluation.micro_f1:.2f}, "
        f"macro-F1 {evaluation.macro_f1:.2f} and Cohen's kappa {evaluation.micro_kappa:.2f} over all statement-issue decisions."
    )
    if evaluation.agreement:
        coders = "; ".join(escape(c.description) for c in gold.independent_codings)
        sentence += f" Krippendorff's alpha between the {len(evaluation.agreement['coders'])} independent codings ({coders}) is {evaluation.agreement['alpha']:.2f} ({escape(evaluation.agreement['reading'])})."
    sentence += f" {escape(describe_coder_kinds(gold, evaluation.codebook_version))} {escape(describe_human_coding(gold, evaluation.pairwise))}"
    return sentence + " See the quality brief for per-issue figures."


def render_method_note(session: Session, coded: list[CodedStatement], codebook: Codebook, stakeholders: Stakeholders, scheme: GroupingScheme, evaluation=None) -> HTML:
    """How the numbers were made, what the lenses mean, and how to regenerate the brief."""
    unattributed = count_unattributed_statements(coded)
    attribution = (
        f"All {len(coded)} statements are unattributed: the summary does not say which speaker made which point, so no statement is credited to a participant or group."
        if unattributed == len(coded)
        else f"{len(coded) - unattributed} of {len(coded)} statements are attributed to a speaker's group by the summary; {unattributed} are unattributed and are never spread over groups."
    )
    items = [
        f"<strong>Coding.</strong> Statements were coded by rules from the issue codebook, version {escape(codebook.version)} ({len(codebook.issues)} issues), and the stakeholder data, version {escape(stakeholders.version)}. A statement can raise several issues. Rule-based coding is a first pass for an analyst to check; the evidence table shows the words behind every code.",
        "<strong>Two lenses.</strong> The <em>voice</em> lens counts who took part (participants by group and role). The <em>mention</em> lens counts the groups a statement names as actors or addressees; a share in the mention lens is the share of the statements naming a group that raise an issue, always shown with its n. "
        + attribution,
        f"<strong>Quality.</strong> {describe_rule_quality(evaluation)} {describe_overrides(coded)}",
        f"<strong>Grouping.</strong> Groups are shown in the scheme “{escape(scheme.label)}” ({escape(scheme.description.rstrip('.'))}). Shares based on fewer than {SMALL_N} statements are marked small n; with so few statements no significance test is meaningful.",
        f"<strong>Data.</strong> Raw source <code>{escape(session.raw_file.name)}</code>, sha256 <code>{escape(session.raw_sha256)}</code>; structured session <code>{escape(session.source_file.name)}</code>. Licence: {escape(session.licence)}.",
        f"<strong>Regenerate.</strong> <code>briefs render {escape(session.id)}</code> (or <code>make briefs</code>), or by hand: <code>papermill notebooks/session_brief.ipynb out.ipynb -p session_id {escape(session.id)} -p grouping_scheme {escape(scheme.id)}</code>.",
    ]
    return HTML("<ul class='method'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
