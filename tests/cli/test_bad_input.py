"""Bad input: exit code 2, one line naming the file and the position, nothing changed.

Each case starts from a store holding the demo list, tries to load a damaged file, and
checks that the active snapshot is exactly as before.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import DEMO_LIST, run_cli
from tests.conftest import shared_file

CSL_HEADER = DEMO_LIST.read_text(encoding="utf-8").splitlines()[0]


def truncated_csv(directory: Path) -> tuple[Path, str]:
    text = shared_file("csl_2022/consolidated.csv").read_bytes()
    cut = text.index(b"Hangzhou Hikvision Digital Technology Co., Ltd.") + 20
    path = directory / "truncated.csv"
    path.write_bytes(text[:cut])
    return path, r"truncated\.csv:line \d+: "


def wrong_delimiter(directory: Path) -> tuple[Path, str]:
    lines = DEMO_LIST.read_text(encoding="utf-8").splitlines()
    path = directory / "semicolons.csv"
    path.write_text("\n".join(line.replace(",", ";") for line in lines), encoding="utf-8")
    return path, r"semicolons\.csv:line 1: "


def invalid_utf8(directory: Path) -> tuple[Path, str]:
    data = DEMO_LIST.read_bytes()
    position = data.index(b"Megvii")
    path = directory / "latin1.csv"
    path.write_bytes(data[:position] + b"\xff" + data[position:])
    line = data[:position].count(b"\n") + 1
    return path, rf"latin1\.csv:{line}:\d+: invalid UTF-8 byte 0xff"


def xml_cut_in_half(directory: Path) -> tuple[Path, str]:
    data = shared_file("un_consolidated/UN_consolidated.xml").read_bytes()
    path = directory / "un_half.xml"
    path.write_bytes(data[: len(data) // 2])
    return path, r"un_half\.xml:\d+:\d+: XML is not well-formed"


def field_of_50_mb(directory: Path) -> tuple[Path, str]:
    path = directory / "huge_field.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(CSL_HEADER + "\n")
        handle.write("x,Entity List (EL) - Bureau of Industry and Security,,,,Alpha Co.,,")
        handle.write('"' + "A" * (50 * 1024 * 1024) + '"')
        handle.write("," * 21 + "\n")
    return path, r"huge_field\.csv:line 2: a field is longer than"


def zip_with_huge_member(directory: Path) -> tuple[Path, str]:
    path = directory / "bomb.zip"
    chunk = b" " * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("consolidated.csv", "w", force_zip64=True) as member,
    ):
        member.write(CSL_HEADER.encode() + b"\n")
        for _ in range(520):
            member.write(chunk)
    return path, r"bomb\.zip: zip member 'consolidated\.csv' would unpack to [\d,]+ bytes"


def unknown_format(directory: Path) -> tuple[Path, str]:
    path = directory / "notes.txt"
    path.write_text("Minutes of the compliance meeting\nNothing to report.\n", encoding="utf-8")
    return path, r"notes\.txt:line 1: unknown list format"


CASES: list[Callable[[Path], tuple[Path, str]]] = [
    truncated_csv,
    wrong_delimiter,
    invalid_utf8,
    xml_cut_in_half,
    field_of_50_mb,
    zip_with_huge_member,
    unknown_format,
]


@pytest.mark.parametrize("make_bad_file", CASES, ids=[case.__name__ for case in CASES])
def test_bad_file_is_refused_with_its_position_and_nothing_changes(
    tmp_path: Path, make_bad_file: Callable[[Path], tuple[Path, str]]
) -> None:
    home = tmp_path / "home"
    assert run_cli(home, "load", str(DEMO_LIST)).code == 0
    before = run_cli(home, "lists", "--json").json()
    bad_file, expected = make_bad_file(tmp_path)

    result = run_cli(home, "load", str(bad_file))

    assert result.code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert str(bad_file.parent) in lines[0]
    assert re.search(expected, lines[0]), lines[0]
    assert run_cli(home, "lists", "--json").json() == before
