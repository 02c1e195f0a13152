"""The tray's icons: one glyph per tray status, drawn from SVG at every size asked for.

Each status has its own shape as well as its own colour (a person who cannot tell red from
green still tells an octagon from a circle)::

    up        green circle, check mark          down     red octagon, cross
    degraded  amber triangle, exclamation mark  unknown  grey diamond, question mark
    offline   slate rounded square, struck wifi  paused   indigo ring, two bars
    maintenance  grey cog, wrench

When the user's own network fails, the offline glyph says how with a white badge in its
lower right corner (``resources/icons/network/``); plain ``offline`` has none::

    dns_failure     a speech bubble with a question mark: names not understood
    captive_portal  a padlock: a network that wants a sign-in first
    limited         a signal wedge with its first bar alone lit: some of the way, not all
    proxy_failure   a server of two units: the one in between, failing

The glyphs carry an ``@OUTLINE@`` placeholder for their rim, filled in dark on light panels
and light on dark ones, so that every glyph stands out from the panel behind it. A small
count of the services down is painted in a corner. Pixmaps are made for the usual tray
sizes at the screen's device pixel ratio, so the icon stays crisp on HiDPI screens.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtSvg import QSvgRenderer

from trayapp.core.models import TrayStatus
from trayapp.core.monitor import NetworkStatus
from trayapp.core.paths import resource_path

__all__ = ["SIZES", "icon_for", "resource_path", "status_image"]

SIZES = (16, 22, 24, 32, 48, 64)
"""Logical sizes, in device-independent pixels, that trays ask for."""

_OUTLINE = {False: "#303030", True: "#f0f0f0"}
"""Rim colour on a light panel (False) and on a dark one (True)."""


@functools.cache
def _svg(folder: str, name: str, dark: bool) -> QByteArray:
    text = resource_path("icons", folder, f"{name}.svg").read_text(encoding="utf-8")
    return QByteArray(text.replace("@OUTLINE@", _OUTLINE[dark]).encode("utf-8"))


def status_image(
    status: TrayStatus,
    size: int,
    *,
    count: int = 0,
    dark: bool = False,
    network: NetworkStatus = NetworkStatus.ONLINE,
) -> QImage:
    """The glyph of ``status`` as a ``size`` × ``size`` image, with ``count`` in a corner.

    When ``status`` is offline, the badge of ``network`` (if it has one) says how.
    """
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    whole = QRectF(0, 0, size, size)
    QSvgRenderer(_svg("status", status.value, dark)).render(painter, whole)
    if status is TrayStatus.OFFLINE and network not in (
        NetworkStatus.ONLINE,
        NetworkStatus.OFFLINE,
    ):
        QSvgRenderer(_svg("network", network.value, dark)).render(painter, whole)
    if count > 0 and size >= 16:
        _paint_count(painter, size, count, dark)
    painter.end()
    return image


def _paint_count(painter: QPainter, size: int, count: int, dark: bool) -> None:
    text = str(count) if count < 10 else "9+"
    badge = size * (0.5 if len(text) == 1 else 0.62)
    height = size * 0.5
    rect = QRectF(size - badge, size - height, badge, height)
    path = QPainterPath()
    path.addRoundedRect(rect, height / 2, height / 2)
    painter.fillPath(path, QColor("#ffffff" if dark else "#212121"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(7, round(height * 0.8)))
    painter.setFont(font)
    painter.setPen(QColor("#212121" if dark else "#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def icon_for(
    status: TrayStatus,
    *,
    count: int = 0,
    dark: bool = False,
    device_pixel_ratio: float = 1.0,
    network: NetworkStatus = NetworkStatus.ONLINE,
) -> QIcon:
    """The tray icon: pixmaps at every size of :data:`SIZES`, sharp at ``device_pixel_ratio``
    (see :func:`status_image`)."""
    icon = QIcon()
    for size in SIZES:
        pixels = round(size * device_pixel_ratio)
        image = status_image(status, pixels, count=count, dark=dark, network=network)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(device_pixel_ratio)
        icon.addPixmap(pixmap)
    return icon
