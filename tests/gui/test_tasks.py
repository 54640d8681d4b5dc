"""The task runner: results on the GUI thread, serial lanes, stale results dropped."""

from __future__ import annotations

import threading

import pytest
from gui_helpers import deliver_posted_events
from PySide6.QtCore import QThread

from kbdesk.gui.tasks import TaskRunner, ThreadSafeCallback


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_result_arrives_on_gui_thread(qtbot, runner):
    gui_thread = QThread.currentThread()
    seen = {}

    def work(a, b):
        seen["worker"] = QThread.currentThread() is not gui_thread
        return a + b

    def done(value):
        seen["value"] = value
        seen["gui"] = QThread.currentThread() is gui_thread

    runner.run(work, 2, 3, on_success=done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"worker": True, "value": 5, "gui": True}


def test_error_goes_to_on_error(qtbot, runner):
    errors = []

    def boom():
        raise ValueError("bad input")

    runner.run(boom, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)


def test_older_result_finishing_last_is_dropped(qtbot, runner):
    """Two searches: the first is slow and finishes after the second; only the second is delivered."""
    release_first = threading.Event()
    first_started = threading.Event()
    first_finished = threading.Event()
    delivered = []

    def slow_search():
        first_started.set()
        release_first.wait(5)
        first_finished.set()
        return "old query"

    runner.run(slow_search, tag="search", on_success=delivered.append)
    assert first_started.wait(5)  # running, so it will finish and return a (stale) result
    runner.run(lambda: "new query", tag="search", on_success=delivered.append)
    qtbot.waitUntil(lambda: delivered == ["new query"])
    release_first.set()
    assert first_finished.wait(5)
    qtbot.waitUntil(lambda: runner.pending_count() == 0)
    assert delivered == ["new query"]


def test_queued_stale_job_is_skipped_not_run(qtbot, runner):
    gate = threading.Event()
    ran = []
    runner.run(gate.wait, 5, lane="serial")  # occupies the one thread of the lane
    runner.run(lambda: ran.append("first"), lane="serial", tag="t")
    runner.run(lambda: ran.append("second"), lane="serial", tag="t")
    gate.set()
    qtbot.waitUntil(lambda: runner.pending_count() == 0)
    assert ran == ["second"]


def test_invalidate_drops_results_in_flight(qtbot, runner):
    gate = threading.Event()
    delivered = []
    runner.run(lambda: gate.wait(5) and "result", tag="search", on_success=delivered.append)
    runner.invalidate("search")
    gate.set()
    qtbot.waitUntil(lambda: runner.pending_count() == 0)
    assert delivered == []


def test_a_claim_goes_stale_with_the_next_job_or_invalidate_of_its_tag(qtbot, runner):
    first = runner.claim("send")
    assert not first.stale
    second = runner.claim("send")
    assert first.stale and not second.stale
    runner.run(lambda: None, tag="send")
    assert second.stale
    third = runner.claim("send")
    runner.invalidate("send")
    assert third.stale and not runner.claim("other").stale


def test_lane_runs_jobs_in_order(qtbot, runner):
    order = []
    for i in range(20):
        runner.run(order.append, i, lane="analytics")
    qtbot.waitUntil(lambda: runner.pending_count() == 0)
    assert order == list(range(20))


def test_synchronous_mode_runs_inline(qtbot):
    runner = TaskRunner(synchronous=True)
    got = []
    runner.run(lambda x: x * 2, 21, on_success=got.append)
    assert got == [42]
    runner.run(lambda: 1, tag="search", on_success=got.append)
    assert got == [42, 1]
    runner.shutdown()


def test_shutdown_waits_and_stops_delivery(qtbot):
    runner = TaskRunner()
    gate = threading.Event()
    delivered = []
    runner.run(lambda: gate.wait(5) or "late", on_success=delivered.append)
    threading.Timer(0.1, gate.set).start()
    assert runner.shutdown(timeout_ms=5000)
    assert runner.run(lambda: 1) is None
    deliver_posted_events()  # the finished job's result signal, queued to this thread
    assert delivered == []


def test_a_job_that_outlives_the_shutdown_and_the_runner_reports_nothing(qtbot, capsys):
    """At shutdown the runner waits a while, then the window (and the runner with it) goes; a job still running
    then must not report to the deleted runner (PySide printed "Signal source has been deleted")."""
    import shiboken6

    runner = TaskRunner()
    started, runner_gone = threading.Event(), threading.Event()
    runner.destroyed.connect(lambda: runner_gone.set())  # emitted as the deletion begins, before its pools go

    def job() -> str:
        started.set()
        assert runner_gone.wait(30)
        return "finished after the runner was deleted"

    runner.run(job, on_success=lambda _: None)
    assert started.wait(30)
    assert not runner.shutdown(timeout_ms=1)  # the job is waiting for the deletion: it cannot be done
    shiboken6.delete(runner)  # its pool's destructor waits for the job, which ends and reports now
    assert "Signal source has been deleted" not in capsys.readouterr().err


def test_thread_safe_callback_runs_on_gui_thread(qtbot, runner):
    gui_thread = QThread.currentThread()
    calls = []
    callback = ThreadSafeCallback(lambda *args: calls.append((args, QThread.currentThread() is gui_thread)))
    runner.run(callback, "stage", 1, 2)
    qtbot.waitUntil(lambda: bool(calls))
    assert calls == [(("stage", 1, 2), True)]
