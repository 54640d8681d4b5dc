"""The accessibility checks themselves (a11y_checks.py), on small trees shaped like the probe's dumps:
each check finds what it is for, so a green AT-SPI run means something. No display needed."""

from __future__ import annotations

from a11y_checks import check_labels, check_links, check_mnemonics, check_names, check_tab, walk_presses

SHOWN = ["focusable", "sensitive", "showing", "visible"]


def node(role: str, name: str = "", *, extents=None, children=(), states=SHOWN, **more) -> dict:
    found = {"role": role, "name": name, "description": "", "states": list(states), "id": f"Window.{role}"}
    if extents is not None:
        found["extents"] = extents
    return {**found, **more, "children": list(children)}


def window(*children) -> dict:
    return node("frame", "kbdesk", extents=[0, 0, 800, 600], children=children, states=["showing"])


def test_names_want_a_name_and_a_combo_box_a_label_of_its_own():
    tree = window(
        node("push button", ""),
        node("push button", "", labelled_by=["Browse"]),
        node("combo box", "Last 30 days"),
        node("combo box", "Last 30 days", labelled_by=["Range:"]),
        node("push button", "", states=["focusable"]),  # hidden: not checked
    )
    assert check_names(tree) == [
        "push button '(no name)' [Window.push button]: no name",
        "combo box 'Last 30 days' [Window.combo box]: a combo box without a label of its own (its name is its value)",
    ]


def test_a_label_named_over_its_text_is_found_and_a_description_is_enough():
    tree = window(
        node("label", "Search status", extents=[10, 10, 100, 20], states=["showing"]),
        node("label", "Ready", extents=[10, 40, 100, 20], states=["showing"]),
        node("label", "Summary", description="2 searches in 1 session", extents=[10, 70, 300, 20], states=["showing"]),
    )
    labels = [
        {"rect": [10, 10, 100, 20], "text": "Ready"},
        {"rect": [10, 40, 100, 20], "text": "Ready"},
        {"rect": [10, 70, 300, 20], "text": "2 searches in 1 session"},
        {"rect": [10, 99, 10, 10], "text": "Gone"},
    ]
    findings = check_labels(tree, labels)
    assert len(findings) == 2
    assert "heard as 'Search status'" in findings[0] and "not in the accessibility tree" in findings[1]


def test_the_tab_walk_finds_traps_unreached_controls_and_backward_steps():
    tree = window(
        node("text", "Summary", extents=[10, 10, 300, 20]),
        node("text", "Description", extents=[10, 40, 300, 80]),
        node("push button", "Next", extents=[10, 200, 80, 20]),
    )
    trapped = [
        {"result": "focus", "path": [1], "control": [1], "control_role": "text", "control_name": "Description"},
        {"result": "inserted", "path": [1], "control": [1], "control_role": "text", "control_name": "Description"},
    ]
    findings = check_tab(tree, trapped, (0,), 2)
    assert any("Tab types into text 'Description'" in f for f in findings)
    assert any("did not come back" in f for f in findings)
    assert any("'Next'" in f and "never reaches" in f for f in findings)
    # a full round in order: nothing; the same round with Next before Description: one step back up
    steps = [{"result": "focus", "path": [i], "control": [i]} for i in (1, 2, 0)]
    assert check_tab(tree, steps, (0,), 3) == []
    steps = [{"result": "focus", "path": [i], "control": [i]} for i in (2, 1, 0)]
    assert check_tab(tree, steps, (0,), 3) == [  # back to the top (Summary) is the wrap-around
        "Tab goes back from push button 'Next' [Window.push button] to text 'Description' [Window.text], "
        "against the reading order"
    ]
    assert walk_presses(tree) == 40
    # a control further down a scrolling page (outside the window when the tree was read) is not compared
    tree["children"].append(node("push button", "Export", extents=[10, 700, 80, 20]))
    steps = [{"result": "focus", "path": [i], "control": [i]} for i in (1, 3, 2, 0)]
    assert check_tab(tree, steps, (0,), 4) == []


def test_mnemonics_twice_in_one_group_and_links_without_objects():
    groups = [{"group": "menu bar", "items": [["h", "&History"], ["h", "&Help"], ["f", "&File"]]}]
    assert check_mnemonics(groups) == ["Alt+H is used 2 times in the menu bar: '&History', '&Help'"]
    tree = window(node("push button", "Copy “cancel -a”"), node("link", "", states=["showing"]))
    findings = check_links(tree, [{"in": [0, 0, 1, 1], "text": "Copy"}, {"in": [0, 0, 1, 1], "text": "jobs"}])
    assert findings == [
        "link '(no name)' [Window.link]: a link must be focusable and named",
        "link 'jobs' inside rich text: no focusable object of its own",
    ]
