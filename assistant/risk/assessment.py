"""Judge one change between two drafts against the risk rules: level, reasons, rule ids.

The rules' levels, wording and phrase lists are data (`risk/rulebook.py`); this module holds the
logic each rule type needs: what was struck, which phrases became more or less frequent, which
numbers moved which way, which definition a safeguard relies on, whose side a clause is on.
"""

from __future__ import annotations

import collections
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from assistant import model, taxonomy
from assistant.risk import quantities, rulebook, wording

# A deleted safeguard whose content words reappear this fully in one clause of the newer draft
# was merged or duplicated there, not struck.
_RETAINED = 0.8
# A lead-in that opens a list of exceptions ("shall not disclose it except:"), not of duties.
_EXCEPTION_LEAD = re.compile(
    r"\b(?:except|unless|other\s+than|save|excluding|apart\s+from|exceptions?)\b[^.;:]*:\s*$",
    re.IGNORECASE,
)
# The sentence naming the parties ("This Agreement is made between X, a Delaware corporation
# ("Provider"), and ..."): its aliases name who the parties are, not what a safeguard covers, so
# a changed address or entity form there narrows nothing.
_PARTIES = re.compile(
    r"\bagreement\b.*?\b(?:is\s+made|entered\s+into)\s+(?:.*?\s)?between\b", re.I | re.S
)
# Words that stand for what is named elsewhere: replacing one with its referent is no rewording.
_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "this", "that", "these", "those"})
_REFERENT_WORDS = 3
# Rule types a --side judgement leaves alone: they say nothing about direction.
_NO_DIRECTION = frozenset({"untracked", "cosmetic", "moved", "reworded", "inserted", "deleted",
                           "modified", "retained", "scope_changed"})  # fmt: skip


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
    judged: _Hit | None = None  # the verdict a --side judgement turned round


class Judge:
    """Applies a rule book with a taxonomy to changes, optionally from one party's side.

    A Judge serves one analysis: it keeps per-draft indexes keyed by the drafts' identity.
    """

    def __init__(
        self, book: rulebook.RuleBook, tax: taxonomy.Taxonomy, side: str | None = None
    ) -> None:
        self.book = book
        self.tax = tax
        self.side = side.strip() if side and side.strip() else None
        self._categories_by_id = {c.id: c for c in tax.categories}
        # By the draft's identity. Each cache keeps its draft alive: a collected draft's id can
        # be reused, and a Judge that outlives its drafts (a test's) then handed the old words
        # to a new draft, reading a real edit as cosmetic, or the old findings, reading a
        # definition's users wrong.
        self._vocabularies: dict[int, tuple[model.Draft, collections.Counter[str]]] = {}
        self._word_indexes: dict[int, tuple[model.Draft, dict[str, list[int]]]] = {}
        self._by_clause: dict[int, tuple[model.Draft, dict[int, list[model.Finding]]]] = {}
        # By the draft's identity: (excepted ref, safeguard category) for every safeguard whose
        # exception points to a clause by number ("except as provided in Section 4.3").
        self._exceptions: dict[int, tuple[model.Draft, tuple[tuple[str, str], ...]]] = {}

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
        touched = self._touched(old, new)
        if kind is model.ChangeKind.DELETED:
            hits = self._deleted(old, new)
        elif kind is model.ChangeKind.INSERTED:
            hits = self._inserted(new)
        else:
            hits = self._modified(old, new, diff, touched)
        quiet = any(h.rule.type in ("cosmetic", "moved") for h in hits)
        if tracked is False and touched and not quiet:
            hits.append(_Hit(self.book.one("untracked")))
        focus = old if kind is model.ChangeKind.DELETED else new
        if self._burdens_side(old.findings + new.findings, focus.text):
            hits = [self._from_side(h) for h in hits]
        return self._verdict(kind, old, new, hits, touched)

    # -- categories ------------------------------------------------------------------------------

    def _touched(self, old: Side, new: Side) -> tuple[str, ...]:
        """Safeguard categories of the clauses, or else of the clauses they cite by number.

        "The obligations in this Section 13 survive ..." has no restriction of its own but
        changes what Section 13's restrictions are worth.
        """
        own = self._kind_of(old.findings + new.findings, taxonomy.Kind.SAFEGUARD)
        if own:
            return own
        return self._kind_of(_cited(old) + _cited(new), taxonomy.Kind.SAFEGUARD) or self._excepted(
            old, new
        )

    def _excepted(self, old: Side, new: Side) -> tuple[str, ...]:
        """Categories of the safeguards whose exception is this clause ("shall not operate a Shop
        in the Territory, except as provided in Section 4.3" makes 4.3(a) a carve-out)."""
        categories: list[str] = []
        for side in (old, new):
            refs = [c.ref for c in side.clauses if c.ref]
            if not refs:
                continue
            entry = self._exceptions.get(id(side.draft))
            if entry is None or entry[0] is not side.draft:
                pairs = tuple(
                    (ref, f.category)
                    for f in side.draft.findings
                    if self._kind_of((f,), taxonomy.Kind.SAFEGUARD)
                    for ref in wording.excepted_refs(f.text)
                )
                entry = (side.draft, pairs)
                self._exceptions[id(side.draft)] = entry
            categories += [c for ref, c in entry[1] if any(wording.within(r, (ref,)) for r in refs)]
        return tuple(dict.fromkeys(categories))

    def _kind_of(self, findings: Iterable[model.Finding], kind: taxonomy.Kind) -> tuple[str, ...]:
        """The categories of one kind among the findings, in order of appearance."""
        return tuple(
            dict.fromkeys(
                f.category
                for f in findings
                if (c := self._categories_by_id.get(f.category)) is not None and c.kind is kind
            )
        )

    def _labels(self, categories: Iterable[str]) -> str:
        names = [
            c.label if (c := self._categories_by_id.get(i)) is not None else i for i in categories
        ]
        return ", ".join(names)

    def _findings_in(self, draft: model.Draft, clauses: Iterable[int]) -> list[model.Finding]:
        """The draft's findings in the given clauses (indexed once per draft: drafts hold
        thousands of findings and definitions are used by thousands of clauses)."""
        entry = self._by_clause.get(id(draft))
        if entry is None or entry[0] is not draft:
            index: dict[int, list[model.Finding]] = {}
            for finding in draft.findings:
                index.setdefault(finding.clause, []).append(finding)
            entry = (draft, index)
            self._by_clause[id(draft)] = entry
        return [f for i in clauses for f in entry[1].get(i, ())]

    def _users(self, draft: model.Draft, definition: model.Definition) -> tuple[str, ...]:
        """Safeguard categories of the clauses that use a defined term."""
        used = self._findings_in(draft, definition.used_in)
        return self._kind_of(used, taxonomy.Kind.SAFEGUARD)

    def _user_refs(self, draft: model.Draft, definition: model.Definition) -> str:
        users = self._users(draft, definition)
        used = self._findings_in(draft, definition.used_in)
        refs = sorted({f.ref or "an unnumbered clause" for f in used if f.category in users})
        return f"{_refs(refs)} ({self._labels(users)})"

    # -- whose side ------------------------------------------------------------------------------

    def _burdens_side(self, findings: Sequence[model.Finding], text: str) -> bool:
        """Every restriction involved burdens the user's own party rather than protecting it.

        A restriction burdens the party named as its subject ("Distributor shall not ..."), and
        risk language frees its subject; a right or a cap (beneficiary "subject") protects the
        party it names and so burdens the other one. A sentence without a modal verb says
        nothing about sides. A clause no category names is judged by its text: a duty binds
        the party it opens with ("Customer shall indemnify Provider").
        """
        if self.side is None:
            return False
        party = _party_pattern(self.side)
        if not findings:
            who = wording.subject(text)
            return who is not None and self._binding(text) and bool(party.search(who))
        for finding in findings:
            who = wording.subject(finding.text)
            if who is None:
                return False
            category = self._categories_by_id.get(finding.category)
            if category is not None and category.beneficiary is taxonomy.Beneficiary.SUBJECT:
                if party.search(who) or not wording.PARTY.search(who):
                    return False
            elif not party.search(who):
                return False
        return True

    def _from_side(self, hit: _Hit) -> _Hit:
        """Turn a verdict round for a clause that burdens the user's party."""
        if hit.rule.type in _NO_DIRECTION or hit.rule.level is model.Risk.NONE:
            return hit
        turned = self.book.one("side_tightened" if hit.rule.favourable else "side_loosened")
        return _Hit(turned, {}, hit.categories, judged=hit)

    # -- deletions and insertions ----------------------------------------------------------------

    def _deleted(self, old: Side, new: Side) -> list[_Hit]:
        hits = self._definition_removed(old)
        struck = self._kind_of(old.findings, taxonomy.Kind.SAFEGUARD)
        if struck and _allowances(old.findings):
            hits.append(_Hit(self.book.one("allowance_removed"), {}, struck))
        elif struck:
            kept = self._retained_in(old, new, struck)
            if kept:
                hits.append(_Hit(self.book.one("retained"), {"remains": kept}, struck))
            else:
                hits.append(
                    _Hit(self.book.one("struck"), {"remains": _remains(new, struck)}, struck)
                )
        risky = self._kind_of(old.findings, taxonomy.Kind.RISK_LANGUAGE)
        if risky and not hits:
            hits.append(
                _Hit(self.book.one("risk_language_removed"), {"evidence": self._lower(risky)})
            )
        if not hits and not risky and self._binding(old.text):
            kept = self._retained_in(old, new, None)
            if kept:
                hits.append(_Hit(self.book.one("retained"), {"remains": kept}))
            else:
                hits.append(_Hit(self.book.one("duty_struck")))
        return hits or [_Hit(self.book.one("deleted"))]

    def _retained_in(self, old: Side, new: Side, categories: Sequence[str] | None) -> str:
        """Where in the newer draft the deleted clause's words still stand, if anywhere: in a
        clause of one of the categories, or in any clause (None)."""
        words = _words_of(old.text)
        if not words:
            return ""
        clauses = new.draft.clauses
        if categories is None:
            # A clause holding enough of the words holds one of the rarest few of them: look only
            # there, or a draft rewritten whole would compare every clause with every other.
            index = self._word_index(new.draft)
            rarest = sorted(words, key=lambda w: len(index.get(w, ())))
            few = rarest[: len(words) - math.ceil(_RETAINED * len(words)) + 1]
            holders = {i for word in few for i in index.get(word, ())}
        else:
            holders = {f.clause for f in new.draft.findings if f.category in categories}
        for held in sorted(holders):
            if len(words & _words_of(clauses[held].text)) >= _RETAINED * len(words):
                return _where((clauses[held],))
        return ""

    def _word_index(self, draft: model.Draft) -> dict[str, list[int]]:
        """The clauses of a draft holding each content word (built once per draft)."""
        entry = self._word_indexes.get(id(draft))
        if entry is None or entry[0] is not draft:
            index: dict[str, list[int]] = {}
            for number, clause in enumerate(draft.clauses):
                for word in _words_of(clause.text):
                    index.setdefault(word, []).append(number)
            entry = (draft, index)
            self._word_indexes[id(draft)] = entry
        return entry[1]

    def _definition_removed(self, old: Side) -> list[_Hit]:
        for definition in old.draft.definitions:
            if definition.clause in old.indices and self._users(old.draft, definition):
                values = {
                    "term": definition.term,
                    "users": self._user_refs(old.draft, definition),
                }
                return [
                    _Hit(
                        self.book.one("definition_removed"),
                        values,
                        self._users(old.draft, definition),
                    )
                ]
        return []

    def _inserted(self, new: Side) -> list[_Hit]:
        hits: list[_Hit] = []
        risky = self._kind_of(new.findings, taxonomy.Kind.RISK_LANGUAGE)
        if risky:
            evidence = self._risk_evidence(new.findings, risky)
            hits.append(_Hit(self.book.one("risk_language_inserted"), {"evidence": evidence}))
        carve = self._carve_out(new)
        if carve is not None:
            hits.append(carve)
        unlimited = self.book.by_id("retention.unlimited")
        phrase = wording.first_match(unlimited.patterns, new.text)
        if phrase is not None:  # not a safeguard added, whatever table it stands in
            hits.append(_Hit(unlimited, {"evidence": f"'{wording.short(phrase)}' was added"}))
        if not hits and _allowances(new.findings):
            return [_Hit(self.book.one("allowance_added"))]
        added = self.book.one("added")
        # Without --side every duty is the reader's safeguard (PRODUCT.md), named by a category
        # or not: "Supplier shall give six months' notice before discontinuing a Product".
        binds = wording.first_match(added.patterns, new.text) is not None or self._binding(new.text)
        if not hits and (
            self._kind_of(new.findings, taxonomy.Kind.SAFEGUARD) or binds or self._adds_to_duty(new)
        ):
            hits.append(_Hit(added))
        return hits or [_Hit(self.book.one("inserted"))]

    def _adds_to_duty(self, new: Side) -> bool:
        """A list item added under a lead-in that binds ("shall describe: ... (d) the name of
        the data protection officer"), not under one that lists exceptions."""
        if len(new.indices) != 1:
            return False
        lead = _lead_in(new.draft, new.indices[0])
        return (
            lead is not None
            and lead.text.rstrip().endswith(":")
            and self._binding(lead.text)
            and not _EXCEPTION_LEAD.search(lead.text)
        )

    def _carve_out(self, new: Side) -> _Hit | None:
        """A new clause that switches a safeguard off: by citing it, or by naming its subject
        without binding anyone ("The prohibition on Bulk Data does not apply to ...")."""
        rule = self.book.one("carveout_clause")
        cue = wording.first_match(rule.patterns, new.text)
        if cue is None:
            return None
        cited = wording.cited_refs(new.text)
        targets = {
            f"§{f.ref}": f.category
            for f in new.draft.findings
            if f.ref is not None
            and f.clause not in new.indices
            and wording.within(f.ref, cited)
            and self._kind_of((f,), taxonomy.Kind.SAFEGUARD)
        }
        categories = tuple(dict.fromkeys(targets.values()))
        target = ", ".join(targets)
        if not targets and not self._binding(new.text):
            categories = self._kind_of(new.findings, taxonomy.Kind.SAFEGUARD)
            target = self._labels(categories)
        if not categories:
            return None
        return _Hit(rule, {"target": target, "evidence": f"'{cue}'"}, categories)

    # -- modifications ---------------------------------------------------------------------------

    def _modified(
        self, old: Side, new: Side, diff: Sequence[model.Edit], touched: tuple[str, ...]
    ) -> list[_Hit]:
        old_text, new_text = old.text, new.text
        if wording.normal(old_text) == wording.normal(new_text):
            return [_Hit(self.book.one("moved"))]
        if wording.cosmetic(old_text, new_text, self._vocabulary(old.draft)):
            return [_Hit(self.book.one("cosmetic"))]
        hits = self._risk_language_shift(old, new)
        if _allowances(new.findings) and old.findings and not _allowances(old.findings):
            # A row of a list of what is let through that said its item was not ("Audio
            # recording | Not permitted" -> "Permitted on instruction").
            return [*hits, _Hit(self.book.one("allowance_added"))]
        hits += self._definition_shift(old, new, diff) or self._definition_numbers(old, new)
        own = self._kind_of(old.findings + new.findings, taxonomy.Kind.SAFEGUARD)
        binding = self._binding(old_text)
        # A carve-out a safeguard points to lets through what it lists, as a permission does.
        excepted = not own and not binding and bool(self._excepted(old, new))
        # Risk language grants latitude whatever its modal ("Provider shall disable any Safety
        # System as directed"): a limit put on it, like one put on a permission, tightens it.
        latitude = bool(self._kind_of(old.findings, taxonomy.Kind.RISK_LANGUAGE))
        if not own and (latitude or excepted or (not binding and self._permits(old_text))):
            limits = self._permission_limits(diff, old_text, new_text)
            if limits:
                return hits + limits
        if touched and not own and not binding:
            # A clause with no duty of its own that sets the reach of a restriction it cites.
            scope = self._scope(old_text, new_text, diff)
            if scope:
                return hits + scope
        if touched or binding:
            # Without --side every obligation protects the reader (PRODUCT.md), so the wording
            # rules also judge binding clauses no category names; numbers need a category.
            shift = self._exception_shift(diff, old_text, new_text)
            narrower = shift is not None and shift.rule.favourable
            weakened = self._count_rules(diff, old_text, new_text, narrower)
            lifted: list[_Hit] = []
            if self._reader_right(old.findings + new.findings):
                # Notice, consent or a limit required of whoever holds a right burdens it: "may
                # audit on thirty days' prior written notice" -> "on notice" widens the right.
                lifted = [h for h in weakened if h.rule.id in _REQUIREMENTS]
                if lifted:
                    evidence = "; ".join(dict.fromkeys(h.values["evidence"] for h in lifted))
                    hits.append(_Hit(self.book.one("right_widened"), {"evidence": evidence}))
                    weakened = [h for h in weakened if h not in lifted]
            weakened += self._ownership_shift(diff, old_text, new_text)
            weakened += self._made_one_way(old_text, new_text)
            weakened += self._survival_lost(old, new)
            if shift is not None and not narrower:
                weakened.append(shift)
            hits += weakened
            if touched:
                hits += self._numbers(old_text, new_text, touched)
            if not weakened and not lifted:
                hits += (
                    [shift]
                    if shift is not None
                    else self._strengthened(diff, old_text, new_text)
                    or self._reach(diff, old.findings + new.findings, excepted)
                )
            if not hits and touched:
                hits.append(_Hit(self.book.one("reworded")))
        return hits or [_Hit(self.book.one("modified"))]

    def _vocabulary(self, draft: model.Draft) -> collections.Counter[str]:
        entry = self._vocabularies.get(id(draft))
        if entry is None:
            entry = (draft, wording.vocabulary(c.text for c in draft.clauses))
            self._vocabularies[id(draft)] = entry
        return entry[1]

    def _binding(self, text: str) -> bool:
        """The text holds mandatory language (the phrases of the obligation-removed rule)."""
        patterns = self.book.by_id(rulebook.BINDING_WORDING).patterns
        return wording.first_match(patterns, text) is not None

    def _permits(self, text: str) -> bool:
        """The text grants a right or a discretion (the phrases of the permission rule)."""
        return wording.first_match(self.book.one("permission_widened").patterns, text) is not None

    def _permission_limits(
        self, diff: Sequence[model.Edit], old_text: str, new_text: str
    ) -> list[_Hit]:
        """A limit taken off a right that binds no one (or off risk language) loosens it; one
        put on tightens it."""
        old_text, new_text = _counted(old_text), _counted(new_text)
        limits = [p for i in rulebook.LIMIT_WORDING for p in self.book.by_id(i).patterns]
        lost = wording.grew(limits, new_text, old_text)
        if lost:
            evidence = wording.evidence(diff, model.Op.DELETE, lost, old_text)
            return [_Hit(self.book.one("permission_widened"), {"evidence": evidence})]
        gained = wording.grew(limits, old_text, new_text)
        if gained:
            evidence = wording.evidence(diff, model.Op.INSERT, gained, new_text)
            return [_Hit(self.book.one("strengthened"), {"evidence": evidence})]
        return []

    def _scope(self, old_text: str, new_text: str, diff: Sequence[model.Edit]) -> list[_Hit]:
        """Limiting words added to a clause that sets where a cited restriction applies."""
        rule = self.book.one("scope_narrowed")
        grown = wording.grew(rule.patterns, old_text, new_text)
        if not grown:
            return []
        return [_Hit(rule, {"evidence": wording.evidence(diff, model.Op.INSERT, grown, new_text)})]

    def _risk_language_shift(self, old: Side, new: Side) -> list[_Hit]:
        before = collections.Counter(f.category for f in old.findings)
        after = collections.Counter(f.category for f in new.findings)
        risky = self._kind_of(old.findings + new.findings, taxonomy.Kind.RISK_LANGUAGE)
        gained = tuple(c for c in risky if after[c] > before[c])
        lost = tuple(c for c in risky if after[c] < before[c])
        hits: list[_Hit] = []
        if gained:
            evidence = self._risk_evidence(new.findings, gained)
            hits.append(_Hit(self.book.one("risk_language_inserted"), {"evidence": evidence}))
        if lost:
            hits.append(
                _Hit(self.book.one("risk_language_removed"), {"evidence": self._lower(lost)})
            )
        return hits

    def _definition_shift(self, old: Side, new: Side, diff: Sequence[model.Edit]) -> list[_Hit]:
        """A definition a safeguard relies on that now covers less, or, by a pure addition
        that includes more ("and also includes any individual located in ..."), covers more;
        read the other way round when the safeguard lets through only what the term covers."""
        deleted = wording.joined(diff, model.Op.DELETE)
        inserted = wording.joined(diff, model.Op.INSERT)
        rule = self.book.one("definition_narrowed")
        cues = wording.grew(rule.patterns, old.text, new.text)
        exclusions = wording.grew(rule.patterns, new.text, old.text)
        if cues:
            evidence = wording.evidence(diff, model.Op.INSERT, cues, new.text)
        elif exclusions:
            # An exclusion or a limit taken out of the definition ("but does not include ...",
            # "only"): it covers more, whatever else was reworded.
            rule = self.book.one("definition_widened")
            evidence = wording.evidence(diff, model.Op.DELETE, exclusions, old.text)
        elif len(wording.WORD.findall(deleted)) >= 2 + len(wording.WORD.findall(inserted)):
            evidence = f"'{wording.short(deleted)}' was removed"
            if wording.in_exception(diff, model.Op.DELETE):
                # Taken out of what the term excludes ("but excluding ... and any information
                # collected through ..."): the term covers more.
                rule = self.book.one("definition_widened")
                evidence += " from what it excludes"
        else:
            rule = self.book.one("definition_widened")
            if wording.net_words(deleted, inserted)[0]:
                return []  # a word of the old definition went: a rewording, not a widening
            more = wording.grew(rule.patterns, old.text, new.text)
            if more:
                evidence = wording.evidence(diff, model.Op.INSERT, more, new.text)
            elif wording.items_added(diff):
                evidence = f"'{wording.short(inserted.strip())}' was added"
            else:
                return []
        for definition in new.draft.definitions:
            if definition.clause not in new.indices or _PARTIES.search(definition.text):
                continue
            users = self._users(new.draft, definition)
            if not users:
                continue
            if rule.type == "definition_widened" and self._lets_through(new.draft, definition):
                # "solely for the Authorized Uses": a wider term lets more through.
                rule = self.book.one("definition_loosened")
            elif rule.type == "definition_narrowed" and self._lets_through(
                new.draft, definition, every=True
            ):
                # A narrower term lets less through, when that is all the safeguards using it
                # do with it: one ban scoped by it is weakened, and that is the worse error.
                rule = self.book.one("definition_tightened")
            values = {
                "term": definition.term,
                "evidence": evidence,
                "users": self._user_refs(new.draft, definition),
            }
            return [_Hit(rule, values, users)]
        return []

    def _lets_through(
        self, draft: model.Draft, definition: model.Definition, every: bool = False
    ) -> bool:
        """A safeguard using the term (`every`: each one, and at least one) lets through only
        what it covers (see `limits_term`)."""
        holders = {
            f.clause
            for f in self._findings_in(draft, definition.used_in)
            if self._kind_of((f,), taxonomy.Kind.SAFEGUARD)
        }
        limits = [wording.limits_term(definition.term, draft.clauses[i].text) for i in holders]
        if every:
            return bool(limits) and all(limits)
        return any(limits)

    def _definition_numbers(self, old: Side, new: Side) -> list[_Hit]:
        """A number moved inside a definition that safeguards rely on, judged the way their
        category reads numbers ("Impact Level 6" -> "5" in the definition of the environment a
        secure-environment clause requires)."""
        for definition in new.draft.definitions:
            if definition.clause not in new.indices or _PARTIES.search(definition.text):
                continue
            users = self._users(new.draft, definition)
            hits = self._numbers(old.text, new.text, users) if users else []
            if hits:
                where = f'the definition of "{definition.term}", on which '
                where += self._user_refs(new.draft, definition) + " rely"
                return [
                    replace(
                        hit,
                        values=hit.values
                        | {
                            "evidence": f"{hit.values['evidence']} in {where}",
                            "categories": self._labels(users),
                        },
                        categories=users,
                    )
                    for hit in hits
                ]
        return []

    def _count_rules(
        self, diff: Sequence[model.Edit], old_text: str, new_text: str, narrower: bool = False
    ) -> list[_Hit]:
        """The weakening phrase counts. `narrower`: the change puts a condition on an exception
        (see `_exception_shift`), so the qualifier it adds is that condition."""
        old_text, new_text = _counted(old_text), _counted(new_text)
        restored = self._consent_restored(old_text, new_text)
        hits: list[_Hit] = []
        for rule in self.book.count_rules:
            if narrower and rule.id == rulebook.QUALIFIER_WORDING:
                continue
            if restored and rule.id == rulebook.QUALIFIER_WORDING:
                # "without Bank's prior approval" in place of a notice duty is consent restored
                # (_strengthened), not a condition that lets the conduct through.
                rule = replace(
                    rule,
                    patterns=tuple(p for p in rule.patterns if not p.search("without consent")),
                )
            if rule.type == "swap":
                lost = wording.grew(rule.patterns, new_text, old_text)
                gained = wording.grew(rule.to_patterns, old_text, new_text)
                if lost and gained:
                    pieces = wording.evidence(diff, model.Op.DELETE, lost, old_text).split("; ")
                    pieces += wording.evidence(diff, model.Op.INSERT, gained, new_text).split("; ")
                    hits.append(_Hit(rule, {"evidence": "; ".join(dict.fromkeys(pieces))}))
            elif rule.type == "more":
                counted = new_text if rule.new_sentences else wording.without_new_sentences(diff)
                grown = wording.grew(rule.patterns, old_text, counted)
                if grown:
                    evidence = wording.evidence(diff, model.Op.INSERT, grown, new_text)
                    hits.append(_Hit(rule, {"evidence": evidence}))
            else:
                shrunk = wording.grew(rule.patterns, new_text, old_text)
                if shrunk and wording.carve_out_struck(diff, shrunk):
                    continue
                if shrunk and not (rule.coordination and wording.coordinated(diff, shrunk)):
                    evidence = wording.evidence(diff, model.Op.DELETE, shrunk, old_text)
                    hits.append(_Hit(rule, {"evidence": evidence}))
        return hits

    def _reader_right(self, findings: Sequence[model.Finding]) -> bool:
        """Every safeguard finding is a right of the party it names ("Customer may audit",
        "Provider may suspend the Services"): conditions on it burden its holder."""
        own = [
            (f, c)
            for f in findings
            if (c := self._categories_by_id.get(f.category)) is not None
            and c.kind is taxonomy.Kind.SAFEGUARD
        ]
        return bool(own) and all(
            c.beneficiary is taxonomy.Beneficiary.SUBJECT
            and (
                f.form is model.Form.PERMISSION
                or (f.form is model.Form.CONDITION and wording.governing_modal(f.text) == "may")
            )
            for f, c in own
        )

    def _consent_restored(self, old_text: str, new_text: str) -> bool:
        """Notice turned back into consent ("shall notify Bank before the run begins" -> "no run
        shall begin without Bank's prior approval")."""
        swap = self.book.by_id(rulebook.CONSENT_SWAP)
        return bool(
            wording.grew(swap.to_patterns, new_text, old_text)
            and wording.grew(swap.patterns, old_text, new_text)
        )

    def _strengthened(self, diff: Sequence[model.Edit], old_text: str, new_text: str) -> list[_Hit]:
        """The mirror image of the weakening rules: a qualifier dropped, a duty made binding,
        notice turned into consent.

        Not inside an exception: "except pursuant to a court order" becoming "..., or a written
        request" adds "written" to what lets the conduct through, which strengthens nothing.
        """
        old_text, new_text = _counted(old_text), _counted(new_text)
        evidence: list[str] = []
        for rule in self.book.count_rules:
            if rule.favourable:
                continue
            if rule.type == "swap":
                # The swap undone: notice turned back into consent.
                lost = wording.grew(rule.to_patterns, new_text, old_text)
                gained = wording.grew(rule.patterns, old_text, new_text)
                if lost and gained:
                    evidence.append(wording.evidence(diff, model.Op.INSERT, gained, new_text))
            elif (
                rule.type == "more"
                and wording.grew(rule.patterns, new_text, old_text)
                and not wording.in_exception(diff, model.Op.DELETE)
            ):
                evidence.append(wording.evidence(diff, model.Op.DELETE, rule.patterns, old_text))
            elif (
                rule.type == "fewer"
                and wording.grew(rule.patterns, old_text, new_text)
                and not wording.in_exception(diff, model.Op.INSERT)
            ):
                evidence.append(wording.evidence(diff, model.Op.INSERT, rule.patterns, new_text))
        if not evidence:
            return []
        return [_Hit(self.book.one("strengthened"), {"evidence": "; ".join(evidence)})]

    def _ownership_shift(
        self, diff: Sequence[model.Edit], old_text: str, new_text: str
    ) -> list[_Hit]:
        """A party named as an owner that was not one before."""
        gained = sorted(wording.owners(new_text) - wording.owners(old_text))
        if not gained:
            return []
        names = [re.compile(rf"\b{re.escape(party)}\b") for party in gained]
        evidence = (
            f"{' and '.join(gained)} ({wording.evidence(diff, model.Op.INSERT, names, new_text)})"
        )
        return [_Hit(self.book.one("ownership_shifted"), {"evidence": evidence})]

    def _survival_lost(self, old: Side, new: Side) -> list[_Hit]:
        """A clause that keeps others in force after the agreement ends no longer names a
        safeguard ("Sections 3, 6 and 7 survive" -> "Sections 6 and 7 survive")."""
        if not (_SURVIVES.search(old.text) and _SURVIVES.search(new.text)):
            return []
        before, after = wording.cited_refs(old.text), wording.cited_refs(new.text)
        if after - before:
            return []  # a number swapped, as renumbering does ("6.2" -> "6.1"): not a drop
        lost = before - after
        guarded = [
            f.ref
            for f in old.draft.findings
            if f.ref is not None
            and f.clause not in old.indices
            and self._kind_of((f,), taxonomy.Kind.SAFEGUARD)
        ]
        refs = sorted(c for c in lost if any(wording.within(r, (c,)) for r in guarded))
        if not refs:
            return []
        verb = "survives" if len(refs) == 1 else "survive"
        evidence = f"{_refs(refs)} no longer {verb} the end of the agreement"
        return [_Hit(self.book.one("narrowed"), {"evidence": evidence})]

    def _made_one_way(self, old_text: str, new_text: str) -> list[_Hit]:
        """A duty on both parties now on one: "Neither party shall solicit" -> "Distributor
        shall not solicit" no longer binds the other party."""
        if not wording.mutual(old_text) or wording.mutual(new_text) is not False:
            return []
        if wording.names_both(new_text):
            return []  # "This Agreement may not be assigned by either party": still both
        who = " ".join((wording.subject(new_text) or "").split()[-3:])
        if not wording.PARTY.search(who):
            return []  # no party named as the one now bound: a rewrite, not a narrowing
        evidence = f"it bound both parties and now binds only '{who}'"
        return [_Hit(self.book.one("narrowed"), {"evidence": evidence})]

    def _exception_shift(
        self, diff: Sequence[model.Edit], old_text: str, new_text: str
    ) -> _Hit | None:
        """Every change lies inside an exception and puts a condition on it or takes a
        catch-all out of it ("except as required by a court order or other legal process" ->
        "by an order of an Oregon court"): narrower; or the reverse: wider. None when the
        change does both, or neither."""
        ops = {e.op for e in diff if e.op is not model.Op.EQUAL and e.text.strip()}
        if not ops or not all(wording.in_exception(diff, op) for op in ops):
            return None
        narrowed, widened = self.book.one("exception_narrowed"), self.book.one("exception_widened")
        conditions, catch_alls = narrowed.patterns, widened.patterns
        tighter = (
            (model.Op.INSERT, wording.grew(conditions, old_text, new_text), new_text),
            (model.Op.DELETE, wording.grew(catch_alls, new_text, old_text), old_text),
        )
        looser = (
            (model.Op.DELETE, wording.grew(conditions, new_text, old_text), old_text),
            (model.Op.INSERT, wording.grew(catch_alls, old_text, new_text), new_text),
        )
        for rule, these, others in ((narrowed, tighter, looser), (widened, looser, tighter)):
            if any(found for _, found, _ in these) and not any(found for _, found, _ in others):
                quotes = [
                    wording.evidence(diff, op, found, text) for op, found, text in these if found
                ]
                return _Hit(rule, {"evidence": "; ".join(dict.fromkeys(quotes))})
        return None

    def _reach(
        self,
        diff: Sequence[model.Edit],
        findings: Sequence[model.Finding],
        lets_through: bool = False,
    ) -> list[_Hit]:
        """Words only added to, or only taken out of, a restriction: which way it now reaches.

        An item joined by "or", "and" or a comma widens a prohibition or a duty when added and
        narrows it when removed; a permission reads the other way round. Other pure additions
        or removals (a modifier, a phrase) change the reach in a way wording alone cannot tell.
        `lets_through`: the clause is a carve-out a safeguard points to, read as a permission.
        """
        diff = _referents_named(diff)
        removed = wording.joined(diff, model.Op.DELETE)
        added = wording.joined(diff, model.Op.INSERT)
        gone, came = wording.net_words(removed, added)
        if gone and came:
            return []  # a rewording both ways ("U.S." -> "United States"): not a pure change
        removed_words, added_words = wording.meaningful(gone), wording.meaningful(came)
        if not removed_words and not added_words:
            return []
        changed = added or removed
        if added_words and wording.whole_sentences(diff):
            return [_Hit(self.book.one("extended"), {"evidence": f"'{wording.short(added)}'"})]
        if added_words and all(w.lower().endswith("ly") for w in added_words):
            widens: bool | None = True  # "promptly", "immediately": intensifiers
        elif wording.LIST_JOIN.search(changed):
            widens = bool(added_words)
        else:
            widens = None
        permits = lets_through or (
            bool(findings) and all(f.form is model.Form.PERMISSION for f in findings)
        )
        if widens is not None and permits:
            widens = not widens
        # Items added to "anyone other than its employees", or to a duty's "only in the Secure
        # Environment", let more through: the reverse. (A permission's "only" already reads so.)
        if widens is not None and wording.in_exception(
            diff, model.Op.INSERT if added_words else model.Op.DELETE, limits=not permits
        ):
            widens = not widens
        quote = f"'{wording.short(changed)}' was {'added' if added_words else 'removed'}"
        if widens is None:
            return [_Hit(self.book.one("scope_changed"), {"evidence": quote})]
        if widens:
            return [_Hit(self.book.one("strengthened"), {"evidence": quote})]
        if removed_words and len(removed_words) < 2:
            return []  # one word out of a list: too little to call
        return [_Hit(self.book.one("narrowed"), {"evidence": quote})]

    def _numbers(self, old_text: str, new_text: str, categories: Sequence[str]) -> list[_Hit]:
        direction = next(
            (
                c.numbers
                for i in categories
                if (c := self._categories_by_id.get(i)) is not None
                and c.numbers is not taxonomy.Numbers.NONE
            ),
            taxonomy.Numbers.NONE,
        )
        hits: list[_Hit] = []
        for before, after in quantities.changed(old_text, new_text):
            stronger = quantities.stronger(before, after, direction, new_text)
            if stronger is None:
                continue
            rule = self.book.one("number_strengthened" if stronger else "number_weakened")
            evidence = f"'{before.text.strip()}' became '{after.text.strip()}'"
            hits.append(_Hit(rule, {"evidence": evidence}))
        return hits

    # -- verdict ---------------------------------------------------------------------------------

    def _verdict(
        self,
        kind: model.ChangeKind,
        old: Side,
        new: Side,
        hits: list[_Hit],
        touched: tuple[str, ...],
    ) -> model.Assessment:
        hits.sort(key=lambda h: -h.rule.level.rank)  # stable: file order within a level
        brought_in = self._kind_of(new.findings, taxonomy.Kind.RISK_LANGUAGE)
        before = set(self._kind_of(old.findings, taxonomy.Kind.RISK_LANGUAGE))
        extra = tuple(c for h in hits for c in h.categories)
        categories = tuple(
            dict.fromkeys(touched + extra + tuple(c for c in brought_in if c not in before))
        )
        focus = new if kind is not model.ChangeKind.DELETED else old
        common = dict.fromkeys(rulebook.PLACEHOLDERS, "") | {
            "where": _where(focus.clauses),
            "quote": wording.short(focus.text),
            "draft": new.draft.label,
            "previous": old.draft.label,
            "categories": self._labels(touched),
            "side": self.side or "",
        }
        reasons = tuple(dict.fromkeys(self._reason(h, common) for h in hits))
        return model.Assessment(
            risk=hits[0].rule.level,
            favourable=all(h.rule.favourable for h in hits),
            categories=categories,
            reasons=reasons,
            rules=tuple(dict.fromkeys(h.rule.id for h in hits)),
        )

    def _reason(self, hit: _Hit, common: dict[str, str]) -> str:
        values = common | hit.values
        if hit.judged is not None:
            inner = self._reason(hit.judged, common).rstrip(".")
            values["evidence"] = inner[:1].lower() + inner[1:]
        text = hit.rule.reason.format(**values).replace(" ()", "")
        return text[:1].upper() + text[1:]

    def _risk_evidence(self, findings: Sequence[model.Finding], categories: Sequence[str]) -> str:
        quotes = [
            f"{self._lower([f.category])} ('{wording.short(f.text)}')"
            for f in findings
            if f.category in categories
        ]
        return "; ".join(dict.fromkeys(quotes))

    def _lower(self, categories: Iterable[str]) -> str:
        """Category labels for use inside a sentence ("override language")."""
        labels = self._labels(categories)
        return labels[:1].lower() + labels[1:] if labels[1:2].islower() else labels


def _referents_named(diff: Sequence[model.Edit]) -> tuple[model.Edit, ...]:
    """The diff with a pronoun replaced by a short name of what it stands for ("leave it" ->
    "leave that environment") read as unchanged text: it says the same."""
    edits = list(diff)
    out: list[model.Edit] = []
    for index, edit in enumerate(edits):
        following = edits[index + 1] if index + 1 < len(edits) else None
        gone = {w.casefold() for w in wording.WORD.findall(edit.text)}
        if (
            following is not None
            and edit.op is model.Op.DELETE
            and following.op is model.Op.INSERT
            and gone
            and gone <= _PRONOUNS
            and 0 < len(wording.WORD.findall(following.text)) <= _REFERENT_WORDS
        ):
            edits[index + 1] = model.Edit(model.Op.EQUAL, following.text)
            continue
        out.append(edits[index])
    return tuple(out)


# The weakening rules that count a requirement lost (a limit, prior or written notice, an
# independent check, consent): on a right, its holder's burden lifted. (Immediacy lost from a
# remedy still weakens it.)
_REQUIREMENTS = frozenset(
    {
        "limitation.dropped",
        "form.prior_dropped",
        "form.written_dropped",
        "form.independence_dropped",
        "consent.to_notice",
    }
)
_SURVIVES = re.compile(
    r"\b(?:survives?|continues?\s+in\s+(?:full\s+)?(?:force|effect)"
    r"|remains?\s+in\s+(?:full\s+)?(?:force|effect))\b",
    re.IGNORECASE,
)


def _allowances(findings: Sequence[model.Finding]) -> bool:
    """Every finding is a row of a list of what a safeguard lets through."""
    return bool(findings) and all(f.allowance for f in findings)


def _counted(text: str) -> str:
    """The text the phrase counts read: exemptions from consent ("may assign without consent")
    neither require consent nor qualify anything, so they are left out."""
    return wording.exemptions_blanked(text)


def _words_of(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in wording.content_words(text))


def _lead_in(draft: model.Draft, index: int) -> model.Clause | None:
    """The clause a list item completes ("6.4" for "6.4(d)"), when it stands above the item with
    only the item's siblings between."""
    ref = draft.clauses[index].ref
    if ref is None or not ref.endswith(")") or "(" not in ref:
        return None
    parent = ref[: ref.rindex("(")]
    for clause in reversed(draft.clauses[:index]):
        if clause.ref == parent:
            return clause
        if clause.ref is None or not clause.ref.startswith(parent + "("):
            return None
    return None


def _cited(side: Side) -> tuple[model.Finding, ...]:
    """Findings of the clauses that the side's text cites by number ("Section 5.1")."""
    cited = wording.cited_refs(side.text)
    if not cited:
        return ()
    return tuple(
        f
        for f in side.draft.findings
        if f.ref is not None and f.clause not in side.indices and wording.within(f.ref, cited)
    )


def _remains(new: Side, categories: Sequence[str]) -> str:
    elsewhere = sorted(
        {
            _where((new.draft.clauses[f.clause],))
            for f in new.draft.findings
            if f.category in categories
        }
    )
    if not elsewhere:
        return "no equivalent clause remains"
    return f"related language remains in {', '.join(elsewhere)}"


def _where(clauses: Sequence[model.Clause]) -> str:
    refs = [c.ref for c in clauses if c.ref]
    if refs:
        return " + ".join(f"§{r}" for r in refs)
    headings = [c.heading[-1] for c in clauses if c.heading]
    quote = wording.short(clauses[0].text)[:40].rstrip("…") + "…" if clauses else ""
    if headings:
        return f"the clause '{quote}' under '{headings[0]}'"
    return f"the clause '{quote}'" if quote else "an unnumbered clause"


def _refs(refs: Sequence[str]) -> str:
    return ", ".join(r if r.startswith("an ") else f"§{r}" for r in refs)


def _party_pattern(side: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(side)}\b", re.IGNORECASE)
