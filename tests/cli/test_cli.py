"""`uv run grader`: help, usage errors and exit codes, and grading end to end through the
command line (one submission, the stubs, a batch)."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from commands import run_grader
from schemas import check_gradescope, check_junit, check_prairielearn
from trees import (
    ROOT,
    SOLUTIONS,
    STAGES,
    copy_package,
    make_zip,
    solution_members,
    worker_available,
)

from grader.cli.main import main

CLI_TIMEOUT = 600




def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_grader(*args, cwd=cwd, timeout=CLI_TIMEOUT)


def test_help_explains_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for needle in ("run", "handout", "uv run grader run solutions", "--batch"):
        assert needle in text


def test_run_help_lists_every_option_and_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in (
        "--part", "--json", "--gradescope", "--junit", "--timeout", "--device", "--sandbox",
        "--jobs", "--batch", "--out", "--submission-timeout", "exit status", "examples",
    ):  # fmt: skip
        assert option in text, option


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "grader"
    if not script.exists():
        pytest.skip("no console script next to this interpreter")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "grader" in done.stdout


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["run"],
        ["bogus"],
        ["run", "no/such/folder"],
        ["run", "solutions", "--part", "attention"],
        ["run", "solutions", "--timeout", "0"],
        ["run", "solutions", "--jobs", "0"],
        ["run", "solutions", "--device", "tpu"],
        ["run", "solutions", "--batch"],
        ["run", "solutions", "--out", "x"],
    ],
    ids=lambda argv: " ".join(argv) or "nothing",
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "error" in capsys.readouterr().err


def test_batch_refuses_a_file_and_gradescope(tmp_path, capsys):
    archive = tmp_path / "one.zip"
    zipfile.ZipFile(archive, "w").close()
    for argv in (
        ["run", str(archive), "--batch"],
        ["run", str(tmp_path), "--batch", "--gradescope", str(tmp_path / "r.json")],
        ["run", str(tmp_path), "--batch", "--prairielearn", str(tmp_path / "r.json")],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2


def test_a_nonexistent_target_exits_2_from_the_command_line():
    done = run_cli("run", "there/is/no/such/submission.zip")
    assert done.returncode == 2
    assert "does not exist" in done.stderr


EVIL = """\
import pathlib
pathlib.Path({marker!r}).write_text("ran")
print("PASSED")
"""


@pytest.mark.slow
def test_grading_a_submission_end_to_end(tmp_path):
    """A correct submission with a hostile conftest, pytest.ini and tests: full marks, exit 0,
    outputs valid, and none of the submission's extra files ran."""
    sub = tmp_path / "ada"
    package = copy_package(SOLUTIONS, sub)
    markers = tmp_path / "markers"
    markers.mkdir()
    for i, path in enumerate(
        [
            sub / "conftest.py", sub / "tests" / "test_evil.py", sub / "setup.py",
            package / "conftest.py", package / "padding" / "conftest.py",
            package / "padding" / "test_padding.py", package / "padding" / "test_evil.py",
        ]
    ):  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(EVIL.format(marker=str(markers / f"ran-{i}")))
    (sub / "pytest.ini").write_text("[pytest]\naddopts = -p evil_plugin --collect-only\n")
    out = tmp_path / "out"
    done = run_cli(
        "run", str(sub), "--part", "padding",
        "--json", str(out / "r.json"), "--gradescope", str(out / "results.json"),
        "--junit", str(out / "junit.xml"), "--feedback", str(out / "feedback.txt"),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert not list(markers.iterdir()), "a file from the submission ran"
    assert "padding" in done.stdout and "status: ok" in done.stdout and "sandbox:" in done.stdout

    data = json.loads((out / "r.json").read_text())
    assert data["status"] == "ok" and data["score"] == data["max_score"] > 0
    assert list(data["parts"]) == ["padding"]
    assert data["parts"]["padding"]["score"] == data["score"]
    tests = data["tests"]
    assert {t["suite"] for t in tests} == {"visible", "hidden"}
    assert all(t["part"] == "padding" and t["outcome"] == "passed" for t in tests)
    assert all(not t["file"].startswith(str(sub)) for t in tests)  # instructor's tests only
    assert abs(sum(t["points"] for t in tests) - data["score"]) < 1e-6
    visible = [t for t in tests if t["suite"] == "visible"]
    assert all(
        t["reproduce"].startswith("uv run pytest stages/s13_cnn/padding")
        or t["reproduce"].startswith("uv run pytest 'stages/s13_cnn/padding")
        for t in visible
    )
    if worker_available():
        assert data["sandbox"]["mode"] == "worker" and data["sandbox"]["confinement"]

    check_gradescope(json.loads((out / "results.json").read_text()))
    check_junit((out / "junit.xml").read_text())
    assert "Score:" in (out / "feedback.txt").read_text()


@pytest.mark.slow
def test_grading_the_stubs_exits_1_with_feedback(tmp_path):
    out = tmp_path / "out"
    done = run_cli(
        "run", "stages", "--part", "padding", "--sandbox", "none",
        "--json", str(out / "r.json"), "--gradescope", str(out / "results.json"),
        "--junit", str(out / "junit.xml"), "--feedback", str(out / "feedback.txt"),
        "--prairielearn", str(out / "pl.json"),
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "failed tests:" in done.stdout and "sandbox: UNCONFINED" in done.stdout
    data = json.loads((out / "r.json").read_text())
    assert data["score"] == 0 and data["max_score"] > 0 and data["sandbox"]["mode"] == "none"
    assert data["sandbox"]["label"] == "unconfined" and "UNCONFINED" in done.stderr
    assert all(t["outcome"] in ("failed", "error") for t in data["tests"])
    assert any("NotImplementedError" in t["feedback"] for t in data["tests"])
    assert all("Traceback" not in t["feedback"] for t in data["tests"])
    results = json.loads((out / "results.json").read_text())
    check_gradescope(results)
    assert "UNCONFINED" in results["output"] and results["extra_data"]["confined"] is False
    pl = json.loads((out / "pl.json").read_text())
    check_prairielearn(pl)
    assert pl["gradable"] is True and pl["score"] == 0 and "UNCONFINED" in pl["message"]
    assert len(pl["tests"]) == len({(t["file"], t["function"]) for t in data["tests"]})
    assert data["digests"]["course"] and data["digests"]["submission"]  # what produced it
    assert results["score"] == 0 and all(t["status"] == "failed" for t in results["tests"])
    root = check_junit((out / "junit.xml").read_text())
    assert int(root.get("failures")) + int(root.get("errors")) == len(data["tests"])
    feedback = (out / "feedback.txt").read_text()
    assert "implement output_size" in feedback and "reproduce: uv run pytest" in feedback


LOOP_ON_7 = '''
def same_pad(kernel: int) -> int:
    """Loops forever on a 7x7 kernel."""
    if kernel == 7:
        while True:
            pass
    if kernel < 1 or kernel % 2 == 0:
        raise ValueError("same_pad: odd kernels only")
    return (kernel - 1) // 2
'''


@pytest.mark.slow
def test_batch_grades_a_mix_and_goes_on(tmp_path):
    subs = tmp_path / "subs"
    copy_package(STAGES, subs / "stubs")
    syntax = copy_package(SOLUTIONS, subs / "syntax")
    with open(syntax / "padding" / "padding.py", "a") as fh:
        fh.write("\ndef broken(:\n")
    (subs / "empty").mkdir()
    (subs / "empty" / "notes.txt").write_text("forgot the code")
    loop = copy_package(SOLUTIONS, subs / "loop")
    with open(loop / "padding" / "padding.py", "a") as fh:
        fh.write(LOOP_ON_7)
    make_zip(subs / "good.zip", solution_members("good/"))  # the solutions, one level down
    make_zip(subs / "evil.zip", solution_members() | {"../escape.py": b"x"})
    out = tmp_path / "grades"
    done = run_cli(
        "run", str(subs), "--batch", "--part", "padding", "--jobs", "2", "--timeout", "5",
        "--out", str(out), "--no-progress",
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr  # not everyone got full marks
    assert str(out) in done.stdout
    rows = {row["submission"]: row for row in csv.DictReader(open(out / "gradebook.csv"))}
    assert set(rows) == {"good", "stubs", "syntax", "empty", "loop", "evil"}
    assert list(next(iter(rows.values()))) == [
        "submission", "padding", "total", "max", "status", "why", "seconds", "sandbox",
        "cached",
    ]  # fmt: skip
    sandboxes = {name: (r["sandbox"], r["status"], r["why"]) for name, r in rows.items()}
    assert {row["sandbox"] for row in rows.values()} == {"confined"}, sandboxes
    full = rows["good"]["max"]
    assert float(full) > 0 and all(row["max"] == full for row in rows.values())

    def row(name):
        r = rows[name]
        return r["status"], float(r["total"]), r["why"]

    assert row("good")[:2] == ("ok", float(full))
    assert row("stubs")[:2] == ("ok", 0.0)
    assert row("syntax")[:2] == ("invalid", 0.0)  # never "ok": the reason is given
    assert "padding/padding.py is not valid Python (SyntaxError line" in row("syntax")[2]
    status, total, why = row("loop")
    assert status == "timeout" and 0 < total < float(full) and "time limit" in why
    assert row("empty")[0] == "invalid" and "no s13_cnn folder" in row("empty")[2]
    assert row("evil")[0] == "invalid" and "outside the archive" in row("evil")[2]
    assert not (tmp_path / "escape.py").exists()

    for name in rows:
        result = json.loads((out / "results" / f"{name}.json").read_text())
        assert result["submission"] == name and result["status"] == rows[name]["status"]
        assert (out / "feedback" / f"{name}.txt").is_file()
    syntax_feedback = (out / "feedback" / "syntax.txt").read_text()
    assert "SyntaxError" in syntax_feedback
    loop_result = json.loads((out / "results" / "loop.json").read_text())
    timed_out = [t for t in loop_result["tests"] if t["outcome"] == "timeout"]
    assert timed_out and all("time limit" in t["feedback"] for t in timed_out)


