"""Session writers killed with SIGKILL at random points: the crash half of the 200-kill test.

`python -m tests.ui.session_writer FOLDER KILLS SEED` forks KILLS writers, one after another. Each
rewrites three session files of its own in turn through `session.write` (the function autosave
uses) until it is killed after a random delay, so every kill leaves its own evidence behind (a
later writer never repairs an earlier one's damage). Forking from this one process keeps a kill
cheap (no interpreter start-up): 200 kills take seconds. Prints {"kills": N, "writes": W,
"seconds": S} as JSON. Every state a writer can write is `state(identifier, revision)`, so the
test can tell a file that holds one of them from a torn or mixed one.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

from assistant.ui import session

IDENTIFIERS = ("alpha", "bravo", "charlie")
_DRAFTS = tuple(
    session.DraftRecord(f"v{n}", f"/negotiation/agreement-v{n}.docx", str(n) * 64) for n in (1, 2)
)
_CHANGES = 40
_MAX_DELAY_S = 0.03  # a few writes' worth: kills land before, inside and between writes


def state(identifier: str, revision: int) -> dict[str, Any]:
    """The snapshot a writer writes for a session at a revision (about 25 KB of JSON)."""
    reviewed = session.ReviewSession(identifier, _DRAFTS)
    decisions = tuple(session.Decision)
    for change in range(_CHANGES):
        key = f"change-{change:02d}"
        reviewed.decide(key, decisions[(revision + change) % len(decisions)])
        reviewed.annotate(key, f"revision {revision}, change {change}: " + "x" * 500)
    reviewed.select(f"change-{revision % _CHANGES:02d}")
    reviewed.revision = revision
    return reviewed.snapshot()


def identifiers(kill: int) -> tuple[str, ...]:
    """The sessions the writer of one kill rewrites, in turn."""
    return tuple(f"{kill:03d}-{name}" for name in IDENTIFIERS)


def _write_forever(folder: Path, kill: int) -> None:
    names = identifiers(kill)
    revision = 0
    while True:
        identifier = names[revision % len(names)]
        session.write(state(identifier, revision), folder / f"{identifier}.json")
        revision += 1
        # Counted in a file of its own so the count survives the kill (append is one write()).
        with open(folder / "writes.log", "a", encoding="ascii") as log:
            log.write(".")


def main(argv: list[str]) -> int:
    """Fork, let write, kill; repeat."""
    folder, kills, seed = Path(argv[0]), int(argv[1]), int(argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    chance = random.Random(seed)
    started = time.monotonic()
    for kill in range(kills):
        pid = os.fork()
        if pid == 0:  # the writer: never returns into the caller's code
            try:
                _write_forever(folder, kill)
            finally:
                os._exit(1)
        time.sleep(chance.uniform(0, _MAX_DELAY_S))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    writes = len((folder / "writes.log").read_text(encoding="ascii"))
    (folder / "writes.log").unlink()
    summary = {"kills": kills, "writes": writes, "seconds": time.monotonic() - started}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
