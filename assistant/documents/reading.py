"""Open a draft by its file type; refuse anything unreadable with a reason a user can act on."""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from assistant import errors, model
from assistant.documents import pdf, text, wordprocessing

MAX_DOCX_BYTES = 256 * 1024 * 1024  # the zip caps in package.py bound what is inflated
MAX_PDF_BYTES = 256 * 1024 * 1024  # scanned pages make PDFs large; pdf.py caps pages and text
MAX_TEXT_BYTES = 64 * 1024 * 1024  # decoded text takes up to four times its size in memory
# One clause is one paragraph or table row, and spaCy refuses a text over 1,000,000 characters.
# The longest real paragraph we have seen is about 10,000 characters (in CUAD); a single run of
# megabytes is an attack or a broken export, not a clause.
MAX_PARAGRAPH_CHARS = 200_000

_REFUSED_SUFFIXES = {
    ".doc": "a legacy Word 97-2003 .doc file; save it as .docx in Word and open that",
    ".dot": "a legacy Word 97-2003 template (.dot); save it as .docx in Word and open that",
    ".docm": (
        "a macro-enabled Word document (.docm), which is not opened for safety; save it as "
        ".docx (Word Document) in Word and open that"
    ),
    ".dotx": (
        "a Word template (.dotx), not a draft; create a document from it or save it as .docx "
        "in Word and open that"
    ),
    ".dotm": "a macro-enabled Word template (.dotm); save it as .docx in Word and open that",
    ".rtf": "an RTF file; save it as .docx in Word and open that",
    ".odt": "an OpenDocument text file; save it as .docx and open that",
}
_TEXT_SUFFIXES = {".txt": False, ".text": False, ".md": True, ".markdown": True}

# Leading bytes of files that often arrive misnamed as .docx.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE container's directory (UTF-16LE): what the container holds.
_ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED = (
    "a password-protected (encrypted) Word document: open it in Word with the password, "
    "remove it (File → Info → Protect Document → Encrypt with Password), save, and open that"
)
_LEGACY = (
    "a legacy Word 97-2003 .doc file with a .docx name; save it as .docx in Word and open that"
)
_OLE_OTHER = (
    "an OLE container (a legacy Office file), not a .docx package; save it as .docx in Word "
    "and open that"
)
_SNIFFED = (
    (b"%PDF", "a PDF file renamed to .docx; rename it to .pdf and open that"),
    (b"{\\rtf", "an RTF file renamed to .docx; save it as .docx in Word and open that"),
)
_PDF_HEAD = 1024  # PDF readers accept the %PDF header anywhere in the first kilobyte

# Everything a vendor library may raise on a hostile file; translated here, at the boundary.
_VENDOR_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    etree.LxmlError,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    NotImplementedError,
    RuntimeError,  # includes RecursionError
)


def read_document(path: str | os.PathLike[str]) -> model.Document:
    """Read a .docx, .txt or .md draft, or raise UnreadableDocument saying why and what to do."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    size = _check_file(name)
    if suffix in _REFUSED_SUFFIXES:
        raise errors.UnreadableDocument(name, _REFUSED_SUFFIXES[suffix])
    if suffix not in (".docx", ".pdf") and suffix not in _TEXT_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise errors.UnreadableDocument(
            name, f"unsupported file type {shown}: open a .docx, .pdf, .txt or .md file"
        )
    limit = {".docx": MAX_DOCX_BYTES, ".pdf": MAX_PDF_BYTES}.get(suffix, MAX_TEXT_BYTES)
    if size > limit:
        raise errors.UnreadableDocument(
            name,
            f"is {size // (1024 * 1024)} MiB, more than the {limit // (1024 * 1024)} MiB "
            f"this tool opens as a {suffix} draft",
        )
    data = _read_bytes(name, limit)
    digest = hashlib.sha256(data).hexdigest()
    try:
        if suffix == ".docx":
            _sniff(name, data)
            document = wordprocessing.read_docx(name, data, digest)
        elif suffix == ".pdf":
            _sniff_pdf(name, data)
            document = pdf.read_pdf(name, data, digest)
        else:
            document = text.read_text(name, data, digest, markdown=_TEXT_SUFFIXES[suffix])
    except errors.UnreadableDocument:
        raise
    except _VENDOR_ERRORS as exc:
        raise errors.UnreadableDocument(
            name, f"could not be read ({type(exc).__name__}: {exc}); the file may be damaged"
        ) from exc
    _check_paragraphs(name, document)
    return document


def _check_file(name: str) -> int:
    """The size of a regular file we may open; anything else is refused."""
    try:
        info = os.stat(name)
    except FileNotFoundError as exc:
        raise errors.UnreadableDocument(name, "file not found; check the name and folder") from exc
    except PermissionError as exc:
        raise errors.UnreadableDocument(
            name, "permission denied: you are not allowed to open this file"
        ) from exc
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        raise errors.UnreadableDocument(name, f"cannot be opened ({exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise errors.UnreadableDocument(name, "is a folder, not a file; choose the draft inside it")
    if not stat.S_ISREG(info.st_mode):
        # Reading a pipe or a device could block forever.
        raise errors.UnreadableDocument(name, "is not a regular file")
    return info.st_size


def _read_bytes(name: str, limit: int) -> bytes:
    try:
        with open(name, "rb") as stream:
            data = stream.read(limit + 1)
    except PermissionError as exc:
        raise errors.UnreadableDocument(
            name, "permission denied: you are not allowed to read this file; check its permissions"
        ) from exc
    except OSError as exc:
        raise errors.UnreadableDocument(name, f"cannot be read ({exc.strerror or exc})") from exc
    if not data:
        raise errors.UnreadableDocument(name, "the file is empty (0 bytes)")
    if len(data) > limit:
        raise errors.UnreadableDocument(name, "the file grew too large while being read")
    return data


def _check_paragraphs(name: str, document: model.Document) -> None:
    """Refuse a paragraph or table row too long to be a clause (see MAX_PARAGRAPH_CHARS)."""
    rows: dict[tuple[int, int], int] = {}
    for block in document.blocks:
        size = max(len(block.text(view)) for view in model.View)
        if block.cell is not None:  # a table row becomes one clause: its cells add up
            row = (block.cell.table, block.cell.row)
            size = rows[row] = rows.get(row, 0) + size
        if size > MAX_PARAGRAPH_CHARS:
            raise errors.UnreadableDocument(
                name,
                f"holds a paragraph or table row of more than {MAX_PARAGRAPH_CHARS:,} characters, "
                "far beyond any contract clause; refused",
            )


def _sniff(name: str, data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise errors.UnreadableDocument(name, _ole(data))
    for magic, reason in _SNIFFED:
        if data.startswith(magic):
            raise errors.UnreadableDocument(name, reason)
    if not data.startswith(b"PK"):
        head = data[:512].lstrip().lower()
        if head.startswith(b"<?xml") or head.startswith(b"<w:"):
            reason = "a Word XML file (not a .docx zip package); save it as .docx in Word"
        elif head.startswith((b"<html", b"<!doctype html")):
            reason = "a web page saved with a .docx name; save it as .docx in Word"
        else:
            reason = "not a .docx: the file is not a zip package (damaged, or another format)"
        raise errors.UnreadableDocument(name, reason)


def _ole(data: bytes) -> str:
    """What an OLE (compound file) container named .docx holds, and what to do about it."""
    # Word saves a password-protected .docx as an OLE container holding the encrypted package.
    if _ENCRYPTED_STREAM in data:
        return _ENCRYPTED
    if _WORD_STREAM in data:
        return _LEGACY
    return _OLE_OTHER


def _sniff_pdf(name: str, data: bytes) -> None:
    if b"%PDF-" in data[:_PDF_HEAD]:
        return
    if data.startswith(b"PK"):
        reason = "a zip package (perhaps a .docx) with a .pdf name; rename it and open that"
    elif data.startswith(_OLE_MAGIC):
        reason = "a legacy Office file with a .pdf name; save it as .docx or PDF and open that"
    else:
        reason = "not a PDF: the file does not start with a PDF header (damaged, or another format)"
    raise errors.UnreadableDocument(name, reason)
