"""Promises about the project files themselves."""

import re
import tomllib

from ruamel.yaml import YAML

from helpers.data import paths


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


# The package reads in the order data moves; a stage may use the ones before it, never those after.
STAGE_ORDER = ("data", "ingest", "analysis", "briefs", "exchange", "rendering", "cli")


def _stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "helpers" and len(parts) > 1 else None


def test_no_stage_imports_a_later_one():
    import ast

    package = paths.PROJECT_ROOT / "src" / "helpers"
    backwards = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).with_suffix("")
        own_stage = relative.parts[0]
        if own_stage not in STAGE_ORDER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                stage = _stage_of(name)
                if stage in STAGE_ORDER and STAGE_ORDER.index(stage) > STAGE_ORDER.index(own_stage):
                    backwards.append(f"{relative}: imports {name}")
    assert backwards == []


def test_every_module_belongs_to_a_stage():
    package = paths.PROJECT_ROOT / "src" / "helpers"
    top_level = sorted(p.name for p in package.iterdir() if p.name not in ("__init__.py", "__pycache__"))
    assert top_level == sorted([*(s for s in STAGE_ORDER if s != "cli"), "cli.py"])
