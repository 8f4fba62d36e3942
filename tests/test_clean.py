"""ingest.clean on its own: pages without their furniture, PDFs without headers, footers and broken words, Word files by style.

Every document is written here, in the shapes of real UN records (meetings coverage, session
pages, official documents with a symbol, co-chairs' summaries); PDFs are laid out by WeasyPrint
and Word files written by python-docx while the test runs.
"""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data.errors import DataError
from helpers.ingest.clean import (
    HyphenEvidence,
    TextBlock,
    clean_docx,
    clean_html,
    clean_pdf,
    drop_margin_line_numbers,
    drop_page_furniture,
    extract_text,
    find_gutter,
    gather_hyphen_evidence,
    join_hyphenated,
    order_page_lines,
    render_blocks,
)
from helpers.ingest.read import DocxParagraph, PdfPage, PdfWord, RawSource, read_pdf_pages
from made_documents import make_docx, make_pdf

# ----------------------------------------------------------------------------- blocks


def test_blocks_render_headline_first_then_headings_items_and_paragraphs():
    blocks = [
        TextBlock("paragraph", "2025 Session, Partnership Forum"),
        TextBlock("headline", "Council hears calls for fairer digital jobs"),
        TextBlock("heading", "Panel   discussion"),
        TextBlock("item", "first point"),
        TextBlock("item", "second\npoint"),
        TextBlock("paragraph", "Speakers:\n\nMs. A, ILO"),
    ]
    assert render_blocks(blocks) == (
        "# Council hears calls for fairer digital jobs\n\n2025 Session, Partnership Forum\n\n## Panel discussion\n\n"
        "- first point\n- second point\n\nSpeakers:\nMs. A, ILO\n"
    )


# ----------------------------------------------------------------------------- web pages

PRESS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council Forum Hears Calls for Fairer Digital Jobs | Meetings Coverage and Press Releases</title></head>
<body>
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div id="sliding-popup" class="eu-cookie-compliance-banner"><div class="popup-content">
<p>We use cookies on this site to improve how it works for you. Clicking any link on this page means you agree.</p>
<button>OK, I agree</button><button>No, thanks</button></div></div>
<header><nav class="menu"><ul><li><a href="/en">Home</a></li><li><a href="/en/sg">Secretary-General</a></li>
<li><a href="/en/ga">General Assembly</a></li><li><a href="/en/ecosoc">Economic and Social Council</a></li></ul></nav>
<div class="block-inprogress"><h2>In progress at UNHQ</h2><ul><li><a href="/x">Security Council: 9999th meeting</a></li></ul></div></header>
<nav class="breadcrumb"><ol><li><a href="/">Home</a></li><li>Meetings Coverage</li></ol></nav>
<main id="main-content"><article>
<div class="field--name-field-session">2025 Session,<br>Partnership Forum (AM &amp; PM)</div>
<div class="field--name-field-symbol"><span class="field__item">ECOSOC/7190</span></div>
<div><a href="/print">Print</a> <a href="/mail">Email this page</a></div>
<h1 class="page-title">Council Forum Hears Calls for Fairer Digital Jobs, as Speakers Weigh Promise and Risk of New Tools</h1>
<h2 class="subtitle">Delegates Stress Skills, Social Dialogue in Segment on Goal 8</h2>
<div class="field--name-body">
<p>Partnerships that put workers at the centre of the digital shift are needed if new tools are to lift growth without eroding rights, speakers told the Economic and Social Council today at its Partnership Forum.</p>
<p>Bob Example (Ruritania), President of the Economic and Social Council, opened the segment by noting that productivity gains have not reached most workers.  Countries must invest in skills, he said.</p>
<p>Also speaking was Jane Sample, Director at the International Labour Organization, who said that social dialogue was the best guard against a race to the bottom.</p>
</div></article></main>
<footer><div class="disclaimer">For information media. Not an official record.</div>
<ul><li><a href="/copyright">Copyright</a></li><li><a href="/privacy">Privacy notice</a></li><li><a href="/terms">Terms of use</a></li></ul></footer>
</body></html>"""

PRESS_TEXT = """# Council Forum Hears Calls for Fairer Digital Jobs, as Speakers Weigh Promise and Risk of New Tools

2025 Session,
Partnership Forum (AM & PM)

ECOSOC/7190

## Delegates Stress Skills, Social Dialogue in Segment on Goal 8

Partnerships that put workers at the centre of the digital shift are needed if new tools are to lift growth without eroding rights, speakers told the Economic and Social Council today at its Partnership Forum.

Bob Example (Ruritania), President of the Economic and Social Council, opened the segment by noting that productivity gains have not reached most workers. Countries must invest in skills, he said.

Also speaking was Jane Sample, Director at the International Labour Organization, who said that social dialogue was the best guard against a race to the bottom.
"""

SESSION_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>SDG 8 review | High-Level Political Forum</title>
<meta property="og:title" content="SDG 8 review"></head>
<body><noscript>Sorry, you need to enable JavaScript to visit this website.</noscript>
<div class="cookie-consent"><p>This site uses cookies to offer you a better browsing experience.</p><a href="#">Accept all cookies</a></div>
<a class="skip-link" href="#content">Skip to main content</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li><li><a href="/vnrs">Voluntary National Reviews</a></li></ul></nav>
<div id="content"><div class="region-content">
<h1>SDG 8 review: jobs and decent work in a changing world</h1>
<div class="date">Tue 14 Jul 2025, 10:00 am to 1:00 pm</div>
<h2>Background</h2>
<p>The session takes stock of progress on Goal 8 and looks at how countries can create decent jobs as technology reshapes work.<br>It builds on the expert group meeting held in Geneva.</p>
<p><strong>Proposed guiding questions</strong></p>
<ul><li>Which policies have created decent jobs fastest?</li><li>How can social dialogue shape the use of new technology?</li></ul>
<h2>Programme</h2>
<p><strong>Moderator:</strong> Mr. Example Person, Director, International Labour Organization</p>
<p><strong>Speakers:</strong></p>
<ul><li>H.E. Ms. Sample Minister, Minister of Labour of Ruritania</li><li>Ms. Jane Union, General Secretary, Example Trade Union Confederation</li></ul>
<table><tr><td>10:00</td><td>Opening of the session</td></tr></table>
</div></div>
<footer><p>Copyright United Nations</p><a href="/privacy">Privacy notice</a></footer>
</body></html>"""

SESSION_TEXT = """# SDG 8 review: jobs and decent work in a changing world

Tue 14 Jul 2025, 10:00 am to 1:00 pm

## Background

The session takes stock of progress on Goal 8 and looks at how countries can create decent jobs as technology reshapes work.
It builds on the expert group meeting held in Geneva.

## Proposed guiding questions

- Which policies have created decent jobs fastest?
- How can social dialogue shape the use of new technology?

## Programme

Moderator: Mr. Example Person, Director, International Labour Organization

## Speakers:

- H.E. Ms. Sample Minister, Minister of Labour of Ruritania
- Ms. Jane Union, General Secretary, Example Trade Union Confederation

10:00 | Opening of the session
"""


def _page(html: str, name: str = "page.html") -> RawSource:
    return RawSource(name=name, data=html.encode("utf-8"), format="html", origin=name)


def test_a_press_release_keeps_its_meeting_line_symbol_headline_and_paragraphs_and_loses_the_site():
    extracted = clean_html(_page(PRESS_PAGE))
    assert extracted.text == PRESS_TEXT
    assert extracted.notes == ()


def test_a_session_page_keeps_guiding_questions_and_programme_and_loses_banner_skip_link_and_footer():
    assert clean_html(_page(SESSION_PAGE)).text == SESSION_TEXT


def test_a_page_without_h1_takes_its_headline_from_the_title_and_says_so():
    body = "".join(f"<p>Paragraph {n} says that decent work needs social dialogue between workers, employers and governments.</p>" for n in range(3))
    extracted = clean_html(_page(f"<html><head><title>Youth Forum: skills session</title></head><body><main>{body}</main></body></html>"))
    assert extracted.text.splitlines()[0] == "# Youth Forum: skills session"
    assert extracted.notes == ("headline 'Youth Forum: skills session' taken from the page's title (no h1 in its main content)",)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Menu</title></head><body><nav><ul><li><a href='/a'>Home</a></li><li><a href='/b'>News</a></li></ul></nav><footer><a href='/p'>Privacy</a></footer></body></html>",
        "<html><head><title>HLPF</title></head><body><noscript>Sorry, you need to enable JavaScript to visit this website.</noscript><div id='app'></div></body></html>",
    ],
    ids=["navigation-only", "javascript-shell"],
)
def test_a_page_whose_main_content_cannot_be_found_is_an_error(html):
    with pytest.raises(DataError, match=r"^page.html: no main content found \(\d+ words of text outside menus, banners and footers\): if the page needs JavaScript"):
        clean_html(_page(html))


def test_a_page_of_too_many_elements_is_refused_before_it_is_searched():
    import time

    html = "<html><body><main>" + "<div><p>A paragraph on decent work.</p></div>" * 7500 + "</main></body></html>"
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        clean_html(_page(html))
    assert caught.value.message == "the page has 15003 HTML elements; ingest reads pages of up to 15,000 (a session record's page has far fewer): save only the article, or ingest its text"
    assert time.perf_counter() - started < 5


# ----------------------------------------------------------------------------- PDF, word by word


def _word(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> PdfWord:
    return PdfWord(text=text, x0=x0, x1=x0 + 5.5 * len(text), top=top, bottom=top + size, size=size, fontname="Serif-Bold" if bold else "Serif")


def _line(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> list[PdfWord]:
    words, x = [], x0
    for token in text.split():
        words.append(_word(token, x, top, size, bold))
        x = words[-1].x1 + 3
    return words


def _pdf_page(number: int, *lines: list[PdfWord], width: float = 595.0, height: float = 842.0) -> PdfPage:
    return PdfPage(number=number, width=width, height=height, words=tuple(w for line in lines for w in line))


def _texts(page: PdfPage) -> list[str]:
    return [line.text for line in order_page_lines(page)[0]]


def test_margin_line_numbers_go_and_numbers_in_the_text_stay():
    numbers = [PdfWord(str(n), 40, 48, 100 + 14 * n, 108 + 14 * n, 8, "Serif") for n in range(1, 6)]
    lines = [_line(f"line of the draft met in {2020 + n}", 72, 100 + 14 * n) for n in range(1, 6)]
    page = _pdf_page(1, numbers, *lines, _line("12. A numbered paragraph", 72, 300))
    assert _texts(drop_margin_line_numbers(page)) == [*(f"line of the draft met in {2020 + n}" for n in range(1, 6)), "12. A numbered paragraph"]
    assert drop_margin_line_numbers(_pdf_page(1, numbers[:2], *lines)).words == _pdf_page(1, numbers[:2], *lines).words  # two numbers are no margin numbering


def test_running_headers_footers_page_and_job_numbers_and_barcodes_go_the_first_pages_symbol_stays():
    first = _pdf_page(
        1,
        _line("United Nations", 72, 40, bold=True) + _line("E/HLPF/2025/7", 450, 40, bold=True),
        _line("Economic and Social Council", 72, 120, size=17, bold=True),
        _line("The forum met in July.", 72, 300),
        _line("25-04321 (E) 120525", 72, 790, size=8) + _line("*2504321*", 400, 790, size=8),
    )
    later = [
        _pdf_page(number, _line("E/HLPF/2025/7", 72 if number % 2 else 450, 40, size=8), _line(f"Paragraph on page {number}.", 72, 300), _line(f"{number}/3", 72 if number % 2 == 0 else 500, 800, size=8) + _line("25-04321", 300, 800, size=8))
        for number in (2, 3)
    ]
    cleaned, n_dropped = drop_page_furniture([first, *later])
    assert [[line.text for line in order_page_lines(page)[0]] for page in cleaned] == [
        ["United Nations", "E/HLPF/2025/7", "Economic and Social Council", "The forum met in July."],
        ["Paragraph on page 2."],
        ["Paragraph on page 3."],
    ]
    assert n_dropped == 8


def test_a_heading_repeated_at_the_top_of_most_pages_is_a_running_header_but_body_text_is_not():
    pages = [_pdf_page(n, _line("Summary of the Youth Forum", 200, 45, size=8), _line("Summary of the Youth Forum", 72, 300), _line(f"Body text {n}.", 72, 320)) for n in range(1, 5)]
    cleaned, _ = drop_page_furniture(pages)
    assert [_texts(page) for page in cleaned] == [["Summary of the Youth Forum", f"Body text {n}."] for n in range(1, 5)]


def _two_column_page() -> PdfPage:
    lines = [_line("Title across the whole page of the summary", 72, 60, size=14, bold=True)]
    for row in range(8):
        lines.append(_line(f"left column line {row} runs on to the gutter", 72, 100 + 14 * row))
        lines.append(_line(f"right column line {row} runs on to the edge", 320, 100 + 14 * row))
    lines.append(_line("Recommendations", 72, 240, size=11, bold=True))
    for row in range(6):
        lines.append(_line(f"lower left line {row} goes on to the gutter", 72, 270 + 14 * row))
        lines.append(_line(f"lower right line {row} goes on to the edge", 320, 270 + 14 * row))
    return _pdf_page(1, *lines)


def test_two_columns_are_read_left_then_right_in_stretches_between_headings_across_the_page():
    page = _two_column_page()
    assert find_gutter(page) is not None
    assert _texts(page) == [
        "Title across the whole page of the summary",
        *(f"left column line {row} runs on to the gutter" for row in range(8)),
        *(f"right column line {row} runs on to the edge" for row in range(8)),
        "Recommendations",
        *(f"lower left line {row} goes on to the gutter" for row in range(6)),
        *(f"lower right line {row} goes on to the edge" for row in range(6)),
    ]


def test_a_table_of_short_labels_and_values_is_not_two_columns():
    lines = []
    for row in range(12):
        lines.append(_line(f"10:{row:02d}", 72, 100 + 14 * row))
        lines.append(_line(f"Item {row} of the programme", 320, 100 + 14 * row))
    page = _pdf_page(1, *lines)
    assert find_gutter(page) is None
    assert _texts(page)[:2] == ["10:00", "Item 0 of the programme"]


EVIDENCE = gather_hyphen_evidence(["decision-making bodies met", "the forum discussed employment"])


@pytest.mark.parametrize(
    ("left", "right", "evidence", "expected"),
    [
        ("employ\u00ad", "ment", EVIDENCE, ("employment", False)),  # a soft hyphen always goes
        ("Secretary-", "General,", EVIDENCE, ("Secretary-General,", False)),  # before a capital: the author's
        ("COVID-", "19", EVIDENCE, ("COVID-19", False)),
        ("decision-", "making.", EVIDENCE, ("decision-making.", False)),  # spelt with a hyphen elsewhere
        ("employ-", "ment;", EVIDENCE, ("employment;", False)),  # spelt whole elsewhere
        ("organiza\u2010", "tions", EVIDENCE, ("organizations", False)),  # the typesetter's hyphen
        ("multi-", "stakeholder", HyphenEvidence(Counter(), {"-", "\u2010"}, False), ("multi-stakeholder", False)),  # the document marks its breaks with U+2010
        ("partner-", "ships", HyphenEvidence(Counter(), {"-"}, True), ("partnerships", True)),  # a habit of breaking words: joined, flagged
        ("partner-", "ships", HyphenEvidence(Counter(), {"-"}, False), ("partner-ships", True)),  # no such habit: kept, flagged
    ],
)
def test_words_hyphenated_across_lines(left, right, evidence, expected):
    assert join_hyphenated(left, right, evidence) == expected


def test_a_break_the_hyphenation_dictionary_would_never_make_keeps_its_hyphen_whatever_the_habit():
    habit = HyphenEvidence(Counter(), {"-"}, True)
    assert join_hyphenated("long-", "term", habit) == ("long-term", False)  # pyphen has no break in "longterm"
    assert join_hyphenated("country-", "led", habit) == ("country-led", False)  # only "coun-tryled"
    assert join_hyphenated("small-", "scale", habit) == ("small-scale", False)


# ----------------------------------------------------------------------------- PDF, laid out by WeasyPrint

OFFICIAL_DOCUMENT = """<html lang="en"><head><style>
@page { size: A4; margin: 2.4cm 2.5cm 2.8cm;
  @top-left { content: "E/HLPF/2025/7"; font: bold 8pt "DejaVu Sans" }
  @bottom-left { content: "25-04321"; font: 8pt "DejaVu Sans" }
  @bottom-right { content: counter(page) "/" counter(pages); font: 8pt "DejaVu Sans" } }
@page :first { @top-left { content: none } @bottom-right { content: none }
  @bottom-left { content: "25-04321 (E)    120525    *2504321*"; font: 8pt "DejaVu Sans"; white-space: pre } }
body { font: 10pt/1.3 "DejaVu Serif"; text-align: justify }
p { margin: 0 0 7pt } .mast p { margin: 0 }
.un { font: bold 11pt "DejaVu Sans" } .organ { font: bold 17pt "DejaVu Sans"; margin: 6pt 0 }
.distr { text-align: right; font-size: 9pt }
h1 { font: bold 14pt "DejaVu Sans"; margin: 14pt 0 } h2 { font: bold 11pt "DejaVu Sans"; margin: 12pt 0 6pt }
</style></head><body>
<div class="mast"><p class="un">United Nations<span style="float: right">E/HLPF/2025/7</span></p>
<p class="organ">Economic and Social Council</p>
<p class="distr">Distr.: General<br>12 May 2025</p><p class="distr">Original: English</p>
<p><b>High-level political forum on sustainable development</b></p>
<p>7–16 July 2025</p></div>
<h1>Summary by the President of the Council of the thematic review of Goal 8</h1>
<h2>I. Introduction</h2>
PARAGRAPHS_1
<h2>II. Key messages</h2>
PARAGRAPHS_2
<p>6. The discussion also underlined the following priorities for the coming years:</p>
<ul style="list-style: none; padding-left: 0">ITEMS</ul>
<h2>III. Way forward</h2>
PARAGRAPHS_3
</body></html>"""
PARAGRAPHS_1 = [
    "1. The review of Goal 8 took place on 10 July 2025 and brought together ministers, trade unions, employers, young entrepreneurs and agencies of the United Nations system to discuss how economies can create enough decent jobs while technology, demography and climate policy reshape labour markets in every region.",
    "2. The session was opened by the President of the Council, who recalled that the world is off track on most targets of Goal 8 and that informal work still accounts for the majority of jobs in many developing countries.",
]
PARAGRAPHS_2 = [
    "3. Participants agreed that productivity growth had not translated into higher wages for most workers and that stronger institutions for wage setting and collective bargaining were needed to share the gains of growth more fairly across firms and households.",
    "4. Several speakers described multi-stakeholder partnerships between governments, employers and workers that had helped small enterprises adopt digital tools without lowering labour standards or weakening occupational safety and health.",
    "5. Representatives of youth organizations stressed that young people need access to finance, mentoring and social protection when they start a business, and asked for apprenticeships that lead to stable employment rather than a series of short contracts.",
]
ITEMS = [
    "extending social protection to workers in the informal economy and on digital platforms;",
    "investing in skills systems that are designed together with the social partners;",
    "measuring job quality with comparable data across countries.",
]
PARAGRAPHS_3 = [
    "7. The President concluded that the forum should keep decent work at the centre of its reviews and invited all partners to report on their commitments at the next session of the forum in 2026, with particular attention to women and persons with disabilities.",
    "8. The forum took note of the proposals made during the review and agreed to transmit this summary to the ministerial segment for its consideration.",
    "9. Participants welcomed the offer of several Member States to host regional consultations on the future of work, and encouraged the regional commissions to support countries in preparing national employment policies that respond to rapid technological change.",
    "10. Finally, speakers called for continued cooperation between the United Nations system and international financial institutions so that countries in special situations can finance investments in infrastructure, care services and the green economy that create jobs.",
    "11. The summary of the review will be issued as an official document of the Council and made available on the website of the forum together with the statements delivered during the session.",
    "12. Delegations thanked the co-facilitators for their work in preparing the session and the Secretariat for the background documentation, including the report of the expert group meeting held earlier in the year.",
    "13. The President invited delegations to send written contributions by the end of September so that they can be reflected in the report of the forum to the General Assembly.",
]


def _paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{text}</p>" for text in texts)


def _pdf_text(pdf: bytes) -> tuple[str, tuple[str, ...]]:
    extracted = extract_text(RawSource(name="document.pdf", data=pdf, format="pdf", origin="document.pdf"))
    return extracted.text, extracted.notes


def test_an_official_document_keeps_masthead_headline_sections_and_numbered_paragraphs_and_loses_its_furniture():
    html = (
        OFFICIAL_DOCUMENT.replace("PARAGRAPHS_1", _paragraphs(PARAGRAPHS_1))
        .replace("PARAGRAPHS_2", _paragraphs(PARAGRAPHS_2))
        .replace("PARAGRAPHS_3", _paragraphs(PARAGRAPHS_3))
        .replace("ITEMS", "".join(f"<li>\u2022 {item}</li>" for item in ITEMS))
    )
    pdf = make_pdf(html)
    assert len(read_pdf_pages(RawSource("document.pdf", pdf, "pdf", "document.pdf"))) == 2
    text, notes = _pdf_text(pdf)
    assert text == "\n\n".join(
        [
            "# Summary by the President of the Council of the thematic review of Goal 8",
            "United Nations | E/HLPF/2025/7",
            "Economic and Social Council",
            "Distr.: General 12 May 2025 Original: English",
            "High-level political forum on sustainable development",
            "7–16 July 2025",
            "## I. Introduction",
            *PARAGRAPHS_1,
            "## II. Key messages",
            *PARAGRAPHS_2,
            "6. The discussion also underlined the following priorities for the coming years:",
            "\n".join(f"- {item}" for item in ITEMS),
            "## III. Way forward",
            *PARAGRAPHS_3,
        ]
    ) + "\n"
    assert notes == ("pdf: 4 running header, footer, page number or job number piece(s) removed",)


TWO_COLUMNS = """<html lang="en"><head><style>
@page { size: A4; margin: 2cm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans" } }
body { font: 10pt/1.3 "DejaVu Serif"; text-align: justify; hyphens: auto }
h1 { font: bold 16pt "DejaVu Sans"; hyphens: manual } h2 { font: bold 11pt "DejaVu Sans"; column-span: all; hyphens: manual }
.cols { columns: 2; column-gap: 1.2cm } p { margin: 0 0 6pt }
</style></head><body>
<h1>Co-Chairs' summary of the multi-stakeholder forum on science, technology and innovation</h1>
<p>INTRO</p>
<div class="cols">UPPER<h2>Recommendations</h2>LOWER</div></body></html>"""
INTRO = "The forum met in New York on 6 and 7 May 2025 under the theme of science, technology and innovation for decent work, and heard from more than forty speakers from governments, academia, business and civil society."
UPPER = [
    "Participants considered how public research institutions can cooperate with microenterprises and smallholder cooperatives so that the benefits of innovation reach communities that are usually excluded from technological development.",
    "Several speakers noted that unprecedented investment in artificial intelligence was concentrated in a handful of countries, and argued for international cooperation on computing infrastructure, open data and capacity-building in developing regions.",
    "Representatives of trade unions called for transparency about algorithmic management in workplaces, while employers' organizations emphasized predictable regulation and the importance of reskilling programmes financed jointly by governments and companies.",
]
LOWER = [
    "The co-chairs recommended that the forum establish a multi-stakeholder working group on technology and employment, comprising intergovernmental organizations, universities and representatives of workers and employers.",
    "They further recommended that countries integrate digital skills into technical and vocational education, with particular attention to women, persons with disabilities and young people in rural areas.",
    "Finally, the co-chairs encouraged partners to share evidence on what works through an open repository maintained by the secretariat, and to report on progress at the next session of the forum.",
]


def test_two_columns_with_automatic_hyphenation_come_out_in_reading_order_with_words_whole():
    pdf = make_pdf(TWO_COLUMNS.replace("INTRO", INTRO).replace("UPPER", _paragraphs(UPPER)).replace("LOWER", _paragraphs(LOWER)))
    layout = "\n".join(page.extract_text() for page in __import__("pdfplumber").open(__import__("io").BytesIO(pdf)).pages)
    assert layout.count("\u2010\n") >= 10  # WeasyPrint did break words at line ends
    text, notes = _pdf_text(pdf)
    assert text == "\n\n".join(
        ["# Co-Chairs' summary of the multi-stakeholder forum on science, technology and innovation", INTRO, *UPPER, "## Recommendations", *LOWER]
    ) + "\n"
    assert notes == (
        "pdf: 1 running header, footer, page number or job number piece(s) removed",
        "pdf: page(s) 1 read as two columns, left then right: check the order",
    )


LINE_NUMBERED_DRAFT = """<html lang="en"><head><style>
@page { size: A4; margin: 2.5cm 2.5cm 2.5cm 3cm }
body { font: 10pt/1.5 "DejaVu Serif" } .l { position: relative; white-space: nowrap }
.n { position: absolute; left: -1.4cm; width: 0.8cm; text-align: right; font-size: 8pt }
h1 { font: bold 13pt "DejaVu Sans" } p { margin: 0 0 10pt }
</style></head><body>
<h1>Draft outcome of the youth employment dialogue</h1>
<p><div class="l"><span class="n">1</span>1. Participants welcomed the multi-stakeholder approach of the dialogue and</div>
<div class="l"><span class="n">2</span>called for youth employment strategies that combine education, employ-</div>
<div class="l"><span class="n">3</span>ment services and social protection in every country.</div></p>
<p><div class="l"><span class="n">4</span>2. They stressed that employment programmes should be designed with multi-</div>
<div class="l"><span class="n">5</span>stakeholder participation, including youth-led organizations and trade unions.</div></p>
<p><div class="l"><span class="n">6</span>3. The dialogue asked the Secretary-</div>
<div class="l"><span class="n">7</span>General to report on progress in 2026.</div></p>
</body></html>"""


def test_a_double_spaced_draft_loses_its_line_numbers_and_keeps_real_hyphens():
    text, notes = _pdf_text(make_pdf(LINE_NUMBERED_DRAFT))
    assert text == (
        "# Draft outcome of the youth employment dialogue\n\n"
        "1. Participants welcomed the multi-stakeholder approach of the dialogue and called for youth employment strategies that combine education, employment services and social protection in every country.\n\n"
        "2. They stressed that employment programmes should be designed with multi-stakeholder participation, including youth-led organizations and trade unions.\n\n"
        "3. The dialogue asked the Secretary-General to report on progress in 2026.\n"
    )
    assert notes == ()


def test_a_page_without_a_text_layer_among_pages_with_text_is_named_for_review():
    pages = [_pdf_page(1, _line("A summary heading", 72, 80, bold=True), _line("Text of the first page.", 72, 120)), PdfPage(2, 595, 842, (), n_images=1)]
    assert clean_pdf(pages).notes[-1] == "pdf: page(s) 2 have no text layer (scanned?): their text is missing; OCR them, e.g. with ocrmypdf"


def test_ligatures_are_spelt_out_and_a_page_of_unmapped_glyphs_asks_for_ocr():
    page = _pdf_page(1, _line("Financing for development", 72, 80, bold=True), _line("The \ufb01nance o\ufb03ce met.", 72, 120))
    assert clean_pdf([page]).text == "# Financing for development\n\nThe finance office met.\n"
    unmapped = _pdf_page(1, _line("(cid:3)(cid:4)(cid:5) (cid:6)(cid:7)", 72, 80), _line("ok", 72, 120))
    with pytest.raises(DataError) as caught:
        clean_pdf([unmapped], "scan.pdf")
    assert str(caught.value) == "scan.pdf: page 1 of the PDF has fonts that do not say which letters they draw: its text cannot be read. Run OCR, e.g. `ocrmypdf --force-ocr in.pdf out.pdf`, then ingest the result"


# ----------------------------------------------------------------------------- Word files


def test_a_word_file_keeps_title_headings_list_items_and_paragraphs_by_style():
    data = make_docx(
        [
            ("Normal", "ECOSOC/7190"),
            ("Title", "Ministers Call for Fairer Jobs at Youth Forum"),
            ("Subtitle", "Speakers stress apprenticeships and social protection"),
            ("Heading 1", "I. Opening of the forum"),
            ("Normal", "1. The forum met on 4 and 5 May 2021.\nIt heard forty speakers."),
            ("List Bullet", "skills for green jobs;"),
            ("List Number", "access to finance for young entrepreneurs."),
            ("bold", "Guiding questions"),
            ("table", "Moderator | Ms. Ana Ruiz, Director, ILO"),
            ("Normal", "\t "),
        ]
    )
    extracted = extract_text(RawSource("forum.docx", data, "docx", "forum.docx"))
    assert extracted.text == (
        "# Ministers Call for Fairer Jobs at Youth Forum\n\nECOSOC/7190\n\n## Speakers stress apprenticeships and social protection\n\n"
        "## I. Opening of the forum\n\n1. The forum met on 4 and 5 May 2021.\nIt heard forty speakers.\n\n"
        "- skills for green jobs;\n- access to finance for young entrepreneurs.\n\n## Guiding questions\n\nModerator | Ms. Ana Ruiz, Director, ILO\n"
    )
    assert extracted.notes == ()


def test_without_a_title_style_the_first_heading_1_is_the_headline():
    paragraphs = [DocxParagraph("Chair's summary", "Heading 1", False, False), DocxParagraph("Background", "Heading 1", False, False), DocxParagraph("Text.", "Normal", False, False)]
    assert clean_docx(paragraphs).text == "# Chair's summary\n\n## Background\n\nText.\n"
    assert clean_docx(paragraphs[2:]).notes == ("the Word file has no Title or Heading 1 paragraph: check the title",)


def test_plain_text_and_markdown_pass_through_unchanged():
    text = "ECOSOC\nPartnership\nForum\n\n1. Key issues\n\n- Decent  work;\r\n"
    for file_format in ("txt", "md"):
        assert extract_text(RawSource(f"s.{file_format}", text.encode("utf-8"), file_format, "s")).text == text


# ----------------------------------------------------------------------------- any input

ANY_WORD = st.builds(
    PdfWord,
    text=st.text(alphabet=st.sampled_from("ab-\u2010\u00ad.1 •I"), min_size=1, max_size=8).filter(str.strip),
    x0=st.floats(0, 500),
    x1=st.floats(0, 595),
    top=st.floats(0, 830),
    bottom=st.floats(0, 842),
    size=st.sampled_from([8.0, 10.0, 14.0]),
    fontname=st.sampled_from(["Serif", "Serif-Bold"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(ANY_WORD, max_size=40), min_size=1, max_size=3))
def test_any_pdf_words_give_text_or_a_data_error(pages):
    try:
        extracted = clean_pdf([PdfPage(n, 595, 842, tuple(words)) for n, words in enumerate(pages, 1)])
    except DataError:
        return
    assert extracted.text.endswith("\n") or extracted.text == ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: f"<html><body><main><h1>{t}</h1><p>{t}</p><div>{t}</div></main></body></html>".encode("utf-8"))))
def test_any_page_gives_text_or_a_data_error(data):
    try:
        extracted = clean_html(RawSource("any.html", data, "html", "any.html"))
    except DataError:
        return
    assert extracted.text.startswith("# ") or extracted.notes
