"""Coding quality: statistics checked against hand-computed cases, gold loading, overrides, exchange."""

import pytest

from helpers.cli import main
from helpers.analysis.coding import code_session, count_override_changes
from helpers.data.errors import DataError
from helpers.data.loading import load_codebook, load_inputs
from helpers.data.model import Codebook, Issue
from helpers.analysis.quality import coder_agreement, evaluate_issues, krippendorff_alpha, load_gold, read_alpha
from helpers.analysis.tables import count_issues
from tiny_data import replace_in_file


def _issue(issue_id):
    return Issue(id=issue_id, label=issue_id.upper(), definition="d", include=(), exclude=(), patterns=(issue_id,), exclude_patterns=(), example=issue_id, sdg_targets=())


TWO_ISSUES = Codebook(version="0.0.1", issues=(_issue("x"), _issue("y")), source_file=None)


def test_scores_match_a_hand_computed_case():
    # x: truth [1,1,0], rules [1,0,1] -> TP 1, FP 1, FN 1: P = R = F1 = 0.5;
    #    kappa: p_o = 1/3, p_e = (2/3)(2/3) + (1/3)(1/3) = 5/9, kappa = (1/3 - 5/9) / (4/9) = -0.5.
    # y: truth [0,1,0], rules [0,1,0] -> all 1.0.
    # micro: TP 2, FP 1, FN 1 -> P = R = F1 = 2/3; macro F1 = (0.5 + 1) / 2 = 0.75.
    reference = {"a": frozenset({"x"}), "b": frozenset({"x", "y"}), "c": frozenset()}
    rules = {"a": frozenset({"x"}), "b": frozenset({"y"}), "c": frozenset({"x"})}
    table = evaluate_issues(reference, rules, ["a", "b", "c"], TWO_ISSUES).set_index("issue_id")
    assert table.loc["x", ["precision", "recall", "f1", "support", "kappa"]].tolist() == [0.5, 0.5, 0.5, 2, -0.5]
    assert table.loc["y", ["precision", "recall", "f1", "support", "kappa"]].tolist() == [1.0, 1.0, 1.0, 1, 1.0]
    assert table.loc["micro_average", ["precision", "recall", "f1"]].tolist() == [0.667, 0.667, 0.667]
    assert table.loc["macro_average", "f1"] == 0.75


def test_krippendorff_alpha_matches_a_hand_computed_case():
    # Decisions of two coders on 4 units: [1,1,0,0] and [1,0,0,0]. Coincidences: o00 = 4,
    # o01 = o10 = 1, o11 = 2; n0 = 5, n1 = 3, n = 8. alpha = 1 - (n-1)(o01+o10)/(2 n0 n1) = 1 - 14/30.
    first = {"u1": frozenset({"x"}), "u2": frozenset({"x"}), "u3": frozenset(), "u4": frozenset()}
    second = {"u1": frozenset({"x"}), "u2": frozenset(), "u3": frozenset(), "u4": frozenset()}
    assert krippendorff_alpha([first, second], ["u1", "u2", "u3", "u4"], ["x"]) == pytest.approx(1 - 14 / 30)
    assert krippendorff_alpha([first, first], ["u1", "u2", "u3", "u4"], ["x"]) == 1.0


def test_alpha_is_read_by_convention():
    assert [read_alpha(a) for a in (0.85, 0.7, 0.5)] == ["reliable", "tentative: conclusions drawn with care", "unreliable: revise the codebook"]


def _write_gold(data_dir, body):
    (data_dir / "gold").mkdir(exist_ok=True)
    (data_dir / "gold" / "tiny-session.yaml").write_text(body, encoding="utf-8")


GOLD = """\
session: tiny-session
codebook_version: 0.1.0
reference: ann
codings:
  - coder: ann
    kind: human
    description: Ann, analyst
    coded_on: "2026-11-27"
    method: read against definitions
    statements:
      - {id: s1-aaaaaa, issues: [skills], groups: [governments, workers]}
      - {id: s1-bbbbbb, issues: [social_dialogue], groups: [employers, workers]}
      - {id: s1-cccccc, issues: [osh, skills], groups: [un_system, women]}
  - coder: bob
    kind: human
    description: Bob, analyst
    coded_on: "2026-11-27"
    method: read against definitions
    statements:
      - {id: s1-aaaaaa, issues: [skills], groups: []}
      - {id: s1-bbbbbb, issues: [social_dialogue], groups: []}
      - {id: s1-cccccc, issues: [osh], groups: []}
"""


def test_evaluation_against_a_tiny_gold_standard(tiny_data_dir):
    _write_gold(tiny_data_dir, GOLD)
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    gold = load_gold(tiny_data_dir, session, codebook, stakeholders)
    statement_ids = [s.id for s in session.statements]
    agreement = coder_agreement(gold, statement_ids, codebook)
    # 9 decisions, one disagreement (c/skills): o00 = 10, o01 = o10 = 1, o11 = 6; n0 = 11, n1 = 7, n = 18.
    assert agreement["alpha"] == round(1 - 17 * 2 / (2 * 11 * 7), 3)
    table = evaluate_issues(gold.reference_coding.issues, {c.statement.id: frozenset(c.issue_ids) for c in code_session(session, codebook, stakeholders)}, statement_ids, codebook)
    assert table.set_index("issue_id").loc["skills", ["precision", "recall"]].tolist() == [1.0, 0.5]


def test_evaluate_command_prints_f1_and_kappa_by_name(capsys, tiny_data_dir):
    _write_gold(tiny_data_dir, GOLD)
    assert main(["evaluate", "tiny-session", "--data-dir", str(tiny_data_dir)]) == 0
    out = capsys.readouterr().out
    assert "micro F1: 0.857\n" in out  # TP 3, FP 0, FN 1: F1 = 6/7
    assert "kappa (all statement-issue decisions):" in out
    assert "Krippendorff's alpha between coders ann, bob: 0.779 (tentative: conclusions drawn with care)" in out


def test_evaluate_without_gold_is_a_clear_error(capsys, tiny_data_dir):
    assert main(["evaluate", "tiny-session", "--data-dir", str(tiny_data_dir)]) == 1
    assert "has no gold standard to evaluate against" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("id: s1-cccccc, issues: [osh, skills]", "id: s1-dddddd, issues: [osh, skills]"), "unknown statement 's1-dddddd'"),
        (("issues: [osh, skills]", "issues: [osh, magic]"), "unknown issue 'magic'"),
        (("reference: ann", "reference: carol"), "reference 'carol' is not one of the coders (ann, bob)"),
        (("      - {id: s1-cccccc, issues: [osh], groups: []}\n", ""), "coder 'bob' did not code statements s1-cccccc"),
    ],
)
def test_bad_gold_files_are_refused(tiny_data_dir, change, message):
    _write_gold(tiny_data_dir, GOLD.replace(*change))
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_gold(tiny_data_dir, session, codebook, stakeholders)


def test_seed_rules_reach_the_target_against_the_gold_standard():
    session, codebook, stakeholders = load_inputs(None, "ecosoc-pf-2025-sdg8")
    gold = load_gold(None, session, codebook, stakeholders)
    table = evaluate_issues(gold.reference_coding.issues, {c.statement.id: frozenset(c.issue_ids) for c in code_session(session, codebook, stakeholders, with_overrides=False)}, [s.id for s in session.statements], codebook)
    assert table.set_index("issue_id").loc["micro_average", "f1"] >= 0.90


OVERRIDES = """\
overrides:
  - statement: s1-cccccc
    add_issues: [social_dialogue]
    remove_issues: [osh]
    remove_groups: [women]
    reason: Read in context, this is about bargaining over safety rules
    by: Ann
"""


def _add_overrides(data_dir, text=OVERRIDES):
    session_file = data_dir / "sessions" / "tiny-session.yaml"
    session_file.write_text(session_file.read_text(encoding="utf-8").replace("statements:\n", text + "statements:\n", 1), encoding="utf-8")


def test_overrides_change_codes_and_counts_after_the_rules(tiny_data_dir):
    _add_overrides(tiny_data_dir)
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    coded = code_session(session, codebook, stakeholders)
    third = coded[2]
    assert third.issue_ids == ["social_dialogue"] and third.group_ids == ["un_system"]
    assert third.issues[0].override_reason.startswith("Read in context")
    assert [r.code_id for r in third.removed_issues] == ["osh"]
    assert count_override_changes(coded) == {"issues_added": 1, "issues_removed": 1, "groups_added": 0, "groups_removed": 1}
    assert count_issues(coded, codebook).set_index("issue_id")["n_statements"].to_dict() == {"social_dialogue": 2, "skills": 1}
    rules_only = code_session(session, codebook, stakeholders, with_overrides=False)
    assert rules_only[2].issue_ids == ["osh"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("  - {statement: s1-ffffff, add_issues: [osh], reason: typo}\n", "unknown statement 's1-ffffff'"),
        ("  - {statement: s1-aaaaaa, add_issues: [magic], reason: why not}\n", "unknown issue 'magic'"),
        ("  - {statement: s1-aaaaaa, remove_groups: [aliens], reason: why not}\n", "unknown group 'aliens'"),
        ("  - {statement: s1-aaaaaa, reason: nothing to do}\n", "overrides\\[0\\]: needs at least one of: add_issues, remove_issues, add_groups, remove_groups"),
    ],
)
def test_bad_overrides_are_refused(tiny_data_dir, override, message):
    _add_overrides(tiny_data_dir, "overrides:\n" + override)
    with pytest.raises(DataError, match=message):
        load_inputs(tiny_data_dir, "tiny-session")


def test_codebook_example_must_be_coded_by_its_issue(tiny_data_dir):
    replace_in_file(tiny_data_dir / "codebook.yaml", "example: Training helps.", "example: Learning helps.")
    with pytest.raises(DataError, match="issue 'skills': its example 'Learning helps.' is not coded by any of its patterns"):
        load_codebook(tiny_data_dir)


def test_codebook_non_example_shows_that_exclude_rules_work(tiny_data_dir):
    replace_in_file(tiny_data_dir / "codebook.yaml", "exclude_patterns: ['\\bfood\\s+safety\\b']", "exclude_patterns: ['\\bfood\\s+hygiene\\b']")
    with pytest.raises(DataError, match=r"issue 'osh': non-example 'Food safety rules for exporters.' is coded by pattern '\\\\bsafety\\\\b'"):
        load_codebook(tiny_data_dir)


def test_coder_kinds_and_human_coding_are_described_in_plain_words(tiny_data_dir):
    from helpers.analysis.quality import describe_coder_kinds, describe_human_coding, evaluate_session, list_coders
    from helpers.briefs.session_brief import prepare_session_brief, render_method_note

    def method_note() -> str:
        return render_method_note(prepare_session_brief(tiny_data_dir, "tiny-session", "fine")).data

    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    assert describe_human_coding(None) == (
        "No human coding exists yet: this session has no gold standard, so the rules' accuracy on it is not measured. "
        "A colleague's coding comes in with briefs export-qdpx and briefs import-qdpx --as gold."
    )
    note = method_note()
    assert "this session has no gold standard, so the rules&#39; accuracy on it is not measured." in note and "No gold standard exists" not in note  # said once
    _write_gold(tiny_data_dir, GOLD.replace("kind: human\n    description: Bob", "kind: automated\n    description: Bob"))
    evaluation = evaluate_session(tiny_data_dir, session, code_session(session, codebook, stakeholders, with_overrides=False), codebook, stakeholders)
    assert describe_coder_kinds(evaluation.gold, "0.1.0") == "Coders: rules (rules, codebook 0.1.0); ann (human, reference), bob (automated)."
    assert describe_human_coding(evaluation.gold, evaluation.pairwise) == (
        "1 human coding (ann); the rules are evaluated against ann (human). With one human coder, agreement between people is not measured yet."
    )
    assert list_coders(evaluation.gold, "0.1.0")[["coder", "kind", "role"]].values.tolist() == [["rules", "rules", "evaluated"], ["ann", "human", "reference"], ["bob", "automated", "independent"]]
    _write_gold(tiny_data_dir, GOLD)
    evaluation = evaluate_session(tiny_data_dir, session, code_session(session, codebook, stakeholders, with_overrides=False), codebook, stakeholders)
    # ann and bob differ on one of 9 decisions (skills on s1-cccccc): alpha = 1 - 17 * 2 / (2 * 11 * 7) = 0.779.
    assert describe_human_coding(evaluation.gold, evaluation.pairwise) == (
        "2 human codings (ann, bob); the rules are evaluated against ann (human). Human against human: ann and bob: alpha 0.78 (tentative: conclusions drawn with care)."
    )
    pairs = evaluation.pairwise.set_index(["first_coder", "second_coder"])
    assert pairs.loc[("ann", "bob"), ["first_kind", "second_kind", "n_decisions", "n_statements_differing", "alpha"]].tolist() == ["human", "human", 9, 1, 0.779]
    assert "kind: human" not in method_note()
    assert "Coders: rules (rules, codebook 0.1.0); ann (human, reference), bob (human)." in method_note()
    assert "Human against human: ann and bob: alpha 0.78" in method_note()


# Where rules and gold standard differ: GOLD's reference (ann) codes s1-cccccc with osh and
# skills; the rules code it with osh only. Bob (an independent coder) has no skills there either.


def test_a_disagreement_between_rules_and_gold_is_listed_with_what_each_gave(tiny_data_dir):
    from helpers.analysis.quality import list_disagreements

    _write_gold(tiny_data_dir, GOLD)
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    gold = load_gold(tiny_data_dir, session, codebook, stakeholders)
    rules = code_session(session, codebook, stakeholders, with_overrides=False)
    table = list_disagreements(rules, gold, codebook)
    assert table.to_dict("records") == [
        {"statement_id": "s1-cccccc", "text": "UN Women called for safety at work for women.", "rules_only": "", "gold_only": "Skills"}
    ]
    _write_gold(tiny_data_dir, GOLD.replace("issues: [osh, skills]", "issues: [social_dialogue]"))
    gold = load_gold(tiny_data_dir, session, codebook, stakeholders)
    assert list_disagreements(rules, gold, codebook)[["rules_only", "gold_only"]].values.tolist() == [["Safety and health", "Social dialogue"]]
    _write_gold(tiny_data_dir, GOLD.replace("issues: [osh, skills]", "issues: [osh]"))
    assert list_disagreements(rules, load_gold(tiny_data_dir, session, codebook, stakeholders), codebook).empty


def test_the_quality_brief_shows_the_disagreement(tiny_data_dir):
    from helpers.analysis.quality import require_evaluation
    from helpers.briefs.quality_brief import render_disagreements, render_quality_summary

    _write_gold(tiny_data_dir, GOLD)
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    evaluation = require_evaluation(tiny_data_dir, session, code_session(session, codebook, stakeholders, with_overrides=False), codebook, stakeholders)
    html = render_disagreements(evaluation).data
    assert "<td>s1-cccccc</td>" in html and "<td>UN Women called for safety at work for women.</td>" in html and "<td>Skills</td>" in html
    assert "agree on every statement" not in html
    assert "1 statement where rules and reference coding differ." in render_quality_summary(evaluation).data


def test_evaluate_counts_the_disagreements(capsys, tiny_data_dir):
    _write_gold(tiny_data_dir, GOLD)
    assert main(["evaluate", "tiny-session", "--data-dir", str(tiny_data_dir)]) == 0
    assert "disagreements with ann: 1 statement(s)\n" in capsys.readouterr().out


def test_disagreements_list_several_labels_and_keep_their_columns_when_there_are_none(tiny_data_dir):
    from helpers.analysis.quality import list_disagreements

    _write_gold(tiny_data_dir, GOLD.replace("issues: [osh, skills]", "issues: [skills, social_dialogue]"))
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    rules = code_session(session, codebook, stakeholders, with_overrides=False)
    table = list_disagreements(rules, load_gold(tiny_data_dir, session, codebook, stakeholders), codebook)
    assert table[["rules_only", "gold_only"]].values.tolist() == [["Safety and health", "Skills, Social dialogue"]]
    _write_gold(tiny_data_dir, GOLD.replace("issues: [osh, skills]", "issues: [osh]"))
    empty = list_disagreements(rules, load_gold(tiny_data_dir, session, codebook, stakeholders), codebook)
    assert empty.columns.tolist() == ["statement_id", "text", "rules_only", "gold_only"] and empty.empty


def test_evaluating_a_session_without_gold_names_the_missing_file(tiny_data_dir):
    from helpers.analysis.quality import require_evaluation

    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    with pytest.raises(DataError) as caught:
        require_evaluation(tiny_data_dir, session, [], codebook, stakeholders)
    assert str(caught.value) == f"{tiny_data_dir / 'gold' / 'tiny-session.yaml'}: session 'tiny-session' has no gold standard to evaluate against"


def test_a_gold_standard_loads_every_coder_with_their_codes(tiny_data_dir):
    _write_gold(tiny_data_dir, GOLD)
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    gold = load_gold(tiny_data_dir, session, codebook, stakeholders)
    assert (gold.session_id, gold.codebook_version, gold.reference, gold.source_file) == ("tiny-session", "0.1.0", "ann", tiny_data_dir / "gold" / "tiny-session.yaml")
    ann = gold.codings["ann"]
    assert (ann.coder, ann.description, ann.coded_on) == ("ann", "Ann, analyst", "2026-11-27")
    assert ann.issues == {"s1-aaaaaa": frozenset({"skills"}), "s1-bbbbbb": frozenset({"social_dialogue"}), "s1-cccccc": frozenset({"osh", "skills"})}
    assert ann.groups["s1-cccccc"] == frozenset({"un_system", "women"}) and gold.codings["bob"].groups["s1-aaaaaa"] == frozenset()
    assert gold.reference_coding is ann and [c.coder for c in gold.independent_codings] == ["ann", "bob"]


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (("session: tiny-session", "session: other-session"), 1, "session", "session 'other-session' does not match the file name"),
        (("reference: ann", "reference: carol"), 3, "reference", "reference 'carol' is not one of the coders (ann, bob)"),
        (("coder: bob", "coder: ann"), 14, "codings[1].coder", "duplicate coder 'ann'"),
        (("id: s1-cccccc, issues: [osh, skills]", "id: s1-dddddd, issues: [osh, skills]"), 13, "codings[0].statements[2].id", "unknown statement 's1-dddddd'"),
        (("issues: [osh, skills]", "issues: [osh, magic]"), 13, "codings[0].statements[2].issues[1]", "unknown issue 'magic'"),
        (("groups: [un_system, women]", "groups: [un_system, aliens]"), 13, "codings[0].statements[2].groups[1]", "unknown group 'aliens'"),
        (("      - {id: s1-bbbbbb, issues: [social_dialogue], groups: []}\n      - {id: s1-cccccc, issues: [osh], groups: []}\n", "      - {id: s1-bbbbbb, issues: [social_dialogue], groups: []}\n"),
         19, "codings[1].statements", "coder 'bob' did not code statements s1-cccccc"),
        (("      - {id: s1-bbbbbb, issues: [social_dialogue], groups: []}\n      - {id: s1-cccccc, issues: [osh], groups: []}\n", ""),
         19, "codings[1].statements", "coder 'bob' did not code statements s1-bbbbbb, s1-cccccc"),
    ],
)
def test_a_bad_gold_standard_is_located_by_line_and_field(tiny_data_dir, change, line, field, message):
    _write_gold(tiny_data_dir, GOLD.replace(*change))
    session, codebook, stakeholders = load_inputs(tiny_data_dir, "tiny-session")
    with pytest.raises(DataError) as caught:
        load_gold(tiny_data_dir, session, codebook, stakeholders)
    assert (caught.value.path, caught.value.line, caught.value.field, caught.value.message) == (str(tiny_data_dir / "gold" / "tiny-session.yaml"), line, field, message)


def test_the_whole_score_table_of_a_hand_computed_case():
    # The case above, with a third issue z that neither coding uses. Micro kappa over the nine
    # statement-issue decisions: they agree on 7 (p_o = 7/9); each says yes three times
    # (p_e = (1/3)^2 + (2/3)^2 = 5/9): kappa = (7/9 - 5/9) / (4/9) = 0.5. Macro means leave z out.
    codebook = Codebook(version="0.0.1", issues=(_issue("x"), _issue("y"), _issue("z")), source_file=None)
    reference = {"a": frozenset({"x"}), "b": frozenset({"x", "y"}), "c": frozenset()}
    rules = {"a": frozenset({"x"}), "b": frozenset({"y"}), "c": frozenset({"x"})}
    table = evaluate_issues(reference, rules, ["a", "b", "c"], codebook)
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    assert rows == [
        {"issue_id": "x", "issue": "X", "precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "n_predicted": 2, "kappa": -0.5},
        {"issue_id": "y", "issue": "Y", "precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1, "n_predicted": 1, "kappa": 1.0},
        {"issue_id": "z", "issue": "Z", "precision": None, "recall": None, "f1": None, "support": 0, "n_predicted": 0, "kappa": 1.0},
        {"issue_id": "micro_average", "issue": "Micro average", "precision": 0.667, "recall": 0.667, "f1": 0.667, "support": 3, "n_predicted": 3, "kappa": 0.5},
        {"issue_id": "macro_average", "issue": "Macro average (issues present)", "precision": 0.75, "recall": 0.75, "f1": 0.75, "support": 3, "n_predicted": 3, "kappa": 0.25},
    ]
