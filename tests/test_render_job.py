"""One brief's render step by step, with a stand-in kernel: planning, checks, failures, the atomic pair.

Fast (no kernel, no WeasyPrint), so that mutation testing can run them; test_batch.py and
test_stopping.py render with real kernels.
"""

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_output

from helpers.data.errors import DataError
from helpers.data.files import sha256_of_bytes
from helpers.rendering import exporters, render
from helpers.rendering.render import CORPUS_BRIEF, QUALITY_BRIEF, SESSION_BRIEF, RenderError, check_job, parameterise, plan_corpus_job, plan_session_jobs, render_job
from tiny_data import replace_in_file, write_collection, write_generated_session

PDF = b"%PDF-1.7 stand-in"


class StandInKernel:
    """Executes nothing: adds one HTML output to the first cell after the injected parameters, or fails as told."""

    def __init__(self, failure=None):
        self.failure = failure
        self.restarts = 0

    def execute(self, notebook):
        if self.failure == "cell":
            notebook.cells[2].outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
            raise CellExecutionError("traceback", "ZeroDivisionError", "division by zero")
        if self.failure == "kernel":
            raise RuntimeError("Kernel died")
        notebook.cells[2].outputs = [new_output("display_data", data={"text/html": "<p>rendered by the stand-in</p>"})]
        return notebook

    def restart(self):
        self.restarts += 1


@pytest.fixture
def collection(tmp_path, monkeypatch):
    monkeypatch.setattr(exporters, "html_to_pdf", lambda html: PDF)
    data_dir = write_collection(tmp_path / "data")
    (data_dir / "gold").mkdir()
    (data_dir / "gold" / "tiny-session.yaml").write_text("not read by planning\n", encoding="utf-8")
    return data_dir


def test_a_session_with_a_gold_standard_gets_a_session_and_a_quality_brief(collection, tmp_path):
    out_dir = tmp_path / "reports"
    session_job, quality_job = plan_session_jobs(collection, out_dir, ["tiny-session"], "tripartite")
    assert (session_job.kind, quality_job.kind) == (SESSION_BRIEF, QUALITY_BRIEF)
    assert (session_job.key, quality_job.key) == ("tiny-session/brief", "tiny-session/quality")
    assert session_job.parameters == {"session_id": "tiny-session", "data_dir": str(collection), "grouping_scheme": "tripartite"}
    assert quality_job.parameters == {"session_id": "tiny-session", "data_dir": str(collection)}
    assert (session_job.html_path, session_job.pdf_path) == (out_dir / "tiny-session" / "brief.html", out_dir / "tiny-session" / "brief.pdf")
    assert quality_job.failed_notebook_path == out_dir / "tiny-session" / "quality.failed.ipynb"
    assert session_job.input_files[:2] == (collection / "sessions" / "tiny-session.yaml", collection / "raw" / "tiny-session.txt")
    assert collection / "gold" / "tiny-session.yaml" in session_job.input_files and collection / "codebook.yaml" in session_job.input_files
    assert collection / "stakeholders.yaml" in session_job.input_files


def test_a_session_without_a_gold_standard_gets_one_brief(collection, tmp_path):
    (collection / "gold" / "tiny-session.yaml").unlink()
    jobs = plan_session_jobs(collection, tmp_path, ["tiny-session"])
    assert [job.key for job in jobs] == ["tiny-session/brief"] and collection / "gold" / "tiny-session.yaml" not in jobs[0].input_files


def test_a_kernel_imports_first_only_what_its_briefs_use(collection, tmp_path):
    """The warm-up is what one brief waits for: each kind's own modules, scikit-learn only where a gold standard is scored."""
    write_generated_session(collection, "later-session", "Tiny forum", "2026-05-01", ["Skills;"])
    with_gold = plan_session_jobs(collection, tmp_path, ["tiny-session"])  # a session brief and a quality brief
    without_gold = plan_session_jobs(collection, tmp_path, ["later-session"])
    corpus = plan_corpus_job(collection, tmp_path)
    assert render.warm_up_modules(without_gold) == ("helpers.briefs.session_brief",)
    assert render.warm_up_modules(with_gold[:1]) == ("helpers.briefs.session_brief", "sklearn.metrics")  # its method note scores the rules
    assert render.warm_up_modules(with_gold[1:]) == ("helpers.briefs.quality_brief", "sklearn.metrics")
    assert render.warm_up_modules([corpus, *without_gold]) == ("helpers.briefs.corpus_brief", "helpers.briefs.session_brief")
    assert set(render.ALL_BRIEF_MODULES) == {"helpers.briefs.session_brief", "helpers.briefs.quality_brief", "helpers.briefs.corpus_brief", "sklearn.metrics"}


@pytest.mark.parametrize("line", ["raw_file: raw/tiny-session.txt,", 'raw_file: "raw/tiny-session.txt",', "raw_file: 'raw/tiny-session.txt',"])
def test_the_raw_file_is_read_from_the_session_file_however_it_is_quoted(collection, tmp_path, line):
    replace_in_file(collection / "sessions" / "tiny-session.yaml", "raw_file: raw/tiny-session.txt,", line)
    (collection / "raw" / "other.txt").write_text("another session's source\n", encoding="utf-8")
    job = plan_session_jobs(collection, tmp_path, ["tiny-session"])[0]
    assert collection / "raw" / "tiny-session.txt" in job.input_files and collection / "raw" / "other.txt" not in job.input_files


def test_a_session_file_without_a_raw_file_line_depends_on_every_raw_file(collection, tmp_path):
    replace_in_file(collection / "sessions" / "tiny-session.yaml", "raw_file: raw/tiny-session.txt, ", "")
    (collection / "raw" / "other.txt").write_text("x\n", encoding="utf-8")
    job = plan_session_jobs(collection, tmp_path, ["tiny-session"])[0]
    assert job.input_files[1:3] == (collection / "raw" / "other.txt", collection / "raw" / "tiny-session.txt")


def test_unknown_sessions_and_ids_that_are_not_ids_are_refused_when_planning(collection, tmp_path):
    with pytest.raises(DataError, match=r"no session 'nope' in .* \(known: tiny-session\)"):
        plan_session_jobs(collection, tmp_path, ["nope"])
    with pytest.raises(DataError, match="is not a valid session id"):
        plan_session_jobs(collection, tmp_path, ["../x"])


def test_the_corpus_job_depends_on_every_session_and_its_selection(collection, tmp_path):
    write_generated_session(collection, "later-session", "Tiny forum", "2026-05-01", ["Skills;"])
    job = plan_corpus_job(collection, tmp_path, "tripartite", "Tiny forum", 2026, 8)
    assert (job.kind, job.key) == (CORPUS_BRIEF, "corpus/brief")
    assert job.parameters == {"grouping_scheme": "tripartite", "forum": "Tiny forum", "year": 2026, "sdg": 8, "data_dir": str(collection)}
    assert {collection / "sessions" / "later-session.yaml", collection / "raw" / "later-session.txt", collection / "sessions" / "tiny-session.yaml"} <= set(job.input_files)


def test_check_job_refuses_bad_data_an_unknown_scheme_and_an_empty_selection(collection, tmp_path):
    check_job(plan_session_jobs(collection, tmp_path, ["tiny-session"])[0])
    check_job(plan_corpus_job(collection, tmp_path))
    with pytest.raises(ValueError, match="unknown grouping scheme 'nine'; known: fine, tripartite"):
        check_job(plan_session_jobs(collection, tmp_path, ["tiny-session"], "nine")[0])
    with pytest.raises(ValueError, match="unknown grouping scheme 'nine'"):
        check_job(plan_corpus_job(collection, tmp_path, "nine"))
    with pytest.raises(DataError, match="no session matches the selection"):
        check_job(plan_corpus_job(collection, tmp_path, year=1999))
    replace_in_file(collection / "sessions" / "tiny-session.yaml", "sdgs: [8]", "sdgs: [99]")
    with pytest.raises(DataError, match="sdgs"):
        check_job(plan_session_jobs(collection, tmp_path, ["tiny-session"])[0])


def test_parameters_are_injected_after_the_parameters_cell(collection, tmp_path):
    notebook = parameterise(plan_session_jobs(collection, tmp_path, ["tiny-session"], "tripartite")[0])
    assert notebook.cells[0].metadata.tags == ["parameters"] and notebook.cells[1].metadata.tags == ["injected-parameters"]
    assert 'grouping_scheme = "tripartite"' in notebook.cells[1].source and 'session_id = "tiny-session"' in notebook.cells[1].source


def test_a_rendered_brief_replaces_the_pair_and_removes_a_failed_notebook(collection, tmp_path):
    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]
    job.failed_notebook_path.parent.mkdir(parents=True)
    job.failed_notebook_path.write_text("{}", encoding="utf-8")
    rendered = render_job(job, StandInKernel())
    html = job.html_path.read_bytes()
    assert b"<p>rendered by the stand-in</p>" in html and job.pdf_path.read_bytes() == PDF
    assert (rendered.key, rendered.html_path, rendered.pdf_path) == ("tiny-session/brief", job.html_path, job.pdf_path)
    assert (rendered.html_sha256, rendered.pdf_sha256) == (sha256_of_bytes(html), sha256_of_bytes(PDF))
    assert sorted(p.name for p in job.html_path.parent.iterdir()) == ["brief.html", "brief.pdf"]


def _previous_pair(job):
    job.html_path.parent.mkdir(parents=True, exist_ok=True)
    job.html_path.write_bytes(b"previous html")
    job.pdf_path.write_bytes(b"previous pdf")


def _assert_previous_pair(job, *extra):
    assert (job.html_path.read_bytes(), job.pdf_path.read_bytes()) == (b"previous html", b"previous pdf")
    assert sorted(p.name for p in job.html_path.parent.iterdir()) == sorted(["brief.html", "brief.pdf", *extra])


def test_a_failing_cell_keeps_the_executed_notebook_and_the_previous_pair(collection, tmp_path):
    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]
    _previous_pair(job)
    kernel = StandInKernel("cell")
    with pytest.raises(RenderError) as caught:
        render_job(job, kernel)
    assert str(caught.value) == f"tiny-session/brief: cell 2 failed: ZeroDivisionError: division by zero (executed notebook kept at {job.failed_notebook_path})"
    assert kernel.restarts == 0
    kept = nbformat.read(job.failed_notebook_path, as_version=4)
    assert kept.cells[2].outputs[0]["ename"] == "ZeroDivisionError"
    _assert_previous_pair(job, "brief.failed.ipynb")


def test_a_kernel_that_dies_is_restarted_and_the_previous_pair_kept(collection, tmp_path):
    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]
    _previous_pair(job)
    kernel = StandInKernel("kernel")
    with pytest.raises(RenderError) as caught:
        render_job(job, kernel)
    assert str(caught.value) == f"tiny-session/brief: the kernel failed (RuntimeError: Kernel died); it was restarted (notebook kept at {job.failed_notebook_path})"
    assert kernel.restarts == 1 and job.failed_notebook_path.is_file()
    _assert_previous_pair(job, "brief.failed.ipynb")


def test_a_pdf_that_cannot_be_made_leaves_the_previous_html_too(collection, tmp_path, monkeypatch):
    """The pair is written together or not at all: a render that wrote the HTML first would fail here."""
    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]
    _previous_pair(job)

    def no_pdf(html):
        raise OSError("WeasyPrint failed")

    monkeypatch.setattr(exporters, "html_to_pdf", no_pdf)
    with pytest.raises(OSError, match="WeasyPrint failed"):
        render_job(job, StandInKernel())
    _assert_previous_pair(job)


def test_bad_data_fails_before_the_kernel_runs(collection, tmp_path):
    replace_in_file(collection / "sessions" / "tiny-session.yaml", "sdgs: [8]", "sdgs: [99]")
    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]

    class Untouchable(StandInKernel):
        def execute(self, notebook):
            raise AssertionError("the kernel ran")

    with pytest.raises(DataError, match="sdgs"):
        render_job(job, Untouchable())
    assert not job.html_path.parent.exists()


def test_the_failing_cell_is_found_by_its_error_output():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("2")])
    assert render._failing_cell(notebook) == (None, "unknown error")
    notebook.cells[1].outputs = [new_output("stream", name="stdout", text="x"), new_output("error", ename="KeyError", evalue="'a'", traceback=[])]
    assert render._failing_cell(notebook) == (1, "KeyError: 'a'")


def test_the_pdf_is_made_from_the_html_that_is_written(collection, tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(exporters, "html_to_pdf", lambda html: (seen.append(html), PDF)[1])
    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]
    render_job(job, StandInKernel())
    written = job.html_path.read_text(encoding="utf-8")
    # One layout per brief, of the same executed notebook: the written HTML without its screen-only cells.
    expected_print_html = render._print_exporter().from_notebook_node(StandInKernel().execute(render.parameterise(job)))[0]
    assert seen == [expected_print_html]
    assert "<p>rendered by the stand-in</p>" in seen[0] and "<p>rendered by the stand-in</p>" in written


def test_a_folder_that_refuses_the_write_is_named_with_the_reason(collection, tmp_path, monkeypatch):
    import os

    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]
    _previous_pair(job)
    real_open = os.open

    def full(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(28, "No space left on device", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(RenderError) as caught:
        render_job(job, StandInKernel())
    assert str(caught.value) == f"tiny-session/brief: cannot write {job.html_path.parent}: No space left on device; the previous brief is kept"
    _assert_previous_pair(job)


def test_the_corpus_check_reads_the_job_s_own_collection_and_selection(collection, tmp_path):
    check_job(plan_corpus_job(collection, tmp_path, forum="Tiny forum"))  # not a forum of the project's own data
    for selection in ({"forum": "Forum Z"}, {"year": 2024}, {"sdg": 5}):
        with pytest.raises(DataError, match="no session matches the selection"):
            check_job(plan_corpus_job(collection, tmp_path, **selection))
    check_job(plan_session_jobs(collection, tmp_path, ["tiny-session"])[1])  # the quality brief: no scheme of its own


def test_injected_parameters_are_shown_not_hidden(collection, tmp_path):
    notebook = parameterise(plan_session_jobs(collection, tmp_path, ["tiny-session"])[0])
    assert all("source_hidden" not in cell.metadata.get("jupyter", {}) for cell in notebook.cells)


def test_a_markdown_cell_before_the_failing_one_is_passed_over():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("1 / 0")])
    notebook.cells[1].outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    assert render._failing_cell(notebook) == (1, "ZeroDivisionError: division by zero")
