"""Qt's QNetworkInformation, where trayapp takes the operating system's word from Qt.

On Windows and macOS, Qt's backend is the system's own, loaded on the GUI thread, the thread
Qt wants it loaded in. Linux has :func:`~trayapp.core.monitor.follow_system` instead, on the
runtime's loop. A backend need not tell everything: what it does not tell (``supports``) is
left unknown in the word.

Only :class:`~trayapp.ui.netinfo.NetworkWatch` imports this module, where Qt's word is the
one taken: on Linux, Qt's network module is never loaded (Windows' single-instance pipe,
:mod:`trayapp.ui.single`, is its other user).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtNetwork import QNetworkInformation

from trayapp.core.monitor import Reachability, SystemWord

if TYPE_CHECKING:
    from trayapp.ui.netinfo import NetworkWatch

__all__ = ["QtFollower", "load_network_information", "medium_of", "reachability_of", "word_of"]

log = logging.getLogger(__name__)

Medium = QNetworkInformation.TransportMedium

_REACHABILITY = {
    QNetworkInformation.Reachability.Unknown: Reachability.UNKNOWN,
    QNetworkInformation.Reachability.Disconnected: Reachability.DISCONNECTED,
    QNetworkInformation.Reachability.Local: Reachability.LOCAL,
    QNetworkInformation.Reachability.Site: Reachability.SITE,
    QNetworkInformation.Reachability.Online: Reachability.ONLINE,
}


def reachability_of(value: QNetworkInformation.Reachability) -> Reachability:
    """Qt's reachability in the core's words."""
    return _REACHABILITY[value]


def medium_of(value: QNetworkInformation.TransportMedium) -> str:
    """Qt's transport medium as a word of :class:`~trayapp.core.monitor.SystemWord`."""
    return "" if value == Medium.Unknown else value.name.lower()


def load_network_information() -> QNetworkInformation | None:
    """Qt's backend for this platform (or the one that tells most, reachability among it),
    loaded; None when there is none here. Call it on the GUI thread."""
    # False also when a backend is loaded already (there is one per process): use that one.
    QNetworkInformation.loadDefaultBackend()
    information = QNetworkInformation.instance()
    if information is None or not information.supports(QNetworkInformation.Feature.Reachability):
        return None  # Qt's stand-in, which tells nothing
    return information


def word_of(information: QNetworkInformation) -> SystemWord:
    """What ``information`` says now."""
    features = QNetworkInformation.Feature
    tells = information.supports
    return SystemWord(
        reachability_of(information.reachability()),
        information.isBehindCaptivePortal() if tells(features.CaptivePortal) else None,
        medium_of(information.transportMedium()),
        information.isMetered() if tells(features.Metered) else None,
    )


class QtFollower(QObject):
    """Hands each of ``information``'s signals to ``watch``, in the core's words.

    A child of the watch: it follows as long as the watch lives.
    """

    def __init__(self, information: QNetworkInformation, watch: NetworkWatch) -> None:
        super().__init__(watch)
        self._watch = watch
        information.reachabilityChanged.connect(self._on_information_reachability_changed)
        information.isBehindCaptivePortalChanged.connect(
            self._on_information_is_behind_captive_portal_changed
        )
        information.transportMediumChanged.connect(self._on_information_transport_medium_changed)
        information.isMeteredChanged.connect(self._on_information_is_metered_changed)

    @Slot(QNetworkInformation.Reachability)
    def _on_information_reachability_changed(self, value: QNetworkInformation.Reachability) -> None:
        self._watch.offer(self._watch.view.reachability_changed(reachability_of(value)))

    @Slot(bool)
    def _on_information_is_behind_captive_portal_changed(self, value: bool) -> None:
        self._watch.offer(self._watch.view.captive_portal_changed(value))

    @Slot(QNetworkInformation.TransportMedium)
    def _on_information_transport_medium_changed(self, value: Medium) -> None:
        self._watch.offer(self._watch.view.medium_changed(medium_of(value)))

    @Slot(bool)
    def _on_information_is_metered_changed(self, value: bool) -> None:
        self._watch.offer(self._watch.view.metered_changed(value))
