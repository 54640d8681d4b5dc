"""One kbdesk window per user and home: a second launch hands its arguments to the first and exits.

The first instance listens on a local socket (a Unix domain socket, a named pipe
on Windows) whose name is derived from the user and the config folder, so two
users, or two ``KBDESK_HOME`` folders (tests, portable installs), never meet.

A later launch connects, sends one line of JSON and waits briefly for a one-line
reply::

    {"app": "kbdesk", "protocol": 1, "argv": ["/abs/path/case.kbbundle"]}
    {"ok": true}

If nobody answers although the socket exists, the first instance crashed and
left it behind: :meth:`InstanceServer.listen` removes it and listens afresh.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from ..core.paths import state_paths

log = logging.getLogger(__name__)

APP_ID = "kbdesk"
PROTOCOL_VERSION = 1
#: a message larger than this is not from kbdesk; drop the connection
MAX_MESSAGE_BYTES = 64 * 1024
CONNECT_TIMEOUT_MS = 500
REPLY_TIMEOUT_MS = 3000
#: a connection that has not sent a full line by then is dropped
READ_TIMEOUT_MS = 5000


def server_name() -> str:
    """The socket name for this user and this kbdesk home (short: Unix socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (containers without a passwd entry)
        user = "unknown"
    home = str(state_paths().config)
    digest = hashlib.sha256(f"{user}\0{home}".encode()).hexdigest()[:16]
    safe_user = "".join(c for c in user if c.isalnum())[:16] or "user"
    return f"{APP_ID}-{safe_user}-{digest}"


def encode_message(argv: Sequence[str]) -> bytes:
    body = {"app": APP_ID, "protocol": PROTOCOL_VERSION, "argv": list(argv)}
    return json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n"


def decode_message(data: bytes) -> list[str]:
    """The argv of a hand-off message; raises ValueError for anything else."""
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    if not isinstance(body, dict) or body.get("app") != APP_ID:
        raise ValueError("not a kbdesk message")
    if body.get("protocol") != PROTOCOL_VERSION:
        raise ValueError(f"unsupported protocol version {body.get('protocol')!r}")
    argv = body.get("argv")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        raise ValueError("argv must be a list of strings")
    return argv


def hand_off(argv: Sequence[str], name: str | None = None) -> bool:
    """Send ``argv`` to a running instance. True when one took it (this launch should exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(encode_message(argv))
    if not socket.waitForBytesWritten(CONNECT_TIMEOUT_MS):
        log.warning("could not send the arguments to the running kbdesk: %s", socket.errorString())
        socket.abort()
        return False
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(REPLY_TIMEOUT_MS):
        reply += bytes(socket.readAll().data())
    if b"\n" not in reply:
        # it took the message but is slow to answer (busy GUI thread): it will still act on it
        log.warning("the running kbdesk did not confirm the hand-off in time")
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; emits their arguments on the GUI thread."""

    arguments_received = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        # No socket options on purpose: with UserAccessOption, Qt binds in a private folder and renames the
        # socket over the final path, silently replacing a live instance's socket. Without options, bind()
        # itself fails on an existing path, which makes listening an atomic claim between two launches.
        # Other users cannot connect anyway: the socket file is not writable for them under a normal umask.
        self._server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def listen(self) -> bool:
        """Start listening. A socket left by a crashed instance is removed; a live one is left alone (False)."""
        if self._server.listen(self.name):
            log.info("single instance: listening as %s", self.name)
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            log.warning("single instance: cannot listen on %s: %s", self.name, self._server.errorString())
            return False
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_TIMEOUT_MS):
            probe.abort()
            return False  # another instance is alive
        log.info("single instance: removing the stale socket %s (an earlier kbdesk did not exit cleanly)", self.name)
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            log.info("single instance: listening as %s", self.name)
            return True
        log.warning("single instance: cannot listen on %s: %s", self.name, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            buffer = bytearray()
            timer = QTimer(socket)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda s=socket: s.abort())
            timer.start(READ_TIMEOUT_MS)
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket, buffer)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > MAX_MESSAGE_BYTES:
                log.warning("single instance: dropping an oversized message")
                socket.abort()
            return
        line = bytes(buffer.split(b"\n", 1)[0])
        buffer.clear()
        try:
            argv = decode_message(line)
        except ValueError as exc:
            log.warning("single instance: ignoring a message: %s", exc)
            socket.write(json.dumps({"ok": False, "error": str(exc)}).encode("utf-8") + b"\n")
            socket.flush()
            socket.disconnectFromServer()
            return
        socket.write(b'{"ok": true}\n')
        socket.flush()
        socket.disconnectFromServer()
        log.info("another launch handed over its arguments: %s", argv)
        self.arguments_received.emit(argv)
