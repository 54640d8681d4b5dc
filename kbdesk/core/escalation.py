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

Length (about 640 lines): the three steps of one flow (collect, preview, write), read top
to bottom; the format, redaction and analytics work they call lives in their own packages.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kbdesk import __version__
from kbdesk.core import redaction
from kbdesk.core.bundle import (
    ATTACHMENTS_PREFIX,
    CHECKS_JSON,
    DIAGNOSTICS_PREFIX,
    TICKET_JSON,
    TRAIL_JSON,
    BundleInfo,
    BundleItem,
    Ticket,
    dedupe_name,
    name_key,
    safe_attachment_name,
    write_bundle,
)
from kbdesk.core.errors import KbdeskError
from kbdesk.core.redaction import CATEGORIES, Counts, Redactor, freeze_counts
from kbdesk.core.redaction.categories import BY_NAME

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

KIND_TICKET = "ticket"
KIND_DIAGNOSTIC = "diagnostic"
KIND_LOG = "log"
KIND_ATTACHMENT = "attachment"
KIND_TRAIL = "trail"

#: the categories a person may keep (everything else is always redacted)
OPTIONAL_CATEGORIES: tuple[str, ...] = tuple(
    c.name for c in CATEGORIES if c.can_disable and c.kind in ("personal", "identifier")
)


class EscalationError(KbdeskError):
    """Something the person chose cannot go into a bundle (an unreadable or too large file)."""


# --------------------------------------------------------------------------- sources


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


# --------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class EscalationItem:
    """One entry of "What will be sent": its redacted content and what was redacted in it."""

    name: str
    title: str
    kind: str
    redacted_text: str
    counts: Counts = ()
    included: bool = True
    key: str = ""
    #: False for the ticket, which every bundle has
    optional: bool = True
    #: False for binary attachments, which are sent as they are
    redactable: bool = True
    size: int = 0
    #: bytes of a binary attachment (None for text items)
    data: bytes | None = field(default=None, repr=False)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def payload(self) -> bytes:
        return self.data if self.data is not None else self.redacted_text.encode("utf-8")


@dataclass(frozen=True)
class EscalationPreview:
    """Everything the bundle would hold, already redacted, with the choices made so far."""

    ticket: Ticket
    #: the redacted trail.json document (the JSON edge: redaction works on its text values)
    trail: Mapping[str, object]
    items: tuple[EscalationItem, ...]
    disabled_categories: tuple[str, ...]
    custom_terms: int
    platform: str = ""
    #: the secret values the redactor replaced (in memory only, never written): the final scan
    #: refuses a bundle in which any of them is still present, in any member, binary ones included
    known_secrets: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    def item(self, key: str) -> EscalationItem:
        for item in self.items:
            if item.key == key or item.name == key:
                return item
        raise KeyError(key)

    def with_included(self, key: str, included: bool) -> EscalationPreview:
        items = tuple(
            dataclasses.replace(i, included=bool(included) or not i.optional) if key in (i.key, i.name) else i
            for i in self.items
        )
        return dataclasses.replace(self, items=items)

    @property
    def included_items(self) -> tuple[EscalationItem, ...]:
        return tuple(i for i in self.items if i.included)

    def totals(self, *, included_only: bool = True) -> Counts:
        counter: Counter[str] = Counter()
        for item in self.items:
            if item.included or not included_only:
                counter.update(dict(item.counts))
        return freeze_counts(counter)

    def redaction_summary(self) -> dict[str, object]:
        """For the manifest: counts of what is in the file (left-out items do not count), never values.

        Counts are lists of ``{"category", "count"}`` rather than ``{category: count}``
        because ``"password": 2`` is itself a secret shape to the final scan.
        """
        return {
            "version": redaction.REPORT_VERSION,
            "totals": counts_list(self.totals()),
            "per_source": [{"source": i.name, "counts": counts_list(i.counts)} for i in self.included_items],
            "disabled_categories": list(self.disabled_categories),
            "custom_terms": self.custom_terms,
            "not_redactable": [i.name for i in self.included_items if not i.redactable],
        }

    def kept_as_is(self) -> list[str]:
        """Everything the bundle holds unredacted, each in words a person understands (the consent pages).

        The personal-data kinds the person chose to keep (and the ones kept by default,
        UUIDs), the included files that are not text (sent exactly as they are), and the
        contact field. Empty when everything found was replaced.
        """
        kept = []
        for name in self.disabled_categories:
            category = BY_NAME.get(name)
            if category is not None:
                how = "kept by default" if category.kept_by_default else "your choice"
                kept.append(f"{category.description}: {how}")
        for item in self.included_items:
            if not item.redactable:
                kept.append(f"{item.title}, sent exactly as it is (not text, cannot be redacted)")
        if self.ticket.contact.strip():
            kept.append("your contact details, so the service desk can reach you")
        return kept

    def consent_record(self, *, agreed_at: datetime | None = None) -> dict[str, object]:
        """What the person was shown and chose; ``agreed_at`` in UTC."""
        moment = (agreed_at or datetime.now(UTC)).astimezone(UTC)
        return {
            "agreed_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "shown": "redacted preview of every item",
            "items": [{"name": i.name, "title": i.title, "kind": i.kind, "included": i.included} for i in self.items],
            "categories": {
                name: ("kept" if name in self.disabled_categories else "redacted") for name in OPTIONAL_CATEGORIES
            },
            "custom_terms": self.custom_terms,
        }


def build_ticket(
    summary: str,
    description: str = "",
    *,
    impact: str = "medium",
    urgency: str = "medium",
    contact: str = "",
    category: str = "",
    platform: str = "",
) -> Ticket:
    return Ticket(
        summary=summary,
        description=description,
        category=category,
        impact=impact,
        urgency=urgency,
        contact=contact,
        platform=platform,
    )


def _item_name(redactor: Redactor, source: Source) -> str:
    if source.kind != KIND_ATTACHMENT:
        return source.name
    # the file name itself may carry a user or host name
    return ATTACHMENTS_PREFIX + safe_attachment_name(redactor.redact_label(source.name[len(ATTACHMENTS_PREFIX) :]))


def _dedupe_names(items: list[EscalationItem]) -> list[EscalationItem]:
    taken: set[str] = set()
    out = []
    for item in items:
        name = dedupe_name(item.name, taken)
        if name != item.name:
            item = dataclasses.replace(item, name=name)
        taken.add(name_key(name))
        out.append(item)
    return out


def _map_strings(value: object, func: Callable[[str], str]) -> object:
    """``value`` (JSON-like) with ``func`` applied to every non-empty string in it."""
    if isinstance(value, str):
        return func(value) if value else value
    if isinstance(value, Mapping):
        return {str(k): _map_strings(v, func) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_map_strings(v, func) for v in value]
    return value


def build_preview(
    ticket: Ticket,
    sources: Sequence[Source],
    *,
    custom_terms: Iterable[str] = (),
    disabled_categories: Iterable[str] | None = None,
    excluded: Iterable[str] = (),
    trail: Trail | None = None,
    hostname: str | None = None,
    username: str | None = None,
) -> EscalationPreview:
    """Redact the ticket, the trail and every source with one redactor, in two passes.

    The first pass runs every rule over every text. The second
    (:meth:`~kbdesk.core.redaction.Redactor.propagate`) replaces, in every text, what
    is left of any value the first pass found anywhere: a user name caught as
    ``user=alice.w`` in an attachment is replaced in the ticket's description too.

    ``trail`` is the self-service trail (None: history off or left out; trail.json then
    holds an empty object). ``excluded`` holds item keys (or names) to leave out.
    ``disabled_categories`` is what to keep (None: the default, UUIDs). Raises
    :class:`~kbdesk.core.errors.RedactionError` for a toggle that may not be turned off
    or a custom term that is too short.
    """
    terms = [t for t in (str(t).strip() for t in custom_terms) if t]
    redactor = Redactor(
        custom_terms=terms, disabled_categories=disabled_categories, hostname=hostname, username=username
    )
    excluded = set(excluded)

    # -- first pass: every rule over every text
    ticket_counts: Counter[str] = Counter()

    def redact_field(text: str) -> str:
        if not text:
            return text
        result = redactor.redact(text, TICKET_JSON)
        ticket_counts.update(dict(result.counts))
        return result.text

    fields = {name: redact_field(getattr(ticket, name)) for name in ("summary", "description", "category")}
    trail_doc = trail.to_dict() if trail is not None else {}
    trail_counts: Counter[str] = Counter()

    def redact_trail_string(text: str) -> str:
        result = redactor.redact(text, TRAIL_JSON)
        trail_counts.update(dict(result.counts))
        return result.text

    red_trail = _map_strings(trail_doc, redact_trail_string)
    firsts: list[tuple[Source, str, str, str, Counter[str]]] = []  # source, name, title, text, counts
    for source in sources:
        name = _item_name(redactor, source)
        title = redactor.redact_label(source.title)
        if source.data is not None:
            firsts.append((source, name, title, "", Counter()))
            continue
        result = redactor.redact(source.text or "", name)
        firsts.append((source, name, title, result.text, Counter(dict(result.counts))))

    # -- second pass: what one text revealed is replaced in all of them
    def propagate_field(text: str) -> str:
        result = redactor.propagate(text, TICKET_JSON)
        ticket_counts.update(dict(result.counts))
        return result.text

    def propagate_trail_string(text: str) -> str:
        result = redactor.propagate(text, TRAIL_JSON)
        trail_counts.update(dict(result.counts))
        return result.text

    fields = {k: propagate_field(v) if v else v for k, v in fields.items()}
    red_trail = _map_strings(red_trail, propagate_trail_string)
    assert isinstance(red_trail, dict)
    red_ticket = dataclasses.replace(ticket, **fields)
    ticket_text = _ticket_preview_text(red_ticket)
    items: list[EscalationItem] = [
        EscalationItem(
            TICKET_JSON,
            "Your request (summary and description)",
            KIND_TICKET,
            ticket_text,
            freeze_counts(ticket_counts),
            True,
            key=TICKET_JSON,
            optional=False,
            size=len(ticket_text.encode()),
        )
    ]
    trail_text = json.dumps(red_trail, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    items.append(
        EscalationItem(
            TRAIL_JSON,
            "What you already tried (searches, articles, feedback)",
            KIND_TRAIL,
            trail_text,
            freeze_counts(trail_counts),
            TRAIL_JSON not in excluded,
            key=TRAIL_JSON,
            size=len(trail_text.encode()),
        )
    )

    for source, name, title, text, counts in firsts:
        included = source.key not in excluded and source.name not in excluded
        name = redactor.propagate(name, count=False).text
        title = redactor.propagate(title, count=False).text
        if source.data is not None:
            note = (
                f"{source.title}: a {len(source.data):,} byte file that is not text. It cannot be redacted and "
                "is sent exactly as it is; make sure it shows nothing private."
            )
            items.append(
                EscalationItem(
                    name,
                    title,
                    source.kind,
                    note,
                    (),
                    included,
                    key=source.key,
                    redactable=False,
                    size=len(source.data),
                    data=source.data,
                )
            )
            continue
        second = redactor.propagate(text, name)
        text = second.text
        counts.update(dict(second.counts))
        if name.endswith(".json"):
            try:
                json.loads(text)
            except ValueError:
                log.warning("%s is no longer valid JSON after redaction; it is stored as text", name)
                name = name[: -len(".json")] + ".txt"
        items.append(
            EscalationItem(
                name,
                title,
                source.kind,
                text,
                freeze_counts(counts),
                included,
                key=source.key,
                size=len(text.encode("utf-8")),
            )
        )

    return EscalationPreview(
        ticket=red_ticket,
        trail=red_trail,
        items=tuple(_dedupe_names(items)),
        disabled_categories=tuple(c.name for c in CATEGORIES if c.name in redactor.disabled_categories),
        custom_terms=len(terms),
        platform=ticket.platform,
        known_secrets=tuple(sorted(redactor.known_secrets().items())),
    )


def _ticket_preview_text(ticket: Ticket) -> str:
    lines = [
        f"Summary:     {ticket.summary}",
        f"Priority:    {ticket.priority.label} (impact {ticket.impact}, urgency {ticket.urgency})",
        f"Contact:     {ticket.contact or '-'} (not redacted: it is how the service desk reaches you)",
        f"Platform:    {ticket.platform or '-'}",
    ]
    if ticket.category:
        lines.insert(1, f"Category:    {ticket.category}")
    lines += ["", "Description:", ticket.description or "(none)"]
    return "\n".join(lines) + "\n"


def counts_list(counts: Counts) -> list[dict[str, object]]:
    return [{"category": name, "count": n} for name, n in counts]


def counts_from_list(value: object) -> Counts:
    """Read counts back from a manifest (the list form, or a plain mapping from other writers)."""
    if isinstance(value, Mapping):
        return tuple((str(k), int(v)) for k, v in value.items() if isinstance(v, int))
    pairs = []
    for entry in value if isinstance(value, list | tuple) else ():
        if isinstance(entry, Mapping) and isinstance(entry.get("count"), int):
            pairs.append((str(entry.get("category")), int(entry["count"])))
    return tuple(pairs)


def format_counts(counts: Counts | Mapping[str, int]) -> str:
    """``email 2, ipv4 1`` (or "nothing redacted")."""
    pairs = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    return ", ".join(f"{k} {v}" for k, v in pairs) if pairs else "nothing redacted"


# --------------------------------------------------------------------------- write


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


__all__ = [
    "KIND_ATTACHMENT",
    "KIND_DIAGNOSTIC",
    "KIND_LOG",
    "KIND_TICKET",
    "KIND_TRAIL",
    "MAX_ATTACHMENT_BYTES",
    "OPTIONAL_CATEGORIES",
    "CheckFindings",
    "EscalationError",
    "EscalationItem",
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
    "write_escalation",
]
