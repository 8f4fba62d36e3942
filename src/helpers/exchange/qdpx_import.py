"""A person's coding back from a QDA tool: a REFI-QDA project (.qdpx) as a gold coding or as overrides.

Sources are matched to our sessions by the guid of our export, then by name, then by identical
text; selections to statements by position (a selection that overlaps a statement codes that
statement with its codes); codes by guid, then by name (label or id). Whatever does not match
is listed in the report and skipped, never guessed. Every file is checked before anything is
written, and then all are written at once.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from helpers.analysis.coding import code_session
from helpers.analysis.quality import AUTOMATED, HUMAN, check_gold_document, gold_file
from helpers.data import paths
from helpers.data.errors import DataError
from helpers.data.files import write_files_atomically
from helpers.data.loading import list_session_ids, load_codebook, load_session, load_stakeholders, read_text_file, validate_document
from helpers.data.model import Codebook, Session
from helpers.data.text import fold_whitespace
from helpers.exchange.codebook import code_guid
from helpers.exchange.positions import StatementSpan, locate_statements, map_positions_between
from helpers.exchange.qdpx import source_guid
from helpers.exchange.qdpx_archive import ProjectArchive, parse_project_xml, project_tag as _tag

CODER_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_LISTED = 30  # unmatched items listed one by one; the rest are counted


@dataclass(frozen=True)
class Selection:
    """A coded stretch of a text source: positions as the project gives them, and (code guid, user guid, date) per coding."""

    name: str
    start: int
    end: int
    codings: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class TextSource:
    guid: str
    name: str
    text: str | None  # None when the text is not in the archive
    why_no_text: str
    selections: tuple[Selection, ...]
    n_whole_source_codings: int


@dataclass
class Project:
    """What a project.qde says, reduced to what an import needs."""

    origin: str
    date: str | None
    users: dict[str, str]  # guid -> name
    codes: dict[str, str]  # guid -> name
    text_sources: list[TextSource]
    other_sources: list[tuple[str, str]]  # (element, name)


def _attribute(element, name: str, where: str, required: bool = True) -> str | None:
    value = element.get(name)
    if value is None and required:
        raise DataError(where, f"{element.tag.split('}')[1]} has no {name}", line=element.sourceline, field=f"{element.tag.split('}')[1]}.{name}")
    return value


def _position(element, name: str, where: str) -> int:
    value = _attribute(element, name, where)
    try:
        return int(value)
    except ValueError:
        raise DataError(where, f"{value!r} is not a whole number", line=element.sourceline, field=f"PlainTextSelection.{name}") from None


def read_project(archive: ProjectArchive) -> Project:
    """Parse project.qde and read the plain text of every text source from the archive."""
    name = archive.find_project_file()
    root = parse_project_xml(archive, name)
    where = f"{archive.path}/{name}"
    users = {_attribute(u, "guid", where): u.get("name") or _attribute(u, "guid", where) for u in root.iterfind(f"{_tag('Users')}/{_tag('User')}")}
    codes = {_attribute(c, "guid", where): _attribute(c, "name", where) for c in root.iterfind(f"{_tag('CodeBook')}//{_tag('Code')}")}
    text_sources, other_sources = [], []
    for source in root.iterfind(f"{_tag('Sources')}/*"):
        kind = source.tag.split("}")[1]
        if kind != "TextSource":
            other_sources.append((kind, source.get("name") or source.get("guid") or "?"))
            continue
        text, why = None, ""
        inline = source.find(_tag("PlainTextContent"))
        path = source.get("plainTextPath")
        if inline is not None:
            text = inline.text or ""
        elif path is None:
            why = "no plain text (neither plainTextPath nor PlainTextContent)"
        elif path.startswith("internal://"):
            member = archive.find_source(path[len("internal://") :])
            if member is None:
                raise DataError(where, f"source text {path} is not in the archive", line=source.sourceline, field="TextSource.plainTextPath")
            text = archive.read_text(member)
        else:
            why = f"its text is outside the archive ({path}), which is never read"
        selections = []
        for selection in source.iterfind(_tag("PlainTextSelection")):
            codings = tuple(
                (_attribute(coding.find(_tag("CodeRef")), "targetGUID", where) if coding.find(_tag("CodeRef")) is not None else "", coding.get("creatingUser") or selection.get("creatingUser") or "", coding.get("creationDateTime") or "")
                for coding in selection.iterfind(_tag("Coding"))
            )
            selections.append(Selection(selection.get("name") or "", _position(selection, "startPosition", where), _position(selection, "endPosition", where), codings))
        text_sources.append(
            TextSource(_attribute(source, "guid", where), source.get("name") or "", text, why, tuple(selections), len(source.findall(_tag("Coding"))))
        )
    date = (root.get("modifiedDateTime") or root.get("creationDateTime") or "")[:10] or None
    return Project(origin=root.get("origin") or "a QDA tool", date=date, users=users, codes=codes, text_sources=text_sources, other_sources=other_sources)


@dataclass
class SessionCoding:
    """One session's codes as the coder gave them, and how its source was recognised."""

    session: Session
    source_name: str
    matched_by: str
    issues: dict[str, set[str]]
    n_codings: int = 0
    dates: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    project: Project
    sessions: dict[str, SessionCoding]
    unmatched: list[str]  # sources, selections and codings, one line each
    unmatched_codes: list[str]  # names of the project's codes that match none of ours
    codes_matched_by_name: list[tuple[str, str]]  # (the project's code name, our issue id)


class _SessionIndex:
    """Our sessions, matched to a project's sources by guid or name from their ids alone; a session's file, source
    text and statement spans are read only once it is a candidate (a folder may hold a thousand sessions)."""

    def __init__(self, data_dir: Path, session_ids: list[str], codebook: Codebook, stakeholders):
        self.data_dir, self.session_ids, self.codebook, self.stakeholders = data_dir, session_ids, codebook, stakeholders
        self.sessions = {}
        self.texts = {}
        self.spans: dict[str, list[StatementSpan]] = {}

    def _load(self, session_id: str) -> None:
        if session_id not in self.sessions:
            session = load_session(self.data_dir, session_id, known_group_ids=self.stakeholders.group_ids, known_issue_ids=[i.id for i in self.codebook.issues])
            self.sessions[session_id] = session
            self.texts[session_id] = read_text_file(session.source_text_file)
            self.spans[session_id] = locate_statements(self.texts[session_id], session.statements, session.source_text_file)

    def _has_text(self, session_id: str, text: str) -> bool:
        self._load(session_id)
        return map_positions_between(text, self.texts[session_id]) is not None

    def match(self, source: TextSource) -> tuple[str | None, str]:
        """(session id, how) for a source of ours, or (None, why not); the session is loaded when it matches."""
        guid = source.guid.strip("{}").lower()
        ways = (
            ("guid", lambda: [s for s in self.session_ids if source_guid(s) == guid]),
            # Our sources are named "id: title" (see source_name), or by the id alone.
            ("name", lambda: [s for s in self.session_ids if source.name == s or source.name.startswith(f"{s}:")]),
            ("identical text", lambda: [s for s in self.session_ids if source.text is not None and self._has_text(s, source.text.lstrip("\ufeff"))]),
        )
        for how, candidates_of in ways:
            candidates = candidates_of()
            if len(candidates) == 1:
                self._load(candidates[0])
                return candidates[0], how
        return None, "not one of our sessions (no source guid, name or text matches)"


def match_codes(project: Project, codebook: Codebook) -> dict[str, str]:
    """Project code guid -> issue id: by our guid, else by name (an issue's label or id, ignoring case and spacing)."""
    by_guid = {code_guid(issue.id): issue.id for issue in codebook.issues}
    by_name = {}
    for issue in codebook.issues:
        for name in (issue.label, issue.id):
            by_name[fold_whitespace(name).casefold()] = issue.id
    matched = {}
    for guid, name in project.codes.items():
        issue_id = by_guid.get(guid.strip("{}").lower()) or by_name.get(fold_whitespace(name).casefold())
        if issue_id:
            matched[guid] = issue_id
    return matched


def _user_filter(project: Project, user: str | None, path: Path) -> set[str] | None:
    if user is None:
        return None
    guids = {guid for guid, name in project.users.items() if user in (guid, name)}
    if not guids:
        raise DataError(path, f"no user {user!r} in the project (users: {', '.join(sorted(project.users.values())) or 'none'})")
    return guids


def collect_codings(path: Path, data_dir: Path, codebook: Codebook, stakeholders, session_id: str | None = None, user: str | None = None) -> ImportResult:
    """Read a .qdpx and turn its codings into statement codes per session, listing what does not match."""
    archive = ProjectArchive.open(path)
    project = read_project(archive)
    wanted = _user_filter(project, user, path)
    index = _SessionIndex(data_dir, [session_id] if session_id else list_session_ids(data_dir), codebook, stakeholders)
    code_issues = match_codes(project, codebook)
    unmatched: list[str] = []
    unmatched_codes = [name for guid, name in project.codes.items() if guid not in code_issues]
    for kind, name in project.other_sources:
        unmatched.append(f"source {name!r}: a {kind}, not a text source; only text sources are coded here")
    sessions: dict[str, SessionCoding] = {}
    for source in project.text_sources:
        if source.text is None:
            unmatched.append(f"source {source.name!r}: {source.why_no_text}")
            continue
        matched_id, how = index.match(source)
        if matched_id is None:
            n_codings = sum(len(s.codings) for s in source.selections)
            unmatched.append(f"source {source.name!r}: {how}; its {len(source.selections)} selection(s) with {n_codings} coding(s) skipped")
            continue
        if matched_id in sessions:
            unmatched.append(f"source {source.name!r}: session {matched_id} was already read from another source of this project; skipped")
            continue
        positions = map_positions_between(source.text.lstrip("\ufeff"), index.texts[matched_id])
        if positions is None:
            unmatched.append(f"source {source.name!r} (matched to {matched_id} by {how}): its text differs from the session's source text, so its selections cannot be placed; skipped")
            continue
        shift = len(source.text) - len(source.text.lstrip("\ufeff"))
        coding = SessionCoding(index.sessions[matched_id], source.name, how, {s.id: set() for s in index.sessions[matched_id].statements})
        sessions[matched_id] = coding
        if source.n_whole_source_codings:
            unmatched.append(f"source {source.name!r}: {source.n_whole_source_codings} coding(s) of the whole source, not of a selection; skipped")
        for selection in source.selections:
            codings = [c for c in selection.codings if wanted is None or c[1] in wanted]
            if not codings:
                continue  # a selection that codes nothing (a case's reference, another user's work) brings nothing
            label = f"selection {selection.name or ''} {selection.start}-{selection.end} in {matched_id}".replace("  ", " ")
            start, end = selection.start - shift, selection.end - shift
            if not 0 <= start < end <= len(positions) - 1:
                unmatched.append(f"{label}: outside the source text (0-{len(positions) - 1}); skipped")
                continue
            our_start, our_end = positions[start], positions[end]
            statements = [span.statement.id for span in index.spans[matched_id] if span.overlaps(our_start, our_end)]
            if not statements:
                quoted = fold_whitespace(index.texts[matched_id][our_start:our_end])[:60]
                unmatched.append(f"{label} ({quoted!r}): outside every statement; skipped")
                continue
            for code, _, created in codings:
                if code not in code_issues:
                    if code not in project.codes:
                        unmatched.append(f"{label}: coding with code {code!r}, which the project's codebook does not define; skipped")
                    continue
                for statement_id in statements:
                    coding.issues[statement_id].add(code_issues[code])
                coding.n_codings += 1
                if created:
                    coding.dates.append(created[:10])
    by_name = [(name, code_issues[guid]) for guid, name in project.codes.items() if guid in code_issues and code_guid(code_issues[guid]) != guid.strip("{}").lower()]
    return ImportResult(project=project, sessions=sessions, unmatched=unmatched, unmatched_codes=unmatched_codes, codes_matched_by_name=by_name)


# ----------------------------------------------------------------------------- writing


class _Representer(RoundTripRepresenter):
    """Writes None as ``null``, as the session and gold files do."""


_Representer.add_representer(type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Representer = _Representer
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(document) -> str:
    stream = io.StringIO()
    _yaml().dump(document, stream)
    return stream.getvalue()


def _flow(values) -> CommentedSeq:
    sequence = CommentedSeq(values)
    sequence.fa.set_flow_style()
    return sequence


def gold_coding_entry(coding: SessionCoding, coder: str, description: str, coded_on: str, method: str, codebook: Codebook) -> CommentedMap:
    """The coder's coding of one session as a gold-file entry (kind human; issues only, in codebook order)."""
    order = [i.id for i in codebook.issues]
    entry = CommentedMap(coder=coder, kind=HUMAN, description=description, coded_on=DoubleQuotedScalarString(coded_on), method=method)
    statements = CommentedSeq()
    for statement in coding.session.statements:
        statements.append(CommentedMap(id=statement.id, issues=_flow([i for i in order if i in coding.issues[statement.id]])))
    entry["statements"] = statements
    return entry


def add_to_gold(data_dir: Path, coding: SessionCoding, entry: CommentedMap, codebook: Codebook, stakeholders, replace: bool) -> tuple[Path, str, str]:
    """The gold file with the new coding in it: (path, new text, what changed). A human becomes the reference if none is."""
    path = gold_file(data_dir, coding.session.id)
    coder = entry["coder"]
    if path.is_file():
        document = _yaml().load(read_text_file(path))
        check_gold_document(path, document, coding.session, codebook, stakeholders)
        codings = document["codings"]
        existing = [index for index, c in enumerate(codings) if c["coder"] == coder]
        if existing and not replace:
            raise DataError(path, f"coder {coder!r} already has a coding here: use --replace to replace it, or another --coder")
        note = f"replaced {coder}'s coding" if existing else f"added {coder}"
        if existing:
            codings[existing[0]] = entry
        else:
            codings.append(entry)
        reference = next(c for c in codings if c["coder"] == document["reference"])
        if reference.get("kind") != HUMAN:
            note += f"; the reference coding is now {coder} (human), it was {document['reference']} ({reference.get('kind', AUTOMATED)})"
            document["reference"] = coder
    else:
        document = CommentedMap(session=coding.session.id, codebook_version=codebook.version, reference=coder, codings=CommentedSeq([entry]))
        document.yaml_set_start_comment(f"Gold-standard coding of session {coding.session.id}, imported from a REFI-QDA project (briefs import-qdpx).")
        note = f"new gold file; {coder} (human) is the reference coding"
    text = _dump(document)
    check_gold_document(path, _yaml().load(text), coding.session, codebook, stakeholders)
    return path, text, note


def add_overrides(data_dir: Path, coding: SessionCoding, coder: str, reason: str, codebook: Codebook, stakeholders) -> tuple[Path, str | None, list[str]]:
    """The session file with one override per position the coder coded differently from the current coding (rules and overrides)."""
    session = coding.session
    order = [i.id for i in codebook.issues]
    current = {c.statement.id: set(c.issue_ids) for c in code_session(session, codebook, stakeholders)}
    changes, lines = [], []
    for statement in session.statements:
        theirs = coding.issues[statement.id]
        if statement.is_question:
            if theirs:
                lines.append(f"{statement.id}: a guiding question, which is never coded; the coder's codes there are skipped")
            continue
        added = [i for i in order if i in theirs - current[statement.id]]
        removed = [i for i in order if i in current[statement.id] - theirs]
        if added or removed:
            override = CommentedMap(statement=statement.id)
            if added:
                override["add_issues"] = _flow(added)
            if removed:
                override["remove_issues"] = _flow(removed)
            override["reason"] = reason
            override["by"] = coder
            changes.append(override)
            lines.append(f"{statement.id}: add {', '.join(added) or '-'}; remove {', '.join(removed) or '-'}")
    if not changes:
        return session.source_file, None, lines
    document = _yaml().load(read_text_file(session.source_file))
    if "overrides" not in document:
        document["overrides"] = CommentedSeq()
    document["overrides"].extend(changes)
    text = _dump(document)
    validate_document(session.source_file, _yaml().load(text), "session")
    return session.source_file, text, lines


def import_qdpx(path: Path, data_dir: Path, coder: str, target: str = "gold", session_id: str | None = None, description: str | None = None,
                user: str | None = None, replace: bool = False, coded_on: str | None = None) -> str:
    """Import a .qdpx as the coder's gold coding or as overrides; return the report. Raises DataError before writing anything."""
    if not CODER_ID.fullmatch(coder or ""):
        raise DataError(path, f"--coder {coder!r} is not an id: use lowercase letters, digits and _ (e.g. maria_perez); put the full name in --description")
    data_dir = paths.resolve_data_dir(data_dir)
    stakeholders = load_stakeholders(data_dir)
    codebook = load_codebook(data_dir)
    result = collect_codings(path, data_dir, codebook, stakeholders, session_id=session_id, user=user)
    project = result.project
    n_selections = sum(len(s.selections) for s in project.text_sources)
    lines = [
        f"{path}: REFI-QDA project from {project.origin}: {len(project.users)} user(s), {len(project.codes)} code(s), "
        f"{len(project.text_sources) + len(project.other_sources)} source(s), {n_selections} selection(s) with "
        f"{sum(len(sel.codings) for s in project.text_sources for sel in s.selections)} coding(s)"
    ]
    if result.codes_matched_by_name:
        lines.append("codes matched by name, not by guid: " + ", ".join(f"{name!r} -> {issue_id}" for name, issue_id in result.codes_matched_by_name))
    if session_id and session_id not in result.sessions:
        raise DataError(path, f"session {session_id!r} is not in this project; nothing written")
    files: dict[Path, bytes] = {}
    for matched_id, coding in sorted(result.sessions.items()):
        n_coded = sum(bool(v) for v in coding.issues.values())
        lines.append(
            f"session {matched_id} (source {coding.source_name!r}, matched by {coding.matched_by}): {coding.n_codings} coding(s) "
            f"give {sum(len(v) for v in coding.issues.values())} statement code(s) on {n_coded} of {len(coding.issues)} statements"
        )
        if target == "gold":
            method = (
                f"Coded in {project.origin}; imported from {path.name} with briefs import-qdpx: a selection overlapping a statement codes that "
                "statement; codes matched by guid, then by name. Issues only (no groups)."
            )
            day = coded_on or max(coding.dates, default=None) or project.date or datetime.date.today().isoformat()
            entry = gold_coding_entry(coding, coder, description or f"{coder}, human coder (coding imported from {path.name})", day, method, codebook)
            gold_path, text, note = add_to_gold(data_dir, coding, entry, codebook, stakeholders, replace)
            files[gold_path] = text.encode("utf-8")
            lines.append(f"  {gold_path}: {note}")
        else:
            reason = f"coded differently by {coder} in {project.origin} ({path.name})"
            session_path, text, changes = add_overrides(data_dir, coding, coder, reason, codebook, stakeholders)
            lines += [f"  {change}" for change in changes]
            if text is None:
                lines.append(f"  {session_path}: no difference from the current coding, nothing to record")
            else:
                files[session_path] = text.encode("utf-8")
                lines.append(f"  {session_path}: overrides by {coder} recorded")
    if result.unmatched or result.unmatched_codes:
        lines.append(f"not matched, skipped ({len(result.unmatched)} source, selection or coding item(s); {len(result.unmatched_codes)} code(s)):")
        lines += [f"  {item}" for item in result.unmatched[:MAX_LISTED]]
        if len(result.unmatched) > MAX_LISTED:
            lines.append(f"  ... and {len(result.unmatched) - MAX_LISTED} more")
        if result.unmatched_codes:
            names = ", ".join(repr(name) for name in result.unmatched_codes[:MAX_LISTED])
            more = f" and {len(result.unmatched_codes) - MAX_LISTED} more" if len(result.unmatched_codes) > MAX_LISTED else ""
            lines.append(f"  {len(result.unmatched_codes)} code(s) with no guid or name of codebook {codebook.version}: {names}{more}")
    if not result.sessions:
        lines.append("nothing written: no source of this project is one of our sessions")
    elif not files:
        lines.append("nothing written")
    write_files_atomically(files)
    return "\n".join(lines)
