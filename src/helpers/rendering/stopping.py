"""Stopping cleanly, whatever stops us: Ctrl-C, ``kill``, a closed terminal, or the death of the command.

The ``briefs`` command turns SIGINT, SIGTERM and SIGHUP into :class:`StopRequested`, a
KeyboardInterrupt, so that one clean-up path (kernels shut down, temporary files removed, the
previous briefs kept) serves all three; it then exits with 128 + the signal's number, as a shell
reports a command ended by that signal. Render workers leave Ctrl-C and a closed terminal to the
command, which stops them with SIGTERM, and end by themselves, with their kernels, when the
command dies without warning (SIGKILL, the out-of-memory killer).
"""

import contextlib
import os
import signal
import sys
import threading
import time

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PARENT_POLL_S = 0.5  # how often a worker without Linux's parent-death signal looks for its parent
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_deferral = {"depth": 0, "pending": None}  # see stops_deferred; signal handlers run in the main thread only


class StopRequested(KeyboardInterrupt):
    """A stop signal arrived in the command: unwind, clean up, exit with :attr:`exit_status`."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class WorkerStopped(SystemExit):
    """A worker process was told to stop (SIGTERM): unwind, close the kernel, exit."""


def exit_status_of(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number: 130 for Ctrl-C (a plain KeyboardInterrupt too), 143 for SIGTERM, 129 for SIGHUP.

    >>> exit_status_of(StopRequested(signal.SIGTERM)), exit_status_of(KeyboardInterrupt())
    (143, 130)
    """
    return 128 + getattr(interrupt, "signum", signal.SIGINT)


def name_of(interrupt: KeyboardInterrupt) -> str:
    """The signal behind an interrupt, by name.

    >>> name_of(StopRequested(signal.SIGHUP)), name_of(KeyboardInterrupt())
    ('SIGHUP', 'SIGINT')
    """
    return signal.Signals(getattr(interrupt, "signum", signal.SIGINT)).name


@contextlib.contextmanager
def stop_signals_raised():
    """Within the block, SIGINT, SIGTERM and SIGHUP raise StopRequested in the main thread.

    Only the first does: a second signal while the first is being cleaned up after is ignored, so
    that the clean-up (bounded in time) finishes. A stop raised where Python drops exceptions (in
    a ``__del__`` method) is raised again. The previous handlers are restored afterwards.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    received = []
    owner = os.getpid()

    def raise_stop(signum, frame):
        if os.getpid() != owner:  # a forked worker before it set its own handlers: nothing to clean up yet
            os._exit(128 + signum)
        if not received:
            received.append(signum)
            _raise_or_defer(StopRequested(signum))

    def raise_again_if_dropped(unraisable):
        if isinstance(unraisable.exc_value, StopRequested):
            received.clear()
            # Sent from another thread, so that it is raised once the __del__ has returned.
            threading.Timer(0.01, os.kill, (os.getpid(), unraisable.exc_value.signum)).start()
        else:
            previous_hook(unraisable)

    previous = {signum: signal.signal(signum, raise_stop) for signum in STOP_SIGNALS}
    previous_hook, sys.unraisablehook = sys.unraisablehook, raise_again_if_dropped
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def become_worker(parent_pid: int) -> None:
    """Set a render worker's signals: SIGINT and SIGHUP are the command's to act on (it stops its
    workers with SIGTERM); SIGTERM raises WorkerStopped; the command's death sends SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    end_with_parent(parent_pid, signal.SIGTERM)


def _stop_worker(signum, frame):
    signal.signal(signum, signal.SIG_IGN)  # one stop is enough: the clean-up must not be cut short
    _raise_or_defer(WorkerStopped(128 + signum))


def _raise_or_defer(stop: BaseException) -> None:
    if _deferral["depth"]:
        _deferral["pending"] = _deferral["pending"] or stop
        return
    raise stop


@contextlib.contextmanager
def stops_deferred():
    """Within the block, a stop waits, and is raised when the block ends: for short steps that must
    not be cut in half, such as starting a kernel (a process started but not yet recorded would be
    left running)."""
    _deferral["depth"] += 1
    try:
        yield
    finally:
        _deferral["depth"] -= 1
        stop = _deferral["pending"]
        if stop is not None and not _deferral["depth"]:
            _deferral["pending"] = None
            raise stop


def end_with_parent(parent_pid: int, signum: int) -> None:
    """Have ``signum`` sent to this process when its parent ``parent_pid`` dies.

    On Linux the kernel sends it at once (the parent-death signal; it fires when the thread that
    started this process ends, and every process here is started from a main thread); elsewhere
    a thread looks for the parent every PARENT_POLL_S seconds.
    """
    if _set_parent_death_signal(signum):
        if os.getppid() != parent_pid:  # the parent died before the request took effect
            os.kill(os.getpid(), signum)
        return
    threading.Thread(target=watch_parent, args=(parent_pid, signum), name="watch-parent", daemon=True).start()


def _set_parent_death_signal(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0


def watch_parent(parent_pid: int, signum: int) -> None:
    """Wait until this process's parent is no longer ``parent_pid`` (it died), then send ``signum`` to this process."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os.kill(os.getpid(), signum)
