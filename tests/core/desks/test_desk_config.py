"""Desk configuration: what is accepted, what is refused (naming desk and key), and that the
settings file keeps desks it cannot use instead of dropping them."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kbdesk.core.desks import DeskConfig, desk_from_mapping, read_desks, with_desk, without_desk
from kbdesk.core.errors import DeskConfigError
from kbdesk.core.settings import Settings, load_settings, save_settings

RT = {"kind": "rt", "url": "https://rt.example.org/", "queue": "General", "token_env": "RT_TOKEN"}
SMTP = {"kind": "smtp", "host": "smtp.example.org", "to": "helpdesk@example.org"}


def test_rt_desk_round_trips_through_its_settings_table():
    desk = desk_from_mapping("helpdesk", RT)
    assert (desk.url, desk.queue, desk.token_env, desk.credentials) == (
        "https://rt.example.org",
        "General",
        "RT_TOKEN",
        "env",
    )
    assert desk_from_mapping("helpdesk", desk.to_mapping()) == desk
    basic = desk_from_mapping("b", {"kind": "rt", "url": "https://rt.example.org", "queue": "Q", "user": "kb"})
    assert basic.credentials == "keyring" and basic.secret_label == "password"


def test_smtp_defaults_follow_the_security_choice():
    assert desk_from_mapping("m", SMTP).security == "starttls"
    assert desk_from_mapping("m", SMTP).port == 587
    assert desk_from_mapping("m", {**SMTP, "port": 465}).security == "tls"
    assert desk_from_mapping("m", {**SMTP, "security": "tls"}).port == 465
    assert desk_from_mapping("m", SMTP).credentials == "none"


@pytest.mark.parametrize(
    "table, words",
    [
        ({**RT, "token": "abc"}, ["must not hold a secret", "token"]),
        ({**RT, "password": "abc"}, ["must not hold a secret"]),
        ({**RT, "url": "http://rt.example.org"}, ["plain http"]),
        ({**RT, "url": "https://kb:pw@rt.example.org"}, ["user name or password"]),
        ({**RT, "url": "ftp://rt.example.org"}, ["https://"]),
        ({**RT, "queue": ""}, ["needs a queue"]),
        ({**RT, "user": "kb"}, ["either a token or a user"]),
        ({**RT, "token_env": "NOT A NAME"}, ["token_env", "environment variable"]),
        ({**RT, "timeout": 0}, ["timeout"]),
        ({**RT, "priorities": {"P9": 1}}, ["priorities"]),
        ({**SMTP, "to": "two@a.org, three@b.org"}, ["'to'"]),
        ({**SMTP, "security": "none", "user": "kb"}, ["never sent over an unencrypted"]),
        ({**SMTP, "port": 70000}, ["port"]),
        ({"kind": "carrier-pigeon"}, ["kind must be one of"]),
        ({"kind": "file"}, ["needs a folder"]),
    ],
)
def test_bad_tables_are_refused_naming_the_desk_and_the_key(table, words):
    with pytest.raises(DeskConfigError) as caught:
        desk_from_mapping("helpdesk", table)
    message = str(caught.value)
    assert message.startswith("desk 'helpdesk'")
    for word in words:
        assert word in message
    assert "abc" not in message  # a secret is named, never shown


def test_plain_http_is_fine_on_this_machine_or_when_allowed():
    assert desk_from_mapping("t", {**RT, "url": "http://127.0.0.1:8987"}).url == "http://127.0.0.1:8987"
    assert desk_from_mapping("t", {**RT, "url": "http://rt.lan", "allow_http": True}).allow_http


def test_bad_desk_names_are_refused():
    for name in ("", "-x", "a b", "x" * 65, "../etc"):
        with pytest.raises(DeskConfigError):
            desk_from_mapping(name, RT)


def test_first_desk_is_the_default_and_removing_it_moves_the_default():
    settings = with_desk(Settings(), desk_from_mapping("one", RT))
    settings = with_desk(settings, desk_from_mapping("two", SMTP))
    assert settings.default_desk == "one"
    assert read_desks(settings).get().name == "one"
    with pytest.raises(DeskConfigError, match="already exists"):
        with_desk(settings, desk_from_mapping("two", SMTP))
    settings = with_desk(settings, desk_from_mapping("two", SMTP), make_default=True, replace_existing=True)
    assert settings.default_desk == "two"
    settings = without_desk(settings, "two")
    assert settings.default_desk == "one"
    assert read_desks(settings).names() == ("one",)


def test_no_desk_says_what_to_do():
    with pytest.raises(DeskConfigError) as caught:
        read_desks(Settings()).get()
    assert "no service desk is configured" in str(caught.value) and "kbdesk desk add" in caught.value.hint
    with pytest.raises(DeskConfigError, match="no desk called 'nope'"):
        read_desks(with_desk(Settings(), desk_from_mapping("one", RT))).get("nope")


def test_settings_file_keeps_a_bad_desk_and_reports_it(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(
        'version = 3\ndefault_desk = "good"\n'
        '[desks.good]\nkind = "rt"\nurl = "https://rt.example.org"\nqueue = "Q"\ntoken_env = "T"\n'
        '[desks.bad]\nkind = "rt"\nurl = "https://rt.example.org"\nqueue = "Q"\ntoken = "s3cret"\n',
        "utf-8",
    )
    settings = load_settings(path)
    table = read_desks(settings)
    assert table.names() == ("good",)
    assert len(table.problems) == 1 and "desk 'bad'" in table.problems[0] and "s3cret" not in table.problems[0]
    with pytest.raises(DeskConfigError, match="desk 'bad'"):
        table.get("bad")
    save_settings(settings, path)  # a save by this kbdesk does not drop the desk it could not use
    assert set(tomllib.loads(path.read_text("utf-8"))["desks"]) == {"good", "bad"}


def test_settings_version_2_file_gains_empty_desks(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('version = 2\ntheme = "dark"\n', "utf-8")
    settings = load_settings(path)
    assert settings.desks == {} and settings.default_desk == "" and settings.problems == ()


def test_a_desk_config_never_shows_a_secret_in_repr():
    desk = DeskConfig(name="x", kind="rt", url="https://a", queue="q", token_env="T")
    assert "token_env='T'" in repr(desk)


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@hsettings(max_examples=300, deadline=None)
@given(
    name=st.text(max_size=20),
    table=st.dictionaries(
        st.sampled_from(
            [
                "kind",
                "url",
                "queue",
                "host",
                "port",
                "to",
                "sender",
                "security",
                "user",
                "token_env",
                "password_env",
                "folder",
                "timeout",
                "priorities",
                "allow_http",
                "ca_file",
                "other",
            ]
        ),
        _values,
        max_size=8,
    ),
)
def test_any_table_is_accepted_or_refused_with_a_desk_config_error(name, table):
    try:
        desk = desk_from_mapping(name, table)
    except DeskConfigError:
        return
    assert desk_from_mapping(name, desk.to_mapping()) == desk
