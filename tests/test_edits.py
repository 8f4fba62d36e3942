"""keep_analyst_edits, the heart of `briefs ingest --force`, on plain session dicts: every edit kept or reported."""

import copy

from helpers.ingest.edits import keep_analyst_edits


def _participant(name, organisation, group, **extra):
    return {"honorific": None, "name": name, "title": None, "organisation": organisation, "role": "speaker", "group": group, **extra}


def _statement(statement_id, **extra):
    return {"id": statement_id, "section": 1, "text": f"text of {statement_id}", **extra}


DRAFT = {
    "title": "Guessed title", "forum": "not recorded", "sdgs": [], "date": {"value": None, "is_inferred": False},
    "source": {"raw_file": "raw/s.txt", "sha256": "new", "publisher": "not recorded", "licence": "not recorded"},
    "participants": [
        _participant("New Speaker", "New Org", "employers"),  # not in the previous file: as drafted
        _participant("Ana Ruiz", "ILO", "un_system"),
        _participant("Ben Cole", "ILO", "un_system"),
        _participant(None, "ITUC", "workers"),
        _participant("Eve Moe", "Zeta", "civil_society"),
    ],
    "statements": [
        _statement("s1-new000"),
        _statement("s1-aaaaaa", speaker_group="workers"),
        _statement("s1-bbbbbb", speaker="Eve Moe", speaker_group="workers"),
        _statement("s1-cccccc"),
    ],
}
PREVIOUS = {
    "title": "Analyst's title", "forum": "HLPF", "sdgs": [8, 5], "date": {"value": "2025-07-14", "is_inferred": False},
    "source": {"raw_file": "raw/s.txt", "sha256": "old", "publisher": "UN DESA", "licence": "UN terms", "retrieved": "2025-07-20", "note": "saved page"},
    "participants": [
        _participant("Gone Person", "Old Org", "employers", note="left"),
        _participant(None, "Vanished Org", "women"),
        _participant("Ben Cole", "ILO", "governments", note="the Minister's adviser"),
        _participant("Ana Ruiz", "ILO", "un_system"),
        _participant(None, "ITUC", "civil_society", note="the Global Unions"),
        _participant("Eve Moe", "Zeta", "unknown"),
    ],
    "statements": [
        _statement("s1-gone00", note="a removed statement note"),
        _statement("s1-aaaaaa", speaker_group="employers", note="checked"),
        _statement("s1-bbbbbb"),
        _statement("s1-cccccc", speaker="Ben Cole", speaker_group="governments"),
    ],
    "overrides": [
        {"statement": "s1-gone00", "remove_issues": ["osh"], "reason": "not safety"},
        {"statement": "s1-cccccc", "add_issues": ["skills", "osh"], "reason": "implied", "by": "Ann"},
    ],
}


def _kept():
    draft, previous = copy.deepcopy(DRAFT), copy.deepcopy(PREVIOUS)
    kept, dropped = keep_analyst_edits(draft, previous)
    return draft, kept, dropped


def test_metadata_and_source_details_are_the_analyst_s():
    draft, kept, _ = _kept()
    assert (draft["title"], draft["forum"], draft["sdgs"], draft["date"]) == ("Analyst's title", "HLPF", [8, 5], {"value": "2025-07-14", "is_inferred": False})
    assert draft["source"] == {"raw_file": "raw/s.txt", "sha256": "new", "publisher": "UN DESA", "licence": "UN terms", "retrieved": "2025-07-20", "note": "saved page"}
    assert kept[0] == "title, forum, sdgs, date and source details (publisher, licence, retrieved, note)"


def test_source_details_the_analyst_never_set_stay_as_drafted():
    draft, previous = copy.deepcopy(DRAFT), copy.deepcopy(PREVIOUS)
    for key in ("retrieved", "note"):
        del previous["source"][key]
    keep_analyst_edits(draft, previous)
    assert draft["source"] == {"raw_file": "raw/s.txt", "sha256": "new", "publisher": "UN DESA", "licence": "UN terms"}


def test_statement_notes_speakers_and_speaker_groups_are_kept_exactly_present_or_absent():
    draft, kept, dropped = _kept()
    assert draft["statements"] == [
        _statement("s1-new000"),
        _statement("s1-aaaaaa", speaker_group="employers", note="checked"),  # changed by the analyst
        _statement("s1-bbbbbb"),  # the rules' speaker and group, removed by the analyst, stay removed
        _statement("s1-cccccc", speaker="Ben Cole", speaker_group="governments"),  # added by the analyst
    ]
    assert kept[1] == "1 override(s), 1 statement note(s), 1 statement speaker(s), 2 statement speaker_group(s)"


def test_a_speaker_who_is_no_longer_a_participant_is_dropped_and_reported():
    draft, previous = copy.deepcopy(DRAFT), copy.deepcopy(PREVIOUS)
    previous["statements"][3] = _statement("s1-cccccc", speaker="Gone Person", speaker_group="employers")
    kept, dropped = keep_analyst_edits(draft, previous)
    assert draft["statements"][3] == _statement("s1-cccccc", speaker_group="employers")
    assert kept[1] == "1 override(s), 1 statement note(s), 0 statement speaker(s), 2 statement speaker_group(s)"
    assert "speaker 'Gone Person' of statement s1-cccccc dropped (no longer a participant): add the participant back and set it again" in dropped


def test_overrides_of_surviving_statements_are_kept_and_the_others_reported():
    draft, _, dropped = _kept()
    assert draft["overrides"] == [{"statement": "s1-cccccc", "add_issues": ["skills", "osh"], "reason": "implied", "by": "Ann"}]
    assert "override of statement s1-gone00 dropped (the statement is no longer in the summary): statement s1-gone00, remove_issues [osh], reason: not safety" in dropped


def test_no_overrides_key_is_added_when_none_survive():
    draft, previous = copy.deepcopy(DRAFT), copy.deepcopy(PREVIOUS)
    previous["overrides"] = previous["overrides"][:1]
    keep_analyst_edits(draft, previous)
    assert "overrides" not in draft


def test_participants_keep_notes_and_groups_matched_by_name_and_organisation():
    draft, kept, dropped = _kept()
    assert [(p["name"], p["organisation"], p["group"], p.get("note")) for p in draft["participants"]] == [
        ("New Speaker", "New Org", "employers", None),
        ("Ana Ruiz", "ILO", "un_system", None),
        ("Ben Cole", "ILO", "governments", "the Minister's adviser"),  # same organisation as Ana: matched by name too
        (None, "ITUC", "civil_society", "the Global Unions"),
        ("Eve Moe", "Zeta", "civil_society", None),  # "unknown" is not an analyst's choice: the rules' group stands
    ]
    assert kept[2] == "2 participant group(s) set by hand, 2 participant note(s)"


def test_what_cannot_be_kept_is_listed_for_review():
    _, _, dropped = _kept()
    assert dropped == [
        "note of statement s1-gone00 dropped (the statement is no longer in the summary): 'a removed statement note'",
        "override of statement s1-gone00 dropped (the statement is no longer in the summary): statement s1-gone00, remove_issues [osh], reason: not safety",
        "participant 'Gone Person' of the previous file was not found by ingest: not kept",
        "participant 'Vanished Org' of the previous file was not found by ingest: not kept",
    ]


def test_an_override_with_several_issues_is_described_on_one_line():
    draft, previous = copy.deepcopy(DRAFT), copy.deepcopy(PREVIOUS)
    previous["overrides"][0]["add_groups"] = ["women", "youth"]
    _, dropped = keep_analyst_edits(draft, previous)
    assert "statement s1-gone00, remove_issues [osh], add_groups [women, youth], reason: not safety" in dropped[1]


def test_the_symbol_and_kind_the_analyst_set_are_kept_and_the_drafted_ones_stay_when_never_set():
    draft, previous = copy.deepcopy(DRAFT), copy.deepcopy(PREVIOUS)
    draft.update(symbol=None, document_kind="unknown")
    previous.update(symbol="E/HLPF/2025/3", document_kind="official_document")
    keep_analyst_edits(draft, previous)
    assert (draft["symbol"], draft["document_kind"]) == ("E/HLPF/2025/3", "official_document")
    draft = copy.deepcopy(DRAFT)
    draft.update(symbol="ECOSOC/7111", document_kind="press_release")
    keep_analyst_edits(draft, copy.deepcopy(PREVIOUS))  # an older file without them: the draft's stand
    assert (draft["symbol"], draft["document_kind"]) == ("ECOSOC/7111", "press_release")


def test_a_group_set_by_hand_keeps_the_analyst_s_reason_or_says_who_set_it():
    draft, previous = copy.deepcopy(DRAFT), copy.deepcopy(PREVIOUS)
    for participant in draft["participants"]:
        participant["group_reason"] = f"rules: {participant['group']}"
    by_name = {p["name"] or p["organisation"]: p for p in previous["participants"]}
    by_name["Ben Cole"]["group_reason"] = "the Minister's adviser, seconded by the ministry"  # the analyst's own words
    by_name["ITUC"]["group_reason"] = "rules: workers"  # the rules' old reason, left as it was: no longer true
    keep_analyst_edits(draft, previous)
    reasons = {p["name"] or p["organisation"]: p["group_reason"] for p in draft["participants"]}
    assert reasons == {
        "New Speaker": "rules: employers",
        "Ana Ruiz": "rules: un_system",  # same group as the rules: their reason stands
        "Ben Cole": "the Minister's adviser, seconded by the ministry",
        "ITUC": "set by the analyst",
        "Eve Moe": "rules: civil_society",
    }
    del by_name["Ben Cole"]["group_reason"]
    draft = copy.deepcopy(DRAFT)
    keep_analyst_edits(draft, previous)
    assert [p.get("group_reason") for p in draft["participants"] if p["name"] == "Ben Cole"] == ["set by the analyst"]
