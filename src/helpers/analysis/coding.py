"""Rule-based first-pass coding of statements: issues and mentioned groups, then analysts' overrides.

The matching itself (patterns, evidence, time limits) lives in :mod:`helpers.data.patterns`;
this module applies it to statements and sessions and layers the overrides on top.
"""

from dataclasses import dataclass

from helpers.data.errors import DataError
from helpers.data.model import Codebook, Session, Stakeholders, Statement
from helpers.data.patterns import GroupFinder, GroupMention, IssueCode, IssueCoder, PatternTimeout


@dataclass(frozen=True)
class RemovedCode:
    """A code the rules gave and an analyst removed, kept so the brief can show it."""

    code_id: str
    reason: str


@dataclass(frozen=True)
class CodedStatement:
    """A statement with the issues it raises and the groups it names (mention lens)."""

    statement: Statement
    issues: tuple[IssueCode, ...]
    groups: tuple[GroupMention, ...]
    removed_issues: tuple[RemovedCode, ...] = ()
    removed_groups: tuple[RemovedCode, ...] = ()

    @property
    def issue_ids(self) -> list[str]:
        return [code.issue_id for code in self.issues]

    @property
    def group_ids(self) -> list[str]:
        return [mention.group_id for mention in self.groups]


def _match_each(statements, match, source) -> list[tuple]:
    """``match(text)`` for each statement; a pattern that runs out of time is a DataError naming
    the pattern's file, the pattern and the statement."""
    found = []
    for statement in statements:
        try:
            found.append(match(statement.text))
        except PatternTimeout as error:
            raise DataError(source, f"{error} (on statement {statement.id} of session {statement.session_id or '?'})") from None
    return found


def code_issues(statements, codebook: Codebook) -> list[tuple[IssueCode, ...]]:
    """The issues the codebook's rules find in each statement, with evidence (no overrides)."""
    return _match_each(statements, IssueCoder(codebook).code, codebook.source_file)


def find_mentioned_groups(statements, stakeholders: Stakeholders) -> list[tuple[GroupMention, ...]]:
    """The groups each statement names by the stakeholder data's rules, with evidence (no overrides)."""
    return _match_each(statements, GroupFinder(stakeholders).find, stakeholders.source_file)


def code_statements(statements, codebook: Codebook, stakeholders: Stakeholders) -> list[CodedStatement]:
    """Code each statement with issues and mentioned groups.

    A pattern that runs out of time is a DataError naming the pattern and the statement.
    """
    statements = list(statements)
    return [
        CodedStatement(statement=statement, issues=issues, groups=groups)
        for statement, issues, groups in zip(statements, code_issues(statements, codebook), find_mentioned_groups(statements, stakeholders))
    ]


def apply_overrides(coded: list[CodedStatement], overrides, issue_order: list[str], group_order: list[str]) -> list[CodedStatement]:
    """Apply analysts' overrides after the rules: add or remove issues and groups, keeping reasons.

    Adding a code the rules already gave, or removing one they did not, changes nothing.
    """
    by_statement: dict[str, list] = {}
    for override in overrides:
        by_statement.setdefault(override.statement_id, []).append(override)
    result = []
    for c in coded:
        issues = {code.issue_id: code for code in c.issues}
        groups = {mention.group_id: mention for mention in c.groups}
        removed_issues, removed_groups = list(c.removed_issues), list(c.removed_groups)
        for override in by_statement.get(c.statement.id, []):
            for issue_id in override.add_issues:
                issues.setdefault(issue_id, IssueCode(issue_id=issue_id, evidence=(), override_reason=override.reason))
            for issue_id in override.remove_issues:
                if issues.pop(issue_id, None) is not None:
                    removed_issues.append(RemovedCode(code_id=issue_id, reason=override.reason))
            for group_id in override.add_groups:
                groups.setdefault(group_id, GroupMention(group_id=group_id, evidence=(), override_reason=override.reason))
            for group_id in override.remove_groups:
                if groups.pop(group_id, None) is not None:
                    removed_groups.append(RemovedCode(code_id=group_id, reason=override.reason))
        result.append(
            CodedStatement(
                statement=c.statement,
                issues=tuple(issues[i] for i in issue_order if i in issues),
                groups=tuple(groups[g] for g in group_order if g in groups),
                removed_issues=tuple(removed_issues),
                removed_groups=tuple(removed_groups),
            )
        )
    return result


def count_override_changes(coded: list[CodedStatement]) -> dict[str, int]:
    """How many codes analysts added and removed, for the method note."""
    return {
        "issues_added": sum(code.is_override for c in coded for code in c.issues),
        "issues_removed": sum(len(c.removed_issues) for c in coded),
        "groups_added": sum(mention.is_override for c in coded for mention in c.groups),
        "groups_removed": sum(len(c.removed_groups) for c in coded),
    }


def code_session(session: Session, codebook: Codebook, stakeholders: Stakeholders, with_overrides: bool = True) -> list[CodedStatement]:
    """Code every position a session records by the rules, then apply the analysts' overrides.

    Guiding questions (``is_question``) are framing, not positions taken: they are not coded or counted.

    ``with_overrides=False`` gives the rules alone, which is what coding quality is measured on.
    """
    coded = code_statements(session.positions, codebook, stakeholders)
    if not with_overrides:
        return coded
    return apply_session_overrides(coded, session, codebook, stakeholders)


def apply_session_overrides(rules_coded: list[CodedStatement], session: Session, codebook: Codebook, stakeholders: Stakeholders) -> list[CodedStatement]:
    """The session's overrides applied to its rules-only coding, so one coding serves both the
    brief and the evaluation of the rules (which must not see the overrides)."""
    return apply_overrides(rules_coded, session.overrides, [i.id for i in codebook.issues], stakeholders.group_ids)
