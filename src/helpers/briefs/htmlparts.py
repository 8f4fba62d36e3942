"""Small HTML helpers shared by the briefs; everything from data is escaped here."""

import html

import pandas as pd


def escape(value) -> str:
    """HTML-escape any value; None becomes the empty string.

    >>> escape("<b>Pérez & co</b>")
    '&lt;b&gt;Pérez &amp; co&lt;/b&gt;'
    """
    return html.escape("" if value is None else str(value))


def html_table(frame: pd.DataFrame, headers: dict[str, str], css_class: str = "brief-table") -> str:
    """An escaped HTML table of the given columns, with readable headers."""
    shown = frame[list(headers)].rename(columns=headers)
    return shown.to_html(index=False, escape=True, border=0, classes=css_class, na_rep="\u2013")
