"""grader/intake/zips.py: a submission's .zip, every member checked before anything is
extracted."""
from __future__ import annotations

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


