"""read_document: dispatch by suffix and a specific refusal for every bad input."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from assistant import errors
from assistant.documents import package, reading
from tests.unit.documents import wordml
from tests.unit.documents.wordml import p, t

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refusal(path: Path) -> str:
    with pytest.raises(errors.UnreadableDocument) as caught:
        reading.read_document(path)
    assert caught.value.path == str(path)
    return caught.value.reason


def _docx(tmp_path: Path, data: bytes, name: str = "draft.docx") -> Path:
    return wordml.write(tmp_path, data, name)


def test_dispatches_on_suffix(tmp_path: Path) -> None:
    docx = _docx(tmp_path, wordml.build(p(t("Word"))), "A.DOCX")
    txt = wordml.write(tmp_path, b"Plain", "b.txt")
    md = wordml.write(tmp_path, b"# Title", "c.md")

    assert reading.read_document(docx).blocks[0].text() == "Word"
    assert reading.read_document(str(txt)).blocks[0].text() == "Plain"
    assert reading.read_document(md).blocks[0].heading_level == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("old.doc", "legacy Word 97-2003 .doc file; save it as .docx in Word and open that"),
        ("macro.docm", "macro-enabled Word document (.docm)"),
        ("form.dotx", "a Word template (.dotx)"),
        ("notes.rtf", "an RTF file"),
        ("sheet.xlsx", "unsupported file type '.xlsx': open a .docx, .pdf, .txt or .md file"),
        ("README", "unsupported file type (no extension)"),
    ],
)
def test_refused_suffixes(tmp_path: Path, name: str, expected: str) -> None:
    path = wordml.write(tmp_path, wordml.build(p(t("x"))), name)

    assert expected in _refusal(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in _refusal(tmp_path / "nowhere.docx")


def test_impossible_name(tmp_path: Path) -> None:
    assert "cannot be opened" in _refusal(tmp_path / "bad\x00name.docx")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "drafts.docx"
    folder.mkdir()

    assert "is a folder" in _refusal(folder)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    assert "not a regular file" in _refusal(fifo)


@pytest.mark.parametrize("name", ["empty.docx", "empty.txt", "empty.md"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    assert "empty (0 bytes)" in _refusal(wordml.write(tmp_path, b"", name))


def test_unreadable_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _docx(tmp_path, wordml.build(p(t("x"))))

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", denied)

    assert "permission denied" in _refusal(path)


def test_oversized_text_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 10)

    assert "more than the 0 MiB this tool opens as a .txt draft" in _refusal(
        wordml.write(tmp_path, b"x" * 11, "big.txt")
    )


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        ("EncryptionInfo", "a password-protected (encrypted) Word document: open it in Word"),
        ("WordDocument", "a legacy Word 97-2003 .doc file with a .docx name; save it as .docx"),
        ("Workbook", "an OLE container (a legacy Office file), not a .docx package"),
    ],
)
def test_ole_container_named_docx(tmp_path: Path, stream: str, expected: str) -> None:
    # An OLE directory entry names its stream in UTF-16LE.
    directory = stream.encode("utf-16-le").ljust(64, b"\x00")
    data = OLE_MAGIC + b"\x00" * 504 + directory + b"\x00" * 448

    assert expected in _refusal(_docx(tmp_path, data))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"just some text", "not a zip package"),
        (b"%PDF-1.7 ...", "a PDF file renamed to .docx; rename it to .pdf and open that"),
        (b"{\\rtf1\\ansi", "an RTF file renamed"),
        (b'<?xml version="1.0"?><w:wordDocument/>', "a Word XML file"),
    ],
)
def test_not_a_zip(tmp_path: Path, data: bytes, expected: str) -> None:
    assert expected in _refusal(_docx(tmp_path, data))


def test_truncated_zip(tmp_path: Path) -> None:
    data = wordml.build(p(t("x" * 200)))

    assert "damaged or truncated" in _refusal(_docx(tmp_path, data[: len(data) // 2]))


def test_zip_without_document_part(tmp_path: Path) -> None:
    data = wordml.zip_bytes({"hello.txt": "hi"})

    assert "no Word document part (word/document.xml)" in _refusal(_docx(tmp_path, data))


def test_damaged_part_is_named(tmp_path: Path) -> None:
    data = bytearray(wordml.build(p(t("Some text long enough to compress " * 20))))
    offset = data.index(b"word/document.xml") + len("word/document.xml") + 10
    data[offset] ^= 0xFF  # corrupt the compressed stream of the first document.xml entry

    assert "word/document.xml" in _refusal(_docx(tmp_path, bytes(data)))


@pytest.mark.parametrize(
    "part", ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/styles.xml"]
)
def test_doctype_in_any_part_read_is_refused(tmp_path: Path, part: str) -> None:
    data = wordml.build(p(t("x")), parts={"word/styles.xml": wordml.styles()})
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        files: dict[str, str | bytes] = {n: archive.read(n) for n in archive.namelist()}
    original = files[part]
    assert isinstance(original, bytes)
    head, rest = original.split(b"?>", 1)
    files[part] = head + b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + rest

    reason = _refusal(_docx(tmp_path, wordml.zip_bytes(files)))

    assert part in reason
    assert "DOCTYPE/ENTITY" in reason


def test_doctype_in_utf16_part_is_refused(tmp_path: Path) -> None:
    document = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document>'
        f"<w:document {wordml.NAMESPACES}><w:body/></w:document>"
    ).encode("utf-16")

    assert "DOCTYPE/ENTITY" in _refusal(
        _docx(tmp_path, wordml.build("", parts={"word/document.xml": document}))
    )


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    document = (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document {wordml.NAMESPACES}>'
        "<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    )

    assert "DOCTYPE/ENTITY" in _refusal(_docx(tmp_path, wordml.build("", document=document)))


def test_malformed_xml_names_the_part(tmp_path: Path) -> None:
    document = f"<w:document {wordml.NAMESPACES}><w:body><w:p></w:body>"

    reason = _refusal(_docx(tmp_path, wordml.build("", document=document)))

    assert "word/document.xml is not well-formed XML" in reason


def test_malformed_styles_names_the_part(tmp_path: Path) -> None:
    reason = _refusal(
        _docx(tmp_path, wordml.build(p(t("x")), parts={"word/styles.xml": "<w:styles"}))
    )

    assert "word/styles.xml" in reason


def test_main_part_that_is_not_a_document(tmp_path: Path) -> None:
    document = f"<w:hdr {wordml.NAMESPACES}/>"

    assert "not a Word document body" in _refusal(
        _docx(tmp_path, wordml.build("", document=document))
    )


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/vnd.ms-word.document.macroEnabled.main+xml", "macro-enabled Word document"),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "Word template (.dotx) renamed",
        ),
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "an Excel workbook",
        ),
    ],
)
def test_main_part_content_type(tmp_path: Path, content_type: str, expected: str) -> None:
    data = wordml.build(p(t("x")), main_type=content_type)

    assert expected in _refusal(_docx(tmp_path, data))


def test_strict_open_xml_is_explained(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
    rels = (
        f'<Relationships xmlns="{wordml.RELS_NS}"><Relationship Id="rId1" Type="{strict}" '
        'Target="word/document.xml"/></Relationships>'
    )

    assert "Strict Open XML" in _refusal(
        _docx(tmp_path, wordml.build(p(t("x")), package_rels=rels))
    )


def test_strict_namespace_document_is_explained(tmp_path: Path) -> None:
    document = '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>'

    assert "Strict Open XML" in _refusal(_docx(tmp_path, wordml.build("", document=document)))


def test_main_part_found_through_package_relationships(tmp_path: Path) -> None:
    rels = (
        f'<Relationships xmlns="{wordml.RELS_NS}"><Relationship Id="rId1" '
        f'Type="{wordml.REL_TYPE}officeDocument" Target="/word/main.xml"/></Relationships>'
    )
    document = f"<w:document {wordml.NAMESPACES}><w:body>{p(t('Moved main'))}</w:body></w:document>"
    data = wordml.zip_bytes({"_rels/.rels": rels, "word/main.xml": document})

    assert reading.read_document(_docx(tmp_path, data)).blocks[0].text() == "Moved main"


def test_duplicate_entries_are_refused(tmp_path: Path) -> None:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<a/>")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("word/document.xml", "<b/>")

    assert "twice" in _refusal(_docx(tmp_path, buffer.getvalue()))


def test_zip_slip_names_are_refused(tmp_path: Path) -> None:
    data = wordml.zip_bytes({"word/document.xml": "<a/>", "../../evil.xml": "<a/>"})

    assert "unsafe entry name" in _refusal(_docx(tmp_path, data))


def test_relationship_escaping_the_package_is_refused(tmp_path: Path) -> None:
    data = wordml.build(p(t("x")), relationships={"../../../etc/passwd": "styles"})

    assert "points outside the package" in _refusal(_docx(tmp_path, data))


def test_zip_bomb_part_is_refused_before_inflating(tmp_path: Path) -> None:
    bomb = b"\x00" * (package.MAX_PART_BYTES + 1)
    data = wordml.build(p(t("x")), parts={"word/media/bomb.bin": bomb})

    assert "zip bomb" in _refusal(_docx(tmp_path, data))


def test_suspicious_inflate_ratio_is_refused(tmp_path: Path) -> None:
    data = wordml.build(p(t("x")), parts={"word/media/pad.bin": b"\x00" * (8 * 1024 * 1024)})

    assert "compressed suspiciously well" in _refusal(_docx(tmp_path, data))


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"word/media/{i}.bin": b"" for i in range(1_001)}

    assert "entries" in _refusal(_docx(tmp_path, wordml.zip_bytes(files)))


def test_paragraph_flood_is_refused(tmp_path: Path) -> None:
    flood = "<w:p/>" * 3_000_000  # 18 MB inflated, 60 KB compressed

    assert "zip bomb" in _refusal(_docx(tmp_path, wordml.build(flood)))


def test_element_flood_is_refused_before_parsing(tmp_path: Path) -> None:
    flood = "<w:p/>" * (package.MAX_XML_ELEMENTS + 1)
    data = wordml.build(flood, compression=zipfile.ZIP_STORED)

    assert "XML elements" in _refusal(_docx(tmp_path, data))


def test_paragraph_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assistant.documents.wordprocessing.MAX_PARAGRAPHS", 10)

    assert "paragraphs (limit 10)" in _refusal(_docx(tmp_path, wordml.build("<w:p/>" * 11)))


def test_password_protected_zip_entry(tmp_path: Path) -> None:
    data = bytearray(wordml.zip_bytes({"word/document.xml": "<a/>"}))
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):
        index = data.index(signature)
        flag_offset = index + (6 if signature == b"PK\x03\x04" else 8)
        data[flag_offset] |= 0x1

    assert "password-protected" in _refusal(_docx(tmp_path, bytes(data)))


def test_vendor_errors_are_translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("There is no item named 'word/media/image1.png' in the archive")

    monkeypatch.setattr("assistant.documents.wordprocessing.read_docx", explode)

    assert "could not be read (KeyError" in _refusal(_docx(tmp_path, wordml.build(p(t("x")))))
