"""grader/intake/zips.py: a submission's .zip, every member checked before anything is
extracted."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from trees import GIVEN, MODULES, make_zip, solution_members, staged_files

from grader.intake import zips
from grader.intake.stage import stage


@pytest.mark.parametrize("prefix", ["", "ada/"], ids=["top", "one-down"])
def test_zip_intake(tmp_path, prefix):
    members = solution_members(prefix) | {f"{prefix}conftest.py": b"boom", "notes.txt": b"hi"}
    staged = stage(make_zip(tmp_path / "ada.zip", members))
    try:
        assert staged.status == "ok", staged.why
        assert staged.name == "ada"
        assert staged.missing == []
        assert staged_files(staged.root) == sorted(set(GIVEN) | set(MODULES))
    finally:
        staged.cleanup()


SOLUTION = solution_members()


@pytest.mark.parametrize(
    "members, links, why",
    [
        (SOLUTION | {"../evil.py": b"x"}, None, "outside the archive"),
        (SOLUTION | {"s13_cnn/../../evil.py": b"x"}, None, "outside the archive"),
        (SOLUTION | {"/etc/evil.py": b"x"}, None, "absolute path"),
        (SOLUTION | {"C:/evil.py": b"x"}, None, "absolute path"),
        ({}, {"s13_cnn/padding/padding.py": "/etc/passwd"}, "symbolic link"),
        ({"readme.txt": b"x"}, None, "no s13_cnn folder"),
        ({"a/s13_cnn/x.py": b"x", "b/s13_cnn/x.py": b"x"}, None, "several s13_cnn"),
        ({"padding/padding.py": b"x"}, None, "inside a folder named s13_cnn"),
    ],
    ids=["dotdot", "dotdot-inside", "absolute", "drive", "symlink", "no-package", "two", "flat"],
)
def test_zip_refused(tmp_path, members, links, why):
    staged = stage(make_zip(tmp_path / "bad.zip", members, links))
    assert staged.status == "invalid" and staged.root is None
    assert why in staged.why
    assert not list(tmp_path.glob("evil*")) and not Path("/etc/evil.py").exists()
    staged.cleanup()


def test_zip_bomb_and_member_caps(tmp_path, monkeypatch):
    archive = make_zip(tmp_path / "big.zip", solution_members() | {"pad.bin": b"\0" * 50_000})
    monkeypatch.setattr(zips, "MAX_ZIP_TOTAL_BYTES", 40_000)
    staged = stage(archive)
    assert staged.status == "invalid" and "uncompressed" in staged.why
    monkeypatch.setattr(zips, "MAX_ZIP_TOTAL_BYTES", 1 << 30)
    monkeypatch.setattr(zips, "MAX_ZIP_MEMBERS", 3)
    staged = stage(archive)
    assert staged.status == "invalid" and "members" in staged.why
    not_a_zip = tmp_path / "fake.zip"
    not_a_zip.write_text("not a zip")
    staged = stage(not_a_zip)
    assert staged.status == "invalid" and "bad zip" in staged.why




def forged_end(entries: int, directory_bytes: int) -> bytes:
    """Only the end records of a zip64 archive declaring `entries` members and a central
    directory of `directory_bytes`: what zipfile would trust and parse."""
    z64_at = 10  # the zip64 end record follows 10 bytes of padding
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries,
                         directory_bytes, 0)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, z64_at, 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                      0xFFFFFFFF, 0)
    return b"\0" * z64_at + record + locator + end


@pytest.mark.parametrize(
    "entries, directory_bytes, why",
    [(1_000_000, 46_000_000, "1000000 members (the limit is 5000)"),
     (10, 100 << 20, "a central directory of 104857600 bytes, over the 4 MiB limit (too "
                     "many members)")],
    ids=["a million members", "a 100 MiB directory"],
)
def test_an_oversized_archive_is_refused_before_its_directory_is_parsed(
        tmp_path, monkeypatch, entries, directory_bytes, why):
    def parse(*args, **kwargs):
        raise AssertionError("zipfile.ZipFile was constructed: the directory was parsed")

    monkeypatch.setattr(zips.zipfile, "ZipFile", parse)
    archive = tmp_path / "huge.zip"
    archive.write_bytes(forged_end(entries, directory_bytes))
    staged = stage(archive)
    assert staged.status == "invalid" and staged.why == f"bad zip: {why}", staged.why
    staged.cleanup()


def test_the_end_record_is_read_as_zipfile_reads_it(tmp_path, monkeypatch):
    """directory_size finds the record zipfile finds (so its limits bind what zipfile would
    parse): no comment, a comment, a comment that holds the record's signature, zip64."""
    members = solution_members() | {"notes.txt": b"x"}
    archive = make_zip(tmp_path / "ok.zip", members)
    variants = [archive]
    for name, comment in (("comment", b"a comment"), ("signed", b"PK\x05\x06" + bytes(range(30)))):
        variants.append(tmp_path / f"{name}.zip")
        with zipfile.ZipFile(archive) as zf, zipfile.ZipFile(variants[-1], "w") as out:
            for info in zf.infolist():
                out.writestr(info, zf.read(info))
            out.comment = comment
    variants.append(tmp_path / "zip64.zip")
    variants[-1].write_bytes(forged_end(123_456, 7_890_123))
    for path in variants:
        with open(path, "rb") as fh:
            record = zipfile._EndRecData(fh)
        assert zips.directory_size(path) == (record[4], record[5]), path.name
    assert zips.directory_size(archive)[0] == len(members)
    assert zips.directory_size(variants[1])[0] == len(members)
    monkeypatch.setattr(zips, "MAX_ZIP_MEMBERS", len(members) - 1)
    monkeypatch.setattr(zips.zipfile, "ZipFile", None)  # never reached
    staged = stage(archive)
    assert staged.status == "invalid" and f"{len(members)} members" in staged.why
    staged.cleanup()
    not_a_zip = tmp_path / "fake.zip"
    not_a_zip.write_text("not a zip")
    assert "no end-of-central-directory record" in stage(not_a_zip).why
