"""HTML building blocks of the codebook quality brief (rules against the gold standard)."""

import pandas as pd
from IPython.display import HTML

from helpers.briefs.htmlparts import escape, html_table
from helpers.data.model import Codebook, Session
from helpers.analysis.quality import ALPHA_RELIABLE, ALPHA_TENTATIVE, Evaluation, describe_human_coding, list_coders


def render_quality_header(session: Session, codebook: Codebook, evaluation: Evaluation) -> HTML:
    """Title block: which session, codebook and gold standard."""
    gold = evaluation.gold
    coders = "; ".join(
        f"{escape(c.coder)} (<strong>{escape(c.kind)}</strong>, {escape(c.role)}: {escape(c.description)}{', ' + escape(c.coded_on) if c.coded_on else ''})"
        for c in list_coders(gold, codebook.version).itertuples()
    )
    facts = [
        ("Session", f"{escape(session.title)}, {escape(session.forum)}"),
        ("Codebook", f"version {escape(codebook.version)}, {len(codebook.issues)} issues (gold coded against {escape(gold.codebook_version)})"),
        ("Gold standard", f"<code>{escape(gold.source_file.name)}</code>; reference coding: {escape(gold.reference)}"),
        ("Coders", coders),
        ("Statements", str(len(session.statements))),
    ]
    rows = "".join(f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>" for label, value in facts)
    return HTML(
        f"<header class='brief-header'><p class='kicker'>Codebook quality brief</p><h1>{escape(session.title)}</h1>"
        f"<p class='subtitle'>How the coding rules compare with hand coding</p><table class='facts'>{rows}</table></header>"
    )


def render_quality_summary(evaluation: Evaluation) -> HTML:
    """The headline figures: micro and macro F1, kappa, and coder agreement."""
    items = [
        f"Micro-F1 <strong>{evaluation.micro_f1:.2f}</strong> and Cohen's kappa <strong>{evaluation.micro_kappa:.2f}</strong> over all "
        f"{int(evaluation.summary_row('micro_average')['support'])} codes of the reference coding.",
        f"Macro-F1 <strong>{evaluation.macro_f1:.2f}</strong> (mean over the issues that either the rules or the reference coding use).",
        f"{len(evaluation.disagreements)} statement(s) where rules and reference coding differ.",
    ]
    if evaluation.agreement:
        items.append(
            f"Krippendorff's alpha (nominal) between {', '.join(map(escape, evaluation.agreement['coders']))}: "
            f"<strong>{evaluation.agreement['alpha']:.2f}</strong>, {escape(evaluation.agreement['reading'])} "
            f"(over {evaluation.agreement['n_decisions']} statement-issue decisions)."
        )
    else:
        items.append("Only one independent coding exists, so agreement between coders is not measured.")
    items.append(escape(describe_human_coding(evaluation.gold, evaluation.pairwise)))
    pairwise = html_table(
        evaluation.pairwise,
        {"first_coder": "Coder A", "first_kind": "Kind A", "second_coder": "Coder B", "second_kind": "Kind B", "n_statements_differing": "Statements coded differently", "kappa": "Cohen's kappa", "alpha": "Krippendorff's alpha"},
        "brief-table numeric pairwise",
    )
    return HTML("<ul class='findings'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" + pairwise)


def render_issue_scores(evaluation: Evaluation) -> HTML:
    """Per issue precision, recall, F1, support and kappa, with the two averages last."""
    table = evaluation.by_issue.copy()
    return HTML(
        html_table(
            table,
            {"issue": "Issue", "precision": "Precision", "recall": "Recall", "f1": "F1", "support": "Support (gold)", "n_predicted": "Coded by rules", "kappa": "Cohen's kappa"},
            "brief-table numeric scores",
        )
        + "<p class='note'>Precision is blank where the rules never code the issue, recall where the reference never does. "
        "Kappa is 1 where rules and reference agree on every statement.</p>"
    )


def render_disagreements(evaluation: Evaluation) -> HTML:
    """Statements the rules code differently from the reference coding."""
    if evaluation.disagreements.empty:
        return HTML("<p>The rules and the reference coding agree on every statement.</p>")
    return HTML(
        html_table(
            evaluation.disagreements,
            {"statement_id": "Statement", "text": "Text", "rules_only": "Coded by rules only", "gold_only": "Coded by gold only"},
            "brief-table disagreements",
        )
    )


def render_quality_method(evaluation: Evaluation) -> HTML:
    """How the figures were computed and how to read them."""
    items = [
        "The rules are evaluated <em>without</em> analyst overrides: this measures the patterns themselves.",
        "Precision, recall and F1 per issue and their micro and macro averages come from scikit-learn; Cohen's kappa per issue "
        "treats each statement as a yes/no decision; Krippendorff's alpha (nominal, krippendorff package) pools every statement-issue decision of the independent coders.",
        f"Alpha of at least {ALPHA_RELIABLE} is conventionally read as reliable, {ALPHA_TENTATIVE} to {ALPHA_RELIABLE} as tentative, below that the codebook needs revising.",
        "With few statements, one disagreement moves these figures a lot. If the codebook was written with this session in view, the figures are in-sample and flatter the rules; "
        "the project's tests also check that paraphrases of every issue are coded.",
    ]
    return HTML("<ul class='method'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def scores_frame(evaluation: Evaluation) -> pd.DataFrame:
    """The per-issue table as `briefs evaluate` prints it."""
    return evaluation.by_issue[["issue_id", "precision", "recall", "f1", "support", "n_predicted", "kappa"]]
