"""Batch rendering: incremental, parallel, reproducible, isolated, atomic, with failures reported."""

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.rendering.batch import MANIFEST_NAME, run_batch
from helpers.cli import main
from helpers.data.files import write_files_atomically
from helpers.data.text import sha256_of_file
from helpers.rendering.render import BriefKind, RenderJob, WarmKernel, plan_corpus_job, plan_session_jobs, render_job
from tiny_data import write_collection, write_generated_session


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    data_dir = write_collection(tmp_path_factory.mktemp("batch") / "data")
    write_generated_session(data_dir, "later-session", "Tiny forum", "2026-05-01", ["Skills and safety for workers;", "Training;"])
    return data_dir


def _all_jobs(data_dir, out_dir):
    return plan_session_jobs(data_dir, out_dir, ["later-session", "tiny-session"]) + [plan_corpus_job(data_dir, out_dir)]


def _outputs(out_dir):
    manifest = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    return {key: record["outputs"] for key, record in manifest["briefs"].items()}


def test_second_run_skips_everything_and_force_gives_the_same_bytes(collection, tmp_path):
    out_dir = tmp_path / "reports"
    first = run_batch(_all_jobs(collection, out_dir), n_jobs=2, progress=False)
    assert sorted(first.rendered) == ["corpus/brief", "later-session/brief", "tiny-session/brief"] and not first.failed
    recorded = _outputs(out_dir)

    again = run_batch(_all_jobs(collection, out_dir), n_jobs=2, progress=False)
    assert again.rendered == [] and sorted(again.skipped) == sorted(first.rendered)

    forced = run_batch(_all_jobs(collection, out_dir), n_jobs=2, force=True, progress=False)
    assert sorted(forced.rendered) == sorted(first.rendered)
    assert _outputs(out_dir) == recorded  # same inputs, same bytes: HTML and PDF

    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert '<a href="later-session/brief.html">HTML</a>' in index and '<a href="corpus/brief.pdf">PDF</a>' in index
    assert '<a href="later-session/statements.csv">CSV</a>' in index and '<a href="corpus/statements.parquet">Parquet</a>' in index
    assert "Generated session later-session" in index and "2026-05-01" in index


def test_a_changed_input_or_a_damaged_output_renders_again(collection, tmp_path):
    out_dir = tmp_path / "reports"
    run_batch(_all_jobs(collection, out_dir), n_jobs=2, progress=False)
    session_file = collection / "sessions" / "later-session.yaml"
    original = session_file.read_text(encoding="utf-8")
    try:
        session_file.write_text(original.replace("title: Generated session later-session", "title: Renamed session"), encoding="utf-8")
        changed = run_batch(_all_jobs(collection, out_dir), n_jobs=1, progress=False)
        assert sorted(changed.rendered) == ["corpus/brief", "later-session/brief"]
        assert changed.skipped == ["tiny-session/brief"]
    finally:
        session_file.write_text(original, encoding="utf-8")
    (out_dir / "tiny-session" / "brief.pdf").write_bytes(b"edited by hand")
    repaired = run_batch(_all_jobs(collection, out_dir), n_jobs=1, progress=False)
    assert "tiny-session/brief" in repaired.rendered
    (out_dir / "tiny-session" / "statements.csv").unlink()  # a data file is an output like the others
    repaired = run_batch(_all_jobs(collection, out_dir), n_jobs=1, progress=False)
    assert repaired.rendered == ["tiny-session/brief"] and (out_dir / "tiny-session" / "statements.csv").is_file()


def test_kernel_reuse_cannot_change_the_next_brief(collection, tmp_path):
    job_a = plan_session_jobs(collection, tmp_path / "warm", ["tiny-session"], "tripartite")[0]
    job_b_warm = plan_session_jobs(collection, tmp_path / "warm", ["later-session"])[0]
    job_b_cold = plan_session_jobs(collection, tmp_path / "cold", ["later-session"])[0]
    with WarmKernel() as kernel:
        render_job(job_a, kernel)
        # Leave every kind of state behind that a careless notebook could.
        kernel.run_code(
            "import matplotlib, random, numpy, helpers.analysis.tables\n"
            "matplotlib.rcParams['font.size'] = 30; matplotlib.rcParams['axes.prop_cycle'] = matplotlib.cycler(color=['red'])\n"
            "random.seed(99); numpy.random.seed(99); scheme = 'tripartite'; grouping_scheme = 'tripartite'\n"
            "import matplotlib.pyplot as plt; plt.figure(); plt.plot([1, 2])"
        )
        warm = render_job(job_b_warm, kernel)
    with WarmKernel() as kernel:
        cold = render_job(job_b_cold, kernel)
    assert (warm.html_sha256, warm.pdf_sha256) == (cold.html_sha256, cold.pdf_sha256)


def _kind_running(code: str, path: Path) -> BriefKind:
    """A brief kind whose notebook takes the usual parameters, then runs ``code``."""
    notebook = new_notebook(
        cells=[
            new_code_cell('session_id: str = ""  # which session\ndata_dir: str = ""  # where', metadata={"tags": ["parameters"]}),
            new_code_cell(code),
        ],
        metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}, "language_info": {"name": "python"}},
    )
    nbformat.write(notebook, path)
    return BriefKind("quality", path, "quality")


def test_one_failure_does_not_stop_the_others_and_is_reported_with_its_cell(collection, tmp_path):
    out_dir = tmp_path / "reports"
    good = plan_session_jobs(collection, out_dir, ["tiny-session"])[0]
    bad = RenderJob(_kind_running("1 / 0", tmp_path / "failing.ipynb"), "later-session", {"session_id": "later-session", "data_dir": str(collection)}, out_dir, collection, ())
    result = run_batch([bad, good], n_jobs=2, progress=False)
    assert result.rendered == ["tiny-session/brief"]
    message = result.failed["later-session/quality"]
    assert "cell 2 failed: ZeroDivisionError: division by zero" in message
    kept = out_dir / "later-session" / "quality.failed.ipynb"
    assert f"executed notebook kept at {kept}" in message and kept.is_file()
    assert not (out_dir / "later-session" / "quality.html").exists()


def test_bad_data_fails_before_a_kernel_with_file_line_and_field(collection, tmp_path, capsys):
    data_dir = write_collection(tmp_path / "data")
    session_file = data_dir / "sessions" / "tiny-session.yaml"
    session_file.write_text(session_file.read_text(encoding="utf-8").replace("sdgs: [8]", "sdgs: [8, 99]"), encoding="utf-8")
    status = main(["render", "tiny-session", "--data-dir", str(data_dir), "--out-dir", str(tmp_path / "reports"), "--jobs", "1"])
    assert status == 1
    assert f"error: {session_file}:4: sdgs[1]: 99 is greater than the maximum of 17" in capsys.readouterr().err


def test_render_needs_something_to_render(capsys):
    assert main(["render"]) == 2
    assert "name sessions to render, or use --all or --corpus" in capsys.readouterr().err


def test_an_interrupted_write_leaves_the_previous_brief_and_no_partial_files(tmp_path, monkeypatch):
    html, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    html.write_text("previous html", encoding="utf-8")
    pdf.write_text("previous pdf", encoding="utf-8")
    real_replace = os.replace

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files_atomically({html: b"new html", pdf: b"new pdf"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert html.read_text(encoding="utf-8") == "previous html" and pdf.read_text(encoding="utf-8") == "previous pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html", "brief.pdf"]


def test_manifest_records_inputs_parameters_versions_and_outputs(collection, tmp_path):
    out_dir = tmp_path / "reports"
    job = plan_session_jobs(collection, out_dir, ["tiny-session"])[0]
    run_batch([job], progress=False)
    record = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["briefs"]["tiny-session/brief"]
    assert set(record["inputs"]) >= {"notebooks/session_brief.ipynb", "data/sessions/tiny-session.yaml", "data/raw/tiny-session.txt", "data/codebook.yaml", "data/stakeholders.yaml"}
    assert record["parameters"] == {"session_id": "tiny-session", "grouping_scheme": "fine"}
    assert {"pandas", "matplotlib", "weasyprint", "nbconvert", "python"} <= set(record["packages"])
    assert set(record["outputs"]) == {"brief.html", "brief.pdf", "statements.csv", "statements.parquet"} and len(record["code_sha256"]) == 64
    for name, sha256 in record["outputs"].items():
        assert sha256_of_file(out_dir / "tiny-session" / name) == sha256


def test_a_brief_that_kills_its_kernel_does_not_stop_the_next_one(collection, tmp_path):
    out_dir = tmp_path / "reports"
    killer = RenderJob(_kind_running("import os\nos._exit(1)", tmp_path / "killer.ipynb"), "later-session", {"session_id": "later-session", "data_dir": str(collection)}, out_dir, collection, ())
    good = plan_session_jobs(collection, out_dir, ["tiny-session"])[0]
    result = run_batch([killer, good], n_jobs=1, progress=False)
    assert result.rendered == ["tiny-session/brief"]
    assert "the kernel failed (DeadKernelError" in result.failed["later-session/quality"] and "it was restarted" in result.failed["later-session/quality"]
