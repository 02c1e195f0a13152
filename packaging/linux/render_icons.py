"""Render trayapp's icon into the hicolor theme's sizes, for desktop entries and app stores.

    .venv/bin/python packaging/linux/render_icons.py

reads resources/icons/trayapp.svg and writes
packaging/linux/icons/hicolor/<size>x<size>/apps/io.github.trayapp.TrayApp.png for each of
:data:`SIZES`, plus the SVG itself as scalable/apps/io.github.trayapp.TrayApp.svg. The
results are committed; run this again when the SVG changes (a test compares them).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

APP_ID = "io.github.trayapp.TrayApp"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "resources" / "icons" / "trayapp.svg"
THEME = Path(__file__).resolve().parent / "icons" / "hicolor"


def render(source: Path = SOURCE, theme: Path = THEME) -> list[Path]:
    """Write every size of the icon under ``theme``; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not an SVG Qt can read")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        target = theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"{target}: cannot write")
        written.append(target)
    scalable = theme / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    written.append(scalable)
    del app
    return written


if __name__ == "__main__":
    for path in render():
        sys.stdout.write(f"{path.relative_to(ROOT)}\n")
