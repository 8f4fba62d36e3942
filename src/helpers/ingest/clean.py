"""Turn what ``read`` parsed into the text statements quote, in the shape ``structure`` reads.

Web pages lose their navigation, banners and footers (trafilatura finds the main content);
PDFs lose running headers and footers, page numbers, job numbers, barcodes and margin line
numbers, get words hyphenated across lines joined and two-column pages put in reading order;
Word files keep their headings, list items and paragraphs. Every format comes out the same way:
the document's headline as a first ``# `` line, headings as ``## ``, list items as ``- ``,
paragraphs separated by blank lines, numbers kept as printed. Plain text and Markdown pass
through unchanged.
"""

import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache


from helpers.data.errors import DataError
from helpers.data.loading import MAX_TEXT_BYTES
from helpers.ingest.read import DocxParagraph, PdfPage, PdfWord, RawSource, check_not_empty, quiet_library_logs, read_docx_paragraphs, read_pdf_pages, read_plain_text


@dataclass(frozen=True)
class TextBlock:
    """One unit of extracted text: the headline, a heading, a list item or a paragraph."""

    kind: str  # "headline", "heading", "item" or "paragraph"
    text: str


@dataclass(frozen=True)
class ExtractedText:
    """The text of a record and what the analyst should know about how it was extracted."""

    text: str
    notes: tuple[str, ...] = ()


def render_blocks(blocks: list[TextBlock]) -> str:
    """The blocks as text: the headline first as ``# ``, headings ``## ``, items ``- ``, blank lines between.

    >>> print(render_blocks([TextBlock("paragraph", "ECOSOC/7190"), TextBlock("headline", "Forum hears calls"),
    ...                      TextBlock("item", "One"), TextBlock("item", "Two"), TextBlock("heading", "I. Introduction")]), end="")
    # Forum hears calls
    <BLANKLINE>
    ECOSOC/7190
    <BLANKLINE>
    - One
    - Two
    <BLANKLINE>
    ## I. Introduction
    """
    ordered = [b for b in blocks if b.kind == "headline"][:1] + [b for b in blocks if b.kind != "headline"]
    parts: list[str] = []
    previous_kind = None
    for block in ordered:
        if block.kind == "paragraph":
            text = "\n".join(line for line in block.text.split("\n") if line.strip())
        else:
            text = " ".join(block.text.split())
        if not text:
            continue
        rendered = {"headline": "# ", "heading": "## ", "item": "- "}.get(block.kind, "") + text
        separator = "\n" if block.kind == "item" and previous_kind == "item" else "\n\n"
        parts.append(rendered if not parts else separator + rendered)
        previous_kind = block.kind
    return "".join(parts) + "\n" if parts else ""


def extract_text(raw: RawSource) -> ExtractedText:
    """The text statements will quote: the record itself for .txt and .md, else the cleaned extraction."""
    if raw.format in ("txt", "md"):
        return ExtractedText(read_plain_text(raw))
    if raw.format == "html":
        extracted = clean_html(raw)
    elif raw.format == "pdf":
        extracted = clean_pdf(read_pdf_pages(raw), raw.origin)
    else:
        extracted = clean_docx(read_docx_paragraphs(raw))
    size = len(extracted.text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise DataError(raw.origin, f"the extracted text is {size / 1024 / 1024:.1f} MB; sessions quote at most {MAX_TEXT_BYTES // 1024 // 1024} MB of text: split the record")
    if not extracted.text.strip():
        raise DataError(raw.origin, "no text found in the file")
    return extracted


# ----------------------------------------------------------------------------- web pages


# UN site furniture that can sit inside a page's main content.
_BOILERPLATE = re.compile(
    r"^(?:skip to (?:main )?content|sorry, you need to enable javascript\b.*|in progress at unhq|"
    r"for information media\.? not an official record\.?|(?:this site|we) uses? cookies\b.*)$",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"div", "p", "ul", "ol", "li", "table", "section", "article", "header", "footer", "nav", "aside", "form", "blockquote", "pre", "dl", "figure", "main"}
_BLOCK_TAGS |= {f"h{level}" for level in range(1, 7)}
MIN_MAIN_CONTENT_WORDS = 20  # a session record has far more; a page of menus and notices has less
# A UN press release or session page has a few thousand elements; trafilatura's time grows faster
# than linearly with their number, so a page past this is refused before it is searched.
MAX_HTML_ELEMENTS = 15_000


def _turn_text_divs_into_paragraphs(tree) -> None:
    """A ``div`` holding only text (a press release's meeting line or symbol) becomes a ``p``.

    trafilatura keeps text in paragraphs, lists and headings; a bare div's text is dropped
    whenever the page has enough paragraphs, and with it the lines that say which meeting
    and which document this is.
    """
    holds_blocks = set()  # elements with a block element inside, found bottom-up in one pass
    for element in reversed(list(tree.iter())):
        if any(child in holds_blocks or child.tag in _BLOCK_TAGS for child in element):
            holds_blocks.add(element)
    for element in tree.iter("div"):
        # leaf divs do not nest, so reading each one's text reads the page once; a row of links stays a menu
        if element not in holds_blocks and "".join(element.xpath(".//text()[not(ancestor::a)]")).strip():
            element.tag = "p"


def _html_text(element) -> str:
    """An element's text from trafilatura's XML: line breaks kept, nested lists left to their own items."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "list":
            parts.append(_html_text(child))
        parts.append(child.tail or "")
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n")).strip()


def _is_bold_label(element) -> bool:
    """A paragraph that is one bold phrase and nothing else ("Proposed guiding questions")."""
    children = [child for child in element if child.tag != "lb"]
    if (element.text or "").strip() or len(children) != 1 or (children[0].tail or "").strip():
        return False
    return children[0].tag == "hi" and "#b" in (children[0].get("rend") or "")


def _looks_like_heading(text: str, max_words: int = 15) -> bool:
    """Short and not ended like a sentence.

    >>> _looks_like_heading("Proposed guiding questions"), _looks_like_heading("Speakers:"), _looks_like_heading("Partners met.")
    (True, True, False)
    """
    return 0 < len(text.split()) <= max_words and not re.search(r"[.;,!?]$", text.strip())


def _html_blocks(body) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    for element in body:
        if element.tag == "head":
            blocks.append(TextBlock("headline" if element.get("rend") == "h1" else "heading", _html_text(element)))
        elif element.tag == "list":
            blocks.extend(TextBlock("item", _html_text(item)) for item in element.iter("item"))
        elif element.tag == "table":
            for row in element.iter("row"):
                cells = [_html_text(cell) for cell in row.iter("cell")]
                blocks.append(TextBlock("paragraph", " | ".join(cell for cell in cells if cell)))
        else:
            text = _html_text(element)
            kind = "heading" if _is_bold_label(element) and _looks_like_heading(text) else "paragraph"
            blocks.append(TextBlock(kind, text))
    kept = [block for block in blocks if block.text and not _BOILERPLATE.match(block.text)]
    headlines = [index for index, block in enumerate(kept) if block.kind == "headline"]
    for index in headlines[1:]:
        kept[index] = TextBlock("heading", kept[index].text)  # one headline; later h1s are headings
    return kept


def clean_html(raw: RawSource) -> ExtractedText:
    """The main content of a saved page or fetched address, found by trafilatura, as structured text."""
    import trafilatura
    from trafilatura.utils import load_html

    quiet_library_logs("trafilatura", "htmldate", "courlan", "justext")
    check_not_empty(raw)
    tree = load_html(raw.data)
    if tree is None:
        raise DataError(raw.origin, "not an HTML page: no document could be parsed from it")
    n_elements = sum(1 for _ in tree.iter())
    if n_elements > MAX_HTML_ELEMENTS:
        raise DataError(raw.origin, f"the page has {n_elements} HTML elements; ingest reads pages of up to {MAX_HTML_ELEMENTS:,} (a session record's page has far fewer): save only the article, or ingest its text")
    _turn_text_divs_into_paragraphs(tree)
    result = trafilatura.bare_extraction(
        tree, include_comments=False, include_tables=True, include_formatting=True, include_links=False, include_images=False, deduplicate=False, with_metadata=True
    )
    blocks = _html_blocks(result.body) if result is not None and result.body is not None else []
    prose = [block for block in blocks if block.kind in ("paragraph", "item")]
    n_words = sum(len(block.text.split()) for block in prose)
    if n_words < MIN_MAIN_CONTENT_WORDS or max((len(b.text.split()) for b in prose), default=0) < 8:
        raise DataError(
            raw.origin,
            f"no main content found ({n_words} words of text outside menus, banners and footers): if the page needs JavaScript, save it from the browser once it has loaded, or ingest its text",
        )
    notes = []
    if not any(block.kind == "headline" for block in blocks):
        title = " ".join(((result.title if result is not None else None) or "").split())
        if title:
            blocks.insert(0, TextBlock("headline", title))
            notes.append(f"headline {title!r} taken from the page's title (no h1 in its main content)")
        else:
            notes.append("the page's main content has no headline (h1) and the page no title")
    return ExtractedText(render_blocks(blocks), tuple(notes))


# ----------------------------------------------------------------------------- Word files


def clean_docx(paragraphs: list[DocxParagraph]) -> ExtractedText:
    """Headline from the Title style (else the first Heading 1), headings, list items and paragraphs."""
    has_title = any(p.style == "Title" for p in paragraphs)
    blocks: list[TextBlock] = []
    for paragraph in paragraphs:
        if paragraph.style == "Title" or (not has_title and paragraph.style == "Heading 1"):
            kind = "headline"
        elif paragraph.style.startswith(("Heading", "Subtitle")):
            kind = "heading"
        elif paragraph.is_list_item:
            kind = "item"
        elif paragraph.is_bold and _looks_like_heading(paragraph.text):
            kind = "heading"
        else:
            kind = "paragraph"
        blocks.append(TextBlock(kind, paragraph.text))
    headline_indexes = [index for index, block in enumerate(blocks) if block.kind == "headline"]
    for index in headline_indexes[1:]:
        blocks[index] = TextBlock("heading", blocks[index].text)
    notes = () if headline_indexes else ("the Word file has no Title or Heading 1 paragraph: check the title",)
    return ExtractedText(render_blocks(blocks), notes)


# ----------------------------------------------------------------------------- PDF: page furniture

_TOP_BAND, _BOTTOM_BAND = 0.1, 0.9  # running headers and footers sit in the top and bottom tenth of a page
# Pieces of page furniture: page numbers ("3", "3/18", "Page 3 of 18", "- 3 -"), UN job numbers
# ("19-07435 (E) 030519 040519", "GE.19-12345(E)"), barcodes of job numbers ("*1907435*").
_FURNITURE_PIECE = re.compile(
    r"(?:GE\.)?\d{2}-\d{5}\s*(?:\(\s*[A-Z]\s*\))?|\(\s*[A-Z]\s*\)|\*\d{7,}\*|\bpage\s+\d{1,4}(?:\s+of\s+\d{1,4})?|"
    r"\d{1,4}\s*/\s*\d{1,4}|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]|\b\d{1,6}\b|\bplease recycle\b",
    re.IGNORECASE,
)
DOCUMENT_SYMBOL = re.compile(r"^[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.\-]+)+$")  # E/HLPF/2019/2, A/78/L.2, ECOSOC/7190
# Typographic ligatures (U+FB00-FB06) as the letters they stand for, so "ﬁnance" reads and codes as "finance".
_LIGATURES = str.maketrans({chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)})
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph whose font says no character
# A UN document's masthead: never its headline, however large.
_MASTHEAD = re.compile(r"^(?:United Nations|Nations Unies|Economic and Social Council|General Assembly|Security Council|Human Rights Council|Distr\.|Original:)", re.IGNORECASE)


@dataclass
class PdfLine:
    """A line of words in reading order, with where it sits and how it is set."""

    words: list[PdfWord]
    page: int
    region: tuple[int, int, int]  # (page, zone, column); lines of one region flow top to bottom
    text: str = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)
    size: float = field(init=False)
    is_bold: bool = field(init=False)

    def __post_init__(self):
        self.words = sorted(self.words, key=lambda w: w.x0)
        self.text = " ".join(w.text for w in self.words)
        self.x0, self.x1 = min(w.x0 for w in self.words), max(w.x1 for w in self.words)
        self.top, self.bottom = min(w.top for w in self.words), max(w.bottom for w in self.words)
        weights = Counter()
        bold = 0
        for word in self.words:
            weights[round(word.size * 2) / 2] += len(word.text)
            bold += len(word.text) if _is_bold_font(word.fontname) else 0
        self.size = weights.most_common(1)[0][0]
        self.is_bold = bold * 2 > sum(weights.values())


def _is_bold_font(fontname: str) -> bool:
    """'ABCDEF+TimesNewRoman,Bold' and 'DejaVu-Serif-Bold' are bold; 'Arial' is not."""
    return re.search(r"bold|black|heavy|semibold|demi", fontname, re.IGNORECASE) is not None


def group_rows(words: list[PdfWord]) -> list[list[PdfWord]]:
    """Words that share a line (they overlap vertically by at least half a word's height), top to bottom."""
    rows: list[list[PdfWord]] = []
    top = bottom = 0.0  # of the row being filled; words come sorted by top, so its top is its first word's
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and word.top < bottom - 0.5 * min(word.bottom - word.top, bottom - top):
            rows[-1].append(word)
            bottom = max(bottom, word.bottom)
        else:
            rows.append([word])
            top, bottom = word.top, word.bottom
    return rows


def split_at_wide_gaps(row: list[PdfWord]) -> list[list[PdfWord]]:
    """A row's pieces that stand apart by more than two em (a header's left and right ends, table cells)."""
    pieces: list[list[PdfWord]] = []
    for word in sorted(row, key=lambda w: w.x0):
        if pieces and word.x0 - pieces[-1][-1].x1 <= 2 * max(word.size, pieces[-1][-1].size):
            pieces[-1].append(word)
        else:
            pieces.append([word])
    return pieces


def drop_margin_line_numbers(page: PdfPage) -> PdfPage:
    """Without the bare numbers printed in the left margin beside the lines (draft documents number their lines)."""
    numbers = [w for w in page.words if re.fullmatch(r"\d{1,4}", w.text)]
    others = [w for w in page.words if not re.fullmatch(r"\d{1,4}", w.text)]
    if len(numbers) < 3 or not others:
        return page
    left = min(w.x0 for w in others)
    in_margin = [w for w in numbers if w.x1 < left - 1]  # left margin only: a line may well end in a number
    if len(in_margin) < 3:
        return page
    margin_ids = {id(w) for w in in_margin}
    return PdfPage(page.number, page.width, page.height, tuple(w for w in page.words if id(w) not in margin_ids), page.n_images)


def _is_furniture_piece(text: str) -> bool:
    """Only page numbers, job numbers and barcodes.

    >>> [_is_furniture_piece(t) for t in ("19-07435 (E) 030519 040519", "2/18 19-07435", "*1907435*", "Page 3 of 18", "- 4 -", "E/HLPF/2019/2", "1. Introduction")]
    [True, True, True, True, True, False, False]
    """
    return not _FURNITURE_PIECE.sub("", text).strip(" .\u00a0")


def drop_page_furniture(pages: list[PdfPage]) -> tuple[list[PdfPage], int]:
    """Pages without running headers and footers, page numbers, job numbers and barcodes; and how many pieces went.

    A piece of the top or bottom band is furniture when it is made only of numbers of those
    kinds, or when it repeats (digits aside) on at least 30 % of the pages. A document symbol is
    kept on the first page, where it is the masthead, and dropped from the bands of the others,
    where it is the running header.
    """
    pieces_by_page = []
    counts: Counter = Counter()
    for page in pages:
        page_pieces = []
        for row in group_rows(list(page.words)):
            for piece in split_at_wide_gaps(row):
                top, bottom = min(w.top for w in piece), max(w.bottom for w in piece)
                band = "top" if bottom <= page.height * _TOP_BAND else "bottom" if top >= page.height * _BOTTOM_BAND else None
                if band is None:
                    continue
                text = " ".join(w.text for w in piece)
                key = (band, re.sub(r"\d+", "#", " ".join(text.lower().split())))
                page_pieces.append((piece, text, key))
        pieces_by_page.append(page_pieces)
        counts.update({key for _, _, key in page_pieces})
    threshold = max(2, math.ceil(0.3 * len(pages)))
    cleaned, n_dropped = [], 0
    for page, page_pieces in zip(pages, pieces_by_page):
        dropped = set()
        for piece, text, key in page_pieces:
            is_symbol = DOCUMENT_SYMBOL.match(text) is not None
            is_repeated = counts[key] >= threshold or (is_symbol and page.number > 1)
            if _is_furniture_piece(text) or (is_repeated and not (is_symbol and page.number == 1)):
                dropped.update(id(w) for w in piece)
                n_dropped += 1
        cleaned.append(PdfPage(page.number, page.width, page.height, tuple(w for w in page.words if id(w) not in dropped), page.n_images))
    return cleaned, n_dropped


# ----------------------------------------------------------------------------- PDF: columns and lines


def find_gutter(page: PdfPage) -> tuple[float, float] | None:
    """The x of the gap between two columns of text and the widest word space, or None for a page set in one column.

    A gutter is a vertical strip in the middle of the page that (almost) no word reaches, with
    well-filled lines of text ending just left of it and starting just right of it: a table of
    short labels and values is not two columns.
    """
    words = list(page.words)
    if len(words) < 30:
        return None
    size = statistics.median(w.size for w in words)
    pad = 0.4 * size  # word spaces (up to 0.8 em in justified text) are not gutters
    low, high = int(page.width * 0.3), int(page.width * 0.7)
    coverage = [0] * (high - low + 1)
    for word in words:
        for x in range(max(low, math.ceil(word.x0 - pad)), min(high, math.floor(word.x1 + pad)) + 1):
            coverage[x - low] += 1
    least = min(coverage)
    runs, start = [], None
    for index, value in enumerate(coverage + [least + 1]):
        if value == least and start is None:
            start = index
        elif value != least and start is not None:
            runs.append((start, index - 1))
            start = None
    first, last = max(runs, key=lambda run: run[1] - run[0])
    gutter = low + (first + last) / 2
    left_rows = [row for row in group_rows([w for w in words if w.x1 <= gutter]) if max(w.x1 for w in row) > gutter - 0.2 * page.width]
    right_rows = [row for row in group_rows([w for w in words if w.x0 >= gutter]) if min(w.x0 for w in row) < gutter + 0.2 * page.width]
    if len(left_rows) < 5 or len(right_rows) < 5 or least > 0.2 * min(len(left_rows), len(right_rows)):
        return None
    left_edge = min(w.x0 for w in words)
    right_edge = max(w.x1 for w in words)
    left_fill = statistics.median((max(w.x1 for w in row) - min(w.x0 for w in row)) / (gutter - left_edge) for row in left_rows)
    right_fill = statistics.median((max(w.x1 for w in row) - min(w.x0 for w in row)) / (right_edge - gutter) for row in right_rows)
    return (gutter, 2 * pad) if left_fill >= 0.6 and right_fill >= 0.6 else None


def _lines_of(words: list[PdfWord], page: int, region: tuple[int, int, int]) -> list[PdfLine]:
    return [PdfLine(piece, page, region) for row in group_rows(words) for piece in split_at_wide_gaps(row)]


def order_page_lines(page: PdfPage) -> tuple[list[PdfLine], bool]:
    """The page's lines in reading order, and whether it was read as two columns.

    On a two-column page, a row set across the page ends one stretch of columns: a line that
    crosses the gutter, or a heading with nothing beside it in the other column while that
    column has text above and below (CSS ``column-span: all``). Each stretch is read left column
    first, then right column.
    """
    found = find_gutter(page)
    if found is None:
        return _lines_of(list(page.words), page.number, (page.number, 0, 0)), False
    gutter, widest_space = found
    body_size = statistics.median(w.size for w in page.words)
    rows = group_rows(list(page.words))
    lines: list[PdfLine] = []
    zone, left, right = 0, [], []

    def flush():
        lines.extend(_lines_of(left, page.number, (page.number, zone, 1)))
        lines.extend(_lines_of(right, page.number, (page.number, zone, 2)))

    for row in rows:
        before = [w for w in row if w.x1 <= gutter]
        after = [w for w in row if w.x0 >= gutter]
        crossing = len(before) + len(after) < len(row)
        gap = (min(w.x0 for w in after) - max(w.x1 for w in before)) if before and after else math.inf
        if crossing or gap <= widest_space or _is_heading_across_columns(row, rows, gutter, body_size):
            flush()
            zone, left, right = zone + 1, [], []
            lines.extend(_lines_of(row, page.number, (page.number, zone, 0)))
            zone += 1
        else:
            left.extend(before)
            right.extend(after)
    flush()
    return lines, True


def _is_heading_across_columns(row: list[PdfWord], rows: list[list[PdfWord]], gutter: float, body_size: float) -> bool:
    """A heading on one side of the gutter with the other column empty beside it but not above and below it."""
    if not all(_is_bold_font(w.fontname) or w.size >= body_size + 1 for w in row):
        return False
    is_left = all(w.x1 <= gutter for w in row)
    top, bottom = min(w.top for w in row), max(w.bottom for w in row)
    margin = body_size
    other = [w for other_row in rows for w in other_row if (w.x0 >= gutter if is_left else w.x1 <= gutter)]
    if any(w.bottom > top - margin and w.top < bottom + margin for w in other):
        return False
    return any(w.bottom <= top for w in other) and any(w.top >= bottom for w in other)


# ----------------------------------------------------------------------------- PDF: hyphenation

_HYPHEN_MARKS = "-\u2010\u00ad"  # hyphen-minus, hyphen (typesetters' automatic one), soft hyphen
_LETTERS = re.compile(r"[^\W\d_]+")
_MIN_LINES_FOR_HABIT = 40
_SOFT_BREAK_RATE = 0.03  # automatic hyphenation ends several lines in a hundred with a hyphen; hand-set compounds far fewer


@cache
def _hyphenation_points(word: str) -> tuple[int, ...]:
    """Where the English hyphenation dictionary (pyphen, as WeasyPrint uses it) may break a word."""
    import pyphen

    return tuple(pyphen.Pyphen(lang="en_US").positions(word))


@dataclass
class HyphenEvidence:
    """What the document itself says about its line-end hyphens: words seen whole, and its habit."""

    vocabulary: Counter
    line_end_marks: set[str]
    is_soft_by_habit: bool


def gather_hyphen_evidence(lines: list[str]) -> HyphenEvidence:
    """Words as they appear inside lines, the marks that end lines, and whether breaking words is the document's habit."""
    vocabulary: Counter = Counter()
    marks: set[str] = set()
    n_hyphen_ends = 0
    after_hyphen = False
    for line in lines:
        tokens = line.split()
        ends_with_hyphen = bool(tokens) and _ends_in_hyphenated_word(tokens[-1])
        inner = tokens[1 if after_hyphen else 0 : len(tokens) - 1 if ends_with_hyphen else len(tokens)]
        for token in inner:
            word = token.strip(".,;:!?()[]\"'\u201c\u201d\u2018\u2019").replace("\u2010", "-").replace("\u2011", "-").lower()
            if word:
                vocabulary[word] += 1
        if ends_with_hyphen:
            marks.add(tokens[-1][-1])
            n_hyphen_ends += 1
        after_hyphen = ends_with_hyphen
    is_soft_by_habit = len(lines) >= _MIN_LINES_FOR_HABIT and n_hyphen_ends > _SOFT_BREAK_RATE * len(lines)
    return HyphenEvidence(vocabulary, marks, is_soft_by_habit)


def _ends_in_hyphenated_word(token: str) -> bool:
    return len(token) >= 2 and token[-1] in _HYPHEN_MARKS and token[-2].isalpha()


def join_hyphenated(left: str, right: str, evidence: HyphenEvidence) -> tuple[str, bool]:
    """Join a word broken at a line end (``left`` ends with the hyphen); also say whether the call was a guess.

    In order: a soft hyphen always goes; before a capital or a digit the hyphen is the author's
    ("Secretary-General", "COVID-19"); the document's own spelling elsewhere decides; the
    typesetter's hyphen (U+2010) goes, and where a document uses it, a plain "-" is the author's;
    a break the hyphenation dictionary (pyphen) would never make is the author's hyphen; else the
    document's habit decides (guessed).

    >>> evidence = gather_hyphen_evidence(["multi-stakeholder partnerships matter"])
    >>> join_hyphenated("employ\\u2010", "ment", evidence), join_hyphenated("multi-", "stakeholder", evidence)
    (('employment', False), ('multi-stakeholder', False))
    >>> join_hyphenated("Secretary-", "General,", evidence)
    ('Secretary-General,', False)
    """
    mark, stem = left[-1], left[:-1]
    if mark == "\u00ad":
        return stem + right, False
    lead = _LETTERS.match(right)
    if lead is None or not right[0].islower():
        return left + right, False
    stem_letters = _LETTERS.findall(stem)[-1]
    joined, hyphenated = (stem_letters + lead.group()).lower(), f"{stem_letters}-{lead.group()}".lower()
    n_joined, n_hyphenated = evidence.vocabulary[joined], evidence.vocabulary[hyphenated]
    if n_joined != n_hyphenated:
        return (stem + right, False) if n_joined > n_hyphenated else (left + right, False)
    if mark == "\u2010":
        return stem + right, False
    if evidence.line_end_marks & {"\u2010", "\u00ad"}:
        return left + right, False
    if len(stem_letters) not in _hyphenation_points(joined):
        return left + right, False
    return (stem + right, True) if evidence.is_soft_by_habit else (left + right, True)


# ----------------------------------------------------------------------------- PDF: blocks

_BULLET = re.compile(r"^[\u2022\u25e6\u25aa\u2023\u00b7\uf0b7\u25cf\u2013\u2014-]\s+")
_NUMBERED = re.compile(r"^(?:\(?\d{1,3}[.)]|\([a-z]{1,4}\)|[a-z]\)|[IVX]{1,6}\.)\s")
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u201d\u2019)]?$")


def _starts_block(line: PdfLine, previous: PdfLine, region_right: dict[tuple, float], line_gap: float) -> bool:
    """Whether a line begins a new paragraph, heading or list item rather than continuing the last one.

    Within a column a gap wider than the document's usual space between lines, an indent after a finished sentence, a bullet, a number or a change
    of font starts one. Across a column or page break only a short last line ending a sentence
    does: a full line, or a sentence still running, goes on in the next column.
    """
    if line.is_bold != previous.is_bold or abs(line.size - previous.size) > 0.6:
        return True
    if _BULLET.match(line.text) or _NUMBERED.match(line.text):
        return True
    ends_sentence = bool(_SENTENCE_END.search(previous.text))
    is_previous_short = previous.x1 < region_right[previous.region] - 2 * previous.size
    if line.region != previous.region:
        return ends_sentence and is_previous_short and not line.text[:1].islower()
    if line.top - previous.bottom > line_gap + 0.4 * previous.size:
        return True
    return line.x0 - previous.x0 > previous.size and is_previous_short and ends_sentence


def _join_lines(lines: list[PdfLine], evidence: HyphenEvidence, guesses: list[str]) -> str:
    """One block's lines as one line: hyphenated words joined, pieces of one row (table cells) kept apart by " | "."""
    text = lines[0].text
    for previous, line in zip(lines, lines[1:]):
        last = text.rsplit(" ", 1)[-1]
        first, _, rest = line.text.partition(" ")
        if line.region == previous.region and line.top < previous.bottom - 0.5 * (previous.bottom - previous.top) and line.x0 > previous.x1:
            text += " | " + line.text
        elif _ends_in_hyphenated_word(last):
            joined, is_guess = join_hyphenated(last, first, evidence)
            if is_guess:
                guesses.append(joined.strip(".,;:"))
            text = text[: len(text) - len(last)] + joined + (" " + rest if rest else "")
        else:
            text += " " + line.text
    return text


def _readable_words(page: PdfPage, origin: str) -> PdfPage:
    """The page's words with ligatures spelt out; a page mostly of unmapped glyphs is a DataError (its text cannot be read)."""
    text = "".join(w.text for w in page.words)
    unmapped = sum(len(match) for match in _UNMAPPED_GLYPH.findall(text))
    if text and unmapped > 0.3 * len(text):
        raise DataError(origin, f"page {page.number} of the PDF has fonts that do not say which letters they draw: its text cannot be read. Run OCR, e.g. `ocrmypdf --force-ocr in.pdf out.pdf`, then ingest the result")
    words = tuple(PdfWord(w.text.translate(_LIGATURES), w.x0, w.x1, w.top, w.bottom, w.size, w.fontname) for w in page.words)
    return PdfPage(page.number, page.width, page.height, words, page.n_images)


def _usual_line_gap(lines: list[PdfLine]) -> float:
    """The most common space between a line and the next in the same column (single or double spacing)."""
    gaps = Counter(
        round((line.top - previous.bottom) * 2) / 2
        for previous, line in zip(lines, lines[1:])
        if line.region == previous.region and 0 <= line.top - previous.bottom < 2 * previous.size
    )
    return gaps.most_common(1)[0][0] if gaps else 0.0


def _choose_pdf_headline(sizes_on_first_page: dict[int, float], body_size: float) -> int | None:
    """The largest heading of page 1 set larger than the body text; else page 1's first block if it is a heading."""
    larger = {index: size for index, size in sizes_on_first_page.items() if size > body_size + 0.5}
    if larger:
        largest = max(larger.values())
        return min(index for index, size in larger.items() if size == largest)
    return 0 if 0 in sizes_on_first_page else None


def clean_pdf(pages: list[PdfPage], origin: str = "(pdf)") -> ExtractedText:
    """A PDF's text without page furniture, in reading order, hyphenated words joined, structured like a summary.

    The headline is the largest heading on the first page (a UN masthead aside); bold or larger
    lines are headings; lines opening with a bullet are list items; numbered paragraphs and
    Roman-numbered headings keep their numbers as printed.
    """
    pages = [_readable_words(page, origin) for page in pages]
    pages = [drop_margin_line_numbers(page) for page in pages]
    pages, n_furniture = drop_page_furniture(pages)
    lines: list[PdfLine] = []
    two_column_pages = []
    for page in pages:
        page_lines, is_two_columns = order_page_lines(page)
        lines.extend(page_lines)
        if is_two_columns:
            two_column_pages.append(page.number)
    if not lines:
        raise DataError(origin, "no text left once page headers, footers and numbers were removed")
    evidence = gather_hyphen_evidence([line.text for line in lines])
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    region_right: dict[tuple, float] = {}
    for line in lines:
        region_right[line.region] = max(region_right.get(line.region, 0.0), line.x1)

    line_gap = _usual_line_gap(lines)
    groups: list[list[PdfLine]] = []
    for line in lines:
        if groups and not _starts_block(line, groups[-1][-1], region_right, line_gap):
            groups[-1].append(line)
        else:
            groups.append([line])
    guesses: list[str] = []
    blocks: list[TextBlock] = []
    sizes_on_first_page: dict[int, float] = {}  # block index -> font size, for headings of page 1
    for group in groups:
        text = _join_lines(group, evidence, guesses)
        first = group[0]
        bullet = _BULLET.match(text)
        if bullet:
            blocks.append(TextBlock("item", text[bullet.end() :]))
        elif (first.is_bold or first.size >= body_size + 1) and len(group) <= 3 and _looks_like_heading(text, max_words=20) and not _MASTHEAD.match(text) and not DOCUMENT_SYMBOL.match(text):
            blocks.append(TextBlock("heading", text))
            if first.page == 1:
                sizes_on_first_page[len(blocks) - 1] = first.size
        else:
            blocks.append(TextBlock("paragraph", text))
    notes = []
    headline = _choose_pdf_headline(sizes_on_first_page, body_size)
    if headline is None:
        notes.append("no headline found on the PDF's first page (no bold or large line): check the title")
    else:
        # Lines set as headings above the title (the forum, the agenda item) are header lines, not sections.
        blocks = [TextBlock("paragraph", b.text) if i < headline and b.kind == "heading" else b for i, b in enumerate(blocks)]
        blocks[headline] = TextBlock("headline", blocks[headline].text)
    if n_furniture:
        notes.append(f"pdf: {n_furniture} running header, footer, page number or job number piece(s) removed")
    if two_column_pages:
        notes.append(f"pdf: page(s) {', '.join(map(str, two_column_pages))} read as two columns, left then right: check the order")
    if guesses:
        notes.append(f"pdf: hyphens at line ends kept or dropped by the document's habit, check: {', '.join(dict.fromkeys(guesses))}")
    pages_without_text = [page.number for page in pages if not page.words and page.n_images]
    if pages_without_text:
        notes.append(f"pdf: page(s) {', '.join(map(str, pages_without_text))} have no text layer (scanned?): their text is missing; OCR them, e.g. with ocrmypdf")
    return ExtractedText(render_blocks(blocks), tuple(notes))
