"""The HTML briefs in a real browser: Debian's Chromium, driven by Playwright (no browser download).

A page must load with no console error and no request leaving the file, and a click on a
heatmap cell must land on the statements behind that count.
"""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: make test installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def open_offline(browser, html_path: Path):
    """Open a file with every non-file request blocked and recorded, and console errors recorded."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    problems = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def block(route):
        problems.append(f"request left the file: {route.request.url}")
        route.abort()

    page.route(lambda url: not url.startswith("file:") and not url.startswith("data:"), block)
    page.goto(html_path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, problems


@pytest.mark.parametrize("name", ["ecosoc-pf-2025-sdg8/brief.html", "ecosoc-pf-2025-sdg8/quality.html", "corpus/brief.html", "index.html"])
def test_every_brief_loads_offline_without_errors(browser, rendered_reports, tmp_path, name):
    page, problems = open_offline(browser, rendered_reports / name)
    assert problems == []
    assert page.locator("h1").first.is_visible()
    name = name.replace("/", "-")
    assert page.evaluate("document.images.length === 0 || [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    page.close()


def test_clicking_a_heatmap_cell_lands_on_its_statements(browser, seed_brief):
    page, problems = open_offline(browser, seed_brief / "brief.html")
    # Skills and education x Workers: statement 3.5 names workers and raises skills.
    page.locator("svg a[*|href='#mention-skills--workers']").first.click(timeout=10_000)
    assert page.evaluate("location.hash") == "#mention-skills--workers"
    target = page.locator(":target")
    assert target.inner_text() == "Mention lens, naming Workers (1): 3.5"
    top = page.evaluate("document.querySelector(':target').getBoundingClientRect().top")
    assert -2 <= top < 100  # scrolled to it

    # And on to the statement itself, with its matched words marked.
    target.locator("a").first.click()
    assert page.evaluate("location.hash") == "#statement-ecosoc-pf-2025-sdg8--s3-31e52f"
    row = page.locator(":target")
    assert "Tech-Labor Partnership" in row.inner_text()
    assert "skills" in row.locator("mark").all_inner_texts()
    assert problems == []
    page.close()


def test_table_counts_link_to_their_statements(browser, seed_brief):
    page, _ = open_offline(browser, seed_brief / "brief.html")
    page.locator("table.issue-frequency a[href='#issue-skills']").click()
    assert page.locator(":target").inner_text() == "Skills and education (7)"
    page.close()


def test_index_links_to_every_brief(browser, rendered_reports):
    page, problems = open_offline(browser, rendered_reports / "index.html")
    targets = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert sorted(targets) == [
        "corpus/brief.html", "corpus/brief.pdf",
        "ecosoc-pf-2025-sdg8/brief.html", "ecosoc-pf-2025-sdg8/brief.pdf",
        "ecosoc-pf-2025-sdg8/quality.html", "ecosoc-pf-2025-sdg8/quality.pdf",
    ]
    assert all((rendered_reports / target).is_file() for target in targets)
    assert problems == []
