"""Time and text as the store keeps them: fixed-width UTC timestamps, normalised queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time


def format_ts(moment: datetime) -> str:
    """UTC, millisecond precision, fixed width: text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def parse_ts(text: str) -> datetime:
    """Parse a stored or trail timestamp into an aware UTC datetime (naive input means UTC)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


TimeBound = datetime | date | str | None


def to_utc_bound(value: TimeBound, *, end: bool = False) -> str | None:
    """Turn a date-range bound into stored-timestamp text.

    A ``datetime`` (naive means UTC) or ISO string is used as is. A plain
    ``date`` means a whole UTC day: as a start bound its midnight, as an end
    bound (``end=True``) the *next* midnight, so ``until=date(2026, 3, 31)``
    includes all of March 31. Ranges are half-open: ``since <= ts < until``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_ts(value)
    if isinstance(value, datetime):
        return format_ts(value)
    if isinstance(value, date):
        day = datetime.combine(value, time(0), tzinfo=UTC)
        if end:
            day = datetime.fromordinal(value.toordinal() + 1).replace(tzinfo=UTC)
        return format_ts(day)
    raise TypeError(f"expected a datetime, date or ISO string, not {type(value).__name__}")


def normalize_query(query: str) -> str:
    """The form queries are counted under: lowercased, whitespace collapsed, trimmed."""
    return " ".join(query.casefold().split())


def utc_now() -> datetime:
    return datetime.now(UTC)
