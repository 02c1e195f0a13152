"""The incidents window's details pane: one incident in full, and its service's last day.

Service names come from the config, errors and timeline notes from servers and status pages:
all of it is shown as plain text, in labels set to ``Qt.TextFormat.PlainText`` (a label left
to guess would render ``<b>`` or ``<img src=...>``) and in read-only ``QPlainTextEdit`` boxes.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.formats import format_number
from trayapp.core.i18n import N_, _
from trayapp.core.incident import Incident
from trayapp.core.report import VendorRecord, local_time_text
from trayapp.ui.incidents.chart import HistoryChart
from trayapp.ui.incidents.model import severity_icon
from trayapp.ui.incidents.text import (
    causes_text,
    details_text,
    duration_text,
    error_text,
    severity_word,
    status_word,
    timeline_text,
    verdict_text,
)

__all__ = ["NOTHING_SELECTED", "IncidentDetails"]

NOTHING_SELECTED = N_("Select an incident to see its timeline and its last error.")
"""The placeholder while no incident is selected (marked: translate it where shown)."""


class _Label(QLabel):
    """A label whose wrapped lines are never cut: when it wraps, its minimum height is what
    its lines need at its width, so the timeline and the chart give way first."""

    def setText(self, text: str) -> None:
        """Show ``text``, and ask for the height its lines need."""
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Ask again for the height its lines need at its new width."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.wordWrap() and self.width() > 1:
            needed = self.heightForWidth(self.width())
            if needed > 0 and needed != self.minimumHeight():
                self.setMinimumHeight(needed)


def _plain_label(*, wrap: bool = False) -> QLabel:
    """A label that shows its text as it is, never as markup, and lets it be selected."""
    label = _Label()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    if wrap:
        # A long name without spaces must not widen the pane: it is cut, still selectable.
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(1)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setTabChangesFocus(True)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    box.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class IncidentDetails(QWidget):
    """The selected incident: its facts, its timeline, its last error and its service's day.

    The window feeds it (:meth:`show_incident`, and the :attr:`chart`'s own methods); it reads
    nothing else. "Copy details" puts :meth:`details_text` on the clipboard.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._incident: Incident | None = None
        self._now: datetime | None = None

        self.placeholder = _plain_label(wrap=True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setText(_(NOTHING_SELECTED))

        self.service_label = _plain_label(wrap=True)
        title_font = QFont(self.service_label.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        self.service_label.setFont(title_font)
        self.severity_icon = _plain_label()  # a picture only, but never a guess either
        self.severity_label = _plain_label()
        self.status_label = _plain_label()
        self.started_label = _plain_label()
        self.ended_label = _plain_label()
        self.duration_label = _plain_label()
        self.flaps_label = _plain_label()
        self.verdict_label = _plain_label(wrap=True)
        self.causes_label = _plain_label(wrap=True)
        self.vendor_label = _plain_label(wrap=True)
        """How the service's status page did over its confirmed outages, in a sentence."""
        self.timeline_view = _text_box(lines=4)
        self.timeline_view.setAccessibleName(_("Timeline"))
        self.timeline_view.setAccessibleDescription(
            _("What happened to the incident, one line each, oldest first")
        )
        self.error_view = _text_box(lines=3)
        self.error_view.setAccessibleName(_("Last error"))
        self.chart_label = _plain_label(wrap=True)
        self.chart_label.setFont(_heading("").font())
        self.chart = HistoryChart()
        self.copy_button = QPushButton(_("&Copy details"))
        self.copy_button.setToolTip(_("Put these details on the clipboard as plain text"))
        self.copy_button.setAccessibleDescription(
            _("Puts the incident's details on the clipboard as plain text")
        )
        self.copy_button.clicked.connect(self._on_copy_button_clicked)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self._facts_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _facts_page(self) -> QWidget:
        severity = QWidget()
        severity_row = QHBoxLayout(severity)
        severity_row.setContentsMargins(0, 0, 0, 0)
        severity_row.setSpacing(4)
        severity_row.addWidget(self.severity_icon)
        severity_row.addWidget(self.severity_label, 1)

        facts = QGridLayout()
        facts.setHorizontalSpacing(10)
        facts.setVerticalSpacing(3)

        def place(name: str, value: QWidget, row: int, column: int, span: int = 1) -> None:
            heading = _heading(name)
            heading.setBuddy(value)
            facts.addWidget(heading, row, column, Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, row, column + 1, 1, span)

        # Translators: the headings of an incident's facts, each before its value.
        place(_("Severity:"), severity, 0, 0)
        place(_("Status:"), self.status_label, 0, 2)
        place(_("Started:"), self.started_label, 1, 0)
        place(_("Ended:"), self.ended_label, 1, 2)
        place(_("Duration:"), self.duration_label, 2, 0)
        place(_("Flaps:"), self.flaps_label, 2, 2)
        place(_("Verdict:"), self.verdict_label, 3, 0, span=3)
        place(_("Causes:"), self.causes_label, 4, 0, span=3)
        place(_("Status page:"), self.vendor_label, 5, 0, span=3)
        facts.setColumnStretch(1, 1)
        facts.setColumnStretch(3, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.service_label)
        layout.addLayout(facts)
        layout.addSpacing(4)
        timeline = _heading(_("Timeline"))
        timeline.setBuddy(self.timeline_view)
        layout.addWidget(timeline)
        layout.addWidget(self.timeline_view, 3)
        error = _heading(_("Last error"))
        error.setBuddy(self.error_view)
        layout.addWidget(error)
        layout.addWidget(self.error_view, 2)
        layout.addWidget(self.chart_label)
        layout.addWidget(self.chart, 3)
        layout.addLayout(buttons)
        return page

    # --- what the window asks ------------------------------------------------------------

    @property
    def incident(self) -> Incident | None:
        """The incident shown; None while the placeholder is."""
        return self._incident

    def show_incident(
        self,
        incident: Incident | None,
        now: datetime,
        placeholder: str | None = None,
        record: VendorRecord | None = None,
    ) -> None:
        """Show ``incident`` (``now`` measures an open one), or ``placeholder`` for None.

        Args:
            incident: The incident to show in full; None for the placeholder.
            now: The time the list was read.
            placeholder: What to say when there is no incident; None:
                :data:`NOTHING_SELECTED`, translated.
            record: How the incident's service's status page did (see
                :mod:`trayapp.core.report.grading`); "—" without one.
        """
        self._incident, self._now = incident, now
        if incident is None:
            self.placeholder.setText(_(NOTHING_SELECTED) if placeholder is None else placeholder)
            self.pages.setCurrentWidget(self.placeholder)
            return
        self.service_label.setText(
            # Translators: the title of an incident's details: its service and its number.
            _("{service}  ·  incident #{number}").format(
                service=incident.service, number=incident.id
            )
        )
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.severity_icon.setPixmap(severity_icon(incident.severity, dark=dark).pixmap(16, 16))
        self.severity_label.setText(severity_word(incident.severity))
        self.status_label.setText(status_word(incident))
        self.started_label.setText(local_time_text(incident.started_at))
        ended = incident.ended_at
        self.ended_label.setText("—" if ended is None else local_time_text(ended))
        self.duration_label.setText(duration_text(incident, now))
        self.flaps_label.setText(format_number(incident.flaps))
        self.verdict_label.setText(verdict_text(incident))
        self.causes_label.setText(causes_text(incident.causes) or "—")
        self.vendor_label.setText("—" if record is None else record.sentence)
        self.timeline_view.setPlainText(timeline_text(incident.notes))
        self.error_view.setPlainText(error_text(incident.last_error))
        self.chart_label.setText(_("Last 24 hours of {service}").format(service=incident.service))
        self.pages.setCurrentIndex(1)

    def focus_chain(self) -> list[QWidget]:
        """The widgets the keyboard reaches here, in order: the timeline, the last error,
        "Copy details"."""
        return [self.timeline_view, self.error_view, self.copy_button]

    def focus_details(self) -> None:
        """Give the keyboard to the incident's timeline (nothing while no incident is shown)."""
        if self._incident is not None:
            self.timeline_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def details_text(self) -> str:
        """The incident shown, as plain text; empty while none is."""
        if self._incident is None or self._now is None:
            return ""
        return details_text(self._incident, self._now)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        self.copy_details()

    def copy_details(self) -> None:
        """Put :meth:`details_text` on the clipboard (nothing while no incident is shown)."""
        text = self.details_text()
        if text:
            QGuiApplication.clipboard().setText(text)
