"""``kbdesk index``, ``kbdesk search``, ``kbdesk eval``: the search index from the command line.

``index`` builds or updates the index of an articles folder and says what changed;
``search`` prints the best articles for a query (``--json`` for scripts); ``eval``
measures search quality against a queries file (MRR@10, Hit@k, nDCG@10, latency).
Without ``--articles``, ``index`` and ``search`` use the configured sources
(``kbdesk sources list``: the starter articles, folders, the served revision of
each git source), one index per source, searched as one knowledge base as the
app does (core/search/multi.py); with ``--articles DIR`` they use that one folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.machine import PLATFORMS
from .common import articles_folder

if TYPE_CHECKING:
    from ..core.search.engine import SearchFilters

log = logging.getLogger("kbdesk")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("index", help="build or update the search index of an articles folder")
    p.add_argument("--articles", metavar="DIR", help="one articles folder (default: the configured sources)")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    p.add_argument(
        "--keyword-only", action="store_true", help="skip embeddings (semantic search waits for a later run)"
    )
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="if another process is indexing, wait this long for it (default: fail at once)",
    )
    p.set_defaults(func=cmd_index)

    p = sub.add_parser(
        "search",
        help="search the articles",
        description="Search the articles as the app does: the same ranking, match strength and platform policy.",
    )
    p.add_argument("query", help="the problem in your own words, or an error message or code (quote it)")
    p.add_argument("--articles", metavar="DIR", help="search one articles folder (default: the configured sources)")
    p.add_argument(
        "--mode",
        choices=("hybrid", "keyword", "semantic"),
        default="hybrid",
        help="hybrid: words and meaning (default); keyword: exact words; semantic: meaning only",
    )
    p.add_argument("--limit", type=int, default=10, metavar="N", help="show at most N results (default: 10)")
    p.add_argument(
        "--json",
        action="store_true",
        help='print a JSON list of results; each has "match" ("strong" or "weak"), "exact_match", and the '
        '"source" and "revision" (short commit id, "" for a folder) it comes from',
    )
    p.add_argument("--tag", action="append", help="only articles with this tag (repeatable)")
    p.add_argument(
        "--platform",
        choices=(*PLATFORMS, "any"),
        help="the system to search for, as the app does on it: articles for other systems are left out, unless "
        "the query contains one of their exact error codes or messages (default: this machine's; any: no filter)",
    )
    p.add_argument(
        "--all-systems",
        action="store_true",
        help="like the app's “All systems” box: show articles for other systems too, ranked lower",
    )
    p.add_argument("--audience", choices=("end-user", "agent"), help="only articles written for this audience")
    p.add_argument(
        "--status",
        action="append",
        choices=("draft", "review", "published", "retired"),
        help="statuses to include (default: published and review)",
    )
    p.add_argument(
        "--no-learned",
        action="store_true",
        help="leave out the phrasings learned from this machine's history (what users typed before an article "
        "solved their problem)",
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("eval", help="measure search quality against a queries file")
    p.add_argument("--articles", metavar="DIR", required=True, help="the articles folder the queries are about")
    p.add_argument(
        "--queries",
        metavar="FILE.jsonl",
        required=True,
        help='one JSON object per line: {"query": "...", "relevant": ["article-id", ...]}',
    )
    p.add_argument(
        "--mode",
        choices=("hybrid", "keyword", "semantic", "all"),
        default="all",
        help="which search mode to measure (default: all three)",
    )
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument(
        "--no-learned",
        action="store_true",
        help="leave out the phrasings learned in this data folder's history (default: use them, as the app does)",
    )
    p.set_defaults(func=cmd_eval)


class _TerminalProgress:
    """A one-line progress bar on a terminal; silent when stderr is not a TTY."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if total:
            width = 30
            filled = int(width * done / total)
            line = f"\r{stage:8} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        else:
            line = f"\r{stage:8} ..."
        if line != self._last:
            sys.stderr.write(line.ljust(60))
            sys.stderr.flush()
            self._last = line

    def finish(self) -> None:
        if self.enabled and self._last:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _status_line(message: str) -> None:
    """What the core says before a slow one-time step (preparing the semantic model)."""
    print(f"kbdesk: {message}", file=sys.stderr, flush=True)


def _print_issues(issues) -> None:
    for issue in issues:  # "path:line: error code message": the issue says its own severity
        print(f"kbdesk: {issue}", file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    from ..core.search.engine import SearchEngine

    if not args.articles:
        return _index_sources(args)
    engine = SearchEngine(articles_folder(args.articles))
    if not args.keyword_only:
        engine.load_model(status=_status_line)
    bar = _TerminalProgress()
    try:
        report = engine.sync(embed=not args.keyword_only, progress=bar, wait=args.wait, force_rebuild=args.rebuild)
        _forget_dropped(engine, report)
    finally:
        bar.finish()
        engine.close()
    _print_report(str(engine.articles_dir), report, engine.articles_dir)
    return 0


def _print_report(label: str, report, folder: Path) -> None:
    from ..core.articles import summarize_issues

    _print_issues(report.issues)
    print(f"{label}: {report.describe()} in {report.seconds:.1f} s")
    summary = summarize_issues(report.issues)
    if summary.needs_fixing:
        print(f"  {summary.describe()}; run: kbdesk lint {folder}")
    for what, ids in (
        ("added", report.added),
        ("updated", report.updated),
        ("removed", report.removed),
        ("renamed", report.renamed),
    ):
        if ids and len(ids) <= 20:
            print(f"  {what}: {', '.join(ids)}")


def _index_sources(args: argparse.Namespace) -> int:
    """``kbdesk index`` without --articles: every served source, one index each."""
    engine = _sources_engine()
    if not args.keyword_only:
        engine.load_model(status=_status_line)
    try:
        for entry in engine.served:
            if entry.folder is None:
                continue
            bar = _TerminalProgress()
            try:
                report = engine.sync(
                    [entry.source.name],
                    embed=not args.keyword_only,
                    progress=bar,
                    wait=args.wait,
                    force_rebuild=args.rebuild,
                )
                _forget_dropped(engine, report)
            finally:
                bar.finish()
            _print_report(f"{entry.source.name} ({entry.origin().label()})", report, entry.folder)
        for shadowed in engine.shadowed:
            print(f"  '{shadowed.id}' of {shadowed.source} is overridden by {shadowed.by}")
    finally:
        engine.close()
    return 0


def _sources_engine():
    """The search engine of the configured sources (what the app searches), with a note on stderr for each
    source that has nothing to serve yet."""
    from ..core.search.multi import MultiSourceEngine
    from ..core.sources.service import SourceSet

    sources = SourceSet.from_config()
    for problem in sources.problems:
        print(f"kbdesk: warning: {problem}", file=sys.stderr)
    engine = MultiSourceEngine(sources.served())
    for entry in engine.unserved:
        if entry.source.kind == "git":
            why = f"nothing served yet; run: kbdesk sources sync {entry.source.name}"
        else:
            why = f"folder not found: {entry.source.url}"
        print(f"kbdesk: source '{entry.source.name}': {why}", file=sys.stderr)
    return engine


def _open_engine(articles: str | None, *, need_model: bool, learned: bool = True):
    from ..core.search.engine import SearchEngine

    engine = SearchEngine(articles_folder(articles)) if articles else _sources_engine()
    if need_model:
        engine.load_model(status=_status_line)
    report = engine.sync(embed=need_model, wait=60.0)
    if report.changed:
        log.info("index updated: %s", report.describe())
    _learned_phrasings(engine, report, use=learned)
    return engine


def _learned_phrasings(engine, report, *, use: bool) -> None:
    """Search with the phrasings learned in this data folder's history (as the app does), after forgetting
    those of articles the sync found deleted or retired; ``use`` False only forgets."""
    from ..core.learning.live import attach
    from ..core.settings import load_settings

    if not use:
        _forget_dropped(engine, report)
        return
    count = attach(engine, enabled=bool(load_settings().analytics_enabled), report=report)
    if count:
        log.info("searching with %d learned phrasings", count)


def _forget_dropped(engine, report) -> None:
    from ..core.learning.live import engine_folders, forget_dropped
    from ..core.settings import load_settings

    forget_dropped(
        report,
        engine.article_records(),
        engine_folders(engine),
        enabled=bool(load_settings().analytics_enabled),
    )


def cmd_search(args: argparse.Namespace) -> int:
    from ..core.machine import detect_platform
    from ..core.search.engine import SearchFilters
    from ..core.search.text import Snippet

    # the same platform policy as the app, so writers see what users see
    platform = None if args.platform == "any" else (args.platform or detect_platform())
    engine = _open_engine(args.articles, need_model=args.mode != "keyword", learned=not args.no_learned)
    try:
        filters = SearchFilters(
            tags=tuple(args.tag or ()),
            platform=platform,
            all_platforms=args.all_systems,
            audience=args.audience,
            statuses=tuple(args.status) if args.status else SearchFilters().statuses,
        )
        response = engine.search(args.query, mode=args.mode, limit=args.limit, filters=filters)
    finally:
        engine.close()
    if args.json:
        print(json.dumps([hit.to_dict() for hit in response.hits], indent=2, ensure_ascii=False))
        return 0
    if response.language is not None:
        name = response.language.name or "another language"
        print(f"This looks like {name}; the articles are in English (searched anyway).")
    if response.suggestion:
        print(f"Did you mean: {response.suggestion}")
    if not response.hits:
        print("No articles found.")
    elif response.match == "weak":
        print("No article matches this well. The nearest ones:")
    bold = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("**", "**")
    for i, hit in enumerate(response.hits, 1):
        snippet = Snippet(hit.snippet, hit.snippet_spans).marked(*bold)
        notes = []
        if hit.match == "weak":
            notes.append("weak match")
        if platform and hit.platforms and platform not in hit.platforms:
            notes.append("for " + ", ".join(hit.platforms) + " only")
        if hit.exact_match:
            notes.append(f"exact match: {hit.exact_match}")
        extra = f"  ({'; '.join(notes)})" if notes else ""
        print(f"{i:2}. {hit.title}  [{hit.id}]  score {hit.score:.3f}{extra}")
        if hit.summary:
            print(f"    {hit.summary}")
        print(f"    {snippet}")
        where = f"  (from {hit.source}{' @ ' + hit.revision if hit.revision else ''})" if hit.source else ""
        print(f"    {hit.path}{where}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from ..core.evaluation import ModeMetrics, evaluate, load_queries

    queries = load_queries(Path(args.queries))
    modes = ["keyword", "semantic", "hybrid"] if args.mode == "all" else [args.mode]
    engine = _open_engine(args.articles, need_model=any(m != "keyword" for m in modes), learned=not args.no_learned)
    results: dict[str, ModeMetrics] = {}
    try:
        for mode in modes:
            engine.search("warm up", mode=mode)  # the first query pays one-time costs

            def ranked_ids(query: str, mode: str = mode) -> list[str]:
                return [h.id for h in engine.search(query, mode=mode, limit=10, filters=_eval_filters()).hits]

            results[mode] = evaluate(mode, queries, ranked_ids)
    finally:
        engine.close()
    if args.json:
        print(json.dumps({mode: m.to_dict() for mode, m in results.items()}, indent=2))
        return 0
    print(
        f"{'mode':10} {'queries':>7} {'MRR@10':>7} {'Hit@1':>6} {'Hit@5':>6} {'nDCG@10':>7} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for mode, m in results.items():
        print(
            f"{mode:10} {m.queries:>7} {m.mrr_at_10:>7.3f} {m.hit_at_1:>6.3f} {m.hit_at_5:>6.3f} {m.ndcg_at_10:>7.3f} "
            f"{m.latency_p50_ms:>7.1f} {m.latency_p95_ms:>7.1f}"
        )
    return 0


def _eval_filters() -> SearchFilters:
    from ..core.search.engine import SearchFilters

    # evaluation measures ranking over the whole collection: every status, every platform
    return SearchFilters(statuses=())
