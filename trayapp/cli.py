"""The command line. ``trayapp`` alone starts the tray; the other commands run headless.

Exit status follows the monitoring-plugins convention (see :class:`Exit`), so that
``trayapp check`` works as a Nagios or Icinga plugin. A bad config or bad usage prints one
clear message and exits 3, never argparse's 2 and never a traceback.

Only the GUI command imports Qt; everything else stays importable on a machine without a
display, and ``trayapp --version`` imports nothing but this module.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, NoReturn, TextIO

from trayapp import __version__

if TYPE_CHECKING:
    from trayapp.core.config.model import Config
    from trayapp.core.paths import Paths

__all__ = ["Exit", "UsageError", "main"]


class Exit(IntEnum):
    """Exit statuses of the monitoring-plugins convention."""

    OK = 0
    DEGRADED = 1
    DOWN = 2
    UNKNOWN = 3
    """Offline, no data, a bad config or bad usage."""


class UsageError(Exception):
    """The command line was wrong; the message says how, in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help="the config file (default: $TRAYAPP_CONFIG, else the platform's config folder)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where history is kept (default: $TRAYAPP_DATA_DIR, else the platform's)",
    )


def _parser() -> _Parser:
    parser = _Parser(
        prog="trayapp",
        description="Is it down, or is it just me? With no command, starts the tray.",
    )
    parser.add_argument("--version", action="version", version=f"trayapp {__version__}")
    _add_global_options(parser, default=None)
    # The same options after the command (`trayapp check --config F`); SUPPRESS keeps a
    # subcommand from resetting what was given before it.
    common = _Parser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)

    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    config = commands.add_parser(
        "config", parents=[common], help="show, check or create the config file"
    )
    config_actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    config_actions.add_parser("path", parents=[common], help="print the config file's path")
    config_actions.add_parser(
        "validate", parents=[common], help="check the config file; exit 3 if it is bad"
    )
    config_actions.add_parser(
        "init", parents=[common], help="write a commented example config file"
    )
    config_actions.add_parser(
        "schema", parents=[common], help="print the config file's JSON Schema, for editors"
    )
    check = commands.add_parser(
        "check",
        parents=[common],
        help="check every (or the named) service once, print the result, exit 0/1/2/3",
        description="Check every service (or the named ones) once and print what was found. "
        "Exit status: 0 all up, 1 something degraded, 2 something down, 3 unknown or offline.",
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("names", nargs="*", metavar="NAME", help="a service's name")
    watch = commands.add_parser(
        "watch",
        parents=[common],
        help="run the monitor without a GUI, printing each event and keeping history",
        description="Check every service on its interval and print each event as it happens "
        "(Ctrl-C stops). With --for, stop after that long; the exit status is then the "
        "final overall status, as for check.",
    )
    watch.add_argument("--json", action="store_true", help="print one JSON object a line")
    watch.add_argument(
        "--for", dest="duration", metavar="DURATION", type=_duration, help='e.g. "90s", "1h"'
    )
    incidents = commands.add_parser(
        "incidents", parents=[common], help="list past and open incidents, latest first"
    )
    incidents.add_argument("--json", action="store_true", help="print a JSON list")
    incidents.add_argument("--open", action="store_true", help="only the open incidents")
    incidents.add_argument(
        "--vendor-record",
        action="store_true",
        help="instead of the incidents, each service's status page graded over them: how "
        "many confirmed outages it acknowledged, and how late",
    )
    incidents.add_argument(
        "--since",
        metavar="DURATION",
        type=_duration,
        help='only incidents open or ended this recently, e.g. "24h", "7d"',
    )
    catalog = commands.add_parser(
        "catalog",
        parents=[common],
        help="list the well-known services trayapp knows (or those QUERY matches), best first",
    )
    catalog.add_argument("--json", action="store_true", help="print a JSON list")
    catalog.add_argument(
        "query", nargs="*", metavar="QUERY", help="words of a name, alias, category or component"
    )
    add = commands.add_parser(
        "add",
        parents=[common],
        help="add services from the catalogue, or addresses, to the config file",
        description="Add each NAME (a service, alias or component of the catalogue, as "
        "'trayapp catalog' lists them) or http(s) URL to the config file, keeping its comments; "
        "all of them or, if any is unknown or already there, none (exit 3).",
    )
    add.add_argument("names", nargs="+", metavar="NAME|URL", help='e.g. "GitHub Actions"')
    history = commands.add_parser(
        "history",
        parents=[common],
        help="each service's uptime over 24 h, 7 d and 30 d, response times and incidents",
        description="Uptime (rounds up or degraded of those judged) over the last 24 h, 7 d "
        "and 30 d; response time p50 and p95 of the answered rounds and the incidents, over "
        "--since (default 30 d). Rounds while the network was down, or the service snoozed, "
        "count for neither.",
    )
    history.add_argument("--json", action="store_true", help="print one JSON object")
    history.add_argument(
        "--since",
        metavar="D",
        type=_duration,
        help='response times and incidents over the last D (default 30 d), e.g. "7d"',
    )
    history.add_argument("names", nargs="*", metavar="NAME", help="a service's name")
    return parser


def _duration(text: str) -> float:
    from trayapp.core.config.durations import DurationError, parse_duration

    try:
        return parse_duration(text)
    except DurationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Every file trayapp makes from here on is the user's alone (umask 077): the history, its
    journal, the log and its rotations, exports. The modules that make them also set the
    modes themselves, for callers that do not come through here.
    """
    if hasattr(os, "umask"):
        os.umask(0o077)
    try:
        args = _parser().parse_args(argv)
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
    # The core first: once PySide6 is imported, shiboken reads the source of every module
    # imported after it (to see whether it uses PySide), keeping megabytes of lines.
    import trayapp.runtime  # noqa: F401
    from trayapp.logs import configure_logging
    from trayapp.ui.app import run

    paths = _paths(args)
    configure_logging(paths.log_dir)
    return run(paths)


def _run_config(args: argparse.Namespace) -> int:
    from trayapp.core.config.example import example_config
    from trayapp.core.config.file import ConfigError, create_config, load_config
    from trayapp.core.text import plural

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
            _fail(f"{paths.config} already exists; not overwriting it")
            return Exit.UNKNOWN
        except OSError as error:
            _fail(f"{paths.config}: cannot write: {error.strerror or error}")
            return Exit.UNKNOWN
        print(f"wrote an example config to {paths.config}")
        return Exit.OK
    try:
        loaded = load_config(paths.config, missing_ok=not paths.config_given)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return Exit.UNKNOWN
    if not loaded.exists:
        print(
            f"{paths.config}: no config file yet; trayapp starts with no services "
            "('trayapp config init' writes an example)"
        )
        return Exit.OK
    count = len(loaded.config.services)
    print(f"{paths.config}: valid, {plural(count, 'service')}")
    from trayapp.core.probes import ping_warning

    warning = ping_warning(loaded.config)
    if warning is not None:
        print(f"{paths.config}: warning: {warning}", file=sys.stderr)
    return Exit.OK


def _load(paths: Paths) -> Config | None:
    """The config, or None once its problems are printed."""
    from trayapp.core.config.file import ConfigError, load_config

    try:
        return load_config(paths.config, missing_ok=not paths.config_given).config
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
            known = ", ".join(repr(s.name) for s in config.services) or "none"
            missing = ", ".join(repr(name) for name in unknown)
            _fail(f"no service named {missing} in {paths.config} (services: {known})")
            return Exit.UNKNOWN
        wanted = {name.strip().casefold() for name in args.names}
        services = [s for s in services if s.name.strip().casefold() in wanted]
        needed = {r.source.casefold() for s in services for r in s.remote}
        needed |= {key for name in args.names if (key := _source_of(config, name)) is not None}
        sources = [s for s in sources if s.name.casefold() in needed]

    def derived(name: str) -> bool:
        return wanted is None or name.strip().casefold() in wanted

    if not services and not sources:
        _fail(f"no services to check in {paths.config} ('trayapp config init' writes an example)")
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
    from trayapp.core.text import plural

    paths = _paths(args)
    config = _load(paths)
    if config is None:
        return Exit.UNKNOWN
    if not config.services and not config.sources:
        _fail(f"no services to watch in {paths.config} ('trayapp config init' writes an example)")
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
            count, sources = len(config.services), len(config.sources)
            print(
                f"watching {plural(count, 'service')}"
                + (f" and {plural(sources, 'source')}" if sources else "")
                + (f" for {args.duration:g} s" if args.duration else "; Ctrl-C stops"),
                file=sys.stderr,
                flush=True,
            )
            runner = asyncio.create_task(engine.run())
            stopper = asyncio.create_task(stop.wait())
            try:
                done, _ = await asyncio.wait(
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
