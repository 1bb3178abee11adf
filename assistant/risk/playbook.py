"""Playbooks: the safeguards a party requires, checked against each draft's findings."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from assistant import errors, model, resources, taxonomy
from assistant.risk import rulebook, wording


class Strength(StrEnum):
    """How strongly a required safeguard must be worded."""

    PRESENT = "present"
    BINDING = "binding"


@dataclass(frozen=True, slots=True)
class Requirement:
    """One required safeguard."""

    category: str
    strength: Strength
    message: str


@dataclass(frozen=True, slots=True)
class Playbook:
    """A named list of requirements."""

    id: str
    label: str
    requirements: tuple[Requirement, ...]


def load(source: Path | None = None, tax: taxonomy.Taxonomy | None = None) -> Playbook:
    """Read a playbook (default: the bundled AI-use one); its categories must exist."""
    source = source or resources.path("playbooks/ai_use.toml")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        requirements = tuple(
            Requirement(
                str(r["category"]), Strength(r.get("strength", "present")), str(r["message"])
            )
            for r in data["require"]
        )
        book = Playbook(str(data["playbook"]["id"]), str(data["playbook"]["label"]), requirements)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise errors.ResourceError(f"{source}: not a valid playbook ({exc})") from exc
    except ValueError as exc:
        raise errors.ResourceError(f"{source}: {exc}") from exc
    known = {c.id for c in (tax or taxonomy.load()).categories}
    unknown = [r.category for r in requirements if r.category not in known]
    if unknown:
        raise errors.ResourceError(f"{source}: unknown categories {', '.join(unknown)}")
    return book


def check(
    book: Playbook, draft: model.Draft, weak_patterns: Sequence[re.Pattern[str]]
) -> tuple[model.PlaybookEntry, ...]:
    """Each requirement's status in the draft; `weak_patterns` mark non-binding wording."""
    results = []
    for requirement in book.requirements:
        found = [f for f in draft.findings if f.category == requirement.category]
        refs = tuple(dict.fromkeys(f.ref for f in found if f.ref))
        binding = [f for f in found if not _weak(f.text, weak_patterns)]
        if not found:
            status = model.PlaybookStatus.MISSING
        elif requirement.strength is Strength.BINDING and not binding:
            status = model.PlaybookStatus.WEAK
        else:
            status = model.PlaybookStatus.PRESENT
        results.append(model.PlaybookEntry(requirement.category, status, requirement.message, refs))
    return tuple(results)


def _weak(sentence: str, weak_patterns: Sequence[re.Pattern[str]]) -> bool:
    """Non-binding: governed by "should"/"may", or holding efforts-style wording anywhere.

    Only the governing modal counts, so "shall ensure ... before it may be used" binds.
    """
    bare = [p for p in weak_patterns if any(p.search(w) for w in _BARE_MODALS)]
    hedges = [p for p in weak_patterns if p not in bare]
    if wording.first_match(hedges, sentence) is not None:
        return True
    return wording.governing_modal(sentence) in _BARE_MODALS


_BARE_MODALS = ("should", "may", "might")


def weak_wording(book: rulebook.RuleBook) -> tuple[re.Pattern[str], ...]:
    """The non-binding phrases: those of the modality-weakening rule."""
    return book.by_id(rulebook.WEAK_WORDING).patterns
