"""Derive sentence-level training labels from the tuning half of CUAD v1.

Run with `python -m tests.bench.cuad_training` from the project root (needs
`../shared/corpus/cuad`). For every contract of the tuning half (even positions of the sorted file
names, the split of eval_cuad), the rule pipeline reads and segments the contract and lists every
sentence that carries a deontic cue (the only sentences a safeguard finding can come from); a
sentence is labelled with each of the six CUAD categories whose expert span it overlaps. Written to
`resources/training/cuad_tuning.jsonl.gz`, one contract a line, sorted by name, deterministically
(fixed gzip header, no timestamps), so regenerating from the same corpus gives the same bytes:

    {"contract": name, "sentences": [text, ...], "cats": [[category, ...], ...],
     "labels": {category: [[sentence index, ...], ...]}, "unreached": {category: count}}

`labels` lists, per expert span, the cued sentences it overlaps (empty when it overlaps none:
the span is then counted in `unreached`, a miss no sentence-level finding can avoid). This lets
the trainer score clause-level precision and recall exactly as eval_cuad does, inside the tuning
half, without the corpus. The held-out half is never read.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.clauses.detection import RuleDetector
from assistant.clauses.segmentation import segment
from assistant.documents.reading import read_document
from tests.bench import eval_cuad

ROOT = eval_cuad.ROOT
OUTPUT = ROOT / "resources" / "training" / "cuad_tuning.jsonl.gz"


def contract_record(detector: RuleDetector, path: Path, labels: dict[str, list[str]]) -> Any:
    """The cued sentences of one contract and the expert spans of the six categories on them."""
    text = eval_cuad.normalise(path.read_text(encoding="utf-8"))
    clauses = segment(read_document(path).blocks)
    where = eval_cuad.place_clauses(text, clauses)
    sentences: list[str] = []
    spans: list[tuple[int, int]] = []
    for sentence in detector.cued_sentences(clauses):
        raw = clauses[sentence.clause].text[sentence.start : sentence.end]
        flat = eval_cuad.normalise(raw)
        base = where.get(sentence.clause)
        if base is not None and text.startswith(flat, base + sentence.start):
            start = base + sentence.start
        else:
            start = text.find(flat)
        if start < 0 or not flat:
            continue  # cannot be placed: neither a positive nor a safe negative
        sentences.append(flat)
        spans.append((start, start + len(flat)))
    cats: list[list[str]] = [[] for _ in sentences]
    groups: dict[str, list[list[int]]] = {}
    unreached: dict[str, int] = {}
    for category in eval_cuad.CSV_COLUMNS:
        located, _ = eval_cuad.locate_labels(text, labels[category])
        groups[category] = []
        for parts in located:
            hit = [
                i
                for i, span in enumerate(spans)
                if any(eval_cuad._overlaps(part, span) for part in parts)
            ]
            groups[category].append(hit)
            unreached[category] = unreached.get(category, 0) + (not hit)
            for i in hit:
                if category not in cats[i]:
                    cats[i].append(category)
    return {
        "contract": path.name,
        "sentences": sentences,
        "cats": [sorted(c) for c in cats],
        "labels": groups,
        "unreached": unreached,
    }


def derive(output: Path = OUTPUT, root: Path = eval_cuad.CUAD) -> dict[str, int]:
    """Write the training file from the tuning half; returns counts for the log."""
    files, labels = eval_cuad.load_labels(root)
    halves = eval_cuad.split(list(files))
    detector = RuleDetector(packs=[], use_classifier=False)  # only the cues are needed
    buffer = io.BytesIO()
    counts = {"contracts": 0, "sentences": 0, "positive": 0}
    # mtime=0 and no file name in the header: the same corpus gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for name in sorted(files):
            if halves[name] != eval_cuad.HALVES[0]:
                continue
            record = contract_record(detector, files[name], labels[name])
            line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
            gz.write(line.encode("utf-8"))
            counts["contracts"] += 1
            counts["sentences"] += len(record["sentences"])
            counts["positive"] += sum(bool(c) for c in record["cats"])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(buffer.getvalue())
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Derive the training file (no arguments)."""
    del argv
    if not eval_cuad.CUAD.is_dir():
        print(f"error: {eval_cuad.CUAD} is absent", file=sys.stderr)
        return 2
    started = time.perf_counter()
    counts = derive()
    seconds = time.perf_counter() - started
    size = OUTPUT.stat().st_size
    print(
        f"wrote {OUTPUT.relative_to(ROOT)} ({size / 1e6:.1f} MB) in {seconds:.0f} s: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
