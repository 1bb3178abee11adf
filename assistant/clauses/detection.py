"""Find restriction and risk-language sentences in clauses, and the defined terms they rely on.

A safeguard finding needs a category pattern and a deontic cue in the same sentence; risk language
("any lawful purpose", overrides) needs only its pattern. A list item's first sentence takes the cue
of the lead-in it completes ("Licensee shall not:" ... "(a) surveil U.S. persons;"), because the
lead-in and its items are one sentence split over paragraphs. User packs are added at load time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IDX, SENT_START

from assistant import errors, model, resources, taxonomy
from assistant.clauses import build, ruler, sentences

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
_CACHE_LIMIT = 50_000  # clause texts kept parsed (tens of MB)
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


class RuleDetector:
    """Detects findings and definitions with the rule pipeline in models/ plus any user packs.

    Parses are kept per clause text, so the clauses that successive drafts share (most of them)
    go through spaCy once per detector, not once per draft.
    """

    def __init__(self, pipeline: Path | None = None, packs: Sequence[Path] | None = None) -> None:
        extra = list(packs) if packs is not None else taxonomy.user_pack_folders()
        self._nlp = _load(pipeline or resources.model_path(build.MODEL))
        loaded = taxonomy.load(taxonomy.bundled_pack_folders() + extra)
        bundled = len(loaded.packs) - len(extra)
        for pack in loaded.packs[bundled:]:
            build.add_pack(self._nlp, pack)
        self._kinds = {category.id: category.kind for category in loaded.categories}
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
        leads: list[tuple[str | None, str]] = []  # open lead-ins: (ref, form of their last cue)
        indices = [i for i, clause in enumerate(clauses) if clause.text.strip()]
        self._parse_new(clauses[i].text for i in indices)
        for index in indices:
            clause = clauses[index]
            text = clause.text
            parse = self._parses[text]
            forms = dict(parse.forms)
            while leads and not _is_item_of(clause.ref, leads[-1][0]):
                leads.pop()
            if leads and 0 not in forms:
                forms[0] = leads[-1][1]  # "(a) surveil U.S. persons;" under "shall not:"
            findings += self._findings(parse, text, forms, index, clause.ref)
            last = len(parse.sentences.spans) - 1
            if text.rstrip().endswith(":") and last in forms:
                leads.append((clause.ref, forms[last]))
            for match in _DEFINITION.finditer(text):
                start, end = parse.sentences.spans[parse.sentences.at_char(match.start())]
                term = match.group("term") or match.group("alias")
                defined.append((term, text[start:end], index))
        return tuple(findings), _definitions(defined, clauses, indices)

    def _parse_new(self, texts: Iterable[str]) -> None:
        """Run the pipeline over the texts not parsed before (each distinct text once)."""
        if len(self._parses) > _CACHE_LIMIT:
            self._parses.clear()  # a long-running app: start afresh rather than grow forever
        fresh = list(dict.fromkeys(t for t in texts if t not in self._parses))
        for text, doc in zip(fresh, self._nlp.pipe(fresh, batch_size=_BATCH), strict=True):
            parsed = _sentences(doc, text)
            categories = tuple(
                (parsed.index(span.start), span.start, span.end, span.label_, span.id_)
                for span in doc.spans[build.CATEGORIES]
            )
            self._parses[text] = _Parse(parsed, _forms(doc, parsed), categories)

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
            if kind is taxonomy.Kind.SAFEGUARD and sentence not in forms:
                continue
            # The earliest, then longest, match names the rule; ids break remaining ties.
            candidate = (start, -end, rule)
            key = (sentence, label)
            if key not in chosen or candidate < chosen[key]:
                chosen[key] = candidate
        for sentence, category in sorted(chosen):
            start, end = parse.sentences.spans[sentence]
            form = forms.get(sentence)
            yield model.Finding(
                category=category,
                text=text[start:end],
                ref=ref,
                rule=chosen[(sentence, category)][2],
                form=model.Form(form) if form is not None else _UNCUED_FORM,
                clause=clause,
                start=start,
                end=end,
            )


def _forms(doc: Any, parsed: _Sentences) -> dict[int, str]:
    """The strongest deontic cue of each sentence that has one, by sentence index."""
    forms: dict[int, str] = {}
    for cue in doc.spans[build.MODALITY]:
        sentence = parsed.index(cue.start)
        best = forms.get(sentence)
        if best is None or _RANK[cue.label_] < _RANK[best]:
            forms[sentence] = cue.label_
    return forms


def _is_item_of(ref: str | None, lead: str | None) -> bool:
    """Whether a clause is a list item under a lead-in clause ("7.4(a)" under "7.4")."""
    if ref is None or not ref.endswith(")"):
        return False
    return lead is None or (ref.startswith(lead) and ref != lead)


def _load(path: Path) -> Any:
    """The saved pipeline; raises ResourceError when it is missing or unreadable."""
    try:
        return build.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise errors.ResourceError(f"{path}: cannot load the clause pipeline ({exc})") from exc


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


def _definitions(
    defined: list[tuple[str, str, int]], clauses: Sequence[model.Clause], indices: list[int]
) -> tuple[model.Definition, ...]:
    """Definitions, each with the other clauses using its term (case-sensitive, whole words)."""
    terms = sorted({term for term, _, _ in defined}, key=lambda t: (-len(t), t))
    if not terms:
        return ()
    # One pass per clause with a trie-shaped alternation (a flat one tries every term at every
    # position); longest match first, so "Bulk Data" is found as itself and not as "Data".
    pattern = re.compile(r"(?<!\w)" + _trie_pattern(terms) + r"(?!\w)")
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
