"""A customer file (CSV, Excel .xlsx, Parquet) as a stream of rows with their positions.

Files to screen can have millions of rows, so nothing here reads a file whole: CSV is
decoded incrementally, Excel is read with openpyxl's read-only mode, Parquet by record
batches. Every row comes with the number the user sees in the file (the line of a CSV,
the row of a sheet; the header is 1), and every failure is an
:class:`~entitywatch.errors.InputError` naming the file and that position.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol, cast

from entitywatch.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"}
MAX_FIELD_CHARS = 1024 * 1024
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")

Row = tuple[int, list[str]]  # (line or row number, cell texts)


class TableReader(Protocol):
    """What the runner needs of a file: its header and its rows, streamed."""

    path: Path
    format: str  # "csv", "xlsx" or "parquet"
    unit: str  # what a position counts: "line" (CSV) or "row" (sheet, Parquet)
    header: list[str]
    header_number: int

    def estimated_rows(self) -> int | None:
        """Data rows expected (for the progress bar); None when unknown."""
        ...

    def rows(self) -> Iterator[Row]:
        """The data rows after the header, with their numbers; blank rows included."""
        ...

    def close(self) -> None: ...


def open_table(
    path: Path, *, sheet: str | None = None, delimiter: str | None = None
) -> TableReader:
    """The reader for ``path``, chosen by its first bytes, then by its extension."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise InputError("the input file does not exist", path=path) from None
    except IsADirectoryError:
        raise InputError("the input is a directory, not a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the input file: {exc.strerror}", path=path) from None
    suffix = path.suffix.lower()
    if magic.startswith(OLE2_MAGIC) or suffix == ".xls":
        raise InputError(
            "this is an old binary Excel (.xls) file, which is not read",
            path=path,
            hint="save it as .xlsx or CSV (UTF-8) and screen that",
        )
    if not magic:
        raise InputError("the file is empty: it has no header row", path=path)
    if sheet is not None and not (magic.startswith(ZIP_MAGIC) or suffix in EXCEL_SUFFIXES):
        raise InputError("--sheet applies to Excel workbooks only", path=path)
    if magic.startswith(ZIP_MAGIC) or suffix in EXCEL_SUFFIXES:
        return ExcelTable(path, sheet)
    if magic.startswith(PARQUET_MAGIC) or suffix in PARQUET_SUFFIXES:
        return ParquetTable(path)
    return CsvTable(path, parse_delimiter(delimiter))


def parse_delimiter(value: str | None) -> str | None:
    """``--delimiter``: one character, or comma/semicolon/tab/pipe by name."""
    if value is None:
        return None
    named = DELIMITER_NAMES.get(value.strip().lower(), value)
    if len(named) != 1 or named in '"\r\n':
        raise InputError(
            f"--delimiter {value!r} is not one character",
            hint="use , ; | or tab",
        )
    return named


def unique_header(cells: list[str]) -> list[str]:
    """Header names as output columns: blanks become "column N", repeats get " (2)"."""
    header: list[str] = []
    seen: set[str] = set()
    for number, cell in enumerate(cells, start=1):
        name = cell.strip() or f"column {number}"
        candidate, count = name, 1
        while candidate in seen:
            count += 1
            candidate = f"{name} ({count})"
        seen.add(candidate)
        header.append(candidate)
    return header


def cell_text(value: Any) -> str:
    """A spreadsheet or Parquet value as the text a user would see in the cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time() and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


# --- CSV ------------------------------------------------------------------------------


class CsvTable:
    """A CSV (or gzipped CSV) file in strict UTF-8, decoded as it is read."""

    format = "csv"
    unit = "line"

    def __init__(self, path: Path, delimiter: str | None = None) -> None:
        self.path = path
        self._gzipped = _starts_with(path, GZIP_MAGIC)
        self.delimiter = delimiter or self._sniff_delimiter()
        self._raw = self._open_binary()
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")
        self._reader = csv.reader(self._text, delimiter=self.delimiter, strict=True)
        self._previous_limit = csv.field_size_limit(MAX_FIELD_CHARS)
        try:
            header = self._first_nonblank()
        except BaseException:
            self.close()
            raise
        if header is None:
            self.close()
            raise InputError("the file has no header row (it is blank)", path=path)
        self.header_number, cells = header
        self.header = unique_header(cells)

    def _open_binary(self) -> IO[bytes]:
        if self._gzipped:
            return cast(IO[bytes], gzip.open(self.path, "rb"))
        return open(self.path, "rb")

    def _sniff_delimiter(self) -> str:
        """The delimiter that splits the first line into the most columns (comma on a tie).

        The line is parsed as CSV with each candidate, so that a quoted "Name, Inc."
        header does not count as a separator.
        """
        with self._open_binary() as handle:
            try:
                first = handle.readline(1 << 20)
            except (OSError, EOFError) as exc:
                raise InputError(f"not a readable gzip file ({exc})", path=self.path) from None
        line = first.decode("utf-8", errors="replace").removeprefix("\ufeff").rstrip("\r\n")
        best, best_count = ",", 1
        for candidate in DELIMITERS:
            try:
                cells = next(csv.reader([line], delimiter=candidate), [])
            except csv.Error:
                continue
            if len(cells) > best_count:
                best, best_count = candidate, len(cells)
        return best

    def estimated_rows(self) -> int | None:
        if self._gzipped:
            return None
        newlines = 0
        with open(self.path, "rb") as handle:
            while block := handle.read(1 << 20):
                newlines += block.count(b"\n")
        return max(0, newlines - self.header_number)

    def _first_nonblank(self) -> Row | None:
        for number, cells in self._records():
            if any(cell.strip() for cell in cells):
                return number, cells
        return None

    def rows(self) -> Iterator[Row]:
        return self._records()

    def _records(self) -> Iterator[Row]:
        reader = self._reader
        start = reader.line_num + 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except UnicodeDecodeError:
            raise _bad_utf8(self.path, self._gzipped) from None
        except csv.Error as exc:
            raise _csv_error(exc, self.path, start) from None
        except (OSError, EOFError) as exc:  # a damaged gzip stream
            raise InputError(
                f"the compressed file is damaged or truncated ({exc})",
                path=self.path,
                position=f"line {start}",
            ) from None

    def close(self) -> None:
        csv.field_size_limit(self._previous_limit)
        self._text.close()


def _starts_with(path: Path, magic: bytes) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(magic)) == magic


def _csv_error(exc: csv.Error, path: Path, line: int) -> InputError:
    message = str(exc)
    if "field larger than field limit" in message:
        return InputError(
            f"a field is longer than {MAX_FIELD_CHARS:,} characters",
            path=path,
            position=f"line {line}",
            hint="a quote is probably not closed; check the quoting from this line on",
        )
    if "unexpected end of data" in message or "EOF" in message:
        return InputError(
            "the file ends inside a quoted field",
            path=path,
            position=f"line {line}",
            hint="a quote opened on this line is never closed, or the file is truncated",
        )
    if "NUL" in message:
        return InputError(
            "the line contains a NUL byte: this is not a text CSV file",
            path=path,
            position=f"line {line}",
        )
    return InputError(
        f"malformed CSV ({message})", path=path, position=f"line {line}", hint="check the quoting"
    )


def _bad_utf8(path: Path, gzipped: bool) -> InputError:
    """Where the first byte that is not UTF-8 is, found by decoding the file again.

    The text layer reports a position inside its read buffer, not in the file; the file
    is decoded again, block by block, to find the byte, then its line and column.
    """
    opener = gzip.open if gzipped else open
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, bad = 0, -1
    with opener(path, "rb") as handle:
        while block := handle.read(1 << 16):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                # exc.object is the bytes held back from the last block + this block.
                bad = offset - (len(exc.object) - len(block)) + exc.start
                break
            offset += len(block)
        else:
            return InputError("the file is not valid UTF-8 (it ends mid-character)", path=path)
    line, line_start, position = 1, 0, 0
    with opener(path, "rb") as handle:
        while position < bad:
            block = handle.read(min(1 << 16, bad - position))
            line += block.count(b"\n")
            last = block.rfind(b"\n")
            if last >= 0:
                line_start = position + last + 1
            position += len(block)
        byte = handle.read(1)
    return InputError(
        f"invalid UTF-8 byte 0x{byte.hex()} (byte {bad - line_start + 1} of the line)",
        path=path,
        position=f"line {line}",
        hint="the file must be UTF-8: export it again as 'CSV UTF-8' or convert it with iconv",
    )


# --- Excel ------------------------------------------------------------------------------


class ExcelTable:
    """One sheet of an .xlsx workbook, read row by row (openpyxl read-only mode)."""

    format = "xlsx"
    unit = "row"

    def __init__(self, path: Path, sheet: str | None) -> None:
        import openpyxl  # type: ignore[import-untyped]

        self.path = path
        try:
            self._workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zip, XML and key errors alike
            raise InputError(
                f"not a readable Excel workbook ({type(exc).__name__}: {exc})",
                path=path,
                hint="the file may be half-written or damaged: save it again from Excel",
            ) from None
        names = self._workbook.sheetnames
        if sheet is not None and sheet not in names:
            self._workbook.close()
            raise InputError(
                f"the workbook has no sheet {sheet!r}",
                path=path,
                hint="sheets: " + ", ".join(repr(n) for n in names),
            )
        self.sheet = sheet or names[0]
        self._sheet = self._workbook[self.sheet]
        self._iterator = self._records()
        try:
            header = next(
                ((n, c) for n, c in self._iterator if any(cell.strip() for cell in c)), None
            )
        except BaseException:
            self.close()
            raise
        if header is None:
            self.close()
            raise InputError(f"the sheet {self.sheet!r} is empty: no header row", path=path)
        self.header_number, cells = header
        self.header = unique_header(cells)

    def estimated_rows(self) -> int | None:
        maximum = getattr(self._sheet, "max_row", None)
        return max(0, maximum - self.header_number) if isinstance(maximum, int) else None

    def rows(self) -> Iterator[Row]:
        return self._iterator

    def _records(self) -> Iterator[Row]:
        number = 0
        try:
            # Read-only sheets yield a tuple for every row from 1, empty ones included.
            for number, values in enumerate(self._sheet.iter_rows(values_only=True), start=1):
                yield number, [v if type(v) is str else cell_text(v) for v in values]
        except Exception as exc:  # a truncated sheet part: XML or zip errors
            raise InputError(
                f"the workbook is damaged after row {number} ({type(exc).__name__}: {exc})",
                path=self.path,
                position=f"row {number + 1}",
                hint="the file may be half-written: save it again from Excel",
            ) from None

    def close(self) -> None:
        self._workbook.close()


# --- Parquet ------------------------------------------------------------------------------


class ParquetTable:
    """A Parquet file read by record batches; row numbers count the header as row 1."""

    format = "parquet"
    unit = "row"
    header_number = 1

    def __init__(self, path: Path, batch_rows: int = 8192) -> None:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        self.path = path
        self._batch_rows = batch_rows
        try:
            self._file = pq.ParquetFile(path)
        except Exception as exc:  # ArrowInvalid and OSError for a truncated footer
            raise InputError(
                f"not a readable Parquet file ({exc})",
                path=path,
                hint="the file may be half-written or damaged: write it again",
            ) from None
        self.header = unique_header([str(name) for name in self._file.schema_arrow.names])

    def estimated_rows(self) -> int | None:
        return int(self._file.metadata.num_rows)

    def rows(self) -> Iterator[Row]:
        number = 1
        try:
            for batch in self._file.iter_batches(batch_size=self._batch_rows):
                columns = [_column_texts(batch.column(i)) for i in range(batch.num_columns)]
                for values in zip(*columns, strict=True):
                    number += 1
                    yield number, list(values)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                f"the Parquet file is damaged after row {number} ({exc})",
                path=self.path,
                position=f"row {number + 1}",
            ) from None

    def close(self) -> None:
        self._file.close()


def _column_texts(column: Any) -> list[str]:
    values: list[Any] = column.to_pylist()
    if str(column.type) in ("string", "large_string"):
        return [v if v is not None else "" for v in values]
    return [cell_text(v) for v in values]
