"""Skipping unchanged briefs: the manifest's comparison, one promise at a time, without kernels.

Rendering is replaced by a stand-in that writes small HTML and PDF files (so these tests take
milliseconds and serve mutation testing); test_batch.py renders for real.
"""

import json
import shutil

import pytest

from helpers.cli import main
from helpers.data.files import sha256_of_bytes, write_files_atomically
from helpers.rendering import batch, render
from helpers.rendering.batch import MANIFEST_NAME, digest_folder, fingerprint, is_up_to_date, load_manifest, package_versions, run_batch
from helpers.rendering.render import RenderedBrief, plan_corpus_job, plan_session_jobs
from tiny_data import replace_in_file, write_collection, write_generated_session

GOLD = """\
session: tiny-session
codebook_version: 0.1.0
reference: ann
codings:
  - coder: ann
    description: Ann, analyst
    coded_on: "2026-11-27"
    method: read against definitions
    statements:
      - {id: s1-aaaaaa, issues: [skills], groups: []}
      - {id: s1-bbbbbb, issues: [social_dialogue], groups: []}
      - {id: s1-cccccc, issues: [osh], groups: []}
"""


@pytest.fixture
def rendered_keys(monkeypatch):
    """Replace the kernel by a stand-in renderer; returns the keys it rendered, in order."""
    keys = []

    class StandInKernel:
        is_closed = False

        def close(self):
            self.is_closed = True

    kernels = []

    def start_kernel(modules=None):
        kernels.append(StandInKernel())
        batch._WORKER_KERNEL = kernels[-1]

    def render_job(job, kernel):
        assert kernel is kernels[-1] and not kernel.is_closed  # the batch's one warm kernel
        keys.append(job.key)
        html = f"<p>{job.key} {sorted(job.parameters.items())}</p>".encode()
        pdf = b"%PDF-1.7 " + html
        write_files_atomically({job.html_path: html, job.pdf_path: pdf})
        return RenderedBrief(job.key, job.html_path, job.pdf_path, sha256_of_bytes(html), sha256_of_bytes(pdf))

    monkeypatch.setattr(render, "render_job", render_job)
    monkeypatch.setattr(batch, "_start_kernel", start_kernel)
    yield keys
    assert batch._WORKER_KERNEL is None and all(kernel.is_closed for kernel in kernels)  # closed after each batch


@pytest.fixture
def collection(tmp_path):
    data_dir = write_collection(tmp_path / "data")
    write_generated_session(data_dir, "later-session", "Tiny forum", "2026-05-01", ["Skills and safety for workers;", "Training;"])
    (data_dir / "gold").mkdir()
    (data_dir / "gold" / "tiny-session.yaml").write_text(GOLD, encoding="utf-8")
    return data_dir


ALL_KEYS = ["corpus/brief", "later-session/brief", "tiny-session/brief", "tiny-session/quality"]


def _jobs(data_dir, out_dir, scheme="fine", **selection):
    return plan_session_jobs(data_dir, out_dir, ["later-session", "tiny-session"], scheme) + [plan_corpus_job(data_dir, out_dir, scheme, **selection)]


def _run(data_dir, out_dir, **options):
    force = options.pop("force", False)
    return run_batch(_jobs(data_dir, out_dir, **options), force=force, progress=False)


def test_a_second_run_skips_every_brief_and_force_renders_them_again(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    first = _run(collection, out_dir)
    assert sorted(first.rendered) == ALL_KEYS and first.skipped == [] and first.failed == {}
    second = _run(collection, out_dir)
    assert (second.rendered, sorted(second.skipped)) == ([], ALL_KEYS)
    forced = _run(collection, out_dir, force=True)
    assert sorted(forced.rendered) == ALL_KEYS and forced.skipped == []
    assert first.summary() == "4 rendered, 0 unchanged, 0 failed" and second.summary() == "0 rendered, 4 unchanged, 0 failed"


def test_the_manifest_records_inputs_parameters_code_packages_and_outputs(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir, scheme="tripartite")
    records = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["briefs"]
    record = records["tiny-session/brief"]
    assert record["parameters"] == {"session_id": "tiny-session", "grouping_scheme": "tripartite"}
    assert record["kind"] == "session" and record["target"] == "tiny-session"
    assert record["code_sha256"] == batch.code_digest() and record["packages"] == package_versions()
    assert record["outputs"] == {name: sha256_of_bytes((out_dir / "tiny-session" / name).read_bytes()) for name in ("brief.html", "brief.pdf")}
    raw = collection / "raw" / "tiny-session.txt"
    assert record["inputs"]["data/raw/tiny-session.txt"] == sha256_of_bytes(raw.read_bytes())
    assert set(record["inputs"]) >= {"notebooks/session_brief.ipynb", "data/sessions/tiny-session.yaml", "data/codebook.yaml", "data/stakeholders.yaml", "data/gold/tiny-session.yaml"}
    assert records["tiny-session/quality"]["parameters"] == {"session_id": "tiny-session"} and records["tiny-session/quality"]["kind"] == "quality"
    assert records["corpus/brief"]["parameters"] == {"grouping_scheme": "tripartite", "forum": "", "year": 0, "sdg": 0}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"scheme": "tripartite"}, ["corpus/brief", "later-session/brief", "tiny-session/brief"]),  # the quality brief has no scheme
        ({"forum": "Tiny forum"}, ["corpus/brief"]),
        ({"year": 2026}, ["corpus/brief"]),
        ({"sdg": 8}, ["corpus/brief"]),
    ],
)
def test_changed_parameters_render_again(collection, tmp_path, rendered_keys, change, expected):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    again = _run(collection, out_dir, **change)
    assert sorted(again.rendered) == expected and sorted(again.skipped) == sorted(set(ALL_KEYS) - set(expected))


def test_a_change_of_code_renders_every_brief_again(collection, tmp_path, rendered_keys, monkeypatch):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    monkeypatch.setattr(batch, "code_digest", lambda: "0" * 64)
    assert sorted(_run(collection, out_dir).rendered) == ALL_KEYS


def test_a_change_of_package_version_renders_every_brief_again(collection, tmp_path, rendered_keys, monkeypatch):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    monkeypatch.setattr(batch, "package_versions", lambda: {**package_versions(), "pandas": "0.0.1"})
    assert sorted(_run(collection, out_dir).rendered) == ALL_KEYS


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("sessions/later-session.yaml", ["corpus/brief", "later-session/brief"]),
        ("raw/tiny-session.txt", ["corpus/brief", "tiny-session/brief", "tiny-session/quality"]),
        ("gold/tiny-session.yaml", ["tiny-session/brief", "tiny-session/quality"]),
        ("codebook.yaml", ALL_KEYS),
        ("stakeholders.yaml", ALL_KEYS),
    ],
)
def test_a_changed_input_renders_the_briefs_that_read_it(collection, tmp_path, rendered_keys, path, expected):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    with (collection / path).open("a", encoding="utf-8") as stream:
        stream.write("\n# edited\n")
    assert sorted(_run(collection, out_dir).rendered) == expected


@pytest.mark.parametrize("damage", ["edited", "missing"])
@pytest.mark.parametrize("name", ["brief.html", "brief.pdf"])
def test_a_damaged_or_missing_output_renders_again(collection, tmp_path, rendered_keys, damage, name):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    output = out_dir / "later-session" / name
    if damage == "edited":
        output.write_bytes(b"edited by hand")
    else:
        output.unlink()
    assert _run(collection, out_dir).rendered == ["later-session/brief"]


@pytest.mark.parametrize("damage", ["not JSON {", '{"briefs": {}}', ""])
def test_a_damaged_or_empty_manifest_costs_a_full_render_and_is_rewritten(collection, tmp_path, rendered_keys, damage):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    (out_dir / MANIFEST_NAME).write_text(damage, encoding="utf-8")
    assert sorted(_run(collection, out_dir).rendered) == ALL_KEYS
    assert sorted(load_manifest(out_dir)["briefs"]) == ALL_KEYS


def test_a_collection_moved_elsewhere_is_still_up_to_date(collection, tmp_path, rendered_keys):
    """Paths in the manifest are relative to the data folder and the project, so a copy agrees."""
    _run(collection, tmp_path / "reports")
    moved = tmp_path / "elsewhere"
    shutil.copytree(collection, moved / "data")
    shutil.copytree(tmp_path / "reports", moved / "reports")
    again = _run(moved / "data", moved / "reports")
    assert (again.rendered, sorted(again.skipped)) == ([], ALL_KEYS)


def test_is_up_to_date_needs_every_recorded_value_and_both_outputs(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    job = plan_session_jobs(collection, out_dir, ["tiny-session"])[0]
    record = load_manifest(out_dir)["briefs"][job.key]
    current = fingerprint(job)
    assert is_up_to_date(job, record, current)
    assert not is_up_to_date(job, None, current) and not is_up_to_date(job, {}, current)
    for key in ("inputs", "parameters", "code_sha256", "packages"):
        assert not is_up_to_date(job, {**record, key: "other"}, current), key
        assert not is_up_to_date(job, {k: v for k, v in record.items() if k != key}, current), key
    assert not is_up_to_date(job, {**record, "outputs": {**record["outputs"], "brief.pdf": "0" * 64}}, current)
    assert not is_up_to_date(job, {**record, "outputs": {"brief.html": record["outputs"]["brief.html"]}}, current)


def test_fingerprint_leaves_out_the_data_folder_and_marks_missing_inputs(collection, tmp_path):
    job = plan_session_jobs(collection, tmp_path / "reports", ["tiny-session"])[0]
    (collection / "gold" / "tiny-session.yaml").unlink()
    print_ = fingerprint(job)
    assert "data_dir" not in print_["parameters"] and print_["inputs"]["data/gold/tiny-session.yaml"] == "missing"
    assert set(print_) == {"inputs", "parameters", "code_sha256", "packages"}


def test_package_versions_name_python_and_every_package_that_shapes_output():
    versions = package_versions()
    assert set(versions) == {"python", *batch.OUTPUT_SHAPING_PACKAGES}
    assert versions["pandas"] == __import__("pandas").__version__
    assert "not installed" not in versions.values()


def test_a_package_that_is_not_installed_is_recorded_as_such(monkeypatch):
    monkeypatch.setattr(batch, "OUTPUT_SHAPING_PACKAGES", ("pandas", "no-such-package-here"))
    assert batch.package_versions.__wrapped__() == {"python": batch.sys.version.split()[0], "pandas": __import__("pandas").__version__, "no-such-package-here": "not installed"}


def test_digest_folder_changes_with_a_file_s_bytes_or_name_and_ignores_caches(tmp_path):
    folder = tmp_path / "code"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.py").write_text("x = 1\n", encoding="utf-8")
    (folder / "sub" / "b.py").write_text("y = 2\n", encoding="utf-8")
    first = digest_folder(folder)
    assert len(first) == 64 and digest_folder(folder) == first
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "a.pyc").write_bytes(b"compiled")
    assert digest_folder(folder) == first
    (folder / "sub" / "b.py").write_text("y = 3\n", encoding="utf-8")
    changed = digest_folder(folder)
    assert changed != first
    (folder / "sub" / "b.py").rename(folder / "sub" / "c.py")
    assert digest_folder(folder) not in (first, changed)
    assert batch.code_digest() == digest_folder(batch.paths.PROJECT_ROOT / "src" / "helpers")


def test_removed_sessions_and_gold_standards_leave_the_manifest_and_index(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    assert "later-session/brief.html" in (out_dir / "index.html").read_text(encoding="utf-8")
    (collection / "sessions" / "later-session.yaml").unlink()
    (collection / "gold" / "tiny-session.yaml").unlink()
    jobs = plan_session_jobs(collection, out_dir, ["tiny-session"]) + [plan_corpus_job(collection, out_dir)]
    run_batch(jobs, progress=False)
    assert sorted(load_manifest(out_dir)["briefs"]) == ["corpus/brief", "tiny-session/brief"]
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert "later-session" not in index and "quality" not in index


def test_the_index_lists_every_brief_with_its_facts_and_links(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert "<p>4 briefs." in index
    rows = index.split("<tbody>")[1].split("</tr>")[:-1]
    assert [row.split("<code>")[1].split("</code>")[0] for row in rows] == ["later-session", "tiny-session", "tiny-session", "corpus"]  # corpus last
    assert "<td>session</td><td>Generated session later-session</td><td>Tiny forum</td><td>2026-05-01</td>" in rows[0]
    assert '<a href="tiny-session/quality.html">HTML</a> · <a href="tiny-session/quality.pdf">PDF</a>' in rows[2]
    assert "<td>corpus</td><td>Issues across sessions (corpus brief)</td>" in rows[3]
    (out_dir / "index.html").unlink()
    _run(collection, out_dir)  # nothing to render: the missing index is written again
    assert (out_dir / "index.html").read_text(encoding="utf-8") == index


def test_an_inferred_or_missing_date_is_said_in_the_index(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    replace_in_file(collection / "sessions" / "tiny-session.yaml", 'date: {value: "2025-01-01", is_inferred: false}', 'date: {value: "2025-01-01", is_inferred: true, inferred_reason: the web page}')
    write_generated_session(collection, "undated-session", "Tiny forum", None, ["Skills;"])
    run_batch(plan_session_jobs(collection, out_dir, ["tiny-session", "undated-session"]), progress=False)
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert "<td>2025-01-01 (inferred)</td>" in index and "<td>not stated</td>" in index


def test_the_scheme_given_to_the_command_re_renders(collection, tmp_path, rendered_keys, capsys):
    out_dir = tmp_path / "reports"
    common = ["render", "tiny-session", "--data-dir", str(collection), "--out-dir", str(out_dir), "--jobs", "1"]
    assert main(common) == 0
    assert main(common) == 0
    assert main([*common, "--scheme", "tripartite"]) == 0
    assert rendered_keys == ["tiny-session/brief", "tiny-session/quality", "tiny-session/brief"]
    assert capsys.readouterr().out.splitlines()[-1] == f"1 rendered, 1 unchanged, 0 failed; index: {out_dir / 'index.html'}"


def test_a_record_without_outputs_is_out_of_date(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    job = plan_session_jobs(collection, out_dir, ["tiny-session"])[0]
    record = load_manifest(out_dir)["briefs"][job.key]
    assert not is_up_to_date(job, {k: v for k, v in record.items() if k != "outputs"}, fingerprint(job))


@pytest.mark.parametrize("previous", [None, "not JSON {", "{}"])
def test_the_manifest_is_written_in_one_stable_form(collection, tmp_path, rendered_keys, previous):
    out_dir = tmp_path / "reports"
    if previous is not None:
        out_dir.mkdir()
        (out_dir / MANIFEST_NAME).write_text(previous, encoding="utf-8")
    run_batch(_jobs(collection, out_dir), progress=False)  # the defaults: one at a time, not forced
    text = (out_dir / MANIFEST_NAME).read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert list(manifest) == ["briefs"] and sorted(manifest["briefs"]) == ALL_KEYS
    assert text == json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    assert run_batch(_jobs(collection, out_dir), progress=False).rendered == []  # not forced by default


def test_the_corpus_brief_is_rendered_first(collection, tmp_path, rendered_keys):
    _run(collection, tmp_path / "reports")
    assert rendered_keys[0] == "corpus/brief" and sorted(rendered_keys[1:]) == ALL_KEYS[1:]


def test_a_new_session_is_added_to_the_index(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    _run(collection, out_dir)
    write_generated_session(collection, "new-session", "Tiny forum", "2026-06-01", ["Training;"])
    run_batch(plan_session_jobs(collection, out_dir, ["new-session"]), progress=False)
    assert "<code>new-session</code>" in (out_dir / "index.html").read_text(encoding="utf-8")


def test_a_manifest_that_cannot_be_written_is_reported_and_the_briefs_kept(collection, tmp_path, rendered_keys):
    out_dir = tmp_path / "reports"
    (out_dir / MANIFEST_NAME).mkdir(parents=True)  # a folder where the manifest should be
    result = _run(collection, out_dir)
    assert sorted(result.rendered) == ALL_KEYS
    assert result.failed == {"manifest": f"cannot write {out_dir}: Is a directory"}


def test_a_kernel_that_cannot_start_fails_every_pending_brief_with_the_reason(collection, tmp_path, monkeypatch):
    def no_kernel(modules=None):
        raise OSError(2, "No such file or directory")

    monkeypatch.setattr(batch, "_start_kernel", no_kernel)
    result = run_batch(plan_session_jobs(collection, tmp_path / "reports", ["later-session", "tiny-session"]), progress=False)
    assert result.rendered == []
    assert result.failed == {
        key: f"{key}: not rendered: the kernel could not start (FileNotFoundError: [Errno 2] No such file or directory)"
        for key in ("later-session/brief", "tiny-session/brief", "tiny-session/quality")
    }


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (ValueError("unknown grouping scheme 'x'"), "unknown grouping scheme 'x'"),
        (KeyError("missing"), "tiny-session/brief: KeyError: 'missing'"),
    ],
)
def test_one_brief_s_unexpected_failure_is_reported_and_the_others_render(collection, tmp_path, rendered_keys, monkeypatch, error, message):
    stand_in = render.render_job

    def fail_one(job, kernel):
        if job.key == "tiny-session/brief":
            raise error
        return stand_in(job, kernel)

    monkeypatch.setattr(render, "render_job", fail_one)
    result = run_batch(plan_session_jobs(collection, tmp_path / "reports", ["later-session", "tiny-session"]), progress=False)
    assert result.failed == {"tiny-session/brief": message} and sorted(result.rendered) == ["later-session/brief", "tiny-session/quality"]
    assert result.summary() == "2 rendered, 0 unchanged, 1 failed"


def test_briefs_finished_before_a_stop_are_recorded_and_not_rendered_again(collection, tmp_path, rendered_keys, monkeypatch):
    out_dir = tmp_path / "reports"
    render_one = render.render_job

    def stopped_at_the_second(job, kernel):
        if len(rendered_keys) == 1:
            raise KeyboardInterrupt
        return render_one(job, kernel)

    monkeypatch.setattr(render, "render_job", stopped_at_the_second)
    with pytest.raises(KeyboardInterrupt):
        _run(collection, out_dir)
    finished = rendered_keys[0]
    assert list(load_manifest(out_dir)["briefs"]) == [finished] and (out_dir / "index.html").is_file()
    monkeypatch.setattr(render, "render_job", render_one)
    again = _run(collection, out_dir)
    assert again.skipped == [finished] and sorted(again.rendered) == sorted(set(ALL_KEYS) - {finished})
