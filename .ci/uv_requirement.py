"""Print the pip requirement for the uv that uv.lock pins, with every hash the lock has for it.

    python .ci/uv_requirement.py | python -m pip install --require-hashes --no-deps -r /dev/stdin

This is how make (and so .ci/run) bootstraps uv inside the virtual environment: the one
install that cannot come from ``uv sync`` still comes from the lock, by version and hash.
Standard library only (tomllib: Python 3.11).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "uv.lock"


def requirement(lock: dict[str, object], name: str = "uv") -> str:
    """``name==version --hash=...`` for every file the lock records of that package."""
    packages = lock.get("package")
    if not isinstance(packages, list):
        raise SystemExit(f"{LOCK.name}: no packages")
    for package in packages:
        if package.get("name") == name:
            files = [*package.get("wheels", []), package.get("sdist") or {}]
            hashes = [f"--hash={file['hash']}" for file in files if file.get("hash")]
            if not hashes:
                raise SystemExit(f"{LOCK.name}: no hashes for {name}")
            return " ".join([f"{name}=={package['version']}", *hashes])
    raise SystemExit(f"{LOCK.name} does not pin {name}: add it to the dev group and lock again")


if __name__ == "__main__":
    sys.stdout.write(requirement(tomllib.loads(LOCK.read_text(encoding="utf-8"))) + "\n")
