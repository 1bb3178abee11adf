"""Build tiny .docx files from hand-written WordprocessingML, for the reader tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from assistant import model
from assistant.documents import reading

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
AUTHOR = "Alice"
DATE = "2024-05-01T10:00:00Z"


def t(text: str) -> str:
    """A run of plain text."""
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(inner: str, author: str = AUTHOR, date: str = DATE, tag: str = "ins") -> str:
    """Content wrapped in a revision container (w:ins by default)."""
    return f'<w:{tag} w:id="1" w:author="{author}" w:date="{date}">{inner}</w:{tag}>'


def deleted(text: str, author: str = AUTHOR, date: str = DATE, tag: str = "del") -> str:
    """Deleted text: a w:del (or w:moveFrom) holding a run with w:delText."""
    run = f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'
    return ins(run, author, date, tag)


def mark(tag: str, author: str = AUTHOR, date: str = DATE) -> str:
    """A revision mark element for a pPr/rPr or trPr."""
    return f'<w:{tag} w:id="9" w:author="{author}" w:date="{date}"/>'


def p(*inner: str, ppr: str = "") -> str:
    """A paragraph with optional raw pPr content."""
    properties = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{properties}{''.join(inner)}</w:p>"


def numbered(text: str, num_id: int, ilvl: int = 0, ppr: str = "") -> str:
    """A paragraph with direct numbering."""
    reference = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return p(t(text), ppr=reference + ppr)


def cell(*paragraphs: str, tcpr: str = "") -> str:
    """A table cell (paragraphs default to one empty paragraph)."""
    properties = f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else ""
    return f"<w:tc>{properties}{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def row(*cells: str, trpr: str = "") -> str:
    """A table row."""
    properties = f"<w:trPr>{trpr}</w:trPr>" if trpr else ""
    return f"<w:tr>{properties}{''.join(cells)}</w:tr>"


def table(*rows: str) -> str:
    """A table."""
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def level(
    ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "", pstyle: str | None = None
) -> str:
    """An abstractNum level."""
    style = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{style}<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def numbering(abstracts: dict[int, str], nums: dict[int, int | tuple[int, str]]) -> str:
    """numbering.xml from abstractNum levels and num -> abstractNum (optionally with overrides)."""
    body = "".join(
        f'<w:abstractNum w:abstractNumId="{key}">{levels}</w:abstractNum>'
        for key, levels in abstracts.items()
    )
    for num_id, target in nums.items():
        abstract, overrides = target if isinstance(target, tuple) else (target, "")
        body += (
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>'
        )
    return f"{XML_HEAD}<w:numbering {NAMESPACES}>{body}</w:numbering>"


def styles(*definitions: str) -> str:
    """styles.xml holding the given w:style elements."""
    return f"{XML_HEAD}<w:styles {NAMESPACES}>{''.join(definitions)}</w:styles>"


def style(style_id: str, name: str, ppr: str = "", based_on: str | None = None) -> str:
    """A paragraph style."""
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    properties = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{base}{properties}</w:style>"
    )


def comments(*entries: tuple[str, str, str]) -> str:
    """comments.xml from (id, author, text)."""
    body = "".join(
        f'<w:comment w:id="{cid}" w:author="{author}" w:date="{DATE}">{p(t(text))}</w:comment>'
        for cid, author, text in entries
    )
    return f"{XML_HEAD}<w:comments {NAMESPACES}>{body}</w:comments>"


def notes(kind: str, *entries: tuple[str, str]) -> str:
    """footnotes.xml or endnotes.xml ("footnote"/"endnote") from (id, content), with separators."""
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1">{p("<w:r><w:separator/></w:r>")}</w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0">{p(t("--"))}</w:{kind}>'
    )
    body = "".join(f'<w:{kind} w:id="{nid}">{content}</w:{kind}>' for nid, content in entries)
    return f"{XML_HEAD}<w:{kind}s {NAMESPACES}>{separators}{body}</w:{kind}s>"


def note_text(text: str, kind: str = "footnote") -> str:
    """A note's paragraph as Word writes it: the note mark, then the text."""
    mark = f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{kind}Ref/></w:r>'
    return p(mark, t(f" {text}"))


def note_ref(note_id: str, kind: str = "footnote", custom: bool = False) -> str:
    """A run holding a footnote or endnote reference mark."""
    flag = ' w:customMarkFollows="1"' if custom else ""
    return f'<w:r><w:{kind}Reference w:id="{note_id}"{flag}/></w:r>'


def header(*paragraphs: str, tag: str = "hdr") -> str:
    """A header (or, with tag "ftr", footer) part."""
    return f"{XML_HEAD}<w:{tag} {NAMESPACES}>{''.join(paragraphs)}</w:{tag}>"


def section(**references: str) -> str:
    """A body-level sectPr; keywords like header_default="rId1" add header/footer references."""
    refs = "".join(
        f'<w:{name.split("_")[0]}Reference w:type="{name.split("_")[1]}" r:id="{rid}"/>'
        for name, rid in references.items()
    )
    return f"<w:sectPr>{refs}</w:sectPr>"


def build(
    body: str,
    *,
    parts: dict[str, str | bytes] | None = None,
    relationships: dict[str, str] | None = None,
    external: dict[str, str] | None = None,
    main_type: str = DOCUMENT_TYPE,
    document: str | None = None,
    content_types: str | None = None,
    package_rels: str | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A .docx as bytes.

    `parts` are extra parts by name (styles.xml etc. are related to the document automatically by
    `relationships`: part name -> relationship type); `external` adds TargetMode="External"
    relationships (type -> target) to the document's rels.
    """
    parts = dict(parts or {})
    relationships = dict(relationships or {})
    for name, kind in (
        ("word/styles.xml", "styles"),
        ("word/numbering.xml", "numbering"),
        ("word/comments.xml", "comments"),
        ("word/footnotes.xml", "footnotes"),
        ("word/endnotes.xml", "endnotes"),
    ):
        if name in parts:
            relationships.setdefault(name, kind)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_TYPE}{kind}" Target="{name.removeprefix("word/")}"/>'
        for i, (name, kind) in enumerate(relationships.items(), start=1)
    )
    rels += "".join(
        f'<Relationship Id="rX{i}" Type="{REL_TYPE}{kind}" Target="{target}" '
        'TargetMode="External"/>'
        for i, (kind, target) in enumerate((external or {}).items())
    )
    if document is None:
        document = f"{XML_HEAD}<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"
    if content_types is None:
        content_types = (
            f"{XML_HEAD}<Types "
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
        )
    if package_rels is None:
        package_rels = (
            f'{XML_HEAD}<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
            f'Type="{REL_TYPE}officeDocument" Target="word/document.xml"/></Relationships>'
        )
    files: dict[str, str | bytes] = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": f'{XML_HEAD}<Relationships xmlns="{RELS_NS}">{rels}'
        "</Relationships>",
    }
    files.update(parts)
    return zip_bytes(files, compression)


def zip_bytes(files: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of the given entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def write(folder: Path, data: bytes, name: str = "draft.docx") -> Path:
    """Save bytes as a file in `folder` and return its path."""
    path = folder / name
    path.write_bytes(data)
    return path


def read(folder: Path, body: str, **options: Any) -> model.Document:
    """Build a .docx around `body` (options as for build), save it and read it back."""
    return reading.read_document(write(folder, build(body, **options)))


def texts(document: model.Document, view: model.View = model.View.CURRENT) -> list[str]:
    """The text of every block in one view."""
    return [block.text(view) for block in document.blocks]
