"""`briefs ingest`: read a record, clean it, structure it, draft the session, validate it, and write every file or nothing."""

import datetime
import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path


from helpers.data import paths
from helpers.data.errors import DataError
from helpers.data.loading import load_codebook, load_countries, load_forums, load_session, load_stakeholders, load_yaml_document, validate_document
from helpers.data.model import Participant, Stakeholders, Statement
from helpers.ingest.draft import ReferenceData, list_review_items, parse_summary, render_session_yaml
from helpers.ingest.edits import keep_analyst_edits
from helpers.ingest.people import ROLES
from helpers.ingest.clean import extract_text
from helpers.ingest.read import FETCH_TIMEOUT_S, FORMAT_LABELS, TEXT_FORMATS, check_session_id, make_session_id, read_source
from helpers.ingest.structure import NOT_RECORDED


@dataclass(frozen=True)
class SectionSummary:
    """What ingest did with one section: how many statements it gave, or that it was background."""

    number: int
    title: str
    n_statements: int
    is_background: bool


@dataclass(frozen=True)
class IngestReport:
    """What `briefs ingest` found and wrote, and what the analyst should review."""

    session_id: str
    session_file: Path
    raw_file: Path
    is_raw_file_new: bool
    text_file: Path | None
    is_replacement: bool
    title: str
    forum: str
    sdgs: tuple[int, ...]
    document_kind: str
    kind_reason: str
    symbol: str | None
    date: str | None
    date_stated_as: str | None
    sections: tuple[SectionSummary, ...]
    participants: tuple[Participant, ...]
    statements: tuple[Statement, ...]
    unplaced: tuple[str, ...]
    review: tuple[str, ...]
    kept: tuple[str, ...] = ()
    format: str = "txt"
    url: str | None = None
    is_text_file_new: bool = False


def _check_raw_file_is_free(raw_target: Path, raw_bytes: bytes, data_dir: Path, session_id: str, force: bool, what: str = "raw file") -> None:
    """Refuse to replace a different file in raw/ (a raw record or an extracted text) that another session still relies on."""
    if not raw_target.is_file() or raw_target.read_bytes() == raw_bytes:
        return
    relative = f"raw/{raw_target.name}"
    users = [
        path.stem
        for path in paths.sessions_dir(data_dir).glob("*.yaml")
        if path.stem != session_id and re.search(rf"^\s*(?:raw_file|text_file):\s*[\"']?{re.escape(relative)}[\"']?\s*$", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    ]
    if users:
        raise DataError(raw_target, f"a different {what} of this name is the source of session(s) {', '.join(users)}: rename the new file (for an address, --id names the raw file)")
    if not force:
        raise DataError(raw_target, f"a different {what} of this name already exists: rename the new file, or use --force to replace it (for an address, --id names the raw file)")


def _validate_draft(data_dir: Path, session: dict, session_path: Path, sources: dict[str, bytes], session_yaml: str, stakeholders: Stakeholders) -> None:
    """Load the draft with every loader check in a temporary data folder; errors point at the session file.

    Also checks that the YAML gives back every statement's text character for character (the
    loader itself compares with whitespace folded).
    """
    session_id = session["id"]
    known_issue_ids = [issue.id for issue in load_codebook(data_dir).issues]
    with tempfile.TemporaryDirectory(prefix="briefs-ingest-") as temporary:
        temporary_dir = Path(temporary)
        (temporary_dir / "raw").mkdir()
        for name, data in sources.items():
            (temporary_dir / "raw" / name).write_bytes(data)
        draft_path = paths.session_file(temporary_dir, session_id)
        draft_path.parent.mkdir()
        draft_path.write_text(session_yaml, encoding="utf-8")
        try:
            loaded = load_session(temporary_dir, session_id, known_group_ids=stakeholders.group_ids, known_issue_ids=known_issue_ids)
        except DataError as error:
            raise DataError(session_path, f"the draft is not valid, nothing was written: {error.message}", line=error.line, field=error.field) from error
    for index, (statement, written) in enumerate(zip(session["statements"], loaded.statements)):
        if statement["text"] != written.text:
            raise DataError(session_path, "the draft's YAML does not give back the statement's text exactly, nothing was written", field=f"statements[{index}].text")


def ingest_summary(source: str | Path, data_dir: str | Path, session_id: str | None = None, force: bool = False, timeout_s: float = FETCH_TIMEOUT_S) -> IngestReport:
    """Copy a record (file or http(s) address) into ``raw/`` and write its draft ``sessions/<id>.yaml``, or write nothing.

    For HTML, PDF and Word records the extracted text is written beside the raw file
    (``raw/<name>.txt``) and statements quote it. Everything is built and validated in a
    temporary folder first; the files are then written atomically together. An existing session
    is replaced only with ``force``, keeping the analyst's edits (see :func:`keep_analyst_edits`).
    """
    data_dir = Path(data_dir)
    raw = read_source(source, session_id=session_id, timeout_s=timeout_s)
    extracted = extract_text(raw)
    text = extracted.text
    is_id_given = session_id is not None
    session_id = check_session_id(session_id if is_id_given else make_session_id(Path(raw.name)), raw.origin, is_given=is_id_given, file_name=raw.name)
    session_path = paths.session_file(data_dir, session_id)
    is_replacement = session_path.exists()
    if is_replacement and not force:
        raise DataError(session_path, f"session {session_id!r} already exists: use --force to re-ingest it (the analyst's edits are kept), or --id to give another id")
    raw_target = data_dir / "raw" / raw.name
    _check_raw_file_is_free(raw_target, raw.data, data_dir, session_id, force)
    text_bytes = text.encode("utf-8")
    text_target = None if raw.format in TEXT_FORMATS else data_dir / "raw" / f"{raw.name}.txt"
    if text_target is not None:
        _check_raw_file_is_free(text_target, text_bytes, data_dir, session_id, force, what="extracted text")
    stakeholders = load_stakeholders(data_dir)
    reference = ReferenceData(stakeholders, load_forums(data_dir), load_countries(data_dir))

    parsed = parse_summary(text, reference)
    if not parsed.statements:
        raise DataError(
            raw.origin,
            f"no statements found in this {parsed.document_kind.replace('_', ' ')} ({parsed.kind_reason}): it has no paragraph or bullet to quote, only headings, page furniture or lists of names",
        )
    date = {"value": None, "is_inferred": False}
    if parsed.date is not None:
        date = {"value": parsed.date.value, "is_inferred": False, "stated_as": parsed.date.stated_as}
    source_entry = {"raw_file": f"raw/{raw.name}", "sha256": hashlib.sha256(raw.data).hexdigest()}
    if text_target is not None:
        source_entry.update(text_file=f"raw/{text_target.name}", text_sha256=hashlib.sha256(text_bytes).hexdigest())
    source_entry["format"] = raw.format
    if raw.url is not None:
        source_entry.update(url=raw.url, retrieved=datetime.date.today().isoformat())
    source_entry.update(publisher=NOT_RECORDED, licence=NOT_RECORDED)
    session = {
        "id": session_id,
        "title": parsed.title,
        "forum": parsed.forum,
        **({"symbol": parsed.symbol} if parsed.symbol else {}),
        "document_kind": parsed.document_kind,
        "sdgs": parsed.sdgs,
        "date": date,
        "source": source_entry,
        "sections": [{"number": s.number, "title": s.title} for s in parsed.sections],
        "participants": parsed.participants,
        "statements": parsed.statements,
    }
    kept: list[str] = []
    dropped: list[str] = []
    if is_replacement:
        previous = validate_document(session_path, load_yaml_document(session_path), "session")
        kept, dropped = keep_analyst_edits(session, previous)
    review = list_review_items(session, parsed, text, is_metadata_kept=is_replacement) + list(extracted.notes) + dropped

    quoted = "the raw text" if text_target is None else f"the text extracted into {session['source']['text_file']}"
    comment = [
        f"DRAFT written by `briefs ingest` from {session['source']['raw_file']}: check it before use.",
        f"Statements quote {quoted} exactly; ids come from section and text, keep them when editing.",
        "`briefs ingest --force` keeps metadata, overrides, statement notes, speakers and speaker groups, participant groups and notes.",
        "To review:" if review else "To review: nothing flagged.",
        *(f"  - {item}" for item in review),
    ]
    session_yaml = render_session_yaml(session, comment)
    sources = {raw.name: raw.data} if text_target is None else {raw.name: raw.data, text_target.name: text_bytes}
    _validate_draft(data_dir, session, session_path, sources, session_yaml, stakeholders)

    from helpers.data.files import write_files_atomically  # render pulls in papermill; import only when writing

    is_raw_file_new = not (raw_target.is_file() and raw_target.read_bytes() == raw.data)
    is_text_file_new = text_target is not None and not (text_target.is_file() and text_target.read_bytes() == text_bytes)
    # All are staged before any is renamed; the session file, which names the others, is renamed last.
    contents = {}
    if is_raw_file_new:
        contents[raw_target] = raw.data
    if is_text_file_new:
        contents[text_target] = text_bytes
    contents[session_path] = session_yaml.encode("utf-8")
    write_files_atomically(contents)

    section_counts = {s.number: 0 for s in parsed.sections}
    for statement in session["statements"]:
        section_counts[statement["section"]] += 1
    return IngestReport(
        session_id=session_id,
        session_file=session_path,
        raw_file=raw_target,
        is_raw_file_new=is_raw_file_new,
        text_file=text_target,
        is_replacement=is_replacement,
        title=session["title"],
        forum=session["forum"],
        sdgs=tuple(session["sdgs"]),
        document_kind=session["document_kind"],
        kind_reason=parsed.kind_reason,
        symbol=session.get("symbol"),
        date=session["date"]["value"],
        date_stated_as=session["date"].get("stated_as"),
        sections=tuple(SectionSummary(s.number, s.title, section_counts[s.number], s.is_background) for s in parsed.sections),
        participants=tuple(
            Participant(name=p["name"], title=p["title"], organisation=p["organisation"], role=p["role"], group=p["group"], honorific=p.get("honorific"), group_reason=p.get("group_reason"))
            for p in session["participants"]
        ),
        statements=tuple(
            Statement(id=s["id"], section=s["section"], text=s["text"], speaker_group=s.get("speaker_group"), session_id=session_id, speaker=s.get("speaker"), is_question=s.get("is_question", False))
            for s in session["statements"]
        ),
        unplaced=tuple(parsed.unplaced),
        review=tuple(review),
        kept=tuple(kept),
        format=raw.format,
        url=raw.url,
        is_text_file_new=is_text_file_new,
    )


def _describe_participant(participant: Participant) -> str:
    """One participant on one line: "Ms. Name, Title (Organisation) [group; why]"."""
    who = " ".join(part for part in (participant.honorific, participant.name) if part)
    details = ", ".join(part for part in (who, participant.title) if part)
    if participant.organisation:
        details = f"{details} ({participant.organisation})" if details else participant.organisation
    return f"{details} [{participant.group}{'; ' + participant.group_reason if participant.group_reason else ''}]"


def describe_ingest_report(report: IngestReport) -> str:
    """The text `briefs ingest` prints: what was written, what was found, what to review."""
    lines = [
        f"{'re-ingested' if report.is_replacement else 'ingested'} session {report.session_id!r} (a draft to review)",
        f"  wrote {report.session_file}",
        f"  wrote {report.raw_file} (bytes as published)" if report.is_raw_file_new else f"  {report.raw_file} already holds these bytes",
    ]
    if report.text_file is not None:
        label = FORMAT_LABELS[report.format]
        lines.append(f"  wrote {report.text_file} (text extracted from the {label}; statements quote it)" if report.is_text_file_new else f"  {report.text_file} already holds this text")
    if report.url is not None:
        lines.append(f"  fetched from {report.url}")
    lines += [
        f"kind: {report.document_kind} ({report.kind_reason})",
        f"title: {report.title}",
        f"forum: {report.forum}",
        f"symbol: {report.symbol or 'none'}",
        f"date: {report.date} (stated as {report.date_stated_as!r})" if report.date and report.date_stated_as else f"date: {report.date or 'not stated'}",
        f"sdgs: {', '.join(map(str, report.sdgs)) or 'none found'}",
        f"sections: {len(report.sections)}",
    ]
    for section in report.sections:
        what = "background (participants, no statements)" if section.is_background else f"{section.n_statements} statement(s)"
        lines.append(f"  {section.number}. {section.title}: {what}")
    lines.append(f"participants: {len(report.participants)}")
    for role in ROLES:
        people = [p for p in report.participants if p.role == role]
        if people:
            lines.append(f"  {role} ({len(people)}):")
            lines.extend(f"    {_describe_participant(p)}" for p in people)
    n_speakers = sum(s.speaker is not None for s in report.statements)
    n_groups_only = sum(s.speaker is None and s.speaker_group is not None for s in report.statements)
    n_questions = sum(s.is_question for s in report.statements)
    lines.append(
        f"statements: {len(report.statements)} ({n_speakers} attributed to a speaker, {n_groups_only} to a speaker's group only, "
        f"{len(report.statements) - n_speakers - n_groups_only - n_questions} unattributed, {n_questions} guiding question(s))"
    )
    lines.append(f"organisations not placed in a stakeholder group: {'; '.join(report.unplaced) or 'none'}")
    if report.kept:
        lines.append("kept from the previous session file:")
        lines.extend(f"  {item}" for item in report.kept)
    lines.append("to review:" if report.review else "to review: nothing flagged")
    lines.extend(f"  - {item}" for item in report.review)
    return "\n".join(lines)
