"""The codebook quality brief: the rules against the gold standard, part by part.

Each ``render_*`` function hands numbers and records to its template in ``templates/parts/quality/``.
"""

import math

import pandas as pd
from IPython.display import HTML

from helpers.analysis.quality import ALPHA_RELIABLE, ALPHA_TENTATIVE, Evaluation, describe_human_coding, list_coders
from helpers.briefs.datafiles import DataFiles
from helpers.briefs.templating import records, show
from helpers.data.model import Codebook, Session

DATA_NAME = "quality_scores"  # quality_scores.csv and quality_scores.parquet beside the brief


def render_quality_header(session: Session, codebook: Codebook, evaluation: Evaluation) -> HTML:
    """Title block: which session, codebook and gold standard, and who coded."""
    gold = evaluation.gold
    coders = records(list_coders(gold, codebook.version))  # the rules first, then each gold coding with its kind and role
    return show(
        "quality/header.html.j2",
        session=session,
        codebook_version=codebook.version,
        n_issues=len(codebook.issues),
        gold_codebook_version=gold.codebook_version,
        gold_file=gold.source_file.name,
        reference=gold.reference,
        n_statements=len(session.statements),
        coders=coders,
    )


def render_quality_summary(evaluation: Evaluation) -> HTML:
    """The headline figures: micro and macro F1, kappa, and coder agreement."""
    return show(
        "quality/summary.html.j2",
        micro_f1=evaluation.micro_f1,
        micro_kappa=evaluation.micro_kappa,
        macro_f1=evaluation.macro_f1,
        n_reference_codes=int(evaluation.summary_row("micro_average")["support"]),
        n_disagreements=len(evaluation.disagreements),
        agreement=evaluation.agreement,
        human_coding=describe_human_coding(evaluation.gold, evaluation.pairwise),
        pairwise=[
            {**row, "kappa": _two_decimals(row["kappa"]), "alpha": _two_decimals(row["alpha"])}
            for row in records(evaluation.pairwise[["first_coder", "first_kind", "second_coder", "second_kind", "n_statements_differing", "kappa", "alpha"]])
        ],
    )


def _two_decimals(value) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.2f}"


def render_issue_scores(evaluation: Evaluation) -> HTML:
    """Per issue precision, recall, F1, support and kappa, with the two averages last."""
    rows = [
        {
            "issue": r.issue,
            "precision": _two_decimals(r.precision),
            "recall": _two_decimals(r.recall),
            "f1": _two_decimals(r.f1),
            "support": int(r.support),
            "n_predicted": int(r.n_predicted),
            "kappa": _two_decimals(r.kappa),
        }
        for r in evaluation.by_issue.itertuples()
    ]
    return show("quality/scores.html.j2", rows=rows)


def render_disagreements(evaluation: Evaluation) -> HTML:
    """Statements the rules code differently from the reference coding."""
    return show("quality/disagreements.html.j2", rows=records(evaluation.disagreements))


def render_quality_method(evaluation: Evaluation) -> HTML:
    """How the figures were computed and how to read them."""
    return show("quality/method.html.j2", alpha_reliable=ALPHA_RELIABLE, alpha_tentative=ALPHA_TENTATIVE)


def scores_frame(evaluation: Evaluation) -> pd.DataFrame:
    """The per-issue table as `briefs evaluate` prints it and the data files hold it."""
    return evaluation.by_issue[["issue_id", "precision", "recall", "f1", "support", "n_predicted", "kappa"]]


def show_data_files(evaluation: Evaluation) -> DataFiles:
    """The per-issue scores, written beside the brief as quality_scores.csv and quality_scores.parquet."""
    return DataFiles(DATA_NAME, "quality_scores", scores_frame(evaluation))
