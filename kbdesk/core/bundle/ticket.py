"""The ticket: ITIL impact x urgency -> priority, and ticket.md, the ticket as a person reads it."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kbdesk.core.bundle.format import SourceRevision
from kbdesk.core.errors import BundleError

# --------------------------------------------------------------------------- ticket


class Priority(enum.Enum):
    """ITIL priority for a 3 x 3 impact x urgency matrix."""

    P1 = (1, "Critical")
    P2 = (2, "High")
    P3 = (3, "Medium")
    P4 = (4, "Low")
    P5 = (5, "Planning")

    @property
    def code(self) -> str:
        return self.name

    @property
    def rank(self) -> int:
        return self.value[0]

    @property
    def title(self) -> str:
        return self.value[1]

    @property
    def label(self) -> str:
        return f"{self.name} {self.value[1]}"

    def __str__(self) -> str:
        return self.label


#: the canonical levels, most severe first; ITIL numbers them 1 (high) to 3 (low)
LEVELS = ("high", "medium", "low")
_LEVEL_ALIASES = {
    "high": "high",
    "h": "high",
    "1": "high",
    "medium": "medium",
    "med": "medium",
    "m": "medium",
    "2": "medium",
    "low": "low",
    "l": "low",
    "3": "low",
}


def normalize_level(value: object, *, what: str = "level") -> str:
    """``high``/``medium``/``low`` from any accepted spelling (also ITIL's 1/2/3, 1 = high)."""
    if isinstance(value, bool):
        raise BundleError(f"{what} must be high, medium or low (or 1-3), not {value!r}")
    key = str(value).strip().lower() if isinstance(value, (str, int)) else None
    level = _LEVEL_ALIASES.get(key) if key is not None else None
    if level is None:
        raise BundleError(f"{what} must be high, medium or low (or 1-3), not {value!r}")
    return level


def priority_for(impact: object, urgency: object) -> Priority:
    """The ITIL matrix: the sum of the two ranks (1 = high .. 3 = low) picks P1 .. P5."""
    i = LEVELS.index(normalize_level(impact, what="impact")) + 1
    u = LEVELS.index(normalize_level(urgency, what="urgency")) + 1
    return list(Priority)[i + u - 2]


@dataclass(frozen=True)
class Ticket:
    """What the user asks for help with. ``impact`` and ``urgency`` are stored as high/medium/low."""

    summary: str
    description: str = ""
    category: str = ""
    impact: str = "medium"
    urgency: str = "medium"
    contact: str = ""
    platform: str = ""

    def __post_init__(self) -> None:
        for name in ("summary", "description", "category", "contact", "platform"):
            if not isinstance(getattr(self, name), str):
                raise BundleError(f"ticket {name} must be text, not {type(getattr(self, name)).__name__}")
        object.__setattr__(self, "impact", normalize_level(self.impact, what="impact"))
        object.__setattr__(self, "urgency", normalize_level(self.urgency, what="urgency"))

    @property
    def priority(self) -> Priority:
        return priority_for(self.impact, self.urgency)

    def to_dict(self) -> dict[str, object]:
        return {
            "summary": self.summary,
            "description": self.description,
            "category": self.category,
            "impact": self.impact,
            "urgency": self.urgency,
            "priority": self.priority.code,
            "priority_label": self.priority.label,
            "contact": self.contact,
            "platform": self.platform,
        }

    @classmethod
    def from_dict(cls, data: object) -> Ticket:
        """Read ticket.json (from a stranger's bundle): every field checked, a wrong one named."""
        if not isinstance(data, Mapping):
            raise BundleError("ticket.json does not hold an object")

        def text(name: str) -> str:
            value = data.get(name, "")
            if not isinstance(value, str):
                raise BundleError(f"ticket {name} must be text, not {type(value).__name__}")
            return value

        try:
            return cls(
                summary=text("summary"),
                description=text("description"),
                category=text("category"),
                impact=normalize_level(data.get("impact", "medium"), what="impact"),
                urgency=normalize_level(data.get("urgency", "medium"), what="urgency"),
                contact=text("contact"),
                platform=text("platform"),
            )
        except BundleError as exc:
            raise BundleError(f"ticket.json: {exc}") from None


def _render_scalar(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _md_inline(text: str) -> str:
    """One line of user text that markdown shows as written (no HTML, links or tables)."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)


def _fenced(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def render_ticket_markdown(
    ticket: Ticket,
    trail: Mapping[str, object],
    *,
    created_at: str,
    bundle_id: str,
    knowledge_base: Sequence[SourceRevision] = (),
) -> str:
    """``ticket.md``: the ticket, the knowledge base the user searched and a summary of the self-service
    trail, for a person."""
    lines = [
        f"# {_md_inline(ticket.summary) or '(no summary)'}",
        "",
        f"- **Priority:** {ticket.priority.label} (impact {ticket.impact}, urgency {ticket.urgency})",
        f"- **Category:** {_md_inline(ticket.category) or '-'}",
        f"- **Contact:** {_md_inline(ticket.contact) or '-'}",
        f"- **Platform:** {_md_inline(ticket.platform) or '-'}",
        f"- **Created:** {created_at}",
        f"- **Bundle:** {bundle_id}",
        "",
        "## Description",
        "",
        _fenced(ticket.description) if ticket.description.strip() else "_No description given._",
        "",
        "## What the user already tried",
        "",
    ]
    if knowledge_base:
        lines[-2:-2] = [
            "## Knowledge base the user searched",
            "",
            *(f"- {_md_inline(revision.describe())}" for revision in knowledge_base),
            "",
        ]
    if not trail:
        lines.append("_No self-service trail was included._")
    for key in sorted(trail, key=str):
        value = trail[key]
        if isinstance(value, (list, tuple)):
            lines.append(f"### {_md_inline(str(key))} ({len(value)})")
            lines.append("")
            if not value:
                lines.append("- (none)")
            for entry in value:
                if isinstance(entry, Mapping):
                    text = "; ".join(f"{k}: {_render_scalar(v)}" for k, v in entry.items())
                else:
                    text = _render_scalar(entry)
                lines.append(f"- {_md_inline(text)}")
            lines.append("")
        elif isinstance(value, Mapping):
            lines.append(f"### {_md_inline(str(key))}")
            lines.append("")
            for k, v in value.items():
                lines.append(f"- **{_md_inline(str(k))}:** {_md_inline(_render_scalar(v))}")
            lines.append("")
        else:
            lines.append(f"- **{_md_inline(str(key))}:** {_md_inline(_render_scalar(value))}")
    return "\n".join(lines).rstrip() + "\n"
