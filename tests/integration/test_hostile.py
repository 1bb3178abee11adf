"""Hostile files through the whole product path: refused or opened cleanly, within the bars.

Each file of the generated corpus (hostile_corpus.py) goes through `redline-assistant compare`
in a process of its own (hostile_probe.py) that must end within 10 s and 512 MiB peak memory
(QUALITY.md), with either exit 2 and one line naming the file and the reason, or a report; an
audit hook in each process records any network attempt and any opening of the secret file the
XXE cases point at. The processes run in a sandbox: an empty working folder, and HOME, TMPDIR and
the data folder in folders of their own, so that anything written outside the output folder shows.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration import hostile_corpus

pytestmark = pytest.mark.model

TIMEOUT_S = 10.0
PEAK_MIB = 512
PROBE = Path(__file__).with_name("hostile_probe.py")
AUDIT_FILES = {"audit.jsonl", "audit.checkpoint.json"}
CLEAN = "1. The Provider shall not use Customer Data to train any model.\n\n2. Fees are monthly.\n"


@dataclass(frozen=True)
class Run:
    """The sandbox of one probe run and what the probe measured for each file."""

    root: Path
    token: str
    results: dict[str, dict[str, Any]]
    inputs_before: dict[str, tuple[int, int]]

    def folder(self, name: str) -> Path:
        """One of the sandbox's folders."""
        return self.root / name

    def captured(self, name: str, stream: str) -> str:
        """What a file's process wrote to stdout, stderr or its audit events."""
        return (self.folder("captures") / f"{name}.{stream}").read_text(encoding="utf-8")


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under a folder with its size and modification time (links not followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Generate the corpus, then open every file in the probe, once for the whole module."""
    root = tmp_path_factory.mktemp("hostile")
    for name in ("inputs", "clean", "out", "captures", "home", "data", "tmp", "cwd", "secret"):
        (root / name).mkdir()
    token = f"REDLINE-SECRET-{uuid.uuid4().hex}"
    secret = root / "secret" / "secret.txt"
    secret.write_text(f"{token}\n", encoding="utf-8")
    clean = root / "clean" / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    paths = hostile_corpus.write(root / "inputs", secret)
    job = {
        "clean": str(clean),
        "files": [str(p) for p in paths],
        "out": str(root / "out"),
        "captures": str(root / "captures"),
        "secret": str(secret),
        "timeout": TIMEOUT_S,
    }
    (root / "job.json").write_text(json.dumps(job), encoding="utf-8")
    inputs_before = _listing(root / "inputs") | _listing(root / "clean")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    environment |= {
        "HOME": str(root / "home"),
        "REDLINE_ASSISTANT_HOME": str(root / "data"),
        "TMPDIR": str(root / "tmp"),
        "PYTHONDONTWRITEBYTECODE": "1",  # Python's own caches are not the product writing
    }
    completed = subprocess.run(
        [sys.executable, str(PROBE), str(root / "job.json")],
        capture_output=True,
        text=True,
        cwd=root / "cwd",
        env=environment,
        timeout=120 + TIMEOUT_S * len(paths),
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results = {r["name"]: r for r in map(json.loads, completed.stdout.splitlines())}
    assert list(results) == [case.name for case in hostile_corpus.CASES]
    return Run(root, token, results, inputs_before)


def test_the_corpus_covers_enough_attacks() -> None:
    names = [case.name for case in hostile_corpus.CASES]
    assert len(set(names)) == len(names) >= 30
    assert {c.expect for c in hostile_corpus.CASES} == set(hostile_corpus.Expect)


@pytest.mark.parametrize("case", hostile_corpus.CASES, ids=lambda case: case.name)
def test_hostile_file_is_refused_or_opened_cleanly(run: Run, case: hostile_corpus.Case) -> None:
    result = run.results[case.name]
    stderr = run.captured(case.name, "stderr")
    assert not result["hung"], f"killed after {TIMEOUT_S} s"
    assert result["seconds"] <= TIMEOUT_S
    assert result["peak_mib"] <= PEAK_MIB
    assert "Traceback" not in stderr
    assert json.loads(run.captured(case.name, "events.json")) == []  # no network, secret unread
    output = run.folder("out") / f"{case.name}.json"
    if case.expect is hostile_corpus.Expect.REFUSED:
        path = run.folder("inputs") / case.name
        assert result["code"] == 2, stderr
        assert stderr.startswith(f"redline-assistant: cannot read {path}: ")
        assert stderr.count("\n") == 1 and stderr.endswith("\n")
        assert case.says in stderr
        assert not output.exists()
    else:
        assert result["code"] == 0, stderr
        assert stderr == ""
        report = output.read_text(encoding="utf-8")
        assert json.loads(report)["schema"] == "redline-assistant/compare@1"
        assert case.says in report


def test_hidden_text_is_listed_but_not_read_as_agreed(run: Run) -> None:
    report = json.loads((run.folder("out") / "hidden-text.docx.json").read_text(encoding="utf-8"))
    hostile = report["drafts"][1]
    assert any("hidden text" in note for note in hostile["coverage"]["not_analysed"])
    assert hostile_corpus.HIDDEN not in json.dumps(report)


def test_external_links_are_listed_never_followed(run: Run) -> None:
    for name, listed in (
        ("remote-template.docx", hostile_corpus.REMOTE),
        ("local-file-template.docx", "secret.txt"),
        ("linked-resources.docx", "1 linked image"),
    ):
        report = json.loads((run.folder("out") / f"{name}.json").read_text(encoding="utf-8"))
        warnings = report["drafts"][1]["coverage"]["warnings"]
        assert any(listed in warning for warning in warnings), (name, warnings)


def test_no_secret_leaks_anywhere(run: Run) -> None:
    secret = run.folder("secret") / "secret.txt"
    leaked = [
        str(path)
        for path in run.root.rglob("*")
        if path.is_file() and not path.is_symlink() and path != secret
        if run.token.encode() in path.read_bytes()
    ]
    assert leaked == []


def test_nothing_is_written_outside_the_output_folder(run: Run) -> None:
    opened = {c.name for c in hostile_corpus.CASES if c.expect is hostile_corpus.Expect.OPENED}
    assert {p.name for p in run.folder("out").iterdir()} == {f"{name}.json" for name in opened}
    assert {p.name for p in run.folder("data").iterdir()} == AUDIT_FILES
    for name in ("cwd", "home", "tmp"):
        assert _listing(run.folder(name)) == {}, name
    assert _listing(run.folder("inputs")) | _listing(run.folder("clean")) == run.inputs_before
    assert not Path("/tmp/redline-evil.txt").exists()  # the zip-slip entry's target


def _limit_memory() -> None:
    """Keep a runaway child from taking the shared machine down with it."""
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def test_scan_refuses_a_device_without_reading_it(tmp_path: Path) -> None:
    device = tmp_path / "dev-zero.txt"
    device.symlink_to("/dev/zero")
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("redline-assistant")), "scan", str(device)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=_limit_memory,
    )
    assert completed.stderr == f"redline-assistant: cannot read {device}: is not a regular file\n"
    assert completed.returncode == 2
