"""Build the spaCy pipeline `models/redline_en` from the pattern and taxonomy files in `resources/`.

Run as `python -m assistant.clauses.build` (`make model`). The pipeline is a blank English one with
a sentence rule component and two anchored span rulers (category patterns of the bundled packs, and
deontic cues); `manifest.json` beside it records the sha256 of every file it was built from.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline.span_ruler import SpanRuler

from assistant import errors, resources, taxonomy
from assistant.clauses import ruler, sentences

MODEL = "redline_en"
CATEGORIES = "categories"  # spans key (and component name) of category matches
MODALITY = "modality"  # spans key (and component name) of deontic cues
DEONTIC = "deontic.jsonl"
MANIFEST = "manifest.json"
VERSION = "0.1.0"
# The tokenizer is rebuilt from the config (sentences.TOKENIZER), so it is neither saved nor read.
_NOT_SAVED = ("tokenizer",)


def read_patterns(path: Path) -> list[dict[str, Any]]:
    """The patterns of a JSONL file; raises ResourceError naming the file and line."""
    patterns: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.ResourceError(f"{path}: unreadable pattern file ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise errors.ResourceError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("label"), str)
            and isinstance(entry.get("id"), str)
            and isinstance(entry.get("pattern"), list | str)
        ):
            raise errors.ResourceError(f"{path}:{number}: needs a label, an id and a pattern")
        patterns.append(entry)
    return patterns


def add_patterns(
    nlp: Language, component: str, patterns: list[dict[str, Any]], source: Path
) -> None:
    """Add validated patterns to a ruler; raises ResourceError naming the file on a bad pattern."""
    pipe = nlp.get_pipe(component)
    if not isinstance(pipe, SpanRuler):
        raise errors.ResourceError(f"pipeline component {component!r} is not a span ruler")
    try:
        pipe.add_patterns(patterns)
    except ValueError as exc:  # spaCy's MatchPatternError is a ValueError
        raise errors.ResourceError(f"{source}: invalid pattern ({exc})") from exc


def add_pack(nlp: Language, pack: taxonomy.Pack) -> None:
    """Add a pack's patterns to the category ruler; every label must be a category of the pack."""
    patterns = read_patterns(pack.patterns)
    unknown = sorted({p["label"] for p in patterns} - {c.id for c in pack.categories})
    if unknown:
        raise errors.ResourceError(f"{pack.patterns}: labels not in the pack: {unknown}")
    add_patterns(nlp, CATEGORIES, patterns, pack.patterns)


def load(path: Path) -> Language:
    """A pipeline saved by `build` (spacy.load alone would look for the tokenizer on disk)."""
    return spacy.load(path, exclude=list(_NOT_SAVED))


def create_pipeline(packs: Sequence[taxonomy.Pack], deontic: Path) -> Language:
    """A fresh pipeline holding the patterns of these packs and the deontic cues."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": sentences.TOKENIZER}}})
    nlp.add_pipe(sentences.FACTORY, name="sentences")
    for name in (CATEGORIES, MODALITY):
        nlp.add_pipe(ruler.FACTORY, name=name, config={"spans_key": name, "validate": True})
    for pack in packs:
        add_pack(nlp, pack)
    add_patterns(nlp, MODALITY, read_patterns(deontic), deontic)
    nlp.meta.update(
        {
            "name": MODEL,
            "version": VERSION,
            "description": "Contract sentences, safeguard categories and deontic cues, by rules.",
            "author": "Redline Assistant",
            "license": "MIT",
        }
    )
    return nlp


def sources() -> dict[str, Path]:
    """Every file the bundled pipeline is built from, by its path relative to the project root."""
    root = resources.path(".").parent
    here = Path(__file__).resolve().parent
    files: list[Path] = []
    for folder in taxonomy.bundled_pack_folders():
        files += [folder / "taxonomy.toml", folder / "patterns.jsonl"]
    files += [resources.path(DEONTIC), here / "build.py", here / "sentences.py", here / "ruler.py"]
    return {_relative(path.resolve(), root): path for path in files}


def digests(files: dict[str, Path]) -> dict[str, str]:
    """The sha256 of each file, by the same keys."""
    return {
        key: hashlib.sha256(path.read_bytes()).hexdigest() for key, path in sorted(files.items())
    }


def build(output: Path) -> Path:
    """Build the bundled pipeline into `output` (replacing it) and write its manifest."""
    files = sources()
    packs = taxonomy.load(taxonomy.bundled_pack_folders()).packs
    nlp = create_pipeline(packs, resources.path(DEONTIC))
    return publish(nlp, output, _NOT_SAVED, {"model": MODEL, "sources": digests(files)})


def publish(nlp: Language, output: Path, exclude: Sequence[str], manifest: dict[str, Any]) -> Path:
    """Save a pipeline with its manifest (plus the spaCy version) into `output`, replacing it.

    Saved beside the target and swapped in, so a failed save never leaves half a pipeline.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the pipeline is a shared, committed folder
    try:
        nlp.to_disk(staging, exclude=list(exclude))
        record = {"spacy": importlib.metadata.version("spacy"), **manifest}
        text = json.dumps(record, indent=2, sort_keys=True) + "\n"
        (staging / MANIFEST).write_text(text, encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return output


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:  # a frozen bundle: keep the name only
        return path.name


def main(argv: Iterable[str] | None = None) -> int:
    """Build models/redline_en, or the folder given as the only argument."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else resources.path(".").parent / "models" / MODEL
    try:
        built = build(target)
    except errors.ResourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"built {built}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
