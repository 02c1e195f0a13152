"""The command line. ``trayapp`` alone starts the tray; the other commands run headless.

Exit status follows the monitoring-plugins convention (see :class:`Exit`), so that
``trayapp check`` works as a Nagios or Icinga plugin. A bad config or bad usage prints one
clear message and exits 3, never argparse's 2 and never a traceback.

Everything it prints for people, argparse's own words too (:mod:`trayapp.cli_words`), is in
the user's language (:mod:`trayapp.core.i18n`); JSON output and the names of commands and
options are not translated.

Only the GUI command imports Qt; everything else stays importable on a machine without a
display, and ``trayapp --version`` imports nothing but this module.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, TextIO

from trayapp.cli_parser import UsageError, command_line
from trayapp.core.i18n import _, ngettext

if TYPE_CHECKING:
    from trayapp.core.config.running import Config
    from trayapp.core.paths import Paths

__all__ = ["Exit", "UsageError", "main"]


class Exit(IntEnum):
    """Exit statuses of the monitoring-plugins convention."""

    OK = 0
    DEGRADED = 1
    DOWN = 2
    UNKNOWN = 3
    """Offline, no data, a bad config or bad usage."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Every file trayapp makes from here on is the user's alone (umask 077): the history, its
    journal, the log and its rotations, exports. The modules that make them also set the
    modes themselves, for callers that do not come through here.
    """
    if hasattr(os, "umask"):
        os.umask(0o077)
    from trayapp.cli_words import argparse_translated

    try:
        with argparse_translated():
            args = command_line().parse_args(argv)
        command: Callable[[argparse.Namespace], int] = _COMMANDS[args.command]
        if args.command is not None:
            from trayapp.logs import configure_logging

            configure_logging(None)
        return command(args)
    except UsageError as error:
        _fail(str(error))
        return Exit.UNKNOWN
    except KeyboardInterrupt:
        return 130


def _fail(message: str, stream: TextIO | None = None) -> None:
    print(f"trayapp: {message}", file=stream or sys.stderr)


def _paths(args: argparse.Namespace) -> Paths:
    from trayapp.core.paths import Paths

    return Paths.resolve(os.environ, config=args.config, data_dir=args.data_dir)


def _run_gui(args: argparse.Namespace) -> int:
    # Qt and the glyph painter only: the monitor is imported once the icon is shown.
    from trayapp.logs import configure_logging
    from trayapp.ui.start import run

    paths = _paths(args)
    configure_logging(paths.log_dir)
    return run(paths)


def _run_config(args: argparse.Namespace) -> int:
    from trayapp.core.config.example import example_config
    from trayapp.core.config.file import ConfigError, create_config, load_config
    from trayapp.core.formats import format_number

    if args.action == "schema":
        from trayapp.core.config.schema import schema_text

        sys.stdout.write(schema_text())
        return Exit.OK
    paths = _paths(args)
    if args.action == "path":
        print(paths.config)
        return Exit.OK
    if args.action == "init":
        try:
            create_config(paths.config, example_config())
        except FileExistsError:
            _fail(_("{path} already exists; not overwriting it").format(path=paths.config))
            return Exit.UNKNOWN
        except OSError as error:
            # Translators: {reason} is the system's, e.g. "Permission denied".
            _fail(
                _("{path}: cannot write: {reason}").format(
                    path=paths.config, reason=error.strerror or error
                )
            )
            return Exit.UNKNOWN
        print(_("wrote an example config to {path}").format(path=paths.config))
        return Exit.OK
    try:
        loaded = load_config(paths.config, missing_ok=not paths.config_given)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return Exit.UNKNOWN
    if not loaded.exists:
        print(
            _(
                "{path}: no config file yet; trayapp starts with no services "
                "('trayapp config init' writes an example)"
            ).format(path=paths.config)
        )
        return Exit.OK
    count = len(loaded.config.services)
    print(
        ngettext("{path}: valid, {count} service", "{path}: valid, {count} services", count).format(
            path=paths.config, count=format_number(count)
        )
    )
    from trayapp.core.config.running import record
    from trayapp.core.probes import ping_warning

    warning = ping_warning(record(loaded.config))
    if warning is not None:
        print(
            _("{path}: warning: {warning}").format(path=paths.config, warning=warning),
            file=sys.stderr,
        )
    return Exit.OK


def _load(paths: Paths) -> Config | None:
    """The config's records, or None once its problems are printed."""
    from trayapp.core.config.reading import ConfigError, load_config
    from trayapp.core.config.running import record

    try:
        return record(load_config(paths.config, missing_ok=not paths.config_given).config)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return None


def _run_check(args: argparse.Namespace) -> int:
    import asyncio
    import json

    paths = _paths(args)
    config = _load(paths)
    if config is None:
        return Exit.UNKNOWN
    services = list(config.services)
    sources = list(config.sources)
    wanted: set[str] | None = None
    if args.names:
        # "prometheus/https://shop.example/" names a target of a source: known once it is read.
        unknown = [
            name
            for name in args.names
            if config.service(name) is None and _source_of(config, name) is None
        ]
        if unknown:
            # Translators: said where a list of the services would be, when there are none.
            known = ", ".join(repr(s.name) for s in config.services) or _("none")
            missing = ", ".join(repr(name) for name in unknown)
            _fail(
                # Translators: {names} are the names asked for, {known} those there are.
                _("no service named {names} in {path} (services: {known})").format(
                    names=missing, path=paths.config, known=known
                )
            )
            return Exit.UNKNOWN
        wanted = {name.strip().casefold() for name in args.names}
        services = [s for s in services if s.name.strip().casefold() in wanted]
        needed = {r.source.casefold() for s in services for r in s.remote}
        needed |= {key for name in args.names if (key := _source_of(config, name)) is not None}
        sources = [s for s in sources if s.name.casefold() in needed]

    def derived(name: str) -> bool:
        return wanted is None or name.strip().casefold() in wanted

    if not services and not sources:
        _fail(
            _("no services to check in {path} ('trayapp config init' writes an example)").format(
                path=paths.config
            )
        )
        if not args.json:
            return Exit.UNKNOWN

    from trayapp.core.probes import Prober
    from trayapp.core.report.check import CheckReport, check_services
    from trayapp.core.vendors.poller import vendor_client

    async def check_once() -> CheckReport:
        async with (
            Prober.from_config(config.network, os.environ) as prober,
            vendor_client(prober.proxies) as pages,
        ):
            return await check_services(
                config,
                services,
                prober,
                pages,
                sources=sources,
                derived=derived,
                outside_client=pages,  # made as the status pages' is: the same proxies
            )

    report = asyncio.run(check_once())
    print(json.dumps(report.to_json(), indent=2) if args.json else report.table())
    return _EXIT_FOR[report.overall]


def _source_of(config: Config, name: str) -> str | None:
    """The source (its name in lower case) whose target ``name`` names, as in
    ``prometheus/https://shop.example/``; None when it names none."""
    prefix, slash, target = name.partition("/")
    source = config.source(prefix) if slash and target else None
    return None if source is None or not source.services else source.name.casefold()


def _run_watch(args: argparse.Namespace) -> int:
    import asyncio
    import contextlib
    import gc
    import signal

    from trayapp.core.monitor import Engine, Event
    from trayapp.core.report.texts import event_line
    from trayapp.core.store import StoreError

    paths = _paths(args)
    config = _load(paths)
    if config is None:
        return Exit.UNKNOWN
    if not config.services and not config.sources:
        _fail(
            _("no services to watch in {path} ('trayapp config init' writes an example)").format(
                path=paths.config
            )
        )
        return Exit.UNKNOWN

    def emit(event: Event) -> None:
        print(event.to_json() if args.json else event_line(event), flush=True)

    async def watch() -> str:
        stop = asyncio.Event()
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        async with Engine(config, data_dir=paths.data_dir, emit=emit) as engine:
            # What is made by now (modules, the config, the engine) lives as long as the
            # watch: kept out of the cyclic collector's way, its collections look at what the
            # rounds make, not at a thousand services' settings every time (as the tray does).
            gc.collect()
            gc.freeze()
            print(
                _watching(len(config.services), len(config.sources), args.duration),
                file=sys.stderr,
                flush=True,
            )
            runner = asyncio.create_task(engine.run())
            stopper = asyncio.create_task(stop.wait())
            try:
                done, _pending = await asyncio.wait(
                    {runner, stopper}, timeout=args.duration, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                # Ctrl-C cancels this task: the monitor must still end (and write the rounds
                # it holds) before the engine closes the store.
                for task in (runner, stopper):
                    task.cancel()
                await asyncio.gather(runner, stopper, return_exceptions=True)
            if runner in done:
                runner.result()  # the monitor ended by itself: only a bug does that
            return engine.monitor.snapshot().tray_status.value

    try:
        return _EXIT_FOR[asyncio.run(watch())]
    except StoreError as error:
        _fail(str(error))
        return Exit.UNKNOWN
    except OSError as error:
        _fail(f"{paths.data_dir}: {error.strerror or error}")
        return Exit.UNKNOWN


def _watching(services: int, sources: int, duration: float | None) -> str:
    """What ``trayapp watch`` says as it starts: ``watching 2 services; Ctrl-C stops``."""
    from trayapp.core.formats import format_number

    what = ngettext("{count} service", "{count} services", services).format(
        count=format_number(services)
    )
    if sources:
        # Translators: "2 services and 1 source", the counts translated on their own.
        what = _("{services} and {sources}").format(
            services=what,
            sources=ngettext("{count} source", "{count} sources", sources).format(
                count=format_number(sources)
            ),
        )
    if duration:
        return _("watching {what} for {seconds} s").format(
            what=what, seconds=format_number(duration)
        )
    return _("watching {what}; Ctrl-C stops").format(what=what)


def _run_incidents(args: argparse.Namespace) -> int:
    from trayapp.cli_history import run_incidents

    return run_incidents(
        _paths(args),
        since=args.since,
        open_only=args.open,
        vendor_record=args.vendor_record,
        as_json=args.json,
    )


def _run_history(args: argparse.Namespace) -> int:
    from trayapp.cli_history import run_history

    paths = _paths(args)
    config = _load(paths)
    if config is None:
        return Exit.UNKNOWN
    return run_history(paths, config, args.names, since=args.since, as_json=args.json)


def _run_catalog(args: argparse.Namespace) -> int:
    from trayapp.cli_catalog import run_catalog

    return run_catalog(" ".join(args.query), as_json=args.json)


def _run_add(args: argparse.Namespace) -> int:
    from trayapp.cli_catalog import run_add

    return run_add(_paths(args), args.names)


_EXIT_FOR: dict[str, Exit] = {  # by TrayStatus, whose values these are
    "up": Exit.OK,
    "paused": Exit.OK,
    "maintenance": Exit.OK,
    "degraded": Exit.DEGRADED,
    "down": Exit.DOWN,
    "unknown": Exit.UNKNOWN,
    "offline": Exit.UNKNOWN,
}

_COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _run_gui,
    "config": _run_config,
    "check": _run_check,
    "watch": _run_watch,
    "incidents": _run_incidents,
    "catalog": _run_catalog,
    "add": _run_add,
    "history": _run_history,
}
