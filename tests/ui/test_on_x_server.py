"""Issue 4's acceptance on a real X server (Xvfb): the installed command opens three real drafts
in a window titled "Redline Assistant", analyses them, and keeps running."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.app_runs import wait_for_analysis

pytestmark = pytest.mark.model

PUBLISHED = "versions/Bonterms__Professional-Services-Agreement/published"
DRAFTS = ("PSA_V1.0.md", "PSA_V1.1.md", "PSA_V1.2.md")  # three published versions of a real PSA
TIMEOUT_S = 120


def test_three_real_drafts_open_in_a_titled_window_that_keeps_running(
    corpus: Path, x_display: str, tmp_path: Path
) -> None:
    if shutil.which("xwininfo") is None:
        pytest.skip("xwininfo is not installed (Debian: x11-utils)")
    drafts = [str(corpus / PUBLISHED / name) for name in DRAFTS]
    env = os.environ | {
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": x_display,
        "HOME": str(tmp_path),
        "REDLINE_ASSISTANT_HOME": str(tmp_path / "data"),
    }
    command = [str(Path(sys.executable).with_name("redline-assistant")), "open", *drafts]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as app:
        try:
            record = wait_for_analysis(tmp_path / "data" / "audit.jsonl", app, TIMEOUT_S)
            time.sleep(1)  # a little longer on screen: still running, not quitting after the work
            assert app.poll() is None, "the app quit by itself"
            windows = subprocess.run(
                ["xwininfo", "-root", "-tree", "-display", x_display],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            app.terminate()
            _, stderr = app.communicate(timeout=30)
    assert '"Redline Assistant"' in windows
    assert "Traceback" not in stderr, stderr
    assert [Path(d["path"]).name for d in record["details"]["drafts"]] == list(DRAFTS)
