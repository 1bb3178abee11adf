"""Paragraph styles of a .docx (styles.xml): names, heading levels, inherited numbering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from assistant.documents import wml

_HEADING_NAME = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_MAX_CHAIN = 32  # basedOn chains are short; this only guards against loops in hostile files


@dataclass(frozen=True, slots=True)
class Style:
    """What a style contributes to a paragraph."""

    id: str
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline_level: int | None  # raw w:outlineLvl: 0-8, or 9 for body text
    vanish: bool | None = None  # w:rPr/w:vanish: hidden text; None when the style is silent


class Styles:
    """The paragraph styles of a file, with basedOn inheritance."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, Style] = {}
        self._characters: dict[str, Style] = {}  # character styles (w:rStyle)
        self._hidden: dict[tuple[str | None, bool], bool | None] = {}  # asked once per run
        self.default: str | None = None
        if root is None:
            return
        for element in root.iter(wml.STYLE):
            kind = element.get(wml.TYPE, "paragraph")
            style = _style(element) if kind in ("paragraph", "character") else None
            if style is None:
                continue
            if kind == "character":
                self._characters.setdefault(style.id, style)
                continue
            self._styles.setdefault(style.id, style)
            if self.default is None and wml.on(element.get(wml.DEFAULT), absent=False):
                self.default = style.id

    def name(self, style_id: str | None) -> str | None:
        """The name a user sees for a style id (the id itself when the style is undefined)."""
        if style_id is None:
            return None
        style = self._styles.get(style_id)
        return style.name if style is not None else style_id

    def hidden(self, style_id: str | None, *, character: bool = False) -> bool | None:
        """Whether a paragraph (or character) style hides its text; None when none says."""
        key = (style_id, character)
        if key not in self._hidden:
            found = (s.vanish for s in self.chain(style_id, character=character))
            self._hidden[key] = next((v for v in found if v is not None), None)
        return self._hidden[key]

    def chain(self, style_id: str | None, *, character: bool = False) -> Iterator[Style]:
        """The style and the styles it is based on, nearest first."""
        table = self._characters if character else self._styles
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(seen) < _MAX_CHAIN:
            seen.add(style_id)
            style = table.get(style_id)
            if style is None:
                return
            yield style
            style_id = style.based_on

    def heading_level(self, style_id: str | None) -> int | None:
        """Heading level from a built-in heading name ("Title" is 0) or an outline level.

        The nearest style that says anything wins, so a body-text style based on "Heading 2"
        (outline level 9) is not a heading.
        """
        for style in self.chain(style_id):
            named = _named_level(style.name)
            if named is not None:
                return named
            if style.outline_level is not None:
                return wml.heading_of_outline(style.outline_level)
        return None

    def numbering(self, style_id: str | None) -> tuple[str, int | None] | None:
        """The (numId, ilvl) a style or its ancestors attach to their paragraphs."""
        for style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None

    def numbering_of(self, style_id: str) -> str | None:
        """The numId a numbering style (numStyleLink target) carries."""
        found = self.numbering(style_id)
        return found[0] if found is not None else None


def _named_level(name: str) -> int | None:
    # A document title sits above "Heading 1", so Heading N keeps N and outline levels map directly.
    if name.strip().lower() == "title":
        return 0
    match = _HEADING_NAME.fullmatch(name.strip())
    return int(match.group(1)) if match else None


def _style(element: etree._Element) -> Style | None:
    style_id = element.get(wml.STYLE_ID)
    if not style_id:
        return None
    name_element = element.find(wml.NAME)
    name = wml.val(name_element) if name_element is not None else None
    based = element.find(wml.BASED_ON)
    ppr = element.find(wml.PPR)
    rpr = element.find(wml.RPR)
    vanish = rpr.find(wml.VANISH) if rpr is not None else None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    if ppr is not None:
        reference = ppr.find(wml.NUM_PR)
        if reference is not None:
            num_id, ilvl = wml.numbering_reference(reference)
        level = ppr.find(wml.OUTLINE_LVL)
        if level is not None:
            outline = wml.outline_level(level)
    return Style(
        id=style_id,
        name=name or style_id,
        based_on=wml.val(based) if based is not None else None,
        num_id=num_id,
        ilvl=ilvl,
        outline_level=outline,
        vanish=wml.on(wml.val(vanish)) if vanish is not None else None,
    )
