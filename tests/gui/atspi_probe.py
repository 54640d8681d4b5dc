"""What a screen reader sees of kbdesk: the AT-SPI tree of one window, and a walk with the Tab key.

This script runs under the *system* Python (``/usr/bin/python3``), which has Debian's
``python3-pyatspi`` (GObject introspection of libatspi); the project's virtual environment does not,
and cannot: pyatspi is not on PyPI. So it imports nothing of kbdesk and nothing outside the
standard library and pyatspi. ``tests/gui/test_accessibility.py`` starts it once per test session, on
the session bus and display its fixture started, and talks to it in JSON lines on stdin/stdout:

``{"cmd": "dump", "window": TITLE}``
    the tree of the application's top-level window whose name starts with TITLE: every node with
    its role, name, description, states, accessible id (Qt's object-name path), screen extents,
    key bindings (mnemonics, shortcuts), labelled-by targets and the text of text objects.
``{"cmd": "tab", "window": TITLE, "presses": N, "stop_at": PATH}``
    press Tab N times through the X server (the registry daemon's XTest, as a keyboard would)
    and report, per press, what happened: the focus moved (to which node path), text was inserted
    (a Tab character: a keyboard trap), the caret or selection moved inside the focused object, or
    nothing. Stops early when the focus comes back to the object at PATH.
``{"cmd": "listen"}``, then ``{"cmd": "heard", "expect": TEXT}``
    the announcements the application makes (what a screen reader says without the focus moving),
    from ``listen`` on, once one containing TEXT arrived (or the wait ran out).
``{"cmd": "quit"}``

Every answer is one JSON line; an error is ``{"error": "..."}``.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import pyatspi
from gi.repository import Atspi, GLib

#: roles whose children are the items of one control: focus on a cell or an item is focus on the control
ITEM_ROLES = {"table cell", "list item", "tree item", "page tab", "column header", "row header"}
#: a node's text (Text interface) is read for these roles only (labels, fields, the article)
TEXT_ROLES = {"label", "text", "entry", "password text", "paragraph", "document text", "static", "heading"}
#: children read per node: enough to check a table's first rows, not all 61 of writer mode's
MAX_CHILDREN = 40
MAX_DEPTH = 40
#: how long one key press may take to show its effect (a loaded machine shared by six sessions)
PRESS_TIMEOUT_S = 10.0
STATES = {
    "focusable": Atspi.StateType.FOCUSABLE,
    "focused": Atspi.StateType.FOCUSED,
    "showing": Atspi.StateType.SHOWING,
    "visible": Atspi.StateType.VISIBLE,
    "sensitive": Atspi.StateType.SENSITIVE,
    "editable": Atspi.StateType.EDITABLE,
    "multi-line": Atspi.StateType.MULTI_LINE,
    "active": Atspi.StateType.ACTIVE,
    "checked": Atspi.StateType.CHECKED,
}
TAB = 0xFF09  # the X keysym of Tab


def _safe(call, default=None):
    try:
        return call()
    except Exception:  # noqa: BLE001 - an object gone between two calls, an interface not implemented
        return default


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and _safe(app.get_name, "") == "kbdesk":
            return app
    return None


def find_window(title: str):
    app = find_app()
    if app is None:
        return None
    for i in range(app.get_child_count()):
        window = app.get_child_at_index(i)
        if window is None:
            continue
        # the title changes with the article shown; a cached name from before a missed name-changed event
        # would never match (a walk now and then found no window named 'Printer shows as offline — kbdesk')
        _safe(window.clear_cache)
        name = _safe(window.get_name, "") or ""
        showing = _safe(lambda w=window: w.get_state_set().contains(Atspi.StateType.SHOWING), False)
        if showing and name.startswith(title):
            return window
    return None


def node_info(obj) -> dict:
    role = _safe(obj.get_role_name, "") or ""
    state_set = _safe(obj.get_state_set)
    states = sorted(k for k, v in STATES.items() if state_set is not None and state_set.contains(v))
    info = {
        "role": role,
        "name": _safe(obj.get_name, "") or "",
        "description": _safe(obj.get_description, "") or "",
        "states": states,
        "id": _safe(obj.get_accessible_id, "") or "",
    }
    extents = _safe(lambda: obj.get_extents(Atspi.CoordType.SCREEN))
    if extents is not None:
        info["extents"] = [extents.x, extents.y, extents.width, extents.height]
    action = _safe(obj.get_action_iface)
    if action is not None:
        keys = []
        for i in range(_safe(action.get_n_actions, 0) or 0):
            key = _safe(lambda i=i: action.get_key_binding(i), "") or ""
            if key:
                keys.append(key)
        if keys:
            info["keys"] = keys
    labelled_by = []
    for relation in _safe(obj.get_relation_set, []) or []:
        if relation.get_relation_type() == Atspi.RelationType.LABELLED_BY:
            for i in range(relation.get_n_targets()):
                target = relation.get_target(i)
                labelled_by.append(_safe(target.get_name, "") or "")
    if labelled_by:
        info["labelled_by"] = labelled_by
    if role in TEXT_ROLES:
        text = _safe(obj.get_text_iface)
        if text is not None:
            count = _safe(text.get_character_count, 0) or 0
            info["text"] = _safe(lambda: text.get_text(0, min(count, 4000)), "") or ""
    return info


def dump(obj, depth: int = 0) -> dict:
    info = node_info(obj)
    children = []
    if depth < MAX_DEPTH:
        count = _safe(obj.get_child_count, 0) or 0
        info["child_count"] = count
        for i in range(min(count, MAX_CHILDREN)):
            child = _safe(lambda i=i: obj.get_child_at_index(i))
            if child is not None:
                children.append(dump(child, depth + 1))
    info["children"] = children
    return info


def node_by_path(window, path: list[int]):
    node = window
    for index in path:
        node = _safe(lambda n=node, i=index: n.get_child_at_index(i))
        if node is None:
            return None
    return node


def path_of(obj, window) -> list[int] | None:
    """Child indexes from ``window`` down to ``obj``; None when ``obj`` is not inside it."""
    path: list[int] = []
    node = obj
    for _ in range(MAX_DEPTH + 5):
        if node is None:
            return None
        if _same(node, window):
            return list(reversed(path))
        index = _safe(node.get_index_in_parent, -1)
        if index is None or index < 0:
            return None
        path.append(index)
        node = _safe(node.get_parent)
    return None


def _same(a, b) -> bool:
    """The same object of the application (an object path is unique within one application's tree)."""
    return _safe(lambda: a.path == b.path, False) or False


class Walker:
    """Presses Tab and reports what each press did, from the events the application sends."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object, int]] = []
        #: the object that has the focus (a caret moving or text typed elsewhere is not this press's doing)
        self.focused = None
        self._listener = Atspi.EventListener.new(self._on_event)
        for kind in (
            "object:state-changed:focused",
            "object:text-changed:insert",
            "object:text-caret-moved",
            "object:text-selection-changed",
        ):
            self._listener.register(kind)

    def _on_event(self, event) -> None:
        self.events.append((event.type, event.source, event.detail1))

    def pump(self) -> None:
        context = GLib.MainContext.default()
        while context.pending():
            context.iteration(False)

    def walk(self, window, presses: int, stop_at: list[int] | None) -> list[dict]:
        self.settle(window)  # what the app sent before the walk (setting the first focus) is not a press's doing
        self.events.clear()
        self.focused = node_by_path(window, stop_at) if stop_at is not None else None
        steps = []
        for _ in range(presses):
            self.events.clear()
            pyatspi.Registry.generateKeyboardEvent(TAB, None, pyatspi.KEY_SYM)
            step = self._outcome(window)
            steps.append(step)
            if stop_at is not None and step["result"] == "focus" and step.get("path") == stop_at:
                break  # back where it started: a whole round
        return steps

    def settle(self, window) -> None:
        """Receive every event the application sent until now.

        The app answers a call after it has finished what it was doing, and its events and its
        answer travel in order on one connection: once the answer is in, so are the events; a
        pump hands them to the listener. The call is one libatspi never answers from its cache."""
        _safe(lambda: window.get_extents(Atspi.CoordType.SCREEN))
        self.pump()

    def _outcome(self, window) -> dict:
        """What one press did, from its events: they arrive together, as Qt handles the key in one go."""
        deadline = time.monotonic() + PRESS_TIMEOUT_S
        context = GLib.MainContext.default()
        seen = 0
        while time.monotonic() < deadline:
            if not context.iteration(False):
                time.sleep(0.005)
            if len(self.events) == seen:
                continue
            # something arrived: the app is handling the key (or has); settle for the rest of what it sent
            self.settle(window)
            seen = len(self.events)
            focus = [source for kind, source, detail in self.events if kind.endswith("focused") and detail == 1]
            if focus:
                self.focused = focus[-1]
                return self._moved(focus[-1], window)
            # text typed or a caret moved in the object that has the focus: Tab stayed in it
            inserted = [
                source for kind, source, _d in self.events if kind.endswith("insert") and self._is_focused(source)
            ]
            if inserted:
                return {"result": "inserted", **self._describe(inserted[-1], window)}
            moved = [
                source
                for kind, source, _detail in self.events
                if ("caret" in kind or "selection" in kind) and self._is_focused(source)
            ]
            if moved:
                return {"result": "within", **self._describe(moved[-1], window)}
            # only events from elsewhere (a status line changing): the press's own are still to come
        return {"result": "nothing"}

    def _is_focused(self, source) -> bool:
        return self.focused is not None and _same(source, self.focused)

    def _moved(self, source, window) -> dict:
        return {"result": "focus", **self._describe(source, window)}

    def _describe(self, source, window) -> dict:
        info = node_info(source)
        path = path_of(source, window)
        control = source
        control_path = path
        if info["role"] in ITEM_ROLES:
            parent = _safe(source.get_parent)
            if parent is not None and _safe(parent.get_role_name, "") in ("list item", "tree item"):
                parent = _safe(parent.get_parent)  # Qt nests a tree's items
            if parent is not None:
                control = parent
                control_path = path_of(parent, window)
        return {
            "path": path,
            "role": info["role"],
            "name": info["name"],
            "id": info["id"],
            "control": control_path,
            "control_role": _safe(control.get_role_name, "") or "",
            "control_name": _safe(control.get_name, "") or "",
        }


class Listener:
    """Collects the application's announcements (``object:announcement``: Qt's QAccessibleAnnouncementEvent)."""

    def __init__(self) -> None:
        self.heard: list[str] = []
        self._listener = Atspi.EventListener.new(self._on_event)
        self._listener.register("object:announcement")

    def _on_event(self, event) -> None:
        data = event.any_data
        self.heard.append(data if isinstance(data, str) else str(data))

    def wait_for(self, expect: str, timeout: float) -> list[str]:
        deadline = time.monotonic() + timeout
        context = GLib.MainContext.default()
        while time.monotonic() < deadline and not any(expect in text for text in self.heard):
            if not context.iteration(False):
                time.sleep(0.01)
        return list(self.heard)


def main() -> int:
    # libatspi marks some of the calls pyatspi itself makes deprecated; the probe's stderr is its log
    warnings.simplefilter("ignore", DeprecationWarning)
    Atspi.init()
    walker = None
    listener = None
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            command = request["cmd"]
            if command == "quit":
                print(json.dumps({"ok": True}), flush=True)
                return 0
            if command == "listen":
                listener = Listener()
                print(json.dumps({"ok": True}), flush=True)
                continue
            if command == "heard":
                if listener is None:
                    raise RuntimeError("heard before listen")
                heard = listener.wait_for(request["expect"], float(request.get("timeout", 30)))
                print(json.dumps({"heard": heard}), flush=True)
                continue
            window = None
            deadline = time.monotonic() + 30
            while window is None:
                window = find_window(request["window"])
                if window is None:
                    if time.monotonic() > deadline:
                        raise LookupError(f"no showing window named {request['window']!r} in the AT-SPI tree")
                    time.sleep(0.1)
            if command == "dump":
                answer = {"tree": dump(window)}
            elif command == "tab":
                walker = walker or Walker()
                answer = {"steps": walker.walk(window, int(request["presses"]), request.get("stop_at"))}
            else:
                raise ValueError(f"unknown command {command!r}")
        except Exception as exc:  # noqa: BLE001 - the test shows it; the probe keeps serving
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
