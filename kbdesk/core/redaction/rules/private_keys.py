"""Private key blocks (PEM, OpenSSH, PGP): the whole block, BEGIN to END, becomes one placeholder."""

from __future__ import annotations

import re

from kbdesk.core.redaction.engine import Rule, Sink

_PEM_BEGIN = r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
_PEM_END = r"-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
# body: base64 runs, whitespace, escaped newlines (PEM inside JSON) and RFC 1421 headers.
# The group is atomic and its alternatives barely overlap, so the loop cannot backtrack badly.
_PEM_RE = re.compile(
    _PEM_BEGIN
    + r"(?P<body>(?>(?:Proc-Type|DEK-Info|Comment|Version):[^\r\n\\]*|[A-Za-z0-9+/=]+|\s+|\\[rn])*)"
    + r"(?P<end>"
    + _PEM_END
    + r")?"
)
_B64_LINE = re.compile(r"[A-Za-z0-9+/=]+")


def _replace_pem(m: re.Match[str], sink: Sink) -> str:
    block = m.group(0)
    if m.group("end"):
        return sink.sub("private_key", block)
    # Truncated key (a log cut it off): the body ran over whatever followed the
    # last key line. Keep only lines that look like key material.
    body = m.group("body")
    header_len = m.start("body") - m.start()
    pieces = re.split(r"(\r?\n|\\r?\\n)", body)
    keep_upto = 0
    consumed = 0
    text = m.string
    ends_line = m.end() == len(text) or text[m.end()] in "\r\n"
    for i, piece in enumerate(pieces):
        stripped = piece.strip()
        is_sep = i % 2 == 1
        if i == len(pieces) - 1 and not ends_line and stripped:
            break  # the start of an ordinary line ("2026" of "2026-11-26 ..."), not key material
        if (
            is_sep
            or not stripped
            or _B64_LINE.fullmatch(stripped)
            or re.match(r"(Proc-Type|DEK-Info|Comment|Version):", stripped)
        ):
            consumed += len(piece)
            if not is_sep and stripped:
                keep_upto = consumed
            continue
        break
    cut = header_len + keep_upto
    return sink.sub("private_key", block[:cut]) + block[cut:]


RULES: tuple[Rule, ...] = (
    Rule("private_key", frozenset({"private_key"}), _PEM_RE, _replace_pem, ("PRIVATE KEY",), whole_text=True),
)
