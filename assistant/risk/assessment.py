"""Judge one change between two drafts against the risk rules: level, reasons, rule ids.

The rules' levels, wording and phrase lists are data (`risk/rulebook.py`); this module holds the
logic each rule type needs: what was struck, which phrases became more or less frequent, which
numbers moved which way, which definition a safeguard relies on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant import model, taxonomy
from assistant.risk import quantities, rulebook

_QUOTE_CHARS = 90
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
# Words whose change is never a spelling fix, however close they look.
_LOADED_WORDS = frozenset(
    {"shall", "should", "may", "must", "will", "not", "no", "only", "solely", "any", "all", "and",
     "or", "nor", "prior", "written", "consent", "notice", "unless", "except", "lawful",
     "unlawful", "include", "exclude", "includes", "excludes", "now", "never"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a change: a draft, the clauses of it involved, and their findings."""

    draft: model.Draft
    indices: tuple[int, ...]
    findings: tuple[model.Finding, ...] = ()

    @property
    def clauses(self) -> tuple[model.Clause, ...]:
        """The clauses involved, in order."""
        return tuple(self.draft.clauses[i] for i in self.indices)

    @property
    def text(self) -> str:
        """The involved clauses' text, joined."""
        return " ".join(c.text for c in self.clauses)


@dataclass(frozen=True, slots=True)
class _Hit:
    rule: rulebook.Rule
    values: dict[str, str] = field(default_factory=dict)
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Judge:
    """Applies a rule book with a taxonomy to changes."""

    book: rulebook.RuleBook
    tax: taxonomy.Taxonomy
    side: str | None = None  # the party the user represents (--side)

    def assess(
        self,
        kind: model.ChangeKind,
        old: Side,
        new: Side,
        diff: Sequence[model.Edit],
        *,
        tracked: bool | None = None,
    ) -> model.Assessment:
        """The verdict on one change: highest level of the rules that fired, with their reasons."""
        if kind is model.ChangeKind.DELETED:
            hits = self._deleted(old, new)
        elif kind is model.ChangeKind.INSERTED:
            hits = self._inserted(new)
        else:
            hits = self._modified(old, new, diff)
        touched = self._touched(old, new)
        cosmetic = any(h.rule.type in ("cosmetic", "moved") for h in hits)
        if tracked is False and touched and not cosmetic:
            hits.append(_Hit(self.book.one("untracked")))
        if self._binds_side(old.findings + new.findings):
            hits = self._from_side(hits)
        return self._verdict(kind, old, new, hits, touched)

    def _touched(self, old: Side, new: Side) -> tuple[str, ...]:
        """Safeguard categories of the clauses, or else of the clauses they cite by number.

        "The obligations in this Section 13 survive ..." has no restriction of its own but
        changes what Section 13's restrictions are worth.
        """
        own = self._categories(old.findings + new.findings, taxonomy.Kind.SAFEGUARD)
        if own:
            return own
        cited = _cited_findings(old) + _cited_findings(new)
        return self._categories(cited, taxonomy.Kind.SAFEGUARD)

    def _binds_side(self, findings: Sequence[model.Finding]) -> bool:
        """Every clause involved burdens the user's own party rather than protecting it.

        A restriction burdens the party it names as its subject ("Distributor shall not ...");
        a right or a cap (beneficiary "subject") burdens the party it does not name.
        """
        if self.side is None or not findings:
            return False
        party = re.compile(rf"\b{re.escape(self.side)}\b", re.IGNORECASE)
        for finding in findings:
            window = _subject(finding.text)
            category = self._category(finding.category)
            if category is not None and category.beneficiary is taxonomy.Beneficiary.SUBJECT:
                if party.search(window) or not _PARTY.search(window):
                    return False
            elif not party.search(window):
                return False
        return True

    def _from_side(self, hits: list[_Hit]) -> list[_Hit]:
        """Judge from the side of a party bound by the clause: loosening favours it."""
        if not hits or hits[0].rule.level is model.Risk.NONE:
            return hits
        if all(h.rule.favourable for h in hits):
            return [_Hit(self.book.one("side_tightened"))]
        return [_Hit(self.book.one("side_loosened"))]

    # -- deletions and insertions ------------------------------------------------------------

    def _deleted(self, old: Side, new: Side) -> list[_Hit]:
        struck = self._categories(old.findings, taxonomy.Kind.SAFEGUARD)
        if struck:
            elsewhere = sorted(
                {
                    f.ref or "an unnumbered clause"
                    for f in new.draft.findings
                    if f.category in struck
                }
            )
            remains = (
                "no equivalent clause remains"
                if not elsewhere
                else f"related language remains in {_refs(elsewhere)}"
            )
            return [_Hit(self.book.one("struck"), {"remains": remains}, struck)]
        risky = self._categories(old.findings, taxonomy.Kind.RISK_LANGUAGE)
        if risky:
            evidence = self._labels(risky)
            return [_Hit(self.book.one("risk_language_removed"), {"evidence": evidence})]
        return [_Hit(self.book.one("deleted"))]

    def _inserted(self, new: Side) -> list[_Hit]:
        hits: list[_Hit] = []
        risky = self._categories(new.findings, taxonomy.Kind.RISK_LANGUAGE)
        if risky:
            evidence = self._risk_evidence(new.findings, risky)
            hits.append(_Hit(self.book.one("risk_language_inserted"), {"evidence": evidence}))
        carve = self._carveout_target(new)
        if carve is not None:
            hits.append(carve)
        added = self.book.one("added")
        restricts = _first_match(added.patterns, new.text) is not None
        if not hits and (self._categories(new.findings, taxonomy.Kind.SAFEGUARD) or restricts):
            hits.append(_Hit(added))
        return hits or [_Hit(self.book.one("inserted"))]

    def _carveout_target(self, new: Side) -> _Hit | None:
        """A new clause that switches off a safeguard clause by reference or by defined term."""
        rule = self.book.one("carveout_clause")
        text = new.text
        cue = _first_match(rule.patterns, text)
        if cue is None:
            return None
        targets: list[str] = []
        categories: list[str] = []
        cited = set(_CROSS_REFERENCE.findall(text))
        for finding in new.draft.findings:
            if finding.clause in new.indices or finding.ref is None:
                continue
            if self.tax_kind(finding.category) is not taxonomy.Kind.SAFEGUARD:
                continue
            if any(finding.ref == c or finding.ref.startswith((f"{c}.", f"{c}(")) for c in cited):
                targets.append(f"§{finding.ref}")
                categories.append(finding.category)
        if not targets:
            return None
        values = {"target": ", ".join(dict.fromkeys(targets)), "evidence": f"'{cue}'"}
        return _Hit(rule, values, tuple(dict.fromkeys(categories)))

    # -- modifications -------------------------------------------------------------------------

    def _modified(self, old: Side, new: Side, diff: Sequence[model.Edit]) -> list[_Hit]:
        old_text, new_text = old.text, new.text
        if _normal(old_text) == _normal(new_text):
            return [_Hit(self.book.one("moved"))]
        if _cosmetic(old_text, new_text):
            return [_Hit(self.book.one("cosmetic"))]
        hits: list[_Hit] = []
        hits.extend(self._risk_language_shift(old, new))
        hits.extend(self._definition_shift(old, new, diff))
        safeguard = self._touched(old, new)
        own = self._categories(old.findings + new.findings, taxonomy.Kind.SAFEGUARD)
        binding = self._binding(old_text)
        scope = (
            self._scope(old_text, new_text, diff) if safeguard and not own and not binding else []
        )
        hits.extend(scope)
        if not scope and (safeguard or binding):
            # Without --side every obligation protects the reader (PRODUCT.md), so the wording
            # rules also judge binding clauses no category names; numbers need a category.
            weakened = self._count_rules(old_text, new_text, diff)
            hits.extend(weakened)
            if safeguard:
                hits.extend(self._numbers(old_text, new_text, safeguard))
            if not weakened:
                strengthened = self._strengthened(old, new, diff)
                hits.extend(strengthened or self._narrowed(diff))
            if not hits and safeguard:
                hits.append(_Hit(self.book.one("reworded")))
        if not hits:
            hits.append(_Hit(self.book.one("modified")))
        return hits

    def _scope(self, old_text: str, new_text: str, diff: Sequence[model.Edit]) -> list[_Hit]:
        """Limiting words added to a clause that sets where a cited restriction applies."""
        rule = self.book.one("scope_narrowed")
        grown = _grew(rule.patterns, old_text, new_text)
        if not grown:
            return []
        return [_Hit(rule, {"evidence": _evidence(diff, model.Op.INSERT, grown)})]

    def _binding(self, text: str) -> bool:
        """The text holds mandatory language (the phrases of the obligation-removed rule)."""
        return _first_match(self.book.by_id(rulebook.BINDING_WORDING).patterns, text) is not None

    def _narrowed(self, diff: Sequence[model.Edit]) -> list[_Hit]:
        """Words only taken out of a restriction (an item of a list, a class of data)."""
        removed = _joined(diff, model.Op.DELETE)
        if len(_content_words(removed)) < 2 or _content_words(_joined(diff, model.Op.INSERT)):
            return []  # only connectives ("and", "(c)") may come in where the words went out
        return [_Hit(self.book.one("narrowed"), {"evidence": f"'{_short(removed)}' was removed"})]

    def _risk_language_shift(self, old: Side, new: Side) -> list[_Hit]:
        before = _counts(f.category for f in old.findings)
        after = _counts(f.category for f in new.findings)
        risky = self._categories(old.findings + new.findings, taxonomy.Kind.RISK_LANGUAGE)
        gained = tuple(c for c in risky if after.get(c, 0) > before.get(c, 0))
        lost = tuple(c for c in risky if after.get(c, 0) < before.get(c, 0))
        hits: list[_Hit] = []
        if gained:
            evidence = self._risk_evidence(new.findings, gained)
            hits.append(_Hit(self.book.one("risk_language_inserted"), {"evidence": evidence}))
        if lost:
            evidence = self._labels(lost)
            hits.append(_Hit(self.book.one("risk_language_removed"), {"evidence": evidence}))
        return hits

    def _definition_shift(self, old: Side, new: Side, diff: Sequence[model.Edit]) -> list[_Hit]:
        """A definition a safeguard relies on that now covers less."""
        rule = self.book.one("definition_narrowed")
        for definition in new.draft.definitions:
            if definition.clause not in new.indices:
                continue
            users = self._safeguard_users(new.draft, definition)
            if not users:
                continue
            deleted = _joined(diff, model.Op.DELETE)
            inserted = _joined(diff, model.Op.INSERT)
            added_cue = [
                p for p in rule.patterns if len(p.findall(new.text)) > len(p.findall(old.text))
            ]
            shrunk = len(_WORD.findall(deleted)) >= 2 + len(_WORD.findall(inserted))
            if not added_cue and not shrunk:
                continue
            evidence = (
                _evidence(diff, model.Op.INSERT, added_cue)
                if added_cue
                else f"'{_short(deleted)}' was removed"
            )
            user_refs = sorted(
                {
                    f.ref or "an unnumbered clause"
                    for f in new.draft.findings
                    if f.clause in definition.used_in and f.category in users
                }
            )
            values = {
                "term": definition.term,
                "evidence": evidence,
                "users": f"{_refs(user_refs)} ({self._labels(users)})",
            }
            return [_Hit(rule, values, users)]
        return []

    def _count_rules(self, old_text: str, new_text: str, diff: Sequence[model.Edit]) -> list[_Hit]:
        hits: list[_Hit] = []
        for rule in self.book.count_rules:
            if rule.type == "swap":
                lost = _grew(rule.patterns, new_text, old_text)
                gained = _grew(rule.to_patterns, old_text, new_text)
                if lost and gained:
                    pieces = _evidence(diff, model.Op.DELETE, lost).split("; ")
                    pieces += _evidence(diff, model.Op.INSERT, gained).split("; ")
                    hits.append(_Hit(rule, {"evidence": "; ".join(dict.fromkeys(pieces))}))
                continue
            if rule.type == "more":
                grown = _grew(rule.patterns, old_text, new_text)
                if grown:
                    evidence = _evidence(diff, model.Op.INSERT, grown)
                    hits.append(_Hit(rule, {"evidence": evidence}))
            else:
                shrunk = _grew(rule.patterns, new_text, old_text)
                if shrunk:
                    evidence = _evidence(diff, model.Op.DELETE, shrunk)
                    hits.append(_Hit(rule, {"evidence": evidence}))
        return hits

    def _strengthened(self, old: Side, new: Side, diff: Sequence[model.Edit]) -> list[_Hit]:
        """The mirror image of the weakening rules, plus safeguard categories the clause gained."""
        evidence: list[str] = []
        for rule in self.book.count_rules:
            if rule.favourable:
                continue
            if rule.type == "more" and _grew(rule.patterns, new.text, old.text):
                evidence.append(_evidence(diff, model.Op.DELETE, rule.patterns))
            elif rule.type == "fewer" and _grew(rule.patterns, old.text, new.text):
                evidence.append(_evidence(diff, model.Op.INSERT, rule.patterns))
        before = set(self._categories(old.findings, taxonomy.Kind.SAFEGUARD))
        gained = [
            c for c in self._categories(new.findings, taxonomy.Kind.SAFEGUARD) if c not in before
        ]
        if gained:
            evidence.append(f"it now also covers {self._labels(gained)}")
        removed = _joined(diff, model.Op.DELETE)
        added = _joined(diff, model.Op.INSERT)
        if not evidence and not _WORD.search(removed) and _WORD.search(added):
            # Words only added to a restriction, none taken away, and no qualifier among them
            # (the weakening rules ran first): the restriction now reaches further.
            evidence.append(f"'{_short(added)}' was added")
        if not evidence:
            return []
        return [_Hit(self.book.one("strengthened"), {"evidence": "; ".join(evidence)})]

    def _numbers(self, old_text: str, new_text: str, categories: Sequence[str]) -> list[_Hit]:
        direction = self._direction(categories)
        hits: list[_Hit] = []
        for before, after in quantities.changed(old_text, new_text):
            stronger = _stronger(before, after, direction, new_text)
            if stronger is None:
                continue
            rule = self.book.one("number_strengthened" if stronger else "number_weakened")
            evidence = f"'{before.text.strip()}' became '{after.text.strip()}'"
            hits.append(_Hit(rule, {"evidence": evidence}))
        return hits

    def _direction(self, categories: Sequence[str]) -> taxonomy.Numbers:
        for category in categories:
            numbers = self._category(category)
            if numbers is not None and numbers.numbers is not taxonomy.Numbers.NONE:
                return numbers.numbers
        return taxonomy.Numbers.NONE

    # -- verdict -------------------------------------------------------------------------------

    def _verdict(
        self,
        kind: model.ChangeKind,
        old: Side,
        new: Side,
        hits: list[_Hit],
        touched: tuple[str, ...],
    ) -> model.Assessment:
        hits.sort(key=lambda h: -h.rule.level.rank)  # stable: file order within a level
        brought_in = self._categories(new.findings, taxonomy.Kind.RISK_LANGUAGE)
        before = set(self._categories(old.findings, taxonomy.Kind.RISK_LANGUAGE))
        extra = tuple(c for h in hits for c in h.categories)
        categories = tuple(
            dict.fromkeys(touched + extra + tuple(c for c in brought_in if c not in before))
        )
        focus = new if kind is not model.ChangeKind.DELETED else old
        common = {
            "where": _where(focus.clauses),
            "quote": _short(focus.text),
            "draft": new.draft.label,
            "previous": old.draft.label,
            "categories": self._labels(touched) or "an obligation no category names",
            "evidence": "",
            "remains": "",
            "target": "",
            "term": "",
            "users": "",
            "side": self.side or "",
        }
        reasons = tuple(
            dict.fromkeys(_sentence(h.rule.reason.format(**(common | h.values))) for h in hits)
        )
        return model.Assessment(
            risk=hits[0].rule.level,
            favourable=all(h.rule.favourable for h in hits),
            categories=categories,
            reasons=reasons,
            rules=tuple(dict.fromkeys(h.rule.id for h in hits)),
        )

    # -- taxonomy helpers ----------------------------------------------------------------------

    def _category(self, category_id: str) -> taxonomy.Category | None:
        for category in self.tax.categories:
            if category.id == category_id:
                return category
        return None

    def tax_kind(self, category_id: str) -> taxonomy.Kind | None:
        """The kind of a category, or None when no loaded pack defines it."""
        category = self._category(category_id)
        return category.kind if category is not None else None

    def _categories(
        self, findings: Iterable[model.Finding], kind: taxonomy.Kind
    ) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(f.category for f in findings if self.tax_kind(f.category) is kind)
        )

    def _labels(self, categories: Iterable[str]) -> str:
        names = []
        for category_id in categories:
            category = self._category(category_id)
            names.append(category.label if category is not None else category_id)
        return ", ".join(names)

    def _risk_evidence(self, findings: Sequence[model.Finding], categories: Sequence[str]) -> str:
        quotes = [
            f"{self._labels([f.category])} ('{_short(f.text)}')"
            for f in findings
            if f.category in categories
        ]
        return "; ".join(dict.fromkeys(quotes))

    def _safeguard_users(self, draft: model.Draft, definition: model.Definition) -> tuple[str, ...]:
        """Safeguard categories of the clauses that use a defined term."""
        return self._categories(
            (f for f in draft.findings if f.clause in definition.used_in), taxonomy.Kind.SAFEGUARD
        )


# -- text helpers ----------------------------------------------------------------------------


def _content_words(text: str) -> list[str]:
    """Words that carry meaning: longer than three letters, or numbers."""
    return [w for w in _WORD.findall(text) if len(w) > 3 or w.isdigit()]


def _cited_findings(side: Side) -> tuple[model.Finding, ...]:
    """Findings of the clauses that the side's text cites by number ("Section 5.1")."""
    cited = set(_CROSS_REFERENCE.findall(side.text))
    if not cited:
        return ()
    return tuple(
        f
        for f in side.draft.findings
        if f.ref is not None
        and f.clause not in side.indices
        and any(f.ref == c or f.ref.startswith((f"{c}.", f"{c}(")) for c in cited)
    )


def _normal(text: str) -> str:
    return " ".join(text.split())


def _short(text: str) -> str:
    text = _normal(text)
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _where(clauses: Sequence[model.Clause]) -> str:
    refs = [c.ref for c in clauses if c.ref]
    if refs:
        return " + ".join(f"§{r}" for r in refs)
    headings = [c.heading[-1] for c in clauses if c.heading]
    if headings:
        return f"the clause under '{headings[0]}'"
    return "an unnumbered clause"


def _refs(refs: Sequence[str]) -> str:
    return ", ".join(r if r.startswith("an ") else f"§{r}" for r in refs)


def _counts(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _grew(
    patterns: Sequence[re.Pattern[str]], before: str, after: str
) -> tuple[re.Pattern[str], ...]:
    """The patterns that match more often in `after`, if the set as a whole does, else none.

    The phrases of one rule are interchangeable ("shall" and "must"; "unless" and "except"), so
    swapping one for another is not a change of force: only the total count decides.
    """
    if sum(len(p.findall(after)) for p in patterns) <= sum(
        len(p.findall(before)) for p in patterns
    ):
        return ()
    return tuple(p for p in patterns if len(p.findall(after)) > len(p.findall(before)))


def _first_match(patterns: Sequence[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def _joined(diff: Sequence[model.Edit], op: model.Op) -> str:
    return " … ".join(e.text.strip() for e in diff if e.op is op and e.text.strip())


def _evidence(diff: Sequence[model.Edit], op: model.Op, patterns: Sequence[re.Pattern[str]]) -> str:
    """Quote the diff pieces of one kind that contain the phrases, with what they replaced."""
    quotes: list[str] = []
    for index, edit in enumerate(diff):
        if edit.op is not op or not any(p.search(edit.text) for p in patterns):
            continue
        if op is model.Op.INSERT:
            previous = diff[index - 1] if index > 0 else None
            if previous is not None and previous.op is model.Op.DELETE:
                quotes.append(f"'{_short(previous.text)}' became '{_short(edit.text)}'")
            else:
                quotes.append(f"'{_short(edit.text)}' was added")
        else:
            following = diff[index + 1] if index + 1 < len(diff) else None
            if following is not None and following.op is model.Op.INSERT:
                quotes.append(f"'{_short(edit.text)}' became '{_short(following.text)}'")
            else:
                quotes.append(f"'{_short(edit.text)}' was removed")
    if quotes:
        return "; ".join(dict.fromkeys(quotes))
    # The phrase count changed without one diff piece holding the phrase (e.g. split across
    # pieces): name the phrases themselves.
    words = [p.pattern for p in patterns]
    return ("added " if op is model.Op.INSERT else "removed ") + ", ".join(words)


def _cosmetic(old: str, new: str) -> bool:
    """Only punctuation, case or spelling differs (no loaded word, no number changed)."""
    before = [w.casefold() for w in _WORD.findall(old)]
    after = [w.casefold() for w in _WORD.findall(new)]
    if before == after:
        return True
    if len(before) != len(after):
        return False
    for a, b in zip(before, after, strict=True):
        if a == b:
            continue
        if a in _LOADED_WORDS or b in _LOADED_WORDS or a.isdigit() or b.isdigit():
            return False
        if len(a) < 4 or difflib.SequenceMatcher(None, a, b).ratio() < 0.8:
            return False
    return True


# "Section 4.2", "Clause 4.2(a)", "§ 4.2", "Article IV": an explicit reference to another clause.
_CROSS_REFERENCE = re.compile(
    r"(?:\bSections?|\bClauses?|\bArticles?|\bParagraphs?|§)\s*([0-9IVXLC]+(?:\.[0-9]+)*)",
    re.IGNORECASE,
)

# Where the subject of a restriction ends: its first modal verb.
_SUBJECT_END = re.compile(
    r"\b(?:shall|must|will|may|should|agrees?|undertakes?|is\s+required|are\s+required)\b",
    re.IGNORECASE,
)

# A party named in a subject: a capitalised word that is not a sentence opener.
_PARTY = re.compile(
    r"\b(?!(?:In|The|Each|Either|Neither|No|Any|All|This|Such|If|Upon)\b)[A-Z][a-z]+"
)


def _subject(sentence: str) -> str:
    """The words naming who a restriction is about: before the first modal, or just after it
    when the sentence opens with the modal phrase ("In no event shall Supplier's liability")."""
    before, *after = _SUBJECT_END.split(sentence, maxsplit=1)
    if _PARTY.search(before) or not after:
        return before
    return " ".join(after[0].split()[:6])


# Deadlines and notice periods: shorter is stronger. Minimum durations: longer is stronger.
_DEADLINE = re.compile(
    r"\b(?:within|no\s+later\s+than|not\s+later\s+than|at\s+most|up\s+to|notice|prior\s+to"
    r"|in\s+advance|before)\b",
    re.IGNORECASE,
)
_MINIMUM = re.compile(
    r"\b(?:at\s+least|minimum|retain(?:ed|s)?|retention|keep|kept|maintain(?:ed|s)?|surviv(?:e|es|al)"
    r"|for\s+a\s+period\s+of|term\s+of)\b",
    re.IGNORECASE,
)


def _stronger(
    before: quantities.Quantity,
    after: quantities.Quantity,
    direction: taxonomy.Numbers,
    context: str,
) -> bool | None:
    """Whether the new value strengthens the clause; None when the direction is unknown.

    The words just before a duration decide first ("within 24 hours" is a deadline, "retain for
    seven years" a minimum), because one category holds both kinds; the category decides
    otherwise.
    """
    if after.dimension == "duration":
        lead = context[max(0, after.start - 60) : after.start]
        deadline = max((m.end() for m in _DEADLINE.finditer(lead)), default=-1)
        minimum = max((m.end() for m in _MINIMUM.finditer(lead)), default=-1)
        if deadline > minimum:  # the nearer cue wins
            direction = taxonomy.Numbers.LOWER_IS_STRONGER
        elif minimum > deadline:
            direction = taxonomy.Numbers.HIGHER_IS_STRONGER
    if direction is taxonomy.Numbers.NONE:
        return None
    higher = after.value > before.value
    return higher if direction is taxonomy.Numbers.HIGHER_IS_STRONGER else not higher
