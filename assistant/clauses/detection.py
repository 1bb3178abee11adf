"""Find restriction and risk-language sentences in clauses, and the defined terms they rely on.

A safeguard finding needs a category pattern and a deontic cue in the same sentence; risk language
("any lawful purpose", overrides) needs only its pattern. A list item's first sentence takes the cue
of the lead-in it completes ("Licensee shall not:" ... "(a) surveil U.S. persons;"), because the
lead-in and its items are one sentence split over paragraphs. User packs are added at load time.
"""

from __future__ import annotations

import bisect
import contextlib
import multiprocessing
import pickle
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from assistant import errors, model, resources, taxonomy
from assistant.clauses import build, ruler, sentences, training

# Strongest first. A prohibition ("shall not") is the safeguard's bright line; a limitation
# ("solely", "only") confines a permission or duty, which is how purpose restrictions are written,
# so it outranks a bare obligation ("shall"); a condition ("unless", "except") qualifies a sentence
# rather than binding anyone; a permission ("may") binds least.
FORM_STRENGTH: tuple[model.Form, ...] = (
    model.Form.PROHIBITION,
    model.Form.LIMITATION,
    model.Form.OBLIGATION,
    model.Form.CONDITION,
    model.Form.PERMISSION,
)
_RANK = {form.value: rank for rank, form in enumerate(FORM_STRENGTH)}
# Risk language without any cue in its sentence grants latitude, which is what a permission does.
_UNCUED_FORM = model.Form.PERMISSION
_BATCH = 256
# A sentence that directs a safeguard to be switched off ("Provider shall disable the content
# filters at Customer's request") is no safeguard, whatever it names: its safeguard categories
# give way to an override. A defeat verb counts when it comes at most _DEFEAT_REACH tokens
# before a safeguard's match and no negation comes in the few tokens before it ("shall not
# disable the filters" is the safeguard itself).
_DEFEAT_VERBS = frozenset(
    {"disable", "disables", "disabling", "circumvent", "circumvents", "circumventing", "bypass",
     "bypasses", "bypassing", "deactivate", "deactivates", "deactivating", "remove", "removes",
     "removing", "waive", "waives", "waiving"}
)  # fmt: skip
_OFF_VERBS = frozenset({"switch", "switches", "switching", "turn", "turns", "turning"})
_NEGATIONS = frozenset(
    {"not", "never", "no", "nor", "n't", "cannot", "prohibited", "forbidden", "barred",
     "precluded", "refrain", "refrains", "prevent", "prevents"}
)  # fmt: skip
# A run of defeat verbs and the words joining them: "shall not disable, bypass or attempt to
# circumvent" (the negation comes before the run's first word).
_VERB_RUN = _DEFEAT_VERBS | {",", "or", "and", "to", "attempt", "otherwise", "from"}
_DEFEAT_REACH = 5
_NEGATION_REACH = 4
DEFEAT_CATEGORY = "override"
DEFEAT_RULE = "override.defeats_safeguard"
# "Without human control" in a weapons ban describes the weapon (the taxonomy defines autonomous
# weapons so), it is not a duty that a human review something: there the weapons finding stands
# alone (docs/detection.md, session 6, candidate J).
_WEAPONS = "autonomous_weapons"
_OVERSIGHT = "human_oversight"
# A defined term for a person who reviews what a machine produces: '"Bank Reviewer" means an
# employee of Bank ... designated by Bank to review Outputs'. Not '"Contracting Officer" means the
# official with authority to administer this Agreement' or '"Authorized User" means an individual
# authorised to use the Service': neither reviews a machine's output.
_PERSON_DEFINED = re.compile(
    r"^\W*(?:means|refers\s+to|is)\s+(?:(?:a|an|any|each|the|one)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:employee|individual|natural\s+person|person|officer|official|member\s+of\s+(?:staff|"
    r"personnel)|staff\s+member|clinician|analyst|adjudicator|caseworker|case\s+worker)s?\b",
    re.IGNORECASE,
)
_REVIEWS_OUTPUT = re.compile(
    r"\b(?:review|approv|overs[ei]|supervis|validat|verif|confirm)\w*(?:\W+\w+){0,6}?\W+"
    r"(?:outputs?|recommendations?|predictions?|scores?|alerts?|matches|inferences?|automated"
    r"|algorithmic)\b",
    re.IGNORECASE,
)
REVIEWER_RULE = f"{_OVERSIGHT}.defined_reviewer"
_HUMAN_UNDER_WITHOUT = re.compile(
    r"\b(?:without|absence\s+of|no)\b(?:\W+\w+){0,4}?\W+(?:human|humans|operator|operators"
    r"|person|persons|people)\b",
    re.IGNORECASE,
)
# The rule id of a finding the trained classifier adds: "<category>.model".
MODEL_RULE_SUFFIX = ".model"
# A table row that takes the category of the clause pointing at its table ("the maximum periods
# in the table below"), when the row names none of its own.
TABLE_RULE_SUFFIX = ".table_lead_in"
_TABLE_LEAD = re.compile(
    r"\b(?:table|schedule)\s+below\b|\bfollowing\s+(?:[\w-]+\s+){0,2}(?:table|schedule)\b"
    r"|\btable\s+(?:that\s+)?follows\b",
    re.IGNORECASE,
)
# A schedule cited by its number ("the periods in Schedule 2", "listed in Table 2"), and a heading
# or caption that opens one ("Schedule 2: Log Retention"): the rows of its tables bind as the
# citing clause does.
_SCHEDULE = r"\b(schedule|annex|appendix|exhibit|attachment|table)\s+(\d+|[A-Z])\b"
_SCHEDULE_CITED = re.compile(_SCHEDULE, re.IGNORECASE)
_SCHEDULE_HEADING = re.compile(r"^\s*" + _SCHEDULE, re.IGNORECASE)
# A schedule cited as the list of what a restriction lets through ("solely for the Permitted Uses
# set out in Schedule 1"; "The Sub-processors approved at the date of this Agreement are listed in
# Schedule 4"): a let-through word a few words before the citation, in the same sentence part
# and with no other duty opened between them.
_LETS_THROUGH = re.compile(
    r"\b(?:permitted|approved|authori[sz]ed|allowed|solely|only|exclusively|other\s+than|except)"
    r"\b(?:\s+(?!(?:shall|must|will|may)\b)[^\s.;:]+){0,10}\s+$",
    re.IGNORECASE,
)
# A row that sets a period ("Kept for 6 years") is a requirement even in a table that also lists
# what a restriction lets through ("Approved Sites, Retention and Deletion").
_DURATION = re.compile(
    r"\b\d+\s*\)?\s*(?:business\s+|calendar\s+|working\s+)?(?:hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# A lead-in that approves the list under it, with no modal verb.
_APPROVES_LIST = re.compile(
    r"\b(?:consents?\s+to|approves?|authori[sz]es?|permits?)\s+(?:the\s+)?following\b[^.;]*:\s*$",
    re.IGNORECASE,
)
_ALLOWED_TITLE = re.compile(r"\b(?:approved|permitted|authori[sz]ed|allowed)\b", re.IGNORECASE)
_BINDING_FORMS = frozenset({"prohibition", "obligation", "limitation"})
_PERMITS = model.Form.PERMISSION.value
# A row of a list of what is let through that says its own item is not ("Audio recording |
# Not permitted"): it prohibits.
_ROW_DENIES = re.compile(
    r"\b(?:not\s+(?:permitted|allowed|authori[sz]ed)|prohibited|forbidden)\b", re.IGNORECASE
)
_CACHE_LIMIT = 50_000  # clause texts kept parsed (tens of MB)
# New clause texts per worker below which a fork and the pickled results cost more than they save
# (a 50-page draft has about 1,000 clauses).
_PARALLEL_MIN = 300
_CHILD_GRACE = 10.0  # seconds a child may lag behind this process before it counts as stuck
# Importing these modules registered the factories that loading the pipeline looks up by name.
_COMPONENTS = (sentences.FACTORY, ruler.FACTORY)


def _quoted(name: str) -> str:
    return rf"[\"“‘]\s*(?P<{name}>[^\"“”‘’]{{1,80}}?)\s*[\"”’]"


_DEFINITION = re.compile(
    # "Term" means / shall mean / has (shall have) the meaning / is defined as / refers to
    rf"{_quoted('term')}\s*,?\s*(?:shall\s+|will\s+)?"
    r"(?:means?|ha(?:s|ve)\s+the\s+meanings?|is\s+defined\s+as|refers\s+to)\b"
    # (the "Term"), (hereinafter "Term"), ("Term"), (each, a "Term"), (collectively, the "Terms")
    r"|\(\s*(?:(?:hereinafter|hereafter)(?:\s+(?:referred\s+to\s+as|called))?\s*,?\s*)?"
    r"(?:(?:each|collectively|together|individually)\s*,?\s*)?(?:(?:the|a|an)\s+)?"
    rf"{_quoted('alias')}\s*\)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Sentences:
    """The sentences of one clause text: token starts (for lookup) and character spans."""

    starts: list[int]
    spans: list[tuple[int, int]]
    chars: list[int]

    def index(self, token: int) -> int:
        """The sentence holding a token."""
        return bisect.bisect_right(self.starts, token) - 1

    def at_char(self, offset: int) -> int:
        """The sentence holding a character offset."""
        return max(0, bisect.bisect_right(self.chars, offset) - 1)


@dataclass(frozen=True, slots=True)
class _Parse:
    """What the pipeline found in one clause text; the same text always parses the same way."""

    sentences: _Sentences
    forms: dict[int, str]  # never mutated: callers copy before adding a lead-in's cue
    categories: tuple[tuple[int, int, int, str, str], ...]  # sentence, start, end, label, id
    # Categories the classifier scores at or above their threshold, by sentence (cued ones only).
    predicted: dict[int, tuple[str, ...]]
    # Sentences that direct a safeguard to be switched off (see _DEFEAT_VERBS).
    defeats: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a clause that carries a deontic cue, and the categories matched in it."""

    clause: int  # index into the clauses detected
    start: int  # character offsets inside the clause text
    end: int
    form: model.Form
    categories: frozenset[str]


class RuleDetector:
    """Detects findings and definitions with the rule pipeline in models/ plus any user packs.

    Parses are kept per clause text, so the clauses that successive drafts share (most of them)
    go through spaCy once per detector, not once per draft.
    """

    def __init__(
        self,
        pipeline: Path | None = None,
        packs: Sequence[Path] | None = None,
        classifier: Path | None = None,
        *,
        use_classifier: bool = True,
        workers: int = 1,
    ) -> None:
        """`workers` > 1 splits large batches of new clause texts over forked processes, where
        forking is safe (see `_may_fork`); results are the same either way."""
        self._workers = max(1, workers)
        extra = list(packs) if packs is not None else taxonomy.user_pack_folders()
        self._nlp = _load(pipeline or resources.model_path(build.MODEL))
        self._classifier: _Classifier | None = None
        if use_classifier:
            self._classifier = _Classifier(classifier or resources.model_path(training.MODEL))
        loaded = taxonomy.load(taxonomy.bundled_pack_folders() + extra)
        bundled = len(loaded.packs) - len(extra)
        for pack in loaded.packs[bundled:]:
            build.add_pack(self._nlp, pack)
        self._kinds = {category.id: category.kind for category in loaded.categories}
        self._packs = {category.id: category.pack for category in loaded.categories}
        self._parses: dict[str, _Parse] = {}
        labels = set(self._nlp.get_pipe(build.CATEGORIES).labels)
        missing = sorted(labels - set(self._kinds))
        if missing:
            raise errors.ResourceError(f"pipeline detects categories no pack defines: {missing}")

    def detect(
        self, clauses: Sequence[model.Clause]
    ) -> tuple[tuple[model.Finding, ...], tuple[model.Definition, ...]]:
        """Findings (by clause, offset, category) and definitions (by clause, offset)."""
        findings: list[model.Finding] = []
        defined: list[tuple[str, str, int]] = []
        indices = [i for i, clause in enumerate(clauses) if clause.text.strip()]
        safeguards: dict[int, list[str]] = {}  # by clause: its safeguard categories
        cued: dict[int, tuple[_Parse, dict[int, str]]] = {}
        for index, parse, forms, table, allowed in self._walk(clauses, indices):
            # A row of what a safeguard lets through is an item of that safeguard, whatever its
            # own words name or cue ("Halyard Inc. | Model training | Read-only access" among the
            # approved sub-processors is no fine-tuning safeguard).
            allows = allowed and table is not None and bool(safeguards.get(table))
            if allows:
                forms = {**forms, 0: _PERMITS}
            if forms:
                cued[index] = (parse, forms)
            text, ref = clauses[index].text, clauses[index].ref
            own = list(self._findings(parse, text, forms, index, ref))
            named = [f.category for f in own if self._kinds[f.category] is taxonomy.Kind.SAFEGUARD]
            if allows:
                own = [f for f in own if f.category not in named]
                named = []
            if table is not None and not named:
                own += _row_findings(safeguards.get(table, ()), parse, text, forms, index)
            safeguards[index] = named
            findings += own
            for match in _DEFINITION.finditer(text):
                start, end = parse.sentences.spans[parse.sentences.at_char(match.start())]
                term = match.group("term") or match.group("alias")
                defined.append((term, text[start:end], index))
        reviewed = self._reviewer_findings(defined, clauses, cued, findings)
        if reviewed:
            findings = _merged(findings, reviewed)
        return tuple(findings), _definitions(defined, clauses, indices)

    def _reviewer_findings(
        self,
        defined: Sequence[tuple[str, str, int]],
        clauses: Sequence[model.Clause],
        cued: dict[int, tuple[_Parse, dict[int, str]]],
        findings: Sequence[model.Finding],
    ) -> list[model.Finding]:
        """Human oversight in the cued sentences naming a reviewer role the agreement defines as
        a person ("without the affirmative approval of a Bank Reviewer"): only in an agreement
        with a finding of the pack that holds human oversight, so a commercial contract's Project
        Manager approving changes stays out."""
        pack = self._packs.get(_OVERSIGHT)
        if pack is None or not any(
            self._packs[f.category] == pack and self._kinds[f.category] is taxonomy.Kind.SAFEGUARD
            for f in findings
        ):
            return []
        roles = {(term, index) for term, sentence, index in defined if _is_reviewer(term, sentence)}
        if not roles:
            return []
        terms = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(t) for t, _ in roles) + r")(?:s|'s|’s)?(?!\w)"
        )
        definitions = {index for _, index in roles}
        covered = {(f.clause, f.start) for f in findings if f.category == _OVERSIGHT}
        out: list[model.Finding] = []
        for index, (parse, forms) in cued.items():
            if index in definitions:
                continue
            text = clauses[index].text
            for sentence, form in sorted(forms.items()):
                start, end = parse.sentences.spans[sentence]
                if (index, start) in covered or not terms.search(text, start, end):
                    continue
                out.append(
                    model.Finding(
                        category=_OVERSIGHT,
                        text=text[start:end],
                        ref=clauses[index].ref,
                        rule=REVIEWER_RULE,
                        form=model.Form(form),
                        clause=index,
                        start=start,
                        end=end,
                    )
                )
        return out

    def cued_sentences(self, clauses: Sequence[model.Clause]) -> tuple[Sentence, ...]:
        """Every sentence with a deontic cue (its own or its lead-in's), with the categories
        whose patterns matched in it: the sentences a safeguard finding can come from."""
        out: list[Sentence] = []
        indices = [i for i, clause in enumerate(clauses) if clause.text.strip()]
        for index, parse, forms, _, _ in self._walk(clauses, indices):
            matched: dict[int, set[str]] = {}
            for sentence, _, _, label, _ in parse.categories:
                matched.setdefault(sentence, set()).add(label)
            for sentence, form in sorted(forms.items()):
                start, end = parse.sentences.spans[sentence]
                labels = frozenset(matched.get(sentence, ()))
                out.append(Sentence(index, start, end, model.Form(form), labels))
        return tuple(out)

    def _walk(
        self, clauses: Sequence[model.Clause], indices: list[int]
    ) -> Iterator[tuple[int, _Parse, dict[int, str], int | None, bool]]:
        """Each non-empty clause's parse, the deontic form of its cued sentences, for a table row
        under a clause that points at its table that clause's index, and whether the row is an
        item of what a restriction lets through.

        A list item's first sentence takes the cue of the lead-in it completes; a table row takes
        the cue of the clause before the table that points at it ("the periods in the table
        below"), as a row of a retention schedule binds as that clause does, or else of the
        first clause that binds and cites the schedule the table sits in ("Logs shall be
        retained for the periods in Schedule 2").
        """
        leads: list[tuple[str | None, str]] = []  # open lead-ins: (ref, form of their last cue)
        table: tuple[int, str] | None = None  # the clause pointing at the table, its cue's form
        cited: dict[str, tuple[int, str]] = {}  # "schedule 2" -> the first binding clause citing it
        allowing: dict[str, tuple[int, str]] = {}  # ... the first citing it as what it lets through
        caption: list[tuple[str, str]] = []  # a caption just above a table ("Table 2: Sites")
        self._parse_new(clauses[i].text for i in indices)
        for index in indices:
            clause = clauses[index]
            parse = self._parses[clause.text]
            forms = dict(parse.forms)
            while leads and not _is_item_of(clause.ref, leads[-1][0]):
                leads.pop()
            if leads and 0 not in forms:
                forms[0] = leads[-1][1]  # "(a) surveil U.S. persons;" under "shall not:"
            if not forms and not clause.cells and _APPROVES_LIST.search(clause.text):
                # "The Ministry consents to the following Subcontractors ...:" grants what the
                # table under it lists, as "may" would.
                forms[len(parse.sentences.spans) - 1] = _PERMITS
            if not clause.cells:
                table = None
                opens = _SCHEDULE_HEADING.match(clause.text)
                caption = [(_schedule_key(opens), clause.text)] if opens else []
            lead = None
            if clause.cells:
                keys = [*caption, *_schedule_keys(clause.heading)]
                lead = table or _scheduled(clause.text, keys, cited, allowing)
            # A row of what a restriction lets through, unless it says its item is not ("Audio
            # recording | Not permitted").
            allowed = (
                lead is not None and lead[1] == _PERMITS and not _ROW_DENIES.search(clause.text)
            )
            if lead is not None and 0 not in forms:
                forms[0] = lead[1]
            yield index, parse, forms, lead[0] if lead is not None else None, allowed
            last = len(parse.sentences.spans) - 1
            if clause.text.rstrip().endswith(":") and last in forms:
                leads.append((clause.ref, forms[last]))
            if clause.cells or not forms:
                continue
            if _TABLE_LEAD.search(clause.text) or clause.text.rstrip().endswith(":"):
                table = (index, forms[max(forms)])
            binding = [form for form in forms.values() if form in _BINDING_FORMS]
            if _DEFINITION.search(clause.text):
                continue
            for match in _SCHEDULE_CITED.finditer(clause.text):
                if _LETS_THROUGH.search(clause.text, 0, match.start()):
                    allowing.setdefault(_schedule_key(match), (index, _PERMITS))
                elif binding:
                    cited.setdefault(_schedule_key(match), (index, binding[-1]))

    def forget(self) -> None:
        """Drop every kept parse: the next analysis runs the pipeline afresh (as a new process
        would; benchmarks time it so)."""
        self._parses.clear()

    def _parse_new(self, texts: Iterable[str]) -> None:
        """Run the pipeline over the texts not parsed before (each distinct text once)."""
        if len(self._parses) > _CACHE_LIMIT:
            self.forget()  # a long-running app: start afresh rather than grow forever
        fresh = list(dict.fromkeys(t for t in texts if t not in self._parses))
        chunks = _chunks(fresh, self._workers if _may_fork() else 1)
        children = [_fork(self._parse_texts, chunk) for chunk in chunks[1:]]
        started = time.monotonic()
        self._parses.update(self._parse_texts(chunks[0]) if chunks else {})
        # A child has as much to do as this process; one far slower is stuck, not busy.
        patience = _CHILD_GRACE + 4 * (time.monotonic() - started)
        for chunk, child in zip(chunks[1:], children, strict=True):
            # A child that failed (killed, stuck, out of memory) costs time, never a result.
            self._parses.update(_collect(child, patience) or self._parse_texts(chunk))

    def _parse_texts(self, texts: Sequence[str]) -> dict[str, _Parse]:
        """The parse of each text; the same text parses the same way in any company."""
        parses: dict[str, _Parse] = {}
        pending: list[tuple[dict[int, tuple[str, ...]], list[int], str, _Sentences]] = []
        views: list[_TokenView] = []
        for text, doc in zip(texts, self._nlp.pipe(texts, batch_size=_BATCH), strict=True):
            parsed = _sentences(doc, text)
            categories = tuple(
                (parsed.index(span.start), span.start, span.end, span.label_, span.id_)
                for span in doc.spans[build.CATEGORIES]
            )
            forms = _forms(doc, parsed)
            named = None if forms else _key_term_matches(doc, text)
            if named:
                # A key-terms row binds as written, and it is about what its name names.
                forms = {0: model.Form.OBLIGATION.value}
                categories = tuple(
                    c
                    for c in categories
                    if c[1:] in named or self._kinds.get(c[3]) is not taxonomy.Kind.SAFEGUARD
                )
            predicted: dict[int, tuple[str, ...]] = {}
            if self._classifier is not None:
                # Sentence 0 too: a list item's first sentence may take its lead-in's cue.
                scored = sorted(set(forms) | {0})
                views += self._classifier.views(doc, parsed, scored)
                pending.append((predicted, scored, text, parsed))
            defeats = _defeats(doc, parsed, categories, self._kinds)
            parses[text] = _Parse(parsed, forms, categories, predicted, defeats)
        if self._classifier is not None and views:
            # One model call for all sentences: per-call overhead dominates on short clauses.
            labels = iter(self._classifier.predict(views))
            for predicted, scored, text, parsed in pending:
                for sentence in scored:
                    start, end = parsed.spans[sentence]
                    found = tuple(c for c in next(labels) if training.admits(c, text[start:end]))
                    if found:
                        predicted[sentence] = found
        return parses

    def _findings(
        self,
        parse: _Parse,
        text: str,
        forms: dict[int, str],
        clause: int,
        ref: str | None,
    ) -> Iterator[model.Finding]:
        """One finding per (sentence, category), in sentence then category order."""
        chosen: dict[tuple[int, str], tuple[int, int, str]] = {}
        for sentence, start, end, label, rule in parse.categories:
            kind = self._kinds[label]
            if kind is taxonomy.Kind.SAFEGUARD and (
                sentence not in forms or sentence in parse.defeats
            ):
                continue
            # The earliest, then longest, match names the rule; ids break remaining ties.
            candidate = (start, -end, rule)
            key = (sentence, label)
            if key not in chosen or candidate < chosen[key]:
                chosen[key] = candidate
        rules = {key: rule for key, (_, _, rule) in chosen.items()}
        for sentence, labels in parse.predicted.items():
            if sentence in forms:  # a model finding needs a cue, as a rule's does
                for label in labels:
                    if sentence in parse.defeats and self._kinds[label] is taxonomy.Kind.SAFEGUARD:
                        continue
                    rules.setdefault((sentence, label), f"{label}{MODEL_RULE_SUFFIX}")
        if DEFEAT_CATEGORY in self._kinds:
            for sentence in parse.defeats:
                rules.setdefault((sentence, DEFEAT_CATEGORY), DEFEAT_RULE)
        for sentence, category in list(rules):
            if category == _WEAPONS and (sentence, _OVERSIGHT) in rules:
                start, end = parse.sentences.spans[sentence]
                if _HUMAN_UNDER_WITHOUT.search(text, start, end):
                    del rules[(sentence, _OVERSIGHT)]
        for sentence, category in sorted(rules):
            start, end = parse.sentences.spans[sentence]
            form = forms.get(sentence)
            yield model.Finding(
                category=category,
                text=text[start:end],
                ref=ref,
                rule=rules[(sentence, category)],
                form=model.Form(form) if form is not None else _UNCUED_FORM,
                clause=clause,
                start=start,
                end=end,
            )


def _schedule_key(match: re.Match[str]) -> str:
    return f"{match.group(1).lower()} {match.group(2).upper()}"


def _schedule_keys(heading: Sequence[str]) -> list[tuple[str, str]]:
    """The schedules a row's heading path opens, innermost first, with their titles."""
    matches = ((_SCHEDULE_HEADING.match(title), title) for title in reversed(heading))
    return [(_schedule_key(m), title) for m, title in matches if m]


def _scheduled(
    text: str,
    keys: Sequence[tuple[str, str]],
    cited: dict[str, tuple[int, str]],
    allowing: dict[str, tuple[int, str]],
) -> tuple[int, str] | None:
    """The clause whose cue a row of the first schedule in `keys` takes: the clause citing it as
    what a restriction lets through, unless a binding clause cites it too and the row sets a
    period; else the first binding clause citing it, as a list of what it lets through when the
    schedule's title says so ("Schedule 2 - Approved Sub-processors")."""
    if not keys:
        return None
    key, title = keys[0]
    binding, allows = cited.get(key), allowing.get(key)
    if allows is None and binding is not None and _ALLOWED_TITLE.search(title):
        allows = (binding[0], _PERMITS)
    if allows is not None and (binding is None or not _DURATION.search(text)):
        return allows
    return binding


def _row_findings(
    categories: Sequence[str], parse: _Parse, text: str, forms: dict[int, str], clause: int
) -> list[model.Finding]:
    """A table row's findings in the safeguard categories of the clause pointing at its table."""
    start, end = parse.sentences.spans[0]
    form = forms.get(0)
    if form is None:
        return []
    # A row under a clause that permits ("may use it for the purposes in the table below") or
    # names what a restriction lets through is an item of what is allowed, unless it says its
    # item is not ("Audio recording | Not permitted").
    if form == _PERMITS and _ROW_DENIES.search(text) and 0 not in parse.forms:
        form = model.Form.PROHIBITION.value
    suffix = model.ALLOWANCE_RULE_SUFFIX if form == _PERMITS else TABLE_RULE_SUFFIX
    return [
        model.Finding(
            category=category,
            text=text[start:end],
            ref=None,
            rule=f"{category}{suffix}",
            form=model.Form(form),
            clause=clause,
            start=start,
            end=end,
        )
        for category in dict.fromkeys(categories)
    ]


class _TokenView:
    """A sentence's token ids as the bag-of-words model reads a Doc (only `to_array`): slicing
    the clause's array avoids building a Doc per sentence (Span.as_doc doubled detection time)."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Any) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def to_array(self, attrs: Any) -> Any:
        """The rows of the attribute the model reads (checked at load to be that one)."""
        return self._rows


class _Classifier:
    """The trained sentence classifier (models/redline_cats) and its per-category thresholds."""

    def __init__(self, path: Path) -> None:
        nlp = _load(path, _load_classifier)
        textcat: Any = nlp.get_pipe(training.COMPONENT)
        self._model = textcat.model
        extract = [layer for layer in self._model.walk() if layer.name == "extract_ngrams"]
        if len(extract) != 1:
            raise errors.ResourceError(f"{path}: not a bag-of-words classifier")
        self._attr = [extract[0].attrs["attr"]]
        try:
            thresholds = training.thresholds(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise errors.ResourceError(f"{path}: no usable thresholds ({exc})") from exc
        labels = list(textcat.labels)
        self._columns = [(labels.index(c), c, t) for c, t in sorted(thresholds.items())]

    def views(self, doc: Any, parsed: _Sentences, indices: Sequence[int]) -> list[_TokenView]:
        """What the model reads of each of these sentences of a parsed doc."""
        rows = doc.to_array(self._attr)
        bounds = [*parsed.starts[1:], len(doc)]
        return [_TokenView(rows[parsed.starts[i] : bounds[i]]) for i in indices]

    def predict(self, views: Sequence[_TokenView]) -> list[tuple[str, ...]]:
        """The categories scored at or above their threshold in each sentence."""
        if not self._columns:
            return [() for _ in views]
        scores = numpy.asarray(self._model.predict(list(views))).tolist()
        return [
            tuple(c for column, c, threshold in self._columns if row[column] >= threshold)
            for row in scores
        ]


def _defeats(
    doc: Any,
    parsed: _Sentences,
    categories: Sequence[tuple[int, int, int, str, str]],
    kinds: dict[str, taxonomy.Kind],
) -> frozenset[int]:
    """The sentences in which an unnegated defeat verb governs a safeguard's match."""
    found: set[int] = set()
    for sentence, start, _end, label, _rule in categories:
        if sentence in found or kinds.get(label) is not taxonomy.Kind.SAFEGUARD:
            continue
        first = parsed.starts[sentence]
        for i in range(max(first, start - _DEFEAT_REACH), start):
            word = doc[i].lower_
            off = word in _OFF_VERBS and i + 1 < len(doc) and doc[i + 1].lower_ == "off"
            if word in _DEFEAT_VERBS or off:
                run = i
                while run > first and doc[run - 1].lower_ in _VERB_RUN:
                    run -= 1
                lead = {t.lower_ for t in doc[max(first, run - _NEGATION_REACH) : run]}
                if not lead & _NEGATIONS:
                    found.add(sentence)
                break
    return frozenset(found)


def _forms(doc: Any, parsed: _Sentences) -> dict[int, str]:
    """The strongest deontic cue of each sentence that has one, by sentence index."""
    forms: dict[int, str] = {}
    for cue in doc.spans[build.MODALITY]:
        sentence = parsed.index(cue.start)
        best = forms.get(sentence)
        if best is None or _RANK[cue.label_] < _RANK[best]:
            forms[sentence] = cue.label_
    return forms


def _key_term_matches(doc: Any, text: str) -> set[tuple[int, int, str, str]]:
    """The category matches in the name of a key-terms row ("Quality audit notice | 10 Business
    Days"; cover pages and order forms set the negotiated terms so, with no modal verb): token
    start, end, label, id. Empty when the text is no such row or its name names nothing."""
    row = _KEY_TERM.fullmatch(text)
    if row is None or len(row.group("term").split()) > _KEY_TERM_WORDS:
        return set()
    cut = row.end("term")
    return {
        (span.start, span.end, span.label_, span.id_)
        for span in doc.spans[build.CATEGORIES]
        if span.end_char <= cut
    }


# A table row of two cells as segmentation joins them: "name | value".
_KEY_TERM = re.compile(r"\s*(?P<term>[^|]*?\S)\s+\|\s+\S[^|]*")
_KEY_TERM_WORDS = 6


def _is_item_of(ref: str | None, lead: str | None) -> bool:
    """Whether a clause is a list item under a lead-in clause ("7.4(a)" under "7.4")."""
    if ref is None or not ref.endswith(")"):
        return False
    return lead is None or (ref.startswith(lead) and ref != lead)


def _load(path: Path, loader: Callable[[Path], Any] = build.load) -> Any:
    """A saved pipeline; raises ResourceError when it is missing or unreadable."""
    try:
        return loader(path)
    except (OSError, ValueError, KeyError) as exc:
        raise errors.ResourceError(f"{path}: cannot load the clause pipeline ({exc})") from exc


def _load_classifier(path: Path) -> Any:
    """The classifier as `training.load` gives it, but with a tokenizer without rules: the
    detector feeds it the token rows of the rule pipeline's docs, never text, and building the
    English special cases again would cost a tenth of a second of every start."""
    bare = {"nlp": {"tokenizer": {"@tokenizers": _BARE_TOKENIZER}}}
    return spacy.load(path, exclude=["tokenizer", "vocab"], config=bare)


def _bare_tokenizer() -> Callable[[Any], Tokenizer]:
    """A tokenizer factory that only splits on whitespace (see `_load_classifier`)."""

    def create(nlp: Any) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


_BARE_TOKENIZER = "redline_bare_tokenizer.v1"
if _BARE_TOKENIZER not in registry.tokenizers:
    registry.tokenizers.register(_BARE_TOKENIZER, func=_bare_tokenizer)


def _chunks(texts: list[str], workers: int) -> list[list[str]]:
    """Contiguous parts of near-equal size, at most one per worker, none much under
    _PARALLEL_MIN texts; none at all for no texts."""
    parts = max(1, min(workers, len(texts) // _PARALLEL_MIN))
    size = max(1, -(-len(texts) // parts))
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def _may_fork() -> bool:
    """Whether a forked child can run the pipeline safely: only while this process has one
    thread (the command line). In the app, a Qt or worker thread may hold a lock at the moment
    of the fork, and the child would wait on it forever."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@dataclass(frozen=True, slots=True)
class _Child:
    process: BaseProcess
    results: Connection


def _fork(work: Callable[[list[str]], dict[str, _Parse]], texts: list[str]) -> _Child:
    """A forked process parsing `texts` with this process's pipeline (shared, not reloaded)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()  # else the child flushes a copy of what is buffered, and it shows twice
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(work, texts, send), daemon=True)
    process.start()
    send.close()
    return _Child(process, receive)


def _child_main(
    work: Callable[[list[str]], dict[str, _Parse]], texts: list[str], send: Connection
) -> None:
    # On any failure nothing is sent, and the parent parses these texts itself.
    with contextlib.suppress(BaseException):
        send.send(work(texts))


def _collect(child: _Child, patience: float) -> dict[str, _Parse] | None:
    """A child's parses, or None when it sent none within `patience` seconds (failed, killed,
    cut short or stuck; a stuck child is killed)."""
    try:
        if not child.results.poll(patience):
            child.process.kill()
            return None
        parses: dict[str, _Parse] = child.results.recv()
        return parses
    except (EOFError, OSError, pickle.UnpicklingError):
        return None
    finally:
        child.results.close()
        child.process.join()


def _sentences(doc: Any, text: str) -> _Sentences:
    """Sentence spans of a doc, trimmed of surrounding whitespace (read from arrays: doc.sents
    builds a Span per sentence and was a tenth of the detection time)."""
    flags = doc.to_array(SENT_START)
    starts = numpy.flatnonzero(flags == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    offsets = doc.to_array(IDX).tolist()
    spans: list[tuple[int, int]] = []
    for first, after in zip(starts, [*starts[1:], len(doc)], strict=True):
        begin = offsets[first]
        stop = offsets[after] if after < len(doc) else len(text)
        piece = text[begin:stop]
        lead = len(piece) - len(piece.lstrip())
        spans.append((begin + lead, max(begin + lead, begin + len(piece.rstrip()))))
    return _Sentences(starts, spans, [start for start, _ in spans])


def _is_reviewer(term: str, sentence: str) -> bool:
    """The definition makes the term a person who reviews a machine's output."""
    after = sentence.split(term, 1)[-1].lstrip("\"'”’) ")
    return bool(_PERSON_DEFINED.search(after)) and bool(_REVIEWS_OUTPUT.search(after))


def _merged(
    findings: Sequence[model.Finding], extra: Sequence[model.Finding]
) -> list[model.Finding]:
    """`extra` placed among `findings` by clause and offset, each clause's own order kept."""
    order = {id(f): n for n, f in enumerate(findings)}
    return sorted(
        [*findings, *extra], key=lambda f: (f.clause, f.start, order.get(id(f), len(order)))
    )


def _definitions(
    defined: list[tuple[str, str, int]], clauses: Sequence[model.Clause], indices: list[int]
) -> tuple[model.Definition, ...]:
    """Definitions, each with the other clauses using its term (case-sensitive, whole words,
    plurals included)."""
    terms = sorted({term for term, _, _ in defined}, key=lambda t: (-len(t), t))
    if not terms:
        return ()
    # One pass per clause with a trie-shaped alternation (a flat one tries every term at every
    # position); longest match first, so "Bulk Data" is found as itself and not as "Data". A
    # plural uses the term too: "surveillance of U.S. Persons" relies on "U.S. Person".
    pattern = re.compile(r"(?<!\w)(" + _trie_pattern(terms) + r")(?:e?s)?(?!\w)")
    users: dict[str, list[int]] = {term: [] for term in terms}
    for index in indices:
        for term in set(pattern.findall(clauses[index].text)):
            users[term].append(index)
    return tuple(
        model.Definition(
            term=term,
            text=text,
            clause=clause,
            used_in=tuple(i for i in users[term] if i != clause),
        )
        for term, text, clause in defined
    )


def _trie_pattern(words: Sequence[str]) -> str:
    """A regex matching any of `words`, longest alternative first, shaped as a prefix trie."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Trying the longer branches before stopping here gives the longest match.
    return f"(?:{body})?" if "" in node else body
