"""The one place that knows where the project's folders are, found from this file's location."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "briefs" / "templates"
# Schemas sit next to the data they describe; they are the product's contract, so a
# collection in another --data-dir is checked against these same files.
SCHEMAS_DIR = DATA_DIR / "schemas"

SESSION_BRIEF_NOTEBOOK = NOTEBOOKS_DIR / "session_brief.ipynb"
CODEBOOK_QUALITY_NOTEBOOK = NOTEBOOKS_DIR / "codebook_quality.ipynb"
CORPUS_BRIEF_NOTEBOOK = NOTEBOOKS_DIR / "corpus_brief.ipynb"
CORPUS_REPORT_NAME = "corpus"  # reports/corpus/ holds the corpus brief; no session may take this id


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """Return ``data_dir`` as an absolute path, or the project's ``data/`` when it is empty."""
    return Path(data_dir).resolve() if data_dir else DATA_DIR


def sessions_dir(data_dir: Path) -> Path:
    """Folder of the structured session files (one YAML file per session)."""
    return data_dir / "sessions"


def session_file(data_dir: Path, session_id: str) -> Path:
    """Path of one session's structured file."""
    return sessions_dir(data_dir) / f"{session_id}.yaml"


def codebook_file(data_dir: Path) -> Path:
    """Path of the issue codebook."""
    return data_dir / "codebook.yaml"


def stakeholders_file(data_dir: Path) -> Path:
    """Path of the stakeholder groups, their patterns and grouping schemes."""
    return data_dir / "stakeholders.yaml"


def forums_file(data_dir: Path) -> Path:
    """Path of the forums list; a collection without its own uses the project's (reference data, like schemas)."""
    return _reference_file(data_dir, "forums.yaml")


def countries_file(data_dir: Path) -> Path:
    """Path of the countries list (UN Member States and observers); a collection without its own uses the project's."""
    return _reference_file(data_dir, "countries.yaml")


def _reference_file(data_dir: Path, name: str) -> Path:
    """A reference list of the collection, else the project's: lists of names change with the world, not with a collection."""
    own = data_dir / name
    return own if own.is_file() else DATA_DIR / name


def gold_dir(data_dir: Path) -> Path:
    """Folder of the gold-standard codings (one YAML file per session)."""
    return data_dir / "gold"


def cache_dir(data_dir: Path) -> Path:
    """Loaded and coded sessions kept between runs (``<data folder>/.cache/``; rebuilt when deleted)."""
    return data_dir / ".cache"


def report_dir(out_dir: Path, session_id: str) -> Path:
    """Folder that holds one session's rendered brief."""
    return out_dir / session_id
