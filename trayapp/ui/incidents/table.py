"""The incidents table: its view, and its columns as wide as what they hold.

Every column but the last error is as wide as the widest of its texts (the model says which
those may be: :meth:`~trayapp.ui.incidents.model.IncidentsModel.widest_texts`), measured in
the bold of open incidents; the last error takes what is left and is cut short.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from trayapp.core.i18n import _
from trayapp.core.models import Cause, Status, Verdict
from trayapp.ui.incidents.model import Column, IncidentsModel
from trayapp.ui.incidents.text import (
    causes_text,
    length_text,
    severity_word,
    verdict_words,
    widest_minute_texts,
)

__all__ = ["ERROR_ROOM", "fit_columns", "incidents_table", "typical_texts"]

ERROR_ROOM = 24
"""Characters of the last error the table makes room for beside the other columns; the
column takes what is left beyond, and cuts the error short."""


def incidents_table(model: IncidentsModel) -> QTableView:
    """The view of ``model``: rows selected whole, never edited, one fixed height a row, the
    last error's column stretched; no sort indicator until a header is clicked."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(_("Incidents"))
    table.setAccessibleDescription(
        _(
            "Open incidents first, then the latest; the arrow keys choose one, Enter goes "
            "to its details"
        )
    )
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # Tab leaves the table (to the details), rather than walking its cells: arrows do that.
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    # One fixed height for every row: the view never measures ten thousand of them.
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
    columns = table.horizontalHeader()
    columns.setHighlightSections(False)
    columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns.setStretchLastSection(False)
    # Every other column is as wide as its contents (_fit_columns): only the error is cut.
    columns.setSectionResizeMode(Column.ERROR, QHeaderView.ResizeMode.Stretch)
    # No sort indicator: the model's own order (open first, latest first) until a header
    # is clicked; a third click on it comes back to that order.
    columns.setSortIndicatorClearable(True)
    columns.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def typical_texts() -> dict[Column, set[str]]:
    """What a list usually holds at its widest, for the size the window opens at: its list
    comes later, and each column is made as wide as what that list holds then."""
    return {
        Column.SERVICE: {"Twitter mobile"},
        Column.SEVERITY: {severity_word(Status.DEGRADED)},
        Column.STARTED: widest_minute_texts(),
        Column.DURATION: {length_text(10 * 3600 + 45 * 60)},
        Column.CAUSES: {causes_text((Cause.TIMEOUT, Cause.HTTP_STATUS))},
        Column.FLAPS: {"0"},
        Column.VERDICT: {verdict_words(Verdict.DOWN_FOR_EVERYONE)},
    }


def fit_columns(table: QTableView, texts: dict[Column, set[str]], *, narrow: bool) -> int:
    """Make each column but the last error as wide as the widest of ``texts`` for it (see
    :meth:`IncidentsModel.widest_texts`) and its header, or only wider unless ``narrow``;
    the table's width with them and :data:`ERROR_ROOM` characters of the error."""
    bold = QFont(table.font())
    bold.setBold(True)  # open incidents are: never narrower than the others
    measure = QFontMetricsF(bold)
    digit = max("0123456789", key=measure.horizontalAdvance)
    style = table.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    icon = table.iconSize().width()
    if icon <= 0:
        icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, table)
    header = table.horizontalHeader()
    width = 0
    for column, samples in texts.items():
        widths = (measure.horizontalAdvance(text.replace("0", digit)) for text in samples)
        widest = math.ceil(max(widths, default=0.0)) + 1  # +1: Qt lays text out at whole pixels
        room = widest + 2 * margin + (icon + 2 * margin if column == Column.SEVERITY else 0)
        room = max(room, header.sectionSizeHint(column))
        table.setColumnWidth(column, room if narrow else max(room, table.columnWidth(column)))
        width += table.columnWidth(column)
    error = max(
        round(measure.averageCharWidth() * ERROR_ROOM), header.sectionSizeHint(Column.ERROR)
    )
    return (
        width
        + error
        + style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, table)
        + 2 * table.frameWidth()
    )
