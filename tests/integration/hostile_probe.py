"""Open each hostile file with `redline-assistant compare` in a process of its own, and measure it.

Run by tests/integration/test_hostile.py as `python hostile_probe.py JOB.json`, where the job names
a clean draft, the hostile files, the output and capture folders, the secret file and the timeout.

A server process imports the command line and builds the detector once (as the app's warm-up
does), then forks one child per file. The child runs `compare CLEAN FILE --format json -o
OUT/FILE.json` through `cli.main`, as the console script does, with stdout and stderr captured to
files. The server kills a child still running at the timeout (a hang) and reads its peak memory
from wait4(). A forked child's ru_maxrss leaves out the file-backed pages it shares with the server
and never touches, so the server's file-backed RSS is added; and a fresh process would also have
passed through the server's start-up peak. The larger of the two is an upper bound on what a
fresh process would reach. An audit hook records any network attempt and any opening of the secret.

Prints one JSON line per file, in order.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import network_audit  # a sibling module: this script's folder is first on sys.path

ADDRESS_SPACE = 2 * 1024**3  # a safety net for the machine; the bar (512 MiB RSS) is checked
POLL = 0.005

_events: list[str] = []


def _memory_kib() -> tuple[int, int]:
    """This process's peak RSS so far, and its resident file-backed and shared pages."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    kib = {name: int(value.split()[0]) for name, value in fields.items() if value.endswith("kB")}
    return kib["VmHWM"], kib.get("RssFile", 0) + kib.get("RssShmem", 0)


def _child(cli: Any, job: dict[str, Any], path: str) -> int:
    """Run the command line on one file with output captured; returns its exit code."""
    _events.clear()
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    name = Path(path).name
    captures = Path(job["captures"])
    for descriptor, suffix in ((1, "stdout"), (2, "stderr")):
        target = os.open(captures / f"{name}.{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(target, descriptor)
        os.close(target)
    output = str(Path(job["out"]) / f"{name}.json")
    code: int = cli.main(["compare", job["clean"], path, "--format", "json", "-o", output])
    sys.stdout.flush()
    sys.stderr.flush()
    (captures / f"{name}.events.json").write_text(json.dumps(_events))
    return code


def _wait(pid: int, timeout: float) -> tuple[int, Any, bool]:
    """Exit status and resource usage of a child, killed (hung) if it outlives the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, False
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return status, usage, True
        time.sleep(POLL)


def main() -> None:
    """Warm up, then open every file of the job in a forked child and print its measurements."""
    global _events
    job = json.loads(Path(sys.argv[1]).read_text())
    _events = network_audit.install(watched=job["secret"])
    import pypdf  # noqa: F401  (warm, like the detector: each child pays only for its file)

    from assistant import cli
    from assistant.review import analysis

    detector = analysis.default_detector()
    analysis.default_detector = lambda **_: detector
    start_up, shared = _memory_kib()
    for path in job["files"]:
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                code = _child(cli, job, path)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        status, usage, hung = _wait(pid, job["timeout"])
        result = {
            "name": Path(path).name,
            "code": os.waitstatus_to_exitcode(status),
            "hung": hung,
            "seconds": round(time.monotonic() - started, 3),
            "cpu": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_mib": round(max(start_up, usage.ru_maxrss + shared) / 1024, 1),
        }
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
