"""grader/insight/exports.py: a roster maps submissions to students in canvas.csv, and what
does not match is said, on stderr and in the report."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from grader.cli.main import main
from grader.core.result import Result, TestResult, write_json
from grader.insight.exports import RosterError, read_roster


def make_grades(grades: Path, names: list[str]) -> None:
    for n, name in enumerate(names):
        test = TestResult(nodeid="t.py::test_x", file="t.py", function="test_x", part="padding",
                          suite="hidden", max_points=4.0, outcome="passed" if n % 2 else "failed")
        write_json(Result(name, "x", ("padding",), tests=[test]),
                   grades / "results" / f"{name}.json")  # fmt: skip


def test_the_roster_names_the_students_and_warns_about_the_rest(tmp_path, capsys):
    grades = tmp_path / "grades"
    make_grades(grades, ["ada", "submission_4242", "stray"])
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Folder,Student Name,SIS User ID,SIS Login ID,Notes\n"
        "ada,Ada Lovelace,1001,ada@uni.example,x\n"
        "4242,Alan Turing,1002,alan@uni.example,y\n"   # a Gradescope submission id
        "grace,Grace Hopper,1003,grace@uni.example,z\n"  # never submitted
    )  # fmt: skip
    assert main(["report", str(grades), "--roster", str(roster), "--assignment", "CNN lab"]) == 0
    err = capsys.readouterr().err
    assert "1 submission(s) not in the roster, left out of the export: stray" in err
    assert "1 roster row(s) with no submission: grace" in err
    assert "roster columns ignored: Notes" in err and "sis_id:" in err  # says what is accepted
    canvas = list(csv.reader(open(grades / "report" / "canvas.csv")))
    assert canvas[0][-1] == "CNN lab" and canvas[1] == ["Points Possible", "", "", "", "", "4"]
    assert canvas[2:] == [["Ada Lovelace", "", "1001", "ada@uni.example", "", "0"],
                          ["Alan Turing", "", "1002", "alan@uni.example", "", "4"]]  # fmt: skip
    page = (grades / "report" / "index.html").read_text()
    assert "no submission: grace" in page and "not in the roster" in page


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("id,name\nada,A\nada,B\n", "listed twice"),
    ("id,name\n,A\n", "first column is empty"),
])  # fmt: skip
def test_a_roster_that_cannot_be_read_says_what_to_fix(tmp_path, text, problem):
    roster = tmp_path / "roster.csv"
    roster.write_text(text)
    with pytest.raises(RosterError, match=problem):
        read_roster(roster)


def test_header_names_are_read_loosely(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffsubmission,NAME,sis_id,E-mail\nada,Ada,7,ada@x\n")
    student = read_roster(roster).find("ada")
    assert (student.name, student.sis_id, student.login) == ("Ada", "7", "ada@x")
