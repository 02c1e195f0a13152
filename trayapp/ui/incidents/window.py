"""The incidents window: every incident in a table, one in full beside it.

::

    [Filter: service, cause or error         ]  3 open · 10,000 incidents [Refresh] [Export…]
    ┌ Service  Severity  Started  Duration  Causes  Flaps  Verdict  Last e…┐ ┌ Twitter · #12 ┐
    │ Twitter  ⯃ down    ...                                     https://…│ │ Severity, ... │
    │ ...                                                                 │ │ Timeline, ... │
    └─────────────────────────────────────────────────────────────────────┘ │ [last 24 h]   │
                                                                            └─[Copy details]┘

Above the table, a strip shows every service's last 30 days (:mod:`~trayapp.ui.incidents.strip`).

Under the selected incident's facts, a sentence grades its service's status page over every
incident listed, the filter aside (:mod:`trayapp.core.report.grading`): "Twitter's status page
acknowledged 7 of 9 confirmed outages, a median of 12 min after trayapp saw them".

The window does no disk or network work and never waits: it is fed (:meth:`show_incidents`,
:meth:`show_rounds`) and asks for what it needs with signals, which the app connects to the
runtime thread. Everything it shows is an immutable snapshot handed to it.

Keyboard: Tab goes from the filter (Ctrl+F, Alt+F; Down to the table) through the buttons,
the strip (arrows from day to day) and the table (arrows; Enter to the details) to the
details; Alt+R refreshes (F5 too), Alt+E exports, Ctrl+C copies the details, Escape clears
the filter, or else closes the window.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.formats import format_number
from trayapp.core.i18n import N_, _, ngettext
from trayapp.core.incident import Incident
from trayapp.core.report import VendorRecord, grade_services
from trayapp.core.store import RoundPoint
from trayapp.ui.incidents.details import NOTHING_SELECTED, IncidentDetails
from trayapp.ui.incidents.export import ExportFormat, export_text
from trayapp.ui.incidents.model import Column, IncidentsModel
from trayapp.ui.incidents.strip import MonthStrip
from trayapp.ui.incidents.table import fit_columns, incidents_table, typical_texts

__all__ = ["TITLE", "IncidentsWindow"]

TITLE = N_("trayapp — incidents")
"""The window's title (marked: translated where shown)."""

_NEVER = datetime(1970, 1, 1, tzinfo=UTC)
_ScrollHint = QAbstractItemView.ScrollHint
_CENTER = QAbstractItemView.ScrollHint.PositionAtCenter
_ENSURE = QAbstractItemView.ScrollHint.EnsureVisible
DETAILS_WIDTH = 400
"""The details pane's width when the window opens, if the screen has room for it."""
DETAILS_MIN_WIDTH = 320
"""The narrowest the window makes the details pane to give the table's columns room."""


def _export_filters() -> dict[ExportFormat, str]:
    return {
        # Translators: a file type in the file dialog; keep "(*.csv)" as it is.
        "csv": _("CSV (*.csv)"),
        # Translators: a file type in the file dialog; keep "(*.json)" as it is.
        "json": _("JSON (*.json)"),
    }


class IncidentsWindow(QWidget):
    """The incidents window: a filterable table of incidents and the selected one's details.

    Feed it with :meth:`show_incidents` and :meth:`show_rounds`; point it at an incident with
    :meth:`select_incident`. Titled :data:`TITLE`.

    Each column but the last error is as wide as what the list holds (the first list's
    exactly; a later one only widens a column, so that what the user dragged stays); the last
    error takes what is left and is cut short. The window opens as wide as the columns and the
    details pane want, as far as the screen allows; when a list's columns want more room, the
    window grows, then the details pane gives some (see :meth:`_make_room`).

    Args:
        parent: The owner, if any (the window is a top-level window all the same).
        room: The part of the screen the window may take; its screen's available geometry
            when None.

    Signals:
        refreshWanted(): the incident list should be (re)loaded and handed to
            :meth:`show_incidents`. Emitted when the window is shown, on "Refresh", and when
            :meth:`select_incident` names an incident the list does not hold yet.
        roundsWanted(str): the last 24 hours of this service's rounds are wanted for the chart,
            to hand to :meth:`show_rounds`. Emitted once each time the selected incident's
            service changes, and on "Refresh".
        exportWanted(str, str): write this text (2nd) to this path (1st); the app writes it,
            off the GUI thread.
    """

    refreshWanted = Signal()
    roundsWanted = Signal(str)
    exportWanted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, *, room: QRect | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._screen_room = room
        self.setWindowTitle(_(TITLE))
        self._now = _NEVER  # until the first list says what time it is
        self._loaded = False
        self._chart_service: str | None = None
        self._wanted_id: int | None = None
        """An incident asked for by :meth:`select_incident` before the list held it."""
        self._records: dict[str, VendorRecord] = {}
        """Each service's status page graded over the list, the filter aside."""

        self.model = IncidentsModel(self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Filter by service, cause or error"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Filter incidents"))
        self.filter_edit.setAccessibleDescription(
            _("Lists only the incidents whose service, causes or errors hold every word typed")
        )
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.installEventFilter(self)
        filter_label = QLabel(_("&Filter:"))
        filter_label.setTextFormat(Qt.TextFormat.PlainText)
        filter_label.setBuddy(self.filter_edit)
        self.count_label = QLabel(_("Loading incidents…"))
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton(_("&Refresh"))
        self.refresh_button.setToolTip(_("Load the incidents again (F5)"))
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.export_button = QPushButton(_("&Export…"))
        self.export_button.setToolTip(_("Save the incidents listed as CSV or JSON"))
        self.export_button.clicked.connect(self._on_export_button_clicked)

        self.table = incidents_table(self.model)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self._room = 0
        """The table's width the window last made room for (:meth:`_make_room`)."""
        self.details = IncidentDetails()
        self.details.show_incident(None, self._now, _("Loading incidents…"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        bar = QHBoxLayout()
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.count_label)
        bar.addSpacing(8)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)
        self.month = MonthStrip()  # fed by the app, each time the list is asked for
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.month)
        layout.addWidget(self.splitter, 1)

        QShortcut(QKeySequence.StandardKey.Find, self, self.filter_edit.setFocus)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self._on_refresh_button_clicked)
        copy = QAction(_("Copy details"), self.table)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.details.copy_details)
        self.table.addAction(copy)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        # As read: the bar, the strip, the table, the details.
        order = [
            self.filter_edit,
            self.refresh_button,
            self.export_button,
            self.month.cells,
            self.table,
            *self.details.focus_chain(),
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

        # As wide as the table's columns at what a list usually holds and the details pane
        # want, as far as the screen allows; the table's columns come first.
        table_width = fit_columns(self.table, typical_texts(), narrow=True)
        margins = layout.contentsMargins()
        around = margins.left() + margins.right() + self.splitter.handleWidth()
        screen = self._room_on_screen()
        width = min(table_width + DETAILS_WIDTH + around, screen.width() * 95 // 100)
        self.resize(width, min(680, screen.height() * 8 // 10))
        table_part = max(min(table_width, width - around - DETAILS_MIN_WIDTH), 0)
        self._split = [table_part, width - around - table_part]
        """The table's and the details pane's widths, as last set (the splitter's own say
        nothing until it is laid out)."""
        self.splitter.setSizes(self._split)
        self._room = table_width

    # --- fed by the app -----------------------------------------------------------------

    def show_incidents(self, incidents: Sequence[Incident], now: datetime) -> None:
        """Replace the list; the selected incident stays selected while the list holds it.

        Args:
            incidents: Every incident to list, in any order.
            now: The time the list was read, to measure the open incidents by.
        """
        wanted, previous = self._wanted_id, self._selected_id()
        self._wanted_id = None
        first = not self._loaded
        self._now = now
        self._loaded = True
        self._records = {r.service: r for r in grade_services(incidents)}
        self.model.show_incidents(incidents, now)
        self._make_room(fit_columns(self.table, self.model.widest_texts(), narrow=first))
        self._update_count()
        if wanted is not None and self.model.holds(wanted):
            self.select_incident(wanted)
            return
        row = None if previous is None else self.model.row_of(previous)
        if row is not None:
            # Kept where it is on screen: a refresh must not scroll away from what is read.
            self._select_row(row, scroll=None)
        elif self.model.rowCount() > 0:
            self._select_row(0)
        else:
            self._select_row(None)

    def show_rounds(self, service: str, points: Sequence[RoundPoint], now: datetime) -> None:
        """Draw ``service``'s rounds of the 24 hours before ``now``; ignored unless the selected
        incident is ``service``'s (the answer to an older question)."""
        if service == self._chart_service:
            self.details.chart.show_rounds(points, now)

    def select_incident(self, incident_id: int) -> None:
        """Select the incident and scroll to it, clearing the filter if it hides it.

        When the list does not hold it yet (the window was opened for it, the list is still
        on its way, or older than the incident), a fresh list is asked for, and the incident
        is selected when it comes.
        """
        if not self.model.holds(incident_id):
            self._wanted_id = incident_id
            self.refreshWanted.emit()
            return
        if self.model.row_of(incident_id) is None:
            self.filter_edit.clear()
        self._wanted_id = None
        self._select_row(self.model.row_of(incident_id), scroll=_CENTER)

    def export_text(self, fmt: Literal["csv", "json"]) -> str:
        """The incidents listed (after the filter), in the order listed, as CSV or JSON."""
        return export_text(self.model.listed(), self._now, fmt)

    def export_to(self, path: str, fmt: ExportFormat | None = None) -> None:
        """Ask the app to write the incidents listed to ``path``, as ``fmt`` or as its suffix
        says (CSV unless it ends in ``.json``)."""
        if fmt is None:
            fmt = "json" if path.lower().endswith(".json") else "csv"
        self.exportWanted.emit(path, self.export_text(fmt))

    @property
    def selected_incident(self) -> Incident | None:
        """The incident selected in the table, if any."""
        return self.details.incident

    # --- the user ---------------------------------------------------------------------

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        kept = self._selected_id()
        self.model.set_filter(text)
        self._update_count()
        # A selection the filter hides is let go, rather than replaced by a row the user did
        # not choose (and a chart nobody asked for, at every key typed).
        self._select_row(None if kept is None else self.model.row_of(kept))

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(
        self, selected: QItemSelection, deselected: QItemSelection
    ) -> None:
        rows = self.table.selectionModel().selectedRows()
        incident = self.model.incident(rows[0].row()) if rows else None
        self._show_incident(incident)

    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refreshWanted.emit()
        if self._chart_service is not None:
            self.roundsWanted.emit(self._chart_service)

    @Slot()
    def _on_export_button_clicked(self) -> None:
        chosen = self._ask_export_path()
        if chosen is not None:
            self.export_to(*chosen)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.details.focus_details()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys that carry the user between the filter, the table and the details."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.filter_edit:
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.table.setFocus()
                return True
        if (
            watched is self.table
            and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.details.incident is not None
        ):
            self.details.focus_details()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape closes the window (once the filter, if it holds text, is cleared)."""
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.close()
            return
        super().keyPressEvent(event)

    def _ask_export_path(self) -> tuple[str, ExportFormat] | None:
        """The file dialog, alone here so that tests can go around it."""
        kinds = _export_filters()
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Export incidents"), "incidents.csv", ";;".join(kinds.values()), kinds["csv"]
        )
        if not path:
            return None
        suffix = os.path.splitext(path)[1].lower()
        fmt: ExportFormat = "json" if chosen == kinds["json"] else "csv"
        if suffix in (".csv", ".json"):
            fmt = "json" if suffix == ".json" else "csv"
        else:
            path += f".{fmt}"
        return path, fmt

    def showEvent(self, event: QShowEvent) -> None:
        """Ask for a fresh list each time the window is opened (not when un-minimised)."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refreshWanted.emit()

    # --- the work ---------------------------------------------------------------------

    def _selected_id(self) -> int | None:
        incident = self.details.incident
        return None if incident is None else incident.id

    def _select_row(self, row: int | None, *, scroll: _ScrollHint | None = _ENSURE) -> None:
        """Select ``row`` (None: nothing), bring it into view as ``scroll`` says (None: leave
        the view where it is); the details follow."""
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            # Also when nothing was selected: a reset drops a selection without a word.
            self._show_incident(None)
            return
        index = self.model.index(row, Column.SERVICE)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection.setCurrentIndex(index, flags)
        # A reset drops the selection silently, and selecting the row again may not be
        # announced either: the details are brought up to date in any case.
        self._show_incident(self.model.incident(row))
        if scroll is not None:
            self.table.scrollTo(index, scroll)

    def _show_incident(self, incident: Incident | None) -> None:
        if incident is None:
            if not self._loaded:
                placeholder = _("Loading incidents…")
            elif self.model.total == 0:
                placeholder = _("No incidents: nothing has been down.")
            elif self.model.rowCount() == 0:
                placeholder = _("No incident matches the filter.")
            else:
                placeholder = _(NOTHING_SELECTED)
            self.details.show_incident(None, self._now, placeholder)
            self._chart_service = None
            return
        self.details.show_incident(incident, self._now, record=self._records.get(incident.service))
        self.details.chart.mark_incident(incident.started_at, incident.ended_at)
        if incident.service != self._chart_service:
            self._chart_service = incident.service
            self.details.chart.show_message(_("Loading the last 24 hours…"))
            self.roundsWanted.emit(incident.service)

    def _make_room(self, table_width: int) -> None:
        """Give the table ``table_width``, when it wants more than it last did: by widening
        the window, to 95 % of the screen's width, then from the details pane, down to
        :data:`DETAILS_MIN_WIDTH`. A table the user narrowed since is left so until it wants
        more."""
        if table_width <= self._room:
            return
        self._room = table_width
        shown = self.splitter.isVisible() and self.splitter.width() > 0
        table_part, details_part = self.splitter.sizes() if shown else self._split
        short = table_width - table_part
        if short <= 0:
            return
        grown = max(min(short, self._room_on_screen().width() * 95 // 100 - self.width()), 0)
        if grown:
            self.resize(self.width() + grown, self.height())
        narrowest = max(DETAILS_MIN_WIDTH, self.details.minimumSizeHint().width())
        taken = min(short - grown, max(details_part - narrowest, 0))
        self._split = [table_part + grown + taken, details_part - taken]
        self.splitter.setSizes(self._split)

    def _room_on_screen(self) -> QRect:
        if self._screen_room is not None:
            return self._screen_room
        return self.screen().availableGeometry()

    def _update_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        if shown < total:
            # Translators: how many incidents the filter lets through, of how many.
            said = ngettext(
                "{shown} of {count} incident", "{shown} of {count} incidents", total
            ).format(shown=format_number(shown), count=format_number(total))
        else:
            incidents = ngettext("{count} incident", "{count} incidents", total).format(
                count=format_number(total)
            )
            # Translators: {incidents} is "10 incidents"; how many of them are still open.
            said = _("{open} open · {incidents}").format(
                open=format_number(self.model.open_count), incidents=incidents
            )
        self.count_label.setText(said)
