"""The accessibility checks of one screen, as findings: what a screen reader or a keyboard user misses.

Pure functions over three things the accessibility test gathers (``test_accessibility.py``):

* ``tree``: the window's AT-SPI tree, as ``atspi_probe.py`` dumps it (what assistive technology gets);
* ``qt``: what Qt shows on the same screen, from ``a11y_app.py`` (every visible label's text and
  place, the links inside rich text, the mnemonics of each menu bar, menu and window);
* ``steps``: what each press of a Tab walk did, from ``atspi_probe.py``.

Five checks, one list of findings each (a finding is one line a person can act on):

``names``      every control a person operates has a name, and a combo box has a label of its own
               (Qt on Linux gives a combo box its current value as its name: without a labelled-by
               relation "Last 30 days" is all a screen reader says);
``labels``     every visible label's text is available as its name or description (an accessible
               name set on a label replaces what it shows);
``tab``        a walk with Tab comes back to where it started, leaving every control on the way
               (no tab characters typed into a field, no walk from cell to cell), and reaches every
               focusable control on the screen;
``mnemonics``  no Alt+letter is used twice in one window (its menu bar's titles included) or menu;
``links``      every link inside rich text (a label's <a>, an article's links and Copy) is also a
               real object of its own: focusable, with a name, so it can be reached and heard.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

CHECKS = ("names", "labels", "tab", "mnemonics", "links")
#: roles of the things a person operates
CONTROL_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "entry",
    "password text",
    "spin button",
    "slider",
    "list",
    "list box",
    "table",
    "tree",
    "tree table",
    "page tab",
    "page tab list",
    "link",
}
#: the items of a control: focus on one is focus on the control, and they are not Tab stops
ITEM_ROLES = {"table cell", "list item", "tree item", "page tab", "column header", "row header"}
#: menus are reached with Alt and the arrows, not with Tab
MENU_ROLES = {"menu bar", "menu", "popup menu", "menu item", "check menu item", "radio menu item"}


Node = dict
Path_ = tuple[int, ...]


def walk_tree(node: Node, path: Path_ = (), *, showing_only: bool = True) -> Iterator[tuple[Path_, Node, Node | None]]:
    """(path, node, parent) for the node and its descendants; hidden subtrees are skipped."""
    yield from _walk(node, path, None, showing_only)


def _walk(
    node: Node, path: Path_, parent: Node | None, showing_only: bool
) -> Iterator[tuple[Path_, Node, Node | None]]:
    if showing_only and path and "showing" not in node["states"]:
        return
    yield path, node, parent
    for i, child in enumerate(node.get("children", ())):
        yield from _walk(child, (*path, i), node, showing_only)


def describe(node: Node) -> str:
    name = node["name"] or node.get("description") or "(no name)"
    where = node.get("id", "").rsplit(".", 2)[-2:]
    return f"{node['role']} {name!r} [{'.'.join(where)}]"


def normalized(text: str) -> str:
    return " ".join(text.replace("&", "").split()).casefold()


def in_menus(path: Path_, tree: Node) -> bool:
    node = tree
    for index in path:
        node = node["children"][index]
        if node["role"] in MENU_ROLES:
            return True
    return False


# ---------------------------------------------------------------------------- names
def check_names(tree: Node) -> list[str]:
    findings = []
    for path, node, _parent in walk_tree(tree):
        role = node["role"]
        if role not in CONTROL_ROLES or in_menus(path, tree):
            continue
        if role == "combo box":
            if not node.get("labelled_by"):
                findings.append(f"{describe(node)}: a combo box without a label of its own (its name is its value)")
        elif not node["name"].strip() and not node.get("labelled_by"):
            findings.append(f"{describe(node)}: no name")
    return findings


# ---------------------------------------------------------------------------- labels
def check_labels(tree: Node, qt_labels: list[dict]) -> list[str]:
    by_extents: dict[tuple[int, ...], list[Node]] = defaultdict(list)
    for _path, node, _parent in walk_tree(tree):
        if "extents" in node:
            by_extents[tuple(node["extents"])].append(node)
    findings = []
    for label in qt_labels:
        shown = normalized(label["text"])
        wanted = shown.split("…")[0].strip()  # an elided text: what is left of the ellipsis
        nodes = [n for n in by_extents.get(tuple(label["rect"]), []) if n["role"] not in CONTROL_ROLES]
        if not nodes:
            findings.append(f"label {label['text'][:80]!r}: not in the accessibility tree")
            continue
        heard = [normalized(f"{n['name']} {n.get('description', '')}") for n in nodes]
        if not any(wanted in text for text in heard):
            findings.append(
                f"label {label['text'][:80]!r}: heard as {nodes[0]['name']!r} "
                f"(description {nodes[0].get('description', '')!r}), the text it shows is not"
            )
    return findings


# ---------------------------------------------------------------------------- the Tab walk
def tab_candidates(tree: Node) -> dict[Path_, Node]:
    """The controls a Tab walk must reach: showing, enabled, focusable controls, not menu items nor items.

    Only controls: Qt calls a selectable label (click focus) or a tab widget (its tab bar takes the
    focus for it) focusable too, and neither is a Tab stop, nor should be."""
    found: dict[Path_, Node] = {}
    for path, node, _parent in walk_tree(tree):
        states = node["states"]
        if not path or node["role"] not in CONTROL_ROLES or node["role"] in ITEM_ROLES or in_menus(path, tree):
            continue
        if {"focusable", "sensitive"} <= set(states):
            found[path] = node
    return found


def find_start(tree: Node, rect: list[int]) -> Path_ | None:
    """The focusable object at the widget's rectangle; failing that, the one at its top left corner inside it
    (Qt gives a radio button or check box the extents of its box and text, not of the whole widget)."""
    inside = None
    for path, node, _parent in walk_tree(tree):
        extents = node.get("extents")
        if not extents or "focusable" not in node["states"]:
            continue
        if extents == rect:
            return path
        if inside is None and extents[:2] == rect[:2] and extents[2] <= rect[2] and extents[3] <= rect[3]:
            inside = path
    return inside


def check_tab(tree: Node, steps: list[dict], start: Path_ | None, presses: int) -> list[str]:
    findings: list[str] = []
    controls = [tuple(s["control"]) if s.get("control") is not None else None for s in steps]
    reported: set[tuple[str, object]] = set()

    def report(kind: str, key: object, text: str) -> None:
        if (kind, key) not in reported:
            reported.add((kind, key))
            findings.append(text)

    previous: Path_ | None = start
    for step, control in zip(steps, controls, strict=True):
        name = f"{step.get('control_role', '')} {step.get('control_name', '')!r}"
        if step["result"] == "inserted":
            report("trap", control, f"Tab types into {name} instead of leaving it (a keyboard trap)")
        elif step["result"] == "within" or (
            step["result"] == "focus" and control == previous and tuple(step["path"] or ()) != control
        ):
            report("trap", control, f"Tab moves inside {name} instead of leaving it (a keyboard trap)")
        elif step["result"] == "nothing":
            report(
                "nothing",
                previous,
                f"Tab after {describe_path(tree, previous)}: no focus change a screen reader is told of "
                "(the focus stays inside it, on something not in the tree)",
            )
        if step["result"] != "nothing":
            previous = control
    if start is None:
        findings.append("the walk's first control is not in the accessibility tree")
    elif not steps or controls[-1] != start:
        findings.append(f"{len(steps)} presses of Tab did not come back to {describe_path(tree, start)}")
    findings += check_order(tree, steps, start)
    visited = {c for c in controls if c is not None}
    if start is not None:
        visited.add(start)
    radio_groups = {p[:-1] for p in visited if p and node_at(tree, p) and node_at(tree, p)["role"] == "radio button"}
    for path, node in tab_candidates(tree).items():
        if path in visited:
            continue
        if node["role"] == "radio button" and path[:-1] in radio_groups:
            continue  # Tab enters a group of radio buttons once; the arrows choose within it
        findings.append(f"{describe(node)}: focusable, but Tab never reaches it")
    return findings


def check_order(tree: Node, steps: list[dict], start: Path_ | None) -> list[str]:
    """Tab follows the reading order: down a column, left to right along a row.

    A press that goes back up within the same column (the next control lies wholly above the last
    and overlaps it sideways) or leftwards along a row (wholly to its left, overlapping it
    vertically) is out of order; moving on to the top of the next column is not, nor is the
    wrap-around from the last control back to the first one in reading order (the top left).

    A control outside the window when the tree was read (further down a page that scrolls) is not
    compared: Tab scrolls it into view, so where the tree placed it is not where it is read."""
    findings = []
    previous = start
    window = tree.get("extents")
    moves = [tuple(s["control"]) for s in steps if s["result"] == "focus" and s.get("control") is not None]
    placed = [
        (n["extents"][1], n["extents"][0], c) for c in {*moves, start} if (n := node_at(tree, c)) and "extents" in n
    ]
    first = min(placed)[2] if placed else None
    for control in moves:
        a, b = node_at(tree, previous), node_at(tree, control)
        previous = control
        if a is None or b is None or "extents" not in a or "extents" not in b or a is b:
            continue
        if window and not (inside(a["extents"], window) and inside(b["extents"], window)):
            continue
        ax, ay, aw, ah = a["extents"]
        bx, by, bw, bh = b["extents"]
        across = min(ax + aw, bx + bw) - max(ax, bx) > 0
        along = min(ay + ah, by + bh) - max(ay, by) > 0
        if control != first and ((across and by + bh <= ay) or (along and bx + bw <= ax)):
            findings.append(f"Tab goes back from {describe(a)} to {describe(b)}, against the reading order")
    return findings


def inside(rect: list[int], window: list[int]) -> bool:
    x, y, w, h = rect
    wx, wy, ww, wh = window
    return wx <= x and wy <= y and x + w <= wx + ww and y + h <= wy + wh


def node_at(tree: Node, path: Path_ | None) -> Node | None:
    if path is None:
        return None
    node = tree
    for index in path:
        children = node.get("children", ())
        if index >= len(children):
            return None
        node = children[index]
    return node


def describe_path(tree: Node, path: Path_ | None) -> str:
    node = node_at(tree, path)
    return describe(node) if node is not None else "the start"


def walk_presses(tree: Node) -> int:
    """How many presses a walk may take: 40 (what the issue's review used), more for a crowded screen."""
    return max(40, 2 * len(tab_candidates(tree)) + 4)


# ---------------------------------------------------------------------------- mnemonics
def check_mnemonics(groups: list[dict]) -> list[str]:
    findings = []
    for group in groups:
        counts = Counter(key for key, _text in group["items"])
        for key, count in sorted(counts.items()):
            if count > 1:
                texts = ", ".join(repr(text) for k, text in group["items"] if k == key)
                findings.append(f"Alt+{key.upper()} is used {count} times in the {group['group']}: {texts}")
    return findings


# ---------------------------------------------------------------------------- links
def check_links(tree: Node, qt_links: list[dict]) -> list[str]:
    objects = []
    findings = []
    for path, node, _parent in walk_tree(tree):
        if node["role"] in ("link", "push button") and not in_menus(path, tree):
            objects.append(node)
            if node["role"] == "link" and ("focusable" not in node["states"] or not node["name"].strip()):
                findings.append(f"{describe(node)}: a link must be focusable and named")
    names = [normalized(f"{n['name']} {n.get('description', '')}") for n in objects if "focusable" in n["states"]]
    for link in qt_links:
        text = normalized(link["text"])
        if not any(text in name for name in names):
            findings.append(f"link {link['text'][:60]!r} inside rich text: no focusable object of its own")
    return findings


# ---------------------------------------------------------------------------- all of them
def check_screen(tree: Node, qt: dict, steps: list[dict], presses: int) -> dict[str, list[str]]:
    start = find_start(tree, qt["start"])
    return {
        "names": check_names(tree),
        "labels": check_labels(tree, qt["labels"]),
        "tab": check_tab(tree, steps, start, presses),
        "mnemonics": check_mnemonics(qt["mnemonics"]),
        "links": check_links(tree, qt["links"]),
    }
