"""The incidents table: a model over an immutable list of incidents, sorted and filtered.

Built for ten thousand rows and more, to open in well under 300 ms. A new list
(:meth:`IncidentsModel.show_incidents`) costs one sort on a key made up front; a row's texts
are made the first time it is shown and kept, and what the filter reads the first time the
list is filtered, so ``data()`` picks prepared strings out, and opening pays only for the rows
on screen. (Making every row's texts up front took about 100 ms for ten thousand, a third of
the budget; formatting the times was the largest part, as ``strftime`` imports ``time`` on
each call, through the import hook PySide6 installs.)

Sorting and filtering are done here rather than by a ``QSortFilterProxyModel``: its
comparisons would each call back into Python, and sorting ten thousand rows that way takes
longer than the window may take to open.

Order: open incidents first, then by start, latest first; a click on a column header sorts by
that column instead (a third click goes back to this order).

Every column but the last error is as wide as the widest of its texts, and
:meth:`IncidentsModel.widest_texts` says which those may be without making every row's texts:
the few names, severities, causes and verdicts the list holds, and the longest shape of its
times, lengths and flap counts. The last error is the one column that takes what is left and
is cut short (in full in the row's tooltip and in the details pane).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette, QPixmap

from trayapp.core.formats import format_number
from trayapp.core.i18n import N_, _
from trayapp.core.incident import Incident
from trayapp.core.models import Status, TrayStatus
from trayapp.ui.icons import status_image
from trayapp.ui.incidents.text import (
    causes_names,
    causes_text,
    duration_text,
    error_text,
    length_text,
    minute_text,
    severity_word,
    verdict_words,
    widest_minute_texts,
)

__all__ = ["Column", "IncidentRole", "IncidentsModel", "severity_icon"]

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The table's columns, in order."""

    SERVICE = 0
    SEVERITY = 1
    STARTED = 2
    DURATION = 3
    CAUSES = 4
    FLAPS = 5
    VERDICT = 6
    ERROR = 7
    """The last error, on one line: the column that stretches and is cut short."""


_HEADERS = (
    N_("Service"),
    N_("Severity"),
    N_("Started"),
    N_("Duration"),
    N_("Causes"),
    N_("Flaps"),
    N_("Verdict"),
    N_("Last error"),
)
_HEADER_TIPS = (
    N_("The service, as named in the config"),
    N_("The worst status seen: down or degraded"),
    N_("When the first failed round of the outage was checked (local time)"),
    N_("From the start to the last recovery; open incidents: so far"),
    N_("Every cause seen, in the order first seen"),
    # Translators: a flap is a recovery that did not last: the service failed again soon.
    N_("Recoveries that did not last"),
    N_("Who is affected: just you, down for you, down for everyone, vendor reported"),
    N_("The last error seen; hover over the row, or see the details, for the whole of it"),
)


class IncidentRole(IntEnum):
    """The model's own data roles, beyond Qt's."""

    INCIDENT = Qt.ItemDataRole.UserRole.value
    """The :class:`~trayapp.core.monitor.incidents.Incident` of the row (any column)."""
    INCIDENT_ID = Qt.ItemDataRole.UserRole.value + 1
    """The incident's id (any column)."""
    SORT_KEY = Qt.ItemDataRole.UserRole.value + 2
    """What the column sorts by: a number for severity, times, durations and flaps."""


_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NUMBERS = (Column.DURATION, Column.FLAPS)
_ZERO = re.compile(r"\d")


@dataclass(slots=True)
class _Row:
    """One incident in the list, with what was made for it once and is kept."""

    incident: Incident
    order: tuple[bool, float, int]
    """The default order: open first, then the latest start, then the highest id."""
    texts: tuple[str, ...] | None = None
    """What each column shows; made when the row is first shown."""
    haystack: str | None = None
    """What the filter looks in, casefolded; made when the list is first filtered."""


def _row(incident: Incident) -> _Row:
    return _Row(incident, (not incident.is_open, -incident.started_at.timestamp(), -incident.id))


def _texts(incident: Incident, now: datetime) -> tuple[str, ...]:
    return (
        incident.service,
        severity_word(incident.severity),
        minute_text(incident.started_at),
        duration_text(incident, now),
        causes_text(incident.causes),
        format_number(incident.flaps),
        verdict_words(incident.verdict),
        _one_line(error_text(incident.last_error)),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _haystack(incident: Incident) -> str:
    parts = (
        incident.service,
        # A cause is found by its word as shown and by its own name (``http_status``).
        causes_text(incident.causes),
        causes_names(incident.causes),
        incident.first_error,
        incident.last_error,
    )
    return "\n".join(parts).casefold()


def _sort_key(incident: Incident, column: int, now: datetime) -> Any:
    """What ``column`` sorts by: numbers for severity, times, durations and flaps."""
    if column == Column.SERVICE:
        return incident.service.casefold()
    if column == Column.SEVERITY:
        return incident.severity.severity
    if column == Column.STARTED:
        return incident.started_at.timestamp()
    if column == Column.DURATION:
        return incident.duration_s(now)
    if column == Column.CAUSES:
        return causes_text(incident.causes)
    if column == Column.FLAPS:
        return incident.flaps
    if column == Column.ERROR:
        return _one_line(error_text(incident.last_error)).casefold()
    return verdict_words(incident.verdict)


class IncidentsModel(QAbstractTableModel):
    """The incidents, one a row, open ones first; filtered by :meth:`set_filter`.

    Args:
        parent: The owner (the incidents window).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now = datetime(1970, 1, 1, tzinfo=UTC)  # until the first list says what time it is
        self._sorted: list[_Row] = []
        self._shown: list[_Row] = []
        self._rows_by_id: dict[int, int] | None = None
        self._all_ids: frozenset[int] = frozenset()
        self._open_count = 0
        self._words: tuple[str, ...] = ()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._open_font: QFont | None = None
        self._icons: dict[Status, QIcon] = {}

    # --- what the window asks ------------------------------------------------------------

    def show_incidents(self, incidents: Sequence[Incident], now: datetime) -> None:
        """Replace the list (a model reset); ``now`` measures the open incidents."""
        self.beginResetModel()
        self._now = now
        rows = [_row(incident) for incident in incidents]
        self._sorted = self._in_order(rows)
        self._all_ids = frozenset(incident.id for incident in incidents)
        self._open_count = sum(1 for incident in incidents if incident.is_open)
        self._shown = self._filtered(self._sorted)
        self._rows_by_id = None
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show only the incidents whose service, causes or errors hold every word of ``text``
        (case does not matter; a cause as shown, or by its own name, ``http_status``); an
        empty ``text`` shows them all. A model reset."""
        words = tuple(text.casefold().split())
        if words == self._words:
            return
        self.beginResetModel()
        self._words = words
        self._shown = self._filtered(self._sorted)
        self._rows_by_id = None
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many incidents the list holds, shown or filtered out."""
        return len(self._sorted)

    @property
    def open_count(self) -> int:
        """How many of them are open (recovering ones included)."""
        return self._open_count

    def incident(self, row: int) -> Incident:
        """The incident shown in ``row``."""
        return self._shown[row].incident

    def listed(self) -> list[Incident]:
        """The incidents shown, in the order shown."""
        return [row.incident for row in self._shown]

    def holds(self, incident_id: int) -> bool:
        """Whether the list holds this incident, shown or filtered out."""
        return incident_id in self._all_ids

    def widest_texts(self) -> dict[Column, set[str]]:
        """For each column but :attr:`Column.ERROR`, texts at least as wide as any of its rows'
        (in the same font), over the whole list, the filter aside: each name, severity, set of
        causes and verdict the list holds, and for the start, the length and the flaps the
        widest shape of those the list holds, every digit written ``0`` (put the font's widest
        digit in its place before measuring).
        """
        services, severities, causes, verdicts = set(), set(), set(), set()
        flaps, closed, still = 0, -1.0, -1.0
        for row in self._sorted:  # one pass, and nothing made per row: ten thousand of them
            incident = row.incident
            services.add(incident.service)
            severities.add(incident.severity)
            causes.add(incident.causes)
            verdicts.add(incident.verdict)
            flaps = max(flaps, incident.flaps)
            ended = incident.ended_at
            if ended is None:
                still = max(still, (self._now - incident.started_at).total_seconds())
            else:
                closed = max(closed, (ended - incident.started_at).total_seconds())
        return {
            Column.SERVICE: services,
            Column.SEVERITY: {severity_word(severity) for severity in severities},
            Column.STARTED: widest_minute_texts() if services else set(),
            Column.DURATION: {
                *_widest_lengths(closed),
                *(_("{length} so far").format(length=each) for each in _widest_lengths(still)),
            },
            Column.CAUSES: {causes_text(each) for each in causes},
            Column.FLAPS: {_ZERO.sub("0", format_number(flaps))},
            Column.VERDICT: {verdict_words(verdict) for verdict in verdicts},
        }

    def row_of(self, incident_id: int) -> int | None:
        """The row showing this incident; None when it is not shown."""
        if self._rows_by_id is None:
            self._rows_by_id = {row.incident.id: n for n, row in enumerate(self._shown)}
        return self._rows_by_id.get(incident_id)

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """The incidents shown; a table has no children."""
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """The :class:`Column` count."""
        return 0 if parent.isValid() else len(Column)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        """A cell's text (made once a row, when first shown), icon, font, tooltip, sort key."""
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        column = index.column()
        if role == _DISPLAY:
            texts = row.texts
            if texts is None:
                texts = row.texts = _texts(row.incident, self._now)
            return texts[column]
        if role == _DECORATION:
            return self._icon(row.incident.severity) if column == Column.SEVERITY else None
        if role == _FONT:
            return self._bold() if row.incident.is_open else None
        if role == _ALIGNMENT:
            return _RIGHT if column in _NUMBERS else None
        if role == _TOOLTIP:
            return _tooltip(row.incident)
        if role == IncidentRole.SORT_KEY:
            return _sort_key(row.incident, column, self._now)
        if role == IncidentRole.INCIDENT:
            return row.incident
        if role == IncidentRole.INCIDENT_ID:
            return row.incident.id
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = _DISPLAY,
    ) -> Any:
        """The column names, and a tooltip saying what each means."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == _DISPLAY:
            return _(_HEADERS[section])
        if role == _TOOLTIP:
            return _(_HEADER_TIPS[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Selectable, never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``; ``-1`` is the default order (open first, latest first).

        A layout change, not a reset: the view keeps its selection and current row.
        """
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(index, self._shown[index.row()].incident.id) for index in persistent]
        self._sorted = self._in_order(self._sorted)
        self._shown = self._filtered(self._sorted)
        self._rows_by_id = None
        self.changePersistentIndexList(
            [index for index, _ in kept],
            [self._moved(index, incident_id) for index, incident_id in kept],
        )
        self.layoutChanged.emit()

    # --- the work ----------------------------------------------------------------------

    def _in_order(self, rows: list[_Row]) -> list[_Row]:
        in_order = sorted(rows, key=lambda row: row.order)
        column = self._sort_column
        if 0 <= column < len(Column):
            # Stable: rows that tie on the column keep the default order among them.
            descending = self._sort_order == Qt.SortOrder.DescendingOrder
            now = self._now
            in_order.sort(key=lambda row: _sort_key(row.incident, column, now), reverse=descending)
        return in_order

    def _filtered(self, rows: list[_Row]) -> list[_Row]:
        words = self._words
        if not words:
            return list(rows)
        shown = []
        for row in rows:
            haystack = row.haystack
            if haystack is None:
                haystack = row.haystack = _haystack(row.incident)
            if all(word in haystack for word in words):
                shown.append(row)
        return shown

    def _moved(self, index: QModelIndex, incident_id: int) -> QModelIndex:
        row = self.row_of(incident_id)
        return QModelIndex() if row is None else self.index(row, index.column())

    def _icon(self, severity: Status) -> QIcon:
        icon = self._icons.get(severity)
        if icon is None:
            base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
            icon = self._icons[severity] = severity_icon(severity, dark=base.lightness() < 128)
        return icon

    def _bold(self) -> QFont:
        # Made on first use: a QFont needs the application, which importing must not make.
        if self._open_font is None:
            self._open_font = QFont()
            self._open_font.setBold(True)
        return self._open_font


def _widest_lengths(longest_s: float) -> list[str]:
    """The widest texts :func:`~trayapp.ui.incidents.text.length_text` gives for lengths up
    to ``longest_s`` (none for a negative one), digits written ``0``: ``00 s``, ``00 min``,
    ``00 h 00 min``, then ``0 d 00 h`` with as many digits as the longest has days."""
    if longest_s < 0:
        return []
    whole = round(longest_s)  # as length_text counts
    minutes = round(whole / 60)
    samples = [45]  # two digits of each unit: as wide as any of its
    if whole >= 60:
        samples.append(45 * 60)
    if minutes >= 60:
        samples.append(10 * 3600 + 45 * 60)
    if minutes >= 24 * 60:
        samples.append(minutes // (24 * 60) * 86400 + 10 * 3600)
    return [_ZERO.sub("0", length_text(sample)) for sample in samples]


def _tooltip(incident: Incident) -> str:
    """The errors in full, for hovering over a row.

    A tooltip guesses whether its text is markup, and an error is text from a server: it goes
    in escaped, inside markup of our own, so that it is shown as it is, tags and all.
    """
    lines = [_("Last error: {error}").format(error=error_text(incident.last_error))]
    if incident.first_error and incident.first_error != incident.last_error:
        lines.insert(0, _("First error: {error}").format(error=error_text(incident.first_error)))
    text = "\n".join(lines)
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def severity_icon(severity: Status, *, dark: bool = False) -> QIcon:
    """The tray's glyph for a severity, a shape as well as a colour: a red octagon with a cross
    for down, an amber triangle with an exclamation mark for degraded. Its rim is light when
    ``dark`` (for a dark background). Empty for the statuses an incident never has."""
    icon = QIcon()
    if severity not in (Status.DOWN, Status.DEGRADED):
        return icon
    for size in (16, 32):
        pixmap = QPixmap.fromImage(status_image(TrayStatus(severity.value), size, dark=dark))
        icon.addPixmap(pixmap)
        # As it is on a selected row too: Qt's default tints it with the selection colour.
        icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon
