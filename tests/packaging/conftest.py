"""Packaging test set-up: the bundle in dist/ (skipped when never built), a no-network prefix."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
BUNDLE = ROOT / "dist" / "redline-assistant"
PROGRAM = "redline-assistant"


def project_version() -> str:
    """The version pyproject.toml declares: the one place it is written."""
    with (ROOT / "pyproject.toml").open("rb") as stream:
        version: str = tomllib.load(stream)["project"]["version"]
    return version


@pytest.fixture(scope="session")
def installed_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of dist/redline-assistant/ outside the checkout; skips when there is no bundle."""
    if not (BUNDLE / PROGRAM).is_file():
        pytest.skip("no bundle in dist/redline-assistant: `make package-test` builds and tests it")
    target = tmp_path_factory.mktemp("elsewhere") / "redline-assistant"
    shutil.copytree(BUNDLE, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def offline() -> list[str]:
    """A command prefix that runs a program with no network, or [] where that is not permitted.

    `unshare -rn` gives the program a network namespace of its own (loopback only, down) as an
    unprivileged user; containers that forbid user namespaces refuse it, and then the tests run
    with the machine's network and say so.
    """
    prefix = ["unshare", "-rn"]
    if shutil.which("unshare"):
        probe = subprocess.run(
            [*prefix, "cat", "/proc/net/dev"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            interfaces = {line.split(":")[0].strip() for line in probe.stdout.splitlines()[2:]}
            assert interfaces == {"lo"}, f"unshare -rn kept network interfaces: {interfaces}"
            return prefix
    warnings.warn("unshare -rn is not permitted here: the bundle ran with network", stacklevel=1)
    return []
