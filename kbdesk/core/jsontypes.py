"""The types of JSON values, for the places where data meets a JSON file (the JSON edge).

Inside kbdesk data travels as frozen dataclasses; these aliases type the dicts that
are about to be written as JSON or were just read from it. ``JSONValue`` is what
``json.loads`` can return; a value from an untrusted file must be narrowed with
``isinstance`` before use, which is the point.
"""

from __future__ import annotations

from typing import TypeAlias

JSONValue: TypeAlias = "str | int | float | bool | list[JSONValue] | dict[str, JSONValue] | None"
JSONObject: TypeAlias = "dict[str, JSONValue]"
