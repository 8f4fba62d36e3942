"""What the Makefile's targets would do, read from `make --dry-run`: which Debian packages each
asks for, and how `make lab` starts JupyterLab (root or not, headless or not, where it listens)."""

import os
import pwd
import re
import shlex
import shutil
import subprocess

import pytest

from helpers.data import paths

PYTHON_PACKAGES = {"python3", "python3-venv"}  # asked for only when Python cannot make a venv
BRIEF_PACKAGES = {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fontconfig", "fonts-dejavu-core"}
TEST_ONLY_PACKAGES = {"poppler-utils", "chromium"}
# Programs the tests run, and the package that must bring each.
TEST_PROGRAMS = {"pdfinfo": "poppler-utils", "pdftotext": "poppler-utils", "chromium": "chromium"}
BROWSERS = ("chromium", "firefox", "epiphany")


def dry_run(*arguments: str, env: dict | None = None, as_user: str | None = None) -> str:
    """The commands `make` would run, one a line, without running them."""
    command = ["make", "--dry-run", "--no-print-directory", "-C", str(paths.PROJECT_ROOT), *arguments]
    if as_user:
        user = pwd.getpwnam(as_user)
        command = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", *command]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, cwd="/")
    assert result.returncode == 0, result.stderr
    return result.stdout.replace("\\\n", " ")


def packages_asked_for(target: str) -> set[str]:
    """Every package that `make <target>` passes to tools/ensure-debian-packages, when nothing is up to date."""
    packages = set()
    for line in dry_run("--always-make", target).splitlines():
        words = shlex.split(line)
        for start, word in enumerate(words):
            if word.endswith("tools/ensure-debian-packages"):
                for package in words[start + 1 :]:
                    if package in ("||", "&&", ";", "|"):
                        break
                    packages.add(package)
    return packages


def lab_command(**env_changes: str | None) -> list[str]:
    """The command line `make lab` would run (its setup taken as done)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({key: value for key, value in env_changes.items() if value is not None})
    return shlex.split(dry_run("-o", "setup", "lab", env=env).strip())


def debian_dependencies(packages: set[str]) -> set[str]:
    """Every package apt could bring with these, recursively (Depends and Pre-Depends, every
    alternative: more than apt would install, never less)."""
    result = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *sorted(packages)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return {line.strip("<>") for line in result.stdout.splitlines() if line and not line.startswith(" ")}


def test_make_briefs_asks_for_the_briefs_packages_and_no_test_package():
    assert packages_asked_for("briefs") == PYTHON_PACKAGES | BRIEF_PACKAGES
    assert packages_asked_for("setup") == PYTHON_PACKAGES | BRIEF_PACKAGES
    assert packages_asked_for("lab") == PYTHON_PACKAGES | BRIEF_PACKAGES


def pip_installs(target: str) -> list[str]:
    """What `make <target>` would install into .venv with pip, when nothing is up to date: the last word of each pip install."""
    return [shlex.split(line)[-1] for line in dry_run("--always-make", target).splitlines() if " -m pip install " in line and "--upgrade pip" not in line]


def test_make_briefs_installs_the_package_without_the_tests_python_packages():
    assert pip_installs("briefs") == ["."]
    assert pip_installs("test") == [".", ".[test]"]


def test_make_test_asks_for_the_briefs_packages_and_the_tests_packages():
    assert packages_asked_for("test") == PYTHON_PACKAGES | BRIEF_PACKAGES | TEST_ONLY_PACKAGES


@pytest.mark.skipif(shutil.which("apt-cache") is None, reason="not a Debian system")
def test_the_briefs_packages_bring_no_browser_even_through_their_dependencies():
    brought = debian_dependencies(packages_asked_for("briefs"))
    assert BRIEF_PACKAGES <= brought
    assert [name for name in brought if name.startswith(BROWSERS)] == []
    assert brought.isdisjoint(TEST_ONLY_PACKAGES)
    # The same question about make test's packages finds the browser: the check can see one.
    assert "chromium" in debian_dependencies(packages_asked_for("test"))


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not a Debian system")
@pytest.mark.parametrize(("program", "package"), sorted(TEST_PROGRAMS.items()))
def test_make_test_installs_the_package_of_every_program_the_tests_run(program, package):
    path = shutil.which(program)
    assert path, f"{program} is missing: make test installs {package}"
    owner = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True, check=True).stdout.split(":")[0]
    assert owner == package
    assert package in packages_asked_for("test") - packages_asked_for("briefs")


def test_make_lab_allows_root_only_when_run_as_root():
    assert ("--allow-root" in lab_command()) == (os.geteuid() == 0)
    if os.geteuid() == 0 and shutil.which("setpriv"):
        as_nobody = dry_run("-o", "setup", "lab", as_user="nobody")
        assert "jupyter lab" in as_nobody and "--allow-root" not in as_nobody


def test_make_lab_serves_notebooks_on_localhost_and_opens_a_browser_only_with_a_display():
    headless = lab_command()
    assert headless[:2] == [".venv/bin/jupyter", "lab"]
    assert {"--ServerApp.root_dir=notebooks", "--ServerApp.ip=localhost", "--ServerApp.port=8888", "--ServerApp.open_browser=False"} <= set(headless)
    # Never an empty token or password: authentication stays on.
    assert not [word for word in headless if re.search(r"token|password|disable_check_xsrf", word, re.IGNORECASE)]
    assert "--ServerApp.open_browser=True" in lab_command(DISPLAY=":0")
    assert "--ServerApp.open_browser=True" in lab_command(WAYLAND_DISPLAY="wayland-0")


def test_make_lab_listens_where_asked():
    remote = shlex.split(dry_run("-o", "setup", "lab", "LAB_IP=0.0.0.0", "LAB_PORT=9999").strip())
    assert {"--ServerApp.ip=0.0.0.0", "--ServerApp.port=9999", "--ServerApp.port_retries=0"} <= set(remote)


def test_make_help_lists_every_target_with_a_one_line_comment():
    makefile = (paths.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    phony = {target for line in re.findall(r"^\.PHONY:(.*)$", makefile, re.MULTILINE) for target in line.split()}
    result = subprocess.run(["make", "--no-print-directory", "-C", str(paths.PROJECT_ROOT), "help"], capture_output=True, text=True, check=True)
    listed = {}
    for line in result.stdout.splitlines():
        match = re.fullmatch(r"  make (\S+)\s+(\S.*)", line)
        assert match, line
        listed[match.group(1)] = match.group(2)
    assert set(listed) == phony
