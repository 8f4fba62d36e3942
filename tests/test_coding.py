"""Rule-based coding of issues and mentioned groups, with evidence offsets into the source text."""

from helpers.analysis.coding import code_statements
from helpers.data import paths
from helpers.data.patterns import GroupFinder, IssueCoder
from helpers.data.loading import load_codebook, load_stakeholders
from helpers.data.model import Statement


def _issues(coder, text):
    return {code.issue_id: [(e.text, e.start, e.end) for e in code.evidence] for code in coder.code(text)}


def _groups(finder, text):
    return {m.group_id: [e.text for e in m.evidence] for m in finder.find(text)}


def test_issue_evidence_gives_words_and_offsets(tiny_data_dir):
    coder = IssueCoder(load_codebook(tiny_data_dir))
    text = "Skills and training; then social dialogue."
    assert _issues(coder, text) == {
        "skills": [("Skills", 0, 6), ("training", 11, 19)],
        "social_dialogue": [("social dialogue", 26, 41)],
    }


def test_typographic_variants_match_and_offsets_point_at_the_original(tiny_data_dir):
    coder = IssueCoder(load_codebook(tiny_data_dir))
    text = "“Social\u00a0dialogue” and re\u2011skilling"
    codes = _issues(coder, text)
    assert codes["social_dialogue"] == [("Social\u00a0dialogue", 1, 16)]
    assert text[1:16] == "Social\u00a0dialogue"


def test_exclude_pattern_removes_matches_inside_it(tiny_data_dir):
    coder = IssueCoder(load_codebook(tiny_data_dir))
    assert "osh" not in _issues(coder, "Food safety rules for exporters.")
    assert _issues(coder, "Food safety and workplace safety.")["osh"] == [("safety", 26, 32)]


def test_statement_without_issue_gets_no_code(tiny_data_dir):
    assert IssueCoder(load_codebook(tiny_data_dir)).code("Nothing relevant here.") == ()


def test_longest_earliest_name_wins_between_groups(tiny_data_dir):
    finder = GroupFinder(load_stakeholders(tiny_data_dir))
    assert _groups(finder, "UN Women supports women entrepreneurs.") == {"un_system": ["UN Women"], "women": ["women"]}
    assert _groups(finder, "The European Union and trade unions met.") == {"un_system": ["European Union"], "workers": ["unions"]}


def test_employers_and_workers_organisations_name_two_groups(tiny_data_dir):
    finder = GroupFinder(load_stakeholders(tiny_data_dir))
    assert _groups(finder, "employers' and workers' organizations") == {"employers": ["employers'"], "workers": ["workers'"]}


def test_organisation_names_are_case_sensitive_whole_words(tiny_data_dir):
    finder = GroupFinder(load_stakeholders(tiny_data_dir))
    assert finder.classify_organisation("ITUC Equality Department") == "workers"
    assert finder.classify_organisation("a silo of ideas") is None


def test_code_statements_keeps_statement_order(tiny_data_dir):
    statements = [Statement(id="s1-000001", section=1, text="Governments fund training."), Statement(id="s1-000002", section=1, text="No codes.")]
    coded = code_statements(statements, load_codebook(tiny_data_dir), load_stakeholders(tiny_data_dir))
    assert [(c.statement.id, c.issue_ids, c.group_ids) for c in coded] == [
        ("s1-000001", ["skills"], ["governments"]),
        ("s1-000002", [], []),
    ]


# The project's own codebook and stakeholder data, on rules DOMAIN.md spells out.

def test_project_stakeholder_rules_from_the_domain_brief():
    finder = GroupFinder(load_stakeholders(paths.DATA_DIR))
    assert _groups(finder, "UN Women and the International Telecommunication Union") == {
        "un_system": ["UN Women", "International Telecommunication Union"]
    }
    assert set(_groups(finder, "employers' and workers' organizations")) == {"employers", "workers"}
    assert _groups(finder, "the Business and Industry Major Group") == {"private_sector": ["Business and Industry Major Group"]}
    assert _groups(finder, "Member states and the Major Group for Children and Youth") == {
        "governments": ["Member states"],
        "youth": ["Major Group for Children and Youth"],
    }


def test_project_codebook_catches_paraphrases():
    from helpers.data.paths import DATA_DIR

    coder = IssueCoder(load_codebook(DATA_DIR))
    paraphrases = {
        "Machine learning tools are spreading fast.": {"ai"},
        "Unions signed a collective agreement on telework.": {"social_dialogue"},
        "Delivery riders on gig apps lack pensions.": {"platform_work", "social_protection"},
        "Occupational safety and health rules must cover remote work.": {"osh"},
        "Small businesses need access to credit.": {"msmes"},
        "A fair transition for coal workers is needed.": {"just_transition"},
    }
    for text, expected in paraphrases.items():
        assert set(_issues(coder, text)) == expected, text
