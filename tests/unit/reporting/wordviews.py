"""An independent reader of a redline's two views: every revision accepted, or every one rejected.

It works on the raw document.xml, as Word does: text under w:del/w:moveFrom leaves the accepted
view, text under w:ins/w:moveTo leaves the rejected one, and a paragraph whose mark is revised away
in a view joins the paragraph after it. Text carried past the body's last paragraph would be lost,
so the reader keeps no carried text: a redline must never revise its last paragraph mark. A table
row is read as the project reads one: its non-empty cells joined by " | "; a row inserted or
deleted whole (w:trPr) is absent from the view that drops it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
View = Literal["accepted", "rejected"]

_GONE = {"accepted": {"del", "moveFrom"}, "rejected": {"ins", "moveTo"}}


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Views:
    """The body's paragraphs with every revision accepted and with every one rejected."""

    accepted: list[str]
    rejected: list[str]


def document_xml(package: bytes) -> etree._Element:
    """The parsed word/document.xml of a package."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def read(package: bytes) -> Views:
    """Both views of the body paragraphs (and table rows) of a .docx given as bytes."""
    body = document_xml(package).find(w("body"))
    assert body is not None
    blocks = [child for child in body if child.tag in (w("p"), w("tbl"))]
    paragraphs = [block for block in blocks if block.tag == w("p")]
    assert not paragraphs or _mark_kept(paragraphs[-1]), "the last paragraph mark is revised"
    return Views(_view(blocks, "accepted"), _view(blocks, "rejected"))


def _row(row: etree._Element, view: View, gone: set[str]) -> str | None:
    """A table row as one line of the view, or None when the view drops the row."""
    properties = row.find(w("trPr"))
    if properties is not None and any(properties.find(tag) is not None for tag in gone):
        return None
    cells = ["".join(t for p in cell.iter(w("p")) for t in _texts(p, view, gone)) for cell in row]
    return " | ".join(cell for cell in cells if cell)


def _view(blocks: list[etree._Element], view: View) -> list[str]:
    gone = {w(tag) for tag in _GONE[view]}
    out: list[str] = []
    carried = ""
    for p in blocks:
        if p.tag == w("tbl"):
            assert not carried, "text would run into a table"
            rows = (_row(row, view, gone) for row in p.iter(w("tr")))
            out += [row for row in rows if row is not None]
            continue
        text = carried + "".join(_texts(p, view, gone))
        mark = p.find(f"{w('pPr')}/{w('rPr')}")
        if mark is not None and any(mark.find(tag) is not None for tag in gone):
            carried = text  # the paragraph mark is gone: this text runs into the next paragraph
            continue
        carried = ""
        out.append(text)
    if out and not out[-1] and blocks[-1].tag == w("p") and _mark_kept(blocks[-1]):
        # The body's last paragraph mark cannot be revised away: with every paragraph of a view
        # gone, Word still shows one empty paragraph. That one is not text of the view.
        out.pop()
    return out


def _mark_kept(p: etree._Element) -> bool:
    mark = p.find(f"{w('pPr')}/{w('rPr')}")
    return mark is None or not any(
        mark.find(w(tag)) is not None for tag in ("ins", "del", "moveFrom", "moveTo")
    )


def _texts(p: etree._Element, view: View, gone: set[str]) -> list[str]:
    parts: list[str] = []
    for node in p.iter(w("t"), w("delText")):
        if any(a.tag in gone for a in node.iterancestors()):
            continue
        if node.tag == w("delText") and view == "accepted":
            continue
        parts.append(node.text or "")
    return parts
