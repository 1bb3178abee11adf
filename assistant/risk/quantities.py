"""Durations and amounts in clause text, normalised so a change of unit still compares right."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import taxonomy

# Hours per unit; a business day counts as 7/5 calendar days so "5 business days" ~ "7 days".
_UNIT_HOURS = {
    "hour": 1.0,
    "business day": 24.0 * 7 / 5,
    "working day": 24.0 * 7 / 5,
    "calendar day": 24.0,
    "day": 24.0,
    "week": 168.0,
    "month": 730.0,
    "year": 8760.0,
}

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _number_words() -> dict[str, int]:
    """Spelled-out numbers from one to ninety-nine, and a hundred."""
    words = {w: i + 1 for i, w in enumerate(_UNITS)}
    words.update({w: i + 10 for i, w in enumerate(_TEENS)})
    for i, tens in enumerate(_TENS):
        value = 20 + 10 * i
        words[tens] = value
        words.update({f"{tens}-{unit}": value + j + 1 for j, unit in enumerate(_UNITS)})
    words["hundred"] = words["one hundred"] = 100
    return words


WORDS = _number_words()
WORD_ALTERNATIVES = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))

_UNIT = (
    r"(?P<unit>business\s+days?|working\s+days?|calendar\s+days?"
    r"|hours?|days?|weeks?|months?|years?)"
)
# "seventy-two (72) hours", "72 hours", "thirty days", "12-month"
_DURATION = re.compile(
    rf"(?:\b(?P<word>{WORD_ALTERNATIVES})\s+)?(?:\(\s*(?P<paren>\d[\d,]*(?:\.\d+)?)\s*\)"
    rf"|(?P<digits>\d[\d,]*(?:\.\d+)?))?\s*-?\s*{_UNIT}\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"(?:\$|(?:USD|AUD|CAD|NZD|EUR|GBP|CHF)\s?|(?:US|A|AU|C|NZ)\$|€|£)\s?(?P<amount>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>million|billion|thousand))?",
    re.IGNORECASE,
)
# A distance ("a radius of ten (10) miles", "5 km"), in kilometres: a non-compete's reach.
_DISTANCE = re.compile(
    rf"(?:\b(?P<word>{WORD_ALTERNATIVES})\s+)?(?:\(\s*(?P<paren>\d[\d,]*(?:\.\d+)?)\s*\)"
    r"|(?P<digits>\d[\d,]*(?:\.\d+)?))?\s*-?\s*(?P<unit>miles?|kilomet(?:re|er)s?|km|metres?|meters?)\b",
    re.IGNORECASE,
)
_KM = {"mile": 1.609344, "kilometre": 1.0, "kilometer": 1.0, "km": 1.0, "metre": 1e-3,
       "meter": 1e-3}  # fmt: skip
_PERCENT = re.compile(r"(?P<amount>\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
# Security impact levels ("Impact Level 5 (IL5)", "IL-6"): a number with no unit, read only in this
# form so a bare "Level 2 support" is not one. The parenthesised short form is part of the match.
_LEVEL = re.compile(
    r"\bimpact\s+level\s+(?P<long>\d)\b(?:\s*\(\s*IL\s*-?\s*\d\s*\))?|\bIL\s*-?\s*(?P<short>\d)\b",
    re.IGNORECASE,
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
# Multiples of an amount ("two times the fees", "three (3) times", "2x the Charges", "twice the
# annual fees"): a number with no unit, read only before what it multiplies, so a frequency
# ("three times a year", "twice per month") is not one.
_MULTIPLE = re.compile(
    rf"\b(?:(?P<word>{WORD_ALTERNATIVES})\s+(?:\(\s*\d+(?:\.\d+)?\s*\)\s*)?times"
    r"|(?P<digits>\d+(?:\.\d+)?)\s*(?:times|x)|(?P<twice>twice))"
    r"(?=\s+(?:the|all|any|such|its|their|total|aggregate|annual|amounts?|fees|charges|sums?)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its dimension: hours for durations, kilometres for distances, units of
    currency, percent, an impact level, or the factor of a multiple."""

    dimension: str  # "duration", "distance", "money", "percent", "level" or "multiple"
    value: float
    text: str  # as written
    start: int = 0  # offset in the text it was found in


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def find(text: str) -> list[Quantity]:
    """Every duration, distance, amount of money, percentage, multiple and impact level in the
    text, in order."""
    found: list[tuple[int, Quantity]] = []
    for m in _DURATION.finditer(text):
        unit = re.sub(r"\s+", " ", m.group("unit").lower()).rstrip("s")
        raw = m.group("paren") or m.group("digits")
        word = (m.group("word") or "").lower()
        if raw is not None:
            amount = _number(raw)
        elif word in WORDS:
            amount = float(WORDS[word])
        else:
            continue  # "the day", "each month": not a quantity
        found.append(
            (m.start(), Quantity("duration", amount * _UNIT_HOURS[unit], m.group(0), m.start()))
        )
    for m in _DISTANCE.finditer(text):
        raw = m.group("paren") or m.group("digits")
        word = (m.group("word") or "").lower()
        if raw is None and word not in WORDS:
            continue  # "miles away": not a quantity
        amount = _number(raw) if raw is not None else float(WORDS[word])
        unit = m.group("unit").lower().rstrip("s")
        found.append((m.start(), Quantity("distance", amount * _KM[unit], m.group(0), m.start())))
    for m in _MONEY.finditer(text):
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        found.append(
            (
                m.start(),
                Quantity("money", _number(m.group("amount")) * scale, m.group(0), m.start()),
            )
        )
    for m in _PERCENT.finditer(text):
        found.append(
            (m.start(), Quantity("percent", _number(m.group("amount")), m.group(0), m.start()))
        )
    for m in _MULTIPLE.finditer(text):
        if m.group("twice"):
            factor = 2.0
        elif m.group("digits"):
            factor = _number(m.group("digits"))
        else:
            factor = float(WORDS[m.group("word").lower()])
        found.append((m.start(), Quantity("multiple", factor, m.group(0), m.start())))
    for m in _LEVEL.finditer(text):
        level = float(m.group("long") or m.group("short"))
        found.append((m.start(), Quantity("level", level, m.group(0), m.start())))
    return [q for _, q in sorted(found, key=lambda item: item[0])]


def changed(old: str, new: str) -> list[tuple[Quantity, Quantity]]:
    """Quantities of the same dimension that changed value, paired in order of appearance."""
    pairs: list[tuple[Quantity, Quantity]] = []
    olds, news = find(old), find(new)
    for dimension in ("duration", "distance", "money", "percent", "level", "multiple"):
        before = [q for q in olds if q.dimension == dimension]
        after = [q for q in news if q.dimension == dimension]
        if len(before) != len(after):
            continue  # a quantity added or removed: no reliable pairing
        pairs.extend((a, b) for a, b in zip(before, after, strict=True) if a.value != b.value)
    return pairs


# Deadlines, notice periods, maximum periods and intervals between recurring duties ("at least
# once every twelve months": more often is stronger): shorter is stronger. Minimum durations:
# longer is stronger. "every" and "each" make an interval only just before the duration ("every
# 12 months"): in "retain each log entry for 24 months" the "each" counts entries, not time.
_DEADLINE = re.compile(
    r"\b(?:within|no\s+later\s+than|not\s+later\s+than|at\s+most|up\s+to|notice|prior\s+to"
    r"|in\s+advance|before|once\s+(?:a|an|per|in)|(?:no|not)\s+more\s+than|not\s+exceeding)\b"
    r"|\b(?:every|each)\s*$",
    re.IGNORECASE,
)
_LEAD = 200  # characters before a duration searched for its cue, within its sentence
_TAIL = 30  # characters after it searched for "notice"
_NOT_BEYOND = re.compile(
    r"\b(?:not|no|never)\b[^.;:]*\b(?:more|longer|later)\s+than\s*$", re.IGNORECASE
)
_NOTICE_AFTER = re.compile(
    r"[\s'’]*(?:s\b)?[\s'’]*(?:prior\s+|advance\s+|written\s+)*notice\b", re.I
)
_SENTENCE_BREAK = re.compile(r"[.;:!?](?:\s|$)")
_MINIMUM = re.compile(
    r"\b(?:at\s+least|minimum|retain(?:ed|s)?|retention|keep|kept|maintain(?:ed|s)?"
    r"|surviv(?:e|es|al)|for\s+a\s+period\s+of|term\s+of)\b",
    re.IGNORECASE,
)


def stronger(
    before: Quantity, after: Quantity, direction: taxonomy.Numbers, context: str
) -> bool | None:
    """Whether the new value strengthens the clause; None when the direction is unknown.

    The words before a duration in its sentence decide first ("within 24 hours" is a deadline,
    "keep records ... for seven years" a minimum; the nearer cue wins), because one category
    holds both kinds; the category's direction decides otherwise.
    """
    if after.dimension == "duration":
        lead = _SENTENCE_BREAK.split(context[max(0, after.start - _LEAD) : after.start])[-1]
        deadline = max((m.end() for m in _DEADLINE.finditer(lead)), default=-1)
        minimum = max((m.end() for m in _MINIMUM.finditer(lead)), default=-1)
        if _NOT_BEYOND.search(lead):
            deadline = len(lead)  # "shall not retain ... for more than 90 days": a maximum
        tail = context[after.start + len(after.text) : after.start + len(after.text) + _TAIL]
        if _NOTICE_AFTER.match(tail) and direction is not taxonomy.Numbers.NONE:
            # "on giving at least 30 Business Days' notice": a notice period, read as the
            # category reads its notices ("at least" says who may give more, not which way
            # the right or duty is stronger).
            deadline = minimum = -1
        if deadline > minimum:
            direction = taxonomy.Numbers.LOWER_IS_STRONGER
        elif minimum > deadline:
            direction = taxonomy.Numbers.HIGHER_IS_STRONGER
    if direction is taxonomy.Numbers.NONE:
        return None
    higher = after.value > before.value
    return higher if direction is taxonomy.Numbers.HIGHER_IS_STRONGER else not higher
