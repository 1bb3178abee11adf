"""A .docx zip opened defensively: size caps, safe names, hardened XML, relationships.

We read the zip ourselves (zipfile + lxml) instead of through python-docx because python-docx
silently drops entity text instead of refusing a DOCTYPE, reads every referenced part with no size
cap, and takes the last copy of a duplicated entry (QUALITY.md). Here every limit is checked
before a part is inflated, and every XML part is parsed by one parser that never resolves
entities, never loads a DTD and never touches the network.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from lxml import etree

from assistant import errors

MAX_ENTRIES = 1_000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MIN_INFLATE_RATIO = 0.01  # Apache POI's ZipSecureFile default
RATIO_GRACE_BYTES = 4 * 1024 * 1024  # small parts cannot do harm whatever their ratio
# libxml2 needs about 150 bytes per element: 2 M elements parse in about 1 s and 300 MiB, 4x the
# largest real document.xml in the corpus (506 k); 3 M empty paragraphs are refused at once.
MAX_XML_ELEMENTS = 2_000_000

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,  # keeps libxml2's depth and text-node limits
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
)

_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship: its type's last segment, and a part name or an external target."""

    id: str
    kind: str  # last segment of the Type URI, e.g. "styles", "attachedTemplate"
    type: str
    target: str
    external: bool


class Package:
    """The parts of an OPC zip, read lazily under caps, XML parsed with a hardened parser."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise self.refuse(
                "the file is damaged or truncated (not a complete .docx archive); "
                "ask for a fresh copy or re-save it in Word"
            ) from exc
        self._infos = self._check_entries(infos)
        self._relationships: dict[str, list[Relationship]] = {}  # several readers ask for them
        self._types: etree._Element | None = None  # [Content_Types].xml, parsed once

    def refuse(self, reason: str) -> errors.UnreadableDocument:
        """The error to raise for this package."""
        return errors.UnreadableDocument(self.path, reason)

    def _check_entries(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        if len(infos) > MAX_ENTRIES:
            raise self.refuse(
                f"the archive holds {len(infos)} entries (more than {MAX_ENTRIES}): "
                "not a normal Word document, possibly a zip bomb"
            )
        by_name: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename
            if _unsafe_name(name):
                raise self.refuse(f"the archive contains an unsafe entry name {name!r}; refused")
            key = name.lower()  # OPC part names are case-insensitive
            if key in by_name:
                raise self.refuse(
                    f"the archive contains the entry {name!r} twice: it may have been tampered "
                    "with; re-save it in Word"
                )
            if info.flag_bits & 0x1:
                raise self.refuse("the archive is password-protected; remove the password")
            if info.file_size > MAX_PART_BYTES:
                raise self.refuse(
                    f"the part {name} inflates to {info.file_size // (1024 * 1024)} MiB "
                    f"(limit {MAX_PART_BYTES // (1024 * 1024)} MiB): too large for a contract "
                    "or a zip bomb"
                )
            if (
                info.file_size > RATIO_GRACE_BYTES
                and info.compress_size < info.file_size * MIN_INFLATE_RATIO
            ):
                raise self.refuse(f"the part {name} is compressed suspiciously well (zip bomb)")
            total += info.file_size
            by_name[key] = info
        if total > MAX_TOTAL_BYTES:
            raise self.refuse(
                f"the archive inflates to {total // (1024 * 1024)} MiB (limit "
                f"{MAX_TOTAL_BYTES // (1024 * 1024)} MiB): too large for a contract or a zip bomb"
            )
        return by_name

    def has(self, name: str) -> bool:
        """Whether the package holds this part."""
        return name.lower() in self._infos

    def names(self) -> list[str]:
        """Every entry name, in archive order."""
        return [info.filename for info in self._infos.values()]

    def read(self, name: str) -> bytes:
        """The bytes of a part, refusing one that inflates past its declared size or is damaged."""
        info = self._infos.get(name.lower())
        if info is None:
            raise self.refuse(f"the part {name} is missing from the archive")
        try:
            with self._zip.open(info) as stream:
                raw = stream.read(info.file_size + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise self.refuse(
                f"the part {name} is damaged ({exc}); ask for a fresh copy or re-save it in Word"
            ) from exc
        if len(raw) > info.file_size:
            raise self.refuse(f"the part {name} inflates past its declared size (zip bomb)")
        return raw

    def xml(self, name: str) -> etree._Element:
        """A part parsed as XML; DOCTYPE/ENTITY declarations and malformed XML are refused."""
        raw = self.read(name)
        if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
            raise self._doctype(name)
        if raw.count(b"<") > MAX_XML_ELEMENTS:
            raise self.refuse(
                f"the part {name} holds more than {MAX_XML_ELEMENTS:,} XML elements, far beyond "
                "any contract; refused"
            )
        try:
            root = etree.fromstring(raw, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise self.refuse(
                f"the part {name} is not well-formed XML ({exc.msg}); the file is damaged: "
                "ask for a fresh copy or re-save it in Word"
            ) from exc
        except (etree.LxmlError, ValueError) as exc:
            raise self.refuse(f"the part {name} cannot be parsed as XML ({exc})") from exc
        docinfo: Any = root.getroottree().docinfo  # lxml-stubs type it as a union with Any
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise self._doctype(name)  # e.g. a UTF-16 part, where the byte check cannot see it
        return root

    def _doctype(self, name: str) -> errors.UnreadableDocument:
        return self.refuse(
            f"the part {name} carries a DOCTYPE/ENTITY declaration, which Word never writes "
            "(a known attack on XML readers); refused without reading it"
        )

    def content_type(self, name: str) -> str | None:
        """The content type [Content_Types].xml gives a part, override before default."""
        if not self.has(_CONTENT_TYPES):
            return None
        if self._types is None:
            self._types = self.xml(_CONTENT_TYPES)
        types = self._types
        wanted = "/" + name.lower().lstrip("/")
        for override in types.iter(_CT_NS + "Override"):
            if (override.get("PartName") or "").lower() == wanted:
                return override.get("ContentType")
        extension = posixpath.splitext(wanted)[1].lstrip(".")
        for default in types.iter(_CT_NS + "Default"):
            if (default.get("Extension") or "").lower() == extension:
                return default.get("ContentType")
        return None

    def relationships(self, source: str) -> list[Relationship]:
        """Relationships of a part ("" for the package), internal targets as part names."""
        if source not in self._relationships:
            self._relationships[source] = self._read_relationships(source)
        return list(self._relationships[source])

    def _read_relationships(self, source: str) -> list[Relationship]:
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return []
        found: list[Relationship] = []
        for rel in self.xml(rels_name).iter(_RELS_NS + "Relationship"):
            type_uri = rel.get("Type") or ""
            target = rel.get("Target") or ""
            external = (rel.get("TargetMode") or "").lower() == "external"
            if not external:
                target = self._resolve(folder, target)
            kind = type_uri.rstrip("/").rsplit("/", 1)[-1]
            found.append(Relationship(rel.get("Id") or "", kind, type_uri, target, external))
        return found

    def _resolve(self, folder: str, target: str) -> str:
        target = target.split("#", 1)[0]
        joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        if not joined:
            return ""
        normal = posixpath.normpath(joined)
        if normal == ".." or normal.startswith("../"):
            raise self.refuse(
                f"an internal relationship points outside the package ({target!r}); refused"
            )
        return normal

    def rels_parts(self) -> list[str]:
        """Names of every relationship part in the archive."""
        return [name for name in self.names() if name.lower().endswith(".rels")]


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")
