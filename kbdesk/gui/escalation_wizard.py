"""The "Contact support" wizard: what kbdesk found, describe, review exactly what will be sent, agree, save.

Pages, each in the module that draws it:

0. *Before you send* (:mod:`.checks_view`): what the articles' checks found in the
   diagnostics the wizard collects as it opens, with the articles that fix it (skipped by
   itself when nothing fired).
1. *Describe* and 2. *What will be sent* (:mod:`.escalation_pages`).
3. *Send* (or *Save*, with no service desk set up) and 4. *Sent* / *Saved*
   (:mod:`.escalation_send`): the consent without which nothing is written or sent, then the
   ticket number and its link, "queued", or the path and checksum with "Show in folder" and
   "Compose e-mail".

This module holds the wizard's state and drives the pages: the diagnostics, the trail and the
attachments it collects, the redacted preview it rebuilds when the ticket, the kept categories
or the attachments change, and what happens once the bundle is saved (the escalation is
recorded in the session's history).

Nothing slow runs on the GUI thread: diagnostics, the trail, reading attachments, redaction
and writing all go through the window's task runner, and results of an outdated redaction run
are dropped (tag ``escalation-preview``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget, QWizard

from ..core import escalation
from ..core.analytics import Trail
from ..core.bundle import BundleInfo, SourceRevision
from ..core.checks import CheckSet
from ..core.errors import KbdeskError
from ..core.escalation import EscalationPolicy, EscalationPreview, Source
from ..core.escalation.policy import ALLOW_ALL
from ..core.jsontypes import JSONObject
from ..core.search.multi import MultiSourceEngine
from ..core.settings import Settings
from .checks_view import BeforeYouSendPage, screens_for_diagnostics
from .desk_service import DeskService
from .errors import show_error
from .escalation_pages import DescribePage, ReviewPage
from .escalation_send import SEND_TAG, WRITE_TAG, DonePage, SavePage
from .host import WindowHost
from .i18n import TranslationContext
from .requests_view import show_requests
from .tasks import TaskRunner

log = logging.getLogger(__name__)
escalation_wizard = TranslationContext("escalation_wizard")

PREVIEW_TAG = "escalation-preview"
#: every tag the wizard's background jobs use; closing the wizard drops their results
TAGS = (PREVIEW_TAG, "escalation-diagnostics", "escalation-trail", "escalation-attachments", WRITE_TAG, SEND_TAG)


def _collect_diagnostic_sources(
    settings: Settings, display: dict[str, Any], engine: MultiSourceEngine | None
) -> tuple[list[Source], escalation.CheckFindings]:  # worker
    stats: JSONObject | None = None
    checks: CheckSet | None = None
    if engine is not None:
        try:
            stats = engine.stats().to_json()
        except Exception as exc:  # noqa: BLE001 - index statistics are nice to have
            log.info("index statistics unavailable for diagnostics: %s", exc)
        try:
            checks = engine.checks()
        except KbdeskError as exc:  # no index yet: the bundle still carries the facts
            log.info("the articles' checks are not run: %s", exc)
    report = escalation.collect_diagnostics(settings, display=display, index_stats=stats)
    findings = escalation.check_findings(report, checks)
    return escalation.diagnostics_sources(report, findings.source()), findings


def _read_attachments(paths: Sequence[str]) -> tuple[list[Source], list[str]]:  # worker
    sources, problems = [], []
    for path in paths:
        try:
            sources.append(escalation.read_attachment(path))
        except KbdeskError as exc:
            problems.append(str(exc) + (f" {exc.hint}" if exc.hint else ""))
    return sources, problems


class EscalationWizard(QWizard):
    #: a new preview is shown (tests wait on it)
    preview_changed = Signal(object)  # EscalationPreview
    bundle_written = Signal(object)  # BundleInfo
    #: sending ended: the SendResult, or the exception that stopped it before the outbox
    bundle_sent = Signal(object)
    write_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        settings: Settings,
        *,
        summary: str = "",
        platform: str = "",
        load_trail: Callable[[], Trail | None] | None = None,
        record_escalation: Callable[[BundleInfo, str], object] | None = None,
        engine: MultiSourceEngine | None = None,
        display: dict[str, Any] | None = None,
        open_article: Callable[[str], object] | None = None,
        record_check_hit: Callable[[str, str, str], object] | None = None,
        desks: DeskService | None = None,
        open_requests: Callable[[], object] | None = None,
        parent: QWidget | None = None,
        policy: EscalationPolicy = ALLOW_ALL,
        knowledge_base: Sequence[SourceRevision] = (),
    ) -> None:
        """``policy``: what the organisation lets into a bundle (no diagnostics collected at all when it
        forbids them); ``knowledge_base``: the sources and revisions the user searched, recorded in it."""
        super().__init__(parent)
        self.policy = policy
        self.knowledge_base = tuple(knowledge_base)
        self.setWindowTitle(escalation_wizard.tr("Contact support"))
        self.setObjectName("EscalationWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.runner = runner
        self.settings = settings
        self.platform = platform
        #: the window's service desks (None: the last page only saves a file)
        self.desks = desks
        #: shows "My requests" (the done page's button after sending)
        self.open_requests = open_requests
        self._record_escalation = record_escalation
        self._open_article = open_article
        self._record_check_hit = record_check_hit
        #: what the articles' checks found in this wizard's diagnostics (None until collected)
        self.findings: escalation.CheckFindings | None = None
        self.preview: EscalationPreview | None = None
        self.saved: BundleInfo | None = None
        self._diagnostics: list[Source] | None = None
        self._trail: Trail | None = None
        self._trail_loaded = False
        self._attachments: list[Source] = []
        self._excluded: set[str] = set()
        self._ticket_key: tuple | None = None
        self._building = False

        self.before_page = BeforeYouSendPage(self)
        self.before_page.open_article.connect(self.read_article_instead)
        self.describe_page = DescribePage(self)
        self.review_page = ReviewPage(self)
        self.save_page = SavePage(self)
        self.done_page = DonePage(self)
        for page in (self.before_page, self.describe_page, self.review_page, self.save_page, self.done_page):
            self.addPage(page)
        self.save_page.setCommitPage(True)
        self.save_page.written.connect(self._bundle_saved)
        self.save_page.write_failed.connect(self.write_failed)
        self.save_page.sent.connect(self.bundle_sent)
        self.setButtonText(QWizard.WizardButton.CommitButton, escalation_wizard.tr("&Save bundle"))
        self.describe_page.summary_edit.setText(summary)
        self.resize(900, 640)

        if policy.diagnostics_allowed:
            runner.run(
                _collect_diagnostic_sources,
                settings,
                display if display is not None else screens_for_diagnostics(),
                engine,
                tag="escalation-diagnostics",
                on_success=self._diagnostics_ready,
                on_error=self._diagnostics_failed,
            )
        else:  # not collected at all (so no checks ran on them either)
            self._diagnostics = []
            self.before_page.show_findings([])
            self._skip_before_page()
        if load_trail is not None:
            runner.run(
                load_trail,
                lane="analytics",
                tag="escalation-trail",
                on_success=self._trail_ready,
                on_error=lambda exc: self._trail_ready(None),
            )
        else:
            self._trail_loaded = True

    # ------------------------------------------------------------ state
    @property
    def busy(self) -> bool:
        return self._building or self.save_page.writing

    def ticket(self):
        page = self.describe_page
        return escalation.build_ticket(
            page.summary_edit.text().strip(),
            page.description_edit.toPlainText().strip(),
            impact=page.impact_combo.currentData(),
            urgency=page.urgency_combo.currentData(),
            contact=page.contact_edit.text().strip(),
            platform=self.platform,
        )

    def ticket_may_have_changed(self) -> None:
        ticket = self.ticket()
        key = (ticket.summary, ticket.description, ticket.impact, ticket.urgency, ticket.contact)
        if key != self._ticket_key:
            self.rebuild_preview()

    def disabled_categories(self) -> list[str]:
        return [name for name, check in self.review_page.keep_checks.items() if check.isChecked()]

    # ------------------------------------------------------------ background results
    def _diagnostics_ready(self, result: tuple[list[Source], escalation.CheckFindings]) -> None:
        self._diagnostics, self.findings = result
        found = [hit.to_dict() for hit in self.findings.evaluation.hits]
        self.before_page.show_findings(found)
        if self._record_check_hit is not None:
            for hit in self.findings.evaluation.hits:
                self.runner.run(
                    self._record_check_hit,
                    hit.article_id,
                    hit.check_id,
                    "wizard",
                    lane="analytics",
                    on_error=lambda exc: log.warning("check not recorded: %s", exc),
                )
        if not found:
            self._skip_before_page()
        self.rebuild_preview()

    def _diagnostics_failed(self, exc: BaseException) -> None:
        log.error("diagnostics could not be collected", exc_info=exc)
        self._diagnostics = []
        self.before_page.show_findings([])
        self._skip_before_page()
        self.rebuild_preview()

    def _skip_before_page(self) -> None:
        """Nothing fired: go on to describing the problem (or start there, when the wizard is not shown yet)."""
        if self.currentPage() is self.before_page:
            self.next()
        elif self.currentId() == -1:
            self.setStartId(self.pageIds()[1])

    def read_article_instead(self, article_id: str) -> None:
        """The person chose to try the article: open it in the main window and close the wizard."""
        if self._open_article is not None:
            self._open_article(article_id)
        self.reject()

    def _trail_ready(self, trail: Trail | None) -> None:
        self._trail = trail
        self._trail_loaded = True
        self.rebuild_preview()

    def rebuild_preview(self) -> None:
        if self._diagnostics is None or not self._trail_loaded:
            self.review_page.set_busy(escalation_wizard.tr("Collecting diagnostics…"))
            return
        ticket = self.ticket()
        if not ticket.summary:
            return
        self._ticket_key = (ticket.summary, ticket.description, ticket.impact, ticket.urgency, ticket.contact)
        self._building = True
        self.review_page.set_busy(escalation_wizard.tr("Redacting…"))
        self.runner.run(
            escalation.build_preview,
            ticket,
            [*self._diagnostics, *self._attachments],
            trail=self._trail,
            custom_terms=list(self.settings.redact_terms or []),
            disabled_categories=self.disabled_categories(),
            excluded=set(self._excluded),
            knowledge_base=self.knowledge_base,
            policy=self.policy,
            tag=PREVIEW_TAG,
            on_success=self._preview_built,
            on_error=self._preview_failed,
        )

    def _preview_built(self, preview: EscalationPreview) -> None:
        self._building = False
        self.preview = preview
        self.review_page.show_preview(preview)
        self.review_page.set_busy(None)
        self.save_page.completeChanged.emit()
        self.preview_changed.emit(preview)

    def _preview_failed(self, exc: BaseException) -> None:
        self._building = False
        self.review_page.set_busy(None)
        show_error(
            self, exc, escalation_wizard.tr("Could not prepare the bundle"), show=self.review_page.status_label.setText
        )

    # ------------------------------------------------------------ user choices
    def set_included(self, key: str, included: bool) -> None:
        if included:
            self._excluded.discard(key)
        else:
            self._excluded.add(key)
        if self.preview is not None:
            self.preview = self.preview.with_included(key, included)
            self.review_page.update_totals(self.preview)
            self.preview_changed.emit(self.preview)

    def categories_changed(self, *_args: object) -> None:
        self.rebuild_preview()

    def choose_attachments(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, escalation_wizard.tr("Attach files"), str(Path.home()))
        if paths:
            self.add_attachments(paths)

    def add_attachments(self, paths: Sequence[str | Path]) -> None:
        self.review_page.set_busy(escalation_wizard.tr("Reading files…"))
        self._building = True
        self.runner.run(
            _read_attachments,
            [str(p) for p in paths],
            tag="escalation-attachments",
            on_success=self._attachments_read,
            on_error=self._preview_failed,
        )

    def _attachments_read(self, result: tuple[list[Source], list[str]]) -> None:
        self._building = False
        sources, problems = result
        known = {s.key for s in self._attachments}
        self._attachments.extend(s for s in sources if s.key not in known)
        if problems:
            QMessageBox.warning(self, escalation_wizard.tr("Attach files"), "\n\n".join(problems))
        self.rebuild_preview()

    # ------------------------------------------------------------ saved
    def _bundle_saved(self, info: BundleInfo) -> None:
        """The save page wrote the bundle: remember it, record the escalation, show what to do with it."""
        self.saved = info
        if self._record_escalation is not None and self.preview is not None:
            self.runner.run(
                self._record_escalation,
                info,
                self.preview.ticket.summary,
                lane="analytics",
                on_error=lambda exc: log.warning("escalation not recorded: %s", exc),
            )
        self.bundle_written.emit(info)
        if not self.save_page.writing:  # still sending: the save page moves on when the desk answered
            self.next()

    def done(self, result: int) -> None:  # Qt's name
        for tag in TAGS:
            self.runner.invalidate(tag)
        super().done(result)


def _read_article(host: WindowHost, article_id: str) -> None:
    host.show_search_page()
    host.open_article(article_id)


def open_escalation_wizard(host: WindowHost) -> EscalationWizard:
    """ "Contact support": a modeless wizard over the window that lives until closed (deleted then)."""
    recorder = host.recorder
    wizard = EscalationWizard(
        host.runner,
        host.settings,
        summary=host.current_query(),
        platform=host.platform,
        load_trail=recorder.trail,
        record_escalation=lambda info, summary: recorder.record_escalation(info.bundle_id, summary),
        engine=host.kb.engine,
        open_article=lambda article_id: _read_article(host, article_id),
        record_check_hit=recorder.record_check_hit,
        desks=host.desks,
        open_requests=lambda: show_requests(host),
        parent=host.dialog_parent(),
        policy=EscalationPolicy.from_effective(host.effective),
        knowledge_base=host.kb.revisions(),
    )
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    wizard.show()
    return wizard
