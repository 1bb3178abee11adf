"""A SpanRuler that runs each token pattern only where its first word occurs.

spaCy's Matcher starts every pattern at every token, so its cost grows with the number of patterns
(about 12k words/s with 800 patterns here). This ruler takes the same patterns, config and files as
the built-in `span_ruler`, but groups token patterns by the words their first token can match and
runs a group only on a short window starting at each occurrence of one of its words; patterns whose
first token is not a fixed word (REGEX, SHAPE, optional) still run over the whole document.

Bounded gaps ("OP": "{,12}") are the other cost: the Matcher unrolls them into a dozen optional
tokens whose states multiply at every word. The window already bounds a match's length, so a
group runs each such pattern with its gaps loosened to "*" or "+" (one looping state) and checks
the rare candidate spans against the pattern as written: the same matches, far fewer states.
Importing this module registers the factory, so `spacy.load` can rebuild a saved pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline.span_ruler import SpanRuler
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

FACTORY = "redline_span_ruler"

_UNBOUNDED = -1
_BOUNDS = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


@dataclass(slots=True)
class _Group:
    """The patterns anchored on one word, and what a window needs before they can match there.

    Its Matcher is compiled on first use: most groups never run on a given contract (a commercial
    contract has no surveillance verbs), and compiling all of them was a third of the load time.
    """

    new_matcher: Callable[[], Matcher]
    width: int = 0  # the longest match of any pattern, or _UNBOUNDED
    # Per pattern, the word sets its later mandatory tokens draw from; None when some pattern
    # has no such token, so the group must always run.
    needs: list[tuple[frozenset[int], ...]] | None = field(default_factory=list)
    patterns: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    compiled: Matcher | None = None

    def add(self, key: str, pattern: list[dict[str, Any]], strings: StringStore) -> None:
        """Add a pattern, run loosened; width and needs are those of the pattern as written."""
        self.patterns.append((key, _loosened(pattern)))
        width = _max_length(pattern)
        self.width = _UNBOUNDED if _UNBOUNDED in (self.width, width) else max(self.width, width)
        needs = _needed_words(pattern[1:], strings)
        if self.needs is not None:
            self.needs = [*self.needs, needs] if needs else None

    def may_match(self, window: set[int]) -> bool:
        """False when no pattern of the group can match: a word it needs is not in the window."""
        return self.needs is None or any(
            all(not window.isdisjoint(words) for words in needs) for needs in self.needs
        )

    @property
    def matcher(self) -> Matcher:
        """The group's patterns (loosened), compiled the first time they are needed."""
        if self.compiled is None:
            self.compiled = self.new_matcher()
            for key, pattern in self.patterns:
                self.compiled.add(key, [pattern])
        return self.compiled


class AnchoredSpanRuler(SpanRuler):
    """SpanRuler whose token patterns are anchored on the words their first token matches."""

    def _reset_groups(self) -> None:
        self._groups: dict[int, _Group] = {}
        # By match key: the patterns as written, compiled when a loosened one first matches.
        self._exact: dict[int, list[list[dict[str, Any]]]] = {}
        self._exact_compiled: dict[int, Matcher] = {}
        self._anywhere = self._new_matcher()
        self._triggers: frozenset[int] = frozenset()

    def add_patterns(self, patterns: Sequence[dict[str, Any]]) -> None:
        """Add patterns as SpanRuler does (validated there), and index their first words."""
        super().add_patterns(list(patterns))
        self._index()

    def _index(self) -> None:
        """Group every token pattern added so far by its first words.

        Words anchoring the same patterns (the thirty verbs of one surveillance pattern) share
        one group, so each pattern is compiled once per distinct set rather than once per word.
        """
        self._reset_groups()
        strings = self.nlp.vocab.strings
        anchored: list[tuple[str, list[dict[str, Any]]]] = []
        by_word: dict[int, list[int]] = {}
        for entry in self.patterns:
            pattern = entry["pattern"]
            if not isinstance(pattern, list):
                continue  # phrase patterns go to the PhraseMatcher, which is already fast
            key = repr((entry["label"], entry.get("id", "")))
            anchors = _anchor_words(pattern)
            if anchors is None:
                self._anywhere.add(key, [pattern])
                continue
            if _loosened(pattern) != pattern:
                self._exact.setdefault(strings.add(key), []).append(pattern)
            for word in anchors:
                by_word.setdefault(strings.add(word), []).append(len(anchored))
            anchored.append((key, pattern))
        shared: dict[tuple[int, ...], _Group] = {}
        for word_id, members in by_word.items():
            group = shared.get(tuple(members))
            if group is None:
                group = shared[tuple(members)] = _Group(self._new_matcher)
                for index in members:
                    group.add(*anchored[index], strings)
            self._groups[word_id] = group
        self._triggers = frozenset(self._groups)

    def _exact_matcher(self, match_id: int) -> Matcher:
        """The patterns of a match key as written (compiled on first use)."""
        matcher = self._exact_compiled.get(match_id)
        if matcher is None:
            matcher = self._exact_compiled[match_id] = self._new_matcher()
            matcher.add(self.nlp.vocab.strings[match_id], self._exact[match_id])
        return matcher

    def _new_matcher(self) -> Matcher:
        # Patterns were validated by the base class's matcher already.
        return Matcher(self.nlp.vocab, validate=False, fuzzy_compare=self.matcher_fuzzy_compare)

    def clear(self) -> None:
        """Remove every pattern."""
        super().clear()
        self._reset_groups()

    def remove(self, label: str) -> None:
        """Remove the patterns of a label."""
        super().remove(label)
        self._index()

    def remove_by_id(self, pattern_id: str) -> None:
        """Remove the patterns with an id."""
        super().remove_by_id(pattern_id)
        self._index()

    def match(self, doc: Doc) -> list[Span]:
        """Every match as a Span labelled and identified as its pattern, sorted."""
        self._require_patterns()
        found: set[tuple[int, int, int]] = set()
        for match_id, start, end in self.phrase_matcher(doc):
            found.add((match_id, start, end))
        if len(self._anywhere):
            found.update(self._anywhere(doc))
        if len(doc) and self._triggers:
            # A set lookup per token: numpy.isin costs ~100 µs a call on clause-sized docs.
            triggers, exact = self._triggers, self._exact
            lowers = doc.to_array(LOWER).tolist()
            for i in [i for i, word in enumerate(lowers) if word in triggers]:
                group = self._groups[lowers[i]]
                stop = len(doc) if group.width == _UNBOUNDED else min(len(doc), i + group.width)
                if not group.may_match(set(lowers[i + 1 : stop])):
                    continue  # most windows: a cheap set test saves a Matcher run
                # Matches on a span come back relative to it; only those starting at i are ours.
                ends: dict[int, list[int]] = {}
                for match_id, start, end in group.matcher(doc[i:stop]):
                    if start == 0:
                        ends.setdefault(match_id, []).append(end)
                for match_id, candidates in ends.items():
                    if match_id in exact:  # loosened: keep the ends the pattern as written allows
                        checked = self._exact_matcher(match_id)(doc[i : i + max(candidates)])
                        candidates = [end for _, start, end in checked if start == 0]
                    found.update((match_id, i, i + end) for end in candidates)
        labels = self._match_label_id_map
        spans = {
            Span(doc, start, end, label=labels[m]["label"], span_id=labels[m]["id"])
            for m, start, end in found
            if start != end
        }
        return sorted(spans)


def _anchor_words(pattern: list[dict[str, Any]]) -> list[str] | None:
    """The lower-case words the first token must be, or None when it is not a fixed word."""
    first = {str(k).upper(): v for k, v in pattern[0].items()}
    if first.get("OP", "1") in ("?", "*", "!") or str(first.get("OP", "")).startswith(("{0", "{,")):
        return None
    return _fixed_words(first)


def _fixed_words(spec: dict[str, Any]) -> list[str] | None:
    """The lower-case words a token spec (keys upper-cased) allows, or None when not a word list."""
    for attr in ("LOWER", "ORTH", "TEXT"):
        value = spec.get(attr)
        if isinstance(value, str):
            return [value.lower()]
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return sorted({str(v).lower() for v in value["IN"]})
    return None


def _loosened(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pattern with each bounded repeat ("{,m}", "{n,m}") widened to "*" or "+".

    A superset of the pattern's matches; within a window no longer than the pattern's longest
    match, checking each candidate against the pattern as written restores its exact meaning.
    """
    loose = []
    for token in pattern:
        op = {str(k).upper(): v for k, v in token.items()}.get("OP", "1")
        bounds = _BOUNDS.match(str(op))
        if bounds is None or not bounds.group(2) or not bounds.group(3):
            loose.append(token)  # "{n}" and "{n,}" add no optional states
            continue
        widened = "+" if int(bounds.group(1) or 0) else "*"
        loose.append({k: widened if str(k).upper() == "OP" else v for k, v in token.items()})
    return loose


def _needed_words(
    pattern: list[dict[str, Any]], strings: StringStore
) -> tuple[frozenset[int], ...]:
    """For each mandatory token that must be one of some words, those words' lower-case ids.

    Case-sensitive ORTH/TEXT words are lower-cased: a weaker test, never a wrong one.
    """
    needs = []
    for token in pattern:
        spec = {str(k).upper(): v for k, v in token.items()}
        bounds = _BOUNDS.match(str(spec.get("OP", "1")))
        optional = spec.get("OP", "1") in ("?", "*", "!") or (
            bounds is not None and not int(bounds.group(1) or 0)
        )
        if optional:
            continue
        words = _fixed_words(spec)
        if words is not None:
            needs.append(frozenset(strings.add(word) for word in words))
    return tuple(needs)


def _max_length(pattern: list[dict[str, Any]]) -> int:
    """The most tokens a match of the pattern can span, or _UNBOUNDED."""
    total = 0
    for token in pattern:
        op = str({str(k).upper(): v for k, v in token.items()}.get("OP", "1"))
        bounds = _BOUNDS.match(op)
        if op in ("*", "+"):
            return _UNBOUNDED
        if bounds is None:
            total += 1
        elif bounds.group(2) and not bounds.group(3):
            return _UNBOUNDED
        else:
            total += int(bounds.group(3) or bounds.group(1))
    return total


def make_anchored_span_ruler(
    nlp: Language,
    name: str,
    spans_key: str | None,
    spans_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]] | None,
    annotate_ents: bool,
    ents_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]],
    phrase_matcher_attr: int | str | None,
    matcher_fuzzy_compare: Callable[..., bool],
    validate: bool,
    overwrite: bool,
    scorer: Callable[..., Any] | None,
) -> AnchoredSpanRuler:
    """Create the ruler (the factory spaCy calls, with the config of the built-in span_ruler)."""
    return AnchoredSpanRuler(
        nlp,
        name,
        spans_key=spans_key,
        spans_filter=spans_filter,
        annotate_ents=annotate_ents,
        ents_filter=ents_filter,
        phrase_matcher_attr=phrase_matcher_attr,
        matcher_fuzzy_compare=matcher_fuzzy_compare,
        validate=validate,
        overwrite=overwrite,
        scorer=scorer,
    )


if not Language.has_factory(FACTORY):
    Language.factory(
        FACTORY,
        assigns=["doc.spans"],
        default_config={
            "spans_key": "ruler",
            "spans_filter": None,
            "annotate_ents": False,
            "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "phrase_matcher_attr": None,
            "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
            "validate": False,
            "overwrite": True,
            "scorer": {
                "@scorers": "spacy.overlapping_labeled_spans_scorer.v1",
                "spans_key": "ruler",
            },
        },
        func=make_anchored_span_ruler,
    )
