"""Hostile and broken input: one readable error naming where, exit status 1, nothing lost, nothing run.

Each test here backs one row of the README's table "What bad input gets".
"""

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.analysis import coding
from helpers.data import files, loading, patterns
from helpers.cli import main
from helpers.data.patterns import GroupFinder, IssueCoder
from helpers.data.errors import DataError
from helpers.ingest import ingest_summary
from helpers.data.loading import load_codebook, load_inputs, load_stakeholders
from helpers.data.paths import DATA_DIR, NOTEBOOKS_DIR, SESSION_BRIEF_NOTEBOOK
from tiny_data import TINY_CODEBOOK, write_collection

BIN = Path(sys.executable).parent


def _listing(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(capsys, *argv):
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.err


def test_empty_session_is_refused(tiny_data_dir, capsys):
    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    text = session_file.read_text(encoding="utf-8")
    session_file.write_text(text[: text.index("statements:")] + "statements: []\n", encoding="utf-8")
    status, err = _run(capsys, "validate", "--data-dir", tiny_data_dir)
    assert status == 1
    assert err == f"error: {session_file}:11: statements: [] should be non-empty\n"


def test_a_20_mb_summary_is_refused_quickly_with_bounded_memory(tmp_path, capsys):
    data_dir = write_collection(tmp_path / "data")
    before = _listing(data_dir)
    huge = tmp_path / "huge.txt"
    with open(huge, "w", encoding="utf-8") as stream:
        stream.write("Forum\n\n1. Key issues\n\n")
        for number in range(400_000):
            stream.write(f"- Statement number {number} about skills and decent work;\n")
    assert huge.stat().st_size > 20 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    status, err = _run(capsys, "ingest", huge, "--data-dir", data_dir)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert status == 1 and err.startswith(f"error: {huge}: file is 2") and "split it, or check it is the right file" in err
    assert elapsed < 5 and peak < 20 * 1024 * 1024
    assert _listing(data_dir) == before


def _add_catastrophic_pattern(data_dir):
    codebook = data_dir / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("'\\btraining\\b'", "'\\btraining\\b', '(a|aa)+$'"), encoding="utf-8")


def test_a_pattern_that_backtracks_catastrophically_is_refused_in_bounded_time(tiny_data_dir):
    _add_catastrophic_pattern(tiny_data_dir)
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        load_codebook(tiny_data_dir)
    assert time.perf_counter() - started < 10
    assert (caught.value.line, caught.value.field) == (8, "issues[0].patterns[2]")
    assert "backtracks catastrophically" in caught.value.message


def test_coding_time_is_bounded_even_for_a_pattern_the_load_check_misses(tiny_data_dir, monkeypatch):
    from helpers.data.model import Statement

    _add_catastrophic_pattern(tiny_data_dir)
    monkeypatch.setattr(loading, "_TORTURE_TEXTS", ())
    monkeypatch.setattr(patterns, "PATTERN_TIMEOUT_S", 0.2)
    _, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    statement = Statement(id="s1-dddddd", section=1, text="a" * 60 + "!", session_id="tiny-session")
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        coding.code_statements([statement], codebook, stakeholders)
    assert time.perf_counter() - started < 5
    assert "pattern '(a|aa)+$' took more than 0.2 s" in str(caught.value) and "statement s1-dddddd of session tiny-session" in str(caught.value)


@pytest.mark.parametrize("session_id", ["../../etc", "a b", "Tiny", "x/../y", ""])
def test_session_ids_that_are_not_ids_are_refused(tiny_data_dir, tmp_path, capsys, session_id):
    for command in (["export", session_id], ["render", session_id, "--out-dir", tmp_path / "out"], ["evaluate", session_id]):
        status, err = _run(capsys, *command, "--data-dir", tiny_data_dir)
        assert status == 1, command
        assert f"{session_id!r} is not a valid session id" in err
    assert not (tmp_path / "out").exists()


def test_ingest_refuses_an_id_that_is_a_path(tiny_data_dir, tmp_path, capsys):
    summary = tmp_path / "summary.txt"
    summary.write_text("Forum\n\n1. Key issues\n\n- Skills matter;\n", encoding="utf-8")
    before = _listing(tiny_data_dir)
    status, err = _run(capsys, "ingest", summary, "--id", "../escape", "--data-dir", tiny_data_dir)
    assert status == 1 and "'../escape'" in err
    assert _listing(tiny_data_dir) == before


def test_parameters_with_quotes_and_newlines_are_taken_as_data(tiny_data_dir, tmp_path):
    hostile = 'fine"\nprint("INJECTED")\n#'
    executed = tmp_path / "out.ipynb"
    result = subprocess.run(
        [BIN / "papermill", SESSION_BRIEF_NOTEBOOK, executed, "-p", "session_id", "tiny-session", "-p", "data_dir", str(tiny_data_dir), "-p", "grouping_scheme", hostile],
        capture_output=True, text=True, timeout=300, cwd=NOTEBOOKS_DIR,
    )
    assert result.returncode != 0
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    outputs = [output for cell in notebook["cells"] for output in cell.get("outputs", [])]
    errors = [output["evalue"] for output in outputs if output["output_type"] == "error"]
    assert errors == [f"unknown grouping scheme {hostile!r}; known: fine, tripartite"]
    printed = "".join("".join(output.get("text", "")) for output in outputs if output["output_type"] == "stream")
    assert "INJECTED" not in printed


def test_parameter_injection_keeps_the_exact_string(tiny_data_dir, tmp_path):
    from helpers.rendering.render import parameterise, plan_session_jobs

    job = plan_session_jobs(tiny_data_dir, tmp_path, ["tiny-session"], 'a"b\nc\\d\'e')[0]
    injected = next(cell for cell in parameterise(job).cells if "injected-parameters" in cell.metadata.get("tags", []))
    namespace = {}
    exec(injected.source, namespace)  # noqa: S102 - the point: the injected code only assigns data
    assert namespace["grouping_scheme"] == 'a"b\nc\\d\'e'


@pytest.fixture(scope="module")
def good_reports(tmp_path_factory):
    data_dir = write_collection(tmp_path_factory.mktemp("full") / "data")
    out_dir = data_dir.parent / "reports"
    assert main(["render", "tiny-session", "--data-dir", str(data_dir), "--out-dir", str(out_dir), "--jobs", "1"]) == 0
    return data_dir, out_dir


@pytest.mark.parametrize(("code", "reason"), [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")])
def test_a_full_or_read_only_reports_folder_keeps_the_previous_brief(good_reports, capsys, monkeypatch, code, reason):
    """Only files created in the brief's own folder fail: the kernel starts and the brief is made, its write is refused."""
    data_dir, out_dir = good_reports
    brief_dir = out_dir / "tiny-session"
    before = _listing(out_dir)
    real_open = os.open
    refused = []

    def refuse_in_brief_folder(path, flags, *args, **kwargs):
        if Path(path).parent == brief_dir and flags & os.O_CREAT:
            refused.append(Path(path).name)
            raise OSError(code, reason, str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_in_brief_folder)
    status, err = _run(capsys, "render", "tiny-session", "--force", "--data-dir", data_dir, "--out-dir", out_dir, "--jobs", "1")
    assert refused and refused[0].startswith(".brief.html.")  # reached the brief's own write
    assert status == 1
    assert f"error: tiny-session/brief: cannot write {brief_dir}: {reason}; the previous brief is kept\n" in err and "Traceback" not in err
    assert _listing(out_dir) == before


# Run inside a user and mount namespace (unshare -rm): a tmpfs over the brief's folder holds the
# previous brief; it is then too small for the new one (full) or remounted read-only.
ON_A_SMALL_FILESYSTEM = """
set -eu
mkdir -p "$KEEP" && cp -a "$BRIEF_DIR"/. "$KEEP"/
mount -t tmpfs -o size="$SIZE" tmpfs "$BRIEF_DIR"
cp -a "$KEEP"/. "$BRIEF_DIR"/
[ "$MODE" = read-only ] && mount -o remount,ro "$BRIEF_DIR"
set +e
"$BRIEFS" render tiny-session --force --data-dir "$DATA_DIR" --out-dir "$OUT_DIR" --jobs 1 > /dev/null 2> "$ERR"
echo "status $?"
cd "$BRIEF_DIR" && for f in .* *; do [ -f "$f" ] && sha256sum "$f"; done
"""


def _can_mount_in_a_namespace() -> bool:
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True) if shutil.which("unshare") else None
    return probe is not None and probe.returncode == 0


@pytest.mark.parametrize(("mode", "reason"), [("full", "No space left on device"), ("read-only", "Read-only file system")])
def test_a_real_full_or_read_only_filesystem_keeps_the_previous_brief(good_reports, tmp_path, mode, reason):
    if not _can_mount_in_a_namespace():
        pytest.skip("this machine allows no mount in a user namespace (unshare -rm): the test above covers the same promise")
    data_dir, out_dir = good_reports
    brief_dir = out_dir / "tiny-session"
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in brief_dir.iterdir()}
    pages = sum(-(-p.stat().st_size // 4096) for p in brief_dir.iterdir())
    env = {**os.environ, "KEEP": str(tmp_path / "keep"), "BRIEF_DIR": str(brief_dir), "SIZE": f"{(pages + 2) * 4}k", "MODE": mode,
           "BRIEFS": str(BIN / "briefs"), "DATA_DIR": str(data_dir), "OUT_DIR": str(out_dir), "ERR": str(tmp_path / "err.txt")}
    result = subprocess.run(["unshare", "-rm", "sh", "-c", ON_A_SMALL_FILESYSTEM], capture_output=True, text=True, env=env, timeout=300)
    lines = result.stdout.splitlines()
    assert lines[0] == "status 1", (result.stdout, result.stderr)
    after = {name: digest for digest, name in (line.split() for line in lines[1:])}
    assert after == before  # the previous brief, byte for byte, and no temporary file
    err = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert f"error: tiny-session/brief: cannot write {brief_dir}: {reason}; the previous brief is kept\n" in err and "Traceback" not in err


HOSTILE = {
    "script": '<script>alert("statement")</script> Skills for all;',
    "img": "<img src=x onerror=alert(1)> Training now;",
    "markdown": "[click here](javascript:alert(1)) and social dialogue;",
    "latex": r"\textbf{bold} $x^2$ 100% & #1 _u_ ~ safety;",
}


@pytest.fixture(scope="module")
def hostile_brief(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    statements = [(1, f"s1-00000{i}", text) for i, text in enumerate(HOSTILE.values())]
    raw = "<script>Forum</script>\n\n1. Key issues\n\n" + "".join(f"- {text}\n" for _, _, text in statements)
    codebook = TINY_CODEBOOK.replace("label: Skills\n", "label: Skills <b>&</b> $x$ and $y$\n")
    data_dir = write_collection(root / "data", codebook=codebook, raw=raw, statements=[(s, i, t.replace("\\", "\\\\").replace('"', '\\"')) for s, i, t in statements])
    session_file = data_dir / "sessions" / "tiny-session.yaml"
    session_file.write_text(
        session_file.read_text(encoding="utf-8")
        .replace("title: Tiny session", "title: \"<script>alert('title')</script> Session\"")
        .replace("  - {name: null, title: null, organisation: ILO, role: organiser, group: un_system}", "  - {name: \"<b onmouseover=alert(1)>Eve</b>\", title: \"[x](javascript:alert(2))\", organisation: \"O'Brien & Co <i>\", role: speaker, group: unknown}"),
        encoding="utf-8",
    )
    out_dir = root / "reports"
    assert main(["render", "tiny-session", "--corpus", "--data-dir", str(data_dir), "--out-dir", str(out_dir), "--jobs", "1"]) == 0
    return out_dir / "tiny-session"


def _open_hostile(html_path: Path, fragment: str = ""):
    """Body text, script count, stray elements, dialogs and outside requests of a page in Chromium."""
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        dialogs, requests = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url) if not request.url.startswith(("file:", "data:")) else None)
        page.goto(html_path.resolve().as_uri() + fragment)
        page.wait_for_load_state("load")
        page.mouse.move(10, 10)
        seen = {
            "text": page.inner_text("body"),
            "scripts": page.evaluate("document.querySelectorAll('script:not([type=\"application/json\"])').length"),
            "stray": page.evaluate("document.querySelectorAll('img[src=x], b[onmouseover], a[href^=javascript]').length"),
            "dialogs": dialogs,
            "requests": requests,
        }
        browser.close()
    return seen


def test_hostile_text_shows_literally_in_the_html_and_runs_nothing(hostile_brief):
    seen = _open_hostile(hostile_brief / "brief.html")
    assert seen["dialogs"] == [] and seen["requests"] == [] and seen["scripts"] == 0 and seen["stray"] == 0
    for literal in [*HOSTILE.values(), "<script>alert('title')</script> Session", "<b onmouseover=alert(1)>Eve</b>", "O'Brien & Co <i>", "Skills <b>&</b> $x$ and $y$"]:
        assert literal in seen["text"], literal


def test_hostile_text_shows_literally_in_the_corpus_evidence_drawn_by_its_script(hostile_brief):
    seen = _open_hostile(hostile_brief.parent / "corpus" / "brief.html", "#evidence?session=tiny-session")
    assert seen["dialogs"] == [] and seen["requests"] == [] and seen["stray"] == 0
    assert seen["scripts"] == 1  # ours: it sorts, filters and draws the evidence from JSON, as text
    for literal in [*HOSTILE.values(), "<script>alert('title')</script> Session", "Skills <b>&</b> $x$ and $y$"]:
        assert literal in seen["text"], literal


def test_hostile_text_shows_literally_in_the_pdf(hostile_brief):
    text = subprocess.run(["pdftotext", hostile_brief / "brief.pdf", "-"], capture_output=True, text=True, check=True).stdout
    for literal in ['<script>alert("statement")</script>', "<img src=x onerror=alert(1)>", r"\textbf{bold} $x^2$ 100% & #1 _u_ ~", "O'Brien & Co <i>"]:
        assert literal in " ".join(text.split()), literal


# Property-based: whatever the text, a result or a clear DataError, never another exception.

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_coding_any_text_gives_evidence_that_points_into_it(text):
    coder = IssueCoder(load_codebook(DATA_DIR))
    finder = GroupFinder(load_stakeholders(DATA_DIR))
    for code in (*coder.code(text), *finder.find(text)):
        for evidence in code.evidence:
            assert text[evidence.start : evidence.end] == evidence.text and evidence.text


SUMMARY_LIKE = st.lists(
    st.one_of(st.sampled_from(["", "1. Key issues", "## Partnerships", "Organized by ILO and ITUC", "Moderated by Ms. Ana Ruiz, ILO Director"]), st.text(max_size=80).map(lambda t: "- " + t)),
    max_size=12,
).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=600).map(lambda t: t.encode("utf-8")), SUMMARY_LIKE.map(lambda t: t.encode("utf-8")), st.binary(max_size=300)))
def test_ingest_of_any_text_gives_a_session_or_a_data_error(tmp_path_factory, content):
    root = tmp_path_factory.mktemp("ingest")
    data_dir = write_collection(root / "data")
    summary = root / "any.txt"
    summary.write_bytes(content)
    try:
        ingest_summary(summary, data_dir, session_id="any-text")
    except DataError:
        return
    session, _, _ = load_inputs(data_dir, "any-text")
    assert session.id == "any-text" and session.statements


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=500), st.sampled_from(["id: [", "statements: 3", "- a\n- b", "{}", "id: tiny-session\nsdgs: [x]", "\x00"])))
def test_loading_any_session_file_gives_a_session_or_a_data_error(tmp_path_factory, text):
    data_dir = write_collection(tmp_path_factory.mktemp("load") / "data")
    (data_dir / "sessions" / "tiny-session.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_inputs(data_dir, "tiny-session")
    except DataError as error:
        assert str(error).startswith(str(data_dir))
