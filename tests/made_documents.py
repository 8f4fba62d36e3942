"""Documents the tests make for themselves (never committed as binaries): PDFs by WeasyPrint from
HTML, Word files by python-docx, images by Pillow, encrypted PDFs by pypdf, zips by zipfile."""

import io
import zipfile


def make_pdf(html: str) -> bytes:
    """A PDF of ``html`` as WeasyPrint lays it out (``@page`` margin boxes, ``columns``, ``hyphens`` all work)."""
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def make_png(width: int = 600, height: int = 800) -> bytes:
    """A grey picture, as a scanner would give: no text in it for a PDF reader."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, height - 40, 24):
        draw.rectangle((40, y, width - 40 - (y * 7) % 120, y + 10), fill=60)
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


def encrypt_pdf(pdf: bytes, user_password: str) -> bytes:
    """The PDF encrypted with AES-256; an empty user password opens without asking."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def make_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """A Word file of (style, text) paragraphs; style "bold" is a Normal paragraph in bold, "table" a row of cells split on " | "."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        if style == "bold":
            document.add_paragraph().add_run(text).bold = True
        elif style == "table":
            cells = text.split(" | ")
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells):
                cell.text = value
        else:
            document.add_paragraph(text, style=style)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def make_zip(entries: dict[str, bytes]) -> bytes:
    """A zip package (deflated) of the given entries."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return stream.getvalue()
