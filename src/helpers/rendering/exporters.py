"""nbconvert exporters for briefs, registered as entry points (``brief_html``, ``brief_pdf``).

So ``jupyter nbconvert --to brief_pdf notebook.ipynb`` gives users the same brief as ``briefs
render``. The PDF is WeasyPrint's rendering of the brief's HTML without the cells tagged
``screen-only`` (the long, linked lists that only make sense on screen): one stylesheet, the
same look, searchable text, A4 with page numbers, and identical bytes for identical input.
Both exporters hand the brief's data files (CSV and Parquet, see ``helpers.briefs.datafiles``)
to nbconvert's writer as extra outputs, so they land beside the HTML or PDF.
"""

import copy
import html
import logging
import re
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from traitlets import default

from helpers.briefs.datafiles import DATA_MIMETYPE, decode_data_files
from helpers.data.paths import TEMPLATES_DIR

SCREEN_ONLY_TAG = "screen-only"  # cells the HTML shows and the PDF leaves out


_FIRST_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def title_from_outputs(notebook) -> str | None:
    """The text of the first <h1> a notebook's outputs show (the brief's own title), if any."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            match = _FIRST_H1.search("".join(output.get("data", {}).get("text/html", "")))
            if match:
                return html.unescape(_TAGS.sub("", match.group(1))).strip()
    return None


def take_data_files(notebook) -> dict[str, bytes]:
    """Remove the data files' bytes from a notebook's outputs (they are not part of the page) and return them."""
    files: dict[str, bytes] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {}).pop(DATA_MIMETYPE, None)
            if bundle is not None:
                for name, data in decode_data_files(bundle).items():
                    if Path(name).name != name or name.startswith("."):
                        raise ValueError(f"a brief's data file must be a plain file name, not {name!r}")
                    files[name] = data
    return files


def with_stable_cell_ids(notebook):
    """A copy whose cell ids are their positions: papermill injects a cell with a random id,
    and the HTML carries cell ids, so this keeps identical briefs byte-identical."""
    notebook = copy.deepcopy(notebook)
    for position, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{position}"
    return notebook


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter without its last pass over the finished page.

    ``HTMLExporter.from_notebook_node`` ends by parsing the whole page with BeautifulSoup, to
    give images without alt text a placeholder (every figure of a brief has its own) and cells a
    ``tabindex``, and writing the tree out again. For a corpus brief of 12,000 statements that
    pass took 18 s of a warm render and held the 7 MB page as a tree of 115,000 tags; the
    rest of the export is what ``HTMLExporter`` does, step for step.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


class BriefHTMLExporter(PageExporter):
    """HTML brief: no code, no prompts, no scripts, our stylesheet."""

    export_from_notebook = "Session brief (HTML)"

    @default("template_name")
    def _default_template_name(self):
        return "brief"

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self):
        return [str(TEMPLATES_DIR)]

    @default("exclude_input")
    def _default_exclude_input(self):
        return True

    @default("exclude_input_prompt")
    def _default_exclude_input_prompt(self):
        return True

    @default("exclude_output_prompt")
    def _default_exclude_output_prompt(self):
        return True

    def from_notebook_node(self, nb, resources=None, **kw):
        notebook = with_stable_cell_ids(nb)
        data_files = take_data_files(notebook)
        notebook.cells = [cell for cell in notebook.cells if self.keeps(cell)]
        # The page title is the brief's own title, not the notebook's file name.
        if "title" not in notebook.metadata and title_from_outputs(notebook):
            kicker = next((k for k in ("Codebook quality brief", "Corpus brief", "Session brief") if k in str(notebook.cells)), "Brief")
            notebook.metadata["title"] = f"{title_from_outputs(notebook)}: {kicker.lower()}"
        output, resources = super().from_notebook_node(notebook, resources, **kw)
        resources.setdefault("outputs", {}).update(data_files)
        return output, resources

    def keeps(self, cell) -> bool:
        """Whether the brief shows this cell (the HTML shows every cell)."""
        return True


class BriefPrintHTMLExporter(BriefHTMLExporter):
    """The HTML the PDF is laid out from: the brief without its ``screen-only`` cells."""

    export_from_notebook = None  # not offered as a format of its own

    def keeps(self, cell) -> bool:
        return SCREEN_ONLY_TAG not in cell.get("metadata", {}).get("tags", [])


class _LinksOnlyInTheHTML(logging.Filter):
    """WeasyPrint drops a link whose target is not in the PDF (the index of statements behind each
    count, statements past the annex's cap, the corpus brief's filtered evidence) and logs each one;
    dropping is what the PDF should do, so the message is not shown."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("No anchor #")


def html_to_pdf(html: str) -> bytes:
    """Lay out brief HTML as a PDF with WeasyPrint (fonts from the system, nothing fetched)."""
    import weasyprint  # imported here: it is slow to import and only the PDF path needs it

    quiet = _LinksOnlyInTheHTML()
    logging.getLogger("weasyprint").addFilter(quiet)
    try:
        return weasyprint.HTML(string=html).write_pdf()
    finally:
        logging.getLogger("weasyprint").removeFilter(quiet)


class BriefPDFExporter(BriefPrintHTMLExporter):
    """PDF brief: WeasyPrint's rendering of :class:`BriefPrintHTMLExporter`'s output."""

    export_from_notebook = "Session brief (PDF)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _default_file_extension(self):
        return ".pdf"

    @default("template_extension")
    def _default_template_extension(self):
        return ".html.j2"  # the PDF is laid out from the HTML template, as nbconvert's webpdf does

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_extension"] = ".pdf"
        return html_to_pdf(html), resources
