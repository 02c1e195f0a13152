"""The last 30 days of every service, one cell a day, coloured by its uptime as status pages do.

::

    Last 30 days        ■ 99.9 % and more  ■ 99 %  ■ 95 %  ■ 90 %  ■ less  ■ no rounds
    Twitter         ▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮  99.95 %
    Twitter mobile  ▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮▮  100 %
                    Nov 2                   today

A day (on the local clock) is green when at least 99.9 % of its judged rounds found the
service up or degraded, then lighter green (99 %), amber (95 %), orange (90 %) and red
below; grey when no round was judged that day. Hovering over a cell tells the day's
figures: uptime, rounds, response time percentiles and incidents; over a name, the
service's 24 h, 7 d and 30 d. The figures, and what uptime means, are
:mod:`trayapp.core.report`'s (``read_history``), read on the runtime's thread and handed
over. Colours follow the palette (deeper on light themes, brighter on dark ones), as the
chart's do; names come from the config and are drawn as plain text.

The colour is never all a day says: from the keyboard (Tab into the strip, then the arrows,
Home and End) the current cell is framed, its figures shown as its tooltip, and its day and
uptime in words are the strip's accessible name, which a screen reader announces as it
changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.formats import format_date, format_number
from trayapp.core.i18n import N_, _
from trayapp.core.models import Status
from trayapp.core.report import ServiceHistory, Tally
from trayapp.ui.incidents.chart import status_colour
from trayapp.ui.incidents.text import cell_name, day_text, service_text, uptime_words

__all__ = ["SHADES", "DayCells", "MonthStrip", "uptime_colour"]

SHADES: tuple[tuple[float, str], ...] = (
    # Translators: the legend of the 30 days' strip: a day's uptime, best first.
    (0.999, N_("99.9 % and more")),
    (0.99, N_("99 %")),
    (0.95, N_("95 %")),
    (0.90, N_("90 %")),
    # Translators: the legend of the 30 days' strip: a day's uptime below 90 %.
    (0.0, N_("less")),
)
"""The uptime each shade begins at, best first, and its name in the legend (marked:
translated where shown)."""
_LIGHT = ("#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828")
_DARK = ("#66bb6a", "#aed581", "#ffca28", "#ffa726", "#ef5350")
_CELL_MIN = 5
_CELL_MAX = 24
_GAP = 2
_PAD = 6
_VISIBLE_ROWS = 6
"""Rows shown before the strip scrolls."""


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def uptime_colour(uptime: float | None, palette: QPalette) -> QColor:
    """The colour of a day of ``uptime``; None (nothing judged): the chart's grey, faded
    into the window's background, so that an empty day looks empty on any theme."""
    if uptime is None:
        grey = status_colour(Status.UNKNOWN, palette)
        background = palette.color(QPalette.ColorRole.Window)
        mixed = (
            round(0.45 * a + 0.55 * b) for a, b in zip(_rgb(grey), _rgb(background), strict=True)
        )
        return QColor(*mixed)
    shades = _DARK if _is_dark(palette) else _LIGHT
    shade = next(n for n, (floor, _) in enumerate(SHADES) if uptime >= floor)
    return QColor(shades[shade])


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


class DayCells(QWidget):
    """The rows of cells: a name, a cell a day, the 30 days' uptime. Hover for figures; from
    the keyboard, the arrows (Home, End) move the current cell, said in words.

    Signals:
        cellChanged(QRect): the current cell moved there (to scroll it into view).
    """

    cellChanged = Signal(QRect)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services: tuple[ServiceHistory, ...] = ()
        # The names' width and the days, measured once per services and font: every cell's
        # place needs them, and a thousand services measured for each of 30,000 cells froze
        # the window.
        self._measured: tuple[object, int, int] | None = None
        self._current: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._say_nothing()

    @property
    def services(self) -> tuple[ServiceHistory, ...]:
        """The services drawn, in order."""
        return self._services

    def show_services(self, services: Sequence[ServiceHistory]) -> None:
        """Draw ``services``, one row each; the current cell stays where it was, if it can."""
        self._services = tuple(services)
        self.updateGeometry()
        self.adjustSize()
        if self._current is not None and self._services:
            self._set_current(*self._current)
        else:
            self._current = None
            self._say_nothing()
        self.update()

    @property
    def current(self) -> tuple[int, int] | None:
        """The current cell, (row, day), 0 the oldest day; None before the keyboard came."""
        return self._current

    def cell_words(self, row: int, day: int) -> str:
        """The ``day``-th day of the ``row``-th service in words, as its tooltip says it."""
        service = self._services[row]
        return day_text(service.name, service.days[day])

    def _say_nothing(self) -> None:
        self.setAccessibleName(_("Uptime per day, last 30 days"))
        self.setAccessibleDescription(
            _("A cell a day for each service; the arrow keys go from day to day.")
        )

    def _set_current(self, row: int, day: int) -> None:
        row = min(max(row, 0), len(self._services) - 1)
        days = len(self._services[row].days)
        if days == 0:
            self._current = (row, 0)
            self.setAccessibleName(
                _("{service}: no rounds judged").format(service=self._services[row].name)
            )
            self.setAccessibleDescription("")
            self.update()
            return
        day = min(max(day, 0), days - 1)
        self._current = (row, day)
        service = self._services[row]
        self.setAccessibleName(cell_name(service.name, service.days[day]))
        self.setAccessibleDescription(self.cell_words(row, day))
        rect = self.cell_rect(row, day)
        self.cellChanged.emit(rect)
        if self.hasFocus():
            QToolTip.showText(self.mapToGlobal(rect.bottomLeft()), self.cell_words(row, day), self)
        self.update()

    # --- geometry, also for tests that look at the pixels ---------------------------------

    def row_height(self) -> int:
        """The height of one service's row."""
        return self.fontMetrics().height() + 6

    def _measure(self) -> tuple[int, int]:
        key = (self._services, self.font().key())
        if self._measured is None or self._measured[0] != key:
            metrics = self.fontMetrics()
            widest = max((metrics.horizontalAdvance(s.name) for s in self._services), default=0)
            width = min(
                max(widest, metrics.horizontalAdvance("Service")), 16 * metrics.averageCharWidth()
            )
            days = max((len(s.days) for s in self._services), default=0)
            self._measured = (key, width, days)
        return self._measured[1], self._measured[2]

    def _name_width(self) -> int:
        return self._measure()[0]

    def _days(self) -> int:
        return self._measure()[1]

    def _cell_width(self) -> int:
        room = self.width() - self._name_width() - 3 * _PAD - self._uptime_width()
        days = max(1, self._days())
        return min(_CELL_MAX, max(_CELL_MIN, (room + _GAP) // days - _GAP))

    def cell_rect(self, row: int, day: int) -> QRect:
        """Where the cell of the ``day``-th day (0: the oldest) of the ``row``-th service is."""
        width = self._cell_width()
        left = self._name_width() + _PAD + day * (width + _GAP)
        return QRect(left, row * self.row_height() + 3, width, self.row_height() - 6)

    def name_rect(self, row: int) -> QRect:
        """Where the ``row``-th service's name is."""
        return QRect(0, row * self.row_height(), self._name_width(), self.row_height())

    def _uptime_rect(self, row: int) -> QRect:
        last = self.cell_rect(row, max(0, self._days() - 1))
        return QRect(
            last.right() + _PAD, row * self.row_height(), self._uptime_width(), self.row_height()
        )

    def _uptime_width(self) -> int:
        widest = _("{percent} %").format(percent=format_number(100, decimals=2))
        return self.fontMetrics().horizontalAdvance(widest)

    def describe_at(self, point: QPoint) -> str:
        """In words, what is drawn at ``point``: a day's figures, or a service's windows;
        empty where nothing is."""
        row = point.y() // self.row_height()
        if not 0 <= row < len(self._services) or point.y() < 0:
            return ""
        service = self._services[row]
        if self.name_rect(row).contains(point) or self._uptime_rect(row).contains(point):
            return service_text(service)
        for n, figures in enumerate(service.days):
            if self.cell_rect(row, n).adjusted(0, -3, _GAP, 3).contains(point):
                return day_text(service.name, figures)
        return ""

    # --- QWidget ----------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """As wide as thirty small cells need, one row per service and the day axis."""
        days = max(1, self._days())
        width = 3 * _PAD + self._name_width() + days * (12 + _GAP) + self._uptime_width()
        return QSize(width, (len(self._services) + 1) * self.row_height())

    def minimumSizeHint(self) -> QSize:
        """Thirty cells of the smallest width."""
        days = max(1, self._days())
        width = 3 * _PAD + self._name_width() + days * (_CELL_MIN + _GAP) + self._uptime_width()
        return QSize(width, (len(self._services) + 1) * self.row_height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The arrows move the current cell a day or a service; Home and End to the first and
        the last day."""
        if not self._services:
            super().keyPressEvent(event)
            return
        row, day = self._current if self._current is not None else (0, self._days() - 1)
        moves = {
            Qt.Key.Key_Left: (row, day - 1),
            Qt.Key.Key_Right: (row, day + 1),
            Qt.Key.Key_Up: (row - 1, day),
            Qt.Key.Key_Down: (row + 1, day),
            Qt.Key.Key_Home: (row, 0),
            Qt.Key.Key_End: (row, self._days() - 1),
        }
        moved = moves.get(Qt.Key(event.key()))
        if moved is None:
            super().keyPressEvent(event)
            return
        self._set_current(*moved)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Coming in, the current cell is said: today's of the first service, at first."""
        super().focusInEvent(event)
        if self._services:
            row, day = self._current if self._current is not None else (0, self._days() - 1)
            self._set_current(row, day)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """The frame around the current cell goes with the focus."""
        super().focusOutEvent(event)
        self.update()

    def event(self, event: QEvent) -> bool:
        """Hovering: the day's, or the service's, figures."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.describe_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The rows and the day axis."""
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = QColor(text)
        faint.setAlphaF(0.6)
        metrics = self.fontMetrics()
        for row, service in enumerate(self._services):
            painter.setPen(text)
            name = metrics.elidedText(service.name, Qt.TextElideMode.ElideRight, self._name_width())
            painter.drawText(self.name_rect(row), Qt.AlignmentFlag.AlignVCenter, name)
            for n, figures in enumerate(service.days):
                painter.fillRect(self.cell_rect(row, n), uptime_colour(figures.uptime, palette))
            painter.setPen(faint)
            painter.drawText(
                self._uptime_rect(row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                uptime_words(service.windows.get("30d", Tally())),
            )
        if self._current is not None and self.hasFocus():
            row, day = self._current
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cell_rect(row, day).adjusted(-2, -2, 1, 1))
        days = self._services[0].days if self._services else ()
        if days:
            row = len(self._services)
            first, last = self.cell_rect(row, 0), self.cell_rect(row, len(days) - 1)
            axis = QRect(first.left(), row * self.row_height(), last.right() - first.left(), 0)
            axis.setHeight(self.row_height())
            painter.setPen(faint)
            painter.drawText(axis, Qt.AlignmentFlag.AlignLeft, _short(days[0].day))
            painter.drawText(axis, Qt.AlignmentFlag.AlignRight, _("today"))


def _short(day: date) -> str:
    return format_date(day, length="medium")


class _Legend(QWidget):
    """The shades and what they mean, in a row: ``■ 99.9 % and more  ■ 99 %  ...``."""

    def _items(self) -> list[tuple[QColor, str]]:
        palette = self.palette()
        items = [(uptime_colour(floor or 0.0, palette), _(name)) for floor, name in SHADES]
        return [*items, (uptime_colour(None, palette), _("no rounds"))]

    def words(self) -> str:
        """The legend in words, as it is drawn: ``99.9 % and more, 99 %, …, no rounds``."""
        return ", ".join(name for _colour, name in self._items())

    def sizeHint(self) -> QSize:
        """One line, as wide as the swatches and their words."""
        metrics = self.fontMetrics()
        width = sum(metrics.horizontalAdvance(name) + 24 for _, name in self._items())
        return QSize(width, metrics.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Each swatch and its words, left to right."""
        painter = QPainter(self)
        try:
            metrics = self.fontMetrics()
            faint = QColor(self.palette().color(QPalette.ColorRole.WindowText))
            faint.setAlphaF(0.7)
            side = max(6, metrics.ascent() - 2)
            x = 0
            for colour, name in self._items():
                top = (self.height() - side) // 2
                painter.fillRect(QRect(x, top, side, side), colour)
                x += side + 4
                painter.setPen(faint)
                painter.drawText(
                    QRect(x, 0, self.width() - x, self.height()),
                    Qt.AlignmentFlag.AlignVCenter,
                    name,
                )
                x += metrics.horizontalAdvance(name) + 24 - side - 4
        finally:
            painter.end()


class MonthStrip(QWidget):
    """The strip with its title and legend; it scrolls past :data:`_VISIBLE_ROWS` services.

    Feed it with :meth:`show_services`, or :meth:`show_message` while there is nothing to
    draw.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(_("&Last 30 days"))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.cells = DayCells()
        self.message = QLabel(_("Loading the last 30 days…"))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.area = QScrollArea()
        self.area.setWidget(self.cells)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.hide()
        # The cells take the focus, not the area around them: one Tab stop, not two.
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cells.cellChanged.connect(self._on_cells_cell_changed)
        self.legend = _Legend()
        self.legend.setAccessibleName(_("Legend"))
        self.legend.setAccessibleDescription(self.legend.words())
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(heading)
        layout.addWidget(self.message)
        layout.addWidget(self.area)
        self.title.setToolTip(
            # Translators: {shades} is the legend: "99.9 % and more, 99 %, 95 %, 90 %, less".
            _(
                "Each cell is a day: the share of its rounds that found the service up or "
                "degraded. {shades}; grey: no rounds judged. Rounds while your network was "
                "down, or the service snoozed, count for neither."
            ).format(shades=", ".join(_(name) for _floor, name in SHADES))
        )
        self.title.setBuddy(self.cells)

    def show_services(self, services: Sequence[ServiceHistory]) -> None:
        """Draw each service's last 30 days; a short text instead when there are none."""
        if not services:
            self.show_message(_("No services yet."))
            return
        self.cells.show_services(services)
        visible = min(len(services), _VISIBLE_ROWS) + 1
        self.area.setFixedHeight(visible * self.cells.row_height() + 2)
        self.message.hide()
        self.area.show()

    @Slot(QRect)
    def _on_cells_cell_changed(self, rect: QRect) -> None:
        self.area.ensureVisible(rect.center().x(), rect.center().y(), 0, rect.height())

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of the cells."""
        self.message.setText(text)
        self.area.hide()
        self.message.show()
