"""Promises about the project files themselves."""

import re
import tomllib

from ruamel.yaml import YAML

from helpers import paths


def _requirement_names(requirements):
    requirements = list(requirements)
    return {re.split(r"[<>=!\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in requirements}


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _requirement_names(project["dependencies"] + project["optional-dependencies"]["test"])
    environment = YAML(typ="safe").load((paths.PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    listed = [d for d in environment["dependencies"] if isinstance(d, str)] + [p for p in pip_section if not p.startswith("-")]
    conda = _requirement_names(listed) - {"python", "pip"}
    assert conda == declared


def test_constraints_pin_every_declared_dependency():
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _requirement_names(project["dependencies"] + project["optional-dependencies"]["test"])
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in (paths.PROJECT_ROOT / "constraints.txt").read_text().splitlines() if "==" in line}
    assert declared <= pinned
