"""Tiny data collections written by the tests themselves (never fake sessions in data/)."""

import hashlib
import shutil
import textwrap
from pathlib import Path


SEED_SESSION_ID = "ecosoc-pf-2025-sdg8"

TINY_CODEBOOK = """\
codebook_version: 0.1.0
issues:
  - id: skills
    label: Skills
    definition: Skills and training.
    include: [skills]
    exclude: []
    patterns: ['\\bskill(?:s|ing)?\\b', '\\btraining\\b']
    example: Training helps.
    sdg_targets: ["8.6"]
  - id: social_dialogue
    label: Social dialogue
    definition: Social dialogue and collective bargaining.
    include: [collective bargaining]
    exclude: []
    patterns: ['\\bsocial\\s+dialogue\\b', '\\bcollective\\s+bargaining\\b']
    example: Social dialogue matters.
    sdg_targets: ["8.8"]
  - id: osh
    label: Safety and health
    definition: Occupational safety and health.
    include: [OSH]
    exclude: []
    patterns: ['\\bsafety\\b']
    exclude_patterns: ['\\bfood\\s+safety\\b']
    example: Workplace safety first.
    non_examples: [Food safety rules for exporters.]
    sdg_targets: ["8.8"]
"""

TINY_STAKEHOLDERS = """\
version: 0.1.0
groups:
  - {id: governments, label: Governments, description: States., patterns: ['\\bgovernments?\\b'], organisations: []}
  - {id: un_system, label: UN system, description: UN., patterns: [], organisations: [UN Women, European Union, ILO]}
  - {id: employers, label: Employers, description: Employers., patterns: ["\\\\bemployers\\\\b'?"], organisations: [IOE]}
  - {id: workers, label: Workers, description: Unions., patterns: ["\\\\bworkers?\\\\b'?", '\\bunions?\\b'], organisations: [ITUC]}
  - {id: women, label: Women, description: Women., patterns: ['\\bwomen\\b'], organisations: []}
schemes:
  - id: fine
    label: Groups
    description: As they are.
    groups: [{id: governments, label: Governments}, {id: un_system, label: UN system}, {id: employers, label: Employers}, {id: workers, label: Workers}, {id: women, label: Women}]
    mapping: {governments: governments, un_system: un_system, employers: employers, workers: workers, women: women}
  - id: tripartite
    label: Tripartite
    description: ILO constituents.
    groups: [{id: governments, label: Governments}, {id: employers, label: Employers}, {id: workers, label: Workers}, {id: other, label: Other}]
    mapping: {governments: governments, un_system: other, employers: employers, workers: workers, women: other}
"""

TINY_RAW = """Tiny forum

Organized by ILO

1. Key issues

- Governments and workers' organizations stressed skills and training;
- Social dialogue between employers and workers is essential;
- UN Women called for safety at work for women.
"""


def session_yaml(session_id: str, raw_name: str, raw_sha256: str, statements: list[tuple[int, str, str]], participants_yaml: str | None = None) -> str:
    """A session file for tests: statements are (section, id, text)."""
    participants = participants_yaml or "  - {name: null, title: null, organisation: ILO, role: organiser, group: un_system}\n"
    statement_lines = "".join(
        f"  - id: {statement_id}\n    section: {section}\n    text: \"{text}\"\n" for section, statement_id, text in statements
    )
    return textwrap.dedent(
        f"""\
        id: {session_id}
        title: Tiny session
        forum: Tiny forum
        sdgs: [8]
        date: {{value: "2025-01-01", is_inferred: false}}
        source: {{raw_file: raw/{raw_name}, sha256: {raw_sha256}, publisher: Test, licence: test data}}
        sections:
          - {{number: 1, title: Key issues}}
        participants:
        """
    ) + participants + "statements:\n" + statement_lines


TINY_STATEMENTS = [
    (1, "s1-aaaaaa", "Governments and workers' organizations stressed skills and training;"),
    (1, "s1-bbbbbb", "Social dialogue between employers and workers is essential;"),
    (1, "s1-cccccc", "UN Women called for safety at work for women."),
]


def write_collection(root: Path, codebook: str = TINY_CODEBOOK, stakeholders: str = TINY_STAKEHOLDERS, raw: str = TINY_RAW, session_id: str = "tiny-session", statements=None) -> Path:
    """Write a complete small data folder (codebook, stakeholders, one session) and return it."""
    (root / "raw").mkdir(parents=True, exist_ok=True)
    (root / "sessions").mkdir(exist_ok=True)
    (root / "codebook.yaml").write_text(codebook, encoding="utf-8")
    (root / "stakeholders.yaml").write_text(stakeholders, encoding="utf-8")
    raw_path = root / "raw" / f"{session_id}.txt"
    raw_path.write_text(raw, encoding="utf-8")
    sha = hashlib.sha256(raw_path.read_bytes()).hexdigest()
    (root / "sessions" / f"{session_id}.yaml").write_text(
        session_yaml(session_id, raw_path.name, sha, statements or TINY_STATEMENTS), encoding="utf-8"
    )
    return root




def write_generated_session(data_dir: Path, session_id: str, forum: str, date: str | None, statements: list[str], speaker_groups: dict[int, str] | None = None) -> None:
    """Add a generated session to a collection made by write_collection: one section of bullets.

    ``speaker_groups`` maps a statement's position to the group its speaker is attributed to.
    """
    raw = f"{forum}\n\nGenerated session {session_id}\n\n1. Key issues\n\n" + "".join(f"- {text}\n" for text in statements)
    raw_path = data_dir / "raw" / f"{session_id}.txt"
    raw_path.write_text(raw, encoding="utf-8")
    sha = hashlib.sha256(raw_path.read_bytes()).hexdigest()
    date_yaml = f'{{value: "{date}", is_inferred: false}}' if date else "{value: null, is_inferred: false}"
    lines = [
        f"id: {session_id}",
        f"title: Generated session {session_id}",
        f"forum: {forum}",
        "sdgs: [8]",
        f"date: {date_yaml}",
        f"source: {{raw_file: raw/{raw_path.name}, sha256: {sha}, publisher: Test, licence: test data}}",
        "sections:",
        "  - {number: 1, title: Key issues}",
        "participants:",
        "  - {name: null, title: null, organisation: ILO, role: organiser, group: un_system}",
        "statements:",
    ]
    for position, text in enumerate(statements):
        lines.append(f"  - id: s1-{position:06x}")
        lines.append("    section: 1")
        if speaker_groups and position in speaker_groups:
            lines.append(f"    speaker_group: {speaker_groups[position]}")
        lines.append(f'    text: "{text}"')
    (data_dir / "sessions" / f"{session_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def replace_in_file(path: Path, old: str, new: str) -> None:
    """Edit a test file in place; the text to replace must be there, so a test cannot silently miss."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def empty_collection(folder: Path) -> Path:
    """An empty collection: the project's codebook and stakeholder groups, no sessions yet."""
    from helpers.data import paths

    folder.mkdir(parents=True)
    for name in ("codebook.yaml", "stakeholders.yaml"):
        shutil.copy(paths.DATA_DIR / name, folder / name)
    return folder
