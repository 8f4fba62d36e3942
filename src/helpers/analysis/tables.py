"""Tables behind the brief: issue totals, issue x group (mention lens), participation (voice lens).

Shares are always given with the n they are a share of; with fewer than ``SMALL_N`` statements
a share is flagged, since a handful of statements cannot support a comparison.
"""

import pandas as pd

from helpers.analysis.coding import CodedStatement
from helpers.data.model import Codebook, GroupingScheme, Stakeholders

SMALL_N = 5  # below this many statements, a share is shown but flagged as small n
ROLES = ("speaker", "moderator", "organiser", "contributor")
UNKNOWN_GROUP_LABEL = "Unknown"


def compute_share_pct(count: int, n: int) -> float:
    """``count`` as a percentage of ``n``, to one decimal (0 when n is 0), rounded as Python rounds.

    >>> compute_share_pct(1, 8), compute_share_pct(2, 3), compute_share_pct(1, 0)
    (12.5, 66.7, 0.0)
    """
    return round(100.0 * count / n, 1) if n else 0.0


def scheme_of(stakeholders: Stakeholders, scheme_id: str) -> GroupingScheme:
    """The grouping scheme with this id, or a ValueError listing the known ones."""
    try:
        return stakeholders.schemes[scheme_id]
    except KeyError:
        raise ValueError(f"unknown grouping scheme {scheme_id!r}; known: {', '.join(stakeholders.schemes)}") from None


def list_statement_issues(coded: list[CodedStatement]) -> pd.DataFrame:
    """The long table every count is made from: one row per statement and issue it raises.

    Columns: statement (the statement's position in ``coded``) and issue_id.

    >>> list_statement_issues([]).columns.tolist()
    ['statement', 'issue_id']
    """
    pairs = [(position, code.issue_id) for position, c in enumerate(coded) for code in c.issues]
    return pd.DataFrame(pairs, columns=["statement", "issue_id"]).drop_duplicates(ignore_index=True)


def list_statement_buckets(coded: list[CodedStatement], buckets_of) -> pd.DataFrame:
    """One row per statement and each bucket (group, session, year) ``buckets_of`` puts it in.

    Columns: statement (position in ``coded``) and bucket.
    """
    pairs = [(position, bucket) for position, c in enumerate(coded) for bucket in buckets_of(c)]
    return pd.DataFrame(pairs, columns=["statement", "bucket"]).drop_duplicates(ignore_index=True)


def count_issues_by_bucket(coded: list[CodedStatement], issue_ids: list[str], buckets_of, buckets: list[str], statement_issues: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each bucket (rows in ``buckets`` order) and issue (in ``issue_ids`` order): statements in
    the bucket raising the issue, and statements in the bucket. A join of two long tables, so the
    cost grows with the statements once, not once per cell. ``statement_issues`` is
    :func:`list_statement_issues` of ``coded``, when the caller has it already.

    Columns: bucket, issue_id, n_statements, n_bucket_statements.
    """
    statement_issues = list_statement_issues(coded) if statement_issues is None else statement_issues
    in_bucket = list_statement_buckets(coded, buckets_of)
    n_bucket = in_bucket.groupby("bucket").size()
    joint = in_bucket.merge(statement_issues, on="statement").groupby(["bucket", "issue_id"]).size()
    grid = pd.MultiIndex.from_product([buckets, issue_ids], names=["bucket", "issue_id"])
    table = joint.reindex(grid, fill_value=0).rename("n_statements").reset_index()
    table["n_bucket_statements"] = table["bucket"].map(n_bucket).fillna(0).astype("int64")
    return table


def count_issues(coded: list[CodedStatement], codebook: Codebook) -> pd.DataFrame:
    """Statements per issue, most frequent first (ties in codebook order); only issues found.

    Columns: issue_id, issue, n_statements, share_pct (of all ``n_total`` statements), n_total.
    """
    n_total = len(coded)
    counts = list_statement_issues(coded)["issue_id"].value_counts()
    rows = [
        {"issue_id": issue.id, "issue": issue.label, "n_statements": int(counts[issue.id]), "share_pct": compute_share_pct(int(counts[issue.id]), n_total), "n_total": n_total}
        for issue in codebook.issues
        if issue.id in counts.index
    ]
    table = pd.DataFrame(rows, columns=["issue_id", "issue", "n_statements", "share_pct", "n_total"])
    return table.sort_values("n_statements", ascending=False, kind="stable").reset_index(drop=True)


def mentioned_scheme_groups(coded_statement: CodedStatement, scheme: GroupingScheme) -> list[str]:
    """The scheme's groups a statement names, each once, in the scheme's order."""
    mapped = {scheme.mapping[g] for g in coded_statement.group_ids}
    return [g for g in scheme.group_labels if g in mapped]


UNATTRIBUTED = "unattributed"
UNATTRIBUTED_LABEL = "Unattributed"


def speaker_scheme_groups(coded_statement: CodedStatement, scheme: GroupingScheme) -> list[str]:
    """Voice lens for a statement: its speaker's group in the scheme, or ``unattributed``."""
    speaker_group = coded_statement.statement.speaker_group
    if speaker_group is None:
        return [UNATTRIBUTED]
    return [scheme.mapping.get(speaker_group, "unknown")]


def list_issues_found(statement_issues: pd.DataFrame, codebook: Codebook) -> list:
    """The codebook's issues that at least one statement raises (in :func:`list_statement_issues`), in codebook order."""
    found = set(statement_issues["issue_id"])
    return [issue for issue in codebook.issues if issue.id in found]


def _count_issues_by(coded: list[CodedStatement], codebook: Codebook, groups_of, group_labels: dict[str, str]) -> pd.DataFrame:
    columns = ["issue_id", "issue", "group_id", "group", "n_statements", "n_group_statements", "share_pct", "is_small_n"]
    statement_issues = list_statement_issues(coded)
    issues_found = list_issues_found(statement_issues, codebook)
    table = count_issues_by_bucket(coded, [issue.id for issue in issues_found], groups_of, list(group_labels), statement_issues)
    table = table[table["n_bucket_statements"] > 0].rename(columns={"bucket": "group_id", "n_bucket_statements": "n_group_statements"})
    table["issue"] = table["issue_id"].map({issue.id: issue.label for issue in issues_found})
    table["group"] = table["group_id"].map(group_labels)
    table["share_pct"] = [compute_share_pct(count, n) for count, n in zip(table["n_statements"], table["n_group_statements"])]
    table["is_small_n"] = table["n_group_statements"] < SMALL_N
    return table[columns].reset_index(drop=True)


def count_issues_by_group(coded: list[CodedStatement], codebook: Codebook, scheme: GroupingScheme) -> pd.DataFrame:
    """Mention lens: for each group named in statements, how many of those statements raise each issue.

    Long table with columns issue_id, issue, group_id, group, n_statements (statements naming
    the group and coded with the issue), n_group_statements (statements naming the group),
    share_pct and is_small_n. Only groups named at least once and issues found at least once.
    """
    return _count_issues_by(coded, codebook, lambda c: mentioned_scheme_groups(c, scheme), scheme.group_labels)


def count_issues_by_speaker_group(coded: list[CodedStatement], codebook: Codebook, scheme: GroupingScheme) -> pd.DataFrame:
    """Voice lens: issues by the group of the speaker a summary attributes a statement to.

    Unattributed statements form their own column; they are never spread over groups.
    Same columns as :func:`count_issues_by_group`.
    """
    labels = {**scheme.group_labels, "unknown": UNKNOWN_GROUP_LABEL, UNATTRIBUTED: UNATTRIBUTED_LABEL}
    return _count_issues_by(coded, codebook, lambda c: speaker_scheme_groups(c, scheme), labels)


def add_lift(by_group: pd.DataFrame, issue_counts: pd.DataFrame) -> pd.DataFrame:
    """Association of issue and group as lift: the issue's share among the group's statements
    divided by its share among all statements. 1 means no association; above 1, the issue comes
    up more with the group. Left empty (NaN) where the group has fewer than ``SMALL_N`` statements.

    Computed from counts, not from the rounded percentages.
    """
    overall = issue_counts.set_index("issue_id")
    table = by_group.copy()
    table["lift"] = [
        round((row.n_statements / row.n_group_statements) / (overall.at[row.issue_id, "n_statements"] / overall.at[row.issue_id, "n_total"]), 2)
        if not row.is_small_n and row.issue_id in overall.index
        else float("nan")
        for row in table.itertuples()
    ]
    return table


def list_statements_behind(coded: list[CodedStatement], issue_id: str, group_id: str | None = None, groups_of=None) -> list[CodedStatement]:
    """The statements behind one count: coded with the issue and (if given) in the group."""
    return [c for c in coded if issue_id in c.issue_ids and (group_id is None or group_id in groups_of(c))]


def count_issue_pairs(coded: list[CodedStatement], codebook: Codebook) -> pd.DataFrame:
    """Issue co-occurrence: pairs of issues raised in the same statement, most frequent first.

    Columns issue_a, issue_b (ids, in codebook order), label_a, label_b, n_statements.
    """
    order = [i.id for i in codebook.issues]
    counts: dict[tuple[str, str], int] = {}
    for c in coded:
        ids = sorted(set(c.issue_ids), key=order.index)
        for position, first in enumerate(ids):
            for second in ids[position + 1 :]:
                counts[(first, second)] = counts.get((first, second), 0) + 1
    rows = [
        {"issue_a": a, "issue_b": b, "label_a": codebook.label_of(a), "label_b": codebook.label_of(b), "n_statements": n}
        for (a, b), n in sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0][0]), order.index(item[0][1])))
    ]
    return pd.DataFrame(rows, columns=["issue_a", "issue_b", "label_a", "label_b", "n_statements"])


def count_participants_by_group_and_role(participants, scheme: GroupingScheme) -> pd.DataFrame:
    """Voice lens: participants by group (rows, the scheme's order) and role (columns), with totals."""
    rows = []
    for participant in participants:
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
