"""The knowledge base's sources in the app's language: what each serves, its last sync, a revision held
back, and the one quiet line about syncs for the status bar.

The core says the same in English for ``kbdesk sources list`` (:meth:`SourceState.summary`,
:meth:`SourceState.held_back`, :func:`kbdesk.core.sources.schedule.status_line`); the app words it here
again from the same facts, with dates and times as the locale writes them. What lint or a signature
check said about a held-back revision (its reasons) stays as the core wrote it, like every lint finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDateTime, QLocale

from ..core.sources.policy import DEFAULT_REASON
from ..core.sources.service import SourceState
from ..core.sources.store import FAILED, OFFLINE, SyncResult
from .i18n import TranslationContext, date_text

sources_words = TranslationContext("sources_words")


def policy_reason(reason: str) -> str:
    """A lock's reason as shown: the organisation's own words as its policy file has them, or, when it gave
    none, kbdesk's default in the app's language."""
    return sources_words.tr("set by your organisation's policy") if reason == DEFAULT_REASON else reason


def _day(stamp: str) -> str:
    """The calendar day of an ISO 8601 time ("30 November 2026"; the text itself when it is not one)."""
    try:
        return date_text(dt.date.fromisoformat(stamp[:10]), long=True)
    except ValueError:
        return stamp[:10]


def _minute(stamp: str) -> str:
    """An ISO 8601 UTC time as this computer's local time to the minute, as the locale writes it."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:16]
    when = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)


def source_summary(state: SourceState) -> str:
    """One line: what is served, and when it was last brought up to date."""
    if state.source.kind == "folder":
        return sources_words.tr("the folder as it is") if state.served.folder else sources_words.tr("folder not found")
    revision = state.served.revision
    if revision:
        serving = sources_words.tr("revision {revision} of {date}").format(
            revision=revision.short, date=_day(revision.commit_time)
        )
    else:
        serving = sources_words.tr("nothing yet")
    last = state.status.last_success or state.status.last_attempt
    if last:
        return sources_words.tr("{serving}; last sync {time}").format(serving=serving, time=_minute(last))
    return sources_words.tr("{serving}; never synced").format(serving=serving)


def held_back_text(state: SourceState) -> str:
    """Why a newer revision is not served ("" when none is held back): for writers, not end users."""
    status = state.status
    if not status.held_back_commit:
        return ""
    revision = status.held_back_commit[:12]
    if status.outcome == "held-back":
        return sources_words.tr("revision {revision} not served: lint found errors").format(revision=revision)
    if status.held_back_reasons:
        # the signature check's own words, like a lint finding
        return sources_words.tr("revision {revision} not served: {reason}").format(
            revision=revision, reason=status.held_back_reasons[0]
        )
    return sources_words.tr("revision {revision} not served: its signature was refused").format(revision=revision)


def sync_line(results: Sequence[SyncResult], retry_in: float | None) -> str:
    """The one quiet line for end users ("" when there is nothing to say): a remote that could not be reached.
    Lint and signature details are for writers (:func:`held_back_text`)."""
    offline = [r for r in results if r.outcome in (OFFLINE, FAILED)]
    if not offline:
        return ""
    names = ", ".join(r.source for r in offline[:3]) + (" …" if len(offline) > 3 else "")
    if all(r.outcome == OFFLINE for r in offline):
        text = sources_words.tr("Offline: could not update {sources}").format(sources=names)
    else:
        text = sources_words.tr("Could not update {sources}").format(sources=names)
    served = [r.served for r in offline if r.served is not None]
    if served:
        text += sources_words.tr("; showing articles from {date}").format(date=_day(served[0].commit_time))
    if retry_in:
        text += sources_words.tr(", retrying in %n min", "", max(1, round(retry_in / 60)))
    return text


def more_text(count: int) -> str:
    """ " (and 2 more)": after the first of several sources."""
    return sources_words.tr(" (and %n more)", "", count) if count else ""
