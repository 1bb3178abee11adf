"""Word automatic numbering (numbering.xml): the label a user sees, such as "3.2." or "(b)"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from assistant.documents import styles, wml

LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
# Caps on what one label may cost. Real level texts are short (the longest among the 1,300 corpus
# files is 27 characters, "%1.%2.%3.%4.%5.%6.%7.%8.%9."); a hostile one repeated on every
# paragraph of a list, or a letter label of a huge counter ("zzz..." once per 26), would take
# gigabytes. Beyond the caps a level shows no label, a letter counter digits.
MAX_LEVEL_TEXT = 100
MAX_LETTER_VALUE = 26 * 30  # "zz...z", thirty letters
MAX_PADDED_WIDTH = 10
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_UNITS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
SUPPORTED_FORMATS = frozenset(
    {
        "decimal",
        "decimalZero",
        "upperRoman",
        "lowerRoman",
        "upperLetter",
        "lowerLetter",
        "ordinal",
        "cardinalText",
        "ordinalText",
        "decimalEnclosedParen",
        "decimalEnclosedFullstop",
        "decimalEnclosedCircle",
        "bullet",
        "none",
    }
)


_ZERO_PADDED = "zeroPadded:"  # our name for Word's custom "001, 002, 003, ..." formats
_LEGAL_KEEPS = frozenset({"bullet", "none", "decimalZero"})


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition."""

    start: int = 0  # ECMA-376: an omitted w:start means zero
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # w:isLgl: show every level's number in decimal
    restart: int | None = None  # w:lvlRestart: 1-based level whose use restarts this one
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


@dataclass(frozen=True, slots=True)
class Instance:
    """A resolved w:num: the counters it shares, its levels and its start overrides."""

    key: str
    levels: tuple[Level, ...]
    starts: tuple[tuple[int, int], ...] = ()

    def level_of_style(self, style_id: str | None) -> int | None:
        """The level bound to a paragraph style, as style-linked numbering (headings) uses."""
        for index, level in enumerate(self.levels):
            if style_id is not None and level.style == style_id:
                return index
        return None


class Definitions:
    """The list definitions of a file (abstractNum and num)."""

    def __init__(self, root: etree._Element | None, style_table: styles.Styles) -> None:
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._styles = style_table
        self._cache: dict[str, Instance | None] = {}
        self.unsupported: set[str] = set()
        if root is None:
            return
        for element in root.iterchildren(wml.w("abstractNum")):
            self._abstract.setdefault(element.get(wml.w("abstractNumId"), ""), element)
        for element in root.iterchildren(wml.w("num")):
            self._nums.setdefault(element.get(wml.w("numId"), ""), element)

    def instance(self, num_id: str) -> Instance | None:
        """The list a numId stands for, or None (numId 0 removes numbering)."""
        if num_id not in self._cache:
            self._cache[num_id] = self._resolve(num_id)
        return self._cache[num_id]

    def _resolve(self, num_id: str) -> Instance | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = _child_val(num, "abstractNumId")
        abstract = self._abstract.get(abstract_id or "")
        if abstract is None:
            return None
        abstract, abstract_id = self._follow_style_link(abstract, abstract_id or "")
        levels = [Level() for _ in range(LEVELS)]
        for lvl in abstract.iterchildren(wml.w("lvl")):
            self._set_level(levels, lvl)
        starts: list[tuple[int, int]] = []
        for override in num.iterchildren(wml.w("lvlOverride")):
            ilvl = wml.integer(override.get(wml.ILVL))
            if ilvl is None or not 0 <= ilvl < LEVELS:
                continue
            replaced = override.find(wml.w("lvl"))
            if replaced is not None:
                self._set_level(levels, replaced, ilvl)
            start = wml.integer(_child_val(override, "startOverride"))
            if start is not None:
                starts.append((ilvl, start))
        return Instance(abstract_id, tuple(levels), tuple(starts))

    def _follow_style_link(
        self, abstract: etree._Element, abstract_id: str
    ) -> tuple[etree._Element, str]:
        # A numbering style: this abstractNum only points (numStyleLink) at the real definition.
        link = _child_val(abstract, "numStyleLink")
        if link is None:
            return abstract, abstract_id
        num = self._nums.get(self._styles.numbering_of(link) or "")
        target_id = _child_val(num, "abstractNumId") if num is not None else None
        target = self._abstract.get(target_id or "")
        if target is None or target_id is None:
            return abstract, abstract_id
        return target, target_id

    def _set_level(self, levels: list[Level], lvl: etree._Element, ilvl: int | None = None) -> None:
        index = ilvl if ilvl is not None else wml.integer(lvl.get(wml.ILVL))
        if index is None or not 0 <= index < LEVELS:
            return
        fmt = _number_format(lvl)
        if fmt not in SUPPORTED_FORMATS and not fmt.startswith(_ZERO_PADDED):
            self.unsupported.add(fmt)
        legal = lvl.find(wml.w("isLgl"))
        levels[index] = Level(
            start=wml.integer(_child_val(lvl, "start")) or 0,
            fmt=fmt,
            text=_level_text(lvl),
            legal=legal is not None and wml.on(wml.val(legal)),
            restart=wml.integer(_child_val(lvl, "lvlRestart")),
            style=_child_val(lvl, "pStyle"),
        )


@dataclass
class Counters:
    """Running list counters for one view of a file, shared by every num of an abstractNum."""

    _values: dict[str, list[int | None]] = field(default_factory=dict)
    _pending: dict[str, dict[int, int]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)

    def advance(self, num_id: str, instance: Instance, ilvl: int) -> str | None:
        """Count one paragraph at a level and return its label (None for bullets or blanks)."""
        values = self._values.setdefault(instance.key, [None] * LEVELS)
        pending = self._pending.setdefault(instance.key, {})
        if num_id not in self._seen:
            self._seen.add(num_id)
            pending.update(instance.starts)  # "restart numbering" applies at the first use
        current = values[ilvl]
        if ilvl in pending:
            values[ilvl] = pending.pop(ilvl)
        elif current is None:
            values[ilvl] = instance.levels[ilvl].start
        else:
            values[ilvl] = current + 1
        for deeper in range(ilvl + 1, LEVELS):
            restart = instance.levels[deeper].restart
            bound = deeper if restart is None else restart
            if ilvl < bound:
                values[deeper] = None
        return _render(instance, values, ilvl)


def _render(instance: Instance, values: list[int | None], ilvl: int) -> str | None:
    level = instance.levels[ilvl]
    if level.fmt == "bullet":
        return None

    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        shown = instance.levels[index]
        value = values[index] if index <= ilvl else None
        if value is None:
            value = shown.start
        # Legal numbering turns letters and numerals into decimals; zero-padded decimals stay
        # padded ("Section 1.01" in docx4j's article-section-isLgl test, as Word shows it).
        fmt = shown.fmt
        if level.legal and fmt not in _LEGAL_KEEPS and not fmt.startswith(_ZERO_PADDED):
            fmt = "decimal"
        return format_number(value, fmt)

    label = _PLACEHOLDER.sub(number, level.text)
    return label if label.strip() else None


def format_number(value: int, fmt: str) -> str:
    """A counter value in a Word number format (unknown formats fall back to decimal)."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if fmt.startswith(_ZERO_PADDED):
        return f"{value:0{int(fmt[len(_ZERO_PADDED) :])}d}" if value >= 0 else str(value)
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("upperLetter", "lowerLetter") and 0 < value <= MAX_LETTER_VALUE:
        # Word goes a..z, then aa, bb, ... (the letter repeated), not Excel's aa, ab.
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "ordinal":
        return f"{value}{_ordinal_suffix(value)}"
    if fmt in ("cardinalText", "ordinalText") and 0 <= value < 1_000_000:
        words = _words(value)
        if fmt == "ordinalText":
            words = _ordinal_words(words)
        return words[:1].upper() + words[1:]
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return f"{value}."
    if fmt == "decimalEnclosedCircle" and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    return str(value)


def _number_format(lvl: etree._Element) -> str:
    element = lvl.find(wml.w("numFmt"))
    if element is None:
        # Word 2010's custom formats hide in mc:AlternateContent with a standard fallback; we
        # render the zero-padded ones ("001, 002, 003, ...") and fall back for the rest.
        custom = lvl.find(f"{wml.ALTERNATE_CONTENT}/{wml.CHOICE}/{wml.w('numFmt')}")
        pattern = custom.get(wml.w("format"), "") if custom is not None else ""
        first = pattern.split(",", 1)[0].strip()
        if (
            1 < len(first) <= MAX_PADDED_WIDTH
            and first.startswith("0")
            and first.endswith("1")
            and first.isdigit()
        ):
            return f"{_ZERO_PADDED}{len(first)}"
        element = lvl.find(f"{wml.ALTERNATE_CONTENT}/{wml.FALLBACK}/{wml.w('numFmt')}")
    value = wml.val(element) if element is not None else None
    return value or "decimal"


def _level_text(lvl: etree._Element) -> str:
    """The level's label pattern ("%1.%2"); an over-long one is ignored (see MAX_LEVEL_TEXT)."""
    text = _child_val(lvl, "lvlText") or ""
    return text if len(text) <= MAX_LEVEL_TEXT else ""


def _child_val(parent: etree._Element, local: str) -> str | None:
    child = parent.find(wml.w(local))
    return wml.val(child) if child is not None else None


def _roman(value: int) -> str:
    out = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _ordinal_suffix(value: int) -> str:
    if 10 <= value % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def _words(value: int) -> str:
    if value >= 1000:
        thousands, rest = divmod(value, 1000)
        return f"{_words(thousands)} thousand" + (f" {_words(rest)}" if rest else "")
    if value < 20:
        return _UNITS[value]
    if value < 100:
        tens, unit = divmod(value, 10)
        return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")
    hundreds, rest = divmod(value, 100)
    return f"{_UNITS[hundreds]} hundred" + (f" {_words(rest)}" if rest else "")


def _ordinal_words(words: str) -> str:
    head, sep, last = words.rpartition("-") if "-" in words else words.rpartition(" ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last
