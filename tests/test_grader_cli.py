"""Tests of `uv run grader`: usage, intake, outputs, exit codes, batch, robustness.

Fast checks run in process (argparse, intake, renderings). The grading runs use the real
project (stages/, solutions/, grader/hidden/, the worker) on `--part padding`; the
robustness checks (timeouts, a hard hang, a crash, the whole-submission cap) grade a tiny
fake course beside the project, so that each costs a few seconds.
"""

from __future__ import annotations

import csv
import json
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from commands import run_grader
from schemas import check_gradescope

from grader.cli.main import main
from grader.core.result import Result, TestResult
from grader.intake import stage as intake
from grader.intake.stage import Course, stage
from grader.results.formats import feedback_text, gradescope, junit
from grader.run.runner import Options, grade, split_parts

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions" / "s13_cnn"
STAGES = ROOT / "stages" / "s13_cnn"
MODULES = sorted(rel for rels in intake.LEARNER_MODULES.values() for rel in rels)
GIVEN = sorted(intake.GIVEN_FILES)
CLI_TIMEOUT = 600


def worker_available() -> bool:
    try:
        from grader.worker import WorkerImpl  # noqa: F401
    except Exception:
        return False
    return True


def copy_package(src: Path, dest: Path) -> Path:
    """src (an s13_cnn folder) -> dest/s13_cnn, links resolved, tests and READMEs left out."""
    target = dest / "s13_cnn"
    shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "test_*", "*.md"))
    return target


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_grader(*args, cwd=cwd, timeout=CLI_TIMEOUT)


def staged_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root / "s13_cnn").as_posix() for p in root.rglob("*") if p.is_file()
    )


# -- usage ------------------------------------------------------------------------------------


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
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2


def test_a_nonexistent_target_exits_2_from_the_command_line():
    done = run_cli("run", "there/is/no/such/submission.zip")
    assert done.returncode == 2
    assert "does not exist" in done.stderr


# -- intake -----------------------------------------------------------------------------------


def test_intake_at_the_top_takes_only_the_five_modules(tmp_path):
    copy_package(SOLUTIONS, tmp_path / "sub")
    staged = stage(tmp_path / "sub")
    try:
        assert staged.status == "ok", staged.why
        assert staged_files(staged.root) == sorted(set(GIVEN) | set(MODULES))
        for rel in MODULES:
            assert (staged.root / "s13_cnn" / rel).read_bytes() == (SOLUTIONS / rel).read_bytes()
        for rel in GIVEN:  # the instructor's pristine copies
            assert (staged.root / "s13_cnn" / rel).read_bytes() == (STAGES / rel).read_bytes()
        assert staged.notes == [] and staged.missing == []
    finally:
        staged.cleanup()
    assert staged.tmp is None


def test_intake_one_level_down_and_missing_modules_are_stubbed(tmp_path):
    package = copy_package(SOLUTIONS, tmp_path / "sub" / "my-work")
    (package / "lenet" / "lenet.py").unlink()
    shutil.rmtree(package / "pooling")
    (tmp_path / "sub" / "__MACOSX" / "s13_cnn").mkdir(parents=True)  # ignored
    staged = stage(tmp_path / "sub")
    try:
        assert staged.status == "ok", staged.why
        assert staged.missing == ["pooling", "lenet"]
        assert any("lenet/lenet.py" in n and "stub" in n for n in staged.notes)
        for rel in intake.LEARNER_MODULES["pooling"] + intake.LEARNER_MODULES["lenet"]:
            assert (staged.root / "s13_cnn" / rel).read_bytes() == (STAGES / rel).read_bytes()
        conv = staged.root / "s13_cnn" / "conv" / "conv.py"
        assert conv.read_bytes() == (SOLUTIONS / "conv" / "conv.py").read_bytes()
    finally:
        staged.cleanup()


def test_intake_never_copies_tests_conftest_or_config(tmp_path):
    sub = tmp_path / "sub"
    package = copy_package(SOLUTIONS, sub)
    extras = [
        sub / "conftest.py", sub / "pytest.ini", sub / "setup.py", sub / "tests" / "test_x.py",
        package / "conftest.py", package / "padding" / "conftest.py",
        package / "padding" / "test_padding.py", package / "padding" / "helper.py",
        package / "lenet" / "layers.py",
    ]  # fmt: skip
    for path in extras:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("raise SystemExit('this must never run')\n")
    staged = stage(sub)
    try:
        assert staged.status == "ok"
        assert staged_files(staged.root) == sorted(set(GIVEN) | set(MODULES))
        layers = staged.root / "s13_cnn" / "lenet" / "layers.py"
        assert layers.read_bytes() == (STAGES / "lenet" / "layers.py").read_bytes()
    finally:
        staged.cleanup()


def test_intake_refuses_linked_and_oversized_modules(tmp_path, monkeypatch):
    package = copy_package(SOLUTIONS, tmp_path / "sub")
    secret = tmp_path / "secret.py"
    secret.write_text("SECRET = 1\n")
    (package / "conv" / "conv.py").unlink()
    (package / "conv" / "conv.py").symlink_to(secret)
    monkeypatch.setattr(intake, "MAX_MODULE_BYTES", 100)
    staged = stage(tmp_path / "sub")
    try:
        assert staged.status == "ok"
        assert set(staged.missing) == set(intake.PARTS)  # every module is over 100 bytes
        assert any("conv/conv.py" in n and "symbolic link" in n for n in staged.notes)
        assert any("larger than" in n for n in staged.notes)
        assert b"SECRET" not in (staged.root / "s13_cnn" / "conv" / "conv.py").read_bytes()
    finally:
        staged.cleanup()


def make_zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


def solution_members(prefix: str = "") -> dict[str, bytes]:
    return {f"{prefix}s13_cnn/{rel}": (SOLUTIONS / rel).read_bytes() for rel in MODULES}


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
    monkeypatch.setattr(intake, "MAX_ZIP_TOTAL_BYTES", 40_000)
    staged = stage(archive)
    assert staged.status == "invalid" and "uncompressed" in staged.why
    monkeypatch.setattr(intake, "MAX_ZIP_TOTAL_BYTES", 1 << 30)
    monkeypatch.setattr(intake, "MAX_ZIP_MEMBERS", 3)
    staged = stage(archive)
    assert staged.status == "invalid" and "members" in staged.why
    not_a_zip = tmp_path / "fake.zip"
    not_a_zip.write_text("not a zip")
    staged = stage(not_a_zip)
    assert staged.status == "invalid" and "bad zip" in staged.why


def test_split_parts_balances_and_keeps_teaching_order():
    parts = intake.PARTS
    assert split_parts(parts, 1) == [parts]
    groups = split_parts(parts, 2)
    assert sorted(p for g in groups for p in g) == sorted(parts)
    assert all(list(g) == sorted(g, key=parts.index) for g in groups)
    assert split_parts(("padding",), 4) == [("padding",)]


# -- renderings (no grading run) --------------------------------------------------------------


def check_junit(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    total = 0
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)
        for case in cases:
            assert case.get("name") and case.get("classname")
            float(case.get("time"))
            for bad in case.findall("failure") + case.findall("error"):
                assert bad.get("message") is not None
        total += len(cases)
    assert int(root.get("tests")) == total
    return root


def fake_result() -> Result:
    def case(name, outcome, points, suite="visible", feedback=""):
        function = name.split("[")[0]
        return TestResult(
            nodeid=f"stages/s13_cnn/padding/test_padding.py::{name}",
            file="stages/s13_cnn/padding/test_padding.py" if suite == "visible" else "h.py",
            function=function,
            part="padding",
            suite=suite,
            max_points=points,
            doc=f"checks {function}",
            reproduce=f"uv run pytest stages/s13_cnn/padding -k {function}",
            outcome=outcome,
            feedback=feedback,
        )

    tests = [
        case("test_a[1]", "passed", 0.5),
        case("test_a[2]", "failed", 0.5, feedback="expected 3, got 4\nlikely mistake: x"),
        case("test_b", "timeout", 1.0, feedback="ran past its time limit of 1 s \x1b[0m"),
        case("test_info", "failed", 0.0, feedback="informational"),
        case("test_secret[big-input-42]", "failed", 1.0, "hidden", "secret input 42 failed"),
    ]
    return Result(name="ada", target="ada.zip", parts=("padding",), tests=tests, status="timeout")


def test_renderings_of_a_result():
    result = fake_result()
    assert result.score == 0.5 and result.max_score == 3.0 and not result.full_marks
    data = gradescope(result)
    check_gradescope(data)
    by_function = {t["extra_data"]["function"]: t for t in data["tests"]}
    assert by_function["test_a"]["score"] == 0.5 and by_function["test_a"]["max_score"] == 1
    assert "score" not in by_function["test_info"]  # informational
    hidden = by_function["test_secret"]["output"]
    assert "big-input-42" not in hidden and "1 of 1 hidden" in hidden
    root = check_junit(ET.tostring(junit([result]).getroot(), encoding="unicode"))
    assert len(root.findall(".//failure")) == 4
    text = feedback_text(result)
    assert "expected 3, got 4" in text and "reproduce: uv run pytest" in text
    assert "checks test_a" in text and "big-input-42" not in text
    assert result.part_scores()["padding"] == {
        "score": 0.5, "max_score": 3, "tests": 4, "passed": 1, "informational": 1,
        "duration": 0.0,
    }  # fmt: skip


# -- grading runs on the real project ---------------------------------------------------------

EVIL = """\
import pathlib
pathlib.Path({marker!r}).write_text("ran")
print("PASSED")
"""


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


def test_grading_the_stubs_exits_1_with_feedback(tmp_path):
    out = tmp_path / "out"
    done = run_cli(
        "run", "stages", "--part", "padding", "--sandbox", "none",
        "--json", str(out / "r.json"), "--gradescope", str(out / "results.json"),
        "--junit", str(out / "junit.xml"), "--feedback", str(out / "feedback.txt"),
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
    assert {row["sandbox"] for row in rows.values()} == {"confined"}
    full = rows["good"]["max"]
    assert float(full) > 0 and all(row["max"] == full for row in rows.values())

    def row(name):
        r = rows[name]
        return r["status"], float(r["total"]), r["why"]

    assert row("good")[:2] == ("ok", float(full))
    assert row("stubs")[:2] == ("ok", 0.0)
    assert row("syntax")[:2] == ("ok", 0.0)
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


# -- robustness, on a tiny fake course --------------------------------------------------------

FAKE_TESTS = '''
import pytest

pytestmark = pytest.mark.padding


def test_first(impl):
    """same_pad(3) is 1."""
    assert impl.padding.same_pad(3) == 1


def test_hangs(impl):
    impl.padding.output_size(-1, 1)


def test_second(impl):
    assert impl.padding.output_size(5, 3) == 3


def test_hangs_stubbornly(impl):
    impl.padding.output_size(-2, 1)


@pytest.mark.parametrize("k", [1, 3, 5, 7])
def test_cases(impl, k):
    assert impl.padding.same_pad(k) == (k - 1) // 2


def test_crashes(impl):
    impl.padding.output_size(-3, 1)


def test_fails(impl):
    assert impl.padding.same_pad(5) == 3, "same_pad(5): expected 3 (wrong on purpose)"


def test_last(impl):
    assert impl.padding.output_size(7, 3, 2) == 3
'''

MISBEHAVES = """

_output_size = output_size


def output_size(size, kernel, stride=1, pad=0):
    if size == -1:
        while True:
            pass
    if size == -2:  # swallows the alarm: only the hard watchdog ends this
        while True:
            try:
                while True:
                    pass
            except BaseException:
                pass
    if size == -3:
        import os
        import signal
        os.kill(os.getpid(), signal.SIGSEGV)
    return _output_size(size, kernel, stride, pad)
"""


@pytest.fixture
def fake_course(tmp_path) -> Course:
    root = tmp_path / "course"
    root.mkdir()
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    copy_package(STAGES, root / "stages")
    (root / "stages" / "s13_cnn" / "padding" / "test_fake_suite.py").write_text(FAKE_TESTS)
    return Course(root)


@pytest.fixture
def misbehaving(tmp_path) -> Path:
    package = copy_package(SOLUTIONS, tmp_path / "misbehaving")
    with open(package / "padding" / "padding.py", "a") as fh:
        fh.write(MISBEHAVES)
    return package.parent


def outcomes(result: Result) -> dict[str, str]:
    return {t.name: t.outcome for t in result.tests}


def test_hangs_and_a_crash_cost_only_their_tests_in_process(fake_course, misbehaving):
    options = Options(
        parts=("padding",), timeout=1.0, sandbox="none", course=fake_course, hard_grace=0.5
    )
    result = grade(stage(misbehaving, fake_course), options)
    got = outcomes(result)
    assert got == {
        "test_first": "passed",
        "test_hangs": "timeout",  # SIGALRM
        "test_second": "passed",
        "test_hangs_stubbornly": "timeout",  # the hard watchdog, then a restart
        "test_cases[1]": "passed",
        "test_cases[3]": "passed",
        "test_cases[5]": "passed",
        "test_cases[7]": "passed",
        "test_crashes": "error",  # the grading process died, then a restart
        "test_fails": "failed",
        "test_last": "passed",
    }, got
    assert result.status == "crashed" and "SIGSEGV" in result.why
    by_name = {t.name: t for t in result.tests}
    assert by_name["test_cases[1]"].max_points == pytest.approx(0.25)  # weight split 4 ways
    assert "wrong on purpose" in by_name["test_fails"].feedback
    assert by_name["test_first"].doc == "same_pad(3) is 1."
    assert "hidden suite not found" in " ".join(result.notes)


@pytest.mark.skipif(not worker_available(), reason="grader.worker is not available")
def test_hangs_and_a_crash_cost_only_their_tests_in_the_worker(fake_course, misbehaving):
    options = Options(
        parts=("padding",), timeout=1.0, sandbox="worker", course=fake_course, fail_fast=False
    )
    result = grade(stage(misbehaving, fake_course), options)
    got = outcomes(result)
    assert got["test_hangs"] == got["test_hangs_stubbornly"] == "timeout", got
    assert got["test_crashes"] in ("error", "failed"), got
    passed = ("test_first", "test_second", "test_cases[3]", "test_last")
    assert all(got[name] == "passed" for name in passed), got
    assert got["test_fails"] == "failed"
    assert result.status in ("timeout", "crashed") and result.confinement


@pytest.mark.skipif(not worker_available(), reason="grader.worker is not available")
def test_after_a_timeout_later_calls_of_that_function_fail_fast(fake_course, misbehaving):
    options = Options(parts=("padding",), timeout=2.0, sandbox="worker", course=fake_course)
    result = grade(stage(misbehaving, fake_course), options)
    got = outcomes(result)
    by_name = {t.name: t for t in result.tests}
    assert got["test_hangs"] == "timeout" and "time limit of 2 s" in by_name["test_hangs"].feedback
    for name in ("test_second", "test_hangs_stubbornly", "test_crashes", "test_last"):
        assert got[name] == "timeout", got  # output_size is not called again
        # the worker raises this before calling: the hanging function never runs again
        assert "padding.output_size timed out earlier" in by_name[name].feedback
    assert all(got[f"test_cases[{k}]"] == "passed" for k in (1, 3, 5, 7)), got  # same_pad is
    assert got["test_first"] == "passed" and got["test_fails"] == "failed"  # called as before


def processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found


@pytest.mark.parametrize("sandbox", ["none", "worker"])
def test_the_whole_submission_cap_keeps_partial_results(fake_course, misbehaving, sandbox):
    if sandbox == "worker" and not worker_available():
        pytest.skip("grader.worker is not available")
    options = Options(
        parts=("padding",), timeout=30.0, submission_timeout=6.0, sandbox=sandbox,
        course=fake_course,
    )  # fmt: skip
    staged = stage(misbehaving, fake_course)
    result = grade(staged, options)
    got = outcomes(result)
    assert got["test_first"] == "passed"
    assert got["test_hangs"] == got["test_last"] == "timeout"
    assert result.status == "timeout" and "whole-submission" in result.why
    assert result.execution_time < 30
    assert not processes_mentioning(str(staged.root)), "a process outlived the grading run"
    staged.cleanup()
