"""Whatever a desk answers (it is untrusted input), the RT adapter returns or raises a DeskError:
a real HTTP server on 127.0.0.1 serves generated answers to the adapter's real requests."""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kbdesk.core.desks import desk_from_mapping, open_desk
from kbdesk.core.desks.http import HttpClient
from kbdesk.core.desks.rt import state_for
from kbdesk.core.errors import DeskError, DeskRejectedError, DeskUnreachableError


class Answers:
    """What the server says next, and what it was asked."""

    def __init__(self) -> None:
        self.status = 200
        self.body = b"{}"
        self.content_type = "application/json"
        self.headers: dict[str, str] = {}
        self.requests: list[tuple[str, str, dict]] = []


@pytest.fixture(scope="module")
def answering():
    answers = Answers()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            answers.requests.append((self.command, self.path, dict(self.headers)))
            self.send_response(answers.status)
            self.send_header("Content-Type", answers.content_type)
            for key, value in answers.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answers.body)))
            self.end_headers()
            self.wfile.write(answers.body)

        do_GET = do_POST = do_PUT = _answer  # noqa: N815 - http.server calls do_<METHOD>

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield answers, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def _desk(url, monkeypatch):
    monkeypatch.setenv("KBDESK_T", "1-2-secret")
    return open_desk(
        desk_from_mapping("t", {"kind": "rt", "url": url, "queue": "q", "token_env": "KBDESK_T", "timeout": 5})
    )


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "items",
                    "pages",
                    "Filename",
                    "ContentLength",
                    "Content",
                    "Status",
                    "Subject",
                    "CustomFields",
                    "name",
                    "values",
                    "TicketCustomFields",
                    "_hyperlinks",
                    "ref",
                    "message",
                    "Version",
                    "LastUpdated",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_json, status=st.sampled_from([200, 201, 400, 404, 500]), raw=st.booleans(), data=st.binary(max_size=50))
def test_any_answer_is_a_result_or_a_desk_error(answering, tmp_path, monkeypatch, value, status, raw, data):
    answers, url = answering
    answers.status = status
    answers.body = data if raw else json.dumps(value).encode()
    desk = _desk(url, monkeypatch)
    calls = (
        desk.check,
        lambda: desk.find_ticket(str(uuid.uuid4())),
        lambda: desk.ticket_status("7"),
        lambda: desk.fetch_bundle("7", tmp_path),
    )
    for call in calls:
        with contextlib.suppress(DeskError):
            call()


def test_a_redirect_is_not_followed_with_the_token(answering, monkeypatch):
    answers, url = answering
    answers.requests.clear()
    answers.status, answers.body, answers.headers = 302, b"", {"Location": url + "/elsewhere"}
    try:
        with pytest.raises(DeskRejectedError, match="redirect") as caught:
            _desk(url, monkeypatch).ticket_status("7")
    finally:
        answers.headers = {}
    assert len(answers.requests) == 1 and "secret" not in str(caught.value)
    assert answers.requests[0][2]["Authorization"] == "token 1-2-secret"  # sent once, to the desk only


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_are_transient(answering, monkeypatch, status):
    answers, url = answering
    answers.status, answers.body = status, b'{"message": "busy"}'
    with pytest.raises(DeskUnreachableError) as caught:
        _desk(url, monkeypatch).ticket_status("7")
    assert caught.value.transient and f"HTTP {status}" in str(caught.value)


def test_an_oversized_answer_is_refused(answering):
    answers, url = answering
    answers.status, answers.body = 200, b'{"x": "' + b"a" * 5000 + b'"}'
    with pytest.raises(DeskRejectedError, match="larger than 1000 bytes"):
        HttpClient("t", timeout=5).request("GET", url + "/x", max_bytes=1000)


def test_state_map():
    assert [state_for(s) for s in ("new", "open", "stalled", "resolved", "rejected", "deleted", "Custom")] == [
        "new",
        "open",
        "open",
        "resolved",
        "resolved",
        "resolved",
        "open",
    ]
