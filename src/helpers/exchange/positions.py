"""Where statements and evidence sit in a session's source text, in Unicode code points.

Statements quote the source exactly except that whitespace runs (wrapped lines, CRLF, double
spaces) may be folded into one space; evidence offsets count characters of the statement text.
REFI-QDA selections count characters (Unicode code points, as Python indexes a ``str``) of the
plain-text source, end exclusive. This module maps one onto the other exactly, never by guess.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from helpers.data.errors import DataError
from helpers.data.model import Statement


_LINE_ENDING = re.compile(r"\r\n?")


@dataclass(frozen=True)
class StatementSpan:
    """A statement located in its source text: ``source_text[start:end]`` is the statement, whitespace as in the source."""

    statement: Statement
    start: int
    end: int
    # offset_map[k]: source position of statement character k; whitespace maps to its run's start.
    offset_map: tuple[int, ...]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source positions (end exclusive) of the statement characters ``start:end``.

        >>> span = locate_statements("A  b\\ncd.", [Statement(id="s1-aaaaaa", section=1, text="b cd")])[0]
        >>> span.source_range(0, 4), span.source_range(2, 4)
        ((3, 7), (5, 7))
        """
        return self.offset_map[start], self.offset_map[end - 1] + 1

    def overlaps(self, start: int, end: int) -> bool:
        """Whether source positions ``start:end`` share at least one character with the statement."""
        return start < self.end and end > self.start


def _statement_pattern(text: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def _offset_map(statement_text: str, source: str, source_start: int) -> tuple[int, ...]:
    """Walk the statement and its match in the source together: equal characters, whitespace run for whitespace run."""
    mapping = []
    position = source_start
    index = 0
    while index < len(statement_text):
        if statement_text[index].isspace():
            run_start = position
            while position < len(source) and source[position].isspace():
                position += 1
            while index < len(statement_text) and statement_text[index].isspace():
                mapping.append(run_start)
                index += 1
        else:
            mapping.append(position)
            position += 1
            index += 1
    return tuple(mapping)


def locate_statements(source: str, statements, where: Path | str = "source text") -> list[StatementSpan]:
    """Each statement's span in ``source`` (the text of file ``where``), in the statements' order.

    A statement quoted twice in the source takes the first occurrence after the previous
    statement (summaries list statements in reading order), else its first occurrence.
    A statement not in the source is a DataError (loading already refuses such sessions).
    """
    spans = []
    cursor = 0
    for statement in statements:
        pattern = _statement_pattern(statement.text)
        match = pattern.search(source, cursor) or pattern.search(source)
        if match is None:
            raise DataError(where, f"statement {statement.id} is not in this text: statements must quote it exactly")
        leading = len(statement.text) - len(statement.text.lstrip())
        stripped = statement.text.strip()
        inner = _offset_map(stripped, source, match.start())
        offset_map = (match.start(),) * leading + inner + (match.end(),) * (len(statement.text) - leading - len(stripped))
        spans.append(StatementSpan(statement=statement, start=match.start(), end=match.end(), offset_map=offset_map))
        cursor = match.end()
    return spans


def map_positions_between(their_text: str, our_text: str) -> list[int] | None:
    """Map positions in ``their_text`` to ``our_text`` when the two differ only in line endings (CRLF, CR, LF).

    Returns a list of length ``len(their_text) + 1`` (position -> our position), or None when the
    texts differ in anything else. A QDA tool may rewrite line endings; anything more is not mapped.

    >>> map_positions_between("a\\r\\nb", "a\\nb")
    [0, 1, 2, 2, 3]
    >>> map_positions_between("a b", "a\\nb") is None
    True
    """
    if their_text == our_text:
        return list(range(len(their_text) + 1))
    if _LINE_ENDING.sub("\n", their_text) != _LINE_ENDING.sub("\n", our_text):
        return None

    def units(text: str) -> list[tuple[str, int]]:
        # Each line ending becomes one unit "\n" that starts at its first character.
        result, index = [], 0
        while index < len(text):
            if text.startswith("\r\n", index):
                result.append(("\n", index))
                index += 2
            else:
                result.append(("\n" if text[index] == "\r" else text[index], index))
                index += 1
        return result

    theirs, ours = units(their_text), units(our_text)
    if [u for u, _ in theirs] != [u for u, _ in ours]:
        return None
    mapping = [0] * (len(their_text) + 1)
    for (_, their_start), (_, our_start), next_their in zip(theirs, ours, [p for _, p in theirs[1:]] + [len(their_text)]):
        for position in range(their_start, next_their):
            mapping[position] = our_start if position == their_start else our_start + 1
    mapping[len(their_text)] = len(our_text)
    return mapping
