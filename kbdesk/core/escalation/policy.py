"""What the organisation's policy lets into a bundle: diagnostics at all, and which personal data may stay.

Two policy keys (docs/sources.md): ``diagnostics_allowed = false`` means no
diagnostics section and no log tail are collected or written (the GUI and the
CLI do not collect them; :func:`~kbdesk.core.escalation.build_preview` leaves
such items out whatever it is given, and the preview says why);
``keep_categories`` lists the personal-data categories a person may keep: the
others are always replaced, a category kbdesk keeps by default (request UUIDs)
included, quietly, while one the person asks for is refused with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kbdesk.core.errors import PolicyError
from kbdesk.core.redaction import DEFAULT_KEPT

if TYPE_CHECKING:
    from kbdesk.core.sources.policy import Effective

#: the policy's sentence when it gives no reason of its own
POLICY_REASON = "set by your organisation's policy"


@dataclass(frozen=True)
class EscalationPolicy:
    """What the policy lets into a bundle. The default allows everything kbdesk itself allows."""

    diagnostics_allowed: bool = True
    #: the personal-data categories a person may keep; None: every optional one
    keep_allowed: frozenset[str] | None = None
    #: why, in the policy's words (shown beside what is not offered)
    diagnostics_reason: str = ""
    keep_reason: str = ""

    @classmethod
    def from_effective(cls, effective: Effective) -> EscalationPolicy:
        keep = effective.values.get("keep_categories")
        allowed = frozenset(str(c) for c in keep) if isinstance(keep, list | tuple) else None
        return cls(
            diagnostics_allowed=effective.values.get("diagnostics_allowed", True) is not False,
            keep_allowed=allowed,
            diagnostics_reason=effective.locked("diagnostics_allowed") or POLICY_REASON,
            keep_reason=effective.locked("keep_categories") or POLICY_REASON,
        )

    def may_keep(self, category: str) -> bool:
        return self.keep_allowed is None or category in self.keep_allowed

    def kept(self, requested: Iterable[str] | None) -> list[str]:
        """The categories a bundle keeps: ``requested`` (None: kbdesk's defaults) within what the policy
        allows. A kept-by-default category the policy does not allow is redacted quietly; one the person
        asked for raises :class:`PolicyError` with the reason."""
        wanted = set(DEFAULT_KEPT) if requested is None else set(requested)
        refused = sorted(c for c in wanted if not self.may_keep(c) and c not in DEFAULT_KEPT)
        if refused:
            raise PolicyError(
                f"{', '.join(refused)} may not be kept in a bundle: {self.keep_reason}",
                hint="those details are always replaced by placeholders",
            )
        return sorted(c for c in wanted if self.may_keep(c))


#: without an organisation's policy
ALLOW_ALL = EscalationPolicy()
