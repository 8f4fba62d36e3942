"""Loaded and coded sessions kept between runs, so a corpus of unchanged sessions is not read again.

Three layers, each a folder of Parquet files named by the sha256 of exactly what the entry
depends on (and of the code and library versions that make it):

- ``sessions/``: a session as loaded and checked: its file (and id), the session schema, and,
  checked on every use, the sha256 of the raw and extracted text it quotes;
- ``issues/``: the rules' issue codes of its statements: the session entry and the codebook;
- ``groups/``: the groups its statements name: the session entry and the stakeholder data.

So an edited codebook codes the issues of every session again and nothing else; an edited
session is read and coded again alone; edited stakeholder data finds the groups again. Group and
issue ids a session names are checked against the current stakeholder data and codebook on
every load, and analysts' overrides are applied after the cache.

Parquet files rather than one DuckDB database: an entry is written whole to a temporary file and
renamed, so a killed run leaves no partial entry and two renders at once never wait on (or fail
at) a database's single-writer lock; pyarrow reads a thousand small files in one multi-threaded
scan, and pyarrow also writes the data files beside each brief. Every file carries page
checksums and its own key: a file that does not read cleanly or does not match is ignored and
written again, never trusted.
"""

import contextlib
import dataclasses
import hashlib
import json
import os
import time
import types
import typing
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from helpers.analysis.coding import CodedStatement, apply_overrides, code_issues, find_mentioned_groups
from helpers.data import paths
from helpers.data.files import write_files_atomically
from helpers.data.loading import check_session_id, find_unknown_reference, load_session
from helpers.data.model import Codebook, Session, Stakeholders, Statement
from helpers.data.patterns import Evidence, GroupMention, IssueCode
from helpers.data.text import sha256_of_file

FORMAT_VERSION = 1  # bump when the layout of an entry changes
STALE_TEMPORARY_S = 3600  # a temporary file this old was left by a killed run
_LIBRARIES = ("PyYAML", "ruamel.yaml", "jsonschema", "regex", "pyarrow")


@cache
def code_version() -> str:
    """sha256 over the code that loads and codes a session, and the versions of the libraries it uses."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in [*sorted((package / "data").glob("*.py")), package / "analysis" / "coding.py", Path(__file__).resolve()]:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    return digest.hexdigest()


def _digest(path: Path) -> str:
    """sha256 of a file, or ``missing`` (loading then names the problem)."""
    try:
        return sha256_of_file(path)
    except OSError:
        return "missing"


def _entry_key(**parts: str) -> str:
    return hashlib.sha256(json.dumps({"format": FORMAT_VERSION, "code": code_version(), **parts}, sort_keys=True).encode()).hexdigest()


# Sessions are stored column by column from the model's own dataclasses, so a field added to the
# model is stored too (and, since the model's code is part of every key, old entries are unused).
def _arrow_type(annotation) -> pa.DataType:
    if typing.get_origin(annotation) in (types.UnionType, typing.Union):
        return _arrow_type(next(arg for arg in typing.get_args(annotation) if arg is not type(None)))
    if typing.get_origin(annotation) is tuple:
        return pa.list_(_arrow_type(typing.get_args(annotation)[0]))
    if dataclasses.is_dataclass(annotation):
        return pa.struct([(f.name, _arrow_type(f.type)) for f in dataclasses.fields(annotation)])
    return {str: pa.string(), int: pa.int64(), bool: pa.bool_(), Path: pa.string()}[annotation]


def _converter(annotation, data_dir: Path, to_arrow: bool):
    """A function turning a model value of this type into what Arrow takes (dataclasses as dicts,
    tuples as lists, paths relative to the data folder), or, ``to_arrow=False``, back."""
    if typing.get_origin(annotation) in (types.UnionType, typing.Union):
        inner = _converter(next(arg for arg in typing.get_args(annotation) if arg is not type(None)), data_dir, to_arrow)
        return lambda value: None if value is None else inner(value)
    if typing.get_origin(annotation) is tuple:
        item = _converter(typing.get_args(annotation)[0], data_dir, to_arrow)
        return (lambda values: [item(value) for value in values]) if to_arrow else (lambda values: tuple(item(value) for value in values))
    if dataclasses.is_dataclass(annotation):
        converters = [(f.name, _converter(f.type, data_dir, to_arrow)) for f in dataclasses.fields(annotation)]
        if to_arrow:
            return lambda value: {name: convert(getattr(value, name)) for name, convert in converters}
        return lambda row: annotation(**{name: convert(row[name]) for name, convert in converters})
    if annotation is Path:
        return (lambda value: value.relative_to(data_dir).as_posix()) if to_arrow else (lambda value: data_dir / value)
    return lambda value: value


SESSION_SCHEMA = pa.schema([("entry_key", pa.string()), *((f.name, _arrow_type(f.type)) for f in dataclasses.fields(Session))])
# Issue codes and group mentions alike: per code, its statement, its id and the evidence spans
# (the matched words are the statement's text between each start and end).
CODE_SCHEMA = pa.schema(
    [
        ("entry_key", pa.string()),
        ("codes", pa.list_(pa.struct([("statement_id", pa.string()), ("code_id", pa.string()), ("starts", pa.list_(pa.int64())), ("ends", pa.list_(pa.int64()))]))),
    ]
)
SCHEMAS = {"sessions": SESSION_SCHEMA, "issues": CODE_SCHEMA, "groups": CODE_SCHEMA}


@dataclass
class CacheReport:
    """What one load took from the cache and what it had to read or code again (counts of sessions)."""

    sessions_read: int = 0
    sessions_cached: int = 0
    issues_coded: int = 0
    issues_cached: int = 0
    groups_found: int = 0
    groups_cached: int = 0
    entries_removed: int = 0
    is_writable: bool = True

    def describe(self) -> str:
        """One line for logs and the benchmark.

        >>> CacheReport(sessions_read=2, sessions_cached=8, issues_coded=10).describe()
        'sessions: 2 read, 8 from the cache; issues: 10 coded, 0 from the cache; groups: 0 found, 0 from the cache'
        """
        return (
            f"sessions: {self.sessions_read} read, {self.sessions_cached} from the cache; issues: {self.issues_coded} coded, {self.issues_cached} from the cache; "
            f"groups: {self.groups_found} found, {self.groups_cached} from the cache" + ("" if self.is_writable else " (cache folder not writable: nothing kept)")
        )


@dataclass
class _Keys:
    session: str
    issues: str
    groups: str


class SessionCache:
    """The cache of one data folder: load sessions, code them, keep what was made.

    Create it before loading the codebook and stakeholder data: their sha256 is taken first and
    checked again before anything is written, so a file edited during a run is never cached
    under the wrong key. Each layer is one Parquet file of entries (one row per session), read
    in one go and rewritten only when an entry was added or is no longer needed.
    """

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.root = paths.cache_dir(data_dir) / f"v{FORMAT_VERSION}"
        self.report = CacheReport()
        self._shared = {
            "codebook": _digest(paths.codebook_file(data_dir)),
            "stakeholders": _digest(paths.stakeholders_file(data_dir)),
            **{f"{name}_schema": _digest(paths.SCHEMAS_DIR / f"{name}.schema.json") for name in ("session", "codebook", "stakeholders")},
        }
        self._keys: dict[str, _Keys] = {}
        self._read_keys: dict[str, set[str]] = {}
        self._session_from_arrow = _converter(Session, data_dir, to_arrow=False)
        self._session_to_arrow = _converter(Session, data_dir, to_arrow=True)

    def load_sessions(self, session_ids: list[str], codebook: Codebook, stakeholders: Stakeholders) -> list[Session]:
        """Every session of the folder, loaded and checked as ``load_session`` does: from the cache
        when its inputs are unchanged, else from its files (and then kept). Bad data raises DataError."""
        known_groups, known_issues = stakeholders.group_ids, [issue.id for issue in codebook.issues]
        file_digests = {}
        for session_id in session_ids:
            check_session_id(session_id, paths.sessions_dir(self.data_dir))
            file_digests[session_id] = _digest(paths.session_file(self.data_dir, session_id))
            key = _entry_key(layer="sessions", session_id=session_id, file=file_digests[session_id], schema=self._shared["session_schema"])
            self._keys[session_id] = _Keys(
                session=key,
                issues=_entry_key(layer="issues", session=key, codebook=self._shared["codebook"], schema=self._shared["codebook_schema"]),
                groups=_entry_key(layer="groups", session=key, stakeholders=self._shared["stakeholders"], schema=self._shared["stakeholders_schema"]),
            )
        rows = self._read("sessions")
        sessions = []
        for session_id in session_ids:
            key = self._keys[session_id].session
            session = self._session_from_row(rows[key]) if key in rows else None
            if session is not None and find_unknown_reference(session, known_groups, known_issues) is None:
                self.report.sessions_cached += 1
            else:
                session = load_session(self.data_dir, session_id, known_group_ids=known_groups, known_issue_ids=known_issues)
                self.report.sessions_read += 1
                if _digest(session.source_file) == file_digests[session_id]:  # not edited meanwhile
                    rows[key] = {"entry_key": key, **self._session_to_arrow(session)}
            sessions.append(session)
        self._write("sessions", rows, {keys.session for keys in self._keys.values()})
        return sessions

    def code_sessions(self, sessions: list[Session], codebook: Codebook, stakeholders: Stakeholders) -> dict[str, list[CodedStatement]]:
        """Each session's positions coded as ``code_session`` does (rules, then overrides), by
        session id. Call after ``load_sessions``, which knows every session of the folder."""
        issue_rows, group_rows = self._read("issues"), self._read("groups")
        issue_order = [issue.id for issue in codebook.issues]
        issue_ids, group_ids = set(issue_order), set(stakeholders.group_ids)
        result = {}
        for session in sessions:
            positions, keys = session.positions, self._keys[session.id]
            issues = self._codes("issues", issue_rows, keys.issues, positions, IssueCode, issue_ids, lambda: code_issues(positions, codebook))
            groups = self._codes("groups", group_rows, keys.groups, positions, GroupMention, group_ids, lambda: find_mentioned_groups(positions, stakeholders))
            coded = [CodedStatement(statement=s, issues=i, groups=g) for s, i, g in zip(positions, issues, groups)]
            # Without overrides, applying them would rebuild the same statements in the same order.
            result[session.id] = apply_overrides(coded, session.overrides, issue_order, stakeholders.group_ids) if session.overrides else coded
        if _digest(paths.codebook_file(self.data_dir)) == self._shared["codebook"]:  # not edited meanwhile
            self._write("issues", issue_rows, {keys.issues for keys in self._keys.values()})
        if _digest(paths.stakeholders_file(self.data_dir)) == self._shared["stakeholders"]:
            self._write("groups", group_rows, {keys.groups for keys in self._keys.values()})
        return result

    def _codes(self, layer: str, rows: dict, key: str, statements: tuple[Statement, ...], code_class, known_ids: set[str], make) -> list[tuple]:
        """Per statement, its codes of one layer: from the cache entry, or made (and kept) when
        there is none that fits."""
        id_field = "issue_id" if layer == "issues" else "group_id"
        codes = _codes_from_row(rows.get(key), statements, code_class, id_field, known_ids)
        made = codes is None
        if made:
            codes = make()
            rows[key] = _row_of_codes(key, statements, codes, id_field)
        counter = {("issues", True): "issues_coded", ("issues", False): "issues_cached", ("groups", True): "groups_found", ("groups", False): "groups_cached"}[layer, made]
        setattr(self.report, counter, getattr(self.report, counter) + 1)
        return codes

    def _session_from_row(self, row: dict) -> Session | None:
        """The cached session, if the texts it quotes still have the sha256 its file records."""
        try:
            session = self._session_from_arrow({name: value for name, value in row.items() if name != "entry_key"})
        except (TypeError, ValueError, AttributeError, KeyError):  # an entry that does not fit the model: made again
            return None
        if _digest(session.raw_file) != session.raw_sha256:
            return None
        if session.text_file is not None and _digest(session.text_file) != session.text_sha256:
            return None
        return session

    def _read(self, layer: str) -> dict[str, dict]:
        """The layer's entries by key; a file that is missing, unreadable or does not match its
        schema gives none (they are made again), so a corrupt cache is rebuilt, never trusted."""
        try:
            rows = pq.read_table(self._file(layer), schema=SCHEMAS[layer], page_checksum_verification=True).to_pylist()
        except (pa.ArrowException, OSError):
            rows = []
        self._read_keys[layer] = {row["entry_key"] for row in rows}
        return {row["entry_key"]: row for row in rows}

    def _write(self, layer: str, rows: dict[str, dict], live: set[str]) -> None:
        """Rewrite the layer with the entries still needed and the new ones, if that changes it.

        The file is written whole and renamed over the old one, so readers (another render at
        the same time) see the old or the new file, never a mix. A folder that cannot be
        written only costs the cache.
        """
        kept = {key: row for key, row in rows.items() if key in live}
        if set(kept) == self._read_keys[layer] or not self.report.is_writable:
            return
        self.report.entries_removed += len(self._read_keys[layer] - set(kept))
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist([kept[key] for key in sorted(kept)], schema=SCHEMAS[layer]), sink, write_page_checksum=True)
        try:
            self._make_root()
            write_files_atomically({self._file(layer): sink.getvalue().to_pybytes()}, durable=False)
        except OSError:
            self.report.is_writable = False

    def _file(self, layer: str) -> Path:
        return self.root / f"{layer}.parquet"

    def _make_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for entry in os.scandir(self.root):  # temporary files of runs that were killed while writing
            with contextlib.suppress(OSError):
                if entry.name.endswith(".tmp") and time.time() - entry.stat().st_mtime > STALE_TEMPORARY_S:
                    os.unlink(entry.path)
        cache_root = paths.cache_dir(self.data_dir)
        for name, text in (("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# session briefs: loaded and coded sessions; delete freely.\n"), (".gitignore", "*\n")):
            if not (cache_root / name).exists():
                write_files_atomically({cache_root / name: text.encode()}, durable=False)


def _row_of_codes(key: str, statements: tuple[Statement, ...], codes: list[tuple], id_field: str) -> dict:
    return {
        "entry_key": key,
        "codes": [
            {"statement_id": statement.id, "code_id": getattr(code, id_field), "starts": [e.start for e in code.evidence], "ends": [e.end for e in code.evidence]}
            for statement, statement_codes in zip(statements, codes)
            for code in statement_codes
        ],
    }


def _codes_from_row(row: dict | None, statements: tuple[Statement, ...], code_class, id_field: str, known_ids: set[str]) -> list[tuple] | None:
    """Per statement, its codes as the rules gave them, or None when the entry is missing or does not fit."""
    if row is None:
        return None
    by_statement: dict[str, list] = {statement.id: [] for statement in statements}
    texts = {statement.id: statement.text for statement in statements}
    for code in row["codes"]:
        if code["statement_id"] not in by_statement or code["code_id"] not in known_ids or len(code["starts"]) != len(code["ends"]):
            return None
        text = texts[code["statement_id"]]
        evidence = tuple(Evidence(text=text[start:end], start=start, end=end) for start, end in zip(code["starts"], code["ends"]))
        by_statement[code["statement_id"]].append(code_class(**{id_field: code["code_id"], "evidence": evidence}))
    return [tuple(by_statement[statement.id]) for statement in statements]
