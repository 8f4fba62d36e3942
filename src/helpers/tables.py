"""Tables behind the brief: issue totals, issue x group (mention lens), participation (voice lens).

Shares are always given with the n they are a share of; with fewer than ``SMALL_N`` statements
a share is flagged, since a handful of statements cannot support a comparison.
"""

import pandas as pd

from helpers.coding import CodedStatement
from helpers.model import Codebook, GroupingScheme, Session, Stakeholders

SMALL_N = 5  # below this many statements, a share is shown but flagged as small n
ROLES = ("speaker", "moderator", "organiser", "contributor")
UNKNOWN_GROUP_LABEL = "Unknown"


def _percent(count: int, n: int) -> float:
    return round(100.0 * count / n, 1) if n else 0.0


def scheme_of(stakeholders: Stakeholders, scheme_id: str) -> GroupingScheme:
    """The grouping scheme with this id, or a ValueError listing the known ones."""
    try:
        return stakeholders.schemes[scheme_id]
    except KeyError:
        raise ValueError(f"unknown grouping scheme {scheme_id!r}; known: {', '.join(stakeholders.schemes)}") from None


def statement_codes_table(coded: list[CodedStatement], codebook: Codebook) -> pd.DataFrame:
    """One row per (statement, issue) with the matched words: the long form of the coding."""
    rows = [
        {
            "statement_id": c.statement.id,
            "issue_id": code.issue_id,
            "issue": codebook.label_of(code.issue_id),
            "matched_words": "; ".join(e.text for e in code.evidence),
        }
        for c in coded
        for code in c.issues
    ]
    return pd.DataFrame(rows, columns=["statement_id", "issue_id", "issue", "matched_words"])


def count_issues(coded: list[CodedStatement], codebook: Codebook) -> pd.DataFrame:
    """Statements per issue, most frequent first (ties in codebook order); only issues found.

    Columns: issue_id, issue, n_statements, share_pct (of all ``n_total`` statements), n_total.
    """
    n_total = len(coded)
    rows = []
    for issue in codebook.issues:
        count = sum(issue.id in c.issue_ids for c in coded)
        if count:
            rows.append({"issue_id": issue.id, "issue": issue.label, "n_statements": count, "share_pct": _percent(count, n_total), "n_total": n_total})
    table = pd.DataFrame(rows, columns=["issue_id", "issue", "n_statements", "share_pct", "n_total"])
    return table.sort_values("n_statements", ascending=False, kind="stable").reset_index(drop=True)


def mentioned_scheme_groups(coded_statement: CodedStatement, scheme: GroupingScheme) -> list[str]:
    """The scheme's groups a statement names, each once, in the scheme's order."""
    mapped = {scheme.mapping[g] for g in coded_statement.group_ids}
    return [g for g in scheme.group_labels if g in mapped]


def count_issues_by_group(coded: list[CodedStatement], codebook: Codebook, scheme: GroupingScheme) -> pd.DataFrame:
    """Mention lens: for each group named in statements, how many of those statements raise each issue.

    Long table with columns issue_id, issue, group_id, group, n_statements (statements naming
    the group and coded with the issue), n_group_statements (statements naming the group),
    share_pct and is_small_n. Only groups named at least once and issues found at least once.
    """
    rows = []
    for group_id, group_label in scheme.group_labels.items():
        naming = [c for c in coded if group_id in mentioned_scheme_groups(c, scheme)]
        if not naming:
            continue
        for issue in codebook.issues:
            if not any(issue.id in c.issue_ids for c in coded):
                continue
            count = sum(issue.id in c.issue_ids for c in naming)
            rows.append(
                {
                    "issue_id": issue.id,
                    "issue": issue.label,
                    "group_id": group_id,
                    "group": group_label,
                    "n_statements": count,
                    "n_group_statements": len(naming),
                    "share_pct": _percent(count, len(naming)),
                    "is_small_n": len(naming) < SMALL_N,
                }
            )
    columns = ["issue_id", "issue", "group_id", "group", "n_statements", "n_group_statements", "share_pct", "is_small_n"]
    return pd.DataFrame(rows, columns=columns)


def pivot_issue_by_group(by_group: pd.DataFrame, issue_order: list[str], value: str = "n_statements") -> pd.DataFrame:
    """Issue x group matrix of ``value``; rows in ``issue_order``, columns by n (most named first)."""
    if by_group.empty:
        return pd.DataFrame()
    group_n = by_group.drop_duplicates("group_id").set_index("group_id")["n_group_statements"]
    group_order = group_n.sort_values(ascending=False, kind="stable").index.tolist()
    matrix = by_group.pivot(index="issue_id", columns="group_id", values=value)
    return matrix.reindex(index=[i for i in issue_order if i in matrix.index], columns=group_order)


def format_issue_by_group_table(by_group: pd.DataFrame, issue_order: list[str]) -> pd.DataFrame:
    """Wide display table: one row per issue, one column per group headed with its n,
    cells ``count (share %)``."""
    counts = pivot_issue_by_group(by_group, issue_order, "n_statements")
    shares = pivot_issue_by_group(by_group, issue_order, "share_pct")
    labels = by_group.drop_duplicates("group_id").set_index("group_id")
    table = pd.DataFrame(index=counts.index)
    for group_id in counts.columns:
        header = f"{labels.at[group_id, 'group']} (n={labels.at[group_id, 'n_group_statements']})"
        table[header] = [f"{int(c)} ({s:.0f}%)" if c else "0" for c, s in zip(counts[group_id], shares[group_id])]
    issue_labels = dict(zip(by_group["issue_id"], by_group["issue"]))
    table.insert(0, "Issue", [issue_labels[i] for i in table.index])
    return table.reset_index(drop=True)


def count_participants_by_group_and_role(session: Session, stakeholders: Stakeholders, scheme: GroupingScheme) -> pd.DataFrame:
    """Voice lens: participants by group (rows, the scheme's order) and role (columns), with totals."""
    rows = []
    for participant in session.participants:
        group_id = scheme.mapping.get(participant.group, "unknown")
        rows.append({"group_id": group_id, "role": participant.role})
    frame = pd.DataFrame(rows, columns=["group_id", "role"])
    table = pd.crosstab(frame["group_id"], frame["role"]).reindex(columns=list(ROLES), fill_value=0)
    order = [g for g in [*scheme.group_labels, "unknown"] if g in table.index]
    table = table.reindex(order)
    table.insert(0, "group", [scheme.group_labels.get(g, UNKNOWN_GROUP_LABEL) for g in table.index])
    table["n_participants"] = table[list(ROLES)].sum(axis=1)
    table.index.name = "group_id"
    table.columns.name = None
    return table.reset_index()


def count_unattributed_statements(coded: list[CodedStatement]) -> int:
    """Statements that the summary does not attribute to any speaker or group."""
    return sum(c.statement.speaker_group is None for c in coded)


def describe_group_issues(by_group: pd.DataFrame, top: int = 3) -> list[str]:
    """One sentence per group on its leading issues, most-named group first."""
    sentences = []
    if by_group.empty:
        return sentences
    groups = by_group.drop_duplicates("group_id").sort_values("n_group_statements", ascending=False, kind="stable")
    for _, group in groups.iterrows():
        rows = by_group[(by_group["group_id"] == group["group_id"]) & (by_group["n_statements"] > 0)]
        rows = rows.sort_values("n_statements", ascending=False, kind="stable").head(top)
        n = int(group["n_group_statements"])
        statements = "statement" if n == 1 else "statements"
        if rows.empty:
            sentences.append(f"The {n} {statements} naming {group['group']} raise none of the codebook's issues.")
            continue
        parts = [f"{r['issue']} ({int(r['n_statements'])} of {n})" for _, r in rows.iterrows()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        small = ", small n" if n < SMALL_N else ""
        sentences.append(f"{group['group']} (named in {n} {statements}{small}): most often with {listed}.")
    return sentences
