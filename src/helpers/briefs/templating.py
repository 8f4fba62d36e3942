"""The Jinja2 environment every brief renders its markup with: autoescaping on, unknown names fail.

Python hands the templates in ``templates/parts/`` numbers, records and figures; the templates
hold the words and the layout. Escaping is automatic, so no text from data can become markup.
"""

import functools

import jinja2
from IPython.display import HTML

from helpers.data.paths import TEMPLATES_DIR

PARTS_DIR = TEMPLATES_DIR / "parts"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun agreeing with it.

    >>> plural(1, "statement"), plural(3, "statement"), plural(2, "person", "people")
    ('1 statement', '3 statements', '2 people')
    """
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


def join_and(items) -> str:
    """Items as prose: ``a``, ``a and b``, ``a, b and c``.

    >>> join_and(["a"]), join_and(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def thousands(number: int) -> str:
    """A count with thousands separated, as UN documents print them.

    >>> thousands(11847), thousands(905)
    ('11,847', '905')
    """
    return f"{number:,}"


@functools.cache
def environment() -> jinja2.Environment:
    """The briefs' template environment (built once per process)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PARTS_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    env.filters["plural"] = plural
    env.filters["join_and"] = join_and
    env.filters["thousands"] = thousands
    return env


def records(frame) -> list[dict]:
    """A frame's rows for a template, with missing values as None (pandas gives NaN in text columns).

    >>> import pandas as pd
    >>> records(pd.DataFrame({"date": ["2025-02-05", None]}))
    [{'date': '2025-02-05'}, {'date': None}]
    """
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def render_template(template_name: str, /, **context) -> str:
    """A part's HTML from its template in ``templates/parts/``."""
    return environment().get_template(template_name).render(**context)


def show(template_name: str, /, **context) -> HTML:
    """A part as a notebook output (HTML the notebook displays and nbconvert keeps)."""
    return HTML(render_template(template_name, **context))
