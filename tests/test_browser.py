"""The HTML briefs in a real browser: Debian's Chromium, driven by Playwright (no browser download).

A page must load with no console error and no request leaving the file; a click on a count
must land on the statements behind it (in a session brief, its index entry; in a corpus brief,
the evidence filtered to exactly those statements).
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
    assert page.evaluate("document.documentElement.scrollWidth") <= 1100  # nothing wider than the window
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    page.close()


def test_clicking_a_lens_cell_lands_on_its_statements(browser, seed_brief):
    page, problems = open_offline(browser, seed_brief / "brief.html")
    # Skills and education x Workers: statement 3.5 names workers and raises skills.
    page.locator("table.mention a[href='#mention-skills--workers']").click(timeout=10_000)
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
    assert "skills" in row.locator("mark.issue").all_inner_texts()
    assert "workers" in row.locator("mark.group").all_inner_texts()
    assert problems == []
    page.close()


def test_table_counts_and_references_link_to_their_statements(browser, seed_brief):
    page, _ = open_offline(browser, seed_brief / "brief.html")
    page.locator("table.issue-frequency a[href='#issue-skills']").click()
    assert page.locator(":target").inner_text() == "Skills and education (7)"
    page.locator("table.issue-frequency .refs a", has_text="4.4").first.click()
    assert page.evaluate("location.hash") == "#statement-ecosoc-pf-2025-sdg8--s4-1ef0aa"
    assert page.locator(":target td.ref").inner_text().startswith("4.4")
    page.close()


def test_the_print_only_and_screen_only_parts_show_where_they_should(browser, seed_brief):
    page, _ = open_offline(browser, seed_brief / "brief.html")
    assert not page.locator(".how-to-read .print-only").is_visible()
    assert page.locator("h2", has_text="Statements behind each count").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".how-to-read .print-only").is_visible()
    assert not page.locator("h2", has_text="Statements behind each count").is_visible()
    page.close()


@pytest.fixture(scope="module")
def generated_corpus(tmp_path_factory):
    """A corpus brief over 40 generated sessions (tools/generate_corpus.py, seeded)."""
    import subprocess
    import sys

    from helpers.data import paths

    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, paths.PROJECT_ROOT / "tools" / "generate_corpus.py", root / "data", "--sessions", "40"], check=True, capture_output=True)
    briefs = Path(sys.executable).parent / "briefs"
    result = subprocess.run([briefs, "render", "--corpus", "--data-dir", root / "data", "--out-dir", root / "reports"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return root / "reports" / "corpus"


def test_a_corpus_count_opens_the_evidence_filtered_to_exactly_its_statements(browser, generated_corpus):
    page, problems = open_offline(browser, generated_corpus / "brief.html")
    cell = page.locator("table.by-year tbody a").first
    expected = int(cell.get_attribute("title").split(" of ")[0])  # "12 of 97 statements (12.4%)"
    cell.click()
    criteria = page.evaluate("location.hash")
    assert criteria.startswith("#evidence?issue=") and "&year=" in criteria
    status = page.locator("#evidence .filter-status").inner_text()
    total = page.evaluate("JSON.parse(document.getElementById('evidence-data').textContent).rows.length")
    assert status.endswith(f"{expected} matching, of {total}")
    rows = page.locator("#evidence-table tbody tr")
    assert rows.count() == min(expected, 100)
    issue = criteria.split("issue=")[1].split("&")[0]
    label = page.locator(f"select[name=issue] option[value='{issue}']").inner_text()
    assert all(label in text for text in rows.locator("td:nth-child(3)").all_inner_texts())
    assert problems == []
    page.close()


def test_the_session_list_sorts_and_filters(browser, generated_corpus):
    page, problems = open_offline(browser, generated_corpus / "brief.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1100  # 13 groups' tables still fit
    header = page.locator("#session-list thead th", has_text="Statements")
    header.click()
    counts = [int(text) for text in page.locator("#session-list tbody td:nth-child(5)").all_inner_texts()]
    assert counts == sorted(counts) and len(counts) == 40
    header.click()
    counts = [int(text) for text in page.locator("#session-list tbody td:nth-child(5)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    page.locator("form[data-table=session-list] input[type=search]").fill("hlpf")
    visible = page.locator("#session-list tbody tr:visible")
    assert 0 < visible.count() < 40 and all("hlpf" in text.lower() for text in visible.all_inner_texts())
    assert problems == []
    page.close()


def test_index_links_to_every_brief(browser, rendered_reports):
    page, problems = open_offline(browser, rendered_reports / "index.html")
    targets = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert sorted(targets) == [
        "corpus/brief.html", "corpus/brief.pdf", "corpus/statements.csv", "corpus/statements.parquet",
        "ecosoc-pf-2025-sdg8/brief.html", "ecosoc-pf-2025-sdg8/brief.pdf",
        "ecosoc-pf-2025-sdg8/quality.html", "ecosoc-pf-2025-sdg8/quality.pdf",
        "ecosoc-pf-2025-sdg8/quality_scores.csv", "ecosoc-pf-2025-sdg8/quality_scores.parquet",
        "ecosoc-pf-2025-sdg8/statements.csv", "ecosoc-pf-2025-sdg8/statements.parquet",
    ]
    assert all((rendered_reports / target).is_file() for target in targets)
    assert problems == []
