"""Where the time goes: cProfile of one in-process analysis, and optionally py-spy of a fresh one.

    python -m tests.bench.hotspots [--pages 200] [--top 25] [--py-spy]

py-spy (`pip install py-spy` into any venv; found on PATH or through $BENCH_PY_SPY) samples a
fresh `compare` process, so it also shows import and pipeline-load time, which cProfile of a warm
process does not.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.bench import generate

_SITE = re.compile(r".*/(?:site|dist)-packages/")
_ROOT = str(Path(__file__).resolve().parents[2]) + "/"


def analyse_and_report(paths: Sequence[Path], detector: Any, output: Path) -> Any:
    """What `compare --format json -o` does after start-up: analyse, render, write."""
    from assistant.reporting import json_report
    from assistant.review import analysis

    review = analysis.analyse(paths, detector)
    text = json_report.dumps(json_report.compare_document(review.drafts, review.changes))
    output.write_text(text, encoding="utf-8")
    return review


def _where(file: str, line: int, name: str) -> str:
    if file == "~":
        return name  # a builtin: "<method 'pipe' ...>"
    short = _SITE.sub("", file).replace(_ROOT, "")
    return f"{name} ({short}:{line})"


def cprofile_text(pair: Sequence[Path], detector: Any, top: int = 25) -> str:
    """The top functions by cumulative and by own time of one analysis of `pair`."""
    output = Path(tempfile.mkdtemp(prefix="redline-hotspots-")) / "out.json"
    analyse_and_report(pair, detector, output)  # warm: lazy set-up is not the point ...
    detector.forget()  # ... but parsing is: detection starts cold, as in a new process
    profiler = cProfile.Profile()
    profiler.enable()
    analyse_and_report(pair, detector, output)
    profiler.disable()
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in stats.values())
    rows = [
        (cum, own, calls, _where(*key))
        for key, (_, calls, own, cum, _callers) in stats.items()
        if "cProfile" not in key[0]
    ]
    lines = [f"one analysis + JSON report: {total:.2f} s under cProfile (overhead included)"]
    lines.append(f"{'cumulative':>10} {'own':>7} {'calls':>9}  function   (by cumulative time)")
    for cum, own, calls, where in sorted(rows, reverse=True)[:top]:
        lines.append(f"{cum:10.3f} {own:7.3f} {calls:9d}  {where}")
    lines.append(f"{'own':>10} {'cum.':>7} {'calls':>9}  function   (by own time)")
    for cum, own, calls, where in sorted(rows, key=lambda r: -r[1])[:top]:
        lines.append(f"{own:10.3f} {cum:7.3f} {calls:9d}  {where}")
    return "\n".join(lines)


def py_spy() -> str | None:
    """The py-spy executable, if there is one."""
    configured = os.environ.get("BENCH_PY_SPY")
    if configured and Path(configured).exists():
        return configured
    return shutil.which("py-spy")


def py_spy_text(pair: Sequence[Path], top: int = 25, rate: int = 200) -> str:
    """Inclusive and own sample shares per function of a fresh `compare` process (py-spy)."""
    spy = py_spy()
    if spy is None:
        return "py-spy: not available (pip install py-spy, or set BENCH_PY_SPY)"
    scratch = Path(tempfile.mkdtemp(prefix="redline-pyspy-"))
    raw = scratch / "stacks.txt"
    program = Path(sys.executable).with_name("redline-assistant")
    command = [spy, "record", "-r", str(rate), "-f", "raw", "-o", str(raw), "--", str(program)]
    command += ["compare", *map(str, pair), "--format", "json", "-o", str(scratch / "out.json")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if not raw.exists():
        return f"py-spy: failed ({done.stderr.strip()[-200:]})"
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    samples = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_SITE.sub("", f).replace(_ROOT, "") for f in stack.split(";") if f]
        weight = int(count)
        samples += weight
        for frame in set(frames):
            inclusive[frame] += weight
        if frames:
            own[frames[-1]] += weight
    lines = [f"py-spy: {samples} samples at {rate} Hz of a fresh compare (share of samples)"]
    lines += [f"{n / samples:7.1%}  {frame}" for frame, n in inclusive.most_common(top)]
    lines.append("own time:")
    lines += [f"{n / samples:7.1%}  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Print the cProfile (and py-spy) hot spots of one generated pair."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--py-spy", action="store_true", dest="spy")
    args = parser.parse_args(argv)
    os.environ.setdefault("REDLINE_ASSISTANT_HOME", tempfile.mkdtemp(prefix="redline-home-"))
    from assistant.review import analysis

    pair = generate.pair(args.pages)
    print(cprofile_text(pair, analysis.default_detector(), args.top))
    if args.spy:
        print()
        print(py_spy_text(pair, args.top))


if __name__ == "__main__":
    main()
