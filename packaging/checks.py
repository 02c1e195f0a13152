"""Helpers of packaging/check, one subcommand each; stdlib only, run by the dev venv's Python.

    python packaging/checks.py wheel DIST           the wheel and sdist in DIST hold what they must
    python packaging/checks.py serve PORT_FILE      serve a page on 127.0.0.1 until killed
    python packaging/checks.py check-json FILE      FILE is `trayapp check --json` output, all up
    python packaging/checks.py flatpak MANIFEST     the manifest's keys, permissions and modules
    python packaging/checks.py icons THEME          every hicolor size of the app icon is there

Each prints what it checked and exits non-zero, naming the problem, when a check fails.
"""

from __future__ import annotations

import http.server
import json
import re
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.trayapp.TrayApp"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


class Failed(Exception):
    """A packaging check failed; the message says which and why."""


def _say(message: str) -> None:
    sys.stdout.write(f"   ok: {message}\n")
    sys.stdout.flush()


def wheel(dist: str) -> None:
    """The wheel carries the package and its resources; the sdist the sources and packaging."""
    folder = Path(dist)
    wheels, sdists = sorted(folder.glob("*.whl")), sorted(folder.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise Failed(f"expected one wheel and one sdist in {folder}, found {wheels + sdists}")
    with zipfile.ZipFile(wheels[0]) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        wanted = [
            "trayapp/cli.py",
            "trayapp/resources/icons/trayapp.svg",
            "trayapp/resources/config.schema.json",
            "trayapp/resources/locale/de/LC_MESSAGES/trayapp.mo",
            *(
                f"trayapp/resources/icons/status/{status}.svg"
                for status in ("up", "degraded", "down", "unknown", "offline", "paused")
            ),
        ]
        missing = [name for name in wanted if name not in names]
        if missing:
            raise Failed(f"{wheels[0].name} lacks {', '.join(missing)}")
        if any(name.startswith(("tests/", "bench/", "packaging/")) for name in names):
            raise Failed(f"{wheels[0].name} carries tests, benchmarks or packaging")
        if "trayapp = trayapp.cli:main" not in archive.read(entry_points).decode():
            raise Failed(f"{wheels[0].name} has no trayapp console script")
        if "Is it down, or is it just me?" not in archive.read(metadata).decode():
            raise Failed(f"{wheels[0].name}: the README is not its long description")
    _say(
        f"{wheels[0].name}: the package, its icons, config schema and translations, the "
        "trayapp command"
    )
    with tarfile.open(sdists[0]) as archive:
        top = sdists[0].name.removesuffix(".tar.gz")
        members = {member.removeprefix(f"{top}/") for member in archive.getnames()}
    wanted = [
        "pyproject.toml",
        "README.md",
        "resources/icons/trayapp.svg",
        "resources/config.schema.json",
        "resources/locale/trayapp.pot",
        "resources/locale/de/LC_MESSAGES/trayapp.po",
        f"packaging/linux/{APP_ID}.desktop",
        f"packaging/linux/{APP_ID}.metainfo.xml",
        "packaging/pyinstaller/trayapp.spec",
        f"packaging/flatpak/{APP_ID}.json",
    ]
    missing = [name for name in wanted if name not in members]
    if missing:
        raise Failed(f"{sdists[0].name} lacks {', '.join(missing)}")
    _say(f"{sdists[0].name}: sources, resources and packaging files")


def serve(port_file: str) -> None:
    """Serve a one-page folder on 127.0.0.1, on a free port written to ``port_file``.

    The folder is made beside ``port_file``, so that it goes with the check's other files
    (the server is killed, so it cannot remove anything itself).
    """
    folder = Path(port_file).with_name("site")
    folder.mkdir()
    (folder / "index.html").write_text("<p>all is well</p>\n", encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=folder, **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the stdlib name)
            pass  # the check prints what matters

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet) as server:
        written = Path(port_file + ".tmp")
        written.write_text(str(server.server_address[1]), encoding="utf-8")
        written.replace(port_file)
        server.serve_forever()


def check_json(path: str) -> None:
    """``trayapp check --json`` found every service up."""
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    services = report["services"]
    if report["overall"] != "up" or not services:
        raise Failed(f"trayapp check says {report['overall']}: {json.dumps(report)}")
    _say(f"trayapp check --json: overall up, {', '.join(s['name'] for s in services)}")


def _dependency_names(requirements: list[str]) -> set[str]:
    return {
        re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements
    }


def flatpak(manifest: str) -> None:
    """The manifest parses, has the app's id and command, and the permissions trayapp needs."""
    path = Path(manifest)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("runtime", "runtime-version", "sdk", "command", "finish-args", "modules"):
        if not data.get(key):
            raise Failed(f"{path.name}: no {key}")
    if data.get("id", data.get("app-id")) != APP_ID or path.stem != APP_ID:
        raise Failed(f"{path.name}: the app id must be {APP_ID}")
    if data["command"] != "trayapp":
        raise Failed(f"{path.name}: the command must be trayapp")
    args = set(data["finish-args"])
    required = [
        "--share=network",
        "--socket=wayland",
        "--talk-name=org.freedesktop.Notifications",
        "--talk-name=org.kde.StatusNotifierWatcher",
    ]
    missing = [arg for arg in required if arg not in args]
    if not args & {"--socket=fallback-x11", "--socket=x11"}:
        missing.append("--socket=fallback-x11")
    if not args & {
        "--talk-name=org.freedesktop.secrets",
        "--talk-name=org.freedesktop.portal.Secret",
    }:
        missing.append("--talk-name=org.freedesktop.secrets")
    if not any(arg.startswith("--own-name=org.kde.StatusNotifierItem-") for arg in args):
        missing.append("--own-name=org.kde.StatusNotifierItem-2-1")
    if missing:
        raise Failed(f"{path.name}: finish-args lack {', '.join(missing)}")
    _say(f"{path.name}: Wayland and X11, notifications, the tray, the keyring")
    commands = " ".join(c for m in data["modules"] for c in m.get("build-commands", []))
    if "--require-hashes" not in commands or "-r requirements.txt" not in commands:
        raise Failed(f"{path.name}: the dependencies must come from requirements.txt, hashed")
    requirements = path.with_name("requirements.txt")
    pinned = re.findall(r"^([A-Za-z0-9_.\-]+)==", requirements.read_text(encoding="utf-8"), re.M)
    installed = _dependency_names(pinned)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = _dependency_names(project["dependencies"]) - {"pyside6-essentials"}
    if needed - installed:
        raise Failed(
            f"{requirements}: pyproject.toml's dependencies {sorted(needed - installed)} are not "
            "pinned there (PySide6 comes from the base app): run make exports"
        )
    if "pyside6-essentials" in installed:
        raise Failed(f"{requirements}: PySide6 comes from the base app, not from pip")
    for wanted in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", "packaging/linux/icons"):
        if wanted not in commands:
            raise Failed(f"{path.name}: does not install {wanted}")
    _say(f"{path.name}: installs the locked dependencies but PySide6 (hashed), and the app")


def icons(theme: str) -> None:
    """A PNG of each hicolor size, of that size, and the scalable SVG, named by the app id."""
    folder = Path(theme)
    for size in ICON_SIZES:
        png = folder / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if not png.is_file():
            raise Failed(f"{png}: missing (packaging/linux/render_icons.py makes it)")
        header = png.read_bytes()[:24]
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        if header[:8] != b"\x89PNG\r\n\x1a\n" or (width, height) != (size, size):
            raise Failed(f"{png}: not a {size}×{size} PNG")
    if not (folder / "scalable" / "apps" / f"{APP_ID}.svg").is_file():
        raise Failed(f"{folder}/scalable/apps/{APP_ID}.svg: missing")
    _say(f"hicolor icons: {', '.join(map(str, ICON_SIZES))} and scalable")


COMMANDS = {
    "wheel": wheel,
    "serve": serve,
    "check-json": check_json,
    "flatpak": flatpak,
    "icons": icons,
}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]](sys.argv[2])
    except Failed as failure:
        sys.exit(f"FAILED: {failure}")
