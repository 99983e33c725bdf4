"""`uv run lenet`: train, save as .npz (no pickle), evaluate, reload, and clear errors.

Training runs in a fresh process, as a learner's command would (one process imports one
s13_cnn package), on MNIST when $MNIST_DIR has it, else on the digits fallback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
from trees import ROOT

from coursekit.lenet_cli import build_parser, main
from coursekit.model_files import ModelFileError, load_model

PARAMS = {"c1.w", "c1.b", "c3.w", "c3.b", "c5.w", "c5.b", "f6.w", "f6.b", "f7.w", "f7.b"}
META = {"activation", "pool", "dtype", "recipe", "history"}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursekit.lenet_cli", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", **(env or {})},
    )  # fmt: skip


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    path = tmp_path_factory.mktemp("lenet") / "model.npz"
    proc = run("train", "--epochs", "1", "--limit", "600", "--out", str(path), "--quiet")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return path, proc


@pytest.mark.slow
def test_train_prints_epochs_and_saves_a_model(trained):
    path, proc = trained
    assert re.search(r"epoch 1: .*train loss [\d.]+ .*test acc [\d.]+ .*img/s", proc.stdout)
    assert f"saved {path}; see it with: uv run --group lenet lenet show {path} --impl " \
        "solutions" in proc.stdout  # the command works as printed, in the handout too
    assert path.is_file() and not path.with_name(path.name + ".part").exists()


@pytest.mark.slow
def test_model_file_is_plain_arrays_without_pickle(trained):
    path, _ = trained
    with zipfile.ZipFile(path) as zf:
        for member in zf.namelist():
            with zf.open(member) as f:
                version = np.lib.format.read_magic(f)
                read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                               else np.lib.format.read_array_header_2_0)  # fmt: skip
                _, _, dtype = read_header(f)
            assert not dtype.hasobject, f"{member} holds Python objects (needs pickle)"
    with np.load(path, allow_pickle=False) as npz:
        assert set(npz.files) == PARAMS | META
        assert str(npz["activation"]) in ("tanh", "relu", "sigmoid")
        assert str(npz["pool"]) in ("avg", "max")
        assert str(npz["dtype"]) == "float32"
        assert all(npz[name].dtype == np.float32 for name in PARAMS)
        assert npz["c1.w"].shape == (5, 5, 1, 6) and npz["f7.b"].shape == (10,)


@pytest.mark.slow
def test_evaluate_reports_the_accuracy_of_the_saved_model(trained):
    path, train_proc = trained
    proc = run("evaluate", str(path), "--limit", "600")
    assert proc.returncode == 0, proc.stderr[-2000:]
    evaluated = float(re.search(r"test accuracy ([\d.]+)", proc.stdout).group(1))
    trained_acc = float(re.search(r"test acc ([\d.]+)", train_proc.stdout).group(1))
    assert evaluated == trained_acc  # same images, same weights, same predictions


@pytest.mark.slow
def test_reloading_gives_identical_predictions(tmp_path):
    script = textwrap.dedent(f"""
        import numpy as np
        from coursekit.model_files import load_model, save_model
        from coursekit.seam import InProcessImpl
        from coursekit.training import Recipe, train
        impl = InProcessImpl("solutions")
        rng = np.random.default_rng(0)  # any images will do: the point is the round trip
        x = rng.standard_normal((256, 28, 28, 1)).astype(np.float32)
        y = rng.integers(0, 10, 256)
        recipe = Recipe(epochs=1, activation="relu", pool="max", seed=3)
        model = impl.lenet.LeNet5(activation="relu", pool="max", rng=3, dtype=np.float32)
        train(impl, model, x, y, recipe)
        save_model(model, {str(tmp_path / "m.npz")!r}, recipe)
        again = load_model(impl, {str(tmp_path / "m.npz")!r})
        assert type(again.layers[1]).__name__ == "ReLU" and type(again.s2).__name__ == "MaxPool2D"
        for (name, a, _), (name2, b, _) in zip(model.params(), again.params()):
            assert name == name2 and a.dtype == b.dtype and np.array_equal(a, b), name
        assert np.array_equal(model.forward(x), again.forward(x))
        print("identical")
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0 and "identical" in proc.stdout, proc.stderr[-2000:]


@pytest.mark.slow
def test_missing_mnist_falls_back_to_digits_loudly_when_no_data_is_named(tmp_path):
    proc = run("train", "--epochs", "1", "--limit", "200", "--out", "", "--quiet",
               env={"MNIST_DIR": "", "XDG_CACHE_HOME": str(tmp_path)})  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "MNIST NOT FOUND" in proc.stderr and "no data was named" in proc.stderr
    assert "--download" in proc.stderr and "download=True" not in proc.stderr
    assert "digits images" in proc.stdout and "saved" not in proc.stdout


# ----------------------------------------------------- bad model files (no training needed)


def _error_of(path: Path, capsys) -> str:
    assert main(["evaluate", str(path)]) == 1
    return capsys.readouterr().err


def test_missing_model_file_is_a_clear_error(tmp_path, capsys):
    err = _error_of(tmp_path / "nope.npz", capsys)
    assert "no such model file" in err and "lenet train" in err


@pytest.mark.parametrize("content", [b"", b"not a zip file at all", b"PK\x03\x04" + b"\0" * 40])
def test_corrupt_model_file_is_a_clear_error(tmp_path, capsys, content):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    assert "not a readable .npz model file" in _error_of(path, capsys)


def test_truncated_model_file_is_a_clear_error(tmp_path, capsys):
    good = tmp_path / "good.npz"
    np.savez(good, **{name: np.zeros(3, np.float32) for name in PARAMS})
    bad = tmp_path / "truncated.npz"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "not a readable .npz model file" in _error_of(bad, capsys)


def test_object_arrays_are_refused_not_unpickled(tmp_path, capsys):
    path = tmp_path / "pickled.npz"
    np.savez(path, activation=np.array(["tanh"], dtype=object))
    assert "refused to load" in _error_of(path, capsys)


def test_a_file_without_metadata_is_not_a_model(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, weights=np.zeros(3))
    with pytest.raises(ModelFileError, match="not a LeNet5 model file"):
        load_model(None, path)  # rejected before any implementation is needed


def test_help_explains_both_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "train" in out and "evaluate" in out and "MNIST" in out
    with pytest.raises(SystemExit):
        build_parser().parse_args(["train", "--help"])
    out = capsys.readouterr().out
    for option in ("--epochs", "--batch-size", "--lr", "--seed", "--out", "--impl", "--limit"):
        assert option in out


@pytest.mark.slow
@pytest.mark.parametrize("model", ["paper", "torch"])
def test_train_other_models_prints_the_error_and_saves_a_summary(tmp_path, model):
    """Parts 6 and 7 train with their own recipes; the summary feeds `lenet compare`."""
    proc = run("train", "--model", model, "--epochs", "1", "--limit", "200", "--quiet",
               "--runs", str(tmp_path), "--device", "cpu")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.search(r"test accuracy [\d.]+ on 200 \w+ images, error \d+\.\d\d%", proc.stdout)
    summary = json.loads((tmp_path / f"summary-{model}-cpu.json").read_text())
    assert summary["parameters"] == {"paper": 60_000, "torch": 61_706}[model]
    assert summary["epochs"] == 1 and summary["recipe"]["model"] == model
    if model == "paper":
        assert summary["recipe"]["batch_size"] == 32  # the paper recipe, not part 5's


def test_compare_tabulates_the_saved_runs(tmp_path):
    row = {"model": "paper", "device": "cpu", "parameters": 60000, "epochs": 8,
           "seconds_per_epoch": 40.0, "test_error_percent": 0.9, "data": "mnist (60000 train)",
           "recipe": {}}
    (tmp_path / "summary-paper-cpu.json").write_text(json.dumps(row))
    proc = run("compare", "--runs", str(tmp_path), "--no-train")
    assert proc.returncode == 1  # the numpy and torch rows were not run
    assert "| paper | 7 | cpu | 60,000 | 8 | 40.0 | 0.90% |" in proc.stdout
    assert "| numpy | 5 | cpu |" in proc.stdout and "not run" in proc.stdout
    assert "0.95%" in proc.stdout
    assert (tmp_path / "compare.md").read_text() in proc.stdout


@pytest.mark.slow
def test_show_draws_every_picture_into_an_index(trained, tmp_path):
    path, _ = trained
    out = tmp_path / "report"
    proc = run("show", str(path), "--out", str(out), "--limit", "300")
    assert proc.returncode == 0, proc.stderr[-2000:]
    pictures = ["c1_filters.png", "feature_maps.png", "training_curves.png", "confusion.png",
                "confident_mistakes.png"]  # fmt: skip
    index = (out / "index.html").read_text()
    for name in pictures:
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert f"src='{name}'" in index
    assert "test accuracy" in index


def test_confusion_counts_and_confident_mistakes():
    from coursekit.lenet_show import confident_mistakes, confusion

    counts = confusion(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1]), classes=3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [0, 1, 0]]
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.3, 0.7]])
    assert confident_mistakes(probs, np.array([0, 0, 0, 1])).tolist() == [1, 2]


@pytest.mark.slow
def test_bench_times_the_learner_against_the_reference():
    proc = run("bench", "--impl", "solutions", "--repeats", "1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [line for line in proc.stdout.splitlines() if line.endswith("x")]
    assert len(rows) == 4, proc.stdout
    assert "train step" in proc.stdout and "reference" in proc.stdout
    assert re.search(r"with your code, here: about \d+ s \(428 steps of \d+ ms\)", proc.stdout)


def test_bench_on_the_stubs_says_what_is_not_implemented():
    proc = run("bench", "--impl", "stages", "--repeats", "1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "not implemented yet: conv: implement" in proc.stdout
    assert "your training step is not implemented yet" in proc.stdout
