"""How much of CUAD's "wrong" is unlabelled clauses: held-out findings judged by hand.

Run with `python -m tests.bench.eval_adjudicated` from the project root (needs
`../shared/corpus/cuad`; about 30 s); `make eval` writes the same table into docs/detection.md.
`resources/eval/cuad_adjudication.jsonl` holds, per sampled held-out finding (contract,
category, character span in the whitespace-collapsed text), whether CUAD labels it (`cuad`:
right or wrong) and two annotators' verdicts (`a`, `b`: yes, no or unsure), given blind to
CUAD's labels and with only CUAD's category descriptions. Per category, the adjudicated
precision is (right + wrong x share of sampled wrong findings both annotators call "yes") /
findings, with right and wrong counted on the current pipeline's held-out findings
(docs/detection.md, session 6).

`--draw DIR` draws a fresh sample from the current pipeline (fixed seed; per category 30
findings CUAD counts right and 30 it counts wrong) and writes `items.jsonl` (shuffled, without
CUAD's verdict: what annotators read) and `key.jsonl` (the same items with it) into DIR, outside
the repository: the items quote contract text.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.bench import eval_cuad

VERDICTS = eval_cuad.ROOT / "resources" / "eval" / "cuad_adjudication.jsonl"
SEED = 20261127
SAMPLE = {"right": 10, "wrong": 30}
CONTEXT = 300  # characters before the sentence shown to annotators


def held_out_findings(contracts: Sequence[eval_cuad.Contract]) -> dict[str, dict[str, list[Any]]]:
    """Per category, the held-out findings CUAD counts right and wrong, as (contract, hit)."""
    out: dict[str, dict[str, list[Any]]] = {
        c: {"right": [], "wrong": []} for c in eval_cuad.CSV_COLUMNS
    }
    for contract in contracts:
        if contract.half != eval_cuad.HALVES[1]:
            continue
        for hit in contract.hits:
            if hit.category not in out:
                continue
            parts = [p for group in contract.labels[hit.category] for p in group]
            right = any(eval_cuad._overlaps(p, (hit.start, hit.end)) for p in parts)
            out[hit.category]["right" if right else "wrong"].append((contract, hit))
    return out


def draw(contracts: Sequence[eval_cuad.Contract], folder: Path) -> int:
    """Write a shuffled sample for annotators and its key into `folder`; returns its size."""
    rng = random.Random(SEED)
    rows = []
    for category, pools in held_out_findings(contracts).items():
        for verdict, count in SAMPLE.items():
            pool = pools[verdict]
            for contract, hit in rng.sample(pool, min(count, len(pool))):
                context = contract.text[max(0, hit.start - CONTEXT) : hit.start]
                rows.append((category, verdict, contract.name, hit, context))
    rng.shuffle(rows)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "items.jsonl").open("w") as items, (folder / "key.jsonl").open("w") as key:
        for n, (category, verdict, name, hit, context) in enumerate(rows, start=1):
            shown = {"category": category, "context_before": context, "sentence": hit.text}
            items.write(json.dumps({"item": n, **shown}) + "\n")
            place = {"contract": name, "start": hit.start, "end": hit.end, "cuad": verdict}
            key.write(json.dumps({"item": n, "category": category, **place}) + "\n")
    return len(rows)


def table(contracts: Sequence[eval_cuad.Contract], verdicts: Sequence[dict[str, Any]]) -> str:
    """The adjudicated precision per category, as a Markdown table."""
    findings = held_out_findings(contracts)
    lines = [
        "| category | CUAD precision | wrong findings called right (both) | CUAD-right called right"
        " (both) | adjudicated precision |",
        "|---|---|---|---|---|",
    ]
    cuad_macro = adjudicated_macro = 0.0
    for category, pools in findings.items():
        mine = [v for v in verdicts if v["category"] == category]
        wrong = [v for v in mine if v["cuad"] == "wrong"]
        right = [v for v in mine if v["cuad"] == "right"]
        yes_wrong = sum(v["a"] == v["b"] == "yes" for v in wrong)
        yes_right = sum(v["a"] == v["b"] == "yes" for v in right)
        n_right, n_wrong = len(pools["right"]), len(pools["wrong"])
        total = n_right + n_wrong
        share = yes_wrong / len(wrong) if wrong else 0.0
        cuad = n_right / total if total else 0.0
        adjudicated = (n_right + n_wrong * share) / total if total else 0.0
        cuad_macro += cuad / len(findings)
        adjudicated_macro += adjudicated / len(findings)
        lines.append(
            f"| {category} | {cuad:.2f} | {yes_wrong} / {len(wrong)} | {yes_right} / {len(right)}"
            f" | {adjudicated:.2f} |"
        )
    lines.append(f"| **macro** | {cuad_macro:.2f} | | | {adjudicated_macro:.2f} |")
    agree = sum(v["a"] == v["b"] for v in verdicts)
    return "\n".join(lines) + f"\n\nThe annotators agree on {agree} of {len(verdicts)} findings."


def verdicts(path: Path = VERDICTS) -> list[dict[str, Any]]:
    """The annotators' verdicts, one per sampled finding."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the adjudicated table, or draw a fresh sample with --draw DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", type=Path, help="write a fresh sample into this folder")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    if not eval_cuad.CUAD.is_dir():
        print(f"error: {eval_cuad.CUAD} is absent", file=sys.stderr)
        return 2
    contracts = eval_cuad.run(args.jobs)
    if args.draw is not None:
        print(f"wrote {draw(contracts, args.draw)} items to {args.draw}")
        return 0
    print(table(contracts, verdicts()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
