"""Sentence boundaries for contract prose: a spaCy rule component and the abbreviations it needs.

Importing this module registers the component factory and the tokenizer (the English one plus
these abbreviations), so `spacy.load` can rebuild a saved pipeline from its config alone.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.util import registry

FACTORY = "redline_sentencizer"
TOKENIZER = "redline_tokenizer.v1"

# Abbreviations common in contracts that the English tokenizer splits ("Sec", "."): as single
# tokens their period can never end a sentence. Title, lower and upper case are all added.
ABBREVIATIONS = (
    "Sec.",
    "Secs.",
    "Sect.",
    "Sects.",
    "Art.",
    "Arts.",
    "Para.",
    "Paras.",
    "Subpara.",
    "Subsec.",
    "Subd.",
    "Cl.",
    "Ch.",
    "Chap.",
    "Sch.",
    "Sched.",
    "Exh.",
    "Ex.",
    "App.",
    "Attach.",
    "Pt.",
    "Pts.",
    "Vol.",
    "Fig.",
    "No.",
    "Nos.",
    "Ref.",
    "Reg.",
    "Regs.",
    "Stat.",
    "Amend.",
    "Dept.",
    "Govt.",
    "Admin.",
    "Assoc.",
    "Intl.",
    "Mfg.",
    "Approx.",
    "Incl.",
    "Cf.",
    "Viz.",
    "Attn.",
    "Est.",
    "Max.",
    "Min.",
)

_ENDS = frozenset({".", "!", "?", "...", "…"})
# The tokenizer keeps a capital and its period together ("A."): in contracts that is mostly the end
# of "Exhibit A." or a list label, rarely an initial.
_INITIALS = frozenset(f"{letter}." for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Closing marks that belong to the sentence they follow when written directly after its end.
_CLOSERS = frozenset({")", "]", '"', "'", "”", "’", "»"})
# A run of blank lines ends a sentence even without punctuation (headings, list items).
_BREAK = re.compile(r"\n\s*\n")
# A list label before a period opening a sentence ("1.", "A.", "iv."): that period ends nothing.
_LABEL = re.compile(r"^(?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})$")
_LIST_LEADS = frozenset({":", ";"})
_START = numpy.uint64(1)
_NOT_START = numpy.uint64(2**64 - 1)  # -1 as spaCy stores it: "not a sentence start"


def add_abbreviations(tokenizer: Any) -> None:
    """Keep each abbreviation in ABBREVIATIONS one token, in three letter cases."""
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation.lower(), abbreviation.upper()}:
            tokenizer.add_special_case(form, [{"ORTH": form}])


def mark_sentences(doc: Any) -> Any:
    """Set sentence starts: after . ! ? (and closing quotes or brackets) unless the next word is
    lower case or the period closes a list label; always after a blank line."""
    count = len(doc)
    if count == 0:
        return doc
    # Work on arrays and visit only candidate boundaries: Token objects and the is_sent_start
    # setter (which rescans the doc on every call) made the plain loop quadratic and slow.
    starts = numpy.full(count, _NOT_START, dtype=numpy.uint64)
    starts[0] = _START
    end_ids = _end_ids(doc.vocab)
    ends = [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth in end_ids]
    breaks = _blank_line_tokens(doc)
    start = 0
    for i in sorted(set(ends) | breaks):
        if i < start:
            continue
        hard = i in breaks
        if not hard and _is_label_period(doc, i, start):
            continue
        j = i + 1
        while j < count and not hard and doc[j].text in _CLOSERS and _attached(doc[j - 1]):
            j += 1
        while j < count and doc[j].is_space:
            j += 1
        if j < count and (hard or not doc[j].text[0].islower()):
            starts[j] = _START
            start = j
    doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc


def _end_ids(vocab: Any) -> frozenset[int]:
    """Hashes of the tokens that can end a sentence."""
    return frozenset(int(vocab.strings.add(end)) for end in _ENDS | _INITIALS)


def _blank_line_tokens(doc: Any) -> set[int]:
    """Indices of whitespace tokens that hold a blank line (doc.text is rebuilt on every call,
    so only the few whitespace tokens are read)."""
    spaces = doc.to_array(IS_SPACE).tolist()
    return {i for i, space in enumerate(spaces) if space and _BREAK.search(doc[i].text)}


def _attached(previous: Any) -> bool:
    """Whether the token after `previous` follows it without any space."""
    return not previous.whitespace_ and not previous.is_space


def _is_label_period(doc: Any, i: int, start: int) -> bool:
    """Whether the period at token i closes a list label opening a sentence or a list ("1.")."""
    if doc[i].text in _INITIALS:  # "A." is one token: a label where a sentence or list starts
        return i == start or (i >= 1 and doc[i - 1].text in _LIST_LEADS)
    if i == 0 or doc[i - 1].whitespace_ or not _LABEL.match(doc[i - 1].text):
        return False
    return i - 1 == start or (i >= 2 and doc[i - 2].text in _LIST_LEADS)


def make_tokenizer() -> Any:
    """The tokenizer factory named in the pipeline's config: English rules plus ABBREVIATIONS.

    Built from code at load, the tokenizer need not be saved with the pipeline; loading a saved
    one meant building the English special cases twice (a fifth of a second at every start).
    """
    english = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language) -> Any:
        tokenizer = english(nlp)
        add_abbreviations(tokenizer)
        return tokenizer

    return create


if not Language.has_factory(FACTORY):
    Language.component(FACTORY, func=mark_sentences)
if TOKENIZER not in registry.tokenizers:
    registry.tokenizers.register(TOKENIZER, func=make_tokenizer)
