"""Rule-based first-pass coding: issues and mentioned stakeholder groups, with evidence.

Every code keeps the words that triggered it and their character offsets in the statement as
published, so each count in a brief can be traced back to text. Patterns run on the `regex`
engine with a time limit, so a pattern that backtracks catastrophically fails with a clear
message instead of hanging a render.
"""

import regex as re
from dataclasses import dataclass

from helpers.errors import DataError
from helpers.model import Codebook, Session, Stakeholders, Statement
from helpers.text import normalize_for_matching


@dataclass(frozen=True)
class Evidence:
    """Words in a statement that triggered a code; ``start``/``end`` index the original text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class IssueCode:
    """An issue on a statement: from the rules (with evidence) or added by an analyst (with a reason)."""

    issue_id: str
    evidence: tuple[Evidence, ...]
    override_reason: str | None = None

    @property
    def is_override(self) -> bool:
        return self.override_reason is not None


@dataclass(frozen=True)
class GroupMention:
    """A group a statement names: from the rules (with evidence) or added by an analyst."""

    group_id: str
    evidence: tuple[Evidence, ...]
    override_reason: str | None = None

    @property
    def is_override(self) -> bool:
        return self.override_reason is not None


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


PATTERN_TIMEOUT_S = 1.0  # per pattern and text; real patterns take microseconds


class PatternTimeout(Exception):
    """A pattern took longer than PATTERN_TIMEOUT_S on one text."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        super().__init__(f"pattern {pattern!r} took more than {PATTERN_TIMEOUT_S:g} s: it backtracks catastrophically; rewrite it")


def compile_pattern_text(pattern: str) -> re.Pattern:
    """Compile a codebook or stakeholder pattern: case-insensitive, `regex` engine."""
    return re.compile(pattern, re.IGNORECASE | re.V0)


def _spans(pattern: re.Pattern, normalized: str) -> list[tuple[int, int]]:
    try:
        return [(m.start(), m.end()) for m in pattern.finditer(normalized, timeout=PATTERN_TIMEOUT_S) if m.end() > m.start()]
    except TimeoutError:
        raise PatternTimeout(pattern.pattern) from None


def _drop_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the earliest, then longest, of overlapping spans.

    >>> _drop_overlaps([(5, 9), (0, 4), (0, 8), (10, 12)])
    [(0, 8), (10, 12)]
    """
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -(span[1] - span[0]))):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _evidence(text: str, spans: list[tuple[int, int]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(text=text[start:end], start=start, end=end) for start, end in spans)


def compile_organisation_name(name: str) -> re.Pattern:
    """A proper name matched case-sensitively as whole words, any whitespace between words.

    >>> bool(compile_organisation_name("UN Women").search("with UN  Women staff"))
    True
    >>> bool(compile_organisation_name("ILO").search("a silo"))
    False
    """
    words = r"\s+".join(re.escape(word) for word in name.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])")


class IssueCoder:
    """Codes text with the codebook's issues; a match inside an exclude span does not count."""

    def __init__(self, codebook: Codebook):
        self.rules = [
            (
                issue.id,
                [compile_pattern_text(p) for p in issue.patterns],
                [compile_pattern_text(p) for p in issue.exclude_patterns],
            )
            for issue in codebook.issues
        ]

    def code(self, text: str) -> tuple[IssueCode, ...]:
        """Issues found in ``text``, in codebook order, each with its evidence."""
        normalized = normalize_for_matching(text)
        codes = []
        for issue_id, patterns, exclude_patterns in self.rules:
            excluded = [span for pattern in exclude_patterns for span in _spans(pattern, normalized)]
            spans = [
                (start, end)
                for pattern in patterns
                for start, end in _spans(pattern, normalized)
                if not any(x_start <= start and end <= x_end for x_start, x_end in excluded)
            ]
            if spans:
                codes.append(IssueCode(issue_id=issue_id, evidence=_evidence(text, _drop_overlaps(spans))))
        return tuple(codes)


class GroupFinder:
    """Finds the stakeholder groups a text names, from words and organisation names.

    Overlapping matches of different groups are resolved in favour of the one that starts
    first and is longest, so "UN Women" names the UN system, not women.
    """

    def __init__(self, stakeholders: Stakeholders):
        self.group_order = stakeholders.group_ids
        self.rules = [
            (group.id, compile_pattern_text(pattern))
            for group in stakeholders.groups
            for pattern in group.patterns
        ] + [
            (group.id, compile_organisation_name(name))
            for group in stakeholders.groups
            for name in group.organisations
        ]

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        normalized = normalize_for_matching(text)
        found = [(start, end, group_id) for group_id, pattern in self.rules for start, end in _spans(pattern, normalized)]
        kept: list[tuple[int, int, str]] = []
        for start, end, group_id in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]), self.group_order.index(m[2]))):
            if not kept or start >= kept[-1][1]:
                kept.append((start, end, group_id))
        return kept

    def find(self, text: str) -> tuple[GroupMention, ...]:
        """Groups named in ``text``, in the stakeholder file's order, each with its evidence."""
        matches = self._matches(text)
        return tuple(
            GroupMention(group_id=group_id, evidence=_evidence(text, [(s, e) for s, e, g in matches if g == group_id]))
            for group_id in self.group_order
            if any(g == group_id for _, _, g in matches)
        )

    def classify_organisation(self, organisation: str) -> str | None:
        """The group an organisation name belongs to: the first, longest name found in it."""
        matches = self._matches(organisation)
        return matches[0][2] if matches else None


def code_statements(statements, codebook: Codebook, stakeholders: Stakeholders) -> list[CodedStatement]:
    """Code each statement with issues and mentioned groups.

    A pattern that runs out of time is a DataError naming the pattern and the statement.
    """
    issue_coder = IssueCoder(codebook)
    group_finder = GroupFinder(stakeholders)
    coded = []
    for statement in statements:
        try:
            coded.append(CodedStatement(statement=statement, issues=issue_coder.code(statement.text), groups=group_finder.find(statement.text)))
        except PatternTimeout as error:
            source = codebook.source_file if any(error.pattern in i.patterns + i.exclude_patterns for i in codebook.issues) else stakeholders.source_file
            raise DataError(source, f"{error} (on statement {statement.id} of session {statement.session_id or '?'})") from None
    return coded


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
    """Code every statement of a session by the rules, then apply the analysts' overrides.

    ``with_overrides=False`` gives the rules alone, which is what coding quality is measured on.
    """
    coded = code_statements(session.statements, codebook, stakeholders)
    if not with_overrides:
        return coded
    return apply_overrides(coded, session.overrides, [i.id for i in codebook.issues], stakeholders.group_ids)


def check_codebook_examples(codebook: Codebook) -> list[str]:
    """Self-test: each issue's example is coded with the issue, and none of its non-examples is.

    Returns readable problems naming the issue and, for a wrong match, the pattern.
    """
    coder = IssueCoder(codebook)
    problems = []
    for issue in codebook.issues:
        if issue.id not in [code.issue_id for code in coder.code(issue.example)]:
            problems.append(f"issue {issue.id!r}: its example {issue.example!r} is not coded by any of its patterns")
        for text in issue.non_examples:
            for pattern in issue.patterns:
                if _spans(compile_pattern_text(pattern), normalize_for_matching(text)) and issue.id in [code.issue_id for code in coder.code(text)]:
                    problems.append(f"issue {issue.id!r}: non-example {text!r} is coded by pattern {pattern!r}")
    return problems
