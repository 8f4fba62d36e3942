"""Render briefs: parameterise a notebook, execute it in a warm kernel, export HTML and PDF.

A kernel is started once and reused for many briefs; before each brief it is reset (namespace,
matplotlib state, random seeds) so that no brief can change another's bytes. Outputs are
written atomically: a failed or interrupted render never replaces the last good brief.
"""

import contextlib
import functools
import os
import queue
import re
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data import paths
from helpers.data.files import write_files_atomically  # noqa: F401  (re-exported for callers)
from helpers.rendering.stopping import stops_deferred

EXECUTED_SUFFIX = ".failed.ipynb"
KERNEL_TIMEOUT_S = 600

# Paid once per kernel, so that each brief finds its heavy modules already imported: only those
# of the kinds of brief the kernel is started for (see warm_up_modules), as the warm-up is what a
# single brief waits for. The briefs draw with matplotlib's Agg backend, never inline.
WARM_UP_CODE = """
import os
os.environ["MPLBACKEND"] = "Agg"
del os
import {modules}
"""
SKLEARN_MODULE = "sklearn.metrics"  # scores against a gold standard: 1.4 s to import, only where one is used

# Run with the warm-up: the kernel ends with the process that started it, even one killed
# without warning (SIGKILL), so that no kernel outlives a render.
END_WITH_PARENT_CODE = """
import signal as _signal
from helpers.rendering.stopping import end_with_parent as _end_with_parent
_end_with_parent({pid}, _signal.SIGKILL)
del _signal, _end_with_parent
"""

# Run before every brief in a reused kernel: nothing a brief leaves behind reaches the next one.
RESET_CODE = """
get_ipython().run_line_magic("reset", "-f")
import gc, random, sys
if "matplotlib" in sys.modules:
    import matplotlib
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    matplotlib.rcdefaults()
    matplotlib.use("Agg")
    del matplotlib
random.seed(0)
if "numpy" in sys.modules:
    sys.modules["numpy"].random.seed(0)
gc.collect()
del gc, random, sys
"""


@dataclass(frozen=True)
class BriefKind:
    """A kind of brief: which notebook makes it, what its files are called, what its kernel imports first."""

    name: str
    notebook: Path
    basename: str
    modules: tuple[str, ...] = ()


SESSION_BRIEF = BriefKind("session", paths.SESSION_BRIEF_NOTEBOOK, "brief", ("helpers.briefs.session_brief",))
QUALITY_BRIEF = BriefKind("quality", paths.CODEBOOK_QUALITY_NOTEBOOK, "quality", ("helpers.briefs.quality_brief", SKLEARN_MODULE))
CORPUS_BRIEF = BriefKind("corpus", paths.CORPUS_BRIEF_NOTEBOOK, "brief", ("helpers.briefs.corpus_brief",))
ALL_BRIEF_MODULES = tuple(dict.fromkeys(module for kind in (SESSION_BRIEF, QUALITY_BRIEF, CORPUS_BRIEF) for module in kind.modules))


def warm_up_modules(jobs: list) -> tuple[str, ...]:
    """What a kernel for these jobs imports while it warms up: each kind's modules, and
    scikit-learn for a session brief whose session has a gold standard (its method note scores the rules)."""
    modules = [module for job in jobs for module in job.kind.modules]
    if any(job.kind == SESSION_BRIEF and paths.gold_dir(job.data_dir) / f"{job.target_id}.yaml" in job.input_files for job in jobs):
        modules.append(SKLEARN_MODULE)
    return tuple(dict.fromkeys(modules))


@dataclass(frozen=True)
class RenderJob:
    """One brief to render: the notebook and parameters, where it goes, what it reads."""

    kind: BriefKind
    target_id: str
    parameters: dict
    out_dir: Path
    data_dir: Path
    input_files: tuple[Path, ...]

    @property
    def key(self) -> str:
        """``<target>/<basename>``: unique per output pair, used in the manifest."""
        return f"{self.target_id}/{self.kind.basename}"

    @property
    def html_path(self) -> Path:
        return paths.report_dir(self.out_dir, self.target_id) / f"{self.kind.basename}.html"

    @property
    def pdf_path(self) -> Path:
        return paths.report_dir(self.out_dir, self.target_id) / f"{self.kind.basename}.pdf"

    @property
    def failed_notebook_path(self) -> Path:
        return paths.report_dir(self.out_dir, self.target_id) / f"{self.kind.basename}{EXECUTED_SUFFIX}"


@dataclass(frozen=True)
class RenderedBrief:
    key: str
    html_path: Path
    pdf_path: Path
    html_sha256: str
    pdf_sha256: str
    data_sha256: dict[str, str] = field(default_factory=dict)  # the data files beside the brief: name -> sha256

    @property
    def outputs(self) -> dict[str, str]:
        """Every file the brief wrote (its name in the brief's folder) and its sha256, for the manifest."""
        return {self.html_path.name: self.html_sha256, self.pdf_path.name: self.pdf_sha256, **self.data_sha256}


class RenderError(Exception):
    """A brief could not be rendered; the message says which one, which cell and why."""


_RAW_FILE = re.compile(r"raw_file:[ \t]*(?:\"([^\"\n]+)\"|'([^'\n]+)'|([^,}\n]+?))[ \t]*(?:[,}]|$)", re.MULTILINE)


def _raw_file_of(session_file: Path, data_dir: Path) -> list[Path]:
    """The raw source a session file names, found without a YAML parse (kept cheap for no-op builds)."""
    match = _RAW_FILE.search(session_file.read_text(encoding="utf-8", errors="replace"))
    if not match:
        return sorted((data_dir / "raw").glob("*"))
    return [data_dir / next(group for group in match.groups() if group)]


def _shared_inputs(data_dir: Path) -> list[Path]:
    return [paths.codebook_file(data_dir), paths.stakeholders_file(data_dir), *sorted(paths.SCHEMAS_DIR.glob("*.json"))]


def plan_session_jobs(data_dir: Path, out_dir: Path, session_ids: list[str], grouping_scheme: str = "fine") -> list[RenderJob]:
    """A session brief for each session, and a quality brief for those with a gold standard.

    Reads only file names and the raw-file line of each session file: loading and checking the
    data happens when a brief is rendered, so an unchanged collection costs almost nothing.
    """
    from helpers.data.errors import DataError
    from helpers.data.loading import check_session_id, list_session_ids

    known = set(list_session_ids(data_dir))
    jobs = []
    for session_id in session_ids:
        check_session_id(session_id, paths.sessions_dir(data_dir))
        session_file = paths.session_file(data_dir, session_id)
        if session_id not in known:
            raise DataError(session_file, f"no session {session_id!r} in {data_dir} (known: {', '.join(sorted(known)) or 'none'})")
        gold = paths.gold_dir(data_dir) / f"{session_id}.yaml"
        inputs = [session_file, *_raw_file_of(session_file, data_dir), *_shared_inputs(data_dir)] + ([gold] if gold.is_file() else [])
        common = {"session_id": session_id, "data_dir": str(data_dir)}
        jobs.append(RenderJob(SESSION_BRIEF, session_id, {**common, "grouping_scheme": grouping_scheme}, out_dir, data_dir, tuple(inputs)))
        if gold.is_file():
            jobs.append(RenderJob(QUALITY_BRIEF, session_id, common, out_dir, data_dir, tuple(inputs)))
    return jobs


def plan_corpus_job(data_dir: Path, out_dir: Path, grouping_scheme: str = "fine", forum: str = "", year: int = 0, sdg: int = 0) -> RenderJob:
    """The corpus brief over the sessions matching the filters (all of them by default)."""
    from helpers.data.loading import list_session_ids

    inputs = []
    for session_id in list_session_ids(data_dir):
        session_file = paths.session_file(data_dir, session_id)
        inputs += [session_file, *_raw_file_of(session_file, data_dir)]
    parameters = {"grouping_scheme": grouping_scheme, "forum": forum, "year": year, "sdg": sdg, "data_dir": str(data_dir)}
    return RenderJob(CORPUS_BRIEF, paths.CORPUS_REPORT_NAME, parameters, out_dir, data_dir, tuple(inputs + _shared_inputs(data_dir)))


def check_job(job: RenderJob) -> None:
    """Load and check a job's inputs before a kernel runs it, so bad data fails with file, line and field."""
    from helpers.analysis.tables import scheme_of

    if job.kind.name == CORPUS_BRIEF.name:
        from helpers.analysis.corpus import load_corpus

        selected = load_corpus(job.data_dir, job.parameters["forum"], job.parameters["year"], job.parameters["sdg"])
        scheme_of(selected.stakeholders, job.parameters["grouping_scheme"])
        return
    from helpers.data.loading import load_inputs

    _, _, stakeholders = load_inputs(job.data_dir, job.target_id)
    scheme_of(stakeholders, job.parameters.get("grouping_scheme", "fine"))


def _failing_cell(notebook) -> tuple[int | None, str]:
    for position, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return position, f"{output.get('ename')}: {output.get('evalue')}"
    return None, "unknown error"


class WarmKernel:
    """A Python kernel started once, warmed up, and reset before each notebook it runs.

    It talks over IPC sockets in a private temporary folder (no TCP port is opened), which also
    holds its connection file. The warm-up code is sent as soon as the kernel is started and runs
    while the caller imports what it needs; the first use waits for it. The kernel ends with the
    process that started it, even if that process is killed (see ``stopping.end_with_parent``).
    """

    def __init__(self, modules: tuple[str, ...] = ALL_BRIEF_MODULES):
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._work_dir = tempfile.TemporaryDirectory(prefix="briefs-kernel-")
        folder = Path(self._work_dir.name)
        # An async manager lets nbclient watch the kernel while a cell runs, so a kernel that
        # dies is reported at once instead of being waited for; setup code uses a blocking client.
        self.manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "kernel"), connection_file=str(folder / "kernel.json"))
        self._run_sync = run_sync
        self.client = None
        self._warm_up_id = None
        self._modules = modules
        self._is_reset = False  # whether the kernel is as RESET_CODE leaves it
        self._is_interrupted = False
        try:  # an interrupt at any point must not leave a kernel running or the folder behind
            with stops_deferred():  # until the kernel process is started and known
                run_sync(self.manager.start_kernel)(cwd=str(paths.NOTEBOOKS_DIR))
            self.client = BlockingKernelClient()
            self.client.load_connection_info(self.manager.get_connection_info())
            self.client.start_channels(hb=False)  # no heartbeat thread: liveness comes from the manager
            self._send_warm_up()
        except BaseException:
            self.close()
            raise

    @contextlib.contextmanager
    def _noting_interrupts(self):
        """Around the kernel manager's event loop: an interrupt leaves its tasks half done, so that
        only a plain kill can stop the kernel afterwards."""
        try:
            yield
        except (KeyboardInterrupt, SystemExit):
            self._is_interrupted = True
            raise

    def _send_warm_up(self) -> None:
        """Queue the warm-up (the kernel runs it once up) and tie the kernel's life to this process."""
        # Ends as a reset does, so that the first notebook needs no reset of its own.
        code = WARM_UP_CODE.format(modules=", ".join(self._modules)) + END_WITH_PARENT_CODE.format(pid=os.getpid()) + RESET_CODE
        self._warm_up_id = self.client.execute(code, silent=True, store_history=False)
        self._is_reset = True

    def _wait_until_warm(self) -> None:
        if self._warm_up_id is not None:
            msg_id, self._warm_up_id = self._warm_up_id, None
            reply = self._await_reply(msg_id, "the kernel did not start")
            if reply["content"]["status"] != "ok":
                raise RenderError(f"the kernel did not start: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def _await_reply(self, msg_id: str, failure: str) -> dict:
        """The kernel's reply to one request; a kernel that dies or stays silent is a RenderError."""
        deadline = time.monotonic() + KERNEL_TIMEOUT_S
        while True:
            try:
                reply = self.client.get_shell_msg(timeout=1)
            except queue.Empty:
                with self._noting_interrupts():
                    is_alive = self._run_sync(self.manager.is_alive)()
                if not is_alive:
                    raise RenderError(f"{failure}: the kernel process ended") from None
                if time.monotonic() > deadline:
                    raise RenderError(f"{failure}: no reply in {KERNEL_TIMEOUT_S} s") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def _run(self, code: str) -> None:
        reply = self.client.execute_interactive(code, store_history=False, timeout=KERNEL_TIMEOUT_S, output_hook=lambda message: None)
        if reply["content"]["status"] != "ok":
            raise RenderError(f"kernel setup failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def run_code(self, code: str) -> None:
        """Run setup code in the kernel; raise RenderError if it fails."""
        self._wait_until_warm()
        self._is_reset = code == RESET_CODE
        self._run(code)

    def execute(self, notebook):
        """Execute a notebook in this kernel after resetting it; returns the executed notebook."""
        if self._is_reset:  # just warmed up: as a reset leaves it
            self._wait_until_warm()
        else:
            self.run_code(RESET_CODE)
        self._is_reset = False  # from here on the notebook's state is in the kernel
        client = _client_of_a_kept_kernel()(notebook, km=self.manager, kernel_name="python3", timeout=KERNEL_TIMEOUT_S, resources={"metadata": {"path": str(paths.NOTEBOOKS_DIR)}})
        try:
            with self._noting_interrupts():
                return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()

    def restart(self) -> None:
        """A fresh kernel process in place of one that died or hung; warmed up again."""
        self._warm_up_id = None
        with stops_deferred():
            self._run_sync(self.manager.restart_kernel)(now=True)
        self._send_warm_up()
        self._wait_until_warm()

    def close(self) -> None:
        """Stop the kernel process at once and remove its folder; safe after a failed start, and twice."""
        process = getattr(self.manager.provisioner, "process", None)  # the kernel's, once started
        try:
            if self.client is not None:
                self.client.stop_channels()
            if not self._is_interrupted and self.manager.has_kernel:
                self._run_sync(self.manager.shutdown_kernel)(now=True)  # also closes the manager's sockets
        finally:
            try:
                if process is not None and process.poll() is None:  # after an interrupt, or a failed shutdown
                    os.killpg(process.pid, signal.SIGKILL)  # the kernel leads its own process group
                    process.wait()
            finally:
                self._work_dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def import_rendering_modules() -> None:
    """Import what rendering needs, while a kernel starts: papermill, nbclient and nbconvert's
    exporters now; WeasyPrint (most of a second, and nothing else here imports what it imports)
    in a background thread, so that it loads while the kernel warms up and runs the first
    notebook (the PDF step's own import waits for it: Python's import lock)."""
    import nbclient  # noqa: F401
    import papermill.parameterize  # noqa: F401

    import helpers.rendering.exporters  # noqa: F401

    _weasyprint_import()


@functools.cache
def _weasyprint_import():
    """The thread importing WeasyPrint, started once per process (an error is raised again where the PDF step imports it)."""
    import threading

    def import_weasyprint() -> None:
        with contextlib.suppress(Exception):
            import weasyprint  # noqa: F401

    thread = threading.Thread(target=import_weasyprint, name="import-weasyprint", daemon=True)
    thread.start()
    return thread


def parameterise(job: RenderJob):
    """The job's notebook with its parameters injected after the parameters cell (papermill's way)."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    return parameterize_notebook(load_notebook_node(str(job.kind.notebook)), job.parameters, report_mode=False)


@functools.cache
def _client_of_a_kept_kernel():
    """nbclient's NotebookClient for a kernel this module starts and stops itself.

    nbclient's own set-up replaces the process's SIGINT and SIGTERM handlers with its event loop's
    while a notebook runs (to shut down a kernel it owns) and leaves Python's defaults behind: a
    Ctrl-C mid-brief became a CancelledError traceback, and a later ``kill`` ended the command
    without its clean-up. The kernel here is owned by WarmKernel and the signals by
    ``helpers.rendering.stopping``, so this client only opens its channels.
    """
    from contextlib import asynccontextmanager

    from nbclient import NotebookClient

    class ClientOfAKeptKernel(NotebookClient):
        @asynccontextmanager
        async def async_setup_kernel(self, **kwargs):
            if self.kc is None:
                await self.async_start_new_kernel_client()
            yield

    return ClientOfAKeptKernel


@functools.cache
def _html_exporter():
    """One exporter per process: building its template environment costs more than exporting."""
    from helpers.rendering.exporters import BriefHTMLExporter

    return BriefHTMLExporter()


@functools.cache
def _print_exporter():
    """The HTML the PDF is laid out from (the brief without its screen-only cells), one per process."""
    from helpers.rendering.exporters import BriefPrintHTMLExporter

    return BriefPrintHTMLExporter()


def render_job(job: RenderJob, kernel: WarmKernel) -> RenderedBrief:
    """Execute, export and write one brief; on failure keep the executed notebook and raise."""
    from nbclient.exceptions import CellExecutionError

    from helpers.rendering.exporters import html_to_pdf
    from helpers.data.files import sha256_of_bytes

    check_job(job)
    notebook = parameterise(job)
    try:
        executed = kernel.execute(notebook)
    except CellExecutionError as error:
        position, summary = _failing_cell(notebook)
        _keep_failed_notebook(job, notebook)
        raise RenderError(f"{job.key}: cell {position} failed: {summary} (executed notebook kept at {job.failed_notebook_path})") from error
    except (RenderError, KeyboardInterrupt):
        raise
    except Exception as error:  # a cell timed out or the kernel died: the next brief needs a fresh one
        _keep_failed_notebook(job, notebook)
        kernel.restart()
        raise RenderError(f"{job.key}: the kernel failed ({type(error).__name__}: {error}); it was restarted (notebook kept at {job.failed_notebook_path})") from error
    html, resources = _html_exporter().from_notebook_node(executed)
    html_bytes = html.encode("utf-8")
    del html
    print_html, _ = _print_exporter().from_notebook_node(executed)
    pdf_bytes = html_to_pdf(print_html)  # its import waits for the thread's, if one is under way
    del print_html
    # The brief's data files (CSV, Parquet) are written with the HTML and PDF, all or none.
    data_files = {job.html_path.parent / name: data for name, data in resources.get("outputs", {}).items()}
    try:
        write_files_atomically({job.html_path: html_bytes, job.pdf_path: pdf_bytes, **data_files})
    except OSError as error:
        raise RenderError(f"{job.key}: cannot write {job.html_path.parent}: {error.strerror or error}; the previous brief is kept") from error
    if job.failed_notebook_path.exists():
        job.failed_notebook_path.unlink()
    data_sha256 = {path.name: sha256_of_bytes(data) for path, data in sorted(data_files.items())}
    return RenderedBrief(job.key, job.html_path, job.pdf_path, sha256_of_bytes(html_bytes), sha256_of_bytes(pdf_bytes), data_sha256)


def _keep_failed_notebook(job: RenderJob, notebook) -> None:
    import nbformat

    write_files_atomically({job.failed_notebook_path: nbformat.writes(notebook).encode("utf-8")})


def render_jobs_in_one_kernel(jobs: list[RenderJob]) -> list[RenderedBrief]:
    """Render jobs one after another in a single warm kernel; the first failure is raised."""
    with WarmKernel(warm_up_modules(jobs)) as kernel:
        return [render_job(job, kernel) for job in jobs]


def render_session_briefs(session_id: str, data_dir: str | Path | None = None, out_dir: str | Path | None = None, grouping_scheme: str = "fine") -> list[RenderedBrief]:
    """Render a session's brief (and quality brief where a gold standard exists), checking inputs first."""
    from helpers.data.loading import load_inputs
    from helpers.analysis.tables import scheme_of

    data_dir = paths.resolve_data_dir(data_dir)
    out_dir = Path(out_dir).resolve() if out_dir else paths.REPORTS_DIR
    _, _, stakeholders = load_inputs(data_dir, session_id)
    scheme_of(stakeholders, grouping_scheme)
    return render_jobs_in_one_kernel(plan_session_jobs(data_dir, out_dir, [session_id], grouping_scheme))


def render_corpus_brief(data_dir: str | Path | None = None, out_dir: str | Path | None = None, grouping_scheme: str = "fine", forum: str = "", year: int = 0, sdg: int = 0) -> RenderedBrief:
    """Render ``reports/corpus/brief.html`` and ``brief.pdf`` over the selected sessions, checking inputs first."""
    from helpers.analysis.corpus import load_corpus
    from helpers.analysis.tables import scheme_of

    data_dir = paths.resolve_data_dir(data_dir)
    out_dir = Path(out_dir).resolve() if out_dir else paths.REPORTS_DIR
    selected = load_corpus(data_dir, forum, year, sdg)
    scheme_of(selected.stakeholders, grouping_scheme)
    return render_jobs_in_one_kernel([plan_corpus_job(data_dir, out_dir, grouping_scheme, forum, year, sdg)])[0]
