"""Figures for the brief, drawn with matplotlib and embedded as SVG (vector in HTML and PDF).

Colours are colour-blind safe: a single-hue sequential map for the heatmap and the Okabe-Ito
palette for categories. SVG output is made byte-stable (fixed hash salt, no date).
"""

import base64
import html
import io
import re

import matplotlib

matplotlib.use("Agg")  # no display needed; the kernel and the CLI both draw off screen
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HEATMAP_COLOURS = "Blues"
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


def figure_html(figure, alt_text: str, caption: str) -> str:
    """An HTML <figure> with the SVG embedded as a data URI, alt text and a caption."""
    encoded = base64.b64encode(figure_to_svg(figure)).decode("ascii")
    return (
        f'<figure class="brief-figure"><img src="data:image/svg+xml;base64,{encoded}" alt="{html.escape(alt_text)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


_SVG_ID = re.compile(r'id="([^"]+)"')


def figure_inline_svg(figure, id_prefix: str, alt_text: str, caption: str) -> str:
    """An HTML <figure> holding the SVG itself, so links inside it work in a browser.

    Matplotlib's ids (glyphs, clip paths) repeat across figures; they are prefixed so that
    several inline figures can share one page.
    """
    svg = figure_to_svg(figure).decode("utf-8")
    svg = svg[svg.index("<svg") :]
    for svg_id in sorted(set(_SVG_ID.findall(svg)), key=len, reverse=True):
        svg = svg.replace(f'id="{svg_id}"', f'id="{id_prefix}-{svg_id}"').replace(f"#{svg_id})", f"#{id_prefix}-{svg_id})").replace(f'"#{svg_id}"', f'"#{id_prefix}-{svg_id}"')
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(alt_text)}" ', 1)
    svg = svg.replace(' target="_blank"', "")  # matplotlib opens links in a new tab; ours point into this page
    return f'<figure class="brief-figure inline">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'


def draw_issue_frequency(issue_counts: pd.DataFrame):
    """Horizontal bars: statements per issue, most frequent at the top, counts at bar ends."""
    with matplotlib.rc_context(STYLE):
        height = 0.7 + 0.2 * max(len(issue_counts), 1)
        figure, axes = plt.subplots(figsize=(FIGURE_WIDTH_IN, height))
        labels = [plain_label(label) for label in issue_counts["issue"].tolist()[::-1]]
        counts = issue_counts["n_statements"].tolist()[::-1]
        bars = axes.barh(labels, counts, color=OKABE_ITO[0], height=0.7)
        axes.bar_label(bars, labels=[str(c) for c in counts], padding=3, fontsize=8)
        axes.tick_params(axis="y", labelsize=8, length=0)
        n_total = int(issue_counts["n_total"].iloc[0]) if len(issue_counts) else 0
        axes.set_xlabel(f"Statements raising the issue (of {n_total})")
        axes.set_xlim(0, max(counts or [1]) * 1.12)
        axes.xaxis.get_major_locator().set_params(integer=True)
    return figure


def draw_issue_group_heatmap(counts: pd.DataFrame, shares: pd.DataFrame, issue_labels: dict, group_labels: dict, group_n: dict, cell_url=None):
    """Issue x group heatmap: colour is the share of the group's statements, the cell shows the count.

    With ``cell_url(issue_id, group_id)``, each cell with a count links there (in inline SVG).
    """
    with matplotlib.rc_context(STYLE):
        n_rows, n_cols = counts.shape
        width = min(FIGURE_WIDTH_IN, 3.4 + 0.42 * n_cols)
        figure, axes = plt.subplots(figsize=(width, 1.5 + 0.22 * n_rows))
        colour_map = matplotlib.colormaps[HEATMAP_COLOURS]
        norm = matplotlib.colors.Normalize(vmin=0, vmax=100)
        for row, issue_id in enumerate(counts.index):
            for column, group_id in enumerate(counts.columns):
                count = int(counts.iat[row, column])
                share = float(shares.iat[row, column])
                cell = matplotlib.patches.Rectangle((column - 0.5, row - 0.5), 1, 1, facecolor=colour_map(norm(share)), edgecolor="white", linewidth=0.5)
                label = axes.text(column, row, str(count), ha="center", va="center", fontsize=7.5, color="white" if share > 55 else "black")
                if cell_url and count:
                    cell.set_url(cell_url(issue_id, group_id))
                    label.set_url(cell_url(issue_id, group_id))
                axes.add_patch(cell)
        axes.set_xlim(-0.5, n_cols - 0.5)
        axes.set_ylim(n_rows - 0.5, -0.5)
        axes.set_yticks(range(n_rows), [plain_label(issue_labels[i]) for i in counts.index], fontsize=8)
        axes.set_xticks(range(n_cols), [plain_label(f"{group_labels[g]} (n={group_n[g]})") for g in counts.columns], rotation=40, ha="right", rotation_mode="anchor", fontsize=8)
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        colourbar = figure.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=colour_map), ax=axes, fraction=0.05, pad=0.03, shrink=0.6)
        colourbar.set_label("% of the group's statements", fontsize=8)
        colourbar.ax.tick_params(labelsize=7)
    return figure


def draw_participation(participation: pd.DataFrame, roles: tuple[str, ...]):
    """Voice lens: participants per group, stacked by role."""
    with matplotlib.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.9 + 0.26 * max(len(participation), 1)))
        table = participation.iloc[::-1]
        left = [0] * len(table)
        for colour, role in zip(OKABE_ITO, roles):
            values = table[role].tolist()
            axes.barh([plain_label(g) for g in table["group"]], values, left=left, color=colour, label=role.capitalize(), height=0.7)
            left = [a + b for a, b in zip(left, values)]
        for position, total in enumerate(left):
            axes.text(total + 0.1, position, str(total), va="center")
        axes.set_xlabel("Participants")
        axes.set_xlim(0, max(left or [1]) * 1.15)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.legend(ncols=len(roles), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return figure


def draw_issue_trends(by_year: pd.DataFrame, issue_ids: list[str]):
    """Share of statements raising each of the given issues, year by year (one line per issue)."""
    with matplotlib.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(FIGURE_WIDTH_IN, 3.2))
        markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
        for position, issue_id in enumerate(issue_ids):
            rows = by_year[by_year["issue_id"] == issue_id].sort_values("year")
            axes.plot(rows["year"].astype(int), rows["share_pct"], marker=markers[position % len(markers)], color=OKABE_ITO[position % len(OKABE_ITO)], label=plain_label(rows["issue"].iloc[0]))
        axes.set_ylabel("% of the year's statements")
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_ylim(0, 100)
        axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return figure
