"""The remembered window layout: a round trip, and no file content that stops the window from opening."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.gui.window_state import FORMAT, VERSION, WindowState, load_window_state, save_window_state


def test_round_trip(tmp_path):
    path = tmp_path / "window.json"
    state = WindowState(geometry=bytes(range(66)), splitters={"results": (300, 700), "writer": (1, 2, 3)}, writer=True)
    save_window_state(state, path)
    assert load_window_state(path) == state
    assert json.loads(path.read_text("utf-8"))["version"] == VERSION


def test_missing_file_is_the_default_layout(tmp_path):
    assert load_window_state(tmp_path / "nothing.json") == WindowState()


def test_bad_entries_are_dropped_one_by_one(tmp_path):
    path = tmp_path / "window.json"
    path.write_text(
        json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "geometry": "not base64!",
                "splitters": {"ok": [10, 20], "negative": [-1, 5], "text": ["a"], "huge": [10**9], "zero": [0, 0]},
                "writer": "yes",
            }
        ),
        "utf-8",
    )
    assert load_window_state(path) == WindowState(splitters={"ok": (10, 20)})


def _json_containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    _json_containers,
    max_leaves=20,
)
documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"format": st.just(FORMAT), "version": st.just(VERSION)},
        optional={"geometry": json_values, "splitters": json_values, "writer": json_values},
    ),
)


@settings(max_examples=600, deadline=2000, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents, raw=st.one_of(st.none(), st.binary(max_size=300)))
def test_any_file_gives_a_usable_state(tmp_path, document, raw):
    path = tmp_path / "window.json"
    if raw is None:
        path.write_text(json.dumps(document), "utf-8")
    else:
        path.write_bytes(raw)
    state = load_window_state(path)  # never raises
    assert isinstance(state.geometry, bytes) and isinstance(state.writer, bool)
    for sizes in state.splitters.values():
        assert sizes and all(isinstance(s, int) and 0 <= s <= 100_000 for s in sizes)
