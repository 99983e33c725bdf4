"""The class's scores for an LMS: a roster that maps submissions to students, and Canvas's
gradebook import (canvas.csv).

A roster is a CSV with a header row. Its first column, whatever its header, names the
submission: the folder or .zip name a batch graded (as in results/NAME.json), or a
Gradescope submission id (which matches the folder `submission_<id>` of Gradescope's
export). The other columns are read by their header (case, spaces, '_' and '-' aside):

    name      name, student, student name, full name
    sis_id    sis id, sis user id, student id, student number
    login     login, sis login id, login id, username, user, email

Other columns are ignored (and said so). Submissions missing from the roster and roster
rows with no submission are warnings: the instructor reads them before uploading.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.core.result import show

ASSIGNMENT = "Stage 13: CNN from scratch"
HEADERS = {
    "name": ("name", "student", "studentname", "fullname"),
    "sis_id": ("sisid", "sisuserid", "studentid", "studentnumber"),
    "login": ("login", "sisloginid", "loginid", "username", "user", "email"),
}
ACCEPTED = "; ".join(f"{field}: {', '.join(names)}" for field, names in HEADERS.items())
GRADESCOPE_FOLDER = "submission_"


class RosterError(ValueError):
    """A roster that cannot be read as one (the message says what to fix)."""


@dataclass(frozen=True)
class Student:
    key: str  # the roster's first column
    name: str = ""
    sis_id: str = ""
    login: str = ""


@dataclass
class Roster:
    students: dict[str, Student]  # by key
    ignored: list[str] = field(default_factory=list)  # headers not understood

    def find(self, submission: str) -> Student | None:
        """The student of a submission folder, by its name or its Gradescope id."""
        found = self.students.get(submission)
        if found is None and submission.startswith(GRADESCOPE_FOLDER):
            found = self.students.get(submission.removeprefix(GRADESCOPE_FOLDER))
        return found


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lower())


def read_roster(path: Path) -> Roster:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"roster {path}: cannot read it ({exc})") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not rows[0]:
        raise RosterError(f"roster {path}: empty (it needs a header row; accepted: {ACCEPTED})")
    header, columns, ignored = rows[0], {}, []
    for index, title in enumerate(header[1:], start=1):
        field_name = next((f for f, names in HEADERS.items() if _normal(title) in names), None)
        if field_name is None or field_name in columns:
            ignored.append(title)
        else:
            columns[field_name] = index
    students: dict[str, Student] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        key = row[0].strip()
        if not key:
            raise RosterError(f"roster {path}, line {number}: the first column is empty")
        if key in students:
            raise RosterError(f"roster {path}, line {number}: {key!r} is listed twice")
        cells = {f: row[i].strip() if i < len(row) else "" for f, i in columns.items()}
        students[key] = Student(key, **cells)
    return Roster(students, ignored)


@dataclass(frozen=True)
class Matched:
    rows: list[tuple[Student, dict[str, Any]]]  # (student, result) for the export
    unlisted: list[str]  # submissions that are not in the roster
    absent: list[Student]  # roster rows with no submission

    def warnings(self) -> list[str]:
        lines = []
        if self.unlisted:
            lines.append(f"{len(self.unlisted)} submission(s) not in the roster, left out of "
                         f"the export: {', '.join(self.unlisted)}")  # fmt: skip
        if self.absent:
            lines.append(f"{len(self.absent)} roster row(s) with no submission: "
                         f"{', '.join(s.key for s in self.absent)}")  # fmt: skip
        return lines


def match(results: Sequence[dict[str, Any]], roster: Roster | None) -> Matched:
    """Each result with its student. Without a roster, the submission's name stands for
    the student (name and login)."""
    if roster is None:
        rows = [(Student(r["submission"], r["submission"], "", r["submission"]), r)
                for r in results]  # fmt: skip
        return Matched(rows, [], [])
    rows, unlisted, seen = [], [], set()
    for result in results:
        student = roster.find(result["submission"])
        if student is None:
            unlisted.append(result["submission"])
        else:
            rows.append((student, result))
            seen.add(student.key)
    absent = [s for key, s in roster.students.items() if key not in seen]
    return Matched(rows, unlisted, absent)


def canvas_csv(matched: Matched, assignment: str = ASSIGNMENT) -> str:
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then
    the assignment's column; a "Points Possible" row first. Canvas matches rows by SIS
    User ID or SIS Login ID."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
    full = max((r["max_score"] for _, r in matched.rows), default=0)
    writer.writerow(["Points Possible", "", "", "", "", show(full)])
    for student, r in matched.rows:
        writer.writerow([student.name, "", student.sis_id, student.login, "", show(r["score"])])
    return buffer.getvalue()
