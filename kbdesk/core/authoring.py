"""What writer mode knows without Qt: front matter as form fields, new-article templates,
the on-disk state of the open file, the folder overview and "test this article".

In the core (no Qt in it) so it can be tested and reused without a display; the widgets in
:mod:`kbdesk.gui.writer` and :mod:`kbdesk.gui.writer_editor` call these functions, the slow
ones on the task runner's workers.

Front matter is edited line by line, not re-dumped: a field the form changes
replaces only that key's lines (the key line and its indented continuation or
list items), so comments, unknown keys and the writer's own key order survive.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from .articles import (
    FIELD_KINDS,
    STATUSES,
    Article,
    ArticleIssue,
    NotAnArticle,
    iter_article_files,
    load_file,
    parse_article,
    split_front_matter,
)
from .errors import KbdeskError
from .fsutil import atomic_write_bytes
from .lint import LintFinding, LintReport, lint_folder
from .search.engine import SearchEngine, SearchFilters
from .search.keyword import analyse
from .search.multi import MultiSourceEngine
from .search.text import chunk_texts

if TYPE_CHECKING:
    from .search.semantic import Embedder

log = logging.getLogger(__name__)

#: a value of the front-matter form: text, a list of text, a date (a date field may hold text being typed)
FormValue: TypeAlias = str | list[str] | tuple[str, ...] | dt.date | None
FormValues: TypeAlias = dict[str, FormValue]

#: the fields of the front-matter form, in the order they are written into a new article
FORM_FIELDS = (
    "id",
    "title",
    "summary",
    "tags",
    "platforms",
    "symptoms",
    "error_codes",
    "audience",
    "status",
    "owner",
    "reviewed",
    "review_by",
)
#: list fields written on one line (``[a, b]``); the others get one ``- item`` per line
FLOW_LISTS = frozenset({"tags", "platforms", "error_codes", "related"})
#: a new article is due for review this many days after it is written
REVIEW_INTERVAL_DAYS = 180
#: how many results "test this article" asks the engine for
TEST_LIMIT = 100

_PLAIN_SCALAR_RE = re.compile(r"^[A-Za-z0-9_(][^:#\n\"'\[\]{},&*!|>%@`]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:")


# ============================================================== front matter <-> form


def _scalar(value: str, *, date_ok: bool = False) -> str:
    """YAML for one text value: plain when that reads back as the same text, else double-quoted."""
    text = str(value).strip()
    if date_ok and _DATE_RE.match(text):
        return text
    if (
        text
        and _PLAIN_SCALAR_RE.match(text)
        and not _DATE_RE.match(text)
        and not text.endswith(" ")
        and text.lower() not in ("null", "~", "true", "false")
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def render_field(key: str, value: FormValue) -> list[str]:
    """The front-matter lines for ``key``; [] when the value is empty (the key is then left out)."""
    kind = FIELD_KINDS.get(key, "str")
    if kind == "list":
        given = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        items = [v.strip() for v in given if v.strip()]
        if not items:
            return []
        if key in FLOW_LISTS:
            return [f"{key}: [{', '.join(_scalar(i) for i in items)}]"]
        return [f"{key}:"] + [f"  - {_scalar(i)}" for i in items]
    if kind == "date":
        if value in (None, ""):
            return []
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        return [f"{key}: {_scalar(text, date_ok=True)}"] if text else []
    text = "" if value is None else str(value).strip()
    return [f"{key}: {_scalar(text)}"] if text else []


def _key_blocks(front_lines: list[str]) -> dict[str, tuple[int, int]]:
    """key -> (first line, end line exclusive) within the front matter's lines."""
    blocks: dict[str, tuple[int, int]] = {}
    starts = [(i, m.group(1)) for i, line in enumerate(front_lines) if (m := _KEY_RE.match(line))]
    for n, (start, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(front_lines)
        # trailing blank lines and comments at column 0 belong to no key
        while end - 1 > start and (not front_lines[end - 1].strip() or front_lines[end - 1].startswith("#")):
            end -= 1
        blocks.setdefault(key, (start, end))
    return blocks


def set_front_matter_fields(text: str, values: FormValues) -> str:
    """``text`` with the given front-matter fields replaced (or added, or removed when empty).

    Other keys, comments and the body are left exactly as they were. Text without
    front matter gets one.
    """
    try:
        front, body, _ = split_front_matter(text)
    except ValueError:
        front, body = None, text
    if front is None:
        lines: list[str] = []
        for key in FORM_FIELDS:
            if key in values:
                lines.extend(render_field(key, values[key]))
        return "---\n" + "\n".join(lines) + ("\n" if lines else "") + "---\n" + body
    front_lines = front.split("\n") if front else []
    blocks = _key_blocks(front_lines)
    replacements: dict[int, tuple[int, list[str]]] = {}
    appended: list[str] = []
    for key, value in values.items():
        new = render_field(key, value)
        if key in blocks:
            start, end = blocks[key]
            replacements[start] = (end, new)
        elif new:
            appended.extend(new)
    out: list[str] = []
    i = 0
    while i < len(front_lines):
        if i in replacements:
            end, new = replacements[i]
            out.extend(new)
            i = end
            continue
        out.append(front_lines[i])
        i += 1
    while out and not out[-1].strip() and appended:
        out.pop()
    out.extend(appended)
    return "---\n" + "\n".join(out) + ("\n" if out else "") + "---\n" + body


def form_values(article: Article) -> FormValues:
    """The form's view of a parsed article."""
    return {
        "id": article.id,
        "title": article.title,
        "summary": article.summary,
        "tags": list(article.tags),
        "platforms": list(article.platforms),
        "symptoms": list(article.symptoms),
        "error_codes": list(article.error_codes),
        "audience": article.audience,
        "status": article.status,
        "owner": article.owner,
        "reviewed": article.reviewed,
        "review_by": article.review_by,
    }


@dataclass(frozen=True)
class ParsedText:
    """The editor's text as the app would read it: an article, or why it cannot be one."""

    article: Article | None
    issues: tuple[ArticleIssue, ...]
    #: keys present in the front matter (a form field left blank is not written)
    present_keys: frozenset[str] = frozenset()


def parse_text(path: Path, text: str, root: Path | None = None) -> ParsedText:
    try:
        article, issues = parse_article(path, text, root=root)
    except NotAnArticle as exc:
        return ParsedText(None, (exc.issue,))
    except Exception as exc:
        log.error("could not parse the editor's text of %s", path, exc_info=exc)
        issue = ArticleIssue(
            path, None, "error", "parse-failed", f"kbdesk could not read this text ({type(exc).__name__})"
        )
        return ParsedText(None, (issue,))
    return ParsedText(article, tuple(issues), frozenset(k for k, _ in article.key_lines))


# ============================================================== new articles


def slugify(title: str) -> str:
    """kebab-case id from a title: ASCII letters and digits joined by single hyphens."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)[:60].strip("-")
    return slug or "new-article"


def unique_id(title: str, taken_ids: Iterable[str], folder: Path) -> str:
    """A slug of ``title`` that is neither an existing id nor an existing file name in ``folder``."""
    taken = {t.lower() for t in taken_ids}
    base = slugify(title)
    candidate, n = base, 2
    while candidate in taken or (folder / f"{candidate}.md").exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def new_article_text(article_id: str, title: str, *, owner: str = "", today: dt.date | None = None) -> str:
    """A draft that parses without errors: every field present, a body with the usual sections."""
    today = today or dt.date.today()
    values: FormValues = {
        "id": article_id,
        "title": title,
        "summary": "One sentence that says what this article fixes.",
        "tags": [],
        "platforms": [],
        "symptoms": [],
        "error_codes": [],
        "audience": "end-user",
        "status": "draft",
        "owner": owner,
        "reviewed": today,
        "review_by": today + dt.timedelta(days=REVIEW_INTERVAL_DAYS),
    }
    lines: list[str] = []
    for key in FORM_FIELDS:
        rendered = render_field(key, values[key])
        if not rendered and FIELD_KINDS[key] == "list":
            rendered = [f"{key}: []"]
        lines.extend(rendered)
    body = (
        "## What you see\n\n"
        "Describe the problem in the words people use, and quote any error message exactly.\n\n"
        "## Why it happens\n\n"
        "Explain the cause in a sentence or two.\n\n"
        "## What to do\n\n"
        "1. First step.\n"
        "2. Second step.\n"
    )
    return "---\n" + "\n".join(lines) + "\n---\n" + body


# ============================================================== the file on disk


@dataclass(frozen=True)
class DiskState:
    """What the open file looked like on disk: enough to tell whether someone else changed it."""

    mtime_ns: int
    size: int
    sha256: str


def disk_state(path: Path) -> DiskState | None:
    """The file's current state, or None when it does not exist (or cannot be read)."""
    try:
        data = Path(path).read_bytes()
        st = Path(path).stat()
    except OSError:
        return None
    return DiskState(st.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


def read_text(path: Path) -> str:
    """The file as the editor shows it: UTF-8 (invalid bytes replaced), BOM dropped, ``\\n`` line ends."""
    text = Path(path).read_bytes().decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def unified_diff(theirs: str, mine: str, name: str) -> str:
    lines = difflib.unified_diff(
        theirs.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        fromfile=f"{name} (on disk)",
        tofile=f"{name} (your edits)",
    )
    return "".join(lines) or "The two versions are the same."


def copy_path(path: Path) -> Path:
    """A free file name next to ``path`` for "save my version as a copy"."""
    n = 1
    while True:
        suffix = "-my-version" if n == 1 else f"-my-version-{n}"
        candidate = path.with_name(f"{path.stem}{suffix}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


# ============================================================== the folder overview


@dataclass(frozen=True)
class ArticleRow:
    """One line of the writer's article list."""

    path: Path
    rel_path: str
    id: str
    title: str
    status: str
    owner: str
    review_by: dt.date | None
    errors: int = 0
    warnings: int = 0
    stale: bool = False
    #: False when the file cannot be read as an article at all (it is still listed, to be fixed)
    readable: bool = True


@dataclass(frozen=True)
class FolderOverview:
    folder: Path
    rows: tuple[ArticleRow, ...]
    findings: tuple[LintFinding, ...]
    notes: tuple[str, ...] = ()
    semantic: bool = False

    def findings_for(self, rel_path: str) -> list[LintFinding]:
        return [f for f in self.findings if f.path == rel_path]


def folder_overview(
    folder: Path, *, semantic: bool = False, embedder: Embedder | None = None, today: dt.date | None = None
) -> FolderOverview:
    """Every article file with its lint health (worker thread; lint raises ArticlesFolderError)."""
    folder = Path(folder)
    report: LintReport = lint_folder(folder, semantic=semantic, embedder=embedder, today=today)
    counts: dict[str, list[int]] = {}
    stale: set[str] = set()
    for finding in report.findings:
        entry = counts.setdefault(finding.path, [0, 0])
        entry[0 if finding.severity == "error" else 1] += 1
        if finding.code == "stale":
            stale.add(finding.path)
    rows = []
    for path in iter_article_files(folder):
        rel = path.relative_to(folder).as_posix()
        errors, warnings = counts.get(rel, (0, 0))
        article, _issues = load_file(path, root=folder)
        if article is None:
            rows.append(
                ArticleRow(
                    path,
                    rel,
                    path.stem,
                    path.name,
                    "unreadable",
                    "",
                    None,
                    errors,
                    warnings,
                    rel in stale,
                    readable=False,
                )
            )
            continue
        rows.append(
            ArticleRow(
                path,
                rel,
                article.id,
                article.title,
                article.status,
                article.owner,
                article.review_by,
                errors,
                warnings,
                rel in stale,
            )
        )
    return FolderOverview(folder, tuple(rows), report.findings, report.notes, semantic)


# ============================================================== test this article


@dataclass(frozen=True)
class TermMatch:
    #: the stemmed term the index matches on ("sai" for "says")
    term: str
    #: the article's fields the stemmed term occurs in ("title", "summary", "symptoms", ...)
    fields: tuple[str, ...]
    #: the query word(s) the term came from, for people ("says")
    words: str = ""

    @property
    def label(self) -> str:
        return self.words or self.term


@dataclass(frozen=True)
class RankedHit:
    id: str
    title: str
    score: float


@dataclass(frozen=True)
class ArticleTestResult:
    query: str
    article_id: str
    #: the mode the engine used ("keyword" while the model is not loaded)
    mode: str
    #: 1-based position among every status; None when not among the first TEST_LIMIT results
    rank: int | None
    results: int
    keyword_rank: int | None = None
    keyword_score: float | None = None
    semantic_rank: int | None = None
    #: best cosine similarity between the query and the article's chunks (editor text); None without the model
    similarity: float | None = None
    matched: tuple[TermMatch, ...] = ()
    #: query words (as typed) whose stems are found nowhere in the article
    missing: tuple[str, ...] = ()
    top: tuple[RankedHit, ...] = ()
    #: the article in the index differs from the editor's text (ranks are for the saved, indexed version)
    index_outdated: bool = False


def _field_texts(article: Article) -> dict[str, str]:
    return {
        "title": article.title,
        "summary": article.summary,
        "symptoms": "\n".join(article.symptoms),
        "tags": " ".join(article.tags),
        "error codes": " ".join(article.error_codes),
        "body": article.body,
    }


def rank_article_for_query(
    engine: SearchEngine | MultiSourceEngine, article: Article, query: str, *, mode: str = "hybrid", top: int = 5
) -> ArticleTestResult:
    """Where ``article`` ranks for ``query`` among articles of every status, and why (worker thread).

    ``article`` is the editor's current text parsed; term matches and the
    similarity use it, the rank uses the index (the last saved version).
    """
    query = query.strip()
    filters = SearchFilters(statuses=STATUSES, all_platforms=True)
    response = engine.search(query, mode=mode, limit=TEST_LIMIT, filters=filters)
    rank = next((i + 1 for i, h in enumerate(response.hits) if h.id == article.id), None)
    hit = response.hits[rank - 1] if rank else None

    query_terms = analyse(query)
    terms = list(response.terms) or query_terms
    words: dict[str, list[str]] = {}
    for word in re.findall(r"[\w'-]+", query):
        for stem in analyse(word):
            words.setdefault(stem, [])
            if word.lower() not in words[stem]:
                words[stem].append(word.lower())
    fields = {name: set(analyse(text)) for name, text in _field_texts(article).items() if text}
    matched: list[TermMatch] = []
    missing: list[str] = []
    for term in dict.fromkeys([*terms, *query_terms]):
        where = tuple(name for name, stems in fields.items() if term in stems)
        label = ", ".join(words.get(term, ()))
        if where:
            matched.append(TermMatch(term, where, label))
        else:
            missing.append(label or term)

    similarity = None
    if engine.semantic_ready:
        vectors = engine.embedder.encode(chunk_texts(article))
        if len(vectors):
            similarity = float(np.max(vectors @ engine.embedder.encode_query(query)))

    outdated = False
    try:
        record = engine.article_records().get(article.id)
        outdated = record is None or record.content_hash != article.content_hash
    except Exception:  # noqa: BLE001 - a missing index only means "outdated"
        outdated = True
    return ArticleTestResult(
        query=query,
        article_id=article.id,
        mode=response.mode,
        rank=rank,
        results=len(response.hits),
        keyword_rank=hit.keyword_rank if hit else None,
        keyword_score=hit.keyword_score if hit else None,
        semantic_rank=hit.semantic_rank if hit else None,
        similarity=similarity,
        matched=tuple(matched),
        missing=tuple(missing),
        top=tuple(RankedHit(h.id, h.title, h.score) for h in response.hits[:top]),
        index_outdated=outdated,
    )


def findings_lines(findings: Sequence[LintFinding]) -> dict[int, str]:
    """line -> worst severity, for underlining the editor."""
    out: dict[int, str] = {}
    for f in findings:
        if f.line > 0 and out.get(f.line) != "error":
            out[f.line] = f.severity
    return out


# ============================================================== promoting a phrasing to a symptom


class SymptomError(KbdeskError):
    """A phrasing could not be added to an article's symptoms (the file is left as it was)."""


@dataclass(frozen=True)
class SymptomAdded:
    """What :func:`add_symptom` did."""

    path: Path
    symptom: str
    #: False when the article already had this symptom (nothing was written)
    added: bool
    #: the file's text after the change, as the editor shows it (``\\n`` line ends, no BOM)
    text: str


_FENCE_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_ITEM_RE = re.compile(r"^([ \t]*)-(?:[ \t]|$)")


def same_symptom(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def with_symptom(text: str, symptom: str) -> str:
    """``text`` (an article file's whole text, line ends and BOM as on disk) with ``symptom`` added to its
    front matter's ``symptoms`` list. Every other byte stays as it was: a block list gets one new item
    line in its own indentation, a flow list or a single value is rewritten as a block list, a missing
    key is added at the end of the front matter, a file without front matter gets one. Raises
    :class:`SymptomError` when the text is not an article."""
    symptom = " ".join(symptom.split())
    if not symptom:
        raise SymptomError("an empty phrasing cannot be a symptom")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom) :]
    newline = "\r\n" if rest.split("\n", 1)[0].endswith("\r") else "\n"
    lines = rest.split("\n")
    bare = [line.removesuffix("\r") for line in lines]
    item = f"  - {_scalar(symptom)}"
    if not bare or not _FENCE_RE.match(bare[0]):
        return bom + newline.join(["---", "symptoms:", item, "---"]) + newline + rest
    close = next((i for i in range(1, len(bare)) if _CLOSE_RE.match(bare[i])), None)
    if close is None:
        raise SymptomError("the front matter starts with '---' but is never closed; fix the article first")
    blocks = _key_blocks(bare[1:close])
    if "symptoms" not in blocks:
        at = close
        while at - 1 > 0 and not bare[at - 1].strip():
            at -= 1  # after the last key, before blank lines that end the front matter
        new_lines = ["symptoms:", item]
    else:
        start, end = (n + 1 for n in blocks["symptoms"])
        value = bare[start].split(":", 1)[1].split(" #", 1)[0].strip()
        items = [n for n in range(start + 1, end) if _ITEM_RE.match(bare[n])]
        if not value and items:
            # a block list: one more item after the last, in the same indentation; nothing else moves
            last = max(n for n in range(start + 1, end) if bare[n].strip() and not bare[n].lstrip().startswith("#"))
            indent = _ITEM_RE.match(bare[items[-1]])
            at = last + 1
            new_lines = [f"{indent.group(1) if indent else '  '}- {_scalar(symptom)}"]
        elif not value and not any(bare[n].strip() for n in range(start + 1, end)):
            at = start + 1
            new_lines = [item]
        else:
            # a flow list (``[a, b]``) or a single value: the key's lines become a block list
            existing = _existing_symptoms(rest)
            rendered = render_field("symptoms", [*existing, symptom])
            return bom + "\n".join([*lines[:start], *_with_cr(rendered, newline), *lines[end:]])
    # each line still ends with its "\r" in a CRLF file, so they are joined with "\n" alone
    return bom + "\n".join([*lines[:at], *_with_cr(new_lines, newline), *lines[at:]])


def _with_cr(new_lines: list[str], newline: str) -> list[str]:
    """New lines as the file writes them (the ``\\r`` of CRLF files goes with each line here)."""
    return [line + "\r" for line in new_lines] if newline == "\r\n" else new_lines


def _existing_symptoms(text: str) -> list[str]:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        article, _ = parse_article(Path("article.md"), normalised)
    except NotAnArticle as exc:
        raise SymptomError(f"the article cannot be read: {exc.issue.message}") from exc
    return list(article.symptoms)


def add_symptom(path: Path, symptom: str, *, root: Path | None = None) -> SymptomAdded:
    """Add ``symptom`` to the article file's ``symptoms`` (see :func:`with_symptom`), atomically.

    Checked before writing: the result must read back as the same article with exactly
    this symptom more; otherwise the file is left alone and :class:`SymptomError` says why.
    """
    path = Path(path)
    symptom = " ".join(symptom.split())
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SymptomError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SymptomError(f"{path.name} is not UTF-8 text; fix the file first") from exc
    before = _parsed(path, raw, root)
    if any(same_symptom(s, symptom) for s in before.symptoms):
        return SymptomAdded(path, symptom, False, _editor_text(raw))
    new = with_symptom(raw, symptom)
    after = _parsed(path, new, root)
    expected = replace(before, symptoms=(*before.symptoms, symptom), content_hash="", key_lines=())
    if replace(after, content_hash="", key_lines=(), body_line=before.body_line) != replace(
        expected, body_line=before.body_line
    ):
        raise SymptomError(
            f"adding the symptom would change more of {path.name} than its symptoms; add it in the editor instead"
        )
    atomic_write_bytes(path, new.encode("utf-8"))
    return SymptomAdded(path, symptom, True, _editor_text(new))


def _editor_text(raw: str) -> str:
    text = raw.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parsed(path: Path, raw: str, root: Path | None) -> Article:
    try:
        article, _ = parse_article(path, _editor_text(raw), root=root)
    except NotAnArticle as exc:
        raise SymptomError(f"{path.name} cannot be read as an article: {exc.issue.message}") from exc
    return article
