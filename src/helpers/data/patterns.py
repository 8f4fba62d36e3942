"""The codebook's and stakeholder data's patterns, compiled and matched, with evidence.

Every match keeps the words that triggered it and their character offsets in the text as
published, so each count in a brief can be traced back to text. Patterns run on the `regex`
engine with a time limit, so a pattern that backtracks catastrophically fails with a clear
message instead of hanging a render. Loading uses this module to check the codebook's examples;
coding (``helpers.analysis.coding``) uses it to code statements.
"""

import functools
from dataclasses import dataclass

import regex as re

from helpers.data.model import Codebook, Stakeholders
from helpers.data.text import normalize_for_matching


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


@functools.cache  # the group finder and ingest's organisation names compile the same names
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
            spans = [span for pattern in patterns for span in _spans(pattern, normalized)]
            if spans and exclude_patterns:  # exclude spans matter only where a pattern matched
                excluded = [span for pattern in exclude_patterns for span in _spans(pattern, normalized)]
                spans = [(start, end) for start, end in spans if not any(x_start <= start and end <= x_end for x_start, x_end in excluded)]
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
        # (group, pattern, words the text must contain for the pattern to match at all): an
        # organisation's name matches only where each of its words is there, case and all, so
        # the many names absent from a statement cost a substring test, not a regex search.
        self.rules = [
            (group.id, compile_pattern_text(pattern), ())
            for group in stakeholders.groups
            for pattern in group.patterns
        ] + [
            (group.id, compile_organisation_name(name), tuple(name.split()))
            for group in stakeholders.groups
            for name in group.organisations
        ]

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        normalized = normalize_for_matching(text)
        found = [
            (start, end, group_id)
            for group_id, pattern, words in self.rules
            if all(word in normalized for word in words)
            for start, end in _spans(pattern, normalized)
        ]
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
        found = self.classify_with_evidence(organisation)
        return found[0] if found else None

    def classify_with_evidence(self, text: str) -> tuple[str, str] | None:
        """The group of the first, longest name or word of a group in ``text``, and those words."""
        matches = self._matches(text)
        return (matches[0][2], text[matches[0][0] : matches[0][1]]) if matches else None

    def classify_unambiguously(self, text: str) -> tuple[str, str] | None:
        """As :meth:`classify_with_evidence`, but only when every name or word found in ``text`` is of one group."""
        matches = self._matches(text)
        return (matches[0][2], text[matches[0][0] : matches[0][1]]) if matches and len({group for _, _, group in matches}) == 1 else None


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
