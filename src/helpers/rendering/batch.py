"""Render many briefs: skip the unchanged, run the rest in parallel warm kernels, keep a manifest.

The manifest (``reports/manifest.json``) records, for every brief, the sha256 of each input
(notebook, data files, codebook, stakeholders, schemas), the parameters, a digest of the helpers'
code, the versions of the packages that shape the output, and the sha256 of each output. A
brief whose record still matches is skipped; ``force`` renders it anyway.
"""

import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from helpers.data import paths
from helpers.data.files import write_files_atomically
from helpers.data.text import sha256_of_file
from helpers.rendering.stopping import WorkerStopped, become_worker

MANIFEST_NAME = "manifest.json"
INDEX_NAME = "index.html"
# Packages whose version can change a brief's bytes.
OUTPUT_SHAPING_PACKAGES = (
    "nbconvert", "nbformat", "nbclient", "papermill", "ipykernel", "jupyter_client", "mistune", "jinja2",
    "pandas", "numpy", "matplotlib", "weasyprint", "pydyf", "tinycss2", "fonttools", "scikit-learn",
    "krippendorff", "jsonschema", "ruamel.yaml", "regex", "ipython", "pyarrow",
)  # fmt: skip


@dataclass
class BatchResult:
    """What a batch did: rendered, skipped as unchanged, failed (with messages)."""

    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return f"{len(self.rendered)} rendered, {len(self.skipped)} unchanged, {len(self.failed)} failed"


@cache
def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape output, and Python's."""
    versions = {"python": sys.version.split()[0]}
    for name in OUTPUT_SHAPING_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@cache
def code_digest() -> str:
    """One sha256 over the helpers' code and templates, so a code change re-renders every brief."""
    return digest_folder(Path(__file__).resolve().parents[1])  # the whole helpers package


def digest_folder(folder: Path) -> str:
    """One sha256 over every file's path and bytes in a folder (compiled caches left out)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(sha256_of_file(path).encode())
    return digest.hexdigest()


def _display_path(path: Path, data_dir: Path) -> str:
    """Paths in the manifest are relative (to the data folder or the project), so clones agree."""
    for base, prefix in ((data_dir, "data"), (paths.PROJECT_ROOT, "")):
        try:
            relative = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
        return f"{prefix}/{relative}" if prefix else relative
    return path.as_posix()


def fingerprint(job) -> dict:
    """Everything that shapes a brief's bytes, as recorded in the manifest."""
    inputs = {_display_path(job.kind.notebook, job.data_dir): sha256_of_file(job.kind.notebook)}
    for path in job.input_files:
        inputs[_display_path(path, job.data_dir)] = sha256_of_file(path) if path.is_file() else "missing"
    parameters = {key: value for key, value in job.parameters.items() if key != "data_dir"}
    return {"inputs": inputs, "parameters": parameters, "code_sha256": code_digest(), "packages": package_versions()}


def load_manifest(out_dir: Path) -> dict:
    """The manifest of a reports folder, or an empty one."""
    path = out_dir / MANIFEST_NAME
    if not path.is_file():
        return {"briefs": {}}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {"briefs": {}}  # a damaged manifest only costs a full rebuild


def is_up_to_date(job, record: dict | None, current: dict) -> bool:
    """True when the recorded inputs match and every output (HTML, PDF, data files) is still the recorded bytes."""
    if not record or any(record.get(key) != value for key, value in current.items()):
        return False
    outputs = record.get("outputs", {})
    if not {job.html_path.name, job.pdf_path.name} <= set(outputs):
        return False
    for name, sha256 in outputs.items():
        path = job.html_path.parent / name
        if not path.is_file() or sha256_of_file(path) != sha256:
            return False
    return True


# Worker processes: each holds one warm kernel for all the jobs it is given.
_WORKER_KERNEL = None
WORKER_STOP_TIMEOUT_S = 15  # a worker told to stop closes its kernel in well under this; then it is killed


def _start_kernel(modules: tuple[str, ...]) -> None:
    global _WORKER_KERNEL
    from helpers.rendering.render import WarmKernel, import_rendering_modules

    _WORKER_KERNEL = WarmKernel(modules)
    import_rendering_modules()  # while the kernel starts and warms up


def _close_kernel() -> None:
    global _WORKER_KERNEL
    kernel, _WORKER_KERNEL = _WORKER_KERNEL, None
    if kernel is not None:
        kernel.close()


def _start_worker(parent_pid: int, modules: tuple[str, ...]) -> None:
    """Pool initializer: signals first, so that a stop even during start-up closes the kernel."""
    from multiprocessing import util

    try:
        become_worker(parent_pid)
        _start_kernel(modules)
    except WorkerStopped as stop:
        _close_kernel()
        os._exit(stop.code)  # quietly: the pool would log an initializer's exception with its traceback
    # Pool workers leave through os._exit, skipping atexit; multiprocessing's finalizers still run.
    util.Finalize(None, _close_kernel, exitpriority=10)


def _render_in_worker(job):
    from helpers.data.errors import DataError
    from helpers.rendering.render import RenderError, render_job

    try:
        return job.key, render_job(job, _WORKER_KERNEL), None
    except WorkerStopped as stop:  # mid-brief: its temporary files are already gone; the pool would carry on
        _close_kernel()
        os._exit(stop.code)
    except (RenderError, DataError, ValueError) as error:
        return job.key, None, str(error)
    except Exception as error:  # one brief's unexpected failure must not stop the others
        return job.key, None, f"{job.key}: {type(error).__name__}: {error}"


def _stop_workers(pool, workers) -> None:
    """Stop the workers now: SIGTERM makes each close its kernel and remove its temporary files;
    one still running after WORKER_STOP_TIMEOUT_S is killed (its kernel ends with it)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + WORKER_STOP_TIMEOUT_S
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.is_alive():
            worker.kill()
            worker.join()


def run_batch(jobs: list, n_jobs: int = 1, force: bool = False, progress: bool = True) -> BatchResult:
    """Render the jobs that are out of date, ``n_jobs`` at a time, and update the manifest and index.

    Jobs share one reports folder (``out_dir`` of the first job). Failures are collected, not raised.
    """
    result = BatchResult()
    if not jobs:
        return result
    out_dir = jobs[0].out_dir
    manifest = load_manifest(out_dir)
    records = manifest.setdefault("briefs", {})
    pending, current = [], {}
    for job in jobs:
        current[job.key] = fingerprint(job)
        if not force and is_up_to_date(job, records.get(job.key), current[job.key]):
            result.skipped.append(job.key)
        else:
            pending.append(job)
    # The corpus brief is the longest: start it first so it does not finish last alone.
    pending.sort(key=lambda job: job.kind.name != "corpus")
    try:
        if pending:
            _render_pending(pending, n_jobs, progress, result, records, current)
    finally:  # after a stop too: the briefs finished before it are recorded, and not rendered again
        pruned = prune_records(records, jobs[0].data_dir)
        try:
            if pending or pruned:
                write_files_atomically({out_dir / MANIFEST_NAME: (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")})
            write_index(out_dir, manifest, jobs[0].data_dir, only_if_missing=not (pending or pruned))
        except OSError as error:  # the briefs are written; a manifest that cannot be only costs a rebuild
            result.failed["manifest"] = f"cannot write {out_dir}: {error.strerror or error}"
    return result


def prune_records(records: dict, data_dir: Path) -> list[str]:
    """Forget briefs whose session or gold standard is gone, so the index stops listing them."""
    gone = [
        key
        for key, record in records.items()
        if record.get("target") != paths.CORPUS_REPORT_NAME
        and (
            not paths.session_file(data_dir, record.get("target", "")).is_file()
            or (record.get("kind") == "quality" and not (paths.gold_dir(data_dir) / f"{record.get('target')}.yaml").is_file())
        )
    ]
    for key in gone:
        del records[key]
    return gone


def _render_pending(pending, n_jobs, progress, result, records, current) -> None:
    from tqdm import tqdm

    from helpers.rendering.render import warm_up_modules

    jobs_by_key = {job.key: job for job in pending}
    bar = tqdm(total=len(pending), desc="Rendering briefs", unit="brief", disable=not progress, file=sys.stderr)

    def record(key, rendered, error):
        bar.update(1)
        if error:
            result.failed[key] = error
            return
        result.rendered.append(key)
        job = jobs_by_key[key]
        records[key] = {
            **current[key],
            "kind": job.kind.name,
            "target": job.target_id,
            "outputs": rendered.outputs,
        }

    try:
        if n_jobs <= 1 or len(pending) == 1:
            try:
                _start_kernel(warm_up_modules(pending))
                for job in pending:
                    record(*_render_in_worker(job))
            except (OSError, RuntimeError, ImportError, KeyError) as error:  # the kernel could not start (KeyError: no such kernel)
                for job in pending:
                    if job.key not in result.rendered and job.key not in result.failed:
                        record(job.key, None, f"{job.key}: not rendered: the kernel could not start ({type(error).__name__}: {error})")
            finally:
                _close_kernel()
        else:
            others = set(multiprocessing.active_children())
            pool = ProcessPoolExecutor(max_workers=min(n_jobs, len(pending)), initializer=_start_worker, initargs=(os.getpid(), warm_up_modules(pending)))
            try:
                futures = {pool.submit(_render_in_worker, job): job for job in pending}
                for future in as_completed(futures):
                    try:
                        record(*future.result())
                    except BrokenProcessPool as error:  # a worker died or could not start its kernel
                        job = futures[future]
                        record(job.key, None, f"{job.key}: not rendered: a worker process failed ({error})")
            except KeyboardInterrupt:  # Ctrl-C, SIGTERM or SIGHUP (StopRequested)
                _stop_workers(pool, [worker for worker in multiprocessing.active_children() if worker not in others])
                raise
            finally:
                pool.shutdown(wait=True)
    finally:
        bar.close()


FILE_LABELS = {".html": "HTML", ".pdf": "PDF", ".csv": "CSV", ".parquet": "Parquet"}


def write_index(out_dir: Path, manifest: dict, data_dir: Path, only_if_missing: bool = False) -> Path:
    """``reports/index.html``: every brief in the manifest with its session facts and links to its files."""
    from helpers.briefs.templating import render_template

    path = out_dir / INDEX_NAME
    if only_if_missing and path.is_file():
        return path
    rows = []
    for key, record in sorted(manifest.get("briefs", {}).items(), key=lambda item: (item[1].get("target") == paths.CORPUS_REPORT_NAME, item[0])):
        target = record.get("target", key.split("/")[0])
        facts = _session_facts(data_dir, target)
        names = sorted(record.get("outputs", {}), key=lambda name: (list(FILE_LABELS).index(Path(name).suffix) if Path(name).suffix in FILE_LABELS else len(FILE_LABELS), name))
        files = [{"name": name, "label": FILE_LABELS.get(Path(name).suffix, name)} for name in names]
        rows.append({"kind": record.get("kind", ""), "title": facts.get("title", target), "forum": facts.get("forum", ""), "date": facts.get("date", ""), "target": target, "files": files})
    data = render_template("index_page.html.j2", rows=rows).encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        write_files_atomically({path: data})
    return path


def _session_facts(data_dir: Path, target: str) -> dict:
    """Title, forum and date of a session from its file (plain YAML read; it was validated when rendered)."""
    if target == paths.CORPUS_REPORT_NAME:
        return {"title": "Issues across sessions (corpus brief)"}
    session_file = paths.session_file(data_dir, target)
    if not session_file.is_file():
        return {}
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="safe", pure=True).load(session_file.read_text(encoding="utf-8")) or {}
    except Exception:  # the index must not fail because one session file is being edited
        return {}
    date = (data.get("date") or {}).get("value")
    inferred = (data.get("date") or {}).get("is_inferred")
    return {"title": str(data.get("title", target)), "forum": str(data.get("forum", "")), "date": f"{date}{' (inferred)' if inferred else ''}" if date else "not stated"}
