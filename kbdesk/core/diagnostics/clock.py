"""The clock: is it kept in step, and (when a time server is named) how far off is it?

Whether the system keeps its clock in step comes from the kernel: ``adjtimex``
on Linux and ``ntp_adjtime`` on macOS, called read-only (``modes`` 0, no
privileges needed), answer ``TIME_ERROR`` (5) while the clock is not
synchronised; that is what ``timedatectl`` shows as "System clock
synchronized". systemd-timesyncd's ``/run/systemd/timesync/synchronized``
counts as synchronised too. Windows: not read (``w32tm`` is slow and its
output localised).

How far off the clock is needs a reference, and kbdesk contacts nothing unless
told to: only when ``DiagnosticsOptions.time_server`` names an NTP server
(the ``time_server`` setting) is it asked once over SNTP (RFC 4330: one UDP
packet each way, ``options.timeout``). The offset is the usual
``((T2 - T1) + (T3 - T4)) / 2``; the answer must echo our transmit time, so a
stray packet cannot pass for it.
"""

from __future__ import annotations

import ctypes
import os
import socket
import struct
import sys
import time
from typing import Any

from kbdesk.core.diagnostics.base import CollectorOutput, DiagnosticsOptions, format_duration, key_values

#: seconds between 1900-01-01 (NTP's epoch) and 1970-01-01
NTP_EPOCH_OFFSET = 2_208_988_800
NTP_PORT = 123
#: a clock this far off breaks TLS certificates, Kerberos (5 minutes by default) and sign-in codes
SKEW_WARNING_SECONDS = 300
_TIME_ERROR = 5
_TIMESYNCD_FLAG = "/run/systemd/timesync/synchronized"


def collect_clock(options: DiagnosticsOptions) -> CollectorOutput:
    synchronized, source = kernel_sync_state()
    data: dict[str, Any] = {
        "synchronized": synchronized,
        "sync_source": source,
        "time_server": None,
        "offset_seconds": None,
        "round_trip_seconds": None,
        "error": None,
    }
    warnings = []
    server = options.time_server
    if server:
        host, port = split_server(server)
        data["time_server"] = server
        try:
            offset, round_trip = sntp_offset(host, port, options.timeout)
        except (OSError, ValueError) as exc:
            data["error"] = str(exc) or type(exc).__name__
            warnings.append(f"the time server {server} gave no usable answer ({data['error']})")
        else:
            data["offset_seconds"] = round(offset, 3)
            data["round_trip_seconds"] = round(round_trip, 4)
            if abs(offset) > SKEW_WARNING_SECONDS:
                ahead = "ahead of" if offset < 0 else "behind"
                warnings.append(f"the clock is {format_duration(abs(offset))} {ahead} {server}")
    lines: list[tuple[str, object]] = [
        ("Synchronised", "unknown" if synchronized is None else ("yes" if synchronized else "no"))
    ]
    if server:
        if data["offset_seconds"] is None:
            lines.append((f"Offset from {server}", f"unknown ({data['error']})"))
        else:
            lines.append((f"Offset from {server}", f"{-data['offset_seconds']:+.3f} s (local minus server)"))
    else:
        lines.append(("Offset", "not measured (no time server set)"))
    return CollectorOutput(data, key_values(lines), tuple(warnings))


def kernel_sync_state() -> tuple[bool | None, str | None]:
    """(synchronised?, how we know) from the kernel; (None, None) where it cannot be asked."""
    if sys.platform.startswith("linux"):
        if os.path.exists(_TIMESYNCD_FLAG):
            return True, "systemd-timesyncd"
        return _adjtime_state("adjtimex")
    if sys.platform == "darwin":
        return _adjtime_state("ntp_adjtime")
    return None, None


def _adjtime_state(function: str) -> tuple[bool | None, str | None]:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = getattr(libc, function)
    except (OSError, AttributeError):
        return None, None
    # struct timex is 208 bytes on 64-bit Linux and smaller on macOS; its first field, modes, is 0 in a
    # zeroed buffer, which makes the call read-only
    buffer = ctypes.create_string_buffer(512)
    state = call(buffer)
    if state < 0:
        return None, None
    return state != _TIME_ERROR, function


def split_server(text: str) -> tuple[str, int]:
    """``host``, ``host:port`` or ``[v6]:port`` to (host, port); the NTP port by default."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else NTP_PORT
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        if port.isdigit() and 0 < int(port) < 65536:
            return host, int(port)
    return text, NTP_PORT


def sntp_offset(host: str, port: int = NTP_PORT, timeout: float = 1.0) -> tuple[float, float]:
    """(offset, round trip) in seconds from one SNTP exchange; the offset is server minus local.

    Raises OSError (no answer, unreachable) or ValueError (an answer that is not a usable
    NTP reply).
    """
    deadline = time.monotonic() + timeout
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        sent = time.time()
        transmit = _to_ntp(sent)
        # LI 0, version 4, mode 3 (client); the rest zero except our transmit time, which the server echoes
        request = bytes([0x23]) + bytes(39) + transmit
        sock.sendto(request, address)
        while True:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                reply, _ = sock.recvfrom(1024)
            except TimeoutError:
                raise TimeoutError(f"no answer within {timeout:g} s") from None
            received = time.time()
            if len(reply) >= 48 and reply[24:32] == transmit:
                break
            if time.monotonic() >= deadline:
                raise TimeoutError(f"no matching answer within {timeout:g} s")
    mode = reply[0] & 0x7
    stratum = reply[1]
    if mode not in (4, 5) or stratum == 0:  # 0: a "kiss-o'-death" refusal, not a time
        raise ValueError("the server refused to give the time")
    server_received = _from_ntp(reply[32:40])
    server_sent = _from_ntp(reply[40:48])
    if server_sent <= 0:
        raise ValueError("the answer holds no time")
    offset = ((server_received - sent) + (server_sent - received)) / 2
    round_trip = (received - sent) - (server_sent - server_received)
    return offset, max(0.0, round_trip)


def _to_ntp(seconds: float) -> bytes:
    whole = int(seconds) + NTP_EPOCH_OFFSET
    fraction = int((seconds % 1) * 2**32)
    return struct.pack("!II", whole & 0xFFFFFFFF, fraction & 0xFFFFFFFF)


def _from_ntp(raw: bytes) -> float:
    whole, fraction = struct.unpack("!II", raw)
    if whole == 0 and fraction == 0:
        return 0.0
    return float(whole - NTP_EPOCH_OFFSET + fraction / 2**32)


__all__ = ["collect_clock", "kernel_sync_state", "sntp_offset", "split_server"]
