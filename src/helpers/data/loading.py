"""Load the YAML data files, check them against their JSON Schemas, and return typed records.

Every problem is raised as a :class:`DataError` naming the file, the line and the field;
nothing is coerced or silently dropped.
"""

import datetime
import json
import re
import sys
from functools import cache
from pathlib import Path

# jsonschema imports the optional rfc3987_syntax (pulled in by Jupyter) to check "iri" formats,
# which compiles a grammar for 1.5 s on every start, in every command and every kernel. Our
# schemas use no such format, so the optional import is blocked before jsonschema loads.
sys.modules.setdefault("rfc3987_syntax", None)

import jsonschema  # noqa: E402
import yaml as pyyaml  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import implicit_resolvers as ruamel_implicit_resolvers

from helpers.data import paths
from helpers.data.patterns import check_codebook_examples
from helpers.data.errors import DataError
from helpers.data.model import (
    Codebook,
    Country,
    Forum,
    GroupingScheme,
    Issue,
    Override,
    Participant,
    Section,
    Session,
    Stakeholders,
    StakeholderGroup,
    Statement,
)
from helpers.data.text import fold_whitespace, sha256_of_file

UNKNOWN_GROUP = "unknown"


MAX_TEXT_BYTES = 5 * 1024 * 1024  # far above any session summary or data file; keeps memory bounded


def read_file_bytes(path: Path, max_bytes: int = MAX_TEXT_BYTES, kind: str = "summaries and data files") -> bytes:
    """A file's bytes; files over ``max_bytes`` are refused before they are read."""
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise DataError(path, f"file is {size / 1024 / 1024:.1f} MB; {kind} are expected under {max_bytes // 1024 // 1024} MB: split it, or check it is the right file")
        return Path(path).read_bytes()
    except OSError as error:
        raise DataError(path, f"cannot read file: {error.strerror}") from error


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is allowed); other bytes are an error naming the offset and line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataError(path, f"not UTF-8 text: byte 0x{data[error.start]:02x} at byte offset {error.start}", line=line) from error


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file, with the size limit and a clear error for bytes that are not UTF-8."""
    return decode_text(path, read_file_bytes(path))


def load_yaml_document(path: Path, text: str | None = None):
    """Parse a YAML file keeping line numbers (ruamel's round-trip nodes)."""
    text = read_text_file(path) if text is None else text
    try:
        document = YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = f", column {mark.column + 1}" if mark else ""
        raise DataError(path, f"malformed YAML{column}: {error.problem or error.context}", line=line) from error
    except YAMLError as error:
        raise DataError(path, f"malformed YAML: {error}") from error
    if document is None:
        raise DataError(path, "the file is empty")
    return document


class _Doubtful(Exception):
    """The fast parser might read this text differently from the line-keeping one."""


def _refuse(*_):
    raise _Doubtful


_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Directives switch the YAML version or tag handles; explicit tags (!!str, !x) give ruamel's
# tagged objects; NEL and the Unicode line and paragraph separators are line breaks in YAML 1.1
# only; ruamel refuses a tab inside a plain scalar where libyaml reads it. Texts with any of
# them (or a "!" that merely looks like a tag) take the slow path.
_DOUBTFUL_TEXT = re.compile(r"^%|(?:^|[ \[{,])![^ ]|[\t\x85\u2028\u2029]", re.MULTILINE)


class _FastLoader(getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)):
    """libyaml's parser with ruamel's YAML 1.2 scalar rules, for the common case.

    It reads plain scalars as the line-keeping parser does (``no`` and ``on`` stay strings, as
    in YAML 1.2), and gives up (``_Doubtful``) on anything where the two could differ: integers
    other than plain decimals, floats, timestamps other than dates, merge keys, sets and
    binary, duplicate keys. The slow parser then reads the file, so the result never depends on
    which parser ran.
    """

    yaml_implicit_resolvers: dict = {}

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key_node, deep=True) for key_node, _ in node.value]
        try:
            if len(set(keys)) != len(keys):
                raise _Doubtful
        except TypeError:  # an unhashable key, e.g. a list
            raise _Doubtful from None
        return super().construct_mapping(node, deep=deep)

    def construct_plain_int(self, node):
        value = self.construct_scalar(node)
        if not _PLAIN_INT.fullmatch(value):
            raise _Doubtful
        return int(value)

    def construct_plain_date(self, node):
        value = self.construct_scalar(node)
        if not _PLAIN_DATE.fullmatch(value):
            raise _Doubtful
        return datetime.date.fromisoformat(value)


for _versions, _tag, _regexp, _first in ruamel_implicit_resolvers:
    if (1, 2) in _versions:
        _FastLoader.add_implicit_resolver(_tag, _regexp, _first)
_FastLoader.add_constructor("tag:yaml.org,2002:int", _FastLoader.construct_plain_int)
_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _FastLoader.construct_plain_date)
for _tag in ("float", "merge", "value", "binary", "set", "omap", "pairs"):
    _FastLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)


def parse_yaml_fast(text: str):
    """Plain data from YAML text, exactly as ``to_plain_data(load_yaml_document(...))`` would give,
    about 15 times faster; ``None`` when only the line-keeping parser can say (or locate a problem)."""
    if _DOUBTFUL_TEXT.search(text):
        return None
    try:
        return to_plain_data(pyyaml.load(text, Loader=_FastLoader))  # noqa: S506 (a safe loader)
    except (_Doubtful, pyyaml.YAMLError, ValueError, RecursionError):
        return None


class LazyDocument:
    """A file's round-trip YAML document, parsed only when a line number is asked for.

    Files that are valid never need it: their data comes from the fast parser.
    """

    def __init__(self, path: Path, text: str):
        self.path, self._text, self._document = path, text, None

    @property
    def document(self):
        if self._document is None:
            self._document = load_yaml_document(self.path, self._text)
        return self._document


def to_plain_data(node):
    """Turn ruamel nodes into plain dicts and lists; YAML dates become ISO strings.

    >>> to_plain_data({"d": datetime.date(2025, 2, 5), "xs": [1, "a"]})
    {'d': '2025-02-05', 'xs': [1, 'a']}
    """
    if isinstance(node, dict):
        return {str(key): to_plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain_data(value) for value in node]
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    return node


def line_of(document, field_path) -> int | None:
    """1-based line of the deepest node on ``field_path`` that the YAML document locates."""
    if isinstance(document, LazyDocument):
        document = document.document
    line = None
    node = document
    for step in field_path:
        if isinstance(node, CommentedMap) and step in node:
            line = node.lc.key(step)[0] + 1
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line = node.lc.item(step)[0] + 1
        else:
            break
        node = node[step]
    if line is None and hasattr(document, "lc"):
        line = document.lc.line + 1
    return line


def format_field(field_path) -> str:
    """``['statements', 3, 'text']`` -> ``statements[3].text``.

    >>> format_field(["statements", 3, "text"])
    'statements[3].text'
    """
    text = ""
    for step in field_path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(top level)"


@cache
def load_schema(name: str) -> dict:
    """The JSON Schema ``data/schemas/<name>.schema.json``."""
    return json.loads((paths.SCHEMAS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def schema_validator(schema_name: str):
    """A validator for one of the schemas, built once per process."""
    validator_class = jsonschema.validators.validator_for(load_schema(schema_name))
    return validator_class(load_schema(schema_name), format_checker=validator_class.FORMAT_CHECKER)


def validate_document(path: Path, document, schema_name: str) -> dict:
    """Check a parsed document against its schema; return it as plain data or raise DataError."""
    data = to_plain_data(document)
    validator = schema_validator(schema_name)
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        # The most specific error is the most useful one to show first.
        error = jsonschema.exceptions.best_match(errors)
        field_path = list(error.absolute_path)
        message = _readable(error)
        if error.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            field_path = field_path + missing[:1]
            # A missing field next to an unexpected one is usually a misspelling: say both.
            message += "".join(
                f"; {_readable(other)}" for other in errors if other.validator == "additionalProperties" and other.absolute_path == error.absolute_path
            )
        raise DataError(path, message, line=line_of(document, list(error.absolute_path)), field=format_field(field_path))
    return data


def _readable(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"{error.message} (check the spelling of the field name)"
    if error.validator == "anyOf" and all(list(option) == ["required"] for option in error.validator_value):
        return "needs at least one of: " + ", ".join(option["required"][0] for option in error.validator_value)
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(repr, error.validator_value))}"
    return error.message


def load_validated(path: Path, schema_name: str) -> tuple[dict, object]:
    """Parse and schema-check one data file; return (plain data, document with line numbers).

    A valid file is read by the fast parser and its round-trip document is parsed only if a
    later check asks ``line_of`` for a line; anything else goes the slow way, so every error
    names the same file, line and field whichever parser read the data.
    """
    text = read_text_file(path)
    data = parse_yaml_fast(text)
    if data is None or not schema_validator(schema_name).is_valid(data):
        document = load_yaml_document(path, text)
        return validate_document(path, document, schema_name), document
    return data, LazyDocument(path, text)


# Texts on which a pattern that backtracks catastrophically shows itself at load time.
_TORTURE_TEXTS = ("a" * 3000 + "!", " " * 3000 + "!", "ab" * 1500 + "!", "-" * 3000 + "!", "aa " * 1000 + "!", "1" * 3000 + "!")
_TORTURE_TIMEOUT_S = 0.25


def compile_pattern(pattern: str, path: Path, document, field_path):
    """Compile a case-insensitive pattern or raise DataError pointing at it.

    Refused: patterns that do not compile, that match the empty string, or that take too long on
    long repetitive text (catastrophic backtracking; coding also has a time limit per statement).
    """
    import regex

    from helpers.data.patterns import compile_pattern_text

    def fail(message: str) -> DataError:
        return DataError(path, message, line=line_of(document, field_path), field=format_field(field_path))

    try:
        compiled = compile_pattern_text(pattern)
    except regex.error as error:
        raise fail(f"pattern {pattern!r} does not compile: {error}") from error
    if compiled.search("") is not None:
        raise fail(f"pattern {pattern!r} matches the empty string")
    try:
        for text in _TORTURE_TEXTS:
            compiled.search(text, timeout=_TORTURE_TIMEOUT_S)
    except TimeoutError:
        raise fail(f"pattern {pattern!r} backtracks catastrophically (over {_TORTURE_TIMEOUT_S} s on a long repetitive test text): rewrite it") from None
    return compiled


def _first_duplicate(values: list[str]) -> int | None:
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            return index
        seen.add(value)
    return None


def load_codebook(data_dir: Path) -> Codebook:
    """Load and check ``codebook.yaml``: schema, unique ids, patterns that compile."""
    path = paths.codebook_file(data_dir)
    data, document = load_validated(path, "codebook")
    duplicate = _first_duplicate([issue["id"] for issue in data["issues"]])
    if duplicate is not None:
        raise DataError(path, f"duplicate issue id {data['issues'][duplicate]['id']!r}", line=line_of(document, ["issues", duplicate, "id"]), field=f"issues[{duplicate}].id")
    issues = []
    for index, issue in enumerate(data["issues"]):
        for kind in ("patterns", "exclude_patterns"):
            for number, pattern in enumerate(issue.get(kind, [])):
                compile_pattern(pattern, path, document, ["issues", index, kind, number])
        issues.append(
            Issue(
                id=issue["id"],
                label=issue["label"],
                definition=issue["definition"],
                include=tuple(issue["include"]),
                exclude=tuple(issue["exclude"]),
                patterns=tuple(issue["patterns"]),
                exclude_patterns=tuple(issue.get("exclude_patterns", [])),
                example=issue["example"],
                sdg_targets=tuple(issue["sdg_targets"]),
                non_examples=tuple(issue.get("non_examples", [])),
            )
        )
    codebook = Codebook(version=data["codebook_version"], issues=tuple(issues), source_file=path)
    problems = check_codebook_examples(codebook)
    if problems:
        index = next(i for i, issue in enumerate(codebook.issues) if problems[0].startswith(f"issue {issue.id!r}"))
        raise DataError(path, problems[0], line=line_of(document, ["issues", index, "id"]), field=f"issues[{index}]")
    return codebook


def load_stakeholders(data_dir: Path) -> Stakeholders:
    """Load and check ``stakeholders.yaml``: schema, unique ids, complete scheme mappings."""
    path = paths.stakeholders_file(data_dir)
    data, document = load_validated(path, "stakeholders")
    group_ids = [group["id"] for group in data["groups"]]
    duplicate = _first_duplicate(group_ids)
    if duplicate is not None:
        raise DataError(path, f"duplicate group id {group_ids[duplicate]!r}", line=line_of(document, ["groups", duplicate, "id"]), field=f"groups[{duplicate}].id")
    for index, group in enumerate(data["groups"]):
        for number, pattern in enumerate(group["patterns"]):
            compile_pattern(pattern, path, document, ["groups", index, "patterns", number])
    schemes = {}
    for index, scheme in enumerate(data["schemes"]):
        scheme_group_ids = [g["id"] for g in scheme["groups"]]
        for fine_id in group_ids:
            if fine_id not in scheme["mapping"]:
                raise DataError(path, f"scheme {scheme['id']!r} does not map group {fine_id!r}", line=line_of(document, ["schemes", index, "mapping"]), field=f"schemes[{index}].mapping")
        for fine_id, coarse_id in scheme["mapping"].items():
            where = ["schemes", index, "mapping", fine_id]
            if fine_id not in group_ids:
                raise DataError(path, f"unknown group {fine_id!r}", line=line_of(document, where), field=format_field(where))
            if coarse_id not in scheme_group_ids:
                raise DataError(path, f"{coarse_id!r} is not a group of scheme {scheme['id']!r}", line=line_of(document, where), field=format_field(where))
        schemes[scheme["id"]] = GroupingScheme(
            id=scheme["id"],
            label=scheme["label"],
            description=scheme["description"],
            group_labels={g["id"]: g["label"] for g in scheme["groups"]},
            mapping=dict(scheme["mapping"]),
        )
    groups = tuple(
        StakeholderGroup(
            id=g["id"],
            label=g["label"],
            description=g["description"],
            patterns=tuple(g["patterns"]),
            organisations=tuple(g["organisations"]),
        )
        for g in data["groups"]
    )
    return Stakeholders(version=data["version"], groups=groups, schemes=schemes, source_file=path)


def _check_unique_names(path: Path, document, entries: list[dict], list_name: str, names_of) -> None:
    """Refuse a name or alias given twice in a reference list: it would be ambiguous which entry it means."""
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for name in names_of(entry):
            key = fold_whitespace(name).casefold()
            if seen.get(key, index) != index:
                where = [list_name, index]
                raise DataError(path, f"{name!r} is already a name of {list_name}[{seen[key]}]", line=line_of(document, where), field=format_field(where))
            seen[key] = index


def load_forums(data_dir: Path) -> tuple[Forum, ...]:
    """Load and check ``forums.yaml``: schema, and no alias shared by two forums."""
    path = paths.forums_file(data_dir)
    data, document = load_validated(path, "forums")
    _check_unique_names(path, document, data["forums"], "forums", lambda forum: [forum["name"], *forum["aliases"]])
    return tuple(Forum(name=f["name"], kind=f["kind"], aliases=tuple(f["aliases"])) for f in data["forums"])


def load_countries(data_dir: Path) -> tuple[Country, ...]:
    """Load and check ``countries.yaml``: schema, and no name or alias shared by two countries."""
    path = paths.countries_file(data_dir)
    data, document = load_validated(path, "countries")
    _check_unique_names(path, document, data["countries"], "countries", lambda country: [country["name"], *country.get("aliases", [])])
    return tuple(Country(name=c["name"], status=c["status"], aliases=tuple(c.get("aliases", []))) for c in data["countries"])


SESSION_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_session_id(session_id: str, where: Path) -> None:
    """Refuse ids that are not lowercase words joined by hyphens (no paths, spaces or dots).

    >>> check_session_id("ecosoc-pf-2025-sdg8", Path("."))
    """
    if not SESSION_ID.fullmatch(session_id or ""):
        raise DataError(where, f"{session_id!r} is not a valid session id: use lowercase letters and digits joined by single hyphens")


def list_session_ids(data_dir: Path) -> list[str]:
    """Ids of the sessions in a data folder, sorted."""
    return sorted(path.stem for path in paths.sessions_dir(data_dir).glob("*.yaml"))


def load_session(data_dir: Path, session_id: str, known_group_ids: list[str] | None = None, known_issue_ids: list[str] | None = None) -> Session:
    """Load one session and check it against its raw source and the known groups and issues."""
    check_session_id(session_id, paths.sessions_dir(data_dir))
    path = paths.session_file(data_dir, session_id)
    if session_id == paths.CORPUS_REPORT_NAME:
        raise DataError(path, f"the session id {session_id!r} is reserved for the corpus brief (reports/{session_id}/): rename the session")
    if not path.is_file():
        known = ", ".join(list_session_ids(data_dir)) or "none"
        raise DataError(path, f"no session {session_id!r} in {data_dir} (known: {known})")
    data, document = load_validated(path, "session")

    def fail(message, field_path):
        raise DataError(path, message, line=line_of(document, field_path), field=format_field(field_path))

    if data["id"] != session_id:
        fail(f"id {data['id']!r} does not match the file name {path.name!r}", ["id"])
    raw_file = data_dir / data["source"]["raw_file"]
    if not raw_file.is_file():
        fail(f"raw source {raw_file} does not exist", ["source", "raw_file"])
    actual_sha256 = sha256_of_file(raw_file)
    if actual_sha256 != data["source"]["sha256"]:
        fail(f"raw source {raw_file.name} has sha256 {actual_sha256}, not the recorded one: the raw file was edited or replaced", ["source", "sha256"])
    text_file = None
    if "text_file" in data["source"]:
        text_file = data_dir / data["source"]["text_file"]
        if not text_file.is_file():
            fail(f"extracted text {text_file} does not exist: re-ingest the raw file to make it", ["source", "text_file"])
        text_sha256 = sha256_of_file(text_file)
        if text_sha256 != data["source"]["text_sha256"]:
            fail(f"extracted text {text_file.name} has sha256 {text_sha256}, not the recorded one: the file was edited or replaced", ["source", "text_sha256"])
    quoted_file = text_file or raw_file
    # Wrapped lines and CRLF in the source may be folded into single spaces in a statement's
    # text; every other character must be the source's own.
    raw_text = fold_whitespace(read_text_file(quoted_file))

    section_numbers = [s["number"] for s in data["sections"]]
    duplicate = _first_duplicate(section_numbers)
    if duplicate is not None:
        fail(f"duplicate section number {section_numbers[duplicate]}", ["sections", duplicate, "number"])
    participant_labels = {p["name"] or p["organisation"] for p in data["participants"]}
    statement_ids = [s["id"] for s in data["statements"]]
    duplicate = _first_duplicate(statement_ids)
    if duplicate is not None:
        fail(f"duplicate statement id {statement_ids[duplicate]!r}", ["statements", duplicate, "id"])
    for index, statement in enumerate(data["statements"]):
        if statement["section"] not in section_numbers:
            fail(f"section {statement['section']} is not listed under sections", ["statements", index, "section"])
        if fold_whitespace(statement["text"]) not in raw_text:
            fail(f"text not found in the raw source {quoted_file.name}: statements must quote it exactly", ["statements", index, "text"])
        if "speaker" in statement and statement["speaker"] not in participant_labels:
            fail(f"speaker {statement['speaker']!r} is not a listed participant (name, or organisation of an unnamed one)", ["statements", index, "speaker"])
    for index, override in enumerate(data.get("overrides", [])):
        if override["statement"] not in statement_ids:
            fail(f"unknown statement {override['statement']!r}", ["overrides", index, "statement"])

    session = Session(
        id=data["id"],
        title=data["title"],
        forum=data["forum"],
        sdgs=tuple(data["sdgs"]),
        date=data["date"]["value"],
        is_date_inferred=data["date"]["is_inferred"],
        date_inferred_reason=data["date"].get("inferred_reason"),
        raw_file=raw_file,
        raw_sha256=actual_sha256,
        publisher=data["source"]["publisher"],
        licence=data["source"]["licence"],
        sections=tuple(Section(number=s["number"], title=s["title"]) for s in data["sections"]),
        participants=tuple(
            Participant(
                name=p["name"], title=p["title"], organisation=p["organisation"], role=p["role"], group=p["group"], honorific=p.get("honorific"), group_reason=p.get("group_reason")
            )
            for p in data["participants"]
        ),
        statements=tuple(
            Statement(
                id=s["id"], section=s["section"], text=s["text"], speaker_group=s.get("speaker_group"), session_id=data["id"], speaker=s.get("speaker"), is_question=s.get("is_question", False)
            )
            for s in data["statements"]
        ),
        source_file=path,
        text_file=text_file,
        text_sha256=data["source"].get("text_sha256"),
        symbol=data.get("symbol"),
        document_kind=data.get("document_kind"),
        url=data["source"].get("url"),
        date_stated_as=data["date"].get("stated_as"),
        overrides=tuple(
            Override(
                statement_id=o["statement"],
                add_issues=tuple(o.get("add_issues", [])),
                remove_issues=tuple(o.get("remove_issues", [])),
                add_groups=tuple(o.get("add_groups", [])),
                remove_groups=tuple(o.get("remove_groups", [])),
                reason=o["reason"],
                by=o.get("by"),
            )
            for o in data.get("overrides", [])
        ),
    )
    problem = find_unknown_reference(session, known_group_ids, known_issue_ids)
    if problem:
        fail(*problem)
    return session


def find_unknown_reference(session: Session, known_group_ids: list[str] | None, known_issue_ids: list[str] | None) -> tuple[str, list] | None:
    """The first group or issue a session names that the stakeholder data or codebook does not
    know, as (message, field path); None when all are known (or not checked)."""
    allowed_groups = None if known_group_ids is None else set(known_group_ids) | {UNKNOWN_GROUP}
    if allowed_groups is not None:
        for index, participant in enumerate(session.participants):
            if participant.group not in allowed_groups:
                return f"unknown group {participant.group!r}", ["participants", index, "group"]
        for index, statement in enumerate(session.statements):
            if statement.speaker_group is not None and statement.speaker_group not in allowed_groups:
                return f"unknown group {statement.speaker_group!r}", ["statements", index, "speaker_group"]
    for index, override in enumerate(session.overrides):
        for kind, known in (("add_issues", known_issue_ids), ("remove_issues", known_issue_ids), ("add_groups", known_group_ids), ("remove_groups", known_group_ids)):
            for number, value in enumerate(getattr(override, kind)):
                if known is not None and value not in known:
                    return f"unknown {'issue' if 'issue' in kind else 'group'} {value!r}", ["overrides", index, kind, number]
    return None


def load_inputs(data_dir: str | Path | None, session_id: str) -> tuple[Session, Codebook, Stakeholders]:
    """Everything a session brief needs, cross-checked: the session, the codebook, the groups."""
    data_dir = paths.resolve_data_dir(data_dir)
    stakeholders = load_stakeholders(data_dir)
    codebook = load_codebook(data_dir)
    session = load_session(data_dir, session_id, known_group_ids=stakeholders.group_ids, known_issue_ids=[i.id for i in codebook.issues])
    return session, codebook, stakeholders
