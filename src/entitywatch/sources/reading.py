"""Safe reading of list files: size limits, compression, strict UTF-8, CSV and XML errors.

Every failure becomes an :class:`~entitywatch.errors.InputError` that names the file and the
position (line, column, element) so that the user knows where to look.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from entitywatch.errors import InputError

#: Largest list file (after decompression) that we accept. The biggest official list, the
#: full SDN XML, is about 100 MB; anything far beyond is a mistake or a zip bomb.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Largest single CSV field. Official fields (remarks, addresses) stay under 64 KB.
MAX_FIELD_CHARS = 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


def read_head(path: Path, size: int = 65536) -> bytes:
    """The first ``size`` bytes of a file's content, decompressed if gzip or zip."""
    with open(path, "rb") as handle:
        raw = handle.read(size)
    if raw.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as handle:
                return handle.read(size)
        except (OSError, EOFError) as exc:
            raise InputError(f"not a readable gzip file: {exc}", path=path) from exc
    if raw.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                member = _largest_member(archive, path)
                with archive.open(member) as handle:
                    return handle.read(size)
        except zipfile.BadZipFile as exc:
            raise InputError(f"not a readable zip file: {exc}", path=path) from exc
    return raw


def zip_member_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a readable zip file: {exc}", path=path) from exc


def _largest_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    members = [info for info in archive.infolist() if not info.is_dir()]
    if not members:
        raise InputError("the zip file is empty", path=path)
    return max(members, key=lambda info: info.file_size)


def read_bytes(path: Path, *, max_bytes: int = MAX_FILE_BYTES, member: str | None = None) -> bytes:
    """Whole content of a file, decompressing gzip and zip, refusing oversized content."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=path) from exc
    if magic.startswith(GZIP_MAGIC):
        return _read_gzip(path, max_bytes)
    if magic.startswith(ZIP_MAGIC):
        return _read_zip(path, max_bytes, member)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit", path=path)
    return path.read_bytes()


def _read_gzip(path: Path, max_bytes: int) -> bytes:
    out = io.BytesIO()
    try:
        with gzip.open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                out.write(chunk)
                if out.tell() > max_bytes:
                    raise InputError(
                        f"gzip content exceeds the {max_bytes:,}-byte limit", path=path
                    )
    except (OSError, EOFError) as exc:
        raise InputError(
            f"gzip stream is damaged or truncated ({exc})",
            path=path,
            hint="download the file again",
        ) from exc
    return out.getvalue()


def _read_zip(path: Path, max_bytes: int, member: str | None) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            if member is None:
                info = _largest_member(archive, path)
            else:
                matches = [i for i in archive.infolist() if i.filename.lower() == member.lower()]
                if not matches:
                    raise InputError(f"the zip file has no member {member!r}", path=path)
                info = matches[0]
            if info.file_size > max_bytes:
                raise InputError(
                    f"zip member {info.filename!r} would unpack to {info.file_size:,} bytes, "
                    f"over the {max_bytes:,}-byte limit",
                    path=path,
                    hint="this is not an official list file",
                )
            out = io.BytesIO()
            with archive.open(info) as handle:
                while chunk := handle.read(1 << 20):
                    out.write(chunk)
                    if out.tell() > max_bytes:
                        raise InputError(
                            f"zip member {info.filename!r} exceeds the {max_bytes:,}-byte limit",
                            path=path,
                        )
            return out.getvalue()
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a readable zip file: {exc}", path=path) from exc


def decode_utf8(data: bytes, path: Path) -> str:
    """Strict UTF-8 (a BOM is dropped); an invalid byte is reported by line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}",
            path=path,
            position=f"{line}:{column}",
            hint="the file must be UTF-8; re-export it or convert it with iconv",
        ) from exc
    return text.removeprefix("\ufeff")


def read_text(path: Path, *, member: str | None = None) -> str:
    return decode_utf8(read_bytes(path, member=member), path)


def iter_csv_rows(
    text: str,
    path: Path,
    *,
    delimiter: str = ",",
    max_field: int = MAX_FIELD_CHARS,
) -> Iterator[tuple[int, list[str]]]:
    """Rows of a CSV text with the line number each row starts on.

    Raises InputError for a field over ``max_field`` characters and for an unterminated
    quoted field (the usual sign of a truncated file).
    """
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max_field)
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    start_line = 1
    try:
        for row in reader:
            yield start_line, row
            start_line = reader.line_num + 1
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a field is longer than {max_field:,} characters"
            hint = "this is not a list file, or it is damaged"
        elif "EOF" in message or "unexpected end of data" in message:
            message = "the file ends inside a quoted field"
            hint = "the file looks truncated; download it again"
        else:
            hint = "check the quoting of this record"
        raise InputError(message, path=path, position=f"line {start_line}", hint=hint) from exc
    finally:
        csv.field_size_limit(previous_limit)


def parse_xml(data: bytes, path: Path) -> ElementTree.Element:
    """Parse an XML document; a syntax error (such as a file cut in half) names line:column."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise InputError(
            "XML with a DOCTYPE or entity declarations is refused", path=path, position="line 1"
        )
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"XML is not well-formed ({exc.msg if hasattr(exc, 'msg') else exc})",
            path=path,
            position=f"{line}:{column}",
            hint="the file may be truncated; download it again",
        ) from exc


def local_name(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]
