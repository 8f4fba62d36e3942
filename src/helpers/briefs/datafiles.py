"""Tables a brief writes beside its HTML and PDF, as CSV and Parquet, from the brief's own coding.

A notebook cell shows a :class:`DataFiles`: a short note in the notebook and the HTML, and in
its output bundle the files' bytes, which the brief exporters (``helpers.rendering.exporters``)
hand on to be written next to the brief. Analysts go on from them in pandas, R or a spreadsheet.
"""

import base64
import io
import json
from dataclasses import dataclass

import pandas as pd

from helpers.analysis.coding import CodedStatement
from helpers.analysis.tables import mentioned_scheme_groups, speaker_scheme_groups
from helpers.briefs.templating import render_template
from helpers.data.model import GroupingScheme, Session

DATA_MIMETYPE = "application/vnd.session-briefs.data-files+json"
STATEMENT_COLUMNS = [
    "session_id", "forum", "date", "year", "section", "section_title", "reference", "statement_id", "text",
    "speaker", "speaker_group", "speaker_scheme_group", "issue_ids", "n_issues", "issue_evidence",
    "groups_named", "scheme_groups_named", "group_evidence", "analyst_changes",
]  # fmt: skip
LIST_SEPARATOR = ";"  # ids never contain it


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _analyst_changes(c: CodedStatement) -> list[dict]:
    changes = [{"action": "added", "kind": "issue", "code": code.issue_id, "reason": code.override_reason} for code in c.issues if code.is_override]
    changes += [{"action": "removed", "kind": "issue", "code": removed.code_id, "reason": removed.reason} for removed in c.removed_issues]
    changes += [{"action": "added", "kind": "group", "code": mention.group_id, "reason": mention.override_reason} for mention in c.groups if mention.is_override]
    changes += [{"action": "removed", "kind": "group", "code": removed.code_id, "reason": removed.reason} for removed in c.removed_groups]
    return changes


def build_statements_frame(coded: list[CodedStatement], sessions, references: dict[str, str], scheme: GroupingScheme) -> pd.DataFrame:
    """One row per coded statement: where it is, what it says, who said it, its codes and their evidence.

    Evidence offsets index ``text`` (start inclusive, end exclusive); ``speaker_scheme_group``
    and ``scheme_groups_named`` are the voice and mention lens columns of the brief's tables.
    """
    by_id: dict[str, Session] = {s.id: s for s in sessions}
    rows = []
    for c in coded:
        statement = c.statement
        session = by_id[statement.session_id]
        section_titles = {section.number: section.title for section in session.sections}
        rows.append(
            {
                "session_id": session.id,
                "forum": session.forum,
                "date": session.date,
                "year": session.date[:4] if session.date else "unknown",
                "section": statement.section,
                "section_title": section_titles.get(statement.section),
                "reference": references[statement.key],
                "statement_id": statement.id,
                "text": statement.text,
                "speaker": statement.speaker,
                "speaker_group": statement.speaker_group,
                "speaker_scheme_group": speaker_scheme_groups(c, scheme)[0],
                "issue_ids": LIST_SEPARATOR.join(c.issue_ids),
                "n_issues": len(c.issues),
                "issue_evidence": _json([{"issue_id": code.issue_id, "words": e.text, "start": e.start, "end": e.end} for code in c.issues for e in code.evidence]),
                "groups_named": LIST_SEPARATOR.join(c.group_ids),
                "scheme_groups_named": LIST_SEPARATOR.join(mentioned_scheme_groups(c, scheme)),
                "group_evidence": _json([{"group_id": mention.group_id, "words": e.text, "start": e.start, "end": e.end} for mention in c.groups for e in mention.evidence]),
                "analyst_changes": _json(_analyst_changes(c)),
            }
        )
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


@dataclass(frozen=True)
class DataFiles:
    """A table to be written beside the brief as ``<name>.csv`` and ``<name>.parquet``."""

    name: str
    kind: str  # "statements" or "quality_scores": what the note in the brief says about it
    frame: pd.DataFrame

    def file_contents(self) -> dict[str, bytes]:
        """The two files' bytes: UTF-8 CSV with a header row, and Parquet written by pyarrow."""
        parquet = io.BytesIO()
        self.frame.to_parquet(parquet, index=False, engine="pyarrow")
        return {f"{self.name}.csv": self.frame.to_csv(index=False, lineterminator="\n").encode("utf-8"), f"{self.name}.parquet": parquet.getvalue()}

    def _repr_mimebundle_(self, include=None, exclude=None):
        files = {name: base64.b64encode(data).decode("ascii") for name, data in self.file_contents().items()}
        return {
            "text/plain": f"{self.name}.csv and {self.name}.parquet: {len(self.frame)} rows",
            "text/html": render_template("data_files.html.j2", name=self.name, kind=self.kind, n_rows=len(self.frame)),
            DATA_MIMETYPE: {"files": files},
        }


def decode_data_files(bundle: dict) -> dict[str, bytes]:
    """File name -> bytes from a :class:`DataFiles` output bundle's data entry."""
    return {name: base64.b64decode(data) for name, data in bundle["files"].items()}

