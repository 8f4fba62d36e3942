"""Codebook exchange: write the issue codebook as a REFI-QDA codebook (.qdc).

The REFI-QDA standard is what NVivo, ATLAS.ti, MAXQDA and QualCoder import: a root ``CodeBook``
in namespace ``urn:QDA-XML:codebook:1.0`` holding ``Codes`` of ``Code`` elements (guid, name,
isCodable, optional color and Description). Guids are derived from issue ids, so they stay the
same across exports and QDA tools can match codes when the codebook is updated.
"""

import uuid
import xml.etree.ElementTree as ElementTree

from helpers.briefs.figures import OKABE_ITO
from helpers.data.model import Codebook

QDA_NAMESPACE = "urn:QDA-XML:codebook:1.0"
# A fixed namespace for uuid5, so guid(issue id) never changes between exports or machines.
GUID_NAMESPACE = uuid.UUID("6f1f3c1e-8d2a-5a47-9a8e-2d6a0c1b7e11")


def code_guid(issue_id: str) -> str:
    """Stable REFI-QDA guid (UUID form) for an issue id.

    >>> code_guid("ai") == code_guid("ai") != code_guid("osh")
    True
    """
    return str(uuid.uuid5(GUID_NAMESPACE, f"issue:{issue_id}"))


def _target_order(target: str) -> tuple[int, int, str]:
    goal, _, part = target.partition(".")
    return (int(goal), int(part) if part.isdigit() else 100, part)


def code_description(issue) -> str:
    """The code's Description: definition, include and exclude rules, example, SDG targets."""
    parts = [
        f"{issue.definition}",
        f"Include: {'; '.join(issue.include)}." if issue.include else "",
        f"Exclude: {'; '.join(issue.exclude)}." if issue.exclude else "",
        f"Example: {issue.example}",
        f"SDG targets: {', '.join(issue.sdg_targets)}." if issue.sdg_targets else "",
        f"Codebook id: {issue.id}.",
    ]
    return "\n".join(part for part in parts if part)


def append_codes(parent: ElementTree.Element, codebook: Codebook, namespace: str) -> None:
    """Add the codebook's ``Codes`` (one ``Code`` per issue, with guid, colour and description) to a codebook or project element."""
    codes = ElementTree.SubElement(parent, f"{{{namespace}}}Codes")
    for position, issue in enumerate(codebook.issues):
        code = ElementTree.SubElement(
            codes,
            f"{{{namespace}}}Code",
            {"guid": code_guid(issue.id), "name": issue.label, "isCodable": "true", "color": OKABE_ITO[position % len(OKABE_ITO)]},
        )
        ElementTree.SubElement(code, f"{{{namespace}}}Description").text = code_description(issue)


def list_sdg_target_sets(codebook: Codebook) -> list[tuple[str, str, list[str]]]:
    """Code groups by SDG target, so analysts can filter codes by target: (guid, name, member code guids)."""
    targets = sorted({t for issue in codebook.issues for t in issue.sdg_targets}, key=_target_order)
    return [
        (str(uuid.uuid5(GUID_NAMESPACE, f"sdg-target:{target}")), f"SDG target {target}", [code_guid(i.id) for i in codebook.issues if target in i.sdg_targets])
        for target in targets
    ]


def codebook_to_qdc(codebook: Codebook) -> bytes:
    """The codebook as REFI-QDA XML bytes (UTF-8, with declaration)."""
    ElementTree.register_namespace("", QDA_NAMESPACE)
    root = ElementTree.Element(f"{{{QDA_NAMESPACE}}}CodeBook", {"origin": f"session-briefs codebook {codebook.version}"})
    append_codes(root, codebook, QDA_NAMESPACE)
    sets = ElementTree.SubElement(root, f"{{{QDA_NAMESPACE}}}Sets")
    for guid, name, members in list_sdg_target_sets(codebook):
        code_set = ElementTree.SubElement(sets, f"{{{QDA_NAMESPACE}}}Set", {"guid": guid, "name": name})
        for member in members:
            ElementTree.SubElement(code_set, f"{{{QDA_NAMESPACE}}}MemberCode", {"guid": member})
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
