"""Render briefs: execute the notebook with papermill, export HTML and PDF, write them atomically.

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
from helpers.tables import scheme_of

BRIEF_HTML = "brief.html"
BRIEF_PDF = "brief.pdf"
EXECUTED_NOTEBOOK = "brief.ipynb"


@dataclass(frozen=True)
class RenderedBrief:
    session_id: str
    html_path: Path
    pdf_path: Path


class RenderError(Exception):
    """A brief could not be rendered; the message says which session and why."""


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


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def execute_session_notebook(session_id: str, grouping_scheme: str, data_dir: Path, work_dir: Path):
    """Run the session brief notebook with papermill; the executed copy is ``work_dir/brief.ipynb``.

    The kernel talks over IPC sockets in ``work_dir`` (no open TCP ports, no warning about
    them) and is shut down at once when the run ends, however it ends.
    """
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(work_dir / "kernel"))
    try:
        return papermill.execute_notebook(
            str(paths.SESSION_BRIEF_NOTEBOOK),
            str(work_dir / EXECUTED_NOTEBOOK),
            parameters={"session_id": session_id, "grouping_scheme": grouping_scheme, "data_dir": str(data_dir)},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(paths.NOTEBOOKS_DIR),
            km=kernel,
        )
    finally:
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)


def render_session_brief(session_id: str, data_dir: str | Path | None = None, out_dir: str | Path | None = None, grouping_scheme: str = "fine") -> RenderedBrief:
    """Render ``reports/<session_id>/brief.html`` and ``brief.pdf`` for one session.

    The inputs are checked before a kernel starts, so bad data fails fast with a DataError.
    """
    data_dir = paths.resolve_data_dir(data_dir)
    out_dir = Path(out_dir).resolve() if out_dir else paths.REPORTS_DIR
    session, _, stakeholders = load_inputs(data_dir, session_id)
    scheme_of(stakeholders, grouping_scheme)
    target_dir = paths.report_dir(out_dir, session_id)
    with tempfile.TemporaryDirectory(prefix=f"brief-{session_id}-") as work_dir:
        executed_path = Path(work_dir) / EXECUTED_NOTEBOOK
        try:
            notebook = execute_session_notebook(session_id, grouping_scheme, data_dir, Path(work_dir))
        except papermill.PapermillExecutionError as error:
            kept = _keep_failed_notebook(executed_path, out_dir, session_id)
            raise RenderError(f"{session_id}: cell {error.exec_count} failed: {error.ename}: {error.evalue} (executed notebook kept at {kept})") from error
    notebook.metadata["title"] = f"{session.title} ({session.forum}): session brief"
    html, _ = BriefHTMLExporter().from_notebook_node(notebook)
    pdf = html_to_pdf(html)
    html_path, pdf_path = target_dir / BRIEF_HTML, target_dir / BRIEF_PDF
    write_files_atomically({html_path: html.encode("utf-8"), pdf_path: pdf})
    return RenderedBrief(session_id=session_id, html_path=html_path, pdf_path=pdf_path)


def _keep_failed_notebook(executed_path: Path, out_dir: Path, session_id: str) -> Path:
    """Move a failed run's notebook to ``<out_dir>/<session_id>/failed.ipynb`` for debugging."""
    kept = paths.report_dir(out_dir, session_id) / "failed.ipynb"
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.replace(executed_path, kept)
    return kept
