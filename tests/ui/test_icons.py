"""The tray glyphs: one per status, told apart by shape as well as colour."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from trayapp.core.models import TrayStatus
from trayapp.core.monitor import NetworkStatus
from trayapp.ui.icons import SIZES, icon_for, status_image


def shape(image: QImage) -> list[bool]:
    """Which pixels are covered, whatever their colour: the glyph's silhouette and marks."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return [
        image.pixelColor(x, y).alpha() > 128 and grey.pixelColor(x, y).value() > 200
        for y in range(image.height())
        for x in range(image.width())
    ] + [
        image.pixelColor(x, y).alpha() > 128
        for y in range(image.height())
        for x in range(image.width())
    ]


def test_every_status_has_its_own_shape(qtbot: QtBot) -> None:
    shapes = {status: shape(status_image(status, 32)) for status in TrayStatus}
    for first, second in itertools.combinations(TrayStatus, 2):
        differing = sum(a != b for a, b in zip(shapes[first], shapes[second], strict=True))
        assert differing > 40, f"{first} and {second} differ in {differing} pixels only"


FAILING = [status for status in NetworkStatus if not status.online]


@pytest.mark.parametrize("size", [22, 32])
def test_every_way_the_network_fails_has_its_own_shape(qtbot: QtBot, size: int) -> None:
    shapes = {
        status: shape(status_image(TrayStatus.OFFLINE, size, network=status)) for status in FAILING
    }
    for first, second in itertools.combinations(FAILING, 2):
        differing = sum(a != b for a, b in zip(shapes[first], shapes[second], strict=True))
        assert differing > size, f"{first} and {second} differ in {differing} pixels only"


def test_a_network_s_badge_is_on_the_offline_glyph_alone(qtbot: QtBot) -> None:
    offline = status_image(TrayStatus.OFFLINE, 32)
    assert status_image(TrayStatus.OFFLINE, 32, network=NetworkStatus.OFFLINE) == offline
    assert status_image(TrayStatus.OFFLINE, 32, network=NetworkStatus.LIMITED) != offline
    # The badge sits in the lower right corner: the upper left is the offline glyph's own.
    limited = status_image(TrayStatus.OFFLINE, 32, network=NetworkStatus.LIMITED)
    assert limited.copy(0, 0, 14, 14) == offline.copy(0, 0, 14, 14)
    down = status_image(TrayStatus.DOWN, 32)
    assert status_image(TrayStatus.DOWN, 32, network=NetworkStatus.DNS_FAILURE) == down


@pytest.mark.parametrize("status", list(TrayStatus))
def test_icons_hold_every_size_sharp_on_hidpi(qtbot: QtBot, status: TrayStatus) -> None:
    icon = icon_for(status, device_pixel_ratio=2.0)
    pixmap = icon.pixmap(QSize(32, 32), 2.0)
    assert (pixmap.width(), pixmap.devicePixelRatio()) == (64, 2.0)
    # Drawn at that size, not scaled from another: the 64-pixel image itself.
    assert pixmap.toImage() == status_image(status, 64).convertToFormat(pixmap.toImage().format())
    assert {s.width() for s in icon.availableSizes()} == {2 * size for size in SIZES}


def test_the_rim_follows_the_panel(qtbot: QtBot) -> None:
    light = status_image(TrayStatus.DOWN, 64, dark=False)
    dark = status_image(TrayStatus.DOWN, 64, dark=True)
    # The octagon's rim: near the top edge, in the middle.
    assert light.pixelColor(32, 3).lightness() < 100
    assert dark.pixelColor(32, 3).lightness() > 180


def test_the_count_of_services_down_is_painted(qtbot: QtBot) -> None:
    plain = status_image(TrayStatus.DOWN, 32)
    counted = status_image(TrayStatus.DOWN, 32, count=3)
    corner = [(x, y) for x in range(22, 32) for y in range(22, 32)]
    assert any(plain.pixelColor(x, y) != counted.pixelColor(x, y) for x, y in corner)
    top = [(x, y) for x in range(0, 16) for y in range(0, 10)]
    assert all(plain.pixelColor(x, y) == counted.pixelColor(x, y) for x, y in top)
