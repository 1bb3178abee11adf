"""The risk rules as data: `resources/rules/risk_rules.toml` loaded into typed, compiled rules."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant import errors, model, resources

# Rule types whose logic lives in code; the phrase-count types take their patterns from data.
CODED_TYPES = frozenset(
    {
        "struck",
        "duty_struck",
        "risk_language_inserted",
        "carveout_clause",
        "definition_narrowed",
        "definition_widened",
        "definition_loosened",
        "definition_tightened",
        "number_weakened",
        "number_strengthened",
        "untracked",
        "strengthened",
        "added",
        "risk_language_removed",
        "reworded",
        "inserted",
        "deleted",
        "modified",
        "cosmetic",
        "moved",
        "side_loosened",
        "narrowed",
        "scope_narrowed",
        "scope_changed",
        "definition_removed",
        "retained",
        "extended",
        "side_tightened",
        "permission_widened",
        "exception_narrowed",
        "exception_widened",
        "ownership_shifted",
        "allowance_added",
        "allowance_removed",
        "right_widened",
    }
)
COUNT_TYPES = frozenset({"more", "fewer", "swap"})
# Count rules whose phrases the code reuses: non-binding wording, and binding wording.
WEAK_WORDING = "modality.weakened"
BINDING_WORDING = "modality.obligation_removed"
# Count rules whose phrases limit what a clause allows (permission.widened reuses them).
QUALIFIER_WORDING = "qualifier.added"
CONSENT_SWAP = "consent.to_notice"
LIMIT_WORDING = (QUALIFIER_WORDING, "limitation.dropped")
REQUIRED_IDS = (WEAK_WORDING, BINDING_WORDING, *LIMIT_WORDING)
# What a reason template may name (see the head of risk_rules.toml).
PLACEHOLDERS = ("where", "quote", "draft", "previous", "categories", "evidence", "remains",
                "target", "term", "users", "side")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rule:
    """One risk rule: its id, verdict and wording, and the phrases it counts (if any)."""

    id: str
    type: str
    level: model.Risk
    reason: str
    favourable: bool = False
    patterns: tuple[re.Pattern[str], ...] = ()
    to_patterns: tuple[re.Pattern[str], ...] = ()  # for "swap": what the phrases became
    coordination: bool = False  # a phrase folded into "and ..."/"or ..." keeps its force
    new_sentences: bool = True  # whether phrases in sentences added whole count


@dataclass(frozen=True, slots=True)
class RuleBook:
    """All rules, in file order, with lookup by type."""

    rules: tuple[Rule, ...]

    def of_type(self, rule_type: str) -> tuple[Rule, ...]:
        """Rules of one type, in file order."""
        return tuple(r for r in self.rules if r.type == rule_type)

    def one(self, rule_type: str) -> Rule:
        """The single rule of a coded type."""
        found = self.of_type(rule_type)
        if len(found) != 1:
            raise errors.ResourceError(f"expected one risk rule of type {rule_type!r}")
        return found[0]

    def by_id(self, rule_id: str) -> Rule:
        """The rule with this id; raises ResourceError when the rule file lacks it."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise errors.ResourceError(f"risk rule {rule_id!r} is missing")

    @property
    def count_rules(self) -> tuple[Rule, ...]:
        """The phrase-count rules (types more, fewer, swap)."""
        return tuple(r for r in self.rules if r.type in COUNT_TYPES)


def _compile(source: Path, rule_id: str, patterns: object) -> tuple[re.Pattern[str], ...]:
    if not isinstance(patterns, list):
        raise errors.ResourceError(f"{source}: rule {rule_id}: patterns must be a list")
    try:
        return tuple(re.compile(str(p), re.IGNORECASE) for p in patterns)
    except re.error as exc:
        raise errors.ResourceError(f"{source}: rule {rule_id}: bad pattern ({exc})") from exc


def load(source: Path | None = None) -> RuleBook:
    """Read and validate the rule file (default: the bundled one)."""
    source = source or resources.path("rules/risk_rules.toml")
    try:
        entries = tomllib.loads(source.read_text(encoding="utf-8"))["rule"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise errors.ResourceError(f"{source}: unreadable risk rules ({exc})") from exc
    rules: list[Rule] = []
    placeholders = dict.fromkeys(PLACEHOLDERS, "")
    for entry in entries:
        try:
            rule_id, rule_type = str(entry["id"]), str(entry["type"])
            level = model.Risk(entry["level"])
            reason = str(entry["reason"])
        except (KeyError, ValueError) as exc:
            raise errors.ResourceError(f"{source}: invalid rule {entry!r} ({exc})") from exc
        if rule_type not in CODED_TYPES | COUNT_TYPES:
            raise errors.ResourceError(f"{source}: rule {rule_id}: unknown type {rule_type!r}")
        try:
            reason.format(**placeholders)
        except (KeyError, IndexError, ValueError) as exc:
            raise errors.ResourceError(f"{source}: rule {rule_id}: bad reason ({exc})") from exc
        flags = {k: entry.get(k, d) for k, d in (("favourable", False), ("coordination", False),
                                                 ("new_sentences", True))}  # fmt: skip
        if not all(isinstance(v, bool) for v in flags.values()):
            raise errors.ResourceError(f"{source}: rule {rule_id}: flags must be true or false")
        patterns = entry.get("from_patterns" if rule_type == "swap" else "patterns", [])
        rules.append(
            Rule(
                id=rule_id,
                type=rule_type,
                level=level,
                reason=reason,
                favourable=flags["favourable"],
                coordination=flags["coordination"],
                new_sentences=flags["new_sentences"],
                patterns=_compile(source, rule_id, patterns),
                to_patterns=_compile(source, rule_id, entry.get("to_patterns", [])),
            )
        )
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise errors.ResourceError(f"{source}: duplicate rule ids")
    book = RuleBook(tuple(rules))
    for rule_type in CODED_TYPES:
        book.one(rule_type)
    for rule_id in REQUIRED_IDS:
        book.by_id(rule_id)
    return book
