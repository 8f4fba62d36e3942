"""ingest.read on its own: which files and addresses it takes, the caps it keeps, and the containers it refuses.

Addresses are served by a local HTTP server started in the test (no network); PDFs and Word
files are made while the test runs.
"""

import io
import re
import zipfile

import pytest

from helpers.data.errors import DataError
from helpers.ingest import read
from helpers.ingest.read import RawSource, check_zip_package, fetch_address, read_docx_paragraphs, read_pdf_pages, read_source
from local_web import Answer, serve
from made_documents import encrypt_pdf, make_docx, make_pdf, make_png, make_zip

HTML = b"<html><head><title>T</title></head><body><h1>A page</h1><p>Text.</p></body></html>"
PDF_PAGE = '<html><body style="font: 10pt serif"><h1>Chair\'s summary</h1><p>The forum met in July and heard many speakers.</p></body></html>'


# ----------------------------------------------------------------------------- files


@pytest.mark.parametrize(("name", "file_format"), [("a.txt", "txt"), ("a.md", "md"), ("a.html", "html"), ("A.HTM", "html"), ("a.pdf", "pdf"), ("a.docx", "docx")])
def test_the_extension_says_the_format(tmp_path, name, file_format):
    path = tmp_path / name
    path.write_bytes(b"x")
    assert read_source(path) == RawSource(name=name, data=b"x", format=file_format, origin=str(path))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("minutes.doc", "unsupported file type '.doc' (save a .doc as .docx): ingest reads .txt, .md, .html, .htm, .pdf and .docx files, and http(s):// addresses"),
        ("notes.rtf", "unsupported file type '.rtf': ingest reads .txt, .md, .html, .htm, .pdf and .docx files, and http(s):// addresses"),
        ("README", "unsupported file type '(no extension)': ingest reads .txt, .md, .html, .htm, .pdf and .docx files, and http(s):// addresses"),
    ],
)
def test_an_unsupported_extension_is_refused_before_reading(tmp_path, name, message):
    path = tmp_path / name
    path.write_bytes(b"text")
    with pytest.raises(DataError) as caught:
        read_source(path)
    assert (caught.value.path, caught.value.message) == (str(path), message)


@pytest.mark.parametrize(("name", "cap_mb", "label"), [("big.txt", 5, "plain text"), ("big.html", 10, "web page"), ("big.pdf", 50, "PDF"), ("big.docx", 20, "Word file")])
def test_each_format_has_its_size_cap_checked_before_reading(tmp_path, name, cap_mb, label):
    path = tmp_path / name
    with open(path, "wb") as stream:
        stream.truncate(cap_mb * 1024 * 1024 + 1)  # sparse: the size is there, the bytes are never read
    with pytest.raises(DataError, match=rf"file is {cap_mb}\.0 MB; {label} records are expected under {cap_mb} MB: split it"):
        read_source(path)


# ----------------------------------------------------------------------------- addresses


def test_an_address_gives_its_bytes_format_and_a_raw_name_from_its_path():
    with serve({"/en/2025/ecosoc7190.doc.htm": Answer(headers={"Content-Type": "text/html; charset=utf-8"}, body=HTML)}) as base:
        raw = fetch_address(f"{base}/en/2025/ecosoc7190.doc.htm")
    assert raw == RawSource(name="ecosoc7190.doc.htm", data=HTML, format="html", origin=f"{base}/en/2025/ecosoc7190.doc.htm", url=f"{base}/en/2025/ecosoc7190.doc.htm")


def test_an_address_with_an_id_names_the_raw_file_after_the_id_and_the_content_type():
    with serve({"/2025/programme/sdg-8-review": Answer(headers={"Content-Type": "application/pdf"}, body=b"%PDF-1.7 ...")}) as base:
        assert fetch_address(f"{base}/2025/programme/sdg-8-review", session_id="hlpf-2025-sdg8").name == "hlpf-2025-sdg8.pdf"
        assert fetch_address(f"{base}/2025/programme/sdg-8-review").name == "sdg-8-review.pdf"


def test_redirects_between_http_addresses_are_followed():
    with serve({"/old": Answer(status=301, headers={"Location": "/new/page.html"}), "/new/page.html": Answer(headers={"Content-Type": "text/html"}, body=HTML)}) as base:
        raw = fetch_address(f"{base}/old")
    assert (raw.name, raw.data, raw.url) == ("old.html", HTML, f"{base}/old")


@pytest.mark.parametrize("target", ["ftp://files.example.org/summary.pdf", "file:///etc/passwd", "javascript:alert(1)"])
def test_a_redirect_to_another_scheme_is_refused(target):
    with serve({"/doc": Answer(status=302, headers={"Location": target})}) as base:
        with pytest.raises(DataError) as caught:
            fetch_address(f"{base}/doc")
    assert caught.value.message == f"redirected to {target!r}: only http:// and https:// addresses are fetched"


def test_endless_redirects_stop():
    with serve({"/a": Answer(status=302, headers={"Location": "/b"}), "/b": Answer(status=302, headers={"Location": "/a"})}) as base:
        with pytest.raises(DataError, match=r": more than 5 redirects: not followed further$"):
            fetch_address(f"{base}/a")


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://example.org/a.pdf", "gopher://example.org/"])
def test_only_http_and_https_addresses_are_fetched(address):
    with pytest.raises(DataError) as caught:
        read_source(address)
    assert (caught.value.path, caught.value.message) == (address, f"{address.split(':')[0]}:// address: only http:// and https:// addresses are fetched")


@pytest.mark.parametrize("answer", [Answer(stall_s=30), Answer(headers={"Content-Type": "text/html"}, body=HTML * 40, drip_s=0.05)], ids=["no-answer", "drip-feed"])
def test_an_address_that_does_not_answer_in_time_is_given_up(answer):
    with serve({"/slow": answer}) as base:
        with pytest.raises(DataError) as caught:
            fetch_address(f"{base}/slow", timeout_s=0.5)
    assert caught.value.message == "no complete answer within 0.5 s (timed out): try again, or save the page and ingest the file"


@pytest.mark.parametrize(
    "answer",
    [Answer(headers={"Content-Type": "text/html", "Content-Length": str(10 * 1024 * 1024 + 1)}, body=b"<p>"), Answer(headers={"Content-Type": "text/html"}, stream_bytes=10 * 1024 * 1024 + 1)],
    ids=["declared", "streamed"],
)
def test_an_address_that_returns_more_than_the_cap_is_abandoned(answer):
    with serve({"/big": answer}) as base:
        with pytest.raises(DataError) as caught:
            fetch_address(f"{base}/big")
    assert caught.value.message == "the address returns more than 10 MB, the cap for a web page: save a smaller file or check the address"


def test_an_address_of_the_wrong_content_type_is_refused():
    with serve({"/photo": Answer(headers={"Content-Type": "image/png"}, body=make_png(20, 20))}) as base:
        with pytest.raises(DataError) as caught:
            fetch_address(f"{base}/photo")
    assert caught.value.message == (
        "the address returned content type 'image/png'; ingest reads text/html, application/xhtml+xml, application/pdf, "
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document, text/plain, text/markdown, text/x-markdown"
    )


def test_an_http_error_is_named():
    with serve({}) as base:
        with pytest.raises(DataError) as caught:
            fetch_address(f"{base}/missing")
    assert caught.value.message == "the address answered HTTP 404 Not Found"


# ----------------------------------------------------------------------------- PDF


def _pdf(data: bytes) -> RawSource:
    return RawSource(name="doc.pdf", data=data, format="pdf", origin="doc.pdf")


def test_a_pdf_gives_its_words_with_positions_sizes_and_fonts():
    pages = read_pdf_pages(_pdf(make_pdf(PDF_PAGE)))
    assert [(page.number, round(page.width), round(page.height)) for page in pages] == [(1, 595, 842)]
    words = pages[0].words
    assert [w.text for w in words] == ["Chair's", "summary", "The", "forum", "met", "in", "July", "and", "heard", "many", "speakers."]
    assert words[0].size > words[2].size and "Bold" in words[0].fontname and "Bold" not in words[2].fontname
    assert words[0].x0 < words[0].x1 < words[1].x0 and words[0].bottom < words[2].top


def test_an_encrypted_pdf_asks_for_an_unprotected_copy_but_one_without_a_user_password_reads():
    pdf = make_pdf(PDF_PAGE)
    with pytest.raises(DataError) as caught:
        read_pdf_pages(_pdf(encrypt_pdf(pdf, "secret")))
    assert caught.value.message == "the PDF is encrypted and needs a password: save an unprotected copy (print to PDF) and ingest that"
    assert [w.text for w in read_pdf_pages(_pdf(encrypt_pdf(pdf, "")))[0].words][:2] == ["Chair's", "summary"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\nthis is not a PDF body\n", r"^not a readable PDF \(PDFSyntaxError: No /Root object! - Is this really a PDF\?\): check the file, or save it again from its source$"),
        (b"<html>a page saved as .pdf</html>", r"^not a readable PDF \(PDFSyntaxError: "),
        (b"", r"^the file is empty: expected a PDF holding a session record$"),
    ],
    ids=["broken", "not-a-pdf", "empty"],
)
def test_a_broken_pdf_is_an_error(data, message):
    with pytest.raises(DataError) as caught:
        read_pdf_pages(_pdf(data))
    assert re.match(message, caught.value.message)


def test_a_truncated_pdf_is_an_error():
    pdf = make_pdf(PDF_PAGE)
    with pytest.raises(DataError, match=r"^doc.pdf: not a readable PDF \("):
        read_pdf_pages(_pdf(pdf[: len(pdf) // 3]))


def test_a_scanned_pdf_without_a_text_layer_says_so_and_suggests_ocr():
    import base64

    picture = base64.b64encode(make_png()).decode("ascii")
    scan = make_pdf(f'<html><body style="margin: 0"><img style="width: 100%" src="data:image/png;base64,{picture}"></body></html>')
    with pytest.raises(DataError) as caught:
        read_pdf_pages(_pdf(scan))
    assert caught.value.message == "the PDF has no text layer: its pages are images (a scan). Run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then ingest the result"


# ----------------------------------------------------------------------------- Word


def _docx(data: bytes) -> RawSource:
    return RawSource(name="doc.docx", data=data, format="docx", origin="doc.docx")


def test_a_word_file_gives_paragraphs_with_styles_lists_bold_and_table_rows():
    data = make_docx([("Title", "Summary"), ("Heading 2", "Background"), ("List Bullet", "a point"), ("bold", "Speakers"), ("table", "10:00 | Opening"), ("Normal", "Text\twith a tab.")])
    assert [(p.text, p.style, p.is_list_item, p.is_bold) for p in read_docx_paragraphs(_docx(data))] == [
        ("Summary", "Title", False, False),
        ("Background", "Heading 2", False, False),
        ("a point", "List Bullet", True, False),
        ("Speakers", "Normal", False, True),
        ("10:00 | Opening", "Table", False, False),
        ("Text with a tab.", "Normal", False, False),
    ]


def _bomb(entry_mb: int) -> bytes:
    """A zip with one entry of ``entry_mb`` MB of zeros: it deflates about a thousand times."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(entry_mb):
                entry.write(b"\0" * 1024 * 1024)
    return stream.getvalue()


def test_a_docx_zip_bomb_is_refused_from_its_declared_sizes_before_anything_is_inflated():
    bomb = _bomb(8)
    assert len(bomb) < 64 * 1024
    with pytest.raises(DataError) as caught:
        check_zip_package(_docx(bomb))
    assert caught.value.message.startswith("word/document.xml in the .docx inflates ") and caught.value.message.endswith(" times (cap 100): refused as a possible zip bomb")
    many = make_zip({f"word/media/image{n}.bin": bytes(range(256)) * 4096 for n in range(110)})  # incompressible, 110 MB in all
    with pytest.raises(DataError, match=r"the \.docx would inflate to 110 MB \(cap 100 MB\): refused as a possible zip bomb"):
        check_zip_package(_docx(many))


def test_a_docx_whose_zip_understates_an_entrys_size_is_refused_when_read():
    data = bytearray(make_docx([("Title", "Summary"), ("Normal", "A paragraph of text, long enough to be compressed. " * 20)]))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("word/document.xml")
    # Patch the entry's uncompressed size to 10 bytes, in its local header and in the central directory.
    data[info.header_offset + 22 : info.header_offset + 26] = (10).to_bytes(4, "little")
    central = data.rfind(b"word/document.xml") - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(DataError, match=r"^doc.docx: not a readable Word file \(BadZipFile: "):
        read_docx_paragraphs(_docx(bytes(data)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "not a .docx package: this is an encrypted Word file or an old .doc; save it as an unprotected .docx"),
        (b"just some text", "not a readable .docx (a Word file is a zip package: File is not a zip file)"),
    ],
    ids=["encrypted-or-doc", "not-a-zip"],
)
def test_a_docx_that_is_not_a_zip_package_is_refused(data, message):
    with pytest.raises(DataError) as caught:
        read_docx_paragraphs(_docx(data))
    assert caught.value.message == message


def test_a_zip_that_is_not_a_word_file_is_refused():
    with pytest.raises(DataError, match=r"^doc.docx: not a readable Word file \("):
        read_docx_paragraphs(_docx(make_zip({"hello.txt": b"hello"})))


def test_a_pdf_of_too_many_pages_is_refused_before_its_pages_are_read(monkeypatch):
    monkeypatch.setattr(read, "MAX_PDF_PAGES", 2)
    pdf = make_pdf("<html><body>" + "<p style='break-after: page'>A page.</p>" * 3 + "</body></html>")
    with pytest.raises(DataError) as caught:
        read_pdf_pages(_pdf(pdf))
    assert caught.value.message == "the PDF has 3 pages; ingest reads up to 2: split it"
