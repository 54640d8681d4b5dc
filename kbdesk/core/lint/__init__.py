"""Lint an articles folder: the checks a docs CI runs before articles ship.

Every problem becomes a :class:`LintFinding` ``(path, line, severity, code,
message)``. ``path`` is relative to the folder (``/`` separators); ``line`` is
1-based, and ``0`` means the finding is about the whole file (it could not be
read, or the problem has no single line). Findings are sorted by path, then
line, then code.

Rules (``RULES`` below is the authoritative table):

* Front matter: the parser's own issues (:mod:`kbdesk.core.articles`) are
  reused with their codes, a few renamed to say more (``yaml`` ->
  ``bad-yaml``, ``front-matter`` -> ``bad-front-matter``, ``broken-link`` ->
  ``broken-symlink``, the last so it cannot be confused with a broken markdown
  link). Unknown keys are warnings; wrong types and a missing ``title`` are
  errors; a file with no front matter at all has no title, so it is an error
  here although the app still loads it.
* Checks (``checks:``, :mod:`kbdesk.core.checks`): each condition and
  sentence is parsed and typed against the fact catalogue when the article is
  read; an unknown fact, a comparison of the wrong type or unit, an operator
  that does not fit (``<`` on true/false), a syntax error and a check of the
  wrong shape are errors on the check's line (the message gives the column).
  The app leaves such a check out and keeps the article.
* Files that cannot be articles at all (binary, not UTF-8, malformed YAML,
  too large, unreadable, symlink loops) are errors, and no other rule looks
  at them.
* ``duplicate-id``: every file sharing an id gets an error naming the others.
* Links in the body: inline ``[x](target)``, images ``![x](target)``,
  reference definitions ``[x]: target`` and HTML ``href``/``src``, outside
  fenced code and inline code. ``http(s):``, ``mailto:`` and any other URL
  scheme are not checked. ``kbdesk:article/<id>`` must name an existing id.
  A relative ``*.md`` target (``#anchor`` and ``?query`` dropped) must be an
  article file relative to the linking article; a bare ``other-id.md`` also
  passes when ``other-id`` is an article id anywhere in the folder, because
  the app resolves such links by id. A leading ``/`` means "from the articles
  folder". Other local targets must exist as files (``missing-image`` for
  images, ``missing-file`` otherwise). Anchors are not checked: heading slug
  rules differ between renderers and a false alarm in CI costs more than a
  dead anchor, which still opens the right article.
* ``unknown-related``: an id in ``related:`` that no article has.
* ``links-retired``: a published article linking (body or ``related:``) to a
  retired one; reported on the published article's line.
* Body length: no words outside headings is ``empty-body`` (error); fewer than
  ``MIN_BODY_WORDS`` (40) words is ``short-body`` (warning) except for retired
  articles, which are often a pointer to their replacement. 40 words is about
  three sentences: less cannot hold a problem, a cause and a step.
* ``stale``: ``review_by`` before today (``today`` is a parameter so CI runs
  and tests are reproducible); not for retired articles.
* ``duplicate-title``: the same title (ignoring case and spacing) on two
  articles; a results list cannot tell them apart.
* ``near-duplicate``: the cosine similarity of two articles' head texts
  (title, summary, symptoms, error codes: :func:`search.text.head_text`)
  is at least ``NEAR_DUPLICATE_THRESHOLD``. Retired articles are left out
  (they usually resemble their replacement on purpose). One vector per
  article, then the upper triangle of the similarity matrix in row blocks,
  so memory stays at ``block x n`` floats. Skipped with a note when the model
  cannot be loaded; never run unless asked (``semantic=True``).

Why 0.92: measured with all-MiniLM-L6-v2 on head texts. On the 60 starter
articles the most similar pair of different articles scores 0.726
(account-locked-out / agent-find-lockout-source). On the 420-article
stackfaq-kb set, different tasks reach 0.893 ("Override the default
registered application" vs "Add a custom MIME type") and 0.871 (booklet on a
double- vs single-sided printer); the "for all users" / "for individual users"
twins that repeat each other almost word for word score 0.98. Pages that share
an identical title score about 0.90 and are caught by ``duplicate-title``
instead. 0.92 leaves a margin above the highest genuinely different pair.
Loosely reworded duplicates written from scratch scored 0.58-0.82 in our
trial, inside the range of related-but-different articles, so this check
finds copied-and-edited articles, not every article on the same problem.

Where things are::

    findings.py  the rule table (RULES), LintFinding, LintReport, --select/--ignore codes
    scan.py      one file: the article, its links, words and related ids (scan_file, ScanCache)
    folder.py    the rules across files, and lint_folder, which runs them all

A new rule: a :class:`Rule` in ``RULES`` (findings.py), and its check in folder.py (with what
it needs from each file gathered in scan.py).
"""

from __future__ import annotations

from kbdesk.core.lint.findings import (
    CODES,
    MIN_BODY_WORDS,
    NEAR_DUPLICATE_THRESHOLD,
    RULES,
    LintFinding,
    LintReport,
    Rule,
    UnknownRuleError,
    parse_codes,
)
from kbdesk.core.lint.folder import lint_folder
from kbdesk.core.lint.scan import ScanCache, scan_file

__all__ = [
    "CODES",
    "MIN_BODY_WORDS",
    "NEAR_DUPLICATE_THRESHOLD",
    "RULES",
    "LintFinding",
    "LintReport",
    "Rule",
    "ScanCache",
    "UnknownRuleError",
    "lint_folder",
    "parse_codes",
    "scan_file",
]
