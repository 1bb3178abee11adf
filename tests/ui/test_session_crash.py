"""Crash safety of sessions: writers killed with SIGKILL, and the real app killed mid-review."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from assistant.ui import app, main_window, session
from tests.conftest import ROOT
from tests.ui import factories, session_probe, session_writer

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")

KILLS = 200


def test_200_kills_during_saves_leave_every_session_readable() -> None:
    folder = session.file_for("any").parent
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.session_writer", str(folder), str(KILLS), "20260"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    summary = json.loads(done.stdout)
    assert summary["kills"] == KILLS and summary["writes"] > KILLS  # kills landed among writes
    files = sorted(folder.glob("*.json"))
    written = {name for kill in range(KILLS) for name in session_writer.identifiers(kill)}
    assert {f.stem for f in files} <= written
    assert len(files) > KILLS  # most writers got past their first round of three files
    for path in files:
        reviewed = session.read(path)  # the loader the app uses: no error
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data == session_writer.state(path.stem, reviewed.revision), path.name
    strays = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert strays, "no kill landed inside a write: the test proves nothing"
    # The next start removes what the killed writers left, once no live writer can own it.
    old = time.time() - session.STALE_AFTER_S - 1
    for path in strays:
        os.utime(path, (old, old))
    session.open_for(factories.review().drafts)
    assert sorted(p.name for p in folder.iterdir()) == [f.name for f in files]


def _probe(mode: str, paths: list[str]) -> list[str]:
    return [sys.executable, "-m", "tests.ui.session_probe", mode, *paths]


def _lines_until_ready(child: subprocess.Popen[str]) -> dict[str, Any]:
    """Everything the working probe says, merged, once it says it is ready to be killed."""
    said: dict[str, Any] = {}
    assert child.stdout is not None
    for line in child.stdout:
        said |= json.loads(line)
        assert "error" not in said, said["error"]
        if said.get("ready"):
            return said
    raise AssertionError(f"the probe ended without being ready: {said}")


@pytest.mark.model
def test_app_killed_mid_review_reopens_with_decisions_notes_and_selection() -> None:
    """kill -9 while typing a note: a fresh app shows every decision and note saved before it."""
    samples = app.sample_paths()
    if not samples:
        pytest.skip("resources/samples has no .docx drafts")
    assert main_window.AUTOSAVE_MS <= 5000  # "a few seconds at most" of work can be lost
    child = subprocess.Popen(
        _probe("work", samples), stdout=subprocess.PIPE, text=True, cwd=ROOT, bufsize=1
    )
    watchdog = threading.Timer(150, child.kill)  # a hung child must not hang the suite
    watchdog.start()
    try:
        said = _lines_until_ready(child)
        # Anywhere in the autosave cycle: before, during or after the next save of the typing.
        time.sleep(random.uniform(0, main_window.AUTOSAVE_MS / 1000))
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        watchdog.cancel()
        child.kill()
        if child.stdout is not None:
            child.stdout.close()
    done = subprocess.run(
        _probe("report", samples), capture_output=True, text=True, cwd=ROOT, timeout=150
    )
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    decided = said["decided"]
    shown = {row["row"]: row for row in seen["rows"]}
    assert sorted(shown) == sorted(d["row"] for d in decided)
    for entry in decided:
        assert shown[entry["row"]]["decision"] == entry["decision"]
    top, second, third = (d["row"] for d in decided)
    assert top.startswith("Critical | Deleted") and "bulk" in top.lower()
    assert shown[top]["note"] == session_probe.NOTE_TOP
    assert shown[second]["note"] == ""
    # The note being typed at the kill holds what was typed up to some autosave: never torn.
    typing = shown[third]["note"].removeprefix(session_probe.NOTE_THIRD)
    assert typing and shown[third]["note"].startswith(session_probe.NOTE_THIRD)
    assert typing == "".join(str(n % 10) for n in range(len(typing)))
    assert seen["selected"] == third  # the change on show at the kill is on show again
