"""Read a session record as published, from a file or a web address: its bytes, checked, then parsed by the library made for its format.

Everything that touches the outside world or an untrusted container happens here: size caps,
content types, redirects, zip bombs, encrypted and scanned PDFs. What the parsers give back
(HTML bytes, PDF words with positions, Word paragraphs with styles) is turned into text by
``clean``.
"""

import io
import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


from helpers.data.errors import DataError
from helpers.data.loading import MAX_TEXT_BYTES, decode_text, read_file_bytes


SESSION_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

FORMAT_BY_EXTENSION = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
TEXT_FORMATS = ("txt", "md")  # read as they are; the others get their text extracted beside the raw file
FORMAT_LABELS = {"txt": "plain text", "md": "Markdown", "html": "web page", "pdf": "PDF", "docx": "Word file"}
# Caps per format, far above real session records; they bound memory and time on hostile input.
MAX_BYTES = {"txt": MAX_TEXT_BYTES, "md": MAX_TEXT_BYTES, "html": 10 * 1024 * 1024, "pdf": 50 * 1024 * 1024, "docx": 20 * 1024 * 1024}
MAX_PDF_PAGES = 500  # pdfplumber reads a page in about a tenth of a second
MAX_DOCX_ENTRIES = 2000
MAX_DOCX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_DOCX_RATIO = 100  # inflated / compressed size of one entry; text XML compresses about 5 to 20 times
_DOCX_RATIO_FROM_BYTES = 1024 * 1024  # tiny entries may compress better; they cannot be bombs
FETCH_TIMEOUT_S = 30.0
MAX_REDIRECTS = 5
CONTENT_TYPE_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
}
_ADDRESS = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_SUPPORTED = ".txt, .md, .html, .htm, .pdf and .docx files, and http(s):// addresses"


@dataclass(frozen=True)
class RawSource:
    """A record's bytes as published, the file name they get in ``raw/``, their format and origin."""

    name: str
    data: bytes
    format: str
    origin: str  # the path or address as given, for error messages
    url: str | None = None


@dataclass(frozen=True)
class PdfWord:
    """One word of a PDF page with its box (points, from the top left) and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str


@dataclass(frozen=True)
class PdfPage:
    """A PDF page's size and words; ``n_images`` tells a scanned page from an empty one."""

    number: int
    width: float
    height: float
    words: tuple[PdfWord, ...]
    n_images: int = 0


@dataclass(frozen=True)
class DocxParagraph:
    """A paragraph of a Word file with what its style says it is."""

    text: str
    style: str  # the style name, or the nearest built-in one it is based on
    is_list_item: bool
    is_bold: bool


# ----------------------------------------------------------------------------- session ids


def make_session_id(path: Path) -> str:
    """Session id from a file name: its stem, accents dropped, lowercased, other characters as '-'.

    >>> make_session_id(Path("ECOSOC PF 2025 – SDG 8 (draft).txt"))
    'ecosoc-pf-2025-sdg-8-draft'
    >>> make_session_id(Path("Résumé_final.md"))
    'resume-final'
    """
    ascii_stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")


def check_session_id(session_id: str, origin: Path | str, is_given: bool, file_name: str) -> str:
    """Return the id if it is a valid session id, else raise a DataError that asks for ``--id``."""
    if SESSION_ID_PATTERN.match(session_id):
        return session_id
    if is_given:
        raise DataError(origin, f"--id {session_id!r} is not a valid session id: use lowercase letters, digits and single hyphens (e.g. ecosoc-pf-2025-sdg8)")
    raise DataError(origin, f"cannot make a session id from the file name {file_name!r}: give one with --id (lowercase letters, digits and single hyphens)")


# ----------------------------------------------------------------------------- bytes from a file or an address


def is_address(source: str | Path) -> bool:
    """Whether the command was given a web address (any ``scheme://``) rather than a path.

    >>> is_address("https://press.un.org/en/2025/ecosoc7190.doc.htm"), is_address("raw/summary.txt")
    (True, False)
    """
    return isinstance(source, str) and _ADDRESS.match(source) is not None


def read_source(source: str | Path, session_id: str | None = None, timeout_s: float = FETCH_TIMEOUT_S) -> RawSource:
    """The record's bytes from a path or an http(s) address, within the cap for its format."""
    if is_address(source):
        return fetch_address(str(source), session_id, timeout_s)
    path = Path(source)
    extension = path.suffix.lower()
    if extension not in FORMAT_BY_EXTENSION:
        hint = " (save a .doc as .docx)" if extension == ".doc" else ""
        raise DataError(path, f"unsupported file type {extension or '(no extension)'!r}{hint}: ingest reads {_SUPPORTED}")
    file_format = FORMAT_BY_EXTENSION[extension]
    data = read_file_bytes(path, MAX_BYTES[file_format], kind=f"{FORMAT_LABELS[file_format]} records")
    return RawSource(name=path.name, data=data, format=file_format, origin=str(path))


def _name_from_address(url: str, file_format: str, session_id: str | None) -> str:
    """The raw file's name: ``<id>.<ext>`` when an id is given, else the address's last path segment.

    >>> _name_from_address("https://press.un.org/en/2025/ecosoc7190.doc.htm", "html", None)
    'ecosoc7190.doc.htm'
    >>> _name_from_address("https://hlpf.un.org/2025/programme/sdg%208%20review", "html", None)
    'sdg-8-review.html'
    >>> _name_from_address("https://hlpf.un.org/", "pdf", "hlpf-2025-sdg8")
    'hlpf-2025-sdg8.pdf'
    """
    extension = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "txt": ".txt", "md": ".md"}[file_format]
    if session_id is not None:
        return f"{session_id}{extension}"
    segment = unquote(urlsplit(url).path).rstrip("/").rsplit("/", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", segment).strip(".-")
    if not name:
        raise DataError(url, "the address has no file name to keep the page under in raw/: give a session id with --id")
    if FORMAT_BY_EXTENSION.get(Path(name).suffix.lower()) != file_format:
        name += extension
    return name


def _check_scheme(url: str, origin: str, redirected: bool) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        where = f"redirected to {url!r}" if redirected else f"{scheme}:// address"
        raise DataError(origin, f"{where}: only http:// and https:// addresses are fetched")


def fetch_address(url: str, session_id: str | None = None, timeout_s: float = FETCH_TIMEOUT_S) -> RawSource:
    """GET an http(s) address: redirects followed only to http(s), content type and size checked while streaming.

    ``timeout_s`` bounds each network wait and the whole download; the body is read in chunks and
    abandoned as soon as it passes the cap for its content type.
    """
    import httpx

    _check_scheme(url, url, redirected=False)
    deadline = time.monotonic() + timeout_s

    def refuse_other_schemes(response):  # runs on every answer, before httpx follows a redirect
        if response.is_redirect:
            _check_scheme(urljoin(str(response.url), response.headers["location"]), url, redirected=True)

    # identity: ask for no compressed transfer; should a server compress anyway, the cap counts inflated bytes
    headers = {"User-Agent": "session-briefs (briefs ingest)", "Accept-Encoding": "identity"}
    client = httpx.Client(timeout=httpx.Timeout(timeout_s), follow_redirects=True, max_redirects=MAX_REDIRECTS, headers=headers, event_hooks={"response": [refuse_other_schemes]})
    try:
        with client, client.stream("GET", url) as response:
            if not response.is_success:
                raise DataError(url, f"the address answered HTTP {response.status_code} {response.reason_phrase}".rstrip())
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            file_format = CONTENT_TYPE_FORMATS.get(content_type)
            if file_format is None:
                raise DataError(url, f"the address returned content type {content_type or '(none)'!r}; ingest reads {', '.join(CONTENT_TYPE_FORMATS)}")
            data = _read_capped_body(response, url, MAX_BYTES[file_format], FORMAT_LABELS[file_format], deadline, timeout_s)
    except httpx.TooManyRedirects:
        raise DataError(url, f"more than {MAX_REDIRECTS} redirects: not followed further") from None
    except httpx.TimeoutException:
        raise _timed_out(url, timeout_s) from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise DataError(url, f"cannot fetch the address: {error}") from None
    return RawSource(name=_name_from_address(url, file_format, session_id), data=data, format=file_format, origin=url, url=url)


def _timed_out(url: str, timeout_s: float) -> DataError:
    return DataError(url, f"no complete answer within {timeout_s:g} s (timed out): try again, or save the page and ingest the file")


def _read_capped_body(response, url: str, cap: int, label: str, deadline: float, timeout_s: float) -> bytes:
    """The response body, refused once it passes ``cap`` bytes or the overall deadline."""
    too_large = f"the address returns more than {cap // 1024 // 1024} MB, the cap for a {label}: save a smaller file or check the address"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise DataError(url, too_large)
    chunks, total = [], 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > cap:
            raise DataError(url, too_large)
        if time.monotonic() > deadline:
            raise _timed_out(url, timeout_s)
        chunks.append(chunk)
    return b"".join(chunks)


# ----------------------------------------------------------------------------- plain text


def read_plain_text(raw: RawSource) -> str:
    """The text of a .txt or .md record; empty, binary and non-UTF-8 files are DataErrors."""
    data = raw.data
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise DataError(raw.origin, f"binary file, not a text summary: NUL byte at byte offset {offset}", line=data.count(b"\n", 0, offset) + 1)
    text = decode_text(raw.origin, data)
    if not text.strip():
        raise DataError(raw.origin, "the file is empty: expected the text of a session summary")
    return text


def check_not_empty(raw: RawSource) -> None:
    """An empty HTML, PDF or Word file gets the same message as an empty text file."""
    if not raw.data.strip():
        raise DataError(raw.origin, f"the file is empty: expected a {FORMAT_LABELS[raw.format]} holding a session record")


# ----------------------------------------------------------------------------- PDF


def quiet_library_logs(*names: str) -> None:
    """pdfminer and trafilatura log warnings that Python would print to stderr; errors reach users as DataErrors instead."""
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def read_pdf_pages(raw: RawSource) -> list[PdfPage]:
    """Every page's words with position, size and font, read by pdfplumber.

    Encrypted, broken and scanned PDFs (no text layer) are DataErrors that say what to do.
    """
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    quiet_library_logs("pdfminer", "pdfplumber")
    check_not_empty(raw)
    try:
        with pdfplumber.open(io.BytesIO(raw.data)) as document:
            if len(document.pages) > MAX_PDF_PAGES:
                raise DataError(raw.origin, f"the PDF has {len(document.pages)} pages; ingest reads up to {MAX_PDF_PAGES}: split it")
            pages = [_read_pdf_page(number, page) for number, page in enumerate(document.pages, 1)]
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise DataError(raw.origin, "the PDF is encrypted and needs a password: save an unprotected copy (print to PDF) and ingest that") from None
        raise DataError(raw.origin, f"not a readable PDF ({type(cause).__name__}: {cause}): check the file, or save it again from its source") from None
    except DataError:
        raise
    except Exception as error:  # pdfminer on a damaged file can fail anywhere in its parser
        raise DataError(raw.origin, f"not a readable PDF ({type(error).__name__}: {error}): check the file, or save it again from its source") from None
    if not any(page.words for page in pages):
        if any(page.n_images for page in pages):
            raise DataError(raw.origin, "the PDF has no text layer: its pages are images (a scan). Run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then ingest the result")
        raise DataError(raw.origin, "the PDF has no text on any page")
    return pages


def _read_pdf_page(number: int, page) -> PdfPage:
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False)
    return PdfPage(
        number=number,
        width=float(page.width),
        height=float(page.height),
        words=tuple(
            PdfWord(text=w["text"], x0=float(w["x0"]), x1=float(w["x1"]), top=float(w["top"]), bottom=float(w["bottom"]), size=float(w["size"]), fontname=str(w["fontname"]))
            for w in words
            if w.get("upright", True) and w["text"].strip()
        ),
        n_images=len(page.images),
    )


# ----------------------------------------------------------------------------- Word


def check_zip_package(raw: RawSource) -> None:
    """Refuse a .docx that is not a zip, or whose declared sizes would inflate past the caps (a zip bomb).

    Python's zipfile never inflates an entry past its declared size (a lie ends in a CRC
    error), so checking the declared sizes before anything is inflated bounds memory.
    """
    check_not_empty(raw)
    if raw.data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError(raw.origin, "not a .docx package: this is an encrypted Word file or an old .doc; save it as an unprotected .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as package:
            entries = package.infolist()
    except zipfile.BadZipFile as error:
        raise DataError(raw.origin, f"not a readable .docx (a Word file is a zip package: {error})") from None
    if len(entries) > MAX_DOCX_ENTRIES:
        raise DataError(raw.origin, f"the .docx holds {len(entries)} files; a Word file has far fewer (cap {MAX_DOCX_ENTRIES}): refused")
    inflated = sum(entry.file_size for entry in entries)
    if inflated > MAX_DOCX_INFLATED_BYTES:
        raise DataError(raw.origin, f"the .docx would inflate to {inflated / 1024 / 1024:.0f} MB (cap {MAX_DOCX_INFLATED_BYTES // 1024 // 1024} MB): refused as a possible zip bomb")
    for entry in entries:
        if entry.file_size > _DOCX_RATIO_FROM_BYTES and entry.file_size > MAX_DOCX_RATIO * max(entry.compress_size, 1):
            ratio = entry.file_size / max(entry.compress_size, 1)
            raise DataError(raw.origin, f"{entry.filename} in the .docx inflates {ratio:.0f} times (cap {MAX_DOCX_RATIO}): refused as a possible zip bomb")


def _style_kind(style) -> str:
    """The built-in style a paragraph style is, or is based on ("Title", "Heading 2", "List Bullet"...)."""
    seen = 0
    while style is not None and seen < 20:  # base_style chains are short; a cycle must not hang
        name = style.name or ""
        if re.match(r"^(?:Title|Subtitle|Heading \d|List\b.*)$", name):
            return name
        style, seen = style.base_style, seen + 1
    return "Normal"


def read_docx_paragraphs(raw: RawSource) -> list[DocxParagraph]:
    """Paragraphs and table rows of a Word file in document order, with their styles, read by python-docx."""
    check_zip_package(raw)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw.data))
        paragraphs: list[DocxParagraph] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                paragraphs.extend(_read_table_rows(item))
                continue
            text = item.text.replace("\t", " ")
            if not text.strip():
                continue
            properties = item._p.pPr
            has_numbering = properties is not None and properties.numPr is not None
            style = _style_kind(item.style)
            runs = [run for run in item.runs if run.text.strip()]
            is_bold = bool(runs) and all(run.bold or (run.bold is None and run.style is not None and run.style.font.bold) for run in runs)
            paragraphs.append(DocxParagraph(text=text, style=style, is_list_item=has_numbering or style.startswith("List"), is_bold=is_bold))
    except Exception as error:  # python-docx and lxml fail in many ways on a damaged package
        raise DataError(raw.origin, f"not a readable Word file ({type(error).__name__}: {error}): open and save it again in Word") from None
    return paragraphs


def _read_table_rows(table) -> list[DocxParagraph]:
    """One paragraph per table row, its cells joined by " | " (merged cells counted once)."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(DocxParagraph(text=" | ".join(cells), style="Table", is_list_item=False, is_bold=False))
    return rows
