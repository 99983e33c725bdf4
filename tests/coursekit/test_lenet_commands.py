"""What the learner types into `lenet` is checked: bad numbers, data named but missing, and a
missing dependency group are clear errors (exit 2) that name what to type."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from trees import ROOT

from coursekit.lenet_cli import main


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--lr", "-1"], "--lr: must be a number > 0, got -1"),
        (["--lr", "0"], "--lr: must be a number > 0, got 0"),
        (["--lr", "nan"], "--lr: must be a number > 0, got nan"),
        (["--lr-decay", "2"], "--lr-decay: must be in (0, 1], got 2"),
        (["--epochs", "0"], "--epochs must be >= 1, got 0"),
        (["--shift", "-1"], "--shift must be >= 0, got -1"),
    ],
)
def test_bad_numbers_are_refused_before_training(capsys, args, says):
    try:
        code = main(["train", "--impl", "stages", *args])
    except SystemExit as exit_info:  # argparse's own refusal
        code = exit_info.code
    assert code == 2
    assert says in capsys.readouterr().err


def _train(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursekit.lenet_cli", "train", "--epochs", "1", "--limit",
         "100", "--out", "", "--quiet", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("named", "args"),
    [
        ("MNIST_DIR=", ()),  # an explicit folder that does not exist
        ("--data mnist", ("--data", "mnist")),  # MNIST asked for, none in the cache
    ],
)
def test_named_mnist_that_is_missing_is_an_error_not_the_digits(tmp_path, named, args):
    missing = tmp_path / "no-such-folder"
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "MNIST_DIR": ""}
    if named.startswith("MNIST_DIR"):
        env["MNIST_DIR"] = str(missing)
    proc = _train(env, *args)
    assert proc.returncode == 2, proc.stdout[-1000:] + proc.stderr[-1000:]
    assert "MNIST not found" in proc.stderr and named.split("=")[0] in proc.stderr
    assert "--download" in proc.stderr and "download=True" not in proc.stderr
    assert "digits" not in proc.stdout and "Traceback" not in proc.stderr


def test_a_missing_group_names_the_command_that_adds_it():
    script = textwrap.dedent("""
        import sys
        class NoTqdm:  # the handout without the lenet group: no tqdm to import
            def find_spec(self, name, path=None, target=None):
                if name == "tqdm":
                    raise ModuleNotFoundError("No module named 'tqdm'", name="tqdm")
        sys.meta_path.insert(0, NoTqdm())
        from coursekit.lenet_cli import main
        sys.exit(main(["train", "--impl", "stages", "--epochs", "1"]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "needs the `lenet` dependency group (tqdm is missing)" in proc.stderr
    assert "uv run --group lenet lenet train --impl stages --epochs 1" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unwritten_code_is_named_not_a_traceback(tmp_path):
    proc = _train({"XDG_CACHE_HOME": str(tmp_path), "MNIST_DIR": ""}, "--impl", "stages")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "lenet: your code is not finished yet: lenet: implement LeNet5.__init__" in \
        proc.stderr and "Traceback" not in proc.stderr
