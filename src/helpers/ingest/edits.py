"""Re-ingesting keeps the analyst's edits: metadata, overrides, notes, speaker groups, participant groups."""



from helpers.data.loading import UNKNOWN_GROUP
from helpers.ingest.people import make_participant_key


# ----------------------------------------------------------------------------- analyst edits


def _describe_override(override: dict) -> str:
    """An override on one line, to re-attach by hand.

    >>> _describe_override({"statement": "s2-abcdef", "add_issues": ["skills", "osh"], "reason": "training"})
    'statement s2-abcdef, add_issues [skills, osh], reason: training'
    """
    parts = [f"{key} [{', '.join(value)}]" if isinstance(value, list) else f"{key} {value}" for key, value in override.items() if key != "reason"]
    return ", ".join(parts) + f", reason: {override['reason']}"


def keep_analyst_edits(draft: dict, previous: dict) -> tuple[list[str], list[str]]:
    """Carry the analyst's edits from the previous session file into the draft (in place).

    Kept: title, forum, sdgs, date, symbol and document_kind; source.publisher, source.licence, source.retrieved and
    source.note; every override whose statement id still exists; for each statement whose id
    still exists, its speaker, speaker_group and note exactly as in the previous file (present or absent);
    for each participant matched by (name, organisation), its note, and its group unless that was
    "unknown". Everything else is rebuilt from the raw text; previous comments are not kept.
    Returns (what was kept, what was dropped and needs review).
    """
    kept, dropped = [], []
    for key in ("title", "forum", "sdgs", "date"):
        draft[key] = previous[key]
    for key in ("symbol", "document_kind"):
        if key in previous:
            draft[key] = previous[key]
    for key in ("publisher", "licence", "retrieved", "note"):
        if key in previous["source"]:
            draft["source"][key] = previous["source"][key]
    kept.append("title, forum, sdgs, date and source details (publisher, licence, retrieved, note)")

    previous_statements = {statement["id"]: statement for statement in previous["statements"]}
    labels = {participant["name"] or participant["organisation"] for participant in draft["participants"]}
    n_notes = n_speaker_groups = n_speakers = 0
    for statement in draft["statements"]:
        old = previous_statements.get(statement["id"])
        if old is None:
            continue
        statement.pop("speaker_group", None)
        statement.pop("speaker", None)
        for key in ("speaker", "speaker_group", "note"):
            if key in old:
                statement[key] = old[key]
        if "speaker" in old and old["speaker"] not in labels:
            del statement["speaker"]
            dropped.append(f"speaker {old['speaker']!r} of statement {old['id']} dropped (no longer a participant): add the participant back and set it again")
        n_notes += "note" in old
        n_speaker_groups += "speaker_group" in old
        n_speakers += "speaker" in statement
    draft_ids = {statement["id"] for statement in draft["statements"]}
    for old in previous["statements"]:
        if old["id"] not in draft_ids and "note" in old:
            dropped.append(f"note of statement {old['id']} dropped (the statement is no longer in the summary): {old['note']!r}")

    overrides = [override for override in previous.get("overrides", []) if override["statement"] in draft_ids]
    for override in previous.get("overrides", []):
        if override["statement"] not in draft_ids:
            dropped.append(f"override of statement {override['statement']} dropped (the statement is no longer in the summary): {_describe_override(override)}")
    if overrides:
        draft["overrides"] = overrides

    previous_participants = {}
    for participant in previous["participants"]:
        previous_participants.setdefault(make_participant_key(participant["name"], participant["organisation"]), participant)
    n_groups = n_participant_notes = 0
    matched = set()
    for participant in draft["participants"]:
        key = make_participant_key(participant["name"], participant["organisation"])
        old = previous_participants.get(key)
        if old is None:
            continue
        matched.add(key)
        if old["group"] != UNKNOWN_GROUP and old["group"] != participant["group"]:
            participant["group"] = old["group"]
            # The rules' reason no longer explains the group: keep the analyst's, or say who set it.
            is_own_reason = "group_reason" in old and old["group_reason"] != participant.get("group_reason")
            participant["group_reason"] = old["group_reason"] if is_own_reason else "set by the analyst"
            n_groups += 1
        if "note" in old:
            participant["note"] = old["note"]
            n_participant_notes += 1
    for key, old in previous_participants.items():
        if key not in matched:
            dropped.append(f"participant {old['name'] or old['organisation']!r} of the previous file was not found by ingest: not kept")
    kept.append(f"{len(overrides)} override(s), {n_notes} statement note(s), {n_speakers} statement speaker(s), {n_speaker_groups} statement speaker_group(s)")
    kept.append(f"{n_groups} participant group(s) set by hand, {n_participant_notes} participant note(s)")
    return kept, dropped
