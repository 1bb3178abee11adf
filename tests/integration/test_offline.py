"""The engine never touches the network: no internet socket, no name lookup, no URL fetch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import resources

pytestmark = pytest.mark.model

# Runs in a child process so the audit hook sees everything from interpreter start-up on:
# spaCy's import and pipeline load, the readers, the rules and the report.
_PROBE = """
import json, sys
seen = []
REACH_OUT = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
             "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request",
             "http.client.connect", "ftplib.connect", "smtplib.connect")
LOOPBACK = ("::1", "127.0.0.1", "localhost")
def hook(event, args):
    # spaCy imports requests, whose urllib3 probes IPv6 support at import by binding a socket to
    # ::1 (loopback; nothing is sent). Any bind elsewhere, lookup, connect or send is a failure.
    if event in REACH_OUT or (event == "socket.bind" and args[1][0] not in LOOPBACK):
        seen.append(event)
sys.addaudithook(hook)
from assistant import cli
code = cli.main(["compare", *sys.argv[1:], "--format", "json", "-o", "/dev/null"])
print(json.dumps({"code": code, "events": seen}))
"""


def test_compare_opens_no_socket_and_fetches_nothing() -> None:
    samples = sorted(str(p) for p in resources.path("samples").glob("*.docx"))
    assert len(samples) == 3
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *samples],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout.strip().splitlines()[-1])
    assert verdict == {"code": 0, "events": []}
