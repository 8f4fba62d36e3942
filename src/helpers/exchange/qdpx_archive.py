"""Reading a REFI-QDA project (.qdpx) someone else made, safely: the archive and its XML.

A .qdpx from outside is untrusted input. Nothing is extracted to disk: members are read into
memory by name, after checking every name stays inside the archive's folder and every size
(as declared, and as actually inflated) is within limits, so a zip bomb or a path like
``../../etc/passwd`` is one clear error. The XML is parsed with entities and DTDs off, so no
external entity is ever read.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from helpers.data.errors import DataError
from helpers.data.loading import MAX_TEXT_BYTES, decode_text

MAX_MEMBERS = 10_000
MAX_PROJECT_XML_BYTES = 50 * 1024 * 1024  # a project.qde of thousands of coded sources stays far below
MAX_SOURCE_BYTES = MAX_TEXT_BYTES  # the same limit as any summary we ingest
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # everything the archive says it holds, uncompressed
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"


def project_tag(name: str) -> str:
    """An element name in the REFI-QDA project namespace, as ElementTree and lxml write it."""
    return f"{{{PROJECT_NAMESPACE}}}{name}"

_DRIVE = re.compile(r"^[A-Za-z]:")


def is_inside_archive_folder(name: str) -> bool:
    """Whether an archive member name stays inside the folder it would be unpacked into.

    >>> [is_inside_archive_folder(n) for n in ("sources/a.txt", "../a", "/etc/passwd", "a/../../b", "C:x", "a\\\\..\\\\b")]
    [True, False, False, False, False, False]
    """
    if not name or name.startswith("/") or "\\" in name or "\x00" in name or _DRIVE.match(name):
        return False
    return ".." not in PurePosixPath(name).parts


@dataclass
class ProjectArchive:
    """An opened .qdpx whose member names and declared sizes have been checked."""

    path: Path
    archive: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> "ProjectArchive":
        if not path.is_file():
            raise DataError(path, "no such file")
        if not zipfile.is_zipfile(path):
            raise DataError(path, "not a REFI-QDA project: a .qdpx is a zip archive, and this file is not one")
        try:
            archive = zipfile.ZipFile(path)
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise DataError(path, f"not a readable zip archive: {error}") from error
        if len(infos) > MAX_MEMBERS:
            raise DataError(path, f"the archive holds {len(infos)} files; a project is expected to hold under {MAX_MEMBERS}")
        for info in infos:
            if not is_inside_archive_folder(info.filename):
                raise DataError(path, f"archive member {info.filename!r} points outside the archive's folder: refused, nothing read")
            if info.flag_bits & 0x1:
                raise DataError(path, f"archive member {info.filename!r} is encrypted")
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise DataError(path, f"the archive says it unpacks to {total / 1024 / 1024:.0f} MB (limit {MAX_TOTAL_BYTES // 1024 // 1024} MB): refused as a possible zip bomb")
        return cls(path=path, archive=archive, members={info.filename: info for info in infos if not info.is_dir()})

    def find_project_file(self) -> str:
        """The one ``.qde`` at the top of the archive (``project.qde`` by the standard)."""
        candidates = sorted(name for name in self.members if "/" not in name and name.lower().endswith(".qde"))
        if "project.qde" in candidates:
            return "project.qde"
        if len(candidates) != 1:
            raise DataError(self.path, "not a REFI-QDA project: no project.qde at the top of the archive" if not candidates else f"several .qde files: {', '.join(candidates)}")
        return candidates[0]

    def find_source(self, internal_name: str) -> str | None:
        """The member holding ``internal://<name>``: ``sources/<name>`` (NVivo writes ``Sources/``), or None."""
        if not is_inside_archive_folder(internal_name):
            raise DataError(self.path, f"source path internal://{internal_name} points outside the archive's folder: refused, nothing read")
        for folder in ("sources", "Sources"):
            if f"{folder}/{internal_name}" in self.members:
                return f"{folder}/{internal_name}"
        lowered = {name.lower(): name for name in self.members}
        return lowered.get(f"sources/{internal_name}".lower())

    def read(self, name: str, limit: int) -> bytes:
        """A member's bytes, refused when it declares or inflates to more than ``limit``."""
        info = self.members[name]
        where = f"{self.path}/{name}"
        if info.file_size > limit:
            raise DataError(where, f"unpacks to {info.file_size / 1024 / 1024:.1f} MB (limit {limit / 1024 / 1024:.0f} MB): refused as a possible zip bomb")
        try:
            with self.archive.open(info) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as error:
            raise DataError(where, f"damaged in the archive: {error}") from error
        if len(data) > limit:
            raise DataError(where, f"inflates past {limit / 1024 / 1024:.0f} MB: refused as a possible zip bomb")
        return data

    def read_text(self, name: str) -> str:
        """A plain-text source: UTF-8 (a BOM is allowed); binary content is an error."""
        data = self.read(name, MAX_SOURCE_BYTES)
        where = f"{self.path}/{name}"
        nul = data.find(b"\x00")
        if nul >= 0:
            raise DataError(where, f"binary content (byte 0x00 at offset {nul}): a plain-text source must be UTF-8 text", line=data.count(b"\n", 0, nul) + 1)
        return decode_text(Path(where), data)


def parse_project_xml(archive: ProjectArchive, name: str):
    """The project XML's root element (lxml, with line numbers), parsed with entities, DTDs and network off."""
    from lxml import etree

    data = archive.read(name, MAX_PROJECT_XML_BYTES)
    where = f"{archive.path}/{name}"
    refusal = "declares a DTD (<!DOCTYPE ...>), which can pull in entities and other files: refused, nothing read; REFI-QDA projects need none"
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DataError(where, refusal, line=data.count(b"\n", 0, max(data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY"))) + 1)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DataError(where, f"malformed XML: {error.msg}", line=error.lineno) from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise DataError(where, refusal)
    if root.tag != project_tag("Project"):
        raise DataError(where, f"not a REFI-QDA project: the root element is {root.tag!r}, not Project in namespace {PROJECT_NAMESPACE}", line=root.sourceline)
    return root
