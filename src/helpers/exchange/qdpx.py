"""Sessions as a REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder open.

A .qdpx is a zip archive: ``project.qde`` (XML in namespace ``urn:QDA-XML:project:1.0``, which
REFI-QDA project files keep across versions of the standard) and ``sources/<guid>.txt``,
one UTF-8 plain-text source per session: exactly the text its statements quote. Selections
count Unicode code points of that text, end exclusive. Codes carry the guids of the ``.qdc``
export; users, cases, sources, selections and codings get uuid5 guids from what they stand
for, so the same inputs give the same bytes and a re-export is recognised on import.
"""

import io
import uuid
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass

from helpers.analysis.coding import CodedStatement, code_session
from helpers.data.loading import read_text_file
from helpers.data.model import Codebook, Participant, Session, Stakeholders
from helpers.data.text import fold_whitespace
from helpers.exchange.codebook import GUID_NAMESPACE, append_codes, code_guid, list_sdg_target_sets
from helpers.exchange.positions import StatementSpan, locate_statements
from helpers.exchange.qdpx_archive import PROJECT_NAMESPACE, project_tag as _tag

PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
EARLIEST_ZIP_DATE = "1980-01-01"  # zip entry dates cannot be earlier
UNNAMED_ANALYST = "analyst (override without a name)"
# (variable key, variable name, description) of the case variables.
CASE_VARIABLES = (
    ("group", "Stakeholder group", "The stakeholder group of the participant (voice lens), or of the group case itself"),
    ("role", "Role", "speaker, moderator, organiser or contributor, as the session records list it"),
    ("organisation", "Organisation", "The organisation the participant speaks for, as written"),
)


def make_guid(kind: str, key: str) -> str:
    """A guid that stands for one thing (a session's source, a user, a case) and never changes.

    >>> make_guid("source", "a") == make_guid("source", "a") != make_guid("source", "b")
    True
    """
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def source_guid(session_id: str) -> str:
    """Guid of a session's text source; import recognises our sources by it."""
    return make_guid("source", session_id)


def source_name(session: Session) -> str:
    """How the source is named in the QDA tool: session id, then title."""
    return f"{session.id}: {session.title}"


def rules_user_name(codebook: Codebook) -> str:
    return f"rules (codebook {codebook.version})"


def _sub(parent: ElementTree.Element, name: str, attributes: dict | None = None, text: str | None = None) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, _tag(name), attributes or {})
    if text is not None:
        element.text = text
    return element


def export_timestamp(sessions: list[Session]) -> str:
    """The one timestamp of an export, from the data: the latest session date (else 1980-01-01), midnight UTC.

    Wall-clock time would make every export differ; tools need some date on each coding.
    """
    dates = [s.date for s in sessions if s.date]
    return f"{max(dates) if dates else EARLIEST_ZIP_DATE}T00:00:00Z"


@dataclass
class SessionExport:
    """One session ready to write: its source text, located statements and final coding."""

    session: Session
    text: str
    spans: dict[str, StatementSpan]
    coded: list[CodedStatement]


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, for the command's report."""

    n_sessions: int
    n_codes: int
    n_selections: int
    n_codings_by_user: dict[str, int]
    n_cases: int


def prepare_session(session: Session, codebook: Codebook, stakeholders: Stakeholders, is_blind: bool = False) -> SessionExport:
    """Read the session's source text and locate every statement in it; code it unless the export is blind (no codings)."""
    text = read_text_file(session.source_text_file)
    spans = {span.statement.id: span for span in locate_statements(text, session.statements, session.source_text_file)}
    return SessionExport(session=session, text=text, spans=spans, coded=[] if is_blind else code_session(session, codebook, stakeholders))


def _override_author(session: Session, statement_id: str, issue_id: str) -> str:
    for override in session.overrides:
        if override.statement_id == statement_id and issue_id in override.add_issues:
            return override.by or UNNAMED_ANALYST
    return UNNAMED_ANALYST


def collect_codings(export: SessionExport, rules_user: str) -> dict[tuple[int, int], list[tuple[str, str, str]]]:
    """Source span -> [(issue id, user name, statement id)]: rules' codes over their evidence, analysts' additions over the statement."""
    by_span: dict[tuple[int, int], list[tuple[str, str, str]]] = {}
    for coded in export.coded:
        span = export.spans[coded.statement.id]
        for code in coded.issues:
            if code.is_override:
                user = _override_author(export.session, coded.statement.id, code.issue_id)
                by_span.setdefault((span.start, span.end), []).append((code.issue_id, user, coded.statement.id))
            for evidence in code.evidence:
                by_span.setdefault(span.source_range(evidence.start, evidence.end), []).append((code.issue_id, rules_user, coded.statement.id))
    return by_span


def _participant_key(participant: Participant) -> str:
    return f"{participant.name or ''}|{participant.organisation or ''}"


def build_project(exports: list[SessionExport], codebook: Codebook, stakeholders: Stakeholders, is_blind: bool = False) -> tuple[bytes, ExportSummary]:
    """The ``project.qde`` XML bytes and a summary of what they hold; ``is_blind`` leaves every coding out."""
    ElementTree.register_namespace("", PROJECT_NAMESPACE)
    timestamp = export_timestamp([e.session for e in exports])
    rules_user = rules_user_name(codebook)
    codings_by_session = {e.session.id: {} if is_blind else collect_codings(e, rules_user) for e in exports}
    user_names = sorted({user for spans in codings_by_session.values() for codes in spans.values() for _, user, _ in codes} | {rules_user})
    user_guids = {name: make_guid("user", name) for name in user_names}
    root = ElementTree.Element(
        _tag("Project"),
        {"name": f"session briefs: {', '.join(e.session.id for e in exports)}", "origin": f"session-briefs, codebook {codebook.version}",
         "creatingUserGUID": user_guids[rules_user], "creationDateTime": timestamp},
    )
    users = _sub(root, "Users")
    for name in user_names:
        _sub(users, "User", {"guid": user_guids[name], "name": name})
    append_codes(_sub(root, "CodeBook"), codebook, PROJECT_NAMESPACE)
    variables = _sub(root, "Variables")
    for key, name, description in CASE_VARIABLES:
        _sub(_sub(variables, "Variable", {"guid": make_guid("variable", key), "name": name, "typeOfVariable": "Text"}), "Description", text=description)

    # Statements a case points at (attributed to a speaker or a speaker's group) become selections too.
    case_selections: dict[str, list[str]] = {}
    statement_selections: dict[str, set[tuple[int, int]]] = {}
    group_labels = {g.id: g.label for g in stakeholders.groups}
    for export in exports:
        for statement in export.session.statements:
            span = export.spans[statement.id]
            for case in ([f"group:{statement.speaker_group}"] if statement.speaker_group in group_labels else []) + (
                [f"participant:{_participant_key(p)}" for p in export.session.participants if statement.speaker and p.label == statement.speaker][:1]
            ):
                case_selections.setdefault(case, []).append(make_guid("selection", f"{export.session.id}:{span.start}:{span.end}"))
                statement_selections.setdefault(export.session.id, set()).add((span.start, span.end))
    n_cases = _append_cases(root, exports, stakeholders, case_selections)

    sources = _sub(root, "Sources")
    n_selections = 0
    n_codings_by_user = dict.fromkeys(user_names, 0)
    issue_order = {issue.id: index for index, issue in enumerate(codebook.issues)}
    for export in exports:
        session = export.session
        source = _sub(
            sources,
            "TextSource",
            {"guid": source_guid(session.id), "name": source_name(session), "plainTextPath": f"internal://{source_guid(session.id)}.txt",
             "creatingUser": user_guids[rules_user], "creationDateTime": timestamp},
        )
        _sub(source, "Description", text=describe_source(session, codebook))
        by_span = codings_by_session[session.id]
        for start, end in sorted(set(by_span) | statement_selections.get(session.id, set())):
            codes = sorted(by_span.get((start, end), []), key=lambda code: (issue_order[code[0]], code[1]))
            owner = codes[0][1] if codes else rules_user
            statement_id = codes[0][2] if codes else next(s for s, span in export.spans.items() if (span.start, span.end) == (start, end))
            selection = _sub(
                source,
                "PlainTextSelection",
                {"guid": make_guid("selection", f"{session.id}:{start}:{end}"), "name": f"{statement_id}: {fold_whitespace(export.text[start:end])[:80]}",
                 "startPosition": str(start), "endPosition": str(end), "creatingUser": user_guids[owner], "creationDateTime": timestamp},
            )
            n_selections += 1
            for issue_id, user in dict.fromkeys((issue_id, user) for issue_id, user, _ in codes):
                coding = _sub(
                    selection,
                    "Coding",
                    {"guid": make_guid("coding", f"{session.id}:{start}:{end}:{issue_id}:{user}"), "creatingUser": user_guids[user], "creationDateTime": timestamp},
                )
                _sub(coding, "CodeRef", {"targetGUID": code_guid(issue_id)})
                n_codings_by_user[user] += 1
    _append_sets(root, exports, codebook)
    _sub(root, "Description", text=describe_project(exports, codebook, rules_user))
    ElementTree.indent(root)
    xml = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    return xml, ExportSummary(len(exports), len(codebook.issues), n_selections, n_codings_by_user, n_cases)


def _append_cases(root: ElementTree.Element, exports: list[SessionExport], stakeholders: Stakeholders, case_selections: dict[str, list[str]]) -> int:
    """Cases for the stakeholder groups that took part and for each participant, with their variables and sessions."""
    group_labels = {g.id: g.label for g in stakeholders.groups}
    group_sessions: dict[str, set[str]] = {}
    participants: dict[str, list[tuple[Participant, str]]] = {}
    for export in exports:
        for participant in export.session.participants:
            participants.setdefault(_participant_key(participant), []).append((participant, export.session.id))
            if participant.group in group_labels:
                group_sessions.setdefault(participant.group, set()).add(export.session.id)
        for statement in export.session.statements:
            if statement.speaker_group in group_labels:
                group_sessions.setdefault(statement.speaker_group, set()).add(export.session.id)
    rows = []  # (sort key, guid, name, description, variables, session ids, selection guids)
    for position, group in enumerate(stakeholders.groups):
        if group.id in group_sessions:
            key = f"group:{group.id}"
            rows.append(((0, position, ""), make_guid("case", key), group.label, group.description, {"group": group.label}, group_sessions[group.id], case_selections.get(key, [])))
    for participant_key, appearances in participants.items():
        first = appearances[0][0]
        key = f"participant:{participant_key}"
        variables = {
            "group": group_labels.get(first.group, first.group),
            "role": ", ".join(sorted({p.role for p, _ in appearances})),
        }
        if first.organisation:
            variables["organisation"] = first.organisation
        description = "; ".join(dict.fromkeys(p.title for p, _ in appearances if p.title)) or None
        rows.append(((1, 0, participant_key), make_guid("case", key), first.label, description, variables, {s for _, s in appearances}, case_selections.get(key, [])))
    if not rows:
        return 0
    cases = _sub(root, "Cases")
    for _, guid, name, description, variables, session_ids, selections in sorted(rows, key=lambda row: row[0]):
        case = _sub(cases, "Case", {"guid": guid, "name": name})
        if description:
            _sub(case, "Description", text=description)
        for variable_key, _, _ in CASE_VARIABLES:
            if variable_key in variables:
                value = _sub(case, "VariableValue")
                _sub(value, "VariableRef", {"targetGUID": make_guid("variable", variable_key)})
                _sub(value, "TextValue", text=variables[variable_key])
        for session_id in sorted(session_ids):
            _sub(case, "SourceRef", {"targetGUID": source_guid(session_id)})
        for selection in sorted(set(selections)):
            _sub(case, "SelectionRef", {"targetGUID": selection})
    return len(rows)


def _append_sets(root: ElementTree.Element, exports: list[SessionExport], codebook: Codebook) -> None:
    """Sets of sessions by forum and by year (sorted by name), then of codes by SDG target (in target order)."""
    members: dict[str, set[str]] = {}
    for export in exports:
        session = export.session
        members.setdefault(f"Forum: {session.forum}", set()).add(session.id)
        members.setdefault(f"Year: {session.date[:4]}" if session.date else "Year: not recorded", set()).add(session.id)
    rows = sorted((name, make_guid("set", name), "MemberSource", sorted(source_guid(s) for s in ids)) for name, ids in members.items())
    rows += [(name, guid, "MemberCode", guids) for guid, name, guids in list_sdg_target_sets(codebook)]
    sets = _sub(root, "Sets")
    for name, guid, member_tag, targets in rows:
        element = _sub(sets, "Set", {"guid": guid, "name": name})
        for target in targets:
            _sub(element, member_tag, {"targetGUID": target})


def describe_source(session: Session, codebook: Codebook) -> str:
    """The source's Description: where the text comes from and how it was coded."""
    date = session.date or "not recorded"
    if session.date and session.is_date_inferred:
        date += f" (inferred: {session.date_inferred_reason})"
    return "\n".join(
        [
            f"Session {session.id}: {session.title}.",
            f"Forum: {session.forum}. Date: {date}.",
            f"Text: {session.source_text_file.name} (raw file {session.raw_file.name}, sha256 {session.raw_sha256}).",
            f"{len(session.statements)} statements. Coded by the rules of codebook {codebook.version}; analysts' overrides are their own users.",
        ]
    )


def describe_project(exports: list[SessionExport], codebook: Codebook, rules_user: str) -> str:
    """The project's Description: what it holds and how to bring a coding back."""
    return (
        f"{len(exports)} session(s) exported by session briefs with codebook {codebook.version}. The user '{rules_user}' made the "
        "rule-based codings, each over the words that triggered it; other users are analysts' overrides. Code the statements, then "
        "bring this project back with: briefs import-qdpx FILE.qdpx --coder YOUR_NAME --as gold. Positions count Unicode code points."
    )


def write_archive(project_xml: bytes, sources: dict[str, bytes], timestamp: str) -> bytes:
    """The .qdpx bytes: project.qde first, then the sources by name, with fixed dates and modes."""
    date_time = tuple(int(part) for part in timestamp[:10].split("-")) + (0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [(PROJECT_FILE, project_xml)] + sorted(sources.items()):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below means the same on every machine
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def sessions_to_qdpx(sessions: list[Session], codebook: Codebook, stakeholders: Stakeholders, is_blind: bool = False) -> tuple[bytes, ExportSummary]:
    """Sessions, their rules' and analysts' codings (none when ``is_blind``), cases and sets, as the bytes of one .qdpx archive."""
    exports = [prepare_session(session, codebook, stakeholders, is_blind) for session in sorted(sessions, key=lambda s: s.id)]
    project_xml, summary = build_project(exports, codebook, stakeholders, is_blind)
    sources = {f"{SOURCES_FOLDER}/{source_guid(e.session.id)}.txt": e.text.encode("utf-8") for e in exports}
    return write_archive(project_xml, sources, export_timestamp([e.session for e in exports])), summary
