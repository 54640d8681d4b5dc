"""Property-based tests: nothing in a file a person or another program can write stops kbdesk.

Generated with hypothesis, for every reader of user-controlled files:

* article front matter over every field and every kind of YAML value (impossible
  dates, numbers, lists of mappings, nulls, huge values, tags, anchors, aliases,
  alias bombs, merge keys, non-text and duplicate keys, random text);
* article bodies built from runs of markdown punctuation (the shapes that make
  backtracking patterns quadratic or worse) and random text, through the parser,
  lint's per-file scan, the search text preparation and the article view's renderer;
* ``settings.toml``: random TOML and random bytes;
* the index manifest and its ``CURRENT`` pointer: a real manifest mutated at
  random, and random bytes.

Each asserts that nothing raises, that the result is an Article or an
ArticleIssue naming the file (and the line and field where there is one), and,
through hypothesis's ``deadline``, that no single input takes seconds: the
stalls these tests guard against took minutes. The example counts add up to
several thousand per run.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.core.articles import FIELD_KINDS, Article, load_file, quote_value
from kbdesk.core.errors import IndexCorruptError
from kbdesk.core.lint import scan_file
from kbdesk.core.search.text import chunk_texts, plain_text, sections
from kbdesk.core.settings import SETTINGS, Settings, check_value, load_settings

# A deadline far above what any input costs now (milliseconds) and far below what the
# pathological inputs cost before (minutes), with room for a loaded CI machine (4 s was
# exceeded once at load 8-9 on two cores).
DEADLINE_MS = 10_000
SCALE = float(__import__("os").environ.get("KBDESK_HYPOTHESIS_SCALE", "1"))
COMMON = dict(
    deadline=DEADLINE_MS,
    database=None,  # no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
#: every message a person reads stays short, whatever the input held
MAX_MESSAGE = 600
#: issue codes about one front-matter field: they carry a line, and the ones about a value name the field
FIELD_CODES = {"wrong-type", "bad-date", "yaml-alias", "unknown-key", "duplicate-key", "bad-key"}
VALUE_CODES = {"wrong-type", "bad-date", "yaml-alias"}


# ---------------------------------------------------------------- front matter

SPECIAL_SCALARS = [
    "",
    "~",
    "null",
    "NULL",
    "yes",
    "No",
    "true",
    "0x80070005",
    "0o17",
    "1e3",
    "-.inf",
    ".nan",
    "12_000",
    "2026-04-01",
    "2027-02-30",
    "2026-13-45",
    "0000-00-00",
    "9999-12-31",
    "2024-02-29",
    "2023-02-29",
    "2026-4-1",
    "2026-04-01 10:30:00",
    "2026-04-01T25:61:61Z",
    "2026-04-01t10:00:00.5+02:00",
    "2026-04-01 garbage",
    "'single quoted'",
    '"double \\u263a \\x41 quoted"',
    '"bad escape \\q"',
    "!!int x",
    "!!int 0x",
    "!!float nope",
    "!!bool maybe",
    "!!null something",
    "!!timestamp 2027-02-30",
    "!!timestamp x",
    "!!binary aGk",
    "!!binary ***",
    "!!str 12",
    "!!set {a, b}",
    "!!omap [a]",
    "!!pairs [a, b]",
    "!!python/object:os.system ls",
    "!!python/name:os.system",
    "!custom value",
    "!<tag:example.com,2000:x> y",
    "&anchor value",
    "*undefined",
    "[a, b, {c: d}]",
    "[[nested], [list]]",
    "{a: 1, b: [2, 3]}",
    "{? [a, b]: c}",
    "[a, ~, b]",
    "[]",
    "{}",
    "|",
    ">",
    "|-\n  block\n  text",
    ">+\n  folded",
    "- item",
    "%YAML 1.1",
    "@reserved",
    "`backtick",
    "a: b: c",
    "key: [unclosed",
    '"unclosed',
    "\t tab",
]

KEYS = [*FIELD_KINDS, "colour", "<<", "1", "null", "~", "true", "'title'", '"review_by"', "? [complex]", "? {a: 1}"]


def _date_text(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


scalars = st.one_of(
    st.sampled_from(SPECIAL_SCALARS),
    st.builds(_date_text, st.integers(0, 10_000), st.integers(0, 20), st.integers(0, 40)),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True).map(repr),
    st.text(alphabet=string.printable, max_size=40),
    st.text(max_size=30),  # any Unicode, control characters and surrogates included
)
#: huge values: a 1 MB file is the limit, so up to a few hundred kilobytes in one field
huge = st.tuples(st.sampled_from(["x", "2026-04-01 ", "[a", "*a ", "&a "]), st.integers(2_000, 100_000)).map(
    lambda t: t[0] * (t[1] // len(t[0]))
)


@st.composite
def yaml_value(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """The lines of one value, first line to follow ``key:``, the rest indented."""
    kind = draw(
        st.sampled_from(["scalar", "scalar", "scalar", "flow", "block-list", "mapping"] if depth < 2 else ["scalar"])
    )
    if kind == "scalar":
        return [" " + draw(scalars)]
    if kind == "flow":
        items = draw(st.lists(scalars.filter(lambda s: "\n" not in s), max_size=6))
        return [" [" + ", ".join(items) + "]"]
    if kind == "block-list":
        out = [""]
        for item in draw(st.lists(yaml_value(depth + 1), min_size=1, max_size=3)):
            out.append("  -" + item[0])
            out.extend("    " + line for line in item[1:])
        return out
    out = [""]
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3)):
        inner = draw(yaml_value(depth + 1))
        out.append(f"  {key}:" + inner[0])
        out.extend("    " + line for line in inner[1:])
    return out


@st.composite
def alias_bomb(draw: st.DrawFn) -> list[str]:
    """Billion laughs: each level lists the previous one nine times, then a field uses the last."""
    depth = draw(st.integers(1, 12))
    width = draw(st.integers(2, 12))
    lines = ['a0: &a0 ["lol","lol","lol"]']
    for i in range(1, depth):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]")
    field = draw(st.sampled_from(list(FIELD_KINDS)))
    lines.append(f"{field}: *a{depth - 1}")
    if draw(st.booleans()):
        lines.append(f"<<: *a{depth - 1}")
    return lines


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=14)):
        value = draw(yaml_value())
        anchor = draw(st.sampled_from(["", "", "", " &a", " !!str", " !!map", " !!seq"]))
        lines.append(f"{key}:{anchor}" + value[0])
        lines.extend(value[1:])
    if draw(st.integers(0, 9)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), f"{draw(st.sampled_from(KEYS))}: {draw(huge)}")
    if draw(st.integers(0, 9)) == 0:
        lines[draw(st.integers(0, len(lines))) : 0] = draw(alias_bomb())
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["<<: {tags: [x]}", "<<: *a", "? [a, b]\n: c", "--- second", "... end"])))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("untrusted")


def _check_load(path: Path, root: Path) -> tuple[Article | None, list]:
    article, issues = load_file(path, root=root)  # must never raise
    assert article is None or isinstance(article, Article)
    if article is None:
        assert len(issues) == 1 and issues[0].severity == "error"
    for issue in issues:
        assert issue.path == path
        assert issue.severity in ("error", "warning")
        assert len(issue.message) <= MAX_MESSAGE, issue.message[:200]
        if issue.code in FIELD_CODES:
            assert issue.line is not None and issue.line >= 2, issue
        if issue.code in ("yaml", "front-matter"):
            assert issue.line is not None and issue.line >= 1, issue
        if issue.code in VALUE_CODES:
            assert issue.message.startswith("'"), issue  # names the field first: 'review_by' ...
    if article is not None:
        assert isinstance(article.title, str) and article.title
        for name in ("tags", "platforms", "symptoms", "error_codes", "related"):
            value = getattr(article, name)
            assert isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        for name in ("reviewed", "review_by"):
            assert getattr(article, name) is None or isinstance(getattr(article, name), dt.date)
        for name in ("id", "summary", "owner", "status", "audience"):
            assert isinstance(getattr(article, name), str)
    return article, issues


@settings(max_examples=max(1, int(1500 * SCALE)), **COMMON)
@given(front=front_matter(), body=st.text(max_size=200))
def test_any_front_matter_gives_an_article_or_an_issue_with_a_line(scratch, front, body):
    path = scratch / "generated.md"
    path.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8", errors="surrogatepass")
    _check_load(path, scratch)


@settings(max_examples=max(1, int(500 * SCALE)), **COMMON)
@given(data=st.binary(max_size=400))
def test_any_bytes_give_an_article_or_an_issue(scratch, data):
    path = scratch / "bytes.md"
    path.write_bytes(b"---\n" + data)
    _check_load(path, scratch)


@settings(max_examples=max(1, int(300 * SCALE)), **COMMON)
@given(
    field=st.sampled_from([k for k, kind in FIELD_KINDS.items() if kind == "date"]),
    year=st.integers(0, 9999),
    month=st.integers(0, 99),
    day=st.integers(0, 99),
)
def test_every_date_is_read_or_named_as_impossible(scratch, field, year, month, day):
    path = scratch / "date.md"
    text = _date_text(year, month, day)
    path.write_text(f"---\ntitle: T\n{field}: {text}\n---\nbody\n", encoding="utf-8")
    article, issues = _check_load(path, scratch)
    assert article is not None  # a bad date never costs the article
    try:
        expected = dt.date(year, month, day)
    except ValueError:
        expected = None
    assert getattr(article, field) == expected
    if expected is None:
        (issue,) = issues
        assert (issue.code, issue.line) == ("bad-date", 3)
        assert issue.message.startswith(f"'{field}' '{text}'")


# ---------------------------------------------------------------- bodies

UNITS = [
    "[", "]", "![", "](", "[a](", "[a](x", "[a](<", "[a](x (", "[a]: <", "(", "<", "<a ", '<a href="', "<http://a",
    "`", "``", "`a", "``a", "``` ", "*", "**a", "*a", "_", "_a ", "*_", "# ", "# x", "#", "## ", " ", "\t", "\n",
    " \n", "#\n", "```a\n", "~~~\n", "```\n", "|", "|---", "---", "- ", "1. ", "1", "> ", "!!! ", "\\", "&", ":",
    "x", "word ", "é", "\u200b", "\r\n", "\x0b",
]  # fmt: skip

runs = st.tuples(st.sampled_from(UNITS), st.integers(1, 6000)).map(lambda t: t[0] * t[1])
bodies = st.lists(st.one_of(runs, st.text(max_size=80)), min_size=1, max_size=6).map("".join)


@settings(max_examples=max(1, int(600 * SCALE)), **COMMON)
@given(body=bodies, title_line=st.booleans())
def test_any_body_is_parsed_linted_and_chunked(scratch, body, title_line):
    front = "" if title_line else "---\ntitle: Body test\n---\n"
    path = scratch / "body.md"
    path.write_text(front + body, encoding="utf-8", errors="surrogatepass")
    article, _ = _check_load(path, scratch)
    scan = scan_file(path, scratch)
    assert scan.body_words >= 0
    if article is not None:
        sections(article.body)
        assert isinstance(plain_text(article.body), str)
        chunks = chunk_texts(article)
        assert chunks and all(isinstance(c, str) for c in chunks)
        # what the article view shows: formatted, or plain text when formatting would take too long
        from kbdesk.core.rendering import render_article

        assert render_article(article).html


def test_quoted_values_are_cut():
    assert len(quote_value("x" * 1_000_000)) < 70
    assert quote_value(["a"]) == "a list"


# ---------------------------------------------------------------- settings.toml

toml_scalars = st.one_of(
    st.sampled_from(['"hybrid"', '"dark"', "true", "false", "2", '"2"', "-1", "1e400", "inf", "nan", "1979-05-27",
                     "07:32:00", "1979-05-27T07:32:00Z", '""', "''", '"~nosuchuser/x"', '"/tmp"', '"\\u0000"',
                     "[]", '["a", "b"]', "[1, 2]", "[[1], [2]]", "{}", '{a = "b"}', '"' + "a" * 5000 + '"']),
    st.integers().map(str),
    st.text(max_size=30).map(json.dumps),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),  # deep nesting: tomllib recurses
)  # fmt: skip
toml_keys = st.one_of(
    st.sampled_from([s.name for s in SETTINGS] + ["version", "default_mode"]),
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
)


@st.composite
def toml_files(draw: st.DrawFn) -> str:
    lines = [f"{draw(toml_keys)} = {draw(toml_scalars)}" for _ in range(draw(st.integers(0, 10)))]
    if draw(st.booleans()):
        lines.insert(0, f"[{draw(toml_keys)}]")
    return "\n".join(lines)


def _check_settings(settings_obj: Settings) -> None:
    assert isinstance(settings_obj, Settings)
    for spec in SETTINGS:
        value = settings_obj.values[spec.name]
        if spec.name != "articles_dir":  # the folder check depends on the disk, not on the file
            assert check_value(spec, value) is None, (spec.name, value)
    for problem in settings_obj.problems:
        assert isinstance(problem, str) and len(problem) <= MAX_MESSAGE + 200


@settings(max_examples=max(1, int(1000 * SCALE)), **COMMON)
@given(text=toml_files())
def test_any_settings_file_loads_with_defaults_for_what_is_wrong(scratch, text):
    path = scratch / "settings.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check_settings(load_settings(path))


@settings(max_examples=max(1, int(300 * SCALE)), **COMMON)
@given(data=st.binary(max_size=300))
def test_any_settings_bytes_load(scratch, data):
    path = scratch / "settings-bytes.toml"
    path.write_bytes(data)
    _check_settings(load_settings(path))


def test_oversized_settings_file_is_refused(scratch):
    path = scratch / "huge.toml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024))
    loaded = load_settings(path)
    assert loaded.values == Settings().values and "over" in loaded.problems[0]


# ---------------------------------------------------------------- the index manifest


@pytest.fixture(scope="module")
def built_index(tmp_path_factory):
    """A real keyword-only index of the fixture KB; the manifest tests mutate copies of its manifest."""
    from fixture_articles import write_fixture_kb

    from kbdesk.core.search.indexer import Indexer
    from kbdesk.core.search.manifest import read_current

    root = tmp_path_factory.mktemp("index")
    articles = write_fixture_kb(root / "articles")
    indexer = Indexer(articles, root / "index")
    indexer.sync()
    gen = read_current(root / "index")
    manifest = json.loads((gen / "manifest.json").read_text("utf-8"))
    return articles, root / "index", gen, manifest


def _json_containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    _json_containers,
    max_leaves=10,
)


def _paths(value, prefix=()):
    """Every (path, value) in a JSON document, for picking what to mutate."""
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@st.composite
def mutated_manifests(draw: st.DrawFn, manifest: dict) -> dict:
    doc = json.loads(json.dumps(manifest))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p, _ in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "delete", "path"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "path":  # a hostile path: out of the articles folder or the generation
            parent[path[-1]] = draw(st.sampled_from(["../../etc/passwd", "/etc/passwd", "a/../../b", "C:x", "\x00"]))
        else:
            parent[path[-1]] = draw(json_values)
    return doc


@settings(max_examples=max(1, int(800 * SCALE)), **COMMON)
@given(data=st.data())
def test_a_mutated_manifest_is_used_or_refused_never_crashes(built_index, tmp_path_factory, data):
    from kbdesk.core.search.indexer import scan_folder
    from kbdesk.core.search.manifest import read_manifest

    articles, _, _, manifest = built_index
    doc = data.draw(mutated_manifests(manifest))
    gen = tmp_path_factory.mktemp("mutated", numbered=True)
    (gen / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")
    try:
        accepted = read_manifest(gen)
    except IndexCorruptError:
        return  # refused: the caller rebuilds
    # what passes is safe for every reader: paths stay inside the folder, types are right
    for rec in accepted.articles.values():
        assert ".." not in rec.rel_path.split("/") and not rec.rel_path.startswith("/")
    scan = scan_folder(articles, accepted.files, accepted.articles)  # the indexer's reader of both tables
    assert scan.kept


@settings(max_examples=max(1, int(60 * SCALE)), **COMMON)
@given(data=st.data())
def test_search_survives_a_mutated_manifest_by_rebuilding(built_index, data):
    """The whole path: a mutated manifest on disk, then open, sync and search as the app does."""
    from kbdesk.core.search.engine import SearchEngine

    articles, index_root, _gen, manifest = built_index
    doc = data.draw(mutated_manifests(manifest))
    current = json.loads((index_root / "CURRENT").read_text("utf-8"))
    live = index_root / current["generation"] / "manifest.json"
    live.write_text(json.dumps(doc), encoding="utf-8")
    engine = SearchEngine(articles, index_root=index_root)
    try:
        engine.sync(embed=False)  # rebuilds when the manifest is refused
        response = engine.search("printer offline", mode="keyword")
        assert response.hits, "the index serves the articles again"
    finally:
        engine.close()


@settings(max_examples=max(1, int(300 * SCALE)), **COMMON)
@given(manifest=st.binary(max_size=200), pointer=st.one_of(st.binary(max_size=80), json_values.map(json.dumps)))
def test_random_manifest_and_pointer_bytes_are_refused(tmp_path_factory, manifest, pointer):
    from kbdesk.core.search.manifest import read_current, read_manifest

    root = tmp_path_factory.mktemp("pointer", numbered=True)
    gen = root / "g000001"
    gen.mkdir()
    (gen / "manifest.json").write_bytes(manifest)
    (root / "CURRENT").write_bytes(pointer if isinstance(pointer, bytes) else pointer.encode())
    try:
        found = read_current(root)
    except IndexCorruptError:
        found = None
    if found is not None:
        assert found == gen
    with pytest.raises(IndexCorruptError):
        read_manifest(gen)
