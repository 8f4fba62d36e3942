"""`briefs ingest` on the record corpus (tests/records): the issue's thresholds, field by field.

The corpus is the independent check of issue 10: records in the shapes of real UN records
(press releases, chair's summaries, session pages, official documents, seed-like summaries) in
text, Markdown, saved web pages, PDF and Word, each with gold written from the document. The
first tests check the corpus itself (its gold is true to its text, its files are built as real
ones look); the last ones ingest every record once and hold each field to its target
(record_scoring.TARGETS). `make ingest-accuracy` prints the same figures with every miss.
"""

import re
import subprocess
from collections import Counter

import docx
import pytest
from lxml import html as lxml_html
from ruamel.yaml import YAML

from helpers.data import paths
from record_corpus import build_corpus, build_record_file, load_forum_spellings, load_records
from record_scoring import TARGETS, describe_scores, fold_name, fold_text, make_data_copy, score_corpus, sum_scores

RECORDS = load_records()
KINDS = ("summary", "press_release", "chair_summary", "session_page", "official_document")


def _source_text(record) -> str:
    """The words of a record's source as a reader sees them: tags and directives dropped."""
    raw = record.source_file.read_text(encoding="utf-8")
    if record.source_file.suffix == ".html":
        return lxml_html.fromstring(raw.encode("utf-8")).text_content()
    return raw


def test_the_corpus_has_every_genre_and_format_it_promises():
    assert len(RECORDS) >= 20
    assert Counter(record.gold["kind"] for record in RECORDS).keys() == set(KINDS)
    assert min(Counter(record.gold["kind"] for record in RECORDS).values()) >= 3
    formats = Counter(record.gold["format"] for record in RECORDS)
    assert formats["pdf"] >= 3 and formats["docx"] >= 3 and formats["html"] >= 3 and formats["txt"] + formats["md"] >= 3


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.name)
def test_the_gold_is_true_to_its_document(record):
    """Everything the gold names is in the text: title, symbol, people, snippets, questions."""
    gold, text = record.gold, fold_text(_source_text(record))
    group_ids = {group["id"] for group in YAML(typ="safe").load(paths.stakeholders_file(paths.DATA_DIR).read_text(encoding="utf-8"))["groups"]}
    assert gold["forum"] in load_forum_spellings()
    assert fold_text(gold["title"]) in text
    assert gold["symbol"] is None or fold_text(gold["symbol"]) in text
    for participant in gold["participants"]:
        assert participant["group"] in group_ids | {"unknown"}, participant
        assert fold_text(participant.get("name") or participant["organisation"]) in text, participant
    speakers = {fold_name(name) for p in gold["participants"] for name in [p.get("name") or p["organisation"], *p.get("also_written", [])]}
    for item in gold["statements"]:
        assert text.count(fold_text(item["snippet"])) == 1, item["snippet"]
        assert fold_name(item["speaker"]) in speakers, item["speaker"]
    for snippet in gold["questions"]:
        assert text.count(fold_text(snippet)) == 1, snippet
    people = [fold_name(p["name"]) for p in gold["participants"] if "name" in p]
    assert len(people) == len(set(people)), "a person is listed once in the gold"


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory):
    """Every record's file, built once for this module."""
    return build_corpus(tmp_path_factory.mktemp("records"), RECORDS)


def _pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_built_files_are_the_same_bytes_every_time(built_corpus, tmp_path):
    for record in RECORDS:
        if record.gold["format"] in ("pdf", "docx"):
            assert build_record_file(record, tmp_path).read_bytes() == built_corpus[record.name].read_bytes(), record.name


def test_official_pdfs_carry_their_symbol_and_job_number_on_every_page(built_corpus):
    official = [r for r in RECORDS if r.gold["format"] == "pdf" and r.gold["symbol"] and r.gold["symbol"].startswith("E/")]
    assert len(official) >= 2
    for record in official:
        pages = _pdf_pages(built_corpus[record.name])
        assert len(pages) >= 2, record.name
        assert all(record.gold["symbol"] in page and re.search(r"\b\d{2}-\d{5}\b", page) and re.search(r"\b\d+/\d+\b", page) for page in pages), record.name
    assert any("\u2010\n" in "".join(_pdf_pages(built_corpus[r.name])) for r in official), "some words are hyphenated across lines"


def test_the_two_column_pdf_is_laid_out_in_two_columns(built_corpus):
    pages = _pdf_pages(built_corpus["e-2024-partnership-forum-note"])
    # with -layout, a two-column page prints both columns on the same lines, far apart
    assert sum(1 for line in pages[0].splitlines() if re.search(r"\S {4,}\S", line.strip())) >= 15


def test_word_files_have_headings_and_list_items_by_style(built_corpus):
    for record in (r for r in RECORDS if r.gold["format"] == "docx"):
        paragraphs = docx.Document(str(built_corpus[record.name])).paragraphs
        styles = Counter(p.style.name for p in paragraphs)
        assert styles["Title"] == 1 and styles["Heading 1"] >= 1, record.name
        typed_numbers = sum(1 for p in paragraphs if re.match(r"\d+\.\s", p.text) and p.style.name == "Normal")
        assert styles["List Bullet"] + styles["List Number"] >= 3 or typed_numbers >= 3 or record.gold["kind"] == "press_release", record.name


# ----------------------------------------------------------------------------- ingest against the gold


@pytest.fixture(scope="module")
def corpus_scores(built_corpus, tmp_path_factory):
    """Every record ingested once by the real command into a copy of the data folder, and scored."""
    data_dir = make_data_copy(tmp_path_factory.mktemp("ingest") / "data")
    return score_corpus(RECORDS, built_corpus, data_dir, load_forum_spellings())


@pytest.mark.parametrize("field", list(TARGETS))
def test_ingest_meets_the_target_of_each_field(corpus_scores, field):
    totals = sum_scores(corpus_scores)
    score = totals[field]
    assert score.n > 0, f"{field}: nothing to score"
    assert score.share >= TARGETS[field], f"{field}: {score.n_right}/{score.n} right, target {TARGETS[field]:.0%}\n" + "\n".join(score.misses[:40]) + "\n\n" + describe_scores(corpus_scores, show_misses=False)
