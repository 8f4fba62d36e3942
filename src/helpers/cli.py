"""The ``briefs`` command: list, export, validate and render session briefs."""

import os
import sys
from pathlib import Path

# Only light imports here: the command handles Ctrl-C, kill and a closed terminal from its first
# line on (see main), and everything else is imported after that, where it is used.
from helpers.data import paths
from helpers.data.errors import DataError
from helpers.rendering.stopping import exit_status_of, name_of, stop_signals_raised


def build_parser() -> "argparse.ArgumentParser":  # noqa: F821
    import argparse

    parser = argparse.ArgumentParser(prog="briefs", description="Code session summaries and render briefs (HTML and PDF).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument("--data-dir", type=Path, default=None, help="data folder (default: the project's data/)")

    commands.add_parser("list", parents=[data_dir], help="print session ids, one a line")
    export = commands.add_parser("export", parents=[data_dir], help="print one session, coded, as JSON")
    export.add_argument("session_id")
    commands.add_parser("validate", parents=[data_dir], help="check every data file against its schema and each other")
    evaluate = commands.add_parser("evaluate", parents=[data_dir], help="score the rules against a session's gold standard")
    evaluate.add_argument("session_id")
    export_codebook = commands.add_parser("export-codebook", parents=[data_dir], help="write the codebook as a REFI-QDA codebook (.qdc)")
    export_codebook.add_argument("--output", type=Path, default=Path("codebook.qdc"), help="file to write (default: codebook.qdc)")
    export_qdpx = commands.add_parser(
        "export-qdpx",
        parents=[data_dir],
        help="write sessions, their coding, cases and sets as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder",
    )
    export_qdpx.add_argument("session_ids", nargs="*", metavar="SESSION_ID", help="sessions to export")
    export_qdpx.add_argument("--all", action="store_true", help="every session in the data folder")
    export_qdpx.add_argument("--output", type=Path, required=True, help="the .qdpx file to write")
    export_qdpx.add_argument("--blind", action="store_true", help="leave the rules' and analysts' codings out, so a gold coder codes without seeing them")
    import_qdpx = commands.add_parser(
        "import-qdpx",
        parents=[data_dir],
        help="bring a person's coding back from a REFI-QDA project (.qdpx) as a gold coding or as overrides",
        description="Selections are matched to statements by position (a selection overlapping a statement codes it), codes by guid, then by name. "
        "Whatever does not match is listed and skipped. Nothing is written if the file is not a valid project.",
    )
    import_qdpx.add_argument("path", type=Path, metavar="FILE.qdpx", help="the project the coder's QDA tool exported")
    import_qdpx.add_argument("--coder", required=True, help="who coded, as an id (lowercase letters, digits, _), e.g. maria_perez")
    import_qdpx.add_argument("--as", dest="target", choices=["gold", "overrides"], default="gold", help="gold: add a coding to data/gold/ (default); overrides: record the differences in the session file")
    import_qdpx.add_argument("--session", default=None, metavar="ID", help="import only this session")
    import_qdpx.add_argument("--description", default=None, help="gold: who the coder is (default: the coder id, human coder, and the file)")
    import_qdpx.add_argument("--user", default=None, help="take only the codings of this user of the project (name or guid); default: every coding")
    import_qdpx.add_argument("--replace", action="store_true", help="gold: replace an existing coding by the same coder")
    render = commands.add_parser(
        "render",
        parents=[data_dir],
        help="render briefs to OUT_DIR/<session_id>/ (brief, and quality where a gold standard exists) and OUT_DIR/corpus/",
        description="Render briefs as HTML and PDF. Briefs whose inputs are unchanged since the last render are skipped (see OUT_DIR/manifest.json).",
    )
    render.add_argument("session_ids", nargs="*", metavar="SESSION_ID", help="sessions to render")
    render.add_argument("--all", action="store_true", help="every session in the data folder, and the corpus brief")
    render.add_argument("--corpus", action="store_true", help="the corpus brief over all sessions (or those selected by --forum, --year, --sdg)")
    render.add_argument("--forum", default="", help="corpus brief: only sessions of this forum")
    render.add_argument("--year", type=int, default=0, help="corpus brief: only sessions of this year")
    render.add_argument("--sdg", type=int, default=0, help="corpus brief: only sessions reviewing this SDG")
    render.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="briefs rendered in parallel (default: the machine's cores)")
    render.add_argument("--force", action="store_true", help="render even the briefs whose inputs are unchanged")
    render.add_argument("--out-dir", type=Path, default=None, help="output folder (default: the project's reports/)")
    render.add_argument("--scheme", default="fine", help="grouping scheme: fine, major_groups or tripartite (default: fine)")
    ingest = commands.add_parser(
        "ingest",
        parents=[data_dir],
        help="copy a session record (file or web address) into raw/ and write its draft session file",
        description=(
            "Read a session record as published and write a draft session to review. Reads .txt and .md as they are; "
            ".html/.htm (a saved page: main content only), .pdf (text PDFs: page furniture removed, hyphenated words joined, "
            "two columns in reading order) and .docx, whose extracted text is written beside the raw file as raw/<name>.txt; "
            "and http:// or https:// addresses (redirects followed only to http(s); content type, size and time checked). "
            "A scanned PDF needs OCR first (e.g. ocrmypdf)."
        ),
    )
    ingest.add_argument("source", metavar="PATH|URL", help="the record as published: a .txt, .md, .html, .htm, .pdf or .docx file, or an http(s):// address")
    ingest.add_argument("--id", default=None, help="session id (default: from the file name, or the address's last path segment); for an address, also the raw file's name")
    ingest.add_argument("--force", action="store_true", help="re-ingest an existing session, keeping the analyst's edits")
    # The default lives in helpers.ingest.read, imported only when ingesting: every command starts faster.
    ingest.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="for an address: give up after this many seconds (default: 30)")
    return parser


def export_session(data_dir: Path, session_id: str) -> dict:
    """One session with its participants and coded statements, as plain data for JSON."""
    from helpers.analysis.coding import code_session
    from helpers.data.loading import load_inputs

    session, codebook, stakeholders = load_inputs(data_dir, session_id)
    coded = {c.statement.id: c for c in code_session(session, codebook, stakeholders)}  # guiding questions are not coded
    return {
        "session": {
            "id": session.id,
            "title": session.title,
            "forum": session.forum,
            "sdgs": list(session.sdgs),
            "date": {"value": session.date, "is_inferred": session.is_date_inferred, "inferred_reason": session.date_inferred_reason},
            "organisers": session.organisers,
            "symbol": session.symbol,
            "document_kind": session.document_kind,
            "source": {"raw_file": session.raw_file.name, "sha256": session.raw_sha256, "text_file": session.text_file.name if session.text_file else None, "url": session.url},
            "codebook_version": codebook.version,
        },
        "participants": [
            {"name": p.name, "title": p.title, "organisation": p.organisation, "role": p.role, "group": p.group, "group_reason": p.group_reason}
            for p in session.participants
        ],
        "statements": [
            {
                "id": statement.id,
                "section": statement.section,
                "text": statement.text,
                "speaker": statement.speaker,
                "speaker_group": statement.speaker_group,
                "is_question": statement.is_question,
                "issues": [
                    {"id": code.issue_id, "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in code.evidence]}
                    for code in (coded[statement.id].issues if statement.id in coded else ())
                ],
                "groups": coded[statement.id].group_ids if statement.id in coded else [],
            }
            for statement in session.statements
        ],
    }


def validate_collection(data_dir: Path) -> list[str]:
    """Load every data file with all checks; return the session ids (raises DataError).

    Sessions whose files are unchanged since they were last checked come from the cache of
    loaded sessions (the ids they name are checked again); the others are read and kept there.
    """
    from helpers.analysis.cache import SessionCache
    from helpers.data.loading import list_session_ids, load_codebook, load_countries, load_forums, load_stakeholders
    from helpers.analysis.quality import load_gold

    store = SessionCache(data_dir)  # before loading: it takes the sha256 of what is about to be read
    stakeholders = load_stakeholders(data_dir)
    codebook = load_codebook(data_dir)
    load_forums(data_dir)
    load_countries(data_dir)
    session_ids = list_session_ids(data_dir)
    for session in store.load_sessions(session_ids, codebook, stakeholders):
        load_gold(data_dir, session, codebook, stakeholders)
    return session_ids


def describe_evaluation(data_dir: Path, session_id: str) -> str:
    """The text `briefs evaluate` prints: coders and their kinds, summary figures, pairwise agreement, disagreements, per-issue table."""
    from helpers.analysis.quality import describe_coder_kinds, describe_human_coding, require_evaluation
    from helpers.analysis.coding import code_session
    from helpers.data.loading import load_inputs
    from helpers.briefs.quality_brief import scores_frame

    session, codebook, stakeholders = load_inputs(data_dir, session_id)
    evaluation = require_evaluation(data_dir, session, code_session(session, codebook, stakeholders, with_overrides=False), codebook, stakeholders)
    reference = evaluation.gold.reference_coding
    lines = [
        f"session: {session_id}",
        f"reference coding: {reference.coder} ({reference.kind}; {len(session.statements)} statements, codebook {codebook.version})",
        describe_coder_kinds(evaluation.gold, codebook.version),
        describe_human_coding(evaluation.gold, evaluation.pairwise),
        f"micro F1: {evaluation.micro_f1:.3f}",
        f"macro F1: {evaluation.macro_f1:.3f}",
        f"kappa (all statement-issue decisions): {evaluation.micro_kappa:.3f}",
    ]
    if evaluation.agreement:
        lines.append(f"Krippendorff's alpha between coders {', '.join(evaluation.agreement['coders'])}: {evaluation.agreement['alpha']:.3f} ({evaluation.agreement['reading']})")
    else:
        lines.append("Krippendorff's alpha: not measured (one independent coding)")
    lines.append(f"disagreements with {reference.coder}: {len(evaluation.disagreements)} statement(s)")
    for row in evaluation.disagreements.itertuples():
        lines.append(f"  {row.statement_id}: rules only: {row.rules_only or '-'}; {reference.coder} only: {row.gold_only or '-'}")
    lines += ["", "agreement of each pair of coders:", evaluation.pairwise.to_string(index=False), ""]
    lines.append(scores_frame(evaluation).to_string(index=False, na_rep="-"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run one command; Ctrl-C, SIGTERM and SIGHUP at any moment end it with one line and 128 + the signal's number."""
    with stop_signals_raised():
        try:
            return run_command(build_parser().parse_args(argv))
        except KeyboardInterrupt as stop:  # Ctrl-C, or StopRequested for SIGTERM and SIGHUP
            print(f"interrupted ({name_of(stop)}): nothing was left half-written", file=sys.stderr)
            return exit_status_of(stop)


def run_command(arguments) -> int:
    """Run the parsed command; bad input and unwritable folders are one error line and status 1."""
    from helpers.data.loading import list_session_ids, load_codebook

    data_dir = paths.resolve_data_dir(arguments.data_dir)
    try:
        if arguments.command == "list":
            for session_id in list_session_ids(data_dir):
                print(session_id)
        elif arguments.command == "export":
            import json

            json.dump(export_session(data_dir, arguments.session_id), sys.stdout, ensure_ascii=False, indent=2)
            print()
        elif arguments.command == "validate":
            session_ids = validate_collection(data_dir)
            print(f"{data_dir}: codebook, stakeholders, forums, countries and {len(session_ids)} session(s) are valid")
        elif arguments.command == "evaluate":
            print(describe_evaluation(data_dir, arguments.session_id))
        elif arguments.command == "export-codebook":
            from helpers.exchange.codebook import codebook_to_qdc
            from helpers.data.files import write_files_atomically

            codebook = load_codebook(data_dir)
            write_files_atomically({arguments.output.resolve(): codebook_to_qdc(codebook)})
            print(f"{arguments.output}: {len(codebook.issues)} codes, codebook {codebook.version}")
        elif arguments.command == "export-qdpx":
            print(export_qdpx_command(arguments, data_dir))
        elif arguments.command == "import-qdpx":
            from helpers.exchange.qdpx_import import import_qdpx

            print(import_qdpx(arguments.path, data_dir, arguments.coder, target=arguments.target, session_id=arguments.session,
                              description=arguments.description, user=arguments.user, replace=arguments.replace))
        elif arguments.command == "render":
            return render_command(arguments, data_dir)
        elif arguments.command == "ingest":
            from helpers.ingest import describe_ingest_report, ingest_summary

            from helpers.ingest.read import FETCH_TIMEOUT_S

            timeout_s = FETCH_TIMEOUT_S if arguments.timeout is None else arguments.timeout
            print(describe_ingest_report(ingest_summary(arguments.source, data_dir, session_id=arguments.id, force=arguments.force, timeout_s=timeout_s)))
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a folder that is read-only or full, a file that vanished
        print(f"error: {error.filename or data_dir}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def export_qdpx_command(arguments, data_dir: Path) -> str:
    """Write the requested sessions as one .qdpx; return the report line."""
    from helpers.data.files import write_files_atomically
    from helpers.data.loading import list_session_ids, load_codebook, load_session, load_stakeholders
    from helpers.exchange.qdpx import sessions_to_qdpx

    if not (arguments.session_ids or arguments.all):
        raise DataError(data_dir, "name the sessions to export, or use --all")
    if arguments.output.suffix.lower() != ".qdpx":
        raise DataError(arguments.output, "the output must end in .qdpx, the extension QDA tools open")
    stakeholders = load_stakeholders(data_dir)
    codebook = load_codebook(data_dir)
    session_ids = list_session_ids(data_dir) if arguments.all else list(dict.fromkeys(arguments.session_ids))
    sessions = [load_session(data_dir, s, known_group_ids=stakeholders.group_ids, known_issue_ids=[i.id for i in codebook.issues]) for s in session_ids]
    data, summary = sessions_to_qdpx(sessions, codebook, stakeholders, is_blind=arguments.blind)
    write_files_atomically({arguments.output.resolve(): data})
    codings = ", ".join(f"{n} by {user}" for user, n in summary.n_codings_by_user.items())
    return (
        f"{arguments.output}: {summary.n_sessions} session(s), {summary.n_codes} codes, {summary.n_selections} selections, "
        f"codings: {codings}; {summary.n_cases} cases"
    )


def render_command(arguments, data_dir: Path) -> int:
    """Plan the requested briefs, render those out of date, report every failure; 1 if any failed."""
    from helpers.data.loading import list_session_ids
    from helpers.rendering.batch import run_batch
    from helpers.rendering.render import plan_corpus_job, plan_session_jobs

    if not (arguments.session_ids or arguments.all or arguments.corpus):
        print("error: name sessions to render, or use --all or --corpus", file=sys.stderr)
        return 2
    out_dir = arguments.out_dir.resolve() if arguments.out_dir else paths.REPORTS_DIR
    session_ids = list_session_ids(data_dir) if arguments.all else list(dict.fromkeys(arguments.session_ids))
    jobs = plan_session_jobs(data_dir, out_dir, session_ids, arguments.scheme)
    if arguments.all or arguments.corpus:
        jobs.append(plan_corpus_job(data_dir, out_dir, arguments.scheme, arguments.forum, arguments.year, arguments.sdg))
    try:
        result = run_batch(jobs, n_jobs=max(1, arguments.jobs), force=arguments.force, progress=sys.stderr.isatty())
    except KeyboardInterrupt as stop:  # Ctrl-C, or StopRequested for SIGTERM and SIGHUP: workers and kernels are stopped
        print(f"interrupted ({name_of(stop)}): finished briefs are in place, unfinished ones left the previous version untouched", file=sys.stderr)
        return exit_status_of(stop)
    for key in result.rendered:
        print(f"rendered {key}")
    for key, message in result.failed.items():
        print(f"error: {message}", file=sys.stderr)
    print(f"{result.summary()}; index: {out_dir / 'index.html'}")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
