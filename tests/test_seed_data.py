"""The seed session's structured data neither invents nor drops anything of its raw source."""

import re

from helpers.data import paths
from helpers.data.patterns import GroupFinder
from helpers.data.loading import load_inputs
from helpers.data.text import make_statement_id, sha256_of_file

SEED_ID = "ecosoc-pf-2025-sdg8"
RAW = paths.DATA_DIR / "raw" / "ecosoc-partnership-forum-sdg8-action-segment.txt"
SHARED_SEED = paths.PROJECT_ROOT.parent / "shared" / "seed" / RAW.name
SEED_SHA256 = "2bf918e6aef458da33bc86826d60a6d9bdedace6d3529aaa5aa59868e1157fef"


def _bullets_by_section(text: str) -> list[tuple[int, str]]:
    """Every "- " bullet of the raw text with its numbered section, read independently of helpers."""
    section, bullets = 0, []
    for line in text.splitlines():
        heading = re.match(r"^(\d+)\.\s", line)
        if heading:
            section = int(heading.group(1))
        elif line.startswith("- "):
            bullets.append((section, line[2:]))
    return bullets


def test_raw_source_is_byte_for_byte_the_seed():
    assert sha256_of_file(RAW) == SEED_SHA256
    if SHARED_SEED.exists():  # beside a checkout, as on developers' machines and in CI
        assert RAW.read_bytes() == SHARED_SEED.read_bytes()


def test_every_bullet_of_sections_2_to_4_is_a_statement_and_nothing_else():
    session, _, _ = load_inputs(None, SEED_ID)
    bullets = _bullets_by_section(RAW.read_text(encoding="utf-8"))
    assert len(bullets) == 16
    assert [(s.section, s.text) for s in session.statements] == [b for b in bullets if 2 <= b[0] <= 4]


def test_each_statement_quotes_the_raw_source():
    session, _, _ = load_inputs(None, SEED_ID)
    raw = RAW.read_text(encoding="utf-8")
    assert all(statement.text in raw for statement in session.statements)


def test_statement_ids_are_derived_from_section_and_text():
    session, _, _ = load_inputs(None, SEED_ID)
    assert [s.id for s in session.statements] == [make_statement_id(s.section, s.text) for s in session.statements]


def test_participants_groups_agree_with_the_stakeholder_data():
    session, _, stakeholders = load_inputs(None, SEED_ID)
    finder = GroupFinder(stakeholders)
    assert [(p.name or p.organisation, finder.classify_organisation(p.organisation or p.title)) for p in session.participants] == [
        (p.name or p.organisation, p.group) for p in session.participants
    ]
    assert len(session.participants) == 14
    assert {p.role for p in session.participants} == {"organiser", "speaker", "contributor", "moderator"}


def test_participants_named_in_the_background_appear_in_the_raw_source():
    session, _, _ = load_inputs(None, SEED_ID)
    raw = RAW.read_text(encoding="utf-8")
    for participant in session.participants:
        for value in (participant.name, participant.title, participant.organisation):
            assert value is None or value in raw, value


def test_date_is_recorded_as_inferred_with_a_reason():
    session, _, _ = load_inputs(None, SEED_ID)
    assert (session.date, session.is_date_inferred) == ("2025-02-05", True)
    assert "5 February 2025" in session.date_inferred_reason
