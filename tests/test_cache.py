"""The cache of loaded and coded sessions: exactly what each change makes us read or code again."""

import json
import os
import subprocess
import sys
import time

import pytest

from helpers.analysis import cache
from helpers.analysis.coding import code_session
from helpers.analysis.corpus import load_corpus
from helpers.data import paths
from helpers.data.errors import DataError
from helpers.data.loading import load_inputs
from tiny_data import replace_in_file, write_collection, write_generated_session

SESSIONS = {
    "a-2024": ("Forum A", "2024-03-01", ["Workers need skills;", "Training for governments;", "Safety first;"]),
    "a-2025": ("Forum A", "2025-03-01", ["Safety at work;", "Skills for employers;"]),
    "b-2025": ("Forum B", "2025-07-01", ["Safety rules;", "Social dialogue with workers;"]),
}


@pytest.fixture
def collection(tmp_path):
    data_dir = write_collection(tmp_path / "data")
    (data_dir / "sessions" / "tiny-session.yaml").unlink()
    for session_id, (forum, date, statements) in SESSIONS.items():
        write_generated_session(data_dir, session_id, forum, date, statements, speaker_groups={0: "workers"})
    return data_dir


def _counts(corpus) -> dict[str, int]:
    report = corpus.cache_report
    return {
        "sessions_read": report.sessions_read,
        "sessions_cached": report.sessions_cached,
        "issues_coded": report.issues_coded,
        "issues_cached": report.issues_cached,
        "groups_found": report.groups_found,
        "groups_cached": report.groups_cached,
    }


def _expected(read=0, coded=0, found=0, n=3) -> dict[str, int]:
    return {"sessions_read": read, "sessions_cached": n - read, "issues_coded": coded, "issues_cached": n - coded, "groups_found": found, "groups_cached": n - found}


def test_a_first_load_reads_and_codes_everything_and_a_second_nothing(collection):
    assert _counts(load_corpus(collection)) == _expected(read=3, coded=3, found=3)
    assert _counts(load_corpus(collection)) == _expected()
    assert sorted(p.name for p in (paths.cache_dir(collection) / f"v{cache.FORMAT_VERSION}").iterdir()) == ["groups.parquet", "issues.parquet", "sessions.parquet"]


def test_what_comes_from_the_cache_equals_what_loading_and_coding_give(collection):
    cold = load_corpus(collection)
    warm = load_corpus(collection)
    assert warm.sessions == cold.sessions
    assert warm.coded == cold.coded
    for session in warm.sessions:
        loaded, codebook, stakeholders = load_inputs(collection, session.id)
        assert loaded == session
        assert code_session(loaded, codebook, stakeholders) == [c for c in warm.coded if c.statement.session_id == session.id]


def test_a_changed_codebook_codes_the_issues_of_every_session_again_and_nothing_else(collection):
    load_corpus(collection)
    replace_in_file(collection / "codebook.yaml", "patterns: ['\\bsafety\\b']", "patterns: ['\\bsafety\\b', '\\bsafe\\b']")
    corpus = load_corpus(collection)
    assert _counts(corpus) == _expected(coded=3)
    assert _counts(load_corpus(collection)) == _expected()


def test_a_changed_session_is_read_and_coded_again_alone(collection):
    load_corpus(collection)
    replace_in_file(collection / "sessions" / "a-2025.yaml", "title: Generated session a-2025", "title: Renamed session")
    corpus = load_corpus(collection)
    assert _counts(corpus) == _expected(read=1, coded=1, found=1)
    assert next(s.title for s in corpus.sessions if s.id == "a-2025") == "Renamed session"


def test_changed_stakeholder_data_finds_the_groups_again_and_nothing_else(collection):
    load_corpus(collection)
    replace_in_file(collection / "stakeholders.yaml", "patterns: ['\\bgovernments?\\b']", "patterns: ['\\bgovernments?\\b', '\\bstates\\b']")
    assert _counts(load_corpus(collection)) == _expected(found=3)


def test_a_filtered_corpus_codes_only_its_sessions_and_keeps_the_others(collection):
    assert _counts(load_corpus(collection, forum="Forum B")) == {**_expected(read=3, coded=1, found=1), "issues_cached": 0, "groups_cached": 0}
    assert _counts(load_corpus(collection)) == _expected(coded=2, found=2)
    assert _counts(load_corpus(collection, forum="Forum B")) == {**_expected(n=3), "issues_cached": 1, "groups_cached": 1}


def test_a_removed_session_leaves_the_cache(collection):
    load_corpus(collection)
    (collection / "sessions" / "b-2025.yaml").unlink()
    corpus = load_corpus(collection)
    assert _counts(corpus) == _expected(n=2)
    assert corpus.cache_report.entries_removed == 3  # its session, issues and groups entries


def test_an_edited_raw_file_is_caught_even_when_the_session_comes_from_the_cache(collection):
    load_corpus(collection)
    replace_in_file(collection / "raw" / "a-2024.txt", "Safety first;", "Safety last;")
    with pytest.raises(DataError, match="raw source a-2024.txt has sha256 .* not the recorded one") as caught:
        load_corpus(collection)
    assert (caught.value.line, caught.value.field) == (6, "source.sha256")


def test_a_group_removed_from_the_stakeholder_data_is_caught_with_its_line_though_the_session_is_cached(collection):
    write_generated_session(collection, "c-2025", "Forum C", "2025-09-01", ["Skills for women;"], speaker_groups={0: "women"})
    load_corpus(collection)
    stakeholders = collection / "stakeholders.yaml"
    for old in ("  - {id: women, label: Women, description: Women., patterns: ['\\bwomen\\b'], organisations: []}\n", ", {id: women, label: Women}", ", women: women", ", women: other"):
        replace_in_file(stakeholders, old, "")
    with pytest.raises(DataError, match="unknown group 'women'") as caught:
        load_corpus(collection)
    assert caught.value.path.endswith("c-2025.yaml")
    assert (caught.value.line, caught.value.field) == (14, "statements[0].speaker_group")


def test_a_corrupt_cache_file_is_rebuilt_never_trusted(collection):
    cold = load_corpus(collection)
    for layer, damage in (("sessions", b"not parquet at all"), ("issues", None), ("groups", b"")):
        path = paths.cache_dir(collection) / f"v{cache.FORMAT_VERSION}" / f"{layer}.parquet"
        data = path.read_bytes()
        path.write_bytes(damage if damage is not None else data[: len(data) // 2])  # garbage, truncated, empty
    rebuilt = load_corpus(collection)
    assert _counts(rebuilt) == _expected(read=3, coded=3, found=3)
    assert rebuilt.coded == cold.coded
    assert _counts(load_corpus(collection)) == _expected()


def test_a_flipped_byte_inside_a_cache_file_is_caught_by_its_checksums(collection):
    cold = load_corpus(collection)
    path = paths.cache_dir(collection) / f"v{cache.FORMAT_VERSION}" / "issues.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0xFF  # inside a data page, far from the footer
    path.write_bytes(bytes(data))
    warm = load_corpus(collection)
    assert warm.coded == cold.coded
    assert warm.cache_report.issues_coded == 3


def test_a_cache_folder_that_cannot_be_written_only_costs_the_cache(collection):
    paths.cache_dir(collection).write_text("a file where the folder should be (fails for root too)")
    corpus = load_corpus(collection)
    assert corpus.cache_report.is_writable is False
    assert "not writable" in corpus.cache_report.describe()
    assert len(corpus.coded) == 7
    assert _counts(load_corpus(collection)) == _expected(read=3, coded=3, found=3)


def test_a_killed_run_leaves_no_partial_entry_and_its_temporary_file_is_removed(collection, monkeypatch):
    load_corpus(collection)
    root = paths.cache_dir(collection) / f"v{cache.FORMAT_VERSION}"
    before = (root / "issues.parquet").read_bytes()
    replace_in_file(collection / "codebook.yaml", "codebook_version: 0.1.0", "codebook_version: 0.1.1")

    def killed(contents, durable=True):
        for target in contents:  # what a run killed half-way through its write leaves behind
            (target.parent / f".{target.name}.abc123.tmp").write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(cache, "write_files_atomically", killed)
    with pytest.raises(KeyboardInterrupt):
        load_corpus(collection)
    monkeypatch.undo()
    assert (root / "issues.parquet").read_bytes() == before
    leftover = root / ".issues.parquet.abc123.tmp"
    old = time.time() - cache.STALE_TEMPORARY_S - 1
    os.utime(leftover, (old, old))
    assert _counts(load_corpus(collection)) == _expected(coded=3)
    assert not leftover.exists()


def test_a_new_code_version_invalidates_every_entry(collection, monkeypatch):
    load_corpus(collection)
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the code")
    assert _counts(load_corpus(collection)) == _expected(read=3, coded=3, found=3)


LOAD_AND_PRINT = """
import json, sys
from helpers.analysis.corpus import load_corpus
corpus = load_corpus(sys.argv[1])
print(json.dumps([[c.statement.key, c.issue_ids, c.group_ids] for c in corpus.coded]))
"""


def test_two_loads_at_once_agree_and_leave_a_good_cache(tmp_path):
    data_dir = write_collection(tmp_path / "data")
    for number in range(40):
        write_generated_session(data_dir, f"s-{number:02d}", "Forum A", f"{2020 + number % 5}-01-01", ["Skills for workers;", "Safety rules for employers;", "Social dialogue;"])
    runs = [subprocess.Popen([sys.executable, "-c", LOAD_AND_PRINT, str(data_dir)], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    results = [json.loads(run.communicate(timeout=300)[0]) for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert results[0] == results[1]
    corpus = load_corpus(data_dir)
    assert _counts(corpus) == _expected(n=41)
    assert [[c.statement.key, c.issue_ids, c.group_ids] for c in corpus.coded] == results[0]


def test_validate_checks_sessions_from_the_cache_against_the_current_codebook(collection, capsys):
    from helpers.cli import main

    session_file = collection / "sessions" / "a-2024.yaml"
    session_file.write_text(session_file.read_text(encoding="utf-8") + "overrides:\n  - statement: s1-000001\n    add_issues: [osh]\n    reason: training for safety\n", encoding="utf-8")
    assert main(["validate", "--data-dir", str(collection)]) == 0
    assert (paths.cache_dir(collection) / f"v{cache.FORMAT_VERSION}" / "sessions.parquet").is_file()
    replace_in_file(collection / "codebook.yaml", "  - id: osh\n", "  - id: workplace_safety\n")
    capsys.readouterr()
    assert main(["validate", "--data-dir", str(collection)]) == 1
    line_of_override = session_file.read_text(encoding="utf-8").splitlines().index("    add_issues: [osh]") + 1
    assert capsys.readouterr().err.strip() == f"error: {session_file}:{line_of_override}: overrides[0].add_issues[0]: unknown issue 'osh'"


def test_an_entry_that_reads_but_does_not_fit_is_made_again(collection):
    import pyarrow as pa
    import pyarrow.parquet as pq

    cold = load_corpus(collection)
    path = paths.cache_dir(collection) / f"v{cache.FORMAT_VERSION}" / "sessions.parquet"
    rows = pq.read_table(path).to_pylist()
    for row in rows:
        if row["id"] == "a-2024":
            row["raw_sha256"], row["title"] = "0" * 64, "Not the title in the file"  # a sha256 its raw file does not have
        if row["id"] == "a-2025":
            row["raw_file"] = None  # a value the model cannot take
    pq.write_table(pa.Table.from_pylist(rows, schema=cache.SESSION_SCHEMA), path)
    warm = load_corpus(collection)
    assert _counts(warm) == _expected(read=2)
    assert warm.sessions == cold.sessions
