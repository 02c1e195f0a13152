"""The commands that read the history: ``trayapp incidents`` and ``trayapp history``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trayapp.cli import Exit
from trayapp.core.i18n import _

if TYPE_CHECKING:
    from trayapp.core.config.running import Config
    from trayapp.core.paths import Paths

__all__ = ["run_history", "run_incidents"]


def run_incidents(
    paths: Paths, *, since: float | None, open_only: bool, vendor_record: bool, as_json: bool
) -> int:
    """``trayapp incidents``: the incidents of the last ``since`` seconds (all, when None),
    only open ones with ``open_only``; with ``vendor_record`` each service's status page's
    record instead. Returns the exit status."""
    import json
    from datetime import UTC, datetime, timedelta

    from trayapp.core.report.texts import incidents_table
    from trayapp.core.store.history import DB_FILE, Store, StoreError

    now = datetime.now(UTC)
    start = now - timedelta(seconds=since) if since else None
    found = []
    if (paths.data_dir / DB_FILE).exists():  # no history yet: nothing to list, nothing to make
        try:
            with Store.open(paths.data_dir) as store:
                found = store.incidents(limit=2**31, since=start, open_only=open_only)
        except StoreError as error:
            print(f"trayapp: {error}", file=sys.stderr)
            return Exit.UNKNOWN
    if vendor_record:
        from trayapp.core.report.grading import grade_services
        from trayapp.core.text import printable

        records = grade_services(found, _platforms(paths))
        if as_json:
            print(json.dumps([record.to_json() for record in records], indent=2))
        else:
            print("\n".join(printable(r.sentence) for r in records) or _("no incidents"))
    elif as_json:
        print(json.dumps([incident.to_record(now) for incident in found], indent=2))
    else:
        print(incidents_table(found, now))
    return Exit.OK


def run_history(
    paths: Paths, config: Config, names: Sequence[str], *, since: float | None, as_json: bool
) -> int:
    """``trayapp history``: each service's uptime, response times and incidents (see
    :mod:`trayapp.core.report.history`). Returns the exit status."""
    from datetime import UTC, datetime, timedelta

    from trayapp.core.config import group_names
    from trayapp.core.report.history import SINCE
    from trayapp.core.report.history_text import UnknownService, history_output
    from trayapp.core.store import StoreError

    window = SINCE if since is None else timedelta(seconds=since)
    configured = [service.name for service in config.services]
    try:
        output = history_output(
            paths.data_dir,
            configured,
            names,
            now=datetime.now(UTC),
            since=window,
            as_json=as_json,
            groups=group_names(config.services),
        )
    except (UnknownService, StoreError) as error:
        print(f"trayapp: {error}", file=sys.stderr)
        return Exit.UNKNOWN
    print(output)
    return Exit.OK


def _platforms(paths: Paths) -> dict[str, str | None]:
    """Each configured service's status page platform, where its address alone tells it
    (a well-known page); the incidents need no config, so a bad one just tells nothing."""
    from trayapp.core.config.reading import ConfigError, load_config
    from trayapp.core.vendors.detect import known_platform

    try:
        config = load_config(paths.config, missing_ok=not paths.config_given).config
    except ConfigError:
        return {}
    found: dict[str, str | None] = {}
    for service in config.services:
        platform = None if service.status_page is None else known_platform(str(service.status_page))
        found[service.name] = None if platform is None else platform.value
    return found
