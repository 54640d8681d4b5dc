"""Escalation, step 2: the preview, exactly what the bundle would hold, already redacted.

:func:`build_preview` redacts the ticket's text fields, the trail and every :class:`~.sources.Source`
with one :class:`~kbdesk.core.redaction.Redactor`, so a value gets the same placeholder everywhere
in the bundle. Each :class:`EscalationItem` carries its redacted text, its counts per category
and whether it is included. Changing a category toggle means building a new preview (a new
redactor); ticking an item in or out does not (:meth:`EscalationPreview.with_included`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kbdesk.core import redaction
from kbdesk.core.bundle import (
    ATTACHMENTS_PREFIX,
    TICKET_JSON,
    TRAIL_JSON,
    SourceRevision,
    Ticket,
    dedupe_name,
    name_key,
    safe_attachment_name,
)
from kbdesk.core.escalation.policy import ALLOW_ALL, EscalationPolicy
from kbdesk.core.escalation.sources import KIND_ATTACHMENT, KIND_DIAGNOSTIC, KIND_LOG, KIND_TICKET, KIND_TRAIL, Source
from kbdesk.core.redaction import CATEGORIES, Counts, Redactor, freeze_counts
from kbdesk.core.redaction.categories import BY_NAME

if TYPE_CHECKING:
    from kbdesk.core.analytics import Trail

log = logging.getLogger(__name__)

#: the categories a person may keep (everything else is always redacted)
OPTIONAL_CATEGORIES: tuple[str, ...] = tuple(
    c.name for c in CATEGORIES if c.can_disable and c.kind in ("personal", "identifier")
)


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
    #: the knowledge-base sources and revisions the user searched (manifest and ticket.md)
    knowledge_base: tuple[SourceRevision, ...] = ()
    #: what the organisation's policy let in (why diagnostics are missing, what may be kept)
    policy: EscalationPolicy = ALLOW_ALL

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
        if self.knowledge_base:
            names = ", ".join(r.source for r in self.knowledge_base)
            kept.append(f"which articles you could see: the sources ({names}) and the revision each served")
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
    knowledge_base: Sequence[SourceRevision] = (),
    policy: EscalationPolicy = ALLOW_ALL,
) -> EscalationPreview:
    """Redact the ticket, the trail and every source with one redactor, in two passes.

    The first pass runs every rule over every text. The second
    (:meth:`~kbdesk.core.redaction.Redactor.propagate`) replaces, in every text, what
    is left of any value the first pass found anywhere: a user name caught as
    ``user=alice.w`` in an attachment is replaced in the ticket's description too.

    ``trail`` is the self-service trail (None: history off or left out; trail.json then
    holds an empty object). ``excluded`` holds item keys (or names) to leave out.
    ``disabled_categories`` is what to keep (None: the default, UUIDs), within what ``policy``
    allows. Raises :class:`~kbdesk.core.errors.RedactionError` for a toggle that may not be
    turned off or a custom term that is too short, :class:`~kbdesk.core.errors.PolicyError`
    for a category the policy does not let anyone keep. Without the policy's leave, diagnostics
    and log sources are left out (the preview says why). ``knowledge_base``: the sources and
    revisions searched, recorded as they are (no personal data in them: folder paths are left
    out, git URLs lose any user name).
    """
    terms = [t for t in (str(t).strip() for t in custom_terms) if t]
    redactor = Redactor(
        custom_terms=terms,
        disabled_categories=policy.kept(disabled_categories),
        hostname=hostname,
        username=username,
    )
    if not policy.diagnostics_allowed:
        withheld = [s for s in sources if s.kind in (KIND_DIAGNOSTIC, KIND_LOG)]
        if withheld:
            log.info("policy: %d diagnostics item(s) left out of the bundle", len(withheld))
        sources = [s for s in sources if s.kind not in (KIND_DIAGNOSTIC, KIND_LOG)]
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
        knowledge_base=tuple(knowledge_base),
        policy=policy,
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
