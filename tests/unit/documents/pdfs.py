"""Build small PDF files for the reader tests: text lines placed at exact positions."""

from __future__ import annotations

import io
from collections.abc import Sequence

Line = tuple[float, float, float, str]  # x, y (baseline above the page bottom), size, text

WIDTH = 612  # US Letter, in points
HEIGHT = 792


def build(
    pages: Sequence[Sequence[Line]],
    *,
    matrix_size: bool = False,
    encoding: bytes = b"/WinAnsiEncoding",
) -> bytes:
    """A PDF whose pages draw the given lines in Helvetica, in the order given.

    With `matrix_size`, lines are drawn the way Word exports them: "1 Tf" and the size in the
    text matrix. A text written "<...>" is a hex string of raw character codes.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding %s >>" % encoding)
    parent = len(objects) + 2 * len(pages) + 1  # the page tree comes after every page
    kids = []
    for lines in pages:
        operations = []
        for x, y, size, text in lines:
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            shown = text if text.startswith("<") else f"({escaped})"
            if matrix_size:
                place = f"/F1 1 Tf {size} 0 0 {size} {x} {y} Tm"
            else:
                place = f"/F1 {size} Tf {x} {y} Td"
            operations.append(f"BT {place} {shown} Tj ET")
        stream = "\n".join(operations).encode("cp1252")
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>"
                % (parent, WIDTH, HEIGHT, content, font)
            )
        )
    references = b" ".join(b"%d 0 R" % kid for kid in kids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (references, len(kids))) == parent
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    return assemble(objects, catalog)


def assemble(objects: Sequence[bytes], root: int, header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF file of numbered objects (1-based), a cross-reference table and a trailer naming
    object `root` as the catalogue."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def paragraph(
    text: str, y: float, *, x: float = 72, size: float = 11, width: int = 80, indent: float = 0
) -> list[Line]:
    """A paragraph wrapped at `width` characters, one line every 1.2 × size points down."""
    lines: list[Line] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append((x + (indent if not lines else 0), y, size, current))
            y -= size * 1.2
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append((x + (indent if not lines else 0), y, size, current))
    return lines


def encrypted(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """The PDF encrypted with RC4 (which pypdf writes without extra packages)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
