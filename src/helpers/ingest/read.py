"""Read a summary file as published: its bytes and its text, and the session id it gets."""

import re
import unicodedata
from pathlib import Path


from helpers.data.errors import DataError
from helpers.data.loading import decode_text, read_file_bytes


SESSION_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# ----------------------------------------------------------------------------- reading


def read_summary(path: Path) -> tuple[bytes, str]:
    """The summary's bytes and its text; empty, binary and non-UTF-8 files are DataErrors."""
    data = read_file_bytes(path)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise DataError(path, f"binary file, not a text summary: NUL byte at byte offset {offset}", line=data.count(b"\n", 0, offset) + 1)
    text = decode_text(path, data)
    if not text.strip():
        raise DataError(path, "the file is empty: expected the text of a session summary")
    return data, text


def make_session_id(path: Path) -> str:
    """Session id from a file name: its stem, accents dropped, lowercased, other characters as '-'.

    >>> make_session_id(Path("ECOSOC PF 2025 – SDG 8 (draft).txt"))
    'ecosoc-pf-2025-sdg-8-draft'
    >>> make_session_id(Path("Résumé_final.md"))
    'resume-final'
    """
    ascii_stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")


def check_session_id(session_id: str, path: Path, is_given: bool) -> str:
    """Return the id if it is a valid session id, else raise a DataError that asks for ``--id``."""
    if SESSION_ID_PATTERN.match(session_id):
        return session_id
    if is_given:
        raise DataError(path, f"--id {session_id!r} is not a valid session id: use lowercase letters, digits and single hyphens (e.g. ecosoc-pf-2025-sdg8)")
    raise DataError(path, f"cannot make a session id from the file name {path.name!r}: give one with --id (lowercase letters, digits and single hyphens)")
