"""The shape of a redaction placeholder (``<EMAIL-1>``), outside the redaction package.

Search reads learned phrasings, which were redacted before they were stored, and drops their
placeholders; importing :mod:`kbdesk.core.redaction` for one pattern would load every rule
family (and phonenumbers) into each cold ``kbdesk search``. The redaction package takes the
pattern from here, so it is written once.
"""

from __future__ import annotations

import re

#: matches any placeholder the redactor writes
PLACEHOLDER_RE = re.compile(r"<[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+>")
