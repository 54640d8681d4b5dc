"""Render the main states of the desktop app into docs/screenshots/*.png.

Uses the real window, the starter articles and the real semantic model, with
KBDESK_HOME pointed at a temporary folder (nothing of the user's is touched).
Run it under a display server; on a headless machine:

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/screenshots.py
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2600x1800x24" .venv/bin/python scripts/screenshots.py --only scale2

``--only NAME[,NAME]`` limits the run to some shots (see SHOTS). ``--lang de`` runs the app in German
(as a German desktop would) and writes the shots to docs/screenshots/de/.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
QUERY = "wifi says connected but no internet"
#: shots of sending to a service desk: they need the test Request Tracker (scripts/servers/rt.sh start)
DESK_SHOTS = (
    "my-requests",
    "my-requests-offline",
    "desk-settings",
    "open-ticket",
    "escalation-send",
    "escalation-sent",
    "escalation-queued",
)
SHOTS = (
    "results",
    "article",
    "feedback-no",
    "next-best",
    "settings",
    "small",
    "dark",
    "scale2",
    "escalation-review",
    "escalation-kept",
    "bundle-view",
    "bundle-refused",
    "writer",
    "writer-phrasings",
    "insights",
    *DESK_SHOTS,
    "weak-match",
    "other-system",
    "language-note",
    "long-suggestion",
    "check-banner",
    "escalation-before",
    "bundle-checks",
    "shortcuts",
    "sources",
)
#: shots of what the articles' checks found; they run in a window of their own (see checks_shots)
CHECK_SHOTS = {"check-banner", "escalation-before", "bundle-checks"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated shot names: " + ", ".join(SHOTS))
    parser.add_argument("--out", type=Path, default=None, help="default: docs/screenshots (/LANG with --lang)")
    parser.add_argument("--lang", default="", help="the app's language (de); default: English")
    args = parser.parse_args()
    if args.out is None:
        args.out = OUT / args.lang if args.lang else OUT
    wanted = set(filter(None, args.only.split(","))) or set(SHOTS) - {"scale2"}
    home = tempfile.mkdtemp(prefix="kbdesk-shots-")
    os.environ["KBDESK_HOME"] = home
    sys.path.insert(0, str(ROOT))

    from PySide6.QtWidgets import QApplication

    from kbdesk.core.settings import Settings
    from kbdesk.gui.main_window import MainWindow
    from kbdesk.gui.theme import apply_theme

    if args.lang:  # a desktop in that language, which the app follows (its setting says "system")
        os.environ.pop("LC_ALL", None)
        from PySide6.QtCore import QLocale

        os.environ.update(LANGUAGE=args.lang, LANG=f"{QLocale(args.lang).name()}.UTF-8")
    app = QApplication([sys.argv[0]])
    app.setApplicationName("kbdesk")
    if args.lang:
        from kbdesk.gui.i18n import install_translations

        install_translations("system")
    args.out.mkdir(parents=True, exist_ok=True)

    def wait(cond: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            app.processEvents()
            time.sleep(0.01)
        for _ in range(20):  # let layouts and paints settle
            app.processEvents()
            time.sleep(0.005)

    def save(widget: object, name: str) -> None:
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    if wanted & CHECK_SHOTS:
        checks_shots(app, wanted, wait, save, Path(home))
    if not wanted - CHECK_SHOTS:
        return 0
    window = MainWindow(Settings(), platform="windows")
    window.resize(1180, 760)
    window.show()
    window.start()
    # the real semantic model, and every article embedded, before the first shot
    wait(
        lambda: (
            window.kb.state.model == "ready"
            and window.kb.state.index_open
            and not window.kb.state.syncing
            and window.kb.engine is not None
            and window.kb.engine.stats().embedded_articles > 0
        ),
        180,
        "the model and the embeddings",
    )

    def search(query: str) -> None:
        shown: list[object] = []
        window.results_shown.connect(shown.append)
        window.search_edit.setFocus()
        window.search_edit.setText(query)
        wait(
            lambda: any(getattr(r, "query", "") == query and getattr(r, "mode", "") == "hybrid" for r in shown),
            30,
            f"results for {query!r}",
        )
        window.results_shown.disconnect(shown.append)

    def open_top() -> None:
        opened: list[str] = []
        window.article_shown.connect(opened.append)
        window.search_view.open_selected()
        wait(lambda: bool(opened), 30, "the article")
        window.article_shown.disconnect(opened.append)

    if "scale2" in wanted:
        search(QUERY)
        open_top()
        save(window, "scale2-article")
        window.resize(700, 520)
        window.show_results_pane()
        wait(lambda: True, 1, "layout")
        save(window, "scale2-small-results")
    if wanted & {"results", "article", "feedback-no", "next-best"}:
        search(QUERY)
        window.results.move_selection(0)
        save(window, "results")
        open_top()
        save(window, "article")
        window.feedback.no_button.click()
        wait(lambda: window.feedback.page == "reasons", 5, "the reasons")
        window.feedback.reason_buttons["didnt_work"].setChecked(True)
        window.feedback.comment_edit.setText("Still no pages load after restarting")
        save(window, "feedback-no")
        window.feedback.send_button.click()
        wait(lambda: window.feedback.page == "next", 5, "the next best articles")
        save(window, "next-best")
    if "settings" in wanted:
        dialog = window.settings_dialog()
        dialog.show()
        wait(lambda: dialog.isVisible(), 5, "the settings dialog")
        save(dialog, "settings")
        dialog.close()
    if "small" in wanted:
        window.resize(640, 480)
        search("printer offline")
        window.show_results_pane()
        wait(lambda: True, 1, "layout")
        save(window, "small-results")
        open_top()
        save(window, "small-article")
        window.resize(1180, 760)
    if "dark" in wanted:
        apply_theme("dark")
        search("vpn keeps disconnecting")
        open_top()
        save(window, "dark-article")
        apply_theme("system")
    if wanted & {"weak-match", "other-system", "language-note", "long-suggestion"}:
        search_note_shots(window, wanted, wait, save)
    if wanted & {"escalation-review", "escalation-kept", "bundle-view", "bundle-refused"}:
        escalation_shots(window, wanted, wait, save, search, open_top, Path(home))
    if wanted & {"writer", "writer-phrasings", "insights"}:
        writer_shots(window, wanted, wait, save, Path(home))
    if wanted & set(DESK_SHOTS):
        desk_shots(window, wanted, wait, save, Path(home))
    if "shortcuts" in wanted:
        window.resize(1180, 760)
        window.action("shortcuts").trigger()
        wait(lambda: window.page("shortcuts") is not None, 5, "the shortcuts page")
        save(window, "shortcuts")
        window.show_search_page()
    window.close()
    if "sources" in wanted:
        sources_shots(wait, save, Path(home), window.kb.embedder)
    return 0


def sources_shots(wait, save, home: Path, embedder) -> None:
    """An organisation's git source (a real `git daemon` on 127.0.0.1) beside the starter articles, under a
    policy: an article that says where it comes from, the settings dialog with locked settings and a held-back
    revision, and the status bar's line when the remote cannot be reached."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fixture_articles import LINT_CLEAN_ARTICLE
    from gitserver import GitDaemon, Upstream

    from kbdesk.core.settings import Settings
    from kbdesk.core.sources.policy import parse_policy
    from kbdesk.gui.main_window import MainWindow

    daemon = GitDaemon(home / "served").start()
    try:
        upstream = Upstream(daemon.base / "kb").init()
        policy = parse_policy(
            b'version = 1\nreason = "Managed by Example Corp IT (it-help@example.org)"\n'
            b'locked = ["analytics_enabled", "sources"]\n'
            b"[settings]\nanalytics_enabled = false\n"
            b'[[settings.sources]]\nname = "it-kb"\nurl = "' + daemon.url("kb").encode() + b'"\npriority = 100\n'
            b'[reasons]\nanalytics_enabled = "No history on shared desks"\n'
        )
        window = MainWindow(Settings(), platform="windows", policy=policy, embedder=embedder)
        window.resize(1180, 760)
        window.show()
        window.start()

        def serving_it() -> bool:
            engine = window.kb.engine
            return engine is not None and "it-kb" in {s.source.name for s in engine.searched}

        wait(lambda: serving_it() and not window.kb.state.syncing and window.kb.state.model == "ready", 120, "it-kb")
        shown: list[object] = []
        window.results_shown.connect(shown.append)
        window.search_edit.setText("printer says offline")
        wait(lambda: any(getattr(r, "mode", "") == "hybrid" for r in shown), 30, "results")
        opened: list[str] = []
        window.article_shown.connect(opened.append)
        window.search_view.open_selected()
        wait(lambda: bool(opened), 30, "the article")
        save(window, "sources-article")

        upstream.write(
            "vpn-split.md",
            LINT_CLEAN_ARTICLE.format(id="vpn-split", title="Split tunnel").replace(
                "Then restart", "See [the setup](vpn-setup.md). Then"
            ),
        )
        upstream.commit("split tunnel article")
        window.kb.sync_sources_now()

        def outcome(name: str) -> bool:
            state = window.kb.sources_state
            return not state.syncing and any(e.status.outcome == name for e in state.states)

        wait(lambda: outcome("held-back"), 60, "the held-back revision")
        window.note_writer()
        dialog = window.settings_dialog()
        dialog.show()
        wait(dialog.isVisible, 5, "the settings dialog")
        save(dialog, "settings-policy")
        dialog.close()

        daemon.stop()
        window.kb.sync_sources_now()
        wait(lambda: outcome("offline"), 60, "the offline sync")
        save(window, "sources-offline")
        window.close()
    finally:
        daemon.stop()


def search_note_shots(window, wanted, wait, save) -> None:
    """What the search page says about a search, in a window that believes it runs on Linux (so the
    Windows article of an exact error code shows its badge); it shares the loaded model."""
    from kbdesk.core import language
    from kbdesk.core.settings import Settings
    from kbdesk.gui.main_window import MainWindow

    linux = MainWindow(Settings(), platform="linux", embedder=window.kb.embedder)
    linux.resize(1100, 720)
    linux.show()
    linux.start()
    wait(
        lambda: linux.kb.state.index_open and linux.kb.state.model == "ready" and language.ready(),
        120,
        "the Linux window's index and language tools",
    )

    def show(query: str, name: str, *, paste: bool = False) -> None:
        shown: list[object] = []
        linux.results_shown.connect(shown.append)
        linux.search_edit.setFocus()
        if paste:
            from PySide6.QtGui import QGuiApplication

            linux.search_edit.clear()
            QGuiApplication.clipboard().setText(query)
            linux.search_edit.paste()
        else:
            linux.search_edit.setText(query)
        text = linux.search_edit.text().strip()
        wait(lambda: any(getattr(r, "query", "") == text and r.mode == "hybrid" for r in shown), 30, name)
        linux.results_shown.disconnect(shown.append)
        wait(lambda: True, 1, "layout")
        save(linux, name)

    if "weak-match" in wanted:
        show("how do I claim travel expenses", "weak-match")
    if "other-system" in wanted:
        show("excel says file is locked for editing by another user", "other-system")
    if "language-note" in wanted:
        show("Ich habe mein Passwort vergessen", "language-note")
    if "long-suggestion" in wanted:
        show(
            "printr offline after the update, the spooler log says "
            + "_".join(["PRINTER_DRIVER_PACKAGE_INSTALL_FAILED_WHILE_COPYING_FILES_TO_THE_SPOOL_FOLDER"] * 6),
            "long-suggestion",
        )
    linux.close()


def escalation_shots(window, wanted, wait, save, search, open_top, home: Path) -> None:
    """The wizard's "What will be sent" page and the agent's view of the bundle it saved."""
    search("vpn keeps disconnecting")
    open_top()
    time.sleep(1.0)  # a little reading time for the trail
    window.feedback.no_button.click()
    wait(lambda: window.feedback.page == "reasons", 5, "the reasons")
    window.feedback.reason_buttons["didnt_work"].setChecked(True)
    window.feedback.send_button.click()
    window.start_escalation()
    wizard = window.escalation_wizard
    wait(lambda: wizard.preview is not None and not wizard.busy, 30, "the escalation preview")
    page = wizard.describe_page
    page.summary_edit.setText("VPN keeps disconnecting every few minutes")
    page.description_edit.setPlainText(
        "Since Monday the VPN drops about every 5 minutes when I work from home.\n"
        "My colleague jane.doe@example.com has the same problem."
    )
    page.urgency_combo.setCurrentIndex(0)
    page.contact_edit.setText("+44 20 7946 0018")
    wizard.next()
    wait(lambda: not wizard.busy and "jane.doe" not in wizard.preview.ticket.description, 30, "the redaction")
    review = wizard.review_page
    rows = review.item_list
    for n in range(rows.count()):
        if wizard.preview.item(rows.item(n).data(0x0100)).name == "diagnostics/interfaces.json":
            rows.setCurrentRow(n)
        if wizard.preview.item(rows.item(n).data(0x0100)).name == "diagnostics/cpu.json":
            rows.item(n).setCheckState(wizard.review_page.item_list.item(n).checkState().Unchecked)
    wizard.resize(1000, 700)
    wait(lambda: True, 1, "layout")
    if "escalation-review" in wanted:
        save(wizard, "escalation-review")
    if "escalation-kept" in wanted:
        # keep the IPv4 addresses and attach a screenshot (not text): the save page lists what stays as it is
        picture = home / "vpn-error.png"
        window.grab().save(str(picture))
        wizard.add_attachments([picture])
        wait(
            lambda: not wizard.busy and any(i.name == "attachments/vpn-error.png" for i in wizard.preview.items),
            30,
            "the attachment",
        )
        review.keep_checks["ipv4"].setChecked(True)
        wait(lambda: not wizard.busy and "ipv4" in wizard.preview.disabled_categories, 30, "the redaction")
        wizard.next()
        wait(lambda: True, 1, "layout")
        save(wizard, "escalation-kept")
        wizard.back()
    if not wanted & {"bundle-view", "bundle-refused"}:
        wizard.reject()
        return
    wizard.next()
    path = save_and_open(window, wizard, home / "bundles" / "vpn-case.kbbundle", wait)
    view = window.page("bundle")
    from kbdesk.gui.bundle_view import bundle_view as bundle_words

    searching = bundle_words.tr("Matching articles (searching…)")  # in the language the shots are taken in
    wait(lambda: view.matches_list.count() > 0 and view.matches_label.text() != searching, 30, "the bundle view")
    view.tabs.setCurrentIndex(1)
    wait(lambda: True, 1, "layout")
    if "bundle-view" in wanted:
        save(window, "bundle-view")
    if "bundle-refused" in wanted:
        # the trial's hostile member: a right-to-left override makes "...gnp.exe" read as "...exe.png"
        import zipfile

        hostile = home / "bundles" / "invoice.kbbundle"
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(hostile, "w") as new:
            for info in old.infolist():
                new.writestr(info, old.read(info))
            new.writestr("attachments/KBEVIL_\u202egnp.exe", b"MZ")
        loaded: list[object] = []
        view.loaded.connect(loaded.append)
        window.open_bundle(hostile)
        wait(lambda: bool(loaded), 30, "the refusal")
        save(window, "bundle-refused")
    window.show_search_page()


def seed_insights_history(path: Path) -> None:
    """Eight weeks of plausible support sessions (fixed random seed), deflection improving over time."""
    import random
    from datetime import UTC, datetime, timedelta

    from kbdesk.core.analytics import AnalyticsStore

    rng = random.Random(7)
    answered = [
        ("wifi connected but no internet", "wifi-connected-no-internet"),
        ("printer offline", "printer-offline"),
        ("vpn keeps disconnecting", "vpn-keeps-disconnecting"),
        ("outlook not syncing", "outlook-not-syncing"),
        ("password expired", "password-expired"),
        ("bluetooth headphones won't pair", "bluetooth-pairing"),
        ("disk full", "disk-space-full"),
        ("teams camera not working", "camera-not-working"),
        ("0x80070005", "windows-update-failing"),
        ("onedrive stuck syncing", "onedrive-sync-stuck"),
    ]
    unanswered = [
        "docking station second screen black",
        "sap gui login error",
        "new starter laptop setup",
        "expense app crashes on iphone",
    ]
    #: checks of the starter articles that saw the problem first (the "Checks that fired" card); a second
    #: random stream, so the searches above stay what they were before checks existed
    fired = [
        ("disk-space-full", "home-disk-full", 0.8),
        ("slow-computer", "low-memory", 0.5),
        ("system-clock-time-zone-wrong", "clock-off", 0.7),
        ("wifi-connected-no-internet", "no-default-route", 0.4),
        ("print-queue-stuck", "print-job-stuck", 0.6),
        ("laptop-battery-drains-fast", "battery-worn", 0.2),
    ]
    checks_rng = random.Random(15)
    now = datetime.now(UTC).replace(microsecond=0)
    clock = {"now": now - timedelta(days=56)}
    store = AnalyticsStore.open(path, clock=lambda: clock["now"])
    try:
        for day in range(56):
            for _ in range(checks_rng.randint(0, 2)):
                clock["now"] = now - timedelta(days=56 - day, hours=checks_rng.randint(0, 9))
                session = store.start_session("linux", "0.1.0")
                article, check, helps = checks_rng.choice(fired)
                store.record_check_hit(session, article, check, "banner")
                if checks_rng.random() < 0.25:
                    continue  # dismissed the banner
                clock["now"] += timedelta(minutes=1)
                view = store.record_view(session, article)
                store.finish_view(view, checks_rng.randint(30, 200))
                clock["now"] += timedelta(minutes=2)
                store.record_feedback(session, article, checks_rng.random() < helps, view_id=view)
            for _ in range(rng.randint(2, 6)):
                clock["now"] = now - timedelta(days=56 - day, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
                session = store.start_session(rng.choice(["windows", "macos", "linux"]), "0.1.0")
                if rng.random() < 0.2:
                    query = rng.choice(unanswered)
                    nothing = query.startswith("sap")  # found nothing at all; the others only the nearest three
                    store.record_search(
                        session,
                        query,
                        "hybrid",
                        [] if nothing else ["slow-computer", "laptop-wont-charge", "printer-offline"],
                        40.0,
                        True,
                        match="none" if nothing else "weak",
                    )
                    clock["now"] += timedelta(minutes=2)
                    if rng.random() < 0.6:
                        store.record_escalation(session, f"case-{day}", "not covered")
                    continue
                query, article = rng.choice(answered[: rng.randint(3, len(answered))])
                search = store.record_search(
                    session, query, "hybrid", [article, "slow-computer"], 35.0, True, match="strong"
                )
                if rng.random() < 0.15:
                    continue  # looked at the results and left
                clock["now"] += timedelta(minutes=1)
                view = store.record_view(session, article, search_id=search, rank=1)
                store.finish_view(view, rng.randint(20, 240))
                solved = rng.random() < 0.45 + 0.4 * day / 56
                clock["now"] += timedelta(minutes=3)
                store.record_feedback(session, article, solved, None if solved else "didnt_work", view_id=view)
                if not solved and rng.random() < 0.5:
                    store.record_escalation(session, f"case-{day}", "still broken")
    finally:
        store.close()


def seed_fleet_phrasings(path: Path) -> None:
    """What a fleet's merged export would bring for the printer article (redacted as an import is)."""
    from kbdesk.core.analytics import AnalyticsStore
    from kbdesk.core.analytics.phrasings import ImportedPhrasing, redact_phrasing

    rows = [
        ("my printer went to sleep and will not wake up", "solved", 14, 9),
        ("printer says offline but it is switched on", "solved", 11, 8),
        ("jobs stuck, printer offline on floor 3, call me at jane.doe@contoso.com", "solved", 3, 2),
        ("cant print from laptop since the office move", "read", 6, 5),
        ("printer offline after changing wifi password", "solved", 4, 4),
        ("printer out of toner light blinking", "not_helped", 7, 6),
        ("plotter A0 paper jam", "escalated", 3, 3),
    ]
    with AnalyticsStore.open(path) as store:
        store.import_phrasings(
            [
                ImportedPhrasing("printer-offline", redact_phrasing(text) or text, kind, count, machines)
                for text, kind, count, machines in rows
            ],
            "fleet",
        )


def writer_shots(window, wanted, wait, save, home: Path) -> None:
    """Writer mode on a copy of the starter articles (one link broken on purpose), and Insights over
    a seeded history; a second window shares the loaded model, so nothing of the repository is edited."""
    import shutil

    from kbdesk.core.settings import Settings
    from kbdesk.gui.insights_view import show_insights
    from kbdesk.gui.main_window import MainWindow
    from kbdesk.gui.writer import show_writer

    folder = home / "writer-articles"
    shutil.copytree(ROOT / "articles", folder)
    article = folder / "printer-offline.md"
    text = article.read_text("utf-8").replace(
        "on the [VPN](vpn-wont-connect.md).",
        "on the [VPN](vpn-wont-connect.md) (see also [print servers](print-server-list.md)).",
    )
    article.write_text(text, "utf-8")
    db = home / "insights-demo.sqlite3"
    seed_insights_history(db)
    writer = MainWindow(
        Settings().with_value("articles_dir", str(folder)),
        platform="windows",
        analytics_db=db,
        embedder=window.kb.embedder,
    )
    writer.resize(1280, 800)
    writer.show()
    writer.start()
    wait(
        lambda: writer.kb.state.index_open and writer.kb.state.model == "ready" and not writer.kb.state.syncing,
        120,
        "the writer window's index",
    )
    if "writer" in wanted:
        page = show_writer(writer)
        wait(lambda: page.overview is not None, 60, "the checks")
        page.select_path(article)
        editor = page.editor
        wait(
            lambda: editor.path == article and any(f.code == "broken-link" for f in editor.findings), 30, "the findings"
        )
        line = next(f.line for f in editor.findings if f.code == "broken-link")
        editor.go_to_line(line)
        editor.text_edit.verticalScrollBar().setValue(0)
        wait(lambda: "Printer shows as offline" in editor.preview.toPlainText(), 10, "the preview")
        wait(lambda: True, 1, "layout")
        save(writer, "writer")
        done: list[object] = []
        editor.test_panel.test_finished.connect(done.append)
        editor.run_test("my printer says it is offline")
        wait(lambda: bool(done), 30, "the article test")
        save(writer, "writer-test")
    if "writer-phrasings" in wanted:
        page = show_writer(writer)
        wait(lambda: page.overview is not None, 60, "the checks")
        seed_fleet_phrasings(db)
        editor = page.editor
        page.select_path(article)
        wait(lambda: editor.path == article, 30, "the article")
        shown: list[object] = []
        editor.phrasings_panel.review_shown.connect(shown.append)
        editor.side_tabs.setCurrentWidget(editor.phrasings_panel)
        editor.load_phrasings()
        wait(lambda: any(r is not None and r.found_with for r in shown), 30, "the phrasings")
        wait(lambda: True, 1, "layout")
        save(writer, "writer-phrasings")
    if "insights" in wanted:
        writer.resize(1280, 1180)  # every chart in one picture
        page = show_insights(writer)
        page.range_combo.setCurrentIndex(page.range_combo.findData(90))
        wait(
            lambda: page.data is not None and page.data.source == "history" and page.data.searches > 200,
            30,
            "the insights",
        )
        wait(lambda: True, 1, "layout")
        save(writer, "insights")
        # the last card, below the fold in the picture above: the checks that fired and what they solved
        save(page.cards["check_stats"], "insights-checks")
    writer.close()


def save_and_open(window, wizard, target: Path, wait) -> Path:
    """From the wizard's save page: agree, save to ``target``, close the wizard, open the bundle in the agent view."""
    wizard.save_page.path_edit.setText(str(target))
    wizard.save_page.consent_check.setChecked(True)
    wizard.next()
    wait(lambda: wizard.saved is not None, 30, "the bundle")
    path = wizard.saved.path
    wizard.accept()
    window.open_bundle(path)
    return path


def checks_shots(app, wanted, wait, save, home: Path) -> None:
    """The banner above the results, the wizard's "Before you send" and the agent view's findings.

    Staged so that checks fire on the machine taking the pictures: a copy of the starter articles in which
    the home-disk check fires from 1 % full (not 95 %), so it fires on the VM's real disk with its real
    numbers, and a proxy set to a port on 127.0.0.1 that nothing listens on, which the wizard's full
    diagnostics really find unreachable.
    """
    import shutil
    import socket

    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.settings import Settings
    from kbdesk.gui.main_window import MainWindow

    folder = home / "articles-for-checks"
    shutil.copytree(bundled_articles_dir(), folder)
    disk = folder / "disk-space-full.md"
    disk.write_text(disk.read_text("utf-8").replace("disk.home.percent_used >= 95", "disk.home.percent_used >= 1"))
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    os.environ["https_proxy"] = f"http://127.0.0.1:{port}"
    try:
        settings = Settings().with_value("articles_dir", str(folder))
        window = MainWindow(settings, platform="linux", load_model=False)
        window.resize(1180, 760)
        window.show()
        window.start()
        wait(lambda: window.search_view.check_banner.isVisible(), 60, "the checks banner")
        window.search_edit.setText("disk full")
        wait(lambda: window.results.model().rowCount() > 0, 30, "results")
        if "check-banner" in wanted:
            save(window, "check-banner")
        window.start_escalation()
        wizard = window.escalation_wizard
        wait(lambda: wizard.findings is not None and wizard.preview is not None and not wizard.busy, 60, "the wizard")
        wizard.resize(900, 640)
        wait(lambda: True, 1, "layout")
        if "escalation-before" in wanted:
            save(wizard, "escalation-before")
        if "bundle-checks" in wanted:
            wizard.next()
            wizard.describe_page.summary_edit.setText("Cannot save files, and websites do not load")
            wizard.next()
            wait(lambda: not wizard.busy, 30, "the redaction")
            wizard.next()
            save_and_open(window, wizard, home / "bundles" / "disk-case.kbbundle", wait)
            view = window.page("bundle")
            wait(
                lambda: view.found_list.count() > 0 and "searching" not in view.matches_label.text(),
                30,
                "the bundle view",
            )
            save(window, "bundle-checks")
        else:
            wizard.reject()
        window.close()
    finally:
        del os.environ["https_proxy"]


def rt_connection() -> dict:
    """The test Request Tracker that scripts/servers/rt.sh runs (the desk shots need it)."""
    import json

    path = Path(os.environ.get("KBDESK_TEST_RT") or "/var/tmp/kbdesk-rt/connection.json")
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"the desk shots need Request Tracker: scripts/servers/rt.sh start ({exc})") from None


def demo_bundle(path: Path, summary: str, impact: str, urgency: str):
    from kbdesk.core.bundle import BundleItem, Ticket, write_bundle

    ticket = Ticket(summary=summary, description="", impact=impact, urgency=urgency, platform="windows")
    items = [BundleItem("diagnostics/os.json", b'{"name": "Windows 11"}\n')]
    return write_bundle(path, ticket, {}, items, {"version": 1, "totals": []}, {"agreed_at": "2026-03-02T09:00:00Z"})


def desk_shots(window, wanted, wait, save, home: Path) -> None:
    """My requests (three tickets in the real RT, new, open and resolved, and one waiting for a mail
    server that is down), the same offline, and the Service desk settings after a connection test."""
    import socket

    from kbdesk.core.desks import desk_from_mapping, send_bundle, with_desk
    from kbdesk.gui.requests_view import show_requests
    from kbdesk.gui.settings_dialog import SettingsDialog

    rt = rt_connection()
    os.environ["KBDESK_SHOTS_RT_TOKEN"] = rt["token"]
    with socket.socket() as probe:  # a port nobody listens on: the mail server that is down
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]

    def rt_desk(url: str):
        table = {"kind": "rt", "url": url, "queue": rt["queue"], "token_env": "KBDESK_SHOTS_RT_TOKEN"}
        return desk_from_mapping("helpdesk", table)

    mail = desk_from_mapping(
        "helpdesk-mail",
        {
            "kind": "smtp",
            "host": "127.0.0.1",
            "port": closed,
            "security": "none",
            "to": "it@example.org",
            "sender": "kbdesk@example.org",
        },
    )
    settings = with_desk(with_desk(window.settings, rt_desk(rt["url"])), mail)
    window.apply_settings(settings, save=False)
    desk_settings = window.desks.desk_settings()
    cases = [
        ("Printer on floor 3 prints blank pages", "medium", "medium", "resolved"),
        ("VPN keeps disconnecting every few minutes", "high", "high", "open"),
        ("Outlook asks for my password again and again", "medium", "low", None),
    ]
    for n, (summary, impact, urgency, status) in enumerate(cases):
        info = demo_bundle(home / "bundles" / f"case-{n}.kbbundle", summary, impact, urgency)
        ticket = send_bundle(info.path, settings=desk_settings).ticket
        if status is not None:
            set_rt_status(rt, ticket, status)
    waiting = demo_bundle(
        home / "bundles" / "case-mail.kbbundle", "Second screen stays black on the dock", "low", "high"
    )
    send_bundle(waiting.path, "helpdesk-mail", settings=desk_settings)
    page = show_requests(window)
    live: list[bool] = []
    page.rows_shown.connect(lambda _rows, was_live: live.append(was_live))
    wait(lambda: any(live), 60, "the desk's answer")
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    wait(lambda: True, 1, "layout")
    if "my-requests" in wanted:
        save(window, "my-requests")
    if "my-requests-offline" in wanted:
        window.apply_settings(
            with_desk(window.settings, rt_desk(f"http://127.0.0.1:{closed}"), replace_existing=True), save=False
        )
        live.clear()
        page.refresh()
        wait(lambda: any(live), 60, "the desk's silence")
        page.tree.setCurrentItem(page.tree.topLevelItem(2))
        wait(lambda: True, 1, "layout")
        save(window, "my-requests-offline")
        window.apply_settings(with_desk(window.settings, rt_desk(rt["url"]), replace_existing=True), save=False)
    if "desk-settings" in wanted:
        dialog = SettingsDialog(window.settings, window, desks=window.desks)
        dialog.tabs.setCurrentWidget(dialog.desk_panel)
        dialog.resize(640, 560)
        dialog.show()
        panel = dialog.desk_panel
        wait(panel.isEnabled, 10, "the policy")
        tested: list[object] = []
        panel.test_finished.connect(lambda _name, result: tested.append(result))
        panel.test_button.click()
        wait(lambda: bool(tested), 30, "the connection test")
        save(dialog, "desk-settings")
        dialog.reject()
    if "open-ticket" in wanted:  # File > Open ticket… (for agents), the newest ticket's number typed
        from kbdesk.gui.open_ticket import open_ticket_dialog

        opener = open_ticket_dialog(window)
        opener.ticket_edit.setText(ticket)
        wait(lambda: True, 1, "layout")
        save(opener, "open-ticket")
        opener.reject()
    if wanted & {"escalation-send", "escalation-sent", "escalation-queued"}:
        send_shots(window, wanted, wait, save, home)
        window.apply_settings(with_desk(window.settings, rt_desk(rt["url"]), replace_existing=True), save=False)
        if "escalation-queued" in wanted:
            window.apply_settings(
                with_desk(window.settings, rt_desk(f"http://127.0.0.1:{closed}"), replace_existing=True), save=False
            )
            send_shots(window, {"escalation-queued"}, wait, save, home)
    window.show_search_page()


def send_shots(window, wanted, wait, save, home: Path) -> None:
    """Contact support with a desk set up: the last page before Send, and after it (sent, or queued)."""
    from PySide6.QtWidgets import QWizard

    window.search_edit.setText("outlook keeps asking for my password")
    window.start_escalation()
    wizard = window.escalation_wizard
    wait(lambda: wizard.preview is not None and not wizard.busy, 60, "the escalation preview")
    while wizard.currentPage() is not wizard.describe_page:
        wizard.next()
    wizard.describe_page.summary_edit.setText("Outlook asks for my password again and again")
    wizard.describe_page.description_edit.setPlainText("Since this morning, every few minutes, also after a restart.")
    while wizard.currentPage() is not wizard.save_page:
        wizard.next()
        wait(lambda: not wizard.busy, 60, "the redaction")
    wizard.resize(900, 640)
    page = wizard.save_page
    page.path_edit.setText(str(home / "bundles" / f"outlook-{len(list(home.glob('bundles/outlook-*')))}.kbbundle"))
    page.consent_check.setChecked(True)
    wait(lambda: True, 1, "layout")
    if "escalation-send" in wanted:
        save(wizard, "escalation-send")
    if not wanted & {"escalation-sent", "escalation-queued"}:
        wizard.reject()
        return
    outcome: list[object] = []
    wizard.bundle_sent.connect(outcome.append)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    wait(lambda: bool(outcome) and wizard.currentPage() is wizard.done_page, 60, "the desk's answer")
    status = getattr(outcome[0], "status", "")
    if status == "sent" and "escalation-sent" in wanted:
        save(wizard, "escalation-sent")
    if status == "queued" and "escalation-queued" in wanted:
        save(wizard, "escalation-queued")
    wizard.accept()


def set_rt_status(rt: dict, ticket: str, status: str) -> None:
    import json
    import urllib.request

    request = urllib.request.Request(
        f"{rt['url']}/REST/2.0/ticket/{ticket}",
        data=json.dumps({"Status": status}).encode(),
        method="PUT",
        headers={"Authorization": f"token {rt['token']}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()


if __name__ == "__main__":
    sys.exit(main())
