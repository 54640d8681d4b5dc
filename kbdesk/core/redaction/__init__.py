"""Take secrets and personal data out of text before it goes into an escalation bundle.

One :class:`Redactor` serves one bundle. It replaces every sensitive value
with a typed placeholder such as ``<EMAIL-1>`` or ``<SECRET-AWS-KEY-2>``; the
same value gets the same placeholder in every file of the bundle, so a support
agent can still follow "the same user" or "the same address" across logs
without seeing it. The redactor remembers originals only in memory, to keep
the numbering consistent; nothing it reports or raises contains them.

Usage::

    redactor = Redactor(custom_terms=["Contoso"], disabled_categories={"ipv4", "uuid"})
    result = redactor.redact(log_text, source="logs/app.log")
    result = redactor.propagate(result.text, "logs/app.log")   # what other texts revealed
    verify_clean(result.text, "logs/app.log", known=redactor.known_secrets())  # last check
    report = redactor.report()                      # counts only, never values
    json.dumps(report.to_dict())

Where things are (a new rule is one block in one family module)::

    categories.py      the categories, their placeholder labels, Counts and their one order,
                       the generic account names that are never a person
    engine.py          what a rule is; anchors, line windows, the sink that numbers values
    rules/__init__.py  the order every rule runs in
    rules/*.py         one module per family: private_keys, tokens (vendor shapes), credentials
                       (URLs, auth headers), command_lines, key_values, cards, emails,
                       home_folders, accounts (DOMAIN\\user), context (prose passwords, tokens
                       next to secret words), phones, identifiers (UUIDs), identity (per
                       redactor), addresses; words.py: which key names hold a secret, entropy
    redactor.py        Redactor: one per bundle, consistent numbering, propagate(), the report
    scan.py            find_secret_shapes / verify_clean: the last check before writing
    report.py          RedactionResult, RedactionReport, SecretFinding

Categories and placeholders (see :data:`CATEGORIES` for the full table):

* secrets, which can never be turned off: private key blocks
  (``<SECRET-PRIVATE-KEY-n>``, the whole block including its BEGIN/END lines),
  AWS access key ids, secret keys and Bedrock keys, GitHub, GitLab, Slack, Stripe,
  Google, npm, PyPI, OpenAI/Anthropic, SendGrid, Mailchimp, Twilio, Square,
  Telegram and Discord tokens, Azure storage keys, SAS signatures and Entra ID
  client secrets, webhook URLs (scheme, host and the path up to the hook segment
  stay), JWTs (two-part ones too), ``Authorization`` header credentials (any
  scheme; Digest's ``response``), passwords (``<PASSWORD-n>``: URL passwords,
  ``password=``, ``Pwd=``, command-line flags and forms such as ``-u user:pass``,
  ``mysql -pX``, ``sshpass -p``, ``setx``, PowerShell, and prose: "my password is
  ...") and other secret values (``<SECRET-n>``): key=value, INI, YAML, JSON, XML
  elements and ``key=/value=`` attribute pairs, env assignments with any prefix or
  suffix (``PGPASSWORD``, ``my_password_super_secure``), and random-looking tokens
  within a few words after a secret word ("access token 2b00..."). For key=value
  forms the key and quotes stay and only the value is replaced.
* payment card numbers (``<CARD-n>``): also never turned off, since card data
  has no diagnostic value and carries legal obligations.
* personal data, each of which a bundle may keep: ``email`` (``%40`` too), ``phone``
  (validated with libphonenumber), ``user`` (the current user name, user names in
  home folders, URLs, ``user=`` keys, ``DOMAIN\\user``, Digest and ``-u user:``),
  ``hostname`` (this machine), ``ipv4``, ``ipv6``, ``mac``.
* ``uuid``: request and correlation ids, **kept by default** (support correlates
  events with them; ``disabled_categories=None`` keeps :data:`DEFAULT_KEPT`); a
  bundle may redact them (the wizard's toggle, ``--redact uuid``).
* ``custom``: terms an organisation adds, matched literally and case-insensitively
  anywhere, even inside words.

Decisions worth knowing (tests pin each of them):

* Consistency across a bundle: a value found in any text is replaced in every text
  (:meth:`Redactor.propagate`, the second pass of ``escalation.build_preview``), the
  ticket included: ``user=alice.w`` in an attachment makes "alice.w" in the
  description ``<USER-1>``. Whole tokens only; values under 4 characters (3 for
  names) and short numbers are not searched for. The final scan refuses a member in
  which any secret found elsewhere is still present (a binary attachment, which
  cannot be redacted, included).
* Key names decide (``rules/words.py``): a key holds a secret when one of its words
  is a secret word and no word after it says it is *about* the secret
  (``password_min_length``, ``token_type``, ``..._FILE``) and none before it makes
  it a count (``max_tokens``). Weak words (``key``, ``auth``) need a random-looking
  value.
* Passwords in prose count when the word looks like a password (a digit among
  letters, or mixed case with a symbol inside): "The password is required" stays.
* Phone numbers need a phone shape and must be valid for libphonenumber (as written
  with ``+``, or in one of ``rules/phones.REGIONS``); a number without ``+``, area
  code or trunk ``0`` counts only after a phone word.

* An IPv4 address is four dot-separated decimal numbers 0-255 without leading
  zeros, not glued to a letter, digit or dot on either side (so ``1.2.3.4.5``,
  ``v1.2.3.4`` and ``10.0.19045.1234`` stay) and not preceded by a version
  word (``version``, ``ver``, ``v``, ``build``, ``release``, ``firmware``,
  ``rev``). Loopback (127.x.x.x), 0.0.0.0, broadcast and netmasks
  (255.255.255.0) stay: they say nothing about a person. Any other
  four-number dotted value is treated as an address, so a bare "1.2.3.4"
  without a version word is redacted.
* IPv6 candidates are validated with :mod:`ipaddress`; ``::``, ``::1`` and
  netmasks (``ffff:ffff:ffff:ffff::``) stay.
  Times such as ``15:44:02`` and C++ ``std::string`` are not addresses.
* UUIDs, git commit hashes and sha256 digests stay: support needs them to
  correlate events, and they do not identify a person. A hex value is a
  secret only where its key says so (``"secret": "e3b0..."``).
* Card numbers need a known issuer prefix, a matching length (13-19 digits,
  single spaces or dashes allowed between digits) and a valid Luhn check
  digit, so timestamps, epoch milliseconds and long ids stay.
* User names in home folders (``/home/alice``, ``/Users/alice``,
  ``C:\\Users\\alice``) are replaced; shared folders (Public, Default, All
  Users, Shared) and generic accounts (root, admin, user, guest...) stay.
  URL paths such as ``https://x.example/home/about`` are not home folders, nor is a
  folder named ``home`` inside another (``/srv/kbdesk/home/config``); a full stop
  after the name ends the sentence, not the name (``under /home/alice.``).
* The current user name and the host name are replaced as whole words
  (case-insensitive); generic account names and names shorter than three
  characters are not, because they would hit ordinary words. A name found
  only inside a home folder is searched for elsewhere in the bundle by the second
  pass (above), as a whole word.
* E-mail addresses whose "domain" ends in a file extension (``icon@2x.png``)
  and ``git@`` ssh remotes are not e-mail addresses.
* ``key: value`` with an unquoted key counts only at the start of a line
  (YAML, HTTP headers) or after ``{`` or ``,``; ``password: x`` in the middle
  of prose is not a key. A line-start ``key = value`` or ``key: value`` hides
  the rest of the line, because INI and YAML values may contain spaces.
  Values that are references or already masked (``${DB_PASSWORD}``,
  ``%PASS%``, ``****``, ``null``, ``<placeholder>``) stay.

Speed (``.venv/bin/python benchmarks/bench_redaction.py``: a synthetic
10 MB, 87,000-line log with timestamps, paths, versions, UUIDs, addresses and
a few secrets per thousand lines, on the 2-core development VM with other
sessions running, load average 7): redact 1.02 s of CPU (1.54 s wall), the
second pass 0.11 s, :func:`find_secret_shapes` 0.66 s on the redacted text. How:
each rule looks only at the lines where one of its anchors occurs (a literal, or a
pattern that starts with a literal, so ``re`` skips ahead in C); which literal
anchors occur at all is found in one Aho-Corasick pass (``engine.present_literals``:
with ~90 literals, separate searches cost a second); key=value matching runs on
lower-cased text rather than with IGNORECASE; very long lines are cut into windows
around the hits; value scans are bounded. No pattern nests unbounded quantifiers over
overlapping characters, so hostile input costs linear time (tests feed some).
"""

from __future__ import annotations

from kbdesk.core.redaction.categories import (
    CATEGORIES,
    DEFAULT_KEPT,
    PLACEHOLDER_RE,
    PROTECTED_CATEGORIES,
    Category,
    Counts,
    freeze_counts,
)
from kbdesk.core.redaction.redactor import Redactor, redact_stream_text
from kbdesk.core.redaction.report import REPORT_VERSION, RedactionReport, RedactionResult, SecretFinding, SourceCounts
from kbdesk.core.redaction.scan import find_secret_shapes, verify_clean

__all__ = [
    "CATEGORIES",
    "DEFAULT_KEPT",
    "PLACEHOLDER_RE",
    "PROTECTED_CATEGORIES",
    "REPORT_VERSION",
    "Category",
    "Counts",
    "RedactionReport",
    "RedactionResult",
    "Redactor",
    "SecretFinding",
    "SourceCounts",
    "find_secret_shapes",
    "freeze_counts",
    "redact_stream_text",
    "verify_clean",
]
