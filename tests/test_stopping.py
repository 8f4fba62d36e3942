"""A stopped render leaves nothing running: Ctrl-C, kill, a closed terminal or kill -9, at any moment.

Each test runs the real `briefs render` on a tiny collection, walks its process tree (workers and
their kernels) until the moment of the stop, and then checks that none of those processes is
alive 10 s later, that the previous briefs are byte for byte the same, and that no temporary file
is left (the command's TMPDIR and Jupyter runtime folder are empty folders of the test's own).
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from helpers.cli import main
from helpers.rendering import stopping
from tiny_data import write_collection, write_generated_session

BRIEFS = Path(sys.executable).parent / "briefs"
GONE_WITHIN_S = 10
KERNEL = "ipykernel_launcher"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """A tiny collection of two sessions and a corpus brief, rendered once: the previous briefs."""
    root = tmp_path_factory.mktemp("stopping")
    data_dir = write_collection(root / "data")
    write_generated_session(data_dir, "later-session", "Tiny forum", "2026-05-01", ["Skills and safety for workers;", "Training;"])
    out_dir = root / "reports"
    assert main(["render", "--all", "--data-dir", str(data_dir), "--out-dir", str(out_dir), "--jobs", "1"]) == 0
    return data_dir, out_dir


def _listing(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


class Run:
    """A `briefs render` in the background, with every process it starts remembered."""

    def __init__(self, tmp_path: Path, arguments: list, own_group: bool = False):
        self.tmp_dir, self.runtime_dir, self.site_dir = tmp_path / "tmp", tmp_path / "runtime", tmp_path / "site"
        for folder in (self.tmp_dir, self.runtime_dir, self.site_dir):
            folder.mkdir()
        self.stderr_path = tmp_path / "stderr.txt"
        # Python runs sitecustomize at the end of its own start-up: the moment the command's code can begin.
        (self.site_dir / "sitecustomize.py").write_text(f"open({str(self.site_dir / 'python-is-up')!r}, 'a').close()\n", encoding="utf-8")
        env = {**os.environ, "TMPDIR": str(self.tmp_dir), "JUPYTER_RUNTIME_DIR": str(self.runtime_dir), "PYTHONPATH": str(self.site_dir)}
        with self.stderr_path.open("w") as stderr:  # a file, not a pipe: processes left behind would hold a pipe open
            self.process = subprocess.Popen([BRIEFS, "render", *map(str, arguments)], stdout=subprocess.DEVNULL, stderr=stderr, env=env, start_new_session=own_group)
        self.started = time.monotonic()
        self.seen: dict[int, psutil.Process] = {}

    def walk(self) -> list[psutil.Process]:
        """The command's descendants now (remembered for later), each a worker or a kernel."""
        try:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                self.seen.setdefault(child.pid, child)
        except psutil.NoSuchProcess:
            return []
        return [p for p in self.seen.values() if _is_alive(p)]

    def watch_until(self, is_ready, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while not is_ready(self.walk()):
            assert self.process.poll() is None, f"the render ended before the stop: {self.stderr_path.read_text()}"
            assert time.monotonic() < deadline, "the render never reached the moment of the stop"
            time.sleep(0.02)

    def watch_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            self.walk()
            time.sleep(0.02)

    def stop(self, signum: int, to_group: bool = False) -> None:
        self.walk()
        if to_group:  # as a terminal does for Ctrl-C or when it closes: the command and its workers
            os.killpg(self.process.pid, signum)
        else:  # as `kill` does: the command alone
            self.process.send_signal(signum)
        self.stopped = time.monotonic()
        self.process.wait(timeout=60)

    def left_running(self) -> list[str]:
        """Processes the command started that are still alive GONE_WITHIN_S after the stop (none, or we wait that long)."""
        while time.monotonic() < self.stopped + GONE_WITHIN_S and any(_is_alive(p) for p in self.seen.values()):
            time.sleep(0.1)
        alive = [p for p in self.seen.values() if _is_alive(p)]
        for process in alive:  # never leave them to the next test
            process.kill()
        return [" ".join(p.cmdline()[-4:]) for p in alive]

    def stray_files(self) -> list[str]:
        return [str(p) for p in (*self.tmp_dir.rglob("*"), *self.runtime_dir.rglob("*"))]

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8")


def _is_alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _kernels(processes) -> list:
    return [p for p in processes if any(KERNEL in part for part in p.cmdline())]


def _render_all(rendered, tmp_path, own_group=False) -> Run:
    data_dir, out_dir = rendered
    return Run(tmp_path, ["--all", "--force", "--jobs", "2", "--data-dir", data_dir, "--out-dir", out_dir], own_group=own_group)


def _mid_render(processes) -> bool:
    """Both workers have started their kernels."""
    return len(_kernels(processes)) == 2 and len(processes) == 4


def _workers_starting(processes) -> bool:
    """Both workers exist, their kernels not yet (or just) started."""
    return len(processes) >= 2


STOPS = [
    pytest.param(signal.SIGTERM, _mid_render, 1.0, id="kill-mid-render"),
    pytest.param(signal.SIGHUP, _mid_render, 1.0, id="hangup-mid-render"),
    pytest.param(signal.SIGTERM, _workers_starting, 0.0, id="kill-while-workers-start"),
    pytest.param(signal.SIGKILL, _mid_render, 1.0, id="kill-9-mid-render"),
    pytest.param(signal.SIGKILL, _workers_starting, 0.0, id="kill-9-while-workers-start"),
]


@pytest.mark.parametrize(("signum", "moment", "then_s"), STOPS)
def test_a_stopped_render_leaves_nothing_running_and_the_previous_briefs_untouched(rendered, tmp_path, signum, moment, then_s):
    _, out_dir = rendered
    before = _listing(out_dir)
    run = _render_all(rendered, tmp_path)
    run.watch_until(moment)
    run.watch_for(then_s)
    run.stop(signum)
    if signum == signal.SIGKILL:
        assert run.process.returncode == -signal.SIGKILL and run.stderr == ""
    else:
        assert run.process.returncode == 128 + signum
        name = signal.Signals(signum).name
        assert run.stderr.startswith(f"interrupted ({name}): ") and run.stderr.count("\n") == 1, run.stderr
    assert run.left_running() == []
    assert _listing(out_dir) == before  # the same files, byte for byte: no partial output, no temporary file
    assert run.stray_files() == []


@pytest.mark.parametrize("delay_s", [0.05, 0.15, 0.3])
def test_ctrl_c_during_start_up_is_one_line_and_status_130(rendered, tmp_path, delay_s):
    """From the moment Python itself is up (before that, Python's own start-up is all there is to stop)."""
    data_dir, out_dir = rendered
    before = _listing(out_dir)
    run = Run(tmp_path, ["tiny-session", "--force", "--jobs", "1", "--data-dir", data_dir, "--out-dir", out_dir], own_group=True)
    run.watch_until(lambda processes: (run.site_dir / "python-is-up").exists(), timeout_s=30)
    run.watch_for(delay_s)
    run.stop(signal.SIGINT, to_group=True)
    assert (run.process.returncode, run.stderr.count("\n")) == (130, 1), run.stderr
    assert run.stderr.startswith("interrupted (SIGINT): ") and "Traceback" not in run.stderr
    assert run.left_running() == [] and run.stray_files() == []
    assert _listing(out_dir) == before


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("moment", ["kernel-starting", "mid-render"])
def test_ctrl_c_while_kernels_start_or_render_is_one_line_and_status_130(rendered, tmp_path, jobs, moment):
    data_dir, out_dir = rendered
    before = _listing(out_dir)
    run = Run(tmp_path, ["--all", "--force", "--jobs", jobs, "--data-dir", data_dir, "--out-dir", out_dir], own_group=True)
    run.watch_until(lambda processes: len(_kernels(processes)) == jobs)
    if moment == "mid-render":
        run.watch_for(1.5)
    run.stop(signal.SIGINT, to_group=True)
    assert (run.process.returncode, run.stderr.count("\n")) == (130, 1), run.stderr
    assert run.stderr == "interrupted (SIGINT): finished briefs are in place, unfinished ones left the previous version untouched\n"
    assert run.left_running() == [] and run.stray_files() == []
    assert _listing(out_dir) == before


# The parts, one by one.


def test_stop_signals_raise_once_and_the_previous_handlers_come_back():
    before = {signum: signal.getsignal(signum) for signum in stopping.STOP_SIGNALS}
    with stopping.stop_signals_raised():
        with pytest.raises(stopping.StopRequested) as caught:
            signal.raise_signal(signal.SIGTERM)
        assert (caught.value.signum, stopping.exit_status_of(caught.value), stopping.name_of(caught.value)) == (signal.SIGTERM, 143, "SIGTERM")
        signal.raise_signal(signal.SIGHUP)  # while the first stop is cleaned up after: ignored
    assert {signum: signal.getsignal(signum) for signum in stopping.STOP_SIGNALS} == before


def test_a_stop_dropped_in_a_destructor_is_raised_again():
    class Dropping:
        def __del__(self):
            signal.raise_signal(signal.SIGHUP)  # the handler raises here, where Python drops exceptions

    with stopping.stop_signals_raised():
        with pytest.raises(stopping.StopRequested) as caught:
            Dropping()
            time.sleep(5)  # the stop is raised again here, outside __del__
        assert caught.value.signum == signal.SIGHUP


WATCHED_CHILD = """
import os, signal, sys, time
from helpers.rendering import stopping
pid = os.fork()
if pid == 0:
    getattr(stopping, sys.argv[1])(os.getppid(), signal.SIGKILL)
    time.sleep(60)
    os._exit(0)
print(pid, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("how", ["end_with_parent", "watch_parent"])
def test_a_process_ends_when_its_parent_is_killed(how):
    parent = subprocess.Popen([sys.executable, "-c", WATCHED_CHILD, how], stdout=subprocess.PIPE, text=True)
    child = psutil.Process(int(parent.stdout.readline()))
    time.sleep(0.2)  # the child has asked to end with its parent (or is watching it)
    parent.kill()
    parent.wait()
    try:
        child.wait(timeout=3 * stopping.PARENT_POLL_S + 2)
    except psutil.TimeoutExpired:
        child.kill()
        raise AssertionError("the child outlived its parent") from None
