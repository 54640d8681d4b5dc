"""Escalation: from "I am still stuck" to a redacted, consented, integrity-checked bundle.

The flow has three steps, each usable from the GUI (on a worker thread) and the CLI:

1. **Collect** raw material as :class:`Source` objects: one per diagnostics
   section (:func:`diagnostics_sources`), the kbdesk log tail, the
   self-service trail (:func:`load_trail`, a typed :class:`~kbdesk.core.analytics.Trail`) and files the user attaches
   (:func:`read_attachment`). Sources hold the *original* text and never leave
   this module's callers' memory.
2. **Preview** (:func:`build_preview`): one :class:`~kbdesk.core.redaction.Redactor`
   redacts the ticket's text fields, the trail and every source, so a value
   gets the same placeholder everywhere in the bundle. The result,
   :class:`EscalationPreview`, is exactly what would be written: each
   :class:`EscalationItem` carries its redacted text, its counts per category
   and whether it is included. Changing a category toggle means building a new
   preview (a new redactor); ticking an item in or out does not
   (:meth:`EscalationPreview.with_included`).
3. **Write** (:func:`write_escalation`): only included items become bundle
   members; the manifest gets a redaction summary of what is in the file and a
   consent record of what the person was shown and chose; every member passes
   :func:`~kbdesk.core.redaction.verify_clean` before it is written.

Decisions:

* Secrets and card numbers are always redacted (the redactor refuses to turn
  them off); personal-data categories can be kept per bundle.
* The ticket's *contact* field is not redacted: the person typed it so the
  desk can reach them. Summary, description and category are.
* The ticket is always part of a bundle; the trail can be left out, and then
  ``trail.json`` holds an empty object (the bundle format always has the file).
* A diagnostics section is stored as JSON (``diagnostics/<name>.json``, the
  collector's data and text). Redaction works on the JSON text so key=value
  secrets inside it are found; if the redacted text were no longer valid JSON
  the section is stored as ``.txt`` instead of being silently changed.
* Attachments that are not UTF-8 text (pictures) cannot be redacted; they are
  sent as they are, the preview says so, and the final secret scan still runs
  over their bytes.
* The knowledge-base sources and the revision each served (``SourceSet.revisions()``,
  :func:`source_revisions`) go into the manifest and ticket.md, so the agent reads the
  articles the user read; the preview lists them with everything else. Folder paths are
  left out (they name the user's home folder), and git URLs lose any user name.
* The organisation's policy (:class:`EscalationPolicy`, policy.py) can forbid diagnostics
  and narrow the personal-data categories a person may keep.

Where things are, one module per step::

    sources.py   1. collect: Source, the diagnostics sections (and what the articles' checks
                 found in them), the trail, attachments
    preview.py   2. preview: the ticket, one redactor over everything, EscalationPreview
    write.py     3. write: the bundle from the included items, the final scan, recording it
                 from the CLI, where bundles are saved by default
    policy.py    what the organisation's policy lets into a bundle (diagnostics, what may be kept)

The format, redaction and analytics work they call lives in their own packages.
"""

from __future__ import annotations

from kbdesk.core.escalation.policy import POLICY_REASON, EscalationPolicy
from kbdesk.core.escalation.preview import (
    OPTIONAL_CATEGORIES,
    EscalationItem,
    EscalationPreview,
    build_preview,
    build_ticket,
    counts_from_list,
    counts_list,
    format_counts,
)
from kbdesk.core.escalation.sources import (
    KIND_ATTACHMENT,
    KIND_DIAGNOSTIC,
    KIND_LOG,
    KIND_TICKET,
    KIND_TRAIL,
    LOG_ITEM,
    MAX_ATTACHMENT_BYTES,
    RECENT_TRAIL,
    CheckFindings,
    EscalationError,
    Source,
    check_findings,
    collect_diagnostics,
    diagnostics_options,
    diagnostics_sources,
    load_trail,
    read_attachment,
    source_revisions,
)
from kbdesk.core.escalation.write import (
    default_bundle_dir,
    default_bundle_name,
    record_escalation_now,
    write_escalation,
)

__all__ = [
    "KIND_ATTACHMENT",
    "KIND_DIAGNOSTIC",
    "KIND_LOG",
    "KIND_TICKET",
    "KIND_TRAIL",
    "LOG_ITEM",
    "MAX_ATTACHMENT_BYTES",
    "OPTIONAL_CATEGORIES",
    "POLICY_REASON",
    "RECENT_TRAIL",
    "CheckFindings",
    "EscalationError",
    "EscalationItem",
    "EscalationPolicy",
    "EscalationPreview",
    "Source",
    "build_preview",
    "build_ticket",
    "check_findings",
    "collect_diagnostics",
    "counts_from_list",
    "counts_list",
    "default_bundle_dir",
    "default_bundle_name",
    "diagnostics_options",
    "diagnostics_sources",
    "format_counts",
    "load_trail",
    "read_attachment",
    "record_escalation_now",
    "source_revisions",
    "write_escalation",
]
