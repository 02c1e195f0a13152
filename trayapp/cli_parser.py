"""The command line's grammar: commands, options and their help.

Every word of it a person reads is translated (:mod:`trayapp.core.i18n`), the placeholders
of the usage (``FILE``, ``NAME``) too; the names of commands and options are not, so that a
script works whatever the language.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from trayapp import __version__
from trayapp.core.i18n import _

__all__ = ["Parser", "UsageError", "command_line"]


class UsageError(Exception):
    """The command line was wrong; the message says how, in one line."""


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are :class:`UsageError`, for ``main`` to print."""

    def error(self, message: str) -> NoReturn:
        # Translators: {message} is argparse's, {command} the command, e.g. "trayapp check".
        raise UsageError(
            _("{message} (see '{command} --help')").format(message=message, command=self.prog)
        )


def _add_global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--config",
        # Translators: placeholders in the command line's help are one word in capitals.
        metavar=_("FILE"),
        default=default,
        help=_("the config file (default: $TRAYAPP_CONFIG, else the platform's config folder)"),
    )
    parser.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        default=default,
        help=_("where history is kept (default: $TRAYAPP_DATA_DIR, else the platform's)"),
    )


def command_line() -> Parser:
    """trayapp's command line: its options, commands and their help, in the user's language.

    Build it inside :func:`~trayapp.cli_words.argparse_translated`, where argparse's own
    words are translated too.
    """
    parser = Parser(
        prog="trayapp",
        description=_("Is it down, or is it just me? With no command, starts the tray."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"trayapp {__version__}",
        help=_("show the version and exit"),
    )
    _add_global_options(parser, default=None)
    # The same options after the command (`trayapp check --config F`); SUPPRESS keeps a
    # subcommand from resetting what was given before it.
    common = Parser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)

    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)
    config = commands.add_parser(
        "config", parents=[common], help=_("show, check or create the config file")
    )
    config_actions = config.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    config_actions.add_parser("path", parents=[common], help=_("print the config file's path"))
    config_actions.add_parser(
        "validate", parents=[common], help=_("check the config file; exit 3 if it is bad")
    )
    config_actions.add_parser(
        "init", parents=[common], help=_("write a commented example config file")
    )
    config_actions.add_parser(
        "schema", parents=[common], help=_("print the config file's JSON Schema, for editors")
    )
    check = commands.add_parser(
        "check",
        parents=[common],
        help=_("check every (or the named) service once, print the result, exit 0/1/2/3"),
        description=_(
            "Check every service (or the named ones) once and print what was found. "
            "Exit status: 0 all up, 1 something degraded, 2 something down, 3 unknown or "
            "offline."
        ),
    )
    check.add_argument("--json", action="store_true", help=_("print one JSON object"))
    check.add_argument("names", nargs="*", metavar=_("NAME"), help=_("a service's name"))
    watch = commands.add_parser(
        "watch",
        parents=[common],
        help=_("run the monitor without a GUI, printing each event and keeping history"),
        description=_(
            "Check every service on its interval and print each event as it happens "
            "(Ctrl-C stops). With --for, stop after that long; the exit status is then the "
            "final overall status, as for check."
        ),
    )
    watch.add_argument("--json", action="store_true", help=_("print one JSON object a line"))
    watch.add_argument(
        "--for",
        dest="duration",
        metavar=_("DURATION"),
        type=_duration,
        # Translators: "s" and "h" are written as they are: the command line reads them.
        help=_('e.g. "90s", "1h"'),
    )
    incidents = commands.add_parser(
        "incidents", parents=[common], help=_("list past and open incidents, latest first")
    )
    incidents.add_argument("--json", action="store_true", help=_("print a JSON list"))
    incidents.add_argument("--open", action="store_true", help=_("only the open incidents"))
    incidents.add_argument(
        "--vendor-record",
        action="store_true",
        help=_(
            "instead of the incidents, each service's status page graded over them: how "
            "many confirmed outages it acknowledged, and how late"
        ),
    )
    incidents.add_argument(
        "--since",
        metavar=_("DURATION"),
        type=_duration,
        help=_('only incidents open or ended this recently, e.g. "24h", "7d"'),
    )
    catalog = commands.add_parser(
        "catalog",
        parents=[common],
        # Translators: QUERY is the placeholder of the same name in the usage.
        help=_("list the well-known services trayapp knows (or those QUERY matches), best first"),
    )
    catalog.add_argument("--json", action="store_true", help=_("print a JSON list"))
    catalog.add_argument(
        "query",
        nargs="*",
        metavar=_("QUERY"),
        help=_("words of a name, alias, category or component"),
    )
    add = commands.add_parser(
        "add",
        parents=[common],
        help=_("add services from the catalogue, or addresses, to the config file"),
        description=_(
            "Add each NAME (a service, alias or component of the catalogue, as "
            "'trayapp catalog' lists them) or http(s) URL to the config file, keeping its "
            "comments; all of them or, if any is unknown or already there, none (exit 3)."
        ),
    )
    add.add_argument(
        "names",
        nargs="+",
        metavar=_("NAME|URL"),
        help=_('e.g. "{example}"').format(example="GitHub Actions"),
    )
    history = commands.add_parser(
        "history",
        parents=[common],
        help=_("each service's uptime over 24 h, 7 d and 30 d, response times and incidents"),
        description=_(
            "Uptime (rounds up or degraded of those judged) over the last 24 h, 7 d "
            "and 30 d; response time p50 and p95 of the answered rounds and the incidents, "
            "over --since (default 30 d). Rounds while the network was down, or the service "
            "snoozed, count for neither."
        ),
    )
    history.add_argument("--json", action="store_true", help=_("print one JSON object"))
    history.add_argument(
        "--since",
        # Translators: a placeholder for a duration, one letter; the help below names it.
        metavar=_("D"),
        type=_duration,
        help=_('response times and incidents over the last D (default 30 d), e.g. "7d"'),
    )
    history.add_argument("names", nargs="*", metavar=_("NAME"), help=_("a service's name"))
    return parser


def _duration(text: str) -> float:
    from trayapp.core.config.durations import DurationError, parse_duration

    try:
        return parse_duration(text)
    except DurationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
