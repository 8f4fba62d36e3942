"""Typed records for sessions, the codebook and the stakeholder data, as loaded from data/."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Participant:
    """Someone (or an organisation) who took part: the voice lens."""

    name: str | None
    title: str | None
    organisation: str | None
    role: str
    group: str
    honorific: str | None = None
    group_reason: str | None = None

    @property
    def label(self) -> str:
        """How statements name this participant as their speaker: the name, else the organisation."""
        return self.name or self.organisation or ""


@dataclass(frozen=True)
class Statement:
    """One bullet or sentence of a summary, exactly as published."""

    id: str
    section: int
    text: str
    speaker_group: str | None = None
    session_id: str = ""
    speaker: str | None = None
    is_question: bool = False

    @property
    def key(self) -> str:
        """Unique across sessions: ``<session_id>--<statement id>`` (ids are unique per session)."""
        return f"{self.session_id}--{self.id}"


@dataclass(frozen=True)
class Override:
    """An analyst's correction of the rules on one statement, applied after the rules."""

    statement_id: str
    add_issues: tuple[str, ...]
    remove_issues: tuple[str, ...]
    add_groups: tuple[str, ...]
    remove_groups: tuple[str, ...]
    reason: str
    by: str | None = None


@dataclass(frozen=True)
class Section:
    number: int
    title: str


@dataclass(frozen=True)
class Session:
    """A session summary in structured form, with where it came from."""

    id: str
    title: str
    forum: str
    sdgs: tuple[int, ...]
    date: str | None
    is_date_inferred: bool
    date_inferred_reason: str | None
    raw_file: Path
    raw_sha256: str
    publisher: str
    licence: str
    sections: tuple[Section, ...]
    participants: tuple[Participant, ...]
    statements: tuple[Statement, ...]
    source_file: Path
    overrides: tuple[Override, ...] = ()
    text_file: Path | None = None
    text_sha256: str | None = None
    symbol: str | None = None
    document_kind: str | None = None
    url: str | None = None
    date_stated_as: str | None = None

    @property
    def source_text_file(self) -> Path:
        """The text the statements quote: the extracted text of an HTML, PDF or Word file, else the raw file."""
        return self.text_file or self.raw_file

    @property
    def positions(self) -> tuple[Statement, ...]:
        """Statements that are positions taken (guiding questions are kept but not counted)."""
        return tuple(s for s in self.statements if not s.is_question)

    @property
    def organisers(self) -> list[str]:
        """Organising bodies, taken from the participants whose role is organiser."""
        return [p.organisation or p.name for p in self.participants if p.role == "organiser"]


@dataclass(frozen=True)
class Issue:
    """One code of the issue codebook."""

    id: str
    label: str
    definition: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    patterns: tuple[str, ...]
    exclude_patterns: tuple[str, ...]
    example: str
    sdg_targets: tuple[str, ...]
    non_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    version: str
    issues: tuple[Issue, ...]
    source_file: Path

    def label_of(self, issue_id: str) -> str:
        return next(i.label for i in self.issues if i.id == issue_id)


@dataclass(frozen=True)
class StakeholderGroup:
    id: str
    label: str
    description: str
    patterns: tuple[str, ...]
    organisations: tuple[str, ...]


@dataclass(frozen=True)
class GroupingScheme:
    """A way to fold the fine groups into coarser ones (e.g. tripartite)."""

    id: str
    label: str
    description: str
    group_labels: dict[str, str]
    mapping: dict[str, str]


@dataclass(frozen=True)
class Stakeholders:
    version: str
    groups: tuple[StakeholderGroup, ...]
    schemes: dict[str, GroupingScheme] = field(default_factory=dict)
    source_file: Path | None = None

    @property
    def group_ids(self) -> list[str]:
        return [g.id for g in self.groups]


@dataclass(frozen=True)
class Forum:
    """A forum, segment or UN organ and the names records use for it."""

    name: str
    kind: str  # "forum", "segment" or "organ"
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Country:
    """A UN Member State or observer State and the other names records use for it."""

    name: str
    status: str  # "member_state" or "observer_state"
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)
