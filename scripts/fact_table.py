#!/usr/bin/env python3
"""Write the fact catalogue's table into docs/writing-articles.md (between the facts:begin/end markers).

Run after adding or changing a fact in kbdesk/core/checks/catalogue.py; ``--check`` only says
whether the document is up to date (exit 1 when not), which is what the test does too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kbdesk.core.checks.catalogue import markdown_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "writing-articles.md"
BEGIN, END = "<!-- facts:begin -->", "<!-- facts:end -->"


def with_table(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{markdown_table()}\n{END}{tail}"


def main() -> int:
    text = DOC.read_text("utf-8")
    if BEGIN not in text or END not in text:
        print(f"{DOC} has no {BEGIN} ... {END} markers", file=sys.stderr)
        return 2
    updated = with_table(text)
    if "--check" in sys.argv[1:]:
        return 0 if updated == text else 1
    DOC.write_text(updated, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
