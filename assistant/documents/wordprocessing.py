"""Read a .docx into a model.Document: body, notes, headers, comments, coverage notes.

Blocks come in this order: the body in reading order, each text box right after the paragraph
anchoring it; then, each under a heading of our own ("Footnotes", "Endnotes", "Headers and
footers"), the footnotes and endnotes in the order the text references them (the first paragraph
labelled "fn 1", "en i" as Word numbers them), and each distinct header or footer longer than
page furniture. Notes sit after the body rather than after their reference so that a note can
never break a numbered list or a heading path of the body; a note whose reference is a tracked
deletion is deleted with it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace

from lxml import etree

from assistant import model
from assistant.documents import body, numbering, package, styles, wml

MAX_PARAGRAPHS = 200_000  # about 10,000 pages; a 200-page contract has about 4,000
_STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": None,
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "a macro-enabled Word document (.docm) renamed to .docx; save it as .docx "
        "(Word Document) in Word and open that"
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "a Word template (.dotx) renamed to .docx, not a draft; create a document from it or "
        "save it as .docx in Word"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "a macro-enabled Word template (.dotm) renamed to .docx; save it as .docx in Word"
    ),
}
_MACRO_TYPE = "application/vnd.ms-office.vbaProject"
_MACROS = (
    "a Word document carrying a VBA macro project although it is named .docx (Word keeps "
    "macros only in .docm files); not opened for safety: save it as .docx (Word Document) in "
    "Word and open that"
)
_STRICT = (
    "saved in Strict Open XML format, which this tool does not read; in Word choose Save As → "
    "'Word Document (*.docx)' and open that"
)
_EXTERNAL = {
    "attachedTemplate": "external template link (not followed)",
    "subDocument": "linked subdocument (not followed)",
    "oleObject": "linked object (not followed)",
    "package": "linked object (not followed)",
    "frame": "linked frame (not followed)",
}


def read_docx(path: str, data: bytes, sha256: str) -> model.Document:
    """Read a .docx whose bytes are `data`."""
    opc = package.Package(path, data)
    main = _main_part(opc)
    _refuse_macros(opc)
    root = opc.xml(main)
    if root.tag != wml.w("document"):
        if etree.QName(root).namespace == wml.STRICT_NS:
            raise opc.refuse(_STRICT)
        raise opc.refuse(f"the part {main} is not a Word document body; the file is damaged")
    relations = {rel.kind: rel for rel in reversed(opc.relationships(main)) if not rel.external}
    style_table = styles.Styles(_optional(opc, relations.get("styles")))
    lists = numbering.Definitions(_optional(opc, relations.get("numbering")), style_table)
    reader = body.BodyReader(style_table, lists)
    content = root.find(wml.BODY)
    parts: list[str] = []  # coverage notes on notes, headers and footers
    read: list[etree._Element] = []  # every part whose text became blocks
    if content is not None:
        _check_size(opc, content)
        reader.read(content)
        read.append(content)
        _clip_anchors(reader)
        settings = _optional(opc, relations.get("settings"))
        for kind in _NOTE_KINDS:
            notes_root = _optional(opc, relations.get(kind.part))
            if notes_root is not None:
                _check_size(opc, notes_root)
                parts.extend(_read_notes(kind, notes_root, content, settings, reader))
                read.append(notes_root)
        parts.extend(_read_headers(opc, main, content, reader, read))
    return model.Document(
        path=path,
        sha256=sha256,
        blocks=tuple(reader.blocks),
        revisions=reader.revisions,
        comments=_comments(_optional(opc, relations.get("comments")), reader),
        coverage=model.Coverage(
            not_analysed=tuple(_not_analysed(read, reader, lists, parts)),
            warnings=tuple(_warnings(opc)),
        ),
    )


@dataclass(frozen=True, slots=True)
class _NoteKind:
    """Footnotes or endnotes: where they live and how Word numbers them by default."""

    name: str  # as body.NoteReference.kind
    part: str  # relationship kind
    element: str
    heading: str
    prefix: str  # of the label: "fn 3", "en iv"
    default_format: str


_NOTE_KINDS = (
    _NoteKind("footnote", "footnotes", wml.FOOTNOTE, "Footnotes", "fn", "decimal"),
    _NoteKind("endnote", "endnotes", wml.ENDNOTE, "Endnotes", "en", "lowerRoman"),
)
# A header or footer with fewer words is page furniture ("Confidential", "Page 3 of 9", a
# title): listed in the coverage note. With more it may carry terms, so it is read as clauses.
MIN_HEADER_WORDS = 8
_SECT_PR = wml.w("sectPr")
_SECT_PR_CHANGE = wml.w("sectPrChange")
_HEADER_REFERENCES = (wml.w("headerReference"), wml.w("footerReference"))
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _clip_anchors(reader: body.BodyReader) -> None:
    """Anchor a comment range opened after the last body paragraph to that paragraph."""
    last = len(reader.blocks) - 1
    for comment_id, anchor in list(reader.anchors.items()):
        if anchor > last:
            if last >= 0:
                reader.anchors[comment_id] = last
            else:
                del reader.anchors[comment_id]


def _read_notes(
    kind: _NoteKind,
    root: etree._Element,
    content: etree._Element,
    settings: etree._Element | None,
    reader: body.BodyReader,
) -> list[str]:
    """Append the referenced notes in reference order after a heading; list unreferenced ones."""
    notes = {
        note.get(wml.ID, ""): note
        for note in root.iterchildren(kind.element)
        if note.get(wml.TYPE, "normal") == "normal"  # not the separator lines
    }
    fmt, start = _note_numbering(kind, content, settings)
    counters = {model.View.CURRENT: start, model.View.ORIGINAL: start}
    done: set[str] = set()
    referenced: list[body.NoteReference] = []
    for reference in reader.note_references:
        if reference.kind == kind.name and reference.id in notes and reference.id not in done:
            done.add(reference.id)
            referenced.append(reference)
    if referenced:
        reader.blocks.append(_heading(kind.heading, kind.part, _common(referenced)))
    for reference in referenced:
        note = notes[reference.id]
        label = None
        views = [v for v in counters if body.visible(reference.revision, v)]
        if views and not reference.custom:
            label = f"{kind.prefix} {numbering.format_number(counters[views[0]], fmt)}"
            for view in views:
                counters[view] += 1
        first = len(reader.blocks)
        reader.read(note, reference.revision)
        if label is not None and first < len(reader.blocks) and reader.blocks[first].label is None:
            reader.blocks[first] = replace(reader.blocks[first], label=label)
    hidden = [key for key, note in notes.items() if key not in done and _text_in(note)]
    found: list[str] = []
    _count(
        found,
        len(hidden),
        f"{kind.name} not referenced in the text (Word does not show it; not compared)",
        f"{kind.part} not referenced in the text (Word does not show them; not compared)",
    )
    return found


def _note_numbering(
    kind: _NoteKind, content: etree._Element, settings: etree._Element | None
) -> tuple[str, int]:
    """The number format and start of a note kind: the last section's, else the settings'."""
    properties = wml.w(kind.name + "Pr")
    fmt: str | None = None
    start: int | None = None
    for holder in (content.find(_SECT_PR), settings):
        found = holder.find(properties) if holder is not None else None
        if found is None:
            continue
        fmt_element = found.find(wml.w("numFmt"))
        start_element = found.find(wml.w("numStart"))
        if fmt is None and fmt_element is not None:
            fmt = wml.val(fmt_element)
        if start is None and start_element is not None:
            start = wml.integer(wml.val(start_element))
    return fmt or kind.default_format, start if start is not None and start >= 0 else 1


def _heading(text: str, style: str, revision: model.Revision | None = None) -> model.Block:
    """A heading of our own that sets the extracted notes or headers apart from the body."""
    return model.Block(segments=(model.Segment(text, revision),), style=style, heading_level=1)


def _common(references: list[body.NoteReference]) -> model.Revision | None:
    """The revision every reference shares a side of: the notes' heading goes where they go."""
    for view in model.View:
        if not any(body.visible(r.revision, view) for r in references):
            # No note in this view: let the heading follow the first note out of it.
            first = references[0].revision
            return first if isinstance(first, model.Revision) else None
    return None


def _read_headers(
    opc: package.Package,
    main: str,
    content: etree._Element,
    reader: body.BodyReader,
    read: list[etree._Element],
) -> list[str]:
    """Append each distinct header and footer that says more than page furniture; list the rest."""
    by_id = {
        rel.id: rel.target
        for rel in opc.relationships(main)
        if not rel.external and rel.kind in ("header", "footer") and opc.has(rel.target)
    }
    targets: dict[str, list[str]] = {"header": [], "footer": []}
    for section in content.iter(_SECT_PR):
        if any(a.tag == _SECT_PR_CHANGE for a in section.iterancestors()):
            continue  # the section properties before a tracked formatting change
        for reference in section.iterchildren(*_HEADER_REFERENCES):
            target = by_id.get(reference.get(_REL_ID, ""))
            kind = "header" if reference.tag == _HEADER_REFERENCES[0] else "footer"
            if target is not None and target not in targets[kind]:
                targets[kind].append(target)
    seen: set[str] = set()
    extracted = False
    short = 0
    revisions = 0
    for name in targets["header"] + targets["footer"]:
        root = opc.xml(name)
        words = " ".join(_texts(root)).split()
        if not words:
            continue
        key = " ".join(words)
        if key in seen:
            continue  # the same text on first, odd and even pages or in another section
        seen.add(key)
        if sum(1 for word in words if any(c.isalpha() for c in word)) < MIN_HEADER_WORDS:
            short += 1
            revisions += sum(1 for _ in root.iter(*body.REVISION_TAGS))
            continue
        if not extracted:
            reader.blocks.append(_heading("Headers and footers", "headers and footers"))
            extracted = True
        _check_size(opc, root)
        reader.read(root)
        read.append(root)
    if not short:
        return []
    what = "short header/footer" if short == 1 else "short headers/footers"
    tracked = f", {revisions} tracked revision{'s' if revisions != 1 else ''}" if revisions else ""
    return [f"{short} {what} (page furniture{tracked}, not compared)"]


def _texts(element: etree._Element) -> list[str]:
    return [t.text or "" for t in element.iter(wml.T, wml.DEL_TEXT)]


def _main_part(opc: package.Package) -> str:
    office = [rel for rel in opc.relationships("") if rel.kind == "officeDocument"]
    if any(rel.type.startswith(_STRICT_PREFIX) for rel in office):
        raise opc.refuse(_STRICT)
    main = next((rel.target for rel in office if not rel.external and opc.has(rel.target)), None)
    if main is None and opc.has("word/document.xml"):
        main = "word/document.xml"
    if main is None:
        raise opc.refuse(
            "the archive has no Word document part (word/document.xml): it is not a Word "
            "document, or it is damaged"
        )
    content_type = opc.content_type(main)
    if content_type is not None:
        if content_type in _MAIN_TYPES:
            problem = _MAIN_TYPES[content_type]
            if problem is not None:
                raise opc.refuse(problem)
        else:
            raise opc.refuse(f"not a Word document (its main part is {_describe(content_type)})")
    return main


def _refuse_macros(opc: package.Package) -> None:
    """Refuse a package holding a VBA project: a macro-enabled document under a .docx name."""
    for name in opc.names():
        named = posixpath.basename(name).lower() == "vbaproject.bin"
        if named or opc.content_type(name) == _MACRO_TYPE:
            raise opc.refuse(_MACROS)


def _describe(content_type: str) -> str:
    if "spreadsheetml" in content_type or "ms-excel" in content_type:
        return "an Excel workbook"
    if "presentationml" in content_type or "ms-powerpoint" in content_type:
        return "a PowerPoint presentation"
    return f"of type {content_type[:80]!r}"


def _optional(opc: package.Package, rel: package.Relationship | None) -> etree._Element | None:
    if rel is None or not opc.has(rel.target):
        return None
    return opc.xml(rel.target)


def _check_size(opc: package.Package, content: etree._Element) -> None:
    count = content.xpath("count(.//w:p)", namespaces={"w": wml.NS})
    if isinstance(count, float) and count > MAX_PARAGRAPHS:
        raise opc.refuse(
            f"the document has {int(count):,} paragraphs (limit {MAX_PARAGRAPHS:,}): far beyond "
            "any contract; refused"
        )


def _comments(root: etree._Element | None, reader: body.BodyReader) -> tuple[model.Comment, ...]:
    if root is None:
        return ()
    found = []
    for comment in root.iter(wml.COMMENT):
        paragraphs = ("".join(t.text or "" for t in p.iter(wml.T)) for p in comment.iter(wml.P))
        found.append(
            model.Comment(
                author=comment.get(wml.AUTHOR),
                date=comment.get(wml.DATE),
                text="\n".join(paragraphs),
                block=reader.anchors.get(comment.get(wml.ID, "")),
            )
        )
    return tuple(found)


def _not_analysed(
    read: list[etree._Element],
    reader: body.BodyReader,
    lists: numbering.Definitions,
    parts: list[str],
) -> list[str]:
    notes: list[str] = []
    _count(notes, reader.objects, "embedded object", "embedded objects")
    _count(notes, reader.alt_chunks, "altChunk (imported content)", "altChunks (imported content)")
    _count(notes, reader.graphics["charts"], "chart", "charts")
    _count(notes, reader.graphics["diagrams"], "SmartArt diagram", "SmartArt diagrams")
    _count(notes, reader.graphics["images"], "picture", "pictures")
    if reader.hidden_runs:
        runs = "run" if reader.hidden_runs == 1 else "runs"
        notes.append(f"hidden text ({reader.hidden_runs} {runs}, left out of both views)")
    equations = [e for part in read for e in part.iter(wml.OMATH) if _outermost_equation(e)]
    _count(notes, len(equations), "equation (read as plain text)", "equations (read as plain text)")
    notes.extend(parts)
    _count(
        notes,
        sum(_format_changes(part) for part in read),
        "formatting-only revision",
        "formatting-only revisions",
    )
    for fmt in sorted(lists.unsupported):
        notes.append(f"numbering format {fmt!r} shown as decimal numbers")
    return notes


def _outermost_equation(equation: etree._Element) -> bool:
    return not any(a.tag == wml.OMATH for a in equation.iterancestors())


def _format_changes(content: etree._Element) -> int:
    changes = sum(1 for _ in content.iter(*wml.FORMAT_CHANGES))
    return changes + sum(1 for p in content.iter(wml.NUM_PR) if p.find(wml.INS) is not None)


def _text_in(element: etree._Element) -> bool:
    return any((t.text or "").strip() for t in element.iter(wml.T))


def _warnings(opc: package.Package) -> list[str]:
    warnings: list[str] = []
    images = 0
    for rels_name in opc.rels_parts():
        for rel in opc.relationships(_source_of(rels_name)):
            if not rel.external or rel.kind == "hyperlink":
                continue  # a hyperlink is only followed if the user clicks it in Word
            if rel.kind == "image":
                images += 1
                continue
            what = _EXTERNAL.get(rel.kind, f"external {rel.kind} link (not followed)")
            warning = f"{what}: {rel.target[:160]}"
            if warning not in warnings:
                warnings.append(warning)
    if images:
        warnings.append(f"{images} linked image{'s' if images != 1 else ''} (not followed)")
    return warnings


def _source_of(rels_name: str) -> str:
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def _count(notes: list[str], count: int, one: str, many: str, revisions: int = 0) -> None:
    if count:
        tracked = ""
        if revisions:
            marks = "revision" if revisions == 1 else "revisions"
            tracked = f" (with {revisions} tracked {marks}, not compared)"
        notes.append(f"{count} {one if count == 1 else many}{tracked}")
