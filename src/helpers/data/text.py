"""Text normalisation shared by ingest, coding and validation."""

import hashlib
import re
import unicodedata

# Each typographic variant maps to exactly one plain character, so offsets found in the
# normalised text are offsets in the original text too (evidence must point at the source).
_PLAIN_CHARACTERS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
_WHITESPACE_RUN = re.compile(r"\s+")


def normalize_for_matching(text: str) -> str:
    """Replace curly quotes, Unicode hyphens and odd spaces by plain ones, one for one.

    >>> normalize_for_matching("workers\u2019 rights\u00a0and co\u2011operation")
    "workers' rights and co-operation"
    """
    return text.translate(_PLAIN_CHARACTERS)


def collapse_whitespace(text: str) -> str:
    """Normalise typography and fold every whitespace run into one space.

    >>> collapse_whitespace("  decent\u00a0 work\\n for all ")
    'decent work for all'
    """
    return _WHITESPACE_RUN.sub(" ", normalize_for_matching(text)).strip()


def fold_whitespace(text: str) -> str:
    """Fold every whitespace run (line breaks of wrapped lines, CRLF, double spaces) into one space.

    >>> fold_whitespace("decent\\r\\n  work ")
    'decent work'
    """
    return _WHITESPACE_RUN.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """Letters without their accents, for comparing names written with and without them.

    >>> strip_accents("Chatardová Pérez")
    'Chatardova Perez'
    """
    return "".join(character for character in unicodedata.normalize("NFKD", text) if not unicodedata.combining(character))


def make_statement_id(section_number: int, text: str) -> str:
    """Stable statement id from its section and its text, so edits elsewhere never renumber it.

    >>> make_statement_id(2, "Decent work for all;")
    's2-097281'
    """
    digest = hashlib.sha256(collapse_whitespace(text).encode("utf-8")).hexdigest()
    return f"s{section_number}-{digest[:6]}"


def sha256_of_file(path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
