"""Word-level diffs through diff-match-patch: the one adapter of that untyped library."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import diff_match_patch

from assistant import errors, model

# Every character falls in exactly one branch, so the tokens always join back to the text.
# Combining accents (U+0300-U+036F) stay with their word so an accent change is a word change.
_TOKEN = re.compile(r"[\w\u0300-\u036f]+|\s+|[^\w\s\u0300-\u036f]")

# Tokens become private-use characters: the BMP area first (6,400), then planes 15 and 16.
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
_CAPACITY = sum(len(block) for block in _PRIVATE_USE)


@dataclass(frozen=True, slots=True)
class _Encoding:
    """Two texts rewritten as one character per token, and the way back."""

    old: str
    new: str
    tokens: dict[str, str]  # character -> token


def diff_words(old: str, new: str, *, timeout: float = 2.0) -> tuple[model.Edit, ...]:
    """Diff two texts word by word; raise DiffTimeout rather than return a diff cut short."""
    if timeout <= 0:
        raise ValueError("timeout must be positive: a diff without a budget can run for minutes")
    if old == new:
        return (model.Edit(model.Op.EQUAL, old),) if old else ()
    encoding = _encode(old, new)
    if encoding is None:
        # More distinct tokens than private-use characters: a character diff is still exact.
        return _merge(_diff_chars(old, new, timeout))
    edits = _diff_chars(encoding.old, encoding.new, timeout)
    return _merge((op, "".join(encoding.tokens[char] for char in text)) for op, text in edits)


def _encode(old: str, new: str) -> _Encoding | None:
    """Map each distinct token to its own private-use character; None when they run out."""
    chars: dict[str, str] = {}
    encoded: list[str] = []
    for text in (old, new):
        out: list[str] = []
        for token in _TOKEN.findall(text):
            char = chars.get(token)
            if char is None:
                if len(chars) >= _CAPACITY:
                    return None
                char = _private_use(len(chars))
                chars[token] = char
            out.append(char)
        encoded.append("".join(out))
    return _Encoding(encoded[0], encoded[1], {char: token for token, char in chars.items()})


def _private_use(ordinal: int) -> str:
    """The ordinal-th private-use character across the three private-use areas."""
    for block in _PRIVATE_USE:
        if ordinal < len(block):
            return chr(block[ordinal])
        ordinal -= len(block)
    raise IndexError(ordinal)


def _diff_chars(old: str, new: str, timeout: float) -> list[tuple[int, str]]:
    """Run diff_main plus semantic cleanup; raise DiffTimeout when the budget ran out."""
    engine: Any = diff_match_patch.diff_match_patch()
    engine.Diff_Timeout = timeout
    # diff-match-patch gives up silently at its deadline (a whole-text replacement), and says
    # nothing: the only trustworthy signal is the clock it checks, read after it returns.
    deadline = time.time() + timeout
    diffs: Any = engine.diff_main(old, new, False, deadline)
    if time.time() > deadline:
        raise errors.DiffTimeout(
            f"diff of {len(old)} and {len(new)} tokens did not finish within {timeout:g} s"
        )
    engine.diff_cleanupSemantic(diffs)
    return [(int(op), str(text)) for op, text in diffs]


def _merge(edits: Iterable[tuple[int, str]]) -> tuple[model.Edit, ...]:
    """Typed edits with empty pieces dropped and neighbours of the same operation joined."""
    merged: list[model.Edit] = []
    for value, text in edits:
        if not text:
            continue
        op = model.Op(value)
        if merged and merged[-1].op is op:
            merged[-1] = model.Edit(op, merged[-1].text + text)
        else:
            merged.append(model.Edit(op, text))
    return tuple(merged)
