"""The session brief: one coding of one session, and the parts of it a notebook shows.

:func:`prepare_session_brief` loads and codes the session once (the rules, then the analysts'
overrides applied to that result, while the evaluation reuses the rules' own coding) and
computes every table. Each ``render_*`` function hands one part, as numbers and records, to its
template in ``templates/parts/session/``; the templates hold the words and the layout.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from helpers.analysis import quality
from helpers.analysis.coding import CodedStatement, apply_session_overrides, code_session, count_override_changes
from helpers.analysis.tables import (
    ROLES,
    SMALL_N,
    UNATTRIBUTED,
    UNATTRIBUTED_LABEL,
    UNKNOWN_GROUP_LABEL,
    add_lift,
    count_issue_pairs,
    count_issues,
    count_issues_by_group,
    count_issues_by_speaker_group,
    count_participants_by_group_and_role,
    count_unattributed_statements,
    list_statements_behind,
    mentioned_scheme_groups,
    scheme_of,
    speaker_scheme_groups,
)
from helpers.briefs.datafiles import DataFiles, build_statements_frame
from helpers.briefs.templating import show
from helpers.data.loading import load_inputs
from helpers.data.model import Codebook, GroupingScheme, Session, Stakeholders

DATA_NAME = "statements"  # the brief's data files: statements.csv and statements.parquet
EVIDENCE_ROWS_IN_PDF = 30  # about four pages; the HTML and the data files hold every statement
REFERENCES_IN_PDF = 12  # statement references printed after a count; the HTML links every one
TOP_PAIRS = 10
TOP_FINDINGS = 3
ROLE_LABELS = {"speaker": "Speakers", "moderator": "Moderators", "organiser": "Organisers", "contributor": "Contributors"}
# A cell's shade: 1 for a share up to 5 %, 2 up to 15 %, 3 up to 30 %, 4 up to 50 %, 5 above; 0 for
# no statement. Finer at the low end, where a corpus's shares lie; a session's larger shares still differ.
SHADE_LIMITS_PCT = (5, 15, 30, 50)


@dataclass(frozen=True)
class SessionBrief:
    """Everything a session brief shows: the session, one coding of it and the tables built on it."""

    session: Session
    codebook: Codebook
    stakeholders: Stakeholders
    scheme: GroupingScheme
    rules_coded: list[CodedStatement]  # the rules alone: what the quality figures measure
    coded: list[CodedStatement]  # the rules with the analysts' overrides: what every table counts
    evaluation: quality.Evaluation | None
    references: dict[str, str]
    issue_counts: pd.DataFrame
    by_group: pd.DataFrame  # mention lens
    by_speaker: pd.DataFrame  # voice lens
    participation: pd.DataFrame
    pairs: pd.DataFrame

    @property
    def issue_order(self) -> list[str]:
        return self.issue_counts["issue_id"].tolist()


def prepare_session_brief(data_dir: str | Path | None, session_id: str, grouping_scheme: str) -> SessionBrief:
    """Load and check the session, code it once, evaluate the rules, and count everything the brief shows."""
    session, codebook, stakeholders = load_inputs(data_dir, session_id)
    scheme = scheme_of(stakeholders, grouping_scheme)
    rules_coded = code_session(session, codebook, stakeholders, with_overrides=False)
    coded = apply_session_overrides(rules_coded, session, codebook, stakeholders)
    return SessionBrief(
        session=session,
        codebook=codebook,
        stakeholders=stakeholders,
        scheme=scheme,
        rules_coded=rules_coded,
        coded=coded,
        evaluation=quality.evaluate_session(data_dir, session, rules_coded, codebook, stakeholders),
        references=statement_references([session]),
        issue_counts=count_issues(coded, codebook),
        by_group=count_issues_by_group(coded, codebook, scheme),
        by_speaker=count_issues_by_speaker_group(coded, codebook, scheme),
        participation=count_participants_by_group_and_role(session.participants, scheme),
        pairs=count_issue_pairs(coded, codebook),
    )


# Anchors: every count in the HTML links to the statements behind it.


def statement_anchor(statement_key: str) -> str:
    """The HTML id of a statement's evidence row (keys are unique across sessions)."""
    return f"statement-{statement_key}"


def issue_anchor(issue_id: str) -> str:
    """The HTML id of an issue's block in the index of statements behind each count."""
    return f"issue-{issue_id}"


def cell_anchor(lens: str, issue_id: str, group_id: str) -> str:
    """The HTML id of the statements behind one issue x group count (lens: mention or voice)."""
    return f"{lens}-{issue_id}--{group_id}"


def pair_anchor(issue_a: str, issue_b: str) -> str:
    """The HTML id of the statements raising two issues together."""
    return f"pair-{issue_a}--{issue_b}"


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


def describe_reference_ranges(references: list[str]) -> list[str]:
    """Runs of consecutive references within a section, as ranges.

    >>> describe_reference_ranges(["2.5", "2.6", "2.7", "3.1", "3.3", "4.2", "4.3"])
    ['2.5–2.7', '3.1', '3.3', '4.2–4.3']
    """
    runs: list[list[tuple[int, int]]] = []
    for reference in references:
        section, position = (int(part) for part in reference.split("."))
        if runs and runs[-1][-1] == (section, position - 1):
            runs[-1].append((section, position))
        else:
            runs.append([(section, position)])
    return [f"{run[0][0]}.{run[0][1]}" + (f"–{run[-1][0]}.{run[-1][1]}" if len(run) > 1 else "") for run in runs]


def reference_links(statements: list[CodedStatement], references: dict[str, str]) -> list[dict]:
    """Each statement's reference and the anchor of its evidence row."""
    return [{"ref": references[c.statement.key], "anchor": statement_anchor(c.statement.key)} for c in statements]


def shade_of(count: int, share_pct: float) -> int:
    """A cell's shade in a count table: 0 for no statement, else 1-5 by share (see ``SHADE_LIMITS_PCT``).

    >>> [shade_of(0, 0.0), shade_of(1, 5.0), shade_of(2, 12.0), shade_of(3, 30.0), shade_of(4, 50.0), shade_of(5, 100.0)]
    [0, 1, 2, 3, 4, 5]
    """
    if not count:
        return 0
    return 1 + sum(share_pct > limit for limit in SHADE_LIMITS_PCT)


MAX_COLUMNS_WITH_SHARES = 10  # wider tables show the count alone (the shade still gives the share)


def build_count_table(long: pd.DataFrame, key: str, label_key: str, n_key: str, issue_order: list[str], href_of, kind: str, column_order=None, apart=(), labels: dict | None = None, cell_format: str | None = None) -> dict | None:
    """Issues x columns (groups, years, forums) from a long count table, for the count-table macro.

    Columns are ordered by n (most statements first) unless ``column_order`` is given; ``apart``
    columns (unattributed statements) come last and are set apart; ``labels`` replaces the column
    labels. Cells show ``count (share %)``, the count alone when the table is wide, or ``cell_format``
    ("count_share", "count" or "share"). None when there is nothing to show.
    """
    if long.empty or not issue_order:
        return None
    heads = long.drop_duplicates(key).set_index(key)
    if column_order is None:
        column_order = heads.sort_values(n_key, ascending=False, kind="stable").index.tolist()
    column_order = [k for k in column_order if k not in apart] + [k for k in column_order if k in apart]
    columns = [
        {
            "id": k,
            "label": str(labels[k] if labels else k if label_key == key else heads.at[k, label_key]),
            "n": int(heads.at[k, n_key]),
            "is_small_n": bool(heads.at[k, "is_small_n"]),
            "is_apart": k in apart,
        }
        for k in column_order
    ]
    records = {(r.issue_id, getattr(r, key)): r for r in long.itertuples()}
    rows = []
    for issue_id in issue_order:
        cells = []
        for column in columns:
            record = records[(issue_id, column["id"])]
            count, share = int(record.n_statements), float(record.share_pct)
            cells.append({"count": count, "share_pct": share, "shade": shade_of(count, share), "href": href_of(issue_id, column["id"]), "is_apart": column["is_apart"]})
        rows.append({"issue_id": issue_id, "issue": records[(issue_id, column_order[0])].issue, "cells": cells})
    if cell_format is None:
        cell_format = "count_share" if len(columns) <= MAX_COLUMNS_WITH_SHARES else "count"
    return {
        "kind": kind,
        "columns": columns,
        "rows": rows,
        "cell_format": cell_format,
        "is_wide": len(columns) > MAX_COLUMNS_WITH_SHARES,
        "width_pct": min(100, 30 + 8 * len(columns)),  # a few columns need not span the page
        "shade_limits": SHADE_LIMITS_PCT,
    }


def mark_evidence(text: str, issue_spans: list[tuple[int, int]], group_spans: list[tuple[int, int]]) -> list[dict]:
    """``text`` cut into pieces, each saying whether it is issue evidence, group evidence or both.

    >>> [(p["text"], p["is_issue"], p["is_group"]) for p in mark_evidence("AI for workers", [(0, 2)], [(7, 14)])]
    [('AI', True, False), (' for ', False, False), ('workers', False, True)]
    """
    cuts = sorted({0, len(text), *(position for span in [*issue_spans, *group_spans] for position in span)})
    pieces: list[dict] = []
    for start, end in zip(cuts, cuts[1:]):
        is_issue = any(a <= start and end <= b for a, b in issue_spans)
        is_group = any(a <= start and end <= b for a, b in group_spans)
        if pieces and (pieces[-1]["is_issue"], pieces[-1]["is_group"]) == (is_issue, is_group):
            pieces[-1]["text"] += text[start:end]
        else:
            pieces.append({"text": text[start:end], "is_issue": is_issue, "is_group": is_group})
    return pieces


def _long_date(iso_date: str) -> str:
    day = datetime.date.fromisoformat(iso_date)
    return f"{day.day} {day.strftime('%B %Y')}"


def top_groups(long: pd.DataFrame, top: int, exclude=()) -> list[dict]:
    """The ``top`` groups of a lens table with most statements, as label and n."""
    heads = long.drop_duplicates("group_id")
    heads = heads[~heads["group_id"].isin(exclude)].sort_values("n_group_statements", ascending=False, kind="stable").head(top)
    return [{"label": r.group, "n": int(r.n_group_statements)} for r in heads.itertuples()]


# The parts of the brief, in the order the notebook shows them.


def render_header(brief: SessionBrief) -> HTML:
    """Title block and session facts."""
    session = brief.session
    return show(
        "session/header.html.j2",
        session=session,
        date=_long_date(session.date) if session.date else None,
        n_statements=len(brief.coded),
        n_sections=len({c.statement.section for c in brief.coded}),
        n_questions=len(session.statements) - len(session.positions),
        n_participants=len(session.participants),
    )


def render_key_findings(brief: SessionBrief) -> HTML:
    """How much material, the leading issues, the groups named and heard, pairs, and what raises nothing."""
    coded, references = brief.coded, brief.references
    leading = [
        {"label": r.issue, "n": int(r.n_statements), "refs": reference_links(list_statements_behind(coded, r.issue_id), references)}
        for r in brief.issue_counts.head(TOP_FINDINGS).itertuples()
    ]
    top_pair = None
    if not brief.pairs.empty:
        pair = brief.pairs.iloc[0]
        together = [c for c in coded if pair.issue_a in c.issue_ids and pair.issue_b in c.issue_ids]
        top_pair = {"label_a": pair.label_a, "label_b": pair.label_b, "n": int(pair.n_statements), "refs": reference_links(together, references)}
    participation = brief.participation.sort_values("n_participants", ascending=False, kind="stable").head(TOP_FINDINGS)
    return show(
        "session/findings.html.j2",
        n=len(coded),
        n_issues_found=len(brief.issue_counts),
        n_codebook_issues=len(brief.codebook.issues),
        leading=leading,
        named=top_groups(brief.by_group, TOP_FINDINGS),
        n_naming=sum(bool(c.group_ids) for c in coded),
        n_attributed=len(coded) - count_unattributed_statements(coded),
        speaking=top_groups(brief.by_speaker, TOP_FINDINGS, exclude=(UNATTRIBUTED,)),
        n_participants=len(brief.session.participants),
        taking_part=[{"label": r.group, "n": int(r.n_participants)} for r in participation.itertuples()],
        top_pair=top_pair,
        uncoded=reference_links([c for c in coded if not c.issues], references),
        cap=REFERENCES_IN_PDF,
        data_name=DATA_NAME,
    )


def count_participation_and_voice(participation: pd.DataFrame, coded: list[CodedStatement], scheme: GroupingScheme) -> list[dict]:
    """Per group (the scheme's order, unknown last): participants by role and statements attributed to the group."""
    attributed = Counter(speaker_scheme_groups(c, scheme)[0] for c in coded if c.statement.speaker_group is not None)
    by_group = participation.set_index("group_id")
    rows = []
    for group_id in [*scheme.group_labels, "unknown"]:
        if group_id not in by_group.index and not attributed[group_id]:
            continue
        row = {"group_id": group_id, "group": scheme.group_labels.get(group_id, UNKNOWN_GROUP_LABEL), "n_attributed": attributed[group_id]}
        for column in [*ROLES, "n_participants"]:
            row[column] = int(by_group.at[group_id, column]) if group_id in by_group.index else 0
        rows.append(row)
    return rows


def participation_context(participation: pd.DataFrame, coded: list[CodedStatement], scheme: GroupingScheme) -> dict:
    """What the participation template needs: rows by group with a bar scaled to the largest, and totals."""
    rows = count_participation_and_voice(participation, coded, scheme)
    widest = max([row["n_participants"] for row in rows] + [1])
    for row in rows:
        row["bar_pct"] = 100.0 * row["n_participants"] / widest
    return {
        "rows": rows,
        "totals": {column: sum(row[column] for row in rows) for column in [*ROLES, "n_participants", "n_attributed"]},
        "roles": [{"id": role, "label": ROLE_LABELS[role]} for role in ROLES],
        "scheme_label": scheme.label,
        "n_unattributed": count_unattributed_statements(coded),
    }


def render_participation(brief: SessionBrief) -> HTML:
    """Voice lens: participants by group and role, and the statements the summary attributes to each group."""
    context = participation_context(brief.participation, brief.coded, brief.scheme)
    return show("participation.html.j2", **context, n_listed=len(brief.session.participants), is_corpus=False)


def issue_rows(issue_counts: pd.DataFrame, href_of, refs_of=None) -> list[dict]:
    """Rows of the issues table: count, share, a bar scaled to the most frequent issue, and (optionally) references."""
    widest = max(issue_counts["n_statements"].tolist() + [1])
    return [
        {
            "issue": r.issue,
            "n_statements": int(r.n_statements),
            "share_pct": float(r.share_pct),
            "bar_pct": 100.0 * r.n_statements / widest,
            "href": href_of(r.issue_id),
            "refs": refs_of(r.issue_id) if refs_of else [],
        }
        for r in issue_counts.itertuples()
    ]


def render_issues(brief: SessionBrief) -> HTML:
    """Issues found, most frequent first: count with a bar, share, and the statements behind each."""
    n_total = len(brief.coded)
    return show(
        "issues.html.j2",
        rows=issue_rows(brief.issue_counts, lambda issue_id: f"#{issue_anchor(issue_id)}", lambda issue_id: reference_links(list_statements_behind(brief.coded, issue_id), brief.references)),
        with_refs=True,
        n_total=n_total,
        cap=REFERENCES_IN_PDF,
    )


def _lift_table(by_group: pd.DataFrame, issue_counts: pd.DataFrame, issue_order: list[str]) -> dict | None:
    with_lift = add_lift(by_group, issue_counts)
    large = with_lift[~with_lift["is_small_n"]]
    if large.empty:
        return None
    heads = large.drop_duplicates("group_id").sort_values("n_group_statements", ascending=False, kind="stable")
    values = {(r.issue_id, r.group_id): float(r.lift) for r in large.itertuples()}
    labels = dict(zip(large["issue_id"], large["issue"]))
    return {
        "columns": [{"label": r.group, "n": int(r.n_group_statements)} for r in heads.itertuples()],
        "rows": [{"issue": labels[i], "values": [values[(i, g)] for g in heads["group_id"]]} for i in issue_order],
    }


MAX_READINGS = 8  # groups read out under a lens table, most named first


def _readings(by_group: pd.DataFrame) -> list[dict]:
    """Per group with enough statements, its leading issues (the most-named groups first)."""
    readings = []
    heads = by_group[~by_group["is_small_n"]].drop_duplicates("group_id").sort_values("n_group_statements", ascending=False, kind="stable").head(MAX_READINGS)
    for head in heads.itertuples():
        rows = by_group[(by_group["group_id"] == head.group_id) & (by_group["n_statements"] > 0)]
        rows = rows.sort_values("n_statements", ascending=False, kind="stable").head(TOP_FINDINGS)
        readings.append({"label": head.group, "n": int(head.n_group_statements), "issues": [{"label": r.issue, "n": int(r.n_statements)} for r in rows.itertuples()]})
    return readings


def mention_lens_context(by_group: pd.DataFrame, issue_counts: pd.DataFrame, href_of, cell_format: str | None = None) -> dict:
    """What the lens template needs for the mention lens: the table, readings by group, small n and lift."""
    order = issue_counts["issue_id"].tolist()
    table = build_count_table(by_group, "group_id", "group", "n_group_statements", order, href_of, "mention", cell_format=cell_format)
    return {
        "lens": "mention",
        "n_issues": len(order),
        "table": table,
        "readings": _readings(by_group) if table else [],
        "small_groups": by_group[by_group["is_small_n"]].drop_duplicates("group_id")["group"].tolist() if table else [],
        "lift": _lift_table(by_group, issue_counts, order) if table else None,
        "small_n": SMALL_N,
    }


def voice_lens_context(by_speaker: pd.DataFrame, issue_order: list[str], coded: list[CodedStatement], href_of, cell_format: str | None = None) -> dict:
    """What the lens template needs for the voice lens: issues by the attributed speaker's group, unattributed apart."""
    n, n_unattributed = len(coded), count_unattributed_statements(coded)
    table = (
        build_count_table(by_speaker, "group_id", "group", "n_group_statements", issue_order, href_of, "voice", apart=(UNATTRIBUTED,), cell_format=cell_format)
        if n > n_unattributed
        else None
    )
    return {
        "lens": "voice",
        "n": n,
        "n_attributed": n - n_unattributed,
        "n_unattributed": n_unattributed,
        "table": table,
        "small_groups": by_speaker[by_speaker["is_small_n"] & (by_speaker["group_id"] != UNATTRIBUTED)].drop_duplicates("group_id")["group"].tolist(),
        "small_n": SMALL_N,
    }


def render_mention_lens(brief: SessionBrief) -> HTML:
    """Mention lens: issues by the groups statements name, shaded by share, each count linked; readings and lift."""
    return show("lens.html.j2", **mention_lens_context(brief.by_group, brief.issue_counts, lambda i, g: f"#{cell_anchor('mention', i, g)}"), is_corpus=False)


def render_voice_lens(brief: SessionBrief) -> HTML:
    """Voice lens: issues by the attributed speaker's group; unattributed statements apart, last."""
    return show("lens.html.j2", **voice_lens_context(brief.by_speaker, brief.issue_order, brief.coded, lambda i, g: f"#{cell_anchor('voice', i, g)}"), is_corpus=False)


def render_issue_pairs(brief: SessionBrief) -> HTML:
    """Issues raised together in one statement: the most frequent pairs, with their statements."""
    rows = []
    for pair in brief.pairs.head(TOP_PAIRS).itertuples():
        together = [c for c in brief.coded if pair.issue_a in c.issue_ids and pair.issue_b in c.issue_ids]
        rows.append(
            {"label_a": pair.label_a, "label_b": pair.label_b, "n_statements": int(pair.n_statements), "href": f"#{pair_anchor(pair.issue_a, pair.issue_b)}", "refs": reference_links(together, brief.references)}
        )
    return show("session/pairs.html.j2", rows=rows, n_pairs=len(brief.pairs), n_shown=len(rows), n_more=len(brief.pairs) - len(rows), cap=REFERENCES_IN_PDF)


def render_method_note(brief: SessionBrief) -> HTML:
    """How the numbers were made, what the lenses mean, and how to regenerate the brief."""
    evaluation = None
    if brief.evaluation is not None:
        gold = brief.evaluation.gold
        agreement = brief.evaluation.agreement
        evaluation = {
            "reference": gold.reference,
            "n_statements": len(gold.reference_coding.issues),
            "codebook_version": gold.codebook_version,
            "micro_f1": brief.evaluation.micro_f1,
            "macro_f1": brief.evaluation.macro_f1,
            "micro_kappa": brief.evaluation.micro_kappa,
            "agreement": {
                "n_coders": len(agreement["coders"]),
                "descriptions": [c.description for c in gold.independent_codings],
                "alpha": agreement["alpha"],
                "reading": agreement["reading"],
            }
            if agreement
            else None,
        }
    n = len(brief.coded)
    return show(
        "session/method.html.j2",
        session=brief.session,
        scheme=brief.scheme,
        codebook_version=brief.codebook.version,
        n_codebook_issues=len(brief.codebook.issues),
        stakeholders_version=brief.stakeholders.version,
        n=n,
        n_attributed=n - count_unattributed_statements(brief.coded),
        n_questions=len(brief.session.statements) - len(brief.session.positions),
        evaluation=evaluation,
        coder_kinds=quality.describe_coder_kinds(brief.evaluation.gold if brief.evaluation else None, brief.codebook.version),
        human_coding=quality.describe_human_coding(brief.evaluation.gold, brief.evaluation.pairwise) if brief.evaluation else quality.describe_human_coding(None),
        overrides=count_override_changes(brief.coded),
        small_n=SMALL_N,
    )


def show_data_files(brief: SessionBrief) -> DataFiles:
    """The coded statements, written beside the brief as statements.csv and statements.parquet."""
    return DataFiles(DATA_NAME, "statements", build_statements_frame(brief.coded, [brief.session], brief.references, brief.scheme))


def render_participants(brief: SessionBrief) -> HTML:
    """The participants as the summary lists them, with the group each is counted in."""
    scheme = brief.scheme
    rows = [
        {
            "name": " ".join(filter(None, [p.honorific, p.name])) or None,
            "title": p.title,
            "organisation": p.organisation,
            "role": p.role,
            "group": scheme.group_labels.get(scheme.mapping.get(p.group, ""), UNKNOWN_GROUP_LABEL),
        }
        for p in brief.session.participants
    ]
    return show("session/participants.html.j2", rows=rows)


def evidence_rows(coded: list[CodedStatement], codebook: Codebook, stakeholders: Stakeholders, references: dict[str, str], cap: int | None) -> list[dict]:
    """Each statement with its marked text, its codes and their words; rows past ``cap`` are left out of print."""
    group_labels = {g.id: g.label for g in stakeholders.groups}
    rows = []
    for position, c in enumerate(coded):
        statement = c.statement
        rows.append(
            {
                "anchor": statement_anchor(statement.key),
                "ref": references[statement.key],
                "statement_id": statement.id,
                "speaker": statement.speaker,
                "speaker_group": group_labels.get(statement.speaker_group, UNKNOWN_GROUP_LABEL) if statement.speaker_group else None,
                "pieces": mark_evidence(statement.text, [(e.start, e.end) for code in c.issues for e in code.evidence], [(e.start, e.end) for m in c.groups for e in m.evidence]),
                "issues": [{"label": codebook.label_of(code.issue_id), "words": list(dict.fromkeys(e.text for e in code.evidence)), "reason": code.override_reason} for code in c.issues],
                "removed_issues": [{"label": codebook.label_of(removed.code_id), "reason": removed.reason} for removed in c.removed_issues],
                "groups": [{"label": group_labels[m.group_id], "words": list(dict.fromkeys(e.text for e in m.evidence)), "reason": m.override_reason} for m in c.groups],
                "removed_groups": [{"label": group_labels[removed.code_id], "reason": removed.reason} for removed in c.removed_groups],
                "is_beyond_cap": cap is not None and position >= cap,
            }
        )
    return rows


def render_evidence(brief: SessionBrief) -> HTML:
    """Every statement with its codes and matched words; print keeps the first ``EVIDENCE_ROWS_IN_PDF``
    and names the rest by reference."""
    rows = evidence_rows(brief.coded, brief.codebook, brief.stakeholders, brief.references, EVIDENCE_ROWS_IN_PDF)
    beyond = [row["ref"] for row in rows if row["is_beyond_cap"]]
    questions = [{"ref": brief.references[s.key], "text": s.text} for s in brief.session.statements if s.is_question]
    return show(
        "session/evidence.html.j2",
        rows=rows,
        cap=EVIDENCE_ROWS_IN_PDF,
        n_beyond_cap=len(beyond),
        beyond_cap_ranges=describe_reference_ranges(beyond),
        questions=questions,
        data_name=DATA_NAME,
    )


def render_count_index(brief: SessionBrief) -> HTML:
    """For every count in the brief, the statements behind it, each linking to its evidence row (HTML only)."""
    scheme, coded, references = brief.scheme, brief.coded, brief.references
    buckets = [
        ("mention", dict(scheme.group_labels), lambda c: mentioned_scheme_groups(c, scheme)),
        ("voice", {**scheme.group_labels, "unknown": UNKNOWN_GROUP_LABEL, UNATTRIBUTED: UNATTRIBUTED_LABEL}, lambda c: speaker_scheme_groups(c, scheme)),
    ]
    blocks = []
    for issue_id in brief.issue_order:
        behind = list_statements_behind(coded, issue_id)
        items = []
        for kind, labels, groups_of in buckets:
            for group_id, label in labels.items():
                statements = list_statements_behind(coded, issue_id, group_id, groups_of)
                if statements:
                    items.append({"kind": kind, "anchor": cell_anchor(kind, issue_id, group_id), "label": label, "is_unattributed": group_id == UNATTRIBUTED, "refs": reference_links(statements, references)})
        for pair in brief.pairs[brief.pairs["issue_a"] == issue_id].itertuples():
            together = [c for c in behind if pair.issue_b in c.issue_ids]
            items.append({"kind": "pair", "anchor": pair_anchor(pair.issue_a, pair.issue_b), "label": pair.label_b, "is_unattributed": False, "refs": reference_links(together, references)})
        blocks.append({"anchor": issue_anchor(issue_id), "label": brief.codebook.label_of(issue_id), "refs": reference_links(behind, references), "items": items})
    return show("session/count_index.html.j2", blocks=blocks, data_name=DATA_NAME)
