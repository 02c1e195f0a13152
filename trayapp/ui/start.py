"""``trayapp`` with no command: the tray icon first, everything else after it.

:func:`run` makes the application, hands over to a trayapp already running (one per user and
config file, :mod:`trayapp.ui.single`), and shows the tray icon with the "starting" glyph
and tooltip (:func:`starting_icon`) before it imports anything else: only Qt and the glyph
painter come before the icon. On the event loop's first pass it imports the core (the
monitor, the config, the probes, the store: pure Python) on a thread of its own, so that the
GUI thread answers the tray host, which asks for the icon's pixels, meanwhile; then, on the
GUI thread, the rest of the GUI, and starts :class:`~trayapp.ui.app.TrayApp`, which takes
that icon over.

PySide6 replaces ``builtins.__import__`` with a hook (its ``__feature__`` switching) that,
after every import, reads the imported module's whole source into :mod:`linecache` to see
whether it names PySide6: megabytes of lines that nothing reads again and that, freed, stay
in the process as fragmented heap. trayapp selects no PySide6 feature, so :func:`run` puts
back the import that hook wraps (:func:`plain_imports`) for the life of the process; a
module imported so is one PySide6 does not switch features for, which is what the hook would
have decided for every trayapp module but the GUI's, where no feature is selected either.
"""

from __future__ import annotations

import builtins
import concurrent.futures
import gc
import importlib
import linecache
import logging
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from trayapp.core.i18n import N_, _
from trayapp.core.models import TrayStatus
from trayapp.core.paths import Paths
from trayapp.ui.collector import GuiThreadCollector
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.icons import icon_for
from trayapp.ui.language import speak
from trayapp.ui.single import SingleInstance, instance_key

if TYPE_CHECKING:
    from trayapp.ui.app import TrayApp

__all__ = ["STARTING", "plain_imports", "run", "starting_icon"]

log = logging.getLogger(__name__)

STARTING = N_("trayapp: starting…")
"""The tooltip until the monitor's first snapshot (translated where shown)."""
CORE = "trayapp.runtime"
"""The module that brings the monitor and everything it runs on (the config, the probes, the
store): pure Python, imported off the GUI thread."""


def plain_imports() -> bool:
    """Put back the import PySide6's ``__feature__`` hook wraps, so that no module imported
    from now on has its source read; True if there was such a hook to take out.

    Only the outermost hook is taken out, and only if it is PySide6's (its predecessor kept
    as ``builtins.__orig_import__``): whatever that one does (PySide6's lazy loading of its
    own modules, say) stays. A PySide6 without the hook is left as it is.
    """
    plain = getattr(builtins, "__orig_import__", None)
    hooked = builtins.__import__
    if not callable(plain) or plain is hooked:
        return False
    if getattr(hooked, "__name__", "") != "__feature_import__":
        log.info("not PySide6's import hook (%r): left in place", hooked)
        return False
    builtins.__import__ = plain
    return True


def starting_icon(parent: QObject | None = None) -> QSystemTrayIcon:
    """The tray icon before the monitor has said anything: the unknown glyph, sharp on the
    panel's colours and the screens' pixel ratio, the :data:`STARTING` tooltip, and its menu,
    empty until the tray fills it (:class:`~trayapp.ui.menu.TrayMenu`).

    The menu is there from the first: a StatusNotifierItem host reads an item's menu once,
    when the item appears, and never learns of one set later.

    Call it once a :class:`QApplication` exists.
    """
    icon = QSystemTrayIcon(parent)
    icon.setContextMenu(QMenu())  # PySide6 keeps it as long as the icon
    ratio = max((s.devicePixelRatio() for s in QGuiApplication.screens()), default=1.0)
    dark = QGuiApplication.styleHints().colorScheme() is Qt.ColorScheme.Dark
    icon.setIcon(icon_for(TrayStatus.UNKNOWN, dark=dark, device_pixel_ratio=ratio))
    icon.setToolTip(_(STARTING))
    return icon


class _Start(QObject):
    """The rest of the start, once the icon is shown: the core imported on a thread of its
    own (:meth:`begin`), so that the GUI thread answers the tray host meanwhile, then the
    GUI and the app made on the GUI thread (:meth:`finish`).

    A second trayapp that asks for the window before the app exists is answered once it does.
    """

    def __init__(
        self, paths: Paths, icon: QSystemTrayIcon, single: SingleInstance, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._icon = icon
        self._show_wanted = False
        self.tray_app: TrayApp | None = None
        self.error: BaseException | None = None
        """What stopped the start (a bug): :func:`run` raises it once the event loop ends."""
        single.showWanted.connect(self._on_single_show_wanted)

    @Slot()
    def begin(self) -> None:
        """Import the core (no Qt in it: :data:`CORE`) on a thread, then :meth:`finish`."""
        imported: concurrent.futures.Future[None] = concurrent.futures.Future()

        def work() -> None:
            try:
                importlib.import_module(CORE)
            except BaseException as error:  # noqa: BLE001 - raised again by run()
                imported.set_exception(error)
            else:
                imported.set_result(None)

        when_done(imported, self, self._on_core_imported)
        threading.Thread(target=work, name="trayapp-import", daemon=True).start()

    def _on_core_imported(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.error = outcome.error
            QApplication.exit(1)
            return
        self.finish()

    def finish(self) -> None:
        """Import the GUI, start the app with the icon shown."""
        try:
            from trayapp.ui.app import TrayApp

            tray_app = TrayApp(self._paths, icon=self._icon, parent=self)
            tray_app.start()
        except BaseException as error:  # noqa: BLE001 - raised again by run(), after the loop
            self.error = error
            QApplication.exit(1)
            return
        self.tray_app = tray_app
        if self._show_wanted:
            tray_app.show_incidents()
        # What exists now (modules, Qt's wrappers) lives as long as the app: kept out of the
        # cyclic collector's way, a full collection no longer stalls the GUI thread for tens
        # of milliseconds while hundreds of services are checked. The garbage of the imports
        # goes first: frozen, it would be kept for good.
        gc.collect()
        gc.freeze()

    @Slot()
    def _on_single_show_wanted(self) -> None:
        if self.tray_app is None:
            self._show_wanted = True
        else:
            self.tray_app.show_incidents()


def run(paths: Paths, argv: Sequence[str] | None = None) -> int:
    """Start the tray app; returns the exit status when it quits.

    Raises:
        BaseException: whatever stopped the start after the icon was shown (a bug).
    """
    if plain_imports():
        linecache.clearcache()  # what the hook read of this module and the few before it
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName("trayapp")
    app.setDesktopFileName("io.github.trayapp.TrayApp")  # packaging/linux/*.desktop
    app.setQuitOnLastWindowClosed(False)
    speak(app)
    single = SingleInstance(instance_key(paths.config))
    if single.hand_over():
        return 0
    single.listen()
    icon = starting_icon()
    icon.show()
    app.setWindowIcon(icon.icon())
    collector = GuiThreadCollector(app)
    start = _Start(paths, icon, single, app)
    QTimer.singleShot(0, start.begin)
    try:
        status = app.exec()
    finally:
        collector.stop()
    if start.error is not None:
        raise start.error
    return status
