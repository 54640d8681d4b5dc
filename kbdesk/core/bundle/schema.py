"""JSON from a stranger's bundle: parsed within limits, then checked against what each member must hold.

Every JSON member goes through :func:`load_json`: at most ``max_json_bytes``, UTF-8,
nested at most ``max_json_depth`` levels (checked *before* parsing, by counting
brackets outside strings, so ``[[[[...`` a million deep costs one linear pass and
never reaches the parser's recursion), numbers no longer than Python allows. Then the
value is checked against a small declarative schema (:data:`MANIFEST`, :data:`TRAIL`,
:data:`DIAGNOSTIC`, :data:`CHECKS`): a wrong type becomes one sentence naming the member and the field
(``manifest.json: field 'redaction' must be an object, not text``), never an
``AttributeError`` later in whatever reads it. Fields the schema does not name are
allowed (a newer kbdesk may add some); fields it names must have its type.

After a check passes, readers may trust the types the schema names; the GUI, the CLI
and the desks read the same checked dicts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import accumulate

from kbdesk.core.bundle.format import BundleLimits, unsafe
from kbdesk.core.errors import BundleError
from kbdesk.core.jsontypes import JSONValue

# -- loading -------------------------------------------------------------------------

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = [0] * 256
for _b in b"[{":
    _DEPTH_STEP[_b] = 1
for _b in b"]}":
    _DEPTH_STEP[_b] = -1


def json_depth(data: bytes) -> int:
    """How deeply ``data`` nests arrays and objects, without parsing it (brackets in strings do not count)."""
    if data.count(b"[") + data.count(b"{") <= 1:
        return min(1, data.count(b"[") + data.count(b"{"))
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def load_json(data: bytes, member: str, limits: BundleLimits) -> JSONValue:
    """Parse one JSON member within the limits; :class:`BundleError` (one line, naming ``member``) otherwise."""
    if len(data) > limits.max_json_bytes:
        raise unsafe(
            f"{member} is {len(data)} bytes, too large to read (JSON members are limited to {limits.max_json_bytes})"
        )
    # no more brackets than the limit: no deeper than it either, and no need to count
    depth = json_depth(data) if data.count(b"[") + data.count(b"{") > limits.max_json_depth else 0
    if depth > limits.max_json_depth:
        raise unsafe(f"{member} nests {depth} levels deep; at most {limits.max_json_depth} are allowed")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{member} is not UTF-8 text (byte {exc.start})") from None
    try:
        value: JSONValue = json.loads(text)
    except RecursionError:  # the depth check makes this unreachable; kept so no input can crash a reader
        raise unsafe(f"{member} nests too deeply to read") from None
    except ValueError as exc:  # also numbers with more digits than Python converts
        raise BundleError(f"{member} is not valid JSON ({str(exc).splitlines()[0][:120]})") from None
    return value


# -- schemas ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What one JSON value must be.

    ``kind``: "str", "int", "number", "bool", "any", "list" (each item ``item``),
    "object" (``fields``: the named fields and their specs; others are allowed),
    "map" (any keys, each value ``item``), or "counts" (a list of
    ``{"category", "count"}`` or a ``{category: count}`` map). ``nullable`` also allows
    ``null``; ``required`` fields must be present in their object.
    """

    kind: str
    fields: tuple[tuple[str, Spec], ...] = ()
    item: Spec | None = None
    nullable: bool = False
    required: bool = False


def _s(kind: str, *, nullable: bool = False, required: bool = False) -> Spec:
    return Spec(kind, nullable=nullable, required=required)


def _obj(*fields: tuple[str, Spec], nullable: bool = False, required: bool = False) -> Spec:
    return Spec("object", fields=tuple(fields), nullable=nullable, required=required)


def _list(item: Spec, *, required: bool = False) -> Spec:
    return Spec("list", item=item, required=required)


_TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
    "list": "a list",
    "object": "an object",
    "map": "an object",
    "counts": "a list of counts",
}


def _what(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _fits(value: object, spec: Spec) -> bool:
    if value is None:
        return spec.nullable or spec.kind == "any"
    kind = spec.kind
    if kind == "any":
        return True
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "counts":
        return isinstance(value, (list, dict))
    return isinstance(value, dict)  # object, map


_COUNT_ENTRY = _obj(("category", _s("str", required=True)), ("count", _s("int", required=True)))


def schema_problem(value: object, spec: Spec, path: str = "") -> str | None:
    """The first place ``value`` does not fit ``spec``, as "field 'a.b[2]' must be text, not a list"; None if it fits.

    Iterative (an explicit stack), so even a value nested past the depth limit could not
    exhaust the interpreter's stack here.
    """
    stack: list[tuple[object, Spec, str]] = [(value, spec, path)]
    while stack:
        current, sp, where = stack.pop()
        if not _fits(current, sp):
            name = f"field '{where}'" if where else "the document"
            return f"{name} must be {_TYPE_WORDS.get(sp.kind, sp.kind)}, not {_what(current)}"
        if current is None:
            continue
        if sp.kind == "object" and isinstance(current, dict):
            for key, child in sp.fields:
                sub = f"{where}.{key}" if where else key
                if key not in current:
                    if child.required:
                        return f"field '{sub}' is missing"
                    continue
                stack.append((current[key], child, sub))
        elif sp.kind == "list" and isinstance(current, list) and sp.item is not None:
            item = sp.item
            stack.extend((v, item, f"{where}[{i}]") for i, v in reversed(list(enumerate(current))))
        elif sp.kind == "map" and isinstance(current, dict) and sp.item is not None:
            item = sp.item
            stack.extend((v, item, f"{where}.{k}") for k, v in current.items())
        elif sp.kind == "counts":
            if isinstance(current, dict):
                stack.extend((v, _s("int"), f"{where}.{k}") for k, v in current.items())
            else:
                assert isinstance(current, list)
                stack.extend((v, _COUNT_ENTRY, f"{where}[{i}]") for i, v in enumerate(current))
    return None


def check(value: object, spec: Spec, member: str) -> None:
    """Raise :class:`BundleError` naming ``member`` and the field when ``value`` does not fit ``spec``."""
    problem = schema_problem(value, spec)
    if problem is not None:
        raise BundleError(f"{member}: {problem}", hint="The file was changed or is damaged; ask for it again.")


#: manifest.json; ``files`` is checked in more detail by the reader (names, sizes, digests)
MANIFEST = _obj(
    ("format", _s("str", required=True)),
    ("format_version", _s("int", required=True)),
    ("bundle_id", _s("str")),
    ("created_at", _s("str")),
    ("kbdesk_version", _s("str")),
    (
        "files",
        _list(
            _obj(
                ("name", _s("str", required=True)),
                ("size", _s("int", required=True)),
                ("sha256", _s("str", required=True)),
            ),
            required=True,
        ),
    ),
    (
        "redaction",
        _obj(
            ("version", _s("int")),
            ("totals", Spec("counts")),
            ("distinct", Spec("counts")),
            ("per_source", _list(_obj(("source", _s("str")), ("counts", Spec("counts"))))),
            ("disabled_categories", _list(_s("str"))),
            ("custom_terms", _s("int")),
            ("not_redactable", _list(_s("str"))),
        ),
    ),
    (
        "consent",
        _obj(
            ("agreed_at", _s("str")),
            ("shown", _s("str")),
            (
                "items",
                _list(_obj(("name", _s("str")), ("title", _s("str")), ("kind", _s("str")), ("included", _s("bool")))),
            ),
            ("categories", _s("object")),
            ("custom_terms", _s("int")),
        ),
    ),
    # the knowledge-base sources and revisions the user searched (absent in bundles from before sources)
    (
        "knowledge_base",
        _list(
            _obj(
                ("source", _s("str", required=True)),
                ("kind", _s("str")),
                ("origin", _s("str")),
                ("url", _s("str")),
                ("commit", _s("str")),
                ("commit_time", _s("str")),
            )
        ),
    ),
)

#: trail.json: what the agent view's timeline and the insights read
TRAIL = _obj(
    ("format", _s("str")),
    ("version", _s("int")),
    ("since", _s("str", nullable=True)),
    (
        "sessions",
        _list(_obj(("started_at", _s("str")), ("platform", _s("str")), ("outcome", _s("str", nullable=True)))),
    ),
    (
        "events",
        _list(
            _obj(
                ("kind", _s("str")),
                ("ts", _s("str")),
                ("query", _s("str")),
                ("mode", _s("str")),
                ("result_ids", _list(_s("str"))),
                ("result_count", _s("int", nullable=True)),
                ("latency_ms", _s("number", nullable=True)),
                ("semantic_ready", _s("bool")),
                ("article_id", _s("str")),
                ("rank", _s("int", nullable=True)),
                ("seconds_spent", _s("number", nullable=True)),
                ("helpful", _s("bool")),
                ("reason", _s("str", nullable=True)),
                ("comment", _s("str", nullable=True)),
                ("bundle_id", _s("str")),
                ("summary", _s("str")),
            )
        ),
    ),
)

#: diagnostics/<name>.json: one collector's result
DIAGNOSTIC = _obj(
    ("format", _s("str")),
    ("created", _s("str")),
    ("name", _s("str")),
    ("title", _s("str")),
    ("ok", _s("bool")),
    ("error", _s("str", nullable=True)),
    ("seconds", _s("number", nullable=True)),
    ("data", _s("any")),
    ("text", _s("str", nullable=True)),
)

#: diagnostics/checks.json: the facts and the checks that fired (kbdesk.core.checks.checks_document); the agent
#: view's "What kbdesk found" reads it
CHECKS = _obj(
    ("format", _s("str")),
    ("version", _s("int")),
    ("catalogue_version", _s("int")),
    ("created", _s("str")),
    ("source", _s("str")),
    ("facts", Spec("map", item=_obj(("value", _s("any")), ("unit", _s("str"))))),
    ("evaluated", _s("int")),
    ("undecided", _s("int")),
    ("articles", _s("int")),
    (
        "fired",
        _list(
            _obj(
                ("article_id", _s("str", required=True)),
                ("article_title", _s("str")),
                ("check_id", _s("str", required=True)),
                ("found", _s("str", required=True)),
                ("when", _s("str")),
                (
                    "evidence",
                    _list(
                        _obj(
                            ("fact", _s("str", required=True)),
                            ("value", _s("any")),
                            ("unit", _s("str")),
                            ("shown", _s("str")),
                        )
                    ),
                ),
            )
        ),
    ),
)
