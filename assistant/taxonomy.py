"""Safeguard packs: the categories of each pack, read from `resources/packs/<pack>/taxonomy.toml`.

A pack is a folder holding `taxonomy.toml` and `patterns.jsonl`. Bundled packs live in
`resources/packs/`; user packs in `<data home>/packs/` are added without code changes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from assistant import errors, resources


class Kind(StrEnum):
    """What a category is: a safeguard to protect, or language that puts safeguards at risk."""

    SAFEGUARD = "safeguard"
    RISK_LANGUAGE = "risk_language"


class Numbers(StrEnum):
    """Which way a number inside a clause of this category makes the safeguard stronger."""

    NONE = "none"
    HIGHER_IS_STRONGER = "higher_is_stronger"  # e.g. a log retention period
    LOWER_IS_STRONGER = "lower_is_stronger"  # e.g. hours to notify a breach


class Beneficiary(StrEnum):
    """Whom a clause of this category protects, relative to the party named as its subject."""

    OTHER = "other"  # a restriction: binds its subject, protects the other party
    SUBJECT = "subject"  # a right or a cap: protects the party it names ("Supplier may audit")


@dataclass(frozen=True, slots=True)
class Category:
    """One taxonomy entry."""

    id: str
    pack: str
    kind: Kind
    label: str
    description: str
    numbers: Numbers = Numbers.NONE
    beneficiary: Beneficiary = Beneficiary.OTHER


@dataclass(frozen=True, slots=True)
class Pack:
    """A folder of patterns and the categories they detect."""

    id: str
    label: str
    folder: Path
    categories: tuple[Category, ...]

    @property
    def patterns(self) -> Path:
        """The JSONL pattern file of this pack."""
        return self.folder / "patterns.jsonl"


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """All categories of the loaded packs, by id."""

    packs: tuple[Pack, ...]

    def category(self, category_id: str) -> Category:
        """The category with this id; raises ResourceError if no pack defines it."""
        for pack in self.packs:
            for category in pack.categories:
                if category.id == category_id:
                    return category
        raise errors.ResourceError(f"unknown category {category_id!r}")

    @property
    def categories(self) -> tuple[Category, ...]:
        """Every category, pack by pack, in file order."""
        return tuple(c for pack in self.packs for c in pack.categories)


def bundled_pack_folders() -> list[Path]:
    """The pack folders shipped in `resources/packs/`, sorted by name."""
    return sorted(p for p in resources.path("packs").iterdir() if (p / "taxonomy.toml").is_file())


def user_pack_folders() -> list[Path]:
    """Pack folders the user added under `<data home>/packs/`."""
    root = resources.data_home() / "packs"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "taxonomy.toml").is_file())


def load_pack(folder: Path) -> Pack:
    """Read one pack's taxonomy; raises ResourceError naming the file on any problem."""
    source = folder / "taxonomy.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        pack_id = str(data["pack"]["id"])
        categories = tuple(
            Category(
                id=str(entry["id"]),
                pack=pack_id,
                kind=Kind(entry["kind"]),
                label=str(entry["label"]),
                description=str(entry.get("description", "")),
                numbers=Numbers(entry.get("numbers", "none")),
                beneficiary=Beneficiary(entry.get("beneficiary", "other")),
            )
            for entry in data["category"]
        )
        return Pack(pack_id, str(data["pack"]["label"]), folder, categories)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise errors.ResourceError(f"{source}: invalid pack taxonomy ({exc})") from exc
    except ValueError as exc:  # an unknown kind or numbers value
        raise errors.ResourceError(f"{source}: {exc}") from exc


def load(folders: Iterable[Path] | None = None) -> Taxonomy:
    """The taxonomy of the given pack folders (default: bundled packs, then user packs)."""
    chosen: Sequence[Path] = (
        list(folders) if folders is not None else bundled_pack_folders() + user_pack_folders()
    )
    packs = tuple(load_pack(folder) for folder in chosen)
    seen: set[str] = set()
    for category in (c for pack in packs for c in pack.categories):
        if category.id in seen:
            raise errors.ResourceError(f"category {category.id!r} is defined twice")
        seen.add(category.id)
    return Taxonomy(packs)
