"""The product never touches the network: no internet socket, no name lookup, no URL fetch.

Two independent proofs, over the command line's compare of the sample and over the desktop app on
the sample (offscreen), each run once in a child process:

- an audit hook (network_audit.py) sees every Python-level attempt from interpreter start on;
- strace sees the syscalls of the process and all its threads, native code included (Qt, libxml2,
  spaCy's extensions). Any connect or send to an AF_INET/AF_INET6 address fails the test, and so
  does a bind other than urllib3's IPv6 probe on ::1 (see network_audit.py). Local AF_UNIX sockets
  (nscd for the login name, D-Bus, the X server) are not network and are allowed.

The strace checks skip, saying why, where strace is missing or may not trace (CI installs it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant import resources

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
APP_PROBE = Path(__file__).with_name("app_probe.py")
TRACED = "socket,connect,bind,sendto,sendmsg,sendmmsg"
# -f: every thread and child; -yy: socket details on each descriptor; seccomp: only TRACED stop.
STRACE = ["strace", "-f", "-qq", "-yy", "--seccomp-bpf", "-e", "signal=none", f"-etrace={TRACED}"]
CANARY = "redline-strace-canary"  # an AF_UNIX connect each probe makes last, so strace is seen
_CALL = re.compile(r"^\d+\s+(?:<\.\.\.\s+)?(\w+)(?:\(| resumed>)")
_INTERNET = re.compile(r"AF_INET|<(?:TCP|UDP)")
_LOOPBACK = re.compile(r'inet_addr\("127\.0\.0\.1"\)|"::1"')
_SENDS = frozenset({"connect", "sendto", "sendmsg", "sendmmsg"})

# Runs in a child process so the hook sees everything from interpreter start-up on: spaCy's import
# and pipeline load, the readers, the rules and the report.
_CLI_PROBE = f"""
import json, os, socket, sys
from tests.integration import network_audit
events = network_audit.install()
from assistant import cli
report = os.path.join(os.environ["TMPDIR"], "report.json")
code = cli.main(["compare", *sys.argv[1:], "--format", "json", "-o", report])
print(json.dumps({{"code": code, "events": list(events)}}), flush=True)
with socket.socket(socket.AF_UNIX) as canary:
    canary.connect_ex("{CANARY}")
"""


@dataclass(frozen=True)
class Probe:
    """What a probe printed, and the network syscalls strace saw (None when it could not trace)."""

    verdict: dict[str, Any]
    syscalls: list[str] | None
    untraced: str


def _strace_unavailable() -> str:
    """Why strace cannot be used here ("" when it can)."""
    if shutil.which("strace") is None:
        return "strace is not installed (apt-get install strace)"
    trial = subprocess.run(
        [*STRACE, "-o", os.devnull, "true"], capture_output=True, text=True, check=False
    )
    if trial.returncode != 0:
        return f"strace may not trace here: {trial.stderr.strip()[:200]}"
    return ""


def _probe(command: list[str], sandbox: Path, **extra: str) -> Probe:
    """Run a probe in a sandboxed environment, under strace when possible."""
    for name in ("home", "data", "tmp"):
        (sandbox / name).mkdir(parents=True, exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    environment |= {
        "HOME": str(sandbox / "home"),
        "REDLINE_ASSISTANT_HOME": str(sandbox / "data"),
        "TMPDIR": str(sandbox / "tmp"),
        **extra,
    }
    untraced = _strace_unavailable()
    trace = sandbox / "strace.txt"
    prefix = [] if untraced else [*STRACE, "-o", str(trace)]
    result = subprocess.run(
        [*prefix, *command],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout.strip().splitlines()[-1])
    if untraced:
        return Probe(verdict, None, untraced)
    lines = trace.read_text(encoding="utf-8", errors="replace").splitlines()
    assert any(CANARY in line for line in lines), "strace did not see the probe's canary"
    return Probe(verdict, [line for line in lines if CANARY not in line], "")


def network_syscalls(lines: list[str]) -> list[str]:
    """The traced syscalls that reach for the network (see the module docstring)."""
    found = []
    for line in lines:
        call = _CALL.match(line)
        if call is None or not _INTERNET.search(line):
            continue
        name = call.group(1)
        if name in _SENDS or (name == "bind" and not _LOOPBACK.search(line)):
            found.append(line)
    return found


@pytest.fixture(scope="module")
def cli_probe(tmp_path_factory: pytest.TempPathFactory) -> Probe:
    """`compare` of the three sample drafts, once for the module."""
    samples = sorted(str(p) for p in resources.path("samples").glob("*.docx"))
    assert len(samples) == 3
    return _probe([sys.executable, "-c", _CLI_PROBE, *samples], tmp_path_factory.mktemp("cli"))


@pytest.fixture(scope="module")
def app_probe(tmp_path_factory: pytest.TempPathFactory) -> Probe:
    """The desktop app on the sample, offscreen, until its analysis is on screen."""
    sandbox = tmp_path_factory.mktemp("app")
    return _probe([sys.executable, str(APP_PROBE), CANARY], sandbox, QT_QPA_PLATFORM="offscreen")


def test_compare_opens_no_socket_and_fetches_nothing(cli_probe: Probe) -> None:
    assert cli_probe.verdict == {"code": 0, "events": []}


def test_app_opens_no_socket_and_never_loads_qtnetwork(app_probe: Probe) -> None:
    verdict = app_probe.verdict
    assert verdict["finished"] and verdict["failed"] is None
    assert verdict["code"] == 0
    assert verdict["events"] == []
    assert verdict["qtnetwork_module"] is False
    assert verdict["qtnetwork_library"] is not True  # None where /proc/PID/maps is missing


@pytest.mark.parametrize("probe", ["cli_probe", "app_probe"])
def test_no_network_syscall_even_from_native_code(
    probe: str, request: pytest.FixtureRequest
) -> None:
    traced: Probe = request.getfixturevalue(probe)
    if traced.syscalls is None:
        pytest.skip(traced.untraced)
    assert network_syscalls(traced.syscalls) == []


@pytest.mark.parametrize(
    ("line", "network"),
    [
        ('7 connect(3<TCP:[1]>, {sa_family=AF_INET, sin_addr=inet_addr("1.2.3.4")}, 16) = 0', True),
        ('7 connect(3<TCPv6:[1]>, {sa_family=AF_INET6, inet_pton(AF_INET6, "::1")}, 28) = 0', True),
        ('7 sendto(4<UDP:[9]>, "x", 1, 0, NULL, 0) = 1', True),
        ("7 <... connect resumed>{sa_family=AF_INET, sin_port=htons(53)}, 16) = 0", True),
        ('7 bind(7<TCPv6:[2]>, {sa_family=AF_INET6, inet_pton(AF_INET6, "::1")}, 28) = 0', False),
        ('7 bind(7<TCP:[2]>, {sa_family=AF_INET, sin_addr=inet_addr("0.0.0.0")}, 16) = 0', True),
        ('7 connect(8<UNIX-STREAM:[3]>, {sa_family=AF_UNIX, sun_path="/run/bus"}, 110) = 0', False),
        ("7 socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 7<TCPv6:[4]>", False),
    ],
)
def test_network_syscalls_are_told_from_local_ones(line: str, network: bool) -> None:
    assert network_syscalls([line]) == ([line] if network else [])
