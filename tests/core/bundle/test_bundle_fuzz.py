"""No bundle can crash or stall verify, open or inspect (issue 17): refused with one line, or opened.

Every example is a real zip written to disk (tests/bundle_fuzz.py). Each reader gets
2 s of CPU time (CPU rather than wall time: the test machines are shared, and a stall
is CPU work). The counts of what happened are printed at the end (``pytest -s``).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bundle_fuzz as bf
import pytest
from hypothesis import HealthCheck, given, settings

from kbdesk.commands.bundle import format_inspect_text, inspect_bundle
from kbdesk.core.bundle import open_bundle, verify_bundle
from kbdesk.core.errors import BundleError

LIMIT_S = 2.0


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return bf.base_bundle(tmp_path_factory.mktemp("base"))


@pytest.fixture(scope="module", autouse=True)
def report_outcomes() -> Iterator[None]:
    bf.OUTCOMES.clear()
    yield
    print("\nbundle fuzz (core):", dict(sorted(bf.OUTCOMES.items())))


def _timed(what: str, call: Callable[[], Any]) -> tuple[Any, BundleError | None]:
    start = time.process_time()
    try:
        result, error = call(), None
    except BundleError as exc:  # the one way a reader may say no
        result, error = None, exc
    spent = time.process_time() - start
    assert spent < LIMIT_S, f"{what} took {spent:.2f} s of CPU"
    if error is not None:
        message = str(error)
        assert message and "\n" not in message, f"{what}: not one line: {message!r}"
    return result, error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=bf.hostile_bundles())
def test_readers_refuse_or_open_hostile_bundles(base: dict[str, bytes], plan: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = bf.write_hostile(base, plan, Path(folder) / "hostile.kbbundle")
        bf.OUTCOMES["examples"] += 1

        verified, verify_error = _timed("verify_bundle", lambda: verify_bundle(path))
        opened, open_error = _timed("open_bundle", lambda: open_bundle(path, temp_dir=folder))
        summary, inspect_error = _timed("inspect_bundle", lambda: inspect_bundle(path))

        # the three readers agree on whether the file can be read at all
        assert (verify_error is None) == (open_error is None) == (inspect_error is None), (
            verify_error,
            open_error,
            inspect_error,
        )
        if open_error is not None:
            bf.OUTCOMES["refused"] += 1
            return
        assert opened is not None and verified is not None
        with opened:
            assert opened.verify == verified
            bf.OUTCOMES["opened, intact" if verified.ok else "opened, tampered"] += 1
            if opened.problems:
                bf.OUTCOMES["opened with problems named"] += 1
            # what the agent sees of the attachments is never a disguised name
            for name in opened.attachments:
                assert name.isprintable() and "\u202e" not in name
        text = format_inspect_text(summary)
        assert text.startswith("Bundle")


def test_the_trial_inputs_are_refused_with_the_member_and_field(base: dict[str, bytes], tmp_path: Path) -> None:
    # issue 17's trial: "redaction": "x" (AttributeError in inspect, "intact" from verify), deep nesting
    # (RecursionError), a right-to-left override in a member name
    cases = [
        ({"manifest": ("redaction", "x")}, "manifest.json: field 'redaction' must be an object, not text"),
        ({"manifest_deep": 50_000}, "manifest.json nests 50001 levels deep; at most 64 are allowed"),
        ({"extra": ("attachments/KBEVIL_\u202egnp.exe", b"MZ")}, "invisible or direction-changing character (U+202E)"),
    ]
    for changes, message in cases:
        plan = {"manifest": None, "manifest_deep": None, "member": None, "extra": None, "rehash": True, **changes}
        path = bf.write_hostile(base, plan, tmp_path / "trial.kbbundle")
        for reader in (verify_bundle, open_bundle, inspect_bundle):
            with pytest.raises(BundleError) as info:
                reader(path)
            assert message in str(info.value), (reader.__name__, str(info.value))


def test_deep_or_mistyped_members_are_named_problems_not_crashes(base: dict[str, bytes], tmp_path: Path) -> None:
    plan = {
        "manifest": None,
        "manifest_deep": None,
        "member": ("trail.json", bf.deep_json(100_000, "list")),
        "extra": None,
        "rehash": True,
    }
    with open_bundle(bf.write_hostile(base, plan, tmp_path / "a.kbbundle")) as opened:
        assert opened.verify.ok and opened.trail == {}
        assert opened.problems == ("trail.json nests 100000 levels deep; at most 64 are allowed",)
    plan["member"] = ("diagnostics/os.json", b'{"title": ["not", "text"], "ok": true}')
    with open_bundle(bf.write_hostile(base, plan, tmp_path / "b.kbbundle")) as opened:
        assert opened.problems == ("diagnostics/os.json: field 'title' must be text, not a list; shown as text",)
        assert opened.diagnostics["os.json"] == '{"title": ["not", "text"], "ok": true}'
