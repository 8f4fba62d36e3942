"""Render briefs: execute a notebook with papermill, export HTML and PDF, write them atomically.

A failed render never replaces the last good brief: both files are written next to their
targets under temporary names and moved into place only when both exist.
"""

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import papermill
from jupyter_client.manager import KernelManager

from helpers import paths
from helpers.exporters import BriefHTMLExporter, html_to_pdf
from helpers.loading import load_inputs
from helpers.quality import gold_file
from helpers.tables import scheme_of

EXECUTED_NOTEBOOK = "executed.ipynb"


@dataclass(frozen=True)
class BriefKind:
    """A kind of brief: which notebook makes it and what its files are called."""

    notebook: Path
    basename: str
    title_suffix: str


SESSION_BRIEF = BriefKind(paths.SESSION_BRIEF_NOTEBOOK, "brief", "session brief")
QUALITY_BRIEF = BriefKind(paths.CODEBOOK_QUALITY_NOTEBOOK, "quality", "codebook quality brief")
CORPUS_BRIEF = BriefKind(paths.CORPUS_BRIEF_NOTEBOOK, "brief", "corpus brief")


@dataclass(frozen=True)
class RenderedBrief:
    session_id: str
    html_path: Path
    pdf_path: Path


class RenderError(Exception):
    """A brief could not be rendered; the message says which session and why."""


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files_atomically(contents: dict[Path, bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Each file is written to a temporary sibling, flushed to disk, then renamed over its target.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((Path(temporary), target))
            os.fchmod(handle, 0o666 & ~_current_umask())  # mkstemp makes 0600; briefs are for sharing
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


def execute_notebook(notebook: Path, parameters: dict, work_dir: Path):
    """Run a notebook with papermill; the executed copy is ``work_dir/executed.ipynb``.

    The kernel talks over IPC sockets in ``work_dir`` (no open TCP ports, no warning about
    them) and is shut down at once when the run ends, however it ends.
    """
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(work_dir / "kernel"))
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(work_dir / EXECUTED_NOTEBOOK),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(paths.NOTEBOOKS_DIR),
            km=kernel,
        )
    finally:
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)


def render_brief(kind: BriefKind, session_id: str, parameters: dict, title: str, out_dir: Path) -> RenderedBrief:
    """Execute ``kind``'s notebook and write ``<out_dir>/<session_id>/<basename>.html`` and ``.pdf``."""
    target_dir = paths.report_dir(out_dir, session_id)
    with tempfile.TemporaryDirectory(prefix=f"{kind.basename}-{session_id}-") as work_dir:
        try:
            notebook = execute_notebook(kind.notebook, parameters, Path(work_dir))
        except papermill.PapermillExecutionError as error:
            kept = target_dir / f"{kind.basename}.failed.ipynb"
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(work_dir) / EXECUTED_NOTEBOOK, kept)
            raise RenderError(f"{session_id}: {kind.title_suffix}: cell {error.exec_count} failed: {error.ename}: {error.evalue} (executed notebook kept at {kept})") from error
    notebook.metadata["title"] = f"{title}: {kind.title_suffix}"
    html, _ = BriefHTMLExporter().from_notebook_node(notebook)
    pdf = html_to_pdf(html)
    html_path, pdf_path = target_dir / f"{kind.basename}.html", target_dir / f"{kind.basename}.pdf"
    write_files_atomically({html_path: html.encode("utf-8"), pdf_path: pdf})
    return RenderedBrief(session_id=session_id, html_path=html_path, pdf_path=pdf_path)


def render_session_briefs(session_id: str, data_dir: str | Path | None = None, out_dir: str | Path | None = None, grouping_scheme: str = "fine") -> list[RenderedBrief]:
    """Render a session's brief and, when it has a gold standard, its codebook quality brief.

    The inputs are checked before a kernel starts, so bad data fails fast with a DataError.
    """
    data_dir = paths.resolve_data_dir(data_dir)
    out_dir = Path(out_dir).resolve() if out_dir else paths.REPORTS_DIR
    session, _, stakeholders = load_inputs(data_dir, session_id)
    scheme_of(stakeholders, grouping_scheme)
    title = f"{session.title} ({session.forum})"
    rendered = [
        render_brief(SESSION_BRIEF, session_id, {"session_id": session_id, "grouping_scheme": grouping_scheme, "data_dir": str(data_dir)}, title, out_dir)
    ]
    if gold_file(data_dir, session_id).is_file():
        rendered.append(render_brief(QUALITY_BRIEF, session_id, {"session_id": session_id, "data_dir": str(data_dir)}, title, out_dir))
    return rendered


def render_corpus_brief(data_dir: str | Path | None = None, out_dir: str | Path | None = None, grouping_scheme: str = "fine", forum: str = "", year: int = 0, sdg: int = 0) -> RenderedBrief:
    """Render ``reports/corpus/brief.html`` and ``brief.pdf`` over the selected sessions.

    The selection is loaded and checked first, so bad data or an empty selection fails fast.
    """
    from helpers.corpus import load_corpus

    data_dir = paths.resolve_data_dir(data_dir)
    out_dir = Path(out_dir).resolve() if out_dir else paths.REPORTS_DIR
    selected = load_corpus(data_dir, forum, year, sdg)
    scheme_of(selected.stakeholders, grouping_scheme)
    parameters = {"grouping_scheme": grouping_scheme, "forum": forum, "year": year, "sdg": sdg, "data_dir": str(data_dir)}
    return render_brief(CORPUS_BRIEF, paths.CORPUS_REPORT_NAME, parameters, f"Issues across sessions ({selected.selection})", out_dir)
