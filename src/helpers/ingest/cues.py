"""Words that signal people in a text: role cues ("moderated by", "also contributed") and honorifics."""

import re




_HONORIFIC = re.compile(r"(?<![\w.])(?:(?:H\.\s?E\.|Dr\.?|Prof\.?|Mrs\.?|Mr\.?|Ms\.?|Mx\.?)\s+)+")


_FORWARD_CUES = (
    ("organiser", r"\b(?:co-?)?organi[sz]ed\s+(?:jointly\s+)?by\b|\b(?:co-?)?hosted\s+by\b|\bconvened\s+by\b|\b(?:co-?)?organi[sz]ers?\b\s*(?::|\b(?:were|was|included|including)\b)"),
    ("moderator", r"\b(?:co-?)?(?:moderated|chaired|facilitated)\s+by\b|\b(?:co-?)?(?:moderators?|chairs?|facilitators?)\b\s*(?::|\b(?:were|was|included|including)\b)"),
    (
        "speaker",
        r"\b(?:keynote\s+)?(?:speakers?|panell?ists?|presenters?|discussants?)\b\s*(?::|\b(?:included|including|were|was|such\s+as|like|from)\b|(?=(?:H\.\s?E\.|Dr|Prof|Mrs?|Ms|Mx)\b))"
        r"|\bfeatur(?:ed|ing)\b|\b(?:remarks|presentations?|keynote(?:\s+address)?)\s+(?:were\s+|was\s+)?(?:made\s+|delivered\s+|given\s+)?by\b"
        r"|\bwith\s+(?:the\s+)?participation\s+of\b",
    ),
    ("contributor", r"\b(?:contributions|interventions)\s+(?:were\s+made\s+)?(?:from|by)\b"),
)
_FORWARD_CUE_PATTERNS = tuple((role, re.compile(pattern, re.IGNORECASE)) for role, pattern in _FORWARD_CUES)
# "X and Y also contributed": the participants come before the cue.
_BACKWARD_CUES = (
    ("contributor", r"\b(?:also\s+)?(?:contributed|took\s+part|participated|intervened|made\s+(?:interventions|statements|contributions))\b"),
    ("speaker", r"\b(?:also\s+)?(?:spoke|addressed\s+the\s+(?:session|segment|meeting|forum|panel))\b"),
)
_BACKWARD_CUE_PATTERNS = tuple((role, re.compile(pattern, re.IGNORECASE)) for role, pattern in _BACKWARD_CUES)


def find_forward_cues(normalized: str) -> list[tuple[int, int, str]]:
    """Cues that introduce participants after them ("moderated by", "speakers including")."""
    found = sorted(((m.start(), m.end(), role) for role, pattern in _FORWARD_CUE_PATTERNS for m in pattern.finditer(normalized)), key=lambda cue: (cue[0], cue[0] - cue[1]))
    kept: list[tuple[int, int, str]] = []
    for cue in found:
        if not kept or cue[0] >= kept[-1][1]:
            kept.append(cue)
    return kept


def find_backward_cues(normalized: str) -> list[tuple[int, int, str]]:
    """Cues that follow the participants they name ("Member States also contributed")."""
    return sorted((m.start(), m.end(), role) for role, pattern in _BACKWARD_CUE_PATTERNS for m in pattern.finditer(normalized))


def find_honorifics(normalized: str) -> list[re.Match]:
    """Honorifics ("Mr.", "H.E. Ms.", "Dr. Prof.") that are followed by a capitalised name."""
    return [m for m in _HONORIFIC.finditer(normalized) if m.end() < len(normalized) and normalized[m.end()].isupper()]


def has_participant_cue(normalized: str) -> bool:
    """Whether text names participants: a role cue or an honorific before a name."""
    return bool(find_forward_cues(normalized) or find_backward_cues(normalized) or find_honorifics(normalized))
