"""The operating system's word on the network, as hints.

Where the word comes from:

- **Linux**: :func:`~trayapp.core.monitor.follow_system` on the runtime's loop, NetworkManager
  on the system bus when it runs there, else the kernel's routes through netlink. The
  questions to the bus have timeouts, so a bus or a NetworkManager that hangs costs the hints
  and nothing else.
- **Windows, macOS**: Qt's QNetworkInformation (:mod:`trayapp.ui.qtnetinfo`), loaded on the
  GUI thread.

:class:`NetworkWatch` turns each new word into a :class:`~trayapp.core.monitor.NetworkHint`,
which the app hands to the monitor (:meth:`~trayapp.runtime.MonitorHost.network_hint`). A
hint never decides the network's state: it makes the monitor ask at once, instead of an
interval later. A hint is ``changed`` when the network itself changed (see
:class:`SystemView`)::

    reachability  from no way out to some, or back: disconnected or local <-> site or online
                  (unknown, while a network connects, says nothing: the last known counts)
    medium        any change: from Ethernet to Wi-Fi, a cable out, another default route
    metered       any change: a phone's hotspot instead of the office's Wi-Fi

A change of network comes as a burst of words (down, connecting, up, another medium): the
first hint goes out at once, the rest of the burst merged into one :data:`SETTLE_MS` later.
With no word to be had, trayapp says so once in its log, and the canaries alone tell.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from trayapp.core.monitor import NetworkHint, Reachability, SystemWord, follow_system
from trayapp.runtime import Runtime, RuntimeStopped

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

__all__ = ["BUS_TIMEOUT", "SETTLE_MS", "NetworkWatch", "SystemView"]

log = logging.getLogger(__name__)

SETTLE_MS = 1000
"""How long the hints of one burst of words are merged into one, in milliseconds."""
BUS_TIMEOUT = 3.0
"""Seconds the system bus, and NetworkManager on it, have to answer each question."""

_WAY_OUT = frozenset({Reachability.SITE, Reachability.ONLINE})
"""Reachabilities with a way beyond the local network: the network is there."""
_SOURCES = {"networkmanager": "NetworkManager", "netlink": "the kernel's routes"}


def _ended(following: concurrent.futures.Future[None]) -> None:
    """Says why following the system's word ended, unless it was stopped."""
    if not following.cancelled() and (error := following.exception()) is not None:
        log.warning(
            "no more word on the network from the operating system: %s; the canaries alone tell",
            error,
            exc_info=error,
        )


class SystemView:
    """What the operating system last said of the network, and the hint each new word makes.

    Each method takes a new value and returns the hint it makes, or None when nothing
    changed. Every hint carries the reachability and captive portal last said.

    Args:
        reachability: What the system says first.
        captive_portal: Likewise; None when it cannot tell.
        medium: Likewise; "" when it cannot tell.
        metered: Likewise; None when it cannot tell.
    """

    def __init__(
        self,
        reachability: Reachability = Reachability.UNKNOWN,
        *,
        captive_portal: bool | None = None,
        medium: str = "",
        metered: bool | None = None,
    ) -> None:
        self.reachability = reachability
        self.captive_portal = captive_portal
        self.medium = medium
        self.metered = metered
        self._known = None if reachability is Reachability.UNKNOWN else reachability

    @classmethod
    def of(cls, word: SystemWord) -> SystemView:
        """The view of a first word."""
        return cls(
            word.reachability,
            captive_portal=word.captive_portal,
            medium=word.medium,
            metered=word.metered,
        )

    def said(self, word: SystemWord) -> NetworkHint | None:
        """The system says ``word`` now: one hint for all that changed in it."""
        told = [
            hint
            for hint in (
                self.reachability_changed(word.reachability),
                self.captive_portal_changed(word.captive_portal),
                self.medium_changed(word.medium),
                self.metered_changed(word.metered),
            )
            if hint is not None
        ]
        if not told:
            return None
        return self._hint(changed=any(hint.changed for hint in told))

    def reachability_changed(self, value: Reachability) -> NetworkHint | None:
        """The reachability is now ``value``: ``changed`` when a way out came or went."""
        if value is self.reachability:
            return None
        self.reachability = value
        if value is Reachability.UNKNOWN:
            return self._hint(changed=False)
        known, self._known = self._known, value
        return self._hint(changed=known is not None and (known in _WAY_OUT) != (value in _WAY_OUT))

    def captive_portal_changed(self, value: bool | None) -> NetworkHint | None:
        """Whether the network is behind a captive portal: the same network, seen better."""
        if value is self.captive_portal:
            return None
        self.captive_portal = value
        return self._hint(changed=False)

    def medium_changed(self, value: str) -> NetworkHint | None:
        """The way out goes over ``value`` now: another network."""
        if value == self.medium:
            return None
        self.medium = value
        return self._hint(changed=True)

    def metered_changed(self, value: bool | None) -> NetworkHint | None:
        """Whether the network is metered: another network (a phone's hotspot, say)."""
        if value is self.metered:
            return None
        self.metered = value
        return self._hint(changed=True)

    def _hint(self, *, changed: bool) -> NetworkHint:
        return NetworkHint(self.reachability, self.captive_portal, changed)


class NetworkWatch(QObject):
    """Follows the operating system's word on the network, and says what it hints.

    Args:
        settle_ms: How long the hints of one burst are merged (see :data:`SETTLE_MS`).

    Signals:
        hinted(object): a :class:`~trayapp.core.monitor.NetworkHint` for the monitor.
        watching(str): the name of the source now followed (``networkmanager``, ``netlink``,
            Qt's backend's name); "" when there is none to follow.
    """

    hinted = Signal(object)
    watching = Signal(str)
    _sourceSaid = Signal(str)  # emitted on the runtime thread, received on the GUI thread
    _wordSaid = Signal(object)

    def __init__(self, parent: QObject | None = None, *, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self.backend: str | None = None
        """The name of the source followed, once there is one."""
        self.view = SystemView()
        """What the source last said."""
        self._first = True
        self._pending: NetworkHint | None = None
        self._following: concurrent.futures.Future[None] | None = None
        self._settle = QTimer(self, singleShot=True, interval=settle_ms)
        self._settle.timeout.connect(self._on_settle_timeout)
        self._sourceSaid.connect(self._on_self_source_said)
        self._wordSaid.connect(self._on_self_word_said)

    def start(self, runtime: Runtime, *, timeout: float = BUS_TIMEOUT) -> None:
        """Follow the system's word: on Linux from ``runtime`` (``timeout`` for each question
        to the system bus), elsewhere from Qt's backend."""
        if sys.platform.startswith("linux"):
            following = follow_system(self._sourceSaid.emit, self._wordSaid.emit, timeout=timeout)
            with contextlib.suppress(RuntimeStopped):  # trayapp is quitting
                self._following = runtime.submit(following)
                self._following.add_done_callback(_ended)
            return
        from trayapp.ui.qtnetinfo import load_network_information

        self.watch(load_network_information())

    def stop(self) -> None:
        """Stop following (the runtime's part of it; Qt's ends with this object)."""
        if self._following is not None:
            self._following.cancel()
            self._following = None

    def watch(self, information: QNetworkInformation | None) -> None:
        """Follow Qt's backend ``information``; with None (no backend), say so in the log."""
        if information is None:
            self._on_self_source_said("")
            return
        from trayapp.ui.qtnetinfo import QtFollower, word_of

        self.backend = information.backendName()
        self.view = SystemView.of(word_of(information))
        QtFollower(information, self)
        self._first = False
        log.info(
            "the operating system's word on the network: Qt's %s backend says %s",
            self.backend,
            self.view.reachability.value,
        )
        self.watching.emit(self.backend)

    def offer(self, hint: NetworkHint | None) -> None:
        """Send ``hint`` on (None: nothing changed), at once or merged into its burst's."""
        if hint is None:
            return
        if not self._settle.isActive():
            self.hinted.emit(hint)
            self._settle.start()
            return
        pending = self._pending
        changed = hint.changed or (pending is not None and pending.changed)
        self._pending = NetworkHint(hint.reachability, hint.captive_portal, changed)

    @Slot(str)
    def _on_self_source_said(self, source: str) -> None:
        if not source:
            log.info("no word on the network from the operating system; the canaries alone tell")
            self.watching.emit("")
            return
        self.backend = source
        self._first = True  # its first word starts the view afresh

    @Slot(object)
    def _on_self_word_said(self, word: SystemWord) -> None:
        if not self._first:
            self.offer(self.view.said(word))
            return
        self._first = False
        self.view = SystemView.of(word)
        log.info(
            "the operating system's word on the network, from %s: %s",
            _SOURCES.get(self.backend or "", self.backend),
            word.reachability.value,
        )
        self.watching.emit(self.backend or "")

    @Slot()
    def _on_settle_timeout(self) -> None:
        if self._pending is not None:
            hint, self._pending = self._pending, None
            self.hinted.emit(hint)
            self._settle.start()  # hints keep coming at most once a settle apart
