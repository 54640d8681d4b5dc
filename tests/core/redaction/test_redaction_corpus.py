"""Issue 17's redaction corpus: the corpus is well-formed, the scoring rule is strict, and the targets.

The corpus is tests/data/redaction/ (README.md there); the scoring lives in
tests/redaction_corpus.py and is shared with benchmarks/redaction_recall.py,
which prints the same table with every miss.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import redaction_corpus as rc


@pytest.fixture(scope="module")
def secrets() -> list[rc.SecretRecord]:
    return rc.load_secrets()


@pytest.fixture(scope="module")
def keep() -> list[rc.KeepRecord]:
    return rc.load_keep()


@pytest.fixture(scope="module")
def report(secrets: list[rc.SecretRecord], keep: list[rc.KeepRecord]) -> rc.CorpusReport:
    return rc.measure(secrets, keep)


# --------------------------------------------------------------------------- the corpus itself


def test_corpus_has_the_size_issue_17_asks_for(secrets: list[rc.SecretRecord], keep: list[rc.KeepRecord]) -> None:
    values = Counter(r.category for r in secrets for _ in r.secrets)
    assert sum(values.values()) >= 300
    assert set(values) == set(rc.SECRET_CATEGORIES), "every category has values"
    assert min(values.values()) >= 5, values
    assert sum(len(r.keep) for r in keep) >= 100
    assert {r.category for r in keep} == set(rc.KEEP_CATEGORIES)


def test_every_value_occurs_in_its_text_and_has_a_source(
    secrets: list[rc.SecretRecord], keep: list[rc.KeepRecord]
) -> None:
    # the loader already refuses a value missing from its text; this states it and the sources
    for record in [*secrets, *keep]:
        values = record.secrets if isinstance(record, rc.SecretRecord) else record.keep
        assert all(v in record.text for v in values), record.id
        src = record.source
        if src.value != "written here" or src.context != "written here":
            assert src.url or (src.repo and src.path and len(src.commit) == 40), record.id
        if src.value == "shape":
            assert src.shape, record.id
    assert len({r.id for r in [*secrets, *keep]}) == len(secrets) + len(keep), "ids are unique across both files"


def test_no_keep_value_is_also_a_secret(secrets: list[rc.SecretRecord], keep: list[rc.KeepRecord]) -> None:
    secret_values = {s for r in secrets for s in r.secrets}
    assert not [v for r in keep for v in r.keep if v in secret_values]


def test_files_are_canonical_and_hold_no_raw_tokens() -> None:
    # Secret scanners read this repository too: tokens are stored with two characters
    # \u-escaped (json.loads restores them). `python tests/redaction_corpus.py` fixes both.
    assert rc.raw_secret_occurrences() == [], "run: python tests/redaction_corpus.py"
    for path, field in ((rc.SECRETS_FILE, "secrets"), (rc.KEEP_FILE, "keep")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines == [rc.dump_record(json.loads(line), field) for line in lines], path.name


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "bad.jsonl:1: not JSON"),
        ('{"id": "a", "category": "aws", "text": "x", "secrets": ["y"], "source": {}}', "does not occur in text"),
        (
            '{"id": "a", "category": "aws", "text": "xy", "secrets": ["y"], "source": {}}',
            "source needs context and value",
        ),
        (
            (
                '{"id": "a", "category": "nope", "text": "xy", "secrets": ["y"], '
                '"source": {"value": "written here", "context": "written here"}}'
            ),
            "unknown category",
        ),
        (
            (
                '{"id": "a", "category": "aws", "text": "xy", "secrets": ["y"], '
                '"source": {"value": "verbatim", "context": "written here"}}'
            ),
            "needs source.url or source.repo/path/commit",
        ),
        (
            (
                '{"id": "a", "category": "aws", "text": "xy", "secrets": ["y"], '
                '"source": {"value": "verbatim", "context": "written here", "repo": "o/r", "path": "p", "commit": "abc"}}'
            ),
            "40-hex",
        ),
    ],
)
def test_a_malformed_record_is_refused_naming_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(rc.CorpusError, match=message) as info:
        rc.load_secrets(bad)
    assert str(info.value).startswith("bad.jsonl:1:")


# --------------------------------------------------------------------------- the scoring rule


def test_a_value_is_redacted_only_when_nothing_of_it_survives() -> None:
    secret = "glpat-" + "Ab3dEf6hIj9kLm2nOp5q"
    text = f"token {secret} rejected"
    assert rc.leaked_parts(secret, text, "token <SECRET-1> rejected", [secret]) == []
    # the vendor prefix may stay
    assert rc.leaked_parts(secret, text, "token glpat-<SECRET-1> rejected", [secret]) == []
    # half a token is a leak
    assert rc.leaked_parts(secret, text, "token glpat-Ab3dEf6hIj<X> rejected", [secret]) == [
        "Ab3dEf6h",
        "b3dEf6hI",
        "3dEf6hIj",
    ]
    assert rc.leaked_parts(secret, text, text, [secret]) == [secret]


def test_context_that_repeats_part_of_a_value_is_not_a_leak() -> None:
    email = "jane.doe@example.com"
    text = f"mail for {email} via smtp.example.com"
    assert rc.leaked_parts(email, text, "mail for <EMAIL-1> via smtp.example.com", [email]) == []
    assert rc.leaked_parts(email, text, "mail for jane.doe@<X> via smtp.example.com", [email]) != []


def test_short_values_must_go_whole_and_half_of_a_password_is_a_leak() -> None:
    assert rc.leaked_parts("jdoe", "CORP\\jdoe", "CORP\\<USER-1>", ["jdoe"]) == []
    assert rc.leaked_parts("jdoe", "CORP\\jdoe", "CORP\\jdoe", ["jdoe"]) == ["jdoe"]
    # an unencoded @ cut the password short: "ssw0rd" survived, runs of 4 count for an 8-character value
    text = "postgresql://app:p@ssw0rd@db.example.com/kb"
    left = rc.leaked_parts("p@ssw0rd", text, "postgresql://app:<PASSWORD-1>@ssw0rd@db.example.com/kb", ["p@ssw0rd"])
    assert left == ["@ssw", "ssw0", "sw0r", "w0rd"]


def test_measure_uses_the_bundle_path_and_its_final_scan() -> None:
    token = "ghp_" + "q7W2e9R4t1Y6u3I8o5P0a2S7d4F9g6H1j8K3"
    record = rc.SecretRecord("t", "github", f"GH_TOKEN={token}", (token,), rc.Source("written here", "written here"))
    kept = rc.KeepRecord("k", "version", "kbdesk 0.9.3", ("0.9.3",), rc.Source("written here", "written here"))
    report = rc.measure([record], [kept])
    assert [o.outcome for o in report.secrets] == ["redacted"]
    assert token not in rc.redact_as_bundle(record.text)
    assert rc.final_scan_refuses(record.text) and not rc.final_scan_refuses(rc.redact_as_bundle(record.text))
    assert [o.kept for o in report.keep] == [True]


# --------------------------------------------------------------------------- the targets

#: must-keep values today's redaction alters (issue 17's newcomer trial found the first);
#: the list may only shrink: a value that becomes falsely redacted fails the test below
KNOWN_FALSE_REDACTIONS: frozenset[str] = frozenset()


def test_no_new_false_redactions(report: rc.CorpusReport) -> None:
    new = {o.record_id for o in report.false_redactions} - KNOWN_FALSE_REDACTIONS
    assert not new, rc.format_report(report)
    assert report.keep_lines_refused == 0, rc.format_report(report)


def test_redaction_meets_issue_17_targets(report: rc.CorpusReport) -> None:
    """Recall >= 99 % overall, 100 % per category (generic high-entropy tokens >= 97 %), no false redaction."""
    table = rc.format_report(report)
    print(table)
    missed = report.targets_missed()
    assert not missed, "\n".join(missed) + "\n\n" + table
