"""List the files of a bundle with their hashes, or compare two bundles file by file.

    python packaging/compare_builds.py list dist/redline-assistant      # what `make package` writes
    python packaging/compare_builds.py compare first/redline-assistant second/redline-assistant

`compare` exits 0 when the two hold the same files with the same bytes, 1 otherwise; for a zip
archive that differs it tells whether only the order or timestamps of its members do.
"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from pathlib import Path


def manifest(bundle: Path) -> dict[str, str]:
    """Each file's description by its path in the bundle: sha256, size and mode, or link target."""
    entries: dict[str, str] = {}
    for path in sorted(bundle.rglob("*")):
        name = path.relative_to(bundle).as_posix()
        if path.is_symlink():
            entries[name] = f"-> {path.readlink().as_posix()}"
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            mode = "x" if path.stat().st_mode & 0o111 else "-"
            entries[name] = f"{digest} {mode} {path.stat().st_size:>10}"
    return entries


def zip_difference(first: Path, second: Path) -> str:
    """How two zip archives differ: members, member bytes, member order or timestamps."""
    try:
        with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
            names_one, names_two = one.namelist(), two.namelist()
            if sorted(names_one) != sorted(names_two):
                return "different members"
            changed = [n for n in names_one if one.read(n) != two.read(n)]
            if changed:
                return f"{len(changed)} members differ in content, e.g. {changed[0]}"
            notes = ["members in another order"] if names_one != names_two else []
            dated = [n for n in names_one if one.getinfo(n).date_time != two.getinfo(n).date_time]
            if dated:
                notes.append(f"{len(dated)} member timestamps differ")
            return "same members and bytes; " + ("; ".join(notes) or "archive headers differ")
    except zipfile.BadZipFile:
        return "content differs"


def compare(first: Path, second: Path) -> list[str]:
    """One line per difference between the two bundles (empty when they are identical)."""
    one, two = manifest(first), manifest(second)
    lines = [f"only in {first}: {name}" for name in sorted(one.keys() - two.keys())]
    lines += [f"only in {second}: {name}" for name in sorted(two.keys() - one.keys())]
    for name in sorted(one.keys() & two.keys()):
        if one[name] != two[name]:
            detail = "content differs"
            if name.endswith(".zip") and not one[name].startswith("->"):
                detail = zip_difference(first / name, second / name)
            lines.append(f"differs: {name} ({detail})")
    return lines


def main(argv: list[str]) -> int:
    """Run `list BUNDLE` or `compare BUNDLE BUNDLE`."""
    if len(argv) == 2 and argv[0] == "list":
        for name, description in manifest(Path(argv[1])).items():
            print(f"{description}  {name}")
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        first, second = Path(argv[1]), Path(argv[2])
        differences = compare(first, second)
        print("\n".join(differences) if differences else "identical")
        print(f"{len(manifest(first))} files compared, {len(differences)} differences")
        return 1 if differences else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
