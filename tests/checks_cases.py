"""Saved diagnostics for the checks' tests: tests/data/checks/.

``laptop-healthy.json`` is a whole ``kbdesk diagnostics --json`` report of a laptop
on which no starter check fires (documentation addresses only: 192.0.2.0/24,
198.51.100.0/24, example.org). ``cases.json`` holds, for every starter check, the
collectors' data of a machine where it fires and of one where it does not; a
case's report is the healthy one with those collectors' data replaced.
Importable from any test (``pythonpath = ["tests"]``).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "checks"


@dataclass(frozen=True)
class Case:
    check: str  # "article-id#check-id"
    fires: dict[str, Any]
    quiet: dict[str, Any]
    sentence: str | None = None

    @property
    def article_id(self) -> str:
        return self.check.split("#", 1)[0]

    @property
    def check_id(self) -> str:
        return self.check.split("#", 1)[1]


def healthy_report() -> dict[str, Any]:
    return json.loads((DATA / "laptop-healthy.json").read_text("utf-8"))


def cases() -> list[Case]:
    raw = json.loads((DATA / "cases.json").read_text("utf-8"))["cases"]
    return [Case(c["check"], c["fires"], c["quiet"], c.get("sentence")) for c in raw]


def report_with(changes: dict[str, Any]) -> dict[str, Any]:
    """The healthy report with the named collectors' data keys replaced."""
    report = healthy_report()
    for result in report["results"]:
        if result["name"] in changes:
            result["data"] = {**result["data"], **copy.deepcopy(changes[result["name"]])}
    return report


def write_report(path: Path, report: dict[str, Any]) -> Path:
    path.write_text(json.dumps(report, indent=2), "utf-8")
    return path
