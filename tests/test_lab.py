"""`make lab` for real: the JupyterLab server it starts serves the three notebooks, each runs top
to bottom in a kernel through the server (REST API and kernel websocket, as JupyterLab itself
does), and stopping the server leaves no server or kernel process behind.

Each server runs with its own config, data and runtime folders, so the user's Jupyter settings
are neither read nor touched.
"""

import ast
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from html import escape
from pathlib import Path

import psutil
import pytest
import requests
import websocket
from jupyter_client.jsonutil import json_default
from jupyter_client.session import Session

from helpers.data import paths
from helpers.data.loading import load_inputs

SEED_ID = "ecosoc-pf-2025-sdg8"  # the notebooks' default session
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 90
CELL_TIMEOUT_S = 120
STOP_TIMEOUT_S = 30


@dataclass
class LabServer:
    process: subprocess.Popen  # `make lab`
    runtime_dir: Path
    url: str  # http://localhost:<port>/
    token: str
    info: dict  # the server's own jpserver-<pid>.json
    log_path: Path

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.url}api/{path}", headers={"Authorization": f"token {self.token}"}, timeout=60, **kwargs)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_make_lab(root: Path) -> LabServer:
    """Run `make lab` (setup already done: `-o setup`) with throwaway Jupyter folders, and wait
    until the server answers with the token it printed."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")}
    folders = {"JUPYTER_CONFIG_DIR": root / "config", "JUPYTER_DATA_DIR": root / "data", "JUPYTER_RUNTIME_DIR": root / "runtime", "IPYTHONDIR": root / "ipython"}
    env.update({name: str(folder) for name, folder in folders.items()})
    log_path = root / "make-lab.log"
    command = ["make", "--no-print-directory", "-C", str(paths.PROJECT_ROOT), "-o", "setup", "lab", f"BIN={BIN}", f"LAB_PORT={_free_port()}"]
    with log_path.open("wb") as log:
        # Its own process group, as a terminal would give it, so a Ctrl-C can reach make and the server.
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"make lab stopped with status {process.returncode}:\n{log_path.read_text()}"
        infos = sorted(folders["JUPYTER_RUNTIME_DIR"].glob("jpserver-*.json"))
        if infos:
            info = json.loads(infos[0].read_text(encoding="utf-8"))
            server = LabServer(process, folders["JUPYTER_RUNTIME_DIR"], info["url"], info["token"], info, log_path)
            try:
                if server.api("GET", "status").status_code == 200:
                    return server
            except requests.ConnectionError:
                pass
        time.sleep(0.2)
    _stop_process_group(process)
    raise AssertionError(f"make lab did not answer within {START_TIMEOUT_S} s:\n{log_path.read_text()}")


def _stop_process_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _processes_left(runtime_dir: Path) -> list[str]:
    """Live processes started for this server: every one of them inherited its runtime folder."""
    left = []
    for process in psutil.process_iter(["pid", "name", "status"]):
        try:
            if process.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if process.environ().get("JUPYTER_RUNTIME_DIR") == str(runtime_dir):
                left.append(f"{process.pid} {' '.join(process.cmdline())}")
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return left


def _wait_until_stopped(server: LabServer) -> list[str]:
    """Wait for make to exit; return the processes still alive a few seconds later (none, we hope)."""
    try:
        server.process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while (left := _processes_left(server.runtime_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


class KernelChannels:
    """The kernel's channels over the server's websocket, as JupyterLab uses them: send an
    execute request on shell, collect its outputs from iopub until the kernel is idle again."""

    def __init__(self, server: LabServer, kernel_id: str, session_id: str):
        ws_url = server.url.replace("http", "ws", 1) + f"api/kernels/{kernel_id}/channels?session_id={session_id}"
        self.socket = websocket.create_connection(ws_url, header=[f"Authorization: token {server.token}"], timeout=CELL_TIMEOUT_S)
        self.session = Session(session=session_id, username="test_lab")

    def request(self, msg_type: str, content: dict) -> tuple[dict, list[dict]]:
        """Send a shell request; return its reply and the iopub messages it caused."""
        message = self.session.msg(msg_type, content)
        message["channel"] = "shell"
        message["buffers"] = []
        self.socket.send(json.dumps(message, default=json_default))
        msg_id = message["header"]["msg_id"]
        reply, iopub, idle = None, [], False
        while reply is None or not idle:
            incoming = json.loads(self.socket.recv())
            if incoming.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if incoming["channel"] == "shell":
                reply = incoming
            elif incoming["channel"] == "iopub":
                if incoming["msg_type"] == "status":
                    idle = incoming["content"]["execution_state"] == "idle"
                else:
                    iopub.append(incoming)
        return reply, iopub

    def close(self) -> None:
        self.socket.close()


@dataclass
class CellRun:
    source: str
    status: str
    outputs: list  # iopub messages other than status and execute_input


def run_notebook_through_server(server: LabServer, name: str) -> list[CellRun]:
    """Open a notebook as JupyterLab does (contents, then a session with its kernel), run every
    code cell in order through the kernel websocket, and close the session."""
    model = server.api("GET", f"contents/{name}", params={"type": "notebook", "content": 1})
    assert model.status_code == 200, model.text
    notebook = model.json()["content"]
    kernel_name = notebook["metadata"]["kernelspec"]["name"]
    session = server.api("POST", "sessions", json={"path": name, "name": name, "type": "notebook", "kernel": {"name": kernel_name}})
    assert session.status_code == 201, session.text
    session = session.json()
    channels = KernelChannels(server, session["kernel"]["id"], uuid.uuid4().hex)
    try:
        reply, _ = channels.request("kernel_info_request", {})
        assert reply["content"]["status"] == "ok"
        runs = []
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            reply, iopub = channels.request("execute_request", {"code": cell["source"], "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            outputs = [message for message in iopub if message["msg_type"] != "execute_input"]
            runs.append(CellRun(cell["source"], reply["content"]["status"], outputs))
            if reply["content"]["status"] != "ok":
                break
    finally:
        channels.close()
        closed = server.api("DELETE", f"sessions/{session['id']}")
    assert closed.status_code == 204, closed.text
    return runs


def run_notebook_in_this_process(notebook: Path) -> list[str | None]:
    """Each code cell's HTML (None for a cell that shows nothing), from running the notebook's
    code here, without Jupyter: what the cells must show through the server too."""
    namespace, shown = {}, []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        statements = ast.parse("".join(cell["source"])).body
        last = statements.pop().value if statements and isinstance(statements[-1], ast.Expr) else None
        exec(compile(ast.Module(statements, type_ignores=[]), notebook.name, "exec"), namespace)
        shown.append(html_of(eval(compile(ast.Expression(last), notebook.name, "eval"), namespace)) if last else None)
    return shown


def html_of(value) -> str:
    """The HTML a cell's value shows: from its MIME bundle when it has one (the data files), else its _repr_html_."""
    if hasattr(value, "_repr_mimebundle_"):
        return value._repr_mimebundle_()["text/html"]
    return value._repr_html_()


def expected_title(notebook: Path) -> str:
    """The title block each brief opens with, from the project's data."""
    if notebook == paths.CORPUS_BRIEF_NOTEBOOK:
        return "<h1>Issues across sessions</h1>"
    session, _, _ = load_inputs(None, SEED_ID)
    return f"<h1>{escape(session.title)}</h1>"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One `make lab` server for this module, shut down as JupyterLab's File > Shut Down does,
    after which neither make, the server nor any kernel may still run."""
    server = _start_make_lab(tmp_path_factory.mktemp("lab"))
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.api("POST", "shutdown")
        left = _wait_until_stopped(server)
        _stop_process_group(server.process)
        assert left == [], f"still running after shutdown: {left}\n{server.log()}"
        assert server.process.returncode == 0, server.log()


def test_make_lab_serves_the_notebooks_folder_on_localhost_with_a_token(lab):
    assert Path(lab.info["root_dir"]) == paths.NOTEBOOKS_DIR
    assert lab.info["hostname"] == "localhost" and len(lab.token) >= 32
    listening = [c.laddr.ip for c in psutil.Process(lab.info["pid"]).net_connections("inet") if c.status == psutil.CONN_LISTEN]
    assert listening and set(listening) <= {"127.0.0.1", "::1"}
    assert requests.get(f"{lab.url}api/contents", timeout=30).status_code == 403  # no token, no entry
    listing = lab.api("GET", "contents").json()["content"]
    names = {paths.SESSION_BRIEF_NOTEBOOK.name, paths.CODEBOOK_QUALITY_NOTEBOOK.name, paths.CORPUS_BRIEF_NOTEBOOK.name}
    assert names <= {entry["name"] for entry in listing if entry["type"] == "notebook"}
    assert "Jupyter Server" in lab.log() and f"?token={lab.token}" in lab.log()  # the URL to open, printed


@pytest.mark.parametrize("notebook", [paths.SESSION_BRIEF_NOTEBOOK, paths.CODEBOOK_QUALITY_NOTEBOOK, paths.CORPUS_BRIEF_NOTEBOOK], ids=lambda p: p.stem)
def test_each_notebook_runs_top_to_bottom_through_the_server(lab, notebook):
    committed = notebook.read_bytes()
    folder_before = sorted(p.name for p in paths.NOTEBOOKS_DIR.iterdir())
    runs = run_notebook_through_server(lab, notebook.name)

    failed = [(run.source, [m["content"] for m in run.outputs if m["msg_type"] == "error"]) for run in runs if run.status != "ok"]
    assert failed == []
    code_cells = [c for c in json.loads(committed)["cells"] if c["cell_type"] == "code"]
    assert len(runs) == len(code_cells)
    stderr = [m["content"]["text"] for run in runs for m in run.outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"]
    assert stderr == []
    # The parameters and the loading cell show nothing; every later cell shows one piece of the brief.
    assert [run.outputs for run in runs[:2]] == [[], []]
    shown = [[m["msg_type"] for m in run.outputs] for run in runs[2:]]
    assert shown == [["execute_result"]] * (len(runs) - 2)
    html = [run.outputs[0]["content"]["data"]["text/html"] for run in runs[2:]]
    assert expected_title(notebook) in html[0]
    assert [None, None, *html] == run_notebook_in_this_process(notebook)
    # Running is not saving: the committed notebook stays as it was, without outputs or checkpoints.
    assert notebook.read_bytes() == committed
    assert sorted(p.name for p in paths.NOTEBOOKS_DIR.iterdir()) == folder_before


def test_kernels_run_in_notebooks_with_the_projects_python_and_ctrl_c_stops_them(tmp_path):
    server = _start_make_lab(tmp_path)
    try:
        session = server.api("POST", "sessions", json={"path": "scratch.ipynb", "name": "scratch", "type": "notebook", "kernel": {"name": "python3"}})
        assert session.status_code == 201, session.text
        channels = KernelChannels(server, session.json()["kernel"]["id"], uuid.uuid4().hex)
        code = "import os, sys\n(os.getpid(), os.getcwd(), sys.executable)"
        reply, iopub = channels.request("execute_request", {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False})
        channels.close()
        result = next(m for m in iopub if m["msg_type"] == "execute_result")["content"]["data"]["text/plain"]
        kernel_pid, cwd, python = ast.literal_eval(result)
        # Relative paths in a notebook start from notebooks/, and `helpers` is the project's own.
        assert Path(cwd) == paths.NOTEBOOKS_DIR and Path(python).parent == BIN
        assert any(str(server.runtime_dir) in part for part in psutil.Process(kernel_pid).cmdline())
        os.killpg(server.process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        assert _wait_until_stopped(server) == []
        assert not psutil.pid_exists(kernel_pid) or psutil.Process(kernel_pid).status() == psutil.STATUS_ZOMBIE
    finally:
        _stop_process_group(server.process)
