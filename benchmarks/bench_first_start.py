"""How long the first start takes on the starter articles, stage by stage (the README quotes it).

A fresh KBDESK_HOME (no index, no model loaded), the real window (offscreen), the
real model; times from ``window.start()``:

* keyword index open: keyword search works;
* model loaded: hybrid search can start;
* every article embedded: semantic search covers the whole knowledge base.

    .venv/bin/python benchmarks/bench_first_start.py [--articles DIR] [--runs 3]

Each run starts in a new process (a loaded model would make later runs look faster)
and prints one line; the load average is printed beside the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(articles: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.settings import Settings
    from kbdesk.gui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    folder = Path(articles) if articles else bundled_articles_dir()
    count = sum(1 for _ in folder.rglob("*.md"))
    settings = Settings().with_value("articles_dir", str(folder)) if articles else Settings()
    window = MainWindow(settings, watch=False)
    window.show()
    marks: dict[str, float] = {}
    started = time.perf_counter()
    window.start()

    def embedded() -> int:
        engine = window.kb.engine
        try:
            return engine.stats().embedded_articles if engine is not None and window.kb.state.index_open else 0
        except Exception:  # noqa: BLE001 - the index may be between generations
            return 0

    deadline = started + 900
    while time.perf_counter() < deadline:
        app.processEvents()
        now = time.perf_counter() - started
        state = window.kb.state
        if state.index_open and "keyword" not in marks:
            marks["keyword"] = now
        if state.model == "ready" and "model" not in marks:
            marks["model"] = now
        if "model" in marks and not state.syncing and embedded() >= count:
            marks["embedded"] = now
            break
        time.sleep(0.01)
    window.shutdown()
    return {"articles": count, **marks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="", help="articles folder (default: the starter articles)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.articles)))
        return 0
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="kbdesk-first-start-") as home:
            env = {**os.environ, "KBDESK_HOME": home}
            out = subprocess.run(
                [sys.executable, __file__, "--one", "--articles", args.articles],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            print(
                f"run {run + 1}: {result['articles']} articles; keyword search after {result.get('keyword', -1):.1f} s, "
                f"model loaded after {result.get('model', -1):.1f} s, every article embedded after "
                f"{result.get('embedded', -1):.1f} s",
                flush=True,
            )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
