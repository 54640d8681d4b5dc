"""From "Send" in the Contact support wizard to the ticket number on its last page, against the local RT.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_desk_gui.py --runs 5

Needs the Request Tracker that ``scripts/servers/rt.sh start`` runs. A real window (the starter
articles, keyword search, no model) in a scratch KBDESK_HOME; each run opens the wizard, types a
summary, goes to the last page, ticks the consent and clicks Send. Printed per case, median and
slowest of ``--runs``:

    shown     the click to the done page showing the ticket number (or "queued"), painted
    written   of which: until the bundle was written (escalation.write_escalation on a worker)
    stall-w   the longest the GUI thread did not answer while the bundle was written, and
    stall-s   while it was sent (the largest gap between the ticks of a 10 ms timer: what the
              person would feel as a frozen window)

Cases: ``rt`` (the desk answers), ``down`` (nothing listens on the desk's port: queued at once)
and ``silent`` (the port accepts and never answers: queued after the desk's 3 s time limit; the
window must stay responsive throughout). ``--attach 2097152`` adds a 2 MiB random file in the
wizard, for the issue's 2 MB bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["KBDESK_HOME"] = tempfile.mkdtemp(prefix="kbdesk-bench-desk-gui-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(ROOT))
TOKEN_ENV = "KBDESK_BENCH_RT_TOKEN"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", default="rt,down,silent")
    parser.add_argument("--each", action="store_true", help="print every run, not only the median and slowest")
    parser.add_argument("--attach", type=int, default=0, help="add a random (incompressible) file of this many bytes")
    parser.add_argument("--connection", default=os.environ.get("KBDESK_TEST_RT", "/var/tmp/kbdesk-rt/connection.json"))
    args = parser.parse_args()
    conn = json.loads(Path(args.connection).read_text())
    os.environ[TOKEN_ENV] = conn["token"]

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QWizard

    from kbdesk.core.desks import desk_from_mapping, with_desk
    from kbdesk.core.settings import Settings
    from kbdesk.gui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    window = MainWindow(Settings(), load_model=False, watch=False, platform="linux")
    window.resize(1000, 700)
    window.show()
    window.start()

    def spin(cond, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            app.processEvents()
            time.sleep(0.002)

    spin(lambda: window.kb.state.index_open, 120, "the index")
    # the sends alone: the retry timer would try the queued bundles of the other cases in the same lane
    window.desks.stop()
    silent = socket.socket()  # accepts connections (the kernel does) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    urls = {
        "rt": conn["url"],
        "down": f"http://127.0.0.1:{closed}",
        "silent": f"http://127.0.0.1:{silent.getsockname()[1]}",
    }

    def use_desk(url: str) -> None:
        table = {"kind": "rt", "url": url, "queue": conn["queue"], "token_env": TOKEN_ENV, "timeout": 3}
        window.apply_settings(
            with_desk(window.settings, desk_from_mapping("helpdesk", table), replace_existing=True), save=False
        )

    def one_send(run: int) -> tuple[float, float, float, str]:
        window.search_edit.setText(f"printer offline {run}")
        window.start_escalation()
        wizard = window.escalation_wizard
        spin(lambda: wizard.preview is not None and not wizard.busy, 60, "the preview")
        items = len(wizard.preview.items)
        if attachment is not None:
            wizard.add_attachments([attachment])
            spin(lambda: not wizard.busy and len(wizard.preview.items) > items, 60, "the attachment")
        while wizard.currentPage() is not wizard.save_page:
            wizard.next()
            spin(lambda: not wizard.busy, 60, "the page")
        wizard.save_page.consent_check.setChecked(True)
        outcome: list[object] = []
        written: list[float] = []
        sizes: list[int] = []
        wizard.bundle_written.connect(lambda info: (written.append(time.perf_counter()), sizes.append(info.size)))
        wizard.bundle_sent.connect(outcome.append)
        wizard.write_failed.connect(outcome.append)  # the bundle was refused before sending: said, not waited for
        gaps = QElapsedTimer()
        worst = [0.0, 0.0]  # until the bundle is written, and after (sending)

        def tick() -> None:
            phase = 1 if written else 0
            worst[phase] = max(worst[phase], gaps.restart() / 1000)

        ticker = QTimer()
        ticker.setInterval(10)
        ticker.timeout.connect(tick)
        gaps.start()
        ticker.start()
        started = time.perf_counter()
        wizard.button(QWizard.WizardButton.CommitButton).click()
        spin(
            lambda: bool(outcome) and (wizard.currentPage() is wizard.done_page or isinstance(outcome[0], str)),
            120,
            "the done page",
        )
        wizard.done_page.saved_label.repaint()  # painted, as the person sees it
        shown = time.perf_counter() - started
        ticker.stop()
        result = outcome[0]
        label = f"not saved: {result}" if isinstance(result, str) else getattr(result, "status", type(result).__name__)
        wizard.accept() if wizard.currentPage() is wizard.done_page else wizard.reject()
        spin(lambda: window.escalation_wizard is None, 10, "the wizard to close")
        sizes_seen.extend(sizes)
        return shown, (written[0] - started) if written else float("nan"), worst[0], worst[1], label

    sizes_seen: list[int] = []
    attachment = None
    if args.attach:
        attachment = Path(os.environ["KBDESK_HOME"]) / "capture.bin"
        # incompressible, and no byte in the ASCII range: random ASCII would now and then spell a secret's
        # shape ("://a:b@"), and the final scan rightly refuses such a bundle
        attachment.write_bytes(bytes(b | 0x80 for b in os.urandom(args.attach)))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for case in filter(None, args.cases.split(",")):
        use_desk(urls[case])
        rows = [one_send(run) for run in range(args.runs)]
        if args.each:
            for shown, written, stall_write, stall_send, label in rows:
                print(
                    f"{case:7} run: shown {shown * 1000:.0f} ms, written {written * 1000:.0f} ms, "
                    f"stalls {stall_write * 1000:.0f} / {stall_send * 1000:.0f} ms ({label})"
                )
        statuses = sorted({r[4] for r in rows})
        for n, name in enumerate(("shown", "written", "stall-w", "stall-s")):
            values = [r[n] * 1000 for r in rows]
            print(
                f"{case:7} {name:8} median {statistics.median(values):7.0f} ms   slowest {max(values):7.0f} ms"
                + (f"   ({', '.join(statuses)})" if n == 0 else "")
            )
    if sizes_seen:
        print(f"bundles: {min(sizes_seen):,} to {max(sizes_seen):,} bytes")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    window.close()
    silent.close()


if __name__ == "__main__":
    main()
