"""Redaction: secrets and personal data out, typed placeholders in, counts only in the report.

Token samples are assembled from pieces ("gh" + "p_...") so that secret
scanners looking at this repository do not mistake the test data for leaks.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbdesk.commands.redact import format_report
from kbdesk.core.errors import RedactionError
from kbdesk.core.redaction import (
    CATEGORIES,
    PLACEHOLDER_RE,
    RedactionReport,
    Redactor,
    SecretFinding,
    find_secret_shapes,
    redact_stream_text,
    verify_clean,
)

B64_40 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ALNUM36 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


def make_redactor(**kwargs: object) -> Redactor:
    kwargs.setdefault("hostname", "alice-laptop.corp.example.com")
    kwargs.setdefault("username", "alice")
    return Redactor(**kwargs)  # type: ignore[arg-type]


def redact(text: str, **kwargs: object) -> str:
    return make_redactor(**kwargs).redact(text, "sample.log").text


def assert_redacted(text: str, secret: str, placeholder: str, **kwargs: object) -> str:
    out = redact(text, **kwargs)
    assert secret not in out, out
    assert placeholder in out, out
    return out


# --------------------------------------------------------------------------- secrets

PRIVATE_KEYS = [
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAr9ZpQx8s\nk3LmZ0u1qv+/abcdEFGH==\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg3Lq0zFaKEy\n-----END EC PRIVATE KEY-----",
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\n-----END PRIVATE KEY-----",
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTAp\n-----END ENCRYPTED PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\nAAAAEbm9uZQAAAAAAAAAB\n-----END OPENSSH PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nhGa1Tq9xZk3LmZ0u1qv\n-----END RSA PRIVATE KEY-----",
]


@pytest.mark.parametrize("block", PRIVATE_KEYS)
def test_private_key_blocks_are_replaced_whole(block: str) -> None:
    text = f"config dump:\n{block}\nnext line stays\n"
    out = redact(text)
    assert out == "config dump:\n<SECRET-PRIVATE-KEY-1>\nnext line stays\n"


def test_private_key_inside_json_string_and_truncated_key() -> None:
    body = "MIIEowIBAAKCAQEAr9ZpQx8sk3LmZ0u1qv"
    json_text = '{"key": "-----BEGIN RSA PRIVATE KEY-----\\n' + body + '\\n-----END RSA PRIVATE KEY-----\\n"}'
    out = redact(json_text)
    assert body not in out and "BEGIN RSA" not in out and "<SECRET-PRIVATE-KEY-1>" in out
    truncated = "-----BEGIN PRIVATE KEY-----\n" + body + "\n" + body + "\n2026-11-26 15:44:02 ERROR log was cut\n"
    out = redact(truncated)
    assert body not in out
    assert out.endswith("2026-11-26 15:44:02 ERROR log was cut\n")


AWS_KEY_IDS = ["AKIA" + "IOSFODNN7EXAMPLE", "ASIA" + "Y34FZKBOKMUTVV7A", "AKIA" + "Z2XJ4Q7R5T8W1M3N"]


@pytest.mark.parametrize("key_id", AWS_KEY_IDS)
def test_aws_access_key_ids(key_id: str) -> None:
    for text in (f"export AWS_ACCESS_KEY_ID={key_id}", f'"AccessKeyId": "{key_id}"', f"using {key_id} for s3"):
        assert_redacted(text, key_id, "<SECRET-AWS-KEY-1>")


@pytest.mark.parametrize(
    "text",
    [
        f"aws_secret_access_key = {B64_40}",
        f"AWS_SECRET_ACCESS_KEY={B64_40}",
        f'{{"SecretAccessKey": "{B64_40}", "SessionToken": "x"}}',
    ],
)
def test_aws_secret_keys_in_context(text: str) -> None:
    assert_redacted(text, B64_40, "<SECRET-AWS-SECRET-1>")


def test_forty_char_base64_without_context_is_not_an_aws_secret() -> None:
    text = f"blob {B64_40} end"
    assert redact(text) == text


@pytest.mark.parametrize(
    "token",
    [
        "gh" + "p_" + ALNUM36,
        "gh" + "o_" + ALNUM36,
        "gh" + "s_" + ALNUM36,
        "gh" + "u_" + ALNUM36,
        "gh" + "r_" + ALNUM36,
        "github" + "_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS",
    ],
)
def test_github_tokens(token: str) -> None:
    assert_redacted(f"git clone https://{token}@github.com/org/repo.git", token, "<SECRET-GITHUB-TOKEN-1>")
    assert_redacted(f"GH_TOKEN={token}", token, "<SECRET-GITHUB-TOKEN-1>")


@pytest.mark.parametrize(
    "token",
    [
        "xox" + "b-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "xox" + "p-1234567890-1234567890-1234567890-abcdef0123456789abcdef0123456789",
        "xox" + "a-2-1234567890-abcdefABCDEF",
        "xox" + "s-1234567890-abcdefghij",
    ],
)
def test_slack_tokens(token: str) -> None:
    assert_redacted(f"slack client init token {token} ok", token, "<SECRET-SLACK-TOKEN-1>")


@pytest.mark.parametrize(
    "url, kept",
    [
        (
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "https://hooks.slack.com/services/",
        ),
        (
            "https://discord.com/api/webhooks/123456789012345678/AbCdEf-GhIjKl_MnOpQrStUvWxYz0123456789",
            "https://discord.com/api/webhooks/",
        ),
        (
            "https://contoso.webhook.office.com/webhookb2/1a2b3c4d-0000@1a2b/IncomingWebhook/abc123def456/0f0f",
            "https://contoso.webhook.office.com/webhookb2/",
        ),
        ("https://ci.example.org/api/webhooks/9f8e7d6c5b4a39281706", "https://ci.example.org/api/webhooks/"),
    ],
)
def test_webhook_urls_keep_host_and_hide_path(url: str, kept: str) -> None:
    secret_part = url[len(kept) :]
    out = assert_redacted(f"posting alert to {url} now", secret_part, "<SECRET-WEBHOOK-1>")
    assert kept + "<SECRET-WEBHOOK-1>" in out


@pytest.mark.parametrize(
    "key",
    [
        "sk_" + "live_51HqLyjWDarjtT1zdp7dcXYZ",
        "rk_" + "live_51HqLyjWDarjtT1zdp7dcABC",
        "pk_" + "test_51HqLyjWDarjtT1zdp7dcDEF",
        "sk_" + "test_4eC39HqLyjWDarjtT1zdp7dc",
    ],
)
def test_stripe_keys(key: str) -> None:
    assert_redacted(f"stripe.api_key = '{key}'", key, "<SECRET-")
    assert_redacted(f"charging with {key}", key, "<SECRET-STRIPE-KEY-1>")


@pytest.mark.parametrize(
    "text, value, placeholder",
    [
        (
            "maps url ?libraries=places&callback=x AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
            "AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
            "<SECRET-GOOGLE-KEY-1>",
        ),
        (
            "GOOGLE_API_KEY is AIza" + "SyA1234567890abcdefghijklmnopqrstuv",
            "AIza" + "SyA1234567890abcdefghijklmnopqrstuv",
            "<SECRET-GOOGLE-KEY-1>",
        ),
        ("//registry.npmjs.org/:_authToken=npm_" + ALNUM36, "npm_" + ALNUM36, "<SECRET-NPM-TOKEN-1>"),
        ("npm token npm_" + ALNUM36[::-1] + " loaded", "npm_" + ALNUM36[::-1], "<SECRET-NPM-TOKEN-1>"),
        ("using npm_" + "Zz9" + ALNUM36[3:], "npm_" + "Zz9" + ALNUM36[3:], "<SECRET-NPM-TOKEN-1>"),
    ],
)
def test_google_and_npm_tokens(text: str, value: str, placeholder: str) -> None:
    assert_redacted(text, value, placeholder)


AZURE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@pytest.mark.parametrize(
    "text, value, placeholder",
    [
        (
            f"DefaultEndpointsProtocol=https;AccountName=kbstore;AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net",
            AZURE_KEY,
            "<SECRET-AZURE-KEY-1>",
        ),
        (
            f"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={AZURE_KEY[:44]}",
            AZURE_KEY[:44],
            "<SECRET-AZURE-KEY-1>",
        ),
        (
            "GET https://kb.blob.core.windows.net/c/a.txt?sv=2022-11-02&se=2026-12-01&sr=b&sp=r&sig=Zk3%2BqQ9vXo1yT7%2FabcDEF0123%3D",
            "Zk3%2BqQ9vXo1yT7%2FabcDEF0123%3D",
            "sig=<SECRET-AZURE-SAS-1>",
        ),
        (
            "sas token: sp=racwdl&st=2026-11-26&sig=AbCdEfGhIjKlMnOpQrStUv0123456789%3D",
            "AbCdEfGhIjKlMnOpQrStUv0123456789%3D",
            "<SECRET-AZURE-SAS-1>",
        ),
    ],
)
def test_azure_keys_and_sas_signatures(text: str, value: str, placeholder: str) -> None:
    out = assert_redacted(text, value, placeholder)
    assert "AccountName=kbstore" in out or "AccountName" not in text


JWTS = [
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJrYmRlc2siLCJleHAiOjE3NjQxNzE4NDJ9.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiYm9iIn0.",
]


@pytest.mark.parametrize("jwt", JWTS)
def test_jwts(jwt: str) -> None:
    assert_redacted(f"session cookie id_token={jwt}; Path=/", jwt, "<SECRET-")
    assert_redacted(f"decoded {jwt} ok", jwt, "<SECRET-JWT-1>")


@pytest.mark.parametrize(
    "text, value, expected",
    [
        (
            "Authorization: Bearer abcdefghijklmnop1234567890",
            "abcdefghijklmnop1234567890",
            "Authorization: Bearer <SECRET-TOKEN-1>",
        ),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==", "Authorization: Basic <SECRET-TOKEN-1>"),
        (
            "curl -H 'Authorization: token 0123456789abcdef0123' https://api.example.com",
            "0123456789abcdef0123",
            "'Authorization: token <SECRET-TOKEN-1>'",
        ),
        (
            'headers={"Authorization": "Bearer 9f8e7d6c5b4a3928aa"}',
            "9f8e7d6c5b4a3928aa",
            '"Authorization": "Bearer <SECRET-TOKEN-1>"',
        ),
        ("proxy sent Basic YWxpY2U6czNjcmV0 upstream", "YWxpY2U6czNjcmV0", "Basic <SECRET-TOKEN-1>"),
    ],
)
def test_authorization_headers(text: str, value: str, expected: str) -> None:
    out = assert_redacted(text, value, "<SECRET-TOKEN-1>")
    assert expected in out


def test_bearer_and_basic_in_prose_stay() -> None:
    text = "Basic troubleshooting: the bearer token expired, so sign in again."
    assert redact(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://bob:hunter2@db.example.com/x", "https://<USER-1>:<PASSWORD-1>@db.example.com/x"),
        ("postgres://app:S3cr3t!@10.1.2.3:5432/kb", "postgres://<USER-1>:<PASSWORD-1>@<IPV4-1>:5432/kb"),
        ("ftp://carol:pa55w0rd@files.example.org", "ftp://<USER-1>:<PASSWORD-1>@files.example.org"),
        ("redis://:topsecret@cache:6379/0", "redis://:<PASSWORD-1>@cache:6379/0"),
        ("amqp://root:guestpass@mq.local//", "amqp://root:<PASSWORD-1>@mq.local//"),
    ],
)
def test_passwords_in_urls_keep_scheme_and_host(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("password=hunter2", "password=<PASSWORD-1>"),
        (
            "login failed: user=bob password=hunter2 attempts=3",
            "login failed: user=<USER-1> password=<PASSWORD-1> attempts=3",
        ),
        ("DB_PASSWORD=correct-horse", "DB_PASSWORD=<PASSWORD-1>"),
        ("export MYSQL_PWD='s3cr3t value'", "export MYSQL_PWD='<PASSWORD-1>'"),
        ("[database]\npassword = two words here\nhost = db1", "[database]\npassword = <PASSWORD-1>\nhost = db1"),
        ('db:\n  user: app\n  password: "Pa55:word"\n', 'db:\n  user: <USER-1>\n  password: "<PASSWORD-1>"\n'),
        ("smtp:\n  password: plain yaml value  # comment\n", "smtp:\n  password: <PASSWORD-1>  # comment\n"),
        ('{"username": "carol", "password": "p@ss"}', '{"username": "<USER-1>", "password": "<PASSWORD-1>"}'),
        ("{'passwd': 'abc123'}", "{'passwd': '<PASSWORD-1>'}"),
        ("<Password>s3cret</Password>", "<Password><PASSWORD-1></Password>"),
        ("mysql -u root --password hunter2 kb", "mysql -u root --password <PASSWORD-1> kb"),
        ('"dbPassword": "xyz"', '"dbPassword": "<PASSWORD-1>"'),
    ],
)
def test_passwords_in_settings_forms(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("api_key=abcdef123456", "api_key=<SECRET-1>"),
        ('{"api_key": "x-12345-y"}', '{"api_key": "<SECRET-1>"}'),
        ("  apiKey: 0f9e8d7c6b5a", "  apiKey: <SECRET-1>"),
        ("X-Api-Key: 77aa88bb99cc", "X-Api-Key: <SECRET-1>"),
        ("client_secret = 'qwerty-uiop'", "client_secret = '<SECRET-1>'"),
        ("GET /callback?code=1&access_token=ya29.a0Af&state=z", "GET /callback?code=1&access_token=<SECRET-1>&state=z"),
        ("SLACK_SIGNING_SECRET=8f742231b10e8888abcd99yyyzzz85a5", "SLACK_SIGNING_SECRET=<SECRET-1>"),
        ('"clientSecret": 1234567', '"clientSecret": <SECRET-1>'),
        (
            '"sha256_secret": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"',
            '"sha256_secret": "<SECRET-1>"',
        ),
    ],
)
def test_api_keys_and_secrets_in_settings_forms(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Server=tcp:kb.database.windows.net,1433;User ID=kbadmin;Password=P@ss w0rd;Encrypt=True",
            "Server=tcp:kb.database.windows.net,1433;User ID=<USER-1>;Password=<PASSWORD-1>;Encrypt=True",
        ),
        (
            "Driver={ODBC Driver 18};Server=db;Uid=report;Pwd={a;b}c};",
            "Driver={ODBC Driver 18};Server=db;Uid=<USER-1>;Pwd={<PASSWORD-1>}c};",
        ),
        (
            "Data Source=db1;Initial Catalog=kb;User Id=sa;Pwd=Tr1cky!;",
            "Data Source=db1;Initial Catalog=kb;User Id=sa;Pwd=<PASSWORD-1>;",
        ),
        ("conn = postgresql://kb:kbpass@127.0.0.1/kb", "conn = postgresql://<USER-1>:<PASSWORD-1>@127.0.0.1/kb"),
    ],
)
def test_connection_strings(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "password: ${DB_PASSWORD}",
        "password=%DB_PASS%",
        'password: "********"',
        "token: null",
        "password: <your password here>",
        "Error: password: too short",
        "Enter your password: and press Enter",
        "token_count=512 max_tokens=2048 bypass=true",
        "keyboard layout=us",
        "last_login=2026-11-26 user_id_hash=ab12",
    ],
)
def test_non_secret_settings_stay(text: str) -> None:
    assert redact(text) == text


# --------------------------------------------------------------------------- personal data


@pytest.mark.parametrize(
    "text, address",
    [
        ("mail from alice.smith@example.org failed", "alice.smith@example.org"),
        ("To: <Bob.Jones+kb@mail.example.co.uk>", "Bob.Jones+kb@mail.example.co.uk"),
        ('{"reporter": "c.wu@sub.contoso.com"}', "c.wu@sub.contoso.com"),
    ],
)
def test_email_addresses(text: str, address: str) -> None:
    assert_redacted(text, address, "<EMAIL-1>")


def test_email_lookalikes_stay() -> None:
    text = "icon@2x.png, git@github.com:org/repo.git, @mention, npm i lodash@4.17.21"
    assert redact(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Opened /home/dmitri/.config/kbdesk/settings.toml", "Opened /home/<USER-1>/.config/kbdesk/settings.toml"),
        ("crash in /Users/eve/Library/Logs/kbdesk.log", "crash in /Users/<USER-1>/Library/Logs/kbdesk.log"),
        (r"C:\Users\frank\AppData\Local\kbdesk\log.txt", r"C:\Users\<USER-1>\AppData\Local\kbdesk\log.txt"),
        (r"c:\users\John Smith\Desktop\x.txt", r"c:\users\<USER-1>\Desktop\x.txt"),
        ('{"path": "C:\\\\Users\\\\grace\\\\kb"}', '{"path": "C:\\\\Users\\\\<USER-1>\\\\kb"}'),
    ],
)
def test_home_folders_hide_the_user_name(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_shared_home_folders_and_url_paths_stay() -> None:
    text = r"C:\Users\Public\Desktop and /Users/Shared/x and https://example.com/home/about and /home/user/x"
    assert redact(text) == text


def test_current_user_and_host_name_are_replaced_as_whole_words() -> None:
    r = make_redactor(hostname="alice-laptop.corp.example.com", username="alice")
    text = "alice logged in on ALICE-LAPTOP (alice-laptop.corp.example.com); user malice stays; CORP\\alice"
    out = r.redact(text, "auth.log").text
    assert out == "<USER-1> logged in on <HOST-1> (<HOST-1>); user malice stays; CORP\\<USER-1>"


def test_generic_and_short_names_are_not_searched_as_words() -> None:
    r = Redactor(hostname="vm", username="root")
    text = "root cause found on vm host; vm.swappiness=60"
    assert r.redact(text).text == text


def test_extra_user_names() -> None:
    out = redact("ticket opened by hsato and mbrown", usernames=["hsato", "MBrown"])
    assert out == "ticket opened by <USER-1> and <USER-2>"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("gateway 192.168.1.1 unreachable", "gateway <IPV4-1> unreachable"),
        ("connect to 10.20.30.40:443 failed", "connect to <IPV4-1>:443 failed"),
        ("route 172.16.0.0/12 via 203.0.113.7.", "route <IPV4-1>/12 via <IPV4-2>."),
        ("X-Forwarded-For: 198.51.100.23, 8.8.8.8", "X-Forwarded-For: <IPV4-1>, <IPV4-2>"),
    ],
)
def test_ipv4_addresses(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Windows version 10.0.19045.1234",
        "Version=4.0.0.0, Culture=neutral",
        "firmware 2.1.0.12 installed",
        "v1.2.3.4 and build 1.2.3.4",
        "OID 1.3.6.1.4.1.311",
        "listening on 127.0.0.1:8080 and 0.0.0.0, mask 255.255.255.0, broadcast 255.255.255.255",
        "upgrade 1.2.3.4.5 done; 256.1.1.1 is not an address; 01.02.03.04 neither",
    ],
)
def test_ipv4_lookalikes_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("addr fe80::1ff:fe23:4567:890a%eth0 scope link", "addr <IPV6-1> scope link"),
        ("dns 2001:4860:4860::8888 ok", "dns <IPV6-1> ok"),
        ("peer [2001:db8:85a3:0:0:8a2e:370:7334]:443", "peer [<IPV6-1>]:443"),
        ("mapped ::ffff:192.0.2.128 seen", "mapped <IPV6-1> seen"),
    ],
)
def test_ipv6_addresses(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_ipv6_lookalikes_stay() -> None:
    text = "at 15:44:02 std::string ::1 and :: and 12:34:56:78"
    assert redact(text) == text


def test_ipv6_netmasks_stay_but_addresses_beside_them_go() -> None:
    text = '"address": "2001:db8:85a3::8a2e:370:7334", "netmask": "ffff:ffff:ffff:ffff::"'
    assert redact(text) == '"address": "<IPV6-1>", "netmask": "ffff:ffff:ffff:ffff::"'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ether 00:1a:2b:3c:4d:5e txqueuelen", "ether <MAC-1> txqueuelen"),
        ("Physical Address. . . : 3C-52-82-AB-CD-EF", "Physical Address. . . : <MAC-1>"),
        ("cisco 001a.2b3c.4d5e up", "cisco <MAC-1> up"),
    ],
)
def test_mac_addresses(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_same_mac_in_two_notations_gets_one_placeholder() -> None:
    out = redact("00:1a:2b:3c:4d:5e is 00-1A-2B-3C-4D-5E")
    assert out == "<MAC-1> is <MAC-1>"


@pytest.mark.parametrize(
    "card",
    ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011000990139424", "4012888888881881"],
)
def test_payment_cards(card: str) -> None:
    assert_redacted(f"charged card {card} on file", card, "<CARD-1>")


@pytest.mark.parametrize(
    "text",
    [
        "order 4111 1111 1111 1112 (bad check digit)",
        "epoch ms 1764171842000 and id 20261126154402123",
        "serial 1234567890123456",
        "2026-11-26 15:44:02",
        # a digit run inside a digest passes the issuer and Luhn checks now and then; it is not a card
        '"sha256": "9f2c4111111111111111e0b7a4c2d6f1a9b3e5d7c8f0a2b4c6d8e0f1a3b5c7d9"',
        "commit 0e4012888888881881ab in the log",
        # a UUID whose last two groups, or whose first three, are digits that pass the issuer and Luhn checks
        "request 1b4e28ba-2fa1-11dc-4111-111111111111 failed",
        "request 41111111-1111-1111-abcd-0123456789ab failed",
        # the fraction of a float as Python writes it (a view's dwell time in the trail): a valid bundle was refused
        "dwell_s: 1.4093900730003952",
        "ratio 0.4111111111111111",
    ],
)
def test_card_lookalikes_stay(text: str) -> None:
    assert redact(text) == text
    assert find_secret_shapes(text) == []


def _luhn_complete(body: str) -> str:
    """``body`` with the check digit that makes it pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str(-total % 10)


_HEX = "0123456789abcdef"


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["4", "51", "55", "2221", "6011", "65", "3528"]),
    st.text(alphabet="0123456789", min_size=15, max_size=15),
    st.text(alphabet=_HEX, min_size=16, max_size=16),
    st.booleans(),
)
def test_no_uuid_is_read_as_a_card_number(prefix: str, digits: str, rest: str, card_first: bool) -> None:
    # 16 digits that pass the issuer and Luhn checks, as the first three groups of a UUID or as its last two
    card = _luhn_complete((prefix + digits)[:15])
    if card_first:
        uuid = f"{card[:8]}-{card[8:12]}-{card[12:]}-{rest[:4]}-{rest[4:]}"
    else:
        uuid = f"{rest[:8]}-{rest[8:12]}-{rest[12:16]}-{card[:4]}-{card[4:]}"
    assert find_secret_shapes(card) != []  # the digits alone are a card
    text = f'{{"request_id": "{uuid}"}}'
    assert find_secret_shapes(text) == []
    assert redact(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Contoso VPN client for CONTOSO staff", "<CUSTOM-1> VPN client for <CUSTOM-1> staff"),
        ("project bluefin at contoso.internal", "project <CUSTOM-1> at <CUSTOM-2>.internal"),
        ("NotContosoLtd is matched inside words too", "Not<CUSTOM-1>Ltd is matched inside words too"),
    ],
)
def test_custom_terms(text: str, expected: str) -> None:
    assert redact(text, custom_terms=["Contoso", "Bluefin", "  "]) == expected


def test_custom_terms_never_touch_placeholders() -> None:
    out = redact("mail a@example.com, host and user", custom_terms=["email", "user", "host"])
    assert out == "mail <EMAIL-1>, <CUSTOM-1> and <CUSTOM-2>"
    assert PLACEHOLDER_RE.fullmatch("<EMAIL-1>")


def test_too_short_custom_term_is_refused() -> None:
    with pytest.raises(RedactionError):
        Redactor(custom_terms=["x"])


# --------------------------------------------------------------------------- what must stay

UNCHANGED = [
    "Microsoft Windows [Version 10.0.19045.3803] and Python 2.7.5, kbdesk 0.1.0",
    "2026-11-26 15:44:02,123 INFO started; 2026-11-26T15:44:02.123456+01:00; 26/11/2026",
    "Error 0x80070005 (E_ACCESSDENIED); HRESULT 0x8007000E; net::ERR_NAME_NOT_RESOLVED; DNS_PROBE_FINISHED_NXDOMAIN",
    "/usr/lib/x86_64-linux-gnu/libssl.so.3 and C:\\Windows\\System32\\drivers\\etc\\hosts and ~/Documents",
    "request 123e4567-e89b-12d3-a456-426614174000 failed; trace {3F2504E0-4F89-11D3-9A0C-0305E82C3301}",
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 (abbrev 9fceb02)",
    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "If Wi-Fi says connected but nothing loads, restart the router and try again. Then reopen the browser.",
    "The printer queue is stuck: open Services, restart Print Spooler, and print a test page.",
    "Key points: the token bucket refills every second; user guide chapter 3; secret santa party.",
    "Disk usage on /var/lib/kbdesk: 85% used; 12 GB free; 1,234,567 files.",
    "phone support hours 9:00-17:00; ticket #4521; KB5034441 failed with 0x80070643.",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_text_stays_unchanged(text: str) -> None:
    r = make_redactor(custom_terms=["Contoso"])
    result = r.redact(text, "x.log")
    assert result.text == text
    assert result.counts == ()


# --------------------------------------------------------------------------- consistency, report, toggles

SECRET_SAMPLE = "\n".join(
    [
        "user alice.smith@example.org logged in from 192.168.1.20",
        "password=hunter2",
        "Authorization: Bearer abcdefghijklmnop1234567890",
        "export AWS_ACCESS_KEY_ID=" + AWS_KEY_IDS[0],
        "card 4111 1111 1111 1111",
        "/home/dmitri/.ssh/config",
        "ether 00:1a:2b:3c:4d:5e",
    ]
)
ORIGINAL_VALUES = [
    "alice.smith@example.org",
    "192.168.1.20",
    "hunter2",
    "abcdefghijklmnop1234567890",
    AWS_KEY_IDS[0],
    "4111 1111 1111 1111",
    "dmitri",
    "00:1a:2b:3c:4d:5e",
]


def test_placeholders_are_consistent_across_sources() -> None:
    r = make_redactor()
    first = r.redact("from bob@example.com at 10.0.0.5, then carol@example.com", "a.log").text
    second = r.redact("reply to BOB@example.com; carol@example.com; 10.0.0.5 and 10.0.0.6", "b.log").text
    assert first == "from <EMAIL-1> at <IPV4-1>, then <EMAIL-2>"
    assert second == "reply to <EMAIL-1>; <EMAIL-2>; <IPV4-1> and <IPV4-2>"


def test_same_password_gets_the_same_placeholder_in_url_and_setting() -> None:
    r = make_redactor()
    out = r.redact("https://app:hunter2@db.example.com and password=hunter2 and pwd=other", "x").text
    assert out == "https://<USER-1>:<PASSWORD-1>@db.example.com and password=<PASSWORD-1> and pwd=<PASSWORD-2>"


def test_report_counts_per_source_and_totals_without_values() -> None:
    r = make_redactor()
    r.redact(SECRET_SAMPLE, "logs/app.log")
    r.redact("again alice.smith@example.org and eve@example.net", "/home/dmitri/notes.txt")
    report = r.report()
    assert isinstance(report, RedactionReport)
    totals = dict(report.totals)
    assert totals["email"] == 3
    assert totals["password"] == 1 and totals["auth_header"] == 1 and totals["aws_key"] == 1
    assert totals["card"] == 1 and totals["ipv4"] == 1 and totals["mac"] == 1 and totals["user"] == 1
    assert dict(report.distinct)["email"] == 2
    per_source = {s.source: dict(s.counts) for s in report.per_source}
    assert per_source["logs/app.log"]["email"] == 1
    # the source name itself went through redaction
    assert per_source["/home/<USER-1>/notes.txt"] == {"email": 2}

    dumped = json.dumps(report.to_dict())
    for value in [*ORIGINAL_VALUES, "eve@example.net", "dmitri"]:
        assert value not in dumped
    assert json.loads(dumped)["version"] == 1
    summary = format_report(report)
    for value in ORIGINAL_VALUES:
        assert value not in summary
    assert "email: 3" in summary
    assert "dmitri" not in repr(r) and "hunter2" not in repr(r)


def test_result_counts() -> None:
    result = make_redactor().redact(SECRET_SAMPLE, "app.log")
    counts = dict(result.counts)
    assert counts == {
        "aws_key": 1,
        "auth_header": 1,
        "password": 1,
        "card": 1,
        "email": 1,
        "user": 1,
        "ipv4": 1,
        "mac": 1,
    }
    assert result.total == 8
    for value in ORIGINAL_VALUES:
        assert value not in result.text


def test_disabled_category_is_left_alone() -> None:
    r = make_redactor(disabled_categories={"ipv4", "email"})
    out = r.redact("bob@example.com from 192.168.1.20 password=hunter2 ether 00:1a:2b:3c:4d:5e", "net.log").text
    assert out == "bob@example.com from 192.168.1.20 password=<PASSWORD-1> ether <MAC-1>"
    report = r.report()
    assert report.disabled_categories == ("email", "ipv4")
    assert "ipv4" not in dict(report.totals)


def test_disabled_user_keeps_names_but_not_passwords() -> None:
    out = redact("https://bob:hunter2@example.com /home/bob", disabled_categories={"user"})
    assert out == "https://bob:<PASSWORD-1>@example.com /home/bob"


@pytest.mark.parametrize("category", [*sorted(c.name for c in CATEGORIES if c.kind == "secret"), "card"])
def test_secret_categories_cannot_be_disabled(category: str) -> None:
    with pytest.raises(RedactionError, match="cannot be turned off"):
        Redactor(disabled_categories={category})


def test_unknown_category_is_refused() -> None:
    with pytest.raises(RedactionError, match="unknown"):
        Redactor(disabled_categories={"ip_addresses"})


def test_redacting_redacted_text_changes_nothing() -> None:
    r = make_redactor(custom_terms=["Contoso"])
    once = r.redact(SECRET_SAMPLE + "\nContoso https://u:p4ss@h.example.com\n" + PRIVATE_KEYS[0], "a").text
    twice = r.redact(once, "b")
    assert twice.text == once
    assert twice.counts == ()


def test_default_host_and_user_come_from_this_machine() -> None:
    r = Redactor()
    assert r.redact("plain words only", "x").text == "plain words only"


# --------------------------------------------------------------------------- final scan


ALL_SECRET_SAMPLES = [
    PRIVATE_KEYS[0],
    "AKIA" + "IOSFODNN7EXAMPLE",
    f"aws_secret_access_key = {B64_40}",
    "gh" + "p_" + ALNUM36,
    "xox" + "b-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "sk_" + "live_51HqLyjWDarjtT1zdp7dcXYZ",
    "AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
    "npm_" + ALNUM36,
    f"AccountKey={AZURE_KEY}",
    "https://x.blob.core.windows.net/c?sv=1&sig=Zk3%2BqQ9vXo1yT7%2FabcDEF0123%3D",
    JWTS[0],
    "Authorization: Bearer abcdefghijklmnop1234567890",
    "https://bob:hunter2@db.example.com",
    "password=hunter2",
    '"api_key": "x-12345-y"',
    "Password=P@ss;Server=x",
    "card 4111 1111 1111 1111",
]


@pytest.mark.parametrize("sample", ALL_SECRET_SAMPLES)
def test_find_secret_shapes_finds_raw_secrets_and_not_their_redaction(sample: str) -> None:
    text = f"first line\nsecond line {sample} tail\n"
    findings = find_secret_shapes(text)
    assert findings, sample
    assert all(isinstance(f, SecretFinding) and f.line >= 2 for f in findings)
    redacted = make_redactor().redact(text, "x").text
    assert find_secret_shapes(redacted) == []
    verify_clean(redacted, "x")


def test_find_secret_shapes_reports_line_numbers() -> None:
    text = "ok\nok\npassword=hunter2\nok\n" + "gh" + "p_" + ALNUM36 + "\n"
    assert find_secret_shapes(text) == [SecretFinding("password", 3), SecretFinding("github_token", 5)]


def test_verify_clean_names_source_and_line_but_not_the_value() -> None:
    text = "fine\nstill fine\nexport GH_TOKEN=" + "gh" + "p_" + ALNUM36 + "\n"
    with pytest.raises(RedactionError) as caught:
        verify_clean(text, "logs/app.log")
    message = str(caught.value)
    assert "logs/app.log" in message and "line 3" in message
    assert ALNUM36 not in message and "gh" + "p_" not in message
    assert caught.value.hint


def test_verify_clean_passes_placeholders() -> None:
    text = (
        "password=<PASSWORD-1>\nAuthorization: Bearer <SECRET-TOKEN-1>\n"
        'https://<USER-1>:<PASSWORD-2>@example.com\n"api_key": "<SECRET-1>"\n<SECRET-PRIVATE-KEY-1>\n'
        "card <CARD-1>; sig=<SECRET-AZURE-SAS-1>; AccountKey=<SECRET-AZURE-KEY-1>\n"
    )
    verify_clean(text, "bundle/app.log")
    make_redactor().verify_clean(text, "/home/dmitri/app.log")


def test_redactor_verify_clean_redacts_the_source_name() -> None:
    r = make_redactor()
    with pytest.raises(RedactionError) as caught:
        r.verify_clean("password=hunter2", "/home/dmitri/app.log")
    assert "dmitri" not in str(caught.value)
    assert "/home/<USER-1>/app.log" in str(caught.value)


def test_redact_stream_text_returns_text_and_report() -> None:
    text, report = redact_stream_text(SECRET_SAMPLE, make_redactor(), source="-")
    assert find_secret_shapes(text) == []
    assert report.per_source[0].source == "-"
    assert report.total == 8


# --------------------------------------------------------------------------- robustness


def test_long_single_line_is_redacted_everywhere() -> None:
    records = [
        {"ip": f"10.0.{i % 250}.{i % 200 + 1}", "password": f"pw{i:05d}", "note": "v 1.2.3"} for i in range(3000)
    ]
    text = json.dumps(records)  # one line of ~250 KB
    out = make_redactor().redact(text, "dump.json").text
    assert "pw02999" not in out and "pw00000" not in out
    assert not re.search(r"10\.0\.\d+\.\d+", out)
    assert find_secret_shapes(out) == []


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 50_000 + "@",
        "password=" + "x" * 50_000,
        "1 " * 30_000,
        ":" * 50_000,
        "-----BEGIN PRIVATE KEY-----" + "A" * 50_000,
        "https://" + "a:" * 20_000,
        "Authorization: Digest " + "a=" * 20_000,
        "\\Users\\" + "a " * 20_000,
    ],
)
def test_hostile_inputs_finish(hostile: str) -> None:
    # Not a timing test: a catastrophic regex would not finish at all on these.
    make_redactor().redact(hostile, "x")
    find_secret_shapes(hostile)


def test_non_ascii_text_keeps_positions() -> None:
    text = "İstanbul ofisi: kullanıcı=ayşe şifre password=gizli123 e-posta ayşe.yılmaz@example.com"
    out = redact(text)
    assert "gizli123" not in out and "<PASSWORD-1>" in out
    assert out.startswith("İstanbul ofisi")
