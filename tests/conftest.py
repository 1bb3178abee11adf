"""Shared test set-up: every test gets its own data home; corpus paths skip cleanly when absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the real user data folder (PRODUCT.md: tests always set it)."""
    monkeypatch.setenv("REDLINE_ASSISTANT_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def corpus() -> Path:
    """The shared real-document corpus; skips the test when a fresh clone does not have it."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture(scope="session")
def x_display() -> Iterator[str]:
    """An X server of its own (Xvfb) for the xcb platform; skips where Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: xvfb)")
    read, write = os.pipe()
    with subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=[write],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as server:
        os.close(write)
        with os.fdopen(read) as numbers:
            display = numbers.readline().strip()
        try:
            assert display, "Xvfb did not report a display number"
            yield f":{display}"
        finally:
            server.terminate()
