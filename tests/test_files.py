"""Atomic writes: all files replaced or none, nothing half-written left behind, the umask's permissions."""

import os
from pathlib import Path

import pytest

from helpers.data import files
from helpers.data.files import sha256_of_bytes, write_files_atomically


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_new_files_are_written_with_their_folders(tmp_path):
    html, pdf = tmp_path / "reports" / "s" / "brief.html", tmp_path / "reports" / "s" / "brief.pdf"
    write_files_atomically({html: b"<p>new</p>", pdf: b"%PDF new"})
    assert (html.read_bytes(), pdf.read_bytes()) == (b"<p>new</p>", b"%PDF new")
    assert _names(html.parent) == ["brief.html", "brief.pdf"]


def test_existing_files_are_replaced_whole(tmp_path):
    html = tmp_path / "brief.html"
    html.write_bytes(b"a much longer previous brief than the new one")
    write_files_atomically({html: b"short"})
    assert html.read_bytes() == b"short" and _names(tmp_path) == ["brief.html"]


@pytest.mark.parametrize("failing", ["open", "write", "replace"])
def test_a_failure_at_any_step_replaces_nothing_and_leaves_no_temporary_file(tmp_path, monkeypatch, failing):
    html, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    html.write_bytes(b"previous html")
    pdf.write_bytes(b"previous pdf")
    calls = []

    def fail_on_the_pdf(real):
        def wrapper(*args, **kwargs):
            calls.append(args)
            if len(calls) == 2:  # the second file: the first is already staged
                raise OSError(28, "No space left on device")
            return real(*args, **kwargs)
        return wrapper

    if failing == "open":
        monkeypatch.setattr(os, "open", fail_on_the_pdf(os.open))
    elif failing == "write":
        monkeypatch.setattr(os, "fsync", fail_on_the_pdf(os.fsync))
    else:  # renaming the second file fails after the first was renamed: only the first is new
        monkeypatch.setattr(os, "replace", fail_on_the_pdf(os.replace))
    with pytest.raises(OSError, match="No space left on device"):
        write_files_atomically({html: b"new html", pdf: b"new pdf"})
    expected_html = b"new html" if failing == "replace" else b"previous html"
    assert (html.read_bytes(), pdf.read_bytes()) == (expected_html, b"previous pdf")
    assert _names(tmp_path) == ["brief.html", "brief.pdf"]


def test_an_interrupt_before_the_renames_leaves_the_previous_files(tmp_path, monkeypatch):
    html, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    html.write_bytes(b"previous html")
    pdf.write_bytes(b"previous pdf")

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files_atomically({html: b"new html", pdf: b"new pdf"})
    assert (html.read_bytes(), pdf.read_bytes()) == (b"previous html", b"previous pdf")
    assert _names(tmp_path) == ["brief.html", "brief.pdf"]


def test_an_interrupt_while_creating_a_temporary_file_leaves_none(tmp_path, monkeypatch):
    """The temporary file is listed for removal before it exists: an interrupt just after creating it removes it."""
    real_open = os.open

    def created_then_interrupted(path, *args, **kwargs):
        os.close(real_open(path, *args, **kwargs))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "open", created_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files_atomically({tmp_path / "brief.html": b"new"})
    assert _names(tmp_path) == []


def test_the_new_bytes_are_flushed_to_disk_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    write_files_atomically({tmp_path / "a": b"1", tmp_path / "b": b"2"})
    assert events == ["fsync", "fsync", "replace", "replace"]


def test_temporary_files_are_hidden_siblings_of_their_target(tmp_path, monkeypatch):
    seen = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kwargs: (seen.append(Path(path)), real_open(path, *args, **kwargs))[1])
    write_files_atomically({tmp_path / "brief.html": b"x"})
    assert seen[0].parent == tmp_path and seen[0].name.startswith(".brief.html.") and seen[0].name.endswith(".tmp")


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_files_get_the_permissions_the_umask_gives(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_files_atomically({tmp_path / "brief.html": b"x"})
        write_files_atomically({tmp_path / "brief.html": b"y"})  # a replacement too
    finally:
        os.umask(previous)
    assert (tmp_path / "brief.html").stat().st_mode & 0o777 == mode


def test_sha256_of_bytes():
    assert sha256_of_bytes(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert files.sha256_of_bytes(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
