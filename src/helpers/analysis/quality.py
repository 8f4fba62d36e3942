"""How far to trust the rules: agreement with a hand-coded gold standard, and between coders.

Statistics come from well-kept libraries (scikit-learn, krippendorff), never hand-rolled: per
issue precision, recall, F1 and Cohen's kappa of the rules against the reference coding, micro
and macro averages, and Krippendorff's alpha (nominal) between human codings.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import paths
from helpers.analysis.coding import CodedStatement
from helpers.data.errors import DataError
from helpers.data.loading import format_field, line_of, load_yaml_document, validate_document
from helpers.data.model import Codebook, Session, Stakeholders

# Conventional reading of Krippendorff's alpha (Krippendorff 2004).
ALPHA_RELIABLE = 0.80
ALPHA_TENTATIVE = 0.667


# Kinds of coder. A gold coding is made by a person (human) or by a program or model
# (automated); the rules under evaluation are their own kind and never a gold coding.
HUMAN = "human"
AUTOMATED = "automated"
RULES = "rules"


@dataclass(frozen=True)
class Coding:
    """One coder's codes: statement id -> issue ids (and group ids, where the coder coded groups)."""

    coder: str
    description: str
    coded_on: str
    issues: dict[str, frozenset[str]]
    groups: dict[str, frozenset[str]]
    kind: str = HUMAN


@dataclass(frozen=True)
class GoldStandard:
    session_id: str
    codebook_version: str
    reference: str
    codings: dict[str, Coding]
    source_file: Path

    @property
    def reference_coding(self) -> Coding:
        return self.codings[self.reference]

    @property
    def independent_codings(self) -> list[Coding]:
        """Codings by individual coders (a consensus coding is not independent)."""
        return [c for name, c in self.codings.items() if name != "consensus"]

    @property
    def human_codings(self) -> list[Coding]:
        """Independent codings made by people."""
        return [c for c in self.independent_codings if c.kind == HUMAN]


def gold_file(data_dir: Path, session_id: str) -> Path:
    return paths.gold_dir(data_dir) / f"{session_id}.yaml"


def load_gold(data_dir: Path, session: Session, codebook: Codebook, stakeholders: Stakeholders) -> GoldStandard | None:
    """The session's gold standard, checked against the session and codebook; None if there is none."""
    path = gold_file(paths.resolve_data_dir(data_dir), session.id)
    if not path.is_file():
        return None
    return check_gold_document(path, load_yaml_document(path), session, codebook, stakeholders)


def check_gold_document(path: Path, document, session: Session, codebook: Codebook, stakeholders: Stakeholders) -> GoldStandard:
    """A parsed gold file checked against its schema, the session and the codebook (DataError naming line and field)."""
    data = validate_document(path, document, "gold")

    def fail(message, field_path):
        raise DataError(path, message, line=line_of(document, field_path), field=format_field(field_path))

    if data["session"] != session.id:
        fail(f"session {data['session']!r} does not match the file name", ["session"])
    statement_ids = [s.id for s in session.statements]
    issue_ids = {i.id for i in codebook.issues}
    group_ids = set(stakeholders.group_ids)
    codings = {}
    for index, coding in enumerate(data["codings"]):
        where = ["codings", index]
        if coding["coder"] in codings:
            fail(f"duplicate coder {coding['coder']!r}", where + ["coder"])
        coded_ids = [s["id"] for s in coding["statements"]]
        for number, statement in enumerate(coding["statements"]):
            if statement["id"] not in statement_ids:
                fail(f"unknown statement {statement['id']!r}", where + ["statements", number, "id"])
            for kind, known in (("issues", issue_ids), ("groups", group_ids)):
                for position, value in enumerate(statement.get(kind, [])):
                    if value not in known:
                        fail(f"unknown {kind[:-1]} {value!r}", where + ["statements", number, kind, position])
        missing = [s for s in statement_ids if s not in coded_ids]
        if missing:
            fail(f"coder {coding['coder']!r} did not code statements {', '.join(missing)}", where + ["statements"])
        codings[coding["coder"]] = Coding(
            coder=coding["coder"],
            kind=coding["kind"],
            description=coding["description"],
            coded_on=coding["coded_on"],
            issues={s["id"]: frozenset(s["issues"]) for s in coding["statements"]},
            groups={s["id"]: frozenset(s["groups"]) for s in coding["statements"] if "groups" in s},
        )
    if data["reference"] not in codings:
        fail(f"reference {data['reference']!r} is not one of the coders ({', '.join(codings)})", ["reference"])
    return GoldStandard(
        session_id=session.id, codebook_version=data["codebook_version"], reference=data["reference"], codings=codings, source_file=path
    )


def indicator_matrix(codes: dict[str, frozenset[str]], statement_ids: list[str], issue_ids: list[str]) -> np.ndarray:
    """Statements x issues matrix of 0/1.

    >>> indicator_matrix({"a": frozenset({"x"}), "b": frozenset()}, ["a", "b"], ["x", "y"]).tolist()
    [[1, 0], [0, 0]]
    """
    return np.array([[int(issue in codes.get(s, frozenset())) for issue in issue_ids] for s in statement_ids], dtype=int)


def rule_codes(coded: list[CodedStatement]) -> dict[str, frozenset[str]]:
    return {c.statement.id: frozenset(c.issue_ids) for c in coded}


def _kappa(reference: np.ndarray, predicted: np.ndarray) -> float:
    """Cohen's kappa; 1.0 when both raters agree perfectly on one class (sklearn gives NaN there)."""
    from sklearn.metrics import cohen_kappa_score  # imported when needed: a second at every start

    if np.array_equal(reference, predicted):
        return 1.0
    return float(cohen_kappa_score(reference, predicted, labels=[0, 1]))


def evaluate_issues(reference: dict[str, frozenset[str]], predicted: dict[str, frozenset[str]], statement_ids: list[str], codebook: Codebook) -> pd.DataFrame:
    """Per issue: precision, recall, F1, support, Cohen's kappa of ``predicted`` against ``reference``.

    Then two summary rows: micro average (pooled over all statement x issue decisions) and
    macro average (mean over issues with support or predictions).
    """
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    issue_ids = [i.id for i in codebook.issues]
    truth = indicator_matrix(reference, statement_ids, issue_ids)
    guess = indicator_matrix(predicted, statement_ids, issue_ids)
    precision, recall, f1, support = precision_recall_fscore_support(truth, guess, average=None, labels=range(len(issue_ids)), zero_division=0)
    rows = []
    for column, issue in enumerate(codebook.issues):
        is_present = bool(truth[:, column].any() or guess[:, column].any())
        rows.append(
            {
                "issue_id": issue.id,
                "issue": issue.label,
                "precision": round(float(precision[column]), 3) if guess[:, column].any() else np.nan,
                "recall": round(float(recall[column]), 3) if truth[:, column].any() else np.nan,
                "f1": round(float(f1[column]), 3) if is_present else np.nan,
                "support": int(support[column]),
                "n_predicted": int(guess[:, column].sum()),
                "kappa": round(_kappa(truth[:, column], guess[:, column]), 3),
            }
        )
    table = pd.DataFrame(rows)
    present = table[(table["support"] > 0) | (table["n_predicted"] > 0)]
    micro = precision_recall_fscore_support(truth, guess, average="micro", zero_division=0)
    summary = [
        {
            "issue_id": "micro_average", "issue": "Micro average", "precision": round(float(micro[0]), 3), "recall": round(float(micro[1]), 3),
            "f1": round(float(f1_score(truth, guess, average="micro", zero_division=0)), 3), "support": int(truth.sum()), "n_predicted": int(guess.sum()),
            "kappa": round(_kappa(truth.ravel(), guess.ravel()), 3),
        },
        {
            "issue_id": "macro_average", "issue": "Macro average (issues present)", "precision": round(float(present["precision"].fillna(0).mean()), 3),
            "recall": round(float(present["recall"].fillna(0).mean()), 3), "f1": round(float(present["f1"].mean()), 3), "support": int(truth.sum()),
            "n_predicted": int(guess.sum()), "kappa": round(float(present["kappa"].mean()), 3),
        },
    ]
    return pd.concat([table, pd.DataFrame(summary)], ignore_index=True)


def krippendorff_alpha(codings: list[dict[str, frozenset[str]]], statement_ids: list[str], issue_ids: list[str]) -> float:
    """Krippendorff's alpha (nominal) over every statement x issue yes/no decision of 2+ coders.

    1.0 when the coders never disagree (the library returns NaN when there is no variation).
    """
    import krippendorff

    matrices = [indicator_matrix(coding, statement_ids, issue_ids).ravel() for coding in codings]
    if all(np.array_equal(matrices[0], m) for m in matrices[1:]):
        return 1.0
    return float(krippendorff.alpha(reliability_data=np.vstack(matrices), level_of_measurement="nominal"))


def read_alpha(alpha: float) -> str:
    """The conventional reading of an alpha value."""
    if alpha >= ALPHA_RELIABLE:
        return "reliable"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative: conclusions drawn with care"
    return "unreliable: revise the codebook"


def coder_agreement(gold: GoldStandard, statement_ids: list[str], codebook: Codebook) -> dict | None:
    """Agreement between independent human codings, or None with fewer than two."""
    codings = gold.independent_codings
    if len(codings) < 2:
        return None
    issue_ids = [i.id for i in codebook.issues]
    alpha = krippendorff_alpha([c.issues for c in codings], statement_ids, issue_ids)
    return {
        "coders": [c.coder for c in codings],
        "alpha": round(alpha, 3),
        "reading": read_alpha(alpha),
        "n_decisions": len(statement_ids) * len(issue_ids),
    }


def list_disagreements(coded: list[CodedStatement], gold: GoldStandard, codebook: Codebook) -> pd.DataFrame:
    """Statements where the rules and the reference coding differ, with what each gave."""
    reference = gold.reference_coding.issues
    rows = []
    for c in coded:
        rules, truth = set(c.issue_ids), set(reference[c.statement.id])
        if rules != truth:
            rows.append(
                {
                    "statement_id": c.statement.id,
                    "text": c.statement.text,
                    "rules_only": ", ".join(codebook.label_of(i) for i in sorted(rules - truth)),
                    "gold_only": ", ".join(codebook.label_of(i) for i in sorted(truth - rules)),
                }
            )
    return pd.DataFrame(rows, columns=["statement_id", "text", "rules_only", "gold_only"])


@dataclass(frozen=True)
class Evaluation:
    """Everything `briefs evaluate` prints and the quality brief shows."""

    gold: GoldStandard
    by_issue: pd.DataFrame
    agreement: dict | None
    disagreements: pd.DataFrame
    pairwise: pd.DataFrame | None = None
    codebook_version: str = ""

    def summary_row(self, issue_id: str) -> dict:
        return self.by_issue.set_index("issue_id").loc[issue_id].to_dict()

    @property
    def micro_f1(self) -> float:
        return float(self.summary_row("micro_average")["f1"])

    @property
    def macro_f1(self) -> float:
        return float(self.summary_row("macro_average")["f1"])

    @property
    def micro_kappa(self) -> float:
        return float(self.summary_row("micro_average")["kappa"])


def evaluate_session(data_dir, session: Session, rules_coded: list[CodedStatement], codebook: Codebook, stakeholders: Stakeholders) -> Evaluation | None:
    """Evaluate the rules (without overrides) against the session's gold standard, if it has one."""
    gold = load_gold(data_dir, session, codebook, stakeholders)
    if gold is None:
        return None
    statement_ids = [s.id for s in session.statements]
    return Evaluation(
        gold=gold,
        by_issue=evaluate_issues(gold.reference_coding.issues, rule_codes(rules_coded), statement_ids, codebook),
        agreement=coder_agreement(gold, statement_ids, codebook),
        disagreements=list_disagreements(rules_coded, gold, codebook),
        pairwise=compare_coders_pairwise(gold, rule_codes(rules_coded), statement_ids, codebook),
        codebook_version=codebook.version,
    )


def require_evaluation(data_dir, session: Session, rules_coded: list[CodedStatement], codebook: Codebook, stakeholders: Stakeholders) -> Evaluation:
    """Like :func:`evaluate_session`, but a session without a gold standard is a DataError."""
    evaluation = evaluate_session(data_dir, session, rules_coded, codebook, stakeholders)
    if evaluation is None:
        raise DataError(gold_file(paths.resolve_data_dir(data_dir), session.id), f"session {session.id!r} has no gold standard to evaluate against")
    return evaluation


def compare_coders_pairwise(gold: GoldStandard, rules: dict[str, frozenset[str]], statement_ids: list[str], codebook: Codebook) -> pd.DataFrame:
    """Agreement of every pair of coders (the rules and each independent gold coding), with both kinds.

    One row per pair over every statement x issue yes/no decision: Cohen's kappa and
    Krippendorff's alpha (nominal), so "rules against a human" and "human against human" are read
    off the same table.
    """
    issue_ids = [i.id for i in codebook.issues]
    coders = [(RULES, RULES, rules)] + [(c.coder, c.kind, c.issues) for c in gold.independent_codings]
    rows = []
    for index, (first, first_kind, first_codes) in enumerate(coders):
        for second, second_kind, second_codes in coders[index + 1 :]:
            alpha = krippendorff_alpha([first_codes, second_codes], statement_ids, issue_ids)
            first_matrix, second_matrix = (indicator_matrix(codes, statement_ids, issue_ids).ravel() for codes in (first_codes, second_codes))
            rows.append(
                {
                    "first_coder": first,
                    "first_kind": first_kind,
                    "second_coder": second,
                    "second_kind": second_kind,
                    "n_decisions": len(statement_ids) * len(issue_ids),
                    "n_statements_differing": sum(first_codes.get(s, frozenset()) != second_codes.get(s, frozenset()) for s in statement_ids),
                    "kappa": round(_kappa(first_matrix, second_matrix), 3),
                    "alpha": round(alpha, 3),
                    "reading": read_alpha(alpha),
                }
            )
    columns = ["first_coder", "first_kind", "second_coder", "second_kind", "n_decisions", "n_statements_differing", "kappa", "alpha", "reading"]
    return pd.DataFrame(rows, columns=columns)


def list_coders(gold: GoldStandard | None, codebook_version: str) -> pd.DataFrame:
    """Every coder behind the quality figures with its kind: the rules first, then each gold coding and its role."""
    rows = [{"coder": RULES, "kind": RULES, "role": "evaluated", "description": f"coding rules of codebook {codebook_version}", "coded_on": ""}]
    for coding in gold.codings.values() if gold else ():
        is_independent = any(c.coder == coding.coder for c in gold.independent_codings)
        role = "reference" if coding.coder == gold.reference else ("independent" if is_independent else "consensus")
        rows.append({"coder": coding.coder, "kind": coding.kind, "role": role, "description": coding.description, "coded_on": coding.coded_on})
    return pd.DataFrame(rows, columns=["coder", "kind", "role", "description", "coded_on"])


def describe_coder_kinds(gold: GoldStandard | None, codebook_version: str) -> str:
    """One plain sentence naming each coder and its kind (rules, human, automated).

    >>> describe_coder_kinds(None, "1.0.0")
    'Coders: rules (rules, codebook 1.0.0); no gold coding.'
    """
    if gold is None:
        return f"Coders: {RULES} ({RULES}, codebook {codebook_version}); no gold coding."
    listed = [f"{c.coder} ({c.kind}{', reference' if c.coder == gold.reference else ''})" for c in gold.codings.values()]
    return f"Coders: {RULES} ({RULES}, codebook {codebook_version}); " + ", ".join(listed) + "."


def describe_human_coding(gold: GoldStandard | None, pairwise: pd.DataFrame | None = None) -> str:
    """Plain text on human coding: that none exists yet, or who the people are, and their agreement (from ``pairwise``).

    >>> describe_human_coding(None).startswith("No human coding exists yet")
    True
    """
    bring_one = "A colleague's coding comes in with briefs export-qdpx and briefs import-qdpx --as gold."
    if gold is None:
        return f"No human coding exists yet: this session has no gold standard, so the rules' accuracy on it is not measured. {bring_one}"
    humans = gold.human_codings
    if not humans:
        return (
            f"No human coding exists yet: every gold coding is automated ({', '.join(gold.codings)}), so the figures compare the rules "
            f"with other automated coders, not with a person. {bring_one}"
        )
    names = ", ".join(c.coder for c in humans)
    reference = gold.reference_coding
    sentence = f"{len(humans)} human coding{'s' if len(humans) > 1 else ''} ({names}); the rules are evaluated against {reference.coder} ({reference.kind})."
    if len(humans) == 1:
        return sentence + " With one human coder, agreement between people is not measured yet."
    if pairwise is not None:
        between_people = pairwise[(pairwise["first_kind"] == HUMAN) & (pairwise["second_kind"] == HUMAN)]
        pairs = [f"{row.first_coder} and {row.second_coder}: alpha {row.alpha:.2f} ({row.reading})" for row in between_people.itertuples()]
        sentence += " Human against human: " + "; ".join(pairs) + "."
    return sentence
