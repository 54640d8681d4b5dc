"""The managed policy: where it is found, how it overlays the user's settings, locks, and bad files."""

from __future__ import annotations

import time
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.core.errors import PolicyError
from kbdesk.core.settings import Settings
from kbdesk.core.sources import policy as policy_mod
from kbdesk.core.sources.policy import (
    MAX_POLICY_BYTES,
    effective_settings,
    find_policy_file,
    load_policy,
    parse_policy,
    policy_candidates,
)

GOOD = b"""
version = 1
reason = "Managed by Example Corp IT"
locked = ["analytics_enabled", "sources"]

[settings]
analytics_enabled = false
sync_interval_minutes = 30
theme = "dark"
diagnostics_allowed = false
keep_categories = ["ip-address"]
allowed_signers = ["writers@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJvNfaKlAaXyFh3bS0s5zLCCxp8h8bJsyJ0BhK7Ub3Ty"]

[[settings.sources]]
name = "it-kb"
url = "https://git.example.org/it/kb.git"
branch = "published"
priority = 100

[settings.desks.service-desk]
kind = "rt"
url = "https://rt.example.org"
queue = "Support"
token_env = "RT_TOKEN"

[settings.desks.leaky]
kind = "rt"
url = "https://rt.example.org"
queue = "Support"
token = "a secret in a policy file"

[reasons]
sources = "Articles come from the IT knowledge base only"
"""


def test_good_policy_is_read_whole():
    policy = parse_policy(GOOD)
    # one desk holds a secret: it alone is left out, with the reason
    assert len(policy.problems) == 1 and "leaky" in policy.problems[0] and "secret" in policy.problems[0]
    assert policy.values["sync_interval_minutes"] == 30
    assert policy.locked == {
        "analytics_enabled": "Managed by Example Corp IT",
        "sources": "Articles come from the IT knowledge base only",
    }
    desks = effective_settings(Settings(), policy).desk_table()
    assert desks.names() == ("service-desk",) and desks.get("service-desk").queue == "Support"


def test_effective_settings_overlay_and_locks():
    user = Settings().with_value("analytics_enabled", True).with_value("theme", "light")
    user = user.with_value("sources", [{"name": "mine", "url": "https://example.org/mine.git"}])
    eff = effective_settings(user, parse_policy(GOOD))
    # locked: the policy wins whatever the user chose
    assert eff.analytics_enabled is False and eff.locked("analytics_enabled") == "Managed by Example Corp IT"
    # unlocked, and the user chose their own: the user's stays
    assert eff.theme == "light" and eff.locked("theme") is None and eff.origins["theme"] == "user"
    # unlocked, the user left the default: the policy's default applies
    assert eff.sync_interval_minutes == 30 and eff.origins["sync_interval_minutes"] == "policy"
    # a key only the policy sets
    assert eff.diagnostics_allowed is False and eff.keep_categories == ["ip-address"]
    # desks not locked: the policy's beside the user's own
    assert set(eff.desk_table().names()) == {"service-desk"}
    user_desk = user.with_value("desks", {"mine": {"kind": "file", "folder": "/tmp/out"}})
    assert set(effective_settings(user_desk, parse_policy(GOOD)).desk_table().names()) == {"service-desk", "mine"}
    locked = parse_policy(GOOD.replace(b'"sources"]', b'"sources", "desks"]'))
    assert effective_settings(user_desk, locked).desk_table().names() == ("service-desk",)
    # sources locked: the policy's only
    assert [s["name"] for s in eff.sources] == ["it-kb"]
    with pytest.raises(PolicyError, match="Articles come from the IT knowledge base only"):
        eff.check_unlocked("sources")
    eff.check_unlocked("theme")


def test_the_settings_kbdesk_runs_with_are_the_effective_ones():
    user = Settings().with_value("analytics_enabled", True).with_value("theme", "light")
    running = effective_settings(user, parse_policy(GOOD)).settings()
    assert running.analytics_enabled is False and running.theme == "light" and running.sync_interval_minutes == 30
    assert [s["name"] for s in running.sources] == ["it-kb"] and isinstance(running.sources, tuple)
    assert list(running.desks) == ["service-desk"]
    # without a policy they are the user's own
    assert effective_settings(user, parse_policy(b"")).settings() == user


def test_a_default_desk_the_lock_removed_falls_back_to_the_policys():
    locked = parse_policy(GOOD.replace(b'"sources"]', b'"sources", "desks"]'))
    user = Settings().with_value("desks", {"mine": {"kind": "file", "folder": "/tmp/out"}})
    user = user.with_value("default_desk", "mine")
    eff = effective_settings(user, locked)
    assert eff.default_desk == "" and eff.desk_table().get(None).name == "service-desk"
    raw = GOOD.replace(b'"sources"]', b'"sources", "desks"]').replace(
        b"[settings]\n", b'[settings]\ndefault_desk = "service-desk"\n'
    )
    assert effective_settings(user, parse_policy(raw)).desk_table().default == "service-desk"


def test_unlocked_sources_add_the_users_own():
    raw = GOOD.replace(b'locked = ["analytics_enabled", "sources"]', b"locked = []")
    user = Settings().with_value(
        "sources",
        [
            {"name": "mine", "url": "https://example.org/mine.git"},
            {"name": "it-kb", "url": "https://example.org/impostor.git"},
        ],
    )
    eff = effective_settings(user, parse_policy(raw))
    assert [(s["name"], s["url"]) for s in eff.sources] == [
        ("it-kb", "https://git.example.org/it/kb.git"),
        ("mine", "https://example.org/mine.git"),
    ]


def test_bad_keys_are_reported_and_ignored_one_by_one():
    raw = b"""
version = 1
locked = ["analytics_enabled", "no_such_setting", 42]
surprise = 1
[settings]
analytics_enabled = "nope"
sync_interval_minutes = 1
theme = "dark"
desks = [{name = "x"}]
allowed_signers = ["not a key"]
sources = [{name = "../etc", url = "https://x"}]
keep_categories = "ip-address"
"""
    policy = parse_policy(raw)
    assert policy.values == {"theme": "dark"}
    assert set(policy.locked) == {"analytics_enabled"}
    # locked without a valid value: held at the built-in default, whatever the user chose
    eff = effective_settings(Settings().with_value("analytics_enabled", False), policy)
    assert eff.analytics_enabled is True and eff.locked("analytics_enabled")
    text = "\n".join(policy.problems)
    for what in (
        "surprise",
        "no_such_setting",
        "42",
        "analytics_enabled",
        "sync_interval_minutes",
        "desks",
        "allowed_signers",
        "sources",
        "keep_categories",
    ):
        assert what in text, what


@pytest.mark.parametrize(
    "raw, expect",
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"[settings\nbroken", "not valid TOML"),
        (b"a = " + b"[" * 5000 + b"]" * 5000, "not valid TOML"),
        (b"#" * (MAX_POLICY_BYTES + 1), "larger than"),
        (b"settings = 3\nreasons = []\nlocked = 'x'\nversion = 'one'", "must be"),
    ],
)
def test_malformed_files_never_crash(raw, expect):
    policy = parse_policy(raw)
    assert any(expect in p for p in policy.problems), policy.problems


def test_where_the_policy_is_found(tmp_path, monkeypatch):
    """The system file first (IT's), then the XDG config dirs, then KBDESK_POLICY: a user's
    environment can add a policy where none is installed, never replace IT's."""
    system = tmp_path / "etc-xdg" / "kbdesk" / "policy.toml"
    monkeypatch.setattr(policy_mod, "LINUX_SYSTEM_POLICY", system)
    monkeypatch.setattr(policy_mod.sys, "platform", "linux")
    a, b = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{a}:{b}")
    elsewhere = tmp_path / "test-policy.toml"
    elsewhere.write_bytes(b'[settings]\ntheme = "light"\n')
    monkeypatch.setenv("KBDESK_POLICY", str(elsewhere))
    assert policy_candidates() == [system, a / "kbdesk" / "policy.toml", b / "kbdesk" / "policy.toml", elsewhere]

    assert load_policy().values == {"theme": "light"}  # nothing installed: the environment's
    (b / "kbdesk").mkdir(parents=True)
    (b / "kbdesk" / "policy.toml").write_bytes(b'[settings]\ntheme = "system"\n')
    assert load_policy().values == {"theme": "system"}
    system.parent.mkdir(parents=True)
    system.write_bytes(GOOD)
    assert find_policy_file() == system
    assert load_policy().values["theme"] == "dark"  # IT's wins over both

    monkeypatch.delenv("KBDESK_POLICY")
    monkeypatch.delenv("XDG_CONFIG_DIRS")
    assert policy_candidates() == [system]
    system.unlink()
    assert load_policy().path is None


def test_default_locations(monkeypatch):
    monkeypatch.delenv("KBDESK_POLICY", raising=False)
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    monkeypatch.setattr(policy_mod.sys, "platform", "linux")
    assert [str(p) for p in policy_candidates()] == ["/etc/xdg/kbdesk/policy.toml"]
    monkeypatch.setattr(policy_mod.sys, "platform", "darwin")
    assert [str(p) for p in policy_candidates()] == ["/Library/Application Support/kbdesk/policy.toml"]


toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
known_keys = st.sampled_from([k.name for k in policy_mod.POLICY_KEYS] + ["version", "reason", "locked", "x"])


def _to_toml(data: dict) -> bytes:
    import tomli_w

    def clean(value):
        if isinstance(value, dict):
            return {str(k): clean(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [clean(v) for v in value if v is not None]
        return value

    try:
        return tomli_w.dumps(clean(data)).encode()
    except (TypeError, ValueError):
        return b""


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(known_keys, toml_values, max_size=6),
    st.dictionaries(known_keys, toml_values, max_size=8),
    st.lists(known_keys, max_size=5),
)
def test_generated_policies_never_raise(top, settings_table, locked):
    raw = _to_toml({**top, "settings": settings_table, "locked": locked})
    started = time.perf_counter()
    policy = parse_policy(raw)
    effective_settings(Settings(), policy)  # whatever survived validation is usable
    assert time.perf_counter() - started < 2.0
    for key in policy.locked:
        assert key in {k.name for k in policy_mod.POLICY_KEYS}


@settings(max_examples=150, deadline=None, database=None)
@given(st.binary(max_size=4096) | st.text(max_size=4096).map(str.encode))
def test_arbitrary_bytes_never_raise(raw):
    started = time.perf_counter()
    policy = parse_policy(raw)
    assert isinstance(policy.problems, tuple)
    assert time.perf_counter() - started < 2.0


def test_size_limit_bounds_the_parse_time():
    # the largest file the parser is ever handed: a quarter megabyte of keys
    raw = b"".join(b"k%d = %d\n" % (i, i) for i in range(30000))[:MAX_POLICY_BYTES]
    raw = raw[: raw.rfind(b"\n") + 1]
    started = time.perf_counter()
    policy = parse_policy(raw)
    assert time.perf_counter() - started < 5.0
    assert len(tomllib.loads(raw.decode())) > 1000 and policy.problems
