"""The record corpus of tests/records: fixture session records with their gold, built into the files ingest gets.

Each record is a folder with its text (``source.txt``, ``.md`` or ``.html``) and ``gold.yaml``.
Text, Markdown and saved pages are handed to ingest as they are; PDFs are printed from the HTML
source with WeasyPrint (its ``@page`` rules carry the running header, job number and page
numbers); Word files are built with python-docx from an outline (see :func:`build_docx`).
The same sources give the same bytes, and no built file is kept in git.
"""

import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

RECORDS_DIR = Path(__file__).resolve().parent / "records"
GOLD_SCHEMA_FILE = RECORDS_DIR / "record-gold.schema.json"
FORUMS_FILE = RECORDS_DIR / "forums.yaml"
# Word files get this date as created and modified, and every zip member this time: fixed bytes.
FIXED_DOCX_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)
FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Record:
    """One fixture record: its folder, its gold (a dict shaped by record-gold.schema.json)."""

    folder: Path
    gold: dict

    @property
    def name(self) -> str:
        return self.gold["document"]

    @property
    def source_file(self) -> Path:
        return self.folder / self.gold["source"]

    @property
    def file_name(self) -> str:
        """The name of the file ingest gets: the record's name with its format's extension."""
        return f"{self.name}.{self.gold['format']}"


def load_gold(path: Path) -> dict:
    """A gold file, checked against the gold schema; a record's folder must carry its name."""
    gold = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    schema = json.loads(GOLD_SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(gold)
    if gold["document"] != path.parent.name:
        raise ValueError(f"{path}: document {gold['document']!r} is not the folder's name")
    return gold


def load_records(records_dir: Path = RECORDS_DIR) -> list[Record]:
    """Every record of the corpus, in name order."""
    return [Record(path.parent, load_gold(path)) for path in sorted(records_dir.glob("*/gold.yaml"))]


def load_forum_spellings(path: Path = FORUMS_FILE) -> dict[str, list[str]]:
    """Forum name -> the spellings of it that count as right."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- building


def build_pdf(html_file: Path, target: Path) -> Path:
    """Print an HTML source to PDF with WeasyPrint; its stylesheet makes the page furniture."""
    import weasyprint

    target.write_bytes(weasyprint.HTML(filename=str(html_file)).write_pdf())
    return target


def _outline_blocks(text: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Directives (``%header: ...``) and blocks (kind, text) of a docx outline.

    A block is a run of non-blank lines joined with spaces; its first characters say its kind:
    ``# `` title, ``## `` heading 1, ``### `` heading 2, ``- `` bulleted list item, ``+ ``
    numbered list item (Word numbers it: the number is not in the text), else a paragraph.

    >>> _outline_blocks("%header: E/1\\n# Title\\n\\nA para\\ngoes on\\n- one\\n- two")
    ({'header': 'E/1'}, [('title', 'Title'), ('paragraph', 'A para goes on'), ('bullet', 'one'), ('bullet', 'two')])
    """
    directives: dict[str, str] = {}
    blocks: list[tuple[str, str]] = []
    markers = (("### ", "heading2"), ("## ", "heading1"), ("# ", "title"), ("- ", "bullet"), ("+ ", "number"))
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        marker = next(((prefix, kind) for prefix, kind in markers if stripped.startswith(prefix)), None)
        if stripped.startswith("%") and ":" in stripped:
            key, _, value = stripped[1:].partition(":")
            directives[key.strip()] = value.strip()
            continue
        if current and (not stripped or marker or current[0] in ("title", "heading1", "heading2")):
            blocks.append((current[0], " ".join(current[1:])))
            current = []
        if not stripped:
            continue
        if marker:
            current = [marker[1], stripped[len(marker[0]):].strip()]
        elif current:
            current.append(stripped)
        else:
            current = ["paragraph", stripped]
    return directives, blocks


def build_docx(outline_file: Path, target: Path) -> Path:
    """Build a Word file from an outline: headings by style, list items by list style, fixed bytes.

    ``%header:`` and ``%footer:`` directives fill the section's page header and footer (the
    symbol, a job number), as official documents have them.
    """
    import docx

    directives, blocks = _outline_blocks(outline_file.read_text(encoding="utf-8"))
    document = docx.Document()
    styles = {"title": None, "heading1": None, "heading2": None, "bullet": "List Bullet", "number": "List Number", "paragraph": None}
    for kind, text in blocks:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind in ("heading1", "heading2"):
            document.add_heading(text, level=1 if kind == "heading1" else 2)
        else:
            document.add_paragraph(text, style=styles[kind])
    section = document.sections[0]
    if "header" in directives:
        section.header.paragraphs[0].text = directives["header"]
    if "footer" in directives:
        section.footer.paragraphs[0].text = directives["footer"]
    properties = document.core_properties
    properties.author = properties.last_modified_by = "record corpus"
    properties.created = properties.modified = FIXED_DOCX_TIME
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(_with_fixed_zip_times(buffer.getvalue()))
    return target


def _with_fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every member dated FIXED_ZIP_TIME, so a rebuild gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def build_record_file(record: Record, out_dir: Path) -> Path:
    """The file ingest gets for a record, written into ``out_dir``."""
    target = out_dir / record.file_name
    output_format = record.gold["format"]
    if output_format == "pdf":
        return build_pdf(record.source_file, target)
    if output_format == "docx":
        return build_docx(record.source_file, target)
    shutil.copyfile(record.source_file, target)
    return target


def build_corpus(out_dir: Path, records: list[Record] | None = None) -> dict[str, Path]:
    """Every record's file in ``out_dir``: record name -> path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {record.name: build_record_file(record, out_dir) for record in (records if records is not None else load_records())}
