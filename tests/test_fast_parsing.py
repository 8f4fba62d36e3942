"""The fast YAML parser reads every file exactly as the line-keeping one, or stands aside."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import paths
from helpers.data.errors import DataError
from helpers.data.loading import load_yaml_document, parse_yaml_fast, to_plain_data
from tiny_data import replace_in_file


def _slow(text: str, tmp_path):
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return to_plain_data(load_yaml_document(path))
    except DataError:
        return DataError


# Scalars on which YAML 1.1 (PyYAML's default) and YAML 1.2 (ruamel's) disagree, or that need care.
TRICKY = [
    "yes", "No", "on", "OFF", "y", "true", "False", "null", "~", "", "012", "0o12", "0x1F", "1_000", "1:30", "190:20:30",
    "1.5", "1e3", ".inf", "-.5", "2025-02-05", "2025-2-5", "2025-02-05T10:00:00Z", "2025-02-05 10:00:00", "<<", "=",
    "0", "-7", "+3", "12", "ex: ample", "a # comment", "'quoted'", '"double"', "- dash", "!!str 5", "!!binary aGk=",
    "!tag x", "*alias", "&anchor x", "%YAML", "tab\there", "é\u2028x", "line\x85next", "[1, 2]", "{a: 1}", "? key",
]  # fmt: skip


@pytest.mark.parametrize("scalar", TRICKY)
def test_tricky_scalars_read_the_same_or_go_the_slow_way(scalar, tmp_path):
    text = f"value: {scalar}\nlist: [{scalar}]\nnested:\n  - {scalar}\n"
    fast = parse_yaml_fast(text)
    if fast is not None:
        assert fast == _slow(text, tmp_path)


def test_yaml_1_1_booleans_stay_strings_as_in_yaml_1_2():
    assert parse_yaml_fast("a: yes\nb: on\nc: true\n") == {"a": "yes", "b": "on", "c": True}


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: 012\n", "a: 1.5\n", "a: 2025-02-05T10:00:00Z\n", "<<: {a: 1}\n", "%YAML 1.1\n---\na: yes\n", "a: !!set {x}\n"])
def test_doubtful_texts_take_the_slow_path(text):
    assert parse_yaml_fast(text) is None


def test_every_data_file_of_the_project_reads_the_same(tmp_path):
    files = [paths.codebook_file(paths.DATA_DIR), paths.stakeholders_file(paths.DATA_DIR), *sorted(paths.sessions_dir(paths.DATA_DIR).glob("*.yaml")), *sorted(paths.gold_dir(paths.DATA_DIR).glob("*.yaml"))]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_yaml_fast(text) == _slow(text, tmp_path), path


KEYS = st.sampled_from(["id", "title", "text", "sdgs", "value", "1", "yes", "null", "a b"])
SCALARS = st.one_of(st.sampled_from(TRICKY), st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12))


def _as_block(value, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"{pad}{key}:\n{_as_block(item, indent + 2)}" if isinstance(item, (dict, list)) and item else f"{pad}{key}: {_inline(item)}\n" for key, item in value.items())
    return "".join(f"{pad}-\n{_as_block(item, indent + 2)}" if isinstance(item, (dict, list)) and item else f"{pad}- {_inline(item)}\n" for item in value)


def _inline(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_inline(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    return value


@st.composite
def documents(draw):
    """YAML text: mappings and lists, block or flow, of tricky plain scalars and arbitrary text,
    plain, single-quoted or JSON-quoted."""
    style = st.sampled_from(["plain", "json", "single"])

    def scalar():
        text = draw(SCALARS)
        kind = draw(style)
        return json.dumps(text, ensure_ascii=False) if kind == "json" else "'" + text.replace("'", "''") + "'" if kind == "single" else text

    tree = st.recursive(st.builds(scalar), lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(KEYS, children, max_size=3)), max_leaves=8)
    root = draw(st.dictionaries(KEYS, tree, min_size=1, max_size=4))
    return _as_block(root)


@settings(max_examples=300, deadline=None)
@given(text=documents())
def test_any_document_reads_the_same_or_goes_the_slow_way(tmp_path_factory, text):
    fast = parse_yaml_fast(text)
    if fast is not None:
        assert fast == _slow(text, tmp_path_factory.mktemp("doc"))


def test_a_bad_file_names_the_same_line_and_field_as_before(tiny_data_dir):
    from helpers.data.loading import load_inputs

    session_file = tiny_data_dir / "sessions" / "tiny-session.yaml"
    replace_in_file(session_file, "sdgs: [8]", "sdgs: [on]")  # YAML 1.1 would read a boolean; 1.2 a string
    with pytest.raises(DataError) as caught:
        load_inputs(tiny_data_dir, "tiny-session")
    assert (caught.value.line, caught.value.field) == (4, "sdgs[0]")
    assert "'on' is not of type 'integer'" in caught.value.message
