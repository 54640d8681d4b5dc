"""What the articles' checks found on this computer, where a person sees it.

* :class:`StartupChecks` runs the checks when kbdesk starts and when it comes
  back to the front after :data:`RECHECK_AFTER_S` (the cheap collectors only, on
  a worker, through the task runner; :func:`kbdesk.core.checks.start_options`),
  and again on the facts it has when the index changes.
* :class:`CheckBanner`: a quiet strip above the results, never a pop-up: what
  was found, the article that fixes it, and *Dismiss*. A dismissed check stays
  hidden until kbdesk is started again (dismissing means "not now", and a person
  who restarts the app with the disk still full should hear it again).
* :class:`FindingsList`: the findings as a list, in the escalation wizard's
  "Before you send" page (:class:`BeforeYouSendPage`) and the agent's bundle view.

Every widget reads findings as dicts in :meth:`kbdesk.core.checks.CheckHit.to_dict`
form, which is also what a bundle's ``diagnostics/checks.json`` holds, so the
user's and the agent's views show the same thing. What a finding says (``found``) is the
article's own sentence, in the article's language, like the article; the words around it are
the app's.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ..core.checks import Evaluation, FactSnapshot, collect_facts, start_options
from ..core.errors import KbdeskError
from .accessibility import LinkButton, describe_label
from .i18n import TranslationContext
from .tasks import TaskRunner
from .theme import content_colors

if TYPE_CHECKING:  # the diagnostics load when the first check runs, not when the window opens
    from ..core.diagnostics import DiagnosticsOptions
    from ..core.search.multi import MultiSourceEngine

log = logging.getLogger(__name__)
checks_view = TranslationContext("checks_view")

#: coming back to kbdesk after this long runs the checks again (a disk fills, a network drops, within minutes)
RECHECK_AFTER_S = 10 * 60
#: findings named in the banner at once; more are counted ("and 2 more")
BANNER_ROWS = 2
#: a list of findings grows with its rows up to this height, then scrolls
MAX_LIST_HEIGHT = 360
TAG = "startup-checks"

Finding = Mapping[str, Any]


def finding_key(finding: Finding) -> str:
    return f"{finding.get('article_id')}#{finding.get('check_id')}"


def evidence_text(finding: Finding) -> str:
    """``disk.home.percent_used = 97 %, disk.home.free_bytes = 12.6 GB`` from a finding's evidence."""
    parts = []
    for entry in finding.get("evidence") or ():
        if isinstance(entry, Mapping):
            suffix = {"percent": " %", "pixels": " px"}.get(str(entry.get("unit")), "")
            shown = str(entry.get("shown", ""))
            parts.append(f"{entry.get('fact')} = {shown}{suffix if shown != 'unknown' else ''}")
    return ", ".join(parts)


# --------------------------------------------------------------------------- running the checks


def screens_for_diagnostics() -> dict[str, Any]:
    """What Qt knows about the screens, in the shape ``diagnostics.display`` expects (read on the GUI thread)."""
    primary = QGuiApplication.primaryScreen()
    screens = []
    for screen in QGuiApplication.screens():
        geometry = screen.geometry()
        screens.append(
            {
                "name": screen.name(),
                "width": geometry.width(),
                "height": geometry.height(),
                "x": geometry.x(),
                "y": geometry.y(),
                "device_pixel_ratio": round(screen.devicePixelRatio(), 3),
                "logical_dpi": round(screen.logicalDotsPerInch(), 1),
                "refresh_rate": round(screen.refreshRate(), 2),
                "primary": screen is primary,
            }
        )
    return {"platform": QGuiApplication.platformName(), "screens": screens}


def evaluate_here(
    engine: MultiSourceEngine, options: DiagnosticsOptions, facts: FactSnapshot | None
) -> tuple[FactSnapshot, Evaluation]:  # worker
    """Collect the facts (unless given) and run the index's checks on them, for this computer's platform."""
    if facts is None:
        facts, _ = collect_facts(options)
    checks = engine.checks()
    return facts, checks.evaluate(facts.values, platform=facts.platform)


class StartupChecks(QObject):
    """Runs the checks at start, on coming back after a while, and when the index changes; says what fired."""

    #: the findings to show (dicts, dismissed ones left out); an empty list hides the banner
    findings_changed = Signal(list)
    #: every evaluation (tests and benchmarks wait on it)
    evaluated = Signal(object)  # Evaluation

    def __init__(
        self,
        runner: TaskRunner,
        engine: Callable[[], MultiSourceEngine | None],
        *,
        display: Callable[[], object] | None = None,
        record_hit: Callable[[str, str, str], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._engine = engine
        self._display = display
        self._record_hit = record_hit
        self._clock = clock
        self._last_run: float | None = None
        self._facts: FactSnapshot | None = None
        self._dismissed: set[str] = set()
        self.findings: list[Finding] = []
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.application_state_changed)

    @property
    def facts(self) -> FactSnapshot | None:
        return self._facts

    def run(self, *, collect: bool = True) -> bool:
        """Check now (``collect``: read the facts again; else reuse the last ones). False when no index is open."""
        engine = self._engine()
        if engine is None:
            return False
        facts = None if collect or self._facts is None else self._facts
        display = self._display() if self._display is not None and facts is None else None
        if facts is None:
            self._last_run = self._clock()
        self.runner.run(
            evaluate_here,
            engine,
            start_options(display=display),
            facts,
            tag=TAG,
            on_success=self._done,
            on_error=self._failed,
        )
        return True

    def index_changed(self) -> None:
        """The index was opened or changed: the first time, check; later, run the new checks on the same facts."""
        fresh = self._last_run is not None and self._clock() - self._last_run < RECHECK_AFTER_S
        self.run(collect=not fresh)

    def application_state_changed(self, state: Qt.ApplicationState) -> bool:
        """Back in front after :data:`RECHECK_AFTER_S` or more: look again. True when a check run started."""
        if state != Qt.ApplicationState.ApplicationActive or self._last_run is None:
            return False
        if self._clock() - self._last_run < RECHECK_AFTER_S:
            return False
        return self.run()

    def dismiss(self, keys: Sequence[str]) -> None:
        self._dismissed.update(keys)
        self.findings = [f for f in self.findings if finding_key(f) not in self._dismissed]
        self.findings_changed.emit(list(self.findings))

    def _done(self, result: tuple[FactSnapshot, Evaluation]) -> None:
        facts, evaluation = result
        self._facts = facts
        shown: list[Finding] = [hit.to_dict() for hit in evaluation.hits if hit.key not in self._dismissed]
        self.findings = shown
        if self._record_hit is not None:
            for finding in shown:
                self.runner.run(
                    self._record_hit,
                    str(finding["article_id"]),
                    str(finding["check_id"]),
                    "banner",
                    lane="analytics",
                    on_error=lambda exc: log.warning("check not recorded: %s", exc),
                )
        self.findings_changed.emit(list(shown))
        self.evaluated.emit(evaluation)

    def _failed(self, exc: BaseException) -> None:
        # checks are a help, never a blocker: a failure is logged, nothing is shown
        if isinstance(exc, KbdeskError):
            log.info("checks not run: %s", exc)
        else:
            log.warning("checks failed", exc_info=exc)


# --------------------------------------------------------------------------- the banner


class CheckBanner(QFrame):
    """Above the results: what kbdesk noticed on this computer and the article that fixes it. Dismissible."""

    open_article = Signal(str)
    dismissed = Signal(list)  # the keys ("article#check") of the findings shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(checks_view.tr("kbdesk noticed"))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        # a row per finding: what was found, and a link (a real button a keyboard and a screen reader
        # reach: links inside a label's rich text are neither) to the article that fixes it
        self.rows_widget = QWidget(self)
        self.rows_widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.rows = QVBoxLayout(self.rows_widget)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(2)
        self.links: list[LinkButton] = []
        self._row_widgets: list[QWidget] = []
        self._lines: list[str] = []
        self.dismiss_button = QPushButton(checks_view.tr("Dismiss"), self)
        self.dismiss_button.setFlat(True)
        self.dismiss_button.setToolTip(checks_view.tr("Hide this until kbdesk is started again"))
        self.dismiss_button.setAccessibleDescription(checks_view.tr("Hide what kbdesk noticed"))
        self.dismiss_button.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self.rows_widget, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self._findings: list[Finding] = []
        self.refresh_colors()
        self.hide()

    def refresh_colors(self) -> None:
        """The blue of an information note: it tells, it does not alarm (called on theme changes)."""
        colors = content_colors()
        self.setStyleSheet(
            f"QFrame#CheckBanner {{ background-color: {colors['note_bg']}; border: 1px solid {colors['border']};"
            " border-radius: 4px; }"
            " QFrame#CheckBanner QLabel { background: transparent; border: none; }"
        )

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        self._findings = list(findings)
        if not self._findings:
            self.hide()
            return
        self._fill(BANNER_ROWS)
        self.setAccessibleDescription(
            checks_view.tr("kbdesk noticed: {findings}").format(
                findings=" ".join(str(f.get("found", "")) for f in self._findings[:BANNER_ROWS])
            )
        )
        self.show()

    def _fill(self, shown: int) -> None:
        for widget in self._row_widgets:
            self.rows.removeWidget(widget)
            widget.deleteLater()
        self._row_widgets = []
        self._lines = []
        self.links = []
        for n, finding in enumerate(self._findings[:shown]):
            row = QWidget(self.rows_widget)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            noticed = checks_view.tr("kbdesk noticed: {finding}") if n == 0 else "{finding}"
            found = QLabel(noticed.format(finding=finding.get("found", "")), row)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.setWordWrap(True)
            article = str(finding.get("article_id", ""))
            title = str(finding.get("article_title") or article)
            link = LinkButton(
                checks_view.tr("Read “{title}”").format(title=title),
                row,
                description=checks_view.tr("Opens the article {title}").format(title=title),
            )
            link.clicked.connect(lambda _checked=False, article=article: self.open_article.emit(article))
            row_layout.addWidget(found, 1)
            row_layout.addWidget(link)
            self.rows.addWidget(row)
            self._row_widgets.append(row)
            self._lines.append(f"{found.text()} {link.link_text()}")
            self.links.append(link)
        more = len(self._findings) - shown
        if more > 0:
            show_all = LinkButton(checks_view.tr("… and %n more: show all", "", more), self.rows_widget)
            show_all.clicked.connect(lambda: self._fill(len(self._findings)))
            self.rows.addWidget(show_all)
            self._row_widgets.append(show_all)
            self._lines.append(show_all.link_text())
            self.links.append(show_all)
        # made now, they would come last in the window's Tab order: before Dismiss instead
        previous: QWidget = self.dismiss_button
        for link in self.links:
            QWidget.setTabOrder(previous, link)
            previous = link
        if self.links:
            QWidget.setTabOrder(previous, self.dismiss_button)

    def plain_text(self) -> str:
        """What the banner says, as text (each finding and its link)."""
        return "\n".join(self._lines)

    def _dismiss(self) -> None:
        keys = [finding_key(f) for f in self._findings]
        self.hide()
        self.dismissed.emit(keys)


# --------------------------------------------------------------------------- a list of findings


class FindingsList(QListWidget):
    """Findings, one per row: what was found, the article that fixes it, the evidence. Activating one opens it."""

    open_article = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, show_evidence: bool = False) -> None:
        super().__init__(parent)
        #: a third line with the facts behind each finding (for agents; people read the sentence)
        self.show_evidence = show_evidence
        self.setAccessibleName(checks_view.tr("What kbdesk found"))
        self.setWordWrap(True)
        # as tall as its rows (sizeHint, up to MAX_LIST_HEIGHT), not a fixed box with empty space under two findings
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(3)
        self.itemActivated.connect(self._activated)

    def set_findings(self, findings: Sequence[Finding], *, empty_text: str = "") -> None:
        self.clear()
        for finding in findings:
            title = str(finding.get("article_title") or finding.get("article_id"))
            evidence = evidence_text(finding)
            text = f"{finding.get('found', '')}\n→ {title}"
            if self.show_evidence and evidence:
                text += "\n" + checks_view.tr("found: {evidence}").format(evidence=evidence)
            item = QListWidgetItem(text, self)
            item.setData(Qt.ItemDataRole.UserRole, str(finding.get("article_id", "")))
            tip = checks_view.tr("{article} · check {check}: {when}").format(
                article=finding.get("article_id"), check=finding.get("check_id"), when=finding.get("when", "")
            )
            if evidence:
                tip += "\n" + checks_view.tr("Found: {evidence}").format(evidence=evidence)
            item.setToolTip(tip)
        if not findings and empty_text:
            item = QListWidgetItem(empty_text, self)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The height of the rows as laid out at the current width (they wrap), capped."""
        hint = super().sizeHint()
        if self.count() == 0:
            return hint
        self.doItemsLayout()
        rows = sum(self.visualItemRect(self.item(n)).height() + 2 * self.spacing() for n in range(self.count()))
        cap = min(self.maximumHeight(), MAX_LIST_HEIGHT)
        return QSize(hint.width(), min(rows + 2 * self.frameWidth() + 2, cap))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.updateGeometry()  # a new width wraps the rows anew, and so changes the height they need

    def article_ids(self) -> list[str]:
        ids = (self.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.count()))
        return [str(i) for i in ids if i]

    def _activated(self, item: QListWidgetItem) -> None:
        article_id = item.data(Qt.ItemDataRole.UserRole)
        if article_id:
            self.open_article.emit(str(article_id))


# --------------------------------------------------------------------------- the wizard's first page


class BeforeYouSendPage(QWizardPage):
    """The escalation wizard's first page: what the checks found, and the articles that fix it.

    The wizard skips it (moves on by itself) when nothing fired; while the diagnostics are
    being collected it says it is checking.
    """

    open_article = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(checks_view.tr("Before you send"))
        self.setSubTitle(checks_view.tr("kbdesk first looks at this computer for problems an article already fixes."))
        self.status_label = QLabel(checks_view.tr("Checking this computer…"), self)
        self.status_label.setWordWrap(True)
        describe_label(self.status_label, checks_view.tr("Status"))  # heard as what it says
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(checks_view.tr("Checking"))
        self.findings = FindingsList(self)
        self.findings.hide()
        self.findings.open_article.connect(self.open_article)
        self.open_button = QPushButton(checks_view.tr("&Open the article"), self)
        self.open_button.setToolTip(
            checks_view.tr("Close this and read the article; you can contact support afterwards")
        )
        self.open_button.clicked.connect(self._open_selected)
        self.open_button.hide()
        self.after_label = QLabel(
            checks_view.tr(
                "Try the article first: it is usually faster than waiting for the service desk. "
                "If it does not help, click <b>Next</b> to contact support; what kbdesk found goes into the bundle."
            ),
            self,
        )
        self.after_label.setWordWrap(True)
        self.after_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.findings)
        layout.addLayout(buttons)
        layout.addWidget(self.after_label)
        layout.addStretch(1)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        self.progress.hide()
        if not findings:
            self.status_label.setText(checks_view.tr("kbdesk found nothing on this computer that an article fixes."))
            self.findings.hide()
            self.open_button.hide()
            self.after_label.hide()
            return
        first = findings[0]
        title = html.escape(str(first.get("article_title") or first.get("article_id")))
        found = html.escape(str(first.get("found", "")))
        # the finding is the article's English sentence, joined into the app's own ("kbdesk found that your ...")
        text = html.escape(checks_view.tr("Before you send: kbdesk found that {found} “{title}” fixes that.")).format(
            found=found[:1].lower() + found[1:], title=f"<b>{title}</b>"
        )
        if len(findings) > 1:
            text += " " + html.escape(checks_view.tr("(%n findings below.)", "", len(findings)))
        self.status_label.setText(text)
        self.findings.set_findings(findings)
        self.findings.setCurrentRow(0)
        self.findings.show()
        self.open_button.show()
        self.after_label.show()

    def _open_selected(self) -> None:
        item = self.findings.currentItem() or self.findings.item(0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.open_article.emit(str(item.data(Qt.ItemDataRole.UserRole)))


__all__ = [
    "RECHECK_AFTER_S",
    "BeforeYouSendPage",
    "CheckBanner",
    "FindingsList",
    "StartupChecks",
    "evaluate_here",
    "evidence_text",
    "finding_key",
    "screens_for_diagnostics",
]
