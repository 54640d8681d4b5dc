"""Escalation, step 1: collect what could be sent, as :class:`Source` objects holding the original text.

One source per diagnostics section (:func:`diagnostics_sources`, with what the articles' checks
found in the report as ``diagnostics/checks.json``: :func:`check_findings`), the kbdesk log tail,
the self-service trail (:func:`load_trail`) and the files the person attaches
(:func:`read_attachment`). Nothing here is redacted yet: that is :mod:`.preview`'s.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kbdesk.core.bundle import ATTACHMENTS_PREFIX, CHECKS_JSON, DIAGNOSTICS_PREFIX, SourceRevision
from kbdesk.core.errors import KbdeskError

if TYPE_CHECKING:  # diagnostics and analytics are imported where they are used (the CLI starts faster)
    from kbdesk.core.analytics import Trail
    from kbdesk.core.checks import CheckSet, Evaluation, FactSnapshot
    from kbdesk.core.diagnostics import DiagnosticsOptions, DiagnosticsReport
    from kbdesk.core.settings import Settings

log = logging.getLogger(__name__)

#: largest file a person can attach (the bundle itself allows 200 MB per member)
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: without a session (the CLI), the trail covers this much recent history
RECENT_TRAIL = timedelta(hours=24)
LOG_ITEM = DIAGNOSTICS_PREFIX + "log.txt"

#: what an item is (the wizard labels its rows by kind; the writer decides from it which members go where)
KIND_TICKET = "ticket"
KIND_DIAGNOSTIC = "diagnostic"
KIND_LOG = "log"
KIND_ATTACHMENT = "attachment"
KIND_TRAIL = "trail"


class EscalationError(KbdeskError):
    """Something the person chose cannot go into a bundle (an unreadable or too large file)."""


@dataclass(frozen=True)
class Source:
    """One thing that could be sent, before redaction.

    ``key`` is stable across re-redaction (the include toggles use it);
    ``name`` is the member name inside the bundle before redaction of the file
    name. Exactly one of ``text`` and ``data`` is set: ``data`` for binary
    attachments that cannot be redacted.
    """

    key: str
    name: str
    title: str
    kind: str
    text: str | None = None
    data: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else len((self.text or "").encode("utf-8"))


def diagnostics_options(
    settings: Settings | None = None,
    *,
    display: object = None,
    index_stats: Mapping[str, object] | None = None,
    log_lines: int = 200,
) -> DiagnosticsOptions:
    """DiagnosticsOptions from the settings' ``diagnostic_hosts`` (``host`` or ``host:port``) and ``time_server``."""
    from kbdesk.core.diagnostics import DiagnosticsOptions, parse_tcp_target
    from kbdesk.core.diagnostics.base import DiagnosticsError

    hosts: list[str] = []
    targets: list[tuple[str, int]] = []
    for entry in settings.diagnostic_hosts if settings is not None else ():
        entry = str(entry).strip()
        if not entry:
            continue
        bare_v6 = entry.count(":") > 1 and not entry.startswith("[")
        if ":" in entry and not bare_v6:
            try:
                host, port = parse_tcp_target(entry)
            except DiagnosticsError:
                log.warning("diagnostic_hosts: ignoring %r (not host or host:port)", entry)
                continue
            targets.append((host, port))
            hosts.append(host)
        else:
            hosts.append(entry)
    return DiagnosticsOptions(
        dns_hosts=tuple(dict.fromkeys(hosts)),
        tcp_targets=tuple(targets),
        display=display,
        index_stats=index_stats,
        log_lines=log_lines,
        time_server=settings.time_server if settings is not None else "",
    )


def collect_diagnostics(
    settings: Settings | None = None, *, display: object = None, index_stats: Mapping[str, object] | None = None
) -> DiagnosticsReport:
    """Run every collector (a few seconds at most; safe on a worker thread)."""
    from kbdesk.core.diagnostics import collect_all

    return collect_all(diagnostics_options(settings, display=display, index_stats=index_stats))


def diagnostics_sources(report: DiagnosticsReport, checks: Source | None = None) -> list[Source]:
    """One source per diagnostics section, the checks' findings (``checks``, from :func:`checks_source`)
    after them, and the log tail as its own text source."""
    sources: list[Source] = []
    log_source: Source | None = None
    for result in report.results:
        if result.name == "log":
            lines = result.data.get("lines") if isinstance(result.data, Mapping) else None
            if result.ok and isinstance(lines, list) and lines:
                text = "\n".join(str(line) for line in lines) + "\n"
            else:
                text = result.text or f"could not collect: {result.error}"
            log_source = Source(LOG_ITEM, LOG_ITEM, "kbdesk log (recent lines)", KIND_LOG, text=text)
            continue
        doc = {"format": "kbdesk-diagnostic", "created": report.created, **result.to_dict()}
        name = f"{DIAGNOSTICS_PREFIX}{result.name}.json"
        text = json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False, default=str) + "\n"
        sources.append(Source(name, name, result.title, KIND_DIAGNOSTIC, text=text))
    if checks is not None:
        sources.append(checks)
    if log_source is not None:
        sources.append(log_source)
    return sources


@dataclass(frozen=True)
class CheckFindings:
    """What the articles' checks found in one diagnostics report: for the wizard's first page and the bundle."""

    facts: FactSnapshot
    evaluation: Evaluation

    def source(self) -> Source:
        """``diagnostics/checks.json``: the facts and every check that fired, with its article and evidence."""
        from kbdesk.core.checks import checks_document

        doc = checks_document(self.evaluation, self.facts.values, created=self.facts.created, source=self.facts.source)
        text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        return Source(
            CHECKS_JSON, CHECKS_JSON, "What kbdesk found (checks of the articles)", KIND_DIAGNOSTIC, text=text
        )


def check_findings(report: DiagnosticsReport | Mapping[str, object], checks: CheckSet | None) -> CheckFindings:
    """Evaluate the articles' checks (None: no articles known) on a report's facts, for this report's platform."""
    from kbdesk.core.checks import CheckSet, facts_from_report

    facts = facts_from_report(report)
    evaluation = (checks or CheckSet(())).evaluate(facts.values, platform=facts.platform)
    return CheckFindings(facts, evaluation)


def source_revisions(rows: Iterable[Mapping[str, object]]) -> tuple[SourceRevision, ...]:
    """``SourceSet.revisions()``: the knowledge-base sources and the revision each served, as a bundle records
    them (so the agent reads the articles the user read)."""
    return tuple(SourceRevision.from_mapping(row) for row in rows)


def load_trail(
    *, session_id: int | None = None, db_path: Path | None = None, since: datetime | None = None, enabled: bool = True
) -> Trail | None:
    """The trail of one session, or (no session) of the recent past; None when history is off or unreadable."""
    from kbdesk.core.analytics import AnalyticsError, AnalyticsStore

    if not enabled:
        return None
    if session_id is None and since is None:
        since = datetime.now(UTC) - RECENT_TRAIL
    try:
        with AnalyticsStore.open(db_path) as store:
            return store.trail(session_id, since)
    except (AnalyticsError, OSError) as exc:
        log.warning("could not read the self-service trail: %s", exc)
        return None


def read_attachment(path: Path | str, *, max_bytes: int = MAX_ATTACHMENT_BYTES) -> Source:
    """Read a file the person chose; text is redacted later, other files are sent as they are."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise EscalationError(
                f"{path.name} is {size / 1048576:.1f} MB; attachments are limited to {max_bytes // 1048576} MB",
                hint="Attach a smaller file, for example only the end of a log.",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise EscalationError(f"cannot attach {path.name}: the file does not exist") from None
    except IsADirectoryError:
        raise EscalationError(f"cannot attach {path.name}: it is a folder", hint="Attach files one by one.") from None
    except OSError as exc:
        raise EscalationError(f"cannot attach {path.name}: {exc.strerror or exc}") from None
    key = f"attachment:{path.resolve()}"
    name = ATTACHMENTS_PREFIX + path.name
    title = path.name
    if b"\x00" not in data[:8192]:
        try:
            return Source(key, name, title, KIND_ATTACHMENT, text=data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    return Source(key, name, title, KIND_ATTACHMENT, data=data)
