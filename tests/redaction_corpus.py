"""The redaction corpus (issue 17): load it, run the bundle's redaction over it, score it.

The data is ``tests/data/redaction/secrets.jsonl`` (values that must not reach a
bundle) and ``keep.jsonl`` (values that must reach it byte-identical); the README
there gives the format and where the values come from. This module is shared by
``tests/core/test_redaction_corpus.py`` (the targets as assertions) and
``benchmarks/redaction_recall.py`` (the table), so both measure the same way.

How a value is scored (the rule is strict on purpose; see :func:`leaked_parts`):

* Each record's text goes through :func:`kbdesk.core.escalation.build_preview` as
  the log item of a bundle of its own, with a fresh redactor and no machine
  identity (``hostname=""``, ``username=""``), so the numbers do not depend on the
  machine, and a value cannot be caught only because another record taught the
  redactor about it.
* A secret value counts as **redacted** when nothing of it survives in the item's
  redacted text: not the whole value, and no run of ``min(8, max(4, len // 2))`` of
  its characters (:func:`fragment_length`), unless that run also occurs in the
  record's text outside the secret values (the context may legitimately repeat it),
  or belongs to the public prefix that names the vendor (``glpat-``,
  ``sk-ant-api03-``; :data:`PUBLIC_PREFIX`). Values shorter than 4 characters must
  be gone whole. A redactor that keeps half a token, the domain of an e-mail
  address, the last digits of a card or the tail of ``p@ssw0rd`` therefore misses.
* A value that is not redacted is **blocked** when the bundle's final scan
  (:func:`kbdesk.core.redaction.find_secret_shapes`, what ``write_escalation``
  runs on every member) finds a secret shape in the redacted text, so no bundle
  would be written; otherwise it is **leaked**: it would be in the ``.kbbundle``.
  Recall counts only redacted values: a refused bundle helps nobody either.
* A must-keep value is **falsely redacted** when its redacted line holds fewer
  copies of it than the original line. A keep line the final scan refuses is
  counted apart (it would block any bundle it is in).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "redaction"
SECRETS_FILE = CORPUS_DIR / "secrets.jsonl"
KEEP_FILE = CORPUS_DIR / "keep.jsonl"

#: a run of this many characters of a secret left in the output counts as a leak ...
FRAGMENT = 8
#: ... or of half the secret, for secrets shorter than 2 * FRAGMENT, but never fewer than this
MIN_FRAGMENT = 4

#: the categories of secrets.jsonl, in the order the table lists them
SECRET_CATEGORIES: tuple[str, ...] = (
    "private_key",
    "aws",
    "github",
    "gitlab",
    "slack",
    "stripe",
    "google",
    "npm",
    "pypi",
    "sendgrid",
    "ai_api_key",
    "telegram",
    "discord",
    "mailchimp",
    "square",
    "twilio",
    "azure",
    "jwt",
    "auth_header",
    "url_password",
    "cli_flag",
    "env_assignment",
    "key_value",
    "connection_string",
    "password_prose",
    "generic_high_entropy",
    "card",
    "email",
    "phone",
    "ipv4",
    "ipv6",
    "mac",
    "domain_user",
    "user_name",
)

#: personal data rather than credentials: stored in the clear in the corpus (see ESCAPED_CATEGORIES)
PERSONAL_CATEGORIES = frozenset({"card", "email", "phone", "ipv4", "ipv6", "mac", "domain_user", "user_name"})

#: secret values of these categories are stored with two characters \\u-escaped, so that
#: secret scanners (push protection, gitleaks, trufflehog) reading this repository do not
#: take the corpus for a leak; json.loads restores them (tests/data/redaction/README.md)
ESCAPED_CATEGORIES = frozenset(SECRET_CATEGORIES) - PERSONAL_CATEGORIES - {"password_prose"}

#: the only category whose target is below 100 % (issue 17: >= 97 %)
GENERIC_CATEGORY = "generic_high_entropy"
TARGET_OVERALL = 0.99
TARGET_GENERIC = 0.97

KEEP_CATEGORIES: tuple[str, ...] = (
    "version",
    "date_time",
    "error_code",
    "hash",
    "uuid",
    "build_number",
    "path",
    "url",
    "package",
    "address",
    "number",
    "identifier",
    "public_key",
    "prose_password",
    "placeholder",
    "setting",
)

#: the vendor part of a token's shape: public, so a redactor may keep it (``glpat-<SECRET-1>``)
PUBLIC_PREFIX = re.compile(
    r"^(?:sk-ant-(?:api|admin)\d\d-|sk-(?:proj|svcacct|admin)-|pypi-AgEIcHlwaS5vcmc|pypi-AgENdGVzdC5weXBpLm9yZw|"
    r"github_pat_|gh[pousr]_|gl[a-z]{2,7}-|GR1348941|xox[a-z]-|xoxe\.xox[bp]-|xapp-|"
    r"[srp]k_(?:live|test|prod)_|SG\.|npm_|A(?:KIA|SIA|BIA|CCA|3T)|ABSK|bedrock-api-key-|AIza|sq0(?:atp|csp)-|EAAA|"
    r"hvs\.|CLOJARS_)"
)

_VALUE_KINDS = frozenset({"verbatim", "shape", "written here"})
_CONTEXT_KINDS = frozenset({"upstream", "adapted", "written here"})
_COMMIT = re.compile(r"[0-9a-f]{40}")


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file, the line and the field."""


@dataclass(frozen=True)
class Source:
    """Where a value (and its context line) comes from.

    ``value``: "verbatim" (copied from ``repo``/``path`` at ``commit``, or from ``url``),
    "shape" (written here to fit the format defined there; ``shape`` is the pattern) or
    "written here". ``context``: "upstream" (the whole text is from the source),
    "adapted" (the source's line with context added) or "written here".
    """

    value: str
    context: str
    repo: str = ""
    path: str = ""
    commit: str = ""
    url: str = ""
    shape: str = ""
    note: str = ""

    def cite(self) -> str:
        where = f"{self.repo}:{self.path}@{self.commit[:12]}" if self.repo else self.url
        return f"{self.value} ({where})" if where else self.value


@dataclass(frozen=True)
class SecretRecord:
    id: str
    category: str
    text: str
    secrets: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class KeepRecord:
    id: str
    category: str
    text: str
    keep: tuple[str, ...]
    source: Source


# --------------------------------------------------------------------------- loading


def _fail(path: Path, lineno: int, message: str) -> CorpusError:
    return CorpusError(f"{path.name}:{lineno}: {message}")


def _source(raw: Any, path: Path, lineno: int) -> Source:
    if not isinstance(raw, dict):
        raise _fail(path, lineno, "source must be an object")
    unknown = set(raw) - set(Source.__dataclass_fields__)
    if unknown:
        raise _fail(path, lineno, f"source has unknown fields {sorted(unknown)}")
    missing = {"value", "context"} - set(raw)
    if missing:
        raise _fail(path, lineno, f"source needs {' and '.join(sorted(missing))}")
    for name, value in raw.items():
        if not isinstance(value, str):
            raise _fail(path, lineno, f"source.{name} must be text")
    src = Source(**raw)
    if src.value not in _VALUE_KINDS:
        raise _fail(path, lineno, f"source.value must be one of {sorted(_VALUE_KINDS)}, not {src.value!r}")
    if src.context not in _CONTEXT_KINDS:
        raise _fail(path, lineno, f"source.context must be one of {sorted(_CONTEXT_KINDS)}, not {src.context!r}")
    cited = src.value != "written here" or src.context != "written here"
    if cited and not (src.url or (src.repo and src.path and src.commit)):
        raise _fail(path, lineno, "a value or context from elsewhere needs source.url or source.repo/path/commit")
    if src.repo and not _COMMIT.fullmatch(src.commit):
        raise _fail(path, lineno, "source.commit must be a full 40-hex commit id")
    if src.value == "shape" and not src.shape:
        raise _fail(path, lineno, "a value written to a source's shape needs source.shape (the pattern)")
    return src


def _records(path: Path, values_field: str) -> Iterable[tuple[int, dict[str, Any], tuple[str, ...], Source]]:
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except ValueError as exc:
                raise _fail(path, lineno, f"not JSON: {exc}") from None
            if not isinstance(raw, dict):
                raise _fail(path, lineno, "a record must be an object")
            missing = {"id", "category", "text", values_field, "source"} - set(raw)
            if missing:
                raise _fail(path, lineno, f"missing fields {sorted(missing)}")
            extra = set(raw) - {"id", "category", "text", values_field, "source"}
            if extra:
                raise _fail(path, lineno, f"unknown fields {sorted(extra)}")
            for name in ("id", "category", "text"):
                if not isinstance(raw[name], str) or not raw[name]:
                    raise _fail(path, lineno, f"{name} must be non-empty text")
            if raw["id"] in seen:
                raise _fail(path, lineno, f"duplicate id {raw['id']!r}")
            seen.add(raw["id"])
            values = raw[values_field]
            if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
                raise _fail(path, lineno, f"{values_field} must be a non-empty list of non-empty text")
            for value in values:
                if value not in raw["text"]:
                    raise _fail(path, lineno, f"{raw['id']}: a {values_field} value does not occur in text")
            yield lineno, raw, tuple(values), _source(raw["source"], path, lineno)


def load_secrets(path: Path = SECRETS_FILE) -> list[SecretRecord]:
    out = []
    for lineno, raw, values, source in _records(path, "secrets"):
        if raw["category"] not in SECRET_CATEGORIES:
            raise _fail(path, lineno, f"unknown category {raw['category']!r}")
        if len(set(values)) != len(values):
            raise _fail(path, lineno, f"{raw['id']}: a secret is listed twice")
        out.append(SecretRecord(raw["id"], raw["category"], raw["text"], values, source))
    return out


def load_keep(path: Path = KEEP_FILE) -> list[KeepRecord]:
    out = []
    for lineno, raw, values, source in _records(path, "keep"):
        if raw["category"] not in KEEP_CATEGORIES:
            raise _fail(path, lineno, f"unknown category {raw['category']!r}")
        out.append(KeepRecord(raw["id"], raw["category"], raw["text"], values, source))
    return out


# --------------------------------------------------------------------------- writing


def _escape_positions(value: str) -> list[int]:
    """Two alphanumeric characters to write as \\uXXXX: the second one and the middle one."""
    alnum = [i for i, ch in enumerate(value) if ch.isascii() and ch.isalnum()]
    if not alnum:
        return []
    picks = {alnum[min(1, len(alnum) - 1)], alnum[len(alnum) // 2]}
    return sorted(picks)


def _json_chars(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


def escaped_form(value: str) -> str:
    """How ``value`` is written inside a JSON string in the corpus files (see ESCAPED_CATEGORIES)."""
    picks = set(_escape_positions(value))
    return "".join(f"\\u{ord(ch):04x}" if i in picks else _json_chars(ch) for i, ch in enumerate(value))


#: a private key block's header is itself a scanner's trigger; written with its P escaped
_KEY_HEADER = "PRIVATE KEY"
_KEY_HEADER_ESCAPED = "\\u0050RIVATE KEY"


def dump_record(record: dict[str, Any], values_field: str) -> str:
    """One JSONL line, with the secrets of escaped categories written escaped wherever they occur."""
    line = json.dumps(record, ensure_ascii=False)
    if values_field == "secrets" and record["category"] in ESCAPED_CATEGORIES:
        for value in sorted(set(record["secrets"]), key=len, reverse=True):
            line = line.replace(_json_chars(value), escaped_form(value))
    return line.replace(_KEY_HEADER, _KEY_HEADER_ESCAPED)


def raw_secret_occurrences(path: Path = SECRETS_FILE) -> list[str]:
    """Ids of records whose secret (of an escaped category) occurs unescaped in the file's bytes."""
    raw_lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for record, raw in zip(load_secrets(path), (r for r in raw_lines if r.strip()), strict=True):
        escaped = record.category in ESCAPED_CATEGORIES
        if _KEY_HEADER in raw or (escaped and any(_json_chars(s) in raw for s in record.secrets)):
            found.append(record.id)
    return found


# --------------------------------------------------------------------------- scoring


def redact_as_bundle(text: str) -> str:
    """The text as the bundle would hold it: the log item of a preview built by build_preview."""
    from kbdesk.core.bundle import Ticket
    from kbdesk.core.escalation import KIND_LOG, LOG_ITEM, build_preview
    from kbdesk.core.escalation import Source as BundleSource

    source = BundleSource(LOG_ITEM, LOG_ITEM, "corpus record", KIND_LOG, text=text)
    preview = build_preview(Ticket(summary="redaction corpus"), [source], hostname="", username="")
    return next(item.redacted_text for item in preview.items if item.key == LOG_ITEM)


def final_scan_refuses(redacted: str) -> bool:
    """True if write_escalation's final scan would refuse a bundle holding this text."""
    from kbdesk.core.redaction import find_secret_shapes

    return bool(find_secret_shapes(redacted))


def _public_prefix_length(secret: str) -> int:
    m = PUBLIC_PREFIX.match(secret)
    return m.end() if m else 0


def fragment_length(secret: str) -> int:
    """How long a surviving run of ``secret`` must be to count as a leak: 8, or half a short secret, at least 4."""
    return min(FRAGMENT, max(MIN_FRAGMENT, len(secret) // 2))


def leaked_parts(secret: str, text: str, redacted: str, all_secrets: Sequence[str]) -> list[str]:
    """The parts of ``secret`` that survive in ``redacted``; empty means the value was redacted.

    A part is the whole value, or any run of :func:`fragment_length` characters of
    it after its public prefix. A part counts only where ``redacted`` holds more
    copies of it than ``text`` does with every secret of the record blanked out, so
    context that repeats a run is not a leak.
    """
    context = text
    for value in sorted(all_secrets, key=len, reverse=True):
        context = context.replace(value, "\x00")

    def survives(part: str) -> bool:
        return redacted.count(part) > context.count(part)

    if survives(secret):
        return [secret]
    size = fragment_length(secret)
    body = secret[_public_prefix_length(secret) :]
    if len(secret) <= MIN_FRAGMENT or len(body) < size:
        return []
    leaked = []
    seen: set[str] = set()
    for i in range(len(body) - size + 1):
        part = body[i : i + size]
        if part in seen or "\n" in part:
            continue
        seen.add(part)
        if survives(part):
            leaked.append(part)
    return leaked


@dataclass(frozen=True)
class SecretOutcome:
    record_id: str
    category: str
    secret: str
    text: str
    outcome: str  # "redacted", "blocked" or "leaked"
    leaked: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeepOutcome:
    record_id: str
    category: str
    value: str
    text: str
    kept: bool
    line_changed: bool
    refused: bool


@dataclass
class CorpusReport:
    secrets: list[SecretOutcome] = field(default_factory=list)
    keep: list[KeepOutcome] = field(default_factory=list)

    def by_category(self) -> dict[str, Counter[str]]:
        table: dict[str, Counter[str]] = {c: Counter() for c in SECRET_CATEGORIES}
        for o in self.secrets:
            table[o.category][o.outcome] += 1
        return {c: n for c, n in table.items() if n}

    def recall(self, category: str | None = None) -> float:
        rows = [o for o in self.secrets if category is None or o.category == category]
        return sum(o.outcome == "redacted" for o in rows) / len(rows) if rows else 1.0

    @property
    def misses(self) -> list[SecretOutcome]:
        return [o for o in self.secrets if o.outcome != "redacted"]

    @property
    def false_redactions(self) -> list[KeepOutcome]:
        return [o for o in self.keep if not o.kept]

    @property
    def keep_lines_changed(self) -> int:
        return len({o.record_id for o in self.keep if o.line_changed})

    @property
    def keep_lines_refused(self) -> int:
        return len({o.record_id for o in self.keep if o.refused})

    def targets_missed(self) -> list[str]:
        """What stands between today's redaction and issue 17's targets; empty when they are met."""
        out = []
        overall = self.recall()
        if overall < TARGET_OVERALL:
            out.append(f"overall recall {overall:.1%} < {TARGET_OVERALL:.0%}")
        for category in self.by_category():
            got = self.recall(category)
            want = TARGET_GENERIC if category == GENERIC_CATEGORY else 1.0
            if got < want:
                out.append(f"{category}: recall {got:.1%} < {want:.0%}")
        if self.false_redactions:
            out.append(f"{len(self.false_redactions)} must-keep value(s) altered")
        if self.keep_lines_refused:
            out.append(f"{self.keep_lines_refused} must-keep line(s) refused by the final scan")
        return out


def measure(secrets: Sequence[SecretRecord], keep: Sequence[KeepRecord]) -> CorpusReport:
    report = CorpusReport()
    for record in secrets:
        redacted = redact_as_bundle(record.text)
        refused = final_scan_refuses(redacted)
        for secret in record.secrets:
            leaked = leaked_parts(secret, record.text, redacted, record.secrets)
            outcome = "redacted" if not leaked else ("blocked" if refused else "leaked")
            report.secrets.append(
                SecretOutcome(record.id, record.category, secret, record.text, outcome, tuple(leaked))
            )
    for record in keep:
        redacted = redact_as_bundle(record.text)
        refused = final_scan_refuses(redacted)
        for value in record.keep:
            report.keep.append(
                KeepOutcome(
                    record.id,
                    record.category,
                    value,
                    record.text,
                    redacted.count(value) >= record.text.count(value),
                    redacted != record.text,
                    refused,
                )
            )
    return report


def _one_line(text: str, width: int = 110) -> str:
    flat = text.replace("\n", "\\n")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_report(report: CorpusReport, *, misses: bool = True) -> str:
    n_records = len({o.record_id for o in report.secrets})
    k_records = len({o.record_id for o in report.keep})
    lines = [
        (
            f"Redaction recall: {len(report.secrets)} secret/personal values in {n_records} records; "
            f"{len(report.keep)} must-keep values in {k_records} records"
        ),
        (
            f"(a value is redacted when no run of {MIN_FRAGMENT}-{FRAGMENT} of its characters survives (half its length); "
            "blocked = the final scan would refuse the bundle; leaked = it would be in the bundle)"
        ),
        "",
        f"{'category':<22} {'values':>6} {'redacted':>8} {'recall':>8} {'blocked':>8} {'leaked':>7}  target",
    ]
    for category, counts in report.by_category().items():
        total = sum(counts.values())
        target = f">= {TARGET_GENERIC:.0%}" if category == GENERIC_CATEGORY else "100%"
        lines.append(
            f"{category:<22} {total:>6} {counts['redacted']:>8} {report.recall(category):>8.1%} "
            f"{counts['blocked']:>8} {counts['leaked']:>7}  {target}"
        )
    total = Counter(o.outcome for o in report.secrets)
    lines.append(
        f"{'all':<22} {len(report.secrets):>6} {total['redacted']:>8} {report.recall():>8.1%} "
        f"{total['blocked']:>8} {total['leaked']:>7}  >= {TARGET_OVERALL:.0%}"
    )
    lines += [
        "",
        (
            f"must-keep: {len(report.keep)} values, {len(report.false_redactions)} falsely redacted; "
            f"{report.keep_lines_changed} of {k_records} lines changed; "
            f"{report.keep_lines_refused} lines the final scan refuses"
        ),
    ]
    if misses and report.misses:
        lines += ["", "misses (record, outcome, what survived | the line):"]
        for o in report.misses:
            shown = o.leaked[0] if o.leaked[0] == o.secret else f"{len(o.leaked)} runs, e.g. {o.leaked[0]!r}"
            lines.append(f"  {o.record_id:<28} {o.outcome:<7} {_one_line(shown, 48)} | {_one_line(o.text, 90)}")
    if misses and report.false_redactions:
        lines += ["", "false redactions (record, value | the line):"]
        for k in report.false_redactions:
            lines.append(f"  {k.record_id:<28} {_one_line(k.value, 40)} | {_one_line(k.text, 90)}")
    return "\n".join(lines)


def to_dict(report: CorpusReport) -> dict[str, Any]:
    """The numbers (no values) for --json."""
    return {
        "fragment": [MIN_FRAGMENT, FRAGMENT],
        "values": len(report.secrets),
        "recall": report.recall(),
        "categories": {
            c: {
                "values": sum(n.values()),
                "recall": report.recall(c),
                **{k: n[k] for k in ("redacted", "blocked", "leaked")},
            }
            for c, n in report.by_category().items()
        },
        "misses": [{"id": o.record_id, "category": o.category, "outcome": o.outcome} for o in report.misses],
        "keep_values": len(report.keep),
        "false_redactions": [{"id": k.record_id, "category": k.category} for k in report.false_redactions],
        "keep_lines_changed": report.keep_lines_changed,
        "keep_lines_refused": report.keep_lines_refused,
        "targets_missed": report.targets_missed(),
    }


def normalize(path: Path, values_field: str) -> bool:
    """Rewrite ``path`` in the canonical form (escapes in place); True if it changed."""
    old = path.read_text(encoding="utf-8")
    lines = [dump_record(json.loads(line), values_field) for line in old.splitlines() if line.strip()]
    new = "".join(line + "\n" for line in lines)
    if new != old:
        from kbdesk.core.fsutil import atomic_write_text

        atomic_write_text(path, new)
    return new != old


if __name__ == "__main__":  # python tests/redaction_corpus.py: rewrite the corpus files canonically
    for corpus_path, name in ((SECRETS_FILE, "secrets"), (KEEP_FILE, "keep")):
        changed = normalize(corpus_path, name)
        print(f"{corpus_path.name}: {'rewritten' if changed else 'already canonical'}")
    load_secrets()
    load_keep()
