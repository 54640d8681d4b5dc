"""The ticket's subject and text, the same for every desk.

Plain text on purpose: RT (and most desks' e-mail ingestion) shows the body as it
is and renders no Markdown, so ``ticket.md`` would arrive full of ``**`` and ``\\#``.
The text comes from the bundle's ticket, which escalation already redacted
(summary, description, category; the contact is what the person typed for the desk).
"""

from __future__ import annotations

import re

from kbdesk import __version__
from kbdesk.core.desks.base import Submission

#: the MIME type packaging/ registers for .kbbundle files
BUNDLE_MIME = "application/x-kbdesk-bundle"
#: the bundle id's tag in the subject; search on it finds the ticket where no custom field exists
SUBJECT_TAG = "kbdesk-bundle"
MAX_SUMMARY_CHARS = 150
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def requestor_from_contact(contact: str) -> str:
    """The first e-mail address in the contact field ('' for a phone number or a name)."""
    match = _EMAIL.search(contact or "")
    return match.group(0) if match else ""


def subject_tag(bundle_id: str) -> str:
    return f"[{SUBJECT_TAG} {bundle_id}]"


def ticket_subject(submission: Submission) -> str:
    summary = one_line(submission.ticket.summary)
    if len(summary) > MAX_SUMMARY_CHARS:
        summary = summary[: MAX_SUMMARY_CHARS - 1].rstrip() + "…"
    return f"{summary or 'Support request'} {subject_tag(submission.bundle_id)}"


def ticket_body(submission: Submission, *, open_hint: str = "") -> str:
    ticket = submission.ticket
    lines = [
        one_line(ticket.summary) or "(no summary)",
        "",
        f"Priority:  {ticket.priority.label} (impact {ticket.impact}, urgency {ticket.urgency})",
        f"Category:  {one_line(ticket.category) or '-'}",
        f"Contact:   {one_line(ticket.contact) or '-'}",
        f"Platform:  {one_line(ticket.platform) or '-'}",
        f"Created:   {submission.created_at or '-'}",
        "",
        "Description:",
        "",
        ticket.description.strip() or "(none given)",
        "",
        "-- ",
        f"The escalation bundle is attached: {submission.filename}",
        f"Bundle ID: {submission.bundle_id}",
        f"SHA-256:   {submission.sha256}",
        f"Size:      {submission.size:,} bytes",
        "It holds the user's self-service trail and redacted diagnostics.",
        open_hint or "Open it in kbdesk, or check it with: kbdesk bundle verify FILE",
        f"Sent by kbdesk {__version__} (bundle made by kbdesk {submission.kbdesk_version or '?'}).",
    ]
    return "\n".join(lines) + "\n"
