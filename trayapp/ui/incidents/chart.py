"""A service's last 24 hours, drawn small: response time as a line, status as a strip.

::

    Response time                               2 down · 1 degraded of 1,440 rounds
    max 812 ms ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄
               ╱╲___╱╲______       ___╱╲____
    ___╱╲_____╱             ╲_____╱         ╲______________
    ███████████████████▒▒████████  ████████████████████████   up, degraded, down, no data
    24 h ago                          12 h ago                                     now

Each round colours the strip from its time to the next round's (green up, amber degraded, red
down, grey unknown, indigo paused); where no round was made (the computer was asleep, the app
was not running) the strip is left empty and the line is broken. The line follows the rounds
that were answered (up or degraded): a failed round's time is its timeout or its refusal, and
would flatten everything else. Colours follow the palette, so the chart reads on dark themes.
"""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext, pgettext
from trayapp.core.models import Status
from trayapp.core.store import RoundPoint
from trayapp.ui.incidents.text import milliseconds_text, severity_word

__all__ = ["SPAN", "HistoryChart", "status_colour"]

SPAN = timedelta(hours=24)
"""How far back the chart looks."""

_LIGHT = {
    Status.UP: "#2e7d32",
    Status.DEGRADED: "#f9a825",
    Status.DOWN: "#c62828",
    Status.UNKNOWN: "#9e9e9e",
    Status.PAUSED: "#5c6bc0",
    Status.MAINTENANCE: "#78909c",
}
_DARK = {
    Status.UP: "#66bb6a",
    Status.DEGRADED: "#ffca28",
    Status.DOWN: "#ef5350",
    Status.UNKNOWN: "#8d8d8d",
    Status.PAUSED: "#7986cb",
    Status.MAINTENANCE: "#90a4ae",
}
# Drawn in this order, so that where two rounds share a pixel the worse one shows.
_PAINT_ORDER = (
    Status.UP,
    Status.PAUSED,
    Status.MAINTENANCE,
    Status.UNKNOWN,
    Status.DEGRADED,
    Status.DOWN,
)
_ANSWERED = (Status.UP, Status.DEGRADED)
_NOT_UP = (Status.DOWN, Status.DEGRADED, Status.UNKNOWN, Status.PAUSED, Status.MAINTENANCE)
_GAP_FACTOR = 2.5
"""A pause longer than this many usual intervals between rounds is a gap: no data."""

_PAD = 6
_STRIP_HEIGHT = 12
_TICK_HOURS = (18, 12, 6)


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_colour(status: Status, palette: QPalette) -> QColor:
    """The strip's colour for ``status``: deeper on light themes, brighter on dark ones."""
    return QColor((_DARK if _is_dark(palette) else _LIGHT)[status])


@dataclass(frozen=True, slots=True)
class _Span:
    """A stretch of the strip in one status, as fractions of the day (0 is 24 h ago)."""

    start: float
    end: float
    status: Status


@dataclass(frozen=True, slots=True)
class _Day:
    """The rounds of the last 24 hours, prepared once for every repaint."""

    starts_at: datetime
    points: tuple[RoundPoint, ...]
    fractions: tuple[float, ...]
    spans: tuple[_Span, ...]
    lines: tuple[tuple[tuple[float, float], ...], ...]
    """Runs of answered rounds without a gap: (fraction, milliseconds)."""
    max_ms: float


def _prepare(points: Sequence[RoundPoint], now: datetime) -> _Day:
    starts_at = now - SPAN
    day_s = SPAN.total_seconds()
    kept = tuple(sorted((p for p in points if starts_at <= p.at <= now), key=lambda p: p.at))
    fractions = tuple((p.at - starts_at).total_seconds() / day_s for p in kept)
    steps = [b - a for a, b in itertools.pairwise(fractions) if b > a]
    # The usual interval: a lone round, or a service checked once, still gets a visible minute.
    usual = statistics.median(steps) if steps else 60 / day_s
    gap = usual * _GAP_FACTOR

    spans: list[_Span] = []
    lines: list[tuple[tuple[float, float], ...]] = []
    line: list[tuple[float, float]] = []
    for n, (point, start) in enumerate(zip(kept, fractions, strict=True)):
        following = fractions[n + 1] if n + 1 < len(fractions) else None
        joined = following is not None and following - start <= gap
        end = following if joined and following is not None else min(1.0, start + usual)
        last = spans[-1] if spans else None
        if last is not None and last.status is point.status and abs(last.end - start) < 1e-12:
            spans[-1] = _Span(last.start, end, point.status)
        else:
            spans.append(_Span(start, end, point.status))
        if point.status in _ANSWERED and point.elapsed_ms is not None:
            line.append((start, float(point.elapsed_ms)))
        elif line:
            lines.append(tuple(line))
            line = []
        if not joined and line:
            lines.append(tuple(line))
            line = []
    if line:
        lines.append(tuple(line))
    max_ms = max((ms for run in lines for _, ms in run), default=0.0)
    return _Day(starts_at, kept, fractions, tuple(spans), tuple(lines), max_ms)


def _summary(day: _Day) -> str:
    counts = Counter(point.status for point in day.points)
    total = len(day.points)
    said = [
        # Translators: how many rounds found a service so: "8 down", "1 degraded".
        pgettext("rounds", "{count} {status}").format(
            count=format_number(counts[status]), status=severity_word(status)
        )
        for status in _NOT_UP
        if counts[status]
    ]
    if not said:
        return ngettext("{count} round, all up", "{count} rounds, all up", total).format(
            count=format_number(total)
        )
    # Translators: {statuses} is "2 down · 1 degraded"; how many rounds were made in all.
    return ngettext("{statuses} of {count} round", "{statuses} of {count} rounds", total).format(
        statuses=" · ".join(said), count=format_number(total)
    )


class HistoryChart(QWidget):
    """The selected service's last 24 hours, or a short text while there is nothing to draw.

    Feed it with :meth:`show_rounds`; :meth:`show_message` replaces the picture with a text
    (no service selected, waiting for the rounds). Hovering tells a round's time and status.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day: _Day | None = None
        self._incident: tuple[datetime, datetime | None] | None = None
        self._message = _("Select an incident to see its service's last 24 hours.")
        self.setMinimumSize(220, 110)
        self.setAccessibleName(_("Last 24 hours"))
        self.setAccessibleDescription(self._message)

    # --- what the owner asks -------------------------------------------------------------

    def show_rounds(self, points: Sequence[RoundPoint], now: datetime) -> None:
        """Draw the rounds of the 24 hours before ``now`` (others are left out)."""
        day = _prepare(points, now)
        if not day.points:
            self.show_message(_("No rounds in the last 24 hours."))
            return
        self._day, self._message = day, ""
        self.setAccessibleDescription(_("Last 24 hours: {summary}").format(summary=self.summary()))
        self.update()

    def mark_incident(self, started_at: datetime | None, ended_at: datetime | None = None) -> None:
        """Shade the incident's time behind the line (to the right edge while ``ended_at`` is
        None: still open); None for ``started_at`` takes the shade away."""
        self._incident = None if started_at is None else (started_at, ended_at)
        self.update()

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of a picture."""
        self._day, self._message = None, text
        self.setAccessibleDescription(text)
        self.update()

    @property
    def message(self) -> str:
        """The text shown instead of a picture; empty while rounds are drawn."""
        return self._message

    def summary(self) -> str:
        """The rounds in words (``2 down · 1 degraded of 1,440 rounds``); empty when none."""
        return "" if self._day is None else _summary(self._day)

    # --- geometry, also for tests that look at the pixels ---------------------------------

    def plot_rect(self) -> QRect:
        """Where the response time line is drawn."""
        line = self.fontMetrics().height()
        top = _PAD + line + 4
        bottom = self.height() - _PAD - line - 4 - _STRIP_HEIGHT - 4
        return QRect(_PAD, top, max(1, self.width() - 2 * _PAD), max(1, bottom - top))

    def strip_rect(self) -> QRect:
        """Where the up/down strip is drawn."""
        plot = self.plot_rect()
        return QRect(plot.left(), plot.bottom() + 1 + 4, plot.width(), _STRIP_HEIGHT)

    def x_of(self, moment: datetime) -> int:
        """The pixel column where the round at ``moment`` begins."""
        if self._day is None:
            raise LookupError("no rounds are drawn")
        fraction = (moment - self._day.starts_at).total_seconds() / SPAN.total_seconds()
        plot = self.plot_rect()
        return plot.left() + int(fraction * plot.width())

    # --- QWidget ----------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """Wide and short, as a strip chart is."""
        return QSize(360, 150)

    def event(self, event: QEvent) -> bool:
        """Hovering: the nearest round's time, status and response time."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.describe_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The picture, or the message."""
        painter = QPainter(self)
        try:
            if self._day is None:
                self._paint_message(painter)
            else:
                self._paint_day(painter, self._day)
        finally:
            painter.end()

    # --- painting ---------------------------------------------------------------------

    def _faint(self) -> QColor:
        colour = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        colour.setAlphaF(0.6)
        return colour

    def _paint_message(self, painter: QPainter) -> None:
        painter.setPen(self._faint())
        painter.drawText(
            self.rect().adjusted(_PAD, _PAD, -_PAD, -_PAD),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self._message,
        )

    def _paint_day(self, painter: QPainter, day: _Day) -> None:
        palette = self.palette()
        plot, strip = self.plot_rect(), self.strip_rect()
        text, faint = palette.color(QPalette.ColorRole.WindowText), self._faint()
        line_height = self.fontMetrics().height()

        # The titles: what the line is, and the rounds in words (the strip without colour).
        title = QRect(_PAD, _PAD, self.width() - 2 * _PAD, line_height)
        painter.setPen(text)
        painter.drawText(title, Qt.AlignmentFlag.AlignLeft, _("Response time"))
        painter.setPen(faint)
        painter.drawText(title, Qt.AlignmentFlag.AlignRight, self.summary())

        self._paint_incident(painter, day, plot)

        # The frame: every six hours a faint line, the maximum dashed along the top.
        grid = QColor(text)
        grid.setAlphaF(0.15)
        painter.setPen(QPen(grid, 1))
        for hours in _TICK_HOURS:
            x = plot.left() + round(plot.width() * (1 - hours / 24))
            painter.drawLine(x, plot.top(), x, strip.bottom())
        painter.drawLine(plot.left(), plot.bottom(), plot.right(), plot.bottom())
        if day.max_ms > 0:
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DashLine))
            painter.drawLine(plot.left(), plot.top(), plot.right(), plot.top())
            painter.setPen(faint)
            painter.drawText(
                plot.adjusted(2, 1, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                # Translators: the highest response time of the chart ("max 812 ms").
                _("max {time}").format(time=milliseconds_text(day.max_ms)),
            )
            self._paint_line(painter, day, plot)

        self._paint_strip(painter, day, strip)

        axis = QRect(plot.left(), strip.bottom() + 3, plot.width(), line_height)
        painter.setPen(faint)
        for align, words in self.axis_words():
            painter.drawText(axis, align, words)

    @staticmethod
    def axis_words() -> tuple[tuple[Qt.AlignmentFlag, str], ...]:
        """The time axis's words under the strip, each with where it is drawn."""
        return (
            (Qt.AlignmentFlag.AlignLeft, _("24 h ago")),
            (Qt.AlignmentFlag.AlignHCenter, _("12 h ago")),
            # Translators: the right end of the chart's time axis: the present moment.
            (Qt.AlignmentFlag.AlignRight, pgettext("time axis", "now")),
        )

    def _paint_incident(self, painter: QPainter, day: _Day, plot: QRect) -> None:
        if self._incident is None:
            return
        day_s = SPAN.total_seconds()
        started_at, ended_at = self._incident
        start = (started_at - day.starts_at).total_seconds() / day_s
        end = 1.0 if ended_at is None else (ended_at - day.starts_at).total_seconds() / day_s
        start, end = max(0.0, start), min(1.0, end)
        if end <= start:
            return
        shade = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        shade.setAlphaF(0.12)
        x0 = plot.left() + round(start * plot.width())
        x1 = max(x0 + 2, plot.left() + round(end * plot.width()))
        painter.fillRect(QRect(x0, plot.top(), x1 - x0, plot.height()), shade)

    def _paint_line(self, painter: QPainter, day: _Day, plot: QRect) -> None:
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        area = QColor(colour)
        area.setAlphaF(0.22)
        left, width = plot.left(), plot.width()
        bottom, height = plot.bottom() + 1, plot.height() - 1
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for run in day.lines:
            points = [QPointF(left + f * width, bottom - ms / day.max_ms * height) for f, ms in run]
            if len(points) == 1:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawEllipse(points[0], 1.5, 1.5)
                continue
            polygon = QPolygonF(points)
            fill = QPainterPath()
            fill.addPolygon(polygon)
            fill.lineTo(points[-1].x(), bottom)
            fill.lineTo(points[0].x(), bottom)
            fill.closeSubpath()
            painter.fillPath(fill, area)
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(polygon)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_strip(self, painter: QPainter, day: _Day, strip: QRect) -> None:
        outline = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        outline.setAlphaF(0.2)
        painter.setPen(QPen(outline, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(strip).adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.setPen(Qt.PenStyle.NoPen)
        left, width = strip.left(), strip.width()
        palette = self.palette()
        # Whole pixels and no antialiasing: a single failed round is a crisp red line.
        for status in _PAINT_ORDER:
            colour = status_colour(status, palette)
            for span in day.spans:
                if span.status is not status:
                    continue
                x0 = left + int(span.start * width)
                x1 = max(x0 + 1, left + round(span.end * width))
                painter.fillRect(QRect(x0, strip.top(), x1 - x0, strip.height()), colour)

    def describe_at(self, x: int) -> str:
        """In words, the round drawn at pixel column ``x`` (``11:25  down``, ``11:30  up,
        180 ms``), ``no rounds`` where none was made; empty while no rounds are drawn."""
        day = self._day
        if day is None:
            return ""
        plot = self.plot_rect()
        fraction = (x - plot.left()) / plot.width()
        if not any(span.start <= fraction < span.end for span in day.spans):
            return _("no rounds")
        point = day.points[max(0, bisect.bisect_right(day.fractions, fraction) - 1)]
        moment = point.at.astimezone().strftime("%H:%M")
        if point.elapsed_ms is not None and point.status in _ANSWERED:
            # Translators: a round of the chart: its time, its status, its response time.
            return _("{time}  {status}, {response}").format(
                time=moment,
                status=severity_word(point.status),
                response=milliseconds_text(point.elapsed_ms),
            )
        # Translators: a round of the chart: its time and its status.
        return _("{time}  {status}").format(time=moment, status=severity_word(point.status))
