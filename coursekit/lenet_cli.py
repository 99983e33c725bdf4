"""`uv run lenet`: train LeNet-5 on MNIST, save it as .npz, evaluate a saved model.

    uv run lenet train                      # the recipe below; saves runs/lenet5.npz
    uv run lenet train --epochs 1 --limit 5000 --out runs/quick.npz
    uv run lenet evaluate runs/lenet5.npz

The recipe (coursekit.training.RECIPE): tanh and average pooling (LeNet-5's own choices),
Adam with learning rate 3e-3 times 0.6 after every epoch, batch 64, 8 epochs, each training
image shifted by up to 1 pixel at random, seed 0, float32, pixels scaled to [0, 1] then
standardised with MNIST's mean and std, one BLAS thread. Measured with
`MNIST_DIR=... uv run lenet train` on the 2-core development machine: 99.34% test accuracy
(the paper: 99.05%) after 47 s of training (55 s for the whole command; 103 s of training
while other jobs loaded the machine). Seeds 1-3 give 99.20%, 99.21%, 99.30%. A run is
bit-for-bit reproducible for a given seed and thread count.

`lenet train --model paper` (part 7, PAPER_RECIPE) printed error 0.89% after 8 epochs,
148 s of CPU time (36 min of wall time on the machine shared at a load of ~20); `--model
torch` trains part 6 with part 5's recipe; `lenet compare` tabulates the runs.

A model file holds one float array per parameter ("c1.w", "c1.b", ...) and string arrays
"activation", "pool", "dtype" and "recipe" (JSON): no pickles, loaded with
allow_pickle=False.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from coursekit.compare import cmd_compare, write_summary
from coursekit.mnist import MnistError
from coursekit.models import MODELS
from coursekit.training import RECIPES, Recipe, evaluate, recipe_for, train

# the train options that override the model's recipe when given
RECIPE_OPTIONS = ("epochs", "batch_size", "lr", "lr_decay", "activation", "pool", "shift",
                  "seed", "dtype", "distort")

META_KEYS = ("activation", "pool", "dtype", "recipe", "history")


class ModelFileError(Exception):
    """A model file that is missing, unreadable, or not a LeNet5 saved by this tool."""


# ----------------------------------------------------------------------------- data


def load_data(source: str, limit: int | None, download: bool, standardise: bool = True):
    """(dataset, x_train, y_train, x_test, y_test), standardised unless told otherwise (then
    in [0, 1]); says loudly if not MNIST."""
    from coursekit.datasets import load_dataset, normalize

    data = load_dataset(prefer=source, allow_fallback=True, download=download)
    if source == "mnist" and data.name != "mnist":
        bar = "!" * 78
        print(
            f"{bar}\nMNIST NOT FOUND: training and testing on scikit-learn's digits instead.\n"
            f"Accuracies below are NOT MNIST accuracies.\n{data.note}\n{bar}",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(data.note, file=sys.stderr, flush=True)
    x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test
    if limit is not None:
        x_train, y_train = x_train[:limit], y_train[:limit]
        x_test, y_test = x_test[:limit], y_test[:limit]
    if not standardise:
        return data, x_train, y_train, x_test, y_test
    return data, normalize(x_train), y_train, normalize(x_test), y_test


# ----------------------------------------------------------------------- model files


def save_model(
    model,
    path: str | os.PathLike[str],
    recipe: Recipe | None = None,
    history: list[dict] | None = None,
) -> Path:
    """Write every parameter and the metadata (the training history included, for
    `lenet show`'s curves) to path (.npz), atomically."""
    path = Path(path)
    arrays = {name: np.asarray(value) for name, value, _ in model.params()}
    meta = {
        "activation": _activation_name(model),
        "pool": _pool_name(model),
        "dtype": model.c1.w.dtype.name,
        "recipe": json.dumps(recipe.as_dict() if recipe else {}),
        "history": json.dumps(history or []),
    }
    arrays.update({key: np.array(value) for key, value in meta.items()})  # unicode, not object
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)
    return path


def read_model_file(path: str | os.PathLike[str]) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    """(metadata, parameters) of a model file, checked for form; ModelFileError if bad.

    Needs no implementation, so a bad file is reported before anything is imported.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(
            f"{path}: no such model file (make one with `lenet train --out {path}`)"
        )
    if not zipfile.is_zipfile(path):  # np.load would take any other file for a pickle
        raise ModelFileError(f"{path}: not a readable .npz model file (not a zip archive)")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except ValueError as exc:  # object arrays need pickle, which is refused
        raise ModelFileError(
            f"{path}: refused to load ({exc}); a model file holds plain arrays"
        ) from exc
    except (OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ModelFileError(f"{path}: not a readable .npz model file ({exc})") from exc
    missing = [key for key in META_KEYS[:3] if key not in arrays]
    if missing:
        raise ModelFileError(f"{path}: not a LeNet5 model file, no {', '.join(missing)} entry")
    meta = {key: str(arrays.pop(key)) for key in META_KEYS if key in arrays}
    return meta, arrays


def load_model(impl, path: str | os.PathLike[str]):
    """Rebuild the LeNet5 saved at path; ModelFileError says what is wrong with the file."""
    meta, arrays = read_model_file(path)
    try:
        model = impl.lenet.LeNet5(activation=meta["activation"], pool=meta["pool"], rng=0,
                                  dtype=np.dtype(meta["dtype"]))  # fmt: skip
    except (ValueError, TypeError) as exc:
        raise ModelFileError(f"{path}: its metadata does not build a LeNet5 ({exc})") from exc
    expected = {name: value.shape for name, value, _ in model.params()}
    if set(arrays) != set(expected):
        missing, unexpected = (
            sorted(set(expected) - set(arrays)),
            sorted(set(arrays) - set(expected)),
        )
        raise ModelFileError(
            f"{path}: parameters do not match LeNet5: missing {missing}, unexpected {unexpected}"
        )
    for name, value in arrays.items():
        if value.shape != expected[name] or value.dtype.kind != "f":
            raise ModelFileError(
                f"{path}: {name} is {value.dtype} {value.shape}, expected float {expected[name]}"
            )
        layer, attr = name.split(".")
        setattr(getattr(model, layer), attr, value.astype(meta["dtype"]))  # assign, not write into
    return model


def _activation_name(model) -> str:
    return type(model.layers[1]).__name__.lower()  # ReLU -> "relu", Tanh -> "tanh"


def _pool_name(model) -> str:
    return "max" if "max" in type(model.s2).__name__.lower() else "avg"


# ------------------------------------------------------------------------- commands


def cmd_train(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from coursekit.models import build
    from coursekit.seam import InProcessImpl

    base = recipe_for(args.model, args.optimizer)  # an option left unset takes the recipe's
    recipe = replace(base, **{k: getattr(args, k) for k in RECIPE_OPTIONS
                              if getattr(args, k) is not None})
    impl = InProcessImpl(args.impl)
    data, x_train, y_train, x_test, y_test = load_data(args.data, args.limit, args.download,
                                                       standardise=False)
    built = build(args.model, impl, recipe, args.device)
    model = built.model
    x_train, x_test = built.inputs(x_train), built.inputs(x_test)
    print(
        f"training the {args.model} LeNet-5 ({built.parameters:,} parameters) from "
        f"{impl.root} on {len(x_train)} {data.name} images, device {built.device}: "
        + ", ".join(f"{k}={v}" for k, v in recipe.as_dict().items()),
        file=sys.stderr,
    )

    bars: dict[int, tqdm] = {}

    def progress(p) -> None:
        bar = bars.get(p.epoch)
        if bar is None:
            bar = bars[p.epoch] = tqdm(
                total=p.total,
                unit="img",
                desc=f"epoch {p.epoch}/{p.epochs}",
                dynamic_ncols=True,
                leave=True,
                file=sys.stderr,
                disable=args.quiet,
            )
        bar.update(p.batch_images)
        bar.set_postfix_str(f"loss {p.loss:.4f}, acc {p.accuracy:.4f}", refresh=False)

    def on_epoch(entry) -> None:
        bar = bars.pop(entry["epoch"], None)
        if bar is not None:
            bar.close()
        test = f"  test acc {entry['test_accuracy']:.4f}" if "test_accuracy" in entry else ""
        print(
            f"epoch {entry['epoch']}: lr {entry['lr']:.2e}  train loss {entry['loss']:.4f}  "
            f"train acc {entry['accuracy']:.4f}{test}  {entry['seconds']:.1f} s "
            f"({entry['images_per_s']:,.0f} img/s)",
            flush=True,
        )

    with _threads(args.threads):
        history = train(
            impl,
            model,
            x_train,
            y_train,
            recipe,
            x_test=x_test,
            y_test=y_test,
            progress=progress,
            on_epoch=on_epoch,
            **built.train_kwargs,
        )
    seconds = sum(e["seconds"] for e in history)
    accuracy = history[-1].get("test_accuracy", float("nan"))
    print(
        f"trained {recipe.epochs} epoch(s) in {seconds:.1f} s of training "
        f"({len(x_train) * recipe.epochs / seconds:,.0f} img/s); "
        f"test accuracy {accuracy:.4f} on {len(y_test)} {data.name} images, "
        f"error {100 * (1 - accuracy):.2f}%",
        flush=True,
    )
    summary = write_summary(args.runs, built, recipe, history, data.name, len(x_train))
    print(f"run summary: {summary}", flush=True)
    if args.model != "numpy":
        return 0  # model files hold part 5's LeNet5 only
    if args.out:
        path = save_model(model, args.out, recipe, history)
        print(f"saved {path}; see it with: uv run lenet show {path}", flush=True)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from coursekit.seam import InProcessImpl

    read_model_file(args.model)  # a bad file is reported before anything is imported
    impl = InProcessImpl(args.impl)
    model = load_model(impl, args.model)
    data, _, _, x_test, y_test = load_data(args.data, args.limit, args.download)
    start = time.perf_counter()
    with _threads(args.threads):
        acc = evaluate(model, x_test, y_test)
    print(
        f"{args.model}: test accuracy {acc:.4f} ({round(acc * len(y_test))}/{len(y_test)} "
        f"{data.name} images, error {100 * (1 - acc):.2f}%) in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from coursekit.lenet_bench import cmd_bench as bench

    with _threads(args.threads):
        return bench(args)


def cmd_init_study(args: argparse.Namespace) -> int:
    from coursekit.lenet_show import plot_init_study, write_index
    from coursekit.seam import InProcessImpl

    impl = InProcessImpl(args.impl)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    picture = plot_init_study(impl.initialisation.activation_study, out / "init_study.png")
    index = write_index(out, [picture], "Initialisation study", [f"your code: {impl.root}"])
    print(f"wrote {picture}; open {index}", flush=True)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from coursekit.lenet_show import show
    from coursekit.seam import InProcessImpl

    meta, _ = read_model_file(args.model)  # a bad file is reported before anything is imported
    impl = InProcessImpl(args.impl)
    model = load_model(impl, args.model)
    _, _, _, x_test, y_test = load_data(args.data, args.limit, args.download)
    with _threads(args.threads):
        written = show(model, json.loads(meta.get("history", "[]")), x_test, y_test,
                       Path(args.out), title=f"LeNet-5: {args.model}")  # fmt: skip
    print(f"wrote {len(written)} files; open {written[-1]}", flush=True)
    return 0


class _threads:
    """Limit the BLAS/OpenMP thread pools to n (None: leave them) for the with-block."""

    def __init__(self, n: int | None):
        self.n, self.limits = n, None

    def __enter__(self):
        if self.n is not None:
            from threadpoolctl import threadpool_limits

            self.limits = threadpool_limits(self.n)
        return self

    def __exit__(self, *exc) -> None:
        if self.limits is not None:
            self.limits.restore_original_limits()


# --------------------------------------------------------------------------- parsing


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lenet",
        description="Train LeNet-5 (NumPy, NHWC) on MNIST, save it as .npz, evaluate it.\n"
        "MNIST is read from $MNIST_DIR (or the user cache); if it is missing,\n"
        "scikit-learn's digits are used instead, and the command says so.",
        epilog="examples:\n"
        "  uv run lenet train                         # the recipe, ~2 min on 2 cores, 99.3%\n"
        "  uv run lenet train --impl stages --epochs 1 --limit 10000   # your own code\n"
        "  uv run lenet evaluate runs/lenet5.npz\n"
        "  uv run lenet show runs/lenet5.npz --out runs/report/   # pictures + index.html\n"
        "  uv run lenet bench --impl stages           # your code's speed vs the reference\n"
        "Run `lenet train --help` for the recipe's settings.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--impl",
            default="solutions",
            help="the s13_cnn package to use: solutions (the reference), stages "
            "(your code) or a folder that holds an s13_cnn/ package",
        )
        p.add_argument(
            "--limit",
            type=int,
            default=None,
            metavar="N",
            help="use only the first N training and N test images (quick checks)",
        )
        p.add_argument(
            "--data",
            choices=("mnist", "digits"),
            default="mnist",
            help="dataset; mnist falls back to digits, loudly, when MNIST is absent",
        )
        p.add_argument(
            "--download",
            action="store_true",
            help="download MNIST into $MNIST_DIR when it is missing",
        )
        p.add_argument(
            "--threads",
            type=int,
            default=1,
            metavar="N",
            help="BLAS/OpenMP threads. LeNet's matrix products are small: more threads gain "
            "little, and on a busy machine their spinning costs up to 3x",
        )

    t = sub.add_parser(
        "train",
        help="train a LeNet5 and (with --out) save it",
        description="Train a LeNet-5 with its model's documented recipe; an option "
        "left out takes the recipe's value. Prints a progress bar (loss, accuracy, "
        "images/s), the test accuracy after every epoch and the test error at the end, and "
        "saves a run summary for `lenet compare`.\nRecipes (coursekit/training.py):\n"
        + "\n".join(f"  {name}: " + ", ".join(f"{k}={v}" for k, v in r.as_dict().items()
                                               if k != "model")
                     for name, r in RECIPES.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    t.add_argument("--epochs", type=int, default=None, help="passes over the data")
    t.add_argument("--batch-size", type=int, default=None, help="images per step")
    t.add_argument("--lr", type=float, default=None, help="Adam's learning rate, epoch 1")
    t.add_argument(
        "--lr-decay",
        type=float,
        default=None,
        help="factor applied to the learning rate after each epoch (1: constant)",
    )
    t.add_argument(
        "--activation",
        choices=("tanh", "relu", "sigmoid"),
        default=None,
        help="after C1, C3, C5 and F6",
    )
    t.add_argument("--pool", choices=("avg", "max"), default=None, help="S2 and S4")
    t.add_argument(
        "--dtype",
        choices=("float32", "float64"),
        default=None,
        help="of the weights and the arithmetic",
    )
    t.add_argument(
        "--shift",
        type=int,
        default=None,
        help="augmentation: move each training image by up to this many pixels",
    )
    t.add_argument("--seed", type=int, default=None, help="weights, shuffling, shifts")
    t.add_argument("--model", choices=MODELS, default="numpy",
                   help="numpy: part 5's LeNet-5; torch: part 6's (torch.nn.functional); "
                        "paper: part 7's, LeNet-5 as published")
    t.add_argument("--optimizer", choices=("adam", "sdlm"), default=None,
                   help="--model paper: sdlm trains it as published (20 passes, coursekit/sdlm.py)")
    t.add_argument("--distort", action="store_true", default=None,
                   help="the paper's random affine distortions of the training images")
    t.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                   help="--model torch only: auto is cuda when torch sees a GPU")
    t.add_argument("--runs", default="runs", help="folder of the run summaries (lenet compare)")
    t.add_argument("--out", default="runs/lenet5.npz", help="where to save the model ('' to skip)")
    t.add_argument("--quiet", action="store_true", help="no progress bar, epoch lines only")
    common(t)
    t.set_defaults(func=cmd_train)

    c = sub.add_parser(
        "compare",
        help="table of the three LeNet-5s (parameters, epochs, s/epoch, test error)",
        description="One row per model (numpy: part 5, torch: part 6 on cpu and on cuda "
        "when there is a GPU, paper: part 7), with the paper's figure beside it. Reads the "
        "summaries `lenet train` saved in --runs; trains (with its recipe) any model that "
        "has none, unless --no-train. Prints the table and saves it as RUNS/compare.md.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    c.add_argument("--runs", default="runs", help="folder of the run summaries")
    c.add_argument("--no-train", action="store_true", help="only tabulate what exists")
    c.add_argument("--epochs", type=int, default=None, help="epochs of the runs it trains")
    common(c)
    c.set_defaults(func=cmd_compare)

    e = sub.add_parser(
        "evaluate",
        help="test accuracy of a saved model",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    e.add_argument("model", help="a .npz file written by `lenet train`")
    common(e)
    e.set_defaults(func=cmd_evaluate)

    s = sub.add_parser(
        "show",
        help="pictures of a saved model: filters, feature maps, curves, confusions",
        description="Draw C1's filters, one digit's feature maps after C1, S2, C3 and S4, "
        "the training curves, the test confusion matrix and the most confidently wrong "
        "digits, as PNGs with an index.html.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    s.add_argument("model", help="a .npz file written by `lenet train`")
    s.add_argument("--out", default="runs/report", help="folder for the PNGs and index.html")
    common(s)
    s.set_defaults(func=cmd_show)

    b = sub.add_parser(
        "bench",
        help="your conv, pooling and training step against the reference's, timed",
        description="Time your conv, pooling and LeNet-5 training step against the "
        "reference's, side by side in one process, and print the ratios.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    b.add_argument("--impl", default="stages", help="the s13_cnn package to time")
    b.add_argument("--repeats", type=int, default=7, help="timed calls per side and case")
    b.add_argument("--threads", type=int, default=1, metavar="N", help="BLAS/OpenMP threads")
    b.set_defaults(func=cmd_bench)

    i = sub.add_parser(
        "init-study",
        help="histograms of activations per layer: sigmoid/relu x Xavier/He",
        description="Run your activation_study (exercises part) for sigmoid and relu with "
        "Xavier and He initialisation and draw the activations of every layer.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    i.add_argument("--impl", default="stages", help="the s13_cnn package to use")
    i.add_argument("--out", default="runs/init-study", help="folder for the PNG and index.html")
    i.set_defaults(func=cmd_init_study)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("epochs", "batch_size", "limit", "threads", "repeats"):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            print(f"lenet: --{name.replace('_', '-')} must be >= 1, got {value}", file=sys.stderr)
            return 2
    if getattr(args, "optimizer", None) == "sdlm" and args.model != "paper":
        print("lenet: --optimizer sdlm trains --model paper only", file=sys.stderr)
        return 2
    if (getattr(args, "shift", 0) or 0) < 0:
        print(f"lenet: --shift must be >= 0, got {args.shift}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except ModelFileError as exc:
        print(f"lenet: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:  # --impl pointing nowhere
        print(f"lenet: {exc}", file=sys.stderr)
        return 1
    except MnistError as exc:  # a damaged MNIST file: never silently replaced by digits
        print(f"lenet: MNIST is damaged: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
