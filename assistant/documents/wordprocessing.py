"""Read a .docx into a model.Document: body, comments, coverage of what was not analysed."""

from __future__ import annotations

import posixpath

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
    if content is not None:
        _check_size(opc, content)
        reader.read(content)
    return model.Document(
        path=path,
        sha256=sha256,
        blocks=tuple(reader.blocks),
        revisions=reader.revisions,
        comments=_comments(_optional(opc, relations.get("comments")), reader),
        coverage=model.Coverage(
            not_analysed=tuple(_not_analysed(opc, main, content, reader, lists)),
            warnings=tuple(_warnings(opc)),
        ),
    )


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
    last = len(reader.blocks) - 1
    for comment in root.iter(wml.COMMENT):
        paragraphs = ("".join(t.text or "" for t in p.iter(wml.T)) for p in comment.iter(wml.P))
        anchor = reader.anchors.get(comment.get(wml.ID, ""))
        if anchor is not None and anchor > last:
            anchor = last if last >= 0 else None  # a range opened after the last paragraph
        found.append(
            model.Comment(
                author=comment.get(wml.AUTHOR),
                date=comment.get(wml.DATE),
                text="\n".join(paragraphs),
                block=anchor,
            )
        )
    return tuple(found)


def _not_analysed(
    opc: package.Package,
    main: str,
    content: etree._Element | None,
    reader: body.BodyReader,
    lists: numbering.Definitions,
) -> list[str]:
    notes: list[str] = []
    if content is not None:
        boxes = [box for box in content.iter(wml.TXBX_CONTENT) if _counted_box(box)]
        _count(notes, len(boxes), "text box", "text boxes", _revisions_in(boxes))
    _count(notes, reader.objects, "embedded object", "embedded objects")
    _count(notes, reader.alt_chunks, "altChunk (imported content)", "altChunks (imported content)")
    if reader.hidden_runs:
        runs = "run" if reader.hidden_runs == 1 else "runs"
        notes.append(f"hidden text ({reader.hidden_runs} {runs}, left out of both views)")
    if content is not None:
        equations = [e for e in content.iter(wml.OMATH) if _outermost_equation(e)]
        _count(notes, len(equations), "equation", "equations", _revisions_in(equations))
    notes.extend(_other_parts(opc, main))
    if content is not None:
        _count(
            notes, _format_changes(content), "formatting-only revision", "formatting-only revisions"
        )
    for fmt in sorted(lists.unsupported):
        notes.append(f"numbering format {fmt!r} shown as decimal numbers")
    return notes


def _outermost_equation(equation: etree._Element) -> bool:
    return not any(a.tag == wml.OMATH for a in equation.iterancestors())


def _revisions_in(parts: list[etree._Element]) -> int:
    return sum(sum(1 for _ in part.iter(*body.REVISION_TAGS)) for part in parts)


def _counted_box(box: etree._Element) -> bool:
    # mc:Fallback repeats the mc:Choice text box for old readers; count each box once.
    return not any(a.tag in (wml.FALLBACK, wml.TXBX_CONTENT) for a in box.iterancestors())


def _format_changes(content: etree._Element) -> int:
    changes = sum(1 for _ in content.iter(*wml.FORMAT_CHANGES))
    return changes + sum(1 for p in content.iter(wml.NUM_PR) if p.find(wml.INS) is not None)


def _other_parts(opc: package.Package, main: str) -> list[str]:
    notes: list[str] = []
    rels = [rel for rel in opc.relationships(main) if not rel.external and opc.has(rel.target)]
    headers = sum(1 for rel in rels if rel.kind in ("header", "footer") and _has_text(opc, rel))
    if headers:
        notes.append(f"headers and footers ({headers} with text)")
    for kind, element, one, many in (
        ("footnotes", wml.FOOTNOTE, "footnote", "footnotes"),
        ("endnotes", wml.ENDNOTE, "endnote", "endnotes"),
    ):
        for rel in rels:
            if rel.kind == kind:
                notes_root = opc.xml(rel.target)
                count = sum(
                    1
                    for note in notes_root.iter(element)
                    if note.get(wml.TYPE, "normal") == "normal" and _text_in(note)
                )
                _count(notes, count, one, many)
    return notes


def _has_text(opc: package.Package, rel: package.Relationship) -> bool:
    return _text_in(opc.xml(rel.target))


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
