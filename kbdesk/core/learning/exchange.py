"""Phrasings in and out of this machine: ``kbdesk feedback import`` and ``kbdesk feedback export``.

**Import** reads a JSON-lines file from elsewhere (another service desk's history, a test,
a fleet export), so it is untrusted input, read within limits (:class:`ImportLimits`):
the file's size, each line's length, the number of lines, the ids per line, the length of
a query and of an id. Two formats, told apart by the first line:

* resolved searches, the evaluation query format: ``{"query": "...", "relevant": ["id", ...]}``
  per line: each query becomes a ``solved`` phrasing of each relevant article
  (origin ``history``);
* a phrasings export (below): each line's counts are kept (origin ``fleet``).

A line that breaks a rule makes :func:`read_import` raise :class:`PhrasingFileError`
naming the file, the line and what is wrong; with ``skip_bad_lines`` such lines are
listed in :attr:`ImportFile.skipped` instead. Nothing is written before the whole file
is read, and then in one transaction. Every text is redacted before it is kept.

**Export** writes this machine's learned phrasings, redacted, with counts, for writers;
several exports (and escalation bundles) merge into one. Format (JSON lines, versioned):
a header line ``{"format": "kbdesk-phrasings", "version": 1, ...}``, then one line per
(article, phrasing)::

    {"article": "wifi-connected-no-internet", "phrasing": "wifi connected no internet",
     "solved": 3, "read": 1, "not_helped": 0, "escalated": 0,
     "machines": {"5f0c...": {"solved": 2}, "91aa...": {"solved": 1, "read": 1}}}

A machine is named by its installation id: 32 random hex digits made once per
installation (and again after "Clear history"), never a host or user name. Merging
takes, per machine and kind, the largest count any input has (so one machine's export
merged twice counts once) and counts a phrasing's machines as the distinct ids that saw
it; ``--min-users K`` keeps the phrasings at least K machines saw. An escalation bundle
carries no installation id (on purpose), so each bundle counts as a machine of its own,
named by its bundle id. Only what this machine learned itself is exported: imported
history and fleet phrasings stay out, so a merge never counts them twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..analytics.phrasings import KINDS, ImportedPhrasing, PhrasingRecord, redact_phrasing
from ..analytics.timestamps import format_ts, normalize_query, utc_now
from ..errors import KbdeskError

EXPORT_FORMAT = "kbdesk-phrasings"
EXPORT_VERSION = 1


class PhrasingFileError(KbdeskError):
    """A phrasings or history file cannot be read, or breaks the format or the limits."""


@dataclass(frozen=True)
class ImportLimits:
    """How much of a stranger's file is read at most."""

    max_file_bytes: int = 64 * 1024 * 1024
    #: one line (a JSON object); a fleet line names every machine that saw its phrasing, about 55
    #: bytes each, so 2 MiB holds max_machines_per_line of them with room to spare
    max_line_bytes: int = 2 * 1024 * 1024
    max_lines: int = 200_000
    max_ids_per_line: int = 50
    max_id_chars: int = 200
    #: longer queries are pasted logs, which are not learned anyway (see MAX_PHRASING_CHARS)
    max_query_chars: int = 4096
    max_machines_per_line: int = 20_000
    max_count: int = 10_000_000


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class SkippedLine:
    line: int
    problem: str


@dataclass(frozen=True)
class ImportFile:
    """What :func:`read_import` found in a file, before anything is stored."""

    path: Path
    #: "history" (resolved searches) or "fleet" (a phrasings export)
    origin: str
    phrasings: tuple[ImportedPhrasing, ...]
    skipped: tuple[SkippedLine, ...] = ()
    #: lines read (blank lines not counted)
    lines: int = 0
    #: texts that were not kept (too long, or still holding a secret shape after redaction)
    unredactable: int = 0


class _BadLine(Exception):
    pass


def _lines(path: Path, limits: ImportLimits) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of a file read within the limits."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise PhrasingFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if size > limits.max_file_bytes:
        raise PhrasingFileError(
            f"{path} is {size:,} bytes; at most {limits.max_file_bytes:,} are read",
            hint="split it into smaller files and import each",
        )
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, lines are yielded from it
    except OSError as exc:
        raise PhrasingFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        number = 0
        while True:
            raw = handle.readline(limits.max_line_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > limits.max_line_bytes and not raw.endswith(b"\n"):
                raise PhrasingFileError(f"{path}:{number}: the line is longer than {limits.max_line_bytes:,} bytes")
            if number > limits.max_lines:
                raise PhrasingFileError(f"{path}: more than {limits.max_lines:,} lines; split the file")
            yield number, raw


def _decode(raw: bytes, number: int) -> object:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(f"not UTF-8 text (byte {exc.start})") from None
    if number == 1:
        text = text.removeprefix("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"not valid JSON ({exc.msg})") from None
    except ValueError:  # a number of more than 4,300 digits (Python's limit on int())
        raise _BadLine("not valid JSON (a number too long to read)") from None
    except RecursionError:
        raise _BadLine("nested too deeply") from None


def _text(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise _BadLine(f"{what} must be text")
    if len(value) > limit:
        raise _BadLine(f"{what} is longer than {limit:,} characters")
    if not value.strip():
        raise _BadLine(f"{what} is empty")
    return value


def _article_id(value: object, limits: ImportLimits) -> str:
    aid = _text(value, "an article id", limits.max_id_chars)
    if aid != aid.strip() or any(c in aid for c in "\r\n\t\0"):
        raise _BadLine(f"{aid[:40]!r} is not an article id")
    return aid


def _count(value: object, what: str, limits: ImportLimits) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > limits.max_count:
        raise _BadLine(f"{what} must be a whole number from 0 to {limits.max_count:,}")
    return value


def _history_line(obj: object, limits: ImportLimits) -> tuple[str, list[str]]:
    if not isinstance(obj, dict) or "query" not in obj or "relevant" not in obj:
        raise _BadLine('expected {"query": "...", "relevant": ["article-id", ...]}')
    query = _text(obj["query"], "the query", limits.max_query_chars)
    relevant = obj["relevant"]
    if not isinstance(relevant, list) or not relevant:
        raise _BadLine('"relevant" must be a list of article ids')
    if len(relevant) > limits.max_ids_per_line:
        raise _BadLine(f'"relevant" lists more than {limits.max_ids_per_line} articles')
    return query, list(dict.fromkeys(_article_id(a, limits) for a in relevant))


@dataclass
class ExportLine:
    """One (article, phrasing) of an export: per machine, how often each kind was seen."""

    article: str
    phrasing: str
    machines: dict[str, dict[str, int]] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        return {kind: sum(m.get(kind, 0) for m in self.machines.values()) for kind in KINDS}

    def to_json(self) -> dict[str, object]:
        return {
            "article": self.article,
            "phrasing": self.phrasing,
            **self.totals(),
            "machines": {mid: dict(sorted(kinds.items())) for mid, kinds in sorted(self.machines.items())},
        }


def _fleet_line(obj: object, limits: ImportLimits) -> ExportLine:
    if not isinstance(obj, dict) or "article" not in obj or "phrasing" not in obj:
        raise _BadLine('expected {"article": "...", "phrasing": "...", "machines": {...}}')
    article = _article_id(obj["article"], limits)
    phrasing = _text(obj["phrasing"], "the phrasing", limits.max_query_chars)
    machines = obj.get("machines")
    if not isinstance(machines, dict) or not machines:
        raise _BadLine('"machines" must map machine ids to counts')
    if len(machines) > limits.max_machines_per_line:
        raise _BadLine(f'"machines" lists more than {limits.max_machines_per_line:,} machines')
    line = ExportLine(article, phrasing)
    for mid, kinds in machines.items():
        if not isinstance(mid, str) or not mid or len(mid) > limits.max_id_chars:
            raise _BadLine(f"a machine id must be text of at most {limits.max_id_chars} characters")
        if not isinstance(kinds, dict):
            raise _BadLine(f"the counts of machine {mid[:12]} must be an object")
        counts = {}
        for kind, value in kinds.items():
            if kind not in KINDS:
                continue  # a newer kbdesk's kind: not ours to judge
            counts[kind] = _count(value, f"{kind} of machine {mid[:12]}", limits)
        if any(counts.values()):
            line.machines[mid] = counts
    if not line.machines:
        raise _BadLine("no machine has a count above 0")
    return line


def _header(obj: object) -> bool:
    """Whether a first line is an export's header; raises for another version of the format."""
    if not isinstance(obj, dict) or obj.get("format") != EXPORT_FORMAT:
        return False
    if obj.get("version") != EXPORT_VERSION:
        raise PhrasingFileError(
            f"a phrasings export of version {obj.get('version')!r}; this kbdesk reads version {EXPORT_VERSION}",
            hint="export it again with this version of kbdesk",
        )
    return True


def read_export_lines(
    path: Path, limits: ImportLimits = DEFAULT_LIMITS, *, skip_bad_lines: bool = False
) -> tuple[list[ExportLine], list[SkippedLine]]:
    """The lines of a phrasings export (its texts as written there: exports are redacted when made)."""
    lines: list[ExportLine] = []
    skipped: list[SkippedLine] = []
    for number, raw in _lines(Path(path), limits):
        if not raw.strip():
            continue
        try:
            obj = _decode(raw, number)
            if number == 1:
                if not _header(obj):
                    raise PhrasingFileError(f"{path}: not a kbdesk phrasings export (no header line)")
                continue
            lines.append(_fleet_line(obj, limits))
        except _BadLine as exc:
            if not skip_bad_lines:
                raise PhrasingFileError(f"{path}:{number}: {exc}") from None
            skipped.append(SkippedLine(number, str(exc)))
    return lines, skipped


def read_import(path: Path, limits: ImportLimits = DEFAULT_LIMITS, *, skip_bad_lines: bool = False) -> ImportFile:
    """Read a history file or a phrasings export for import (see the module doc); nothing is stored."""
    path = Path(path)
    phrasings: list[ImportedPhrasing] = []
    skipped: list[SkippedLine] = []
    origin = "history"
    count = 0
    unredactable = 0
    redacted: dict[str, str | None] = {}

    def redact(text: str) -> str | None:
        if text not in redacted:
            redacted[text] = redact_phrasing(text)
        return redacted[text]

    for number, raw in _lines(path, limits):
        if not raw.strip():
            continue
        count += 1
        try:
            obj = _decode(raw, number)
            if count == 1 and _header(obj):
                origin = "fleet"
                count -= 1
                continue
            if origin == "fleet":
                line = _fleet_line(obj, limits)
                text = redact(line.phrasing)
                if text is None:
                    unredactable += 1
                    continue
                totals = line.totals()
                for kind in KINDS:
                    if totals[kind]:
                        seen = sum(1 for m in line.machines.values() if m.get(kind))
                        phrasings.append(ImportedPhrasing(line.article, text, kind, totals[kind], seen))
            else:
                query, relevant = _history_line(obj, limits)
                text = redact(query)
                if text is None:
                    unredactable += 1
                    continue
                phrasings.extend(ImportedPhrasing(aid, text) for aid in relevant)
        except _BadLine as exc:
            if not skip_bad_lines:
                raise PhrasingFileError(f"{path}:{number}: {exc}") from None
            skipped.append(SkippedLine(number, str(exc)))
    if not phrasings and not skipped and not unredactable:
        raise PhrasingFileError(f"{path}: nothing to import (the file is empty)")
    return ImportFile(path, origin, tuple(phrasings), tuple(skipped), count, unredactable)


# ---------------------------------------------------------------- export


def local_lines(records: Iterable[PhrasingRecord], machine: str) -> list[ExportLine]:
    """This machine's own phrasings (origin "local") as export lines, one per (article, phrasing)."""
    lines: dict[tuple[str, str], ExportLine] = {}
    for r in records:
        if r.origin != "local" or r.evidence not in KINDS:
            continue
        key = (r.article_id, r.text_norm or normalize_query(r.text))
        line = lines.get(key)
        if line is None:
            line = lines[key] = ExportLine(r.article_id, r.text)
        counts = line.machines.setdefault(machine, {})
        counts[r.evidence] = counts.get(r.evidence, 0) + r.count
    return list(lines.values())


def merge(sources: Iterable[Iterable[ExportLine]]) -> list[ExportLine]:
    """Export lines from several sources as one: per machine and kind, the largest count any source has."""
    merged: dict[tuple[str, str], ExportLine] = {}
    for source in sources:
        for line in source:
            key = (line.article, normalize_query(line.phrasing))
            into = merged.get(key)
            if into is None:
                into = merged[key] = ExportLine(line.article, line.phrasing)
            for mid, kinds in line.machines.items():
                have = into.machines.setdefault(mid, {})
                for kind, value in kinds.items():
                    have[kind] = max(have.get(kind, 0), value)
    return list(merged.values())


def at_least(lines: Iterable[ExportLine], min_machines: int) -> list[ExportLine]:
    """The lines seen from at least ``min_machines`` different machines."""
    return [line for line in lines if len(line.machines) >= min_machines]


def export_text(lines: Sequence[ExportLine], *, min_users: int = 1, sources: int = 1) -> str:
    """The export file: header, then the lines by article and most seen first."""
    ordered = sorted(lines, key=lambda li: (li.article, -sum(li.totals().values()), normalize_query(li.phrasing)))
    machines = {mid for line in ordered for mid in line.machines}
    header: Mapping[str, object] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": format_ts(utc_now()),
        "machines": len(machines),
        "phrasings": len(ordered),
        "min_users": min_users,
        "sources": sources,
    }
    out = [json.dumps(header, ensure_ascii=False)]
    out.extend(json.dumps(line.to_json(), ensure_ascii=False) for line in ordered)
    return "\n".join(out) + "\n"


def bundle_lines(path: Path) -> list[ExportLine]:
    """What an escalation bundle's trail says about phrasings, as export lines of one machine.

    The machine is the bundle itself (``bundle:<bundle id>``): a bundle carries no
    installation id. A search whose article got "Yes" is ``solved``, "No" ``not_helped``;
    an article opened from a search with no answer is ``escalated`` (a bundle exists because
    the person asked for help). A bundle whose trail was left out gives nothing.
    """
    from ..analytics.records import Trail
    from ..bundle.reader import open_bundle

    try:
        with open_bundle(path) as opened:
            raw_trail = dict(opened.trail)
            machine = f"bundle:{opened.bundle_id or path.name}"
    except KbdeskError as exc:
        raise PhrasingFileError(f"{path}: {exc}", hint=exc.hint) from exc
    if not raw_trail.get("events"):
        return []
    try:
        trail = Trail.from_dict(raw_trail)
    except ValueError as exc:
        raise PhrasingFileError(f"{path}: the trail cannot be read ({exc})") from None
    queries = {s.id: s.query for s in trail.searches if s.id}
    answers: dict[int, bool] = {}
    for f in trail.feedback:
        if f.view_id:
            answers[f.view_id] = f.helpful
    kinds: dict[tuple[str, str], dict[str, int]] = {}
    texts: dict[tuple[str, str], str] = {}
    for view in trail.views:
        query = queries.get(view.search_id or 0)
        if not query:
            continue
        text = redact_phrasing(query)
        if text is None:
            continue
        answer = answers.get(view.id)
        kind = "escalated" if answer is None else ("solved" if answer else "not_helped")
        key = (view.article_id, normalize_query(text))
        texts.setdefault(key, text)
        counts = kinds.setdefault(key, {})
        counts[kind] = counts.get(kind, 0) + 1
    return [ExportLine(aid, texts[(aid, norm)], {machine: counts}) for (aid, norm), counts in kinds.items()]
