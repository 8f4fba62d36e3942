"""`briefs ingest` of web pages, PDFs, Word files and addresses: raw bytes plus extracted text plus a valid draft, or one error line and nothing.

Every record is written here in the shape of a real UN one; PDFs and Word files are made while
the test runs and addresses are served by a local HTTP server.
"""

import base64
import errno
import hashlib
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.data import files
from helpers.data.loading import load_codebook, load_session, load_stakeholders
from helpers.ingest import describe_ingest_report, ingest_summary
from helpers.ingest.read import FETCH_TIMEOUT_S
from tiny_data import empty_collection
from local_web import Answer, serve
from made_documents import encrypt_pdf, make_docx, make_pdf, make_png, make_zip

PRESS_RELEASE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Youth Forum Speakers Urge Decent Jobs | Meetings Coverage and Press Releases</title></head><body>
<a class="skip-link" href="#main">Skip to main content</a>
<div class="eu-cookie-compliance-banner"><p>We use cookies on this site to enhance your experience.</p><button>Accept</button></div>
<nav><ul><li><a href="/en">Home</a></li><li><a href="/en/ecosoc">Economic and Social Council</a></li><li><a href="/en/ga">General Assembly</a></li></ul></nav>
<main id="main"><article>
<div class="session">2025 Session, Youth Forum (AM)</div>
<div class="symbol">ECOSOC/7201</div>
<h1>Youth Forum Speakers Urge Decent Jobs and Fair Pay for Young Workers</h1>
<h2>Ministers Describe Apprenticeship Schemes</h2>
<p>Young people need decent jobs, fair wages and a voice in the policies that shape their working lives, speakers told the Economic and Social Council Youth Forum today.</p>
<p>Opening the session, the President of the Council said that one in five young people worldwide is neither in employment nor in education or training, and that social protection must reach them.</p>
<p>A minister of labour described an apprenticeship scheme run together with employers and trade unions that had placed thousands of young people in stable employment.</p>
</article></main>
<footer><p>For information media. Not an official record.</p><a href="/privacy">Privacy notice</a></footer>
</body></html>"""

OFFICIAL_DOCUMENT = """<html lang="en"><head><style>
@page { size: A4; margin: 2.4cm 2.5cm 2.8cm;
  @top-left { content: "E/HLPF/2025/9"; font: bold 8pt "DejaVu Sans" }
  @bottom-left { content: "25-07766"; font: 8pt "DejaVu Sans" }
  @bottom-right { content: counter(page) "/" counter(pages); font: 8pt "DejaVu Sans" } }
@page :first { @top-left { content: none } @bottom-right { content: none } }
body { font: 10pt/1.3 "DejaVu Serif"; text-align: justify } p { margin: 0 0 7pt }
h1 { font: bold 14pt "DejaVu Sans" } h2 { font: bold 11pt "DejaVu Sans" }
</style></head><body>
<p><b>E/HLPF/2025/9</b></p>
<h1>Chair's summary of the expert group meeting on Goal 8</h1>
<h2>I. Introduction</h2>
<p>1. The expert group meeting on Goal 8 was held in Geneva on 3 and 4 April 2025 and brought together economists, statisticians, trade unionists and representatives of employers' organizations.</p>
<h2>II. Main conclusions</h2>
""" + "".join(
    f"<p>{n}. Experts found that productivity and wages have drifted apart in many economies, that informal work remains widespread, and that social dialogue helps countries share the gains of technological change more fairly among workers, firms and regions.</p>\n"
    for n in range(2, 12)
) + "</body></html>"

WORD_SUMMARY = [
    ("Title", "Co-Chairs' summary of the Partnership Exchange on decent work"),
    ("Heading 1", "I. Overview"),
    ("Normal", "1. The Partnership Exchange was organized by UNDP and the ILO on 6 February 2025."),
    ("Heading 1", "II. Key messages"),
    ("List Bullet", "Partnerships between trade unions and employers can speed up the adoption of safe technology at work;"),
    ("List Bullet", "Governments should invest in skills systems and social protection for young people."),
]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return empty_collection(tmp_path / "data")


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _load(data_dir: Path, session_id: str):
    stakeholders = load_stakeholders(data_dir)
    return load_session(data_dir, session_id, known_group_ids=stakeholders.group_ids, known_issue_ids=[i.id for i in load_codebook(data_dir).issues])


def _listing(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _source_fields(data_dir: Path, session_id: str) -> list[str]:
    lines = (data_dir / "sessions" / f"{session_id}.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("source:")
    return [line.strip() for line in lines[start + 1 :] if line.startswith("  ")][:8]


# ----------------------------------------------------------------------------- each format


@pytest.mark.parametrize(
    ("name", "make", "file_format", "first_line"),
    [
        ("ecosoc7201.doc.htm", lambda: PRESS_RELEASE.encode("utf-8"), "html", "# Youth Forum Speakers Urge Decent Jobs and Fair Pay for Young Workers"),
        ("E_HLPF_2025_9.pdf", lambda: make_pdf(OFFICIAL_DOCUMENT), "pdf", "# Chair's summary of the expert group meeting on Goal 8"),
        ("exchange summary.docx", lambda: make_docx(WORD_SUMMARY), "docx", "# Co-Chairs' summary of the Partnership Exchange on decent work"),
    ],
    ids=["html", "pdf", "docx"],
)
def test_a_record_is_kept_byte_for_byte_with_its_extracted_text_beside_it(tmp_path, data_dir, name, make, file_format, first_line):
    data = make()
    report = ingest_summary(_write(tmp_path, name, data), data_dir)
    raw_file, text_file = data_dir / "raw" / name, data_dir / "raw" / f"{name}.txt"
    assert (report.raw_file, report.text_file, report.format) == (raw_file, text_file, file_format)
    assert raw_file.read_bytes() == data
    text = text_file.read_text(encoding="utf-8")
    assert text.splitlines()[0] == first_line
    session = _load(data_dir, report.session_id)  # every statement is checked against the extracted text
    assert session.text_file == text_file and session.source_text_file == text_file
    assert session.statements and all(" ".join(s.text.split()) in " ".join(text.split()) for s in session.statements)
    assert _source_fields(data_dir, report.session_id)[:5] == [
        f"raw_file: raw/{name}",
        f"sha256: {hashlib.sha256(data).hexdigest()}",
        f"text_file: raw/{name}.txt",
        f"text_sha256: {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
        f"format: {file_format}",
    ]
    assert sorted(p.name for p in (data_dir / "raw").iterdir()) == sorted([name, f"{name}.txt"])
    assert main(["validate", "--data-dir", str(data_dir)]) == 0


def test_the_press_release_and_the_official_document_come_out_as_their_statements(tmp_path, data_dir):
    press = ingest_summary(_write(tmp_path, "press.html", PRESS_RELEASE), data_dir, session_id="youth-forum-2025")
    assert [s.text for s in _load(data_dir, "youth-forum-2025").statements] == [
        "Young people need decent jobs, fair wages and a voice in the policies that shape their working lives, speakers told the Economic and Social Council Youth Forum today.",
        "Opening the session, the President of the Council said that one in five young people worldwide is neither in employment nor in education or training, and that social protection must reach them.",
        "A minister of labour described an apprenticeship scheme run together with employers and trade unions that had placed thousands of young people in stable employment.",
    ]
    assert press.title == "Youth Forum Speakers Urge Decent Jobs and Fair Pay for Young Workers"
    ingest_summary(_write(tmp_path, "egm.pdf", make_pdf(OFFICIAL_DOCUMENT)), data_dir, session_id="egm-2025-sdg8")
    statements = _load(data_dir, "egm-2025-sdg8").statements
    # Numbered paragraphs, their numbers as printed in the text file; the introduction of a chair's
    # summary names its participants and date and is background, as in the seed.
    assert [s.text.split(" ")[:2] for s in statements] == [[f"{number}.", "Experts"] for number in range(2, 12)]
    assert "E/HLPF/2025/9" not in " ".join(s.text for s in statements)


def test_the_printed_report_names_the_extracted_text(tmp_path, data_dir):
    report = ingest_summary(_write(tmp_path, "exchange.docx", make_docx(WORD_SUMMARY)), data_dir)
    assert describe_ingest_report(report).splitlines()[:6] == [
        "ingested session 'exchange' (a draft to review)",
        f"  wrote {data_dir / 'sessions' / 'exchange.yaml'}",
        f"  wrote {data_dir / 'raw' / 'exchange.docx'} (bytes as published)",
        f"  wrote {data_dir / 'raw' / 'exchange.docx.txt'} (text extracted from the Word file; statements quote it)",
        "kind: chair_summary (its heading says so: \"Co-Chairs' summary of the Partnership Exchange on decent work\")",
        "title: Co-Chairs' summary of the Partnership Exchange on decent work",
    ]
    assert (data_dir / "sessions" / "exchange.yaml").read_text(encoding="utf-8").splitlines()[1] == (
        "# Statements quote the text extracted into raw/exchange.docx.txt exactly; ids come from section and text, keep them when editing."
    )


def test_re_ingesting_with_force_keeps_the_text_file_and_the_session_valid(tmp_path, data_dir):
    path = _write(tmp_path, "egm.pdf", make_pdf(OFFICIAL_DOCUMENT))
    ingest_summary(path, data_dir)
    report = ingest_summary(path, data_dir, force=True)
    assert (report.is_replacement, report.is_raw_file_new, report.is_text_file_new) == (True, False, False)
    assert describe_ingest_report(report).splitlines()[3] == f"  {data_dir / 'raw' / 'egm.pdf.txt'} already holds this text"
    assert _load(data_dir, "egm").statements


def test_an_address_is_fetched_kept_under_its_path_name_and_recorded_with_its_url(data_dir, capsys):
    with serve({"/en/2025/ecosoc7201.doc.htm": Answer(headers={"Content-Type": "text/html; charset=utf-8"}, body=PRESS_RELEASE.encode("utf-8"))}) as base:
        url = f"{base}/en/2025/ecosoc7201.doc.htm"
        assert main(["ingest", url, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == [
        "ingested session 'ecosoc7201-doc' (a draft to review)",
        f"  wrote {data_dir / 'sessions' / 'ecosoc7201-doc.yaml'}",
        f"  wrote {data_dir / 'raw' / 'ecosoc7201.doc.htm'} (bytes as published)",
        f"  wrote {data_dir / 'raw' / 'ecosoc7201.doc.htm.txt'} (text extracted from the web page; statements quote it)",
        f"  fetched from {url}",
    ]
    fields = _source_fields(data_dir, "ecosoc7201-doc")
    assert fields[4:6] == ["format: html", f"url: {url}"] and fields[6].startswith("retrieved: ")
    assert _load(data_dir, "ecosoc7201-doc").url == url
    assert (data_dir / "raw" / "ecosoc7201.doc.htm").read_bytes() == PRESS_RELEASE.encode("utf-8")


def test_an_address_with_an_id_keeps_the_raw_file_under_the_id(data_dir):
    with serve({"/2025/programme/review": Answer(headers={"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, body=make_docx(WORD_SUMMARY))}) as base:
        report = ingest_summary(f"{base}/2025/programme/review", data_dir, session_id="pex-2025-decent-work")
    assert (report.raw_file.name, report.text_file.name, report.format) == ("pex-2025-decent-work.docx", "pex-2025-decent-work.docx.txt", "docx")


def test_plain_text_gets_no_text_file_and_records_its_format(tmp_path, data_dir):
    report = ingest_summary(_write(tmp_path, "forum.txt", "Skills Dialogue\n\n1. Key issues\n\n- Training must reach rural areas;\n"), data_dir)
    assert report.text_file is None and _load(data_dir, "forum").text_file is None
    assert _source_fields(data_dir, "forum")[2] == "format: txt"
    assert sorted(p.name for p in (data_dir / "raw").iterdir()) == ["forum.txt"]


def test_briefs_ingest_help_names_the_formats_and_addresses(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for words in (".txt and .md", ".html/.htm", ".pdf", ".docx", "http:// or https:// addresses", "raw/<name>.txt", "ocrmypdf", "--timeout SECONDS"):
        assert words in help_text
    assert f"give up after this many seconds (default: {FETCH_TIMEOUT_S:g})" in help_text


# ----------------------------------------------------------------------------- bad input: one line, exit 1, nothing written


def _scan() -> bytes:
    picture = base64.b64encode(make_png()).decode("ascii")
    return make_pdf(f'<html><body style="margin: 0"><img style="width: 100%" src="data:image/png;base64,{picture}"></body></html>')


def _zip_bomb() -> bytes:
    return make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (4 * 1024 * 1024)})


BAD_FILES = {
    "encrypted-pdf": ("locked.pdf", lambda: encrypt_pdf(make_pdf(OFFICIAL_DOCUMENT), "secret"), "the PDF is encrypted and needs a password: save an unprotected copy (print to PDF) and ingest that"),
    "broken-pdf": ("broken.pdf", lambda: make_pdf(OFFICIAL_DOCUMENT)[:2000], "not a readable PDF ("),
    "scanned-pdf": ("scan.pdf", _scan, "the PDF has no text layer: its pages are images (a scan). Run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then ingest the result"),
    "docx-zip-bomb": ("bomb.docx", _zip_bomb, "word/document.xml in the .docx inflates "),
    "no-main-content": ("menu.html", lambda: b"<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav><footer>Privacy</footer></body></html>", "no main content found ("),
    "unsupported-extension": ("minutes.doc", lambda: b"\xd0\xcf\x11\xe0", "unsupported file type '.doc' (save a .doc as .docx): ingest reads "),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_one_error_line_exit_1_and_nothing_written(tmp_path, data_dir, capsys, case):
    name, make, message = BAD_FILES[case]
    path = _write(tmp_path, name, make())
    before = _listing(data_dir)
    assert main(["ingest", str(path), "--data-dir", str(data_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"error: {path}: {message}") and captured.err.count("\n") == 1
    assert _listing(data_dir) == before


BAD_ADDRESSES = {
    "times-out": ("/slow", Answer(stall_s=30), "no complete answer within 0.5 s (timed out): try again, or save the page and ingest the file"),
    "redirects-to-file": ("/moved", Answer(status=302, headers={"Location": "file:///etc/passwd"}), "redirected to 'file:///etc/passwd': only http:// and https:// addresses are fetched"),
    "over-the-cap": ("/huge", Answer(headers={"Content-Type": "text/html"}, stream_bytes=10 * 1024 * 1024 + 1), "the address returns more than 10 MB, the cap for a web page: save a smaller file or check the address"),
    "wrong-content-type": ("/data.json", Answer(headers={"Content-Type": "application/json"}, body=b"{}"), "the address returned content type 'application/json'; ingest reads "),
}


@pytest.mark.parametrize("case", BAD_ADDRESSES, ids=list(BAD_ADDRESSES))
def test_a_bad_address_is_one_error_line_exit_1_and_nothing_written(data_dir, capsys, case):
    address, answer, message = BAD_ADDRESSES[case]
    before = _listing(data_dir)
    with serve({address: answer}) as base:
        assert main(["ingest", f"{base}{address}", "--timeout", "0.5", "--data-dir", str(data_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"error: {base}{address}: {message}") and captured.err.count("\n") == 1
    assert _listing(data_dir) == before


def test_a_full_disk_while_writing_leaves_no_raw_text_or_session_file(tmp_path, data_dir, capsys, monkeypatch):
    path = _write(tmp_path, "egm.pdf", make_pdf(OFFICIAL_DOCUMENT))
    before = _listing(data_dir)
    real_open = files.os.open
    calls = []

    def fill_up_on_the_third_file(path, *args, **kwargs):
        name = Path(path).name
        if not name.endswith(".tmp"):
            return real_open(path, *args, **kwargs)
        calls.append(name.rsplit(".", 2)[0])  # the temporary sibling's name without its random part
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", fill_up_on_the_third_file)
    assert main(["ingest", str(path), "--data-dir", str(data_dir)]) == 1
    assert calls == [".egm.pdf", ".egm.pdf.txt", ".egm.yaml"]
    assert "No space left on device" in capsys.readouterr().err
    assert _listing(data_dir) == before and not list((data_dir / "raw").glob(".*"))
