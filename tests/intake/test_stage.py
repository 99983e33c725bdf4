"""grader/intake/stage.py: only the learner's modules are taken from a submission, into a
fresh staged tree; everything else comes from the instructor's stages/."""
from __future__ import annotations

import shutil

from trees import GIVEN, MODULES, SOLUTIONS, STAGES, copy_package, staged_files

from coursekit.course import NAMES
from grader.intake import stage as intake
from grader.intake.stage import stage


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
        assert set(staged.missing) == set(NAMES)  # every module is over 100 bytes
        assert any("conv/conv.py" in n and "symbolic link" in n for n in staged.notes)
        assert any("larger than" in n for n in staged.notes)
        assert b"SECRET" not in (staged.root / "s13_cnn" / "conv" / "conv.py").read_bytes()
    finally:
        staged.cleanup()


