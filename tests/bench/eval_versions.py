"""AI-use findings in published commercial contract templates: a false-alarm check beside CUAD.

Run with `python -m tests.bench.eval_versions` from the project root (needs
`../shared/corpus/versions`). The corpus holds successive published versions of open commercial
templates (Common Paper, Bonterms: cloud terms, services agreements, NDAs, DPAs, BAAs). Findings
of the AI-use categories commercial contracts rarely state (`training.NOT_COMMERCIAL`) are
listed to be read one by one: most are false alarms, but a modern template can state one (Common
Paper's 2024 "Machine Learning" clause governs training on customer content). Session 5 found two
false alarms this way that the CUAD sample did not show. `tags/` folders repeat tagged versions
and are skipped.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.clauses import training
from assistant.clauses.detection import RuleDetector
from assistant.clauses.segmentation import segment
from assistant.documents.reading import read_document

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = ROOT.parent / "shared" / "corpus" / "versions"
CATEGORIES = training.NOT_COMMERCIAL


@dataclass(frozen=True, slots=True)
class Alarm:
    """One AI-use finding in a template version."""

    file: str  # relative to VERSIONS
    category: str
    rule: str
    text: str


def documents(root: Path = VERSIONS) -> list[Path]:
    """Every version file of the corpus, in name order, without the `tags/` copies."""
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.name != "index.json" and "tags" not in path.parts
    )


def alarms(paths: Sequence[Path], root: Path = VERSIONS) -> list[Alarm]:
    """The findings of CATEGORIES in these files."""
    detector = RuleDetector(packs=[])
    found = []
    for path in paths:
        findings, _ = detector.detect(segment(read_document(path).blocks))
        found += [
            Alarm(path.relative_to(root).as_posix(), f.category, f.rule, f.text)
            for f in findings
            if f.category in CATEGORIES
        ]
    return found


def markdown(paths: Sequence[Path], found: Sequence[Alarm]) -> str:
    """The section docs/detection.md shows."""
    agreements = {path.parent for path in paths}
    files = {alarm.file for alarm in found}
    lines = [
        f"{len(paths)} versions of {len(agreements)} templates; findings of these categories:"
        f" {len(found)}, in {len(files)} versions.",
    ]
    if found:
        lines.append("")
        lines += [f"- `{a.category}` ({a.rule}) {a.file}: {a.text[:140]}" for a in found]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the section (no arguments)."""
    del argv
    if not VERSIONS.is_dir():
        print(f"error: {VERSIONS} is absent", file=sys.stderr)
        return 2
    paths = documents()
    print(markdown(paths, alarms(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
