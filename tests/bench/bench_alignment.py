"""Benchmark: clause alignment time for 200 to 1,600 synthetic clauses with scattered edits.

Run with `python tests/bench/bench_alignment.py`; prints seconds and the ratio to the smallest
size measured in the same run (near-linear growth means about 2x per doubling).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from assistant.compare import alignment

SIZES = (200, 400, 800, 1_600)
COMMON = ["the", "Provider", "Customer", "shall", "will", "not", "of", "and", "any", "to", "data"]


def _draft(count: int, rng: random.Random) -> list[str]:
    """Clauses of 20-60 words, mixing a large vocabulary with very frequent contract words."""
    vocabulary = [f"term{n}" for n in range(count * 4)]
    return [
        " ".join(
            rng.choice(COMMON) if rng.random() < 0.5 else rng.choice(vocabulary)
            for _ in range(rng.randint(20, 60))
        )
        for _ in range(count)
    ]


def _revise(old: list[str], rng: random.Random) -> list[str]:
    """About 4 % edited in place, 1 % deleted, 1 % inserted, 1 % moved far and edited."""
    new: list[str] = []
    moved: list[str] = []
    for text in old:
        roll = rng.random()
        if roll < 0.04:
            words = text.split()
            words[rng.randrange(len(words))] = "should"
            new.append(" ".join(words) + " except where practicable")
        elif roll < 0.05:
            continue
        elif roll < 0.06:
            new.extend([text, " ".join(rng.choice(COMMON) for _ in range(30)) + " inserted"])
        elif roll < 0.07:
            moved.append(text.replace(" shall ", " may ", 1))
        else:
            new.append(text)
    for text in moved:
        new.insert(rng.randrange(len(new) + 1), text)
    return new


def _amend_all(old: list[str], rng: random.Random) -> list[str]:
    """Every clause edited: no exact anchor, the whole draft is one gap."""
    return [f"{text} amended" for text in old]


def _replace_all(old: list[str], rng: random.Random) -> list[str]:
    """An unrelated draft of the same length."""
    return _draft(len(old), rng)


def main() -> None:
    """Time each scenario and size (best of three); print ms and the ratio to the first size."""
    scenarios: dict[str, Callable[[list[str], random.Random], list[str]]] = {
        "scattered edits": _revise,
        "every clause edited (no exact anchor)": _amend_all,
        "unrelated drafts": _replace_all,
    }
    for name, revise in scenarios.items():
        print(name)
        baseline = 0.0
        for size in SIZES:
            rng = random.Random(size)
            old = _draft(size, rng)
            new = revise(old, rng)
            best = min(_timed(old, new) for _ in range(3))
            baseline = baseline or best
            print(
                f"  {size:>5} clauses: {best * 1000:7.1f} ms  ({best / baseline:4.1f}x {SIZES[0]})"
            )


def _timed(old: list[str], new: list[str]) -> float:
    """Seconds one alignment takes."""
    start = time.perf_counter()
    alignment.align(old, new)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
