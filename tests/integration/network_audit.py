"""An audit hook that records every attempt to reach the network, for probes run in a child process.

The probes (hostile_probe.py, app_probe.py, the CLI probe in test_offline.py) install it first
thing, so it sees everything from their imports on. One exception, documented: spaCy imports
requests, whose urllib3 probes IPv6 support at import by binding a socket to ::1 (loopback; nothing
is sent). Any other bind, any name lookup, connect, send or URL request is recorded.
"""

from __future__ import annotations

import os
import sys
from typing import Any

REACH_OUT = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
    }
)
LOOPBACK = ("::1", "127.0.0.1", "localhost")


def install(watched: str | None = None) -> list[str]:
    """Start recording; returns the live list of events (with "open PATH" for the watched file)."""
    events: list[str] = []

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in REACH_OUT or (event == "socket.bind" and _internet(args[1])):
            events.append(f"{event} {args!r:.200}")
        elif event == "open" and watched is not None and _names(args[0], watched):
            events.append(f"open {watched}")

    sys.addaudithook(hook)
    return events


def _internet(address: Any) -> bool:
    """Whether a bind address is an internet one other than loopback (AF_UNIX paths are str)."""
    return isinstance(address, tuple) and address[0] not in LOOPBACK


def _names(opened: Any, watched: str) -> bool:
    return isinstance(opened, str | bytes) and os.fsdecode(opened) == watched
