"""A submission's .zip: every member checked, then only its s13_cnn/ folders extracted."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from coursekit.course import PACKAGE

MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_TOTAL_BYTES = 256 << 20  # declared uncompressed size of the whole archive
MAX_EXTRACT_BYTES = 32 << 20  # what is actually extracted (s13_cnn/ folders only)
SKIPPED_DIRS = ("__MACOSX",)  # macOS resource forks: never a candidate package


class InvalidSubmission(Exception):
    """The submission cannot be graded; the message says why, for the learner."""


def extract_zip(archive: Path, dest: Path) -> list[str]:
    """Check every member, then extract the s13_cnn/ folders (top level or one down).

    Refused: absolute paths, `..`, drive letters, symbolic links, encrypted members, more
    than MAX_ZIP_MEMBERS members, or more than MAX_ZIP_TOTAL_BYTES uncompressed.
    Returns the member names.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            _check_members(infos)
            budget = MAX_EXTRACT_BYTES
            dest.mkdir(parents=True)
            for info in infos:
                parts = member_parts(info.filename)
                if info.is_dir() or not wanted(parts):
                    continue
                out = dest.joinpath(*parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(out, "wb") as dst:
                    while chunk := src.read(1 << 16):
                        budget -= len(chunk)
                        if budget < 0:
                            raise InvalidSubmission(
                                f"bad zip: more than {MAX_EXTRACT_BYTES >> 20} MiB in {PACKAGE}/"
                            )
                        dst.write(chunk)
            return [info.filename for info in infos]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise InvalidSubmission(f"bad zip: {exc}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidSubmission(f"bad zip: cannot extract ({exc})") from None


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InvalidSubmission(f"bad zip: {len(infos)} members (the limit is {MAX_ZIP_MEMBERS})")
    total = sum(info.file_size for info in infos)
    if total > MAX_ZIP_TOTAL_BYTES:
        raise InvalidSubmission(
            f"bad zip: {total >> 20} MiB uncompressed "
            f"(the limit is {MAX_ZIP_TOTAL_BYTES >> 20} MiB)"
        )
    for info in infos:
        name = info.filename
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InvalidSubmission(f"bad zip: {name!r} is a symbolic link")
        if info.flag_bits & 0x1:
            raise InvalidSubmission(f"bad zip: {name!r} is encrypted")
        member_parts(name)


def member_parts(name: str) -> tuple[str, ...]:
    """Safe relative path parts of a member name, or InvalidSubmission."""
    unified = name.replace("\\", "/")
    if "\x00" in name or unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise InvalidSubmission(f"bad zip: {name!r} is an absolute path")
    parts = tuple(p for p in unified.split("/") if p not in ("", "."))
    if ".." in parts:
        raise InvalidSubmission(f"bad zip: {name!r} points outside the archive")
    return parts


def wanted(parts: tuple[str, ...]) -> bool:
    """Members inside s13_cnn/ at the top or one level down; nothing else is extracted."""
    if len(parts) >= 2 and parts[0] == PACKAGE:
        return True
    return (
        len(parts) >= 3
        and parts[1] == PACKAGE
        and not parts[0].startswith(".")
        and parts[0] not in SKIPPED_DIRS
    )
