"""Markdown inline markup removed, so that markup never shows up as a change between drafts."""

from __future__ import annotations

import html
import re

# Every pattern stops at the next delimiter instead of scanning to the end of the text, so that
# hostile input (thousands of unclosed "*" or "`") costs linear, not quadratic, time.
# NUL never occurs in decoded text (the text reader refuses NUL bytes), so it can delimit
# placeholders for content that later steps must not touch (code, escapes, autolinks).
_HOLE = "\x00"
_HOLE_PATTERN = re.compile(_HOLE + r"(\d+)" + _HOLE)
_CODE = re.compile(r"(`{1,3})([^`]+)\1")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(
    r"<((?:https?|ftp|mailto):[^<>\s]+|[^<>\s@]{1,64}@[^<>\s@]{1,255}\.[A-Za-z]{2,16})>"
)
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
# A closing tag, even one whose ">" was lost ("</span." occurs in the Common Paper sources).
_CLOSING_TAG = re.compile(r"</[A-Za-z][A-Za-z0-9:-]*\s*>?")
_IMAGE = re.compile(r"!\[[^\[\]]*\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\[\]]*\])")
_LINK = re.compile(
    r"\[([^\[\]]*)\]\(\s*<?[^()\s]*(?:\([^()\s]*\)[^()\s]*)*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
# Innermost first: "**bold *em* bold**" loses "*em*" in one pass and "**...**" in the next.
_STAR = re.compile(r"(?<!\*)(\*{1,3})(?=[^\s*])([^*]+)(?<=[^\s*])\1(?!\*)")
# Underscores only delimit emphasis at word edges: snake_case and "____" blanks stay as written.
_UNDERSCORE = re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])([^_]+)(?<=[^\s_])\1(?![\w_])")
_STRIKE = re.compile(r"~~(?=[^\s~])([^~]+)(?<=[^\s~])~~")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


def strip_inline(text: str) -> str:
    """Plain text of a Markdown paragraph: markup, HTML tags and entities resolved."""
    held: list[str] = []

    def hold(value: str) -> str:
        held.append(value)
        return f"{_HOLE}{len(held) - 1}{_HOLE}"

    text = _CODE.sub(lambda m: hold(m.group(2).strip()), text)
    text = _ESCAPE.sub(lambda m: hold(m.group(1)), text)
    text = _AUTOLINK.sub(lambda m: hold(m.group(1)), text)
    text = _without_comments(text)
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = _CLOSING_TAG.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    for _ in range(4):  # nested emphasis, e.g. ***bold italic*** or **_both_**
        stripped = _STRIKE.sub(r"\1", _UNDERSCORE.sub(r"\2", _STAR.sub(r"\2", text)))
        if stripped == text:
            break
        text = stripped
    text = _HOLE_PATTERN.sub(lambda m: held[int(m.group(1))], text)
    text = html.unescape(text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def _without_comments(text: str) -> str:
    """Text with <!-- ... --> removed; an unclosed opener is dropped but hides nothing."""
    pieces: list[str] = []
    position = 0
    while (start := text.find(_COMMENT_OPEN, position)) >= 0:
        pieces.append(text[position:start])
        end = text.find(_COMMENT_CLOSE, start + len(_COMMENT_OPEN))
        if end < 0:
            pieces.append(text[start + len(_COMMENT_OPEN) :])
            return "".join(pieces)
        position = end + len(_COMMENT_CLOSE)
    pieces.append(text[position:])
    return "".join(pieces)
