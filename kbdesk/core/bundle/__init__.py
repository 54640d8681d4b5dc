"""The escalation bundle: one ``.kbbundle`` file a user hands to a support agent.

A bundle is a zip archive (deflate) with a fixed layout::

    manifest.json            format, version, id, time, kbdesk version, the file list
                             (name, size, sha256 of every other member), the redaction
                             summary, the consent record, and the knowledge-base sources
                             and revisions the user searched (``knowledge_base``)
    ticket.json              the ticket, with the priority derived from impact x urgency
    ticket.md                the same ticket and a trail summary, for a person to read
    trail.json               the self-service trail (what the user searched and read)
    diagnostics/<name>.json  collector output (or .txt)
    diagnostics/checks.json  the facts read from them and the articles' checks that fired
    attachments/<name>       files the user chose to attach, with sanitised names

Integrity means *consistency*: every member's size and sha256 match what the
manifest lists, and nothing is missing or added. The manifest cannot hash
itself, so it proves nothing against someone who rewrites both a member and the
manifest; for that, the sha256 of the whole file (:func:`file_sha256`) is what a
user can read out to the agent, who compares it with the file that arrived.

This module takes content that is already redacted. It never imports the
redaction, diagnostics or analytics modules; the composition layer passes a
``final_scan(member_name, text)`` hook that raises to refuse a member (the
secret scanner), and whatever it raises reaches the caller unchanged.

Where things are::

    format.py   names of the members, the version, BundleLimits, BundleItem/BundleInfo/VerifyResult
    ticket.py   Ticket, the ITIL impact x urgency -> priority matrix, ticket.md
    names.py    what a safe member name is, portable attachment names, the one dedupe
    writer.py   write_bundle: atomic, the final scan on every member, the same limits as reading
    reader.py   verify_bundle, open_bundle: hostile-zip checks, extraction into a private folder

Reading is built for files from strangers: :func:`open_bundle` extracts into a
private temporary folder and refuses (``UnsafeBundleError``) any archive that
could write outside it or exhaust the disk or memory, before a byte is written.
"""

from __future__ import annotations

from kbdesk.core.bundle.format import (
    ATTACHMENTS_PREFIX,
    BUNDLE_SUFFIX,
    CHECKS_JSON,
    CORE_MEMBERS,
    DEFAULT_LIMITS,
    DIAGNOSTICS_PREFIX,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    TICKET_JSON,
    TICKET_MD,
    TRAIL_JSON,
    BundleInfo,
    BundleItem,
    BundleLimits,
    FinalScan,
    ManifestFile,
    SourceRevision,
    VerifyResult,
    file_sha256,
)
from kbdesk.core.bundle.names import dedupe_name, name_key, safe_attachment_name
from kbdesk.core.bundle.reader import OpenedBundle, open_bundle, verify_bundle
from kbdesk.core.bundle.ticket import LEVELS, Priority, Ticket, normalize_level, priority_for, render_ticket_markdown
from kbdesk.core.bundle.writer import write_bundle

__all__ = [
    "ATTACHMENTS_PREFIX",
    "BUNDLE_SUFFIX",
    "CHECKS_JSON",
    "CORE_MEMBERS",
    "DEFAULT_LIMITS",
    "DIAGNOSTICS_PREFIX",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LEVELS",
    "MANIFEST_NAME",
    "TICKET_JSON",
    "TICKET_MD",
    "TRAIL_JSON",
    "BundleInfo",
    "BundleItem",
    "BundleLimits",
    "FinalScan",
    "ManifestFile",
    "OpenedBundle",
    "Priority",
    "SourceRevision",
    "Ticket",
    "VerifyResult",
    "dedupe_name",
    "file_sha256",
    "name_key",
    "normalize_level",
    "open_bundle",
    "priority_for",
    "render_ticket_markdown",
    "safe_attachment_name",
    "verify_bundle",
    "write_bundle",
]
