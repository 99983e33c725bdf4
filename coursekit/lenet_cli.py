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
import shlex
import sys

from coursekit.compare import cmd_compare
from coursekit.lenet_commands import (
    DataError,
    cmd_bench,
    cmd_evaluate,
    cmd_init_study,
    cmd_show,
    cmd_train,
    missing_group,
)
from coursekit.mnist import MnistError
from coursekit.model_files import ModelFileError
from coursekit.models import MODELS
from coursekit.training import RECIPES


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
            default=None,
            help="dataset. Unnamed (no --data, no MNIST_DIR, no --download): MNIST from "
            "the user cache if it is there, else scikit-learn's digits, loudly. Named MNIST "
            "that cannot be found is an error",
        )
        p.add_argument(
            "--download",
            action="store_true",
            help="download MNIST into $MNIST_DIR (else the user cache) when it is missing",
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
        + "\n".join(
            f"  {name}: " + ", ".join(f"{k}={v}" for k, v in r.as_dict().items() if k != "model")
            for name, r in RECIPES.items()
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    t.add_argument("--epochs", type=int, default=None, help="passes over the data")
    t.add_argument("--batch-size", type=int, default=None, help="images per step")
    t.add_argument("--lr", type=_positive, default=None, help="Adam's learning rate, epoch 1")
    t.add_argument(
        "--lr-decay",
        type=_decay,
        default=None,
        help="factor in (0, 1] applied to the learning rate after each epoch (1: constant)",
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
    t.add_argument(
        "--model",
        choices=MODELS,
        default="numpy",
        help="numpy: part 5's LeNet-5; torch: part 6's (torch.nn.functional); "
        "paper: part 7's, LeNet-5 as published",
    )
    t.add_argument(
        "--optimizer",
        choices=("adam", "sdlm"),
        default=None,
        help="--model paper: sdlm trains it as published (20 passes, coursekit/sdlm.py)",
    )
    t.add_argument(
        "--distort",
        action="store_true",
        default=None,
        help="the paper's random affine distortions of the training images",
    )
    t.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="--model torch only: auto is cuda when torch sees a GPU",
    )
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


def _positive(text: str) -> float:
    """argparse type: a finite number > 0 (a learning rate)."""
    value = float(text)  # a ValueError is argparse's "invalid value" message
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return value


def _decay(text: str) -> float:
    """argparse type: a factor in (0, 1]."""
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
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
    except NotImplementedError as exc:  # the learner's code: a function still to write
        print(f"lenet: your code is not finished yet: {exc}", file=sys.stderr)
        return 1
    except DataError as exc:  # data the learner named that is not there
        print(f"lenet: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        group = missing_group(exc)
        if group is None:
            raise
        print(f"lenet {args.command} needs the `{group}` dependency group ({exc.name} is "
              f"missing): run it as\n  uv run {group_options(group)} lenet {shlex.join(argv)}",
              file=sys.stderr)
        return 2


def group_options(group: str) -> str:
    """`--group lenet`, and `--group lenet --group torch` for torch (`lenet` needs both)."""
    return " ".join(f"--group {g}" for g in dict.fromkeys(("lenet", group)))


if __name__ == "__main__":
    sys.exit(main())
