"""The Maintenance tab of the settings dialog: planned work, and the editor of one window.

A window (``[[maintenance]]``, :class:`~trayapp.core.config.Maintenance`) is edited in a form
generated from its model, as a source is, with the loader's messages under its fields; a
service it names that the Services tab does not have is said under ``services``. "When?"
says, without saving, whether the window holds now and when it comes next.
:class:`MaintenancePage` holds the windows as edited; the settings dialog reads them when it
saves, and follows a renamed service in their ``services``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future
from datetime import datetime, timedelta

from pydantic import ValidationError
from PySide6.QtWidgets import QWidget

from trayapp.core.clock import SystemClock
from trayapp.core.config import Config, Maintenance, Service, Source, unknown_services
from trayapp.core.formats import format_datetime
from trayapp.core.i18n import N_, _, pgettext
from trayapp.ui.forms import ModelForm, mnemonic_letter, place_problems
from trayapp.ui.labels import plain_label
from trayapp.ui.settings.backend import SettingsBackend
from trayapp.ui.settings.entries import EntriesPage
from trayapp.ui.settings.entry import EntryEditor
from trayapp.ui.settings.keys import scrolled

__all__ = [
    "MAINTENANCE_HINT",
    "MaintenanceEditor",
    "MaintenancePage",
    "every_words",
    "when_text",
    "window_words",
]

MAINTENANCE_HINT = N_(
    "Planned work: inside a window a failing service shows “maintenance”, with no incident "
    "and no notification. A failure that outlasts the window counts from its end."
)
"""What a maintenance window is, in English (translated where shown)."""

_PLACEHOLDERS = {
    "services": N_("one a line; every service when empty"),
    "start": "2026-12-24T02:00:00+01:00",
    "end": "2026-12-24T04:00:00+01:00",
    "window": "02:00-04:00",
    "timezone": N_("this computer's time zone"),
}


def _clock(moment: datetime) -> str:
    """``moment`` in local time, with its weekday: ``Sun 05 Jul 2026 13:00``."""
    # Translators: how a maintenance window's times are written, in Unicode's (CLDR's) date
    # pattern language: EEE the weekday, dd the day, MMM the month, yyyy the year, HH:mm the
    # time. Keep the letters; order them, and add punctuation, as your language writes dates.
    pattern = _("EEE dd MMM yyyy HH:mm")
    return format_datetime(moment, length=pattern)  # type: ignore[arg-type]  # Babel: a pattern


def every_words() -> dict[str, tuple[str, str]]:
    """A window's ``every`` choices in words, (text, tooltip), by the value as written."""
    return {
        "day": (pgettext("maintenance every", "day"), _("Every day.")),
        "weekday": (pgettext("maintenance every", "weekday"), _("Monday to Friday.")),
        "weekend": (pgettext("maintenance every", "weekend"), _("Saturday and Sunday.")),
        "monday": (pgettext("maintenance every", "monday"), ""),
        "tuesday": (pgettext("maintenance every", "tuesday"), ""),
        "wednesday": (pgettext("maintenance every", "wednesday"), ""),
        "thursday": (pgettext("maintenance every", "thursday"), ""),
        "friday": (pgettext("maintenance every", "friday"), ""),
        "saturday": (pgettext("maintenance every", "saturday"), ""),
        "sunday": (pgettext("maintenance every", "sunday"), ""),
    }


def window_words(window: Maintenance) -> str:
    """When ``window`` is, for people: ``every Sunday 23:00-01:00 (Europe/Berlin)``, or
    ``2026-12-24T02:00:00+01:00 to 2026-12-24T04:00:00+01:00`` (as the file writes them)."""
    if window.start is not None:
        return _("{start} to {end}").format(start=window.start, end=window.end)
    hours = window.window or ""
    phrases = {
        "day": _("every day {hours}"),
        "weekday": _("every weekday (Monday to Friday) {hours}"),
        "weekend": _("every weekend day {hours}"),
        "monday": _("every Monday {hours}"),
        "tuesday": _("every Tuesday {hours}"),
        "wednesday": _("every Wednesday {hours}"),
        "thursday": _("every Thursday {hours}"),
        "friday": _("every Friday {hours}"),
        "saturday": _("every Saturday {hours}"),
        "sunday": _("every Sunday {hours}"),
    }
    when = phrases.get(window.every or "", "{hours}").format(hours=hours)
    if window.timezone:
        # Translators: a recurring window's hours, and the time zone they are in.
        return _("{when} ({zone})").format(when=when, zone=window.timezone)
    return when


def when_text(window: Maintenance, now: datetime, count: int = 3) -> str:
    """Whether ``window`` holds at ``now`` and when it comes next, in local time, for people."""
    windows = window.windows
    lines = []
    span = windows.span_at(now)
    if span is not None:
        lines.append(_("In force now, until {end}.").format(end=_clock(span.end)))
    moment = now
    for _index in range(count):
        start = windows.next_start(moment)
        if start is None:
            break
        following = windows.span_at(start)
        if following is not None:
            line = _("Next: {start} to {end}.").format(
                start=_clock(start), end=_clock(following.end)
            )
        else:
            line = _("Next: {start}.").format(start=_clock(start))
        lines.append(line)
        moment = start + timedelta(seconds=1)
    if not lines:
        lines.append(_("Over: it ended before now."))
    return "\n".join(lines)


class MaintenanceEditor(EntryEditor[Maintenance]):  # type: ignore[type-var]
    """Edits one maintenance window (or a new one, when ``window`` is None).

    Opened by the Maintenance tab with ``open()``; when the user presses OK and the window is
    valid, :attr:`entry` holds it and the dialog is accepted.

    Args:
        window: The window to edit; None for a new one.
        backend: What every editor is given (the window's "When?" needs none of it).
        config: The settings around the window.
        services: The names a window may give: the services, and the sources' (whose targets
            are services too, ``source/target``).
    """

    noun = "maintenance window"
    add_title = N_("Add a maintenance window")
    edit_title = N_("Edit maintenance window")
    name_taken = N_("another maintenance window is called '{name}'")
    test_tip = N_("Say whether the window holds now and when it comes next, without saving.")
    test_placeholder = N_("When? shows here when the window holds, in this computer's time.")
    test_running = N_("Looking…")
    result_lines = 4

    def __init__(
        self,
        window: Maintenance | None,
        *,
        backend: SettingsBackend,
        config: Config,
        services: Collection[str] = (),
        sources: Collection[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            editing=window is not None,
            backend=backend,
            config=config,
            taken_names=(),
            reserved_secrets=(),
            pending_secrets=None,
            secrets_problem=None,
            parent=parent,
        )
        self._services, self._sources = list(services), list(sources)
        self.test_button.setText(_("&When?"))
        self.form = ModelForm(
            Maintenance,
            placeholders={name: _(text) for name, text in _PLACEHOLDERS.items()},
            shortcuts={k for t in (self.test_button.text(),) if (k := mnemonic_letter(t))},
        )
        self.form.editor("every").set_choice_texts(every_words())
        self.form.load(window)
        scroll = scrolled(self.form)
        self._lay_out(plain_label(_(MAINTENANCE_HINT)), scroll)

        self.form.edited.connect(self._on_form_edited)
        self.resize(620, 600)
        self.form.editor("name").setFocus()

    def build(self, *, show_all: bool = True) -> Maintenance | None:
        """The window as edited, or None with every problem shown by its field."""
        data = self.form.data()
        problems = self.form.local_problems()
        window = None
        try:
            window = Maintenance.model_validate(data)
        except ValidationError as error:
            problems += place_problems(error, Maintenance)
        if window is not None:
            problems += [
                (("services", index), _("no service named '{name}'").format(name=name))
                for _window, index, name in unknown_services(
                    [window], self._services, self._sources
                )
            ]
        self.form.show_problems(problems, show_all=show_all)
        return None if problems else window

    # --- what the editor of any entry asks

    def _typed_name(self) -> str:
        name: str = self.form.editor("name").text()
        return name.strip()

    def _typed_secrets(self) -> dict[str, str]:
        return {}

    def _test(self, entry: Maintenance, secrets: Mapping[str, str]) -> Future[str]:
        found: Future[str] = Future()
        found.set_result(when_text(entry, SystemClock().now()))
        return found

    def _describe(self, found: str) -> str:
        return found


class MaintenancePage(EntriesPage[Maintenance]):  # type: ignore[type-var]
    """The Maintenance tab: the windows in order, with buttons to add, edit, duplicate,
    remove and move them, and what the whole config finds wrong with them (a service named
    that is no longer there).

    Args:
        backend: For the editors.
        services: The services as edited: the names a window may give.
        sources: The sources as edited: their targets are services too.
        config: The settings around the windows.
        pending: The settings dialog's secret values typed but not yet stored (none here).

    Signals:
        changed(): a window was added, edited, duplicated, removed or moved.
    """

    def __init__(
        self,
        backend: SettingsBackend,
        *,
        services: Callable[[], Sequence[Service]],
        sources: Callable[[], Sequence[Source]],
        config: Callable[[], Config],
        pending: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            backend,
            noun="maintenance window",
            title=_("Maintenance windows"),
            tips={
                "add": _("Add planned work: one window, or one that comes back."),
                "edit": _("Edit the selected maintenance window."),
                "duplicate": _("Add a copy of the selected maintenance window."),
                "remove": _("Remove the selected maintenance window."),
                "up": _("Show this window earlier."),
                "down": _("Show this window later."),
            },
            config=config,
            pending=pending,
            hint=_(MAINTENANCE_HINT),
            parent=parent,
        )
        self._services = services
        self._sources = sources

    def follow_rename(self, old: str, new: str) -> int:
        """Name the service renamed from ``old`` to ``new`` in the windows that named it; how
        many windows did."""
        count = 0
        for index, window in enumerate(self._entries):
            names = [
                new if n.strip().casefold() == old.strip().casefold() else n
                for n in window.services
            ]
            if names != window.services:
                self._entries[index] = window.model_copy(update={"services": names})
                count += 1
        if count:
            self.refresh()
        return count

    def _title(self, entry: Maintenance) -> str:
        covered = ", ".join(entry.services) if entry.services else _("every service")
        return f"{entry.name or window_words(entry)}    ({covered})"

    def _tooltip_lines(self, entry: Maintenance) -> list[str]:
        lines = [window_words(entry)]
        covered = ", ".join(entry.services) if entry.services else _("every service")
        lines.append(_("covers: {services}").format(services=covered))
        if entry.reason:
            lines.append(_("reason: {reason}").format(reason=entry.reason))
        return lines

    def _new_editor(
        self, entry: Maintenance | None, others: list[Maintenance]
    ) -> MaintenanceEditor:
        return MaintenanceEditor(
            entry,
            backend=self._backend,
            config=self._config(),
            services=[s.name for s in self._services()],
            sources=[s.name for s in self._sources()],
            parent=self,
        )
