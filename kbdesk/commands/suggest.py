"""``kbdesk suggest [--diagnostics FILE.json] [--json]``: the articles whose checks fire on this machine, with the evidence.

Without ``--diagnostics`` the collectors the fact catalogue reads run now (the
network ones with the ``diagnostic_hosts`` and ``time_server`` settings, as
``kbdesk diagnostics`` does). With it, the facts come from a saved ``kbdesk
diagnostics --json`` report, from this computer or any other, so a result can
be reproduced anywhere; the report's platform decides which articles apply
(``--platform`` overrides it). ``--json`` prints the document escalation
bundles carry as ``diagnostics/checks.json``: the facts, and every check that
fired with its article and evidence.

Exit status: 0 whether or not a check fired; 1 when the report cannot be read
or the articles folder is missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from ..core.machine import PLATFORMS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "suggest",
        help="suggest the articles whose checks fire on this computer (or on a saved diagnostics report)",
        description="Run the checks the articles declare (checks: in their front matter) against this computer's "
        "diagnostics, or against a saved report, and print the articles whose checks fire, with what was found.",
    )
    p.add_argument(
        "--diagnostics",
        metavar="FILE.json",
        help="read the facts from a saved report (kbdesk diagnostics --json > FILE.json) instead of this computer",
    )
    p.add_argument("--json", action="store_true", help="print the facts and the checks that fired as JSON")
    p.add_argument(
        "--articles", metavar="DIR", help="articles folder (default: configured folder, else the starter articles)"
    )
    p.add_argument(
        "--platform",
        choices=(*PLATFORMS, "any"),
        help="only articles for this system (default: the report's; any: every article)",
    )
    p.set_defaults(func=cmd_suggest)


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..core.checks import FACTS, checks_document, collect_facts, facts_from_report, read_diagnostics_file
    from .search import _open_engine

    if args.diagnostics:
        # read the report first: a bad file is refused before any index work
        facts = facts_from_report(read_diagnostics_file(args.diagnostics), source=args.diagnostics)
    else:
        from ..core.escalation import diagnostics_options
        from ..core.settings import load_settings

        collectors = tuple(dict.fromkeys(fact.collector for fact in FACTS))
        options = dataclasses.replace(diagnostics_options(load_settings(), log_lines=0), only=collectors)
        facts, _ = collect_facts(options)
    platform = None if args.platform == "any" else (args.platform or facts.platform)
    engine = _open_engine(args.articles, need_model=False)
    try:
        checks = engine.checks()
    finally:
        engine.close()
    evaluation = checks.evaluate(facts.values, platform=platform)
    if args.json:
        doc = checks_document(evaluation, facts.values, created=facts.created, source=facts.source)
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    where = "this computer" if not args.diagnostics else args.diagnostics
    ran = f"{evaluation.evaluated} check(s) of {evaluation.articles} article(s)"
    if not evaluation.hits:
        print(f"No check fired on {where}: {ran} ran", end="")
        print(
            f", {evaluation.undecided} could not decide (a fact they need is missing)." if evaluation.undecided else "."
        )
        return 0
    print(f"On {where} ({facts.created or 'time unknown'}), {len(evaluation.hits)} check(s) fired ({ran} ran):")
    for hit in evaluation.hits:
        print()
        print(f"  {hit.sentence}")
        print(f"    fixed by: {hit.article_title}  [{hit.article_id}]")
        evidence = ", ".join(f"{e.fact} = {e.with_unit}" for e in hit.evidence)
        print(f"    evidence: {evidence}  (check {hit.check_id}: {hit.when})")
    return 0
