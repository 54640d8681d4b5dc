"""Escalation, step 3: write the bundle from a preview's included items.

The manifest gets a redaction summary of what is in the file and a consent record of what
the person was shown and chose; every member passes :func:`~kbdesk.core.redaction.verify_clean`
(and the secret values the redaction found anywhere) just before it is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kbdesk import __version__
from kbdesk.core import redaction
from kbdesk.core.bundle import BundleInfo, BundleItem, write_bundle
from kbdesk.core.escalation.preview import EscalationPreview
from kbdesk.core.escalation.sources import KIND_ATTACHMENT, KIND_DIAGNOSTIC, KIND_LOG, KIND_TRAIL

log = logging.getLogger(__name__)


def _final_scan(preview: EscalationPreview) -> Callable[[str, str], None]:
    """The check every member passes just before it is written (see :func:`~kbdesk.core.redaction.verify_clean`).

    The same detectors as the redaction, and every secret value the redaction found in
    any item: a password from the log that is also inside a binary attachment (which
    cannot be redacted) refuses the bundle, naming the attachment.
    """
    known = dict(preview.known_secrets)

    def scan(name: str, text: str) -> None:
        redaction.verify_clean(text, name, known=known)

    return scan


def write_escalation(
    path: Path | str,
    preview: EscalationPreview,
    *,
    agreed_at: datetime | None = None,
) -> BundleInfo:
    """Write the bundle from the preview's included items.

    Recording the escalation in the history is the caller's: the GUI does it on its
    analytics lane, the CLI with :func:`record_escalation_now`, each after the bundle is saved.
    """
    path = Path(path)
    items = [
        BundleItem(i.name, i.payload())
        for i in preview.items
        if i.included and i.kind in (KIND_DIAGNOSTIC, KIND_LOG, KIND_ATTACHMENT)
    ]
    trail_item = next((i for i in preview.items if i.kind == KIND_TRAIL), None)
    trail = dict(preview.trail) if trail_item is not None and trail_item.included else {}
    info = write_bundle(
        path,
        preview.ticket,
        trail,
        items,
        preview.redaction_summary(),
        preview.consent_record(agreed_at=agreed_at),
        final_scan=_final_scan(preview),
        knowledge_base=preview.knowledge_base,
    )
    return info


def record_escalation_now(
    info: BundleInfo, summary: str, *, db_path: Path | None = None, enabled: bool = True, platform: str = ""
) -> int:
    """For the CLI: record the escalation in a short session of its own; 0 when nothing was recorded."""
    from kbdesk.core.analytics import AnalyticsError, AnalyticsStore

    if not enabled:
        return 0
    try:
        with AnalyticsStore.open(db_path) as store:
            session = store.start_session(platform or "cli", __version__)
            row = store.record_escalation(session, info.bundle_id, summary)
            store.end_session(session)
            return row
    except (AnalyticsError, OSError) as exc:
        log.warning("escalation not recorded in the history: %s", exc)
        return 0


def default_bundle_name(now: datetime | None = None) -> str:
    moment = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"kbdesk-support-{moment}.kbbundle"


def default_bundle_dir() -> Path:
    """~/Documents when it exists, else the data folder's ``bundles``."""
    docs = Path.home() / "Documents"
    if docs.is_dir():
        return docs
    from kbdesk.core.paths import state_paths

    return state_paths().data / "bundles"
