"""WordprocessingML names (Clark notation) and attribute helpers shared by the .docx modules."""

from __future__ import annotations

from lxml import etree

NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_W = "{" + NS + "}"


def w(local: str) -> str:
    """The Clark name of a w: element or attribute."""
    return _W + local


# Elements
BODY = w("body")
P = w("p")
PPR = w("pPr")
PPR_CHANGE = w("pPrChange")
RPR = w("rPr")
R = w("r")
T = w("t")
DEL_TEXT = w("delText")
TBL = w("tbl")
TR = w("tr")
TC = w("tc")
TRPR = w("trPr")
TCPR = w("tcPr")
SDT = w("sdt")
SDT_CONTENT = w("sdtContent")
CUSTOM_XML = w("customXml")
ALT_CHUNK = w("altChunk")
INS = w("ins")
DEL = w("del")
MOVE_FROM = w("moveFrom")
MOVE_TO = w("moveTo")
CELL_INS = w("cellIns")
CELL_DEL = w("cellDel")
STYLE = w("style")
NAME = w("name")
BASED_ON = w("basedOn")
P_STYLE = w("pStyle")
NUM_PR = w("numPr")
NUM_ID = w("numId")
ILVL = w("ilvl")
OUTLINE_LVL = w("outlineLvl")
VANISH = w("vanish")
GRID_SPAN = w("gridSpan")
GRID_BEFORE = w("gridBefore")
V_MERGE = w("vMerge")
H_MERGE = w("hMerge")
TXBX_CONTENT = w("txbxContent")
OBJECT = w("object")
COMMENT = w("comment")
COMMENT_RANGE_START = w("commentRangeStart")
COMMENT_REFERENCE = w("commentReference")
FOOTNOTE = w("footnote")
ENDNOTE = w("endnote")
ALTERNATE_CONTENT = MC + "AlternateContent"
CHOICE = MC + "Choice"
FALLBACK = MC + "Fallback"
OMATH = MATH + "oMath"

# Attributes
VAL = w("val")
ID = w("id")
AUTHOR = w("author")
DATE = w("date")
TYPE = w("type")
DEFAULT = w("default")
STYLE_ID = w("styleId")

# Revisions that only change formatting: noted in coverage, not compared.
FORMAT_CHANGES = tuple(
    w(name)
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
    )
)

_OFF = frozenset({"0", "false", "off", "none"})


def val(element: etree._Element) -> str | None:
    """The w:val attribute of an element."""
    return element.get(VAL)


def on(value: str | None, *, absent: bool = True) -> bool:
    """An OOXML on/off value: an element without w:val is on."""
    if value is None:
        return absent
    return value.strip().lower() not in _OFF


# Word reads its decimal attributes (list starts, spans, levels) as 32-bit integers.
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def integer(value: str | None) -> int | None:
    """A decimal attribute, None when absent, malformed or beyond Word's 32-bit range."""
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    # A 4,000-digit list start would make every label of the list 4,000 characters long.
    return number if _INT_MIN <= number <= _INT_MAX else None


def numbering_reference(num_pr: etree._Element) -> tuple[str | None, int | None]:
    """The (numId, ilvl) a w:numPr names."""
    num_id = num_pr.find(NUM_ID)
    ilvl = num_pr.find(ILVL)
    return (
        val(num_id) if num_id is not None else None,
        integer(val(ilvl)) if ilvl is not None else None,
    )


def outline_level(element: etree._Element) -> int | None:
    """The raw w:outlineLvl value: 0-8 for heading levels 1-9, 9 for body text."""
    level = integer(val(element))
    return level if level is not None and 0 <= level <= 9 else None


def heading_of_outline(level: int) -> int | None:
    """The heading level (1-9) a raw outline level stands for; None for body text (9)."""
    return level + 1 if 0 <= level <= 8 else None
