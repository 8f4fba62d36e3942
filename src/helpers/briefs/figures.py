"""Figures for the briefs, drawn with matplotlib and embedded as SVG (vector in HTML and PDF).

Colours are colour-blind safe (the Okabe-Ito palette). SVG output is made byte-stable (fixed
hash salt, no date). Most of a brief's pictures are tables with bars and shaded cells, drawn by
the stylesheet; matplotlib draws what a table cannot show, such as small multiples over years.
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")  # no display needed; the kernel and the CLI both draw off screen
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FIGURE_WIDTH_IN = 6.6  # fits A4 text width at 100 %
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "session-briefs",
    "svg.fonttype": "none",  # real <text>: smaller files, searchable figure text in HTML and PDF
}


def plain_label(text) -> str:
    r"""Text shown as written: matplotlib would read $...$ as mathematics.

    >>> print(plain_label("$5 fund"))
    \$5 fund
    """
    return str(text).replace("$", r"\$")


def figure_to_svg(figure) -> bytes:
    """SVG bytes of a figure, identical for identical figures; the figure is closed."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return buffer.getvalue()


def encode_svg(figure) -> str:
    """A figure as base64 SVG, for a template's figure macro (which adds the alt text and caption)."""
    return base64.b64encode(figure_to_svg(figure)).decode("ascii")


TREND_COLOURS = {"rising": OKABE_ITO[5], "falling": OKABE_ITO[0]}  # vermilion up, blue down; others grey


def draw_issue_share_by_year(by_year: pd.DataFrame, issue_order: list[str], trends: dict[str, str], columns: int = 4):
    """Small multiples: one panel per issue, the share of each year's statements raising it.

    Panels share both axes; rising issues are drawn in vermilion, falling in blue, the rest grey.
    """
    with matplotlib.rc_context(STYLE):
        rows = max(1, -(-len(issue_order) // columns))
        figure, axes_grid = plt.subplots(rows, columns, figsize=(FIGURE_WIDTH_IN, 0.4 + 1.0 * rows), sharex=True, sharey=True, squeeze=False)
        years = sorted(int(year) for year in by_year["year"].unique())
        top = max(10.0, float(by_year["share_pct"].max() if len(by_year) else 0) * 1.1)
        for position, axes in enumerate(axes_grid.ravel()):
            if position >= len(issue_order):
                axes.set_visible(False)
                continue
            rows_of_issue = by_year[by_year["issue_id"] == issue_order[position]].sort_values("year")
            colour = TREND_COLOURS.get(trends.get(issue_order[position], ""), "#6b7785")
            axes.plot(rows_of_issue["year"].astype(int), rows_of_issue["share_pct"], color=colour, linewidth=1.4, marker="o", markersize=2)
            axes.set_title(plain_label(_shorten(rows_of_issue["issue"].iloc[0])), fontsize=7, loc="left", pad=2)
            axes.set_ylim(0, top)
            axes.tick_params(labelsize=6, length=2, pad=1)
            axes.grid(axis="y", linewidth=0.3, color="#d5dbe3")
        if years:
            axes_grid[0][0].set_xticks([years[0], years[-1]] if len(years) > 1 else years)
        figure.supylabel("% of the year's statements", fontsize=7)
        figure.tight_layout(pad=0.3, h_pad=0.6, w_pad=0.8)
    return figure


def _shorten(label: str, width: int = 32) -> str:
    """A panel title that fits: the label, cut at a word with an ellipsis when too long.

    >>> _shorten("Inequality between countries, regions and firms")
    'Inequality between countries,…'
    """
    if len(label) <= width:
        return label
    return label[: label.rfind(" ", 0, width)] + "…"
